"""Test runners' failing-test reports in the forms CI printed them over the years (tests/facts/data,
see its README): each failing test's name and file, and the rules deciding the log is a test failure."""

from __future__ import annotations

import pytest

from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _decided_test(name: str) -> None:
    verdict = rule_verdict(facts(name))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


# ---------------------------------------------------------------------- pytest before 5.4

PYTEST_SECTIONS = [
    "tests/test_cart.py::test_total",
    "tests/test_cart.py::test_average_of_empty",
    "tests/test_cart.py::TestCart::test_average",
    "tests/test_cart.py::test_total_of[prices0-1.5]",
    "tests/test_cart.py::test_total_of[prices1-4]",
]


@pytest.mark.parametrize("name", ["pytest3_sections.txt", "pytest4_tb_short.txt", "color/pytest4_sections_color.txt"])
def test_pytest_failure_sections_name_the_failing_tests_without_a_short_summary(name: str) -> None:
    """pytest before 5.4 printed no `FAILED` summary by default: the `____ test ____` sections under
    `=== FAILURES ===` are the failing tests, the first location under each their file."""
    f = facts(name)
    tests = {t.id: t for t in f.failing_tests}
    assert list(tests) == ["test_saved_total", *PYTEST_SECTIONS]  # the setup error's traceback starts in its fixture
    assert {tests[i].file for i in PYTEST_SECTIONS} == {"tests/test_cart.py"}
    assert tests["tests/test_cart.py::test_average_of_empty"].message == "ZeroDivisionError: division by zero"
    assert tests["test_saved_total"].message == "OSError: no saved cart" and tests["test_saved_total"].file is None
    _decided_test(name)


def test_pytest_sections_add_nothing_to_a_short_summary() -> None:
    """Since 5.4 the short summary names the tests; the sections of the same run add none."""
    assert [t.id for t in facts("pytest_failures.txt").failing_tests] == [
        "tests/test_calc.py::test_add",
        "tests/test_calc.py::test_ratio_zero",
        "tests/test_calc.py::test_uses_broken",
    ]
