"""SwiftLint's violations in the compiler's shape (its default xcode reporter, and xcpretty's form when SwiftLint runs
as an Xcode build phase) are the linter's findings: lint, not build. Before: the compiler parser read them as build
errors, decided build 0.83-0.88 even under `swiftlint lint --strict`. The samples are written by hand from SwiftLint's
XcodeReporter (`{location}: {severity}: {rule name} Violation: {reason} ({rule id})`) and its `Done linting!` line:
SwiftLint needs the Swift runtime, which Debian 12 does not have (tests/facts/data/README.md, "Samples written by
hand")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_each_serious_violation_is_a_lint_record_named_by_its_rule() -> None:
    found = facts("sample_swiftlint_strict.txt")
    assert [(e.tool, e.file, e.line, e.column, e.code) for e in found.errors] == [
        ("swiftlint", "ShopCart/Cart.swift", 12, 1, "trailing_whitespace"),
        ("swiftlint", "ShopCart/Cart.swift", 20, 17, "force_cast"),
        ("swiftlint", "ShopCart/AppDelegate.swift", 8, None, "line_length"),
    ]
    assert found.errors[1].message == "Force Cast Violation: Force casts should be avoided."
    assert found.category is Category.LINT


def test_warnings_are_no_records() -> None:
    """Without --strict a warning fails nothing (SwiftLint exits 0 when none is serious); a custom rule's
    identifier stands for its name."""
    assert not facts("sample_swiftlint_warnings.txt").errors


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("sample_swiftlint_strict.txt", "swiftlint lint --strict"),
        ("sample_swiftlint_strict.txt", "./Pods/SwiftLint/swiftlint lint --strict"),
        (
            "sample_swiftlint_xcpretty.txt",
            "set -o pipefail && xcodebuild -workspace ShopCart.xcworkspace -scheme ShopCart build | xcpretty",
        ),
    ],
)
def test_a_swiftlint_failure_decides_lint_also_under_xcodebuild(sample: str, command: str) -> None:
    found = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    verdict = rule_verdict(found)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert {e.tool for e in found.errors} == {"swiftlint"}


@pytest.mark.parametrize("command", ["xcodebuild build", "swiftlint lint --strict"])
def test_the_compilers_own_error_stays_the_builds(command: str) -> None:
    found = extract_facts(framing.travis(command, (DATA / "sample_swiftc_error.txt").read_text()))
    assert [(e.tool, e.category) for e in found.errors] == [("compiler", Category.BUILD)]
