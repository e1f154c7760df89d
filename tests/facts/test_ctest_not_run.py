"""CTest's tests it did not run, read by why (CTest's words above the `***Not Run` row): a test disabled in the project
(`***Not Run (Disabled)`) is no failure; one whose REQUIRED_FILES are not there, or whose fixture's set-up test failed,
says so. Real CTest 3.25 output (tests/facts/data/README.md, "CTest's tests it did not run")."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _facts(sample: str) -> Facts:
    return extract_facts(framing.github_actions("ctest --output-on-failure", (DATA / sample).read_text(), 8))


def test_a_disabled_test_is_no_failing_test() -> None:
    # before: slow_test was a failing test (`Not Run`) beside money_test, which CTest's own count leaves out
    facts = _facts("ctest325_not_run_disabled_beside_failed.txt")
    assert [(t.id, t.message) for t in facts.failing_tests] == [("money_test", "Failed")]
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


def test_a_test_not_run_says_why_ctest_did_not_run_it() -> None:
    # before: `Not Run` alone
    required = _facts("ctest325_not_run_required_file.txt")
    assert [t.message for t in required.failing_tests] == [
        "Not Run: Unable to find required file: /home/runner/work/shop/shop/build/rates.csv"
    ]
    fixture = _facts("ctest325_not_run_fixture_failed.txt")
    assert [(t.id, t.message) for t in fixture.failing_tests] == [
        ("db_setup", "Failed"),
        ("cart_test", "Not Run: Failed test dependencies: db_setup"),
    ]
    verdict = rule_verdict(fixture)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason
