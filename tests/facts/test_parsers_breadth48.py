"""Common Test, R CMD check and run-tests.php shapes no sample covered before the forty-eighth round (real
output: tests/facts/data/README.md, "Round 48, lane breadth"): what each failure says, kept whole in its record."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import DATA, facts

NO_DATABASE = (
    '{test_case_failed,{no_database,[{host,"127.0.0.1"}, {port,9}, {reason,econnrefused}, '
    '{hint,"start the database service before the suite: docker run -p 5432:5432 postgres:16"}]}}'
)


def test_common_test_s_console_block_keeps_a_reason_printed_over_many_lines_whole() -> None:
    f = facts("ct_run_reasons_reports.txt")
    init = next(t for t in f.failing_tests if t.id == "store_SUITE:init_per_group")
    assert (init.file, init.message) == ("store_SUITE.erl", NO_DATABASE)
    # ct:fail in a case: raised in test_server, so the console names the case by its number only
    numbered = next(t for t in f.failing_tests if t.id == "ctbasket.ctbasket test case 3")
    assert numbered.message == (
        "test_server:ts_tc: {test_case_failed,{unexpected_total, [{expected,30}, {got,31}, "
        '{items,[{apple,10},{pear,20}]}, {currency,<<"EUR">>}, {note, "the discount of the basket does not apply '
        'to prices that were already reduced"}]}}'
    )
    assert f.category is Category.TEST and rule_verdict(f).decided


def test_rebar3_ct_keeps_the_reason_whole_and_an_exception_s_atom_without_its_stack() -> None:
    f = facts("rebar3_ct_v_reasons_reports.txt")
    by_id = {t.id: t.message for t in f.failing_tests}
    assert by_id["store_SUITE:pg.init_per_group"] == NO_DATABASE
    # rebar3's `{undef,[{slow_SUITE,refunds,[...],[]}, ...]}`: the exception's atom, without its stack
    assert "slow_SUITE:refunds: undef" in [e.message for e in f.errors]
    assert "already reduced" in (by_id["basket_SUITE:discount"] or "")
    # an end_per_testcase crash leaves its case passed (Common Test counts it ok): no failing test
    assert not any(i.endswith(("cached", "counts")) for i in by_id)


def test_crash_reports_beside_failing_tests_are_shown_with_the_project_s_frame_but_do_not_vote() -> None:
    for name in ("ct_run_reasons_reports.txt", "rebar3_ct_v_reasons_reports.txt"):
        reports = [e for e in facts(name).errors if e.code in ("error-report", "crash-report")]
        assert reports and not any(r.votes for r in reports)
        crash = next(r for r in reports if r.code == "crash-report")
        assert (crash.file, crash.line) == ("src/basket_srv.erl", 13)
        assert "exception error: bad key: pear" in crash.message


def test_a_crash_report_alone_is_no_record() -> None:
    lines = (DATA / "ct_run_reasons_reports.txt").read_text().splitlines()
    start = lines.index(next(line for line in lines if line.startswith("=CRASH REPORT====")))
    f = extract_facts("\n".join(lines[start : start + 25]).encode())
    assert not f.errors and not f.failing_tests


def _checked_tests(name: str) -> str:
    f = facts(name)
    assert f.category is Category.TEST
    return next(e.message for e in f.errors if e.message.startswith("checking tests ... ERROR"))


def test_r_cmd_check_s_failed_test_script_says_why_in_its_own_record_under_a_utf8_locale() -> None:
    said = _checked_tests("r422_check_utf8_test_all.txt")
    assert said.startswith("checking tests ... ERROR: Running the tests in ‘tests/test-all.R’ failed. [ FAIL 1 |")
    assert "basket_total(c(2, 3)) (`actual`) not equal to 5 (`expected`)." in said
    assert said.endswith("Error: Test failures")  # without R's echo of the script, its rules, `Execution halted`


def test_r_cmd_check_carries_a_failure_no_parser_reads_tinytest_s_and_stopifnot_s() -> None:
    tiny = _checked_tests("r422_check_tinytest_failure.txt")
    assert "FAILED[data]: test_price.R<2--2> call| expect_equal(basket_total(c(2, 3)), 5)" in tiny
    assert tiny.endswith("diff| Expected '5', got '6' Error: 1 out of 3 tests failed")
    plain = _checked_tests("r422_check_stopifnot_failure.txt")
    assert plain.endswith("‘tests/basic.R’ failed. Error: a basket's total is the sum of its prices")


def test_run_tests_php_with_workers_keeps_each_failure_s_diff_among_its_progress_lines() -> None:
    f = facts("phpt82_workers_show_diff.txt")
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart total of two prices", "tests/001_total.phpt", "001+ int(6) 001- int(5)"),
        (
            "cart rejects a price that is not an int",
            "tests/004_bad_price.phpt",
            "001+ price must be an int, string given 001- price must be an int, integer given",
        ),
        (
            "cart prints one line per item",
            "tests/007_lines.phpt",
            "apple    x2 pear     x1 003+ plum     x3 003- plum     x4",
        ),
        ("cart total of null", "tests/010_fatal.phpt", f.failing_tests[3].message),
    ]
    assert (f.failing_tests[3].message or "").startswith("001+ Fatal error: Uncaught TypeError: cart_total()")
    assert f.category is Category.TEST and rule_verdict(f).decided


def test_a_ct_fail_message_formatted_over_lines_is_the_reason_up_to_the_block_s_closing_rule() -> None:
    # ct:fail("order has ~p lines~nexpected 2 lines: apple, pear", [3]): its second line is not indented
    f = facts("ct_run_fail_format_lines.txt")
    assert [(t.id, t.message) for t in f.failing_tests] == [
        (
            "ctorder.ctorder test case 1",
            "test_server:ts_tc: {test_case_failed,order has 3 lines expected 2 lines: apple, pear}",
        )
    ]
