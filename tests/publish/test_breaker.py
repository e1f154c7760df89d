"""The breaker sees merges and counts lineages; every host git call runs through the hardened helper."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from remediate import breaker
from remediate.facts.redact import Redactor
from remediate.hostgit import hardened_env, head_commit, run_git_sync
from remediate.keys import idempotency_key
from remediate.publish.message import commit_message, pr_body
from tests.publish.conftest import GIT_ENV, make_report

PATCH = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-1\n+2\n"
KEY = idempotency_key("o/r", "a" * 40, "pytest", "x")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str, name: str = "a.txt") -> str:
    path = repo / name
    path.write_text(path.read_text() + "x\n" if path.exists() else "1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    commit(path, "start")
    return path


OURS = commit_message(make_report(PATCH), KEY, Redactor())


async def test_a_no_ff_merge_of_a_remediate_branch_trips_it(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "remediate/test-x-12345678")
    commit(repo, OURS, "fix.txt")
    git(repo, "checkout", "-q", "main")
    commit(repo, "meanwhile on main", "other.txt")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #5 from org/remediate/test-x-12345678",
        "remediate/test-x-12345678")  # fmt: skip
    commits = await breaker.read_commits(repo, "HEAD", 1)
    trip = breaker.check(commits, 1)
    assert trip is not None and trip.via_merge and trip.run_id == "20260520-100000-abcd1234"


async def test_a_squash_merge_keeps_the_trailer_through_the_pr_body(repo: Path) -> None:
    # GitHub's squash with "pull request title and description": the body is the message.
    commit(repo, "fix(test): add subtracts (#5)\n\n" + pr_body(make_report(PATCH), KEY, Redactor()))
    trip = breaker.check(await breaker.read_commits(repo, "HEAD", 1), 1)
    assert trip is not None and trip.run_id == "20260520-100000-abcd1234"


async def test_one_informed_retry_per_lineage_then_a_person(repo: Path) -> None:
    first = commit(repo, OURS)
    decision = breaker.decide(await breaker.read_commits(repo, "HEAD", 1), 1, max_retries=1)
    assert not decision.refuse and decision.attempt == 2
    assert decision.trip is not None and decision.trip.sha == first
    note = await breaker.previous_attempt(repo, decision.trip, decision.attempt)
    assert "Attempt 2" in note and "a.txt" in note
    assert "add() subtracts its arguments" in note  # the previous root cause, as data
    commit(repo, commit_message(make_report(PATCH, attempt=2), KEY, Redactor()))
    again = breaker.decide(await breaker.read_commits(repo, "HEAD", 1), 1, max_retries=1)
    assert again.refuse and "retry limit" in again.message
    assert not breaker.decide(await breaker.read_commits(repo, "HEAD", 1), 1, max_retries=2).refuse


def hostile_promisor(tmp_path: Path) -> tuple[Path, Path]:
    """A checkout whose parent commit is missing and whose config names a promisor that runs a command."""
    marker = tmp_path / "PWNED"
    repo = tmp_path / "evil"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    parent = commit(repo, "one")
    commit(repo, "two")
    (repo / ".git" / "objects" / parent[:2] / parent[2:]).unlink()
    for key, value in [
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.url", f"file://{tmp_path}/nowhere"),
        ("remote.origin.promisor", "true"),
        ("remote.origin.uploadpack", f"touch {marker}; git-upload-pack"),
        ("core.fsmonitor", f"touch {marker}; echo"),
    ]:
        git(repo, "config", key, value)
    return repo, marker


def test_the_attack_is_real_with_plain_git(tmp_path: Path) -> None:
    repo, marker = hostile_promisor(tmp_path)
    subprocess.run(["git", "log", "-3", "--format=%H"], cwd=repo, env=GIT_ENV, capture_output=True, check=False)
    assert marker.exists()  # the control: an unhardened git runs the repository's command


async def test_a_hostile_promisor_runs_nothing_through_the_breaker(tmp_path: Path) -> None:
    repo, marker = hostile_promisor(tmp_path)
    with pytest.raises(breaker.BreakerError):
        await breaker.read_commits(repo, "HEAD", 3)  # fail closed: the parent cannot be read
    assert head_commit(repo) is not None
    assert run_git_sync(["status", "--porcelain"], repo).code == 0  # fsmonitor would run here
    assert not marker.exists()


def test_even_without_no_lazy_fetch_no_transport_is_allowed(tmp_path: Path) -> None:
    repo, marker = hostile_promisor(tmp_path)
    env = hardened_env()
    env.pop("GIT_NO_LAZY_FETCH")  # git < 2.45 ignores it: protocol.allow=never still stops the fetch
    done = run_git_sync(["log", "-3", "--format=%H"], repo, env)
    assert done.code != 0 and not marker.exists()
