"""The real `git` binary, run with a cleared environment, for one throw-away work repository.

Secrets policy (tested): the token never appears in argv, in `.git/config`, in a remote URL or in
an exception. It reaches git only through the environment of the commands that talk to the remote,
as `http.<origin>/.extraHeader` in `GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n`, scoped to the remote's
origin; remote URLs are passed on the command line and carry no credentials; everything git prints
is redacted before it is surfaced.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import anyio

from remediate.facts.redact import Redactor

Runner = Callable[[Sequence[str], Path, Mapping[str, str], bytes | None], Awaitable[tuple[int, bytes, bytes]]]


class GitError(Exception):
    """A git command failed; the message is redacted."""


async def run_process(
    argv: Sequence[str], cwd: Path, env: Mapping[str, str], stdin: bytes | None
) -> tuple[int, bytes, bytes]:
    done = await anyio.run_process(list(argv), cwd=cwd, env=dict(env), input=stdin, check=False)
    return done.returncode, done.stdout, done.stderr


def auth_header(token: str) -> str:
    """What actions/checkout sends: HTTP basic with the user `x-access-token` and the token as password."""
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return f"Authorization: Basic {basic}"


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.hostname:
        return f"{parts.scheme}://{parts.netloc}/"
    return None


def check_remote(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"", "file", "http", "https"}:
        raise GitError(f"unsupported remote scheme {parts.scheme!r}: use https")
    if "@" in parts.netloc:
        raise GitError("the remote URL must not carry credentials")


@dataclass
class GitOutput:
    code: int
    stdout: str
    stderr: str


@dataclass
class GitRepo:
    """A scratch repository in `path`; the remote is given by URL, never configured in it."""

    path: Path
    remote: str
    redactor: Redactor
    author_name: str
    author_email: str
    token: str | None = None
    runner: Runner = run_process
    argv_log: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_remote(self.remote)
        git = shutil.which("git")
        if git is None:
            raise GitError("git is not installed")
        self._git = git
        self._home = self.path.parent / (self.path.name + ".home")

    # ------------------------------------------------------------------ environment

    def _env(self, auth: bool) -> dict[str, str]:
        scheme = urlsplit(self.remote).scheme or "file"
        env = {
            "PATH": os.pathsep.join(dict.fromkeys([str(Path(self._git).parent), "/usr/bin", "/bin"])),
            "HOME": str(self._home),
            "LANG": "C",
            "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ALLOW_PROTOCOL": scheme,
            "GIT_AUTHOR_NAME": self.author_name,
            "GIT_AUTHOR_EMAIL": self.author_email,
            "GIT_COMMITTER_NAME": self.author_name,
            "GIT_COMMITTER_EMAIL": self.author_email,
        }
        config = [("core.hooksPath", os.devnull), ("credential.helper", ""), ("advice.detachedHead", "false")]
        origin = _origin(self.remote)
        if auth and self.token and origin is not None:
            config.append((f"http.{origin}.extraHeader", auth_header(self.token)))
        env["GIT_CONFIG_COUNT"] = str(len(config))
        for i, (key, value) in enumerate(config):
            env[f"GIT_CONFIG_KEY_{i}"] = key
            env[f"GIT_CONFIG_VALUE_{i}"] = value
        return env

    def _clean(self, data: bytes) -> str:
        return self.redactor.redact(data.decode("utf-8", "replace"))

    async def run(self, *args: str, stdin: bytes | None = None, auth: bool = False, check: bool = True) -> GitOutput:
        argv = [self._git, *args]
        self.argv_log.append(list(args))
        code, out, err = await self.runner(argv, self.path, self._env(auth), stdin)
        result = GitOutput(code, self._clean(out), self._clean(err))
        if check and code != 0:
            # `git <verb>` and git's own (redacted) words; never the environment.
            raise GitError(f"git {args[0]} failed (exit {code}): {result.stderr.strip()[-800:]}")
        return result

    # ------------------------------------------------------------------ operations

    async def init(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        self._home.mkdir(parents=True, exist_ok=True)
        await self.run("init", "-q")

    async def fetch_commit(self, sha: str) -> None:
        """The failing commit, shallow, from the remote; then a detached checkout of it."""
        await self.run("fetch", "-q", "--no-tags", "--depth=1", self.remote, sha, auth=True)
        await self.run("checkout", "-q", "--detach", sha)

    async def remote_branches(self, pattern: str) -> dict[str, str]:
        """Branch name -> SHA for remote branches matching `refs/heads/<pattern>`."""
        out = await self.run("ls-remote", "--heads", self.remote, f"refs/heads/{pattern}", auth=True)
        found: dict[str, str] = {}
        for line in out.stdout.splitlines():
            sha, _, ref = line.partition("\t")
            if ref.startswith("refs/heads/"):
                found[ref[len("refs/heads/") :]] = sha.strip()
        return found

    async def trailer_of(self, branch: str, key: str) -> str:
        """The value of trailer `key` on the tip commit of a remote branch ('' when absent)."""
        await self.run("fetch", "-q", "--no-tags", "--depth=1", self.remote, f"refs/heads/{branch}", auth=True)
        out = await self.run("log", "-1", f"--format=%(trailers:key={key},valueonly,separator=%x2C)", "FETCH_HEAD")
        return out.stdout.strip()

    async def apply(self, patch: str, scratch: Path) -> None:
        patch_file = scratch / "fix.patch"
        patch_file.write_text(patch if patch.endswith("\n") else patch + "\n", encoding="utf-8")
        await self.run("apply", "--index", "--whitespace=nowarn", str(patch_file))

    async def commit(self, message: str, scratch: Path) -> str:
        message_file = scratch / "COMMIT_MSG"
        message_file.write_text(message, encoding="utf-8")
        await self.run("commit", "-q", "--no-verify", "--cleanup=verbatim", "-F", str(message_file))
        return (await self.run("rev-parse", "HEAD")).stdout.strip()

    async def push_new_branch(self, sha: str, branch: str) -> bool:
        """Create `branch` at `sha` on the remote; False when it already exists. Never moves an existing branch.

        The lease with an empty expected value means: succeed only if the ref does not exist yet.
        """
        ref = f"refs/heads/{branch}"
        out = await self.run(
            "push", "--porcelain", "--no-verify", f"--force-with-lease={ref}:", self.remote, f"{sha}:{ref}",
            auth=True, check=False,
        )  # fmt: skip
        if out.code == 0:
            return True
        rejected = [line for line in out.stdout.splitlines() if line.startswith("!") and ref in line]
        if rejected:
            return False
        raise GitError(f"git push failed (exit {out.code}): {(out.stderr or out.stdout).strip()[-800:]}")
