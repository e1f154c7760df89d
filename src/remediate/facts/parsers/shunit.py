"""shUnit2, the xUnit framework of shell scripts (`. shunit2` at a test script's end): it prints each
test function's name as it runs it (`testTotal`), a failed assertion below it as `ASSERT:MESSAGE`
(`ASSERT:total of three expected:<6> but was:<5>`) and, since 2.1.7, `shunit2:ERROR testTotal()
returned non-zero return code.`; the run ends `Ran 3 tests.` and unittest's `FAILED (failures=4)`
(counted by the unittest parser). A function's name alone on a line says nothing until an assertion
fails under it; shUnit2 writes the message right after the colon (Qt's `ASSERT: "x" in file ...` has
a space there)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.models import Category


@state
class _ShUnit:
    found: Findings = field(default_factory=lambda: Findings(tool="shunit2"))
    current: tuple[int, str] | None = None  # (line, name) of the test function running


def _running(st: _ShUnit, no: int, m: re.Match[str]) -> None:
    st.current = (no, m["name"])


def _assert(st: _ShUnit, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    line, name = st.current
    st.found.mark(no, 8.0)
    st.found.test(line, name, message=m["msg"].strip() or None)


def _returned(st: _ShUnit, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"])


_RULES = LineRules[_ShUnit](
    Rule(r"^ASSERT:(?P<msg>\S.*)$", _assert, starts="ASSERT:", when=lambda st, _no: st.current is not None),
    Rule(r"^shunit2:ERROR (?P<name>\w+)\(\) returned non-zero return code\.$", _returned, starts="shunit2:ERROR "),
    Rule(r"^(?P<name>test\w*)$", _running, starts="test", continues=True),
    continued=True,
)

PARSER = Parser(tool="shunit2", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _ShUnit()))
