"""One `fix`: facts -> reproduce -> triage -> prefix -> specialist -> verify -> report.

Nothing here knows which sandbox backend runs it or whether the model is live or replayed.
Every path out of `run_fix` is a typed FixReport; nothing raises to the caller.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
from opentelemetry import trace as otel_trace
from pydantic import ValidationError

from remediate import breaker
from remediate.agents import SPECIALISTS, Specialist
from remediate.agents.context import TASK, render_facts
from remediate.agents.languages import Language, detect_language, for_failure, system_prompt
from remediate.agents.providers import PROVIDERS, ContextRequest
from remediate.client import ClientHandle, ModelAccessError, open_client
from remediate.diffs import changed_paths, parse_patch
from remediate.errors import EMPTY_LOG, RemediateError, Stop, message_of, status_of
from remediate.facts import extract_facts
from remediate.guards import BudgetMeter
from remediate.loop import LoopConfig, LoopResult, StopReason, run_loop
from remediate.models import (
    CheckSpec,
    ExecResult,
    ExitCode,
    Facts,
    FixReport,
    GuardEvent,
    GuardKind,
    Measurement,
    Reproduction,
    ReproductionVerdict,
    Route,
    StageTiming,
    Status,
    SubFix,
    Usage,
    Verification,
)
from remediate.pricing import DEFAULT_MODEL
from remediate.progress import Event, Note, StageEnded, StageStarted
from remediate.reach import Writer, out_of_reach
from remediate.reports import patch_digest, redact_model, redact_report
from remediate.reproduce import classify
from remediate.sandbox.base import Sandbox, SandboxError
from remediate.spec import FixSpec
from remediate.state import AttemptRefused, StateError, StateStore, attempt_key
from remediate.terminal import control_character_summary
from remediate.tools import CheckCommand, PathPolicy, Toolbox
from remediate.trace import RunTracer, get_tracer, mark_interrupted, mark_outcome, record_check, record_verification
from remediate.triage import TriageResult, route_by_rules, several, triage
from remediate.verify import SYMPTOM_RULES, Candidate, PatchRule, summarize, verify_patch

if TYPE_CHECKING:
    import anthropic

    from remediate.session import Backend


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunDeps:
    """What a run is given and never changes."""

    spec: FixSpec
    backend: Backend
    tracer: RunTracer | None = None  # the run record; None: not recorded


@dataclass
class _Run:
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


@dataclass(frozen=True)
class PipelineResult:
    report: FixReport
    client: ClientHandle | None  # the model client the run opened; None: no model was asked


async def run_fix(spec: FixSpec, backend: Backend, record: RunTracer | None = None) -> PipelineResult:
    """The stages, in order; called only by `session.run_session` (`record`: the run's tracer)."""
    run = _Run(RunDeps(spec, backend, record))
    status, message, trace_id = await _traced(run)
    if hidden := control_character_summary(run.patch):
        run.events.append(GuardEvent(kind=GuardKind.CONTROL_CHARACTERS, detail=hidden))
    report = _report(run, status, message, trace_id)
    # Last wall: nothing in the report may carry a secret, whatever path put it there.
    return PipelineResult(redact_report(report, backend.redactor), run.client_opened)


async def _traced(run: _Run) -> tuple[Status, str, str | None]:
    """The run under its root span, which records how it ended; the status, its message and the
    trace id (None: tracing is off)."""
    started = time.monotonic()
    tracer = get_tracer("remediate")
    with tracer.start_as_current_span("invoke_agent remediate") as root:
        root.set_attributes(
            {
                "gen_ai.operation.name": "invoke_agent",
                "gen_ai.agent.name": "remediate",
                "remediate.run_id": run.spec.run_id,
            }
        )
        context = root.get_span_context()
        trace_id = f"{context.trace_id:032x}" if context.is_valid else None
        try:
            async with anyio.create_task_group() as background:
                run.background = background
                status, message = await _interruptible(run)
                background.cancel_scope.cancel()
        except BaseException:  # cancelled or interrupted: the record still says how it ended
            mark_interrupted(root)
            raise
        await _release(run, status, message)
        mark_outcome(root, status.value, failed=status in (Status.ERROR, Status.INTERRUPTED))
        root.set_attribute("remediate.unstaged_seconds", round(time.monotonic() - started - run.staged_s, 3))
    return status, message, trace_id


def _report(run: _Run, status: Status, message: str, trace_id: str | None) -> FixReport:
    """The run's FixReport, from what the stages filled in."""
    spec, backend = run.spec, run.backend
    return FixReport(
        run_id=spec.run_id,
        status=status,
        message=message,
        exit_code=int(ExitCode.of(status)),
        check=run.check,
        commit=run.commit or spec.commit,
        attempt_key=run.attempt_key,
        project=run.project or spec.project,
        base=spec.base,
        attempt=run.lineage.attempt if run.lineage else 1,
        retry_of=run.lineage.trip.run_id if run.lineage and run.lineage.trip else None,
        route=run.route,
        facts=run.facts,
        patch=run.patch,
        changed_files=changed_paths(run.patch),
        check_changes=run.check_changes,
        root_cause=run.root_cause,
        verification=run.verification,
        usage=run.usage,
        tool_calls=run.tool_calls,
        timings=run.timings,
        guard_events=run.events,
        measurements=run.measurements,
        trace_id=trace_id,
        model=run.model,
        environment=backend.describe_environment() if backend.describe_environment is not None else None,
        sub_fixes=run.sub_fixes,
    )


async def _interruptible(run: _Run) -> tuple[Status, str]:
    """The run's work, cancelled by SIGINT/SIGTERM (interrupt.py); then the spend so far is reported."""
    interrupt = run.backend.interrupt
    if interrupt is None:
        return await _guarded(run)
    outcome: tuple[Status, str] | None = None
    with interrupt.scope():
        outcome = await _guarded(run)
    if outcome is not None and interrupt.signum is None:
        return outcome
    if run.meter.usage.usd >= run.usage.usd:
        # Calls the specialist made before the stop are in the run meter, not yet in run.usage.
        run.usage = run.meter.usage.model_copy()
    run.tool_calls = max(run.tool_calls, run.meter.tool_calls)
    # Between two stages, the last one that ended says where the run was.
    if run.current_stage:
        where = f"during {run.current_stage}"
    else:
        where = f"after {run.timings[-1].stage}" if run.timings else "before the first stage"
    return Status.INTERRUPTED, f"interrupted by {interrupt.name} {where}; the spend so far is in the report"


async def _guarded(run: _Run) -> tuple[Status, str]:
    try:
        outcome = await _fix(run)
    except RemediateError as exc:
        outcome = status_of(exc), message_of(exc)
    except Exception as exc:  # the one place that turns surprises into a typed status
        log.exception("internal error in run %s", run.spec.run_id)
        outcome = status_of(exc), message_of(exc)
    return _replay_checked(run, outcome)


def _replay_checked(run: _Run, outcome: tuple[Status, str]) -> tuple[Status, str]:
    """A cassette that stopped matching the run's requests is the wrong input for this run, not a
    model failure: the run ends bad_input with the first divergence (a verified fix still stands)."""
    player = run.client_opened.player if run.client_opened is not None else None
    if player is None or not player.mismatches:
        return outcome
    first = run.backend.redactor.redact(player.mismatches[0])
    run.events.append(GuardEvent(kind=GuardKind.CASSETTE_DIVERGED, detail=first))
    if outcome[0] == Status.FIXED:
        return outcome
    return Status.BAD_INPUT, (
        f"the cassette diverged from this run ({first}); replay the cassette recorded for this failure, "
        "or record a new one with --record"
    )


async def _fix(run: _Run) -> tuple[Status, str]:
    """The stages in order over one run context; a stage that ends the run raises Stop."""
    for stage in (_read_facts, _within_reach, _admit, _prepare, _reproduce, _route, _specialists):
        await stage(run)
    return await _verify(run)


async def _read_facts(run: _Run) -> None:
    with run.stage("facts"):
        run.facts = await _facts(run.spec, run.backend.secrets)
    run.check = run.spec.check or _inferred_check(run.facts)


async def _within_reach(run: _Run) -> None:
    """Before any spend: a failure that no edit remediate may make can fix (every error in a protected
    file such as a workflow, or a setting, secret or token permission the job lacks) ends the run
    here, refused, with what and why (remediate/reach.py)."""
    with run.stage("reach"):
        verdict = out_of_reach(_facts_of(run), _writers(run))
    if verdict is None:
        return
    run.events.append(GuardEvent(kind=GuardKind.OUT_OF_REACH, detail=verdict.detail))
    raise Stop(Status.REFUSED, verdict.message)


def _writers(run: _Run) -> list[Writer]:
    """Who would fix the failure, with the paths it may not write as this run applies them: the rules'
    specialist when the rules decide (triage then routes there), else every specialist."""
    facts, check = _facts_of(run), run.check
    assert check is not None
    language = detect_language(facts, check.command)
    route = route_by_rules(facts, _given_check(run))
    names = [route.specialist] if route is not None else list(SPECIALISTS)
    allow = run.spec.policy.allow_edit
    return [Writer(name, for_failure(SPECIALISTS[name], language, facts).policy(allow)) for name in names]


def _facts_of(run: _Run) -> Facts:
    assert run.facts is not None
    return run.facts


async def _reproduce(run: _Run) -> None:
    """The check on the untouched source: only the log's own failure is worth a model call."""
    assert run.facts is not None and run.check is not None
    redactor, facts, budget = run.backend.redactor, run.facts, run.spec.budget_tokens
    with run.stage("reproduce"):
        async with run.backend.open_sandbox() as sandbox:
            result = await sandbox.run(run.check.argv(), run.spec.policy.limits)
        reproduced = summarize(result, redactor)
        record_check(otel_trace.get_current_span(), reproduced)
        verdict = await anyio.to_thread.run_sync(lambda: classify(facts, result, budget_tokens=budget))
    run.verification = Verification(reproduced=reproduced, reproduction=redact_model(verdict, redactor))
    _reproduction_stop(run, verdict, result)


async def _route(run: _Run) -> None:
    """The rules, or the triage micro-agent when they are unsure: which specialist, in which language."""
    assert run.facts is not None and run.check is not None
    with run.stage("triage"):
        decision = await triage(
            run.facts, check=_given_check(run), open_client=lambda: _triage_client(run), model=run.spec.triage_model
        )
        _account_triage(run, decision)
    if decision.route is None:
        await _close_client(run)
        raise Stop(
            Status.NOT_FIXED,
            f"no specialist for this failure ({decision.category.value}, decided by {decision.decided_by}): "
            f"{decision.reason}",
        )
    language = detect_language(run.facts, run.check.command)
    run.route = decision.route.model_copy(update={"language": language.value})


async def _verify(run: _Run) -> tuple[Status, str]:
    """The combined patch on a fresh copy: every stage's install step, protections and own rules."""
    assert run.verification is not None
    check, policy = _combined(run, run.used)
    reproduced, passes = run.verification.reproduced, run.spec.policy.passes_required
    _within_run_time(run)
    with run.stage("verify"):
        verification = await verify_patch(
            run.backend.open_sandbox,
            Candidate(run.patch, run.check_changes, _rules(run)),
            check,
            policy,
            run.backend.redactor,
            passes_required=passes,
            parallel=run.spec.policy.parallel_passes,
            reproduced=reproduced,
        )
        record_verification(otel_trace.get_current_span(), verification, passes)
    run.verification = verification.model_copy(
        update={
            "reproduced": reproduced,
            "reproduction": run.verification.reproduction,
            "patch_sha256": patch_digest(run.patch),
        }
    )
    run.events += [GuardEvent(kind=GuardKind.PROTECTED_PATH, detail=p) for p in verification.protected_paths_touched]
    run.events += [GuardEvent(kind=GuardKind.SYMPTOM_PATCH, detail=f) for f in verification.symptom_findings]
    if not verification.passed:
        raise Stop(Status.NOT_FIXED, f"not verified: {verification.reason}")
    return Status.FIXED, f"fixed by {_how(run)}; {verification.reason}"


async def _prepare(run: _Run) -> None:
    """Once per run, when the backend has it: select the work copy, run --setup."""
    if run.backend.prepare is None:
        return
    with run.stage("prepare"):
        await _prepared(run, run.backend.prepare)


async def _prepared(run: _Run, prepare: Callable[[], Awaitable[ExecResult | None]]) -> None:
    try:
        setup = await prepare()
    except SandboxError as exc:
        raise Stop(Status.BAD_INPUT, f"cannot prepare the sandbox: {exc}") from exc
    if setup is None:
        return
    tail = run.backend.redactor.redact(setup.output[-600:].strip())
    if not setup.ok:
        how = "timed out" if setup.timed_out else f"failed (exit {setup.exit_code})"
        raise Stop(Status.BAD_INPUT, f"the --setup command {how}; nothing else ran: {tail}")
    run.say(f"  setup: done in {setup.duration_s:.1f}s")


def _reproduction_stop(run: _Run, verdict: ReproductionVerdict, result: ExecResult) -> None:
    """Only the log's own failure is worth a model call (remediate/reproduce.py)."""
    reason = run.backend.redactor.redact(verdict.reason)
    if verdict.kind == Reproduction.PASSED:
        raise Stop(
            Status.NOT_REPRODUCED,
            f"the check passed on the untouched source ({result.duration_s:.1f}s): the failure is flaky or "
            "depends on the CI environment; no model was called",
        )
    if result.exit_code == 127 and not result.timed_out:
        tail = run.backend.redactor.redact(result.output[-300:].strip())
        raise Stop(Status.BAD_INPUT, f"the check command could not start in the sandbox (exit 127): {tail}")
    if verdict.kind == Reproduction.DIFFERENT:
        raise Stop(Status.DIFFERENT_FAILURE, f"{reason}; no model was called. To fix the environment: {verdict.hint}")
    run.say(f"  reproduced: {reason}")
    if verdict.kind == Reproduction.PARTIAL:
        run.events.append(GuardEvent(kind=GuardKind.PARTIAL_REPRODUCTION, detail=reason))


def _given_check(run: _Run) -> str | None:
    """The check as the rules' evidence: the user's word when given; an inferred check is only the
    log's failing command, which the rules already weigh as such (calibrated, see triage/confidence.py)."""
    return run.check.command if run.check is not None and not run.check.inferred else None


def _inferred_check(facts: Facts) -> CheckSpec:
    """No --check: the failing step's command, as the log shows it."""
    if not facts.failing_command:
        raise Stop(
            Status.BAD_INPUT,
            "no check command: the log does not show the failing step's command; pass --check 'COMMAND'",
        )
    try:
        return CheckSpec(command=facts.failing_command, inferred=True)
    except ValidationError as exc:
        raise Stop(
            Status.BAD_INPUT,
            f"the failing step's command cannot be used as the check ({exc.errors()[0]['msg']}); pass --check",
        ) from exc


async def _facts(spec: FixSpec, secrets: tuple[str, ...]) -> Facts:
    log_input: Path | bytes
    if spec.log_path is not None:
        log_input = spec.log_path
    elif spec.log_bytes is not None:
        log_input = spec.log_bytes
    else:
        raise Stop(Status.BAD_INPUT, "no log given")
    facts = await anyio.to_thread.run_sync(
        lambda: extract_facts(log_input, source=spec.source_dir, budget_tokens=spec.budget_tokens, secrets=secrets)
    )
    if facts.log_bytes == 0:
        raise Stop(Status.BAD_INPUT, EMPTY_LOG)
    return facts


async def _model_client(run: _Run) -> anthropic.AsyncAnthropic:
    """The run's one model client (triage and specialist share it, and so share one cassette)."""
    backend = run.backend
    if run.client is None:
        provider = run.deps.tracer.provider if run.deps.tracer else None
        run.client = open_client(backend.access, backend.redactor, provider)
        run.client_opened = run.client
    return run.client.client


async def _triage_client(run: _Run) -> anthropic.AsyncAnthropic:
    if spent := run.meter.exhausted_before_model_call():
        raise ModelAccessError(f"the run budget is spent ({spent})")
    return await _model_client(run)


async def _close_client(run: _Run) -> None:
    if run.client is not None:
        handle, run.client = run.client, None
        with anyio.CancelScope(shield=True):  # also when a signal cancelled the run
            await handle.aclose(run.model or run.spec.triage_model)


def _account_triage(run: _Run, decision: TriageResult) -> None:
    run.events.extend(decision.events)
    if decision.usage.model_calls:
        run.usage.add(decision.usage)
        run.meter.record_model_call(decision.usage)
    span = otel_trace.get_current_span()
    span.set_attributes(
        {
            "remediate.triage.decided_by": decision.decided_by,
            "remediate.triage.category": decision.category.value,
            "remediate.triage.specialist": decision.route.specialist if decision.route else "",
        }
    )
    where = decision.route.specialist if decision.route else "no specialist"
    run.say(f"  route: {decision.category.value} -> {where} ({decision.decided_by}): {decision.reason[:200]}")


async def _run_prefix(
    run: _Run, sandbox: Sandbox, specialist: Specialist, check: CheckCommand, tools: Sequence[str]
) -> ExecResult | None:
    """The specialist's deterministic fixers, on the files the failure names. Returns the check
    re-run after them when they changed anything, else None (nothing changed, nothing learned)."""
    spec = run.spec
    assert run.route is not None and run.check is not None
    files = specialist.prefix_files(run.route.target_files, spec.policy.allow_edit)
    before = await sandbox.diff()
    ran = False
    for step in specialist.prefix:
        if not step.applies(run.route.category, tools, run.check):
            continue
        argv = step.command(files)
        if argv is None:
            run.say(f"  prefix skipped (no writable target files): {step.description}")
            continue
        result = await sandbox.run(argv, spec.policy.limits, authored=True)
        ran = True
        run.say(f"  prefix `{step.render(files)}`: exit {result.exit_code}")
    if not ran or await sandbox.diff() == before:
        return None
    return await sandbox.run(check.argv, check.limits)


# A job with more independent failures than this is not one fix.
MAX_STAGES = 4
# Checks that run several tools (or a driver that does): one may fail after another is fixed.
_COMPOUND = re.compile(r"&&|\|\||;|\n|\b(?:make|just|task|tox|nox|pre-commit)\b|\bnpm\s+run\b|\bpnpm\s+run\b")


@dataclass
class _Stage:
    """What one stage works on: its specialist, its route, the tools that failed, the failing output."""

    specialist: Specialist
    route: Route
    tools: list[str]
    failing: ExecResult | None = None  # the check's re-run that this stage starts from (None: the CI log)


async def _specialists(run: _Run) -> None:
    """One stage for every failure of the job: deterministic fixers first, the specialist when the
    check still fails; when the check then fails for another reason, the next specialist takes
    that, in the same work copy, with its own budget under the run's. Sets run.patch, run.used and
    run.loop; a loop that stopped (budget, loop, API) ends the run with its partial diff."""
    assert run.facts is not None and run.route is not None and run.check is not None
    first_route = run.route
    plan = several(run.facts, _given_check(run))
    if len(plan) > 1:
        detail = "several failures: " + ", ".join(c.value for c in plan)
        run.events.append(GuardEvent(kind=GuardKind.SEVERAL, detail=detail))
    rerun = len(plan) > 1 or bool(_COMPOUND.search(run.check.command))
    first = for_failure(SPECIALISTS[first_route.specialist], Language(first_route.language or "python"), run.facts)
    stage: _Stage | None = _Stage(first, first_route, list(run.facts.tools))
    try:
        _within_run_time(run)
        async with AsyncExitStack() as work:
            # Opening (copying the project) and removing the work copy are stages too: every second
            # of a run is in one (tests/obs/test_stage_coverage.py).
            with run.stage("workcopy"):
                sandbox = await work.enter_async_context(run.backend.open_sandbox())
            while stage is not None and len(run.used) < MAX_STAGES:
                run.used.append(stage.specialist)
                run.route = stage.route
                if run.loop is not None:
                    run.events.extend(run.loop.events)  # an earlier stage's walls
                run.loop, after = await _stage(run, sandbox, stage, rerun=rerun)
                if (run.loop is not None and _status_of_stop(run.loop) is not None) or after is None or after.ok:
                    break
                stage = await _next_stage(run, after, run.used)
            with run.stage("workcopy"):
                await _record_check_changes(run, sandbox)
                await work.aclose()
    finally:
        await _close_client(run)
    run.route = first_route
    if run.loop is not None:
        run.events.extend(run.loop.events)
        if run.loop.finish is not None:
            run.root_cause = run.loop.finish.root_cause
        if stopped := _status_of_stop(run.loop):
            raise Stop(*stopped)


async def _record_check_changes(run: _Run, sandbox: Sandbox) -> None:
    """What the check runs wrote into tracked files: in the report beside the patch, never in it."""
    run.check_changes = run.backend.redactor.redact(await sandbox.run_changes())
    if files := changed_paths(run.check_changes):
        detail = "changed by check runs, not in the patch: " + ", ".join(files)
        run.events.append(GuardEvent(kind=GuardKind.CHECK_CHANGES, detail=detail))


@dataclass(frozen=True)
class _StageStart:
    """Where the run stood when a stage began: what its sub-fix is counted from."""

    files: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # the work copy's diff after the earlier stages
    usage: Usage
    tool_calls: int


async def _stage(
    run: _Run, sandbox: Sandbox, stage: _Stage, *, rerun: bool
) -> tuple[LoopResult | None, ExecResult | None]:
    """One stage: its fixers, then (when the check still fails) its model loop. Returns the loop
    (None: the fixers alone) and the check's output after the stage (None: not re-run)."""
    specialist = stage.specialist
    check = _check_of(run, [specialist])
    start = _StageStart(_file_changes(run.patch), run.usage.model_copy(), run.tool_calls)
    after = stage.failing
    loop_result: LoopResult | None = None
    fixed: ExecResult | None = None
    if specialist.prefix:
        with run.stage("prefix"):
            fixed = await _run_prefix(run, sandbox, specialist, check, stage.tools)
        after = fixed or after
    # The fixers fixed their part and something else fails now: the next stage's, not this model's.
    handed_on = fixed is not None and not fixed.ok and rerun and await _other_failure(run, fixed, specialist)
    if (after is None or not after.ok) and not handed_on:
        with run.stage("specialist"):
            loop_result = await _stage_loop(run, sandbox, stage, check, after)
        after = None
        if rerun and _status_of_stop(loop_result) is None:
            with run.stage("rerun"):  # what still fails after this stage: a whole check run
                after = await sandbox.run(check.argv, check.limits)
    with run.stage("workcopy"):
        run.patch = run.backend.redactor.redact(await sandbox.diff())
    run.sub_fixes.append(_sub_fix(run, stage, start, loop_result))
    return loop_result, after


async def _stage_loop(
    run: _Run, sandbox: Sandbox, stage: _Stage, check: CheckCommand, after: ExecResult | None
) -> LoopResult:
    """The stage's specialist's model loop, with the tools it may use on this sandbox."""
    specialist = stage.specialist
    toolbox = Toolbox(
        sandbox=sandbox,
        check=check,
        names=specialist.tools,
        policy=specialist.policy(run.spec.policy.allow_edit),
        redactor=run.backend.redactor,
    )
    try:
        return await _specialist(run, specialist, toolbox, after, later=stage.failing is not None)
    except RemediateError as exc:
        if after is None or status_of(exc) != Status.BAD_INPUT:
            raise
        # No model (no key): the earlier work is reported, not thrown away.
        run.patch = run.backend.redactor.redact(await sandbox.diff())
        raise Stop(
            Status.NOT_FIXED,
            f"the deterministic fixers changed files but the check still fails, and {message_of(exc)}; "
            "their diff is in the report",
        ) from exc


def _sub_fix(run: _Run, stage: _Stage, start: _StageStart, loop_result: LoopResult | None) -> SubFix:
    """What one stage did: the files it changed, who changed them, what it spent."""
    changed = _file_changes(run.patch)
    return SubFix(
        specialist=stage.specialist.name,
        category=stage.route.category,
        language=stage.route.language,
        by="prefix" if loop_result is None else "specialist",
        files=sorted(p for p, change in changed.items() if start.files.get(p) != change),
        model_calls=run.usage.model_calls - start.usage.model_calls,
        tool_calls=run.tool_calls - start.tool_calls,
        usd=round(run.usage.usd - start.usage.usd, 6),
        root_cause=loop_result.finish.root_cause if loop_result and loop_result.finish else "",
    )


async def _remaining(run: _Run, after: ExecResult) -> tuple[Facts, Route | None]:
    """The facts of a re-run's output and their route by the rules. The check command names every
    tool of the job, so it is left out: the re-run's own output says which one fails now."""
    assert run.facts is not None
    output = after.output.encode("utf-8", "replace")
    remaining = await anyio.to_thread.run_sync(
        lambda: extract_facts(output, budget_tokens=run.spec.budget_tokens, secrets=run.backend.secrets)
    )
    remaining = remaining.model_copy(update={"repo": run.facts.repo})
    return remaining, route_by_rules(remaining)


async def _other_failure(run: _Run, after: ExecResult, specialist: Specialist) -> bool:
    _, route = await _remaining(run, after)
    return route is not None and route.specialist != specialist.name


async def _next_stage(run: _Run, after: ExecResult, used: Sequence[Specialist]) -> _Stage | None:
    """What still fails after a stage, routed by the rules on the re-run's own output; None when it
    is the same kind of failure again (that specialist already had its turn) or nothing is sure."""
    assert run.check is not None
    remaining, route = await _remaining(run, after)
    if route is None or route.specialist in {s.name for s in used}:
        run.events.append(
            GuardEvent(kind=GuardKind.STAGES_END, detail=f"the check still fails (exit {after.exit_code})")
        )
        return None
    language = detect_language(remaining, run.check.command)
    route = route.model_copy(update={"language": language.value})
    detail = f"{route.category.value} -> {route.specialist}: {route.reason}"
    run.events.append(GuardEvent(kind=GuardKind.NEXT_FAILURE, detail=detail))
    run.say(f"  next failure: {route.category.value} -> {route.specialist} ({language.value})")
    specialist = for_failure(SPECIALISTS[route.specialist], language, remaining)
    return _Stage(specialist, route, list(remaining.tools), after)


def _file_changes(patch: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {c.path: (tuple(c.added), tuple(c.removed)) for c in parse_patch(patch)}


def _rules(run: _Run) -> list[PatchRule]:
    """The symptom guard's rules, and each stage's specialist's own on the files that stage changed."""
    own = [r for s, sub in zip(run.used, run.sub_fixes, strict=False) for r in s.rules(sub.files)]
    return [*SYMPTOM_RULES, *own]


def _check_of(run: _Run, specialists: Sequence[Specialist]) -> CheckCommand:
    """The check with the specialists' install steps (e.g. the dependency install) before it."""
    assert run.check is not None
    prelude = "\n".join(dict.fromkeys(s.install for s in specialists if s.install)) or None
    return CheckCommand(argv=run.check.argv(prelude=prelude), limits=run.spec.policy.limits)


def _combined(run: _Run, used: Sequence[Specialist]) -> tuple[CheckCommand, PathPolicy]:
    """What verification runs and protects for the combined patch of every stage."""
    protected = tuple(dict.fromkeys(p for s in used for p in s.protected))
    if len(used) == 1:
        return _check_of(run, used), used[0].policy(run.spec.policy.allow_edit)
    return _check_of(run, used), PathPolicy(protected=protected, allow_edit=run.spec.policy.allow_edit)


def _how(run: _Run) -> str:
    if len(run.sub_fixes) <= 1:
        return "deterministic fixers, no model call" if run.loop is None else f"the {run.used[0].name} specialist"
    parts = [f"{s.specialist} ({'deterministic fixers' if s.by == 'prefix' else 'model'})" for s in run.sub_fixes]
    return f"{len(parts)} stages: " + ", then ".join(parts)


async def _facts_after_prefix(run: _Run, after: ExecResult, *, later: bool = False) -> tuple[Facts, str]:
    """What remains after the deterministic fixers: the errors of the re-run check replace the log's."""
    assert run.facts is not None
    spec = run.spec
    output = after.output.encode("utf-8", "replace")
    remaining = await anyio.to_thread.run_sync(
        lambda: extract_facts(output, budget_tokens=spec.budget_tokens, secrets=run.backend.secrets)
    )
    facts = run.facts.model_copy(
        update={
            "errors": remaining.errors,
            "failing_tests": remaining.failing_tests,
            "excerpt": remaining.excerpt,
            "excerpt_lines": remaining.excerpt_lines,
            "excerpt_tokens": remaining.excerpt_tokens,
        }
    )
    if later:
        note = (
            "## After the earlier stages\n"
            "This job fails for several reasons. The harness already fixed another of them in this work copy "
            "(another specialist or its automatic fixers), then re-ran the check: it still fails "
            f"(exit {after.exit_code}) for the reason below. The errors and the excerpt above come from that "
            "re-run (line numbers of that output, not of the CI log). Fix this failure only; keep the earlier "
            "changes as they are."
        )
        return facts, note
    note = (
        "## After the deterministic fixers\n"
        "The harness already ran this specialist's automatic fixers on the files the failure names, and they "
        f"changed files. The check still fails (exit {after.exit_code}). The errors and the excerpt above come "
        "from the check re-run AFTER those fixers (line numbers of that output, not of the CI log): they are what "
        "remains for you. Do not redo what the fixers did."
    )
    return facts, note


async def _context(
    run: _Run, specialist: Specialist, sandbox: Sandbox, facts: Facts
) -> tuple[list[str], dict[str, float]]:
    """Run the specialist's context providers before the loop: extra facts, no model."""
    assert run.route is not None and run.check is not None
    request = ContextRequest(sandbox=sandbox, facts=facts, route=run.route, check=run.check)
    texts: list[str] = []
    metrics: dict[str, float] = {}
    for name in specialist.context:
        result = await PROVIDERS[name](request)
        # Provider text quotes project files: it passes the same redactor as every tool output.
        texts.append(run.backend.redactor.redact(result.text))
        metrics.update(result.metrics)
    return texts, metrics


async def _report_metrics(
    run: _Run, specialist: Specialist, sandbox: Sandbox, facts: Facts, before: dict[str, float]
) -> None:
    """Before/after numbers of what the providers measure (e.g. Dockerfile layers, hadolint findings)."""
    if not before:
        return
    _, after = await _context(run, specialist, sandbox, facts)
    span = otel_trace.get_current_span()
    measured = [
        Measurement(specialist=specialist.name, name=k, before=v, after=after.get(k)) for k, v in before.items()
    ]
    for m in measured:
        span.set_attribute(f"remediate.metric.{m.name}.before", m.before)
        if m.after is not None:
            span.set_attribute(f"remediate.metric.{m.name}.after", m.after)
    run.say("  measured: " + ", ".join(map(str, measured)))
    run.measurements += measured


async def _specialist(
    run: _Run, specialist: Specialist, toolbox: Toolbox, after_prefix: ExecResult | None = None, *, later: bool = False
) -> LoopResult:
    spec, backend = run.spec, run.backend
    assert run.facts is not None and run.route is not None and run.check is not None
    model = spec.model or specialist.model or DEFAULT_MODEL
    run.model = model
    prompt = system_prompt(specialist)
    facts, notes = run.facts, []
    if after_prefix is not None:
        facts, note = await _facts_after_prefix(run, after_prefix, later=later)
        notes.append(note)
    with run.stage("context"):
        texts, before = await _context(run, specialist, toolbox.sandbox, facts)
    client = await _model_client(run)
    config = LoopConfig(
        model=model, budget=spec.policy.specialist_budget(specialist.budget), limits=spec.policy.loop_limits
    )
    result = await run_loop(
        client,
        system_prompt=prompt,
        facts_text=render_facts(facts, run.route, run.check.command, extra=[*run.retry_notes, *notes, *texts]),
        task_text=TASK,
        toolbox=toolbox,
        config=config,
        on_event=backend.on_event,
        run_meter=run.meter,
    )
    run.usage.add(result.usage)
    run.tool_calls += result.tool_calls
    await _report_metrics(run, specialist, toolbox.sandbox, facts, before)
    return result


def _status_of_stop(result: LoopResult) -> tuple[Status, str] | None:
    """Loop stops that end the run before verification; None means: go verify."""
    match result.stop:
        case StopReason.FINISHED | StopReason.END_TURN:
            return None
        case StopReason.BUDGET:
            return Status.BUDGET_EXHAUSTED, f"budget exhausted ({result.detail}); the partial diff is kept"
        case StopReason.LOOP:
            return Status.LOOP_DETECTED, f"loop detected ({result.detail}); the partial diff is kept"
        case StopReason.API_ERROR:
            fault = result.api_fault.value if result.api_fault else "api_error"
            return Status.ERROR, f"model API failure ({fault}): {result.detail}; the partial diff is kept"
        case StopReason.REFUSAL | StopReason.MAX_TOKENS:
            return Status.NOT_FIXED, result.detail


def _within_run_time(run: _Run) -> None:
    """Between stages: the run's wall-time budget (the loop checks it between calls)."""
    if spent := run.meter.exhausted_time():
        run.events.append(GuardEvent(kind=spent.kind, detail=str(spent)))
        raise Stop(Status.BUDGET_EXHAUSTED, f"budget exhausted ({spent}); the partial diff is kept")


async def _admit(run: _Run) -> None:
    with run.stage("admit"):
        await _admission(run)


async def _admission(run: _Run) -> None:
    """Guards before any spend: the circuit breaker (with its retry lineage), then one active attempt per project."""
    spec, backend = run.spec, run.backend
    assert run.facts is not None and run.check is not None
    commit = await _breaker(run) or spec.commit or ""
    project = spec.project or (str(spec.source_dir) if spec.source_dir is not None else "unknown")
    run.commit, run.project = commit or None, project
    run.attempt_key = attempt_key(project, commit, run.check.command, run.facts.fingerprint_basis(), spec.base)
    store = backend.state
    if store is None:
        return
    retry_of = run.lineage.trip.run_id if run.lineage and run.lineage.trip else None
    try:
        await store.begin(project, run.attempt_key, spec.run_id, backend.lease_s, retry_of=retry_of)
    except AttemptRefused as exc:
        run.events.append(GuardEvent(kind=GuardKind.ATTEMPT_ACTIVE, detail=str(exc)))
        raise Stop(Status.REFUSED, str(exc)) from exc
    except StateError as exc:
        run.events.append(GuardEvent(kind=GuardKind.STATE_UNAVAILABLE, detail=str(exc)))
        raise Stop(Status.REFUSED, f"the attempt store is unavailable (fail closed): {exc}") from exc
    run.registered = spec.run_id
    if run.background is not None:
        run.background.start_soon(_renew_lease, run, store)


async def _breaker(run: _Run) -> str | None:
    """The failing commit's SHA when the source has git history; refuses remediate's own commits beyond the
    retry limit, and gives a retry the previous attempt's patch and root cause."""
    spec, policy = run.spec, run.spec.policy
    source = spec.source_dir
    if policy.breaker_generations == 0:
        run.events.append(GuardEvent(kind=GuardKind.BREAKER_OFF, detail="--breaker-generations 0: not checked"))
        return None
    if source is None or not breaker.is_git_tree(source):
        run.events.append(GuardEvent(kind=GuardKind.BREAKER_SKIPPED, detail="the source has no git history to check"))
        return None
    try:
        commits = await breaker.read_commits(source, spec.commit or "HEAD", policy.breaker_generations)
        decision = breaker.decide(commits, policy.breaker_generations, policy.max_retries)
        if decision.trip is not None and not decision.refuse:
            note = await breaker.previous_attempt(source, decision.trip, decision.attempt)
            run.retry_notes.append(run.backend.redactor.redact(note))
    except breaker.BreakerError as exc:
        run.events.append(GuardEvent(kind=GuardKind.BREAKER, detail=str(exc)))
        raise Stop(Status.REFUSED, f"circuit breaker cannot read the failing commit (fail closed): {exc}") from exc
    if decision.trip is not None:
        run.events.append(GuardEvent(kind=GuardKind.BREAKER, detail=decision.message))
        if decision.refuse:
            raise Stop(Status.REFUSED, f"circuit breaker: {decision.message}")
        run.lineage = decision
    return commits[0].sha


async def _renew_lease(run: _Run, store: StateStore) -> None:
    """Keep the attempt's lease alive while the run works; a crash stops the renewals."""
    lease = run.backend.lease_s
    while True:
        await anyio.sleep(lease / 3)
        try:
            await store.renew(run.spec.run_id, lease)
        except StateError as exc:
            run.events.append(GuardEvent(kind=GuardKind.LEASE_RENEWAL_FAILED, detail=str(exc)))


async def _release(run: _Run, status: Status, message: str) -> None:
    store = run.backend.state
    if store is None or run.registered is None:
        return
    try:
        await store.finish(run.registered, status.value, message)
    except StateError as exc:  # the lease then expires on its own
        run.events.append(GuardEvent(kind=GuardKind.STATE_UNAVAILABLE, detail=f"could not close the attempt: {exc}"))
