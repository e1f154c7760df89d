"""A test's own wait for a condition given up at its time limit, in real runs (tests/facts/data/README.md, "Round 48,
lane precision"): Gomega's `Eventually` under Ginkgo 1 and under plain `go test`, @testing-library/dom's `waitFor` and
`findBy*` under Jest. A run whose every failing test failed so is named (tests-limit, as a test's own time limit) and
not decided: the condition may never have come because of the code or of a slow machine. Beside a test failing on its
own check, the run stays a test's failure (two causes: test, not decided, as beside a test's own time limit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import per_test_limit, wait_limit
from remediate.models import Category, Facts
from remediate.triage import fallback, route_by_rules, rule_verdict
from remediate.triage.beneath import TWO_CAUSES
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]


def _facts(frame: Callable[..., bytes], command: str, sample: str) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), 1))


# (sample, the command the CI ran, how many failing tests waited)
WAITS_ONLY = [
    ("ginkgo1_eventually_timeouts.txt", "go test ./...", 2),
    ("gotest119_gomega_eventually_timeouts.txt", "go test -v ./...", 2),
    ("jest29_testing_library_wait_timeouts.txt", "npx jest --ci", 4),
]


@pytest.mark.parametrize(("sample", "command", "waited"), WAITS_ONLY)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_run_whose_every_failing_test_waited_in_vain_is_named_not_decided(
    sample: str, command: str, waited: int, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    # each failing test's message holds its wait's words; Ginkgo's `--- FAIL: TestStock` (the suite's go test) none
    said = [t.message for t in facts.failing_tests if t.message]
    assert len(said) == waited and all(wait_limit(m) for m in said), facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its wait ended at its own time limit" in verdict.reason, verdict.reason
    assert route_by_rules(facts) is None
    # the tests specialist still runs (the code may never send what the test waits for)
    assert fallback(facts, verdict, "unsure").category is Category.TEST


# (sample, the command the CI ran, the test that failed at once)
WAITS_BESIDE = [
    ("ginkgo1_eventually_beside_failure.txt", "go test ./...", "Cart [It] adds prices"),
    ("jest29_testing_library_wait_beside_failure.txt", "npx jest --ci", "test/total.test.js › adds prices"),
]


@pytest.mark.parametrize(("sample", "command", "asserted"), WAITS_BESIDE)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_wait_beside_a_test_failing_on_its_own_check_leaves_the_run_a_test_s(
    sample: str, command: str, asserted: str, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    own = [t for t in facts.failing_tests if t.id == asserted]
    assert own and own[0].message and not wait_limit(own[0].message), facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert TWO_CAUSES in verdict.reason and "its wait ended at its own time limit" in verdict.reason, verdict.reason
    assert not any(s.category is Category.INFRA and not s.discounted for s in verdict.signals), verdict.reason


def test_ginkgo_s_failure_blocks_give_their_specs_messages() -> None:
    # the block's reason (v1: the paragraph below the spec's names; v2: `[FAILED] ...`) joins the summary's row of the
    # spec failing at the same place; a panic's place is the runtime's line both name
    facts = _facts(framing.github_actions, "go test ./...", "color/ginkgo1_plain.txt")
    messages = {t.id: t.message for t in facts.failing_tests}
    assert messages["Cart [It] applies the discount"] == "Expected\n<int>: 100\nto equal\n<int>: 90"
    assert messages["Cart with a broken coupon [It] panics politely"] == "Test Panicked\nassignment to entry in nil map"
    assert not messages["TestCart"]
    v2 = _facts(framing.github_actions, "go test ./...", "sample_ginkgo.txt")
    assert [t.message for t in v2.failing_tests if t.message] == ["[FAILED] Expected\n<int>: 100\nto equal\n<int>: 90"]


@pytest.mark.parametrize(
    ("said", "words"),
    [
        # Gomega's Eventually (Ginkgo 1's block, a plain test's report, Ginkgo 2's `[FAILED] ` reason)
        ("  Timed out after 1.001s.\n  Expected\n      <int>: 0", "Timed out after 1.001s."),
        (
            "[FAILED] Timed out after 0.500s.\nExpected\n<int>: 0\nto equal\n<int>: 3",
            "[FAILED] Timed out after 0.500s.",
        ),
        # testing-library's waitFor that never saw its callback succeed, and the frame under its callback's last error
        (
            "Timed out in waitFor. (at node_modules/@testing-library/dom/dist/wait-for.js:163:27)",
            "Timed out in waitFor.",
        ),
        ("at node_modules/@testing-library/dom/dist/wait-for.js:163:27", "/@testing-library/dom/dist/wait-for.js:163"),
        # Awaitility's (its own tests' expected message: not sampled here, Debian does not package it)
        (
            "org.awaitility.core.ConditionTimeoutException: Condition with lambda expression in "
            "org.awaitility.AwaitilityJava8Test was not fulfilled within 200 milliseconds.",
            "ConditionTimeoutException",
        ),
    ],
)
def test_the_words_of_a_wait_s_own_limit(said: str, words: str) -> None:
    assert wait_limit(said) == words
    assert not per_test_limit(said)  # a wait's limit, not the test's


@pytest.mark.parametrize(
    "said",
    [
        # Gomega's Consistently (the condition changed: the check failed), a matcher that failed at once, a program's
        # own wording, testing-library's synchronous query (no wait), a helper's own wait and Playwright's assertion
        # (read as the test's own check, as before)
        "Failed after 0.100s.\nExpected\n<int>: 1\nto equal\n<int>: 0",
        "Expected\n<int>: 6\nto equal\n<int>: 5",
        "client: Timed out after 30 seconds waiting for the server",
        "Unable to find an element with the text: In stock: 5.",
        "Caught exception in Test_quotestar(): WaitFor() timed out after 5000 msec @ function RunTheTest[40]",
        "Timed out 5000ms waiting for expect(locator).toBeVisible()",
    ],
)
def test_words_that_are_no_wait_s_own_limit(said: str) -> None:
    assert not wait_limit(said)
