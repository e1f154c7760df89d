"""A test's printed output is the test's (facts/capturedoutput.py): GitHub's refusal that a test of the project's
own API client prints, in the block its runner sets apart, leans no verdict to config. Real runs of pytest, go test,
Surefire, Jest and Gradle (tests/facts/data/README.md)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.capturedoutput import printed_lines
from remediate.facts.parsers import github_access as ga
from remediate.facts.view import View
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

REFUSAL = "HttpError: Resource not accessible by integration"

# (sample, the command that printed it)
PRINTED = [
    ("pytest9_api_refusal_in_test.txt", "python -m pytest tests"),
    ("go119_test_api_refusal_in_test.txt", "go test -v ./..."),
    ("maven_surefire_api_refusal_in_test.txt", "mvn -B test"),
    ("jest29_api_refusal_in_test.txt", "npx jest"),
    ("gradle441_api_refusal_in_test.txt", "gradle --offline --console=plain test"),
    # under turbo's `api:test: ` prefix: the blocks are read on the view without it (before: pytest's Captured
    # section was not found, config 0.40 undecided; Jest's console line, indented, was never a record)
    ("turbo2_pytest_api_refusal_in_test.txt", "npx turbo run test"),
    ("turbo2_jest_api_refusal_in_test.txt", "npx turbo run test"),
]


@pytest.mark.parametrize(("sample", "command"), PRINTED)
def test_a_refusal_a_failing_test_printed_decides_the_test(sample: str, command: str) -> None:
    """Before: pytest, go and Surefire leaned config (0.40, undecided) on a record that voted. The record is still
    shown; it no longer votes (Jest's console line is indented: no record at all)."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert [e.votes for e in f.errors if e.tool == ga.TOOL] in ([False], [])
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_the_same_words_outside_any_tests_output_still_read() -> None:
    """The control: the step's script prints the refusal after the run (no runner's block holds it). The record
    votes, and beside the failing test the rules decide neither (two failures)."""
    output = (DATA / "go119_test_api_refusal_in_test.txt").read_text().replace(f"{REFUSAL}\n", "")
    f = extract_facts(framing.github_actions("go test -v ./...; ./post-comment", f"{output}{REFUSAL}\n"))
    assert [e.votes for e in f.errors if e.tool == ga.TOOL] == [True]
    assert not rule_verdict(f).decided


def test_the_words_a_task_printed_itself_under_turbo_still_decide_config() -> None:
    """The control under the same prefix: the package's own script (`api:comment: `) prints the refusal, no test."""
    f = extract_facts(
        framing.github_actions("npx turbo run comment", (DATA / "turbo2_script_api_refusal.txt").read_text())
    )
    assert [e.votes for e in f.errors if e.tool == ga.TOOL] == [True]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


def test_a_go_tests_own_report_lines_and_an_unended_block_are_not_its_printed_output() -> None:
    """go test's `t.Errorf` lines are indented under `=== RUN`: its report, still read; a block whose end never
    comes (a killed run) is nobody's."""
    lines = ["=== RUN   TestX", REFUSAL, "    x_test.go:9: dial tcp: connection refused", "--- FAIL: TestX (0.00s)"]
    assert printed_lines(View.of(lines).lines) == {2}
    assert printed_lines(View.of(lines[:3]).lines) == frozenset()


def test_gradles_standard_out_block_is_the_tests_printed_output_up_to_the_jvms_own_warning() -> None:
    """Gradle 4.4.1's `shop.CommentsTest > refusedCommentIsRetried STANDARD_OUT` over the refusal the test printed,
    indented by four (runnersections.GRADLE): that line, not the JVM's `WARNING:` lines after it, nor the `FAILED`
    event's report below."""
    lines = (DATA / "gradle441_api_refusal_in_test.txt").read_text().splitlines()
    printed = printed_lines(View.of(lines).lines)
    assert [lines[no - 1] for no in sorted(printed)] == [f"    {REFUSAL}"]


def test_a_passing_tests_logged_error_is_no_evidence_in_a_log_that_shows_no_step() -> None:
    """mocha's passing tests print the JSON SyntaxError their code handles above their `✔` lines (passingoutput), and
    the run says `2 passing`. Before: decided config 0.88 on the sample as stored (no step known to have failed); the
    record is still shown, and no longer votes."""
    f = extract_facts((DATA / "mocha12_logged_errors_passed.txt").read_bytes())
    assert [e.votes for e in f.errors if e.category is Category.CONFIG] == [False]
    assert not rule_verdict(f).decided


def test_the_same_error_below_the_runs_summary_still_decides_config() -> None:
    """The control: the SyntaxError's lines printed after `2 passing` (a script the job ran after the tests, as
    stored: no step shown) are no test's output; the record votes and decides config."""
    lines = (DATA / "mocha12_logged_errors_passed.txt").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("SyntaxError:"))
    end = next(i for i, line in enumerate(lines) if "falls back to no prices when the file is not JSON" in line)
    moved = [*lines[:start], *lines[end:], *lines[start:end]]
    f = extract_facts("\n".join(moved).encode())
    assert [e.votes for e in f.errors if e.category is Category.CONFIG] == [True]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason
