"""Listing and searching a work tree: standard library only, because this file's source also
runs INSIDE a sandbox (`python3 -c`), so both backends list and search with the same code and
the same (Python) regular expressions, and a pathological pattern costs a killed sandboxed
process, bounded by the run's limits, never a spinning host thread.

Run as a script it reads one JSON request from argv[1] and prints one JSON answer:
`{"ok": [...]}` or `{"error": "...", "kind": "path" | "input"}`. Paths are relative to the cwd
(the project root) and never leave it: symlinks are listed but not followed, and a path that
leads out through one is refused.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

# Caches a check writes and rebuilds (the work copy neither copies nor binds them: workcopy.py).
CHECK_CACHES = frozenset(
    {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", ".tox", ".remediate"}
)
# Directories a check creates that never belong in a listing or a patch.
ARTIFACT_DIRS = CHECK_CACHES | {".git", ".venv", "node_modules", "target", "logs", "dbt_packages"}
ARTIFACT_SUFFIXES = (".pyc", ".pyo", ".duckdb", ".duckdb.wal")
SEARCH_FILE_LIMIT_BYTES = 2_000_000
MATCH_TEXT_CHARS = 300
BINARY_SNIFF_BYTES = 8000
# The answer is the last line after this marker: anything a hostile sitecustomize prints comes before.
MARKER = "\x1eremediate-walk:"


class WalkError(Exception):
    def __init__(self, message: str, kind: str = "input") -> None:
        super().__init__(message)
        self.kind = kind


def is_artifact(rel: str) -> bool:
    parts = rel.split("/")
    return any(p in ARTIFACT_DIRS for p in parts[:-1]) or rel.endswith(ARTIFACT_SUFFIXES)


def is_binary(data: bytes) -> bool:
    """Git's heuristic (a NUL early on), plus: anything not UTF-8 cannot go into a text patch."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def inside(root: Path, rel: str, shown: str) -> Path:
    """root/rel, refused when it leads out of root through a symlink."""
    real = Path(os.path.realpath(root / rel))
    if not real.is_relative_to(root):
        raise WalkError(f"{shown!r} leads outside the project root through a symlink", "path")
    return real


def list_tree(top: Path, rel: str, depth: int) -> list[str]:
    out: list[str] = []
    with os.scandir(top) as entries:
        for entry in entries:
            child = f"{rel}/{entry.name}" if rel else entry.name
            # Symlinks are listed but never followed: they may point anywhere.
            if entry.is_dir(follow_symlinks=False):
                if entry.name in ARTIFACT_DIRS:
                    continue
                out.append(child + "/")
                if depth > 1:
                    out += list_tree(Path(entry.path), child, depth - 1)
            elif not is_artifact(child):
                out.append(child)
    return out


def walk_files(top: Path) -> Iterator[tuple[str, Path]]:
    """(relative path, path) of every regular non-artifact file, sorted by path (as the Dagger
    engine orders its search results), symlinks not followed."""
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in ARTIFACT_DIRS]
        base = Path(dirpath)
        rel_dir = base.relative_to(top).as_posix()
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            path = base / name
            if not is_artifact(rel) and path.is_file() and not path.is_symlink():
                found.append((rel, path))
    yield from sorted(found)


def glob_matches(rel: str, glob: str) -> bool:
    # Like ripgrep: a glob without "/" matches the file name at any depth.
    return fnmatchcase(rel if "/" in glob else rel.rsplit("/", 1)[-1], glob)


def search_tree(root: Path, pattern: str, glob: str | None, max_matches: int) -> list[tuple[str, int, str]]:
    """Regex search over the text files under root."""
    regex = re.compile(pattern)
    found: list[tuple[str, int, str]] = []
    for rel, path in walk_files(root):
        if glob is not None and not glob_matches(rel, glob):
            continue
        try:
            if path.stat().st_size > SEARCH_FILE_LIMIT_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if is_binary(data):
            continue
        for number, line in enumerate(data.decode("utf-8").split("\n"), start=1):
            if regex.search(line):
                text = line.rstrip("\r")
                if len(text) > MATCH_TEXT_CHARS:
                    text = text[:MATCH_TEXT_CHARS] + "…"
                found.append((rel, number, text))
                if len(found) >= max_matches:
                    return found
    return found


def list_request(root: Path, path: str, rel: str, depth: int) -> list[str]:
    real = inside(root, rel, path)
    if not real.exists():
        raise WalkError(f"no such directory: {path}")
    if not real.is_dir():
        return [rel]
    try:
        return sorted(list_tree(real, rel, depth))
    except OSError as exc:
        raise WalkError(f"cannot list {path}: {exc.strerror}") from None


def answer(request: dict[str, object], root: Path) -> object:
    op = request["op"]
    if op == "list":
        return list_request(root, str(request["path"]), str(request["rel"]), int(str(request["depth"])))
    if op == "search":
        glob = request["glob"]
        return search_tree(root, str(request["pattern"]), None if glob is None else str(glob), int(str(request["max"])))
    raise WalkError(f"unknown operation {op!r}")


def main() -> None:
    root = Path(os.path.realpath("."))
    request = json.loads(sys.argv[1])
    try:
        result: dict[str, object] = {"ok": answer(request, root)}
    except WalkError as exc:
        result = {"error": str(exc), "kind": exc.kind}
    except OSError as exc:  # never the host path: only the name the caller gave and the reason
        result = {"error": f"cannot {request.get('op')} {request.get('path', '.')}: {exc.strerror}", "kind": "input"}
    sys.stdout.write("\n" + MARKER + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
