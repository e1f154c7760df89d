"""A job killed by its CI's own time limit while its tests ran (tests/facts/data/README.md, "A job's own time limit
while its tests ran"): real runs cut while a test waited (pytest -v, go test -v, node --test, their
passing tests above), under each CI's words for its limit (built: the runners cannot run here; each line's source is
named below). The limit names the infrastructure (the CI's time limit: pattern:job-timeout) and the rules abstain, never
deciding test on the tests that passed; the command the limit cut is the failing step's (facts/ci/failures.CI_STOPPED:
Travis's and GitLab's limits end the step as GitHub's stop does)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import route_by_rules, rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _github(command: str, output: str) -> bytes:
    # actions/runner's JobRunner on the job's `timeout-minutes`, then its cancel of the running step (no exit status)
    stop = [
        "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 10 minutes.",
        "##[error]The operation was canceled.",
    ]
    return framing.github_steps([(command, output + "\n" + "\n".join(stop) + "\n", 0)])


def _travis(command: str, output: str) -> bytes:
    # travis-build's no-output watchdog (travis_wait's docs, "Build times out because no output was received"): the
    # command's own end line never comes
    lines = [
        "travis_fold:start:worker_info\r\x1b[0K\x1b[33;1mWorker information\x1b[0m",
        "travis_fold:end:worker_info\r\x1b[0K",
        f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}",
        *output.splitlines(),
        "",
        "\x1b[31;1mNo output has been received in the last 10m0s, this potentially indicates a stalled build or "
        "something wrong with the build itself.\x1b[0m",
        "\x1b[31;1mCheck the details on how to adjust your build configuration on: https://docs.travis-ci.com/user/"
        "common-build-problems/#build-times-out-because-no-output-was-received\x1b[0m",
        "",
        "\x1b[31;1mThe build has been terminated\x1b[0m",
    ]
    return ("\n".join(lines) + "\n").encode()


def _gitlab(command: str, output: str) -> bytes:
    # gitlab-runner's job timeout: `ERROR: Job failed: execution took longer than <timeout> seconds`
    job = framing.gitlab(command, output, 1).decode()
    return job.replace("Job failed: exit code 1", "Job failed: execution took longer than 1h0m0s seconds").encode()


def _jenkins(command: str, output: str) -> bytes:
    # the build-timeout plugin on a freestyle job (BuildTimeoutWrapper's `Build timed out (after N minutes). Marking
    # the build as aborted.`), then the build's end
    lines = [
        "Started by user admin",
        "Building in workspace /var/lib/jenkins/workspace/shop",
        "[shop] $ /bin/sh -xe /tmp/jenkins1234.sh",
        f"+ {command}",
        *output.splitlines(),
        "Build timed out (after 10 minutes). Marking the build as aborted.",
        "Build was aborted",
        "Finished: ABORTED",
    ]
    return ("\n".join(lines) + "\n").encode()


def _jenkins_pipeline(command: str, output: str) -> bytes:
    # a Pipeline's `timeout` step (workflow-basic-steps' TimeoutStepExecution and its cause of interruption)
    lines = [
        *framing.JENKINS_OPENING,
        "[Pipeline] timeout",
        "Timeout set to expire in 10 min",
        "[Pipeline] {",
        "[Pipeline] sh",
        f"+ {command}",
        *output.splitlines(),
        "Cancelling nested steps due to timeout",
        "Sending interrupt signal to process",
        "[Pipeline] }",
        "[Pipeline] // timeout",
        "[Pipeline] End of Pipeline",
        "Timeout has been exceeded",
        "Finished: ABORTED",
    ]
    return ("\n".join(lines) + "\n").encode()


LIMITS: list[Callable[[str, str], bytes]] = [_github, _travis, _gitlab, _jenkins, _jenkins_pipeline]
# (sample, the command the CI ran): two tests passed, the third waited until the job's limit
CUT = [
    ("pytest9_v_cut_by_job_limit.txt", "python -m pytest -v -p no:cacheprovider tests"),
    ("gotest119_v_cut_by_job_limit.txt", "go test -v ./..."),
    ("nodetest20_cut_by_job_limit.txt", "node --test"),
]


@pytest.mark.parametrize(("sample", "command"), CUT)
@pytest.mark.parametrize("limit", LIMITS)
@pytest.mark.parametrize("left_out", [False, True])
def test_a_job_killed_at_its_ci_s_time_limit_while_tests_ran_names_the_infrastructure(
    sample: str, command: str, limit: Callable[[str, str], bytes], left_out: bool
) -> None:
    log = limit(command, (DATA / sample).read_text())
    facts = extract_facts(log, leave_out=modules_reading(log) if left_out else frozenset())
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert route_by_rules(facts) is None
    assert not facts.failing_tests, "no test failed: the job's limit cut the one that waited"


@pytest.mark.parametrize(("sample", "command"), CUT)
@pytest.mark.parametrize("limit", LIMITS)
def test_the_command_running_at_the_ci_s_time_limit_is_the_failing_step_s_and_the_limit_is_named(
    sample: str, command: str, limit: Callable[[str, str], bytes]
) -> None:
    # before: Travis's stop gave no failing step nor command (no region), GitLab's named its own words as the command
    # (`execution took longer than 1h0m0s seconds`), and every limit was named a stop from outside
    output = (DATA / sample).read_text()
    facts = extract_facts(limit(command, output))
    assert facts.failing_step is not None and command in facts.failing_step
    assert facts.failed_line == command
    running = [line for line in output.splitlines() if line.strip()][-1]  # what the limit cut
    assert running.strip() in facts.excerpt
    reasons = [s.reason for s in rule_verdict(facts).signals if s.name == "pattern:job-timeout" and not s.discounted]
    assert reasons and reasons[0].startswith("the CI stopped the job at its time limit"), reasons


def _travis_log_length(command: str, output: str) -> bytes:
    # travis-worker's end of a job whose log outgrew its limit (step_run_script.go writes it; the command still ran)
    lines = [f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}", *output.splitlines(), "", ""]
    lines.append("\x1b[31;1mThe job exceeded the maximum log length, and has been terminated.\x1b[0m")
    return ("\n".join(lines) + "\n").encode()


def _appveyor(command: str, output: str) -> bytes:
    # AppVeyor's time limit, as its users' issues quote it (AppVeyor cannot run here)
    lines = ["Build started", "git clone -q --branch=master https://github.com/acme/shop.git C:\\projects\\shop"]
    lines += [command, *output.splitlines()]
    lines.append("Build execution time has reached the maximum allowed time for your plan (60 minutes).")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("limit", "rule"), [(_travis_log_length, "pattern:stopped"), (_appveyor, "pattern:job-timeout")]
)
def test_a_job_its_ci_ended_for_its_log_length_or_its_plan_s_time_is_stopped_too(
    limit: Callable[[str, str], bytes], rule: str
) -> None:
    # Jest's run cut after one test had failed (jest29_failed_then_cut.txt): was decided test 0.95 under these words,
    # as under no words at all; a stop inside the failing step ended it, so the rules abstain as for the other CIs'
    log = limit("npx jest --ci -i --verbose", (DATA / "jest29_failed_then_cut.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert not verdict.decided, verdict.reason
    assert any(s.name == rule and not s.discounted for s in verdict.signals), verdict.reason


# (sample, the command the CI ran): a run that finished, its summary counting a failed test, whose process then did
# not exit (a thread, a server nobody stopped) until `timeout` ended it (exit 124)
FINISHED = [
    ("pytest9_failed_then_hung.txt", "python -m pytest -p no:cacheprovider tests"),
    ("mocha10_failed_then_hung.txt", "npm test"),
    ("jest29_failed_then_hung.txt", "npx jest --ci"),
]


@pytest.mark.parametrize(("sample", "command"), FINISHED)
@pytest.mark.parametrize("limit", LIMITS)
def test_a_stop_below_the_summary_of_a_run_that_finished_leaves_its_failing_tests_to_decide(
    sample: str, command: str, limit: Callable[[str, str], bytes]
) -> None:
    # before: the CI's limit below the summary named the infrastructure (infra 0.90 against test), undecided; the
    # runner had printed every test's verdict, so the stop ended a process that would not exit, not the run
    verdict = rule_verdict(extract_facts(limit(command, (DATA / sample).read_text())))
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


@pytest.mark.parametrize(("sample", "command"), FINISHED)
def test_timeout_s_exit_status_after_a_finished_run_leaves_its_failing_tests_to_decide(
    sample: str, command: str
) -> None:
    # the real run's own end (`timeout` exit 124): the status is reported once the step ended, below the summary
    log = framing.github_actions(f"timeout 600 {command}", (DATA / sample).read_text(), 124)
    verdict = rule_verdict(extract_facts(log))
    assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


# (sample, the command): runs that printed no summary (cut mid-test after a test had failed), or whose failing tests
# all ended at their own time limit; under a CI's stop each stays undecided
UNFINISHED = [
    ("pytest9_failed_then_killed.txt", "python -m pytest -v -p no:cacheprovider tests"),
    ("jest29_failed_then_cut.txt", "npx jest --ci -i --verbose"),
    ("pytest_timeout24_per_test_signal.txt", "python -m pytest -p no:cacheprovider --timeout=1 tests"),
    ("jest29_test_timeout.txt", "npx jest --ci"),
    ("mocha10_test_timeout.txt", "mocha spec"),
    ("gotest119_run_timeout.txt", "go test -timeout 2s ./..."),
    # Surefire's Results count the one test class its fork finished, above the fork's `Process Exit Code: 137`
    ("maven_surefire_failed_then_fork_killed.txt", "mvn -B -o -Dsurefire.runOrder=alphabetical test"),
]


@pytest.mark.parametrize(("sample", "command"), UNFINISHED)
@pytest.mark.parametrize("limit", [_github, _travis, _jenkins_pipeline])
def test_a_stop_that_cut_the_run_or_ended_tests_at_their_own_limits_is_never_decided_test(
    sample: str, command: str, limit: Callable[[str, str], bytes]
) -> None:
    verdict = rule_verdict(extract_facts(limit(command, (DATA / sample).read_text())))
    assert not verdict.decided, verdict.reason
