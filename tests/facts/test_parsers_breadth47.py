"""R CMD check and Common Test shapes no sample covered before the forty-seventh round (real output:
tests/facts/data/README.md, "Round 47, lane breadth"): the failure each names, as a record with its place."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import DATA, error, facts


def test_r_cmd_check_in_the_c_locale_reads_testthat_s_ascii_failure_header() -> None:
    f = facts("r422_check_c_locale_testthat_failure.txt")
    failure = error(f, tool="testthat")
    assert (failure.file, failure.line) == ("tests/testthat/test-price.R", 6)
    assert failure.message == "basket_total(c(2, 3)) (`actual`) not equal to 5 (`expected`)."
    assert [t.id for t in f.failing_tests] == ["a basket's total sums its prices"]  # without the drawn rule


def test_a_checks_error_names_the_category_before_a_warning_of_a_more_telling_check() -> None:
    # the locale's WARNING sits under `checking R files for syntax errors` (a build check); the ERROR is the tests'
    f = facts("r422_check_c_locale_testthat_failure.txt")
    assert error(f, code="WARNING").message.startswith("checking R files for syntax errors ... WARNING")
    assert f.category is Category.TEST
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)


def test_a_failing_example_is_a_failing_test_named_by_its_topic_with_r_s_error() -> None:
    f = facts("r422_check_example_error.txt")
    why = 'Error in basket_total(c("2", "3")) : prices must be numeric, not character: convert them with as.numeric()'
    assert [(t.id, (t.message or "")[: len(why)]) for t in f.failing_tests] == [("example basket_total", why)]
    assert error(f, code="ERROR").message.startswith("checking examples ... ERROR: example basket_total: Error in")
    assert f.category is Category.TEST
    assert "prices must be numeric" in f.excerpt


def test_a_warning_only_as_cran_check_is_the_package_s_quality_check() -> None:
    f = facts("r422_check_as_cran_warning.txt")
    # the Rd check's WARNING, then each page checkRd names (round 49)
    assert [e.code for e in f.errors] == ["WARNING", "checkRd", "checkRd"] and not f.failing_tests
    assert f.category is Category.LINT


def test_common_test_s_suite_log_names_each_failed_function_and_where_the_suite_raised() -> None:
    f = facts("ct_suite_log_init_failures.txt")
    assert [(e.message, e.file, e.line) for e in f.errors] == [
        ("cart_SUITE:totals: {badmatch,5}", "cart_SUITE.erl", 15),
        ("cart_SUITE:init_per_group: {badmatch,{error,econnrefused}}", "cart_SUITE.erl", 10),
        ("conf_SUITE:init_per_suite: {badmatch,{error,enoent}}", "conf_SUITE.erl", 8),
        ("db_SUITE:init_per_group: {no_database,econnrefused}", "db_SUITE.erl", None),  # returned, not raised
    ]
    # the auto-skipped cases did not fail: their group's or suite's configuration function did
    assert {t.id for t in f.failing_tests} == {e.message.split(": ", 1)[0] for e in f.errors}
    assert f.category is Category.TEST and rule_verdict(f).decided


def test_a_suite_log_cut_to_its_skips_names_the_configuration_function_that_failed() -> None:
    lines = (DATA / "ct_suite_log_init_failures.txt").read_text().splitlines()
    start = lines.index("=case          cart_SUITE:saves_cart")
    f = extract_facts("\n".join(lines[start : start + 15]).encode())
    assert [(t.id, t.file) for t in f.failing_tests] == [("cart_SUITE:init_per_group", "cart_SUITE.erl")]


def test_ct_run_and_rebar3_ct_name_the_init_functions_not_their_skipped_cases() -> None:
    console = facts("ct_run_init_failures.txt")
    assert {t.id for t in console.failing_tests} == {
        "cart_SUITE:totals",
        "cart_SUITE:init_per_group",
        "conf_SUITE:init_per_suite",
        "db_SUITE:init_per_group",
    }
    rebar = facts("rebar3_ct_init_failures.txt")
    assert {t.id for t in rebar.failing_tests} == {
        "cart_SUITE:store.init_per_group",
        "conf_SUITE:init_per_suite",
        "db_SUITE:pg.init_per_group",
    }
    assert error(rebar, file="test/cart_SUITE.erl").line == 10
    for f in (console, rebar):
        assert f.category is Category.TEST and rule_verdict(f).decided
