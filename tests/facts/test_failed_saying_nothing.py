"""A failing test whose runner prints nothing of its own below its row (go's `--- FAIL: TestTotal (0.00s)` alone after
t.Fail(), JUnit's `fail()`: the exception's class alone under Surefire's `<<< FAILURE!`) failed on its own check: beside
a cause another failure names (a package that does not build, a host out of reach), the two are two failures and the
rules do not decide. Real go 1.19 and Maven Surefire 3.2.5 output (tests/facts/data/README.md, "A failing test that
says nothing"); pytest's `- Failed`, node --test's `error: 'Failed'` and cargo's `explicit panic` already say a word."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _github(command: str, sample: str) -> tuple[list[tuple[str, str | None]], str, Category, bool]:
    facts = extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1))
    verdict = rule_verdict(facts)
    return [(t.id, t.message) for t in facts.failing_tests], verdict.reason, verdict.category, verdict.decided


def test_a_go_test_that_failed_saying_nothing_beside_a_package_that_does_not_build_is_two_failures() -> None:
    # before: TestTotal's message was empty, and the build decided alone (0.88)
    tests, reason, _category, decided = _github("go test ./...", "go119_fail_no_message_beside_build.txt")
    assert tests == [("TestTotal", "FAIL")]
    assert not decided, reason


def test_a_go_test_that_panicked_keeps_its_panic_as_its_report() -> None:
    # the control: the panic below the row is the test's report, not a failure that says nothing
    tests, reason, category, decided = _github("go test ./...", "go119_panic_no_message.txt")
    assert [message for _, message in tests] != ["FAIL"]
    assert (category, decided) == (Category.TEST, True), reason


def test_a_junit_fail_with_no_message_beside_a_host_out_of_reach_is_two_failures() -> None:
    # before: CartTest.total's message was empty, and "every failing test's own report" named the infrastructure
    tests, reason, _category, decided = _github("mvn -B test", "surefire325_fail_no_message_beside_unknown_host.txt")
    assert ("com.acme.shop.CartTest.total", "org.opentest4j.AssertionFailedError") in tests
    assert not decided
    assert "others fail on their own" in reason


@pytest.mark.parametrize("sample", ["gotest113_v_lines_after_row.txt", "gotest119_v_lines_before_row.txt"])
def test_a_go_v_tests_lines_are_its_report_above_or_right_below_its_row(sample: str) -> None:
    # go before 1.14 printed a -v test's lines below its `--- FAIL` row (the first sample, hand-ordered as its
    # testing.go did: tests/facts/data/README.md); before, both tests had no message and no record there
    facts = extract_facts(framing.github_actions("go test -v ./...", (DATA / sample).read_text(), 1))
    assert [(t.id, t.message) for t in facts.failing_tests] == [
        ("TestTotal", "cart_test.go:7: Total([1 2]) = 2, want 3"),
        ("TestEmpty", "cart_test.go:13: Total([5]) = 0, want 5"),
    ]
    # the passing test's t.Log line below its own `--- PASS` row is nobody's report
    assert [e.message for e in facts.errors if e.code == "test"] == [
        "Total([1 2]) = 2, want 3",
        "Total([5]) = 0, want 5",
    ]
