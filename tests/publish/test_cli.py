"""`remediate publish` and the inputs of `--publish`: credentials from the environment only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from remediate.cli import app
from remediate.models import FixReport
from remediate.publish import PublishConfig, PublishResult, publish_fix
from remediate.publish import cli as publish_cli
from remediate.publish.cli import PublishInputError, publish_config
from tests.publish.conftest import CHECK, NAME, OWNER, Remote, make_report
from tests.publish.fakegithub import BOT, FakeGitHub


def test_publish_config_from_environment(remote: Remote, token: str) -> None:
    env = {
        "GITHUB_REPOSITORY": f"{OWNER}/{NAME}",
        "GITHUB_TOKEN": token,
        "GITHUB_API_URL": "https://ghe.example/api/v3",
    }
    cfg = publish_config(source=remote.checkout, environ=env)
    assert cfg.repo == f"{OWNER}/{NAME}" and cfg.failing_commit == remote.failing_sha  # HEAD of the checkout
    assert cfg.token is not None and cfg.token.get_secret_value() == token and cfg.app is None
    assert cfg.api_url == "https://ghe.example/api/v3" and cfg.remote_url == f"https://github.com/{OWNER}/{NAME}.git"

    app_env = {**env, "REMEDIATE_APP_ID": "1234567", "REMEDIATE_APP_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nx"}
    cfg = publish_config(source=remote.checkout, environ=app_env, base="develop")
    assert cfg.app is not None and cfg.token is None and cfg.base == "develop"  # the App wins over GITHUB_TOKEN


@pytest.mark.parametrize(
    ("env", "kwargs", "message"),
    [
        ({"GITHUB_TOKEN": "t" * 40}, {}, "--repo is required"),
        ({"GITHUB_REPOSITORY": "o/r"}, {}, "no GitHub credentials"),
        ({"GITHUB_REPOSITORY": "o/r", "REMEDIATE_APP_ID": "1"}, {}, "needs both"),
        ({"GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t" * 40}, {"commit": "main"}, "failing_commit"),
        ({"GITHUB_REPOSITORY": "o/../r", "GITHUB_TOKEN": "t" * 40}, {}, "repo"),
    ],
)
def test_publish_config_errors(remote: Remote, env: dict[str, str], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PublishInputError, match=message):
        publish_config(source=remote.checkout, environ=env, **kwargs)


def test_publish_command_end_to_end(
    remote: Remote, fake: FakeGitHub, token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def with_fake(report: FixReport, cfg: PublishConfig, **kw: Any) -> PublishResult:
        cfg = cfg.model_copy(update={"git_remote": str(remote.bare)})
        return await publish_fix(report, cfg, transport=fake.transport, **kw)

    monkeypatch.setattr(publish_cli, "publish_fix", with_fake)
    out = tmp_path / "run"
    out.mkdir()
    (out / "report.json").write_text(make_report(remote.patch, root_cause=f"leaked {token}").model_dump_json())
    env = {
        "GITHUB_REPOSITORY": f"{OWNER}/{NAME}",
        "REMEDIATE_GITHUB_TOKEN": token,
        "GITHUB_TOKEN": "",
        "REMEDIATE_BOT_LOGIN": BOT,  # who the token acts as: the second run adopts only that author's PR
    }
    args = ["publish", "--report", str(out), "--source", str(remote.checkout)]

    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert "publish: created https://github.com/octo-org/invoicing/pull/101" in first.output
    second = CliRunner().invoke(app, [*args, "--json"], env=env)
    assert second.exit_code == 0 and '"status": "exists"' in second.output
    for result in (first, second):
        assert token not in result.output
    assert token not in fake.pulls[0]["body"]


def test_publish_command_bad_inputs(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["publish", "--report", str(tmp_path), "--check", CHECK], env={})
    assert missing.exit_code == 2 and "cannot read the report" in missing.output
    (tmp_path / "report.json").write_text(make_report("x").model_dump_json())
    no_creds = CliRunner().invoke(
        app,
        ["publish", "--report", str(tmp_path), "--check", CHECK, "--repo", "o/r", "--commit", "a" * 40],
        env={"GITHUB_TOKEN": "", "REMEDIATE_GITHUB_TOKEN": ""},
    )
    assert no_creds.exit_code == 2 and "no GitHub credentials" in no_creds.output
