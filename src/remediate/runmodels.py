"""The run's pydantic types: the sandbox's results, routing, budgets, guards, verification and the
report. `remediate.models` re-exports every one of them and loads this module on first use, so
`remediate facts` builds only the facts' types (models.py)."""

from __future__ import annotations

import enum
import re
import shlex
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from remediate.models import Category, Facts, Frozen
from remediate.status import Status

# ---------------------------------------------------------------- sandbox


class ExecResult(Frozen):
    argv: list[str]
    exit_code: int
    output: str = Field(description="stdout and stderr interleaved, capped")
    duration_s: float
    timed_out: bool = False
    truncated_bytes: int = 0
    work_copy_full: bool = Field(default=False, description="the run filled the work copy's size cap (ENOSPC)")

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


class Match(Frozen):
    path: str
    line: int
    text: str


class Limits(Frozen):
    """Resource limits for one command in a sandbox: the one set of defaults every front end uses."""

    # Bounds: a zero or negative limit is an input error, never a check that cannot run.
    timeout_s: float = Field(default=600.0, gt=0, le=86_400)
    memory_mb: int = Field(default=4096, ge=64, le=1_048_576)
    cpu_s: int = Field(default=600, ge=1)
    file_size_mb: int = Field(default=256, ge=1)
    open_files: int = Field(default=1024, ge=16)
    output_bytes: int = Field(default=2_000_000, ge=0)


def check_argv(script: str) -> list[str]:
    """How a sandbox runs a check: through sh, as CI runs a step's script (the pipeline's checks
    and the eval fixtures' alike)."""
    return ["/bin/sh", "-c", script]


class CheckSpec(Frozen):
    """The check command, parsed once: how it runs (`argv`), its words, the tools it names.

    It runs through `sh -c` (a CI step is a shell script), so it must parse as shell words."""

    command: str = Field(min_length=1)
    inferred: bool = Field(default=False, description="read from the log's failing step, not given by the user")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        # A bare string is a given check (report.json of older runs, `--check TEXT`).
        return {"command": data} if isinstance(data, str) else data

    @field_validator("command")
    @classmethod
    def _parses(cls, command: str) -> str:
        try:
            shlex.split(command, comments=True)
        except ValueError as exc:
            raise ValueError(f"the check command does not parse: {exc}") from exc
        if not command.strip():
            raise ValueError("the check command is empty")
        return command

    @property
    def words(self) -> list[str]:
        """The command's shell words (comments dropped)."""
        return shlex.split(self.command, comments=True)

    def argv(self, prelude: str | None = None) -> list[str]:
        """How the sandbox runs it: through sh, after `prelude` (e.g. a specialist's install step)."""
        return check_argv(f"{prelude}\n{self.command}" if prelude else self.command)

    def mentions(self, tool: str) -> bool:
        """True when `tool` is one of the command's words (`ruff` in `python -m ruff check .`)."""
        return tool.lower() in set(re.findall(r"[\w.-]+", self.command.lower()))

    def __str__(self) -> str:
        return self.command


# ---------------------------------------------------------------- routing and budgets


class Route(Frozen):
    category: Category
    specialist: str
    target_files: list[str] = Field(default_factory=list)
    reason: str = ""
    decided_by: Literal["rules", "model", "fallback"] = "rules"
    language: str | None = Field(default=None, description="the failure's language (agents/languages.py)")


class SubFix(Frozen):
    """One stage of a run: which specialist fixed which failure of the job, and at what cost.
    A job that fails for several independent reasons gets one stage per reason."""

    specialist: str
    category: Category
    language: str | None = None
    by: Literal["prefix", "specialist"] = Field(description="the deterministic fixers alone, or the model loop")
    files: list[str] = Field(default_factory=list, description="files this stage changed")
    model_calls: int = 0
    tool_calls: int = 0
    usd: float = 0.0
    root_cause: str = ""


class Budget(Frozen):
    tool_calls: int = 20
    model_calls: int = 30
    input_tokens: int = 2_000_000
    output_tokens: int = 100_000
    usd: float = 1.00
    seconds: float = 600.0


class Usage(BaseModel):
    """Token usage and cost; mutable because the loop accumulates it."""

    model_config = ConfigDict(extra="forbid")

    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    usd: float = 0.0

    def add(self, other: Usage) -> None:
        self.model_calls += other.model_calls
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.cache_read_tokens += other.cache_read_tokens
        self.cache_write_tokens += other.cache_write_tokens
        self.usd += other.usd


# ---------------------------------------------------------------- results


# Status and ExitCode live in status.py (no pydantic: the CLI reads them at start).


class GuardKind(enum.StrEnum):
    """Every wall a run can hit, as `GuardEvent.kind` (report.json carries the value)."""

    # Budgets (guards.BudgetStop: the dimension that ran out).
    BUDGET_TOOL_CALLS = "budget_tool_calls"
    BUDGET_MODEL_CALLS = "budget_model_calls"
    BUDGET_INPUT_TOKENS = "budget_input_tokens"
    BUDGET_OUTPUT_TOKENS = "budget_output_tokens"
    BUDGET_USD = "budget_usd"
    BUDGET_SECONDS = "budget_seconds"
    BUDGET_CONTEXT = "budget_context"
    # Loops (guards.LoopStop) and the model's own tool calls.
    LOOP_SAME_CALL = "loop_same_call"
    LOOP_SAME_ERROR = "loop_same_error"
    LOOP_INVALID_STREAK = "loop_invalid_streak"
    INVALID_TOOL_CALL = "invalid_tool_call"
    TOOL_ERROR = "tool_error"
    CONTEXT_ELIDED = "context_elided"
    UNKNOWN_MODEL_PRICE = "unknown_model_price"
    API_ERROR = "api_error"
    TRIAGE_INVALID = "triage_invalid"
    TRIAGE_LOW_CONFIDENCE = "triage_low_confidence"
    # What the patch does (verification) and how the run went (stages, reproduction).
    PROTECTED_PATH = "protected_path"
    SYMPTOM_PATCH = "symptom_patch"
    CONTROL_CHARACTERS = "control_characters"
    CHECK_CHANGES = "check_changes"  # check runs changed tracked files: reported, not in the patch
    PARTIAL_REPRODUCTION = "partial_reproduction"
    SEVERAL = "several"
    NEXT_FAILURE = "next_failure"
    STAGES_END = "stages_end"
    CASSETTE_DIVERGED = "cassette_diverged"  # a replayed run's requests stopped matching its cassette
    # Before any spend: no edit remediate may make fixes this failure (remediate/reach.py).
    OUT_OF_REACH = "out_of_reach"
    # Admission: the circuit breaker and the attempt store.
    BREAKER = "breaker"
    BREAKER_OFF = "breaker_off"
    BREAKER_SKIPPED = "breaker_skipped"
    ATTEMPT_ACTIVE = "attempt_active"
    STATE_UNAVAILABLE = "state_unavailable"
    LEASE_RENEWAL_FAILED = "lease_renewal_failed"


class GuardEvent(Frozen):
    """A wall the run hit: a refused path, a budget, a loop, a symptom patch..."""

    kind: GuardKind
    detail: str
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Measurement(Frozen):
    """A number a specialist's context providers measure before and after its patch (e.g. a
    Dockerfile's layers); `after` None: not measurable on the patched tree."""

    specialist: str
    name: str
    before: float
    after: float | None = None

    def __str__(self) -> str:
        return f"{self.name} {self.before:g} -> {'?' if self.after is None else f'{self.after:g}'}"


class Reproduction(enum.StrEnum):
    SAME = "same"
    PARTIAL = "partial"
    DIFFERENT = "different"
    PASSED = "passed"


class ReproductionVerdict(Frozen):
    """How the reproduction's failure relates to the log's (remediate/reproduce.py)."""

    kind: Reproduction
    reason: str
    compared_by: str = Field(description="tests, errors, exit, or nothing (no comparable facts in the log)")
    log_failures: list[str] = Field(default_factory=list, description="what the log shows failing (capped)")
    reproduced_failures: list[str] = Field(default_factory=list, description="what failed in the sandbox (capped)")
    matched: list[str] = Field(default_factory=list, description="the log's failures seen again")
    hint: str = Field(default="", description="for `different`: how to make the sandbox match the CI job")


class CheckEnvironment(Frozen):
    """What the check ran with: PATH, interpreter, work copy (remediate/sandbox/environment.py)."""

    path: list[str] = Field(default_factory=list, description="PATH inside the sandbox, in order")
    python: str | None = Field(default=None, description="the `python3` (or `python`) first on that PATH")
    virtual_env: str | None = Field(default=None, description="VIRTUAL_ENV inside the sandbox")
    project_venv: str | None = Field(default=None, description="the project's own virtualenv, bound read-only")
    setup: str | None = Field(default=None, description="the --setup command, run once with network")
    work_copy: str = Field(default="", description="where the work copy is mounted inside the sandbox")
    selected_by: str = Field(default="", description="git (tracked + untracked not ignored) or .gitignore rules")
    files: int = 0
    bound_read_only: list[str] = Field(default_factory=list, description="environment dirs bound, not copied")


class CheckRun(Frozen):
    """One run of the check command, summarised for the report (output is capped and redacted)."""

    exit_code: int
    timed_out: bool = False
    duration_s: float
    output_tail: str = ""


class Verification(Frozen):
    reproduced: CheckRun | None = None
    reproduction: ReproductionVerdict | None = None
    runs: list[CheckRun] = Field(default_factory=list, description="check runs on original + patch")
    passed: bool = False
    protected_paths_touched: list[str] = Field(default_factory=list)
    symptom_findings: list[str] = Field(default_factory=list)
    reason: str = ""
    patch_sha256: str | None = Field(default=None, description="sha256 of the patch these runs verified")


class StageTiming(Frozen):
    stage: str
    seconds: float


class FixReport(Frozen):
    run_id: str
    status: Status
    message: str
    exit_code: int
    check: CheckSpec | None = Field(default=None, description="the check that ran: given, or inferred from the log")
    commit: str | None = Field(default=None, description="the failing commit, when known")
    project: str | None = Field(default=None, description="owner/name (or where the source came from), when known")
    attempt_key: str | None = Field(default=None, description="idempotency key of this attempt (side effects claim it)")
    base: str | None = Field(default=None, description="the requested PR target; None: the default branch")
    attempt: int = Field(default=1, ge=1, description="the attempt number in this failure's lineage")
    retry_of: str | None = Field(default=None, description="the run whose published fix failed, for a retry")
    route: Route | None = None
    facts: Facts | None = None
    patch: str = ""
    patch_sha256: str | None = Field(default=None, description="sha256 of `patch` (UTF-8), as written to fix.patch")
    changed_files: list[str] = Field(default_factory=list)
    check_changes: str = Field(
        default="", description="what check runs changed in tracked files (git-style diff): reported, never shipped"
    )
    root_cause: str = ""
    verification: Verification | None = None
    usage: Usage = Field(default_factory=Usage)
    tool_calls: int = 0
    timings: list[StageTiming] = Field(default_factory=list)
    guard_events: list[GuardEvent] = Field(default_factory=list)
    measurements: list[Measurement] = Field(
        default_factory=list, description="before/after numbers the specialists' context providers measured"
    )
    trace_id: str | None = None
    model: str | None = None
    environment: CheckEnvironment | None = None
    sub_fixes: list[SubFix] = Field(
        default_factory=list, description="each stage in order (several when the job failed for several reasons)"
    )
    finished_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @model_validator(mode="before")
    @classmethod
    def _measurement_events(cls, data: Any) -> Any:
        """A report.json written before `measurements` carried them as guard events of kind
        `measurement` ("dockerfile: layers 5 -> 3, ..."): read them into their own field."""
        if not isinstance(data, dict) or not isinstance(events := data.get("guard_events"), list):
            return data
        legacy = [e for e in events if isinstance(e, dict) and e.get("kind") == "measurement"]
        if not legacy:
            return data
        measured = [m for e in legacy for m in _legacy_measurements(str(e.get("detail", "")))]
        kept = [e for e in events if not (isinstance(e, dict) and e.get("kind") == "measurement")]
        return {**data, "guard_events": kept, "measurements": [*data.get("measurements", []), *measured]}


_LEGACY_MEASURE = re.compile(r"(\S+) (-?[\d.e+-]+) -> (\?|-?[\d.e+-]+)")


def _legacy_measurements(detail: str) -> list[dict[str, object]]:
    specialist, _, numbers = detail.partition(": ")
    return [
        {
            "specialist": specialist,
            "name": name,
            "before": float(before),
            "after": None if after == "?" else float(after),
        }
        for name, before, after in _LEGACY_MEASURE.findall(numbers)
    ]
