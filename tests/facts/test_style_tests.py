"""A linter run by the project's own test (pycodestyle's documented style test, `Found code style errors (and
warnings).`; lintr's expect_lint_free, `Not lint free`): the linter's findings fail that test, so the failure is lint; beside a test failing on its own
assertion, two failures (abstain). nose 1 names a test with a docstring by its first line; its traceback names
the test. Real output: tests/facts/data/README.md, "Style tests"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("nose137_py27_style_test.txt", "nosetests -v"),
        ("pytest46_style_test.txt", "pytest tests"),
        ("testthat316_lintr_test_local.txt", "Rscript -e 'testthat::test_local()'"),
    ],
)
def test_a_style_test_failing_on_the_linters_findings_decides_lint(sample: str, command: str) -> None:
    """Before: lint 0.88 under pytest and testthat; nose's described failure was no failing test, and its summary beside the
    findings made the rules unsure (abstained)."""
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert len(framed.failing_tests) == 1
    assert len([e for e in framed.errors if e.category is Category.LINT]) >= 3
    verdict = rule_verdict(framed)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert "every failing test's own report says a linter run by a test" in verdict.reason


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("nose137_py27_style_beside_failing_test.txt", "nosetests -v"),
        ("unittest36_style_beside_failing_test.txt", "python -m unittest discover -v"),
        # before: lint 0.88 (the lints named the cause more precisely than the failing tests)
        ("testthat316_lintr_beside_failing_test.txt", "Rscript -e 'testthat::test_local()'"),
    ],
)
def test_a_style_test_beside_a_failing_assertion_is_two_failures(sample: str, command: str) -> None:
    framed = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    assert len(framed.failing_tests) == 2
    verdict = rule_verdict(framed)
    assert not verdict.decided, verdict.reason


def test_nose_names_a_described_failure_by_its_tests_frame() -> None:
    """`FAIL: Total adds up the items' prices.`: the first frame is nose's own runTest, the test's is next."""
    found = facts("nose137_py27_described_failure.txt")
    [test] = found.failing_tests
    assert (test.id, test.file, test.message) == ("test_total_adds_prices", "tests/test_total.py", "AssertionError")
    verdict = rule_verdict(
        extract_facts(framing.travis("nosetests -v", (DATA / "nose137_py27_described_failure.txt").read_text()))
    )
    assert verdict.category is Category.TEST and verdict.decided


def test_noses_loader_failure_is_no_described_test() -> None:
    """`ERROR: Failure: ImportError (No module named cartbase)` is nose's loader, not a test of the project's."""
    assert not facts("nose137_py27_import_error.txt").failing_tests


@pytest.mark.parametrize("left_out", [frozenset[str](), frozenset({"unittest"})])
def test_noses_stand_in_on_python_3_is_no_test_and_its_import_error_is_the_record(left_out: frozenset[str]) -> None:
    """nose 1.3.7 on Python 3.9: `Failure: ModuleNotFoundError (No module named 'shop.tariff') ... ERROR` and its
    `ERROR: Failure: ...` header stand for a test module that did not import, as unittest's `_FailedTest` does: no
    test failed (`FAILED (errors=1)` counts the stand-in), and the traceback's ModuleNotFoundError is the record."""
    log = framing.travis("nosetests -v tests", (DATA / "nose137_py39_module_missing.txt").read_text())
    f = extract_facts(log, leave_out=left_out)
    assert not f.failing_tests
    assert [e.message for e in f.errors if e.votes] == ["ModuleNotFoundError: No module named 'shop.tariff'"]
    assert not rule_verdict(f).decided  # the own package `shop`'s module, with no source to say more: undecided


def test_a_test_asserting_other_words_is_no_style_test() -> None:
    """The same style test's findings with an assertion of its own words: the message names no linter."""
    text = (DATA / "nose137_py27_style_test.txt").read_text().replace("Found code style errors", "Found 4 problems")
    verdict = rule_verdict(extract_facts(framing.travis("nosetests -v", text)))
    assert "a linter run by a test" not in verdict.reason
