"""JavaScript test runners of the Travis years whose reports are their own (Mocha, Jasmine, Jest and
AVA are read elsewhere; every runner's TAP output by the TAP parser):

- nodeunit: `✖ group - test` at the margin (`✔` for a pass), its error and stack below (the verbose
  reporter repeats the assertion as an indented `  ✖ `), and the run's `FAILURES: 2/3 assertions
  failed (4ms)` (`OK: 3 assertions (4ms)` when none did). Its `✖` lines are any tool's until that
  count says nodeunit ran: they are kept aside until it comes.
- lab (hapi's runner, `lab` and `@hapi/lab`): `Failed tests:`, then per failure `  1) suite test:`,
  the values' diff, the message and the stack, and `2 of 3 tests failed`.
- vows: a failed vow is `✗ vow` under its context's line (`A cart of three prices`), the assertion's
  message after `» ` or the thrown error below; the run ends `✗ Broken » 1 honored ∙ 1 broken`
  (`✗ Errored » ... ∙ 1 errored` when a vow threw). Its `✗` lines are kept aside until that verdict.
- tap-spec (the reporter tape's TAP is piped through): a test's heading (`  total`), each failed
  assertion `    ✖ adds prices` over a rule of dashes with `expected:`, `actual:` and `at: ... (file:
  line:col)` below; the run ends with `  failing:   2`. Its rows are kept aside until that count.
- tap-dot: a dot a passed assertion, `x` a failed one, each failure's TAP diagnostics (`---`,
  `expected:`, `actual:`, `at:`), the counts (`  2 failed`) and `Failed Tests:   There were 2
  failures` listing them, `    x adds prices`: the n-th row's place is the n-th diagnostics' `at:`.
- jasmine-spec-reporter (Protractor's and Angular's Jasmine reporter): each spec under its suite,
  `    ✗ adds prices` with `      - Expected 5 to be 6.` and its stack below; then a box of stars
  around `Failures`, each failure again, `1) cart adds prices` / `  - Expected 5 to be 6.`, and
  `Executed 3 of 3 specs (2 FAILED) in 0.006 sec.` The listed failure's place is its row's stack.
- grunt-contrib-qunit (`grunt qunit`, QUnit pages in PhantomJS, later headless Chrome): per failed assertion
  `>> module - test`, then `>> Message: ...`, `>> Actual: ...`, `>> Expected: ...` and the stack (`>> at ...
  (file:///.../tests/cart-test.js:3:10)`; a test that died: `>> TypeError: ...` above it); grunt's `Warning: 3
  tests completed with 2 failed` is the task's verdict (taskrunners.py).
- node-qunit (npm `qunit` before 1.0): tables of assertions and counts, then `Errors:` and per
  failure `Module: cart Test: adds prices`, the assertion's message and stack, `Actual value:` /
  `Expected value:` below.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.indent import indent_of
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, summary
from remediate.facts.parsers.jsrunners import own_frames
from remediate.facts.parsers.nodeerrors import FRAME_AT
from remediate.facts.view import View
from remediate.models import Category

DETAIL_WITHIN = 30  # lines under a failed test in which its message and stack come
CONTEXT_WITHIN = 40  # lines above a failed vow in which its context's line comes
_ERROR = Regex(r"^\s*(?:\w+(?:Error|Exception)(?: \[\w+\])?: .+|AssertionError\b.*)$")
_FRAME_START = Regex(FRAME_AT)


def _failure_at(view: View, found: Findings, no: int, name: str, message: str | None, stack: int | None) -> None:
    """A failed test on line `no`: its file the last of the project's frames from line `stack` on
    (the test's own code), its error placed at the first (where it was raised)."""
    frames = own_frames(view, stack, _stack_length(view, stack)) if stack else []
    found.test(no, name, file=frames[-1][1] if frames else None, message=message)
    if frames:
        _, file, at, column = frames[0]
        found.error(no, message or name, file=file, at=at, column=column, code="test", weight=7.0)


def _stack_length(view: View, first: int) -> int:
    """How many lines the stack starting at line `first` spans (its `at ...` lines in a row): a
    later failure's frames are not this one's."""
    length = 1
    for line in view.after(first, DETAIL_WITHIN):
        if not _FRAME_START.compiled.match(line.text):
            break
        length += 1
    return length


def _details(view: View, found: Findings, no: int, stop: Regex) -> tuple[list[str], int | None]:
    """The lines of words under a failed test, up to its stack (whose first line is returned too),
    or a line matching `stop` (the next test's)."""
    said: list[str] = []
    for line in view.after(no, DETAIL_WITHIN):
        if stop.compiled.match(line.text):
            break
        if _FRAME_START.compiled.match(line.text):
            return said, line.no
        if line.text.strip():
            said.append(line.text.strip())
            found.mark(line.no, 8.0)
    return said, None


def _error_of(said: list[str]) -> str | None:
    """The error among a failure's lines: the first `...Error: ` line, else the last line (under a
    diff of the values, the assertion's own words)."""
    return next((text for text in said if _ERROR.compiled.match(text)), said[-1] if said else None)


# ---------------------------------------------------------------------- nodeunit


@state
class _NodeUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="nodeunit"))
    crossed: list[tuple[int, str]] = field(default_factory=list)  # `✖ name` lines, until the count


def _nodeunit_crossed(st: _NodeUnit, no: int, m: re.Match[str]) -> None:
    st.crossed.append((no, m["name"]))


def _nodeunit_count(st: _NodeUnit, no: int, m: re.Match[str]) -> None:
    """nodeunit's count: the `✖` lines above are its failed tests."""
    for line, name in st.crossed:
        said, stack = _details(st.view, st.found, line, _NODEUNIT_NEXT)
        _failure_at(st.view, st.found, line, name, _error_of(said), stack)
    st.crossed = []
    failures_counted(st.found, no, int(m["failed"]), 9.0)


_NODEUNIT_NEXT = Regex(r"^[✖✔] ")
_NODEUNIT = LineRules[_NodeUnit](
    Rule(r"^✖ (?P<name>\S.*)$", _nodeunit_crossed, starts="✖ ", continues=True),
    Rule(r"^FAILURES: (?P<failed>\d+)/\d+ assertions failed \(\d+ms\)$", _nodeunit_count, starts="FAILURES: "),
)


# ---------------------------------------------------------------------- lab


@state
class _Lab:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="lab"))
    failed: bool = False  # after `Failed tests:`


def _lab_section(st: _Lab, _no: int, _m: re.Match[str]) -> None:
    st.failed = True


def _lab_failure(st: _Lab, no: int, m: re.Match[str]) -> None:
    said, stack = _details(st.view, st.found, no, _LAB_NEXT)
    _failure_at(st.view, st.found, no, m["name"], _error_of(said), stack)


_LAB_NEXT = Regex(r"^  \d+\) ")
_LAB = LineRules[_Lab](
    Rule(r"^Failed tests:$", _lab_section, starts="Failed tests:"),
    Rule(
        r"^  \d+\) (?P<name>\S.*):$",
        _lab_failure,
        starts="  ",
        ends=":",
        when=lambda st, _no: st.failed,
        continues=True,
    ),
    Rule(
        r"^(?P<failed>\d+) of \d+ tests failed$",
        summary(9.0),
        ends=" tests failed",
        when=lambda st, _no: st.failed,
        continues=True,
    ),
)


# ---------------------------------------------------------------------- vows


@state
class _Vows:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="vows"))
    crossed: list[tuple[int, str]] = field(default_factory=list)  # `✗ vow` lines, until the verdict


def _vows_crossed(st: _Vows, no: int, m: re.Match[str]) -> None:
    st.crossed.append((no, m["vow"]))


def _context(view: View, no: int) -> str | None:
    """The context a vow belongs to: the nearest line above that is indented less than it and is
    neither a vow, an assertion's message nor a stack frame."""
    text = view.text(no)
    indent = indent_of(text)
    for back in range(no - 1, max(0, no - CONTEXT_WITHIN), -1):
        above = view.text(back)
        words = above.lstrip()
        if not words or indent_of(above) >= indent:
            continue
        if words.startswith(("✗", "✓", "»", "at ", "got")):
            continue
        return words
    return None


def _assertion(said: list[str]) -> str:
    """A failed assertion's words (`» expected 6,` / `got 5 (==) // PLACE`): up to the line ending
    with the place of vows' own assertion macro, without it."""
    words: list[str] = []
    for text in said:
        words.append(text)
        if _VOWS_WHERE.compiled.search(text):
            break
    return _VOWS_WHERE.compiled.sub("", " ".join(" ".join(words).split()))


def _vows_verdict(st: _Vows, no: int, m: re.Match[str]) -> None:
    """vows' verdict: the `✗` lines above are its broken or errored vows."""
    for line, vow in st.crossed:
        context = _context(st.view, line)
        said, stack = _details(st.view, st.found, line, _VOWS_NEXT)
        message = _assertion(said) if said and said[0].startswith("»") else _error_of(said)
        _failure_at(st.view, st.found, line, f"{context} {vow}" if context else vow, message, stack)
    st.crossed = []
    failures_counted(st.found, no, sum(int(n) for n in _VOWS_COUNT.compiled.findall(m.string)), 9.0)


_VOWS_COUNT = Regex(r"(\d+) (?:broken|errored)")
_VOWS_NEXT = Regex(r"^\s*[✗✓] ")
_VOWS_WHERE = Regex(r"\s+// \S+$")  # vows' own assertion macro's place after a failed assertion's words
_VOWS = LineRules[_Vows](
    Rule(r"^\s*✗ (?:Broken|Errored) » ", _vows_verdict, has=("✗ Broken » ", "✗ Errored » ")),
    Rule(r"^\s+✗ (?P<vow>\S.*)$", _vows_crossed, has=("✗ ",), continues=True),
)


# ---------------------------------------------------------------------- tap-spec


@state
class _TapSpec:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="tap-spec"))
    heading: str | None = None  # the test whose assertions follow
    crossed: list[tuple[int, str]] = field(default_factory=list)  # failed assertions, until the count


def _tap_spec_heading(st: _TapSpec, _no: int, m: re.Match[str]) -> None:
    st.heading = m["name"]


def _tap_spec_crossed(st: _TapSpec, no: int, m: re.Match[str]) -> bool:
    """`    ✖ assertion` over a rule of dashes: a failed assertion with its diagnostics below (the
    closing list repeats the rows without the rule)."""
    if not _DASHES.compiled.match(st.view.text(no + 1)):
        return False
    name = f"{st.heading} {m['name']}" if st.heading else m["name"]
    st.crossed.append((no, name))
    return True


def _tap_spec_count(st: _TapSpec, no: int, m: re.Match[str]) -> None:
    for line, name in st.crossed:
        values: dict[str, str] = {}
        at: re.Match[str] | None = None
        for below in st.view.after(line + 1, DETAIL_WITHIN):
            if field_ := _TAP_SPEC_FIELD.compiled.match(below.text):
                values[field_["key"]] = field_["value"].strip()
                at = at or _own_at(field_)
            elif not below.text.startswith("      "):
                break
        message = (
            f"expected: {values['expected']}, actual: {values['actual']}"
            if {"expected", "actual"} <= set(values)
            else None
        )
        st.found.test(line, name, file=at["file"] if at else None, message=message)
        if at:
            st.found.error(line, message or name, file=at["file"], at=int(at["line"]), code="test", weight=7.0)
    st.crossed = []
    failures_counted(st.found, no, int(m["failed"]), 9.0)


def _own_at(field_: re.Match[str]) -> re.Match[str] | None:
    return _AT_PLACE.compiled.search(field_["value"]) if field_["key"] == "at" else None


_DASHES = Regex(r"^\s+-{3,}$")
_TAP_SPEC_FIELD = Regex(r"^ {6}(?P<key>operator|expected|actual|at): (?P<value>.*)$")
_AT_PLACE = Regex(r"\((?P<file>[^():\s]+\.[cm]?[jt]sx?):(?P<line>\d+):\d+\)$")
_TAP_SPEC = LineRules[_TapSpec](
    Rule(r"^  failing: +(?P<failed>\d+)$", _tap_spec_count, starts="  failing: "),
    Rule(r"^    ✖ (?P<name>\S.*)$", _tap_spec_crossed, starts="    ✖ ", continues=True),
    Rule(r"^  (?P<name>\S.*)$", _tap_spec_heading, starts="  ", continues=True),
)


# ---------------------------------------------------------------------- tap-dot


@state
class _TapDot:
    found: Findings = field(default_factory=lambda: Findings(tool="tap-dot"))
    places: list[tuple[str, int]] = field(default_factory=list)  # each diagnostics block's `at:` place
    listing: bool = False  # under `Failed Tests:`
    listed: int = 0  # rows read so far


def _tap_dot_at(st: _TapDot, _no: int, m: re.Match[str]) -> None:
    st.places.append((m["file"], int(m["line"])))


def _tap_dot_listing(st: _TapDot, _no: int, _m: re.Match[str]) -> None:
    st.listing = True


def _tap_dot_row(st: _TapDot, no: int, m: re.Match[str]) -> None:
    place = st.places[st.listed] if st.listed < len(st.places) else None
    st.listed += 1
    st.found.test(no, m["name"], file=place[0] if place else None)
    if place:
        st.found.error(no, m["name"], file=place[0], at=place[1], code="test", weight=7.0)


_TAP_DOT = LineRules[_TapDot](
    Rule(
        r"^\s+at: .*\((?P<file>[^():\s]+\.[cm]?[jt]sx?):(?P<line>\d+):\d+\)$",
        _tap_dot_at,
        has=("at: ",),
        continues=True,
    ),
    Rule(r"^\s+Failed Tests:\s+There (?:was|were) \d+ failures?$", _tap_dot_listing, has=("Failed Tests:",)),
    Rule(r"^    x (?P<name>\S.*)$", _tap_dot_row, starts="    x ", when=lambda st, _no: st.listing, continues=True),
    Rule(r"^  (?P<failed>\d+) failed$", summary(9.0), ends=" failed", when=lambda st, _no: st.listing, continues=True),
)


# ---------------------------------------------------------------------- jasmine-spec-reporter


@state
class _SpecReporter:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="jasmine-spec-reporter"))
    rows: dict[str, int] = field(default_factory=dict)  # a `✗` row's spec name -> its line
    listing: bool = False  # under the `* Failures *` box


def _spec_reporter_row(st: _SpecReporter, no: int, m: re.Match[str]) -> None:
    if len(st.rows) < MAX_ROWS:
        st.rows[m["name"]] = no


def _spec_reporter_box(st: _SpecReporter, _no: int, _m: re.Match[str]) -> None:
    st.listing = True


def _spec_reporter_failure(st: _SpecReporter, no: int, m: re.Match[str]) -> None:
    """`1) suite spec`, its message on the next line; its stack under its own `✗` row above."""
    name = m["name"]
    below = _SPEC_MESSAGE.compiled.match(st.view.text(no + 1))
    message = below["msg"] if below else None
    row = next((line for spec, line in st.rows.items() if name == spec or name.endswith(f" {spec}")), None)
    stack = None
    if row is not None:
        stack = next((x.no for x in st.view.after(row, DETAIL_WITHIN) if _FRAME_START.compiled.match(x.text)), None)
    _failure_at(st.view, st.found, no, name, message, stack)


MAX_ROWS = 500  # spec rows kept to place the failures listed after them
_SPEC_MESSAGE = Regex(r"^\s+- (?P<msg>.+)$")
_SPEC_REPORTER = LineRules[_SpecReporter](
    Rule(r"^\s+✗ (?P<name>\S.*)$", _spec_reporter_row, has=("✗ ",), continues=True),
    Rule(r"^\*\s+Failures\s+\*$", _spec_reporter_box, has=("Failures    ",)),
    Rule(
        r"^\d+\) (?P<name>\S.*)$", _spec_reporter_failure, has=(") ",), when=lambda st, _no: st.listing, continues=True
    ),
    Rule(
        r"^Executed \d+ of \d+ specs? \((?P<failed>\d+) FAILED\)",
        summary(9.0),
        starts="Executed ",
        when=lambda st, _no: st.listing,
        continues=True,
    ),
)


# ---------------------------------------------------------------------- node-qunit


@state
class _NodeQunit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="node-qunit"))
    errors: bool = False  # under `Errors:`


def _node_qunit_errors(st: _NodeQunit, _no: int, _m: re.Match[str]) -> None:
    # The heading alone does not say node-qunit ran: MSBuild/xbuild's recap opens with the same `Errors:`
    # (a test tool named there made a C# compile error read as a test run's); a `Module: ... Test: ...` does.
    st.errors = True


def _node_qunit_failure(st: _NodeQunit, no: int, m: re.Match[str]) -> None:
    said, stack = _details(st.view, st.found, no, _NODE_QUNIT_NEXT)
    message = said[0].split("     at ")[0].strip() if said else None  # `Died on test #1     at ...`
    _failure_at(st.view, st.found, no, f"{m['module']}: {m['test']}", message, stack)


_NODE_QUNIT_NEXT = Regex(r"^Module: ")
_NODE_QUNIT = LineRules[_NodeQunit](
    Rule(r"^Errors:$", _node_qunit_errors, starts="Errors:"),
    Rule(
        r"^Module: (?P<module>\S.*?) Test: (?P<test>\S.*)$",
        _node_qunit_failure,
        starts="Module: ",
        has=(" Test: ",),
        when=lambda st, _no: st.errors,
        continues=True,
    ),
)


# ---------------------------------------------------------------------- grunt-contrib-qunit


@state
class _GruntQunit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="grunt-contrib-qunit"))


_GRUNT_FIELD = Regex(r"^(?P<key>Actual|Expected): (?P<value>.*)$")
# Not nodeerrors' V8_FRAME: grunt's lines are read without its `>> ` (any indent, `\s*`), and only a frame with its
# place in parentheses, an absolute path, is a page's script (grunt-contrib-qunit's frames name the page's files).
_GRUNT_FRAME = Regex(r"^\s*at .*?\((?:file://)?(?P<file>/[^():]+):(?P<line>\d+):\d+\)$")
_GRUNT_ERROR = Regex(r"^(?P<error>[\w.]*(?:Error|Exception)\b[^:]*: \S.*)$")
_GRUNT_MARK = b">> "  # the parsers read grunt's lines without it (taskprefix.ungrunted): the raw line keeps it


def _grunted(view: View, no: int) -> bool:
    line = view.get(no)
    return line is not None and _GRUNT_MARK in line.raw


def _grunt_qunit_failure(st: _GruntQunit, no: int, m: re.Match[str]) -> bool:
    """grunt's `>> Message: ...` under `>> module - test`: the assertion failed; its values, error and place
    below (grunt's lines too, up to the next failure's or grunt's own)."""
    view = st.view
    name = view.text(no - 1)
    if not (_grunted(view, no) and _grunted(view, no - 1)) or not name.strip() or name.startswith("Message: "):
        return False
    said, error, places = dict[str, str](), None, list[tuple[str, int]]()
    for line in view.after(no, DETAIL_WITHIN):
        if not _grunted(view, line.no) or not line.text.strip() or line.text.startswith("Message: "):
            break
        st.found.mark(line.no, 8.0)
        if found := _GRUNT_FIELD.compiled.match(line.text):
            said.setdefault(found["key"], found["value"])
        elif (found := _GRUNT_ERROR.compiled.match(line.text)) and error is None:
            error = found["error"]
        elif found := _GRUNT_FRAME.compiled.match(line.text):
            places.append((found["file"], int(found["line"])))
    message = m["message"]
    if error and message.startswith("Died on test"):
        message = error
    elif {"Actual", "Expected"} <= said.keys():
        message = f"{message} (expected {said['Expected']}, actual {said['Actual']})"
    st.found.mark(no - 1, 8.0)
    # the test's file is its last frame (the test's own code), the error is placed at the first (where raised)
    st.found.test(no - 1, name.strip(), file=places[-1][0] if places else None, message=message)
    if places:
        st.found.error(no, message, file=places[0][0], at=places[0][1], code="test", weight=7.0)
    return True


_GRUNT_QUNIT = LineRules[_GruntQunit](
    Rule(r"^Message: (?P<message>.*)$", _grunt_qunit_failure, starts="Message: "),
)


NODEUNIT = Parser(tool="nodeunit", category=Category.TEST, parse=scan_with(_NODEUNIT, lambda view: _NodeUnit(view)))
LAB = Parser(tool="lab", category=Category.TEST, parse=scan_with(_LAB, lambda view: _Lab(view)))
VOWS = Parser(tool="vows", category=Category.TEST, parse=scan_with(_VOWS, lambda view: _Vows(view)))
TAP_SPEC = Parser(tool="tap-spec", category=Category.TEST, parse=scan_with(_TAP_SPEC, lambda view: _TapSpec(view)))
TAP_DOT = Parser(tool="tap-dot", category=Category.TEST, parse=scan_with(_TAP_DOT, lambda _view: _TapDot()))
SPEC_REPORTER = Parser(
    tool="jasmine-spec-reporter",
    category=Category.TEST,
    parse=scan_with(_SPEC_REPORTER, lambda view: _SpecReporter(view)),
)
NODE_QUNIT = Parser(
    tool="node-qunit", category=Category.TEST, parse=scan_with(_NODE_QUNIT, lambda view: _NodeQunit(view))
)
GRUNT_QUNIT = Parser(
    tool="grunt-contrib-qunit",
    category=Category.TEST,
    parse=scan_with(_GRUNT_QUNIT, lambda view: _GruntQunit(view)),
)
