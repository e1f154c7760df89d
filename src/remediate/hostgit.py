"""The one way remediate runs `git` on the host: a cleared environment and a hardened configuration.

Every host-side git call (the circuit breaker's history read, publishing's scratch repository,
the HEAD lookup of a checkout) goes through `run_git` / `run_git_sync`. A repository under repair is
untrusted input: its `.git/config` (and anything it includes) can name a promisor remote whose
`uploadpack` is a shell command, an fsmonitor hook, hooks, a pager, an external diff. Settings given
here come from the environment (`GIT_CONFIG_COUNT`), which git ranks above every config file, and
they reach the git subprocesses git itself starts:

- no system or global config, no system attributes; HOME is an empty scratch directory or /dev/null;
- no transport at all (`GIT_ALLOW_PROTOCOL` empty, `protocol.allow=never`) unless the caller names the
  one scheme it needs (publish: the remote's), so a lazy fetch from a promisor cannot start;
  `GIT_NO_LAZY_FETCH=1` says the same to git >= 2.45;
- `core.fsmonitor`, `core.hooksPath`, `core.pager`, `core.sshCommand`, `core.alternateRefsCommand`,
  `diff.external`, `credential.helper` and `gpg.program` are neutralised;
- no terminal prompt, no optional locks, `--no-pager` on every command.
Repository-level `include.path` cannot be switched off by git; what an include could set is
overridden by the values above, which rank higher.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import anyio

from remediate.children import SpawnFailed, communicate

DEFAULT_TIMEOUT_S = 60.0

_NEUTRAL: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", ""),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("core.sshCommand", "false"),
    ("core.alternateRefsCommand", ""),
    ("core.askPass", ""),
    ("diff.external", ""),
    ("credential.helper", ""),
    ("gpg.program", "false"),
    ("gpg.ssh.program", "false"),
    ("uploadpack.packObjectsHook", ""),
    ("protocol.allow", "never"),
    ("fetch.recurseSubmodules", "false"),
    ("submodule.recurse", "false"),
    ("advice.detachedHead", "false"),
    ("safe.directory", "*"),  # nothing above lets the repository's config run code
)


class HostGitError(Exception):
    """git is missing, timed out, or (with check) exited non-zero; the message carries git's stderr tail."""


@dataclass(frozen=True)
class GitOutput:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def git_binary() -> str:
    git = shutil.which("git")
    if git is None:
        raise HostGitError("git is not installed (not on PATH)")
    return git


def hardened_env(
    *,
    home: Path | None = None,
    allow_protocols: Sequence[str] = (),
    config: Sequence[tuple[str, str]] = (),
    extra_env: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment of a host git process (nothing is inherited but the PATH to git)."""
    git_dir = str(Path(git_binary()).parent)
    env = {
        "PATH": os.pathsep.join(dict.fromkeys([git_dir, "/usr/bin", "/bin"])),
        "HOME": str(home) if home is not None else os.devnull,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_NO_LAZY_FETCH": "1",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PROTOCOL_FROM_USER": "0",
        "GIT_ALLOW_PROTOCOL": ":".join(allow_protocols),
        "GIT_NO_REPLACE_OBJECTS": "1",
    }
    pairs = [*_NEUTRAL, *((f"protocol.{p}.allow", "always") for p in allow_protocols), *config]
    env["GIT_CONFIG_COUNT"] = str(len(pairs))
    for i, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env.update(extra_env or {})
    return env


def _argv(args: Sequence[str]) -> list[str]:
    return [git_binary(), "--no-pager", *args]


async def run_git(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    *,
    stdin: bytes | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> GitOutput:
    """Run git with `hardened_env()` (or the hardened env a caller built); never raises on exit codes.
    git runs as a process group that is killed with its helpers however the call ends (children.py)."""
    try:
        with anyio.fail_after(timeout_s):
            code, out, err = await communicate(_argv(args), cwd=cwd, env=dict(env or hardened_env()), stdin=stdin)
    except TimeoutError as exc:
        raise HostGitError(f"git {args[0]} timed out after {timeout_s:.0f}s") from exc
    except SpawnFailed as exc:
        raise HostGitError(f"git {args[0]} could not start: {exc.reason}") from exc
    return GitOutput(code, out, err)


def run_git_sync(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> GitOutput:
    try:
        done = subprocess.run(
            _argv(args), cwd=cwd, env=dict(env or hardened_env()), capture_output=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise HostGitError(f"git {args[0]} timed out after {timeout_s:.0f}s") from exc
    except OSError as exc:
        raise HostGitError(f"git {args[0]} could not start: {exc.strerror}") from exc
    return GitOutput(done.returncode, done.stdout, done.stderr)


def head_commit(source: Path) -> str | None:
    """The full SHA of HEAD of a checkout, or None when `source` is not a git work tree (or git is absent)."""
    if not (source / ".git").exists():
        return None
    try:
        done = run_git_sync(["rev-parse", "--verify", "-q", "HEAD^{commit}"], source, timeout_s=30.0)
    except HostGitError:
        return None
    sha = done.out.strip()
    return sha if done.code == 0 and sha else None
