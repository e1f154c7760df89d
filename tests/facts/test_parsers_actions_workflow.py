"""GitHub's runner and its actions refusing what the workflow asks for (parsers/actions_workflow.py). The runner
cannot run here: each line is quoted from the source that prints it (the module's docstring names file and
version; tests/facts/data/README.md), as the runner logs it."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import actions_workflow as aw
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

RESOLVE = "Unable to resolve action `helaili/jekyll-build@v2`, repository not found"
UPLOAD = "No files were found with the provided path: reports/junit.xml. No artifacts will be uploaded."

# (what the runner or the action printed, the record's code, its message)
QUOTED = [
    (
        "Unable to resolve action `atlassian/gajira-login@2.0.0`, unable to find version `2.0.0`",
        aw.UNRESOLVED_ACTION,
        "Unable to resolve action `atlassian/gajira-login@2.0.0`, unable to find version `2.0.0`",
    ),
    (
        "Unable to resolve actions. Repository not found : acme/deploy-action.",
        aw.UNRESOLVED_ACTION,
        "Unable to resolve actions. Repository not found : acme/deploy-action",
    ),
    (
        "Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '/home/runner/work/shop/shop/.github/actions/"
        "setup'. Did you forget to run actions/checkout before running your local action?",
        aw.MISSING_ACTION,
        "Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '/home/runner/work/shop/shop/.github/actions/"
        "setup'",
    ),
    (
        "An error occurred trying to start process '/usr/bin/bash' with working directory "
        "'/home/runner/work/shop/shop/web'. No such file or directory",
        aw.WORKING_DIRECTORY,
        "An error occurred trying to start process '/usr/bin/bash' with working directory "
        "'/home/runner/work/shop/shop/web'. No such file or directory",
    ),
    (
        "Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.NPM_TOKEN != ''",
        aw.WORKFLOW_EXPRESSION,
        "Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.NPM_TOKEN != ''",
    ),
    (
        "The version '3.6' with architecture 'x64' was not found for Ubuntu 24.04.",
        aw.TOOLCHAIN_VERSION,
        "The version '3.6' with architecture 'x64' was not found for Ubuntu 24.04",
    ),
    ("Version 3.5 with arch x64 not found", aw.TOOLCHAIN_VERSION, "Version 3.5 with arch x64 not found"),
    (
        "Unable to find Go version '1.99' for platform linux and architecture x64.",
        aw.TOOLCHAIN_VERSION,
        "Unable to find Go version '1.99' for platform linux and architecture x64",
    ),
    (
        "Could not find satisfied version for SemVer '26'. ",
        aw.TOOLCHAIN_VERSION,
        "Could not find satisfied version for SemVer '26'",
    ),
    (
        "Dependencies lock file is not found in /home/runner/work/shop/shop. Supported file patterns: "
        "package-lock.json,npm-shrinkwrap.json,yarn.lock",
        aw.CACHE_DEPENDENCY_FILE,
        "Dependencies lock file is not found in /home/runner/work/shop/shop",
    ),
    (
        "No file in /home/runner/work/shop/shop matched to [**/requirements.txt], make sure you have checked out the "
        "target repository",
        aw.CACHE_DEPENDENCY_FILE,
        "No file in /home/runner/work/shop/shop matched to [**/requirements.txt]",
    ),
    (UPLOAD, aw.ARTIFACT_PATH, "No files were found with the provided path: reports/junit.xml"),
]


@pytest.mark.parametrize(("said", "code", "message"), QUOTED)
def test_each_refusal_is_one_configuration_record_that_decides(said: str, code: str, message: str) -> None:
    """As an action's `core.setFailed` says it (`::error::`), which the runner logs as `##[error]`."""
    f = extract_facts(framing.github_runner("actions/setup-python@v5", f"::error::{said}\n"))
    ours = [(e.tool, e.code, e.message, e.category) for e in f.errors if e.tool == aw.TOOL]
    assert ours == [(aw.TOOL, code, message, Category.CONFIG)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


def test_an_invalid_template_names_the_workflow_file_and_its_place() -> None:
    said = (
        "The template is not valid. .github/workflows/ci.yml (Line: 27, Col: 14): Unrecognized named-value: 'secrets'."
        " Located at position 1 within expression: secrets.NPM_TOKEN != ''"
    )
    f = extract_facts(framing.github_runner("make deploy", f"::error::{said}\n"))
    ours = [(e.code, e.file, e.line, e.column) for e in f.errors if e.tool == aw.TOOL]
    assert ours == [(aw.WORKFLOW_EXPRESSION, ".github/workflows/ci.yml", 27, 14)]


def test_an_action_the_set_up_job_could_not_resolve_decides_before_any_step() -> None:
    """The runner retries the download info and logs each try's words plainly; only its last is its error."""
    log = framing.github_setup_job(
        [
            "Getting action download info",
            f"Failed to resolve action download info. Error: {RESOLVE}",
            "Retrying in 11.413 seconds",
            f"##[error]{RESOLVE}",
        ]
    )
    f = extract_facts(log)
    assert [(e.code, e.message) for e in f.errors if e.tool == aw.TOOL] == [(aw.UNRESOLVED_ACTION, RESOLVE)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


def _failed_tests() -> str:
    return (
        (DATA / "pytest9_api_refusal_in_test.txt")
        .read_text()
        .replace("HttpError: Resource not accessible by integration\n", "")
    )


def test_an_upload_after_failed_tests_leaves_the_tests_the_first_failure() -> None:
    """An `if: always()` upload of the report the failed run did not write: the tests failed first."""
    steps = [("python -m pytest tests", _failed_tests(), 1), ("actions/upload-artifact@v4", f"::error::{UPLOAD}", 0)]
    verdict = rule_verdict(extract_facts(framing.github_steps(steps)))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_a_refusal_beside_a_later_test_failure_is_two_failures() -> None:
    steps = [("actions/upload-artifact@v4", f"::error::{UPLOAD}", 0), ("python -m pytest tests", _failed_tests(), 1)]
    assert not rule_verdict(extract_facts(framing.github_steps(steps))).decided


def test_the_same_words_as_a_warning_fail_nothing() -> None:
    """upload-artifact's default (`if-no-files-found: warn`) says it with `core.warning`."""
    f = extract_facts(framing.github_runner("actions/upload-artifact@v4", f"::warning::{UPLOAD}\n"))
    assert not [e for e in f.errors if e.tool == aw.TOOL]


@pytest.mark.parametrize(
    "line",
    [
        # .NET's own exception, as a project's test prints it: the runner's line starts with the words
        "System.ComponentModel.Win32Exception (2): An error occurred trying to start process 'git' with working "
        "directory '/tmp/x'. No such file or directory",
        "Version 1.2 of package left-pad not found",
        'echo "Unable to resolve action `a/b@v1`, repository not found"',
    ],
)
def test_other_programs_words_are_no_refusal(line: str) -> None:
    f = extract_facts(framing.github_actions("make", line))
    assert not [e for e in f.errors if e.tool == aw.TOOL]
