"""The triage micro-agent: a small model asked through exactly one tool, `route`, when the rules
are unsure; its answer validated like any tool input, and a safe fallback when it fails.
The orchestrator keeps control: triage returns data, never acts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from remediate.agents import SPECIALISTS
from remediate.agents.context import command_lines, error_lines, failing_test_lines, own_module_lines
from remediate.client import ModelAccessError, api_errors, fault_of
from remediate.diffs import fenced
from remediate.errors import validation_text
from remediate.models import Category, Facts, GuardEvent, GuardKind, Route, Usage
from remediate.pricing import DEFAULT_TRIAGE_MODEL, usage_of
from remediate.prompts import load_prompt
from remediate.triage.beneath import own_service_named
from remediate.triage.reports import TESTS_LIMIT_RULE
from remediate.triage.routes import specialist_for, target_files
from remediate.triage.verdict import RuleVerdict, reports_elsewhere, rule_verdict, rules_route

if TYPE_CHECKING:  # the SDK loads when a client is opened (client.py)
    import anthropic


# A model answer below this confidence is not trusted.
MODEL_CONFIDENCE = 0.6


# When the rules abstain and no model answers, their guess is the fallback route only where it beats
# the default route: both fitted by `bench/triage.py --fit` on LogChunks' dev half, out of fold (each
# repository's undecided logs scored by a model that never saw it), every repository weighted alike.
# With no failing test the default is no route at all: from this confidence up (every undecided guess
# the dev half shows) the guess ran the label's specialist on 45% of 30 logs, no route was right on 24%.
FALLBACK_FLOOR = 0.236


# With failing tests the default is the tests specialist: it was right on all 5 undecided dev logs whose
# guess named another specialist, the guess on none, so no guess below the rules' threshold outranks it
# (None: the tests specialist first). Not when the rules say the failing tests met the infrastructure
# (fallback: _tests_met_infra): the dev half's 10 such logs (one repository, a connect timeout) are labelled
# test, but the tests specialist edits code, and no edit starts a service that was not up.
FALLBACK_OVER_TESTS: float | None = None


TRIAGE_PROMPT = "triage.md"


TRIAGE_MAX_TOKENS = 1024


ROUTE_TOOL = "route"


NO_SPECIALIST = "none"


class RouteAnswer(BaseModel):
    """Route this CI failure to one specialist. Call this tool exactly once."""

    model_config = ConfigDict(extra="forbid")

    category: Category = Field(description="the failure's category")
    specialist: str = Field(description=f"the specialist to call, or {NO_SPECIALIST!r} when none fits")
    target_files: list[str] = Field(
        default_factory=list, max_length=20, description="project-relative files the fix most likely changes"
    )
    reason: str = Field(min_length=1, max_length=600, description="one or two sentences: the evidence for this route")
    confidence: float = Field(ge=0.0, le=1.0, description="how sure you are, from 0 to 1")


def route_tool() -> dict[str, Any]:
    """The one tool the triage model sees; its input schema is the route."""
    schema = RouteAnswer.model_json_schema()
    schema.pop("title", None)
    schema["properties"]["specialist"]["enum"] = [*SPECIALISTS, NO_SPECIALIST]
    return {"name": ROUTE_TOOL, "description": (RouteAnswer.__doc__ or "").strip(), "input_schema": schema}


@dataclass
class TriageResult:
    """The decision and what it cost. `route` is None when no specialist should run."""

    route: Route | None
    category: Category
    decided_by: Literal["rules", "model", "fallback"]
    reason: str
    usage: Usage = field(default_factory=Usage)
    events: list[GuardEvent] = field(default_factory=list)
    model: str | None = None


ClientOpener = Callable[[], Awaitable["anthropic.AsyncAnthropic"]]


def render_triage_facts(facts: Facts, check: str | None, verdict: RuleVerdict) -> str:
    out = ["# Failure facts (computed by the harness, no model involved)", ""]
    if check:
        out.append(f"- check command: `{check}`")
    out += command_lines(facts, check)
    if facts.failing_step:
        out.append(f"- CI step: {facts.failing_step}")
    if facts.exit_code is not None:
        out.append(f"- exit code: {facts.exit_code}")
    out.append(f"- facts classifier: {facts.category.value} (confidence {facts.confidence:.2f})")
    if elsewhere := reports_elsewhere(facts):
        out.append(f"- {elsewhere}")
    if facts.tools:
        out.append(f"- tools seen in the log: {', '.join(facts.tools)}")
    scores = ", ".join(f"{c.value} {v:.2f}" for c, v in sorted(verdict.scores.items(), key=lambda kv: -kv[1]))
    out.append(f"- rule scores (not decisive): {scores or 'none'}")
    out += _summary_lines(facts)
    # each failure's CI step, as the rules see them: two failures in two steps are two failures
    out += failing_test_lines(facts, limit=15, message_chars=200, steps=facts.step_titles)
    out += error_lines(facts, limit=25, message_chars=200, steps=facts.step_titles, levels=True)
    if facts.repo and facts.repo.tree:
        out += ["", "## Project files (partial)", *[f"- {p}" for p in facts.repo.tree[:80]]]
    out += own_module_lines(facts)
    if facts.excerpt:
        out += ["", "## Log excerpt", *fenced(facts.excerpt)]
    out += ["", "## Specialists"]
    for s in SPECIALISTS.values():
        out.append(f"- `{s.name}` ({', '.join(c.value for c in s.categories)}): {s.description}")
    out.append(f"- `{NO_SPECIALIST}`: no specialist fits (build, infra, unknown, or a mix no single one can fix)")
    return "\n".join(out)


def _summary_lines(facts: Facts) -> list[str]:
    """The failing step's runner and linter summaries (Facts.summaries), each with what it says."""
    lines = []
    for s in facts.summaries[-8:]:
        said = f"counts {s.counted}" if s.failing else "says its run passed"
        lines.append(f"- {s.category.value} summary in the failing step {said}: {s.text[:160]}")
    return lines


def _safe_path(path: str) -> bool:
    return (
        bool(path)
        and len(path) < 300
        and "\x00" not in path
        and not path.startswith("/")
        and ".." not in path.split("/")
    )


def _answer_route(answer: RouteAnswer, facts: Facts) -> tuple[Route | None, str | None]:
    """A validated answer as a route, or (None, problem) when it is not acceptable."""
    if answer.specialist == NO_SPECIALIST:
        return None, None
    specialist = SPECIALISTS.get(answer.specialist)
    if specialist is None:
        return None, f"unknown specialist {answer.specialist!r}"
    if answer.category not in specialist.categories:
        return None, f"specialist {answer.specialist!r} does not handle {answer.category.value} failures"
    files = [*target_files(facts), *(p for p in answer.target_files if _safe_path(p))]
    route = Route(
        category=answer.category,
        specialist=specialist.name,
        target_files=list(dict.fromkeys(files))[:20],
        reason=answer.reason,
        decided_by="model",
    )
    return route, None


def fallback(facts: Facts, verdict: RuleVerdict, why: str) -> TriageResult:
    """The safe route when neither the rules nor the model decided: the rules' best guess when a
    specialist handles it and it beats the default route (FALLBACK_FLOOR, FALLBACK_OVER_TESTS), else the
    default: the tests specialist when tests fail, else none; none when the job only reports other jobs' results
    (verdict.reports_elsewhere), or when the rules say the failing tests met the infrastructure (_tests_met_infra) or
    could not reach the job's own service (_tests_met_own_service)."""
    specialist = specialist_for(verdict.category)
    tests = specialist_for(Category.TEST)
    if facts.reported_jobs is not None:  # the cause is another job's: no edit here fixes it (reports_elsewhere)
        return TriageResult(None, verdict.category, "fallback", f"no specialist fixes another job's failure: {why}")
    if infra := _tests_met_infra(verdict):
        said = f"no specialist fixes the infrastructure the failing tests met ({infra})"
        return TriageResult(None, Category.INFRA, "fallback", f"{said}: {why}")
    if own := _tests_met_own_service(verdict):
        said = f"no specialist starts the job's own service the failing tests could not reach ({own})"
        return TriageResult(None, Category.TEST, "fallback", f"{said}: {why}")
    tested = bool(facts.failing_tests) and tests is not None
    floor = FALLBACK_OVER_TESTS if tested else FALLBACK_FLOOR
    if specialist is not None and floor is not None and verdict.confidence >= floor:
        guess = f"the rules' best guess ({verdict.category.value} {verdict.confidence:.2f})"
        return _fallback_to(facts, verdict.category, specialist.name, f"fallback to {guess}: {why}")
    if tested and tests is not None:
        failing = f"the tests specialist ({len(facts.failing_tests)} failing test(s))"
        return _fallback_to(facts, Category.TEST, tests.name, f"fallback to {failing}: {why}")
    return TriageResult(None, verdict.category, "fallback", f"no safe route: {why}")


def _tests_met_infra(verdict: RuleVerdict) -> str:
    """What the infrastructure rule behind an infra guess says, when the rules weighed the failing tests'
    own evidence down for it (beneath.tests_say: every failing test's report names a service not reached,
    a full disk): the tests failed on what the job ran on, which the tests specialist cannot edit; "" when
    that is not the case (an infra guess from keywords alone, or tests that still vouch for themselves)."""
    if verdict.category is not Category.INFRA:
        return ""
    tests = [s for s in verdict.signals if s.kind == "tests"]
    if not tests or not all(s.discounted for s in tests):
        return ""
    infra = [
        s
        for s in verdict.signals
        if s.category is Category.INFRA and s.kind == "pattern" and not s.discounted and s.name != _OWN_LIMIT
    ]
    return max(infra, key=lambda s: s.weight).reason if infra else ""


def _tests_met_own_service(verdict: RuleVerdict) -> str:
    """What the own-service rule says when it named the guess (beneath.own_service_named: every failing test
    could not reach the job's own service): the fix is the run's set-up (the CI's service definitions, a wait for the
    service, the app under test started), which the tests specialist, editing code and tests in a sandbox without
    the job's services, cannot check; "" when that is not the case."""
    own = own_service_named(verdict.signals, verdict.category)
    return own.reason if own else ""


# Tests that ended at their own time limit did not meet the infrastructure only: the code may hang (a deadlock, a
# promise never settled), which the tests specialist can fix; the fallback runs it (reports.TESTS_LIMIT_RULE).
_OWN_LIMIT = f"pattern:{TESTS_LIMIT_RULE}"


def _fallback_to(facts: Facts, category: Category, specialist: str, reason: str) -> TriageResult:
    route = Route(
        category=category,
        specialist=specialist,
        target_files=target_files(facts),
        reason=reason,
        decided_by="fallback",
    )
    return TriageResult(route, category, "fallback", reason)


async def ask_model(
    client: anthropic.AsyncAnthropic, facts: Facts, check: str | None, verdict: RuleVerdict, model: str
) -> tuple[RouteAnswer | None, str, Usage]:
    """One forced call of the `route` tool. Returns (answer or None, problem, usage)."""
    system = load_prompt(TRIAGE_PROMPT)
    try:
        message = await client.messages.create(
            model=model,
            max_tokens=TRIAGE_MAX_TOKENS,
            system=system,
            tools=cast(Any, [route_tool()]),
            tool_choice={"type": "tool", "name": ROUTE_TOOL},
            messages=[{"role": "user", "content": render_triage_facts(facts, check, verdict)}],
        )
    except api_errors() as exc:
        return None, f"triage: {fault_of(exc)[1]}", Usage()
    usage = usage_of(message, model)
    calls = [b for b in message.content if b.type == "tool_use" and b.name == ROUTE_TOOL]
    if len(calls) != 1:
        return None, f"the triage model did not call {ROUTE_TOOL!r} exactly once ({message.stop_reason})", usage
    try:
        answer = RouteAnswer.model_validate(calls[0].input)
    except ValidationError as exc:
        problems = validation_text(exc)
        return None, f"the triage model's route is invalid: {problems}", usage
    return answer, "", usage


async def triage(
    facts: Facts,
    *,
    check: str | None = None,
    open_client: ClientOpener | None = None,
    model: str = DEFAULT_TRIAGE_MODEL,
) -> TriageResult:
    """Rules first; the micro-agent only when they are unsure; a safe fallback otherwise."""
    verdict = rule_verdict(facts, check)
    if verdict.decided:
        return _by_rules(facts, verdict)
    if open_client is None:
        return fallback(facts, verdict, f"{verdict.reason}; no triage model configured")
    try:
        client = await open_client()
    except ModelAccessError as exc:  # no key, no cassette: no model to ask
        return fallback(facts, verdict, f"{verdict.reason}; no model access for triage ({exc})")
    answer, problem, usage = await ask_model(client, facts, check, verdict, model)
    result, events = _by_model(facts, verdict, answer, problem)
    result.usage = usage
    result.events = events
    result.model = model
    return result


def _by_rules(facts: Facts, verdict: RuleVerdict) -> TriageResult:
    """The rules decided: the route to their category's specialist (none: said why)."""
    specialist = specialist_for(verdict.category)
    if specialist is None:
        return TriageResult(
            None,
            verdict.category,
            "rules",
            f"no specialist handles {verdict.category.value} failures: {verdict.reason}",
        )
    return TriageResult(rules_route(facts, verdict, specialist), verdict.category, "rules", verdict.reason)


def _by_model(
    facts: Facts, verdict: RuleVerdict, answer: RouteAnswer | None, problem: str
) -> tuple[TriageResult, list[GuardEvent]]:
    """The model's answer as a route when it is valid, sure and consistent with the facts; else the
    fallback, and the guard event that says why."""
    events: list[GuardEvent] = []
    if answer is None:
        events.append(GuardEvent(kind=GuardKind.TRIAGE_INVALID, detail=problem[:300]))
        return fallback(facts, verdict, problem), events
    if answer.confidence < MODEL_CONFIDENCE:
        why = (
            f"the triage model is unsure ({answer.category.value}, confidence {answer.confidence:.2f}): {answer.reason}"
        )
        events.append(GuardEvent(kind=GuardKind.TRIAGE_LOW_CONFIDENCE, detail=why[:300]))
        return fallback(facts, verdict, why), events
    model_route, inconsistency = _answer_route(answer, facts)
    if inconsistency is not None:
        events.append(GuardEvent(kind=GuardKind.TRIAGE_INVALID, detail=inconsistency[:300]))
        return fallback(facts, verdict, f"the triage model's route is inconsistent: {inconsistency}"), events
    if model_route is None:
        why = f"the triage model found no specialist for this failure: {answer.reason}"
        return TriageResult(None, answer.category, "model", why), events
    return TriageResult(model_route, answer.category, "model", answer.reason), events
