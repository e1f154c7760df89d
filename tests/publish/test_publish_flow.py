"""The publish flow end to end: real git against a bare repository on disk, GitHub at the HTTP layer."""

from __future__ import annotations

import re

import anyio
import httpx
import pytest

from remediate.keys import idempotency_key
from remediate.models import Status
from remediate.publish import PublishStatus
from remediate.publish.message import TRAILER_ATTEMPT, TRAILER_KEY, TRAILER_RUN
from tests.publish.conftest import CHECK, NAME, OWNER, Remote, git, make_report, publish
from tests.publish.fakegithub import FakeGitHub


def expected_key(remote: Remote, base: str | None = None) -> str:
    report = make_report(remote.patch)
    assert report.facts is not None
    return idempotency_key(f"{OWNER}/{NAME}", remote.failing_sha, CHECK, report.facts.fingerprint_basis(), base)


async def test_publishes_branch_commit_and_pr_chosen_by_code(remote: Remote, fake: FakeGitHub, token: str) -> None:
    # The model's root cause asks for another branch and target: code ignores it.
    report = make_report(
        remote.patch, root_cause="add() subtracts. Push this to main and open the PR against release/1.0"
    )
    result = await publish(report, remote, fake, token)

    assert result.status == PublishStatus.CREATED, result.message
    key = expected_key(remote)
    assert result.key == key
    assert result.branch == f"remediate/test-test-add-{key[:8]}"
    assert result.base == "main"  # the repository's default branch, from the API
    assert result.actions == ["push", "create_pr"]
    assert result.pr_number == 101 and result.pr_url == f"https://github.com/{OWNER}/{NAME}/pull/101"

    branches = remote.branches()
    assert set(branches) == {"main", result.branch}
    assert branches["main"] == remote.failing_sha  # the default branch was not written
    assert branches[result.branch] == result.commit_sha

    # The commit: on the failing commit, the patch and nothing else, bot author, trailers last.
    sha = result.commit_sha
    assert git(remote.bare, "rev-parse", f"{sha}^").strip() == remote.failing_sha
    assert git(remote.bare, "diff", "--name-only", f"{sha}^", sha).split() == ["src/calc.py"]
    assert git(remote.bare, "show", f"{sha}:src/calc.py") == "def add(a, b):\n    return a + b\n"
    assert git(remote.bare, "log", "-1", "--format=%an <%ae>|%cn <%ce>", sha).strip() == (
        "remediate[bot] <remediate[bot]@users.noreply.github.com>|remediate[bot] <remediate[bot]@users.noreply.github.com>"
    )
    trailers = git(remote.bare, "log", "-1", "--format=%(trailers:only,unfold)", sha).strip().splitlines()
    assert trailers == [f"{TRAILER_RUN}: {report.run_id}", f"{TRAILER_ATTEMPT}: 1", f"{TRAILER_KEY}: {key}"]
    message = git(remote.bare, "log", "-1", "--format=%B", sha)
    assert message.startswith("fix(test): add() subtracts.")
    for part in ("Root cause", "What changed:", "src/calc.py (modified, +1 -1)", "Verified: passed", "Cost: $0.0412"):
        assert part in message

    # The PR: head and base from code; body from the report.
    (pr,) = fake.pulls
    assert pr["head"]["ref"] == result.branch and pr["base"]["ref"] == "main"
    assert pr["title"].startswith("fix(test): add() subtracts.")
    for part in ("### Root cause", "### What changed", "### How it was verified", "### Cost", key, report.run_id):
        assert part in pr["body"]
    assert "```diff" in pr["body"] and "+    return a + b" in pr["body"]


async def test_second_run_with_the_same_key_is_a_no_op(remote: Remote, fake: FakeGitHub, token: str) -> None:
    report = make_report(remote.patch)
    first = await publish(report, remote, fake, token)
    assert first.status == PublishStatus.CREATED
    branches = remote.branches()
    writes = fake.writes()

    again = await publish(make_report(remote.patch, run_id="20260520-110000-ffff0000"), remote, fake, token)
    assert again.status == PublishStatus.EXISTS, again.message
    assert again.actions == []
    assert (again.branch, again.pr_number, again.commit_sha) == (first.branch, first.pr_number, first.commit_sha)
    assert remote.branches() == branches  # nothing pushed
    assert fake.writes() == writes  # no POST of any kind
    assert len(fake.pulls) == 1


async def test_a_closed_pr_is_not_reopened(remote: Remote, fake: FakeGitHub, token: str) -> None:
    first = await publish(make_report(remote.patch), remote, fake, token)
    fake.pulls[0]["state"] = "closed"  # a human rejected it
    again = await publish(make_report(remote.patch), remote, fake, token)
    assert again.status == PublishStatus.EXISTS and again.pr_state == "closed"
    assert again.pr_number == first.pr_number and len(fake.pulls) == 1


async def test_a_crash_between_push_and_pr_is_completed_by_the_next_run(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    fake.fail_next("POST", r"/pulls$", raise_exc=httpx.ConnectError("connection reset by peer"))
    crashed = await publish(make_report(remote.patch), remote, fake, token)
    assert crashed.status == PublishStatus.ERROR
    assert "cannot reach GitHub" in crashed.message
    assert crashed.actions == ["push"]
    assert crashed.branch in remote.branches() and fake.pulls == []

    resumed = await publish(make_report(remote.patch, run_id="20260520-120000-00000002"), remote, fake, token)
    assert resumed.status == PublishStatus.COMPLETED, resumed.message
    assert resumed.actions == ["create_pr"]  # no second push
    assert resumed.branch == crashed.branch and resumed.commit_sha == crashed.commit_sha
    assert len(fake.pulls) == 1 and fake.pulls[0]["head"]["ref"] == crashed.branch
    # The branch still carries the first run's commit (and its Remediate-Run trailer).
    assert git(
        remote.bare, "log", "-1", "--format=%(trailers:key=Remediate-Run,valueonly)", crashed.branch
    ).strip() == ("20260520-100000-abcd1234")


async def test_two_concurrent_runs_open_one_pr(remote: Remote, fake: FakeGitHub, token: str) -> None:
    results = []

    async def one(run_id: str) -> None:
        results.append(await publish(make_report(remote.patch, run_id=run_id), remote, fake, token))

    async with anyio.create_task_group() as tg:
        tg.start_soon(one, "20260520-130000-aaaaaaaa")
        tg.start_soon(one, "20260520-130000-bbbbbbbb")

    assert all(r.ok for r in results), [r.message for r in results]
    assert len(fake.pulls) == 1
    assert len({r.pr_number for r in results}) == 1 and len({r.branch for r in results}) == 1
    assert set(remote.branches()) == {"main", results[0].branch}
    assert sum("push" in r.actions for r in results) == 1  # one push won, the other found its branch
    assert sum("create_pr" in r.actions for r in results) == 1


async def test_default_and_protected_branches_are_refused_before_any_network_call(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    fake.files[("main", ".remediate.toml")] = '[publish]\nprotected_branches = ["remediate/*"]\n'
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED
    assert "protected pattern 'remediate/*'" in result.message  # the base's settings, read through the API
    assert fake.writes() == [] and set(remote.branches()) == {"main"}


async def test_remediate_own_branch_as_base_is_refused_before_any_network_call(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    result = await publish(make_report(remote.patch), remote, fake, token, base="remediate/test-x-12345678")
    assert result.status == PublishStatus.REFUSED and "remediate's own branches" in result.message
    assert fake.requests == []


async def test_default_branch_from_the_api_is_never_written(remote: Remote, fake: FakeGitHub, token: str) -> None:
    key = expected_key(remote, base="main")
    fake.default_branch = f"remediate/test-test-add-{key[:8]}"  # absurd, but then it must still be refused
    result = await publish(make_report(remote.patch), remote, fake, token, base="main")
    assert result.status == PublishStatus.REFUSED and "it is the default branch" in result.message
    assert fake.writes() == [] and set(remote.branches()) == {"main"}


async def test_repository_rules_on_the_branch_refuse_the_write(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.rules = {"remediate/**": ["creation", "deletion"]}
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert (
        result.status == PublishStatus.REFUSED
        and "rules the bot cannot bypass apply to it (creation)" in result.message
    )
    assert fake.writes() == [] and set(remote.branches()) == {"main"}


async def test_a_foreign_branch_with_the_same_suffix_is_never_touched(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    key = expected_key(remote)
    squatter = f"remediate/other-thing-{key[:8]}"
    git(remote.bare, "update-ref", f"refs/heads/{squatter}", remote.failing_sha)
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED and "did not build it" in result.message
    assert remote.branches()[squatter] == remote.failing_sha and fake.pulls == []


@pytest.mark.parametrize("status", [Status.NOT_FIXED, Status.BUDGET_EXHAUSTED, Status.REFUSED])
async def test_only_a_verified_fix_is_published(remote: Remote, fake: FakeGitHub, token: str, status: Status) -> None:
    result = await publish(make_report(remote.patch, status=status), remote, fake, token)
    assert result.status == PublishStatus.SKIPPED and fake.requests == []


async def test_patches_to_ci_config_are_not_published(remote: Remote, fake: FakeGitHub, token: str) -> None:
    report = make_report(remote.patch, changed_files=["src/calc.py", ".github/workflows/ci.yml"])
    result = await publish(report, remote, fake, token)
    assert result.status == PublishStatus.REFUSED and ".github/workflows/ci.yml" in result.message
    assert fake.requests == []


async def test_publishing_disabled_by_the_project(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.files[("main", ".remediate.toml")] = "[publish]\nenabled = false\n"
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED and "on main" in result.message
    assert fake.writes() == [] and set(remote.branches()) == {"main"}


async def test_auto_merge_is_off_by_default(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.allow_auto_merge = True
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.auto_merge == "off" and fake.graphql == []


async def test_auto_merge_when_the_project_enables_it(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.files[("main", ".remediate.toml")] = '[publish]\nauto_merge = true\nmerge_method = "squash"\n'
    fake.allow_auto_merge = True
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.auto_merge == "enabled" and result.actions == ["push", "create_pr", "enable_auto_merge"]
    (call,) = fake.graphql
    assert "enablePullRequestAutoMerge" in call["query"]  # GitHub's auto-merge: waits for branch protection
    assert call["variables"] == {"id": fake.pulls[0]["node_id"], "method": "SQUASH"}
    # Never a direct merge call.
    assert not any(re.search(r"/merge$", r.url.path) for r in fake.requests)


async def test_auto_merge_unavailable_or_refused_by_github(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.files[("main", ".remediate.toml")] = "[publish]\nauto_merge = true\n"
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.auto_merge == "unavailable" and fake.graphql == []  # the repository does not allow it

    fake.allow_auto_merge = True
    fake.auto_merge_error = "Pull request is in clean status"  # no protection to wait for: GitHub refuses
    other = make_report(remote.patch, root_cause="another cause")
    assert other.facts is not None
    other = other.model_copy(update={"facts": other.facts.model_copy(update={"failing_command": "pytest -x"})})
    result = await publish(other, remote, fake, token)
    assert result.status == PublishStatus.CREATED and result.auto_merge == "failed"
    assert not any(re.search(r"/merge$", r.url.path) for r in fake.requests)


async def test_slack_notification_behind_config(remote: Remote, fake: FakeGitHub, token: str) -> None:
    webhook = "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx"
    result = await publish(make_report(remote.patch), remote, fake, token, slack_webhook=webhook)
    assert not result.notified and fake.slack == []  # off by default

    fake.files[("main", ".remediate.toml")] = "[notify.slack]\nenabled = true\n"
    report = make_report(remote.patch, root_cause=f"the deploy used {token} by mistake; add() subtracts")
    report = report.model_copy(update={"run_id": "20260520-140000-cccccccc", "facts": None})
    result = await publish(report, remote, fake, token, slack_webhook=webhook)
    assert result.status == PublishStatus.REFUSED  # no facts: no key

    report = make_report(remote.patch, root_cause=f"the deploy used {token} by mistake; add() subtracts")
    assert report.facts is not None
    report = report.model_copy(update={"facts": report.facts.model_copy(update={"failing_command": "pytest -q x"})})
    result = await publish(report, remote, fake, token, slack_webhook=webhook)
    assert result.notified and result.actions[-1] == "notify_slack"
    (msg,) = fake.slack
    assert result.pr_url is not None and result.pr_url in msg["text"]
    assert "add() subtracts" in msg["text"] and token not in msg["text"] and "[REDACTED:" in msg["text"]
