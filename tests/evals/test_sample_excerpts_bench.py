"""bench/sample_excerpts.py: which lines of a framed real sample the excerpt should keep, and the table."""

from __future__ import annotations

from pathlib import Path

from bench.sample_excerpts import FRAMINGS, PASSING, Result, kept, measure, misses, table, wanted_lines

from remediate.facts import extract_facts
from remediate.models import Facts, LineRange

DATA = Path(__file__).parents[1] / "facts" / "data"


def test_the_wanted_lines_are_the_first_records_and_the_failing_summaries() -> None:
    # pytest's records are its frames' locations (`.../connection.py:73: ConnectionRefusedError`)
    log = FRAMINGS["travis"]((DATA / "pytest_requests_refused.txt").read_text())
    wanted = wanted_lines(extract_facts(log, budget_tokens=4000))
    rows = [log.decode().split("\n")[n - 1] for n in wanted]
    assert [r.rsplit(": ", 1)[-1] for r in rows[:3]] == [
        "ConnectionRefusedError",
        "NewConnectionError",
        "MaxRetryError",
    ]
    assert rows[3:] == ["1 failed in 0.15s"]


def test_kept_counts_the_wanted_lines_inside_the_excerpts_ranges() -> None:
    facts = Facts(excerpt_lines=[LineRange(start=3, end=5), LineRange(start=9, end=9)])
    assert kept(facts, [4, 7, 9]) == (2 / 3, True)
    assert kept(facts, [2, 5]) == (0.5, False)


def test_a_sample_without_a_failure_is_left_out_and_a_failing_one_is_measured() -> None:
    assert measure((PASSING, "travis", (600,))) is None
    result = measure(("pytest_requests_refused.txt", "passing-after", (2000,)))
    assert result is not None and result.kept["full", 2000] == (1.0, True)
    assert set(result.kept) == {("full", 2000), ("none", 2000)}


def test_the_table_averages_each_framing_and_misses_name_the_samples() -> None:
    results = [
        Result("a.txt", "travis", [3], {("full", 600): (1.0, True), ("none", 600): (0.5, False)}),
        Result("b.txt", "travis", [4], {("full", 600): (0.5, True), ("none", 600): (1.0, True)}),
    ]
    rows = table(results, ["travis", "github-actions"], (600,))
    assert rows[-1] == "| travis | 2 | 0.750 / 1.000 | 0.750 / 0.500 |"
    assert len(rows) == 3  # no row for a framing without results
    assert misses(results, 600) == ["  a.txt (travis, 1 wanted): none 0.50", "  b.txt (travis, 1 wanted): full 0.50"]
