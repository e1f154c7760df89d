"""Qt Test (QtTest, the test library of Qt projects): a row per test function, `PASS   :`, `SKIP   :` or
`FAIL!  : TestCart::totalAddsPrices() Compared values are not the same` (a data-driven test's row
names its data tag: `TestCart::total(empty)`), the compared values on the lines below
(`   Actual   (total({1, 2, 3})): 5`, `   Expected (6)               : 6`) and the place,
`   Loc: [tests/tst_cart.cpp(18)]`; each test class ends `Totals: 3 passed, 2 failed, 0 skipped, ...`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.models import Category

VALUE_LINES = 2  # `Actual` and `Expected` under a failed comparison


@state
class _QTest:
    found: Findings = field(default_factory=lambda: Findings(tool="qtest"))
    current: tuple[int, str, str] | None = None  # (row line, test id, message) of the failed test read
    values: int = 0  # value lines added to its message


def _failed(st: _QTest, no: int, m: re.Match[str]) -> None:
    test_id = m["test"] + (f"({m['tag']})" if m["tag"] else "")
    st.current, st.values = (no, test_id, m["msg"].strip()), 0
    st.found.test(no, test_id, message=m["msg"].strip() or None)


def _value(st: _QTest, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    if st.values >= VALUE_LINES:
        return
    line, test_id, message = st.current
    said = f"{message} {m['kind']}: {m['value']}".strip()  # `... Actual: 5 Expected: 6`
    st.current, st.values = (line, test_id, said), st.values + 1
    st.found.mark(no, 7.0)


def _place(st: _QTest, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    line, test_id, message = st.current
    st.found.test(line, test_id, file=m["file"])
    st.found.error(no, message or test_id, file=m["file"], at=int(m["line"]), code="test")
    st.current = None


_RULES = LineRules[_QTest](
    Rule(r"^FAIL!  : (?P<test>[\w:]+)\((?P<tag>[^)]*)\)(?P<msg>.*)$", _failed, starts="FAIL!  : "),
    Rule(
        r"^   (?P<kind>Actual|Expected) +\(.*\) *: (?P<value>.*)$",
        _value,
        starts=("   Actual", "   Expected"),
        when=lambda st, _no: st.current is not None,
        continues=True,
    ),
    Rule(
        r"^   Loc: \[(?P<file>.+)\((?P<line>\d+)\)\]$",
        _place,
        starts="   Loc: [",
        when=lambda st, _no: st.current is not None,
        continues=True,
    ),
    Rule(r"^Totals: \d+ passed, (?P<failed>\d+) failed, ", summary(9.0), starts="Totals: "),
)

QTEST = Parser(tool="qtest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _QTest()))
