"""What dead runs left under the temporary dir is reclaimed (sandbox/cleanup.py): every kind in one pass, at a
sandbox's open and at an entry point's end; a directory without an owner file only once the machine has booted
since it last changed."""

from __future__ import annotations

import ctypes
import fcntl
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from remediate import apply
from remediate.hostgit import run_git_sync
from remediate.sandbox import cleanup
from remediate.sandbox.capped import detach_mounts_under
from remediate.sandbox.cleanup import (
    APPLY_KIND,
    CLOCK_STEP_SLACK_S,
    ENV_KIND,
    OWNER_FILE,
    PUBLISH_KIND,
    SANDBOX_KIND,
    held_dir,
)

REPO = Path(__file__).resolve().parents[2]


def _left_by_a_dead_run(tmpdir: Path, kind: str) -> Path:
    """A held directory whose run ended without removing it (the process exits: the kernel drops its lock)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(tmpdir)}
    code = f"from remediate.sandbox.cleanup import held_dir; print(held_dir({kind!r}).path)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    left = Path(done.stdout.strip())
    assert (left / OWNER_FILE).is_file()
    return left


def _ownerless(tmpdir: Path, name: str) -> Path:
    """A directory as a version before round 60 left it: files and subdirectories, no owner file."""
    made = tmpdir / name
    (made / "work" / "src").mkdir(parents=True)
    (made / "work" / "src" / "app.py").write_text("X = 1\n")
    return made


def test_a_sandbox_open_reclaims_every_kind_a_dead_run_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    live = held_dir(SANDBOX_KIND)
    try:
        dead_env, dead_sandbox = _left_by_a_dead_run(tmp_path, ENV_KIND), _left_by_a_dead_run(tmp_path, SANDBOX_KIND)
        opened = held_dir(ENV_KIND)  # a `--setup` env's: the dead sandbox's directory goes too
        assert not dead_env.exists() and not dead_sandbox.exists()
        assert sorted(tmp_path.iterdir()) == sorted([live.path, opened.path])
        opened.remove()
    finally:
        live.remove()


_ENTRY = """
import sys
from remediate.children import entry_point

with entry_point(lean=sys.argv[1] == "lean"):
    pass
"""


def test_an_entry_points_end_reclaims_what_dead_runs_left(tmp_path: Path) -> None:
    """`remediate publish` and the other commands that open no sandbox still reclaim at their end; `facts`
    (lean: it makes no such directory and its start is measured) does not."""
    left = _left_by_a_dead_run(tmp_path, SANDBOX_KIND)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", _ENTRY, "lean"], env=env, check=True, timeout=60)
    assert left.exists()
    subprocess.run([sys.executable, "-c", _ENTRY, "full"], env=env, check=True, timeout=60)
    assert not left.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="another user's directory and a mount take root")
def test_an_ownerless_directory_is_reclaimed_only_once_the_machine_booted_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old_sandbox, old_env = _ownerless(tmp_path, f"{SANDBOX_KIND}old"), _ownerless(tmp_path, f"{ENV_KIND}old")
    theirs, mounted = _ownerless(tmp_path, f"{SANDBOX_KIND}theirs"), _ownerless(tmp_path, f"{SANDBOX_KIND}mounted")
    os.chown(theirs, 65534, 65534)
    outside = _ownerless(tmp_path / "elsewhere", "target")
    (tmp_path / f"{SANDBOX_KIND}link").symlink_to(outside)
    made = {old_sandbox, old_env, theirs, mounted, outside.parent, tmp_path / f"{SANDBOX_KIND}link"}
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.mount(b"tmpfs", os.fsencode(mounted / "work"), b"tmpfs", 0, b"size=1m") == 0
    try:
        assert cleanup.reclaim() == [] and set(tmp_path.iterdir()) == made  # changed during this boot: kept
        later = time.time() + 2 * CLOCK_STEP_SLACK_S  # as if the machine had booted since they were made
        monkeypatch.setattr(cleanup, "booted_at", lambda: later)
        assert sorted(cleanup.reclaim()) == sorted([old_sandbox, old_env])
        assert set(tmp_path.iterdir()) == made - {old_sandbox, old_env}
        assert (outside / "work" / "src" / "app.py").is_file()  # the link is not followed
        assert (mounted / "work").is_mount()  # a mount does not outlive a boot: the clock was wrong, kept
    finally:
        detach_mounts_under(mounted)


def _held(directory: Path) -> bool:
    """Whether `directory` is a held one whose run lives (its owner file's lock taken elsewhere)."""
    try:
        owner = os.open(directory / OWNER_FILE, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(owner)
    return False


def test_the_scratch_where_apply_runs_git_is_held_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGKILL while `--apply` computes a patch's result leaves a directory the next run reclaims."""
    seen: list[tuple[str, bool]] = []

    def observed(args: list[str], cwd: Path, env: dict[str, str]) -> object:
        seen.append((cwd.name, _held(cwd)))
        return run_git_sync(args, cwd, env)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(apply, "run_git_sync", observed)
    (tmp_path / "app.py").write_text("X = 1\n")
    patch = "--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-X = 1\n+X = 2\n"
    assert apply.patched_files(tmp_path, patch) == {"app.py": b"X = 2\n"}
    assert [(name.startswith(APPLY_KIND), held) for name, held in seen] == [(True, True)]
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_the_scratch_where_publish_clones_is_held_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from remediate.publish import core
    from remediate.publish.config import PublishConfig
    from remediate.publish.git import GitError
    from tests.publish.conftest import make_report

    seen: list[tuple[str, bool]] = []

    async def observed(publisher: core._Publisher) -> object:
        seen.append((publisher.scratch.name, _held(publisher.scratch)))
        raise GitError("stopped here")

    monkeypatch.setattr(core._Publisher, "run", observed)
    cfg = PublishConfig(repo="o/r", failing_commit="a" * 40)
    result = await core.publish_fix(make_report("--- a/x\n+++ b/x\n"), cfg, scratch_dir=tmp_path)
    assert result.message == "stopped here"
    assert [(name.startswith(PUBLISH_KIND), held) for name, held in seen] == [(True, True)]
    assert os.listdir(tmp_path) == []
