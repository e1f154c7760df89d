"""XCTest's failures (xcodebuild test, swift test). No Swift toolchain runs here (not in Debian 12): the output
below is written in the words of swift-corelibs-xctest's Sources/XCTest/Private/PrintObserver.swift, which "mirrors
the Apple XCTest output exactly" (`\\(file):\\(lineNumber): error: \\(testCase.name) : \\(description)`, `Test Case
'\\(testCase.name)' failed (\\(seconds) seconds)`, `\\t Executed N tests, with N failures (N unexpected) in ...`),
with macOS's test names (`-[Module.Class testName]`) and Linux's (`Class.testName`), and xcodebuild's closing
`** TEST FAILED **`. Before, the assertion's line was read as a compiler's error: build, beside the test summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing

MACOS = """Test Suite 'All tests' started at 2026-12-03 11:00:00.000
Test Suite 'CartTests' started at 2026-12-03 11:00:00.001
Test Case '-[ShopTests.CartTests testEmpty]' started.
Test Case '-[ShopTests.CartTests testEmpty]' passed (0.001 seconds).
Test Case '-[ShopTests.CartTests testTotal]' started.
/Users/travis/build/o/shop/ShopTests/CartTests.swift:12: error: -[ShopTests.CartTests testTotal] : \
XCTAssertEqual failed: ("3") is not equal to ("4")
Test Case '-[ShopTests.CartTests testTotal]' failed (0.002 seconds).
Test Suite 'CartTests' failed at 2026-12-03 11:00:00.004.
\t Executed 2 tests, with 1 failure (0 unexpected) in 0.003 (0.004) seconds
Test Suite 'All tests' failed at 2026-12-03 11:00:00.005.
\t Executed 2 tests, with 1 failure (0 unexpected) in 0.003 (0.005) seconds

Failing tests:
\t-[ShopTests.CartTests testTotal]

** TEST FAILED **
"""

LINUX = """Test Suite 'All tests' started at 2026-12-03 11:00:00.000
Test Suite 'CartTests' started at 2026-12-03 11:00:00.001
Test Case 'CartTests.testTotal' started at 2026-12-03 11:00:00.001
/home/travis/build/o/shop/Tests/ShopTests/CartTests.swift:12: error: CartTests.testTotal : \
XCTAssertEqual failed: ("3") is not equal to ("4") - total of the cart
Test Case 'CartTests.testTotal' failed (0.002 seconds)
Test Suite 'CartTests' failed at 2026-12-03 11:00:00.004
\t Executed 1 test, with 1 failure (0 unexpected) in 0.002 (0.002) seconds
"""

# The tests' build failing under `xcodebuild test`: swiftc's error, and xcodebuild's same closing line.
BUILD = """/Users/travis/build/o/shop/ShopTests/CartTests.swift:5:9: error: cannot find 'totl' in scope
        totl(cart)
        ^~~~
Testing failed:
\tCannot find 'totl' in scope
** TEST FAILED **
"""


def _facts(tmp_path: Path, command: str, output: str) -> Facts:
    path = tmp_path / "ci.log"
    path.write_bytes(framing.travis(command, output, 65))
    return extract_facts(path)


@pytest.mark.parametrize(
    ("command", "output", "test", "file"),
    [
        ("xcodebuild test -scheme Shop", MACOS, "-[ShopTests.CartTests testTotal]", "ShopTests/CartTests.swift"),
        ("swift test", LINUX, "CartTests.testTotal", "Tests/ShopTests/CartTests.swift"),
    ],
    ids=["macos", "linux"],
)
def test_a_failed_assertion_is_its_test_s_failure_not_a_compiler_s_error(
    command: str, output: str, test: str, file: str, tmp_path: Path
) -> None:
    f = _facts(tmp_path, command, output)
    assert not f.errors, f.errors
    assert [(t.id, t.file) for t in f.failing_tests] == [(test, file)]
    assert (f.failing_tests[0].message or "").startswith('XCTAssertEqual failed: ("3") is not equal to ("4")')
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_the_tests_build_failing_stays_the_build_s(tmp_path: Path) -> None:
    """swiftc's error is no test's failure, and xcodebuild's `** TEST FAILED **` below it names no test."""
    f = _facts(tmp_path, "xcodebuild test -scheme Shop", BUILD)
    assert not f.failing_tests
    assert [(e.tool, e.category) for e in f.errors] == [("compiler", Category.BUILD)]
    assert rule_verdict(f).category is Category.BUILD
