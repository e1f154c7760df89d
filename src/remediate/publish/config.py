"""Typed inputs and outputs of publishing: what the caller asks, what the project allows, what happened.

`.remediate.toml` at the root of the project holds the project's side (`ProjectConfig`). Publishing
reads it from the base branch through the forge's API, never from the commit under repair: a branch
author must not decide whether, how and as whom its own fix is published. Only the `[publish]` and
`[notify]` tables are read here; other tables belong to other parts of remediate and are ignored.
Everything is off or conservative by default: no auto-merge, no notification.
"""

from __future__ import annotations

import enum
import re
import tomllib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

CONFIG_FILE = ".remediate.toml"

# Branch names no run may ever write, whatever the project says; the repository's default branch
# (from the API) and the project's own patterns come on top.
BUILTIN_PROTECTED = (
    "main",
    "master",
    "trunk",
    "develop",
    "development",
    "production",
    "prod",
    "staging",
    "stable",
    "gh-pages",
    "release",
    "release/*",
    "release-*",
    "releases/*",
    "hotfix/*",
)

_REPO = re.compile(r"^[A-Za-z0-9_.-]{1,100}(?:/[A-Za-z0-9_.-]{1,100}){1,20}$")
_SHA = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConfigError(ValueError):
    """`.remediate.toml` is unreadable or invalid."""


# ---------------------------------------------------------------- project config (.remediate.toml)


class PublishSettings(_Frozen):
    enabled: bool = Field(default=True, description="false: --publish is refused for this project")
    auto_merge: bool = Field(
        default=False, description="enable GitHub auto-merge on the PR; it merges only when branch protection allows"
    )
    merge_method: Literal["merge", "squash", "rebase"] = "squash"
    draft: bool = False
    protected_branches: list[str] = Field(
        default_factory=list, description="glob patterns never written, on top of the built-in list"
    )
    max_retries: int = Field(
        default=1, ge=0, le=5, description="informed retries after a published fix failed CI (per lineage)"
    )
    author_name: str = "remediate[bot]"
    author_email: str = "remediate[bot]@users.noreply.github.com"

    @field_validator("author_name", "author_email")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value.strip() or any(c in value for c in "\n\r\0<>"):
            raise ValueError("must be one line without '<', '>' or NUL")
        return value.strip()


class SlackSettings(_Frozen):
    enabled: bool = Field(default=False, description="post the PR link and root cause to a Slack incoming webhook")


class NotifySettings(_Frozen):
    slack: SlackSettings = Field(default_factory=SlackSettings)


class ProjectConfig(BaseModel):
    """The `[publish]` and `[notify]` tables of `.remediate.toml`; other tables are not ours."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    publish: PublishSettings = Field(default_factory=PublishSettings)
    notify: NotifySettings = Field(default_factory=NotifySettings)

    @classmethod
    def parse(cls, text: str | None, where: str = CONFIG_FILE) -> ProjectConfig:
        """`.remediate.toml` text (as the forge serves it from the base branch); the defaults when absent."""
        if text is None:
            return cls()
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}: {exc}") from exc
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(f"{where}: {exc}") from exc


# ---------------------------------------------------------------- what the caller asks


class AppCredentials(_Frozen):
    """A GitHub App: its id and private key; the installation is looked up when not given."""

    app_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    private_key: SecretStr
    installation_id: int | None = Field(default=None, ge=1)


class PublishConfig(_Frozen):
    """One publish request. Tokens are `SecretStr`: they never show in a repr or a dump."""

    repo: str = Field(description="owner/name on GitHub, group/project on GitLab")
    failing_commit: str = Field(description="full SHA of the commit the check failed on")
    forge: Literal["github", "gitlab"] = "github"
    base: str | None = Field(default=None, description="the PR's target; default: the repository's default branch")
    token: SecretStr | None = Field(default=None, description="a provided token (any length, e.g. ghs_ of ~520 chars)")
    app: AppCredentials | None = None
    slack_webhook: SecretStr | None = None
    bot_login: str | None = Field(
        default=None, description="who a provided token acts as (PR author check); an App's login is looked up"
    )
    api_url: str = "https://api.github.com"
    server_url: str = "https://github.com"
    git_remote: str | None = Field(default=None, description="override the push URL (tests: a local bare repo)")
    max_rate_limit_wait_s: float = Field(default=60.0, ge=0.0, le=3600.0)
    rate_limit_retries: int = Field(default=2, ge=0, le=10)

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not _REPO.match(value) or any(part in {".", ".."} for part in value.split("/")):
            raise ValueError("must be owner/name (GitLab: group/subgroup/project)")
        return value

    @field_validator("failing_commit")
    @classmethod
    def _sha(cls, value: str) -> str:
        value = value.strip().lower()
        if not _SHA.match(value):
            raise ValueError("must be a full commit SHA (40 or 64 hex digits)")
        return value

    @property
    def owner(self) -> str:
        return self.repo.rsplit("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repo.rsplit("/", 1)[1]

    @property
    def remote_url(self) -> str:
        """The URL git pushes to: never carries a credential (auth travels in a header)."""
        return self.git_remote or f"{self.server_url.rstrip('/')}/{self.repo}.git"

    def secrets(self) -> list[str]:
        values = [s.get_secret_value() for s in (self.token, self.slack_webhook) if s is not None]
        if self.app is not None:
            values.append(self.app.private_key.get_secret_value())
        return values


# ---------------------------------------------------------------- what happened


class PublishStatus(enum.StrEnum):
    CREATED = "created"  # this run pushed the branch and opened the PR
    COMPLETED = "completed"  # the branch was there (an earlier run stopped before its PR): this run opened the PR
    EXISTS = "exists"  # the branch and a PR for this key exist: nothing was done
    UPDATED = "updated"  # a retry pushed one more commit on its own fix's branch; the PR is the same
    SKIPPED = "skipped"  # nothing to publish: the report is not a verified fix
    REFUSED = "refused"  # a rule refused: default/protected branch, own branch, disabled, foreign branch...
    ERROR = "error"  # git or GitHub failed (403, 404, rate limit, push rejected...)


class AutoMerge(enum.StrEnum):
    OFF = "off"  # the project did not enable it
    ENABLED = "enabled"  # GitHub will merge when branch protection is satisfied
    UNAVAILABLE = "unavailable"  # the repository does not allow auto-merge
    FAILED = "failed"  # GitHub refused to enable it (e.g. no protection rule to wait for)


class PublishResult(_Frozen):
    status: PublishStatus
    message: str
    repo: str | None = None
    key: str | None = None
    branch: str | None = None
    base: str | None = None
    commit_sha: str | None = None
    pr_number: int | None = None
    pr_url: str | None = None
    pr_state: str | None = None
    auto_merge: AutoMerge = AutoMerge.OFF
    notified: bool = False
    actions: list[str] = Field(default_factory=list, description="the writes this run made, in order")
    attempt: int = 1
    retry_of: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in {
            PublishStatus.CREATED,
            PublishStatus.COMPLETED,
            PublishStatus.EXISTS,
            PublishStatus.UPDATED,
        }
