"""Routing a failure to a specialist: rules over facts first; a triage micro-agent only when the
rules are unsure.

The rules score every category from independent signals (the check command, typed error
records, failure patterns in the excerpt, the facts' own classification) and decide when the
best category is clear. Otherwise a small model answers through exactly one tool, `route`,
whose input schema is the route itself; its answer is validated like any tool input. An
invalid, failed or low-confidence answer falls back to a safe route (the rules' best guess
when it is not hopeless, else the tests specialist when tests fail) or to no route at all,
always with the reason. The orchestrator keeps control: triage returns data, never acts.

The parts, one job each: `signal` (what a signal is), `signals` (the signals the facts give, from
`commands`, `records`, `patterns`, `exits`; `beneath`: what a failing test run's failing tests met;
`discounts`: evidence that does not explain the failure weighs less), `causes` (the settings and
database words both `patterns` and `beneath` read), `routes` (which specialist a category goes to),
`confidence` (the rules' calibrated confidence and the rules it counts), `verdict` (the rules'
verdict, `several`, `route_by_rules`), `agent` (the triage micro-agent and the fallback).
"""

from remediate.triage.agent import (
    FALLBACK_FLOOR,
    MODEL_CONFIDENCE,
    NO_SPECIALIST,
    ROUTE_TOOL,
    TriageResult,
    fallback,
    render_triage_facts,
    route_tool,
    triage,
)
from remediate.triage.beneath import TALLIED_ONLY, TESTS_INFRA_RULE, TWO_CAUSES
from remediate.triage.commands import RAN_RULE
from remediate.triage.confidence import (
    ATTESTED,
    ATTESTING_REPOSITORIES,
    CALIBRATION,
    DIRECT,
    EVIDENCE,
    PRIOR,
    PRIOR_STRENGTH,
    RULE_CONFIDENCE,
    TASK_NAME,
    Calibration,
    attestable,
)
from remediate.triage.patterns import OWN_MODULE
from remediate.triage.routes import same_route, specialist_for
from remediate.triage.signal import Signal
from remediate.triage.signals import signals_of
from remediate.triage.verdict import (
    COMPILED,
    IMAGE_BUILD,
    INSTALLED_CODE,
    NATIVE,
    UNSURE_CONFIDENCE,
    RuleVerdict,
    route_by_rules,
    rule_verdict,
    several,
)

__all__ = [
    "ATTESTED",
    "ATTESTING_REPOSITORIES",
    "CALIBRATION",
    "COMPILED",
    "DIRECT",
    "EVIDENCE",
    "FALLBACK_FLOOR",
    "IMAGE_BUILD",
    "INSTALLED_CODE",
    "MODEL_CONFIDENCE",
    "NATIVE",
    "NO_SPECIALIST",
    "OWN_MODULE",
    "PRIOR",
    "PRIOR_STRENGTH",
    "RAN_RULE",
    "ROUTE_TOOL",
    "RULE_CONFIDENCE",
    "TALLIED_ONLY",
    "TASK_NAME",
    "TESTS_INFRA_RULE",
    "TWO_CAUSES",
    "UNSURE_CONFIDENCE",
    "Calibration",
    "RuleVerdict",
    "Signal",
    "TriageResult",
    "attestable",
    "fallback",
    "render_triage_facts",
    "route_by_rules",
    "route_tool",
    "rule_verdict",
    "same_route",
    "several",
    "signals_of",
    "specialist_for",
    "triage",
]
