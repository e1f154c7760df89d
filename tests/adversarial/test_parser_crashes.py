"""Crashes the mutated samples found (tests/adversarial/test_mutated_samples.py, bench/mutated_samples.py), one test
per class, each on a real sample (tests/facts/data/README.md) changed as the mutation that found it changed it: a log
cut, interleaved or corrupt keeps what its lines still say, and no parser trusts what they no longer hold."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from remediate.models import Facts
from tests.facts.samples import DATA


def _facts_of(tmp_path: Path, sample: str, old: str, new: str) -> Facts:
    text = (DATA / sample).read_text()
    assert old in text
    log = tmp_path / Path(sample).name
    log.write_text(text.replace(old, new))
    return extract_facts(log)


def test_a_line_that_needs_a_heading_above_it_reads_nothing_without_one(tmp_path: Path) -> None:
    # behave's `Assertion Failed:` is the reason of the scenario printed above it: a log cut (or interleaved) above
    # the scenario's line holds a reason of no scenario, which raised; the failing scenarios' listing still reads.
    facts = _facts_of(tmp_path, "behave_1_2_6.txt", "  Scenario: Adding an item      # features/cart.feature:3\n", "")
    assert [t.id for t in facts.failing_tests] == ["Adding an item", "Removing an item", "Checkout"]


def test_a_place_whose_number_is_optional_is_read_without_one(tmp_path: Path) -> None:
    # gtest's failure place `file:N: Failure`: the number is optional in its pattern (`unknown file: Failure`), and a
    # file with none (a flipped byte, a tool printing no line) was read as if it had one: int(None) raised.
    facts = _facts_of(tmp_path, "color/gtest_plain.txt", "calc_test.cpp:5: Failure", "calc_test.cpp: Failure")
    records = [e for e in facts.errors if e.file and e.file.endswith("calc_test.cpp")]
    assert records and records[0].line is None and "CalcTest.AddsTwoNumbers" in {t.id for t in facts.failing_tests}
