"""A real git remote on disk (a bare repository), a failing project in it, and a verified FixReport."""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from remediate.models import (
    Category,
    CheckRun,
    ErrorRecord,
    Facts,
    FailingTest,
    FixReport,
    Route,
    Status,
    Usage,
    Verification,
)
from remediate.publish import PublishConfig, PublishResult, publish_fix
from tests.publish.fakegithub import BOT, FakeGitHub

OWNER, NAME = "octo-org", "invoicing"
CHECK = "python -m pytest -q"

GIT_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": "/nonexistent",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout


def planted_token() -> str:
    """A GitHub App installation token of the new stateless shape: ghs_<app id>_<JWT>, ~520 characters."""

    def b64url(n: int) -> str:
        return secrets.token_urlsafe(n)[:n]

    token = f"ghs_1234567_eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{b64url(330)}.{b64url(150)}"
    assert 500 <= len(token) <= 540, len(token)
    return token


@dataclass
class Remote:
    bare: Path
    checkout: Path
    failing_sha: str
    patch: str

    def branches(self) -> dict[str, str]:
        out = git(self.bare, "for-each-ref", "--format=%(refname:lstrip=2) %(objectname)", "refs/heads")
        return {name: sha for name, sha in (line.split(" ") for line in out.splitlines())}


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    """main: a calculator whose add() subtracts; the patch is the verified fix."""
    seed = tmp_path / "checkout"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    (seed / "src").mkdir()
    (seed / "tests").mkdir()
    (seed / "src" / "calc.py").write_text("def add(a, b):\n    return a - b\n")
    (seed / "tests" / "test_calc.py").write_text(
        "from src.calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"
    )
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "calculator")
    (seed / "README.md").write_text("calc\n")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "readme")
    sha = git(seed, "rev-parse", "HEAD").strip()
    (seed / "src" / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    patch = git(seed, "diff")
    git(seed, "checkout", "-q", "--", ".")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    return Remote(bare=bare, checkout=seed, failing_sha=sha, patch=patch)


def make_report(patch: str, **update: Any) -> FixReport:
    report = FixReport(
        run_id="20260520-100000-abcd1234",
        status=Status.FIXED,
        message="fixed by the tests specialist; check passed 2/2",
        exit_code=0,
        check=CHECK,
        route=Route(category=Category.TEST, specialist="tests", target_files=["src/calc.py"]),
        facts=Facts(
            category=Category.TEST,
            confidence=0.9,
            tools=["pytest"],
            failing_command=CHECK,
            exit_code=1,
            errors=[ErrorRecord(tool="pytest", file="tests/test_calc.py", line=5, message="assert -1 == 3")],
            failing_tests=[FailingTest(id="tests/test_calc.py::test_add", file="tests/test_calc.py")],
        ),
        patch=patch,
        changed_files=["src/calc.py"],
        root_cause="add() subtracts its arguments instead of adding them",
        verification=Verification(
            reproduced=CheckRun(exit_code=1, duration_s=0.4, output_tail="1 failed"),
            runs=[CheckRun(exit_code=0, duration_s=0.4), CheckRun(exit_code=0, duration_s=0.4)],
            passed=True,
            reason="the check passed 2 of 2 times on a fresh copy with the patch",
        ),
        usage=Usage(model_calls=3, input_tokens=12000, output_tokens=800, usd=0.0412),
        tool_calls=5,
        trace_id="0af7651916cd43dd8448eb211c80319c",
        model="claude-sonnet-5-5",
    )
    return report.model_copy(update=update)


@pytest.fixture
def token() -> str:
    return planted_token()


@pytest.fixture
def fake(remote: Remote, token: str) -> FakeGitHub:
    return FakeGitHub(owner=OWNER, name=NAME, bare=remote.bare, token=token)


def config(remote: Remote, token: str | None, **update: Any) -> PublishConfig:
    values: dict[str, Any] = {
        "repo": f"{OWNER}/{NAME}",
        "failing_commit": remote.failing_sha,
        "token": SecretStr(token) if token else None,
        "git_remote": str(remote.bare),
        "bot_login": BOT,
        "max_rate_limit_wait_s": 5.0,
    }
    values.update(update)
    return PublishConfig(**values)


async def publish(
    report: FixReport, remote: Remote, fake: FakeGitHub, token: str | None, **update: Any
) -> PublishResult:
    return await publish_fix(
        report, config(remote, token, **update), transport=fake.transport, on_event=fake.events.append
    )
