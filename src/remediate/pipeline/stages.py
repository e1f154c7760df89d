"""The specialists' stages, one for every failure of the job: a stage's deterministic fixers, then its
specialist's model loop when the check still fails; when the check then fails for another reason, the next
specialist in the same work copy, up to MAX_STAGES. What each stage did is a SubFix; a loop that stopped ends
the run (status_of_stop)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass

from remediate.agents import SPECIALISTS, Specialist
from remediate.agents.languages import Language, detect_language, for_failure
from remediate.diffs import changed_paths, parse_patch
from remediate.errors import RemediateError, Stop, message_of, status_of
from remediate.loop import LoopResult, StopReason
from remediate.models import ExecResult, Facts, GuardEvent, GuardKind, Route, Status, SubFix, Usage
from remediate.pipeline.clients import close_client
from remediate.pipeline.context import Run, check_of, given_check, rerun_facts, within_run_time
from remediate.pipeline.specialist import run_specialist
from remediate.sandbox.base import Sandbox
from remediate.tools import CheckCommand, Toolbox
from remediate.triage import route_by_rules, several


async def _run_prefix(
    run: Run, sandbox: Sandbox, specialist: Specialist, check: CheckCommand, tools: Sequence[str]
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


async def specialists(run: Run) -> None:
    """One stage for every failure of the job: deterministic fixers first, the specialist when the
    check still fails; when the check then fails for another reason, the next specialist takes
    that, in the same work copy, with its own budget under the run's. Sets run.patch, run.used and
    run.loop; a loop that stopped (budget, loop, API) ends the run with its partial diff."""
    assert run.facts is not None and run.route is not None and run.check is not None
    first_route = run.route
    plan = several(run.facts, given_check(run))
    if len(plan) > 1:
        detail = "several failures: " + ", ".join(c.value for c in plan)
        run.events.append(GuardEvent(kind=GuardKind.SEVERAL, detail=detail))
    rerun = len(plan) > 1 or bool(_COMPOUND.search(run.check.command))
    first = for_failure(SPECIALISTS[first_route.specialist], Language(first_route.language or "python"), run.facts)
    stage: _Stage | None = _Stage(first, first_route, list(run.facts.tools))
    try:
        within_run_time(run)
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
                if (run.loop is not None and status_of_stop(run.loop) is not None) or after is None or after.ok:
                    break
                stage = await _next_stage(run, after, run.used)
            with run.stage("workcopy"):
                await _record_check_changes(run, sandbox)
                await work.aclose()
    finally:
        await close_client(run)
    run.route = first_route
    if run.loop is not None:
        run.events.extend(run.loop.events)
        if run.loop.finish is not None:
            run.root_cause = run.loop.finish.root_cause
        if stopped := status_of_stop(run.loop):
            raise Stop(*stopped)


async def _record_check_changes(run: Run, sandbox: Sandbox) -> None:
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
    run: Run, sandbox: Sandbox, stage: _Stage, *, rerun: bool
) -> tuple[LoopResult | None, ExecResult | None]:
    """One stage: its fixers, then (when the check still fails) its model loop. Returns the loop
    (None: the fixers alone) and the check's output after the stage (None: not re-run)."""
    specialist = stage.specialist
    check = check_of(run, [specialist])
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
        if rerun and status_of_stop(loop_result) is None:
            with run.stage("rerun"):  # what still fails after this stage: a whole check run
                after = await sandbox.run(check.argv, check.limits)
    with run.stage("workcopy"):
        run.patch = run.backend.redactor.redact(await sandbox.diff())
    run.sub_fixes.append(_sub_fix(run, stage, start, loop_result))
    return loop_result, after


async def _stage_loop(
    run: Run, sandbox: Sandbox, stage: _Stage, check: CheckCommand, after: ExecResult | None
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
        return await run_specialist(run, specialist, toolbox, after, later=stage.failing is not None)
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


def _sub_fix(run: Run, stage: _Stage, start: _StageStart, loop_result: LoopResult | None) -> SubFix:
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


async def _remaining(run: Run, after: ExecResult) -> tuple[Facts, Route | None]:
    """The facts of a re-run's output and their route by the rules. The check command names every
    tool of the job, so it is left out: the re-run's own output says which one fails now."""
    assert run.facts is not None
    remaining = await rerun_facts(run, after)
    remaining = remaining.model_copy(update={"repo": run.facts.repo})
    return remaining, route_by_rules(remaining)


async def _other_failure(run: Run, after: ExecResult, specialist: Specialist) -> bool:
    _, route = await _remaining(run, after)
    return route is not None and route.specialist != specialist.name


async def _next_stage(run: Run, after: ExecResult, used: Sequence[Specialist]) -> _Stage | None:
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


def status_of_stop(result: LoopResult) -> tuple[Status, str] | None:
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
