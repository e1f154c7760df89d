"""Paths in error records made repository-relative: CI runners print absolute paths under their
workspace (`/home/runner/work/pandas/pandas/pandas/core/frame.py`, `/builds/group/proj/app.py`,
`D:\\a\\repo\\repo\\src\\x.py`), while a fix edits files relative to the repository root.

The workspace is read from the log when the runner names it (git's "Initialized empty Git
repository in ROOT/.git/", Jenkins' "Building in workspace ROOT", GitLab's CI_PROJECT_DIR), else
the hosted runners' documented layouts apply. A path under no known workspace is left as it is
(site-packages, toolchains); `repo.resolve_in_repo` then maps what exists in `--source`.

A path that starts with `../` cannot be relative to the repository root: a build tool printed it
relative to the directory it runs in (meson/ninja's build directory: `../src/main.c`, an
out-of-tree make). When the log shows that directory (make's `Entering directory`, ninja's), the
path is joined to it first, so `../src/util.c` compiled in `lib/build` is `lib/src/util.c`.
"""

from __future__ import annotations

import bisect
import posixpath
from collections.abc import Iterable

from remediate.facts.lazyregex import Regex

# Workspace roots printed by the runner or by git: group 1 is the root.
_ROOT_LINES = (
    Regex(r"(?:Initialized empty|Reinitialized existing) Git repository in (\S+?)/\.git/?$"),
    Regex(r"^Building in workspace (\S+)$"),
    Regex(r"^Running on .+ in (/\S+)$"),
    Regex(r"\bCI_PROJECT_DIR=(\S+)"),
    Regex(r"\bGITHUB_WORKSPACE[=:] ?(\S+)"),
)
# Hosted runners' workspaces (paths already use `/`): GitHub Actions on Linux, macOS and Windows,
# GitLab's default builds dir, Travis, CircleCI, Bitbucket, Azure Pipelines, Buildkite, and Jenkins'
# workspaces under its packaged home, its container image's home and its Kubernetes agents.
_LAYOUTS = Regex(
    r"^(?:"
    r"/home/runner/work/[^/]+/[^/]+/"
    r"|/Users/runner/work/[^/]+/[^/]+/"
    r"|[A-Za-z]:/a/[^/]+/[^/]+/"
    r"|/__w/[^/]+/[^/]+/"  # GitHub Actions jobs in a container
    r"|/builds/[^/]+/[^/]+/"
    r"|/home/travis/build/[^/]+/[^/]+/"
    r"|/home/circleci/(?:project|repo)/"
    r"|/opt/atlassian/pipelines/agent/build/"
    r"|/home/vsts/work/\d+/s/|[A-Za-z]:/a/\d+/s/"
    r"|/var/lib/buildkite-agent/builds/[^/]+/[^/]+/[^/]+/"
    r"|/var/lib/jenkins/workspace/[^/]+/|/var/jenkins_home/workspace/[^/]+/|/home/jenkins/(?:agent/)?workspace/[^/]+/"
    r")"
)


# Where a build tool says it runs: GNU make's `make[1]: Entering directory '/ws/lib/build'` (older
# makes quote with a backquote; gmake, mingw32-make) until its `Leaving directory`; ninja's `ninja: Entering directory
# `build'` (meson compile, ninja -C), which nothing closes: the next one replaces it.
_DIRECTORY = Regex(r"(?:make(?:\[\d{1,4}\])?|(ninja)): (Entering|Leaving) directory [`'‘\"]([^`'’\"\n]{1,1000})[`'’\"]")
_NINJA = "\0ninja"  # marks ninja's entry on the stack (a make Leaving its directory also ends it)


class BuildDirectories:
    """The directory a build tool ran in, by log line, from the lines it printed on entering and
    leaving it."""

    def __init__(self, lines: Iterable[tuple[int, str]]) -> None:
        self._starts: list[int] = []  # the directory in effect changes after each of these lines
        self._dirs: list[str | None] = []
        stack: list[str] = []
        for no, text in lines:
            if "directory" not in text or not (m := _DIRECTORY.search(text)):
                continue
            ninja, action, directory = m.group(1), m.group(2), m.group(3).replace("\\", "/").rstrip("/") or "/"
            if ninja:
                if stack and stack[-1].startswith(_NINJA):
                    stack.pop()
                stack.append(_NINJA + directory)
            elif action == "Entering":
                stack.append(directory)
            elif directory in stack:  # leaving: what was entered inside it ended with it
                del stack[len(stack) - 1 - stack[::-1].index(directory) :]
            self._starts.append(no)
            self._dirs.append(stack[-1].removeprefix(_NINJA) if stack else None)

    def at(self, line: int) -> str | None:
        """The directory in effect at `line` (None when no build tool said it entered one)."""
        i = bisect.bisect_left(self._starts, line) - 1
        return self._dirs[i] if i >= 0 else None

    def resolve(self, path: str, line: int | None) -> str:
        """`path` joined to the build directory in effect at `line` when it starts with `../`,
        else unchanged; a result that would still leave the tree it was joined to stays as printed."""
        norm = path.replace("\\", "/")
        if not norm.startswith("../") or line is None or (directory := self.at(line)) is None:
            return path
        joined = posixpath.normpath(posixpath.join(directory, norm))
        return path if joined.startswith("../") or joined == ".." else joined


def workspace_roots(texts: Iterable[str]) -> list[str]:
    """Workspace roots the log names, longest first, each ending in `/`."""
    roots: set[str] = set()
    for text in texts:
        if "/" not in text and "\\" not in text:
            continue
        for pattern in _ROOT_LINES:
            m = pattern.search(text)
            if m:
                root = m.group(1).replace("\\", "/").rstrip("/")
                if root.count("/") >= 2:  # never "/" or "/builds": too broad to strip
                    roots.add(root + "/")
    return sorted(roots, key=len, reverse=True)


def repo_relative(path: str, roots: Iterable[str] = ()) -> str:
    """`path` relative to the workspace it sits in, or unchanged when it sits in none."""
    norm = path.replace("\\", "/")
    for root in roots:
        if norm.startswith(root) and len(norm) > len(root):
            return norm[len(root) :]
    m = _LAYOUTS.match(norm)
    if m and len(norm) > m.end():
        return norm[m.end() :]
    return path
