"""Routing a failure to a specialist: rules over facts first; a triage micro-agent only when the
rules are unsure.

The rules score every category from independent signals (the check command, typed error
records, failure patterns in the excerpt, the facts' own classification) and decide when the
best category is clear. Otherwise a small model answers through exactly one tool, `route`,
whose input schema is the route itself; its answer is validated like any tool input. An
invalid, failed or low-confidence answer falls back to a safe route (the rules' best guess
when it is not hopeless, else the tests specialist when tests fail) or to no route at all,
always with the reason. The orchestrator keeps control: triage returns data, never acts.

The parts, one job each: `signal` (what a signal is), `gather` (gathers the signals the facts give, from
`commands`, `records`, `patterns`, `exits`; `beneath`: what a failing test run's failing tests met, read by `reports`;
`discounts`: evidence that does not explain the failure weighs less), `causes` (the settings and
database words both `patterns` and `beneath` read), `routes` (which specialist a category goes to),
`confidence` (the rules' calibrated confidence and the rules it counts), `verdict` (the rules'
verdict, `several`, `route_by_rules`), `agent` (the triage micro-agent and the fallback).
"""

from remediate.triage.agent import TriageResult, fallback, triage
from remediate.triage.confidence import CALIBRATION, Calibration
from remediate.triage.gather import signals_of
from remediate.triage.routes import same_route, specialist_for
from remediate.triage.signal import Signal
from remediate.triage.verdict import RuleVerdict, route_by_rules, rule_verdict, several

__all__ = [
    "CALIBRATION",
    "Calibration",
    "RuleVerdict",
    "Signal",
    "TriageResult",
    "fallback",
    "route_by_rules",
    "rule_verdict",
    "same_route",
    "several",
    "signals_of",
    "specialist_for",
    "triage",
]
