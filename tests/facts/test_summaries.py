"""Closing summary lines of test runners and linters, read without knowing the tool (facts/summaries.py).

Every line is taken from a real sample (tests/facts/data, see its README for how each was made)."""

from __future__ import annotations

import time

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.summaries import MAX_SUMMARIES, Reading, read_summary
from remediate.facts.terminal import strip_terminal
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

TEST, LINT = Category.TEST, Category.LINT


def _line(sample: str, part: str) -> str:
    """The first line of the sample holding `part`, as a terminal shows it."""
    for raw in (DATA / sample).read_text(errors="replace").splitlines():
        line = strip_terminal(raw)
        if part in line:
            return line
    raise AssertionError(f"no line with {part!r} in {sample}")


# (sample, a part of its summary line, the kind it closes, the failures it counts)
FAILING: list[tuple[str, str, Category, int]] = [
    ("maven_surefire_failures.txt", "Tests run:", TEST, 1),
    ("ant_junit.txt", "[junit] Tests run: 3, Failures: 1, Errors: 1", TEST, 2),
    ("junit4.txt", "Tests run: 2,  Failures: 1", TEST, 1),
    ("testng6_verbose2.txt", "Total tests run: 3, Failures: 2, Skips: 0", TEST, 2),
    ("nunit2_mono.txt", "Tests run: 3, Errors: 1, Failures: 1", TEST, 2),
    ("rspec.txt", "3 examples, 2 failures", TEST, 2),
    ("minitest_fail.txt", "3 runs, 3 assertions, 1 failures, 0 errors", TEST, 1),
    ("testunit_blocks.txt", "assertions, ", TEST, 4),
    ("unittest.txt", "FAILED (failures=1, errors=1)", TEST, 2),
    ("testtools29.txt", "FAILED (failures=1)", TEST, 1),
    ("mocha.txt", "2 failing", TEST, 2),
    ("jest.txt", "Tests:", TEST, 2),
    ("cargo_test.txt", "test result: FAILED.", TEST, 1),
    ("tape4.txt", "# fail", TEST, 2),
    ("pytest_failures.txt", "2 failed, 1 passed, 1 error in", TEST, 3),
    ("phpunit.txt", "Tests: 3, Assertions: 2, Errors: 1, Failures: 1.", TEST, 2),
    ("exunit.txt", "3 tests, 2 failures", TEST, 2),
    ("color/jasmine_plain.txt", "3 specs, 2 failures", TEST, 2),
    ("karma_jasmine_dots.txt", "Executed 3 of 3", TEST, 2),
    ("ctest.txt", "tests passed, 4 tests failed out of 6", TEST, 4),
    ("gtest.txt", "[  FAILED  ] 4 tests, listed below:", TEST, 1),
    ("doctest_cpp.txt", "test cases: 4 | 1 passed | 3 failed", TEST, 3),
    ("busted.txt", "1 success / 1 failure / 2 errors", TEST, 3),
    ("color/cucumber_plain.txt", "scenarios (", TEST, 1),
    ("color/testthat_plain.txt", "[ FAIL 4 | WARN 0 | SKIP 0 | PASS 1 ]", TEST, 4),
    ("mamba011.txt", "1 examples failed of 2 ran", TEST, 1),
    ("mocha17_spec.txt", "1 of 2 tests failed", TEST, 1),
    ("boost_test.txt", "failures are detected in the test module", TEST, 3),
    ("color/automake_check_plain.txt", "# FAIL:", TEST, 3),
    ("meson_test.txt", "Fail:               2", TEST, 2),
    ("node_test_spec_color.txt", "ℹ fail 2", TEST, 2),
    ("check_c.txt", "Checks: 4, Failures: 2, Errors: 1", TEST, 3),
    ("ct_run.txt", "TEST COMPLETE, 1 ok, 6 failed", TEST, 6),
    ("color/coffeelint_plain.txt", "Lint!", LINT, 2),
    ("nodeunit_minimal.txt", "2/3 assertions failed", TEST, 2),
    ("ert_emacs28.txt", "results as expected, 2 unexpected", TEST, 2),
    ("color/deno_test_plain.txt", "FAILED | 0 passed | 2 failed", TEST, 2),
    ("deno_lint_eqeqeq.txt", "Found 2 problems", LINT, 2),
    ("color/hlint_plain.txt", "3 hints", LINT, 3),
    ("slash115.txt", "Session ended. 1 successful, 0 skipped, 1 failed", TEST, 1),
    ("color/vows_plain.txt", "honored", TEST, 2),
    ("eslint.txt", "problems (", LINT, 5),
    ("color/rubocop_plain.txt", "offenses detected", LINT, 6),
    ("sasslint113_max_warnings.txt", "✖ 14 problems (5 errors, 9 warnings)", LINT, 14),
    ("csslint_errors.txt", "There are 2 problems in", LINT, 2),
    ("ansible_lint_4.txt", "violation(s) that are fatal", LINT, 4),
    # a label's count is the count after its colon: `Tests: 3 Failed: 1` is 1 failure (was read 4: `3 Failed`)
    ("tap_prove.txt", "t/basic.t (Wstat: 256 (exited 1) Tests: 3 Failed: 1)", TEST, 1),
    ("cppunit_textui.txt", "Run:  4   Failures: 2   Errors: 1", TEST, 3),
    ("hunit_runtesttt.txt", "Cases: 3  Tried: 3  Errors: 1  Failures: 1", TEST, 2),
    ("tap_prove.txt", "Failed 1/3 subtests", TEST, 1),  # prove's verdict of one test file
    ("phpize82_make_test.txt", "Tests failed    :", TEST, 2),  # run-tests.php pads its labels to a column
]


@pytest.mark.parametrize(("sample", "part", "category", "failed"), FAILING)
def test_failing_summaries_of_runners_and_linters(sample: str, part: str, category: Category, failed: int) -> None:
    reading = read_summary(_line(sample, part))
    assert reading is not None
    assert (reading.category, reading.failed) == (category, failed)


# Summaries of runs that passed: evidence that this kind's run did not fail.
PASSING: list[tuple[str, str, Category]] = [
    ("minitest_pass.txt", "0 failures, 0 errors", TEST),
    ("phpunit_ok.txt", "OK (", TEST),
    ("jest_pass.txt", "Tests:", TEST),
    ("npm_mocha_then_eslint.txt", "2 passing", TEST),
    ("ant_rerun_passed.txt", "Tests run: 2, Failures: 0, Errors: 0", TEST),
    ("unittest_expected_failure_ok.txt", "OK (skipped=1, expected failures=1)", TEST),
    ("phpize82_make_test.txt", "Tests passed    :", TEST),
]


@pytest.mark.parametrize(("sample", "part", "category"), PASSING)
def test_passing_summaries(sample: str, part: str, category: Category) -> None:
    assert read_summary(_line(sample, part)) == Reading(category, 0)


# Lines that hold counts but are no test run's or linter's summary, or say nothing of failure.
NEITHER: list[tuple[str, str]] = [
    ("mypy.txt", "Found "),  # a type checker's count of errors: errors alone name no kind
    ("flow0100_check.txt", "Found "),
    ("ruff_check_full.txt", "Found "),
    ("color/eslint6_max_warnings_plain.txt", "(0 errors, "),  # warnings only: no failure, no pass either
    ("rspec_load_error.txt", "0 examples, 0 failures"),  # no test ran: a file did not load
    ("composer_not_found.txt", "Problem 1"),  # composer's dependency problem, not a linter's
    ("dbt_build_test_failure.txt", "PASS="),  # dbt's PASS/ERROR counts: errors beside passes are no test run's
    ("unittest_discover.txt", "Ran "),  # a count of tests run, no outcome
    ("ctest_pass.txt", "Total Test time"),
]


@pytest.mark.parametrize(("sample", "part"), NEITHER)
def test_lines_that_are_no_failing_or_passing_summary(sample: str, part: str) -> None:
    assert read_summary(_line(sample, part)) is None


def test_counts_of_failures_alone_are_a_test_runs_below_the_tests_it_ran() -> None:
    # clojure.test (lein test): `Ran 3 tests containing 3 assertions.` then `1 failures, 1 errors.`
    lines = (DATA / "clojure_lein_test.txt").read_text().splitlines()
    at = lines.index("1 failures, 1 errors.")
    assert read_summary(lines[at]) is None  # failures and errors alone name no kind
    assert read_summary(lines[at], above=lines[at - 1]) == Reading(TEST, 2)
    assert read_summary(lines[at], above="Compiling 3 source files") is None
    assert [(s.category, s.failed) for s in extract_facts(DATA / "clojure_lein_test.txt").summaries] == [(TEST, 2)]


def test_test_titles_that_count_things_are_no_summaries() -> None:
    # a lint rule's own tests (real mocha 5 output): passing titles `✓ counts 1 failed test in the fixture`,
    # a failing one `1) finds 3 offenses in the sample file` and its title again above its report
    f = extract_facts(DATA / "mocha5_rule_titles.txt")
    assert [(s.category, s.failed, s.text) for s in f.summaries] == [
        (TEST, 0, "2 passing (3ms)"),
        (TEST, 1, "1 failing"),
    ]


def test_a_sentence_with_a_count_is_no_summary() -> None:
    # a failing mocha test's title that happens to count problems: too many words foreign to summaries
    title = "  1) reports 2 problems when the config file has a trailing comma in its rules section"
    assert read_summary(title) is None


def test_the_facts_keep_the_failing_steps_summaries_in_log_order() -> None:
    f = extract_facts(DATA / "npm_eslint_then_mocha.txt")
    assert [(s.category, s.failed) for s in f.summaries] == [(LINT, 3), (TEST, 0), (TEST, 1)]
    assert f.summaries[0].text == "✖ 3 problems (3 errors, 0 warnings)"


def test_only_the_failing_steps_summaries_are_kept() -> None:
    # a Travis job: mocha's run that passed (`2 passing`), then a lint command that failed: its summary is the one kept
    mocha = (DATA / "npm_mocha_then_eslint.txt").read_text().split("2 passing (2ms)")[0] + "2 passing (2ms)\n"
    log = framing.travis_commands([("npm run unit", mocha, 0), ("npm run lint", (DATA / "eslint.txt").read_text(), 1)])
    f = extract_facts(log)
    assert [(s.category, s.failed > 0) for s in f.summaries] == [(LINT, True)]
    assert f.summaries[0].step == 1


def test_a_run_of_marks_inside_a_token_is_read_in_linear_time() -> None:
    # one pattern for both edges of a token backtracked over the marks: 2.3 s for this line, 18 s/MB of such
    # lines (bench/adversarial_logs.py summary_marks); found from each end, it is a few milliseconds
    line = "a" + "!" * 20_000 + "b 3 failures, 1 failed"
    start = time.process_time()
    assert read_summary(line) is None
    assert time.process_time() - start < 0.5


def test_a_passing_files_row_in_proves_report_counts_no_failure() -> None:
    # a TODO test that passed leaves its file in prove's Test Summary Report (`TODO passed:   17` below the row):
    # `Tests: 18 Failed: 0` read `18 Failed` as 18 failures before the labels took their counts
    assert read_summary("t7405-submodule-merge.sh (Wstat: 0 Tests: 18 Failed: 0)") == Reading(TEST, 0)


def test_padded_labels_are_read_in_linear_time() -> None:
    # counts and labels padded with spaces (the bounded runs before a colon): no backtracking over the spaces
    line = ("1 failed" + " " * 8) * 4_000 + "x"
    start = time.process_time()
    read_summary(line)
    read_summary("Tests" + " " * 20_000 + ": 3")
    assert time.process_time() - start < 0.5


def test_a_summarys_text_is_redacted_like_every_line_of_the_facts() -> None:
    line = _line("rspec.txt", "3 examples, 2 failures")
    log = framing.travis("bundle exec rspec", f"{line} s3cr3tvalue\n")
    f = extract_facts(log, secrets=["s3cr3tvalue"])
    assert [s.text for s in f.summaries] == [f"{line} [REDACTED:caller_secret]"]


# A tool's own failing summary that the generic reading cannot type, claimed by the tool's parser: one list.
CLAIMED: list[tuple[str, str, Category, int]] = [
    ("pytest_auto_frames.txt", "3 failed in 0.05s", TEST, 3),  # failures alone: no unit, no pass beside them
    ("color/bun_test_plain.txt", " 2 fail", TEST, 2),  # Bun's count on a line of its own (` 1 pass` above)
    ("ruff_check_full.txt", "Found 1 error.", LINT, 1),  # errors alone name no kind; the tool is a linter
]


@pytest.mark.parametrize(("sample", "part", "category", "failed"), CLAIMED)
def test_a_summary_only_its_tools_parser_can_type_is_the_parsers_claim(
    sample: str, part: str, category: Category, failed: int
) -> None:
    line = _line(sample, part)
    assert read_summary(line) is None
    summaries = extract_facts(DATA / sample).summaries
    assert [(s.category, s.failed) for s in summaries if s.text == " ".join(line.split())] == [(category, failed)]


def test_a_claim_is_no_summary_when_no_test_ran_or_when_it_counts_nothing() -> None:
    # RSpec's `0 examples, 0 failures, 1 error occurred outside of examples`: its parser counts the error, but
    # no test ran (a spec file did not load): no failing test run's summary
    assert [s.text for s in extract_facts(DATA / "rspec_load_error.txt").summaries] == []
    # ESLint's warnings-only summary: its parser counts 0 errors, which is no passing run either
    eslint = DATA / "color/eslint6_max_warnings_plain.txt"
    assert [s for s in extract_facts(eslint).summaries if "(0 errors, " in s.text] == []


@pytest.mark.parametrize(
    ("sample", "warnings"),
    [("eslint4_max_warnings.txt", 7), ("color/eslint6_max_warnings_plain.txt", 7), ("eslint9_max_warnings.txt", 3)],
)
def test_warnings_only_are_a_failing_lint_summary_once_the_linter_says_they_are_too_many(
    sample: str, warnings: int
) -> None:
    # ESLint 4, 6 and 9 with --max-warnings 0: `✖ N problems (0 errors, N warnings)` then, after its fixable
    # line, `ESLint found too many warnings (maximum: 0).`: the linter's own words that the warnings failed it
    text = (DATA / sample).read_text()
    f = extract_facts(DATA / sample)
    assert [(s.category, s.failed, s.text) for s in f.summaries] == [
        (LINT, warnings, "ESLint found too many warnings (maximum: 0).")
    ]
    without = text.split("ESLint found too many")[0]  # the same run without --max-warnings: exit 0, no summary
    assert extract_facts(without.encode()).summaries == []


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("pytest_verbose_pass.txt", [(TEST, 0, "25 passed in 0.05s")]),  # pytest's passes alone: no unit
        ("bun_test_pass.txt", [(TEST, 0, "2 pass")]),  # Bun 1.4: ` 2 pass`, ` 0 fail` on lines of their own
        ("color/bun_test_plain.txt", [(TEST, 0, "1 pass"), (TEST, 2, "2 fail")]),
    ],
)
def test_a_parsers_claim_of_no_failure_is_a_passing_summary_where_the_line_counts_passes(
    sample: str, expected: list[tuple[Category, int, str]]
) -> None:
    # the generic reading types none of these lines; `0 fail` counts no pass, so it says nothing of a pass
    summaries = extract_facts(DATA / sample).summaries
    assert [(s.category, s.failed, s.text.strip("= ")) for s in summaries] == expected
    assert all(read_summary(_line(sample, text)) is None for _, _, text in expected)


def test_a_failing_suite_s_summary_is_kept_before_many_passing_suites() -> None:
    """Real ct_run output: one failing suite, then 22 passing ones (more than MAX_SUMMARIES). The facts keep the
    failing suite's `TEST COMPLETE` line and the last passing ones, in log order; with the Common Test parser
    left out (a runner no parser reads), that failing summary alone decides the route."""
    log = framing.travis("make ct", (DATA / "ct_run_many_suites.txt").read_text(), exit_code=2)
    bare = extract_facts(log, leave_out=modules_reading(log))
    assert len(bare.summaries) == MAX_SUMMARIES and not bare.failing_tests
    assert [s.failed for s in bare.summaries] == [1] + [0] * (MAX_SUMMARIES - 1)
    assert "a_fail_SUITE: TEST COMPLETE, 1 ok, 1 failed of 2 test cases" in bare.summaries[0].text
    assert "p22_SUITE" in bare.summaries[-1].text
    lines = [s.log_line for s in bare.summaries]
    assert lines == sorted(lines)
    verdict = rule_verdict(bare)
    assert verdict.decided and verdict.category is Category.TEST and verdict.evidence["summary"]
