"""The failure patterns do not read a passing test's own output (triage/failing.py, without_passed_output): a
unittest run whose code under test logs the JSON decode error it handles above each test's `ok` names no config
file that does not parse. Real run of python3 -m unittest -v (tests/facts/data/README.md)."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from remediate.triage.failing import failing_view
from remediate.triage.patterns import content_signals
from tests.facts.samples import DATA

SAMPLE = "unittest311_logged_config_errors_passed.txt"


def _rules(facts: Facts) -> list[str]:
    return [s.rule for s in content_signals(failing_view(facts))]


def test_a_passing_tests_logged_parse_error_names_no_config_file() -> None:
    """As stored (no step known to have failed): before, `config-parse` joined the two tracebacks into
    "missing.json does not parse (Expecting value)" and decided config 0.94; a passing test's lines are no
    pattern's."""
    facts = extract_facts((DATA / SAMPLE).read_bytes())
    assert "config-parse" not in _rules(facts)
    assert not rule_verdict(facts).decided


def test_the_same_parse_error_below_the_runs_summary_still_names_one() -> None:
    """The control: the JSONDecodeError's traceback printed after `OK` (a script the job ran after the tests) is
    no test's output; the pattern reads it and the run is decided config."""
    lines = (DATA / SAMPLE).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Traceback"))
    end = next(i for i, line in enumerate(lines) if line == "ok")
    facts = extract_facts("\n".join([*lines[:start], *lines[end:], *lines[start:end]]).encode())
    assert "config-parse" in _rules(facts)
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason
