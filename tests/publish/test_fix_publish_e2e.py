"""`remediate fix --publish` end to end: a real fix of a fixture (sandbox + cassette), then a real PR flow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from remediate.cli import app
from remediate.models import FixReport
from remediate.publish import PublishConfig, PublishResult, publish_fix
from remediate.publish import cli as publish_cli
from tests.conftest import needs_bwrap
from tests.publish.conftest import git, planted_token
from tests.publish.fakegithub import FakeGitHub

pytestmark = needs_bwrap


def test_fix_then_publish(renamed_fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(renamed_fixture / "src", checkout)
    git(checkout, "init", "-q", "-b", "main")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "rename round_money to round_currency")
    sha = git(checkout, "rev-parse", "HEAD").strip()
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(checkout), str(bare))
    token = planted_token()
    fake = FakeGitHub(owner="octo-org", name="invoicing", bare=bare, token=token)

    async def with_fake(report: FixReport, cfg: PublishConfig, **kw: Any) -> PublishResult:
        cfg = cfg.model_copy(update={"git_remote": str(bare)})
        return await publish_fix(report, cfg, transport=fake.transport, **kw)

    monkeypatch.setattr(publish_cli, "publish_fix", with_fake)
    out = tmp_path / "out"
    args = [
        "fix", "--source", str(checkout), "--log", str(renamed_fixture / "ci.log"), "--check", "python -m pytest -q",
        "--cassette", str(renamed_fixture / "cassette.json"), "--out", str(out), "--publish", "--repo", "octo-org/invoicing", "--state", str(tmp_path / "state.db"),
    ]  # fmt: skip
    env = {"REMEDIATE_GITHUB_TOKEN": token, "GITHUB_TOKEN": "", "REMEDIATE_APP_ID": ""}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    published = json.loads((out / "publish.json").read_text())
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "fixed" and published["status"] == "created"
    assert published["branch"].startswith("remediate/test-") and published["base"] == "main"
    branch_sha = git(bare, "rev-parse", f"refs/heads/{published['branch']}").strip()
    assert git(bare, "rev-parse", f"{branch_sha}^").strip() == sha
    assert git(bare, "diff", "--name-only", sha, branch_sha).split() == ["src/invoicing/invoice.py"]
    assert git(bare, "rev-parse", "refs/heads/main").strip() == sha
    (pr,) = fake.pulls
    assert "AttributeError" in pr["body"] and published["pr_url"] == pr["html_url"]
    assert token not in result.output and token not in pr["body"]
