"""A credential the job lacks or the remote refuses, in git's, ssh's, the AWS CLI's and docker login's own words
(parsers/credentials.py), on real output made here (tests/facts/data/README.md): one configuration record naming
what is missing, decided config, and the run ends before any model call (remediate/reach.py)."""

from __future__ import annotations

import pytest

from remediate.agents import SPECIALISTS
from remediate.facts import extract_facts
from remediate.facts.parsers.credentials import (
    AWS_CREDENTIALS,
    GIT_CREDENTIALS,
    REGISTRY_LOGIN,
    SETTING_CODES,
    SSH_HOST_KEY,
    SSH_KEY,
    TOOL_OF,
    TOOLS,
)
from remediate.models import Category
from remediate.reach import Writer, out_of_reach
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

CONFIG = Writer("config", SPECIALISTS["config"].policy())
CLONE_HTTPS = "git clone https://github.com/acme/private-lib.git"
CLONE_SSH = "git clone git@github.com:acme/private-lib.git"
PUSH = "git push origin HEAD:gh-pages"

SAMPLES = [
    ("git239_https_no_prompt.txt", CLONE_HTTPS, "git", GIT_CREDENTIALS, "could not read Username for"),
    ("git239_https_push_no_prompt.txt", "git push origin HEAD:gh-pages", "git", GIT_CREDENTIALS, "could not read"),
    ("git239_https_auth_failed.txt", CLONE_HTTPS, "git", GIT_CREDENTIALS, "Authentication failed for"),
    ("git239_https_push_403.txt", PUSH, "git", GIT_CREDENTIALS, "Permission to acme/shop.git denied to shop-"),
    ("git239_https_push_403_no_reason.txt", PUSH, "git", GIT_CREDENTIALS, "unable to access 'https://git.acme.dev/"),
    ("git239_ssh_publickey.txt", CLONE_SSH, "ssh", SSH_KEY, "Permission denied (publickey)"),
    ("git239_ssh_host_key.txt", CLONE_SSH, "ssh", SSH_HOST_KEY, "Host key verification failed"),
    ("awscli146_sts_no_credentials.txt", "aws sts get-caller-identity", "aws-cli", AWS_CREDENTIALS, "Unable to"),
    ("awscli146_s3_sync_no_credentials.txt", "aws s3 sync ./dist s3://b/", "aws-cli", AWS_CREDENTIALS, "Unable to"),
    ("awscli146_s3_cp_no_credentials.txt", "aws s3 cp dist/a s3://b/", "aws-cli", AWS_CREDENTIALS, "Unable to"),
    ("docker28_login_non_tty.txt", "docker login ghcr.io -u bot", "docker-login", REGISTRY_LOGIN, "Cannot perform"),
]


@pytest.mark.parametrize(("sample", "command", "tool", "code", "said"), SAMPLES)
def test_a_missing_or_refused_credential_is_decided_config_and_ends_the_run(
    sample: str, command: str, tool: str, code: str, said: str
) -> None:
    """Before: no record, the rules undecided (unknown 0.0; ssh's publickey: config 0.36 undecided)."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [(tool, code, Category.CONFIG)]
    assert TOOL_OF[code] == tool and tool in TOOLS  # the tool each code is written with, once
    assert f.errors[0].message.startswith(said)
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason
    reach = out_of_reach(f, [CONFIG])
    assert reach is not None and f"the job needs {SETTING_CODES[code]}" in reach.message


@pytest.mark.parametrize(
    "line",
    [
        # go's `git ls-remote` of a private module and npm's git dependency: their tools' dependency failures
        "\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
        "npm ERR! fatal: Authentication failed for 'https://github.com/acme/lib.git/'",
        "bash: ./deploy.sh: Permission denied",
        "botocore.exceptions.NoCredentialsError: Unable to locate credentials",
        "echo 'Host key verification failed.' > expected.txt",
        # libcurl's 403 under another tool (npm's git dependency) or curl's own: a URL's, a CDN's or a rate limit's
        "npm ERR! fatal: unable to access 'https://github.com/acme/lib.git/': The requested URL returned error: 403",
        "curl: (22) The requested URL returned error: 403",
        # the server's trouble, not the token's (meaning.network)
        "fatal: unable to access 'https://github.com/acme/shop.git/': The requested URL returned error: 502",
        # GitHub's reason alone, with no refusal by git under it
        "remote: Permission to acme/shop.git denied to shop-release-bot.",
    ],
)
def test_the_words_inside_another_tools_line_are_no_credential_record(line: str) -> None:
    f = extract_facts(framing.github_actions("make deploy", line))
    assert not [e for e in f.errors if e.code in SETTING_CODES]


def test_a_refusal_a_test_prints_is_the_tests_failure() -> None:
    """git's refusal in a failing pytest test's captured stderr (real run): the test decides, the record does not
    vote and the run goes on."""
    f = extract_facts(
        framing.github_runner("python -m pytest tests", (DATA / "pytest9_git_auth_in_test.txt").read_text())
    )
    assert [(e.code, e.votes) for e in f.errors if e.code in SETTING_CODES] == [(GIT_CREDENTIALS, False)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason
    assert out_of_reach(f, [CONFIG]) is None


def test_a_credential_beside_a_compile_error_decides_nothing_and_keeps_the_run() -> None:
    """Two failing commands, a compile error and the deploy's missing credentials: two failures, as for
    github_access's settings, the rules decide neither and the run is not ended."""
    log = framing.travis_commands(
        [
            ("make", (DATA / "gcc12_make_own_header_of_its_source.txt").read_text(), 2),
            ("aws s3 sync ./dist s3://b/", (DATA / "awscli146_s3_sync_no_credentials.txt").read_text(), 1),
        ]
    )
    f = extract_facts(log)
    assert {e.tool for e in f.errors} == {"compiler", "aws-cli"}
    assert not rule_verdict(f).decided
    assert out_of_reach(f, [CONFIG]) is None


CLONE_VENDOR = "git clone https://github.com/acme/pricing-rules.git vendor/pricing_rules"
PYTEST_VENDOR = "PYTHONPATH=vendor/pricing_rules python -m pytest tests"


@pytest.mark.parametrize(
    ("second", "code", "ends"),
    [
        ("pytest9_vendored_module_missing.txt", 2, True),  # `No module named 'pricing_rules'`: the clone's
        ("pytest9_total_assertion.txt", 1, False),  # an assertion of its own: two failures
    ],
)
def test_a_refused_clone_ends_the_run_with_the_failure_it_caused(second: str, code: int, ends: bool) -> None:
    """A private clone refused (`continue-on-error`), then the tests' step failing on the very module it was to
    provide: the refusal is the cause, and the run ends as for the refusal alone (before: it went on, two kinds
    of record). An independent failing test beside the same refusal stays two failures, and the run goes on."""
    clone = (DATA / "git239_clone_private_no_prompt.txt").read_text()
    log = framing.github_steps([(CLONE_VENDOR, clone, 128), (PYTEST_VENDOR, (DATA / second).read_text(), code)])
    f = extract_facts(log)
    refusal = next(e for e in f.errors if e.code == GIT_CREDENTIALS)
    assert refusal.message.endswith("(cloning into 'vendor/pricing_rules')")
    reach = out_of_reach(f, [Writer(name, SPECIALISTS[name].policy()) for name in SPECIALISTS])
    assert (reach is not None) is ends, reach
    if reach is not None:
        assert SETTING_CODES[GIT_CREDENTIALS] in reach.message


def test_the_jobs_own_token_refused_a_push_is_one_record_of_what_it_lacks() -> None:
    """GitHub's refusal of GITHUB_TOKEN's push over git's 403: github_access's record (a permission the workflow
    gives), not a second one here saying the same."""
    out = (DATA / "git239_https_push_403.txt").read_text().replace("shop-release-bot", "github-actions[bot]")
    f = extract_facts(framing.github_actions(PUSH, out))
    assert [(e.tool, e.code) for e in f.errors] == [("github-actions", "token-permissions")]
