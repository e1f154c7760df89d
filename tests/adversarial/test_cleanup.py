"""Issues 16.6 and 16.13: cleanup never touches anything outside the sandbox directory, is
idempotent, and cannot fail on what a check leaves behind (read-only directories, a tree
deeper than PATH_MAX and Python's recursion limit, links out)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from remediate.sandbox.local import force_rmtree, open_local_sandbox
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _hostile_tree(root: Path, outside: Path) -> None:
    (root / "ro" / "inner").mkdir(parents=True)
    (root / "ro" / "inner" / "f.txt").write_text("x")
    (root / "ro" / "link-out").symlink_to(outside)
    (root / "ro" / "inner").chmod(0o500)
    (root / "ro").chmod(0o500)
    (root / "locked").mkdir()
    (root / "locked").chmod(0)


def test_cleanup_twice_leaves_a_shared_parent_as_it_was(tmp_path: Path) -> None:
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    outside = tmp_path / "outside"
    outside.mkdir()
    outside.chmod(0o555)
    (outside / "keep.txt").touch()
    sandbox = shared / "remediate-sandbox-x"
    sandbox.mkdir()
    _hostile_tree(sandbox, outside)
    force_rmtree(sandbox)
    assert not sandbox.exists()
    force_rmtree(sandbox)  # a second cleanup (or one after someone else removed it)
    assert _mode(shared) == 0o1777, oct(_mode(shared))
    assert _mode(outside) == 0o555 and (outside / "keep.txt").exists()


def _deep(root: Path, depth: int) -> None:
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        with open(os.open("leaf.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write("x")
    finally:
        os.close(fd)


def test_cleanup_of_a_tree_deeper_than_path_max(tmp_path: Path) -> None:
    sandbox = tmp_path / "sb"
    sandbox.mkdir()
    _deep(sandbox, 3000)
    force_rmtree(sandbox)
    assert not sandbox.exists()


@needs_bwrap
async def test_a_check_that_nests_3000_folders_and_locks_them_cannot_fail_cleanup(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.py": "x = 1\n"})
    script = (
        "import os\n"
        "top = os.getcwd()\n"
        "for _ in range(3000):\n    os.mkdir('d'); os.chdir('d')\n"
        "open('leaf', 'w').write('x')\n"
        "os.chdir(top); os.chmod('d', 0o500)\n"
    )
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sandbox:
        result = await sandbox.run(["python3", "-c", script])
        assert result.exit_code == 0, result.output
        tmp = sandbox.root.parent
    assert not tmp.exists()


def test_cleanup_removes_a_plain_file_and_ignores_a_missing_path(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_text("x")
    force_rmtree(f)
    force_rmtree(tmp_path / "missing")
    assert not f.exists()


@pytest.mark.parametrize("depth", [1, 50])
def test_a_link_to_the_outside_is_removed_not_followed(tmp_path: Path, depth: int) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    sandbox = tmp_path / "sb"
    inner = sandbox.joinpath(*["d"] * depth)
    inner.mkdir(parents=True)
    (inner / "out").symlink_to(outside)
    force_rmtree(sandbox)
    assert not sandbox.exists() and (outside / "keep.txt").read_text() == "keep"
