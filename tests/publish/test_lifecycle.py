"""The attempt ends when CI says so, end to end against the fakes (a real bare remote, the fake GitHub, a real
SQLite store): fix -> PR -> CI fails -> retry with the previous attempt as facts -> CI passes -> succeeded, one
notification. Also: a second failure while a fix PR is pending waits (linked to that PR), and the breaker refuses a
third attempt."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import httpx
from typer.testing import CliRunner

from remediate import breaker
from remediate.cli import app
from remediate.publish import PublishResult, PublishStatus
from remediate.publish.outcome import CIResult, record_outcome
from remediate.state import FAILED, PR_OPEN, SUCCEEDED, AttemptRefused, Published, StateStore, open_store
from tests.publish.conftest import NAME, OWNER, Remote, git, make_report, publish
from tests.publish.fakegithub import FakeGitHub

WEBHOOK = "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx"
PROJECT = f"{OWNER}/{NAME}"
WRONG = "def add(a, b):\n    return b - a + 2 * 0\n"  # the first attempt's fix: wrong, CI fails again


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def wrong_patch(remote: Remote) -> str:
    (remote.checkout / "src" / "calc.py").write_text(WRONG)
    patch = git(remote.checkout, "diff")
    git(remote.checkout, "checkout", "-q", "--", ".")
    return patch


def checkout_of(remote: Remote, sha: str, tmp_path: Path) -> Path:
    work = tmp_path / f"ci-{sha[:8]}"
    git(tmp_path, "clone", "-q", str(remote.bare), str(work))
    git(work, "checkout", "-q", "--detach", sha)
    return work


async def published(store: StateStore, report_run: str, result: PublishResult) -> None:
    await store.mark_published(
        report_run,
        Published(
            PROJECT, result.branch or "", result.pr_url or "", attempt_no=result.attempt, retry_of=result.retry_of
        ),
    )


async def test_fix_pr_ci_fails_retry_with_context_ci_passes_succeeded(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    clock = Clock()
    store = open_store(tmp_path / "state.db", clock=clock)
    fake.files[("main", ".remediate.toml")] = "[notify.slack]\nenabled = true\n"

    # Attempt 1: admitted, a (wrong) verified fix, published; its row stays active as pr_open.
    first = make_report(wrong_patch(remote), run_id="r1", commit=remote.failing_sha, root_cause="add() is reversed")
    await store.begin(PROJECT, "k1", "r1")
    one = await publish(first, remote, fake, token, slack_webhook=WEBHOOK)
    assert one.status == PublishStatus.CREATED and one.notified
    await published(store, "r1", one)
    active = store.active_sync(PROJECT)
    assert active is not None and active.status == PR_OPEN

    # Meanwhile another failure on the project waits for it, linked to the open PR.
    try:
        await store.begin(PROJECT, "k-other", "r-other")
        raise AssertionError("a second attempt was admitted while a fix PR is pending")
    except AttemptRefused as refused:
        assert one.pr_url is not None and one.pr_url in str(refused)

    # CI fails on the fix branch. The next remediate run checks out the fix commit: the breaker finds attempt 1
    # and allows attempt 2 with the previous patch and root cause as facts.
    ci = checkout_of(remote, one.commit_sha or "", tmp_path)
    decision = breaker.decide(await breaker.read_commits(ci, "HEAD", 1), 1, max_retries=1)
    assert not decision.refuse and decision.attempt == 2 and decision.trip is not None
    assert decision.trip.run_id == "r1"
    facts = await breaker.previous_attempt(ci, decision.trip, decision.attempt)
    assert "Attempt 2" in facts and "add() is reversed" in facts and "return b - a + 2 * 0" in facts

    # Attempt 2 is admitted as the retry of r1 (which is closed as failed in the same transaction)...
    clock.now += 600
    await store.begin(PROJECT, "k2", "r2", retry_of="r1")
    assert store.get_sync("r1") is not None and store.get_sync("r1").status == FAILED  # type: ignore[union-attr]
    # ...its fix (on the fix commit's tree) is published on the same branch: one more commit, the same PR.
    (ci / "src" / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    second_patch = git(ci, "diff")
    second = make_report(
        second_patch, run_id="r2", commit=one.commit_sha, attempt=2, retry_of="r1", root_cause="operands swapped"
    )
    two = await publish(second, remote, fake, token, failing_commit=one.commit_sha, slack_webhook=WEBHOOK)
    assert two.status == PublishStatus.UPDATED, two.message
    assert two.branch == one.branch and two.pr_number == one.pr_number and len(fake.pulls) == 1
    assert git(remote.bare, "rev-parse", f"{two.commit_sha}^").strip() == one.commit_sha
    trailers = git(remote.bare, "log", "-1", "--format=%(trailers:only,unfold)", two.commit_sha or "")
    assert "Remediate-Attempt: 2" in trailers
    await published(store, "r2", two)

    # CI passes on the fix branch: `remediate outcome` closes the attempt as succeeded and notifies once.
    clock.now += 1200
    slack_before = len(fake.slack)
    done = await record_outcome(store, one.branch or "", CIResult.SUCCESS, webhook=WEBHOOK, transport=fake.transport)
    assert done.recorded and done.status == SUCCEEDED and done.run_id == "r2" and done.notified
    assert done.recovery_s == 1200.0  # from the retry's start to CI passing
    again = await record_outcome(store, one.branch or "", CIResult.SUCCESS, webhook=WEBHOOK, transport=fake.transport)
    assert not again.recorded and not again.notified
    (note,) = fake.slack[slack_before:]
    assert note["text"].startswith("already fixed") and one.pr_url in note["text"] and "20m" in note["text"]
    assert store.active_sync(PROJECT) is None  # the project is free again

    # A third failure of the lineage goes to a person: the breaker refuses attempt 3.
    ci2 = checkout_of(remote, two.commit_sha or "", tmp_path)
    third = breaker.decide(await breaker.read_commits(ci2, "HEAD", 1), 1, max_retries=1)
    assert third.refuse and "retry limit" in third.message


async def test_a_pr_closed_unmerged_fails_the_attempt_and_a_person_cancels(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "state.db")
    await store.begin(PROJECT, "k1", "r1")
    one = await publish(make_report(remote.patch, run_id="r1"), remote, fake, token)
    await published(store, "r1", one)
    merged = await record_outcome(store, one.branch or "", CIResult.MERGED)
    assert not merged.recorded and store.active_sync(PROJECT) is not None  # the base's next run decides
    closed = await record_outcome(store, one.branch or "", CIResult.CLOSED)
    assert closed.recorded and closed.status == FAILED and store.active_sync(PROJECT) is None
    unknown = await record_outcome(store, "remediate/nothing-12345678", CIResult.CANCELLED)
    assert not unknown.recorded and unknown.status is None


def test_outcome_command(remote: Remote, tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store = open_store(db)
    store.begin_sync(PROJECT, "k1", "r1", 60)
    store.mark_published_sync("r1", Published(PROJECT, "remediate/test-x-12345678", "https://github.com/o/r/pull/1"))
    runner = CliRunner()
    args = ["outcome", "--branch", "remediate/test-x-12345678", "--state", str(db), "--json"]
    done = runner.invoke(app, [*args, "--result", "cancelled"], env={"REMEDIATE_SLACK_WEBHOOK": ""})
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["status"] == "cancelled"
    bad = runner.invoke(app, ["outcome", "--branch", "main", "--result", "success", "--state", str(db)])
    assert bad.exit_code == 2
    wrong = runner.invoke(app, ["outcome", "--branch", "remediate/x-1", "--result", "great", "--state", str(db)])
    assert wrong.exit_code == 2


def test_slack_failure_does_not_lose_the_outcome(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.db")
    store.begin_sync(PROJECT, "k1", "r1", 60)
    store.mark_published_sync("r1", Published(PROJECT, "remediate/test-x-12345678", "u"))
    down = httpx.MockTransport(lambda request: httpx.Response(500))
    done = anyio.run(
        lambda: record_outcome(store, "remediate/test-x-12345678", CIResult.FAILURE, webhook=WEBHOOK, transport=down)
    )
    assert done.recorded and done.status == FAILED and not done.notified


async def test_a_retry_after_the_merge_opens_a_new_pr_into_the_base(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    first = make_report(wrong_patch(remote), run_id="r1", commit=remote.failing_sha, root_cause="add() is reversed")
    one = await publish(first, remote, fake, token)
    assert one.status == PublishStatus.CREATED
    # A person merges the (wrong) fix with --no-ff; the job fails again on main.
    work = checkout_of(remote, remote.failing_sha, tmp_path)
    git(work, "merge", "-q", "--no-ff", "-m", "Merge the remediate fix", f"origin/{one.branch}")
    git(work, "push", "-q", "origin", "HEAD:main")
    merged = git(work, "rev-parse", "HEAD").strip()
    decision = breaker.decide(await breaker.read_commits(work, "HEAD", 1), 1, max_retries=1)
    assert not decision.refuse and decision.attempt == 2 and decision.trip is not None and decision.trip.run_id == "r1"
    # The retry's fix is published as a new branch on the merged commit and a new PR into main (the old one is
    # merged: there is nothing to stack on).
    (work / "src" / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    retry = make_report(git(work, "diff"), run_id="r2", commit=merged, attempt=2, retry_of="r1")
    two = await publish(retry, remote, fake, token, failing_commit=merged)
    assert two.status == PublishStatus.CREATED, two.message
    assert two.branch != one.branch and two.pr_number != one.pr_number and len(fake.pulls) == 2
    assert git(remote.bare, "rev-parse", f"{two.commit_sha}^").strip() == merged
    assert fake.pulls[-1]["base"]["ref"] == "main"
    assert "Remediate-Attempt: 2" in git(remote.bare, "log", "-1", "--format=%B", two.commit_sha or "")
