"""Runs stopped by a cancel, a limit or a signal (tests/facts/data/README.md, "Runs stopped by a cancel, a limit or a
signal"): GitHub Actions' job-level stops around a test step's output they cut name the infrastructure and the rules
abstain, never deciding the test whose run was cut; a stop in a later step than a test's own failure leaves the decision
to that failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import RuleVerdict, route_by_rules, rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"
PYTEST = "python -m pytest -v -p no:cacheprovider tests"
FAILED = "tests/test_cart.py::test_total_adds_prices"


def _read(sample: str) -> str:
    return (DATA / sample).read_text()


def _stopped(verdict: RuleVerdict) -> str:
    named = [s.reason for s in verdict.signals if s.name == "pattern:stopped" and not s.discounted]
    assert named, verdict.reason
    return named[0]


def _abstains_on_infra(facts: Facts) -> RuleVerdict:
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert route_by_rules(facts) is None
    return verdict


# What GitHub's runner writes after a step's output when it stops the job or the step (tests/facts/data/README.md
# cites actions/runner's source for each), with the exit status the step then reports (0: none, the runner's own
# cancellation ends the step without `Process completed with exit code N.`)
SHUTDOWN = (
    "##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a "
    "manually started runner is canceled."
)
GITHUB_STOPS = [
    # the run cancelled (a user, a newer push with `concurrency: cancel-in-progress`)
    (["##[error]The operation was canceled."], 0, "The operation was canceled"),
    # the job's `timeout-minutes`, in two runner versions' words
    (
        [
            "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 10 "
            "minutes.",
            "##[error]The operation was canceled.",
        ],
        0,
        "has exceeded the maximum execution time",
    ),
    (
        ["##[error]The job has exceeded the maximum execution time of 10m0s", "##[error]The operation was canceled."],
        0,
        "has exceeded the maximum execution time",
    ),
    # the step's `timeout-minutes`: with the step's name and limit, and without (decided test 0.95 before)
    (["##[error]The action 'Run python -m pytest' has timed out after 5 minutes."], 0, "has timed out after 5"),
    (["##[error]The action has timed out."], 0, "The action has timed out"),
    # the runner shut down: its step's shell SIGTERMed (exit 143), or the step cancelled
    ([SHUTDOWN], 143, "received a shutdown signal"),
    ([SHUTDOWN, "##[error]The operation was canceled."], 0, "received a shutdown signal"),
    # a runner that stopped answering
    (
        [
            "##[error]The hosted runner: GitHub Actions 12 lost communication with the server. Anything in your "
            "workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access "
            "can cause this error."
        ],
        0,
        "lost communication with the server",
    ),
]


@pytest.mark.parametrize(("stop", "code", "words"), GITHUB_STOPS)
def test_a_github_job_stopped_while_its_tests_ran_is_not_decided_on_the_test_it_cut(
    stop: list[str], code: int, words: str
) -> None:
    # pytest -v had failed one test when the runner cancelled the step (SIGINT, then SIGTERM to its shell): the stop
    # ended the job, and the failing test is only what had run by then
    output = _read("pytest9_cut_by_cancel.txt") + "\n" + "\n".join(stop) + "\n"
    facts = extract_facts(framing.github_steps([(PYTEST, output, code)]))
    assert [t.id for t in facts.failing_tests] == [FAILED]
    assert words in _stopped(_abstains_on_infra(facts))


@pytest.mark.parametrize(("stop", "code", "words"), GITHUB_STOPS)
def test_a_github_stop_in_a_step_after_the_tests_failed_leaves_the_decision_to_them(
    stop: list[str], code: int, words: str
) -> None:
    # an `if: always()` step (a coverage upload) ran after the failing test step and was the one the stop ended:
    # the job had failed on its test already (3c704e7's ordering rule, for every stop the runner words)
    failed = ("python -m pytest -p no:cacheprovider tests", _read("pytest9_cart_failed.txt"), 1)
    later = ("bash upload.sh", "uploading coverage\n" + "\n".join(stop) + "\n", code)
    verdict = rule_verdict(extract_facts(framing.github_steps([failed, later])))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason
