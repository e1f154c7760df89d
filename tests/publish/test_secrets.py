"""Auth and secrets: GitHub App JWT -> one-repo installation token; a ~520-char token leaks nowhere."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from remediate.facts.redact import Redactor
from remediate.publish import AppCredentials, PublishStatus, publish_fix
from remediate.publish.git import GitError, GitRepo, auth_header, run_process
from tests.publish.conftest import NAME, OWNER, Remote, config, git, make_report
from tests.publish.fakegithub import App, FakeGitHub
from tests.publish.githttp import BACKEND, git_http_server

needs_backend = pytest.mark.skipif(not Path(BACKEND).exists(), reason="git http-backend is not installed")


@pytest.fixture(scope="module")
def app_key() -> tuple[str, object]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return pem, key.public_key()


class Recorder:
    """Wraps the real runner: every git argv and environment, for the assertions."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []

    async def __call__(
        self, argv: Sequence[str], cwd: Path, env: Mapping[str, str], stdin: bytes | None
    ) -> tuple[int, bytes, bytes]:
        self.calls.append((list(argv), dict(env)))
        return await run_process(argv, cwd, env, stdin)


def everything_in(bare: Path) -> str:
    """All refs, all commit messages, every object's content and the config of a repository."""
    parts = [git(bare, "log", "--all", "--format=%H%n%an%n%ae%n%B", "-p")]
    objects = git(bare, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)").split()
    for obj in objects:
        parts.append(subprocess.run(["git", "cat-file", "-p", obj], cwd=bare, capture_output=True, text=True).stdout)
    for path in bare.rglob("*"):
        if path.is_file() and path.suffix not in {".pack", ".idx"} and "objects" not in path.parts:
            parts.append(path.read_text(errors="replace"))
    return "\n".join(parts)


@needs_backend
async def test_app_token_over_real_http_git_and_no_leak_anywhere(
    remote: Remote, token: str, app_key: tuple[str, object], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pem, public = app_key
    fake = FakeGitHub(
        owner=OWNER, name=NAME, bare=remote.bare, token=token,
        app=App(app_id=1234567, public_key=public, installation_id=4242, token=token),
    )  # fmt: skip
    fake.files[("main", ".remediate.toml")] = "[notify.slack]\nenabled = true\n"
    webhook = "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx"
    # The model echoes the token it must never have seen: redaction still holds.
    report = make_report(remote.patch, root_cause=f"add() subtracts; auth was {token}")
    recorder = Recorder()
    events: list[str] = []
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with git_http_server(remote.bare.parent, token) as (server, seen):
        cfg = config(
            remote, None,
            app=AppCredentials(app_id="1234567", private_key=SecretStr(pem)),
            git_remote=f"{server}/{remote.bare.name}",
            slack_webhook=SecretStr(webhook),
        )  # fmt: skip
        result = await publish_fix(
            report, cfg, transport=fake.transport, runner=recorder, scratch_dir=scratch, on_event=events.append
        )

    assert result.status == PublishStatus.CREATED, result.message
    assert result.notified and len(fake.pulls) == 1

    # App auth: the installation was looked up with the JWT, the token asked for one repo and two permissions.
    assert fake.token_requests == [
        {"repositories": [NAME], "permissions": {"contents": "write", "pull_requests": "write"}}
    ]
    installation_calls = [r for r in fake.requests if r.url.path.endswith("/installation")]
    assert len(installation_calls) == 1
    api_calls = [
        r for r in fake.requests if r.url.path.startswith(f"/repos/{OWNER}/{NAME}") and r not in installation_calls
    ]
    assert api_calls and all(r.headers["authorization"] == f"token {token}" for r in api_calls)

    # The git server saw the token only as the Basic header, on every request, and no 401 happened.
    assert seen.rejected == 0 and seen.paths
    assert set(seen.authorizations) == {auth_header(token).split(": ", 1)[1]}
    assert not any(token in p for p in seen.paths)

    # git got the token only through the environment of commands that talk to the remote.
    for argv, env in recorder.calls:
        assert token not in " ".join(argv)
        secret_vars = [k for k, v in env.items() if token in v or auth_header(token) == v]
        if argv[1] in {"fetch", "ls-remote", "push"}:
            assert secret_vars and all(k.startswith("GIT_CONFIG_VALUE_") for k in secret_vars)
        else:
            assert secret_vars == []
    assert {argv[1] for argv, _ in recorder.calls} >= {"init", "ls-remote", "fetch", "apply", "commit", "push"}

    # Nowhere: result, events, logs, commit, PR, Slack, the remote's objects and config, the scratch dir.
    outputs = [
        result.model_dump_json(),
        "\n".join(events),
        caplog.text,
        everything_in(remote.bare),
        *(p["title"] + p["body"] for p in fake.pulls),
        *(m["text"] for m in fake.slack),
    ]
    for text in outputs:
        assert token not in text
        assert webhook not in text
        assert "PRIVATE KEY" not in text
    assert "REDACTED" in fake.pulls[0]["body"]  # the echoed token was replaced, not dropped silently
    assert list(scratch.iterdir()) == []  # scratch repository removed


@needs_backend
async def test_wrong_token_fails_and_the_error_carries_no_secret(remote: Remote, token: str, tmp_path: Path) -> None:
    wrong = token[:-10] + "0123456789"
    with git_http_server(remote.bare.parent, token) as (server, seen):
        repo = GitRepo(
            path=tmp_path / "work",
            remote=f"{server}/{remote.bare.name}",
            redactor=Redactor([wrong]),
            author_name="remediate[bot]",
            author_email="bot@example.com",
            token=wrong,
        )
        await repo.init()
        with pytest.raises(GitError) as caught:
            await repo.fetch_commit(remote.failing_sha)
    assert seen.rejected >= 1
    text = str(caught.value)
    assert "git fetch failed" in text and wrong not in text and "x-access-token" not in text
    config_text = (tmp_path / "work" / ".git" / "config").read_text()
    assert wrong not in config_text and "extraheader" not in config_text.lower() and "http" not in config_text


async def test_git_errors_are_redacted(remote: Remote, token: str, tmp_path: Path) -> None:
    # A remote path that contains the token (absurd, but it is what git would echo back in its error).
    repo = GitRepo(
        path=tmp_path / "work",
        remote=str(tmp_path / f"missing-{token}.git"),
        redactor=Redactor([token]),
        author_name="remediate[bot]",
        author_email="bot@example.com",
        token=token,
    )
    await repo.init()
    with pytest.raises(GitError) as caught:
        await repo.remote_branches("remediate/*")
    assert token not in str(caught.value) and "[REDACTED:" in str(caught.value)


def test_remote_urls_with_credentials_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="must not carry credentials"):
        GitRepo(
            path=tmp_path,
            remote="https://x-access-token:ghs_abc@github.com/o/r.git",
            redactor=Redactor(),
            author_name="a",
            author_email="b",
        )
    with pytest.raises(GitError, match="unsupported remote scheme"):
        GitRepo(
            path=tmp_path, remote="ext::sh -c touch% /tmp/pwned", redactor=Redactor(), author_name="a", author_email="b"
        )


def test_publish_config_hides_tokens_in_repr_and_dump(remote: Remote, token: str) -> None:
    cfg = config(remote, token)
    assert token not in repr(cfg) and token not in cfg.model_dump_json() and token not in str(cfg.model_dump())


async def test_github_error_bodies_echoing_the_token_are_redacted(remote: Remote, fake: FakeGitHub, token: str) -> None:
    fake.fail_next("GET", r"^/repos/octo-org/invoicing$", 403, {"message": f"token {token} is not allowed"})
    result = await publish_fix(make_report(remote.patch), config(remote, token), transport=fake.transport)
    assert result.status == PublishStatus.ERROR and token not in result.message and "[REDACTED:" in result.message
