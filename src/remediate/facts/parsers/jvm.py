"""JVM builds: Maven, Gradle, javac/kotlinc diagnostics, JUnit/Surefire test failures."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_MVN_COMPILE = re.compile(r"^\[ERROR\] (\S+\.(?:java|kt|scala|groovy)):\[(\d+),(\d+)\] (.+)$")
_MVN_GOAL = re.compile(
    r"^\[ERROR\] Failed to execute goal (\S+) (?:\([\w-]+\) )?on project (\S+): (.+?)(?: -> \[Help \d+\])?$"
)
_MVN_FAILURE = re.compile(r"^\[(?:INFO|ERROR)\] BUILD FAILURE$")
_SUREFIRE_ROW = re.compile(r"^\[ERROR\]\s+(?:Run \d+: )?([\w.$]+)[.#](\w+)(?::(\d+))?(?:»\w+)? (.+)$")
_SUREFIRE_FAIL = re.compile(r"^\[ERROR\] ([\w.$]+)\.(\w+)(?: --|\s) +Time elapsed: .* <<< (?:FAILURE|ERROR)!$")
_SUREFIRE_FAIL_OLD = re.compile(r"^(?:\[ERROR\] )?(\w+)\(([\w.$]+)\)\s+Time elapsed: .* <<< (?:FAILURE|ERROR)!$")
_TESTS_RUN = re.compile(r"Tests run: (\d+), Failures: (\d+), Errors: (\d+)")
_JAVAC = re.compile(r"^(\S+\.(?:java|scala|groovy)):(\d+): error: (.+)$")
_KOTLIN = re.compile(r"^e: (?:file://)?(\S+\.kts?)(?::(\d+):(\d+)|: \((\d+), (\d+)\):) (.+)$")
_GRADLE_TASK = re.compile(r"^> Task (\S+) FAILED$")
_GRADLE_WRONG = re.compile(r"^\* What went wrong")
_ANY = re.compile("")
_GRADLE_TEST = re.compile(r"^(?:Gradle Test Executor \d+ > )?([\w.$]+) > (.+?) FAILED$")
_GRADLE_FAILED = re.compile(r"^(?:FAILURE: Build failed with an exception\.|BUILD FAILED in .+)$")
_JUNIT4_ITEM = re.compile(r"^\d+\) (\w+)\(([\w.$]+)\)$")
# The JUnit Platform console launcher's "Failures (N):" list: `  JUnit Jupiter:ClassTest:method()`.
_JUNIT5_ITEM = re.compile(r"^\s+JUnit (?:Jupiter|Vintage):([\w.$]+):(\w+)\(.*\)$")
_EXCEPTION = re.compile(r"^\s*(?:=> )?((?:[a-z]\w*\.)+[A-Z]\w*(?:Error|Exception|Failure|Failed\w*)): ?(.*)$")
# Stack frames: `at pkg.Class.method(File.java:N)`, or without `at` as the console launcher prints them.
_FRAME = re.compile(r"^\s*(?:at )?(?:[\w.]+/)*([\w.$]+)\.(\w+)\((\w+\.(?:java|kt|scala|groovy)):(\d+)\)$")
_CHECKSTYLE = re.compile(
    r"^\[(?:ant:checkstyle\] \[)?(?:ERROR|WARN)\]\s+(\S+\.java):(\d+)(?::(\d+))?: (.+?)(?: \[(\w+)\])?$"
)


_LIBRARY_FRAMES = ("org.junit", "java.", "jdk.", "sun.", "org.gradle", "org.apache.maven")
_MAVEN_PREFIXES = ("[ERROR]", "[INFO] BUILD", "[WARN")


@dataclass
class _State:
    found: Findings
    gradle: bool = False
    maven: bool = False
    compile_errors: int = 0
    failing_test: tuple[int, str] | None = None  # (log line, test id) whose trace may follow
    wrong_at: int | None = None  # line of Gradle's "* What went wrong:"

    def compile_error(self, no: int, message: str, file: str, at: str, column: str | None, tool: str) -> None:
        col = int(column) if column else None
        self.found.error(no, message, file=file, at=int(at), column=col, code="compile", tool=tool)
        self.compile_errors += 1

    def failing(self, no: int, test_id: str, *, gradle: bool = False) -> None:
        self.gradle = self.gradle or gradle
        self.failing_test = (no, test_id)
        self.found.test(no, test_id)

    def verdict(self, no: int, weight: float, *, gradle: bool = False) -> None:
        self.found.seen = True
        self.found.mark(no, weight)
        self.gradle = self.gradle or gradle


def _surefire_row(st: _State, no: int, m: re.Match[str]) -> bool:
    if "." not in m.group(1) or not m.group(1)[0].isalpha() or m.group(4).startswith(("Failed", "->")):
        return False
    st.found.test(no, f"{m.group(1)}.{m.group(2)}", message=m.group(4))
    return True


def _tests_run(st: _State, no: int, m: re.Match[str]) -> bool:
    if m.group(2) != "0" or m.group(3) != "0":
        st.verdict(no, 8.0)
        st.found.summary_failures = max(st.found.summary_failures, int(m.group(2)) + int(m.group(3)))
    return True


def _what_went_wrong(st: _State, no: int, _m: re.Match[str]) -> bool:
    st.gradle, st.wrong_at = True, no
    st.found.mark(no, 8.0)
    return True


def _test_exception(st: _State, no: int, m: re.Match[str]) -> bool:
    assert st.failing_test is not None
    st.found.mark(no, 8.0)
    st.found.test(st.failing_test[0], st.failing_test[1], message=m.group(0).strip())
    return True


def _test_frame(st: _State, no: int, m: re.Match[str]) -> bool:
    assert st.failing_test is not None
    if m.group(1).startswith(_LIBRARY_FRAMES):
        return False
    st.found.mark(no, 7.0)
    st.found.error(no, st.failing_test[1], file=m.group(3), at=int(m.group(4)), code="test", weight=7.0)
    st.failing_test = None
    return True


def _near_failing_test(st: _State, no: int, _text: str) -> bool:
    return st.failing_test is not None and no - st.failing_test[0] <= 30


_Handler = Callable[[_State, int, re.Match[str]], bool]  # True: the line is consumed
_Guard = Callable[[_State, int, str], bool]
_ALWAYS: _Guard = lambda _st, _no, _text: True  # noqa: E731


def _maven(st: _State, _no: int, text: str) -> bool:
    return text.startswith(_MAVEN_PREFIXES)


def _has(*needles: str) -> _Guard:
    return lambda _st, _no, text: any(n in text for n in needles)


def _consume(fn: Callable[[_State, int, re.Match[str]], None]) -> _Handler:
    def handler(st: _State, no: int, m: re.Match[str]) -> bool:
        fn(st, no, m)
        return True

    return handler


# (guard, pattern, handler, search): tried in order on each line; the first handler that consumes
# the line ends its turn. Guards are cheap literal tests that keep most lines off the regexes.
_RULES: tuple[tuple[_Guard, re.Pattern[str], _Handler, bool], ...] = (
    (
        _maven,
        _MVN_COMPILE,
        _consume(lambda st, no, m: st.compile_error(no, m.group(4), m.group(1), m.group(2), m.group(3), "maven")),
        False,
    ),
    (_maven, _MVN_GOAL, _consume(lambda st, no, _m: st.verdict(no, 9.0)), False),
    (_maven, _MVN_FAILURE, _consume(lambda st, no, _m: st.verdict(no, 7.0)), False),
    (_maven, _SUREFIRE_FAIL, _consume(lambda st, no, m: st.failing(no, f"{m.group(1)}.{m.group(2)}")), False),
    (_maven, _SUREFIRE_FAIL_OLD, _consume(lambda st, no, m: st.failing(no, f"{m.group(2)}.{m.group(1)}")), False),
    (
        lambda st, no, text: _maven(st, no, text) and "checkstyle" in text.lower(),
        _CHECKSTYLE,
        _consume(
            lambda st, no, m: st.found.error(
                no, m.group(4), file=m.group(1), at=int(m.group(2)), code=m.group(5) or "checkstyle", tool="checkstyle"
            )
        ),
        False,
    ),
    (_maven, _SUREFIRE_ROW, _surefire_row, False),
    (_has("Tests run:"), _TESTS_RUN, _tests_run, True),
    (_has("Tests run:"), _ANY, lambda _st, _no, _m: True, False),  # a passing summary: nothing more here
    (
        _has(": error: "),
        _JAVAC,
        _consume(lambda st, no, m: st.compile_error(no, m.group(3), m.group(1), m.group(2), None, "javac")),
        False,
    ),
    (
        lambda _st, _no, text: text.startswith("e: "),
        _KOTLIN,
        _consume(
            lambda st, no, m: st.compile_error(
                no, m.group(6), m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5), "kotlinc"
            )
        ),
        False,
    ),
    (_has("> Task "), _GRADLE_TASK, _consume(lambda st, no, _m: st.verdict(no, 9.0, gradle=True)), False),
    (_has("* What went wrong"), _GRADLE_WRONG, _what_went_wrong, False),
    (
        lambda _st, _no, text: " > " in text and text.endswith("FAILED"),
        _GRADLE_TEST,
        _consume(lambda st, no, m: st.failing(no, f"{m.group(1)}.{m.group(2)}", gradle=True)),
        False,
    ),
    (_has("FAIL"), _GRADLE_FAILED, _consume(lambda st, no, _m: st.verdict(no, 8.0, gradle=True)), False),
    (
        lambda _st, _no, text: text[:1].isdigit() and ")" in text[:5],
        _JUNIT4_ITEM,
        _consume(lambda st, no, m: st.failing(no, f"{m.group(2)}.{m.group(1)}")),
        False,
    ),
    (
        lambda _st, _no, text: text.startswith("  JUnit "),
        _JUNIT5_ITEM,
        _consume(lambda st, no, m: st.failing(no, f"{m.group(1)}.{m.group(2)}")),
        False,
    ),
    (_near_failing_test, _EXCEPTION, _test_exception, False),
    (_near_failing_test, _FRAME, _test_frame, False),
)


# Every rule above needs one of these (or a failing test just above): other lines skip the table.
_ANY_RULE = re.compile(
    r"\[(?:ERROR|INFO|WARN)|Tests run:|: error: |^e: |^> Task |^\* What went wrong|FAIL|^\d+\) |^  JUnit "
)


def _line(st: _State, no: int, text: str) -> None:
    if st.wrong_at is not None and no == st.wrong_at + 1:
        st.found.error(no, text.strip(), code="gradle", tool="gradle", weight=9.0)
        st.wrong_at = None
        return
    if not _ANY_RULE.search(text) and not _near_failing_test(st, no, text):
        return
    for guard, pattern, handler, search in _RULES:
        if not guard(st, no, text):
            continue
        m = pattern.search(text) if search else pattern.match(text)
        if m is not None and handler(st, no, m):
            return


def parse(view: View) -> Findings:
    st = _State(Findings(tool="maven"))
    for line in view.lines:
        if line.text:
            st.maven = st.maven or line.text.startswith(_MAVEN_PREFIXES)
            _line(st, line.no, line.text)
    found = st.found
    if st.gradle:
        found.tool = "gradle"
    elif not st.maven:
        found.tool = "junit" if found.tests else "javac"
    if found.tool != "maven":
        found.errors = [e.model_copy(update={"tool": found.tool}) if e.tool == "maven" else e for e in found.errors]
    if st.compile_errors and not found.tests:
        found.category = Category.BUILD
    return found


PARSER = Parser(tool="maven", category=Category.TEST, parse=parse)
