"""Removing a sandbox directory: never anything outside it, never failing the run.

A check owns the tree it leaves behind: read-only directories, 3,000 levels of nesting (past
PATH_MAX and Python's recursion limit), links out. So the walk is iterative and works on
directory descriptors (no path grows with the depth, no link is followed), it makes only
directories *inside* the tree writable (never the parent: once, that turned the host's /tmp
into mode 0700), a missing directory is already removed (cleanup runs twice safely), and what
cannot be removed is logged, not raised.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


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
