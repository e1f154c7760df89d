"""The lead of a log no tool parser reads: a heading's list of failures (excerpt.lead.lead_list), the first reported
error's instance (excerpt.lead.lead_instance)."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from remediate.facts.excerpt.blocks import seed_block
from remediate.facts.excerpt.lead import headed_list
from remediate.facts.excerpt.telling import heads_report
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.parsers import modules_named
from remediate.facts.reader import clean_line
from remediate.facts.view import View
from tests.facts import framing

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


def _kept_occurrences(sample: str, command: str, budget: int, text: str) -> list[bool]:
    """Whether each of the log's lines reading `text` (stripped; in log order) is in the excerpt read without parsers:
    a report printed again (a chained exception's frames, a parametrised test's source) reads alike in each instance,
    so the line's number tells which one was kept."""
    log = framing.travis(command, (DATA / sample).read_text())
    facts = extract_facts(log, budget_tokens=budget, leave_out=modules_named("all"))
    numbers = [no for no, line in enumerate(log.decode().split("\n"), start=1) if line.strip() == text]
    return [any(r.start <= no <= r.end for r in facts.excerpt_lines) for no in numbers]


def test_the_first_reported_errors_instance_leads_when_the_later_reports_are_alike() -> None:
    # Real pytest 9.0 --tb=short output, read as a tool no parser knows: two tests, one server that closed the
    # connection, each instance a chain of three exceptions. The first error's line was seeded with the few lines
    # above it and the frames nearest the test's name; the budget went to the later reports' lines, alike but for
    # their place, and the frames in between, down to the first error, were left out. Its instance now leads (cut as
    # a long instance is), in the room the later reports' blocks leave.
    sample, command = "pytest_requests_remote_closed.txt", "python3 -m pytest --tb=short tests"
    first_error = "E   http.client.RemoteDisconnected: Remote end closed connection without response"
    assert _kept_occurrences(sample, command, 2000, first_error)[0]
    raised_at = "/root/.pyenv/versions/3.11.7/lib/python3.11/http/client.py:294: in _read_status"
    assert _kept_occurrences(sample, command, 2000, raised_at)[0]


def test_the_first_instance_takes_no_room_the_later_reports_blocks_need() -> None:
    # Real pytest 9.2 output of one parametrised test failing nine times, each report in its own words (`19.99 in
    # eu`, `5.55 in uk`): at 1,000 tokens the reports' blocks leave no room for the first instance whole, so the
    # first three reports keep their blocks down to their location (counted by their own lines alone, the later
    # reports kept only their `E` line, their location lost to the first instance's frames).
    kept = _kept_occurrences(
        "pytest9_parametrize_9_failed.txt", "python -m pytest", 1000, "tests/test_pricing.py:10: AssertionError"
    )
    assert kept[:3] == [True, True, True]
