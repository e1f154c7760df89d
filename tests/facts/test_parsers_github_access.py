"""GitHub's own words that a job lacks a setting, a secret or a token permission (parsers/github_access.py),
on real @actions/core and Octokit output made here (tests/facts/data/README.md), bare and as GitHub's
runner logs it."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers.github_access import (
    BAD_CREDENTIALS,
    MISSING_PERMISSION,
    REQUIRED_INPUT,
    SETTING_CODES,
    TOOL,
)
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

SAMPLES = [
    ("actions_core_required_input.txt", REQUIRED_INPUT, "Input required and not supplied: token"),
    ("octokit_token_403.txt", MISSING_PERMISSION, "Resource not accessible by integration"),
    ("octokit_pat_403.txt", MISSING_PERMISSION, "Resource not accessible by personal access token"),
    (
        "octokit_pulls_not_permitted_403.txt",
        MISSING_PERMISSION,
        "GitHub Actions is not permitted to create or approve pull requests",
    ),
    ("octokit_bad_credentials_401.txt", BAD_CREDENTIALS, "Bad credentials"),
    # `gh api`'s `gh: MESSAGE (HTTP 403)` glued to the answer's JSON (before: no record, config 0.36 undecided)
    ("gh223_api_403.txt", MISSING_PERMISSION, "Resource not accessible by integration"),
    ("gh223_release_create_403.txt", MISSING_PERMISSION, "Resource not accessible by integration"),
    ("docker_login_no_secrets.txt", REQUIRED_INPUT, "Username and password required"),
    ("codecov_cli11_token_required.txt", REQUIRED_INPUT, "Token required because branch is protected"),
]


@pytest.mark.parametrize(("sample", "code", "message"), SAMPLES)
@pytest.mark.parametrize("how", ["bare", "github-actions", "github-runner"])
def test_each_is_one_configuration_record_naming_what_is_missing(
    sample: str, code: str, message: str, how: str
) -> None:
    output = (DATA / sample).read_text()
    if how == "bare":
        log = output.encode()
    elif how == "github-actions":
        log = framing.github_actions("actions/github-script@v7", output)
    else:  # the runner consumes `::error::` and logs `##[error]`
        log = framing.github_runner("actions/github-script@v7", output)
    f = extract_facts(log)
    ours = [e for e in f.errors if e.tool == TOOL]
    assert [(e.code, e.message, e.category) for e in ours] == [(code, message, Category.CONFIG)]
    assert f.category is Category.CONFIG and code in SETTING_CODES


@pytest.mark.parametrize(
    "line",
    [
        # actions/github-script's handler: core.setFailed(`Unhandled error: ${err}`) on Octokit's HttpError
        "##[error]Unhandled error: HttpError: Resource not accessible by integration",
        "RequestError [HttpError]: Resource not accessible by integration",
        "remote: Permission to octo/app.git denied to github-actions[bot].",
        # ncipollo/release-action's GithubError.ts, the gh CLI's HTTPError (cli/go-gh pkg/api/errors.go)
        "##[error]Error 403: Resource not accessible by integration",
        "HTTP 403: Resource not accessible by integration (https://api.github.com/repos/acme/shop/releases)",
    ],
)
def test_the_other_spellings_github_prints_are_a_missing_permission(line: str) -> None:
    f = extract_facts(framing.github_actions("actions/github-script@v7", line))
    assert [(e.tool, e.code) for e in f.errors if e.tool == TOOL] == [(TOOL, MISSING_PERMISSION)]


def test_the_gh_clis_refused_token_is_one_github_does_not_accept() -> None:
    f = extract_facts(
        framing.github_actions("gh pr list", "HTTP 401: Bad credentials (https://api.github.com/graphql)")
    )
    assert [(e.code, e.message) for e in f.errors if e.tool == TOOL] == [(BAD_CREDENTIALS, "Bad credentials")]


@pytest.mark.parametrize(
    "line",
    [
        "docs: what 'Resource not accessible by integration' means",
        "remote: Permission to octo/app.git denied to alice.",
        "echo 'Input required and not supplied: token' > expected.txt",
        "Bad credentials",  # Spring Security's BadCredentialsException message, logged by the project's own app
        "Password required for user alice",
    ],
)
def test_prose_and_other_accounts_are_no_setting(line: str) -> None:
    f = extract_facts(framing.github_actions("make", line))
    assert not [e for e in f.errors if e.tool == TOOL]


@pytest.mark.parametrize(("sample", "code", "message"), SAMPLES)
def test_an_annotation_naming_no_file_nor_title_is_no_linters_finding(sample: str, code: str, message: str) -> None:
    """`::error::MESSAGE` is how any action says why its step failed (@actions/core's setFailed): with the module
    that knows the message left out (a message no parser knows), the annotation is shown but decides nothing
    (before: lint 0.88 decided, a linter's finding). An annotation a linter prints names its file or its title."""
    log = framing.travis("node action.js", (DATA / sample).read_text())
    verdict = rule_verdict(extract_facts(log, leave_out=frozenset({"github_access"})))
    assert not verdict.decided, verdict.reason
    assert verdict.category is not Category.LINT, verdict.reason
    titled = extract_facts(framing.travis("node lint.js", f"::error file=src/a.js,line=3::{message}\n"))
    assert [(e.category, e.votes) for e in titled.errors] == [(Category.LINT, True)]


def test_an_api_refusal_a_test_prints_is_no_decided_setting() -> None:
    """A test of the project's own client prints the API's refusal in its captured output (real pytest run,
    tests/facts/data/README.md) and fails on its assertion: the failing test is read, and the rules do not decide
    the run lacks a setting."""
    f = extract_facts(
        framing.github_runner("python -m pytest tests", (DATA / "pytest9_api_refusal_in_test.txt").read_text())
    )
    assert [t.id for t in f.failing_tests] == ["tests/test_comments.py::test_a_refused_comment_is_retried"]
    verdict = rule_verdict(f)
    assert not (verdict.decided and verdict.category is Category.CONFIG), verdict.reason
