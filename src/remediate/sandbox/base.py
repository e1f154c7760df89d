"""The Sandbox protocol both backends satisfy, and the path rules they share."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from remediate.errors import RemediateError
from remediate.models import ExecResult, Limits, Status
from remediate.sandbox.walker import ARTIFACT_DIRS, ARTIFACT_SUFFIXES, MATCH_TEXT_CHARS, is_artifact

__all__ = [
    "ARTIFACT_DIRS",
    "ARTIFACT_SUFFIXES",
    "MATCH_TEXT_CHARS",
    "READ_LIMIT_BYTES",
    "WORKSPACE",
    "PathRejected",
    "Sandbox",
    "SandboxError",
    "SandboxUnavailable",
    "is_artifact",
    "normalize_relpath",
    "tail_text",
    "writable_rel",
]


class SandboxError(RemediateError):
    """A sandbox operation failed in a way the caller should report, not crash on."""


class PathRejected(SandboxError):
    """A path is absolute, escapes the work dir, holds a NUL, or crosses a symlink out."""


class SandboxUnavailable(SandboxError):
    """The sandbox cannot run here (e.g. bubblewrap missing) and the run did not opt out."""

    status = Status.REFUSED


# Where the work copy is mounted inside a container (the Dagger backend; the local jail mounts it
# at the source's own path).
WORKSPACE = "/workspace"
READ_LIMIT_BYTES = 1_000_000


def tail_text(data: bytes, cap: int) -> tuple[str, int]:
    """The last `cap` bytes of `data` as text, and how many bytes were left out."""
    kept = data[-cap:] if cap > 0 else b""
    if len(kept) < len(data):
        # Do not start in the middle of a UTF-8 sequence.
        skip = 0
        while skip < min(3, len(kept)) and 0x80 <= kept[skip] <= 0xBF:
            skip += 1
        kept = kept[skip:]
    return kept.decode("utf-8", "replace"), len(data) - len(kept)


def writable_rel(rel: str, shown: str) -> str:
    """The rule every backend's writes share: never the root itself, never inside .git."""
    if rel in ("", "."):
        raise PathRejected("cannot write the project root itself; name a file")
    if ".git" in rel.split("/"):
        raise PathRejected(f"{shown!r} is inside .git, which the sandbox does not let you change")
    return rel


def normalize_relpath(path: str) -> str:
    """Lexically validate a model- or user-supplied path; return it normalised, relative, POSIX.

    Symlinks are checked by each backend against the real tree; this rejects what is wrong
    whatever the tree holds.
    """
    if not isinstance(path, str) or path == "":
        raise PathRejected("path is empty")
    if "\x00" in path:
        raise PathRejected("path contains a NUL byte")
    if "\\" in path:
        raise PathRejected("use forward slashes in paths")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise PathRejected(f"absolute paths are not allowed: {path!r}; use a path relative to the project root")
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../"):
        raise PathRejected(f"path escapes the project root: {path!r}")
    return "" if norm == "." else norm


@runtime_checkable
class Sandbox(Protocol):
    """A writable copy of the source where commands run contained.

    Paths are relative to the project root. `diff` is against the original source and holds
    only what the agent wrote (`write`, `apply`, a run marked `authored`); `run_changes` is what
    other command runs (the check) changed in the copy's files, reported and never shipped;
    `apply` takes a git-style unified diff. `list` and `search` are built once on top of
    `run` (tree.py), so every backend lists and searches the same way.
    """

    async def read(self, path: str) -> str: ...

    async def write(self, path: str, text: str) -> None: ...

    async def run(self, argv: Sequence[str], limits: Limits | None = None, *, authored: bool = False) -> ExecResult: ...

    async def diff(self) -> str: ...

    async def run_changes(self) -> str: ...

    async def apply(self, patch: str) -> None: ...

    async def aclose(self) -> None: ...
