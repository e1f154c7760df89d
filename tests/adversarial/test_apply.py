"""Issue 16.12: `--apply` on a subfolder of a git repository printed "applied" and changed
nothing (git dropped paths outside the current folder). Apply now proves the files hold the
verified content, and fails loudly otherwise."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate.cli import app
from tests.conftest import needs_bwrap
from tests.helpers import script, tool_use

OLD = "return money.round_money(self.discounted() * self.tax_rate)"
NEW = "return money.round_currency(self.discounted() * self.tax_rate)"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@needs_bwrap
def test_apply_in_a_subfolder_of_a_repository_changes_the_files(renamed_fixture: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    source = repo / "services" / "billing"
    shutil.copytree(renamed_fixture / "src", source)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init")
    cassette = script(
        [tool_use(1, "edit_file", {"path": "src/invoicing/invoice.py", "old_text": OLD, "new_text": NEW})],
        [tool_use(2, "finish", {"root_cause": "renamed helper", "summary": "s", "fixed": True})],
    )
    cassette.dump(tmp_path / "c.json")
    args = ["fix", "--source", str(source), "--log", str(renamed_fixture / "ci.log"), "--check", "python -m pytest -q"]
    args += ["--cassette", str(tmp_path / "c.json"), "--out", str(tmp_path / "o"), "--passes", "1", "--state", "off"]
    result = CliRunner().invoke(app, [*args, "--apply", "--breaker-generations", "0"])
    assert result.exit_code == 0, result.output
    assert NEW in (source / "src/invoicing/invoice.py").read_text(), result.output


def test_apply_fails_loudly_when_the_source_does_not_take_the_patch(tmp_path: Path) -> None:
    from remediate.apply import ApplyError, apply_verified

    (tmp_path / "a.txt").write_text("one\n")
    patch = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-two\n+three\n"
    with pytest.raises(ApplyError):
        apply_verified(tmp_path, patch)
    assert (tmp_path / "a.txt").read_text() == "one\n"


def test_apply_never_writes_through_a_link(tmp_path: Path) -> None:
    from remediate.apply import ApplyError, apply_verified

    outside = tmp_path / "outside.txt"
    outside.write_text("one\n")
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").symlink_to(outside)
    patch = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+two\n"
    with pytest.raises(ApplyError):
        apply_verified(source, patch)
    assert outside.read_text() == "one\n"
