"""One specialist's model loop: the facts it is given (after the fixers, the re-run's), its context providers'
texts and the numbers they measure before and after the patch."""

from __future__ import annotations

from opentelemetry import trace as otel_trace

from remediate.agents import Specialist
from remediate.agents.context import TASK, render_facts
from remediate.agents.languages import system_prompt
from remediate.agents.providers import PROVIDERS, ContextRequest
from remediate.loop import LoopConfig, LoopResult, run_loop
from remediate.models import ExecResult, Facts, Measurement
from remediate.pipeline.clients import model_client
from remediate.pipeline.context import Run, rerun_facts
from remediate.pricing import DEFAULT_MODEL
from remediate.sandbox.base import Sandbox
from remediate.tools import Toolbox


async def _facts_after_prefix(run: Run, after: ExecResult, *, later: bool = False) -> tuple[Facts, str]:
    """What remains after the deterministic fixers: the errors of the re-run check replace the log's."""
    assert run.facts is not None
    remaining = await rerun_facts(run, after)
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
    run: Run, specialist: Specialist, sandbox: Sandbox, facts: Facts
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
    run: Run, specialist: Specialist, sandbox: Sandbox, facts: Facts, before: dict[str, float]
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


async def run_specialist(
    run: Run, specialist: Specialist, toolbox: Toolbox, after_prefix: ExecResult | None = None, *, later: bool = False
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
    client = await model_client(run)
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
