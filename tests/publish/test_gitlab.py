"""GitLab merge requests with the GitHub path's guarantees: python-gitlab against a local fake of the REST API
(real HTTP) and a real bare remote."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from remediate.publish import PublishConfig, PublishResult, PublishStatus, publish_fix
from remediate.publish.cli import publish_config
from tests.publish.conftest import Remote, git, make_report, planted_token
from tests.publish.fakegitlab import BOT, FakeGitLab, protected, serve

PATH = "octo-group/billing/invoicing"


@pytest.fixture
def lab(remote: Remote) -> Iterator[FakeGitLab]:
    with serve(FakeGitLab(path=PATH, bare=remote.bare, token=planted_token())) as fake:
        yield fake


async def publish(lab: FakeGitLab, remote: Remote, report: Any = None, **update: Any) -> PublishResult:
    values: dict[str, Any] = {
        "repo": PATH,
        "failing_commit": remote.failing_sha,
        "forge": "gitlab",
        "token": SecretStr(lab.token),
        "api_url": lab.url,
        "server_url": lab.url,
        "git_remote": str(remote.bare),
    }
    values.update(update)
    return await publish_fix(report or make_report(remote.patch), PublishConfig(**values))


async def test_a_merge_request_from_a_branch_chosen_by_code_idempotently(lab: FakeGitLab, remote: Remote) -> None:
    first = await publish(lab, remote)
    assert first.status == PublishStatus.CREATED, first.message
    assert first.branch is not None and first.branch.startswith("remediate/test-test-add-")
    (mr,) = lab.mrs
    assert mr["source_branch"] == first.branch and mr["target_branch"] == "main"
    assert mr["author"]["username"] == BOT["username"] and first.pr_url == mr["web_url"]
    assert git(remote.bare, "rev-parse", f"{first.commit_sha}^").strip() == remote.failing_sha
    again = await publish(lab, remote, make_report(remote.patch, run_id="20260520-110000-ffff0000"))
    assert again.status == PublishStatus.EXISTS and again.pr_number == first.pr_number and len(lab.mrs) == 1
    assert lab.merges == []  # auto-merge is off unless the base's .remediate.toml opts in
    assert lab.token not in first.model_dump_json() + str(lab.requests)


async def test_auto_merge_is_gitlabs_merge_when_pipeline_succeeds_by_opt_in(lab: FakeGitLab, remote: Remote) -> None:
    lab.files[("main", ".remediate.toml")] = "[publish]\nauto_merge = true\n"
    result = await publish(lab, remote)
    assert result.auto_merge == "enabled"
    (merge,) = lab.merges
    assert merge["merge_when_pipeline_succeeds"] in (True, "true", "True")


async def test_the_same_walls_as_on_github(lab: FakeGitLab, remote: Remote, tmp_path: Path) -> None:
    # A person's token is not the bot's: refused before anything is written.
    lab.user = {**BOT, "bot": False, "username": "alice"}
    person = await publish(lab, remote)
    assert person.status == PublishStatus.ERROR and "a person" in person.message
    lab.user = dict(BOT)
    # A protected pattern over remediate/* refuses unless it lets the bot push.
    lab.protected = [protected("remediate/*")]
    refused = await publish(lab, remote)
    assert refused.status == PublishStatus.REFUSED and "protected branch remediate/*" in refused.message
    lab.protected = [protected("remediate/*", BOT["id"])]
    # The failing commit must be on the base.
    git(remote.checkout, "checkout", "-q", "-b", "feature")
    (remote.checkout / "x.py").write_text("X = 1\n")
    git(remote.checkout, "add", "-A")
    git(remote.checkout, "commit", "-q", "-m", "unreviewed")
    git(remote.checkout, "push", "-q", str(remote.bare), "feature")
    feature = git(remote.checkout, "rev-parse", "HEAD").strip()
    off_base = await publish(lab, remote, failing_commit=feature)
    assert off_base.status == PublishStatus.REFUSED and "is not on main" in off_base.message
    assert lab.writes() == [] and lab.mrs == []
    # A merge request from our branch by someone else is not the fix.
    ok = await publish(lab, remote)
    assert ok.status == PublishStatus.CREATED
    lab.mrs[0]["author"] = {"id": 5, "username": "mallory"}
    foreign = await publish(lab, remote)
    assert foreign.status == PublishStatus.REFUSED and "opened by 'mallory'" in foreign.message


def test_cli_config_for_gitlab() -> None:
    env = {"REMEDIATE_GITLAB_TOKEN": "glpat-x", "CI_PROJECT_PATH": PATH, "CI_SERVER_URL": "https://gl.example"}
    cfg = publish_config(source=None, commit="a" * 40, forge="gitlab", environ=env)
    assert cfg.forge == "gitlab" and cfg.repo == PATH and cfg.remote_url == f"https://gl.example/{PATH}.git"
    with pytest.raises(ValueError, match="REMEDIATE_GITLAB_TOKEN"):
        publish_config(source=None, commit="a" * 40, forge="gitlab", environ={"CI_PROJECT_PATH": PATH})
