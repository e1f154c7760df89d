"""Removing a sandbox directory: never anything outside it, never failing the run.

A check owns the tree it leaves behind: read-only directories, 3,000 levels of nesting (past
PATH_MAX and Python's recursion limit), links out. So the walk is iterative and works on
directory descriptors (no path grows with the depth, no link is followed), it makes only
directories *inside* the tree writable (never the parent: once, that turned the host's /tmp
into mode 0700), a missing directory is already removed (cleanup runs twice safely), and what
cannot be removed is logged, not raised.

A run's directories under the temporary dir (the sandboxes', the `--setup` env's, the scratch of
`--apply` and `publish`) are made by `held_dir`: a flock on an owner file inside, taken before that
file has its name and held until the directory is removed, says a live process owns it. Nothing runs
after a SIGKILL, so a killed run leaves its directory (and, its keeper killed too, the work copy's
tmpfs); the next `held_dir` removes (`reclaim`) each such directory of this uid whose lock is free,
its mounts detached first. A live run's (lock held), another user's, one still being made (no owner file yet)
are never touched. One listdir serves every kind (`KINDS`), and every entry point's end reclaims too
(children.entry_point), so a machine that stops opening sandboxes still gets its space back.

A directory without an owner file (made by a version before round 60's, or by a run killed between its
mkdtemp and its owner file) has no lock to ask: its run is dead for certain only once the machine has
booted since the directory last changed (`_ownerless_dead`). Age within a boot is no proof (a slow run is not a
dead one), nor is "no process has it open" (a run holds its paths between uses, and a jailed process's
descriptors name paths of another mount namespace).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from remediate.sandbox.capped import detach_mounts_under, mounts_under

log = logging.getLogger(__name__)

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
OWNER_FILE = ".remediate-owner"
# The kinds of held directory under the temporary dir: a sandbox's, the `--setup` env's, the scratch where
# `--apply` computes a patch's result and where `publish` clones (a repository's size, left by a SIGKILL).
SANDBOX_KIND = "remediate-sandbox-"
ENV_KIND = "remediate-env-"
APPLY_KIND = "remediate-apply-"
PUBLISH_KIND = "remediate-publish-"
KINDS = (SANDBOX_KIND, ENV_KIND, APPLY_KIND, PUBLISH_KIND)
# How far the realtime clock may have been stepped forward since boot (a machine without a clock of its
# own, set by NTP once up): the boot time the kernel reports moves with such a step, a directory's ctime
# does not, so "before the boot" is "a day before it".
CLOCK_STEP_SLACK_S = 86_400.0


class _Moved(Exception):
    """A directory's `..` is not the directory we came from: stop rather than guess."""


def _ident(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def _open_child(fd: int, name: str) -> int | None:
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=fd)
    except PermissionError:
        # Not searchable (mode 0 left by a check, when we are not root): it is inside the tree.
        with contextlib.suppress(OSError):
            os.chmod(name, 0o700, dir_fd=fd)
            return os.open(name, _DIR_FLAGS, dir_fd=fd)
    except OSError:
        pass
    return None


def _unlink(fd: int, name: str) -> bool:
    for attempt in range(2):
        try:
            os.unlink(name, dir_fd=fd)
            return True
        except FileNotFoundError:
            return True
        except PermissionError:
            if attempt == 0:
                with contextlib.suppress(OSError):
                    os.fchmod(fd, 0o700)  # the directory holding it, itself inside the tree
        except OSError:
            break
    return False


def _subdir_to_enter(fd: int, stuck: set[tuple[int, int]]) -> tuple[str, int] | None:
    """Remove every non-directory in `fd`; return the first subdirectory left to empty, opened."""
    with os.scandir(fd) as entries:
        names = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
    for name, is_dir in names:
        if not is_dir:
            if not _unlink(fd, name):
                log.warning("cleanup: cannot remove an entry %r", name)
            continue
        child = _open_child(fd, name)
        if child is None:
            continue
        if _ident(child) in stuck:
            os.close(child)
            continue
        return name, child
    return None


def _empty(top: int) -> None:
    """Empty the directory open as `top`, depth first, holding one descriptor at a time."""
    fd = top
    chain: list[tuple[str, tuple[int, int]]] = []  # (name in parent, parent's identity)
    stuck: set[tuple[int, int]] = set()
    try:
        while True:
            found = _subdir_to_enter(fd, stuck)
            if found is not None:
                name, child = found
                chain.append((name, _ident(fd)))
                if fd != top:
                    os.close(fd)
                fd = child
                continue
            if not chain:
                return
            name, parent_ident = chain.pop()
            parent = os.open("..", _DIR_FLAGS, dir_fd=fd)
            if _ident(parent) != parent_ident:
                os.close(parent)
                raise _Moved(name)
            here = _ident(fd)
            if fd != top:
                os.close(fd)
            fd = parent
            try:
                os.rmdir(name, dir_fd=fd)
            except OSError:
                stuck.add(here)
            if not chain:
                # Back at the top: use the descriptor we were given, not the reopened one.
                os.close(fd)
                fd = top
    finally:
        if fd != top:
            os.close(fd)


def remove_tree(path: Path) -> None:
    """Remove `path` and everything below it; never raises, never touches its parent's mode."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("cleanup: cannot inspect %s: %s", path, exc.strerror)
        return
    try:
        parent = os.open(path.parent, _DIR_FLAGS)
    except OSError as exc:
        log.warning("cleanup: cannot open the parent of %s: %s", path, exc.strerror)
        return
    try:
        if not stat.S_ISDIR(st.st_mode):
            _unlink(parent, path.name)
            return
        top = _open_child(parent, path.name)
        if top is None:
            log.warning("cleanup: cannot open %s", path)
            return
        try:
            with contextlib.suppress(OSError):
                os.fchmod(top, 0o700)
            _empty(top)
        finally:
            os.close(top)
        os.rmdir(path.name, dir_fd=parent)
    except (OSError, _Moved) as exc:
        log.warning("cleanup: %s left partly in place: %s", path, exc)
    finally:
        os.close(parent)


# ---------------------------------------------------------------- directories a run holds, and reclaims


@dataclass
class HeldDir:
    """A run's directory, held (its owner file locked) until `remove` (idempotent)."""

    path: Path
    _owner: int

    def remove(self) -> None:
        remove_tree(self.path)
        if self._owner >= 0:
            os.close(self._owner)  # only now: removed first, so no later run meets it unheld
            self._owner = -1


def held_dir(prefix: str, parent: Path | None = None) -> HeldDir:
    """A fresh directory `prefix*` (one of `KINDS`) under the temporary dir (or `parent`), held by this
    process (the module docstring); what dead runs left under the temporary dir is reclaimed first."""
    reclaim()
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        owner = os.open(path / f"{OWNER_FILE}.new", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except OSError:
        remove_tree(path)
        raise
    fcntl.flock(owner, fcntl.LOCK_EX)  # a file nobody else has opened: granted at once
    os.rename(path / f"{OWNER_FILE}.new", path / OWNER_FILE)  # seen by that name only once held
    return HeldDir(path, owner)


@contextmanager
def held_scratch(kind: str, parent: Path | None = None) -> Iterator[Path]:
    """`held_dir` for a block: its path, the directory removed when the block ends."""
    held = held_dir(kind, parent)
    try:
        yield held.path
    finally:
        held.remove()


def reclaim(kinds: tuple[str, ...] = KINDS) -> list[Path]:
    """Remove the directories of `kinds` under the temporary dir that dead runs left (the module
    docstring); returns them."""
    base = Path(tempfile.gettempdir())
    try:
        names = [name for name in os.listdir(base) if name.startswith(kinds)]
    except OSError:
        return []
    booted = booted_at() if names else None  # read once: /proc/stat costs ~70 us
    return [base / name for name in names if _reclaimed(base / name, booted)]


def _reclaimed(path: Path, booted: float | None) -> bool:
    try:
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
            return False  # another user's, or not a directory (a link planted under the name)
        owner = os.open(path / OWNER_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return _ownerless_dead(path, st, booted) and _removed(path)
    except OSError:
        return False  # gone, or unreadable
    try:
        try:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its run is alive
        if _ident(owner) != _ident_at(path / OWNER_FILE):
            return False  # another run reclaimed it meanwhile
        detach_mounts_under(path)  # before the walk: never empty a mounted filesystem
        return _removed(path)
    finally:
        os.close(owner)


def _removed(path: Path) -> bool:
    remove_tree(path)
    return True


def _ownerless_dead(path: Path, st: os.stat_result, booted: float | None) -> bool:
    """Whether the run of `path`, a directory of ours without an owner file, is dead: the machine has
    booted (at `booted`) since it last changed (ctime, which no call sets back), a day's clock step allowed for. A mount
    below it does not outlive a boot: there, whatever the clock said, it was made since and is kept. One
    being made now changed now (its owner file's first name is made inside it)."""
    if booted is None or st.st_ctime >= booted - CLOCK_STEP_SLACK_S:
        return False  # changed during this boot: a live run of an older version may hold it
    return not mounts_under(path)


def booted_at() -> float | None:
    """When this machine booted (seconds since the epoch, from /proc/stat); None where unknown."""
    try:
        with open("/proc/stat", "rb") as table:
            for line in table:
                if line.startswith(b"btime "):
                    return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _ident_at(path: Path) -> tuple[int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
