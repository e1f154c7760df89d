"""Test runners whose rows open with their status (real output: tests/facts/data/README.md, "Round 52, lane breadth"):
DejaGnu's `FAIL: name` rows inside its `=== tool tests ===` ... `=== tool Summary ===` frame, lit's `FAIL: Suite :: name
(n of m)` rows, its failed tests' blocks, lists and counts. A `FAIL: ` line outside such a frame is no test of theirs."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import load, parser_view
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts.samples import DATA, facts


def _tests_of(f: Facts, tool: str) -> list[str]:
    return [t.id for t in f.failing_tests] if tool in f.tools else []


@pytest.mark.parametrize(
    ("name", "tool", "failing", "counted"),
    [
        (
            "dejagnu163_make_check_failed.txt",
            "dejagnu",
            ["calc.arith/add.c -O2  execution test", "calc.parse/float.c scan-assembler fexp"],
            3,  # the unresolved test's row is only in calc.sum; its count is on stdout
        ),
        (
            "dejagnu163_runtest_all.txt",
            "dejagnu",
            [
                "calc.arith/add.c -O2  execution test",
                "calc.parse/float.c scan-assembler fexp",
                "calc.parse/hex.c compilation failed to produce executable",
            ],
            3,
        ),
        ("lit23_sv_failed.txt", "lit", ["Calc :: parse/quote.test", "Calc :: arith/sub.test"], 2),
        ("lit23_ninja_check_failed.txt", "lit", ["Calc :: parse/quote.test", "Calc :: arith/sub.test"], 2),
        (
            "lit23_q_xpass.txt",
            "lit",
            ["Calc :: parse/quote.test", "Calc :: arith/sub.test", "Calc :: parse/fixed.test"],
            3,
        ),
    ],
)
def test_a_failed_row_is_a_failing_test_and_the_counts_close_the_run(
    name: str, tool: str, failing: list[str], counted: int
) -> None:
    f = facts(name)
    assert _tests_of(f, tool) == failing
    assert [s.failed for s in f.summaries if s.failed] == [counted]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TEST


@pytest.mark.parametrize("name", ["dejagnu163_runtest_passed.txt", "lit23_passed.txt"])
def test_a_passing_run_names_no_test_and_counts_none(name: str) -> None:
    f = facts(name)
    assert f.failing_tests == []
    assert [s.failed for s in f.summaries if s.failed] == []
    assert not rule_verdict(f).decided


def test_lit_s_block_says_what_failed_its_commands_own_error_first() -> None:
    said = {t.id: t.message or "" for t in facts("lit23_sv_failed.txt").failing_tests}
    assert said["Calc :: arith/sub.test"].endswith("sub.test:2:10: error: CHECK: expected string not found in input")
    assert said["Calc :: parse/quote.test"] == "error: command failed with exit status: 1"


def _read_by(name: str, text: str) -> list[str]:
    parser = load(f"testharness.{name}")
    return [t.id for t in parser.parse(parser_view(View.of(text.splitlines()))).tests]


def test_dejagnu_s_rows_without_its_summary_are_none() -> None:
    """A run cut before its summary (killed, or a log of another tool's `FAIL: ` lines): nothing closes the frame."""
    lines = (DATA / "dejagnu163_runtest_all.txt").read_text().splitlines()
    cut = "\n".join(lines[: next(i for i, line in enumerate(lines) if "Summary ===" in line)])
    assert _read_by("DEJAGNU", cut) == []
    assert not rule_verdict(extract_facts(cut.encode())).decided


def test_lit_s_rows_without_its_closing_are_none() -> None:
    """lit's rows, their counters and all, without its lists of failed tests and its counts below."""
    text = (DATA / "lit23_q_xpass.txt").read_text()
    rows = "\n".join(line for line in text.splitlines() if line.startswith(("FAIL: ", "XPASS: ")))
    assert rows.count(" of 7)") == 3
    assert _read_by("LIT", rows) == []


@pytest.mark.parametrize(
    "name",
    [
        "nose2_verbose.txt",  # unittest's `FAIL: test_x (mod.Class)`
        "bazel4_test_failed.txt",  # bazel's `FAIL: //pkg:test (see ...)`
        "gocheck_v.txt",
        "cmake_script_tests_failed.txt",
        "make_k_failing_test.txt",
    ],
)
def test_other_runners_fail_lines_are_not_theirs(name: str) -> None:
    text = (DATA / name).read_text()
    assert "\nFAIL: " in text
    assert _read_by("DEJAGNU", text) == [] and _read_by("LIT", text) == []
