"""A job that only reports other jobs' results (a required status check over the jobs it `needs`): the facts say so
(Facts.reported_jobs), the rules never decide a category from its log, and the triage names the job whose log holds
the cause (real output: tests/facts/data/README.md, round 46)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts, JobResult
from remediate.triage import rule_verdict, triage
from remediate.triage.agent import fallback, render_triage_facts
from tests.facts import framing
from tests.facts.samples import DATA

# The scripts that made the samples, as GitHub shows them once it interpolated `${{ needs.<job>.result }}`.
COMPARED = """if [[ "failure" == "success" || "failure" == "skipped" ]]; then
  echo "All required jobs passed"
else
  exit 1
fi"""


ECHOED = """echo "needs.build.result=failure"
echo "needs.lint.result=success"
if [[ "failure" != "success" || "success" != "success" ]]; then
  exit 1
fi"""


# actions/github-script's `script:` as run (with node and @actions/core 1.11.1): `${{ toJSON(needs) }}` interpolated.
SET_FAILED = """const core = require('@actions/core');
const needs = {
  "build": {
    "result": "failure",
    "outputs": {}
  },
  "lint": {
    "result": "success",
    "outputs": {}
  }
};
const failed = Object.entries(needs).filter(([, job]) => job.result !== 'success');
if (failed.length > 0) {
  core.setFailed('Some jobs failed');
}"""


def _compared() -> Facts:
    return extract_facts(framing.github_script(COMPARED, (DATA / "bash52_status_check_compared.txt").read_text()))


def _echoed() -> Facts:
    return extract_facts(framing.github_script(ECHOED, (DATA / "bash52_status_check_echoed.txt").read_text()))


def _set_failed() -> Facts:
    inputs = [("script", SET_FAILED), ("github-token", "***"), ("debug", "false"), ("result-encoding", "json")]
    output = (DATA / "actions_core1_setfailed_jobs.txt").read_text()
    return extract_facts(framing.github_action("actions/github-script@v7", inputs, output))


BUILD_FAILED = [JobResult(job="build", result="failure"), JobResult(job="lint", result="success")]


def test_a_script_comparing_interpolated_results_only_reports_them_and_names_no_job() -> None:
    f = _compared()
    assert f.reported_jobs is not None and f.reported_jobs.jobs == []
    assert '"failure" == "success"' in f.reported_jobs.shown
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided, verdict.confidence) == (Category.UNKNOWN, False, 0.0)
    assert verdict.reason.startswith("this job only reports the results of the jobs it needs"), verdict.reason
    assert "its log does not name it" in verdict.reason


@pytest.mark.parametrize("facts", [_echoed, _set_failed], ids=["echoed", "set-failed"])
def test_the_job_that_failed_is_named_and_no_category_is_guessed_from_the_reporter_s_words(
    facts: Callable[[], Facts],
) -> None:
    f = facts()
    assert f.reported_jobs is not None and f.reported_jobs.jobs == BUILD_FAILED
    assert f.reported_jobs.failed() == ["build"]
    verdict = rule_verdict(f)
    # the words of the log (a job named `lint`) score, but name no cause of this job's own
    assert (verdict.category, verdict.decided) == (Category.UNKNOWN, False), verdict.reason
    assert "the job that did not succeed, build (failure)" in verdict.reason
    assert "build (failure)" in render_triage_facts(f, None, verdict)


async def test_the_triage_routes_no_specialist_and_says_where_the_cause_is() -> None:
    for f in (_compared(), _echoed(), _set_failed()):
        result = await triage(f)
        assert result.route is None and result.decided_by == "fallback", result.reason
        assert "only reports the results of the jobs it needs" in result.reason


def test_a_guess_over_the_floor_does_not_route_a_reporter_s_log() -> None:
    f = _echoed()
    verdict = rule_verdict(f)
    sure = type(verdict)(Category.LINT, 0.7, False, verdict.reason)  # as if its words had named lint
    assert fallback(f, sure, sure.reason).route is None


def test_a_script_that_runs_something_beside_the_comparison_is_not_a_reporter() -> None:
    """`if [[ "success" == "success" ]]; then npm publish; fi`: the publish is this job's own failure."""
    script = 'if [[ "failure" != "success" ]]; then\n  npm publish\nfi'
    f = extract_facts(framing.github_script(script, (DATA / "npm11_publish_noauth.txt").read_text()))
    assert f.reported_jobs is None
    assert "only reports" not in rule_verdict(f).reason


def test_an_ordinary_failing_step_reports_no_jobs() -> None:
    f = extract_facts(framing.github_actions("pytest -q", (DATA / "pytest_failures.txt").read_text()))
    assert f.reported_jobs is None and f.failing_tests


def test_a_log_of_no_step_holding_job_results_raises_nothing_and_reports_no_jobs() -> None:
    """A bare tool's output (no CI step, no failing region) holding the needs context's JSON: nothing to read it in."""
    f = extract_facts(b'{\n  "build": {\n    "result": "failure",\n    "outputs": {}\n  }\n}\n')
    assert f.reported_jobs is None
