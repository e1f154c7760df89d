"""Issue 16.11: a `.remediate` symlink shipped in a repository must not redirect where remediate
writes its report, patch, run record or state database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate.cli import app


def test_a_planted_dot_remediate_link_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.py").write_text("x = 1\n")
    (repo / "ci.log").write_text("FAILED tests/test_a.py::test_x - assert 1 == 2\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".remediate").symlink_to(elsewhere)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["fix", "--source", ".", "--log", "ci.log", "--check", "pytest"])
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []
