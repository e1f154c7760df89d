"""The failure patterns do not read a passing test's own output (triage/failing.py, without_passed_output): a
unittest run whose code under test logs the JSON decode error it handles above each test's `ok` names no config
file that does not parse, nor, beneath a failing test, the unset variable it handles. Real runs of python3 -m unittest -v
(tests/facts/data/README.md)."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from remediate.triage.failing import failing_view
from remediate.triage.patterns import content_signals
from tests.facts import framing
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


# A passing test's handled `KeyError: 'PAYMENT_TOKEN'` (os.environ's, logged above its `ok`) beside another test's
# failed assertion: real python3.11 -m unittest -v, read with unittest's parser left out (a runner no parser reads)
UNSET = "unittest311_logged_unset_variable_passed_beside_failure.txt"


def _left_out(text: str) -> Facts:
    log = framing.github_actions("python -m unittest -v", text)
    return extract_facts(log, leave_out=modules_reading(log))


def test_a_passing_tests_logged_unset_variable_is_no_cause_beneath_the_failing_test() -> None:
    """Before, the excerpt's lines beneath the failing tests (shown_causes) named "a required environment variable is
    unset (PAYMENT_TOKEN)" and the run was not decided ("the log names another cause (config)"); they are now read
    without a passing test's output (FailingView.read_lines), as the failure patterns are: the assertion decides."""
    facts = _left_out((DATA / UNSET).read_text())
    assert not failing_view(facts).shown_causes
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


def test_the_same_unset_variable_below_the_runs_summary_is_still_a_cause() -> None:
    # the control: the traceback printed after `FAILED (failures=1)` is no passing test's output
    lines = (DATA / UNSET).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Traceback"))
    end = next(i for i, line in enumerate(lines) if line == "ok")
    facts = _left_out("\n".join([*lines[:start], *lines[end:], *lines[start:end]]))
    assert {c[0] for c in failing_view(facts).shown_causes} == {"config-settings"}
    assert not rule_verdict(facts).decided
