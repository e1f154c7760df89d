"""`python -m remediate.evals.merge` (the Dagger eval's last step) fails when the regression gate fails."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CASE = "lint-bare-except"  # three replayed model calls: a real run with tool calls to compare


@pytest.fixture(scope="module")
def case_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("eval") / CASE
    done = subprocess.run(
        [sys.executable, "-m", "remediate.cli", "eval", "--offline", "--no-gate", "--cases", CASE, "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def merge(run: Path, out: Path, baseline: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "remediate.evals.merge", str(out), str(run), "--baseline", str(baseline)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip


def baseline_with(tmp_path: Path, **changes: float) -> Path:
    stored = json.loads((ROOT / "evals" / "baseline.json").read_text())
    stored["cases"] = {CASE: stored["cases"][CASE] | changes}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(stored))
    return path


def test_a_passing_gate_exits_zero(case_run: Path, tmp_path: Path) -> None:
    done = merge(case_run, tmp_path / "report", baseline_with(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((tmp_path / "report" / "gate.json").read_text())["passed"] is True


def test_a_failed_gate_exits_non_zero_and_still_writes_the_report(case_run: Path, tmp_path: Path) -> None:
    # The stored run used far fewer tool calls: this run's count is a >20% regression.
    done = merge(case_run, tmp_path / "report", baseline_with(tmp_path, tool_calls_mean=1.0))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gate FAILED" in done.stdout
    gate = json.loads((tmp_path / "report" / "gate.json").read_text())
    assert gate["passed"] is False and (tmp_path / "report" / "report.md").is_file()
