"""One definition of a line that says a run went well, read by the excerpt and the scorer alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.score import line_score
from remediate.facts.verdicts import counts_failures, nothing_failed, passing_verdict, says_passed
from tests.facts import framing

DATA = Path(__file__).parent / "data"
# minitest's summaries: `1 runs, 1 assertions, 0 failures, 0 errors, 0 skips` and `3 runs, ..., 1 failures, 0 errors`.
PASSED = (DATA / "minitest_pass.txt").read_text().splitlines()[-1]
FAILED = (DATA / "minitest_fail.txt").read_text().splitlines()[-1]


@pytest.mark.parametrize(
    ("passed", "failed"),
    [
        ("--- PASS: TestTotal (0.00s)", "--- FAIL: TestTotal (0.00s)"),
        ("ok 3 - totals the cart", "not ok 3 - totals the cart"),
        ("ok  \texample.com/shop/calc\t0.002s", "FAIL\texample.com/shop/calc\t0.002s"),
        ("  ✓ adds two numbers (3 ms)", "  ✕ adds two numbers (3 ms)"),
        ("[       OK ] CartTest.Total (0 ms)", "[  FAILED  ] CartTest.Total (0 ms)"),
        ("PASS: tests/cart.test.js", "FAIL: tests/cart.test.js"),
        ("test_total (tests.test_cart.CartTest) ... ok", "test_total (tests.test_cart.CartTest) ... FAIL"),
        ("test_pass.py::test_ok_21 PASSED                  [ 84%]", "test_fail.py::test_total FAILED            [ 4%]"),
        ("[gw1] [  3%] PASSED test_pass.py::test_ok_3 ", "[gw0] [  4%] FAILED test_fail.py::test_total "),
    ],
)
def test_runner_verdicts_that_a_test_passed(passed: str, failed: str) -> None:
    assert passing_verdict(passed) and says_passed(passed)
    assert not passing_verdict(failed) and not says_passed(failed)


@pytest.mark.parametrize(
    "line",
    [
        PASSED,
        "OK (3 tests, 5 assertions)",
        "Tests run: 4, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.05 s - in shop.CartTest",
        "1> Testing tests.os_mon_test.memsup_SUITE.api: TEST COMPLETE, 1 ok, 0 failed of 1 test cases",
        "Compiled with 0 errors",
        (DATA / "pytest_verbose_pass.txt").read_text().splitlines()[-1],  # `25 passed in 0.05s`
        "  25 passing (30ms)",
        "Tests:       25 passed, 25 total",
    ],
)
def test_summaries_in_which_nothing_failed(line: str) -> None:
    assert nothing_failed(line) and says_passed(line) and not counts_failures(line)
    assert line_score(line) < 1.0  # no failure evidence, whatever words it uses


@pytest.mark.parametrize(
    "line",
    [
        FAILED,
        "1> Testing tests.os_mon_test.cpu_sup_SUITE.cases: TEST COMPLETE, 1 ok, 1 failed of 2 test cases",
        "Tests: 3, Assertions: 0, Errors: 3.",
        "Tests run: 4, Failures: 1, Errors: 0, Skipped: 0",
        "==== 2 failed, 10 passed in 0.31s ====",
        "✖ 3 problems (0 errors, 3 warnings)",
    ],
)
def test_a_summary_that_counts_some_failures_is_failure_evidence(line: str) -> None:
    # A zero for one kind ("0 errors") or a word such as "ok"/"passed" beside a count of failures
    # does not make the summary harmless: it is the failed run's own verdict.
    assert counts_failures(line) and not nothing_failed(line) and not says_passed(line)
    assert line_score(line) >= 5.0


def test_the_excerpt_keeps_a_failing_suite_above_a_passing_one() -> None:
    # Real minitest output: a failing run, then a passing one, in one CI step. The context before
    # the job's failure stops at the passing run's summary; the failure above it is still shown.
    out = (DATA / "minitest_fail.txt").read_text() + (DATA / "minitest_pass.txt").read_text()
    f = extract_facts(framing.travis("bundle exec rake test", out), budget_tokens=300)
    assert "CartTest#test_total [cart_test.rb:5]:" in f.excerpt
    assert FAILED in f.excerpt


def test_a_lint_summary_with_warnings_is_no_pass() -> None:
    # Real luacheck output (tests/facts/data/luacheck.txt): luacheck exits 1 on warnings alone, so
    # `Total: 5 warnings / 0 errors` ends a failed run, not a passing one.
    (total,) = [line for line in (DATA / "luacheck.txt").read_text().splitlines() if line.startswith("Total:")]
    assert not nothing_failed(total) and not says_passed(total)
    assert nothing_failed(total.replace("5 warnings", "0 warnings"))


def test_an_error_word_given_as_an_option_value_is_weak_evidence() -> None:
    # `-sasl errlog_type error -pz ...` in an echoed command: the word is an argument, not a report.
    echoed = 'Command: erl -sname test_server -sasl errlog_type error -pz "/release/tests/os_mon_test"'
    assert line_score(echoed) < line_score("Cart.php:1:1: error - Header blocks must be separated by a blank line")
    assert line_score("Error -> spec/calc_spec.lua @ 14") >= 8.0  # busted's own error line


@pytest.mark.parametrize("budget", [250, 400])
def test_the_context_before_the_failure_passes_over_a_suite_that_passed(budget: int) -> None:
    # Real pytest output: a failing run, then a passing `-v` run in the same CI step. The output
    # just before the job's failure is the passing run's; the context passes over it to the
    # failing run's report instead of spending the budget on `PASSED` lines.
    out = (DATA / "pytest_quiet_fail.txt").read_text() + (DATA / "pytest_verbose_pass.txt").read_text()
    f = extract_facts(framing.travis("pytest tests/unit; pytest tests/integration", out), budget_tokens=budget)
    for line in ("E       assert 7 == 6", "FAILED test_fail.py::test_total - assert 7 == 6", "1 failed in 0.70s"):
        assert line in f.excerpt
    assert f.excerpt.count(" PASSED ") <= 2


@pytest.mark.parametrize(
    "out",
    [
        (DATA / "pytest_quiet_fail.txt").read_text() + (DATA / "pytest_verbose_pass.txt").read_text(),
        (DATA / "pytest_xdist_verbose.txt").read_text(),  # pytest-xdist's workers, one failure among 26
    ],
)
def test_budget_left_over_is_not_spent_on_tests_that_passed(out: str) -> None:
    # Real pytest -v output: with budget to spare, widening the failure's context stops at
    # `PASSED` verdicts (pytest's own form, and xdist's `[gw1] [  3%] PASSED ...`) as it does at
    # other runners' passing verdicts.
    f = extract_facts(framing.travis("pytest -n 2 -v", out), budget_tokens=600)
    assert "E       assert 7 == 6" in f.excerpt
    assert f.excerpt.count(" PASSED ") <= 2


@pytest.mark.parametrize(
    ("sample", "part", "passed"),
    [
        ("rubocop_then_rspec.txt", "no offenses detected", True),  # RuboCop 1.39: a count of zero said in words
        ("mocha17_spec.txt", "1 of 2 tests failed", False),  # mocha 1.7: the count of failed tests before its unit
    ],
)
def test_a_summary_the_summaries_reading_types_is_a_pass_or_a_failure_by_that_reading(
    sample: str, part: str, passed: bool
) -> None:
    # one reading of a closing summary (facts/summaries.py) for the excerpt's scorer and the facts alike
    line = next(line for line in (DATA / sample).read_text().splitlines() if part in line)
    assert (nothing_failed(line), says_passed(line), counts_failures(line)) == (passed, passed, not passed)


def test_googletests_count_of_zero_passed_is_no_passing_verdict() -> None:
    # Real GoogleTest under `ctest -V`: every test failed, and gtest still prints `[  PASSED  ] 0 tests.` above
    # `[  FAILED  ] 1 test, listed below:`. Read as a pass, it cut the failure's report in two.
    lines = [line.removeprefix("1: ") for line in (DATA / "ctest_verbose.txt").read_text().splitlines()]
    zero = next(line for line in lines if line.startswith("[  PASSED  ]"))
    assert zero == "[  PASSED  ] 0 tests."
    assert not passing_verdict(zero) and not says_passed(zero)
    assert passing_verdict("[  PASSED  ] 1 test.") and says_passed("[  PASSED  ] 12 tests.")
    assert passing_verdict("[       OK ] CalcTest.AddsTwoNumbers (0 ms)")
