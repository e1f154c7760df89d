"""The real `git` binary, through `remediate.hostgit` (cleared environment, hardened config, only the
remote's transport allowed), for one throw-away work repository.

Secrets policy (tested): the token never appears in argv, in `.git/config`, in a remote URL or in
an exception. It reaches git only through the environment of the commands that talk to the remote,
as `http.<origin>/.extraHeader` in `GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n`, scoped to the remote's
origin; remote URLs are passed on the command line and carry no credentials; everything git prints
is redacted before it is surfaced.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from remediate.facts.redact import Redactor
from remediate.hostgit import HostGitError, git_binary, hardened_env, run_git

Runner = Callable[[Sequence[str], Path, Mapping[str, str], bytes | None], Awaitable[tuple[int, bytes, bytes]]]


class GitError(Exception):
    """A git command failed; the message is redacted."""


async def run_process(
    argv: Sequence[str], cwd: Path, env: Mapping[str, str], stdin: bytes | None
) -> tuple[int, bytes, bytes]:
    """The default runner: `hostgit.run_git` (argv[0] is the git binary, the rest its arguments)."""
    try:
        done = await run_git(list(argv[1:]), cwd, env, stdin=stdin, timeout_s=300.0)
    except HostGitError as exc:
        raise GitError(str(exc)) from None
    return done.code, done.stdout, done.stderr


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


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    tree: str
    parents: tuple[str, ...]
    committer: str  # "Name <email>"
    message: str


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
        try:
            self._git = git_binary()
        except HostGitError as exc:
            raise GitError(str(exc)) from None
        self._home = self.path.parent / (self.path.name + ".home")

    # ------------------------------------------------------------------ environment

    def _env(self, auth: bool) -> dict[str, str]:
        scheme = urlsplit(self.remote).scheme or "file"
        config = []
        origin = _origin(self.remote)
        if auth and self.token and origin is not None:
            config.append((f"http.{origin}.extraHeader", auth_header(self.token)))
        identity = {
            "GIT_AUTHOR_NAME": self.author_name,
            "GIT_AUTHOR_EMAIL": self.author_email,
            "GIT_COMMITTER_NAME": self.author_name,
            "GIT_COMMITTER_EMAIL": self.author_email,
        }
        return hardened_env(home=self._home, allow_protocols=[scheme], config=config, extra_env=identity)

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
        await self.run("fetch", "-q", "--no-tags", "--depth=2", self.remote, sha, auth=True)
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

    async def fetch_tip(self, branch: str) -> CommitInfo:
        """The tip commit of a remote branch: its tree, parents, committer and message (nothing is checked out)."""
        await self.run("fetch", "-q", "--no-tags", "--depth=1", self.remote, f"refs/heads/{branch}", auth=True)
        return await self.commit_info("FETCH_HEAD")

    async def commit_info(self, rev: str) -> CommitInfo:
        """From the raw commit object: a shallow fetch hides parents from `git log`, never from the object."""
        sha = (await self.run("rev-parse", "--verify", f"{rev}^{{commit}}")).stdout.strip()
        raw = (await self.run("cat-file", "commit", sha)).stdout
        head, _, message = raw.partition("\n\n")
        fields = [line.partition(" ") for line in head.splitlines()]
        tree = next((v for k, _, v in fields if k == "tree"), "")
        parents = tuple(v for k, _, v in fields if k == "parent")
        committer = next((v for k, _, v in fields if k == "committer"), "")
        committer = committer.rsplit(" ", 2)[0]  # "Name <email> 1700000000 +0000" -> "Name <email>"
        return CommitInfo(sha, tree, parents, committer, message)

    async def staged_tree(self) -> str:
        """The tree the index holds (after `apply`): what a commit of the verified patch contains."""
        return (await self.run("write-tree")).stdout.strip()

    async def staged_paths(self) -> list[str]:
        """Every path the staged change touches; a rename or copy lists both sides' paths."""
        out = await self.run("diff", "--cached", "--no-renames", "--name-only", "-z", "HEAD")
        return [p for p in out.stdout.split("\x00") if p]

    async def apply(self, patch: str, scratch: Path) -> None:
        patch_file = scratch / "fix.patch"
        patch_file.write_text(patch if patch.endswith("\n") else patch + "\n", encoding="utf-8")
        await self.run("apply", "--index", "--whitespace=nowarn", str(patch_file))

    async def commit(self, message: str, scratch: Path) -> str:
        message_file = scratch / "COMMIT_MSG"
        message_file.write_text(message, encoding="utf-8")
        await self.run("commit", "-q", "--no-verify", "--cleanup=verbatim", "-F", str(message_file))
        return (await self.run("rev-parse", "HEAD")).stdout.strip()

    async def push_new_branch(self, sha: str, branch: str, expect: str = "") -> bool:
        """Create `branch` at `sha` on the remote; False when it already exists. Never moves an existing branch
        (with `expect`, moves it only from exactly that commit: a retry stacking on its own fix).

        The lease with an empty expected value means: succeed only if the ref does not exist yet.
        """
        ref = f"refs/heads/{branch}"
        out = await self.run(
            "push", "--porcelain", "--no-verify", f"--force-with-lease={ref}:{expect}", self.remote, f"{sha}:{ref}",
            auth=True, check=False,
        )  # fmt: skip
        if out.code == 0:
            return True
        rejected = [line for line in out.stdout.splitlines() if line.startswith("!") and ref in line]
        if rejected:
            return False
        raise GitError(f"git push failed (exit {out.code}): {(out.stderr or out.stdout).strip()[-800:]}")
