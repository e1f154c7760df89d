"""`fix` through the SDK against the fake engine: one run, one Remediation, every accessor reads it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.dagger_module.harness import run

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "py-renamed-function"


@pytest.fixture(scope="module")
def fixed() -> dict[str, Any]:
    # No --check: the failing step's command is read from the log.
    return run("fix", {"source": str(FIXTURE / "src"), "log": str(FIXTURE / "ci.log"),
                       "cassette": str(FIXTURE / "cassette.json")})  # fmt: skip


def test_fix_without_check_sends_only_valid_queries_and_fixes(fixed: dict[str, Any]) -> None:
    assert fixed["invalid"] == []
    result = fixed["result"]
    report = json.loads(result["report"])
    assert result["status"] == "fixed" == report["status"], report["message"]
    assert result["exit_code"] == 0
    assert report["check"]["inferred"] is True and report["check"]["command"]


def test_one_run_yields_report_patch_changes_and_artifacts(fixed: dict[str, Any]) -> None:
    result = fixed["result"]
    report = json.loads(result["report"])
    assert report["patch"] and result["patch"] == report["patch"]
    assert result["changes"]["modified"] == report["changed_files"]
    assert result["changes"]["patch"].count("\n@@") == report["patch"].count("\n@@")
    assert sorted(result["artifacts"]) == ["fix.patch", "report.json", "run.jsonl"]
    assert json.loads(result["artifact_report"])["run_id"] == report["run_id"]
    assert result["execs_after_accessors"] == 0  # the accessors read the run; nothing ran again


def test_the_dagger_path_records_project_and_the_breaker(fixed: dict[str, Any]) -> None:
    report = json.loads(fixed["result"]["report"])
    assert report["project"].startswith("dagger-source:")
    kinds = [e["kind"] for e in report["guard_events"]]
    assert "breaker_skipped" in kinds  # the fixture's source has no .git


def test_a_source_whose_head_remediate_made_is_refused(tmp_path: Path) -> None:
    # Attempt 2 of its lineage: beyond the default one informed retry, so the breaker refuses.
    source = tmp_path / "src"
    shutil.copytree(FIXTURE / "src", source)
    git = ["git", "-C", str(source), "-c", "user.email=bot@example.com", "-c", "user.name=remediate"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "remote", "add", "origin", "https://github.com/acme/invoicing.git"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run(
        [*git, "commit", "-qm", "fix: rename\n\nRemediate-Run: 20260101-000000-abcdef12\nRemediate-Attempt: 2"],
        check=True,
    )
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    answer = run(
        "fix", {"source": str(source), "log": str(FIXTURE / "ci.log"), "cassette": str(FIXTURE / "cassette.json")}
    )
    assert answer["invalid"] == []
    result = answer["result"]
    report = json.loads(result["report"])
    assert result["status"] == "refused" and result["exit_code"] == 12
    assert "circuit breaker" in report["message"]
    assert report["commit"] == head and report["project"] == "acme/invoicing"
    assert any(e["kind"] == "breaker" for e in report["guard_events"])
    assert report["usage"]["model_calls"] == 0 and not report["patch"]
    assert result["changes"]["modified"] == [] and result["patch"] == ""
    assert json.loads(result["publish_not_fixed"])["status"] == "skipped"
