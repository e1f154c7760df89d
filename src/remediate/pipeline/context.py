"""One run's context: what it is given (RunDeps) and the state the stages fill in, in order (Run: its stages
timed and told, its budget meter), and what several stages ask of it: the check as the rules' evidence
(given_check), the check with the specialists' install steps (check_of), the run's wall time (within_run_time)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import anyio

from remediate import breaker
from remediate.agents import Specialist
from remediate.client import ClientHandle
from remediate.errors import Stop
from remediate.facts import extract_facts
from remediate.guards import BudgetMeter
from remediate.loop import LoopResult
from remediate.models import (
    CheckSpec,
    ExecResult,
    Facts,
    GuardEvent,
    Measurement,
    Route,
    StageTiming,
    Status,
    SubFix,
    Usage,
    Verification,
)
from remediate.progress import Event, Note, StageEnded, StageStarted
from remediate.spec import FixSpec
from remediate.tools import CheckCommand
from remediate.trace import RunTracer, get_tracer

if TYPE_CHECKING:
    from remediate.session import Backend


@dataclass(frozen=True)
class RunDeps:
    """What a run is given and never changes."""

    spec: FixSpec
    backend: Backend
    tracer: RunTracer | None = None  # the run record; None: not recorded


@dataclass
class Run:
    """One run's context: its frozen dependencies and the state the stages fill in, in order."""

    deps: RunDeps
    check: CheckSpec | None = None  # given, or inferred from the facts
    timings: list[StageTiming] = field(default_factory=list)
    events: list[GuardEvent] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    facts: Facts | None = None
    route: Route | None = None
    patch: str = ""
    check_changes: str = ""  # what check runs changed in tracked files: reported, never shipped
    root_cause: str = ""
    usage: Usage = field(default_factory=Usage)
    tool_calls: int = 0
    verification: Verification | None = None
    sub_fixes: list[SubFix] = field(default_factory=list)
    model: str | None = None
    client: ClientHandle | None = None  # one model client per run, shared by triage and specialist
    client_opened: ClientHandle | None = None  # kept after closing: its cassette player tells a replay's story
    meter: BudgetMeter = field(init=False)
    attempt_key: str | None = None  # set by admission: side effects claim it
    registered: str | None = None  # run id registered in the state store
    commit: str | None = None  # the failing commit as admission resolved it
    project: str | None = None
    lineage: breaker.Decision | None = None  # set by admission: attempt number, the failed fix it retries
    retry_notes: list[str] = field(default_factory=list)  # facts about the previous attempt, for the model
    background: anyio.abc.TaskGroup | None = None
    used: list[Specialist] = field(default_factory=list)  # the specialist of each stage, in order
    loop: LoopResult | None = None  # the last stage's model loop (None: its fixers alone)

    def __post_init__(self) -> None:
        self.meter = BudgetMeter(self.spec.policy.whole_run_budget(), scope="run")

    current_stage: str = ""
    depth: int = 0  # stages open now (context runs inside specialist)
    staged_s: float = 0.0  # wall time inside top-level stages: the rest of the root span is in none

    @property
    def spec(self) -> FixSpec:
        return self.deps.spec

    @property
    def backend(self) -> Backend:
        return self.deps.backend

    def say(self, text: str) -> None:
        self.tell(Note(text))

    def tell(self, event: Event) -> None:
        if self.backend.on_event is not None:
            self.backend.on_event(event)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        outer, self.current_stage = self.current_stage, name
        self.depth += 1
        self.tell(StageStarted(name))
        with get_tracer("remediate").start_as_current_span(f"remediate.{name}"):
            try:
                yield
                # Only a stage that ended normally hands back: an interrupted run reports where it stopped.
                self.current_stage = outer
            finally:
                seconds = time.monotonic() - started
                self.depth -= 1
                if self.depth == 0:
                    self.staged_s += seconds
                self.timings.append(StageTiming(stage=name, seconds=round(seconds, 3)))
                self.tell(StageEnded(name, seconds))


def given_check(run: Run) -> str | None:
    """The check as the rules' evidence: the user's word when given; an inferred check is only the
    log's failing command, which the rules already weigh as such (calibrated, see triage/confidence.py)."""
    return run.check.command if run.check is not None and not run.check.inferred else None


def check_of(run: Run, specialists: Sequence[Specialist]) -> CheckCommand:
    """The check with the specialists' install steps (e.g. the dependency install) before it."""
    assert run.check is not None
    prelude = "\n".join(dict.fromkeys(s.install for s in specialists if s.install)) or None
    return CheckCommand(argv=run.check.argv(prelude=prelude), limits=run.spec.policy.limits)


def within_run_time(run: Run) -> None:
    """Between stages: the run's wall-time budget (the loop checks it between calls)."""
    if spent := run.meter.exhausted_time():
        run.events.append(GuardEvent(kind=spent.kind, detail=str(spent)))
        raise Stop(Status.BUDGET_EXHAUSTED, f"budget exhausted ({spent}); the partial diff is kept")


async def rerun_facts(run: Run, after: ExecResult) -> Facts:
    """The facts of a re-run check's output (the run's budget, its secrets redacted), read off the event loop."""
    return await read_facts(run, after.output.encode("utf-8", "replace"))


async def read_facts(run: Run, log: Path | bytes, source: Path | None = None) -> Facts:
    """A log's facts, read off the event loop with the run's budget and secrets, and the values the logs read so far
    declared secret (`::add-mask::`). The values this log declares join the run's one Redactor: a sandbox tool that
    prints one again (a test echoing its environment) is redacted in the model's requests, the trace and the report."""
    redactor, budget = run.backend.redactor, run.spec.budget_tokens
    secrets, declared = (*run.backend.secrets, *redactor.masks), list[str]()
    facts = await anyio.to_thread.run_sync(
        lambda: extract_facts(log, source=source, budget_tokens=budget, secrets=secrets, on_masks=declared.extend)
    )
    redactor.learn_masks(declared)
    return facts
