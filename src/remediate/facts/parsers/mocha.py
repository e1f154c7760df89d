"""Mocha's spec reporter (also Karma/Mocha and mocha-based harnesses): the "N failing" list, whose
titles span one line per suite level and end with ":", then the error and its stack. And its json reporter's
document (JSON_REPORT, below)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers import nodeerrors
from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary, taken
from remediate.facts.parsers.jsonreport import indented_object, json_text
from remediate.facts.view import View
from remediate.models import Category

ITEM_WITHIN = 60  # lines after a failure's number that may still describe it
_TEST_FRAME = "at Context."  # the frame of a test's own function


@dataclass
class _Item:
    line: int
    parts: list[str] = field(default_factory=list)
    title_done: bool = False
    test_id: str = ""
    message: bool = False
    placed: bool = False  # its record is made (at its first project frame)


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="mocha"))
    listing: bool = False  # after "N failing": numbered items are failures, not the progress tree
    item: _Item | None = None

    def idle(self, _no: int) -> bool:
        return not self.listing

    def expired(self, no: int) -> bool:
        return self.item is not None and no - self.item.line > ITEM_WITHIN

    def in_title(self, _no: int) -> bool:
        return self.item is not None and not self.item.title_done

    def in_details(self, _no: int) -> bool:
        return self.item is not None

    def awaits_message(self, _no: int) -> bool:
        return self.item is not None and not self.item.message


_COUNT = summary(9.0)


def _failing(st: _State, no: int, m: re.Match[str]) -> None:
    st.listing = True
    _COUNT(st, no, m)


def _item(st: _State, no: int, m: re.Match[str]) -> None:
    title = m.group("title").strip()
    st.item = _Item(no, [title] if title else [])
    st.found.mark(no, 8.0)
    _title_line(st, m.group("title"))


def _title_line(st: _State, part: str) -> None:
    """A title line ending with ":" ends the test's name (one line per suite level before it)."""
    assert st.item is not None
    if part.rstrip().endswith(":"):
        st.item.parts[-1] = st.item.parts[-1].rstrip(":")
        st.item.title_done = True
        st.item.test_id = " ".join(p for p in st.item.parts if p)
        st.found.test(st.item.line, st.item.test_id)


def _expired(st: _State, _no: int, _m: re.Match[str]) -> None:
    st.item = None


def _title_part(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.item is not None
    st.item.parts.append(m.string)
    st.found.mark(no, 7.0)
    _title_line(st, m.string)


def _error(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.item is not None
    st.item.message = True
    st.found.mark(no, 8.0)
    st.found.test(st.item.line, st.item.test_id, message=m.group(1))


def _at(st: _State, no: int, m: re.Match[str]) -> bool:
    """A stack frame under a failure: the first of the project's is where it failed (the record); the
    one Mocha called the test through (`at Context.<anonymous> (test/x.js:8:14)`: a test's `this` is
    its Context) is in the test's file."""
    assert st.item is not None
    if nodeerrors.node_library(m["file"]):  # Node's own frames and installed packages' are not where it failed
        return False
    item = st.item
    if _TEST_FRAME in m.string and item.title_done:
        st.found.test(item.line, item.test_id, file=m["file"])
        st.item = None  # the frames below it are Mocha's
    if item.placed:
        return True
    item.placed = True
    st.found.mark(no, 7.0)
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, item.test_id, file=m["file"], at=at, column=column, code="test", weight=7.0)
    return True


# Mocha's own report of a test file it could not load, no test having run: ` Exception during run: ` then the error
# Node threw loading it. An ES module's under its report's head (`file:///abs/test/cart.test.js:2`, the source line,
# its caret, `SyntaxError: The requested module '../cart.js' does not provide an export named 'total'`), CommonJS'
# bare over its `Require stack:`, whose first entry is the test file (`Error: Cannot find module '../lib/cart'`).
# The file is recorded failing, its message Node's report, as node --test's file that died loading is (nodetest): what
# that report names is read as a failing test's report is (triage.reports). ts-node's TypeScript diagnostics behind
# the same words are tsc's records (parsers.javascript), not this.
_LOAD_HEAD = re.compile("^" + nodeerrors.REPORT_HEAD)
_LOAD_ERROR = re.compile(r"^(?:\w+\.)*\w*Error\b[^:\n]{0,40}: \S")
_LOAD_WITHIN = 6  # lines below the head Node's report (the source line, its caret) may take before its error


def _exception_during_run(st: _State, no: int, m: re.Match[str]) -> bool:
    said = m["said"].strip()
    if head := _LOAD_HEAD.match(said):
        report = [said]
        for line in st.view.after(no, _LOAD_WITHIN):
            report.append(line.text.strip())
            if _LOAD_ERROR.match(report[-1]):
                return _load_failed(st, no, head["file"], "\n".join(t for t in report if t))
        return False
    if not _LOAD_ERROR.match(said):
        return False
    stack = [line.text for line in st.view.after(no, 2)]
    required = stack[1].removeprefix("- ") if stack[:1] == ["Require stack:"] and len(stack) > 1 else ""
    return _load_failed(st, no, required or None, said)


def _load_failed(st: _State, no: int, file: str | None, report: str) -> bool:
    path = file.removeprefix("file://") if file else None
    st.found.test(no, path or "Exception during run", file=path, message=report)
    return True


_RULES = LineRules[_State](
    Rule(r"^\s*(?P<failed>\d+) failing$", _failing, ends=" failing"),
    Rule(r"^ ?Exception during run: (?P<said>.+)$", _exception_during_run, has=("Exception during run: ",)),
    Rule("", taken, when=_State.idle),  # before "N failing", nothing else here
    Rule(r"^(\s*)(\d+)\) ?(?P<title>.*)$", _item),
    Rule("", _expired, when=_State.expired),
    Rule("", _title_part, when=_State.in_title, stripped=True),
    Rule(
        r"^\s*((?:\w+\.)*\w*(?:Error|Exception)\b.*|Error: .+|expected .+)$",
        _error,
        when=_State.awaits_message,
    ),
    Rule(
        r"^\s*at .*?\(?(?P<file>(?:/|\.\.?/|[\w@-]+/)?[^\s():]+\.(?:[cm]?[jt]sx?|coffee))"
        r":(?P<line>\d+):(?P<col>\d+)\)?$",
        _at,
        when=_State.in_details,
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


PARSER = Parser(tool="mocha", category=Category.TEST, parse=scan_with(_RULES, lambda view: _State(view)))


# `--reporter json`: the run as one indented document, `"stats"` (its counts), then the `"tests"`, `"pending"`,
# `"failures"` and `"passes"` arrays of test objects (`"title"`, `"fullTitle"`, `"file"` (absolute), `"err"`: `{}`
# for a passing test, else its `"stack"` and `"message"`). A failing test's object is read from the failures array,
# at its full title's line (the title the spec reporter prints, its suites' and its own joined by spaces).
_FRAME = Regex(r"^\s*at (?:[^()]*\()?(?P<file>[^\s():]+\.(?:[cm]?[jt]sx?|coffee)):(?P<line>\d+):(?P<col>\d+)\)?$")


_JSON_PARTS = tuple(f'  "{key}": ' for key in ("stats", "tests", "pending", "failures", "passes"))


@state
class _Json:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="mocha"))
    part: str = ""  # the top-level key whose value is being printed: `stats`, `failures`, ...


def _json_part(st: _Json, _no: int, m: re.Match[str]) -> None:
    st.part = m["key"]


def _json_count(st: _Json, no: int, m: re.Match[str]) -> None:
    """`"failures": N,` in the stats: the run's own count (0: it passed)."""
    st.found.summary(no, int(m["failed"]))


def _json_failure(st: _Json, no: int, m: re.Match[str]) -> None:
    test_id, fields = json_text(m["title"]), indented_object(st.view, no)
    file, stack, said = (fields.get(k) for k in ("file", "err.stack", "err.message"))
    if not isinstance(stack, str):
        return
    message = " ".join(f"{fields.get('err.name') or 'Error'}: {said}".split()) if isinstance(said, str) else None
    st.found.test(no, test_id, file=file if isinstance(file, str) else None, message=message)
    frames = (_FRAME.match(line) for line in stack.splitlines()[1:])
    place = next((f for f in frames if f and not nodeerrors.node_library(f["file"])), None)
    if place is not None:  # where it failed, as the spec reporter's first frame of the project says
        at, column = int(place["line"]), int(place["col"])
        st.found.error(no, test_id, file=place["file"], at=at, column=column, code="test", weight=7.0)


_JSON_RULES = LineRules[_Json](
    Rule(r'^  "(?P<key>stats|tests|pending|failures|passes)": [{\[]', _json_part, starts=_JSON_PARTS),
    Rule(
        r'^    "failures": (?P<failed>\d+),$',
        _json_count,
        starts='    "failures": ',
        when=lambda st, _no: st.part == "stats",
        continues=True,
    ),
    Rule(
        rf'^      "fullTitle": (?P<title>{JSON_STRING}),$',
        _json_failure,
        starts='      "fullTitle": ',
        when=lambda st, _no: st.part == "failures",
        continues=True,
    ),
)

JSON_REPORT = Parser(tool="mocha-json", category=Category.TEST, parse=scan_with(_JSON_RULES, lambda view: _Json(view)))
