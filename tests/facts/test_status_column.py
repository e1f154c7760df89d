"""Rows of a padded status column (real output: tests/facts/data/README.md, "Round 51, lane breadth"): pg_regress,
Autotest and a project's own test scripts name a failing test on a row whose status the padding aligned with the
other rows'; a line ending in a status word that no column of rows backs is no test. And tcltest's failed tests."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def _harness_tests(f: Facts) -> list[str]:
    return [t.id for t in f.failing_tests] if "test-harness" in f.tools else []


@pytest.mark.parametrize(
    ("name", "failing"),
    [
        ("pg_regress15_installcheck_failed.txt", ["cart_total"]),
        ("autotest271_testsuite_failed.txt", ["total of a cart"]),
        ("harness_dots_pass_fail.txt", ["multiply_two_numbers", "divide_by_zero"]),
        ("harness_blanks_counted.txt", ["calc mul"]),  # names of one length: the count below shows the column
    ],
)
def test_a_failed_row_of_a_padded_column_is_a_failing_test(name: str, failing: list[str]) -> None:
    f = facts(name)
    assert _harness_tests(f) == failing
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TEST


def test_the_row_s_place_and_the_lines_below_it_say_why() -> None:
    assert facts("autotest271_testsuite_failed.txt").failing_tests[0].message == "(testsuite.at:7)"
    said = {t.id: t.message or "" for t in facts("harness_dots_pass_fail.txt").failing_tests}
    assert "expected: 6" in said["multiply_two_numbers"] and "got:      5" in said["multiply_two_numbers"]
    assert "division by zero" in said["divide_by_zero"]


def test_a_failure_the_harness_ignores_is_none() -> None:
    f = facts("pg_regress15_failure_ignored.txt")  # exit 0: `2 of 3 tests passed, 1 failed test(s) ignored.`
    assert _harness_tests(f) == []
    assert [s.failed for s in f.summaries] == [0]
    assert not rule_verdict(f).decided


def test_a_row_s_time_is_no_count_of_failures() -> None:
    """pg_regress's `... FAILED       47 ms` row is no summary counting 47 failures: its banner counts 1."""
    assert [(s.log_line, s.failed) for s in facts("pg_regress15_installcheck_failed.txt").summaries] == [(21, 1)]


def test_failed_rows_alone_show_no_column() -> None:
    """The two FAIL rows of the dots harness, without its passing rows and its count: aligned, but nothing says
    they are a harness's rows rather than two lines that happen to end alike."""
    lines = (DATA / "harness_dots_pass_fail.txt").read_text().splitlines()
    alone = [line for line in lines if "PASS" not in line and not line.startswith("Tests ok")]
    assert not _harness_tests(extract_facts("\n".join(alone).encode()))


@pytest.mark.parametrize(
    "text",
    [
        # configure's and apt's questions and answers: the answer follows each question's own length
        "checking for gcc... gcc\nchecking whether the C compiler works... yes\nchecking for libfoo... failed\n"
        "checking for bar... ok\nchecking for baz.h... ok\n",
        "Reading package lists... Done\nBuilding dependency tree... Done\nFetching index... failed\nUnpacking... ok\n",
        # pre-commit's hooks are checks (Title-case words), read by their own parser
        "black....................................................................Failed\n"
        "flake8...................................................................Passed\n"
        "isort....................................................................Passed\n",
        # systemd's and make's lines
        "[  OK  ] Started Journal Service.\n[FAILED] Failed to start nginx.\n[  OK  ] Reached target Network.\n",
        "make[1]: Entering directory '/src'\nmake: *** [Makefile:3: check] Error 1\n",
    ],
)
def test_lines_ending_in_a_status_word_without_a_column_are_no_tests(text: str) -> None:
    assert not _harness_tests(extract_facts(text.encode(), leave_out=frozenset({"precommit"})))


@pytest.mark.parametrize("name", ["pre_commit.txt", "configure_cc.txt", "apt26_unable_to_locate.txt"])
def test_other_tools_rows_stay_theirs(name: str) -> None:
    assert not _harness_tests(extract_facts(DATA / name, leave_out=frozenset({"precommit"})))


def test_under_a_ci_step_the_failing_row_names_the_test() -> None:
    log = framing.github_actions("make installcheck", (DATA / "pg_regress15_installcheck_failed.txt").read_text(), 2)
    f = extract_facts(log)
    assert _harness_tests(f) == ["cart_total"]
    assert rule_verdict(f).category is Category.TEST


def test_tcltest_names_each_failed_test_with_what_it_said() -> None:
    f = facts("tcltest255_all_failed.txt")
    assert [t.id for t in f.failing_tests] == ["cart-1.1", "cart-1.2", "cart-1.4"]
    said = {t.id: t.message or "" for t in f.failing_tests}
    assert said["cart-1.1"] == "Result was: 6 Result should have been (exact matching): 5"
    assert "errorInfo: wrong # args" in said["cart-1.4"]
    assert [s.failed for s in f.summaries] == [3]
    assert rule_verdict(f).category is Category.TEST


def test_tcltest_s_passing_count_is_no_failure() -> None:
    f = facts("tcltest255_match_passed.txt")
    assert not f.failing_tests and not rule_verdict(f).decided
