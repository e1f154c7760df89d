"""Haskell's older test drivers and Cabal's verdict on a test suite (hspec and tasty are haskell.py's):

- HUnit's `runTestTT`: `### Failure in: 0:adds prices` (`### Error in:   2:...` for an exception),
  the assertion's place (`test/Main.hs:7`) and words below (`expected: 6`, ` but got: 5`); its
  progress line, redrawn with carriage returns, ends `Cases: 3  Tried: 3  Errors: 1  Failures: 1`.
- test-framework (with its HUnit and QuickCheck providers): a group's name on a line of its own
  (`Cart:`), its tests indented under it, `  adds prices: [Failed]` (`[OK]`), the failure's words on
  the lines below; the run ends with a table whose row ` Failed  2  2` counts the failures.
- doctest (the examples in Haddock comments): `src/Cart.hs:5: failure in expression `total [1, 2, 3]'`
  (`error in expression` for an exception), `expected: 6` / ` but got: 5` below, and the run's
  `Examples: 2  Tried: 2  Errors: 0  Failures: 2`.
- QuickCheck's `quickCheckAll` (a driver of its own in many suites): `=== prop_split from test/Props.hs:16 ===`
  over each property's result, `*** Failed! Falsified (after 5 tests and 1 shrink):` (2.12 and later;
  `Falsifiable` before; `Exception: 'divide by zero' (after 1 test):` for one that threw) and the counterexample
  below: the property is a failed test at its place. A bare `quickCheck` names no property: its `*** Failed!`
  is left to the run's summary.
- Cabal (`cabal test`, `./Setup test`, any driver): `Test suite cart-test: FAIL` and `0 of 1 test
  suites (0 of 1 test cases) passed.`: the suite is a failed test whatever ran inside it.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.ci.framing import runner_line
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, summary
from remediate.facts.view import View
from remediate.models import Category

MESSAGE_LINES = 4  # lines of a failure's words kept
_PLACE = Regex(r"^(?P<file>\S+\.l?hs):(?P<line>\d+)(?::\d+)?$")
_ROW = Regex(r"^ +\S.*: \[[^\]]+\]$")  # a test-framework row (the next test's: its words end there)
_HUNIT_END = ("### ", "Cases: ")
# The next property's heading or result (the CI's own lines end a failure's words too: framing.runner_line)
_QUICKCHECK_END = ("=== ", "*** ", "+++ ")
HEADING_WITHIN = 2  # lines from quickCheckAll's heading to its property's result


@state
class _Haskell:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="hunit"))
    groups: list[tuple[int, str]] = field(default_factory=list)  # test-framework's open groups (indent, name)
    table: bool = False  # under test-framework's `Test Cases  Total` header
    prop: tuple[int, str, str, int] | None = None  # quickCheckAll's last heading: (line, property, file, line)


def _words(st: _Haskell, no: int, stop: Regex | tuple[str, ...]) -> tuple[list[str], tuple[str, int] | None]:
    """The words under a failure and the place among them, up to a blank line, `stop` or the CI runner's own line
    (quickCheckAll prints a blank line after each property; a bare run's last counterexample may meet the CI's exit
    line, `##[error]Process completed with exit code 1.`, or its post steps' `Post job cleanup.`)."""
    said: list[str] = []
    place: tuple[str, int] | None = None
    for line in st.view.after(no, MESSAGE_LINES + 1):
        text = line.text
        ends = text.startswith(stop) if isinstance(stop, tuple) else stop.compiled.match(text)
        if not text.strip() or ends or runner_line(line):
            break
        if (found := _PLACE.compiled.match(text)) and place is None:
            place = (found["file"], int(found["line"]))
        elif len(said) < MESSAGE_LINES and text.strip() != "^":  # doctest's caret under the difference
            said.append(text.strip())
        st.found.mark(line.no, 8.0)
    return said, place


def _record(st: _Haskell, no: int, test: str, said: list[str], place: tuple[str, int] | None) -> None:
    message = " ".join(said) or None
    st.found.test(no, test, file=place[0] if place else None, message=message)
    if place:
        st.found.error(no, message or test, file=place[0], at=place[1], code="test", weight=7.0)


def _hunit(st: _Haskell, no: int, m: re.Match[str]) -> None:
    said, place = _words(st, no, _HUNIT_END)
    _record(st, no, m["path"], said, place)


def _doctest(st: _Haskell, no: int, m: re.Match[str]) -> None:
    said, _ = _words(st, no, _HUNIT_END)
    st.found.tool = "doctest"
    test = f"{m['file']}:{m['line']}: {m['expr']}"
    _record(st, no, test, said, (m["file"], int(m["line"])))


def _property(st: _Haskell, no: int, m: re.Match[str]) -> None:
    st.prop = (no, m["name"], m["file"], int(m["line"]))


def _falsified(st: _Haskell, no: int, m: re.Match[str]) -> bool:
    """A property quickCheckAll's heading named just above failed: the reason and its counterexample."""
    if st.prop is None or no - st.prop[0] > HEADING_WITHIN:
        return False
    _, name, file, line = st.prop
    st.prop = None
    st.found.tool = "quickcheck"
    said, _ = _words(st, no, _QUICKCHECK_END)
    _record(st, no, name, [m["reason"], *said], (file, line))
    return True


def _group(st: _Haskell, _no: int, m: re.Match[str]) -> None:
    indent = len(m["indent"])
    st.groups = [g for g in st.groups if g[0] < indent] + [(indent, m["name"])]


def _row(st: _Haskell, no: int, m: re.Match[str]) -> None:
    """A test-framework row: a failed test is named under its groups, its words below it."""
    indent = len(m["indent"])
    st.groups = [g for g in st.groups if g[0] < indent]
    if not m["status"].startswith("Failed"):
        return
    st.found.tool = "test-framework"
    said, place = _words(st, no, _ROW)
    _record(st, no, "/".join([*(name for _, name in st.groups), m["name"]]), said, place)


def _table(st: _Haskell, _no: int, _m: re.Match[str]) -> None:
    st.table = True


def _suite_failed(st: _Haskell, no: int, m: re.Match[str]) -> None:
    """Cabal's verdict on a suite: the tool is Cabal's when no driver inside was read."""
    if not st.found.tests:
        st.found.tool = "cabal"
    below = st.view.text(no + 1)
    st.found.test(no, m["suite"], message=below if below.startswith("Test suite logged to: ") else None)


def _suites_passed(st: _Haskell, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, int(m["total"]) - int(m["passed"]), 9.0)


_RULES = LineRules[_Haskell](
    # (anywhere: the progress line it redraws with carriage returns may stay in front, see clean_line)
    Rule(
        r"(?:^|\s)### (?:Failure|Error) in: +(?P<path>\S.*)$",
        _hunit,
        has=("### Failure in: ", "### Error in: "),
        search=True,
    ),
    Rule(
        r"^(?:Cases|Examples): \d+  Tried: \d+  Errors: (?P<errors>\d+)  Failures: (?P<failed>\d+)$",
        summary(9.0),
        starts=("Cases: ", "Examples: "),
    ),
    Rule(
        r"^(?P<file>\S+\.l?hs):(?P<line>\d+): (?:failure|error) in expression `(?P<expr>.+)'$",
        _doctest,
        has=(": failure in expression `", ": error in expression `"),
    ),
    # (before test-framework's group: `*** Failed! Falsified (after 5 tests):` ends with a colon)
    Rule(
        r"^=== (?P<name>[\w']+) from (?P<file>\S+\.l?hs):(?P<line>\d+) ===$",
        _property,
        starts="=== ",
        ends=" ===",
    ),
    Rule(r"^\*\*\* Failed! (?P<reason>.+)$", _falsified, starts="*** Failed! "),
    # (`: [` is in many lines: the rows are test-framework's in a log its count table opened)
    Rule(
        r"^(?P<indent> *)(?P<name>[^\s:][^:]*): \[(?P<status>[^\]]+)\]$", _row, ends="]", has=(": [",), continues=True
    ),
    Rule(r"^(?P<indent> *)(?P<name>[^\s:][^:]*):$", _group, ends=":", continues=True),
    Rule(r"^\s+(?:Properties\s+)?Test Cases\s+Total$", _table, ends="Total", has=("Test Cases",)),
    Rule(
        r"^ Failed +(?:\d+ +)*(?P<failed>\d+)$",
        summary(9.0),
        starts=" Failed ",
        when=lambda st, _no: st.table,
        continues=True,
    ),
    Rule(r"^Test suite (?P<suite>\S+): FAIL$", _suite_failed, starts="Test suite ", ends=": FAIL"),
    Rule(
        r"^(?P<passed>\d+) of (?P<total>\d+) test suites \(",
        _suites_passed,
        has=(" test suites (",),
    ),
)

PARSER = Parser(tool="hunit", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Haskell(view)))
