"""The few GitHub REST (and one GraphQL) calls publishing needs, over githubkit (typed, async).

Every failure becomes a `GitHubError` with the HTTP status and GitHub's (redacted) message;
rate limits are retried a bounded number of times when GitHub says when (`retry-after` or
`x-ratelimit-reset`) and that is within `max_wait_s`, and fail with their own message otherwise.
Tests inject an `httpx.AsyncBaseTransport` (githubkit is built on httpx) and never use the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

import httpx
from githubkit import AppAuthStrategy, GitHub, TokenAuthStrategy
from githubkit.exception import (
    GitHubException,
    GraphQLFailed,
    RateLimitExceeded,
    RequestError,
    RequestFailed,
    RequestTimeout,
)
from githubkit.typing import RetryDecisionFunc, RetryOption

from remediate.facts.redact import Redactor
from remediate.publish.config import AppCredentials, AutoMerge
from remediate.publish.forge import ForgeError, PullInfo, RepoInfo

if TYPE_CHECKING:
    from githubkit_schemas.v2026_03_10.models import PullRequestSimple

USER_AGENT = "remediate-publish"
TOKEN_PERMISSIONS = {"contents": "write", "pull_requests": "write"}

# Rules (rulesets) that mean "humans decide what lands on this branch": a branch they apply to is not ours to
# write, unless the ruleset lets the bot bypass it (a ruleset reserving `remediate/**` for the App).
WRITE_RESTRICTING_RULES = frozenset({"creation", "update", "pull_request", "required_status_checks", "merge_queue"})

_ENABLE_AUTO_MERGE = """
mutation($id: ID!, $method: PullRequestMergeMethod!) {
  enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $method}) {
    pullRequest { number autoMergeRequest { enabledAt } }
  }
}
"""


class GitHubError(ForgeError):
    """A GitHub call failed; `status` is the HTTP status (0 for network errors); the message is redacted."""


def retry_policy(max_wait_s: float, retries: int) -> RetryDecisionFunc:
    """Retry rate limits when GitHub's wait is known and short enough; retry 5xx briefly. Nothing else."""

    def decide(exc: GitHubException, count: int) -> RetryOption:
        if count >= retries:
            return RetryOption(False)
        if isinstance(exc, RateLimitExceeded):
            if exc.retry_after.total_seconds() > max_wait_s:
                return RetryOption(False)
            # githubkit sleeps 60 s for a zero wait; a millisecond is what "retry-after: 0" means.
            return RetryOption(True, max(exc.retry_after, timedelta(milliseconds=1)))
        if isinstance(exc, RequestFailed) and exc.response.status_code >= 500:
            return RetryOption(True, timedelta(seconds=0.5 * (count + 1)))
        return RetryOption(False)

    return decide


def _message(exc: RequestFailed) -> str:
    try:
        data = exc.response.raw_response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, httpx.ResponseNotRead):
        return exc.response.raw_response.reason_phrase or "no message"
    if not isinstance(data, dict):
        return "no message"
    parts = [str(data.get("message") or "")]
    for error in data.get("errors") or []:
        if isinstance(error, dict):
            parts.append(str(error.get("message") or error.get("code") or ""))
    return "; ".join(p for p in parts if p) or "no message"


def to_error(exc: GitHubException, what: str, redactor: Redactor) -> GitHubError:
    if isinstance(exc, RateLimitExceeded):
        wait = int(exc.retry_after.total_seconds())
        return GitHubError(
            exc.response.status_code,
            redactor.redact(f"{what}: GitHub rate limit ({_message(exc)}); retry after {wait}s"),
        )
    if isinstance(exc, RequestFailed):
        status = exc.response.status_code
        hint = {
            401: "the token is invalid or expired",
            403: "the token lacks permission (contents: write, pull_requests: write) or the repo forbids it",
            404: "not found, or the token cannot see this repository",
        }.get(status, "")
        text = f"{what}: HTTP {status}: {_message(exc)}" + (f" ({hint})" if hint else "")
        return GitHubError(status, redactor.redact(text))
    if isinstance(exc, RequestTimeout):
        return GitHubError(0, f"{what}: GitHub did not answer in time")
    if isinstance(exc, RequestError):
        return GitHubError(0, redactor.redact(f"{what}: cannot reach GitHub: {type(exc.exc).__name__}"))
    return GitHubError(0, redactor.redact(f"{what}: {type(exc).__name__}: {exc}"))


@dataclass(frozen=True)
class GitHubRepo:
    """One repository on one GitHub API, and how every call to it goes: through `transport` (a
    test's mock, else the network), retried by `retry`, its errors redacted by `redactor`."""

    owner: str
    name: str
    api_url: str
    transport: httpx.AsyncBaseTransport | None
    retry: RetryDecisionFunc
    redactor: Redactor

    def client(self, auth: str | AppAuthStrategy) -> GitHub[Any]:
        # No HTTP cache: idempotency decisions must see GitHub's current state, not a cached answer.
        return GitHub(
            auth,
            base_url=self.api_url,
            user_agent=USER_AGENT,
            async_transport=self.transport,
            http_cache=False,
            auto_retry=self.retry,
            timeout=30.0,
            trust_env=self.transport is None,
        )


async def installation_token(app: AppCredentials, target: GitHubRepo) -> tuple[str, str]:
    """A one-hour installation token for this one repository with contents+pull_requests write, and the
    login the App acts as (`<slug>[bot]`: the author of its pull requests).

    githubkit signs the App JWT (RS256, pyjwt) from the private key; the token is exchanged at
    POST /app/installations/{id}/access_tokens with `repositories=[repo]` and exactly the two permissions.
    """
    strategy = AppAuthStrategy(app.app_id, app.private_key.get_secret_value())
    owner, repo = target.owner, target.name
    async with target.client(strategy) as gh:
        installation_id = app.installation_id
        try:
            if installation_id is None:
                found = await gh.rest.apps.async_get_repo_installation(owner, repo)
                installation_id = found.parsed_data.id
            resp = await gh.rest.apps.async_create_installation_access_token(
                installation_id, repositories=[repo], permissions=TOKEN_PERMISSIONS
            )
            app_info = (await gh.arequest("GET", "/app")).json()
        except GitHubException as exc:
            raise to_error(exc, "GitHub App installation token", target.redactor) from None
        token = str(resp.parsed_data.token)
    slug = app_info.get("slug") if isinstance(app_info, dict) else None
    if not token or not slug:
        raise GitHubError(0, "GitHub App installation token: empty token or app slug in the answer")
    return token, f"{slug}[bot]"


class GitHubAPI:
    """Repository-scoped calls with a token (an installation token or a provided one).

    No long-lived connection: githubkit opens a client per call, which is a handful per publish.
    """

    def __init__(self, token: str, target: GitHubRepo, bot_login: str | None = None) -> None:
        self.owner, self.repo = target.owner, target.name
        self.redactor = target.redactor
        self._bot = bot_login
        self._gh: GitHub[TokenAuthStrategy] = target.client(token)

    async def repo_info(self) -> RepoInfo:
        try:
            data = (await self._gh.rest.repos.async_get(self.owner, self.repo)).parsed_data
        except GitHubException as exc:
            raise to_error(exc, f"GET repository {self.owner}/{self.repo}", self.redactor) from None
        return RepoInfo(
            default_branch=data.default_branch,
            allow_auto_merge=bool(data.allow_auto_merge),
            html_url=data.html_url,
        )

    name = "GitHub"

    async def _get_json(self, url: str, what: str, **headers: str) -> Any:
        try:
            resp = await self._gh.arequest("GET", url, headers=headers or None)
        except GitHubException as exc:
            raise to_error(exc, what, self.redactor) from None
        return resp.json()

    async def restricting_rules(self, branch: str) -> list[str]:
        """Ruleset rule types that restrict writes to `branch` (works for a branch that does not exist yet),
        leaving out the rulesets the bot may always bypass (GitHub says so as `current_user_can_bypass`)."""
        try:
            resp = await self._gh.rest.repos.async_get_branch_rules(self.owner, self.repo, branch, per_page=100)
        except GitHubException as exc:
            raise to_error(exc, f"GET rules of {branch}", self.redactor) from None
        restricting = [rule for rule in resp.parsed_data if rule.type in WRITE_RESTRICTING_RULES]
        bypass: dict[int, bool] = {}
        found = set()
        for rule in restricting:
            ruleset_id = int(getattr(rule, "ruleset_id", 0) or 0)
            if ruleset_id and ruleset_id not in bypass:
                data = await self._get_json(
                    f"/repos/{self.owner}/{self.repo}/rulesets/{ruleset_id}", f"GET ruleset {ruleset_id}"
                )
                bypass[ruleset_id] = isinstance(data, dict) and data.get("current_user_can_bypass") in {
                    "always",
                    "exempt",
                }
            if not bypass.get(ruleset_id, False):
                found.add(rule.type)
        return sorted(found)

    async def read_file(self, ref: str, path: str) -> str | None:
        try:
            resp = await self._gh.arequest(
                "GET",
                f"/repos/{self.owner}/{self.repo}/contents/{path}",
                params={"ref": ref},
                headers={"Accept": "application/vnd.github.raw+json"},
            )
        except RequestFailed as exc:
            if exc.response.status_code == 404:
                return None
            raise to_error(exc, f"GET {path} at {ref}", self.redactor) from None
        except GitHubException as exc:
            raise to_error(exc, f"GET {path} at {ref}", self.redactor) from None
        return resp.content.decode("utf-8", "replace")

    async def is_ancestor(self, sha: str, base: str) -> bool:
        data = await self._get_json(
            f"/repos/{self.owner}/{self.repo}/compare/{base}...{sha}", f"GET compare {base}...{sha[:12]}"
        )
        return isinstance(data, dict) and data.get("status") in {"behind", "identical"}

    async def bot_login(self) -> str | None:
        return self._bot

    async def find_pr(self, branch: str) -> PullInfo | None:
        """A pull request from `branch` (the open one first, else the latest closed or merged one)."""
        try:
            resp = await self._gh.rest.pulls.async_list(
                self.owner, self.repo, state="all", head=f"{self.owner}:{branch}", per_page=100
            )
        except GitHubException as exc:
            raise to_error(exc, f"GET pull requests from {branch}", self.redactor) from None
        listed = cast("list[PullRequestSimple]", resp.parsed_data)
        pulls = [p for p in listed if p.head.ref == branch]
        if not pulls:
            return None
        pulls.sort(key=lambda p: (p.state == "open", p.number), reverse=True)
        p = pulls[0]
        return PullInfo(
            number=p.number,
            url=p.html_url,
            state=p.state,
            node_id=p.node_id,
            head=p.head.ref,
            base=p.base.ref,
            merged=p.merged_at is not None,
            author=p.user.login if p.user else "",
        )

    async def create_pr(self, branch: str, base: str, title: str, body: str, draft: bool) -> tuple[PullInfo, bool]:
        """Open the PR; when GitHub answers 422 "already exists" (a concurrent run won), return that PR."""
        try:
            resp = await self._gh.rest.pulls.async_create(
                self.owner,
                self.repo,
                title=title,
                head=branch,
                base=base,
                body=body,
                draft=draft,
                maintainer_can_modify=False,
            )
        except RequestFailed as exc:
            if exc.response.status_code == 422 and "already exists" in _message(exc).lower():
                existing = await self.find_pr(branch)
                if existing is not None:
                    return existing, False
            raise to_error(exc, f"POST pull request {branch} -> {base}", self.redactor) from None
        except GitHubException as exc:
            raise to_error(exc, f"POST pull request {branch} -> {base}", self.redactor) from None
        p = resp.parsed_data
        author = p.user.login if p.user else ""
        return PullInfo(
            number=p.number, url=p.html_url, state=p.state, node_id=p.node_id, head=p.head.ref, base=p.base.ref,
            author=author,
        ), True  # fmt: skip

    async def enable_auto_merge(self, pull: PullInfo, method: str) -> AutoMerge:
        """GitHub's auto-merge: it merges when branch protection is satisfied, never around it."""
        try:
            await self._gh.async_graphql(_ENABLE_AUTO_MERGE, {"id": pull.node_id, "method": method.upper()})
        except GraphQLFailed:
            return AutoMerge.FAILED
        except GitHubException as exc:
            raise to_error(exc, f"enable auto-merge on #{pull.number}", self.redactor) from None
        return AutoMerge.ENABLED
