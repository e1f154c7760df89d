"""C and C++ unit-test frameworks with reports of their own (cmocka prints GoogleTest's, read in
cxxtest.py):

- Check: `33%: Checks: 3, Failures: 2, Errors: 0`, then one row a failed test,
  `tests/check_cart.c:8:F:Core:test_total:0: Assertion 'total(prices, 3) == 6' failed: ...`
  (`E` for an error: a signal, a timeout).
- CUnit's basic interface: `  Test: total of three prices ...FAILED` (verbose mode) or
  `Suite Cart, Test total of three prices had failures:` (normal mode), each followed by its failed
  assertions, `    1. tests/test_cart.c:7  - CU_ASSERT_EQUAL(total(prices, 3),6)`.
- CppUnit's text runner: `!!!FAILURES!!!`, `Run:  4   Failures: 2   Errors: 1`, then each fault,
  `1) test: CartTest::testTotal (F) line: 14 tests/CartTest.cpp` (`(E)` and no place for an
  exception), its message on the lines below (`equality assertion failed`, `- Expected: 6`,
  `- Actual  : 5`); with the CompilerOutputter each fault is `tests/CartTest.cpp:14:Assertion`
  (`##Failure Location unknown## : Error`), `Test name: CartTest::testTotal` and the message, and the
  run ends `Failures !!!` / `Run: 4   Failure total: 3   Failures: 2   Errors: 1`.
- Criterion: a failed assertion's place and message come first, `[----] tests/test_cart.c:4: Assertion
  Failed` and the assertion's own message on `[----]   ` lines, then the test's verdict, `[FAIL]
  cart::total: (0.00s)` (`[FAIL] cart::crash: CRASH!` after `Unexpected signal caught below this
  line!`); the run ends `[====] Synthesis: Tested: 3 | Passing: 1 | Failing: 2 | Crashing: 1`.
- CppUTest: a failed test in the compiler's shape, `tests/CartTest.cpp:6: error: Failure in TEST(Cart,
  Total)`, the check's words on the tab-indented lines below (`LONGS_EQUAL(6, total(...)) failed`,
  `expected <6 (0x6)>`, `but was  <5 (0x5)>`); the run ends `Errors (3 failures, 4 tests, 4 ran, ...)`.
- CxxTest (cxxtestgen's ErrorPrinter): `Running cxxtest tests (3 tests)`, per failed test `In
  CartTest::testTotal:` and its failed assertions, `tests/CartTest.h:5: Error: Expected (total({1, 2,
  3}) == 6), found (5 != 6)`; the run ends `Failed 2 and Skipped 0 of 3 tests`.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.compiler import CPPUTEST_FAILURE
from remediate.facts.parsers.handlers import seen, summary
from remediate.facts.view import View
from remediate.models import Category

CPPUNIT_MESSAGE_LINES = 4  # a CppUnit fault's message: its kind, then `- Expected: 6`, `- Actual  : 5`, ...


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


@state
class _CppUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="cppunit"))
    place: tuple[str, int] | None = None  # the CompilerOutputter's `FILE:LINE:Assertion` above a test name


def _cppunit_message(st: _CppUnit, no: int) -> str | None:
    """The fault's message: the non-blank lines under its header, up to a blank one."""
    said: list[str] = []
    for line in st.view.after(no, CPPUNIT_MESSAGE_LINES):
        if not line.text.strip():
            break
        said.append(line.text.strip())
        st.found.mark(line.no, 8.0)
    return " ".join(said) or None


def _cppunit_fault(st: _CppUnit, no: int, test: str, place: tuple[str, int] | None) -> None:
    message = _cppunit_message(st, no)
    st.found.test(no, test, file=place[0] if place else None, message=message)
    if place:
        st.found.error(no, message or test, file=place[0], at=place[1], code="test", weight=7.0)


def _cppunit_text_fault(st: _CppUnit, no: int, m: re.Match[str]) -> None:
    _cppunit_fault(st, no, m["test"], (m["file"], int(m["line"])) if m["file"] else None)


def _cppunit_place(st: _CppUnit, no: int, m: re.Match[str]) -> None:
    st.place = (m["file"], int(m["line"])) if m["file"] else None
    st.found.mark(no, 8.0)


def _cppunit_named(st: _CppUnit, no: int, m: re.Match[str]) -> bool:
    """`Test name: X` right under a CompilerOutputter's place line (its place, or `##Failure Location
    unknown##`): the fault's test; elsewhere the words are not CppUnit's."""
    above = st.view.text(no - 1)
    if not _COMPILER_PLACE.compiled.match(above):
        return False
    _cppunit_fault(st, no, m["test"], st.place)
    return True


@state
class _Criterion:
    found: Findings = field(default_factory=lambda: Findings(tool="criterion"))
    place: tuple[int, str, int] | None = None  # (line, file, line in it) of the last `[----] FILE:LINE: ...`
    said: list[str] = field(default_factory=list)  # what the `[----]` lines since it said


def _criterion_place(st: _Criterion, no: int, m: re.Match[str]) -> None:
    st.place, st.said = (no, m["file"], int(m["line"])), [m["msg"].strip()]
    st.found.mark(no, 8.0)


def _criterion_said(st: _Criterion, no: int, m: re.Match[str]) -> None:
    if text := m["msg"].strip():
        st.said.append(text)
        st.found.mark(no, 8.0)


def _criterion_failed(st: _Criterion, no: int, m: re.Match[str]) -> None:
    """A test's `[FAIL]`: the place and words read above it since the last verdict are its."""
    tail = m["tail"].strip()
    said = ([] if _CRITERION_TIME.compiled.match(tail) else [tail]) + st.said
    message = " ".join(said) or None
    file = st.place[1] if st.place else None
    st.found.test(no, m["test"], file=file, message=message)
    if st.place:
        st.found.error(st.place[0], message or m["test"], file=file, at=st.place[2], code="test", weight=7.0)
    st.place, st.said = None, []


def _criterion_other_verdict(st: _Criterion, _no: int, _m: re.Match[str]) -> None:
    st.place, st.said = None, []


_CRITERION_TIME = Regex(r"^\([\d.]+s\)$")
_CRITERION = LineRules[_Criterion](
    Rule(r"^\[----\] (?P<file>[^\s:]+):(?P<line>\d+): (?P<msg>.+)$", _criterion_place, starts="[----] "),
    Rule(r"^\[----\]   (?P<msg>.*)$", _criterion_said, starts="[----]   ", when=lambda st, _no: st.place is not None),
    Rule(r"^\[FAIL\] (?P<test>\w+::\w+):(?P<tail>.*)$", _criterion_failed, starts="[FAIL] "),
    Rule(r"^\[(?:PASS|SKIP|RUN )\] \w+::\w+", _criterion_other_verdict, starts=("[PASS] ", "[SKIP] ", "[RUN ] ")),
    Rule(
        r"^\[====\] Synthesis: Tested: \d+ \| Passing: \d+ \| Failing: (?P<failed>\d+) \| Crashing: \d+\s*$",
        summary(9.0),
        starts="[====] Synthesis: ",
    ),
)

_COMPILER_PLACE = Regex(r"^(?:(?P<file>\S+):(?P<line>\d+):Assertion|##Failure Location unknown## : \w+)$")
_CPPUNIT = LineRules[_CppUnit](
    Rule(
        r"^Run:\s+\d+\s+(?:Failure total: \d+\s+)?Failures: (?P<failed>\d+)\s+Errors: (?P<errors>\d+)$",
        summary(9.0),
        starts="Run: ",
    ),
    Rule(
        r"^\d+\) test: (?P<test>\S+) \([FE]\) ?(?:line: (?P<line>\d+) (?P<file>\S+))?$",
        _cppunit_text_fault,
        has=(") test: ",),
    ),
    Rule(_COMPILER_PLACE, _cppunit_place, has=(":Assertion", "##Failure Location unknown## : ")),
    Rule(r"^Test name: (?P<test>\S+)$", _cppunit_named, starts="Test name: ", continues=True),
)


@state
class _CppUTest:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="cpputest"))


def _cpputest_failure(st: _CppUTest, no: int, m: re.Match[str]) -> None:
    said: list[str] = []
    for line in st.view.after(no, CPPUNIT_MESSAGE_LINES):
        if not line.text.startswith("\t"):
            break
        said.append(line.text.strip())
        st.found.mark(line.no, 8.0)
    test, message = f"{m['group']}.{m['name']}", " ".join(said) or None
    st.found.test(no, test, file=m["file"], message=message)
    st.found.error(no, message or test, file=m["file"], at=int(m["line"]), code="test", weight=7.0)


_CPPUTEST = LineRules[_CppUTest](
    Rule(
        rf"^(?P<file>\S+):(?P<line>\d+): error: {re.escape(CPPUTEST_FAILURE)}(?P<group>\w+), (?P<name>\w+)\)$",
        _cpputest_failure,
        has=(f": error: {CPPUTEST_FAILURE}",),
    ),
    Rule(r"^Errors \((?P<failed>\d+) failures?, \d+ tests?, ", summary(9.0), starts="Errors ("),
)


@state
class _CxxTest:
    found: Findings = field(default_factory=lambda: Findings(tool="cxxtest"))
    test: str | None = None  # the `In Suite::test:` whose assertions follow


def _cxxtest_in(st: _CxxTest, _no: int, m: re.Match[str]) -> None:
    st.test = m["test"]


def _cxxtest_error(st: _CxxTest, no: int, m: re.Match[str]) -> None:
    assert st.test is not None
    st.found.test(no, st.test, file=m["file"], message=m["msg"])
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), code="test", weight=7.0)


_CXXTEST = LineRules[_CxxTest](
    Rule(r"^Running cxxtest tests \(\d+ tests?\)", seen, starts="Running cxxtest tests "),
    Rule(r"^In (?P<test>\w+::\w+):$", _cxxtest_in, starts="In ", ends=":", continues=True),
    Rule(
        r"^(?P<file>\S+):(?P<line>\d+): Error: (?P<msg>.+)$",
        _cxxtest_error,
        has=(": Error: ",),
        when=lambda st, _no: st.test is not None,
        continues=True,
    ),
    Rule(r"^Failed (?P<failed>\d+) and Skipped \d+ of \d+ tests?$", summary(9.0), starts="Failed ", ends=" tests"),
)

CHECK = Parser(tool="check", category=Category.TEST, parse=scan_with(_CHECK, lambda _view: _Check()))
CUNIT = Parser(tool="cunit", category=Category.TEST, parse=scan_with(_CUNIT, lambda _view: _CUnit()))
CPPUNIT = Parser(tool="cppunit", category=Category.TEST, parse=scan_with(_CPPUNIT, lambda view: _CppUnit(view)))
CRITERION = Parser(tool="criterion", category=Category.TEST, parse=scan_with(_CRITERION, lambda _view: _Criterion()))
CPPUTEST = Parser(tool="cpputest", category=Category.TEST, parse=scan_with(_CPPUTEST, lambda view: _CppUTest(view)))
CXXTEST = Parser(tool="cxxtest", category=Category.TEST, parse=scan_with(_CXXTEST, lambda _view: _CxxTest()))
