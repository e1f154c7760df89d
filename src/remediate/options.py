"""The `fix` and `eval` command-line options: one annotated type per option (so a command's
signature is a list of names), and the option groups the commands build from them.

A group is a pydantic model; `group(Model, values)` picks its fields out of a command's
arguments, so each helper in cli.py takes a group or two instead of a dozen loose values.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:  # loaded when a command runs: `remediate --help` reads only the options above
    from remediate.models import Limits
    from remediate.spec import Policy

_GUARDS = "Guards"
_PUBLISH = "Publish"

# ---------------------------------------------------------------- fix: inputs
Source = Annotated[Path, typer.Option(help="The project to fix (never modified without --apply)")]
Log = Annotated[str, typer.Option(help="The failed CI job's log ('-': read it from stdin)")]
Check = Annotated[
    str | None,
    typer.Option(help="The check command that failed, e.g. 'python -m pytest -q' (default: the log's failing step)"),
]
Model = Annotated[
    str | None, typer.Option(help="Model for every specialist (default: each specialist's own, see README)")
]
TriageModel = Annotated[str, typer.Option(help="Model of the triage micro-agent, asked only when the rules are unsure")]
Cassette = Annotated[Path | None, typer.Option(help="Replay model responses from this cassette")]
Record = Annotated[bool, typer.Option(help="With a key: record the live run into --cassette")]
AllowUnknownModel = Annotated[
    bool, typer.Option(help="Use a --model with no known price (its budget counts at the top price)")
]
# ---------------------------------------------------------------- fix: output and actions
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Where to write report, patch and trace [default: runs/<run-id> in the per-user state dir]"
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout")]
Apply = Annotated[bool, typer.Option(help="Apply a verified patch to --source")]
AllowControlChars = Annotated[
    bool,
    typer.Option(
        help="Apply/publish a patch that holds control characters (flagged in the report; read it first)",
        rich_help_panel=_GUARDS,
    ),
]
State = Annotated[
    str | None,
    typer.Option(
        help="Attempt store: a SQLite file or a postgresql:// URL; 'off' disables (docs/reliability.md) "
        "[default: $REMEDIATE_STATE or state.db in the per-user state dir, e.g. ~/.local/state/remediate]",
        rich_help_panel=_GUARDS,
    ),
]
# ---------------------------------------------------------------- fix: sandbox
SecretEnv = Annotated[list[str] | None, typer.Option(help="Env var whose value must be redacted")]
UnsafeNoSandbox = Annotated[bool, typer.Option(help="Run checks without bubblewrap (no isolation)")]
Setup = Annotated[
    str | None,
    typer.Option(help="Run once before the check, WITH network (e.g. 'pip install -e .'); checks see it read-only"),
]
Timeout = Annotated[float, typer.Option(help="Seconds per check run")]
MemoryMb = Annotated[int, typer.Option(help="Memory cap per check run")]
# ---------------------------------------------------------------- fix: policy
AllowEdit = Annotated[list[str] | None, typer.Option(help="Glob of protected paths to allow (repeat)")]
Passes = Annotated[int, typer.Option(help="Verification runs that must pass")]
ParallelPasses = Annotated[
    int | None,
    typer.Option(help="Verification runs at once, each on its own fresh copy (default: one per core)"),
]
MaxToolCalls = Annotated[int | None, typer.Option(help="Override the specialist's tool-call budget")]
MaxUsd = Annotated[float | None, typer.Option(help="Override the specialist's dollar budget")]
BreakerGenerations = Annotated[
    int,
    typer.Option(
        help="Refuse when the failing commit or its N-1 first-parent ancestors carry Remediate-Run (0: off)",
        rich_help_panel=_GUARDS,
    ),
]
MaxRetries = Annotated[
    int,
    typer.Option(
        help="Informed retries after a published fix failed CI, per lineage (the breaker counts them)",
        rich_help_panel=_GUARDS,
    ),
]
RunMaxUsd = Annotated[float | None, typer.Option(help="Dollar budget of the whole run", rich_help_panel=_GUARDS)]
RunMaxSeconds = Annotated[float | None, typer.Option(help="Wall-time budget of the whole run", rich_help_panel=_GUARDS)]
LoopSameCall = Annotated[
    int, typer.Option(help="Same call on the same workspace N times is a loop", rich_help_panel=_GUARDS)
]
LoopSameError = Annotated[int, typer.Option(help="Same tool error N times is a loop", rich_help_panel=_GUARDS)]
LoopInvalidStreak = Annotated[
    int, typer.Option(help="N invalid tool calls in a row end the run", rich_help_panel=_GUARDS)
]
# ---------------------------------------------------------------- fix: publish
Publish = Annotated[
    bool, typer.Option("--publish", help="Open a branch + PR for a verified fix (docs/ci.md)", rich_help_panel=_PUBLISH)
]
Repo = Annotated[str | None, typer.Option(help="owner/name (default: $GITHUB_REPOSITORY)", rich_help_panel=_PUBLISH)]
Commit = Annotated[
    str | None, typer.Option(help="The failing commit (default: HEAD of --source)", rich_help_panel=_PUBLISH)
]
PrBase = Annotated[
    str | None, typer.Option("--base", help="PR target (default: the default branch)", rich_help_panel=_PUBLISH)
]

# ---------------------------------------------------------------- eval
SuitePath = Annotated[Path, typer.Option("--suite", help="Suite definition")]
Cases = Annotated[str | None, typer.Option(help="Only cases matching this glob")]
Attempts = Annotated[int | None, typer.Option(help="Attempts per case (default: the suite's)")]
Concurrency = Annotated[int | None, typer.Option(help="Attempts run at once")]
SuiteModel = Annotated[str | None, typer.Option(help="Model (default: the suite's)")]
Baseline = Annotated[Path, typer.Option(help="Baseline to gate against")]
ReportDir = Annotated[Path | None, typer.Option("--out", help="Report directory")]
Validate = Annotated[
    bool, typer.Option("--validate/--no-validate", help="Only validate fixtures: fails before, passes with gold")
]
UpdateBaseline = Annotated[bool, typer.Option(help="Write this run as the new baseline")]
RecordCassettes = Annotated[bool, typer.Option(help="With a key: record fresh cassettes")]
Offline = Annotated[bool, typer.Option(help="Replay cassettes even when ANTHROPIC_API_KEY is set")]
Gate = Annotated[bool, typer.Option(help="Gate against --baseline when it exists")]
UnsafeNoSandboxEval = Annotated[bool, typer.Option(help="Run checks without bubblewrap (inside a container)")]
PriceAt = Annotated[str, typer.Option(help="Also price every case's model calls at this model (cost tables, README)")]


class Group(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


G = TypeVar("G", bound=Group)


def group(cls: type[G], values: dict[str, Any]) -> G:
    """The group `cls` out of a command's arguments (typer has already checked their types)."""
    return cls.model_validate({name: values[name] for name in cls.model_fields})


class RunInputs(Group):
    """What to fix and with which model."""

    source: Path
    log: str
    check: str | None
    model: str | None
    triage_model: str
    cassette: Path | None
    record: bool
    allow_unknown_model: bool


class SandboxOptions(Group):
    """How the checks run: isolation, setup, per-run limits, what to redact."""

    unsafe_no_sandbox: bool
    setup: str | None
    timeout: float
    memory_mb: int
    secret_env: list[str] | None

    def limits(self) -> Limits:
        from remediate.models import Limits

        return Limits(timeout_s=self.timeout, memory_mb=self.memory_mb)


class PolicyOptions(Group):
    """The run's walls: what it may edit, how it is verified, what it may spend, when it is refused."""

    allow_edit: list[str] | None
    passes: int
    parallel_passes: int | None
    max_tool_calls: int | None
    max_usd: float | None
    run_max_usd: float | None
    run_max_seconds: float | None
    loop_same_call: int
    loop_same_error: int
    loop_invalid_streak: int
    breaker_generations: int
    max_retries: int

    def policy(self, limits: Limits) -> Policy:
        """Raises ValidationError for a value out of range (a budget of 0, passes 11...)."""
        from remediate.guards import LoopLimits
        from remediate.spec import BudgetOverride, Policy

        return Policy(
            allow_edit=tuple(self.allow_edit or ()),
            passes_required=self.passes,
            parallel_passes=self.parallel_passes,
            limits=limits,
            budget=BudgetOverride(tool_calls=self.max_tool_calls, usd=self.max_usd),
            run_budget=BudgetOverride(usd=self.run_max_usd, seconds=self.run_max_seconds),
            loop_limits=LoopLimits(
                same_call=self.loop_same_call, same_error=self.loop_same_error, invalid_streak=self.loop_invalid_streak
            ),
            breaker_generations=self.breaker_generations,
            max_retries=self.max_retries,
        )


class OutputOptions(Group):
    """Where the run's files go, what is printed, and what is done with a verified patch."""

    out_dir: Path | None
    as_json: bool
    apply: bool
    allow_control_chars: bool
    state: str | None


class PublishOptions(Group):
    publish: bool
    repo: str | None
    commit: str | None
    pr_base: str | None


class EvalOptions(Group):
    """`remediate eval`'s options, validated by the runner's own models once the suite is read."""

    suite_path: Path
    cases: str | None
    attempts: int | None
    concurrency: int | None
    model: str | None
    baseline: Path
    out_dir: Path | None
    validate_only: bool
    update_baseline: bool
    record: bool
    offline: bool
    gate: bool
    unsafe_no_sandbox: bool
    price_at: str
