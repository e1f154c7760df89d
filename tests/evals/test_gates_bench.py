"""bench/gates.py: which parser modules a log opens, what they find there, and which gates are wide."""

from __future__ import annotations

from pathlib import Path

from bench.gates import GateCounts, count_log, report

DATA = Path(__file__).parents[1] / "facts" / "data"


def test_a_log_opens_the_modules_its_literals_name_and_the_reader_of_its_tool_finds_it() -> None:
    counts = GateCounts()
    count_log(counts, DATA / "pytest_requests_refused.txt")
    assert "pytest" in counts.found and counts.due["pytest"] == 1
    assert "mix" not in counts.due  # an Elixir reader's gate stays shut on a pytest run
    assert counts.due_per_log == [sum(counts.due.values())]
    assert set(counts.seconds) == set(counts.due)


def test_a_gate_is_wide_when_it_opens_on_many_logs_and_its_parsers_rarely_find_anything() -> None:
    counts = GateCounts()
    for n in range(10):
        counts.add(frozenset({"everywhere", "useful", "rare"} if n < 2 else {"everywhere", "useful"}), {"useful"}, {})
    assert counts.wide(0.25, 0.10) == ["everywhere"]  # "rare" opens on 2 of 10 logs: not wide
    counts.add(frozenset({"everywhere"}), {"everywhere"}, {})
    assert counts.wide(0.25, 0.10) == ["everywhere"]  # 1 of 11: still below a tenth
    counts.add(frozenset({"everywhere"}), {"everywhere"}, {})
    assert counts.wide(0.25, 0.10) == []  # 2 of 12
    text = report(counts, 0.25, 0.10)
    assert "mean 2.00" in text and "| everywhere | 12 | 2 |" in text and text.endswith("none")
