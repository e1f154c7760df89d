"""The whole loop end to end against the fakes, on GitHub and on GitLab, through the commands the CI examples run.

`remediate fix` (bubblewrap sandbox, the real SDK on a scripted cassette) fixes the failing unit job -> the fix is
published as a PR/MR on a real bare remote -> CI runs the project's real tests on the fix branch and the integration
job fails -> `remediate outcome --result failure` -> `remediate fix` runs again on the fix branch: the breaker finds
attempt 1, and the model's FIRST request carries its patch and root cause beside the new log, redacted -> the same
PR/MR gets one more commit -> CI passes -> `remediate outcome --result success`: the attempt is `succeeded` and one
"already fixed" notification is sent; the same event again changes nothing and sends nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from remediate import replay
from remediate.cli import app
from remediate.facts.redact import Redactor
from remediate.models import FixReport
from remediate.publish import PublishConfig, PublishResult, notify, publish_fix
from remediate.publish import cli as publish_cli
from remediate.publish import outcome as outcome_module
from remediate.replay import CassettePlayer
from remediate.state import FAILED, PR_OPEN, SUCCEEDED, open_store
from tests.conftest import needs_bwrap
from tests.publish.conftest import git, planted_token
from tests.publish.fakegithub import BOT, FakeGitHub
from tests.publish.fakegitlab import FakeGitLab, serve

pytestmark = needs_bwrap

GITHUB_REPO, GITLAB_REPO = "octo-org/invoicing", "octo-group/billing/invoicing"
WEBHOOK = "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx"
UNIT, INTEGRATION = (
    "python -m pytest -q -p no:cacheprovider tests/unit",
    "python -m pytest -q -p no:cacheprovider tests",
)
# A value the first agent quoted in its root cause; the retry run knows it as a secret (--secret-env).
PASSPHRASE, PASSPHRASE_ENV = "fixture-passphrase-Zq81mV0xTt4", "FIXTURE_PASSPHRASE"
PROJECT = {
    "src/__init__.py": "",
    "src/calc.py": "def add(a, b):\n    return a - b\n",
    "tests/unit/test_add.py": "from src.calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    "tests/integration/test_refunds.py": (
        "from src.calc import add\n\n\ndef test_a_refund_nets_out():\n    assert add(-1, 5) == 4\n"
    ),
}
WRONG, RIGHT = "    return abs(a) + b", "    return a + b"
# the value under no name a rule reads as a secret's (`DB_PASS=` is one since 7963a2bb): only --secret-env tells it
ROOT_CAUSE_1 = f"add() subtracted b from a; the unit test expects 1 + 2 == 3 (the CI env had DB_TAG={PASSPHRASE})"
ROOT_CAUSE_2 = "add() must add signed operands: the previous change dropped the sign of a, so refunds broke"


def _turn(n: int, tool: str, tool_input: dict[str, Any], expect: dict[str, Any]) -> dict[str, Any]:
    content = [{"type": "tool_use", "id": f"toolu_{n:02d}", "name": tool, "input": tool_input}]
    body = {"id": f"msg_loop_{n:02d}", "type": "message", "role": "assistant", "model": "claude-sonnet-5-5",
            "content": content, "stop_reason": "tool_use", "stop_sequence": None, "usage": "estimate"}  # fmt: skip
    return {"expect": expect, "body": body}


def _answers(n: int, *contains: str) -> dict[str, Any]:
    return {"tool_results": [{"tool_use_id": f"toolu_{n:02d}", "is_error": False, "contains": list(contains)}]}


def cassette(first: dict[str, Any], new_line: str, root_cause: str) -> dict[str, Any]:
    """Read the module, replace add()'s line, run the check, finish: the same four steps on each attempt."""
    old = "    return a - b" if new_line == WRONG else WRONG
    return {
        "version": 1,
        "kind": "scripted",
        "interactions": [
            _turn(1, "read_file", {"path": "src/calc.py"}, first),
            _turn(2, "edit_file", {"path": "src/calc.py", "old_text": old, "new_text": new_line}, _answers(1, old)),
            _turn(3, "run_check", {}, _answers(2, "edited src/calc.py")),
            _turn(
                4,
                "finish",
                {"root_cause": root_cause, "summary": "Changed add() in src/calc.py.", "fixed": True},
                _answers(3, "check PASSED"),
            ),
        ],
    }


def run_ci(remote: Path, ref: str, check: str, work: Path) -> tuple[int, str]:
    """The project's CI job on `ref`, run for real in a fresh clone: (exit code, its log)."""
    git(work.parent, "clone", "-q", str(remote), str(work))
    git(work, "checkout", "-q", "--detach", git(remote, "rev-parse", ref).strip())
    env = {"PATH": os.environ["PATH"], "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, *check.split()[1:]], cwd=work, env=env, capture_output=True, text=True)
    return done.returncode, f"##[group]Run {check}\n{check}\n##[endgroup]\n{done.stdout}{done.stderr}"


@dataclass
class Forge:
    """One forge's side of the loop: how `fix` + publish run, and what the fake holds."""

    name: str
    repo: str
    env: dict[str, str]
    bare: Path
    github: FakeGitHub | None = None
    gitlab: FakeGitLab | None = None
    runner: CliRunner = field(default_factory=CliRunner)

    def changes(self) -> list[dict[str, Any]]:
        return self.github.pulls if self.github is not None else self.gitlab.mrs  # type: ignore[union-attr]

    def fix_and_publish(self, args: list[str], out: Path, source: Path, state: Path) -> dict[str, Any]:
        """GitHub: `fix --publish` (the Dagger example's fix + publish); GitLab: `fix`, then `publish --forge
        gitlab` (the GitLab example's two steps)."""
        common = ["fix", *args, "--out", str(out), "--state", str(state), "--repo", self.repo]
        if self.github is not None:
            done = self.runner.invoke(app, [*common, "--publish"], env=self.env)
            assert done.exit_code == 0, done.output
        else:
            fixed = self.runner.invoke(app, common, env=self.env)
            assert fixed.exit_code == 0, fixed.output
            publish = ["publish", "--forge", "gitlab", "--report", str(out), "--source", str(source)]
            done = self.runner.invoke(
                app, [*publish, "--repo", self.repo, "--state", str(state), "--json"], env=self.env
            )
            assert done.exit_code == 0, done.output
            (out / "publish.json").write_text(done.stdout)
        return dict(json.loads((out / "publish.json").read_text()))


@pytest.fixture(params=["github", "gitlab"])
def forge(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Forge]:
    seed = tmp_path / "seed"
    for rel, text in PROJECT.items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text)
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "calculator with refunds")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    token = planted_token()
    env = {"REMEDIATE_SLACK_WEBHOOK": WEBHOOK, "GITHUB_TOKEN": "", "REMEDIATE_APP_ID": "", PASSPHRASE_ENV: PASSPHRASE}

    async def on_the_fakes(report: FixReport, cfg: PublishConfig, **kw: Any) -> PublishResult:
        cfg = cfg.model_copy(update={"git_remote": str(bare)})
        transport = fake_github.transport if fake_github is not None else None
        return await publish_fix(report, cfg, transport=transport, **kw)

    monkeypatch.setattr(publish_cli, "publish_fix", on_the_fakes)
    fake_github: FakeGitHub | None = None
    if request.param == "github":
        fake_github = FakeGitHub(owner="octo-org", name="invoicing", bare=bare, token=token)
        env |= {"REMEDIATE_GITHUB_TOKEN": token, "REMEDIATE_BOT_LOGIN": BOT}
        yield Forge("github", GITHUB_REPO, env, bare, github=fake_github)
        return
    with serve(FakeGitLab(path=GITLAB_REPO, bare=bare, token=token)) as lab:
        env |= {"REMEDIATE_GITLAB_TOKEN": token, "CI_SERVER_URL": lab.url}
        yield Forge("gitlab", GITLAB_REPO, env, bare, gitlab=lab)


@pytest.fixture
def players(monkeypatch: pytest.MonkeyPatch) -> list[CassettePlayer]:
    """Every cassette player a run opens: the requests the SDK sent through its MockTransport."""
    opened: list[CassettePlayer] = []

    class Recording(CassettePlayer):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            opened.append(self)

    # client.open_client imports the player from replay when a run opens its client.
    monkeypatch.setattr(replay, "CassettePlayer", Recording)
    return opened


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notifications `remediate outcome` sends (the webhook answered by an in-process transport)."""
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content)["text"])
        return httpx.Response(200, text="ok")

    async def post(webhook: str, text: str, redactor: Redactor, transport: Any = None) -> bool:
        return await notify.post_slack(webhook, text, redactor, httpx.MockTransport(answer))

    monkeypatch.setattr(outcome_module, "post_slack", post)
    return sent


def outcome(forge: Forge, branch: str, result: str, state: Path) -> dict[str, Any]:
    args = ["outcome", "--branch", branch, "--result", result, "--state", str(state), "--json"]
    done = forge.runner.invoke(app, args, env=forge.env)
    assert done.exit_code == 0, done.output
    return dict(json.loads(done.stdout))


def test_fix_pr_ci_fails_retry_with_context_ci_passes_succeeded(
    forge: Forge, players: list[CassettePlayer], slack: list[str], tmp_path: Path
) -> None:
    state, bare = tmp_path / "state.db", forge.bare
    failing = git(bare, "rev-parse", "main").strip()

    # 1. The unit job fails on main; `remediate fix` (attempt 1) finds a fix that passes it, and publishes it.
    code, unit_log = run_ci(bare, failing, UNIT, tmp_path / "ci-1")
    assert code == 1 and "assert -1 == 3" in unit_log
    (tmp_path / "unit.log").write_text(unit_log)
    (tmp_path / "c1.json").write_text(
        json.dumps(cassette({"contains": ["tests/unit/test_add.py"]}, WRONG, ROOT_CAUSE_1))
    )
    source_1 = tmp_path / "checkout-1"
    git(tmp_path, "clone", "-q", str(bare), str(source_1))
    args_1 = ["--source", str(source_1), "--log", str(tmp_path / "unit.log"), "--check", UNIT]
    first = forge.fix_and_publish([*args_1, "--cassette", str(tmp_path / "c1.json")], tmp_path / "o1", source_1, state)
    report_1 = json.loads((tmp_path / "o1" / "report.json").read_text())
    assert report_1["status"] == "fixed" and report_1["attempt"] == 1 and report_1["retry_of"] is None
    assert first["status"] == "created", first
    branch, fix_1 = first["branch"], first["commit_sha"]
    assert git(bare, "rev-parse", f"{fix_1}^").strip() == failing
    (change,) = forge.changes()
    assert first["pr_url"] in (change.get("html_url"), change.get("web_url"))
    store = open_store(state)
    pending = store.active_sync(report_1["project"])
    assert pending is not None and pending.status == PR_OPEN and pending.run_id == report_1["run_id"]
    message_1 = git(bare, "log", "-1", "--format=%B", fix_1)
    assert PASSPHRASE in message_1  # attempt 1 did not know it as a secret: it is in the fix commit's history

    # 2. CI on the fix branch: the unit job passes, the integration job fails (abs() dropped a refund's sign).
    code, integration_log = run_ci(bare, branch, INTEGRATION, tmp_path / "ci-2")
    assert code == 1 and "assert 6 == 4" in integration_log and "1 failed, 1 passed" in integration_log
    recorded = outcome(forge, branch, "failure", state)  # what remediate-outcome does on that CI result
    assert recorded["recorded"] and recorded["status"] == FAILED and recorded["run_id"] == report_1["run_id"]
    assert len(slack) == 1 and "did not fix" in slack[0] and recorded["notified"]

    # 3. The retry: `remediate fix` on the fix branch's failure. The breaker finds attempt 1 in the history; the
    #    model's first request holds attempt 1's patch, its root cause and the new log's failure, redacted.
    (tmp_path / "integration.log").write_text(integration_log)
    first_request = {
        "contains": ["Attempt 2", WRONG.strip(), "add() subtracted b from a", "test_a_refund_nets_out"],
        "absent": [PASSPHRASE],
    }
    (tmp_path / "c2.json").write_text(json.dumps(cassette(first_request, RIGHT, ROOT_CAUSE_2)))
    source_2 = tmp_path / "checkout-2"
    git(tmp_path, "clone", "-q", "--branch", branch, str(bare), str(source_2))
    args_2 = ["--source", str(source_2), "--log", str(tmp_path / "integration.log"), "--check", INTEGRATION]
    args_2 += ["--cassette", str(tmp_path / "c2.json"), "--secret-env", PASSPHRASE_ENV]
    before = len(players)
    second = forge.fix_and_publish(args_2, tmp_path / "o2", source_2, state)
    (player,) = players[before:]
    assert not player.mismatches and player.exhausted
    sent = json.dumps(player.requests[0])
    assert "Attempt 2: the previous fix did not fix it" in sent
    assert f"+{WRONG}" in sent.replace("\\n", "\n")  # attempt 1's patch, as a diff
    assert "add() subtracted b from a" in sent and "test_a_refund_nets_out" in sent and "assert 6 == 4" in sent
    assert PASSPHRASE not in sent and all(PASSPHRASE.encode() not in raw for raw in player.raw_requests)
    assert "[REDACTED:" in sent
    report_2 = json.loads((tmp_path / "o2" / "report.json").read_text())
    assert report_2["status"] == "fixed" and report_2["attempt"] == 2 and report_2["retry_of"] == report_1["run_id"]
    #    Published on the same branch and PR/MR: one more commit on top of attempt 1's.
    assert second["status"] == "updated", second
    assert second["branch"] == branch and second["pr_url"] == first["pr_url"] and len(forge.changes()) == 1
    fix_2 = second["commit_sha"]
    assert git(bare, "rev-parse", f"{fix_2}^").strip() == fix_1
    assert "Remediate-Attempt: 2" in git(bare, "log", "-1", "--format=%B", fix_2)
    assert store.active_sync(report_2["project"]).run_id == report_2["run_id"]  # type: ignore[union-attr]

    # 4. CI passes on the fix branch: the attempt ends `succeeded`, "already fixed" is sent once.
    code, passing_log = run_ci(bare, branch, INTEGRATION, tmp_path / "ci-3")
    assert code == 0 and "2 passed" in passing_log
    done = outcome(forge, branch, "success", state)
    assert done["recorded"] and done["status"] == SUCCEEDED and done["run_id"] == report_2["run_id"]
    assert done["notified"] and done["recovery_s"] is not None
    assert len(slack) == 2 and slack[1].startswith("already fixed") and first["pr_url"] in slack[1]
    again = outcome(forge, branch, "success", state)  # CI events repeat
    assert not again["recorded"] and again["status"] == SUCCEEDED and len(slack) == 2
    assert store.active_sync(report_2["project"]) is None  # the project is free again
    assert [store.get_sync(r["run_id"]).status for r in (report_1, report_2)] == [FAILED, SUCCEEDED]  # type: ignore[union-attr]
