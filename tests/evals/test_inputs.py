"""inputs.json: an eval run's outcomes are reused (by the fixtures' end-to-end test) only for the same
fixtures, cassettes, code and options; and replay.json says what each attempt's model client saw."""

from __future__ import annotations

import subprocess
from pathlib import Path

import anthropic
import httpx2
import pytest

from remediate.client import ClientHandle
from remediate.evals import inputs
from remediate.evals.cases import Case, load_case
from remediate.evals.runner import ReplayRecord, RunOptions
from remediate.models import FixReport, Status
from remediate.replay import CassettePlayer
from remediate.session import FixOutcome
from tests.helpers import script, tool_use

OPTIONS = RunOptions(concurrency=2, passes_required=2)


def _case(repo: Path, name: str = "one") -> Case:
    root = repo / "fixtures" / name
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text("x = 1\n")
    (root / "case.toml").write_text('category = "test"\ndescription = "made up"\ncheck = "true"\n')
    (root / "cassette.json").write_text("{}\n")
    return load_case(root)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("node_modules/\n")
    return tmp_path


def test_a_case_digest_follows_what_git_would_commit(repo: Path) -> None:
    case = _case(repo)
    first = inputs.case_digest(case)
    (case.source / "node_modules").mkdir()
    (case.source / "node_modules" / "dep.js").write_text("prepared, ignored\n")
    assert inputs.case_digest(case) == first
    (case.root / "cassette.json").write_text('{"changed": 1}\n')
    second = inputs.case_digest(case)
    assert second != first
    (case.source / "new.py").write_text("untracked, not ignored\n")
    assert inputs.case_digest(case) != second


def test_a_run_is_reused_only_for_the_same_inputs_and_options(repo: Path) -> None:
    one, two = _case(repo, "one"), _case(repo, "two")
    out = repo / "out"
    out.mkdir()
    with pytest.raises(inputs.StaleRun, match=r"inputs\.json"):
        inputs.reusable(out, [one], OPTIONS)
    inputs.write(inputs.take([one, two], OPTIONS, {"two": "toolchain not installed: x"}), out)
    assert inputs.reusable(out, [one, two], OPTIONS.model_copy(update={"concurrency": 1})).skipped == {
        "two": "toolchain not installed: x"
    }
    with pytest.raises(inputs.StaleRun, match="passes_required"):
        inputs.reusable(out, [one], OPTIONS.model_copy(update={"passes_required": 1}))
    with pytest.raises(inputs.StaleRun, match="did not run three"):
        inputs.reusable(out, [one, _case(repo, "three")], OPTIONS)
    (two.root / "ci.log").write_text("another log\n")
    assert inputs.reusable(out, [one], OPTIONS)
    with pytest.raises(inputs.StaleRun, match="files or toolchains for two"):
        inputs.reusable(out, [one, two], OPTIONS)


def test_other_code_or_packages_make_a_run_stale(repo: Path) -> None:
    case = _case(repo)
    out = repo / "out"
    out.mkdir()
    taken = inputs.take([case], OPTIONS)
    inputs.write(taken.model_copy(update={"shared": "0" * 64}), out)
    with pytest.raises(inputs.StaleRun, match="other code, prompts or packages"):
        inputs.reusable(out, [case], OPTIONS)


def test_inputs_that_changed_during_the_run_make_it_unusable(repo: Path) -> None:
    case = _case(repo)
    before = inputs.take([case], OPTIONS)
    (case.source / "app.py").write_text("x = 2\n")
    settled = inputs.settled(before, inputs.take([case], OPTIONS))
    assert settled.shared is None and settled.why_not == "the inputs changed during the run (one)"
    assert inputs.settled(before, before) == before
    out = repo / "out"
    out.mkdir()
    inputs.write(settled, out)
    with pytest.raises(inputs.StaleRun, match="not reusable: the inputs changed"):
        inputs.reusable(out, [case], OPTIONS)


def test_without_a_git_work_tree_a_run_is_never_reusable(tmp_path: Path) -> None:
    case = _case(tmp_path)
    taken = inputs.take([case], OPTIONS)
    assert taken.shared is None and "git cannot list" in taken.why_not
    inputs.write(taken, tmp_path)
    with pytest.raises(inputs.StaleRun, match="not reusable"):
        inputs.reusable(tmp_path, [case], OPTIONS)


def _report() -> FixReport:
    return FixReport(run_id="r", status=Status.FIXED, message="made up", exit_code=0)


async def test_replay_record_says_what_the_model_client_saw() -> None:
    assert ReplayRecord.of(FixOutcome(_report()), str) == ReplayRecord(client_opened=False, replayed=False)
    cassette = script([tool_use(1, "finish", {"root_cause": "x", "summary": "y", "fixed": True})])
    player = CassettePlayer(cassette)
    body = {"model": "claude-x", "messages": [{"role": "user", "content": "secret-token"}]}
    await player(httpx2.Request("POST", "https://api.anthropic.com/v1/messages", json=body))
    await player(httpx2.Request("POST", "https://api.anthropic.com/v1/messages", json=body))
    handle = ClientHandle(anthropic.AsyncAnthropic(api_key="offline"), player=player)
    record = ReplayRecord.of(FixOutcome(_report(), model_client=handle), lambda s: s.replace("exhausted", "[gone]"))
    assert record.client_opened and record.replayed
    assert (record.served, record.interactions, record.request_models) == (1, 1, ["claude-x", "claude-x"])
    assert record.mismatches == ["cassette [gone] after 1 responses"]
    live = ReplayRecord.of(FixOutcome(_report(), model_client=ClientHandle(handle.client)), str)
    assert live.client_opened and not live.replayed and live.served == 0
