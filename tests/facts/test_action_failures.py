"""A GitHub Actions step that ran an action (`uses:`) and failed by its own message (ci/github.gha_action_failures):
`core.setFailed` writes `::error::MSG`, the runner prints `##[error]MSG` and reports no exit code, so that line, the
step's last, is the job's failure point and the step its failing step; a `run:` step fails by its exit code alone."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci import detect
from remediate.facts.ci.failures import failure_points
from remediate.facts.ci.model import FailurePoint, StepEnd
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import View, build_view
from remediate.models import Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

ACTION = "acme/node-version-check@v1"
SET_FAILED = (DATA / "actions_core1_node_version_setfailed.txt").read_text()


def test_an_action_s_own_error_as_its_step_s_last_word_is_the_job_s_failure() -> None:
    # before: no failure point, no failing step (the excerpt and the votes read the whole log alike)
    log = framing.github_action(ACTION, [("node-version", "18")], SET_FAILED)
    facts = extract_facts(log, deadline_s=None)
    assert (facts.failing_step, facts.exit_code) == (f"Run {ACTION}", None)
    error = next(no for no, line in enumerate(log.decode().splitlines(), 1) if "##[error]" in line)
    assert "##[error]Node.js 18 is required" in log.decode().splitlines()[error - 1]
    assert f"Run {ACTION}" in facts.excerpt and "Node.js 18 is required" in facts.excerpt


def test_a_later_step_s_exit_code_stays_the_job_s_failure() -> None:
    # the action continued on error; the `run:` step after it exited 1: that exit names the job's failure
    after = [("npm test", "npm error Test failed.  See above for more details.", 1)]
    log = framing.github_action(ACTION, [("node-version", "18")], SET_FAILED, after)
    facts = extract_facts(log, deadline_s=None)
    assert (facts.failing_step, facts.exit_code) == ("Run npm test", 1)


def test_a_run_step_s_annotation_last_in_a_step_that_passed_fails_nothing() -> None:
    # a `run:` step that printed `::error::` last and exited 0: a step that passed, whatever it annotated
    log = framing.github_steps([("./check.sh", "checked 3 files\n::error file=a.sh::a.sh is not executable", 0)])
    facts = extract_facts(log, deadline_s=None)
    assert facts.failing_step is None


def test_an_action_whose_last_word_is_no_error_did_not_fail() -> None:
    log = framing.github_action(ACTION, [("node-version", "20")], "[command]/usr/bin/node --version\nv20.20.2")
    assert extract_facts(log, deadline_s=None).failing_step is None


def test_a_log_with_no_runner_s_step_header_has_no_action_failure() -> None:
    # a `Run` group no runner wrote (no script echoed, no inputs): no step to read, nothing raised
    log = b"##[group]Run python -m pytest -q\nE   assert 1 == 2\n##[error]Process completed with exit code 1.\n"
    facts = extract_facts(log, deadline_s=None)
    assert facts.exit_code == 1


def test_an_action_run_once_a_step_had_exited_non_zero_leaves_that_exit_the_job_s_failure() -> None:
    # `npm test` exited 1; the action ran for `if: always()` and failed in its own words: the exit names the job
    before = [("npm test", "npm error Test failed.  See above for more details.", 1)]
    log = framing.github_action(ACTION, [("node-version", "18")], SET_FAILED, before=before)
    with LogSource(log) as src:
        scanned = scan(src)
        st = detect(build_view(src, scanned, Redactor()), scanned)
    assert [(f.exit_code, f.end) for f in st.failures] == [(1, StepEnd.EXITED), (None, StepEnd.ACTION_ERROR)]
    facts = extract_facts(log, deadline_s=None)
    assert (facts.failing_step, facts.exit_code) == ("Run npm test", 1)
    assert [s.after_failure for s in facts.steps if s.command == ACTION] == [True]  # run once the job had failed


@pytest.mark.parametrize(
    ("line", "end"),
    [
        ("##[error]Process completed with exit code 2.", StepEnd.EXITED),
        ("##[error]The operation was canceled.", StepEnd.STOPPED),
        ("##[error]The job running on runner X has exceeded the maximum execution time of 5 minutes.", StepEnd.STOPPED),
        ("Finished: FAILURE", StepEnd.REPORTED),
        ("##teamcity[buildProblem description='x']", StepEnd.REPORTED),
        ("make: *** [Makefile:2: lint] Error 2", StepEnd.EXITED),
    ],
)
def test_a_failure_line_says_how_its_step_ended(line: str, end: StepEnd) -> None:
    (point,) = failure_points(View.of([line]))
    assert point.end is end and (point.exit_code is not None) == (end is StepEnd.EXITED)


def test_a_failure_point_s_end_agrees_with_its_code() -> None:
    with pytest.raises(ValueError, match="ending stopped with exit code 1"):
        FailurePoint(1, 1, None, job_level=True, end=StepEnd.STOPPED)
    with pytest.raises(ValueError, match="ending exited with exit code None"):
        FailurePoint(1, None, None, job_level=True, end=StepEnd.EXITED)


# docker/build-push-action fails by `core.setFailed` of `buildx failed with: ` and BuildKit's last error line
# (Buildx.getErrorMessage of @docker/actions-toolkit, npm): the messages below are what its 0.101.0 makes of the stored
# real BuildKit output (Docker 20.10's client; no buildx runs here), the step's own RUN failure repeated as the action's
_BUILDX = (
    (
        "docker2010_buildkit_unittest_in_run.txt",
        "executor failed running [/bin/sh -c python3 -m unittest discover -s tests -v]: exit code: 1",
        "AssertionError: 0.0 != 1",
    ),
    (
        "docker2010_buildkit_run_failed.txt",
        "executor failed running [/bin/sh -c sh scripts/check.sh]: exit code: 1",
        "No such file or directory",
    ),
)


@pytest.mark.parametrize(("sample", "repeated", "cause"), _BUILDX)
def test_an_image_build_action_s_repetition_of_buildkit_s_error_is_no_cause(
    sample: str, repeated: str, cause: str
) -> None:
    # what the failing RUN ran says why (meaning.runs.run_failed); the action's line says it again and wins nothing:
    # the records, the category and the rules' verdict are the build's as a `run:` step's
    output = (DATA / sample).read_text()
    said = f"\n::error::buildx failed with: {repeated}"
    action = extract_facts(
        framing.github_action("docker/build-push-action@v6", [("push", "false")], output + said), deadline_s=None
    )
    run = extract_facts(framing.github_steps([("docker build -t app .", output, 1)]), deadline_s=None)
    assert action.failing_step == "Run docker/build-push-action@v6"
    assert _records(action) == _records(run)
    assert (action.category, rule_verdict(action).category, rule_verdict(action).decided) == (
        run.category,
        rule_verdict(run).category,
        rule_verdict(run).decided,
    )
    assert cause in action.excerpt


def _records(facts: Facts) -> list[tuple[str, str, bool, str]]:
    return [(e.tool, e.category.value, e.votes, e.message) for e in facts.errors]
