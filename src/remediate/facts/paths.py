"""Paths in error records made repository-relative: CI runners print absolute paths under their
workspace (`/home/runner/work/pandas/pandas/pandas/core/frame.py`, `/builds/group/proj/app.py`,
`D:\\a\\repo\\repo\\src\\x.py`), while a fix edits files relative to the repository root.

The workspace is read from the log when the runner names it (git's "Initialized empty Git
repository in ROOT/.git/", Jenkins' "Building in workspace ROOT", GitLab's CI_PROJECT_DIR), else
the hosted runners' documented layouts apply. A path under no known workspace is left as it is
(site-packages, toolchains); `repo.resolve_in_repo` then maps what exists in `--source`.
"""

from __future__ import annotations

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
