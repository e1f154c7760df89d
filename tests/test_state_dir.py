"""State and artifacts go to the per-user state directory, never the current directory by
surprise: `remediate fix` without --out/--state works from a read-only cwd and writes nothing there."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from remediate.spec import Settings, default_run_dir, user_state_dir
from tests.conftest import FIXTURES, needs_bwrap

CASE = FIXTURES / "py-renamed-function"


def test_state_and_runs_default_to_the_xdg_state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.delenv("REMEDIATE_STATE", raising=False)
    assert user_state_dir() == tmp_path / "remediate"
    assert Settings().state == str(tmp_path / "remediate" / "state.db")
    assert default_run_dir("r1") == tmp_path / "remediate" / "runs" / "r1"
    assert default_run_dir("r1", "eval") == tmp_path / "remediate" / "eval" / "r1"
    monkeypatch.setenv("REMEDIATE_STATE", "off")
    assert Settings().state == "off"


def _read_only_mounts() -> bool:
    probe = "mount --bind /tmp /tmp && mount -o remount,ro,bind /tmp && ! touch /tmp/.ro-probe 2>/dev/null"
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-m", "sh", "-c", probe]).returncode == 0


@needs_bwrap
@pytest.mark.skipif(not _read_only_mounts(), reason="cannot make a read-only mount here (unshare -m as root)")
def test_fix_from_a_read_only_cwd_writes_only_to_the_state_dir(tmp_path: Path) -> None:
    cwd, state = tmp_path / "cwd", tmp_path / "state"
    cwd.mkdir()
    remediate = Path(sys.executable).parent / "remediate"
    fix = [str(remediate), "fix", "--source", str(CASE / "src"), "--log", str(CASE / "ci.log")]
    fix += ["--check", "python -m pytest -q", "--cassette", str(CASE / "cassette.json"), "--json"]
    script = (
        f"mount --bind {cwd} {cwd} && mount -o remount,ro,bind {cwd} && cd {cwd} && ! touch probe 2>/dev/null && "
        + shlex.join(fix)
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REMEDIATE_")}
    env |= {"XDG_STATE_HOME": str(state), "PATH": f"{Path(sys.executable).parent}:{env['PATH']}"}
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["status"] == "fixed"
    out = state / "remediate" / "runs" / report["run_id"]
    assert json.loads((out / "report.json").read_text())["run_id"] == report["run_id"]
    assert (out / "fix.patch").is_file() and (state / "remediate" / "state.db").is_file()
    assert list(cwd.iterdir()) == []
