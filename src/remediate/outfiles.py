"""Writing remediate's own outputs without following links.

The run directory (`--out`, default `.remediate/<run>`) and the state store often lie inside the
repository under repair, and remediate often runs as root: a repository that ships
`.remediate/demo/fix.patch -> /etc/cron.d/x` or `state.db-journal -> ~/.bashrc` must not turn
our writes into writes there. So:

- a relative output or state path is refused before the run when any component is a link
  (`inputs.no_links`); an absolute one is the user's own spelling, links and all;
- every file is written as a fresh file beside its name (`O_CREAT|O_EXCL|O_NOFOLLOW` through a
  descriptor of the directory) and renamed over the name: a link there is replaced, never
  followed (`write_new`, `start_new`);
- files another library opens by name (SQLite's database and journals) must not be links
  (`not_a_link`);
- appends open with `O_NOFOLLOW` (`append`), so a link swapped in later is refused, not followed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC


class OutputPathError(OSError):
    """An output path is, or passes through, something other than what we created."""


def _open_dir(directory: Path) -> int:
    try:
        return os.open(directory, _DIR_FLAGS)
    except OSError as exc:
        raise OutputPathError(f"cannot write into {directory}: {exc.strerror}") from exc


def write_new(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Make `path` a regular file holding `data`, replacing whatever is there (a link included)
    without following it; readers never see a half-written file."""
    directory = _open_dir(path.parent)
    temporary = f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=directory
        )
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, path.name, src_dir_fd=directory, dst_dir_fd=directory)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)
            raise
    finally:
        os.close(directory)


def write_text(path: Path, text: str) -> None:
    write_new(path, text.encode("utf-8"))


def start_new(path: Path) -> None:
    """An empty regular file at `path` (a record that is appended to afterwards)."""
    write_new(path, b"")


def append(path: Path, text: str) -> None:
    """Append to a file we created; a link put there since is refused (ELOOP), not followed."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(text)


def remove(path: Path) -> None:
    """Remove a file of ours (a link is removed itself, never its target)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def not_a_link(path: Path) -> None:
    """Refuse a path that is a symbolic link (for files another library opens, e.g. SQLite)."""
    if os.path.islink(path):
        raise OutputPathError(f"{path} is a symbolic link; refusing to write through it")
