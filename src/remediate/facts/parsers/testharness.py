"""Test harnesses of C projects' build systems.

Automake's (`make check` of an autotools project): the parallel harness (Automake 1.13+) prints
`FAIL: tests/test_total` per test, then its `# TOTAL: 3` ... `# FAIL:  2` summary and `See
./test-suite.log` (printed too under `VERBOSE=1`: per failed test a `FAIL: x` section, the test's
output, `FAIL x (exit status: 1)`); the serial one (`serial-tests`, Automake before 1.13) prints the
same result lines, then `2 of 3 tests failed`.

Meson's `meson test` prints one row a test, `2/3 test_total   FAIL   0.03s   exit status 1` (before
0.57: `... 0.01s (exit status 1)`), then its counts, `Ok: 1`, `Expected Fail: 0`, `Fail: 2`, ..."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

SECTION_WITHIN = 60  # lines of a failed test's section of test-suite.log in which its end comes
MAX_PENDING = 500  # result lines kept until a summary confirms them
_UNDERLINE = Regex(r"^=+$")
_SECTION_END = Regex(r"^(?:FAIL|ERROR|XPASS) (\S+) \((?:exit status: \d+|[^)]*)\)$")
# The serial harness's `3 of 4 tests failed` ends on a count (scripts say `Unit tests failed`).
_COUNTED = tuple(f"{digit} {tests} failed" for digit in "0123456789" for tests in ("tests", "test"))
_SCRIPT = Regex(r"\.(?:sh|bash|py|pl|rb|test|tap|js|lua|tcl|scm)$")  # a test that is its own file


@state
class _Harness:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="automake"))
    pending: list[tuple[int, str]] = field(default_factory=list)  # result lines no summary confirmed yet
    confirmed: bool = False  # a summary was seen: test-suite.log's sections are the harness's
    reasons: dict[str, str] = field(default_factory=dict)  # meson's reason a test failed (`exit status 1`)


def _result(st: _Harness, no: int, m: re.Match[str]) -> None:
    """`FAIL: tests/test_total`: a failed test if a summary follows (`FAIL: ` alone is any tool's),
    or, under a summary already seen, test-suite.log's section of one (its output below)."""
    below = next(iter(st.view.after(no, 1)), None)
    if st.confirmed and below is not None and _UNDERLINE.compiled.match(below.text):
        _section(st, no, m.group(1))
    elif len(st.pending) < MAX_PENDING:
        st.pending.append((no, m.group(1)))


def _section(st: _Harness, no: int, test: str) -> None:
    """A failed test's section of test-suite.log: its first line of output says why."""
    said = None
    for line in st.view.after(no + 1, SECTION_WITHIN):
        if _SECTION_END.compiled.match(line.text):
            said = said or line.text
            st.found.mark(line.no, 7.0)
            break
        if said is None and line.text.strip():
            said = line.text.strip()
            st.found.mark(line.no, 8.0)
    _failed(st, no, test, said)


def _failed(st: _Harness, no: int, test: str, message: str | None = None) -> None:
    st.found.test(no, test, file=test if _SCRIPT.compiled.search(test) else None, message=message)


def _summary(st: _Harness, no: int, m: re.Match[str]) -> None:
    """The harness's count of failures: the result lines above it were its tests."""
    st.confirmed = True
    failed = int(m["failed"])
    st.found.seen = True
    if failed:
        st.found.mark(no, 9.0)
        st.found.summary(no, failed)
    for line, test in st.pending:
        _failed(st, line, test, st.reasons.get(test))
    st.pending.clear()


def _serial_summary(st: _Harness, no: int, m: re.Match[str]) -> bool:
    """The serial harness's `3 of 4 tests failed`, in its banner of `=` rules (lab's count, the
    same words, stands alone)."""
    if not _UNDERLINE.compiled.match(st.view.text(no - 1)):
        return False
    _summary(st, no, m)
    return True


def _meson_row(st: _Harness, no: int, m: re.Match[str]) -> None:
    """A failed `meson test` row: a failed test if meson's counts follow (its row alone opens nothing)."""
    st.found.tool = "meson"
    if len(st.pending) < MAX_PENDING:
        st.pending.append((no, m["name"]))
        st.reasons[m["name"]] = m["why"].strip("()")


_RULES = LineRules[_Harness](
    Rule(r"^(?:FAIL|ERROR|XPASS): (\S+)$", _result, starts=("FAIL: ", "ERROR: ", "XPASS: "), continues=True),
    Rule(r"^# FAIL: +(?P<failed>\d+)$", _summary, starts="# FAIL: "),
    Rule(r"^(?P<failed>\d+) of \d+ tests? failed$", _serial_summary, ends=_COUNTED),
    Rule(
        r"^\s*\d+/\d+ (?P<name>\S.*?) +(?:FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS) +[\d.]+s +(?P<why>\S.*)$",
        _meson_row,
        has=(" FAIL ", " TIMEOUT ", " ERROR ", " UNEXPECTEDPASS "),
        continues=True,
    ),
    Rule(r"^Fail: +(?P<failed>\d+)$", _summary, starts="Fail: "),
)

PARSER = Parser(tool="automake", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Harness(view)))
