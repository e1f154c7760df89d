"""Properties over hostile logs made from the real samples (tests/adversarial/mutations.py: cut, duplicated, shuffled,
bit-flipped, with controls, lone surrogates, CR line ends, a 1 MB line, deep JSON, numbers out of range, JSON and XML
fields of the wrong type): every registered parser reads them without raising and returns records that validate;
extract_facts and the rules' triage never raise, their facts validate (and survive JSON), and every excerpt range and
record's log line lies inside the log. Deterministic: fixed seeds, a bounded example count.
bench/mutated_samples.py runs every sample through every mutation for many more seeds."""

from __future__ import annotations

import itertools
import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remediate.facts import extract_facts
from remediate.facts.extract import parsers_view
from remediate.facts.parsers import Findings, all_parsers
from remediate.models import ErrorRecord, Facts, FailingTest
from remediate.triage import route_by_rules, rule_verdict
from tests.adversarial.mutations import MUTATIONS, mutated
from tests.facts.samples import DATA

SAMPLES_PER_MUTATION = 24  # samples in the one log each mutation's parser test reads (every parser over it)
FACTS_EXAMPLES = 120


@cache
def samples() -> tuple[Path, ...]:
    return tuple(sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"))


def _mutated_log(name: str) -> bytes:
    """One log of a fixed choice of samples, a different one for each mutation, each mutated: samples the mutation
    changes (a JSON report for the JSON fields' mutation, an XML one for its attributes')."""
    shuffled = random.Random(name).sample(samples(), len(samples()))
    chosen = (m for seed, path in enumerate(shuffled) if (m := mutated(raw := path.read_bytes(), name, seed)) != raw)
    return b"\n".join(itertools.islice(chosen, SAMPLES_PER_MUTATION))


def _valid(found: Findings, last_line: int) -> None:
    for error in found.errors:
        ErrorRecord.model_validate(error.model_dump())
        assert error.log_line is None or 1 <= error.log_line <= last_line, error
    for test in found.tests:
        FailingTest.model_validate(test.model_dump())
    assert all(1 <= no <= last_line for no in found.evidence), sorted(found.evidence)[-3:]


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_every_parser_reads_mutated_samples(name: str) -> None:
    log = _mutated_log(name)
    view = parsers_view(log)
    assert view is not None
    last_line = log.count(b"\n") + 1
    for parser in all_parsers():
        _valid(parser.parse(view), last_line)


@settings(
    max_examples=FACTS_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sample=st.sampled_from(samples()), name=st.sampled_from(sorted(MUTATIONS)), seed=st.integers(0, 2**16))
def test_facts_and_triage_of_a_mutated_sample(sample: Path, name: str, seed: int) -> None:
    raw = mutated(sample.read_bytes(), name, seed)
    facts = extract_facts(raw, deadline_s=None)
    assert Facts.model_validate_json(facts.model_dump_json()) == facts
    lines = facts.log_lines
    assert all(1 <= r.start <= r.end <= lines for r in facts.excerpt_lines), (facts.excerpt_lines, lines)
    assert all(e.log_line is None or 1 <= e.log_line <= lines for e in facts.errors)
    rule_verdict(facts)
    route_by_rules(facts)
