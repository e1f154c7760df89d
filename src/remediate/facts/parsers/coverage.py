"""Coverage gates: the suite passed (or not) but measured too little of the code. pytest-cov
(`FAIL Required test coverage of 95% not reached. Total coverage: 66.67%`), coverage.py's
`report --fail-under` (`Coverage failure: total of 68 is less than fail-under=95`) and
istanbul's c8/nyc (`ERROR: Coverage for lines (90.9%) does not meet global threshold (100%)`)."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

_GATE = record("coverage", weight=10.0, message="coverage {total}% is below the required {required}%")

_RULES = LineRules[Found](
    Rule(
        r"^FAIL Required test coverage of (?P<required>[\d.]+)% not reached\. Total coverage: (?P<total>[\d.]+)%$",
        _GATE,
        starts="FAIL Required test coverage",
    ),
    Rule(
        r"^Coverage failure: total of (?P<total>[\d.]+) is less than fail-under=(?P<required>[\d.]+)$",
        _GATE,
        starts="Coverage failure: ",
    ),
    Rule(
        r"^ERROR: Coverage for (?P<what>\w+) \((?P<total>[\d.]+)%\) does not meet (?:global )?threshold "
        r"\((?P<required>[\d.]+)%\)",
        _GATE,
        starts="ERROR: Coverage for ",
    ),
)

PARSER = Parser(tool="coverage", category=Category.TEST, parse=scan_with(_RULES, plain("coverage")))
