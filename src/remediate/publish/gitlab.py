"""GitLab merge requests through python-gitlab, behind the same `Forge` protocol as GitHub.

The same guarantees as the GitHub path: the branch is computed by code and pushed by git (publish.core),
the merge request is found again by its source branch (idempotent), the token must be a project (or
group) access token - its user is a bot scoped to what the token was made for - and auto-merge is only
GitLab's own "merge when pipeline succeeds", enabled only when the base's `.remediate.toml` opts in.
A protected branch pattern that covers the fix branch refuses the write unless it lets the bot's user
push (how `remediate/*` is reserved for the bot on GitLab). python-gitlab is synchronous: every call
runs in a worker thread.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import gitlab
import httpx
from gitlab.exceptions import GitlabError

from remediate.facts.redact import Redactor
from remediate.publish.config import AutoMerge, PublishConfig
from remediate.publish.forge import ForgeError, PullInfo, RepoInfo

_T = TypeVar("_T")
_STATE = {"opened": "open", "closed": "closed", "merged": "merged", "locked": "closed"}


async def gitlab_forge(
    cfg: PublishConfig, token: str, redactor: Redactor, transport: httpx.AsyncBaseTransport | None = None
) -> GitLabAPI:
    """The GitLab forge for `cfg.repo` (group/subgroup/project); `transport` is unused (python-gitlab has its own)."""
    api = GitLabAPI(cfg.api_url, token, cfg.repo, redactor)
    await api.connect()
    return api


class GitLabAPI:
    name = "GitLab"

    def __init__(self, url: str, token: str, path: str, redactor: Redactor) -> None:
        self._gl = gitlab.Gitlab(url, private_token=token, timeout=30, retry_transient_errors=True)
        self._path = path
        self.redactor = redactor
        self._project: Any = None
        self._bot: dict[str, Any] = {}

    async def _call(self, what: str, fn: Callable[[], _T]) -> _T:
        try:
            return await anyio.to_thread.run_sync(fn)
        except GitlabError as exc:
            status = int(exc.response_code or 0)
            hint = {401: " (the token is invalid or expired)", 403: " (the token lacks api/write_repository)"}
            message = self.redactor.redact(f"{what}: HTTP {status}: {exc.error_message}{hint.get(status, '')}")
            raise ForgeError(status, message) from None
        except OSError as exc:  # requests' connection errors are OSErrors
            raise ForgeError(0, self.redactor.redact(f"{what}: cannot reach GitLab: {type(exc).__name__}")) from None

    async def connect(self) -> None:
        def go() -> None:
            self._gl.auth()
            user = self._gl.user
            self._bot = user.asdict() if user is not None else {}
            self._project = self._gl.projects.get(self._path)

        await self._call(f"GET project {self._path}", go)
        if not self._bot.get("bot"):
            raise ForgeError(
                403,
                f"the GitLab token acts as {self._bot.get('username')!r}, a person: give a project access token "
                "(its bot user is scoped to this project)",
            )

    async def repo_info(self) -> RepoInfo:
        p = self._project
        return RepoInfo(default_branch=str(p.default_branch), allow_auto_merge=True, html_url=str(p.web_url))

    async def read_file(self, ref: str, path: str) -> str | None:
        def go() -> str | None:
            try:
                data = self._project.files.raw(file_path=path, ref=ref)
            except GitlabError as exc:
                if exc.response_code == 404:
                    return None
                raise
            return bytes(data).decode("utf-8", "replace")

        return await self._call(f"GET {path} at {ref}", go)

    async def restricting_rules(self, branch: str) -> list[str]:
        def go() -> list[str]:
            found = []
            bot_id = self._bot.get("id")
            for rule in self._project.protectedbranches.list(get_all=True):
                pattern = str(rule.name)
                if not (branch == pattern or fnmatch.fnmatchcase(branch, pattern)):
                    continue
                pushers = [level.get("user_id") for level in getattr(rule, "push_access_levels", [])]
                if bot_id not in pushers:
                    found.append(f"protected branch {pattern}")
            return found

        return await self._call(f"GET protected branches for {branch}", go)

    async def is_ancestor(self, sha: str, base: str) -> bool:
        def go() -> bool:
            found = self._project.repository_merge_base([sha, base])
            return isinstance(found, dict) and found.get("id") == sha

        return await self._call(f"GET merge base of {sha[:12]} and {base}", go)

    async def bot_login(self) -> str | None:
        username = self._bot.get("username")
        return str(username) if username else None

    def _pull(self, mr: Any) -> PullInfo:
        state = _STATE.get(str(mr.state), str(mr.state))
        return PullInfo(
            number=int(mr.iid),
            url=str(mr.web_url),
            state="closed" if state == "merged" else state,
            node_id=str(mr.id),
            head=str(mr.source_branch),
            base=str(mr.target_branch),
            merged=state == "merged",
            author=str((mr.author or {}).get("username", "")),
        )

    async def find_pr(self, branch: str) -> PullInfo | None:
        def go() -> PullInfo | None:
            mrs = self._project.mergerequests.list(source_branch=branch, state="all", get_all=True)
            mrs = [mr for mr in mrs if mr.source_branch == branch]
            if not mrs:
                return None
            mrs.sort(key=lambda mr: (mr.state == "opened", int(mr.iid)), reverse=True)
            return self._pull(mrs[0])

        return await self._call(f"GET merge requests from {branch}", go)

    async def create_pr(self, branch: str, base: str, title: str, body: str, draft: bool) -> tuple[PullInfo, bool]:
        def go() -> PullInfo:
            mr = self._project.mergerequests.create(
                {
                    "source_branch": branch,
                    "target_branch": base,
                    "title": f"Draft: {title}" if draft else title,
                    "description": body,
                    "remove_source_branch": True,
                }
            )
            return self._pull(mr)

        try:
            return await self._call(f"POST merge request {branch} -> {base}", go), True
        except ForgeError as exc:
            if exc.status == 409:  # "Another open merge request already exists for this source branch"
                existing = await self.find_pr(branch)
                if existing is not None:
                    return existing, False
            raise

    async def enable_auto_merge(self, pull: PullInfo, method: str) -> AutoMerge:
        """GitLab's "merge when pipeline succeeds": it merges only after the pipeline passes."""

        def go() -> None:
            mr = self._project.mergerequests.get(pull.number, lazy=True)
            mr.merge(merge_when_pipeline_succeeds=True, squash=method == "squash")

        try:
            await self._call(f"enable auto-merge on !{pull.number}", go)
        except ForgeError as exc:
            if exc.status in {405, 406, 409, 422}:
                return AutoMerge.FAILED
            raise
        return AutoMerge.ENABLED
