"""What a work copy holds: what CI would check out, not everything that lies in the directory.

- In a git work tree: the tracked files plus the untracked files that are not ignored
  (`git ls-files --cached --others --exclude-standard`), i.e. the commit CI checks out plus
  what the user has not committed yet.
- Without git: every file, minus what the `.gitignore` files (at any depth, with git's
  semantics via `pathspec`) ignore.
- Never the environment directories (`.venv`, `venv`, `node_modules`) nor caches, whatever git
  says: environments are bound read-only into the jail at their own path instead (`env_dirs`),
  caches are rebuilt by the check. `.git` is copied (tools such as setuptools-scm read it)
  without credentials (gitdir.py).

Listing is a pure function of the source; `copy_selection` makes the copy.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from remediate.sandbox.gitdir import copy_git_dir
from remediate.sandbox.walker import CHECK_CACHES

# Installed environments: never copied, bound read-only where they are (the check may need them).
ENV_DIRS = frozenset({".venv", "venv", "node_modules"})
# Caches and outputs a check rebuilds: neither copied nor bound.
CACHE_DIRS = CHECK_CACHES | {".nox", ".cache"}
_GIT_TIMEOUT_S = 60.0


class WorkCopyError(Exception):
    """The source cannot be listed or copied."""


@dataclass(frozen=True)
class Selection:
    """Relative paths (POSIX) of what a work copy holds, and the environments bound read-only."""

    how: str  # "git" or "gitignore"
    files: tuple[str, ...]
    env_dirs: tuple[str, ...] = ()
    skipped: dict[str, int] = field(default_factory=dict)


def _excluded(rel: str) -> bool:
    return any(part in ENV_DIRS or part in CACHE_DIRS or part == ".git" for part in rel.split("/"))


def _git_files(source: Path) -> list[str] | None:
    """Tracked + untracked-not-ignored files under `source`, or None when it is not a git work tree."""
    git = shutil.which("git")
    if git is None or not _inside_git(source):
        return None
    # The source's own config must not run anything on the host (fsmonitor is a command).
    command = [git, "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "ls-files", "-z"]
    command += ["--cached", "--others", "--exclude-standard", "--", "."]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C", "GIT_CONFIG_NOSYSTEM": "1"}
    env["HOME"] = os.environ.get("HOME", "/nonexistent")
    try:
        done = subprocess.run(command, cwd=source, capture_output=True, env=env, timeout=_GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise WorkCopyError(f"cannot list the files of {source} with git: {exc}") from exc
    if done.returncode != 0:
        # Not a usable repository (a bare `.git` dir, another owner's repo...): the .gitignore rules decide.
        return None
    names = [n for n in done.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    return list(dict.fromkeys(names))


def _inside_git(source: Path) -> bool:
    """A `.git` (directory or gitfile) in the source or an ancestor: then git decides what is checked out."""
    return any((d / ".git").exists() for d in (source, *source.parents))


def _ignore_specs(
    directory: Path, rel: str, inherited: list[tuple[str, pathspec.PathSpec]]
) -> list[tuple[str, pathspec.PathSpec]]:
    ignore = directory / ".gitignore"
    if not ignore.is_file():
        return inherited
    try:
        lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return inherited
    return [*inherited, (rel, pathspec.GitIgnoreSpec.from_lines(lines))]


def _ignored(rel: str, is_dir: bool, specs: list[tuple[str, pathspec.PathSpec]]) -> bool:
    """git's rule: the deepest .gitignore with a matching pattern decides (negations included)."""
    for base, spec in reversed(specs):
        inner = rel[len(base) + 1 :] if base else rel
        result = spec.check_file(inner + "/" if is_dir else inner)
        if result.include is not None:
            return bool(result.include)
    return False


def _walk_files(source: Path) -> Iterator[str]:
    """Every file not ignored by the .gitignore files, ignored directories pruned."""
    stack: list[tuple[Path, str, list[tuple[str, pathspec.PathSpec]]]] = [(source, "", [])]
    while stack:
        directory, rel, inherited = stack.pop()
        specs = _ignore_specs(directory, rel, inherited)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            raise WorkCopyError(f"cannot list {directory}: {exc.strerror}") from exc
        for entry in entries:
            child = f"{rel}/{entry.name}" if rel else entry.name
            is_dir = entry.is_dir(follow_symlinks=False)
            if _ignored(child, is_dir, specs):
                continue
            if is_dir:
                stack.append((Path(entry.path), child, specs))
            else:
                yield child


def _env_dirs(source: Path, files: Iterable[str]) -> list[str]:
    """Environment directories next to any directory the copy holds (the root included)."""
    dirs = {""} | {"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
    found = []
    for d in sorted(dirs):
        for name in sorted(ENV_DIRS):
            rel = f"{d}/{name}" if d else name
            if (source / rel).is_dir() and not (source / rel).is_symlink():
                found.append(rel)
    return found


def select(source: Path) -> Selection:
    """What the work copy of `source` holds (see the module docstring)."""
    listed = _git_files(source)
    how = "git" if listed is not None else "gitignore"
    if listed is None:
        listed = list(_walk_files(source))
    files: list[str] = []
    skipped = {"environment or cache": 0, "missing": 0}
    for rel in listed:
        if _excluded(rel):
            skipped["environment or cache"] += 1
        elif os.path.lexists(source / rel):
            files.append(rel)
        else:
            skipped["missing"] += 1  # deleted in the work tree but still in git's index
    return Selection(how=how, files=tuple(files), env_dirs=tuple(_env_dirs(source, files)), skipped=skipped)


def copy_selection(source: Path, dest: Path, selection: Selection) -> None:
    """Copy the selected files (symlinks as symlinks; FIFOs, sockets and devices never) and `.git`."""
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for rel in selection.files:
            _copy_one(source / rel, dest / rel)
        git_dir = source / ".git"
        if git_dir.is_dir() and not git_dir.is_symlink():
            copy_git_dir(git_dir, dest / ".git")
    except (OSError, shutil.Error) as exc:
        raise WorkCopyError(f"cannot copy the source: {exc}") from exc


def _copy_one(src: Path, dst: Path) -> None:
    st = os.lstat(src)
    if stat.S_ISDIR(st.st_mode):
        return  # a submodule (gitlink) listed as a path: its files are not part of this checkout
    dst.parent.mkdir(parents=True, exist_ok=True)
    if stat.S_ISLNK(st.st_mode):
        os.symlink(os.readlink(src), dst)
    elif stat.S_ISREG(st.st_mode):
        shutil.copy2(src, dst, follow_symlinks=False)
