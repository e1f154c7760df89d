"""The Sandbox protocol both backends satisfy, and the path rules they share."""

from __future__ import annotations

import builtins
import posixpath
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from remediate.errors import RemediateError
from remediate.models import ExecResult, Limits, Match, Status


class SandboxError(RemediateError):
    """A sandbox operation failed in a way the caller should report, not crash on."""


class PathRejected(SandboxError):
    """A path is absolute, escapes the work dir, holds a NUL, or crosses a symlink out."""


class SandboxUnavailable(SandboxError):
    """The sandbox cannot run here (e.g. bubblewrap missing) and the run did not opt out."""

    status = Status.REFUSED


# Directories a check creates that never belong in a patch.
ARTIFACT_DIRS = frozenset(
    {
        ".git",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".venv",
        "node_modules",
        "target",
        "logs",
        "dbt_packages",
        ".remediate",
    }
)
ARTIFACT_SUFFIXES = (".pyc", ".pyo", ".duckdb", ".duckdb.wal")


def is_artifact(rel: str) -> bool:
    parts = rel.split("/")
    return any(p in ARTIFACT_DIRS for p in parts[:-1]) or rel.endswith(ARTIFACT_SUFFIXES)


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

    Paths are relative to the project root. `diff` is against the original source;
    `apply` takes a git-style unified diff.
    """

    async def read(self, path: str) -> str: ...

    async def write(self, path: str, text: str) -> None: ...

    async def list(self, path: str = ".", depth: int = 2) -> list[str]: ...

    async def search(self, pattern: str, glob: str | None = None, max_matches: int = 200) -> builtins.list[Match]: ...

    async def run(self, argv: Sequence[str], limits: Limits | None = None) -> ExecResult: ...

    async def diff(self) -> str: ...

    async def apply(self, patch: str) -> None: ...

    async def aclose(self) -> None: ...
