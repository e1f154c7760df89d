"""Runs stopped by a cancel, a limit or a signal (tests/facts/data/README.md, "Runs stopped by a cancel, a limit or a
signal"): GitHub Actions' job-level stops around a test step's output they cut, and a signal's end as a wrapper reports
it (Yarn, make, docker compose, npm, Surefire), name the infrastructure and the rules abstain, never deciding the test
whose run was cut; a stop in a later step than a test's own failure leaves the decision to that failure; a test's own
time limit under the same wrappers stays that test's failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import RuleVerdict, route_by_rules, rule_verdict
from remediate.triage.exits import _STOPPED, _worker_lost
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis, framing.jenkins]
PYTEST = "python -m pytest -v -p no:cacheprovider tests"
FAILED = "tests/test_cart.py::test_total_adds_prices"


def _read(sample: str) -> str:
    return (DATA / sample).read_text()


_STOPS = ("pattern:stopped", "pattern:job-timeout")


def _stopped(verdict: RuleVerdict) -> str:
    # a stop from outside, or at the CI's own time limit (named as one: pattern:job-timeout)
    named = [s.reason for s in verdict.signals if s.name in _STOPS and not s.discounted]
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


# (sample, the command the CI ran, its exit status, the wrapper's words of the signal)
WRAPPED_SIGNALS = [
    # Yarn 1 reports its script's signal in words and exits 1 (decided test 0.95 before, on the test failed first)
    ("yarn1_pytest_killed.txt", "yarn test", 1, 'Command failed with signal "SIGKILL"'),
    ("yarn1_pytest_terminated.txt", "yarn test", 1, 'Command failed with signal "SIGTERM"'),
    ("yarn1_run_terminated.txt", "yarn test", 1, 'Command failed with signal "SIGTERM"'),
    # make's recipe shell reported pytest's SIGTERM as 143 (decided test 0.95 before, in a job's step exiting 2)
    ("make_pytest_terminated.txt", "make test", 2, "make: *** [Makefile:2: test] Error 143"),
]


@pytest.mark.parametrize(("sample", "command", "code", "words"), WRAPPED_SIGNALS)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_wrapper_s_report_of_its_command_s_signal_names_the_infrastructure(
    sample: str, command: str, code: int, words: str, frame: Callable[..., bytes]
) -> None:
    facts = extract_facts(frame(command, _read(sample), code))
    assert words in _stopped(_abstains_on_infra(facts))


def test_docker_compose_s_service_killed_is_not_decided_on_its_tests() -> None:
    # `docker compose up --abort-on-container-exit --exit-code-from tests` (written: compose cannot run here): the
    # tests service's real pytest -v output behind compose's `tests-1  | ` prefix, then its printer's `tests-1 exited
    # with code 137` (the container SIGKILLed: its memory limit, or `docker compose stop` past its grace period)
    lines = [f"tests-1  | {line}" for line in _read("pytest9_cut_by_cancel.txt").splitlines()]
    output = "\n".join([*lines, "tests-1 exited with code 137", "Aborting on container exit..."]) + "\n"
    command = "docker compose up --abort-on-container-exit --exit-code-from tests"
    for data in (framing.github_actions(command, output, 137), framing.gitlab(command, output, 137)):
        facts = extract_facts(data)
        assert "exited with code 137" in _stopped(_abstains_on_infra(facts))


def test_the_words_of_a_signal_s_end() -> None:
    stopped = [
        "tests-1 exited with code 137",
        "web-1 exited with code 143",
        "npm ERR! signal SIGKILL",  # npm 7-9 (npm/cli lib/utils/error-message.js)
        "npm error signal SIGTERM",  # npm 10+
        'error Command failed with signal "SIGKILL".',  # Yarn 1
        "[ERROR] Process Exit Code: 137",  # Surefire's forked JVM SIGKILLed
        "make: *** [Makefile:4: test] Error 143",
        "##[error]The action has timed out.",
        "##[error]The background step 'server' has timed out after 10 minutes.",
    ]
    assert [line for line in stopped if not _STOPPED.search(line)] == []
    # a failure's exit status, a per-test limit, a test about a process's exit: no stop
    kept = [
        "error Command failed with exit code 1.",
        "npm ERR! code 1",
        "[ERROR] Process Exit Code: 1",
        "make: *** [Makefile:4: test] Error 1",
        "make: *** [Makefile:4: test] Error 1430",
        'thrown: "Exceeded timeout of 5000 ms for a test.',
        'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called',
        "E       Failed: Timeout (>1.0s) from pytest-timeout.",
        "The action failed.",
    ]
    assert [line for line in kept if _STOPPED.search(line)] == []


# (sample, the command the CI ran, its exit status, the failing test, words of its own limit)
OWN_LIMITS = [
    ("yarn1_jest_test_timeout.txt", "yarn test", 1, "restock finishes", "Exceeded timeout of 5000 ms for a test"),
    ("jest29_test_timeout.txt", "npx jest --ci", 1, "waits for stock", "Exceeded timeout of 5000 ms for a test"),
    ("mocha10_test_timeout.txt", "npx mocha spec", 1, "waits for stock", "Timeout of 2000ms exceeded"),
    ("pytest_timeout24_per_test_signal.txt", "python -m pytest --timeout=1 tests", 1, "test_wait_for_stock", "Timeout"),
    ("ctest325_timeout.txt", "ctest --output-on-failure", 8, "stock_test", ""),
]


@pytest.mark.parametrize(("sample", "command", "code", "test", "words"), OWN_LIMITS)
@pytest.mark.parametrize("frame", [framing.github_actions, framing.github_runner, framing.travis])
def test_a_test_s_own_time_limit_under_a_wrapper_is_named_not_decided(
    sample: str, command: str, code: int, test: str, words: str, frame: Callable[..., bytes]
) -> None:
    # CTest, Jest (also under Yarn, whose `error Command failed with exit code 1.` is no signal), Mocha and
    # pytest-timeout's per-test limits, the run's only failures: the test hangs or the machine is slow, which the
    # log does not tell (datasets label such runs test or infra): named (reports.TESTS_LIMIT_RULE), not decided;
    # no stop of the job is read
    facts = extract_facts(frame(command, _read(sample), exit_code=code))
    assert [t.id for t in facts.failing_tests if t.id.endswith(test)], facts.failing_tests
    assert all(words in (t.message or "") for t in facts.failing_tests)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    names = {s.name for s in verdict.signals if s.category is Category.INFRA and not s.discounted}
    assert names == {"pattern:tests-limit"}, verdict.reason


def test_the_words_of_a_test_worker_lost() -> None:
    down = "[gw1] node down: Not properly terminated\nF\nreplacing crashed worker gw1\n"
    assert _worker_lost(down, lambda _offset: None)
    # the worker's own end printed before it: a segfault's faulthandler, pytest-timeout's thread-method banner
    assert not _worker_lost("Fatal Python error: Segmentation fault\n\n" + down, lambda _offset: None)
    assert not _worker_lost("+++++++++++++++++++ Timeout +++++++++++++++++++\n" + down, lambda _offset: None)


# The runner's cancel cuts the test step (`##[error]The operation was canceled.`: actions/runner's StepsRunner.RunStepAsync
# logs the OperationCanceledException through ExecutionContext.Error, whose tag is `##[error]`); an `if: always()` step
# (upload-artifact, its real warning for a path that matched nothing) and the post steps run after it. The job page
# shows the same line as `Error: The operation was canceled.` (its rendering of `##[error]`; no runner writes it so).
ALWAYS = (
    "actions/upload-artifact@v4",
    "##[warning]No files were found with the provided path: results.xml. No artifacts will be uploaded.",
    0,
)


def _gh_run_view(log: bytes) -> bytes:
    """The same job as `gh run view --log` prints it: `job<TAB>step<TAB>` before each stamped line, a post step's
    name `Post ` and its action's step, the job's last `Complete job`."""
    lines, step = [], "Set up job"
    for raw in log.decode().splitlines():
        text = raw.split(" ", 1)[1]
        step = text.removeprefix("##[group]") if text.startswith("##[group]Run ") else step
        step = "Post Run actions/checkout@v4" if text == "Post job cleanup." else step
        step = "Complete job" if text == "Cleaning up orphan processes" else step
        lines.append(f"test (3.12)\t{step}\t{raw}")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("gh", [False, True])
def test_a_cancelled_step_stays_the_failing_one_before_the_steps_run_after_it(gh: bool) -> None:
    output = _read("pytest9_cut_by_cancel.txt") + "\n##[error]The operation was canceled.\n"
    log = framing.github_steps(
        [("pip install -e .", "Successfully installed shop-1.0", 0), (PYTEST, output, 0), ALWAYS]
    )
    facts = extract_facts(_gh_run_view(log) if gh else log)
    assert (facts.failing_step, facts.failing_command) == (f"Run {PYTEST}", PYTEST)
    after = [s.command for s in facts.steps if s.after_failure]
    # the upload ran only because of `if: always()` once the job was cancelled: vouch-only, as the post steps
    assert after[0] == "actions/upload-artifact@v4" and len(after) == 3, facts.steps
    assert "The operation was canceled" in _stopped(_abstains_on_infra(facts))
