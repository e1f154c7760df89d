"""A command before the failing one whose status the log does not show (a GitLab job page as its page shows it: the
colours that mark each command's status gone; triage/failing.FailingView.unshown) may have passed or failed: what it
printed may name the candidate the failing command's own lines lead with, never be the evidence that decides it
(Signal.unshown, confidence.evidence_of). Real samples (tests/facts/data/README.md) framed on the job page."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import ciframing
from tests.facts.samples import DATA

# `pytest || true`: two failing tests of its own run (a KeyError for an unset variable)
PYTEST = ("pytest tests || true", (DATA / "pytest_environment_variable_unset.txt").read_text())


def test_an_unshown_command_s_failing_tests_do_not_decide_a_test_command_that_shows_nothing() -> None:
    # `npm test` printed a bare file name (npm run -s's prettier -l output): only its command says test
    failing = ("npm test", (DATA / "npm11_s_format_check_prettier3_l.txt").read_text())
    verdict = rule_verdict(extract_facts(ciframing.gitlab_page([PYTEST, failing])))
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert "whose status the log does not show" in verdict.reason, verdict.reason


def test_an_unshown_command_s_failing_tests_do_not_decide_a_run_no_parser_reads() -> None:
    # the samples proxy's cisteps case: `node --test ... || true`'s failing test file before `mix test`, which failed
    # on a dependency's version (mix14_dep_version_mismatch.txt) read with its parsers left out: it decided test
    earlier = (
        "node --require ts-node/register --test test/cart.spec.ts || true",
        "node20_test_tsnode_own_module_missing.txt",
    )
    failing = ("MIX_ENV=test mix test", "mix14_dep_version_mismatch.txt")
    plain = ciframing.gitlab_page([(failing[0], (DATA / failing[1]).read_text())])
    log = ciframing.gitlab_page([(command, (DATA / sample).read_text()) for command, sample in (earlier, failing)])
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(plain)))
    assert not verdict.decided, verdict.reason


def test_the_failing_command_s_own_tests_still_decide_beside_an_unshown_command() -> None:
    # mocha's own `2 failing` (its parser left out) beside the unshown pytest run's configuration error
    earlier = ("python -m pytest --strict-config tests || true", (DATA / "pytest9_ini_unexpected_line.txt").read_text())
    failing = ("./node_modules/.bin/mocha", (DATA / "mocha3_spec.txt").read_text())
    plain = ciframing.gitlab_page([failing])
    verdict = rule_verdict(extract_facts(ciframing.gitlab_page([earlier, failing]), leave_out=modules_reading(plain)))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
