"""What a run is asked to do: `FixSpec` (the inputs) and `Policy` (the walls), plus `Settings`,
the one reader of `REMEDIATE_*` (and the few standard) environment variables.

Every front end (CLI, Dagger module, eval runner) builds a FixSpec and hands it to
`session.run_session`; nothing else assembles a run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from remediate import breaker
from remediate.guards import LoopLimits
from remediate.models import Budget, CheckSpec, Frozen, Limits
from remediate.pricing import DEFAULT_TRIAGE_MODEL


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:8]


# The run-wide budget: above any one specialist's (Budget()), below what a run may ever cost.
RUN_BUDGET = Budget(
    tool_calls=40, model_calls=50, input_tokens=4_000_000, output_tokens=200_000, usd=2.00, seconds=3600
)


class BudgetOverride(Frozen):
    """Budget dimensions a run overrides; every dimension left None keeps the base's value."""

    # A budget of zero would stop the run after reproduce (or after one paid call): an input error.
    tool_calls: int | None = Field(default=None, ge=1)
    model_calls: int | None = Field(default=None, ge=1)
    input_tokens: int | None = Field(default=None, ge=1)
    output_tokens: int | None = Field(default=None, ge=1)
    usd: float | None = Field(default=None, gt=0)
    seconds: float | None = Field(default=None, gt=0)

    def over(self, base: Budget) -> Budget:
        """`base` with only the named dimensions replaced."""
        return base.model_copy(update=self.model_dump(exclude_none=True))


class Policy(Frozen):
    """The walls of one run: what it may edit, how it is verified, what it may spend."""

    allow_edit: tuple[str, ...] = Field(default=(), description="globs of protected paths this run may edit")
    passes_required: int = Field(default=2, ge=1, le=10, description="verification runs that must pass")
    parallel_passes: int | None = Field(
        default=None, ge=1, le=64, description="verification runs at once, each on its own copy (None: one per core)"
    )
    limits: Limits = Field(default_factory=Limits, description="per check run")
    budget: BudgetOverride = Field(
        default_factory=BudgetOverride, description="overrides of the specialist's own budget"
    )
    run_budget: BudgetOverride = Field(
        default_factory=BudgetOverride, description="overrides of RUN_BUDGET: triage and specialist, all stages"
    )
    loop_limits: LoopLimits = Field(default_factory=LoopLimits)
    breaker_generations: int = Field(
        default=breaker.DEFAULT_GENERATIONS, ge=0, le=100, description="0 turns the circuit breaker off"
    )
    max_retries: int = Field(
        default=breaker.DEFAULT_MAX_RETRIES, ge=0, le=5, description="informed retries after a published fix failed"
    )

    def specialist_budget(self, own: Budget) -> Budget:
        return self.budget.over(own)

    def whole_run_budget(self) -> Budget:
        return self.run_budget.over(RUN_BUDGET)


class FixSpec(BaseModel):
    """One run's inputs. `check` None: the failing step's command, read from the log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check: CheckSpec | None = None
    log_path: Path | None = None
    log_bytes: bytes | None = None
    source_dir: Path | None = Field(default=None, description="for repo facts and the breaker; never modified")
    model: str | None = Field(
        default=None, description="model for every specialist; None: each specialist's own default (README)"
    )
    triage_model: str = Field(default=DEFAULT_TRIAGE_MODEL, description="the triage micro-agent's model")
    budget_tokens: int = Field(default=2000, ge=200, le=50_000, description="token budget of the log excerpt")
    project: str | None = Field(default=None, description="owner/name; default: the source directory")
    commit: str | None = Field(default=None, description="the failing commit, when known")
    base: str | None = Field(default=None, description="the PR target, part of the key; None: the default branch")
    run_id: str = Field(default_factory=new_run_id)
    policy: Policy = Field(default_factory=Policy)

    @field_validator("check", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: object) -> object:
        # `--check ""` and Dagger's empty-string default both mean: infer it from the log.
        return None if isinstance(value, str) and not value.strip() else value


def user_state_dir() -> Path:
    """Where remediate keeps its attempt store and, unless --out says otherwise, each run's files:
    the per-user state directory ($XDG_STATE_HOME/remediate, else ~/.local/state/remediate on
    Linux; the platform's own elsewhere), never the current directory by surprise."""
    return Path(platformdirs.user_state_dir("remediate", appauthor=False))


def default_state() -> str:
    return str(user_state_dir() / "state.db")


def default_run_dir(run_id: str, kind: str = "runs") -> Path:
    """A run's output directory when --out is not given: `<state dir>/runs/<run-id>` (eval: eval/)."""
    return user_state_dir() / kind / run_id


# Set while Settings.of reads a given mapping instead of the process's environment.
_GIVEN: ContextVar[bool] = ContextVar("settings_given", default=False)


def _env(*names: str, secret: bool = False) -> Any:
    """A setting read from the first of these environment variables that is set and not empty."""
    return Field(default=None, validation_alias=AliasChoices(*names), repr=not secret)


class Settings(BaseSettings):
    """Configuration read from the environment, in one place: `REMEDIATE_*`, plus the standard
    variables CI sets (`ANTHROPIC_API_KEY`, `GITHUB_*`, GitLab's `CI_*`). An empty variable is an
    unset one (an unset CI secret often arrives empty). `Settings()` reads the process's
    environment; `Settings.of(mapping)` reads a given one the same way."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_ignore_empty=True)

    state: str = Field(
        default_factory=default_state,
        validation_alias=AliasChoices("REMEDIATE_STATE"),
        description="attempt store: SQLite path, postgresql:// or off",
    )
    anthropic_api_key: str | None = _env("ANTHROPIC_API_KEY", "REMEDIATE_ANTHROPIC_API_KEY", secret=True)
    github_repository: str | None = _env("GITHUB_REPOSITORY", "REMEDIATE_GITHUB_REPOSITORY")
    # Publishing (publish/cli.py): credentials come only from here, never from argv.
    github_token: str | None = _env("REMEDIATE_GITHUB_TOKEN", "GITHUB_TOKEN", secret=True)
    app_id: str | None = _env("REMEDIATE_APP_ID")
    app_private_key: str | None = _env("REMEDIATE_APP_PRIVATE_KEY", secret=True)
    app_private_key_file: str | None = _env("REMEDIATE_APP_PRIVATE_KEY_FILE")
    app_installation_id: str | None = _env("REMEDIATE_APP_INSTALLATION_ID")
    bot_login: str | None = _env("REMEDIATE_BOT_LOGIN")
    slack_webhook: str | None = _env("REMEDIATE_SLACK_WEBHOOK", secret=True)
    github_api_url: str | None = _env("GITHUB_API_URL")
    github_server_url: str | None = _env("GITHUB_SERVER_URL")
    gitlab_token: str | None = _env("REMEDIATE_GITLAB_TOKEN", secret=True)
    gitlab_project: str | None = _env("CI_PROJECT_PATH")
    gitlab_server_url: str | None = _env("CI_SERVER_URL")

    @classmethod
    def of(cls, environ: Mapping[str, str]) -> Settings:
        """The settings a given environment holds (a test's, a child process's), not the process's."""
        given = _GIVEN.set(True)
        try:
            values: dict[str, Any] = {name: value for name, value in environ.items() if value}
            return cls(**values)
        finally:
            _GIVEN.reset(given)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        if _GIVEN.get():  # Settings.of: the given mapping only
            return (init_settings,)
        return (init_settings, env_settings, dotenv_settings, file_secret_settings)
