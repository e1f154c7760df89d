"""Pydantic types shared by every layer: what crosses a boundary is one of these.

The facts' types live here; the run's (runmodels.py: results, routing, budgets, guards, the
report) are re-exported from here and load on first use, so `remediate facts` builds only the
few pydantic models it prints (bench/facts_start.py)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# Re-exported: every layer imports them from here.
from remediate.status import ExitCode, Status


# The models' empty defaults. Not `default_factory=list` / `dict`: pydantic asks each factory's
# signature whether it takes the validated data, and a builtin's is parsed from its text signature
# by the tokenizer (compiling tokenize's patterns first): ~5 ms of `remediate facts`' start for
# eleven fields (bench/facts_start.py). A function's signature is read from its code.
def _no_items() -> list[Any]:
    return []


def _no_entries() -> dict[Any, Any]:
    return {}


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------- facts


class Category(enum.StrEnum):
    TEST = "test"
    LINT = "lint"
    FORMAT = "format"
    TYPE = "type"
    DEPENDENCY = "dependency"
    BUILD = "build"
    DOCKERFILE = "dockerfile"
    SQL = "sql"
    CONFIG = "config"
    INFRA = "infra"
    UNKNOWN = "unknown"


class Severity(enum.StrEnum):
    """The level the tool itself gave a record (its own word: `error:`, `warning:`, `W0611`, `note:`)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # note, info, style, hint, suggestion: below a warning


class ErrorRecord(Frozen):
    """One error a tool reported, as typed as the tool's output allows."""

    tool: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    code: str | None = None
    message: str
    log_line: int | None = Field(default=None, description="1-based line in the original log")
    repeats: int = Field(default=0, ge=0, description="more errors with this normalised message, grouped here")
    also_at: list[str] = Field(default_factory=_no_items, description="a few of the grouped errors' file:line")
    examples: list[str] = Field(
        default_factory=_no_items,
        description="a few of the grouped errors' messages that differ from this one (other names, values, paths)",
    )
    severity: Severity = Field(
        default=Severity.ERROR,
        description="the level the tool gave it (error, warning, note); error where the tool gives none or the "
        "parser does not read one. A warning or a note decides no category alone: see facts.severity",
    )
    category: Category = Field(
        default=Category.UNKNOWN,
        description="what the error means (set once by the facts stage: the tool's concern, unless the message "
        "says more, e.g. a third party's missing module is a dependency failure whatever printed it)",
    )
    step: int | None = Field(
        default=None, ge=0, description="which of the log's CI steps or commands printed it (0-based, in log order)"
    )
    votes: bool = Field(
        default=True,
        description="False: shown (excerpt, report) but no evidence of the kind of failure the job had, a program's "
        "report that may not be what failed the job (UBSan in its default recover mode goes on and may exit 0)",
    )
    no_specialist: bool = Field(
        default=False,
        description="True: a failure no specialist fixes (a dead link, a size budget, a docs site's broken reference, "
        "a publish the registry refused), set by the facts stage from the parser's concern; its category stays unknown",
    )


class FailingTest(Frozen):
    id: str = Field(description="test id as the runner prints it, e.g. tests/test_x.py::test_y")
    file: str | None = None
    message: str | None = None
    step: int | None = Field(
        default=None, ge=0, description="which of the log's CI steps or commands reported it (as ErrorRecord.step)"
    )


class Summary(Frozen):
    """A test runner's or a linter's closing summary line in the failing step's output (facts/summaries.py):
    which kind of check it closes and how many failures it counts (0 and no file left unloaded: that run passed)."""

    category: Category = Field(description="test or lint: the kind of check the summary closes")
    failed: int = Field(ge=0, description="failures the summary counts; 0 when it says the run passed")
    text: str = Field(description="the summary line as printed (clipped, redacted)")
    log_line: int = Field(description="1-based line in the original log")
    step: int | None = Field(
        default=None, ge=0, description="which of the log's CI steps printed it (as ErrorRecord.step)"
    )
    # Left out of the JSON when 0 (every summary but a test run's whose files did not load): the facts of every
    # other run read as before.
    files_not_loaded: int = Field(
        default=0,
        ge=0,
        exclude_if=lambda n: n == 0,
        description="test files the runner counts failed though no test of theirs ran (Vitest's `Test Files  1 "
        "failed` over `Tests  no tests`, Jest's `Test Suites: 1 failed` over `Tests: 0 total`): they never loaded, "
        "on the import, transform or syntax error printed beside them; not failing tests (failed is 0)",
    )

    @property
    def failing(self) -> bool:
        """Whether the run it closes failed: it counts failures, or test files that never loaded."""
        return bool(self.failed or self.files_not_loaded)

    @property
    def counted(self) -> str:
        """What it counts, in words, where the rules and the triage agent's prompt say so: its failures, else the
        test files that never loaded; "" when the run passed."""
        if self.failed:
            return f"{self.failed} failure(s)"
        return f"{self.files_not_loaded} test file(s) that never loaded" if self.files_not_loaded else ""


class LineRange(Frozen):
    """1-based inclusive range of ORIGINAL log lines."""

    start: int
    end: int


class CiStep(Frozen):
    """A CI step or command whose exit status the CI reported, that it ran once the job had failed, or that ran
    before the failing one with no status shown (facts/ci/: Travis says of every `script:` command `The command
    "X" exited with N.`, 0 too, and runs its `after_failure` and `after_script` commands after the failure; GitHub
    Actions and GitLab go on to the next step only after one passed, and run post steps / after_script whatever the
    steps returned; a GitLab job page without its colours shows no status for the commands before the last)."""

    step: int = Field(ge=0, description="which of the log's CI steps or commands it is (as ErrorRecord.step)")
    command: str = Field(description="the command as the CI echoed it (clipped)")
    exit_code: int | None = Field(default=None, description="the status the CI reported, None when not shown")
    after_failure: bool = Field(
        default=False,
        description="run once the job had failed or whatever it returned (Travis' after_failure and after_script, "
        "GitHub's post steps, GitLab's after_script): no cause of it",
    )
    lines: LineRange | None = Field(default=None, description="its lines: its start to the line before the next step's")


# A job's result as GitHub Actions' `needs` context gives it (`needs.<job>.result`).
JobOutcome = Literal["success", "failure", "cancelled", "skipped"]


class JobResult(Frozen):
    job: str = Field(description="the job's id, as the `needs` context names it")
    result: JobOutcome


class ReportedJobs(Frozen):
    """The failing step only reports the results of other jobs (a required status check over the jobs it `needs`:
    a script comparing their interpolated results, `core.setFailed` over `toJSON(needs)`): nothing in this log is the
    cause, the failed job's own log is (facts/jobresults.py)."""

    jobs: list[JobResult] = Field(
        default_factory=_no_items,
        description="the jobs and results the log names; empty when it shows only the interpolated results compared",
    )
    shown: str = Field(description="the line that shows it (clipped)")

    def failed(self) -> list[str]:
        return [j.job for j in self.jobs if j.result != "success"]


# What the facts' category rests on, strongest first: a tool's parsed records (errors, failing
# tests) inside the failing step's output, parsed records elsewhere in the log, keyword lines only.
CategoryBasis = Literal["failing-step-records", "records", "keywords", "none"]


class Facts(Frozen):
    """Everything known about a failure before any model runs."""

    category: Category = Category.UNKNOWN
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    category_basis: CategoryBasis = Field(default="none", description="the kind of evidence behind the category")
    tools: list[str] = Field(default_factory=_no_items)
    failing_step: str | None = None
    failing_command: str | None = Field(
        default=None, description="the failing step's whole command block, as the CI ran it (multi-line)"
    )
    failed_line: str | None = Field(default=None, description="the command of that block that failed, when known")
    failing_shell: str | None = Field(
        default=None,
        description=(
            "the shell the CI ran the block with, when shown or the CI's own (facts/ci/scripts.CI_SHELLS: Travis "
            "`bash`, GitLab `bash -eo pipefail`), with what `set` lines run before the failed line set (`bash -e`)"
        ),
    )
    ran_command: str | None = Field(
        default=None,
        description="what the wrapper that line names (an npm, pnpm, Yarn or Composer script, a tox or nox "
        "session, a Rake task) ran, from its own report or echo; several parts joined by ` && ` when the log "
        "does not say which failed",
    )
    exit_code: int | None = None
    errors: list[ErrorRecord] = Field(default_factory=_no_items)
    failing_tests: list[FailingTest] = Field(default_factory=_no_items)
    summaries: list[Summary] = Field(
        default_factory=_no_items,
        description="closing summary lines of test runners and linters in the failing step's output, in log order",
    )
    step_titles: dict[int, str] = Field(
        default_factory=_no_entries,
        description="the title (its name or command) of each CI step that printed a record or failing test, by step",
    )
    steps: list[CiStep] = Field(
        default_factory=_no_items,
        description="the CI steps whose exit status the CI reported or that ran after the job had failed, in order",
    )
    excerpt: str = ""
    excerpt_lines: list[LineRange] = Field(default_factory=_no_items)
    excerpt_tokens: int = 0
    failure_blocks: int = Field(
        default=1,
        ge=1,
        description="independent places the log reports a failure in (failing steps, or failures of other error "
        "groups apart in one step); `--budget-tokens auto` spends 1,000 more tokens per block beyond the first",
    )
    redactions: dict[str, int] = Field(default_factory=_no_entries, description="rule -> count, never values")
    log_lines: int = 0
    log_bytes: int = 0
    repo: RepoFacts | None = None
    incomplete: str | None = Field(
        default=None, description="why some facts are missing (the facts stage's deadline passed), else none"
    )
    # left out of the JSON when none: a rare fact, and every other log's facts read as before it was added
    reported_jobs: ReportedJobs | None = Field(
        default=None,
        description="the failing step only reports other jobs' results (ReportedJobs), else none",
        exclude_if=lambda value: value is None,
    )
    # left out of the JSON when none, as reported_jobs
    stopped_building: str | None = Field(
        default=None,
        description="the build tool's last progress line when the failing step's output ends on it, no error and no "
        "test printed (facts/buildphase.py: killed mid-build), else none",
        exclude_if=lambda value: value is None,
    )

    def fingerprint_basis(self) -> str:
        """Stable text that identifies this failure (for dedup and idempotency keys). The command is
        the line that failed when the log shows it, else the step's block: editing another line of
        a multi-line `run:` block (a comment, an echo, a step after the failing one) keeps the key."""
        parts = [self.category.value, self.failed_line or self.failing_command or ""]
        parts += sorted(f"{e.tool}|{e.file}|{e.code}|{e.message[:200]}" for e in self.errors)
        parts += sorted(t.id for t in self.failing_tests)
        return "\n".join(parts)


Ecosystem = Literal["go", "cargo", "npm", "python"]


class OwnModule(Frozen):
    """A module the project's manifest names as its own (facts/manifests.py)."""

    name: str = Field(description="as the code imports it: a Go module path, a crate's, a package's name")
    manifest: str = Field(description="the repo-relative manifest that names it (go.mod, crates/rates/Cargo.toml)")
    ecosystem: Ecosystem


class RepoFacts(Frozen):
    tree: list[str] = Field(default_factory=_no_items, description="relative paths, truncated to a budget")
    files_named: list[str] = Field(default_factory=_no_items, description="files the errors name that exist")
    truncated: bool = False
    modules: list[OwnModule] = Field(default_factory=_no_items, description="the project's own modules, by name")
    commands: list[str] = Field(
        default_factory=_no_items,
        description="the commands the manifests' dependencies and console scripts would install (manifests.py)",
    )
    editable: bool = Field(
        default=False,
        description="the source's Python packages are imported from the source itself: the job installs it editable"
        " (`pip install -e .`, `poetry install`, `uv sync`, `pdm install`, `setup.py develop`, tox's usedevelop) or"
        " pytest's pythonpath holds their folder (facts/editable.py)",
    )

    def own_names(self) -> list[str]:
        """The tree's paths and the module names its manifests give: what owner.first_party and go_own read as
        the project's own (a name under `example.com/shop`, go.mod's module, though no folder spells it)."""
        return [*self.tree, *(m.name for m in self.modules)]

    def linked_names(self) -> list[str]:
        """The own modules a build takes from the source itself, as it is: Go's main and workspace modules, a Cargo
        workspace's crates, an npm workspace's packages (linked, not copied). A file or module below one that the
        build did not find (`@shop/rates/lib/tariff`, `shop_rates::tariff`) is the project's code, moved, renamed or
        never committed, not an installation's. A Python package is one only when `editable` (`acme.util.tariff` of
        `acme`): installed without `-e` it is a copy of the source, which may lack what the source holds."""
        return [m.name for m in self.modules if m.ecosystem != "python" or self.editable]


Facts.model_rebuild()

if TYPE_CHECKING:
    from remediate.runmodels import (
        Budget,
        CheckEnvironment,
        CheckRun,
        CheckSpec,
        ExecResult,
        FixReport,
        GuardEvent,
        GuardKind,
        Limits,
        Match,
        Measurement,
        Reproduction,
        ReproductionVerdict,
        Route,
        StageTiming,
        SubFix,
        Usage,
        Verification,
    )

# The run's types, defined in runmodels.py and loaded when one is first asked for (module docstring).
_RUN_TYPES = frozenset(
    (
        "Budget",
        "CheckEnvironment",
        "CheckRun",
        "CheckSpec",
        "ExecResult",
        "FixReport",
        "GuardEvent",
        "GuardKind",
        "Limits",
        "Match",
        "Measurement",
        "Reproduction",
        "ReproductionVerdict",
        "Route",
        "StageTiming",
        "SubFix",
        "Usage",
        "Verification",
    )
)

__all__ = [
    "Budget",
    "Category",
    "CategoryBasis",
    "CheckEnvironment",
    "CheckRun",
    "CheckSpec",
    "ErrorRecord",
    "ExecResult",
    "ExitCode",
    "Facts",
    "FailingTest",
    "FixReport",
    "Frozen",
    "GuardEvent",
    "GuardKind",
    "Limits",
    "LineRange",
    "Match",
    "Measurement",
    "RepoFacts",
    "Reproduction",
    "ReproductionVerdict",
    "Route",
    "StageTiming",
    "Status",
    "SubFix",
    "Summary",
    "Usage",
    "Verification",
]


if not TYPE_CHECKING:  # mypy reads the run's types from the import above; a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        if name not in _RUN_TYPES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from remediate import runmodels

        return getattr(runmodels, name)
