"""Time limits and kills, in real output (tests/facts/data/README.md, "Memory limits, time limits and kills beside a
test's failure"), inside a failing CI step: a kill or a stop that ended a later step than a genuine test failure
leaves the decision to that failure (the category follows the first failure), one that ended the failing step itself
makes the rules abstain; a test's own time limit stays that test's failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import RuleVerdict, rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis, framing.jenkins]


def _read(sample: str) -> str:
    return (DATA / sample).read_text()


def _plain_and_framed(command: str, sample: str, code: int) -> list[bytes]:
    return [(DATA / sample).read_bytes(), *(frame(command, _read(sample), code) for frame in FRAMES)]


def _named(verdict: RuleVerdict, rule: str) -> str:
    named = [s.reason for s in verdict.signals if s.name == rule and not s.discounted]
    assert named, verdict.reason
    return named[0]


# A later step than the test run that failed first, each (command, output, exit status), as the CI ran it after the
# failure: killed by SIGKILL (bash's `Killed`), cancelled at the job's time limit (the runner's own
# `##[error]The operation was canceled.`, no exit status)
LATER_STEPS = [
    ("bash oom.sh", "bash_killed_sigkill.txt", 137),
]


@pytest.mark.parametrize(("command", "sample", "code"), LATER_STEPS)
def test_a_stop_that_ended_a_later_step_leaves_the_decision_to_the_first_failure(
    command: str, sample: str, code: int
) -> None:
    failed = ("python -m pytest -p no:cacheprovider tests", _read("pytest9_cart_failed.txt"), 1)
    jobs = [
        framing.github_steps([failed, (command, _read(sample), code)]),  # an `if: always()` step
        framing.travis_commands([failed, (command, _read(sample), code)]),  # Travis runs every script command
    ]
    for data in jobs:
        facts = extract_facts(data)
        verdict = rule_verdict(facts)
        assert verdict.category is Category.TEST and verdict.decided, verdict.reason
        assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason
    # the same stop in the step that ran first is the first failure: the rules abstain, naming it
    first = framing.github_steps([(command, _read(sample), code), failed])
    verdict = rule_verdict(extract_facts(first))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


def test_a_job_cancelled_at_its_time_limit_after_the_tests_failed_decides_test() -> None:
    failed = ("python -m pytest -p no:cacheprovider tests", _read("pytest9_cart_failed.txt"), 1)
    later = ("bash upload.sh", "uploading coverage\n##[error]The operation was canceled.", 0)
    verdict = rule_verdict(extract_facts(framing.github_steps([failed, later])))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    # cancelled while the test step itself ran: the cancellation ended that step, and the rules abstain
    cancelled = _read("pytest9_failed_then_killed.txt") + "##[error]The operation was canceled.\n"
    verdict = rule_verdict(extract_facts(framing.github_steps([(failed[0], cancelled, 0)])))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_test_run_killed_after_one_test_failed_is_not_decided_on_that_test(frame: Callable[..., bytes]) -> None:
    # one step: pytest -v failed a test, then its process was SIGKILLed on the next one (what ended the step)
    facts = extract_facts(frame("python -m pytest -v tests", _read("pytest9_failed_then_killed.txt"), 137))
    assert [t.id for t in facts.failing_tests] == ["tests/test_cart.py::test_total_adds_prices"]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_cargo_test_run_stopped_by_timeout_after_a_failure_abstains(frame: Callable[..., bytes]) -> None:
    # libtest's `has been running for over 60 seconds` is a warning; `timeout 75` ended the run (exit 124)
    data = frame("timeout 75 cargo test --offline", _read("cargo195_test_over_60s_timeout.txt"), 124)
    verdict = rule_verdict(extract_facts(data))
    assert not verdict.decided, verdict.reason
    assert "time limit" in _named(verdict, "pattern:timeout-exit")


@pytest.mark.parametrize("frame", FRAMES)
def test_ctest_s_per_test_timeout_is_that_test_s_failure(frame: Callable[..., bytes]) -> None:
    # `set_tests_properties(... TIMEOUT 2)` is the test's own limit, as Jest's and pytest-timeout's per-test limits
    # (tests/facts/test_timeouts.py): the test hangs, and the fixer looks at the test or the code it waits on
    facts = extract_facts(frame("ctest --output-on-failure", _read("ctest325_timeout.txt"), 8))
    assert [t.id for t in facts.failing_tests] == ["stock_test"], facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
