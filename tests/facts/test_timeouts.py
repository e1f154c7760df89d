"""Timeouts, kills and flaky tests, in real tool output (tests/facts/data/README.md, "Timeouts, kills and
flaky tests"), wrapped as each CI runs them: a test runner's limit for its whole run, a job's command killed or
stopped at its limit, and a run failed on tests that passed when rerun name the infrastructure (the rules guess
infra and do not decide); a test's own time limit is that test's failure (decided test); a test that failed and
then passed when rerun is no failing test of the run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning import flakes_fail, per_test_limit, run_limit
from remediate.models import Category, Facts
from remediate.triage import CALIBRATION, RuleVerdict, fallback, route_by_rules, rule_verdict
from remediate.triage.beneath import TWO_CAUSES
from remediate.triage.exits import STOPPED_RULES
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]


def _facts(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


def _verdict(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> RuleVerdict:
    return rule_verdict(_facts(frame, command, sample, code))


# (sample, the command the CI ran, its exit status, the rule that names the infrastructure, words of its reason)
STOPPED_RUNS = [
    ("gotest119_run_timeout.txt", "go test -timeout 2s ./...", 1, "pattern:run-timeout", "test timed out after 2s"),
    ("gotest119_v_run_timeout.txt", "go test -v -timeout 2s ./...", 1, "pattern:run-timeout", "timed out after 2s"),
    ("pytest_timeout24_session.txt", "python -m pytest --session-timeout=2 tests", 1, "pattern:run-timeout", "2.0 sec"),
    ("maven_surefire_fork_timeout.txt", "mvn -B -Dsurefire.timeout=3 test", 1, "pattern:run-timeout", "in the fork"),
    ("maven_surefire_fail_on_flake.txt", "mvn -B test", 1, "pattern:flaky", "failOnFlakeCount is set to 1"),
    ("karma6_no_activity_timeout.txt", "npx karma start", 1, "pattern:run-timeout", "because no message in 3000 ms"),
    ("karma6_capture_timeout.txt", "npx karma start", 1, "pattern:run-timeout", "not captured in 2000 ms"),
    ("timeout1_pytest_124.txt", "timeout 3 python -m pytest tests", 124, "pattern:timeout-exit", "time limit"),
    ("timeout1_kill_pytest_137.txt", "timeout -s KILL 3 python -m pytest tests", 137, "pattern:signal-exit", "SIGKILL"),
    # make's recipe `timeout 5 python -m pytest ...`, echoed, its 124 under make's `Error 124` (the step's status 2):
    # was no signal at all
    ("make43_timeout_recipe_124.txt", "make test", 2, "pattern:timeout-exit", "make's recipe exited 124"),
    # a job cancelled: the runner's SIGTERM to the step's command (bash reports `Terminated`)
    ("sigterm_pytest_143.txt", "python -m pytest tests/test_stock.py", 143, "pattern:signal-exit", "SIGTERM"),
    # Surefire's forked JVM killed (`sh -c` reports `Killed`; `The forked VM terminated without properly saying
    # goodbye`, `Process Exit Code: 137`)
    ("maven_surefire_fork_killed.txt", "mvn -B test", 1, "pattern:stopped", "Killed"),
    # the same fork SIGKILLed from outside, by its pid, mid-test
    ("maven_surefire_fork_killed_by_pid.txt", "mvn -B test", 1, "pattern:stopped", "Killed"),
    # make's own report of its recipe's SIGKILL (GNU make 4.3), and Gradle 4.4.1's client whose build daemon was
    # SIGKILLed mid-task (what the kernel's OOM killer sends): each was no signal, or a guess of test or build
    ("make_recipe_killed.txt", "make test", 2, "pattern:stopped", "make: *** [Makefile:2: test] Killed"),
    ("gradle441_daemon_killed.txt", "./gradlew test", 1, "pattern:stopped", "daemon disappeared unexpectedly"),
]


@pytest.mark.parametrize(("sample", "command", "code", "rule", "words"), STOPPED_RUNS)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_run_stopped_at_its_limit_or_failed_on_flakes_names_the_infrastructure(
    sample: str, command: str, code: int, rule: str, words: str, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample, code)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA, verdict.reason
    named = [s for s in verdict.signals if s.name == rule and not s.discounted]
    assert named and words in named[0].reason, verdict.reason
    # a consequence whose cause may be the code (a deadlock, a slow test): never decided alone, no specialist runs
    assert not verdict.decided and not CALIBRATION.vouches(rule)
    assert route_by_rules(facts) is None
    assert not facts.failing_tests, "no test's own check failed"


@pytest.mark.parametrize("frame", FRAMES)
def test_a_fork_the_code_ended_with_system_exit_is_no_stop(frame: Callable[..., bytes]) -> None:
    # the control: Surefire's same `The forked VM terminated without properly saying goodbye. VM crash or System.exit
    # called?` over `Process Exit Code: 2`, the code under test calling System.exit(2): no kill, no stop named
    verdict = _verdict(frame, "mvn -B test", "maven_surefire_system_exit.txt")
    assert verdict.category is Category.TEST, verdict.reason
    assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_recipe_s_124_with_no_timeout_echoed_is_no_time_limit(frame: Callable[..., bytes]) -> None:
    # the control: the same run under `make -s`, which echoes no recipe: a status 124 alone is anyone's
    verdict = _verdict(frame, "make -s test", "make43_silent_recipe_124.txt", 2)
    assert not any(s.name == "pattern:timeout-exit" for s in verdict.signals), verdict.reason


# (sample, the command the CI ran, the failing test, words of its message or record)
OWN_TIMEOUTS = [
    ("pytest_timeout24_per_test_signal.txt", "python -m pytest --timeout=1 tests", "test_wait_for_stock", "Timeout"),
    ("jest29_test_timeout.txt", "npx jest --ci", "waits for stock", "Exceeded timeout of 5000 ms for a test"),
    ("mocha10_test_timeout.txt", "npx mocha spec", "waits for stock", "Timeout of 2000ms exceeded"),
    # Node 20's --test-timeout: the file's own test reaches it (`failureType: 'testTimeoutFailure'`), the slow test
    # is cancelled (`# cancelled 1`)
    (
        "nodetest20_test_timeout.txt",
        "node --test --test-timeout=1000 nodetest/",
        "stock.test.js",
        "timed out after 1000ms",
    ),
    ("maven_junit5_timeout_annotation.txt", "mvn -B test", "WaitTest.waitsForStock", "timed out after 1 second"),
    # the older words of the same limit: Jest 26's jasmine2 runner (its error has no name: `: Timeout - ...`) and
    # Jasmine 2.99's (no number); were decided test 1.00, as no other runner's own limit is
    ("jest26_jasmine2_test_timeout.txt", "npx jest --ci", "waits for stock", "timeout specified by jest.setTimeout"),
    ("jasmine299_test_timeout.txt", "npx jasmine", "waits for stock", "specified by jasmine.DEFAULT_TIMEOUT_INTERVAL"),
]


@pytest.mark.parametrize(("sample", "command", "test", "words"), OWN_TIMEOUTS)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_run_whose_only_failures_are_tests_own_time_limits_is_named_not_decided(
    sample: str, command: str, test: str, words: str, frame: Callable[..., bytes]
) -> None:
    # the test hung or the machine was slow: the log does not tell, and the datasets label such runs test (LogChunks)
    # or infra (LogDx-CI). The rules name it and abstain; the fallback still runs the tests specialist (the code may
    # hang), not "no specialist" as for tests that met a service out of reach
    facts = _facts(frame, command, sample)
    assert [t.id for t in facts.failing_tests if t.id.endswith(test)], facts.failing_tests
    assert all(words in (t.message or "") for t in facts.failing_tests)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit" in verdict.reason and words in verdict.reason, verdict.reason
    assert not any(s.name in STOPPED_RULES for s in verdict.signals), verdict.reason
    assert route_by_rules(facts) is None
    assert fallback(facts, verdict, "unsure").category is Category.TEST


# (sample, the command the CI ran, the test that ended at its own limit, the test that failed on its assertion)
LIMIT_BESIDE_ASSERTION = [
    ("jest29_timeout_beside_failure.txt", "npx jest --ci", "waits for stock", "adds prices"),
    (
        "pytest_timeout24_beside_failure.txt",
        "python -m pytest --timeout=1 tests",
        "wait_for_stock",
        "total_adds_prices",
    ),
    ("jest26_jasmine2_timeout_beside_failure.txt", "npx jest --ci", "waits for stock", "adds prices"),
]


@pytest.mark.parametrize(("sample", "command", "limited", "asserted"), LIMIT_BESIDE_ASSERTION)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_test_s_own_time_limit_beside_a_failed_assertion_is_not_decided(
    sample: str, command: str, limited: str, asserted: str, frame: Callable[..., bytes]
) -> None:
    # the assertion that failed may be the run's failure to fix, or the slow machine the job's: test is the guess
    facts = _facts(frame, command, sample)
    assert {t.id.rpartition(" › ")[2].rpartition("::test_")[2] for t in facts.failing_tests} == {limited, asserted}
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert TWO_CAUSES in verdict.reason and "its own time limit" in verdict.reason, verdict.reason
    assert not any(s.category is Category.INFRA and not s.discounted for s in verdict.signals), verdict.reason


@pytest.mark.parametrize(
    "said",
    [
        'thrown: "Exceeded timeout of 5000 ms for a test.',
        'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called',
        "Failed: Timeout (>1.0s) from pytest-timeout.",
        "Failed: Timeout >1.0s",
        "** (ExUnit.TimeoutError) test timed out after 60000ms. You can change the timeout:",
        "test timed out after 1000ms",
        "org.junit.runners.model.TestTimedOutException: test timed out after 100 milliseconds",
        "java.util.concurrent.TimeoutException: waitsForStock() timed out after 1 second",
        "Test timeout of 30000ms exceeded.",
        "Error: Test timed out in 5000ms.",
        "Error: Timeout - Async function did not complete within 5000ms (set by jasmine.DEFAULT_TIMEOUT_INTERVAL)",
        # Jest 24's jasmine2 runner (jest24_jasmine2_test_timeout.txt; 26's reads `the 5000 ms timeout`)
        ": Timeout - Async callback was not invoked within the 5000ms timeout specified by jest.setTimeout.",
        "Timeout",
    ],
)
def test_the_words_of_a_test_s_own_time_limit(said: str) -> None:
    assert per_test_limit(said)


@pytest.mark.parametrize(
    "said",
    [
        # an assertion's wait, a helper's wait (both meaning.wait_limit's), a client's timeout the code met, a run's limit
        "Timed out 5000ms waiting for expect(locator).toBeVisible()",
        "Caught exception in Test_quotestar(): WaitFor() timed out after 5000 msec @ function RunTheTest[40]",
        "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=9): Read timed out.",
        "AssertionError: expected 'Timeout' to equal 'done'",
        "Timeout reached",
    ],
)
def test_words_that_are_no_test_s_own_time_limit(said: str) -> None:
    assert not per_test_limit(said)


@pytest.mark.parametrize(
    ("sample", "test"),
    [
        ("pytest_timeout24_per_test_thread.txt", "tests/test_stock.py::test_wait_for_stock"),
        # the second test of three: the banner behind the first one's dot, the third never ran
        ("pytest_timeout24_thread_second_test.txt", "tests/test_cart.py::test_checkout_waits_for_the_payment_service"),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_pytest_timeout_s_thread_method_is_a_test_s_own_limit_too(
    frame: Callable[..., bytes], sample: str, test: str
) -> None:
    # `--timeout-method=thread` without -v: the banner behind the file's progress, the stacks, the process ends. The
    # test is the first test function of that file in the stacks, failed at its own limit (as -v's line says it).
    # Was: no failing test, keywords alone (test 0.36) or no signal at all; now the same per-test limit, no run limit
    facts = _facts(frame, "python -m pytest --timeout=1 --timeout-method=thread tests", sample)
    assert [(t.id, t.message) for t in facts.failing_tests] == [(test, "Timeout")]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit" in verdict.reason, verdict.reason
    assert not any(s.name == "pattern:run-timeout" for s in verdict.signals), verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_an_xdist_worker_pytest_timeout_s_thread_method_ended_is_not_decided(frame: Callable[..., bytes]) -> None:
    # under xdist the thread method ends the worker (its banner on the worker's stderr, which xdist does not show):
    # `..[gw1] node down: Not properly terminated` behind the first tests' dots, `worker 'gw1' crashed while running`.
    # Was decided test (1.00): the worker's end was not read behind the dots
    verdict = _verdict(
        frame,
        "python -m pytest --timeout=5 --timeout-method=thread -n 2 tests",
        "pytest_timeout24_thread_xdist_worker_crashed.txt",
    )
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    [stopped] = [s.reason for s in verdict.signals if s.name == "pattern:stopped"]
    assert "[gw1] node down" in stopped and "thread method" in stopped, stopped


@pytest.mark.parametrize("frame", FRAMES)
def test_the_signal_method_s_stacks_of_other_threads_leave_it_a_test_s_own_limit(frame: Callable[..., bytes]) -> None:
    # the signal method prints the banner and every other thread's stack only when other threads run (a poller the
    # test started), in the test's captured stdout below its `Failed: Timeout (>5.0s) from pytest-timeout.`
    verdict = _verdict(
        frame, "python -m pytest --timeout=5 tests/test_stock.py", "pytest_timeout24_signal_other_thread.txt"
    )
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit" in verdict.reason, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_faulthandler_s_timeout_dump_is_no_time_limit(frame: Callable[..., bytes]) -> None:
    # pytest's own `faulthandler_timeout` dumps the stacks of a slow test (`Timeout (0:00:01)!`) and lets it run on:
    # the test then failed on its own assertion, the run's failure (decided test)
    command = "python -m pytest -o faulthandler_timeout=1 tests/test_slow_report.py"
    facts = _facts(frame, command, "pytest9_faulthandler_timeout_dump.txt")
    assert [(t.id, t.message) for t in facts.failing_tests] == [
        ("tests/test_slow_report.py::test_report_totals", "assert 7 == 8")
    ]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_pytest_timeout_s_thread_method_in_a_verbose_run_names_the_test_at_its_limit() -> None:
    # -v's line of the test carries the banner: that test failed at its own limit. Was: no failing test alone, and
    # beside an earlier FAILED line decided test (0.95) on that test, while the process had ended at the other's
    command = "python -m pytest -v --timeout=1 --timeout-method=thread tests"
    facts = _facts(framing.github_actions, command, "pytest_timeout24_thread_verbose.txt")
    assert [(t.id, t.message) for t in facts.failing_tests] == [("tests/test_wait.py::test_waits_for_stock", "Timeout")]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit" in verdict.reason, verdict.reason
    beside = _facts(framing.github_actions, command, "pytest_timeout24_thread_verbose_beside_failure.txt")
    assert {t.id for t in beside.failing_tests} == {
        "tests/test_cart.py::test_total",
        "tests/test_wait.py::test_waits_for_stock",
    }
    verdict = rule_verdict(beside)
    assert not verdict.decided and "its own time limit" in verdict.reason, verdict.reason
    # test_total's FAILED line printed no report (the process ended first): the reason counts the one report read
    assert "every report read (1 of 2 failing tests printed one) says" in verdict.reason, verdict.reason
    # without the pytest parser (a runner no parser knows), the banner's line is still that test's failure at its own
    # limit (failingtests): was decided test (0.96) on the FAILED line alone
    log = framing.github_actions(command, (DATA / "pytest_timeout24_thread_verbose_beside_failure.txt").read_text())
    left = extract_facts(log, leave_out=modules_reading(log))
    assert [(t.id, t.message) for t in left.failing_tests] == [(t.id, t.message) for t in beside.failing_tests]
    verdict = rule_verdict(left)
    assert not verdict.decided and "its own time limit" in verdict.reason, verdict.reason


# (sample, the command the CI ran, the test that passed when rerun, the test that failed on every run)
RERUNS = [
    (
        "pytest_rerunfailures16_flaky_beside_failing.txt",
        "python -m pytest -v -rR --reruns 2 tests",
        "tests/test_flaky.py::test_warehouse_sync",
        "tests/test_flaky.py::test_price_rounding",
    ),
    (
        "jest29_retry_flaky_beside_failing.txt",
        "npx jest --ci",
        "retry/sync.test.js › syncs the warehouse",
        "rounds prices",
    ),
    ("playwright149_retry_flaky_beside_failing.txt", "npx playwright test", "syncs the warehouse", "rounds prices"),
    (
        "maven_surefire_rerun_flake.txt",
        "mvn -B -Dsurefire.rerunFailingTestsCount=2 test",
        "com.acme.shop.StockTest.syncsTheWarehouse",
        "com.acme.shop.StockTest.roundsPrices",
    ),
]


@pytest.mark.parametrize(("sample", "command", "flaky", "failing"), RERUNS)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_test_that_passed_when_rerun_is_no_failing_test(
    sample: str, command: str, flaky: str, failing: str, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    ids = [t.id for t in facts.failing_tests]
    assert len(ids) == 1 and ids[0].endswith(failing), ids
    assert not [e for e in facts.errors if e.message.endswith(flaky.rpartition(" › ")[2])], facts.errors
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# (sample, the command the CI ran, the test that failed on its first try and passed on a retry): the run passed
RETRIED_AND_PASSED = [
    ("pytest_rerunfailures16_rerun_passed.txt", "python -m pytest -v -rR --reruns 2 tests", "test_sync_warehouse"),
    ("jest29_retry_passed.txt", "npx jest --ci retry", "syncs the warehouse"),
]


@pytest.mark.parametrize(("sample", "command", "flaky"), RETRIED_AND_PASSED)
def test_a_run_whose_only_failure_passed_on_a_retry_decides_nothing(sample: str, command: str, flaky: str) -> None:
    # as stored (a log that shows no step) and as a step the CI says passed: the retried test's first error
    # (`RERUN`, Jest's `RETRY 1` frame and its `socket hang up`) is no failure of the run
    for log in ((DATA / sample).read_bytes(), framing.travis_commands([(command, _text(sample), 0)], say_passed=True)):
        facts = extract_facts(log)
        assert not facts.failing_tests and not [e for e in facts.errors if e.votes], facts.errors
        verdict = rule_verdict(facts)
        assert not verdict.decided, verdict.reason
        assert flaky not in verdict.reason


@pytest.mark.parametrize(("sample", "command", "flaky"), RETRIED_AND_PASSED)
@pytest.mark.parametrize("before", [True, False])
def test_a_retried_test_beside_another_tool_s_failure_leaves_that_failure_alone(
    sample: str, command: str, flaky: str, before: bool
) -> None:
    # the passing run with its retry before or after flake8's real findings, as steps Travis reports and as one
    # log with no step: flake8's findings decide lint, the retried test is no failing test and no rival
    retried = (command, _text(sample), 0)
    lint = ("flake8 pkg tests", _text("flake8.txt"), 1)
    steps = [retried, lint] if before else [lint, retried]
    bare = "\n".join(output for _, output, _ in steps).encode()
    for log in (framing.travis_commands(steps, say_passed=True), bare):
        facts = extract_facts(log)
        assert not facts.failing_tests, facts.failing_tests
        verdict = rule_verdict(facts)
        assert verdict.category is Category.LINT and verdict.decided, verdict.reason
        assert not any(s.category is Category.TEST for s in verdict.signals if not s.discounted), verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_run_failed_on_a_flaky_test_by_its_own_policy_names_the_flake(frame: Callable[..., bytes]) -> None:
    # pytest-rerunfailures' `--fail-on-flaky`: the passing run's own words (`3 passed, 1 rerun`), exit 7; no test
    # failed for real, the run's luck did: infra named, never decided alone (it was a guess of test from the command)
    facts = _facts(
        frame,
        "python -m pytest -v -rR --reruns 2 --fail-on-flaky tests",
        "pytest_rerunfailures16_fail_on_flaky.txt",
        7,
    )
    assert not facts.failing_tests, facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "3 passed, 1 rerun in" in verdict.reason


def _text(sample: str) -> str:
    return (DATA / sample).read_text()


def test_the_words_of_a_run_s_limit_and_of_flakes() -> None:
    assert (
        run_limit("panic: test timed out after 10m0s\n\ngoroutine 5 [running]:") == "panic: test timed out after 10m0s"
    )
    assert run_limit("!!!!!! session-timeout: 600.0 sec exceeded !!!!!!") == "session-timeout: 600.0 sec exceeded"
    # a test's own limit, and a panic that only mentions a timeout, are not the run's
    assert run_limit('thrown: "Exceeded timeout of 5000 ms for a test.') is None
    assert run_limit("E       Failed: Timeout (>1.0s) from pytest-timeout.") is None
    assert run_limit("    panic: test timed out after 2s") is None
    # Karma 1's wording, as the dev half's browser runs print it
    assert run_limit("WARN [PhantomJS 2.1.1 (Linux 0.0.0)]: Disconnected, because no message in 30000 ms.")
    assert flakes_fail("on project shop: There are 2 flakes and failOnFlakeCount is set to 1.")
    assert flakes_fail("[WARNING] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1") is None
    # pytest-rerunfailures: a passing run's summary counting reruns (its --fail-on-flaky exit 7), not one that failed,
    # and only in a step known to have failed (the same words close a passing run)
    rerun = "===== 3 passed, 1 skipped, 2 warnings, 1 rerun in 0.04s ====="
    assert flakes_fail(rerun, step_failed=True) == "3 passed, 1 skipped, 2 warnings, 1 rerun in 0.04s"
    assert flakes_fail(rerun) is None
    assert flakes_fail("===== 1 failed, 1 passed, 3 rerun in 0.03s =====", step_failed=True) is None
    assert flakes_fail("===== 2 passed, 1 error, 1 rerun in 0.03s =====", step_failed=True) is None


@pytest.mark.parametrize("frame", FRAMES)
def test_a_test_whose_worker_was_killed_from_outside_met_the_infrastructure(frame: Callable[..., bytes]) -> None:
    # Jest 29.7, a worker SIGKILLed (as the OOM killer does): `A jest worker process (pid=N) was terminated by another
    # process: signal=SIGKILL` is the suite's report; no test's own check failed
    facts = _facts(frame, "npx jest --ci -w 2", "jest29_worker_killed.txt")
    assert [t.message for t in facts.failing_tests if "signal=SIGKILL" in (t.message or "")], facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "terminated by another process: signal=SIGKILL" in verdict.reason
    assert all(s.discounted for s in verdict.signals if s.category is Category.TEST)


@pytest.mark.parametrize("frame", FRAMES)
def test_an_xdist_worker_killed_from_outside_is_not_decided_on_the_test_it_ran(frame: Callable[..., bytes]) -> None:
    # pytest-xdist 3.8's `[gw0] node down: Not properly terminated` and `worker 'gw0' crashed while running ...`
    # with no word from the worker: a SIGKILL prints nothing (decided test 0.997 before); the rules abstain on infra
    verdict = _verdict(frame, "python -m pytest -n 2 tests", "pytest_xdist38_worker_killed.txt")
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    named = [s.reason for s in verdict.signals if s.name == "pattern:stopped"]
    assert named and "node down: Not properly terminated" in named[0], verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_an_xdist_worker_that_segfaulted_stays_a_test_failure(frame: Callable[..., bytes]) -> None:
    # the same crash after the test's own segfault: CPython's faulthandler prints `Fatal Python error: Segmentation
    # fault` and the test's stack first, so the code crashed the worker: decided test, as before
    verdict = _verdict(frame, "python -m pytest -p no:cacheprovider -n 2 tests", "pytest_xdist38_worker_segfault.txt")
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert not any(s.category is Category.INFRA and s.kind == "pattern" for s in verdict.signals), verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_playwright_failing_on_flakes_alone_reads_no_failing_test(frame: Callable[..., bytes]) -> None:
    # `--fail-on-flaky-tests` (Playwright 1.49): the only test that failed passed on its retry, and the run exits 1
    # saying only `1 flaky` and `1 passed`; no failing test is read (what the run failed on is not said in words)
    facts = _facts(frame, "npx playwright test --fail-on-flaky-tests", "playwright149_fail_on_flaky.txt")
    assert not facts.failing_tests and not [e for e in facts.errors if e.code == "test"], facts.errors


@pytest.mark.parametrize("frame", FRAMES)
def test_a_test_run_make_reports_killed_is_not_decided_on_the_tests_it_had_failed(frame: Callable[..., bytes]) -> None:
    # `make test` ran `pytest -v`: one test failed, the next one's process was SIGKILLed from outside; make's report
    # lands after pytest's unfinished line. Bash's own `Killed` already made such a run abstain; make's did not
    # (decided test 0.95 on the one failing test)
    facts = _facts(frame, "make test", "make_pytest_killed.txt", 2)
    assert [t.id for t in facts.failing_tests] == ["tests/test_cart.py::test_total_adds_prices"]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "make: *** [Makefile:2: test] Killed" in verdict.reason


def test_travis_wait_s_own_time_limit_names_the_infrastructure() -> None:
    # travis-build 2018's travis_wait (its bash functions: travis_jigger kills the command at the limit, then the
    # command's log is printed): pytest -v had failed one test when it was killed at 1 minute
    facts = extract_facts((DATA / "travis2018_wait_pytest_timeout.txt").read_bytes())
    assert facts.failing_tests and facts.exit_code == 137
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert 'Timeout (1 minutes) reached. Terminating "python3 -m pytest' in verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_limit_s_generic_words_vote_infra_only_at_the_failing_step_s_end(frame: Callable[..., bytes]) -> None:
    # curl's `Operation timed out after 2001 milliseconds` is the step's last word: the run stopped at a limit, the
    # facts read the environment; Playwright's `Timed out 5000ms waiting for expect(locator)` inside a test's report
    # is its assertion's wait, no vote in the facts (it was one for infra: the facts' share of test 0.85); the rules
    # name it from the test's report (test_wait_limits)
    curl = _facts(frame, "curl -sS --max-time 2 http://127.0.0.1:18999/simple/", "net_curl_read_timeout.txt", 28)
    assert curl.category is Category.INFRA, curl
    played = _facts(frame, "npx playwright test", "playwright149_expect_timeout.txt")
    assert played.category is Category.TEST and played.confidence == 0.95, played.confidence  # no rival's vote


@pytest.mark.parametrize(
    ("sample", "command", "test", "words"), [t for t in OWN_TIMEOUTS if t[0].startswith(("jest", "mocha"))]
)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_runner_no_parser_reads_whose_tests_ended_at_their_own_limit_is_named_too(
    sample: str, command: str, test: str, words: str, frame: Callable[..., bytes]
) -> None:
    # Jest's and Mocha's runs with their parsers left out: only the summary counts the failure (`Tests: 1 failed`,
    # `1 failing`), and it decided test (0.89-0.94); the limit the excerpt shows beneath it is named as where a parser
    # reads the reports (reports.shown_cause)
    log = frame(command, (DATA / sample).read_text(), 1)
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert not facts.failing_tests and facts.summaries
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "its own time limit" in verdict.reason and words in verdict.reason, verdict.reason
