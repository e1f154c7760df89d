"""C and C++ test runners: GoogleTest (and cmocka, which prints its rows), Catch2, Boost.Test,
doctest, and CTest (CMake's test driver, which runs any of them).

GoogleTest reports a failed assertion as `FILE:LINE: Failure` (`FILE(LINE): error: ` when built
with MSVC) with the values on the lines below, then `[  FAILED  ] Suite.Test (N ms)`; the run ends
with `[  FAILED  ] N tests, listed below:` and the list again. Catch2 opens each failed test case
with a rule of 79 dashes, its name (and section names), another rule and the case's `FILE:LINE`;
each failed assertion is `FILE:LINE: FAILED:` with the expression and its expansion below; the run
ends with `test cases: N | P passed | F failed`. CTest prints one `N/M Test #N: NAME ...***Failed`
row per test and `The following tests FAILED:` with `N - NAME (Failed)` rows. Boost.Test puts a
failed check on one line, `FILE(LINE): error: in "suite/case": check ... has failed [-1 != 5]`, and
ends with `*** N failures are detected in the test module "M"`. doctest opens a failed case with a
rule of `=`, its place and `TEST CASE:  NAME`, then `FILE:LINE: ERROR: CHECK( ... ) is NOT correct!`
with `values: ...` below, and ends with `[doctest] test cases: N | P passed | F failed`."""

from __future__ import annotations

import re
from collections.abc import Callable

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import after_tests, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

DETAIL_LINES = 8  # lines under a failed assertion that may say why (expected/actual values)
CATCH_HEADER_LINES = 8  # lines of a Catch2 test case header: name, sections, rule, location, dots


@state
class _State:
    view: View
    found: Findings
    current: tuple[str, int] | None = None  # (test, log line) whose output follows
    failure: tuple[str | None, int | None, str] | None = None  # the running test's first failed assertion
    listing: bool = False  # under CTest's `The following tests FAILED:`
    # CTest's words why it did not run the next test (`Unable to find executable: PATH`), above its `***Not Run` row
    not_run_why: str = ""


def _detail(view: View, no: int, stop: tuple[str, ...]) -> list[tuple[int, str]]:
    """The lines under a failed assertion, up to a blank line or one starting with `stop`."""
    out: list[tuple[int, str]] = []
    for nxt in view.after(no, DETAIL_LINES):
        text = nxt.text.strip()
        if not text or nxt.text.startswith(stop):
            break
        out.append((nxt.no, text))
    return out


def _said(st: _State, no: int, file: str | None, line: int | None, stop: tuple[str, ...], head: str = "") -> None:
    """A failed assertion: a record at its place, its detail lines as evidence."""
    detail = _detail(st.view, no, stop)
    for at, _text in detail:
        st.found.mark(at, 7.0)
    message = " ".join([head, *(text for _at, text in detail)]).strip() or "assertion failed"
    st.found.error(no, message, file=file, at=line, code="test")
    if st.failure is None:
        st.failure = (file, line, message)


# ------------------------------------------------------------------ GoogleTest

_GTEST_MARK = "["  # every line of gtest's own ends a failure's detail: `[  FAILED  ]`, `[       OK ]`...
_GTEST_FAILED = Regex(r"^\[  FAILED  \] ([\w/.:-]+)(.*)$")
# The path runs to the first `:` or `(` (a drive's `D:\` aside), so the pattern never backtracks into it.
_GTEST_PLACE = Regex(
    r"^(?P<file>unknown file|[A-Za-z]:\\[^:()]+|[^\s:()][^:()]*)(?::(?P<line>\d+)|\((?P<line2>\d+)\))?: "
    r"(?:Failure|error: (?P<msg>.*))$"
)


def _run(st: _State, no: int, m: re.Match[str]) -> None:
    st.current, st.failure = (m.group(1), no), None
    st.found.seen = True


def _gtest_failure(st: _State, no: int, m: re.Match[str]) -> None:
    file = None if m["file"] == "unknown file" else m["file"]
    number = m["line"] or m["line2"]  # the place's number is optional: `src/a.cc: Failure` has none
    line = int(number) if file and number else None
    _said(st, no, file, line, (_GTEST_MARK,), (m["msg"] or "").strip())


def _gtest_failed(st: _State, no: int, m: re.Match[str]) -> bool:
    """`[  FAILED  ] Suite.Test (N ms)`, `..., where GetParam() = 3 (N ms)`, or the bare name in
    the closing list; `[  FAILED  ] 4 tests, listed below:` is the count (the rule below)."""
    rest = m.group(2)
    if rest and not rest.startswith((", where ", " (")):
        return False
    test = m.group(1)
    failure = st.failure if st.current is not None and st.current[0] == test else None
    file, _line, message = failure if failure is not None else (None, None, None)
    st.found.test(no, test, file=file, message=message)
    st.current, st.failure = None, None
    return True


def _cmocka_place(st: _State, no: int, m: re.Match[str]) -> None:
    """cmocka's `[   LINE   ] --- FILE:LINE: error: Failure!` under its `[  ERROR   ] --- MSG`."""
    i = st.view.index.get(no, 0)
    above = st.view.lines[i - 1].text if i else ""
    said = above.removeprefix("[  ERROR   ] --- ") if above.startswith("[  ERROR   ] --- ") else ""
    st.found.mark(no - 1, 7.0)
    _said(st, no, m["file"], int(m["line"]), (_GTEST_MARK,), said)


_GTEST = LineRules[_State](
    Rule(r"^\[ RUN      \] ([\w/.:-]+)$", _run, starts="[ RUN  "),
    # cmocka prints gtest's rows, and the place of a failed assertion as a row of its own
    Rule(
        r"^\[   LINE   \] --- (?P<file>[^\s:()][^:()]*):(?P<line>\d+): error: Failure!$",
        _cmocka_place,
        starts="[   LINE   ] --- ",
        when=lambda st, _no: st.current is not None,
        continues=True,
    ),
    # busted's gtest output handler prints the same count and verdict: gtest's follow its own failed rows
    Rule(
        r"^\[  FAILED  \] (?P<failed>\d+) tests?, listed below:$",
        summary(9.0),
        starts="[  FAILED  ] ",
        when=after_tests,
    ),
    Rule(_GTEST_FAILED, _gtest_failed, starts="[  FAILED  ] "),
    Rule(
        r"^ ?\d+ FAILED TESTS?$",
        verdict(8.0),
        ends=("FAILED TEST", "FAILED TESTS"),
        when=after_tests,
    ),
    Rule(r"^\[==========\] \d+ tests? from \d+ test (?:suites?|cases?) ran\.", verdict(3.0), starts="[=========="),
    # The place of a failed assertion: `FILE:LINE: Failure` (gcc, clang), `FILE(LINE): error: MSG` (MSVC).
    Rule(_GTEST_PLACE, _gtest_failure, ends="Failure", when=lambda st, _no: st.current is not None),
    Rule(_GTEST_PLACE, _gtest_failure, has=("): error: ",), when=lambda st, _no: st.current is not None),
)

# ------------------------------------------------------------------ Catch2

_RULE_LINE = "-" * 79
_PATH = r"[A-Za-z]:\\[^:()]+|[^\s:()][^:()]*"  # to the first `:` or `(`, a drive's `D:\` aside: no backtracking
_CATCH_LOCATION = Regex(rf"^(?:{_PATH})(?::\d+|\(\d+\))$")


def _catch_case(st: _State, no: int, _m: re.Match[str]) -> None:
    """A test case header: the rule, names, rule, location, dots; the first name is the case."""
    names: list[str] = []
    closed = False
    for nxt in st.view.after(no, CATCH_HEADER_LINES):
        if nxt.text == _RULE_LINE:
            if not names:  # two rules in a row open nothing
                return
            closed = True
        elif not closed and nxt.text.strip():
            names.append(nxt.text.strip())
        elif _CATCH_LOCATION.match(nxt.text) and names:
            st.current, st.failure = (names[0], no), None
            st.found.mark(no + 1, 8.0)
            return
        else:
            return


def _catch_failed(st: _State, no: int, m: re.Match[str]) -> None:
    if st.current is None:
        return
    _said(st, no, m["file"], int(m["line"] or m["line2"]), (_RULE_LINE, "=" * 20))
    st.found.test(st.current[1] + 1, st.current[0], file=m["file"], message=st.failure[2] if st.failure else None)


def _catch_compact(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), code="test")


_CATCH = LineRules[_State](
    Rule(r"^-{79}$", _catch_case, starts="-" * 79),
    Rule(
        rf"^(?P<file>{_PATH})(?::(?P<line>\d+)|\((?P<line2>\d+)\)): FAILED:$",
        _catch_failed,
        ends=": FAILED:",
    ),
    # The compact reporter (`-r compact`): one line per failed assertion.
    Rule(rf"^(?P<file>{_PATH}):(?P<line>\d+): failed: (?P<msg>.+)$", _catch_compact, has=(": failed: ",)),
    Rule(
        r"^test cases: +\d+ \|(?: +\d+ passed \|)? +(?P<failed>\d+) failed",
        summary(9.0),
        starts="test cases:",
    ),
    Rule(
        r"^Failed (?P<failed>\d+) test cases?, failed \d+ assertions?\.$",
        summary(9.0),
        has=(" test case, failed ", " test cases, failed "),  # rarer than `Failed ` starting a line
    ),
)

# ------------------------------------------------------------------ Boost.Test


def _boost_failure(st: _State, no: int, m: re.Match[str]) -> None:
    file = None if m["file"] == "unknown location" else m["file"]
    st.found.error(no, m["msg"], file=file, at=int(m["line"]) if file else None, code="test")
    st.found.test(no, m["test"], file=file, message=m["msg"])


_BOOST = LineRules[_State](
    # `FILE(LINE): error: in "suite/case": check add(2, 3) == 5 has failed [-1 != 5]` (`fatal error`
    # for a REQUIRE; `unknown location(0)` for an exception outside any check).
    Rule(
        rf'^(?P<file>unknown location|{_PATH})\((?P<line>\d+)\): (?:fatal )?error: in "(?P<test>[^"]+)": (?P<msg>.+)$',
        _boost_failure,
        has=('error: in "',),
    ),
    Rule(
        r'^\*\*\* (?P<failed>\d+) failures? (?:is|are) detected in (?:the )?test (?:module|suite) "',
        summary(9.0),
        starts="*** ",
    ),
)

# ------------------------------------------------------------------ doctest


def _doctest_case(st: _State, no: int, m: re.Match[str]) -> None:
    st.current, st.failure = (m["name"].strip(), no), None


def _doctest_failed(st: _State, no: int, m: re.Match[str]) -> None:
    if st.current is None:
        return
    file, line = m["file"], int(m["line"] or m["line2"])
    _said(st, no, file, line, ("=" * 20,), m["msg"])
    st.found.test(st.current[1], st.current[0], file=file, message=st.failure[2] if st.failure else None)


_DOCTEST = LineRules[_State](
    Rule(r"^TEST CASE:  (?P<name>\S.*)$", _doctest_case, starts="TEST CASE:  "),
    Rule(
        rf"^(?P<file>{_PATH})(?::(?P<line>\d+)|\((?P<line2>\d+)\)): (?:FATAL )?ERROR: (?P<msg>.+)$",
        _doctest_failed,
        has=("ERROR: ",),
        continues=True,  # a failure of the test case its `TEST CASE:` line named
    ),
    Rule(
        r"^\[doctest\] test cases: +\d+ \| +\d+ passed \| +(?P<failed>\d+) failed",
        summary(9.0),
        starts="[doctest] test cases:",
    ),
)

# ------------------------------------------------------------------ CTest


def _ctest_row(st: _State, no: int, m: re.Match[str]) -> None:
    reason = m.group(2)
    if reason == "Not Run" and st.not_run_why:
        # why CTest did not run it, in its words above the row: say so, as CTest did
        reason, st.not_run_why = f"Not Run: {st.not_run_why}", ""
    # `Failed` says the test's program exited non-zero: its own check failed, as far as CTest can tell (its message,
    # which a cause beneath the tests is read against: a program not built beside a test failing is two failures)
    st.found.test(no, m.group(1), message=reason)


def _not_run_why(st: _State, no: int, m: re.Match[str]) -> None:
    st.not_run_why = m.group(0)


def _listing(st: _State, no: int, m: re.Match[str]) -> None:
    st.listing = True
    verdict(8.0)(st, no, m)


_CTEST = LineRules[_State](
    # `1/6 Test #1: CalcTest.AddsTwoNumbers ....***Failed    0.01 sec` (also ***Exception: SegFault,
    # ***Timeout, ***Not Run); passing rows end `   Passed    0.01 sec`.
    # A test disabled in the project (the DISABLED property: `***Not Run (Disabled)`) is no failure: CTest counts it
    # under `The following tests did not run:`, not among the failed.
    Rule(
        r"^ *\d+/\d+ Test +#\d+: (\S+) \.*(?: |\*\*\*)(Failed|Exception: [\w ]+?|Timeout|Not Run(?! \(Disabled\)))\b",
        _ctest_row,
        has=(" Test #",),
    ),
    # CTest 3.x's words (cmCTestRunTest) why it did not run a test, above that test's `***Not Run` row: its command is
    # no file (the program not built), a file its REQUIRED_FILES names is not there, a fixture's set-up test it needs
    # failed (FIXTURES_REQUIRED: that test's failure, not this one's)
    Rule(
        r"^(?:Unable to find executable|Unable to find required file|Failed test dependencies): \S.{0,300}$",
        _not_run_why,
        starts=("Unable to find ", "Failed test dependencies: "),
    ),
    Rule(r"^The following tests FAILED:$", _listing, starts="The following tests FAILED"),
    # The list under it: `\t  1 - CalcTest.AddsTwoNumbers (Failed)`.
    Rule(r"^\s+\d+ - (\S+) \(([\w ]+)\)$", _ctest_row, when=lambda st, _no: st.listing),
    Rule(r"^\d+% tests passed, (?P<failed>\d+) tests? failed out of \d+$", summary(9.0), has=("tests passed",)),
    Rule(r"^Errors while running CTest$", verdict(8.0), starts="Errors while running CTest"),
    continued=True,  # the list's rows follow its header (a gate on `)` would hold in nearly every log)
)


def _start(tool: str) -> Callable[[View], _State]:
    return lambda view: _State(view, Findings(tool=tool))


GTEST = Parser(tool="gtest", category=Category.TEST, parse=scan_with(_GTEST, _start("gtest")))
CATCH2 = Parser(tool="catch2", category=Category.TEST, parse=scan_with(_CATCH, _start("catch2")))
CTEST = Parser(tool="ctest", category=Category.TEST, parse=scan_with(_CTEST, _start("ctest")))
BOOST_TEST = Parser(tool="boost-test", category=Category.TEST, parse=scan_with(_BOOST, _start("boost-test")))
DOCTEST = Parser(tool="doctest-cpp", category=Category.TEST, parse=scan_with(_DOCTEST, _start("doctest-cpp")))
