"""A heading's list of failures as the lead of a log no tool parser reads (excerpt.lead.lead_list)."""

from __future__ import annotations

from pathlib import Path

from remediate.facts.excerpt.blocks import seed_block
from remediate.facts.excerpt.lead import headed_list
from remediate.facts.excerpt.telling import heads_report
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.reader import clean_line
from remediate.facts.view import View

DATA = Path(__file__).parent / "data"


def _lines(sample: str) -> Tasks:
    text = (DATA / sample).read_text()
    return Tasks(View.of([clean_line(line.encode()) for line in text.splitlines()]), {}, {})


def test_a_heading_over_numbered_records_heads_them_down_to_what_counts_failures() -> None:
    # PHPUnit's records sit under `There was 1 error:` unindented, a blank line inside each: the heading's block
    # ended inside the first record, and a run per test folder (composer's) left the rest of the list to the later
    # runs' summaries. The list runs through its records to the next line that counts failures (here the next
    # list's heading, `There was 1 failure:`; else the run's `Tests: 3, ...`).
    lines = _lines("phpunit.txt")
    heading = next(line.no for line in lines.view.lines if line.text == "There was 1 error:")
    assert heads_report(lines.text(heading))
    listed = headed_list(lines, heading, len(lines.view.lines))
    texts = [lines.text(no) for no in listed]
    assert texts[0] == "There was 1 error:" and texts[-1] == "There was 1 failure:"
    assert "/tmp/facts-work/gen/php/tests/CalcTest.php:7" in texts  # the record's last line
    assert listed[-1] > seed_block(lines, heading, {})[-1]
