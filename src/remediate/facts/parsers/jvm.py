"""JVM builds: Maven, Gradle, javac/kotlinc diagnostics, JUnit/Surefire test failures."""

from __future__ import annotations

import re

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
_GRADLE_WRONG = re.compile(r"^\* What went wrong:$")
_GRADLE_TEST = re.compile(r"^(?:Gradle Test Executor \d+ > )?([\w.$]+) > (.+?) FAILED$")
_GRADLE_FAILED = re.compile(r"^(?:FAILURE: Build failed with an exception\.|BUILD FAILED in .+)$")
_JUNIT4_ITEM = re.compile(r"^\d+\) (\w+)\(([\w.$]+)\)$")
_EXCEPTION = re.compile(r"^\s*((?:[a-z]\w*\.)+[A-Z]\w*(?:Error|Exception|Failure|Failed\w*)): ?(.*)$")
_FRAME = re.compile(r"^\s*at (?:[\w.]+/)*([\w.$]+)\.(\w+)\((\w+\.(?:java|kt|scala|groovy)):(\d+)\)$")
_CHECKSTYLE = re.compile(
    r"^\[(?:ant:checkstyle\] \[)?(?:ERROR|WARN)\]\s+(\S+\.java):(\d+)(?::(\d+))?: (.+?)(?: \[(\w+)\])?$"
)


def parse(view: View) -> Findings:
    found = Findings(tool="maven")
    gradle = False
    maven = False
    compile_errors = 0
    failing_test: tuple[int, str] | None = None
    wrong_at: int | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.startswith("[ERROR]") or text.startswith("[INFO] BUILD") or text.startswith("[WARN"):
            maven = True
            m = _MVN_COMPILE.match(text)
            if m:
                found.error(
                    line.no, m.group(4), file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code="compile"
                )
                compile_errors += 1
                continue
            m = _MVN_GOAL.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                continue
            if _MVN_FAILURE.match(text):
                found.seen = True
                found.mark(line.no, 7.0)
                continue
            m = _SUREFIRE_FAIL.match(text)
            if m:
                failing_test = (line.no, f"{m.group(1)}.{m.group(2)}")
                found.test(line.no, failing_test[1])
                continue
            m = _SUREFIRE_FAIL_OLD.match(text)
            if m:
                failing_test = (line.no, f"{m.group(2)}.{m.group(1)}")
                found.test(line.no, failing_test[1])
                continue
            m = _CHECKSTYLE.match(text)
            if m and "checkstyle" in text.lower():
                found.error(
                    line.no,
                    m.group(4),
                    file=m.group(1),
                    at=int(m.group(2)),
                    code=m.group(5) or "checkstyle",
                    tool="checkstyle",
                )
                continue
            m = _SUREFIRE_ROW.match(text)
            if m and "." in m.group(1) and m.group(1)[0].isalpha() and not m.group(4).startswith(("Failed", "->")):
                test_id = f"{m.group(1)}.{m.group(2)}"
                found.test(line.no, test_id, message=m.group(4))
                continue
        if "Tests run:" in text:
            m = _TESTS_RUN.search(text)
            if m and (m.group(2) != "0" or m.group(3) != "0"):
                found.seen = True
                found.mark(line.no, 8.0)
                found.summary_failures = max(found.summary_failures, int(m.group(2)) + int(m.group(3)))
            continue
        if ": error: " in text:
            m = _JAVAC.match(text)
            if m:
                found.error(line.no, m.group(3), file=m.group(1), at=int(m.group(2)), code="compile", tool="javac")
                compile_errors += 1
                continue
        if text.startswith("e: "):
            m = _KOTLIN.match(text)
            if m:
                at = m.group(2) or m.group(4)
                col = m.group(3) or m.group(5)
                found.error(
                    line.no, m.group(6), file=m.group(1), at=int(at), column=int(col), code="compile", tool="kotlinc"
                )
                compile_errors += 1
                continue
        if text.startswith("> Task ") and text.endswith("FAILED"):
            m = _GRADLE_TASK.match(text)
            if m:
                gradle = True
                found.seen = True
                found.mark(line.no, 9.0)
                continue
        if text.startswith("* What went wrong"):
            gradle = True
            wrong_at = line.no
            found.mark(line.no, 8.0)
            continue
        if wrong_at is not None and line.no == wrong_at + 1:
            found.error(line.no, text.strip(), code="gradle", tool="gradle", weight=9.0)
            wrong_at = None
            continue
        if text.endswith("FAILED") and " > " in text:
            m = _GRADLE_TEST.match(text)
            if m:
                gradle = True
                failing_test = (line.no, f"{m.group(1)}.{m.group(2)}")
                found.test(line.no, failing_test[1])
                continue
        if _GRADLE_FAILED.match(text):
            gradle = True
            found.seen = True
            found.mark(line.no, 8.0)
            continue
        if text[0].isdigit() and ")" in text[:5]:
            m = _JUNIT4_ITEM.match(text)
            if m:
                failing_test = (line.no, f"{m.group(2)}.{m.group(1)}")
                found.test(line.no, failing_test[1])
                continue
        if failing_test is not None and line.no - failing_test[0] <= 30:
            m = _EXCEPTION.match(text)
            if m:
                found.mark(line.no, 8.0)
                found.test(failing_test[0], failing_test[1], message=text.strip())
                continue
            m = _FRAME.match(text)
            if m and not m.group(1).startswith(
                ("org.junit", "java.", "jdk.", "sun.", "org.gradle", "org.apache.maven")
            ):
                found.mark(line.no, 7.0)
                found.error(line.no, failing_test[1], file=m.group(3), at=int(m.group(4)), code="test", weight=7.0)
                failing_test = None
    if gradle:
        found.tool = "gradle"
    elif not maven:
        found.tool = "junit" if found.tests else "javac"
    if found.tool != "maven":
        found.errors = [e.model_copy(update={"tool": found.tool}) if e.tool == "maven" else e for e in found.errors]
    if compile_errors and not found.tests:
        found.category = Category.BUILD
    return found


PARSER = Parser(tool="maven", category=Category.TEST, parse=parse)
