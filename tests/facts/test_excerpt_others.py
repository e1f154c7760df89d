"""A repeated error's other instances in the report its first instance opens (excerpt.others)."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from remediate.facts.excerpt.others import _others
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _two_runs() -> str:
    return (DATA / "pytest9_two_runs_same_error.txt").read_text()


def test_the_first_reports_other_instances_of_a_repeated_error_are_shown_before_a_later_runs() -> None:
    # One AttributeError fails 3 tests in the first pytest run, then 12 in the second, nearer the job's failure:
    # its first instance was shown whole and the second run's headings outscored the first run's other two
    # (at 600 tokens: test_label_of_one_item alone). Each other instance of the first report gets its heading.
    log = framing.travis("bash run.sh", _two_runs())
    rows = log.decode().split("\n")
    first_run = [n for n, row in enumerate(rows, start=1) if row.startswith("____") and "test_label_of" in row]
    assert len(first_run) == 3
    shown = {n for r in extract_facts(log, budget_tokens=600).excerpt_lines for n in range(r.start, r.end + 1)}
    assert set(first_run) <= shown


def test_other_instances_end_at_their_reports_summary() -> None:
    # The first run's two other tests, each whole (8 lines: its heading, two frames with their source and caret
    # lines, the error), and none of the second run's, below the first run's `3 failed, 1 passed` summary.
    view = View.of(_two_runs().splitlines())
    texts = [line.text for line in view.lines]
    error = texts.index("E   AttributeError: 'int' object has no attribute 'rjust'") + 1
    others = _others(Tasks(view, {}, {}), error)
    assert [texts[block[0] - 1].strip("_ ") for block in others] == [
        "test_label_of_empty_cart",
        "test_label_of_two_items",
    ]
    assert [len(block) for block in others] == [8, 8]


def test_a_report_whose_error_no_later_report_repeats_has_no_others_shown() -> None:
    # The control: the first run's output alone (the script's first command). Its other two failures are the
    # seeds' and the window's to show; heading them first took the room of another failure in one run's report.
    first_run = _two_runs().split("Running tests/api")[0]
    view = View.of(first_run.splitlines())
    texts = [line.text for line in view.lines]
    error = texts.index("E   AttributeError: 'int' object has no attribute 'rjust'") + 1
    assert _others(Tasks(view, {}, {}), error) == []
