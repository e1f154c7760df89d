"""Reports a CI step `cat`s into the log after a failure: JUnit XML (junitxml.py) and SARIF (sarif.py), each read
as its format, whichever tool wrote it (tests/facts/data/README.md, "Reports printed as XML or SARIF ..."). A
passing report or an empty run is no failure."""

from __future__ import annotations

from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _failing(sample: str) -> list[tuple[str, str | None]]:
    return [(t.id, t.message) for t in facts(sample).failing_tests]


def test_junit_xml_reports_name_their_failing_test_cases() -> None:
    """pytest's report (few long lines, the message an attribute) and jest-junit's (a tag a line, the message the
    failure's body): each failed test case by its class and name, a passed or skipped one not."""
    assert _failing("pytest920_junitxml.txt") == [
        ("tests.test_cart.test_total_of_two", "assert 4 == 3"),
        ("tests.test_cart.TestDiscount.test_half", "ValueError: no discount table"),
    ]
    assert _failing("jestjunit16_junitxml.txt") == [
        ("cart total of two prices", "Error: expect(received).toBe(expected) // Object.is equality")
    ]
    verdict = rule_verdict(facts("jestjunit16_junitxml.txt"))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason
    assert [s.failed for s in facts("jestjunit16_junitxml.txt").summaries] == [1]  # the suite's failures + errors
    for passing in ("pytest920_junitxml_pass.txt", "jestjunit16_junitxml_pass.txt"):
        assert not facts(passing).failing_tests, passing
        assert not rule_verdict(facts(passing)).decided, passing


def test_a_report_beside_its_run_s_own_output_restates_it() -> None:
    """pytest's failures, then the JUnit report it wrote: one run, its tests named as pytest names them, once."""
    assert _failing("pytest920_junitxml_with_run.txt") == [
        ("tests/test_cart.py::test_total_of_two", "assert 4 == 3"),
        ("tests/test_cart.py::TestDiscount::test_half", "ValueError: no discount ..."),
    ]
    assert [s.failed for s in facts("pytest920_junitxml_with_run.txt").summaries] == [2]


def test_sarif_results_are_records_of_the_tool_its_run_names() -> None:
    """ESLint's SARIF formatter: each result at its first location, by rule, as ESLint's (the driver's name)."""
    assert [(e.tool, e.file, e.line, e.column, e.code, e.severity) for e in facts("eslint9395_sarif.txt").errors] == [
        ("eslint", "src/cart.js", 2, 3, "no-var", Severity.ERROR),
        ("eslint", "src/cart.js", 2, 7, "no-unused-vars", Severity.ERROR),
        ("eslint", "src/cart.js", 5, 11, "eqeqeq", Severity.ERROR),
    ]
    verdict = rule_verdict(facts("eslint9395_sarif.txt"))
    assert verdict.decided and verdict.category is Category.LINT, verdict.reason
    assert not facts("eslint9395_sarif_empty.txt").errors


def test_both_sarif_forms_read_a_result_s_level_alike() -> None:
    """semgrep's SARIF log through `jq .` (indented, its results before its tool: keys sorted) reads as its one-line
    form does: a result that names no level has its rule's (`defaultConfiguration.level`: ERROR is `error`), each at
    its own `ruleId` line. The indented reader read none of it (its driver came after its results)."""
    indented = facts("semgrep1187_sarif_jq.txt").errors
    one_line = facts("semgrep1187_sarif.txt").errors
    fields = [
        [(e.tool, e.file, e.line, e.column, e.code, e.severity) for e in errors] for errors in (indented, one_line)
    ]
    assert (
        fields[0]
        == fields[1]
        == [
            ("semgrep oss", "app/views.py", 5, 12, "subprocess-shell-true", Severity.ERROR),
            ("semgrep oss", "app/views.py", 9, 12, "no-eval", Severity.WARNING),
        ]
    )
    assert [e.log_line for e in indented] == [39, 68]


def test_each_run_of_an_indented_sarif_log_has_its_own_tool_and_rules() -> None:
    """ESLint's and semgrep's reports merged by jq into one indented log of two runs: each result is its own run's
    tool's, at its own run's rule level (semgrep's results name none: its rules do). All five were semgrep's before
    (the last run's driver named the whole document)."""
    merged = [(e.tool, e.code, e.severity) for e in facts("sarif_merged_eslint_semgrep_jq.txt").errors]
    apart = [
        (e.tool, e.code, e.severity)
        for s in ("eslint9395_sarif.txt", "semgrep1187_sarif_jq.txt")
        for e in facts(s).errors
    ]
    assert merged == apart
    assert [tool for tool, _, _ in merged] == ["eslint"] * 3 + ["semgrep oss"] * 2
    assert merged[-1] == ("semgrep oss", "no-eval", Severity.WARNING)
