"""TeamCity's service messages, as the reporters that write them print them into a log: a failing test
(`##teamcity[testFailed name='...' message='...' details='...']`) and a code inspection's problem
(`##teamcity[inspection typeId='...' message='...' file='...' line='...' SEVERITY='ERROR']`).

The format (jetbrains.com/help/teamcity/service-messages.html): `##teamcity[NAME ATTR='VALUE' ...]`, each value
escaped with `|` (`|'` a quote, `|n` a newline, `|r`, `||`, `|[`, `|]`, `|0x00e9` a code point). Any program writes
them: teamcity-messages (pytest and unittest when TEAMCITY_VERSION is set; pytest's go on its progress line, behind
`FAILED   [ 50%]`), mocha-teamcity-reporter, jest-teamcity, eslint-teamcity (tests/facts/data: teamcity_*). A log may
hold nothing else (unittest's `teamcity.unittestpy`, mocha's reporter), so the messages are read as the plain run's
report reads: a testFailed is a failing test, its message the error its details end on (Python's traceback) or open
with (a V8 stack), its file the test's own frame among the details' frames, and that error a record at the innermost
frame of the project (a missing module there means what it means in the plain run); ESLint's reporter writes a file's
lint problems as a failing test (`line 2, col 9, MESSAGE (rule)` lines) or as inspections: those are lint records.
A build's own `buildProblem` is the job's failure (facts/ci/failures.JOB_FAILURES), and so is a script's error message
(`##teamcity[message text='...' status='ERROR' errorDetails='...']`): the output of the tool it ran that its details
carry (a traceback it caught, a compiler's stderr) is read by the parsers as printed plainly (REPORTED)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import (
    Carried,
    Findings,
    Gated,
    LineRules,
    Parser,
    Regex,
    Rule,
    level_of,
    scan_with,
    state,
)
from remediate.facts.parsers.nodeerrors import V8_FRAME, node_library
from remediate.facts.parsers.python import FRAME_PLACE, is_library
from remediate.facts.runnersections import NOT_LOADED
from remediate.facts.teamcityescape import OPENS, unescape
from remediate.facts.view import View
from remediate.models import Category

_NAME = Regex(r"##teamcity\[(\w{1,40})")
_ATTR = Regex(r"\s+(\w{1,40})='((?:[^'|]|\|.)*)'")
MAX_DETAIL_LINES = 400  # of a test's details, the lines read for its frames and its error


def service_message(text: str) -> tuple[str, dict[str, str]] | None:
    """The first service message on the line: its name and its attributes, unescaped (None: the line holds none).
    A line clipped in its middle keeps the attributes before the cut."""
    at = text.find(OPENS)
    head = _NAME.match(text, at) if at >= 0 else None
    if head is None:
        return None
    attrs: dict[str, str] = {}
    pos = head.end()
    while m := _ATTR.match(text, pos):
        attrs.setdefault(m[1], unescape(m[2]))
        pos = m.end()
    return head[1], attrs


# The attributes that hold what a message says (a message's text, a failure's message and details, a build problem's
# description): what the meaning readers read, unescaped; the others (name, flowId, status) are the reporter's keys.
SAID = ("text", "message", "details", "errorDetails", "description")


def said(text: str) -> str:
    """What a line says: a service message's text attributes unescaped, one after another on lines of their own
    (`No module named |'requestz|'` reads `No module named 'requestz'`), else the line as it is. The readers of
    attributes read the line itself (service_message), whose escapes delimit its values."""
    if OPENS not in text:
        return text
    read = service_message(text)
    if read is None:
        return text
    return "\n".join(v for key in SAID if (v := read[1].get(key, "").strip())) or text


_V8 = Regex(V8_FRAME.format(place=r"(?:file://)?(?P<file>[^\s()]+?):(?P<line>\d+):\d+"))
_PY = Regex(r"^\s*" + FRAME_PLACE)
# pytest's place of a frame (`x.py:7: AssertionError`, `x.py:2: in <module>`)
_PYTEST = Regex(r"^(?P<file>\S+?\.py):(?P<line>\d+): ")
# The error a traceback ends with or a V8 stack opens with (`ValueError: invalid literal`, pytest's `E   ModuleNotFound
# Error: ...`, `AssertionError [ERR_ASSERTION]: Expected values ...`, a bare `AssertionError`)
_ERROR = Regex(
    r"^(?:E\s+)?(?:[A-Za-z_]\w{0,80}\.){0,10}[A-Z]\w{0,80}(?:Error|Exception|Failure)\b(?:[^:\n]{0,40}: \S.*)?$"
)


@dataclass
class Details:
    """What a failing test's details say: the error, the test's file, the innermost project frame."""

    error: str | None = None
    test_file: str | None = None
    place: tuple[str, int] | None = None


def read_details(details: str) -> Details:
    """The error and the frames of a test's details: Python's traceback (frames outermost first, the error last;
    pytest's `x.py:7: AssertionError` places and `E   ` lines) or a V8 stack (the error first, frames innermost
    first); frames of the interpreter, installed packages and Node's internals are none of the project's."""
    lines = details.splitlines()[:MAX_DETAIL_LINES]
    errors = [m for line in lines if (m := _ERROR.match(line.strip()))]
    frames: list[tuple[str, int]] = []
    v8 = False
    for line in lines:
        m = _PY.match(line) or _PYTEST.match(line)
        if m is None and (m := _V8.match(line)):
            v8 = True
        if m and not _installed(m[1]):
            frames.append((m[1], int(m[2])))
    if v8:  # innermost first: the test's frame is the outermost of the project's
        frames.reverse()
    found = Details(test_file=frames[0][0] if frames else None, place=frames[-1] if frames else None)
    if errors:
        error = errors[0] if v8 else errors[-1]  # a V8 stack opens with its error, a traceback ends with it
        found.error = error.group(0).removeprefix("E").strip()
    return found


def _installed(path: str) -> bool:
    return is_library(path) or node_library(path)


# ESLint's reporter's problem of a file, a line of a failing test's message (eslint-teamcity's `errors` reporter):
# `line 2, col 9, Expected '===' and instead saw '=='. (eqeqeq)`; its inspection's message opens the same.
_LINT_PROBLEM = Regex(r"^line (?P<line>\d{1,9}), col (?P<col>\d{1,9}), (?P<msg>.+?)(?: \((?P<rule>[\w/@-]{1,100})\))?$")


def lint_problems(message: str) -> list[re.Match[str]] | None:
    """The lint problems a failing test's message lists, when every line of it is one (None: a test's message)."""
    lines = [line for line in message.splitlines() if line.strip()]
    problems = [m for line in lines if (m := _LINT_PROBLEM.match(line.strip()))]
    return problems if lines and len(problems) == len(lines) else None


@state
class _Tests:
    found: Findings = field(default_factory=lambda: Findings(tool="teamcity"))


def _test_failed(st: _Tests, no: int, _m: re.Match[str]) -> bool:
    read = service_message(_m.string)
    if read is None or read[0] != "testFailed" or not read[1].get("name", "").strip():
        return False
    attrs = read[1]
    if lint_problems(attrs.get("message", "")) is not None:
        return False  # a linter's problems (LINT)
    details = read_details(attrs.get("details", ""))
    said = next((line.strip() for line in attrs.get("message", "").splitlines() if _says(line)), None)
    if not _NOT_LOADED.search(attrs["name"]):
        st.found.test(no, attrs["name"], file=details.test_file, message=details.error or said)
    if details.error:  # what the test's code met, at the project's innermost frame, as the plain run's traceback
        file, at = details.place or (None, None)
        code = details.error.removeprefix("E").split(":", 1)[0].split(" ", 1)[0].strip().rsplit(".", 1)[-1]
        st.found.error(no, details.error, file=file, at=at, code=code, weight=8.0)
    return True


# A test module that did not load, no test: unittest's loader's stand-in (`unittest.loader._FailedTest.test_fetch`,
# runnersections.NOT_LOADED), teamcity-messages' for pytest's collection error (`test_fetch.top_level_collect`, its
# pytest plugin's name for a collect report); what the import met is the details' record, as in the plain run.
_NOT_LOADED = Regex(rf"^{NOT_LOADED}\.|\.top_level_collect$")
# pytest's first line of a failure's message is its place (`test_cart.py:5 (test_total)`), unittest's error a bare
# `Error`: no message
_PLACE_ONLY = Regex(r"^\S+:(?:\d+|None) \(.*\)$")


def _says(line: str) -> bool:
    text = line.strip()
    return bool(text) and text != "Error" and not _PLACE_ONLY.match(text)


_TESTS = LineRules[_Tests](Rule(r"##teamcity\[testFailed ", _test_failed, has=("##teamcity[testFailed ",), search=True))


@state
class _Lint:
    found: Findings = field(default_factory=lambda: Findings(tool="teamcity-inspections"))


def _lint_failed(st: _Lint, no: int, m: re.Match[str]) -> bool:
    """A failing `test` that is a file's lint problems (`SUITE: FILE`, its message's problem lines)."""
    read = service_message(m.string)
    if read is None or read[0] != "testFailed":
        return False
    problems = lint_problems(read[1].get("message", ""))
    if problems is None:
        return False
    file = read[1].get("name", "").rpartition(": ")[2].strip() or None
    for p in problems:
        at, column = int(p["line"]), int(p["col"])
        st.found.error(no, p["msg"], file=file, at=at, column=column, code=p["rule"], weight=8.0)
    return True


def _inspection(st: _Lint, no: int, m: re.Match[str]) -> bool:
    read = service_message(m.string)
    if read is None or read[0] != "inspection":
        return False
    attrs = read[1]
    message = attrs.get("message", "").strip()
    problem = _LINT_PROBLEM.match(message)
    column = int(problem["col"]) if problem else None
    line = attrs.get("line", "")
    at = int(line) if line.isdigit() else int(problem["line"]) if problem else None
    level = (attrs.get("SEVERITY") or attrs.get("severity") or "").split()
    st.found.error(
        no,
        problem["msg"] if problem else message or attrs.get("typeId", "inspection"),
        file=attrs.get("file") or None,
        at=at,
        column=column,
        code=attrs.get("typeId") or None,
        severity=level_of(level[-1] if level else None),
        weight=8.0,
    )
    return True


_LINT = LineRules[_Lint](
    Rule(r"##teamcity\[testFailed ", _lint_failed, has=("##teamcity[testFailed ",), search=True),
    Rule(r"##teamcity\[inspection ", _inspection, has=("##teamcity[inspection ",), search=True),
)

# The statuses of a `##teamcity[message ...]` that fail the build (jetbrains.com/help/teamcity/service-messages.html)
ERROR_STATUSES = ("ERROR", "FAILURE")
MAX_REPORTED = 20  # error messages whose details are read: a log of more repeats one failure


def _reported(view: View) -> Findings:
    """The outputs of the tools inside scripts' error messages: each `errorDetails` (a Python traceback a script
    caught, a compiler's lines it passed on) unescaped, carried for the parsers to read as if printed plainly
    (parsers.read_carried: each record at the message's own line, its tool's and its parser's, as the plain run's)."""
    found = Findings(tool="teamcity-message")
    for line in view.lines:
        read = service_message(line.text) if _MESSAGE in line.text else None
        if read is None or read[0] != "message" or read[1].get("status") not in ERROR_STATUSES:
            continue
        details = read[1].get("errorDetails", "").strip()
        if details and len(found.carried) < MAX_REPORTED:
            found.carried.append(Carried(line.no, tuple(details.splitlines()[:MAX_DETAIL_LINES])))
    return found


_MESSAGE = "##teamcity[message "


# A runner's own report may stand beside its messages (pytest's, with teamcity-messages): a second account of the run,
# read only where no other parser of its kind read it (Parser.restates).
TESTS = Parser(tool="teamcity", category=Category.TEST, parse=scan_with(_TESTS, lambda _view: _Tests()), restates=True)
LINT = Parser(
    tool="teamcity-inspections", category=Category.LINT, parse=scan_with(_LINT, lambda _view: _Lint()), restates=True
)
# A script's error message: the output of the tool it ran, carried for that tool's parsers (_reported)
REPORTED = Parser(
    tool="teamcity-message", category=Category.UNKNOWN, parse=Gated((_MESSAGE,), "teamcity-message", _reported)
)
