"""A test process that died of a signal its own code raised (a segfault, an abort), in its runner's words: pytest's
faulthandler dump (`Fatal Python error: Segmentation fault`, the current thread's stack) names the test that crashed,
read as that test's failure (as pytest-xdist's report of a crashed worker's test is); a crash outside any test (a
test module's import) names none."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

COMMAND = "python -m pytest -p no:cacheprovider tests"


@pytest.mark.parametrize(
    ("name", "test_id", "said"),
    [
        ("pytest9_segfault_in_test.txt", "tests/test_native.py::test_reads_native_buffer", "Segmentation fault"),
        ("pytest9_v_segfault_in_test.txt", "tests/test_native.py::test_reads_native_buffer", "Segmentation fault"),
        ("pytest9_abort_beside_thread.txt", "tests/test_stock.py::test_reserves", "Aborted"),
    ],
)
def test_a_test_that_crashed_the_run_is_its_failing_test(name: str, test_id: str, said: str) -> None:
    # before: nothing read (no report, no summary): the command's guess alone, undecided (0.29); now the test in
    # the crashing thread's stack (not the other thread's `_poll`), and the run's failure is that test's
    f = extract_facts(framing.travis(COMMAND, (DATA / name).read_text()))
    assert [(t.id, t.message) for t in f.failing_tests] == [(test_id, f"Fatal Python error: {said}")]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


def test_a_crash_importing_a_test_module_names_no_test_and_decides_nothing() -> None:
    # control: the stack's frame in the test file is its `<module>`, no test function: no failing test, undecided
    f = extract_facts(framing.travis(COMMAND, (DATA / "pytest9_segfault_collecting.txt").read_text()))
    assert not f.failing_tests
    assert not rule_verdict(f).decided


def test_under_an_installers_command_a_crashed_test_is_no_dependency_decision() -> None:
    f = extract_facts(
        framing.travis("pip install -r requirements.txt", (DATA / "pytest9_segfault_in_test.txt").read_text())
    )
    verdict = rule_verdict(f)
    assert not verdict.decided and Category.TEST in verdict.scores, verdict.reason
