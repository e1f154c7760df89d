"""Apache Ant: its tasks' output behind `[task] ` (javac's errors, the junit task's test cases and
summaries) and `BUILD FAILED` with its reason on the next line (`/path/build.xml:17: Test X failed`).
The reason says what kind of failure it is when it is Ant's own (a test or compile task failed, a
target the project does not define, the build file's own mistake); a message the build file wrote
itself (`<fail message="...">`) or an `exec` that returned non-zero is only shown."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.meaning import task_failure
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import seen, summary
from remediate.facts.parsers.jvm import ANT_JUNIT, LIBRARY_FRAMES
from remediate.facts.view import View
from remediate.models import Category

CASE_WITHIN = 30  # lines under a failed test case in which its message, exception and frames come
_JUNIT = ANT_JUNIT
_FRAME = Regex(_JUNIT + r"\s*at (?P<where>[\w.$]+)\.\w+\((?P<file>[\w$-]+\.java):(?P<line>\d+)\)$")
_PLACE = Regex(r"^(?P<file>\S+\.xml):(?P<line>\d+): (?P<msg>.+)$")


@state
class _Ant:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="ant"))
    suite: str | None = None  # the junit task's `Testsuite:` being reported
    failed_suites: set[str] = field(default_factory=set)


def _body(line: str) -> str:
    """A line without the task's `[junit] ` prefix and the tab the report indents with."""
    return line.split("] ", 1)[1].strip() if "] " in line else line.strip()


def _suite(st: _Ant, _no: int, m: re.Match[str]) -> None:
    st.suite = m["suite"]
    st.found.seen = True


def _case(st: _Ant, no: int, m: re.Match[str]) -> None:
    """`Testcase: name took 0.007 sec`, failed when the next line says `FAILED` or `Caused an ERROR`."""
    below = [line.text for line in st.view.after(no, CASE_WITHIN)]
    if not below or _body(below[0]) not in ("FAILED", "Caused an ERROR"):
        return
    suite = m["cls"] or st.suite or ""
    test_id = f"{suite}.{m['name']}" if suite else m["name"]
    st.failed_suites.add(suite)
    exception = _body(below[2]) if len(below) > 2 else None
    st.found.test(no, test_id, message=exception or (_body(below[1]) if len(below) > 1 else None))
    for offset, text in enumerate(below[3:], start=no + 4):
        if not text.strip() or "Testcase: " in text:
            break
        frame = _FRAME.match(text)
        if frame and not frame["where"].startswith(LIBRARY_FRAMES):
            st.found.error(offset, test_id, file=frame["file"], at=int(frame["line"]), code="test", weight=7.0)
            break


def _suite_failed(st: _Ant, no: int, m: re.Match[str]) -> None:
    """`Test calc.CalcTest FAILED` (the summary line): the suite, unless its cases were read."""
    if m["cls"] not in st.failed_suites:
        st.found.test(no, m["cls"])


def _build_failed(st: _Ant, no: int, _m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 8.0)
    reason = next((line for line in st.view.after(no, 2) if line.text.strip()), None)
    if reason is None:
        return
    st.found.mark(reason.no, 9.0)
    text = reason.text.strip()
    place = _PLACE.match(text)
    message = place["msg"] if place else text
    if failure := task_failure("ant", [message]):  # what Ant's reason means (facts.meaning)
        file, at = (place["file"], int(place["line"])) if place else (None, None)
        st.found.error(reason.no, message, file=file, at=at, code=failure.code, weight=9.0, category=failure.category)


def _javac(st: _Ant, no: int, m: re.Match[str]) -> None:
    at = int(m["line"])
    st.found.error(no, m["msg"], file=m["file"], at=at, code="compile", tool="javac", category=Category.BUILD)


_RULES = LineRules[_Ant](
    Rule(r"^\s*\[javac\] (?P<file>\S+\.java):(?P<line>\d+): error: (?P<msg>.+)$", _javac, has=("[javac] ",)),
    Rule(_JUNIT + r"Testsuite: (?P<suite>[\w.$]+)$", _suite, has=("] Testsuite: ",)),
    Rule(
        _JUNIT + r"Testcase: (?P<name>\w+)(?:\((?P<cls>[\w.$]+)\))? took [\d.]+ sec$",
        _case,
        has=("] Testcase: ",),
    ),
    Rule(_JUNIT + r"Test (?P<cls>[\w.$]+) FAILED(?: \((?:timeout|crashed)\))?$", _suite_failed, has=("] Test ",)),
    Rule(
        _JUNIT + r"Tests run: \d+, Failures: (?P<failed>\d+), Errors: (?P<errors>\d+)",
        summary(8.0),  # one count per suite
        has=("] Tests run: ",),
    ),
    Rule(r"^BUILD FAILED$", _build_failed, starts="BUILD FAILED"),
    Rule(r"^Buildfile: \S+\.xml$", seen, starts="Buildfile: "),
)

PARSER = Parser(tool="ant", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Ant(view)))
