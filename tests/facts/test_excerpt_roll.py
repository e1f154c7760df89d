"""The roll of a failure (excerpt.roll): a checker's or a compiler's count line and each failing test's name stay
in the excerpt when the report around them is longer than its room (real samples, README rows: the
*_python_wrapper.txt samples, pytest9_v_no_short_summary.txt, and round 47's jest29_six_failed_in_four_files.txt,
node20_test_spec_four_failed.txt, mocha10_five_failed_in_tree.txt)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from remediate.facts import extract_facts
from remediate.facts.failingtests import failing_test_marked
from remediate.facts.verdicts import tallies_failures
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _kept(sample: str, command: str, budget: int | Literal["auto"]) -> tuple[list[str], set[int]]:
    """The log's lines and the lines the excerpt keeps, the sample framed as a Travis job."""
    log = framing.travis(command, (DATA / sample).read_text())
    facts = extract_facts(log, budget_tokens=budget)
    return log.decode(errors="replace").split("\n"), {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}


def _holding(texts: list[str], wanted: str) -> list[int]:
    return [no for no, text in enumerate(texts, start=1) if wanted in text]


@pytest.mark.parametrize(
    ("sample", "command", "budget", "count"),
    [
        # A pre-commit-style script's traceback under tsc's pretty report: the window before the failure takes the
        # traceback and the `Errors  Files` table, the report's 39 errors outrank the count a blank line above.
        ("tsc5_python_wrapper.txt", "python scripts/typecheck.py", 150, "Found 39 errors in 15 files."),
        ("eslint9_python_wrapper.txt", "python scripts.py", 200, "✖ 7 problems (7 errors, 0 warnings)"),
        ("clang14_python_wrapper.txt", "python build.py", 200, "1 warning and 2 errors generated."),
    ],
)
def test_a_checkers_count_line_stays_beside_the_wrappers_failure(
    sample: str, command: str, budget: int, count: str
) -> None:
    texts, shown = _kept(sample, command, budget)
    lines, failure = _holding(texts, count), _holding(texts, "subprocess.CalledProcessError: ")
    assert len(lines) == 1 and lines[0] in shown
    assert len(failure) == 1 and failure[0] in shown  # the wrapper's failure is kept too


def test_each_failing_test_named_in_a_verbose_run_without_a_short_summary_stays() -> None:
    # pytest -v -rN: the FAILED/ERROR verdicts are only in the progress lines, 50 rows of passes below them and the
    # long reports with their locals after those; the window before the failure keeps the report's end.
    texts, shown = _kept("pytest9_v_no_short_summary.txt", "pytest -v -l -rN tests", 800)
    lines = _holding(texts, "::TestCheckout::")
    assert len(lines) == 3 and set(lines) <= shown


def test_a_passing_count_or_a_passing_test_is_no_roll() -> None:
    # The roll's lines count failures: the 200 passing tests' progress lines around the failing ones stay out.
    texts, shown = _kept("pytest9_v_no_short_summary.txt", "pytest -v -l -rN tests", 800)
    lines = _holding(texts, " PASSED ")
    assert len(lines) == 200 and not shown.intersection(lines)


@pytest.mark.parametrize(
    ("text", "tallies"),
    [
        ("Found 39 errors in 15 files.", True),  # tsc5_python_wrapper.txt
        ("1 warning and 2 errors generated.", True),  # clang14_python_wrapper.txt
        ("✖ 7 problems (7 errors, 0 warnings)", True),  # eslint9_python_wrapper.txt
        ("==================== 2 failed, 200 passed, 1 error in 2.63s ====================", True),
        ("FAILED (failures=6)", True),  # unittest's: a summary's reading, no count before its word
        ("Found 0 errors.", False),
        ("==================== 200 passed in 2.63s ====================", False),
        # A test's title holding a label and a number, then its passing verdict: counts_failures reads `errors: 3`.
        ("[ RUN      ] prints its errors: 3 lines: 4.10 ms OK", False),
    ],
)
def test_a_tally_counts_failures_before_their_word_or_as_a_summary(text: str, tallies: bool) -> None:
    assert tallies_failures(text) is tallies


@pytest.mark.parametrize(
    ("sample", "command", "budget", "tests"),
    [
        # node --test's spec reporter: `✖ name (1.4ms)` in the tree and again under `✖ failing tests:`, no verdict word
        (
            "node20_test_spec_four_failed.txt",
            "node --test --test-reporter=spec",
            400,
            ["applies TENOFF without going negative", "applies HALF to odd totals", "slug trims", "initials ("],
        ),
        # Jest names its failing tests only in the `  ● suite › test` heading over each report
        (
            "jest29_six_failed_in_four_files.txt",
            "npx jest --ci",
            600,
            ["applies TENOFF", "formats cents", "slug trims", "report lists totals", "twelve active", "in cents"],
        ),
    ],
)
def test_each_failing_test_a_runners_marker_names_stays(
    sample: str, command: str, budget: int, tests: list[str]
) -> None:
    texts, shown = _kept(sample, command, budget)
    assert [test for test in tests if not any(test in texts[no - 1] for no in shown)] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("  ● cart › formats cents", "formats cents"),  # jest29_six_failed_in_four_files.txt
        ("  ● Console", None),  # what the tests logged
        ("    1) divides seven by two", "divides seven by two"),  # mocha10_five_failed_in_tree.txt: its tree
        ("  1) calc", "calc"),  # over the report, the suite's name
        ("       divides seven by two:", None),
        ("    ✔ adds 0 and 1", None),
        ("  ✖ applies TENOFF without going negative (1.474797ms)", "applies TENOFF without going negative"),  # node
        ("✖ failing tests:", None),  # node --test's heading over its list
        ("ℹ fail 4", None),
        ("  × File content differs from formatting output", None),  # biome1_ci.txt: a diagnostic's message, no test
        ("    ✕ formats cents (1 ms)", "formats cents"),  # Jest 29.7's `--verbose` tree, the same project (not stored)
        # Runners that do not run here, no sample: the shapes their documentation shows (ScalaTest under sbt, Pester
        # 5, xcpretty)
        ("[info] - should add two numbers *** FAILED ***", "should add two numbers"),
        ("    [-] adds two numbers 12ms (8ms|4ms)", "adds two numbers"),
        ("    ✗ testAdds, XCTAssertEqual failed", "testAdds, XCTAssertEqual failed"),
    ],
)
def test_a_runners_own_marker_names_a_failing_test(text: str, name: str | None) -> None:
    assert failing_test_marked(text) == name


def _reports(texts: list[str], heading: str, said: str) -> list[list[int]]:
    """Each report's heading (a line holding `heading`) with the lines below it up to the first holding `said`."""
    heads = _holding(texts, heading)
    return [list(range(no, next(n for n in range(no + 1, len(texts) + 1) if said in texts[n - 1]) + 1)) for no in heads]


_PYTEST = ("pytest9_parametrize_numeric_12_failed.txt", "pytest tests", "_ test_discounted[", "E       assert ")


@pytest.mark.parametrize(
    ("sample", "command", "heading", "said", "budget"),
    [
        # pytest's 12 alike failures, each named in the short summary: 6 of the 12 sections' `E` lines were kept; the
        # parametrised test's source block, the same under every section, goes from the cut ones.
        (*_PYTEST, 2000),
        (*_PYTEST, "auto"),
    ],
)
def test_a_named_failures_report_the_excerpt_cut_keeps_its_head_and_what_it_met(
    sample: str, command: str, heading: str, said: str, budget: int | Literal["auto"]
) -> None:
    texts, shown = _kept(sample, command, budget)
    reports = _reports(texts, heading, said)
    assert len(reports) == 12
    assert [texts[r[-1] - 1] for r in reports if r[0] not in shown or r[-1] not in shown] == []
    # the room came from what the excerpt loses at least cost: the report nearest the failure stays whole
    assert set(range(reports[-1][0], reports[-1][-1] + 1)) <= shown


def test_a_cut_reports_own_lines_go_only_as_a_block_another_keeps() -> None:
    # --tb=native: six sections, each a heading over a chained traceback whose frames are the others' word for word;
    # no section is kept whole at 2,000 tokens. Read as lines between the reports, the first traceback's frames and its
    # `The above exception was the direct cause ...` lines went one at a time for the other sections' headings, a
    # hole and a header each; they are its own report's lines.
    texts, shown = _kept(
        "pytest9_requests_http_https_refused_native.txt", "python -m pytest --tb=native test_api.py", 2000
    )
    first = min(_holding(texts, "Traceback (most recent call last):"))
    retries = min(_holding(texts, "urllib3.exceptions.MaxRetryError: "))
    assert [texts[no - 1] for no in range(first, retries + 1) if no not in shown] == []


def test_a_failing_parents_run_heading_takes_no_block_of_its_own_its_verdict_names_it() -> None:
    # go test -v: each failing parent's `=== RUN   TestX` heads its report far above its `--- FAIL: TestX` verdict,
    # over its subtests' `--- PASS` rows. The verdict names the test where its report is: the heading, a block of its
    # own 45 lines up, took the `--- PASS` row above a failing subtest's verdict, and said nothing the verdict does not.
    texts, shown = _kept("gotest19_v_subtests_6_failed_of_360.txt", "go test -v ./...", 2000)
    parents = [no for no in _holding(texts, "=== RUN   Test") if "/" not in texts[no - 1] and no in shown]
    assert [texts[no - 1] for no in parents if no - 1 not in shown and no + 1 not in shown] == []


@pytest.mark.parametrize("budget", [2000, "auto"])
def test_a_marked_failures_cut_report_keeps_its_head_its_compared_values_and_its_own_frame(
    budget: int | Literal["auto"],
) -> None:
    # Jest names its failing tests only under `●`, a diff under each: twelve alike reports of 21 lines at 2,000
    # tokens, the first ones cut to their heading, their `- Expected  - 1` legend and their frame, the `-`/`+` rows
    # below the legend (what a fix needs most) not shown. Room from each cut report's own lines it needs least (its
    # code frame's lines around the failing one).
    texts, shown = _kept("jest29_12_failed_of_200_diffs.txt", "npx jest --ci", budget)
    heads = _holding(texts, "  ● ")
    assert len(heads) == 12
    for head, end in zip(heads, [*heads[1:], len(texts)], strict=True):
        report = [no for no in range(head, end) if "Test Suites:" not in texts[no - 1]]
        wanted = [
            no for no in report if texts[no - 1].lstrip().startswith(('-   "total"', '+   "total"', "at Object."))
        ]
        assert len(wanted) == 3
        assert [texts[no - 1] for no in [head, *wanted] if no not in shown] == []


def test_two_failing_tests_of_one_name_each_get_their_own_reports_mend() -> None:
    # node --test's TAP names a nested test by its description alone: gift's and order's `not ok 14 - prices case 13`,
    # each over its own YAML block. Read as one test, only the first report (gift's TypeError) was mended, order's
    # cut report keeping its verdict without the values it compared.
    texts, shown = _kept("node20_test_tap_12_failed_of_240.txt", "node --test test/", 2000)
    second = _holding(texts, "    not ok 14 - prices case 13")[1]
    compared = next(no for no in range(second, len(texts)) if "63.9 !== 64.9" in texts[no - 1])
    assert {second, compared} <= shown
