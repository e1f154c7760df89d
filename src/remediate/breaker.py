"""The circuit breaker: remediate never tries to fix a failure of its own commit.

Commits remediate makes carry the trailer `Remediate-Run: <run id>` (publish/message.py
writes it). When the failing commit, or one of its first-parent ancestors within
`generations`, carries it, `fix` refuses before any spend (status `refused`, exit 12):
a fix that broke CI again must go to a person, not around the loop once more.

Reading history fails closed: a source that is a git work tree whose history cannot be read
is refused, not waved through. A source with no git at all (a plain directory, the Dagger
module's Directory) has no commit to check; the pipeline records that as a guard event.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import anyio

from remediate.errors import Refused

RUN_TRAILER = "Remediate-Run"
DEFAULT_GENERATIONS = 1
GIT_TIMEOUT_S = 30.0
# Trailer keys are case-insensitive for git; any line of the message counts (fail closed:
# a person quoting the trailer at the start of a line is refused too).
_TRAILER = re.compile(rf"^\s*{RUN_TRAILER}\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_RECORD = "\x1e"
_FIELD = "\x00"


class BreakerError(Refused):
    """The history of a git work tree could not be read: refuse rather than guess."""


@dataclass(frozen=True)
class Commit:
    sha: str
    message: str


@dataclass(frozen=True)
class BreakerTrip:
    sha: str
    run_id: str
    generation: int  # 0: the failing commit itself

    def describe(self) -> str:
        which = "the failing commit" if self.generation == 0 else f"its ancestor {self.generation} back"
        return (
            f"{which} ({self.sha[:12]}) was made by remediate (Remediate-Run: {self.run_id}); "
            "refusing to fix remediate's own change - a person should look at it"
        )


def run_trailer(message: str) -> str | None:
    """The run id of a `Remediate-Run:` trailer in a commit message, or None."""
    found = _TRAILER.search(message)
    return found.group(1) if found else None


def check(commits: list[Commit], generations: int) -> BreakerTrip | None:
    """The nearest of the first `generations` commits (newest first) remediate made, if any."""
    for generation, commit in enumerate(commits[: max(generations, 1)]):
        if (run_id := run_trailer(commit.message)) is not None:
            return BreakerTrip(commit.sha, run_id, generation)
    return None


def is_git_tree(source: Path) -> bool:
    return (source / ".git").exists()


async def read_commits(source: Path, rev: str, generations: int) -> list[Commit]:
    """The first-parent history from `rev`, newest first, at most `generations` commits.

    git runs with a cleared environment and no system or global config; nothing that could
    execute (signature checks, pagers, fsmonitor) is asked for, even if the repository's own
    config sets it.
    """
    git = shutil.which("git")
    if git is None:
        raise BreakerError("git is not on PATH: cannot read the failing commit's message")
    if rev.startswith("-"):
        raise BreakerError(f"not a revision: {rev!r}")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.devnull,
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_TERMINAL_PROMPT": "0",
    }
    command = [
        git,
        "-c",
        "core.fsmonitor=false",
        "-c",
        "safe.directory=*",  # nothing below runs code from the repository config
        "-C",
        str(source),
        "--no-pager",
        "log",
        "--no-show-signature",
        "--first-parent",
        f"--max-count={max(generations, 1)}",
        "--format=%H%x00%B%x1e",  # NUL after the hash, RS after each message
        rev,
        "--",
    ]
    try:
        with anyio.fail_after(GIT_TIMEOUT_S):
            done = await anyio.run_process(command, env=env, check=False)
    except (OSError, TimeoutError) as exc:
        raise BreakerError(f"git log failed: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise BreakerError(f"cannot read the history of {rev!r}: {detail}")
    commits = []
    for record in done.stdout.decode("utf-8", "replace").split(_RECORD):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, _, message = record.partition(_FIELD)
        commits.append(Commit(sha.strip(), message))
    if not commits:
        raise BreakerError(f"no commit at {rev!r}")
    return commits
