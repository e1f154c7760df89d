"""Coverage gates: the suite passed (or not) but measured too little of the code. pytest-cov
(`FAIL Required test coverage of 95% not reached. Total coverage: 66.67%`), coverage.py's
`report --fail-under` (`Coverage failure: total of 68 is less than fail-under=95`) and
istanbul's c8/nyc (`ERROR: Coverage for lines (90.9%) does not meet global threshold (100%)`).

Jest's `coverageThreshold` (real samples of Jest 20, 24 and 29): 23 and later print `Jest: "global" coverage
threshold for lines (90%) not met: 40%` (the group is `global`, a path or a glob), 22 and earlier `Jest: Coverage
for lines (40%) does not meet global threshold (90%)`; a negative threshold caps the uncovered count, `Jest:
Uncovered count for statements (5) exceeds global threshold (2)` (no space before `exceeds` up to 24).
karma-coverage's `check` (2.2 under Karma 6) logs `ERROR [coverage]: Chrome Headless ...: Coverage for lines (40%)
does not meet global threshold (90%)` (`per-file (/path/src/cart.js)  threshold` for `each`). SimpleCov (0.22,
Debian; the older wording from its source): `Line coverage (50.00%) is below the expected minimum coverage
(90.00%).` (`Branch coverage`, `Line coverage by file`; before 0.18 `Coverage (..%) is below ...` and `File
(lib/x.rb) is only (50.00%) covered. This is below the expected minimum coverage per file of (80.00%).`), and its
`maximum_coverage_drop`, `Line coverage has dropped by 30.00% since the last time (maximum allowed: 2.00%).`

coverage.py before 5.0 fails `coverage report --fail-under=90` (exit 2) without a word of its own (4.5.4 on
Python 3.6, bare and under tox 3.14): the TOTAL row below the floor of the `coverage report` line above it.

JaCoCo's check (its core's words, whichever build runs it: the Ant task `jacoco:report`'s `check`, real sample of
0.8.6 from Debian under Ant 1.10; jacoco-maven-plugin's `check` goal logs them as `[WARNING]`, Gradle's
`jacocoTestCoverageVerification` under its failed task): `Rule violated for bundle shop: branches covered ratio
is 0.37, but expected minimum is 0.80`, one line per limit a rule missed.

A gate a CI script writes itself (Go has none of its own: `go test -cover` prints `coverage: 44.4% of statements`
and passes, so jobs compare `go tool cover -func`'s total in a few lines of shell) words its line as its author
likes: `Coverage 44.4% is below the threshold of 80%`, `Test coverage (44.4%) is less than the required 80%`. Such a
line names coverage, says below (`below`, `less than`, `lower than`, `under`, `<`) and gives two percentages, the
measure before the floor: it is read only when the first is the smaller, as a failed gate's numbers are."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import record
from remediate.models import Category

TOOL = "coverage"  # every gate's records are this tool's (triage/verdict.py: a gate alone never decides)

_GATE = record(TOOL, weight=10.0, message="coverage {total}% is below the required {required}%")
# With the measure named: records that differ only in their numbers are one record (`lines` and `branches` both
# below 90% would keep only the first).
_MEASURE = record(TOOL, weight=10.0, message="{what} coverage {total}% is below the required {required}%")
_COUNT = record(TOOL, weight=10.0, message="{uncovered} {what} left uncovered, more than the allowed {allowed}")
_JACOCO = record(TOOL, weight=10.0, message="{what} is {actual}, but expected {bound} is {limit} ({element} {name})")
_DROP = record(TOOL, weight=10.0, message="coverage dropped by {drop}%, more than the allowed {allowed}%")


@state
class _Coverage:
    found: Findings = field(default_factory=lambda: Findings(tool=TOOL))
    required: str | None = None  # a `coverage report --fail-under=N` the log shows run, until its TOTAL row


def _fail_under(st: _Coverage, _no: int, m: re.Match[str]) -> bool:
    """A `coverage report` run with a floor (the words before the option looked up apart, not by a pattern that
    would scan the line again from every `coverage report` in it)."""
    if "coverage report" not in m.string[: m.start()]:
        return False
    st.required = m["required"]
    return True


def _total(st: _Coverage, no: int, m: re.Match[str]) -> None:
    """The TOTAL row of the report a `--fail-under` run printed: below the floor, coverage.py before 5.0 failed
    the command (exit 2) without a word of its own, so the row is the gate's record."""
    if st.required is not None and float(m["total"]) < float(st.required):
        message = f"coverage {m['total']}% is below the required {st.required}%"
        st.found.error(no, message, code=TOOL, weight=10.0)
    st.required = None


def _simplecov(found: _Coverage, no: int, m: re.Match[str]) -> None:
    """SimpleCov's minimum: the criterion named from 0.18 (`Line`, `Branch`), none before."""
    (_MEASURE if m["what"] else _GATE)(found, no, m)


def _scripted(found: _Coverage, no: int, m: re.Match[str]) -> bool:
    """A script's own gate line: its measure and its floor, in that order, the measure below the floor."""
    if float(m["total"]) >= float(m["required"]):
        return False
    _GATE(found, no, m)
    return True


# `coverage`, its percentage, a word of below, the floor's percentage (a few words between each: `is`, `the
# threshold of`, `required`); no other number between them
_SCRIPTED = (
    r"(?i)\bcoverage\b[^%\d\n]{0,24}?\(?(?P<total>\d+(?:\.\d+)?)\s?%\)?[^%\d]{0,12}?"
    r"(?:\bbelow\b|\bless than\b|\blower than\b|\bunder\b|<)[^%\d]{0,36}?\(?(?P<required>\d+(?:\.\d+)?)\s?%"
)
_PERCENT = r"\((?P<total>[\d.]+)%\)"
_REQUIRED = r"\((?P<required>[\d.]+)%\)"
# SimpleCov's criterion before `coverage`: `Line`/`Branch` from 0.18, none before. It writes to stderr at exit,
# so its line may follow the runner's progress dots on one line (`.Line coverage (50.00%) is below ...`).
_SIMPLECOV = r"(?:(?P<what>Line|Branch) coverage|Coverage)"

_RULES = LineRules[_Coverage](
    # The run shown before its report: Travis's `$ coverage report --fail-under=90`, tox's `commands[1] | ...`.
    Rule(
        r"--fail-under[= ](?P<required>\d+(?:\.\d+)?)\b",
        _fail_under,
        has=("--fail-under",),
        search=True,
    ),
    Rule(
        r"^TOTAL\s+\d+\s+\d+(?:\s+\d+\s+\d+)?\s+(?P<total>\d+(?:\.\d+)?)%\s*$",
        _total,
        starts="TOTAL ",
        when=lambda st, _no: st.required is not None,
        continues=True,
    ),
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
        rf"^(?:ERROR|Jest): Coverage for (?P<what>\w+) {_PERCENT} does not meet (?:\S+ )?threshold {_REQUIRED}",
        _MEASURE,
        starts=("ERROR: Coverage for ", "Jest: Coverage for "),
    ),
    Rule(
        rf'^Jest: "[^"]*" coverage threshold for (?P<what>\w+) {_REQUIRED} not met: (?P<total>[\d.]+)%$',
        _MEASURE,
        starts='Jest: "',
    ),
    Rule(
        r"^Jest: Uncovered count for (?P<what>\w+) \((?P<uncovered>\d+)\) ?exceeds (?:\S+ )?threshold "
        r"\((?P<allowed>\d+)\)",
        _COUNT,
        starts="Jest: Uncovered count for ",
    ),
    # Karma's logger puts its date and `ERROR [coverage]: ` before it, karma-coverage the browser's name.
    Rule(
        rf"\[coverage\]: (?:[^:]*: )?Coverage for (?P<what>\w+) {_PERCENT} does not meet "
        rf"(?:global|per-file \((?P<file>[^()]*)\) ) threshold {_REQUIRED}",
        _MEASURE,
        has=("[coverage]: ",),
        search=True,
    ),
    Rule(
        rf"{_SIMPLECOV} (?:by (?:file|group) )?{_PERCENT} is below the expected minimum coverage {_REQUIRED}",
        _simplecov,
        has=("%) is below the expected minimum coverage (",),
        search=True,
    ),
    Rule(
        rf"^File \((?P<file>[^()]+)\) is only {_PERCENT} covered\. This is below the expected minimum coverage "
        rf"per file of {_REQUIRED}",
        _GATE,
        starts="File (",
    ),
    Rule(
        rf"{_SIMPLECOV} has dropped by (?P<drop>[\d.]+)% since the last time \(maximum allowed: (?P<allowed>[\d.]+)%\)",
        _DROP,
        has=(" has dropped by ",),
        search=True,
    ),
    Rule(
        r"Rule violated for (?P<element>\w+) (?P<name>[^\s:]+): (?P<what>[a-z ]+?) is (?P<actual>[\d.]+), "
        r"but expected (?P<bound>minimum|maximum) is (?P<limit>[\d.]+)",
        _JACOCO,
        has=("Rule violated for ",),
        search=True,
    ),
    Rule(_SCRIPTED, _scripted, has=("overage",), search=True, head=300),
)

PARSER = Parser(tool=TOOL, category=Category.TEST, parse=scan_with(_RULES, lambda _view: _Coverage()))
