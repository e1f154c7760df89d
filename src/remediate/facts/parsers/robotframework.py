"""Robot Framework's console output (`robot tests`, `pybot` before 3.0).

The verbose console (the default) prints a row per test and per suite, padded to 78 columns and
ending with its status, `Total Of Three Prices                      | FAIL |`; under a failed test's
row comes its message (`5 != 6`, `No keyword with name 'x' found.`), under a suite's row its count:
`3 tests, 1 passed, 2 failed` (before 4.0 `3 critical tests, 1 passed, 2 failed` and `3 tests total,
...`). The dotted console (`--console dotted`) opens `Running suite 'Tests' with 3 tests.` and
lists each failure after the dots as `FAIL: Tests.Cart.Total Of Three Prices` with its message below.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted
from remediate.facts.view import View
from remediate.models import Category

_COUNT = Regex(r"^\d+ (?:critical )?tests?(?: total)?, \d+ passed, (?P<failed>\d+) failed")
_RULE = Regex(r"^(?:-{20,}|={20,})$")


@state
class _Robot:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="robot"))
    dotted: bool = False  # after the dotted console's `Running suite '...'` line


def _message_below(st: _Robot, no: int) -> str | None:
    """The line under a failed test's row: its message (none when a rule follows at once)."""
    below = st.view.text(no + 1).strip()
    if not below or _RULE.compiled.match(below):
        return None
    st.found.mark(no + 1, 8.0)
    return below


def _row(st: _Robot, no: int, m: re.Match[str]) -> None:
    """A `| FAIL |` row: a suite's when its count follows, else a test's."""
    below = st.view.text(no + 1)
    if count := _COUNT.compiled.match(below):
        failures_counted(st.found, no + 1, int(count["failed"]), 9.0)
        return
    st.found.test(no, m["name"].strip(), message=_message_below(st, no))


def _running(st: _Robot, _no: int, _m: re.Match[str]) -> None:
    st.dotted = True
    st.found.seen = True


def _dotted_failure(st: _Robot, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"], message=_message_below(st, no))


def _dotted_count(st: _Robot, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, int(m["failed"]), 9.0)


_RULES = LineRules[_Robot](
    Rule(r"^(?P<name>[^|]+)\| FAIL \|$", _row, ends="| FAIL |"),
    Rule(r"^Running suite '.+' with \d+ tests?\.$", _running, starts="Running suite '"),
    Rule(r"^FAIL: (?P<name>\S.*)$", _dotted_failure, starts="FAIL: ", when=lambda st, _no: st.dotted, continues=True),
    Rule(_COUNT, _dotted_count, ends=" failed", when=lambda st, _no: st.dotted, continues=True),
)

PARSER = Parser(tool="robot", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Robot(view)))
