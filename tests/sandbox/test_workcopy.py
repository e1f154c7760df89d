"""The work copy holds what CI would check out: git's view when there is a repository,
.gitignore rules otherwise; environments and caches never (environments are bound read-only)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from remediate.sandbox.local import open_local_sandbox
from remediate.sandbox.workcopy import copy_selection, select

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def make_project(root: Path) -> Path:
    (root / "src" / "pkg").mkdir(parents=True)
    (root / "src" / "pkg" / "__init__.py").write_text("X = 1\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("def test_x():\n    assert True\n")
    (root / ".gitignore").write_text("build/\n*.log\n!keep.log\n")
    (root / "build").mkdir()
    (root / "build" / "out.txt").write_text("generated\n")
    (root / "debug.log").write_text("noise\n")
    (root / "keep.log").write_text("kept by a negation\n")
    (root / "tests" / ".gitignore").write_text("fixtures-local/\n")
    (root / "tests" / "fixtures-local").mkdir()
    (root / "tests" / "fixtures-local" / "big.bin").write_bytes(b"\0" * 10)
    for env in (".venv/lib", "node_modules/left-pad", "src/pkg/__pycache__", ".pytest_cache"):
        (root / env).mkdir(parents=True)
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (root / "node_modules" / "left-pad" / "index.js").write_text("module.exports = 1\n")
    (root / "src" / "pkg" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    return root


EXPECTED = [".gitignore", "keep.log", "src/pkg/__init__.py", "tests/.gitignore", "tests/test_x.py"]


def test_without_git_the_gitignore_rules_decide(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    selection = select(project)
    assert selection.how == "gitignore"
    assert sorted(selection.files) == EXPECTED
    assert list(selection.env_dirs) == [".venv", "node_modules"]


@needs_git
def test_with_git_tracked_and_untracked_not_ignored(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    for command in (["init", "-q"], ["add", "src", ".gitignore"], ["commit", "-qm", "init"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env)
    (project / "src" / "pkg" / "new.py").write_text("Y = 2\n")  # untracked, not ignored: CI would not
    # have it, but the user's fix must see their working tree
    (project / "src" / "pkg" / "__init__.py").unlink()  # deleted in the work tree: not copied
    selection = select(project)
    assert selection.how == "git"
    assert sorted(selection.files) == [
        ".gitignore",
        "keep.log",
        "src/pkg/new.py",
        "tests/.gitignore",
        "tests/test_x.py",
    ]
    assert selection.skipped["missing"] == 1
    dest = tmp_path / "copy"
    copy_selection(project, dest, selection)
    assert (dest / "src" / "pkg" / "new.py").is_file() and (dest / ".git" / "HEAD").is_file()
    assert not (dest / ".venv").exists() and not (dest / "build").exists()


def test_symlinks_are_copied_as_links_and_fifos_never(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.txt").write_text("a\n")
    (project / "link").symlink_to("a.txt")
    os.mkfifo(project / "pipe")
    selection = select(project)
    dest = tmp_path / "copy"
    copy_selection(project, dest, selection)
    assert os.readlink(dest / "link") == "a.txt"
    assert not (dest / "pipe").exists()


async def test_environments_are_bound_read_only_at_their_path_and_the_copy_at_the_source_path(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p")
    tools = [Path(sys.executable).parent]
    async with open_local_sandbox(project, tool_paths=tools) as sb:
        assert not (sb.root / "node_modules" / "left-pad" / "index.js").exists()  # not copied
        result = await sb.run(
            ["sh", "-c", "pwd; cat node_modules/left-pad/index.js; echo x > node_modules/w || echo RO; ls build"]
        )
        assert str(project) in result.output  # the copy is at the source's own path
        assert "module.exports = 1" in result.output and "RO" in result.output
        assert "No such file" in result.output  # ignored build/ was not copied
