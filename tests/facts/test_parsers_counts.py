"""One rule for every tool's own failure count (handlers.failures_counted): a count of 0 is no
failure evidence, and a later suite's 0 does not erase an earlier suite's failures. Also the lists
a tool prints that fail nothing (PHPUnit's risky tests and warnings). All samples are real output
made here (tests/facts/data/README.md, "Counts and lists that fail nothing")."""

from __future__ import annotations

import pytest

from remediate.facts.parsers import cxxtest, jvm_ant, mypy, nodetest, php, ruby, ruff, unittest
from remediate.facts.parsers.base import Findings, Parser
from remediate.models import Category
from tests.facts.samples import DATA, facts
from tests.facts.test_excerpt_blocks import view_of


def _parse(parser: Parser, sample: str) -> tuple[Findings, list[tuple[int, str]]]:
    view = view_of((DATA / sample).read_text())
    return parser.parse(view), [(line.no, line.text) for line in view.lines]


@pytest.mark.parametrize(
    ("parser", "sample", "count_line", "failed"),
    [
        (nodetest.PARSER, "node_test_pass.txt", "\u2139 fail ", 0),
        (nodetest.PARSER, "node_test_spec_color.txt", "\u2139 fail ", 2),
        (cxxtest.CTEST, "ctest_pass.txt", "100% tests passed", 0),
        (cxxtest.CTEST, "ctest.txt", "33% tests passed", 4),
        (mypy.PYRIGHT, "pyright_pass.txt", "0 errors", 0),
        (mypy.PYRIGHT, "pyright.txt", "1 error,", 1),
        (unittest.PARSER, "unittest_unexpected_success.txt", "FAILED (", 1),
        (ruff.PARSER, "ruff_fix_all_fixed.txt", "Found ", 0),
        (ruff.PARSER, "ruff_fix_remaining.txt", "Found ", 1),
        (php.PHPUNIT, "phpunit_failure_and_risky.txt", "Tests: ", 1),
    ],
)
def test_a_count_is_failure_evidence_only_when_it_is_not_0(
    parser: Parser, sample: str, count_line: str, failed: int
) -> None:
    found, lines = _parse(parser, sample)
    (no,) = [no for no, text in lines if text.startswith(count_line)]
    assert found.seen and found.summaries[no] == failed
    assert (found.evidence.get(no, 0.0) >= 8.0) is (failed > 0)


def test_an_unexpected_success_fails_unittest_s_run() -> None:
    f = facts("unittest_unexpected_success.txt")
    assert [t.id for t in f.failing_tests] == ["test_calc.CalcTest.test_rounding_is_fixed"]
    assert f.category is Category.TEST
    passed = facts("unittest_expected_failure_ok.txt")
    assert not passed.failing_tests and not passed.errors


@pytest.mark.parametrize(
    ("parser", "sample", "test", "count_line"),
    [
        (jvm_ant.PARSER, "ant_rerun_passed.txt", "calc.CalcTest.addsOnAWarmCache", "    [junit] Tests run: "),
        (ruby.MINITEST, "minitest_per_file.txt", "CartTest#test_discount", "2 runs, "),
    ],
)
def test_a_later_suite_s_0_keeps_an_earlier_suite_s_failures(
    parser: Parser, sample: str, test: str, count_line: str
) -> None:
    found, lines = _parse(parser, sample)
    counts = [no for no, text in lines if text.startswith(count_line)]
    assert len(counts) >= 2  # one count per suite and per run (Ant), per file (minitest)
    assert test in [t.id for t in found.tests]
    failing = [no for no in counts if found.evidence.get(no, 0.0) >= 8.0]
    assert [found.summaries[no] for no in counts] == [1 if no in failing else 0 for no in counts]
    assert failing and all("Failures: 1" in lines[no - 1][1] or "1 errors" in lines[no - 1][1] for no in failing)


@pytest.mark.parametrize("sample", ["phpunit_risky_passed.txt", "phpunit_warnings_passed.txt"])
def test_phpunit_s_risky_tests_and_warnings_fail_nothing(sample: str) -> None:
    f = facts(sample)
    assert not f.failing_tests and not f.errors
    assert f.category_basis != "records"


def test_a_failure_beside_a_risky_test_is_the_only_failing_test() -> None:
    f = facts("phpunit_failure_and_risky.txt")
    assert [t.id for t in f.failing_tests] == ["FailTest::testTotal"]
    assert [(e.file, e.line) for e in f.errors] == [("tests/FailTest.php", 8)]
    assert f.category is Category.TEST


@pytest.mark.parametrize(
    "sample",
    [
        "jest_pass.txt",
        "unittest_expected_failure_ok.txt",
        "ruff_fix_all_fixed.txt",
        "phpunit_ok.txt",
        "phpunit_risky_passed.txt",
        "phpunit_warnings_passed.txt",
        "node_test_pass.txt",
        "ctest_pass.txt",
        "pyright_pass.txt",
        "minitest_pass.txt",
    ],
)
def test_a_run_that_passed_gives_no_record_and_no_failing_test(sample: str) -> None:
    f = facts(sample)
    assert not f.errors and not f.failing_tests


def test_minitest_reads_test_names_a_declaration_kept_punctuation_in() -> None:
    # Rails' `test "db:create works"` defines `test_db:create_works`; made here with define_method
    f = facts("minitest_declared_names.txt")
    assert [t.id for t in f.failing_tests] == [
        "RakeDbsTest#test_db:create_works_when_the_database_does_not_exist",
        "RakeDbsTest#test_db:migrate_(with_dump)",
    ]
    assert f.failing_tests[0].message == "RuntimeError: rails command failed (1): bin/rails db:create"
