"""GitHub's error answers at the HTTP layer: 403, 404, 422 "already exists", primary and secondary rate limits."""

from __future__ import annotations

import time

from remediate.publish import PublishStatus
from tests.publish.conftest import Remote, make_report, publish
from tests.publish.fakegithub import FakeGitHub, error_body

REPO_PATH = r"^/repos/octo-org/invoicing$"


async def test_403_forbidden_is_an_error_with_a_hint_and_writes_nothing(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    fake.fail_next(
        "GET",
        REPO_PATH,
        403,
        error_body("Resource not accessible by integration", "https://docs.github.com/rest/repos"),
    )
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.ERROR
    assert "HTTP 403: Resource not accessible by integration" in result.message
    assert "contents: write, pull_requests: write" in result.message
    assert fake.writes() == [] and set(remote.branches()) == {"main"}


async def test_404_not_found(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.fail_next("GET", REPO_PATH, 404, error_body("Not Found"))
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.ERROR
    assert "HTTP 404: Not Found (not found, or the token cannot see this repository)" in result.message


async def test_403_on_pr_creation_after_push_leaves_the_branch_for_the_next_run(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    fake.fail_next("POST", r"/pulls$", 403, error_body("Resource not accessible by integration"))
    first = await publish(make_report(remote.patch), remote, fake, token)
    assert first.status == PublishStatus.ERROR and first.actions == ["push"]
    second = await publish(make_report(remote.patch), remote, fake, token)
    assert second.status == PublishStatus.COMPLETED and len(fake.pulls) == 1


async def test_422_already_exists_returns_the_existing_pr(remote: Remote, fake: FakeGitHub, token: str) -> None:
    # Another run opened the PR between our lookup and our create: GitHub answers 422.
    original = fake.create_pull

    def racing(body: dict) -> object:  # type: ignore[type-arg]
        original(body)  # the other run's PR lands first
        return original(body)  # ours gets GitHub's 422 "A pull request already exists for ..."

    fake.create_pull = racing  # type: ignore[method-assign,assignment]
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.CREATED, result.message
    assert "opened by a concurrent run" in result.message
    assert result.actions == ["push"] and len(fake.pulls) == 1
    assert result.pr_number == fake.pulls[0]["number"]


async def test_422_other_validation_errors_are_errors(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.fail_next(
        "POST",
        r"/pulls$",
        422,
        error_body("Validation Failed", errors=[{"resource": "PullRequest", "field": "base", "code": "invalid"}]),
    )
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.ERROR and "HTTP 422: Validation Failed; invalid" in result.message


async def test_secondary_rate_limit_with_retry_after_is_retried(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.fail_next(
        "GET",
        REPO_PATH,
        403,
        error_body("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
        headers={"retry-after": "0", "x-ratelimit-remaining": "4990"},
    )
    fake.fail_next("POST", r"/pulls$", 429, error_body("Too many requests"), headers={"retry-after": "0"})
    started = time.monotonic()
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.CREATED, result.message
    assert time.monotonic() - started < 10
    gets = [r for r in fake.requests if r.method == "GET" and r.url.path == "/repos/octo-org/invoicing"]
    assert len(gets) == 2  # the 403 and its retry


async def test_rate_limit_beyond_the_allowed_wait_fails_with_its_own_message(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    reset = int(time.time()) + 3600
    fake.fail_next(
        "GET",
        REPO_PATH,
        403,
        error_body("API rate limit exceeded for installation ID 4242."),
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset), "x-ratelimit-limit": "5000"},
    )
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.ERROR
    assert "GitHub rate limit (API rate limit exceeded" in result.message and "retry after" in result.message
    assert fake.writes() == []


async def test_rate_limit_retries_are_bounded(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.fail_next("GET", REPO_PATH, 429, error_body("secondary rate limit"), headers={"retry-after": "0"}, times=10)
    result = await publish(make_report(remote.patch), remote, fake, token, rate_limit_retries=2)
    assert result.status == PublishStatus.ERROR and "rate limit" in result.message
    gets = [r for r in fake.requests if r.url.path == "/repos/octo-org/invoicing"]
    assert len(gets) == 3


async def test_bad_credentials(remote: Remote, fake: FakeGitHub, token: str) -> None:
    result = await publish(make_report(remote.patch), remote, fake, "ghs_" + "x" * 36)
    assert result.status == PublishStatus.ERROR and "HTTP 401: Bad credentials" in result.message
