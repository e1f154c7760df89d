"""Test harnesses of C projects' build systems.

Automake's (`make check` of an autotools project): the parallel harness (Automake 1.13+) prints
`FAIL: tests/test_total` per test, then its `# TOTAL: 3` ... `# FAIL:  2` summary and `See
./test-suite.log` (printed too under `VERBOSE=1`: per failed test a `FAIL: x` section, the test's
output, `FAIL x (exit status: 1)`); the serial one (`serial-tests`, Automake before 1.13) prints the
same result lines, then `2 of 3 tests failed`.

Meson's `meson test` prints one row a test, `2/3 test_total   FAIL   0.03s   exit status 1` (before
0.57: `... 0.01s (exit status 1)`), then its counts, `Ok: 1`, `Expected Fail: 0`, `Fail: 2`, ...

DejaGnu's `runtest` (GCC's, binutils', GDB's `make check`, and many GNU projects') opens a tool's run with `=== gcc
tests ===`, prints a row a test with its status first, `FAIL: gcc.dg/x.c (test for excess errors)` (stdout shows
the failures, the .sum file every row), and closes with `=== gcc Summary ===` over its counts, `# of unexpected
failures<TAB>1`. A row is a failed test only inside that frame: `FAIL: ` alone is any tool's word.

LLVM's lit (LLVM, MLIR, Swift, many compilers' `check-*` targets) prints a row a test with its counter, `FAIL:
Calc :: arith/sub.test (1 of 6)`; under `-v` the test's output in a `******************** TEST 'Calc ::
arith/sub.test' FAILED` block; then `Failed Tests (2):` over the names and its counts under `Total Discovered
Tests: 6` (`  Failed           : 2 (33.33%)`). A row is read where that closing is in the log and the row has lit's
own shape: the suite's name, ` :: `, the test's path, the counter."""

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


# DejaGnu's statuses that fail a run (runtest exits 1 on them: framework.exp's record_test) and the names its summary
# counts them by; UNTESTED, UNSUPPORTED, XFAIL and KFAIL do not.
_DEJAGNU_FAILING = ("FAIL: ", "XPASS: ", "KPASS: ", "UNRESOLVED: ")
_DEJAGNU_COUNTED = frozenset(
    ("unexpected failures", "unexpected successes", "unknown successes", "unresolved testcases")
)
COUNTS_APART = 2  # lines from the summary's header (a blank between) or its last count to the next count


@state
class _DejaGnu:
    found: Findings = field(default_factory=lambda: Findings(tool="dejagnu"))
    running: bool = False  # a tool's `=== x tests ===` was seen: its rows follow
    pending: list[tuple[int, str]] = field(default_factory=list)  # failed rows no summary confirmed yet
    summary_at: int = 0  # the line of the summary's header being read (0: none)
    counted_at: int = 0  # its header's line or its last count's
    failed: int = 0  # the failures its counts say so far


def _dejagnu_run(st: _DejaGnu, _no: int, _m: re.Match[str]) -> None:
    st.running = True


def _dejagnu_row(st: _DejaGnu, no: int, m: re.Match[str]) -> None:
    if len(st.pending) < MAX_PENDING:  # a bug's number after a tab (`\t(PRMS 123)`) is no part of the name
        st.pending.append((no, m["name"].partition("\t(PRMS")[0]))


def _dejagnu_summary(st: _DejaGnu, no: int, _m: re.Match[str]) -> None:
    st.summary_at = st.counted_at = no
    st.failed = 0


def _dejagnu_count(st: _DejaGnu, no: int, m: re.Match[str]) -> bool:
    """`# of unexpected failures 1` below a summary's header: the run's count, which confirms its rows."""
    if not st.summary_at or no - st.counted_at > COUNTS_APART:
        return False
    st.counted_at = no
    st.found.seen = True
    if m["what"] in _DEJAGNU_COUNTED:
        st.failed += int(m["n"])
        st.found.mark(no, 9.0)
    st.found.summary(st.summary_at, st.failed)
    for line, test in st.pending:
        st.found.test(line, test)
    st.pending.clear()
    return True


_DEJAGNU_RULES = LineRules[_DejaGnu](
    Rule(r"^\s*=== \S+ tests ===$", _dejagnu_run, ends=" tests ==="),
    Rule(
        r"^\s*=== \S+ Summary(?: for \S+)? ===$",
        _dejagnu_summary,
        ends=" ===",
        when=lambda st, _no: st.running,
        continues=True,
    ),
    Rule(
        r"^(?:FAIL|XPASS|KPASS|UNRESOLVED): (?P<name>\S.*)$",
        _dejagnu_row,
        starts=_DEJAGNU_FAILING,
        when=lambda st, _no: st.running,
        continues=True,
    ),
    Rule(r"^# of (?P<what>[a-z]+(?: [a-z]+){0,3})[\t ]+(?P<n>\d+)$", _dejagnu_count, starts="# of ", continues=True),
)

DEJAGNU = Parser(tool="dejagnu", category=Category.TEST, parse=scan_with(_DEJAGNU_RULES, lambda _view: _DejaGnu()))

# lit's statuses that fail a run (lit.Test.ResultCode's isFailure), as its rows and its lists of tests say them
_LIT_FAILING = ("FAIL: ", "XPASS: ", "TIMEOUT: ", "UNRESOLVED: ")
_LIT_LISTS = ("Failed Tests (", "Unexpectedly Passed Tests (", "Timed Out Tests (", "Unresolved Tests (")
_LIT_COUNTED = frozenset(("Failed", "Unexpectedly Passed", "Timed Out", "Unresolved"))
_LIT_LISTED = Regex(r"^  (?P<name>\S.*)$")
_LIT_COUNT = Regex(r"^ {2}(?P<label>[A-Z][a-z]+(?: [A-Z]?[a-z]+){0,2}) *: (?P<n>\d+) \([\d.]+%\)$")
_LIT_BLOCK_END = Regex(r"^\*{20}$")
_LIT_OWN_ERROR = "# error: command failed"  # lit's word on the RUN line that failed, under the tool's own words
MAX_LISTED = 500  # names under a `Failed Tests (n):` heading read
BLOCK_LINES = 200  # lines of a failed test's block read for its error


@state
class _Lit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="lit"))


def _lit_name(name: str) -> bool:
    """lit's name of a test: its suite's name, ` :: `, the test's path in the suite."""
    return " :: " in name


def _lit_row(st: _Lit, no: int, m: re.Match[str]) -> bool:
    if not _lit_name(m["name"]):
        return False
    st.found.test(no, m["name"])
    return True


def _lit_block(st: _Lit, no: int, m: re.Match[str]) -> bool:
    """A failed test's `-v` block: the first error its commands printed (FileCheck's, a compiler's), else lit's own."""
    if not _lit_name(m["name"]):
        return False
    said = None
    for line in st.view.after(no, BLOCK_LINES):
        if _LIT_BLOCK_END.compiled.match(line.text):
            break
        if "error:" in line.text:
            text = line.text.removeprefix("# | ").strip()
            if not text.startswith(_LIT_OWN_ERROR):
                said = text
                break
            said = said or text.removeprefix("# ")
    st.found.test(no, m["name"], message=said)
    return True


def _lit_list(st: _Lit, no: int, _m: re.Match[str]) -> None:
    """`Failed Tests (2):` over the failed tests' names, one a line."""
    for line in st.view.after(no, MAX_LISTED):
        listed = _LIT_LISTED.compiled.match(line.text)
        if listed is None or not _lit_name(listed["name"]):
            break
        st.found.test(line.no, listed["name"])


def _lit_counts(st: _Lit, no: int, _m: re.Match[str]) -> None:
    """`Total Discovered Tests: 6` over its counts, `  Failed           : 2 (33.33%)`: the run's closing."""
    failed = 0
    for line in st.view.after(no, len(_LIT_COUNTED) + 12):
        count = _LIT_COUNT.compiled.match(line.text)
        if count is None:
            break
        if count["label"] in _LIT_COUNTED:
            failed += int(count["n"])
            st.found.mark(line.no, 9.0)
    st.found.seen = True
    st.found.summary(no, failed)


# A row and a block are read only where lit's closing (a list of failed tests, its counts) opens the table: `FAIL: a ::
# b (1 of 2)` alone may be anybody's words.
_LIT_RULES = LineRules[_Lit](
    Rule(
        r"^(?:FAIL|XPASS|TIMEOUT|UNRESOLVED): (?P<name>\S.*) \(\d+ of \d+\)$", _lit_row, has=(" :: ",), continues=True
    ),
    Rule(
        r"^\*{20} TEST '(?P<name>\S.*)' FAILED \*{20}$",
        _lit_block,
        starts="******************** TEST '",
        continues=True,
    ),
    Rule(r"^(?:Failed|Unexpectedly Passed|Timed Out|Unresolved) Tests \(\d+\):$", _lit_list, starts=_LIT_LISTS),
    Rule(r"^Total Discovered Tests: \d+$", _lit_counts, starts="Total Discovered Tests: "),
)

LIT = Parser(tool="lit", category=Category.TEST, parse=scan_with(_LIT_RULES, lambda view: _Lit(view)))
