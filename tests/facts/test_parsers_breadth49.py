"""Common Test's set-up failures where a later step checks the run (real output: tests/facts/data/README.md,
"Round 49, lane breadth"): the set-up block's whole Reason, first and in the excerpt, and `Error detected:`."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.facts.passingoutput import failing_verdict_line
from remediate.models import Category
from tests.facts import framing
from tests.facts.samples import DATA, facts

# What ct:fail printed over nine lines of the console's block (a nested term: Common Test's `~tp`)
PGSQL_UNAVAILABLE = (
    '{test_case_failed,{pgsql_unavailable, [{host,"127.0.0.1"}, {port,5432}, {database,"chatd_test"}, '
    '{user,"chatd_test"}, {reason,econnrefused}, {hint, "create the database and user before the suite: '
    'psql -U postgres -c \\"CREATE DATABASE chatd_test;\\""}]}}'
)
GREP = "grep -q 'TEST COMPLETE, \\([0-9]*\\) ok, .* of \\1 test cases' logs/raw.log"


def _travis_checked_run() -> bytes:
    """The job as Travis runs it: rebar's Common Test run exits 0 (rebar reads `0 failed`: the group's cases
    were auto-skipped), the script's next command greps the run's raw.log for every case passing and fails
    silently, after_script `cat`s the run's suite.log (153 lines of `=case` / `=result`)."""
    run = (DATA / "rebar2_ct_v_init_per_group_term.txt").read_text()
    suite_log = (DATA / "ct_suite_log_init_per_group_term.txt").read_text()
    return framing.travis_commands(
        [("rebar skip_deps=true ct -v", run, 0), (GREP, "", 1)],
        [("after_script", "find logs -name suite.log -exec cat '{}' ';'", suite_log)],
        say_passed=True,
    )


def test_a_set_up_failure_above_a_summary_counting_no_failure_is_kept_whole_when_a_grep_of_the_run_fails() -> None:
    """`TEST COMPLETE, 2 ok, 0 failed, 6 skipped` passed every line above it as a passing test's output, the
    blocks too (Common Test prints its `*** FAILED {chatd_SUITE,init_per_group} ***` below each): the excerpt
    started mid-term (at 2,000 tokens, from `{user,"chatd_test"}` on) and gave the rest to the suite.log."""
    log = _travis_checked_run()
    lines = log.decode().splitlines()
    block = lines.index("chatd_SUITE:init_per_group failed") + 1
    for budget in (600, 1000, 2000):
        f = extract_facts(log, budget_tokens=budget)
        assert f.failed_line == GREP
        kept = {n for r in f.excerpt_lines for n in range(r.start, r.end + 1)}
        assert set(range(block, block + 9)) <= kept, budget  # the failed line, `Reason:` and its 7 more lines
    first = f.errors[0]
    assert (first.message, first.file) == (f"chatd_SUITE:init_per_group: {PGSQL_UNAVAILABLE}", "chatd_SUITE.erl")
    assert f.failing_tests[0].id == "chatd_SUITE:init_per_group"


def test_common_test_s_error_detected_names_what_ended_a_case_common_test_cannot_place() -> None:
    f = facts("ct_run_error_detected.txt")
    by_id = {t.id: t for t in f.failing_tests}
    # a process linked to the case exited, a linked crash, the case killed: each numbered case says what ended it
    assert by_id["ctprobe.ctprobe test case 1"].message == "Error detected: {'EXIT',{session_closed,[...]}}"
    assert by_id["ctprobe.ctprobe test case 2"].message == "Error detected: {'EXIT',{badmatch,[...]}}"
    assert by_id["ctprobe.ctprobe test case 3"].message == "Error detected: testcase_aborted_or_killed"
    # a suite's groups/0 naming a group it does not define: Common Test's own function, no file of the project's
    framework = by_id["ct_framework:error_in_suite"]
    assert framework.file is None
    assert framework.message == "Error detected: 'Invalid group slow in badgroups_SUITE:groups/0'"
    assert "Error detected: testcase_aborted_or_killed" in [e.message for e in f.errors]
    assert f.category is Category.TEST


def test_a_traced_script_s_tee_d_run_then_its_grep_keeps_the_set_up_failure_first() -> None:
    """`ct_run ... | tee logs/raw.log` passes (tee's status), the `grep -q` after it fails: every record is the run's,
    the init_per_group failure first with its whole nested Reason, the `Error detected:` case after it."""
    f = facts("xtrace_ct_run_tee_grep_complete.txt")
    assert f.errors[0].message.startswith("roster_SUITE:init_per_group: {test_case_failed,{pgsql_unavailable,")
    assert f.errors[0].message.endswith('{hint, "start PostgreSQL and create roster_test before the suite"}]}}')
    assert [t.id for t in f.failing_tests][:2] == ["roster_SUITE:init_per_group", "acme.rosterd test case 4"]


def test_common_test_s_failed_banner_is_a_failing_verdict_scalatest_s_too() -> None:
    for line in (
        "Testing acme.chatd: *** FAILED {chatd_SUITE,init_per_group} ***",
        "Testing ctbasket.ctbasket: *** FAILED test case 3 of 12 ***",
        "=== *** FAILED {chatd_SUITE,init_per_group} ***",
        "[info] - applies the discount *** FAILED ***",
    ):
        assert failing_verdict_line(line), line
    assert not failing_verdict_line("=== *** Skipping test case #3 {chatd_SUITE,register_user} ***")


def test_r_cmd_check_s_timings_before_a_verdict_keep_the_failed_checks_and_checkrd_names_each_page() -> None:
    """With timings (`--as-cran` shows them past 10 s) the verdict came after `[0s/0s] ` or alone as ` [1s/16s] ERROR`:
    neither failed check made a record, and the WARNING's checkRd lines none."""
    f = facts("r422_check_timings_checkrd.txt")
    said = [e.message for e in f.errors]
    assert "checking Rd files ... WARNING: ./man/basket_discount.Rd: non-ASCII input and no declared encoding" in said
    assert any(m.startswith("checking tests ... ERROR: Running the tests in ‘tests/testthat.R’ failed.") for m in said)
    pages = [(e.file, e.line, e.message) for e in f.errors if e.code == "checkRd"]
    assert pages == [
        ("man/basket_items.Rd", None, "Must have a \\description"),
        ("man/basket_total.Rd", 17, "Only 2 columns allowed in this table"),
    ]
    assert f.category is Category.TEST


def test_prepare_rd_s_page_is_its_own_record_under_the_rd_files_check_only() -> None:
    f = facts("r422_check_rd_prepare_codoc.txt")
    prepared = next(e for e in f.errors if e.code == "prepare_Rd")
    assert (prepared.file, prepared.line, prepared.message) == (
        "man/basket_discount.Rd",
        12,
        "unknown macro '\\unknownmacro'",
    )
    # tools::checkRd's own output, no R CMD check around it: no check failed
    alone = extract_facts(b"checkRd: (7) basket_total.Rd:17-19: Only 2 columns allowed in this table\n")
    assert not any(e.code == "checkRd" for e in alone.errors)


def test_textlint_s_fixable_rows_are_read_as_its_other_stylish_rows() -> None:
    """textlint prints ESLint's stylish form, a row its --fix can fix marked `✓ ` before the level: those rows (three of
    six, every terminology one) made no record."""
    f = facts("textlint15_fixable.txt")
    rows = [(e.file, e.line, e.code) for e in f.errors]
    assert rows == [
        ("README.md", 3, "terminology"),
        ("README.md", 5, "no-todo"),
        ("README.md", 5, "no-todo"),
        ("README.md", 7, "terminology"),
        ("README.md", 7, "terminology"),
        ("docs/setup.md", 4, "no-todo"),
    ]
    assert f.errors[0].message == "Incorrect term: “Javascript”, use “JavaScript” instead"
    assert f.category is Category.LINT
