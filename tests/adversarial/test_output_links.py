"""Issue 16.11: a `.remediate` symlink shipped in a repository must not redirect where remediate
writes its report, patch, run record or state database; nor may a link planted at any file name
remediate writes (report.json, fix.patch, run.jsonl, run.html, the state database and its
journals)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate import outfiles
from remediate.cli import app
from remediate.models import FixReport, Status
from remediate.session import write_artifacts
from remediate.state import StateError, open_store
from tests.conftest import needs_bwrap


def test_a_planted_dot_remediate_link_is_never_written_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.py").write_text("x = 1\n")
    (repo / "ci.log").write_text("FAILED tests/test_a.py::test_x - assert 1 == 2\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".remediate").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("REMEDIATE_STATE", raising=False)
    monkeypatch.chdir(repo)
    # The defaults live in the per-user state dir, out of a repository's reach.
    result = CliRunner().invoke(app, ["fix", "--source", ".", "--log", "ci.log", "--check", "pytest", "--json"])
    assert result.exit_code != 2, result.output
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "xdg" / "remediate" / "state.db").is_file()
    assert len(list((tmp_path / "xdg" / "remediate" / "runs").iterdir())) == 1


def test_a_planted_link_on_a_relative_out_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "ci.log").write_text("FAILED tests/test_a.py::test_x - assert 1 == 2\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".remediate").symlink_to(elsewhere)
    monkeypatch.chdir(repo)
    args = ["fix", "--source", ".", "--log", "ci.log", "--check", "pytest", "--state", "off"]
    result = CliRunner().invoke(app, [*args, "--out", ".remediate/run"])
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []


# ---------------------------------------------------------------- every file remediate writes

VICTIM = "the victim's own content\n"
RUN_FILES = ("report.json", "fix.patch", "run.jsonl", "run.html")


def _plant(directory: Path, names: tuple[str, ...], victims: Path) -> dict[str, Path]:
    """A link at each name, to a file of its own outside the directory."""
    victims.mkdir(exist_ok=True)
    planted = {}
    for name in names:
        victim = victims / f"victim-{name}"
        victim.write_text(VICTIM)
        (directory / name).symlink_to(victim)
        planted[name] = victim
    return planted


@needs_bwrap
def test_links_planted_in_a_reused_run_dir_are_replaced_not_followed(renamed_fixture: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    planted = _plant(out, RUN_FILES, tmp_path / "victims")
    args = ["fix", "--source", str(renamed_fixture / "src"), "--log", str(renamed_fixture / "ci.log")]
    args += ["--check", "python -m pytest -q", "--cassette", str(renamed_fixture / "cassette.json")]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--state", str(tmp_path / "state.db")])
    assert result.exit_code == 0, result.output
    for name, victim in planted.items():
        assert victim.read_text() == VICTIM, f"{name} was written through its link"
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 0, name
    assert json.loads((out / "report.json").read_text())["status"] == "fixed"


def test_a_patch_left_from_an_earlier_run_is_removed_not_its_target(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    planted = _plant(out, ("fix.patch",), tmp_path / "victims")
    report = FixReport(run_id="r", status=Status.NOT_FIXED, message="m", exit_code=1)
    write_artifacts(out, report)
    assert planted["fix.patch"].read_text() == VICTIM and not os.path.lexists(out / "fix.patch")
    assert json.loads((out / "report.json").read_text())["run_id"] == "r"


def test_the_run_record_is_not_appended_through_a_link_swapped_in(tmp_path: Path) -> None:
    record = tmp_path / "run.jsonl"
    outfiles.start_new(record)
    outfiles.append(record, "one\n")
    victim = tmp_path / "victim"
    victim.write_text(VICTIM)
    record.unlink()
    record.symlink_to(victim)
    with pytest.raises(OSError, match="symbolic links"):
        outfiles.append(record, "two\n")
    assert victim.read_text() == VICTIM


@pytest.mark.parametrize("suffix", ["", "-journal", "-wal", "-shm"])
def test_the_state_database_and_its_journals_are_never_links(tmp_path: Path, suffix: str) -> None:
    state = tmp_path / "state.db"
    victim = tmp_path / "victim"
    victim.write_text(VICTIM)
    state.with_name("state.db" + suffix).symlink_to(victim)
    with pytest.raises(StateError, match="symbolic link"):
        open_store(state)
    assert victim.read_text() == VICTIM


def test_write_new_replaces_any_link_and_leaves_no_temporary(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text(VICTIM)
    (tmp_path / "out.txt").symlink_to(victim)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere" / "x")
    outfiles.write_text(tmp_path / "out.txt", "mine\n")
    outfiles.write_text(tmp_path / "dangling", "mine too\n")
    assert victim.read_text() == VICTIM and not (tmp_path / "nowhere").exists()
    assert (tmp_path / "out.txt").read_text() == "mine\n" and (tmp_path / "dangling").read_text() == "mine too\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "out.txt", "victim"]
