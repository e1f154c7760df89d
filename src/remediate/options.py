"""The `fix` and `eval` command-line options, each declared once: an annotated type per option
(its flag and help for typer), and a field with its default in the group of its concern.

A group is a pydantic model. `takes(*groups)` gives a command the typer signature of its groups'
fields and calls it with one instance of each group, so cli.py's helpers take a group or two
instead of a dozen loose values, and a new option is a field, not a parameter of `fix`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_type_hints

import typer
from pydantic import BaseModel, ConfigDict

from remediate.pricing import DEFAULT_MODEL, DEFAULT_TRIAGE_MODEL

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
    """Options of one concern. Each field is declared once, here: its type is the option's
    annotated type above (typer reads the flag and help from it), its default the option's."""

    model_config = ConfigDict(frozen=True, extra="forbid")


G = TypeVar("G", bound=Group)
R = TypeVar("R")


def group(cls: type[G], values: dict[str, Any]) -> G:
    """The group `cls` out of a command's arguments (typer has already checked their types)."""
    return cls.model_validate({name: values[name] for name in cls.model_fields})


def takes(*groups: type[Group]) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """A typer command whose options are the fields of `groups`, in their order: typer reads the
    signature built here (one keyword parameter per field, with its annotated option type and
    default), and the command receives one instance of each group. A new option is a field in
    its group, never a parameter added to a command."""

    def wrap(command: Callable[..., R]) -> Callable[..., R]:
        params: list[inspect.Parameter] = []
        for cls in groups:
            hints = get_type_hints(cls, include_extras=True)
            for name, field in cls.model_fields.items():
                default = inspect.Parameter.empty if field.is_required() else field.default
                params.append(
                    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hints[name])
                )

        @functools.wraps(command)
        def run(**values: Any) -> R:
            return command(*(group(cls, values) for cls in groups))

        run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        run.__annotations__ = {}
        return run

    return wrap


class RunInputs(Group):
    """What to fix and with which model."""

    source: Source
    log: Log
    check: Check = None
    model: Model = None
    triage_model: TriageModel = DEFAULT_TRIAGE_MODEL
    cassette: Cassette = None
    record: Record = False
    allow_unknown_model: AllowUnknownModel = False


class OutputOptions(Group):
    """Where the run's files go, what is printed, and what is done with a verified patch."""

    out_dir: OutDir = None
    as_json: AsJson = False
    apply: Apply = False
    allow_control_chars: AllowControlChars = False
    state: State = None


class SandboxOptions(Group):
    """How the checks run: isolation, setup, per-run limits, what to redact."""

    secret_env: SecretEnv = None
    unsafe_no_sandbox: UnsafeNoSandbox = False
    setup: Setup = None
    timeout: Timeout = 600.0
    memory_mb: MemoryMb = 4096

    def limits(self) -> Limits:
        from remediate.models import Limits

        return Limits(timeout_s=self.timeout, memory_mb=self.memory_mb)


class PolicyOptions(Group):
    """The run's walls: what it may edit, how it is verified, what it may spend, when it is refused."""

    allow_edit: AllowEdit = None
    passes: Passes = 2
    parallel_passes: ParallelPasses = None
    max_tool_calls: MaxToolCalls = None
    max_usd: MaxUsd = None
    breaker_generations: BreakerGenerations = 1
    max_retries: MaxRetries = 1
    run_max_usd: RunMaxUsd = None
    run_max_seconds: RunMaxSeconds = None
    loop_same_call: LoopSameCall = 3
    loop_same_error: LoopSameError = 3
    loop_invalid_streak: LoopInvalidStreak = 5

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


class PublishOptions(Group):
    publish: Publish = False
    repo: Repo = None
    commit: Commit = None
    pr_base: PrBase = None


class EvalOptions(Group):
    """`remediate eval`'s options, validated by the runner's own models once the suite is read."""

    suite_path: SuitePath = Path("evals/suite.toml")
    cases: Cases = None
    attempts: Attempts = None
    concurrency: Concurrency = None
    model: SuiteModel = None
    baseline: Baseline = Path("evals/baseline.json")
    out_dir: ReportDir = None
    validate_only: Validate = False
    update_baseline: UpdateBaseline = False
    record: RecordCassettes = False
    offline: Offline = False
    gate: Gate = True
    unsafe_no_sandbox: UnsafeNoSandboxEval = False
    price_at: PriceAt = DEFAULT_MODEL
