"""XCTest, the test framework of Swift and Objective-C (`xcodebuild test`, `swift test`), in the words its print
observer writes on macOS and Linux alike (swift-corelibs-xctest's PrintObserver.swift, "mirrors the Apple XCTest
output exactly"; not run here: no Swift toolchain in Debian 12): a failed assertion in the compiler's shape,
`FILE:LINE: error: TEST : DESCRIPTION`, then `Test Case 'TEST' failed (0.002 seconds).`, where TEST is
`-[Module.Class testName]` (Objective-C's runtime names, macOS) or `Class.testName` (Linux). The suite's
`Executed 2 tests, with 1 failure (0 unexpected) in ...` is a summary summaries.py reads. The assertion's line is
no compiler's error (compiler.py leaves it here, as it leaves CppUTest's): read as one, a test run's failure
became a build's. xcodebuild's closing `** TEST FAILED **` / `** BUILD FAILED **` are shown, never evidence of a
kind: xcodebuild says `** TEST FAILED **` also when the build of the tests failed."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence
from remediate.models import Category

# A test's name as XCTest prints it: its test method's name opens with `test` (XCTest runs no other on macOS).
_NAME = r"(?:-\[(?:\w+\.)*\w+ test\w*\]|(?:\w+\.)+test\w*)"
_FAILURE_MESSAGE = Regex(rf"^{_NAME} : ")


def is_failure(message: str) -> bool:
    """Whether a compiler-shaped diagnostic's message (after `error: `) is XCTest's failed assertion."""
    return bool(_FAILURE_MESSAGE.match(message))


def _assertion(st: Found, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"], file=m["file"], message=m["msg"].strip() or None)


def _failed(st: Found, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"])


_RULES = LineRules[Found](
    Rule(rf"^(?P<file>\S+?):(?P<line>\d+): error: (?P<name>{_NAME}) : (?P<msg>.*)$", _assertion, has=(": error: ",)),
    Rule(rf"^Test Case '(?P<name>{_NAME})' failed \([\d.]+ seconds\)\.?$", _failed, starts="Test Case '"),
    Rule(r"^\*\* (?:TEST|BUILD) FAILED \*\*$", evidence(7.0), starts="** ", ends=" FAILED **"),
)

PARSER = Parser(tool="xctest", category=Category.TEST, parse=scan_with(_RULES, plain("xctest")))
