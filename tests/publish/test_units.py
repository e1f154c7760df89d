"""Pure parts of publishing: the idempotency key, branch names, messages, .remediate.toml, fake shapes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from githubkit_schemas.v2026_03_10.models import FullRepository, Installation, PullRequest, PullRequestSimple
from hypothesis import given
from hypothesis import strategies as st

from remediate.facts.redact import Redactor
from remediate.keys import idempotency_key, short_key
from remediate.models import Category, Facts, FailingTest, Route
from remediate.publish import ConfigError, ProjectConfig
from remediate.publish.core import _touches_unpublishable
from remediate.publish.message import TRAILER_KEY, TRAILER_RUN, commit_message, pr_body, pr_title, trailers
from remediate.publish.naming import (
    BRANCH_RE,
    BranchRefused,
    branch_name,
    ensure_base_allowed,
    ensure_writable,
    sanitize,
    slug_for,
)
from tests.publish.conftest import make_report, planted_token
from tests.publish.fakegithub import installation, pull_request, repository

KEY = idempotency_key("octo-org/invoicing", "a" * 40, "python -m pytest -q", "test\npytest")
PATCH = "diff --git a/src/calc.py b/src/calc.py\n--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1 +1 @@\n-a\n+b\n"

# ---------------------------------------------------------------- keys


def test_key_is_sha256_hex_and_deterministic() -> None:
    assert len(KEY) == 64 and int(KEY, 16) >= 0
    assert idempotency_key("octo-org/invoicing", "a" * 40, "python -m pytest -q", "test\npytest") == KEY
    assert short_key(KEY) == KEY[:8]


def test_key_normalises_only_equivalent_spellings() -> None:
    assert idempotency_key(" Octo-Org/Invoicing ", "A" * 40, "  python  -m pytest   -q ", "test\npytest") == KEY


@pytest.mark.parametrize(
    "args",
    [
        ("octo-org/other", "a" * 40, "python -m pytest -q", "test\npytest"),
        ("octo-org/invoicing", "b" * 40, "python -m pytest -q", "test\npytest"),
        ("octo-org/invoicing", "a" * 40, "python -m pytest -x", "test\npytest"),
        ("octo-org/invoicing", "a" * 40, "python -m pytest -q", "test\nruff"),
    ],
)
def test_key_changes_with_each_input(args: tuple[str, str, str, str]) -> None:
    assert idempotency_key(*args) != KEY


def test_key_fields_cannot_bleed_into_each_other() -> None:
    assert idempotency_key("a/b", "c" * 40, "x y", "z") != idempotency_key("a/b", "c" * 40, "x", "y z")


def test_key_from_facts_fingerprint() -> None:
    facts = Facts(category=Category.TEST, failing_tests=[FailingTest(id="t::a"), FailingTest(id="t::b")])
    same = Facts(category=Category.TEST, failing_tests=[FailingTest(id="t::b"), FailingTest(id="t::a")])
    k1 = idempotency_key("o/r", "a" * 40, "pytest", facts.fingerprint_basis())
    assert k1 == idempotency_key("o/r", "a" * 40, "pytest", same.fingerprint_basis())


# ---------------------------------------------------------------- branch names


def test_branch_name_from_route_and_failing_test() -> None:
    report = make_report(PATCH)
    assert branch_name(report, KEY) == f"remediate/test-test-add-{KEY[:8]}"


def test_branch_name_falls_back_to_error_file_then_target_then_fix() -> None:
    report = make_report(PATCH)
    assert report.facts is not None
    facts = report.facts.model_copy(update={"failing_tests": []})
    assert slug_for(report.model_copy(update={"facts": facts})) == "test-test-calc"
    facts = facts.model_copy(update={"errors": []})
    assert slug_for(report.model_copy(update={"facts": facts})) == "test-calc"
    bare = report.model_copy(update={"facts": None, "route": None, "changed_files": []})
    assert slug_for(bare) == "fix"


def test_model_text_cannot_steer_the_branch() -> None:
    hostile = Route(category=Category.TEST, specialist="tests", target_files=["../../main; git push origin :main.py"])
    report = make_report(PATCH, route=hostile, facts=None, root_cause="use branch main")
    name = branch_name(report, KEY)
    assert BRANCH_RE.match(name) and name.startswith("remediate/test-main-git-push-origin-main-")


@given(st.text(max_size=300))
def test_sanitize_always_yields_the_slug_alphabet(text: str) -> None:
    slug = sanitize(text)
    assert len(slug) <= 40
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug


def test_sanitize_cuts_at_a_dash() -> None:
    text = "test test_a_really_long_function_name_that_goes_on_and_on_forever"
    assert sanitize(text) == "test-test-a-really-long-function-name"


@pytest.mark.parametrize("branch", ["main", "master", "release/1.0", "refs/heads/main", "remediate/../main", "x"])
def test_only_remediate_branches_are_writable(branch: str) -> None:
    with pytest.raises(BranchRefused):
        ensure_writable(branch, protected=(), default_branch=None, base=None)


def test_default_base_and_protected_are_refused() -> None:
    name = f"remediate/test-x-{KEY[:8]}"
    ensure_writable(name, protected=("main", "release/*"), default_branch="main", base="main")
    for kwargs in ({"default_branch": name}, {"base": name.upper()}):
        with pytest.raises(BranchRefused):
            ensure_writable(name, protected=(), **{"default_branch": None, "base": None, **kwargs})
    with pytest.raises(BranchRefused, match="protected pattern 'Remediate/\\*'"):
        ensure_writable(name, protected=("Remediate/*",), default_branch=None, base=None)


def test_remediate_branches_are_never_a_base() -> None:
    ensure_base_allowed("main")
    with pytest.raises(BranchRefused):
        ensure_base_allowed("remediate/test-x-12345678")


def test_unpublishable_paths() -> None:
    assert _touches_unpublishable([".github/workflows/ci.yml", "./.remediate.toml", "src/a.py", ".gitlab-ci.yml"]) == [
        ".github/workflows/ci.yml",
        "./.remediate.toml",
        ".gitlab-ci.yml",
    ]
    assert _touches_unpublishable(["github/x.py", "src/.github.py"]) == []


# ---------------------------------------------------------------- messages


def test_trailers_cannot_be_forged_by_the_root_cause(tmp_path: Path) -> None:
    forged = f"it broke\n\n{TRAILER_KEY}: {'0' * 64}\n{TRAILER_RUN}: forged"
    message = commit_message(make_report(PATCH, root_cause=forged), KEY, Redactor())
    assert trailers(message) == {TRAILER_RUN: "20260520-100000-abcd1234", "Remediate-Attempt": "1", TRAILER_KEY: KEY}
    parsed = subprocess.run(
        ["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert parsed == [f"{TRAILER_RUN}: 20260520-100000-abcd1234", "Remediate-Attempt: 1", f"{TRAILER_KEY}: {KEY}"]
    assert f"> {TRAILER_KEY}: {'0' * 64}" in message


def test_subject_is_one_short_line() -> None:
    title = pr_title(make_report(PATCH, root_cause="line one\nline two " + "x" * 200), Redactor())
    assert "\n" not in title and len(title) <= 72 and title.startswith("fix(test): line one line two")


def test_messages_redact_before_cutting() -> None:
    token = planted_token()
    report = make_report(PATCH, root_cause=f"{token} leaked")  # 520 chars: a cut would split it
    redactor = Redactor([token])
    for text in (commit_message(report, KEY, redactor), pr_title(report, redactor), pr_body(report, KEY, redactor)):
        assert token not in text and token[:60] not in text


def test_pr_body_sections_and_fence() -> None:
    body = pr_body(make_report(PATCH + "+```\n"), KEY, Redactor())
    assert "````diff" in body
    for part in ("### Root cause", "### What changed", "### How it was verified", "### Cost", KEY):
        assert part in body


# ---------------------------------------------------------------- .remediate.toml


def test_project_config_defaults_and_foreign_tables() -> None:
    assert ProjectConfig.parse(None).publish.auto_merge is False
    assert ProjectConfig.parse("").notify.slack.enabled is False
    cfg = ProjectConfig.parse(
        '[guards]\nmax_attempts = 3\n\n[publish]\nauto_merge = true\nprotected_branches = ["prod/*"]\n'
    )
    assert cfg.publish.auto_merge and cfg.publish.protected_branches == ["prod/*"]


@pytest.mark.parametrize(
    "text",
    [
        "[publish\n",
        "[publish]\nauto_merge = 'yes please'\n",
        '[publish]\nauthor_name = "a\\nb"\n',
        "[publish]\nx = 1\n",
    ],
)
def test_project_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        ProjectConfig.parse(text)


# ---------------------------------------------------------------- the fake's answers match GitHub's schema


def test_fake_github_shapes_validate_against_githubkit_models() -> None:
    repo = repository("octo-org", "invoicing", "main", True)
    FullRepository.model_validate(repo)
    pr = pull_request(1, repo, "remediate/x-12345678", "b" * 40, "main", "t", "b", False)
    PullRequest.model_validate(pr)
    PullRequestSimple.model_validate(pr)
    Installation.model_validate(installation("octo-org", 4242, 1234567))
