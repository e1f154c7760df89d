"""unittest (and runners that print its format: Django's test runner, nose2, nose 1/pynose).

nose and nose2 also run plain test functions and generators, which unittest's format names by
their dotted path alone (`FAIL: tests.test_calc.test_sum`, nose's `...test_gen(1,)`, nose2's
`...test_gen:1`): read only right under the `=====` rule that opens every failure section."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, verdict
from remediate.models import Category

# An unexpected success fails the run too (`FAILED (unexpected successes=1)`, exit 1).
_COUNT = Regex(r"(?:failures|errors|unexpected successes)=(\d+)")


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="unittest"))
    pending: tuple[int, str] | None = None  # (line, test id) waiting for its exception line
    rule: int = 0  # the line of the last `=====` rule (a failure section's first line)

    def waiting(self, _no: int) -> bool:
        return self.pending is not None

    def under_rule(self, no: int) -> bool:
        return self.rule == no - 1


def _header(st: _State, no: int, m: re.Match[str]) -> None:
    name, where = m.group("name"), m.group("where")
    test_id = f"{where}.{name}" if not where.endswith(name) else where
    st.found.test(no, test_id)
    st.pending = (no, test_id)


def _rule(st: _State, no: int, _m: re.Match[str]) -> None:
    st.rule = no


def _dotted_header(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m.group("where"))
    st.pending = (no, m.group("where"))


def _verbose(st: _State, no: int, m: re.Match[str]) -> None:
    name, where = m.groupdict().get("name"), m.group("where")
    st.found.test(no, where if name is None or where.endswith(name) else f"{where}.{name}")


def _verdict(st: _State, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, sum(int(n) for n in _COUNT.findall(m.group(1))), 9.0)


def _frame(st: _State, _no: int, m: re.Match[str]) -> None:
    """A traceback frame under a failure's header: the one in the test's own method is in its file."""
    assert st.pending is not None
    header_line, test_id = st.pending
    if m["func"] == _method(test_id):
        st.found.test(header_line, test_id, file=m["file"])


def _method(test_id: str) -> str:
    """`tests.test_cart.TestCart.test_total` -> `test_total`; nose's `...test_gen(1,)` and nose2's
    `...test_gen:1` -> `test_gen`."""
    return test_id.partition("(")[0].partition(":")[0].rpartition(".")[2]


def _exception(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.pending is not None
    header_line, test_id = st.pending
    st.found.mark(no, 8.0)
    st.found.test(header_line, test_id, message=m.string)
    st.pending = None


_RULES = LineRules[_State](
    Rule(
        r"^(FAIL|ERROR|UNEXPECTED SUCCESS): (?P<name>\w+) \((?P<where>[\w.]+)\)(?:\n|$)",
        _header,
        starts=("FAIL: ", "ERROR: ", "UNEXPECTED SUCCESS: "),
    ),
    Rule(r"^={20,}$", _rule, starts="====="),
    # nose/nose2: a test function's dotted path, a generator's arguments or index after it
    Rule(
        r"^(?:FAIL|ERROR): (?P<where>\w+(?:\.\w+)+(?:\([^()]*\)|:\d+)?)$",
        _dotted_header,
        starts=("FAIL: ", "ERROR: "),
        when=_State.under_rule,
    ),
    Rule(r"^(?P<where>\w+(?:\.\w+)+(?:\([^()]*\))?) \.\.\. (?:FAIL|ERROR)$", _verbose, ends=("FAIL", "ERROR")),
    Rule(
        r"^(?P<name>\w+) \((?P<where>[\w.]+)\)(?: \.\.\.|\n).*?\b(FAIL|ERROR)$",
        _verbose,
        ends=("FAIL", "ERROR"),
    ),
    Rule(r"^Ran \d+ tests? in [\d.]+s$", verdict(4.0), starts="Ran "),
    Rule(
        r"^FAILED \(((?:failures|errors|skipped|expected failures|unexpected successes)=\d+.*)\)$",
        _verdict,
        starts="FAILED (",
    ),
    Rule(
        r'^  File "(?P<file>[^"]+)", line \d+, in (?P<func>\w+)$',
        _frame,
        starts='  File "',
        when=_State.waiting,
        continues=True,
    ),
    Rule(
        r"^(\w+(?:\.\w+)*(?:Error|Exception|Failure)):? ?(.*)$",
        _exception,
        when=_State.waiting,  # only right after a header: a table gate on `Error` would hold in nearly every log
    ),
    continued=True,
)


PARSER = Parser(tool="unittest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _State()))
