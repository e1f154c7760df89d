"""Repository facts: a bounded tree summary, and which files the errors name (repo-relative)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from remediate.facts.editable import pytest_path_holds
from remediate.facts.manifests import dependency_commands, own_modules
from remediate.models import RepoFacts

MAX_TREE_ENTRIES = 300
MAX_TREE_CHARS = 8_000
MAX_WALK = 50_000  # directory entries looked at, at most
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".tox",
        ".nox",
        "dist",
        "build",
        "target",
        ".gradle",
        ".idea",
        ".vscode",
        ".next",
        ".cache",
        "site-packages",
        ".terraform",
        "vendor",
        ".eggs",
        "htmlcov",
        "coverage",
    }
)


def tree_summary(source: Path) -> tuple[list[str], bool]:
    """Relative paths, breadth-first (shallow entries first), directories with a trailing `/`.
    Symlinks are listed but never followed."""
    root = source.resolve()
    out: list[str] = []
    chars = 0
    seen = 0
    truncated = False
    queue: deque[Path] = deque([root])
    while queue:
        directory = queue.popleft()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: (not e.is_dir(follow_symlinks=False), e.name))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_WALK:
                return out, True
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir and entry.name in SKIP_DIRS:
                continue
            rel = Path(entry.path).relative_to(root).as_posix() + ("/" if is_dir else "")
            if len(out) >= MAX_TREE_ENTRIES or chars + len(rel) + 1 > MAX_TREE_CHARS:
                truncated = True
            else:
                out.append(rel)
                chars += len(rel) + 1
            if is_dir:
                queue.append(Path(entry.path))
        if truncated and len(out) >= MAX_TREE_ENTRIES:
            return out, True
    return out, truncated


def resolve_in_repo(source: Path, name: str) -> str | None:
    """Map a path an error names (relative, absolute CI path, Windows path) to a repo-relative path
    of an existing file inside `source`, trying ever shorter suffixes. Never leaves `source`."""
    root = source.resolve()
    cleaned = name.strip().replace("\\", "/")
    if not cleaned or "\0" in cleaned:
        return None
    parts = [p for p in PurePosixPath(cleaned).parts if p not in ("/", ".", "")]
    if any(p == ".." for p in parts):
        parts = parts[max(i for i, p in enumerate(parts) if p == "..") + 1 :]
    for i in range(len(parts)):
        candidate = root.joinpath(*parts[i:])
        try:
            if candidate.is_symlink():
                resolved = candidate.resolve()
                if not resolved.is_relative_to(root):
                    continue
            if candidate.is_file() and candidate.resolve().is_relative_to(root):
                return PurePosixPath(*parts[i:]).as_posix()
        except (OSError, ValueError):
            continue
    return None


class FileIndex:
    """The source tree's files by name, walked once on first use (bounded, SKIP_DIRS left out,
    symlinks neither followed nor listed), for paths a tool printed relative to a directory below
    the repository root: `go test` names `calc_test.go` (relative to its package), JUnit
    `AppTest.java`, a tool run in `packages/web` prints `src/app.ts`."""

    def __init__(self, source: Path) -> None:
        self.root = source.resolve()
        self._by_name: dict[str, list[str]] | None = None

    def _walk(self) -> dict[str, list[str]]:
        by_name: dict[str, list[str]] = {}
        queue: deque[Path] = deque([self.root])
        seen = 0
        while queue and seen < MAX_WALK:
            try:
                entries = sorted(os.scandir(queue.popleft()), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                seen += 1
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        queue.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    rel = Path(entry.path).relative_to(self.root).as_posix()
                    by_name.setdefault(entry.name, []).append(rel)
        return by_name

    def find(self, name: str) -> str | None:
        """The one file whose path ends with the longest part of `name` that some file ends with;
        None when no file has that name or several fit equally well (never a guess)."""
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        if not parts:
            return None
        if self._by_name is None:
            self._by_name = self._walk()
        candidates = self._by_name.get(parts[-1], [])
        for i in range(len(parts)):
            tail = "/".join(parts[i:])
            fits = [c for c in candidates if c == tail or c.endswith("/" + tail)]
            if fits:
                return fits[0] if len(fits) == 1 else None
        return None


def repo_tree(source: Path) -> RepoFacts:
    """The source's tree summary and the modules its manifests name (no file named yet): read once, before the
    records are categorized, which read both (owner.first_party, go_own)."""
    tree, truncated = tree_summary(source)
    modules = own_modules(source, tree)
    editable = pytest_path_holds(source, [m.name for m in modules if m.ecosystem == "python"])
    commands = dependency_commands(source)
    return RepoFacts(tree=tree, truncated=truncated, modules=modules, editable=editable, commands=commands)


def repo_facts(source: Path, names: Iterable[str], known: RepoFacts | None = None) -> tuple[RepoFacts, dict[str, str]]:
    """The RepoFacts (on `known`, repo_tree's, when read), and a mapping from each named path to its repo-relative
    form (when it exists)."""
    known = known or repo_tree(source)
    mapping: dict[str, str] = {}
    files: list[str] = []
    index = FileIndex(source)
    for name in names:
        if name in mapping:
            continue
        rel = resolve_in_repo(source, name) or index.find(name)
        if rel is None:
            continue
        mapping[name] = rel
        if rel not in files:
            files.append(rel)
    return known.model_copy(update={"files_named": files}), mapping
