"""C unit-test frameworks with reports of their own (cmocka prints GoogleTest's, read there):

- Check: `33%: Checks: 3, Failures: 2, Errors: 0`, then one row a failed test,
  `tests/check_cart.c:8:F:Core:test_total:0: Assertion 'total(prices, 3) == 6' failed: ...`
  (`E` for an error: a signal, a timeout).
- CUnit's basic interface: `  Test: total of three prices ...FAILED` (verbose mode) or
  `Suite Cart, Test total of three prices had failures:` (normal mode), each followed by its failed
  assertions, `    1. tests/test_cart.c:7  - CU_ASSERT_EQUAL(total(prices, 3),6)`.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.models import Category


@state
class _Check:
    found: Findings = field(default_factory=lambda: Findings(tool="check"))
    counted: bool = False  # after Check's count line: its rows follow


def _check_count(st: _Check, no: int, m: re.Match[str]) -> None:
    st.counted = True
    summary(9.0)(st, no, m)


def _check_row(st: _Check, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["test"], file=m["file"], message=m["msg"])
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), code="test")


_CHECK = LineRules[_Check](
    Rule(
        r"^\d+%: Checks: \d+, Failures: (?P<failed>\d+), Errors: (?P<errors>\d+)$",
        _check_count,
        has=("%: Checks: ",),
    ),
    Rule(
        r"^(?P<file>\S+?):(?P<line>\d+):[FE]:[^:]*:(?P<test>\w+):\d+: (?P<msg>.*)$",
        _check_row,
        has=(":F:", ":E:"),
        when=lambda st, _no: st.counted,
        continues=True,
    ),
)


@state
class _CUnit:
    found: Findings = field(default_factory=lambda: Findings(tool="cunit"))
    suite: str = ""  # the verbose mode's `Suite: Cart` above its tests
    test: tuple[int, str] | None = None  # (line, id) of the failed test whose assertions follow


def _cunit_suite(st: _CUnit, _no: int, m: re.Match[str]) -> None:
    st.suite = m.group(1)


def _cunit_failed(st: _CUnit, no: int, m: re.Match[str]) -> None:
    test_id = f"{m['suite'] or st.suite}: {m['test']}"
    st.test = (no, test_id)
    st.found.test(no, test_id)


def _cunit_assertion(st: _CUnit, no: int, m: re.Match[str]) -> None:
    assert st.test is not None
    first, test_id = st.test
    st.found.test(first, test_id, file=m["file"], message=m["msg"])
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), code="test")


_CUNIT = LineRules[_CUnit](
    Rule(r"^Suite: (.+)$", _cunit_suite, starts="Suite: ", continues=True),
    Rule(r"^\s+Test: (?P<suite>)(?P<test>.+?) \.\.\.FAILED$", _cunit_failed, ends=" ...FAILED"),
    Rule(r"^Suite (?P<suite>.+?), Test (?P<test>.+) had failures:$", _cunit_failed, ends=" had failures:"),
    Rule(
        r"^\s+\d+\. (?P<file>\S+):(?P<line>\d+)\s+- (?P<msg>.+)$",
        _cunit_assertion,
        has=("  - ",),
        when=lambda st, _no: st.test is not None,
        continues=True,
    ),
    Rule(
        r"^\s+tests\s+\d+\s+\d+\s+(?:\d+|n/a)\s+(?P<failed>\d+)\s+\d+$",
        summary(9.0),
        starts=("               tests ",),
        when=lambda st, _no: st.test is not None,
        continues=True,
    ),
)

CHECK = Parser(tool="check", category=Category.TEST, parse=scan_with(_CHECK, lambda _view: _Check()))
CUNIT = Parser(tool="cunit", category=Category.TEST, parse=scan_with(_CUNIT, lambda _view: _CUnit()))
