"""A test's own wait for a condition given up at its time limit, in real runs (tests/facts/data/README.md, "Round 48,
lane precision", "Round 49, lane precision" and "Round 50, lane precision"): Gomega's `Eventually` under Ginkgo 1 and under plain `go test`,
@testing-library/dom's `waitFor` and `findBy*` under Jest, Playwright Test's assertions that retry until their timeout
(`toBeVisible`, `toHaveText`, `expect.poll`), browser automation's actions (Playwright's, Puppeteer's, Selenium's
WebDriverWait) and Vim's test helpers (WaitFor, WaitForAssert). A run whose every failing
test failed so is named (tests-limit, as a test's own time limit) and not decided: the condition may never have come
because of the code or of a slow machine. Beside a test failing on its own check the wait is one more failing test (an
assertion that retried), and the run decides test; a test's own time limit beside one stays two causes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning import joined_waits, per_test_limit, wait_limit
from remediate.models import Category, Facts
from remediate.triage import fallback, route_by_rules, rule_verdict
from remediate.triage.beneath import TWO_CAUSES
from tests.facts import ciframing, framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]


def _facts(frame: Callable[..., bytes], command: str, sample: str) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), 1))


# (sample, the command the CI ran, how many failing tests waited)
WAITS_ONLY = [
    ("ginkgo1_eventually_timeouts.txt", "go test ./...", 2),
    ("gotest119_gomega_eventually_timeouts.txt", "go test -v ./...", 2),
    ("jest29_testing_library_wait_timeouts.txt", "npx jest --ci", 4),
    ("playwright149_expect_timeout.txt", "npx playwright test", 1),
    ("playwright149_expect_waits.txt", "npx playwright test", 3),
    ("playwright165_expect_waits.txt", "npx playwright test", 3),
    ("vim90_wait_timeouts.txt", "make test", 2),
    # browser automation's actions that waited for an element or a page: Playwright's, Puppeteer's under Jest
    ("playwright149_action_timeouts.txt", "npx playwright test", 3),
    ("playwright165_action_timeouts.txt", "npx playwright test", 3),
    ("jest29_puppeteer24_waits.txt", "npx jest --ci", 3),
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
    ("playwright165_expect_wait_beside_failure.txt", "npx playwright test", "adds prices"),
    ("playwright165_action_timeout_beside_failure.txt", "npx playwright test tests/total.spec.js", "adds prices"),
    ("vim90_wait_beside_failure.txt", "make test", "Test_adds_up"),
]


@pytest.mark.parametrize(("sample", "command", "asserted"), WAITS_BESIDE)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_wait_beside_a_test_failing_on_its_own_check_is_one_of_the_failing_tests(
    sample: str, command: str, asserted: str, frame: Callable[..., bytes]
) -> None:
    # a wait that gave up is an assertion that retried (reports.waited): beside a value that is simply wrong it is no
    # second cause (a test's own time limit would be: beneath.two_causes), the run is the tests' and decides test
    facts = _facts(frame, command, sample)
    own = [t for t in facts.failing_tests if t.id == asserted]
    assert own and own[0].message and not wait_limit(own[0].message), facts.failing_tests
    assert any(t.message and wait_limit(t.message) for t in facts.failing_tests), facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert TWO_CAUSES not in verdict.reason, verdict.reason


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
        # Playwright's assertions that retried until their timeout: before 1.53 on their first line, after it as the
        # parser's message carries its `Timeout:` line, and expect.poll's and toPass's call log
        (
            "Error: Timed out 5000ms waiting for expect(locator).toHaveText(expected)",
            "Timed out 5000ms waiting for expect(locator).toHaveText(expected)",
        ),
        (
            "Error: expect(locator).not.toBeVisible() failed (Timeout: 5000ms)",
            "expect(locator).not.toBeVisible() failed (Timeout: 5000ms)",
        ),
        (
            "Error: expect(received).toBe(expected) // Object.is equality (Timeout 5000ms exceeded while waiting on "
            "the predicate)",
            "Timeout 5000ms exceeded while waiting on the predicate",
        ),
        # Cypress's retried command (its documented words: not sampled here, its binary does not install offline)
        (
            "AssertionError: Timed out retrying after 4000ms: Expected to find element: `#checkout`, but never found it.",
            "Timed out retrying after 4000ms",
        ),
        # Vim's test helpers: WaitFor's exception, and WaitForAssert's assertion under its frame (a line as the
        # harness prints it, and the parser's message)
        (
            "Caught exception in Test_quotestar(): WaitFor() timed out after 5000 msec @ function RunTheTest[40]",
            "WaitFor() timed out after 5000 msec",
        ),
        (
            "command line..script /src/testdir/runtest.vim[569]..function RunTheTest[52]..Test_job_stops[4]..WaitForAssert"
            "[2]..<SNR>5_WaitForCommon[11]..<lambda>1 line 1: Expected 'dead' but got 'run'",
            "WaitForAssert[2]",
        ),
        ("WaitForAssert[2]..WaitForCommon[11]..<lambda>1 line 1: Expected 1 but got 0", "WaitForAssert[2]"),
        # browser automation's actions: Playwright's, Puppeteer's (22+: the selector's line over its cause; 21: one
        # line; before 14: lowercase, its documented words), Selenium's WebDriverWait in Python and in Java
        ("TimeoutError: page.goto: Timeout 3000ms exceeded.", "page.goto: Timeout 3000ms exceeded."),
        ("TimeoutError: Waiting for selector `#receipt` failed", "Waiting for selector `#receipt` failed"),
        (
            "TimeoutError: Waiting for selector `.cart` failed: Waiting failed: 3000ms exceeded",
            "Waiting for selector `.cart` failed",
        ),
        (
            "TimeoutError: waiting for selector `.cart` failed: timeout 30000ms exceeded",
            "waiting for selector `.cart` failed",
        ),
        ("TimeoutError: Timed out after waiting 3000ms (cause: Locator.click)", "Timed out after waiting 3000ms"),
        ("TimeoutError: Navigation timeout of 3000 ms exceeded", "Navigation timeout of 3000 ms exceeded"),
        (
            "E       selenium.common.exceptions.TimeoutException: Message: ",
            "selenium.common.exceptions.TimeoutException",
        ),
        (
            "org.openqa.selenium.TimeoutException: Expected condition failed: waiting for presence of element located "
            "by: By.id: receipt (tried for 3 second(s) with 500 milliseconds interval)",
            "org.openqa.selenium.TimeoutException",
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
        # own wording, testing-library's synchronous query (no wait), Playwright's assertion on a value it was given
        # (no retry) and a retrying one that failed at once (no `Timeout:` line), Vim's assertion in the test's own
        # function and a function of the test's own named like the helper
        "Failed after 0.100s.\nExpected\n<int>: 1\nto equal\n<int>: 0",
        "Expected\n<int>: 6\nto equal\n<int>: 5",
        "client: Timed out after 30 seconds waiting for the server",
        "Unable to find an element with the text: In stock: 5.",
        "Error: expect(received).toBe(expected) // Object.is equality",
        "Error: expect(locator).toBeVisible() failed",
        "command line..script /src/testdir/runtest.vim[569]..function RunTheTest[52]..Test_adds_up line 1: Expected 4 "
        "but got 5",
        "function RunTheTest[52]..Test_job[3]..WaitForAssertDone line 1: Expected 1 but got 0",
        # a test's own limit reached during an action (the test's, per_test_limit), an HTTP client's own timeout
        "Error: locator.click: Test timeout of 30000ms exceeded.",
        "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='localhost', port=3001): Read timed out.",
    ],
)
def test_words_that_are_no_wait_s_own_limit(said: str) -> None:
    assert not wait_limit(said)


@pytest.mark.parametrize("frame", FRAMES)
def test_vim_s_waits_read_where_no_parser_reads_the_harness(frame: Callable[..., bytes]) -> None:
    # the harness's lines with vimtest left out: its `FAILED: 2 Tests` counts them, and the lines name the waits as the
    # parser's messages do (reports.shown_cause); beside `Expected 4 but got 5` (Vim's assert_equal, an assertion's
    # failure) the rules abstain, as the WaitForAssert line's own `Expected ... but got` is its wait's last try
    for sample, category in (
        ("vim90_wait_timeouts.txt", Category.INFRA),
        ("vim90_wait_beside_failure.txt", Category.TEST),
    ):
        log = frame("make test", (DATA / sample).read_text(), 1)
        facts = extract_facts(log, leave_out=modules_reading(log))
        assert not facts.failing_tests and facts.summaries, sample
        verdict = rule_verdict(facts)
        assert verdict.category is category and not verdict.decided, verdict.reason
        assert "WaitForAssert[2]" in verdict.reason or category is Category.TEST, verdict.reason


# Playwright's reports with jsrunners left out: no reader reads its failing tests or its `1 failed`, so its lines alone
# say what the tests met (reports.shown_cause): a wait's words before 1.53 (`Timed out 5000ms waiting for expect(...)`
# over its `Expected: visible`, expect.poll's call log under its values), and from 1.53 the assertion's header with the
# `Timeout:  5000ms` its report states below it, read as one wait (meaning.joined_waits), as its parser's message is
PLAYWRIGHT_WAITS = [
    "playwright149_expect_timeout.txt",
    "playwright149_expect_waits.txt",
    "playwright165_expect_waits.txt",
    "playwright165_action_timeouts.txt",
]


def _unparsed(log: bytes) -> Facts:
    return extract_facts(log, leave_out=modules_reading(log))


@pytest.mark.parametrize("sample", PLAYWRIGHT_WAITS)
@pytest.mark.parametrize("frame", FRAMES)
def test_playwright_s_waits_read_where_no_parser_reads_its_report(sample: str, frame: Callable[..., bytes]) -> None:
    facts = _unparsed(frame("npx playwright test", (DATA / sample).read_text(), 1))
    assert not facts.failing_tests and not facts.summaries, facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "no parser read the failing tests" in verdict.reason, verdict.reason


def test_a_wait_no_parser_read_is_not_decided_by_an_earlier_command_s_failing_tests() -> None:
    # a GitLab job page (no status of the commands before the last): `pytest || true` printed failing tests, which
    # may vouch for what the failing command shows; its tests are another run's, and the failing run's lines show a
    # wait, not a test's own check: named as the parsed report is, not decided test
    pytest_run = ("pytest tests || true", (DATA / "pytest_environment_variable_unset.txt").read_text())
    waited = ("npx playwright test", (DATA / "playwright149_expect_timeout.txt").read_text())
    verdict = rule_verdict(_unparsed(ciframing.gitlab_page([pytest_run, waited])))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_an_assertion_on_one_line_beside_a_wait_no_parser_read_stays_the_test_s(frame: Callable[..., bytes]) -> None:
    # the matcher's values near a wait's words are its last try; a failure of its own stands apart: Playwright 1.65's
    # `expect(received).toBe(expected)` over `Received: 0.30000000000000004` beside a wait whose header and
    # `Timeout:  5000ms` are read as one (meaning.joined_waits), and a Vim run's assert_equal
    for sample, command in (
        ("playwright165_expect_wait_beside_failure.txt", "npx playwright test"),
        ("vim90_wait_beside_failure.txt", "make test"),
    ):
        verdict = rule_verdict(_unparsed(frame(command, (DATA / sample).read_text(), 1)))
        assert verdict.category is Category.TEST and not verdict.decided, (sample, verdict.reason)


def test_selenium_s_waits_are_named_not_decided() -> None:
    # pytest's short summary clips each message (`selenium.common.excep...`); its report's `E` line names the class
    for frame in FRAMES:
        facts = _facts(frame, "python -m pytest tests", "pytest9_selenium4_waits.txt")
        assert len(facts.failing_tests) == 2, facts.failing_tests
        verdict = rule_verdict(facts)
        assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
        assert "selenium.common.exceptions.TimeoutException" in verdict.reason, verdict.reason


def test_a_web_first_assertion_s_header_and_its_timeout_below_are_one_wait() -> None:
    # Playwright 1.53 and later (playwright165_expect_waits.txt's lines): the header says only `failed`, its report's
    # `Timeout:` line below says it retried until then; the next header is another assertion's, which stated none
    report = [
        "    Error: expect(locator).toHaveText(expected) failed",
        "",
        "    Locator:  locator('#count')",
        '    Expected: "Cart (2)"',
        '    Received: "Cart (1)"',
        "    Timeout:  5000ms",
        "    Error: expect(received).toBe(expected) failed",
        "    Expected: 0.3",
        "    Timeout: soon",
    ]
    joined = joined_waits(report)
    assert joined[0] == "    Error: expect(locator).toHaveText(expected) failed (Timeout: 5000ms)"
    assert wait_limit(joined[0]) == "expect(locator).toHaveText(expected) failed (Timeout: 5000ms)"
    assert joined[1:] == report[1:] and not any(wait_limit(line) for line in report)
    # a header whose timeout stands under another header, or beyond its report's lines, is no wait
    assert joined_waits([report[0], report[6], report[5]]) == [report[0], report[6] + " (Timeout: 5000ms)", report[5]]
    assert joined_waits([report[0], *[""] * 12, report[5]])[0] == report[0]
