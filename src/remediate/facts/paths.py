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
Under `make -j` two sibling sub-makes (`make[1]` entering `lib/build`, then `app/build`, before
either leaves) print into one stream: a `../` path printed while both are open may be relative to
either, so it has several readings (`choices`) and only the source tree can tell which exists.
"""

from __future__ import annotations

import bisect
import posixpath
from collections.abc import Callable, Iterable

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
# GitLab's default builds dir, Travis on Linux and macOS, CircleCI, Bitbucket, Azure Pipelines, Buildkite, and Jenkins'
# workspaces under its packaged home, its container image's home and its Kubernetes agents.
_LAYOUTS = Regex(
    r"^(?:"
    r"/home/runner/work/[^/]+/[^/]+/"
    r"|/Users/runner/work/[^/]+/[^/]+/"
    r"|[A-Za-z]:/a/[^/]+/[^/]+/"
    r"|/__w/[^/]+/[^/]+/"  # GitHub Actions jobs in a container
    r"|/builds/[^/]+/[^/]+/"
    r"|/home/travis/build/[^/]+/[^/]+/"
    r"|/Users/travis/build/[^/]+/[^/]+/"
    r"|/home/circleci/(?:project|repo)/"
    r"|/opt/atlassian/pipelines/agent/build/"
    r"|/home/vsts/work/\d+/s/|[A-Za-z]:/a/\d+/s/"
    r"|/var/lib/buildkite-agent/builds/[^/]+/[^/]+/[^/]+/"
    r"|/var/lib/jenkins/workspace/[^/]+/|/var/jenkins_home/workspace/[^/]+/|/home/jenkins/(?:agent/)?workspace/[^/]+/"
    r")"
)


# Where a build tool says it runs: GNU make's `make[1]: Entering directory '/ws/lib/build'` (older
# makes quote with a backquote; gmake, mingw32-make) until its `Leaving directory`; ninja's `ninja: Entering directory
# `build'` (meson compile, ninja -C), which nothing closes: the next one replaces it. Group 1 is make's level.
_DIRECTORY = Regex(
    r"(?:make(?:\[(\d{1,4})\])?|(ninja)): (Entering|Leaving) directory [`'‘\"]([^`'’\"\n]{1,1000})[`'’\"]"
)
_NINJA = -1  # ninja's level on the stack: a make leaving its directory also ends it
# node-gyp runs make in its package's `build` folder and names the package (`gyp ERR! cwd DIR`) only after
# the compiler's errors; npm 7 on prints the script's output (stdout, make's `Entering`/`Leaving directory`
# with it) before its errors (stderr), so make's own lines have closed by then. Between node-gyp's opening
# line and its `cwd`, with no make directory open, a `../` path is relative to DIR/build.
_GYP_OPENS = "gyp info it worked if it ends with ok"
_GYP_CWD = Regex(r"gyp ERR! cwd (\S.{0,1000})$")


class BuildDirectories:
    """The directories a build tool ran in, by log line, from the lines it printed on entering and
    leaving them: the innermost open one, or, while sibling sub-makes of one level are open at
    once (`make -j`), each of them."""

    def __init__(self, lines: Iterable[tuple[int, str]]) -> None:
        self._starts: list[int] = []  # the directories in effect change after each of these lines
        self._dirs: list[tuple[str, ...]] = []
        self._gyp: list[tuple[int, int, str]] = []  # node-gyp's runs: first line, last line, its build folder
        stack: list[tuple[str, int]] = []  # (directory, make level or _NINJA), in the order entered
        gyp: int | None = None
        for no, text in lines:
            if "gyp " in text:
                gyp = self._node_gyp(no, text, gyp)
            if "directory" not in text or not (m := _DIRECTORY.search(text)):
                continue
            level = _NINJA if m.group(2) else int(m.group(1) or 0)
            action, directory = m.group(3), m.group(4).replace("\\", "/").rstrip("/") or "/"
            if level == _NINJA:
                if stack and stack[-1][1] == _NINJA:
                    stack.pop()
                stack.append((directory, level))
            elif action == "Entering":
                stack.append((directory, level))
            else:
                _leave(stack, directory, level)
            self._starts.append(no)
            self._dirs.append(_in_effect(stack))

    def _node_gyp(self, no: int, text: str, opened: int | None) -> int | None:
        """node-gyp's opening line or its `cwd` (see _GYP_OPENS): the line its open run began at, if any."""
        if _GYP_OPENS in text:
            return no
        if opened is not None and (m := _GYP_CWD.search(text)):
            self._gyp.append((opened, no, m.group(1).rstrip().rstrip("/") + "/build"))
            return None
        return opened

    def at(self, line: int) -> tuple[str, ...]:
        """The directories one of which is in effect at `line`: none when no build tool said it
        entered one, several while sibling sub-makes are open at once."""
        i = bisect.bisect_left(self._starts, line) - 1
        if i >= 0 and self._dirs[i]:
            return self._dirs[i]
        return next(((folder,) for first, last, folder in self._gyp if first <= line <= last), ())

    def choices(self, path: str, line: int | None) -> list[str]:
        """The readings of `path`: joined to each build directory in effect at `line` when it
        starts with `../` (a join that would still leave the tree it was joined to is no reading),
        else `path` alone; `path` as printed when nothing is left."""
        norm = path.replace("\\", "/")
        if not norm.startswith("../") or line is None:
            return [path]
        joined = [posixpath.normpath(posixpath.join(directory, norm)) for directory in self.at(line)]
        kept = list(dict.fromkeys(j for j in joined if not (j.startswith("../") or j == "..")))
        return kept or [path]

    def resolve(
        self,
        path: str,
        line: int | None,
        relative: Callable[[str], str] = str,
        find: Callable[[str], str | None] | None = None,
    ) -> str:
        """`path` joined to the build directory in effect at `line` when it starts with `../`, each
        reading made `relative` (to the workspace); while several readings remain (sibling
        sub-makes open at once), the one file `find` names in the source tree, else `path` as
        printed, made relative: kept rather than guessed. The one place a record's path is made
        repository-relative (extract._relative passes the workspace and the source tree)."""
        options = list(dict.fromkeys(relative(p) for p in self.choices(path, line)))
        if len(options) > 1 and find is not None:
            found = {f for f in map(find, options) if f is not None}
            options = list(found) if len(found) == 1 else options
        return options[0] if len(options) == 1 else relative(path)


def _leave(stack: list[tuple[str, int]], directory: str, level: int) -> None:
    """A make left `directory`: it ends, and so does what was entered inside it (deeper levels
    and ninja), while a sibling of its level entered after it (`make -j`) stays open."""
    at = [i for i, (d, lvl) in enumerate(stack) if d == directory and lvl != _NINJA]
    if not at:
        return
    i = next((k for k in reversed(at) if stack[k][1] == level), at[-1])
    gone = stack[i][1]
    stack[i:] = [(d, lvl) for d, lvl in stack[i + 1 :] if lvl != _NINJA and lvl <= gone]


def _in_effect(stack: list[tuple[str, int]]) -> tuple[str, ...]:
    """The innermost directory, or every open make directory of its level when there are several."""
    if not stack:
        return ()
    top, level = stack[-1]
    if level == _NINJA:
        return (top,)
    return tuple(dict.fromkeys(d for d, lvl in stack if lvl == level))


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
