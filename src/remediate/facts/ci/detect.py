"""Which CI wrote the log (_which_ci) and the job's Structure (detect): the steps, failures, region, after-steps
and statuses, each read by the rules of that CI's module."""

from __future__ import annotations

from remediate.facts.ci.azure import azure_after, azure_statuses, azure_steps, azure_tasks
from remediate.facts.ci.buildkite import BUILDKITE_TRAPPED, buildkite_phases, buildkite_statuses, buildkite_steps
from remediate.facts.ci.circleci import circleci_after, circleci_steps
from remediate.facts.ci.cloudbuild import cloudbuild_statuses, cloudbuild_steps
from remediate.facts.ci.codebuild import CODEBUILD_RUNNER, codebuild_after, codebuild_steps
from remediate.facts.ci.failures import failure_points, primary_failure
from remediate.facts.ci.github import gha_action_failures, gha_post_steps, gha_primary, gha_setup_ranges, gha_statuses
from remediate.facts.ci.gitlab import gitlab_stages, gitlab_statuses
from remediate.facts.ci.jenkins import jenkins_parallel, jenkins_post, jenkins_statuses, jenkins_steps
from remediate.facts.ci.model import Structure
from remediate.facts.ci.region import locate_region, mark_key_lines
from remediate.facts.ci.statuses import stopped_at_failure
from remediate.facts.ci.teamcity import teamcity_steps
from remediate.facts.ci.traced import add_traces, from_failing_trace, traced_statuses
from remediate.facts.ci.travis import after_folds, travis_setup_ranges, travis_statuses
from remediate.facts.lazyregex import Regex
from remediate.facts.reader import gh_step_prefix
from remediate.facts.scan import ScanResult
from remediate.facts.view import View, failed_branches

_GHA_STEP = Regex(r"^##\[group\]Run (.+)$")
_COMMAND = Regex(r"^\$ (.+)$")


_GITLAB = Regex(r"^(?:Running with gitlab-runner|Executing \"step_script\" stage|Job succeeded$)")
_JENKINS = Regex(r"^(?:\[Pipeline\]|Started by (?:user|an SCM|timer|upstream)|Building in workspace)")
_TRAVIS = Regex(r"^(?:travis_fold|Worker information|Build system information|Done\. Your build exited)")
_AZURE = Regex(r"^##\[section\](?:Starting|Finishing): ")
_CIRCLECI = Regex(
    r"^(?:#!/bin/(?:ba)?sh (?:--login )?-eo pipefail$|Exited with code exit status \d+$|CircleCI received exit code)"
)
_CLOUDBUILD = Regex(r'^(?:starting build "[^"]{1,200}"$|Starting Step #\d{1,4}(?: - "|$))')
_TEAMCITY = Regex(r"^(?:TeamCity server version is |Step \d{1,3}/\d{1,3}: \S)")
_BUILDKITE = Regex(
    r"^(?:~~~ (?:Running commands|Preparing working directory|Running global)|\U0001f6a8 Error: The command exited)"
)


def detect(view: View, scanned: ScanResult) -> Structure:
    st = Structure(ci=_which_ci(view))
    st.steps, gh_steps = _marked_steps(view, scanned)
    if st.ci in _NO_DOLLAR_ECHO:  # a `$ cmd` line there is a tool's echo (Yarn's, Bun's), not a step
        st.steps = [(no, title) for no, title in st.steps if not view.text(no).lstrip().startswith("$ ")]
    if st.ci in _LINE_STEPS:
        st.steps = sorted(set(st.steps) | set(_LINE_STEPS[st.ci](view)))  # a step the scan marked too, once
    st.failures = failure_points(view)
    st.parallel = jenkins_parallel(view) if st.ci == "jenkins" else []
    st.failed_branches = failed_branches(view) if st.parallel else []  # read once: the region and the statuses
    if st.ci == "github-actions":
        post = gha_post_steps(view, st.steps)
        st.post_start = post[0][0] if post else None
        st.after_steps = {no for no, _ in post}
        st.steps.extend(post)
        st.steps.sort()
        st.failures = sorted([*st.failures, *gha_action_failures(view, st)], key=lambda f: f.line)
    if st.ci == "gitlab":
        st.stages = gitlab_stages(view)
        st.after_steps = {no for no, _ in st.steps if st.stages.get(no) == "after_script"}
    if st.ci in ("gitlab", "buildkite"):  # their runners echo `$ cmd` as tools do
        st.tool_echoes = _tool_echoes(view, st.steps)
    if st.ci == "buildkite":  # read once: the after-steps and the statuses both rest on it
        st.phases = buildkite_phases(view, st.steps)
        st.after_steps = {no for (no, _), phase in zip(sorted(st.steps), st.phases, strict=True) if phase == "after"}
    if st.ci == "azure":  # read once: the after-steps and the statuses both rest on it
        st.tasks = azure_tasks(view, st.steps)
        st.after_steps = azure_after(st)
    if st.ci in _AFTER_STEPS:
        st.after_steps = _AFTER_STEPS[st.ci](view, st.steps)
    st.primary = gha_primary(st) if st.ci == "github-actions" else primary_failure(st.failures)
    if st.primary is not None:
        st.exit_code = st.primary.exit_code
        locate_region(st, view, gh_steps)
    st.setup_ranges = _SETUP_RANGES[st.ci](view) if st.ci in _SETUP_RANGES else []
    st.after_stages = after_folds(view) if st.ci == "travis" else []
    add_traces(st, view)
    st.statuses = traced_statuses(st, view, _STATUSES[st.ci](st, view) if st.ci in _STATUSES else [])
    mark_key_lines(st, view)
    from_failing_trace(st)
    return st


def _marked_steps(view: View, scanned: ScanResult) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """The steps the scan marked (GitHub Actions' `Run` groups, echoed commands), and the GitHub
    Actions steps' names by line, where the runner prefixed them."""
    steps: list[tuple[int, str]] = []
    gh_steps: dict[int, str] = {}
    for marker in scanned.markers:
        line = view.get(marker.line)
        if line is None:
            continue
        m = _GHA_STEP.match(line.text)
        if m:
            steps.append((line.no, m.group(1).strip()))
            name = gh_step_prefix(line.raw)
            if name:
                gh_steps[line.no] = name
            continue
        # At the line's start only, as runners echo: an indented `  $ cmd` is a tool's (a config.log's, a hint's)
        m = _COMMAND.match(line.text.rstrip())
        if m:
            steps.append((line.no, m.group(1).strip()))
    return steps, gh_steps


# Yarn 1 opens each script it runs with `yarn run vX.Y.Z` and echoes the script's command as `$ cmd`, as it echoes a
# nested run's (`yarn lint` or npm-run-all inside the script) without a header; the outer run closes with `Done in
# Ns.` or, once the script failed, `info Visit https://yarnpkg.com/en/docs/cli/run ...` (tests/facts/data:
# wrapper_yarn1_test_lint_fails.txt, wrapper_yarn1_two_runs_second_fails.txt).
_YARN_RUN = Regex(r"^yarn run v\d+\.\d+\.\d+$")
_YARN_DONE = ("Done in ", "info Visit https://yarnpkg.com/en/docs/cli/run")


def _tool_echoes(view: View, steps: list[tuple[int, str]]) -> set[int]:
    """The step lines that are a tool's own `$ cmd` echo, not the runner's: those inside a Yarn run (_YARN_RUN), and
    those after the Buildkite agent's prompt of the job's command in its phase (the agent prompts it once). A log
    whose colours were stripped shows nothing else that tells the runner's echo from a tool's (runners_echoes)."""
    lines = {no for no, _ in steps}
    tools: set[int] = set()
    in_yarn = in_command = False
    for line in view.lines:
        text = line.text
        if text.startswith("yarn run v") and _YARN_RUN.match(text):
            in_yarn = True
        elif in_yarn and text.startswith(_YARN_DONE):
            in_yarn = False
        elif text.startswith("~~~ "):
            in_command = False  # the agent's next section
        elif line.no in lines and (in_yarn or in_command):
            tools.add(line.no)
        elif line.no in lines and text.startswith(BUILDKITE_TRAPPED):
            in_command = True
    return tools


# CIs whose runners never echo a command as `$ cmd` (GitHub Actions' `Run` groups, Jenkins' `+ cmd`, Azure's
# and CircleCI's script headers): Travis, GitLab and Buildkite do, and a wrapper's own echo looks the same.
_NO_DOLLAR_ECHO = frozenset({"github-actions", "jenkins", "azure", "circleci", "cloudbuild", "codebuild", "teamcity"})
_LINE_STEPS = {
    "jenkins": jenkins_steps,
    "azure": azure_steps,
    "circleci": circleci_steps,
    "buildkite": buildkite_steps,
    "cloudbuild": cloudbuild_steps,
    "codebuild": codebuild_steps,
    "teamcity": teamcity_steps,
}


def _which_ci(view: View) -> str:
    head = view.lines[:400]
    for line in head:
        text = line.text
        if _AZURE.match(text):  # Azure writes `##[` commands too, but never GitHub's step groups
            return "azure"
        if text.startswith("##[") or gh_step_prefix(line.raw):
            return "github-actions"
    for line in view.lines:
        text = line.text
        if text.startswith("##[section]") and _AZURE.match(text):
            return "azure"
        if text.startswith("##[group]") or text.startswith("##[error]"):
            return "github-actions"
        if _GITLAB.match(text):
            return "gitlab"
        if _JENKINS.match(text):
            return "jenkins"
        if _TRAVIS.match(text):
            return "travis"
        if text.startswith(("#!/", "Exited", "CircleCI")) and _CIRCLECI.match(text):
            return "circleci"
        if text.startswith(("~~~", "\U0001f6a8")) and _BUILDKITE.match(text):
            return "buildkite"
        if text.startswith(("starting build", "Starting Step #")) and _CLOUDBUILD.match(text):
            return "cloudbuild"
        if text.startswith("[Container] ") and CODEBUILD_RUNNER.match(text):
            return "codebuild"
        if text.startswith(("TeamCity ", "Step ")) and _TEAMCITY.match(text):
            return "teamcity"
    return "unknown"


# What a runner echoes about a step or the machine before the step's output: GitHub's `##[group]Run` header (the
# `run:` script, shell, inputs, env), Travis' machine reports. Another CI's `##[group]` is no runner's echo (Azure's
# is a logging command the job's own script prints: its group holds the step's output).
_SETUP_RANGES = {
    "travis": travis_setup_ranges,
    "github-actions": gha_setup_ranges,
}
_AFTER_STEPS = {
    "jenkins": jenkins_post,
    "circleci": circleci_after,
    "codebuild": codebuild_after,
}
_STATUSES = {
    "travis": travis_statuses,
    "github-actions": gha_statuses,
    "gitlab": gitlab_statuses,
    "jenkins": jenkins_statuses,
    "azure": azure_statuses,
    "buildkite": buildkite_statuses,
    "circleci": stopped_at_failure,
    "cloudbuild": cloudbuild_statuses,
    "codebuild": stopped_at_failure,
    "teamcity": stopped_at_failure,
}
