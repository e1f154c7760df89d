"""run_fix: the run under its root span, interruptible and guarded, the stages in order (facts, reach, admit,
prepare, reproduce, route, specialists, verify) over one run context, and the report built from it."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio
from opentelemetry import trace as otel_trace
from pydantic import ValidationError

from remediate.agents import SPECIALISTS, Specialist
from remediate.agents.languages import detect_language, for_failure
from remediate.client import ClientHandle
from remediate.diffs import changed_paths
from remediate.errors import EMPTY_LOG, RemediateError, Stop, message_of, status_of
from remediate.facts.redactfields import redact_model
from remediate.models import (
    CheckSpec,
    ExecResult,
    ExitCode,
    Facts,
    FixReport,
    GuardEvent,
    GuardKind,
    Reproduction,
    ReproductionVerdict,
    Status,
    Verification,
)
from remediate.pipeline.admission import admit, release
from remediate.pipeline.clients import close_client, triage_client
from remediate.pipeline.context import Run, RunDeps, check_of, given_check, read_facts, within_run_time
from remediate.pipeline.stages import specialists
from remediate.reach import Writer, out_of_reach
from remediate.reports import patch_digest, redact_report
from remediate.reproduce import classify
from remediate.sandbox.base import SandboxError
from remediate.spec import FixSpec
from remediate.terminal import control_character_summary
from remediate.tools import CheckCommand, PathPolicy
from remediate.trace import RunTracer, get_tracer, mark_interrupted, mark_outcome, record_check, record_verification
from remediate.triage import TriageResult, route_by_rules, triage
from remediate.verify import SYMPTOM_RULES, Candidate, PatchRule, summarize, verify_patch

if TYPE_CHECKING:
    from remediate.session import Backend


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PipelineResult:
    report: FixReport
    client: ClientHandle | None  # the model client the run opened; None: no model was asked


async def run_fix(spec: FixSpec, backend: Backend, record: RunTracer | None = None) -> PipelineResult:
    """The stages, in order; called only by `session.run_session` (`record`: the run's tracer)."""
    run = Run(RunDeps(spec, backend, record))
    status, message, trace_id = await _traced(run)
    if hidden := control_character_summary(run.patch):
        run.events.append(GuardEvent(kind=GuardKind.CONTROL_CHARACTERS, detail=hidden))
    report = _report(run, status, message, trace_id)
    # Last wall: nothing in the report may carry a secret, whatever path put it there.
    return PipelineResult(redact_report(report, backend.redactor), run.client_opened)


async def _traced(run: Run) -> tuple[Status, str, str | None]:
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
        await release(run, status, message)
        mark_outcome(root, status.value, failed=status in (Status.ERROR, Status.INTERRUPTED))
        root.set_attribute("remediate.unstaged_seconds", round(time.monotonic() - started - run.staged_s, 3))
    return status, message, trace_id


def _report(run: Run, status: Status, message: str, trace_id: str | None) -> FixReport:
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


async def _interruptible(run: Run) -> tuple[Status, str]:
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


async def _guarded(run: Run) -> tuple[Status, str]:
    try:
        outcome = await _fix(run)
    except RemediateError as exc:
        outcome = status_of(exc), message_of(exc)
    except Exception as exc:  # the one place that turns surprises into a typed status
        log.exception("internal error in run %s", run.spec.run_id)
        outcome = status_of(exc), message_of(exc)
    return _replay_checked(run, outcome)


def _replay_checked(run: Run, outcome: tuple[Status, str]) -> tuple[Status, str]:
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


async def _fix(run: Run) -> tuple[Status, str]:
    """The stages in order over one run context; a stage that ends the run raises Stop."""
    for stage in (_read_facts, _within_reach, admit, _prepare, _reproduce, _route, specialists):
        await stage(run)
    return await _verify(run)


async def _read_facts(run: Run) -> None:
    with run.stage("facts"):
        run.facts = await _facts(run)
    run.check = run.spec.check or _inferred_check(run.facts)


async def _within_reach(run: Run) -> None:
    """Before any spend: a failure that no edit remediate may make can fix (every error in a protected
    file such as a workflow, or a setting, secret or token permission the job lacks) ends the run
    here, refused, with what and why (remediate/reach.py)."""
    with run.stage("reach"):
        verdict = out_of_reach(_facts_of(run), _writers(run))
    if verdict is None:
        return
    run.events.append(GuardEvent(kind=GuardKind.OUT_OF_REACH, detail=verdict.detail))
    raise Stop(Status.REFUSED, verdict.message)


def _writers(run: Run) -> list[Writer]:
    """Who would fix the failure, with the paths it may not write as this run applies them: the rules'
    specialist when the rules decide (triage then routes there), else every specialist."""
    facts, check = _facts_of(run), run.check
    assert check is not None
    language = detect_language(facts, check.command)
    route = route_by_rules(facts, given_check(run))
    names = [route.specialist] if route is not None else list(SPECIALISTS)
    allow = run.spec.policy.allow_edit
    return [Writer(name, for_failure(SPECIALISTS[name], language, facts).policy(allow)) for name in names]


def _facts_of(run: Run) -> Facts:
    assert run.facts is not None
    return run.facts


async def _reproduce(run: Run) -> None:
    """The check on the untouched source: only the log's own failure is worth a model call."""
    assert run.facts is not None and run.check is not None
    redactor, facts, budget, command = run.backend.redactor, run.facts, run.spec.budget_tokens, run.check.command
    with run.stage("reproduce"):
        async with run.backend.open_sandbox() as sandbox:
            result = await sandbox.run(run.check.argv(), run.spec.policy.limits)
        reproduced = summarize(result, redactor)
        record_check(otel_trace.get_current_span(), reproduced)
        verdict = await anyio.to_thread.run_sync(lambda: classify(facts, result, budget_tokens=budget, command=command))
    run.verification = Verification(reproduced=reproduced, reproduction=redact_model(verdict, redactor))
    _reproduction_stop(run, verdict, result)


async def _route(run: Run) -> None:
    """The rules, or the triage micro-agent when they are unsure: which specialist, in which language."""
    assert run.facts is not None and run.check is not None
    with run.stage("triage"):
        decision = await triage(
            run.facts, check=given_check(run), open_client=lambda: triage_client(run), model=run.spec.triage_model
        )
        _account_triage(run, decision)
    if decision.route is None:
        await close_client(run)
        raise Stop(
            Status.NOT_FIXED,
            f"no specialist for this failure ({decision.category.value}, decided by {decision.decided_by}): "
            f"{decision.reason}",
        )
    language = detect_language(run.facts, run.check.command)
    run.route = decision.route.model_copy(update={"language": language.value})


async def _verify(run: Run) -> tuple[Status, str]:
    """The combined patch on a fresh copy: every stage's install step, protections and own rules."""
    assert run.verification is not None
    check, policy = _combined(run, run.used)
    reproduced, passes = run.verification.reproduced, run.spec.policy.passes_required
    within_run_time(run)
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


async def _prepare(run: Run) -> None:
    """Once per run, when the backend has it: select the work copy, run --setup."""
    if run.backend.prepare is None:
        return
    with run.stage("prepare"):
        await _prepared(run, run.backend.prepare)


async def _prepared(run: Run, prepare: Callable[[], Awaitable[ExecResult | None]]) -> None:
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


def _reproduction_stop(run: Run, verdict: ReproductionVerdict, result: ExecResult) -> None:
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


async def _facts(run: Run) -> Facts:
    spec = run.spec
    log_input = spec.log_path if spec.log_path is not None else spec.log_bytes
    if log_input is None:
        raise Stop(Status.BAD_INPUT, "no log given")
    facts = await read_facts(run, log_input, spec.source_dir)
    if facts.log_bytes == 0:
        raise Stop(Status.BAD_INPUT, EMPTY_LOG)
    return facts


def _account_triage(run: Run, decision: TriageResult) -> None:
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


def _rules(run: Run) -> list[PatchRule]:
    """The symptom guard's rules, and each stage's specialist's own on the files that stage changed."""
    own = [r for s, sub in zip(run.used, run.sub_fixes, strict=False) for r in s.rules(sub.files)]
    return [*SYMPTOM_RULES, *own]


def _combined(run: Run, used: Sequence[Specialist]) -> tuple[CheckCommand, PathPolicy]:
    """What verification runs and protects for the combined patch of every stage."""
    protected = tuple(dict.fromkeys(p for s in used for p in s.protected))
    if len(used) == 1:
        return check_of(run, used), used[0].policy(run.spec.policy.allow_edit)
    return check_of(run, used), PathPolicy(protected=protected, allow_edit=run.spec.policy.allow_edit)


def _how(run: Run) -> str:
    if len(run.sub_fixes) <= 1:
        return "deterministic fixers, no model call" if run.loop is None else f"the {run.used[0].name} specialist"
    parts = [f"{s.specialist} ({'deterministic fixers' if s.by == 'prefix' else 'model'})" for s in run.sub_fixes]
    return f"{len(parts)} stages: " + ", then ".join(parts)
