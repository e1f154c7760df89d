"""unittest (and runners that print its format: Django's test runner, nose2, nose 1/pynose).

nose and nose2 also run plain test functions and generators, which unittest's format names by
their dotted path alone (`FAIL: tests.test_calc.test_sum`, nose's `...test_gen(1,)`, nose2's
`...test_gen:1`): read only right under the `=====` rule that opens every failure section.

Twisted's trial ends its run with unittest's lines (`Ran 3 tests in 0.1s`, `FAILED (failures=1,
errors=1, successes=1)`), but its failure sections are its own: under the `=====` rule `[FAIL]` or
`[ERROR]`, the traceback, the exception (`builtins.AssertionError: 5 != 6`, `twisted.trial.unittest.
FailTest: ...`), a blank line, then the dotted ids of the tests that failed so, one a line.

zope.testrunner (Zope and Plone packages) heads each failure `Failure in test test_total
(cart.tests.test_cart.CartTest)` (`Error in test ...`; since Python 3.11 the id ends with the
method), then the traceback; each layer ends `  Ran 3 tests with 1 failures, 1 errors and 0 skipped
in 0.005 seconds.` and a run of several layers `Total: ...`. green heads them `Failure in
tests.test_cart.CartTest.test_total` (`Error in ...`), the frames and exception below, and ends with
unittest's `FAILED (errors=1, failures=1, passes=1)`.

stestr (and os-testr's subunit-trace before it) prints a row per test, `{0} tests.test_cart.CartTest.
test_total [0.000036s] ... FAILED`, the captured traceback indented below it, and its `Totals` with
` - Failed: 2`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import after_tests, failures_counted, summary, verdict
from remediate.facts.parsers.python import FRAME_PLACE
from remediate.facts.runnersections import NOT_LOADED, UNITTEST_NAME, UNITTEST_PLACE
from remediate.facts.view import View
from remediate.models import Category

# An unexpected success fails the run too (`FAILED (unexpected successes=1)`, exit 1).
_COUNT = Regex(r"(?:failures|errors|unexpected successes)=(\d+)")


@dataclass
class _TrialSection:
    """A trial failure section being read: the traceback's frames, then its exception, then the ids."""

    kind: str  # FAIL or ERROR
    frames: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, function)
    message: str | None = None
    ids: bool = False  # past the blank line under the exception: the tests' ids follow
    last: int = 0  # the section's last line read (blank lines are not: a gap in the numbers is one)


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="unittest"))
    pending: tuple[int, str] | None = None  # (line, test id) waiting for its exception line
    rule: int = 0  # the line of the last `=====` rule (a failure section's first line)
    trial: _TrialSection | None = None
    described: int | None = None  # the line of a header naming its test by the docstring (nose), until its first frame
    view: View | None = None

    def in_trial(self, _no: int) -> bool:
        return self.trial is not None

    def waiting(self, _no: int) -> bool:
        return self.pending is not None

    def under_rule(self, no: int) -> bool:
        return self.rule == no - 1

    def describing(self, no: int) -> bool:
        return self.described is not None and no - self.described <= DESCRIBED_WITHIN


def _header(st: _State, no: int, m: re.Match[str]) -> None:
    name, where = m.group("name"), m.group("where")
    test_id = f"{where}.{name}" if not where.endswith(name) else where
    st.found.test(no, test_id)
    st.pending = (no, test_id)


def _not_loaded(st: _State, no: int, _m: re.Match[str]) -> None:
    """The loader's stand-in for a test module that did not import (Python 3.11's `ERROR: tests.test_cart
    (unittest.loader._FailedTest.tests.test_cart)`, before it `(unittest.loader._FailedTest)`, Python 2.7's
    `(unittest.loader.ModuleImportFailure)`, nose2's `(nose2.loader.ModuleImportFailure.tests.test_cart)`): no
    test, as pytest's `ERROR collecting` is none; what the import met
    (a SyntaxError in the project's own code, a module missing) is the traceback's own record below."""
    st.found.mark(no, 6.0)
    st.pending = None
    st.described = None


def _rule(st: _State, no: int, m: re.Match[str]) -> None:
    st.rule = no
    st.trial = None
    if m.string.startswith("="):  # a new failure section (dashes also rule a described header from its traceback)
        st.described = None


def _described_header(st: _State, no: int, _m: re.Match[str]) -> None:
    """nose 1 heads a failure by its test's description, the docstring's first line (`FAIL: Test that we
    conform to PEP-8.`): the test is named by the traceback's first frame, its own method's."""
    st.described = no


def _described_frame(st: _State, _no: int, m: re.Match[str]) -> None:
    """A frame under a described header: the first in a test's method or function (nose's testMatch; a function
    test's first frame is nose's own `runTest`) is the failing test's, its exception below the message."""
    header_line = st.described
    assert header_line is not None
    if _NOSE_TEST.compiled.search(m["func"]):
        st.described = None
        st.found.test(header_line, m["func"], file=m["file"])
        st.pending = (header_line, m["func"])


def _trial_section(st: _State, no: int, m: re.Match[str]) -> None:
    st.trial = _TrialSection(m.group(1), last=no)
    st.found.mark(no, 7.0)


def _trial_line(st: _State, no: int, m: re.Match[str]) -> None:
    """A line of a trial section: a frame, the exception (the first line at the margin after the
    frames), or, past the blank line under it, a failed test's id."""
    section, text = st.trial, m.string
    assert section is not None
    section.ids = section.ids or (section.message is not None and no > section.last + 1)
    section.last = no
    if frame := _TRIAL_FRAME.compiled.match(text):
        section.frames.append((frame["file"], int(frame["line"]), frame["func"]))
    elif section.message is None and section.frames and text[:1].strip() and not text.startswith("Traceback"):
        section.message = text.removeprefix("builtins.").removeprefix("exceptions.")
        st.found.mark(no, 8.0)
    elif section.ids and _TRIAL_ID.compiled.match(text):
        _trial_failed(st, no, section, text)


def _trial_failed(st: _State, no: int, section: _TrialSection, test_id: str) -> None:
    """A failed test: its file and line are those of the frame in its own method."""
    own = next((f for f in reversed(section.frames) if f[2] == _method(test_id)), None)
    st.found.test(no, test_id, file=own[0] if own else None, message=section.message)
    if own:
        st.found.error(no, section.message or test_id, file=own[0], at=own[1], code="test", weight=7.0)


def _dotted_header(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m.group("where"))
    st.pending = (no, m.group("where"))


def _verbose(st: _State, no: int, m: re.Match[str]) -> None:
    name, where = m.groupdict().get("name"), m.group("where")
    st.found.test(no, where if name is None or where.endswith(name) else f"{where}.{name}")


def _verdict(st: _State, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, sum(int(n) for n in _COUNT.findall(m.group(1))), 9.0)


def _green_header(st: _State, no: int, m: re.Match[str]) -> bool:
    """green's `Failure in tests.x.Class.test`: a test only with its traceback's first frame right
    below (other tools say `Error in config.yml` too)."""
    if st.view is None or not st.view.text(no + 1).startswith('  File "'):
        return False
    _dotted_header(st, no, m)
    return True


def _subunit_row(st: _State, no: int, m: re.Match[str]) -> None:
    """A subunit-trace `... FAILED` row: its captured traceback's last exception is the message, the
    frame in the test's own method its file."""
    test_id, file, message = m["where"], None, None
    assert st.view is not None
    for line in st.view.after(no, SUBUNIT_WITHIN):
        if line.text.startswith(("{", "=====")):
            break
        if (frame := _INDENTED_FRAME.compiled.match(line.text)) and frame["func"] == _method(test_id):
            file = frame["file"]
        elif exception := _INDENTED_EXCEPTION.compiled.match(line.text):
            message = exception.group(1)
            st.found.mark(line.no, 8.0)
    st.found.test(no, test_id, file=file, message=message)


SUBUNIT_WITHIN = 60  # lines of a subunit-trace row's captured traceback
# A frame of a function (parsers/python.FRAME_PLACE and its name), under any indent or unittest's two spaces
_FUNC_FRAME = FRAME_PLACE + r", in (?P<func>\w+)$"
_INDENTED_FRAME = Regex(r"^\s+" + _FUNC_FRAME)
_INDENTED_EXCEPTION = Regex(r"^\s+(\w+(?:\.\w+)*(?:Error|Exception|Failure)(?:: .*)?)$")


def _zope_count(st: _State, no: int, m: re.Match[str]) -> None:
    """zope.testrunner's count of a layer (`Ran 3 tests with 1 failures, 1 errors ...`) or of the run
    (`Total: 6 tests, 1 failures, 1 errors ...`)."""
    failed = sum(int(m[name] or 0) for name in ("failed", "errors", "failed2", "errors2"))
    failures_counted(st.found, no, failed, 9.0)


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


DESCRIBED_WITHIN = 60  # lines from a described header to its test's frame
# nose's default testMatch, `(?:^|[\b_\./-])[Tt]est`, on a function's name
_NOSE_TEST = Regex(r"(?:^|_)[Tt]est")
_TRIAL_FRAME = Regex("^  " + _FUNC_FRAME)
_TRIAL_ID = Regex(r"^\w+(?:\.\w+)*$")
_RULES = LineRules[_State](
    Rule(r"^={20,}$", _rule, starts="====="),
    Rule(r"^-{20,}$", _rule, starts="-----", continues=True),  # (a rule of dashes ends a trial section)
    Rule(r"^\[(FAIL|ERROR)\]$", _trial_section, starts=("[FAIL]", "[ERROR]"), when=_State.under_rule),
    Rule(r"^.*$", _trial_line, when=_State.in_trial, continues=True),
    Rule(
        rf"^ERROR: [\w.]+ \({NOT_LOADED}(?:\.[\w.]+)?\)$",
        _not_loaded,
        starts="ERROR: ",
        has=(".loader.",),
    ),
    Rule(
        rf"^(FAIL|ERROR|UNEXPECTED SUCCESS): (?P<name>{UNITTEST_NAME}) \((?P<where>{UNITTEST_PLACE})\)(?:\n|$)",
        _header,
        starts=("FAIL: ", "ERROR: ", "UNEXPECTED SUCCESS: "),
    ),
    # nose/nose2: a test function's dotted path, a generator's arguments or index after it
    Rule(
        r"^(?:FAIL|ERROR): (?P<where>\w+(?:\.\w+)+(?:\([^()]*\)|:\d+)?)$",
        _dotted_header,
        starts=("FAIL: ", "ERROR: "),
        when=_State.under_rule,
    ),
    # nose 1: a test with a docstring, by its first line (not nose's own `Failure: ImportError (...)` of a loader)
    Rule(
        r"^(?:FAIL|ERROR): (?!Failure: )\S",
        _described_header,
        starts=("FAIL: ", "ERROR: "),
        when=_State.under_rule,
    ),
    Rule(r"^(?P<where>\w+(?:\.\w+)+(?:\([^()]*\))?) \.\.\. (?:FAIL|ERROR)$", _verbose, ends=("FAIL", "ERROR")),
    Rule(
        r"^(?P<name>\w+) \((?P<where>[\w.]+)\)(?: \.\.\.|\n).*?\b(FAIL|ERROR)$",
        _verbose,
        ends=("FAIL", "ERROR"),
    ),
    Rule(
        r"^(?:Failure|Error) in test (?P<name>\w+) \((?P<where>[\w.]+)\)$",
        _header,
        starts=("Failure in test ", "Error in test "),
    ),
    Rule(r"^(?:Failure|Error) in (?P<where>\w+(?:\.\w+)+)$", _green_header, starts=("Failure in ", "Error in ")),
    Rule(r"^Ran \d+ tests? in [\d.]+s(?: using \d+ process(?:es)?)?$", verdict(4.0), starts="Ran "),
    Rule(
        r"^\{\d+\} (?P<where>\w+(?:\.\w+)+(?:\([^()]*\))?) \[[\d.]+s\] \.\.\. FAILED$",
        _subunit_row,
        ends="s] ... FAILED",
    ),
    Rule(r"^ - Failed: (?P<failed>\d+)$", summary(9.0), starts=" - Failed: ", when=after_tests, continues=True),
    Rule(
        r"^\s*(?:Ran|Total:) \d+ tests?,? with (?P<failed>\d+) failures?, (?P<errors>\d+) errors?"
        r"|^Total: \d+ tests?, (?P<failed2>\d+) failures?, (?P<errors2>\d+) errors?",
        _zope_count,
        has=(" skipped in ",),
    ),
    Rule(
        r"^FAILED \(((?:failures|errors|skipped|expected failures|unexpected successes)=\d+.*)\)$",
        _verdict,
        starts="FAILED (",
    ),
    Rule("^  " + _FUNC_FRAME, _described_frame, when=_State.describing),
    Rule(
        "^  " + _FUNC_FRAME,
        _frame,
        starts='  File "',
        when=_State.waiting,
        continues=True,
    ),
    Rule(
        # or a class named by its module's path whatever its name (`django.core.exceptions.ImproperlyConfigured: ...`)
        r"^(\w+(?:\.\w+)*(?:Error|Exception|Failure)|[a-z_]\w*(?:\.\w+)*\.[A-Z]\w*(?=: )):? ?(.*)$",
        _exception,
        when=_State.waiting,  # only right after a header: a table gate on `Error` would hold in nearly every log
    ),
    continued=True,
)


PARSER = Parser(tool="unittest", category=Category.TEST, parse=scan_with(_RULES, lambda view: _State(view=view)))
