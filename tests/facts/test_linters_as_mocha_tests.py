"""Linters run as mocha tests (mocha-jshint 2.3, mocha-eslint 4.1): the one failing test is the linter's, so the
run is lint; beside a failing assertion it is two failures. Real output: tests/facts/data/README.md, "Linters run
as mocha tests"."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import RuleVerdict, rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def _npm_test(sample: str) -> RuleVerdict:
    return rule_verdict(extract_facts(framing.travis("npm test", (DATA / sample).read_text())))


def test_mocha_jshints_warnings_are_jshint_records() -> None:
    f = facts("mocha5_jshint_npm_test.txt")
    mine = [e for e in f.errors if e.tool == "jshint"]  # beside mocha's own record of the failing test
    rows = [(e.tool, (e.file or "").rpartition("mochalint/")[2], e.line, e.column, e.code, e.message) for e in mine]
    assert rows == [
        ("jshint", "lib/cart.js", 3, 53, "W033", "Missing semicolon."),
        ("jshint", "lib/cart.js", 1, 5, "W098", "'unused' is defined but never used."),
        ("jshint", "test/cart.test.js", 3, 1, "W117", "'describe' is not defined."),
        ("jshint", "test/cart.test.js", 4, 3, "W117", "'it' is not defined."),
    ]
    assert {e.category for e in mine} == {Category.LINT}


def test_a_linter_run_as_a_mocha_test_decides_lint_under_npm_test() -> None:
    """Before: mocha-jshint's run decided test at 0.998 (no record; one failing test, mocha's `1 failing`)."""
    for sample in ("mocha5_jshint_npm_test.txt", "mocha3_jshint11_npm_test.txt", "mocha5_eslint_npm_test.txt"):
        verdict = _npm_test(sample)
        assert verdict.category is Category.LINT and verdict.decided, (sample, verdict.reason)
        assert "a linter run as a test" in verdict.reason


def test_the_linters_test_beside_a_failing_assertion_is_two_failures() -> None:
    verdict = _npm_test("mocha5_jshint_and_assertion.txt")
    assert not verdict.decided and "two failures" in verdict.reason


def test_mocha_jshint_1s_indented_places_are_read_too() -> None:
    f = facts("mocha3_jshint11_npm_test.txt")
    assert [(e.file, e.line, e.column, e.code) for e in f.errors if e.tool == "jshint"] == [
        ("lib/cart.js", 3, 53, "W033")
    ]
