"""Admission before any spend: the circuit breaker on remediate's own commits, and one active
attempt per project when two `fix` runs race."""

from __future__ import annotations

import subprocess
from pathlib import Path

import anyio
import pytest
from typer.testing import CliRunner

from remediate import breaker
from remediate.cli import app
from remediate.models import FixReport, Limits, Status
from remediate.publish.message import TRAILER_RUN
from remediate.session import Backend, FixOutcome, run_session
from remediate.spec import FixSpec, Policy
from remediate.state import open_store
from tests.conftest import needs_bwrap
from tests.helpers import make_project, sandbox_factory

pytestmark = needs_bwrap
LOG = "FAILED tests/test_a.py::test_a - AssertionError: boom\n1 failed in 0.1s\n"


def git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, env={**env, "PATH": "/usr/bin:/bin"}
    )


def repo_with(tmp_path: Path, *messages: str) -> Path:
    repo = make_project(tmp_path / "repo", {"a.py": "x = 1\n"})
    git(repo, "init", "-q", "-b", "main")
    for i, text in enumerate(messages):  # oldest first: the last message is HEAD's
        (repo / "a.py").write_text(f"x = {i}\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", text)
    return repo


# A retry that failed too (attempt 2): beyond the default limit of one informed retry, so refused.
OURS = (
    f"fix(test): round tax\n\nRoot cause: ...\n\n{TRAILER_RUN}: 20261122-010203-abcd1234\n"
    f"Remediate-Attempt: 2\nRemediate-Key: {'f' * 64}\n"
)


async def fix(source: Path, log: Path, **policy: object) -> tuple[FixReport, FixOutcome]:
    backend = Backend(open_sandbox=sandbox_factory(source, Limits(timeout_s=20)))
    spec = FixSpec(check="sh -c 'exit 1'", log_path=log, source_dir=source, policy=Policy(**policy))
    outcome = await run_session(spec, backend)
    return outcome.report, outcome


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "ci.log"
    path.write_text(LOG)
    return path


def test_the_trailer_publish_writes_is_the_one_the_breaker_reads() -> None:
    assert TRAILER_RUN == breaker.RUN_TRAILER
    assert breaker.run_trailer(OURS) == "20261122-010203-abcd1234"
    assert breaker.run_trailer("fix: things\n\nremediate-run:   r-1\n") == "r-1"  # git keys are case-insensitive
    assert breaker.run_trailer("fix: mention Remediate-Run: in prose\n") is None


async def test_fix_refuses_its_own_commit_before_any_spend(tmp_path: Path, log: Path) -> None:
    repo = repo_with(tmp_path, OURS)
    report, outcome = await fix(repo, log)
    assert report.status == Status.REFUSED and report.exit_code == 12
    assert "circuit breaker" in report.message and "20261122-010203-abcd1234" in report.message
    assert [e.kind for e in report.guard_events] == ["breaker"]
    assert outcome.model_client is None and "reproduce" not in [t.stage for t in report.timings]


async def test_generations_reach_back_along_first_parents(tmp_path: Path, log: Path) -> None:
    repo = repo_with(tmp_path, OURS, "human: follow-up commit")
    one, _ = await fix(repo, log, breaker_generations=1)
    assert one.status != Status.REFUSED and "breaker" not in [e.kind for e in one.guard_events]
    two, _ = await fix(repo, log, breaker_generations=2)
    assert two.status == Status.REFUSED and "ancestor 1 back" in two.message


async def test_unreadable_history_fails_closed(tmp_path: Path, log: Path) -> None:
    repo = make_project(tmp_path / "broken", {"a.py": "x = 1\n", ".git/HEAD": "garbage\n"})
    report, _ = await fix(repo, log)
    assert report.status == Status.REFUSED and "fail closed" in report.message


def test_cli_exit_code_12_on_its_own_commit(tmp_path: Path, log: Path) -> None:
    repo = repo_with(tmp_path, OURS)
    args = ["fix", "--source", str(repo), "--log", str(log), "--check", "false", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, [*args, "--state", str(tmp_path / "s.db"), "--json"])
    assert result.exit_code == 12, result.output
    assert '"status": "refused"' in result.output


async def test_two_concurrent_runs_on_one_project_one_is_refused(tmp_path: Path, log: Path) -> None:
    project = make_project(tmp_path / "p", {"a.py": "x = 1\n"})
    store = open_store(tmp_path / "state.db")
    slow = "sh -c 'sleep 3; exit 1'"
    reports: dict[str, FixReport] = {}

    async def one(name: str, delay: float) -> None:
        await anyio.sleep(delay)
        backend = Backend(open_sandbox=sandbox_factory(project, Limits(timeout_s=20)), state=store)
        spec = FixSpec(check=slow, log_path=log, source_dir=project, project="octo/app", run_id=name)
        reports[name] = (await run_session(spec, backend)).report

    async with anyio.create_task_group() as tg:
        tg.start_soon(one, "first", 0.0)
        tg.start_soon(one, "second", 1.0)
    assert reports["second"].status == Status.REFUSED and reports["second"].exit_code == 12
    assert "another remediate run (first) is active on octo/app" in reports["second"].message
    assert [e.kind for e in reports["second"].guard_events] == ["breaker_skipped", "attempt_active"]
    assert reports["first"].status != Status.REFUSED
    first = store.get_sync("first")
    assert first is not None and first.status == reports["first"].status.value  # released at the end
    third, _ = await fix(project, log)  # no store: nothing to contend for
    assert third.status != Status.REFUSED
