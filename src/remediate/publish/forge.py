"""What publishing needs from a forge (GitHub, GitLab), as one protocol: core.py talks only to this.

Each implementation answers with what the forge itself says (the default branch, the rules that
apply to a branch name, who opened a pull/merge request and into which base, whether a commit is
on the base); none of it is taken from the repository under repair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from remediate.publish.config import AutoMerge


class ForgeError(Exception):
    """A forge call failed; `status` is the HTTP status (0 for network errors); the message is redacted."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class RepoInfo:
    default_branch: str
    allow_auto_merge: bool
    html_url: str


@dataclass(frozen=True)
class PullInfo:
    number: int
    url: str
    state: str  # open | closed | merged
    node_id: str
    head: str
    base: str
    merged: bool = False
    author: str = ""  # the login (GitHub) or username (GitLab) that opened it


class Forge(Protocol):
    name: str  # "GitHub" | "GitLab": for messages

    async def repo_info(self) -> RepoInfo: ...

    async def read_file(self, ref: str, path: str) -> str | None:
        """The text of `path` at branch `ref` on the forge; None when absent."""
        ...

    async def restricting_rules(self, branch: str) -> list[str]:
        """Rules that would stop the bot writing `branch` (rules the bot may bypass are not listed)."""
        ...

    async def is_ancestor(self, sha: str, base: str) -> bool:
        """Whether commit `sha` is on branch `base` (an ancestor of its tip, or the tip)."""
        ...

    async def bot_login(self) -> str | None:
        """Who the bot's credentials act as (its PRs' author); None when the forge cannot say."""
        ...

    async def find_pr(self, branch: str) -> PullInfo | None: ...

    async def create_pr(self, branch: str, base: str, title: str, body: str, draft: bool) -> tuple[PullInfo, bool]: ...

    async def enable_auto_merge(self, pull: PullInfo, method: str) -> AutoMerge: ...
