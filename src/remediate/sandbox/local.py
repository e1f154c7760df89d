"""The local backend: a temporary copy of the source (what CI would check out), mounted at the
source's own path inside the jail (jail.py); commands run through the process runner
(process.py); `list` and `search` come from tree.py, as for every backend. As root the copy
lives on a size-capped tmpfs (capped.py). `diff` is what the agent wrote (write, apply,
authored runs); `run_changes` is what the other runs did to the copy's files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import re
import stat
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import anyio
import anyio.to_thread

from remediate.filestat import Says, stat_named
from remediate.hostgit import HostGitError, git_binary, hardened_env, run_git
from remediate.models import ExecResult, Limits
from remediate.sandbox.base import (
    READ_LIMIT_BYTES,
    PathRejected,
    SandboxError,
    SandboxUnavailable,
    is_artifact,
    normalize_relpath,
    writable_rel,
)
from remediate.sandbox.capped import DEFAULT_HEADROOM_MB, CapError, WorkCap, copy_bytes, mount_cap
from remediate.sandbox.cleanup import SANDBOX_KIND, HeldDir, held_dir, remove_tree
from remediate.sandbox.jail import (
    INSTALL_HINT,
    SANDBOX_TMP,
    SYSTEM_DIRS,
    SYSTEM_MAYBE_LINKS,
    Jail,
    Mount,
    base_env,
    make_jail,
    under,
)
from remediate.sandbox.patch import file_diff, patch_paths
from remediate.sandbox.process import check_limits, execute, exit_code_of
from remediate.sandbox.syscalls import program_fd
from remediate.sandbox.walker import is_binary, walk_files
from remediate.sandbox.workcopy import Selection, WorkCopyError, copy_selection, select

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 20.0
GIT_TIMEOUT_S = 60.0

_WORK_NAME = "work"


# ---------------------------------------------------------------- file helpers (run in threads)


_READ_SAYS = Says(
    missing="no such file: {path}",
    unreadable="cannot read {path}: {reason}",
    directory="{path} is a directory; list it instead of reading it",
)


def _read_text(target: Path, shown: str) -> str:
    st = stat_named(target, shown, _READ_SAYS, SandboxError)
    if not stat.S_ISREG(st.st_mode):
        raise SandboxError(f"{shown} is not a regular file")
    if st.st_size > READ_LIMIT_BYTES:
        raise SandboxError(
            f"{shown} is {st.st_size} bytes, over the {READ_LIMIT_BYTES}-byte read limit; search it instead"
        )
    data = target.read_bytes()
    if is_binary(data):
        raise SandboxError(f"{shown} is a binary (or non-UTF-8) file and cannot be read as text")
    return data.decode("utf-8")


def _write_text(target: Path, text: str, shown: str) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SandboxError(f"cannot write {shown}: text is not valid UTF-8 ({exc.reason})") from None
    if target.is_dir():
        raise SandboxError(f"{shown} is a directory")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise SandboxError(f"cannot write {shown}: {exc.strerror}") from None


def _file_mode(path: Path) -> str:
    return "100755" if path.stat().st_mode & 0o111 else "100644"


def _regular_bytes(root: Path, rel: str) -> bytes | None:
    """Content of root/rel if it is a regular file really inside root (a run may have turned a
    directory into a symlink out; its target must not leak into the diff)."""
    path = root / rel
    if not Path(os.path.realpath(path)).is_relative_to(root):
        return None
    try:
        st = path.lstat()
    except OSError:
        return None
    return path.read_bytes() if stat.S_ISREG(st.st_mode) else None


def _original_bytes(original: Path, rel: str, selected: frozenset[str] | None) -> tuple[bytes | None, str]:
    """(content, git mode) of `rel` in the source as the work copy started from it."""
    path = original / rel
    if (selected is not None and rel not in selected) or not path.is_file() or path.is_symlink():
        return None, "100644"
    return path.read_bytes(), _file_mode(path)


def authored_diff(original: Path, authored: Mapping[str, bytes | None], selected: frozenset[str] | None = None) -> str:
    """Git-style diff of what was written through the API (`write`, `apply`, authored runs)
    against the original: the patch. What check runs did to the tree is not in it."""
    entries = []
    for rel in sorted(authored):
        old, mode = _original_bytes(original, rel, selected)
        if old is None and is_artifact(rel):
            continue
        entries.append(file_diff(rel, old, authored[rel], mode))
    return "".join(entries)


def run_changes(
    original: Path, work: Path, authored: Mapping[str, bytes | None], selected: frozenset[str] | None = None
) -> str:
    """Git-style diff of what commands (check runs) changed in files of the work copy, against
    what the original plus the authored changes say they hold. New files a run leaves are
    artifacts and not listed."""
    originals = {rel for rel, _ in walk_files(original) if selected is None or rel in selected}
    entries = []
    for rel in sorted(originals | set(authored)):
        old, mode = _original_bytes(original, rel, selected)
        expected = authored.get(rel, old)
        entries.append(file_diff(rel, expected, _regular_bytes(work, rel), mode))
    return "".join(entries)


def _digests(work: Path) -> dict[str, str]:
    """Content hash of every file of the work copy (to see what an authored run changed)."""
    return {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in walk_files(work)}


def force_rmtree(path: Path) -> None:
    """Remove a sandbox's directory: iterative, idempotent, nothing above it (sandbox/cleanup.py)."""
    remove_tree(path)


def _chown_tree(root: Path, uid: int) -> None:
    """Hand the work copy to the jail's uid (symlinks themselves, never their targets)."""
    os.chown(root, uid, uid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, uid, follow_symlinks=False)


def _chown_paths(root: Path, rels: Sequence[str], uid: int) -> None:
    """Files we wrote (or git applied) as root, and the directories created for them."""
    for rel in rels:
        path = root / rel
        while path != root and path.is_relative_to(root):
            # A run may have swapped a directory for a symlink out since we wrote: never chown
            # through one (that would hand a host file to the jail's uid).
            parent = Path(os.path.realpath(path.parent))
            if parent.is_relative_to(root):
                with contextlib.suppress(FileNotFoundError):
                    os.chown(parent / path.name, uid, uid, follow_symlinks=False)
            path = path.parent


# ---------------------------------------------------------------- the sandbox


class LocalSandbox:
    """A temporary copy of a source tree; see the module docstring for how commands run."""

    def __init__(
        self,
        *,
        source: Path,
        tmp: Path,
        jail: Jail,
        env: Mapping[str, str],
        limits: Limits,
        selected: frozenset[str] | None = None,
        held: HeldDir | None = None,
    ) -> None:
        self._source = source
        self._selected = selected
        self._tmp = tmp
        self._held = held  # `tmp` as a held directory (cleanup.held_dir): a dead run's is reclaimed
        self._root = Path(os.path.realpath(tmp / _WORK_NAME))
        self._jail = jail
        self._env = dict(env)
        self._limits = limits
        # The work copy's size cap (capped.py), mounted while opening; None: not capped.
        self.cap: WorkCap | None = None
        self._created: set[str] = set()
        # What the agent wrote (through write/apply, or a fixer run it authored): rel -> bytes (None: deleted).
        self._authored: dict[str, bytes | None] = {}
        self._closed = False

    @property
    def root(self) -> Path:
        """The work copy on the host (for tests and for exporting results)."""
        return self._root

    @property
    def isolated(self) -> bool:
        """False when running with --unsafe-no-sandbox."""
        return self._jail.bwrap is not None

    # ------------------------------------------------------------ paths

    def resolve(self, path: str) -> tuple[str, Path]:
        """(normalised relative path, real host path); rejects anything that leaves the root."""
        rel = normalize_relpath(path)
        real = Path(os.path.realpath(self._root / rel))
        # Path.is_relative_to compares whole components: /tmp/work2 is not inside /tmp/work.
        if not real.is_relative_to(self._root):
            raise PathRejected(f"{path!r} leads outside the project root through a symlink")
        return rel, real

    def target(self, path: str) -> str:
        """The relative path of the file `path` really names (symlinks inside the tree followed):
        what path policies must judge, since a write through an inner link lands there."""
        _, real = self.resolve(path)
        inner = real.relative_to(self._root).as_posix()
        return "" if inner == "." else inner

    def _writable(self, path: str) -> tuple[str, Path]:
        _, real = self.resolve(path)
        inner = real.relative_to(self._root).as_posix()
        return writable_rel("" if inner == "." else inner, path), real

    async def hand_over(self, path: Path) -> None:
        """Give a host directory bound writable into this jail to the jail's uid (root runs only)."""
        if self._jail.run_as is not None:
            await anyio.to_thread.run_sync(_chown_tree, path, self._jail.run_as)

    # ------------------------------------------------------------ files

    async def read(self, path: str) -> str:
        _, real = self.resolve(path)
        return await anyio.to_thread.run_sync(_read_text, real, path)

    async def write(self, path: str, text: str) -> None:
        inner, real = self._writable(path)
        await anyio.to_thread.run_sync(_write_text, real, text, path)
        self._created.add(inner)
        self._authored[inner] = text.encode("utf-8")

    # ------------------------------------------------------------ commands

    async def run(self, argv: Sequence[str], limits: Limits | None = None, *, authored: bool = False) -> ExecResult:
        """Run `argv` jailed. What it changes in the tree is the check's doing (reported by
        `run_changes`, never in `diff`) unless `authored` (a deterministic fixer the pipeline chose:
        the files it changed or deleted become part of the patch)."""
        if not argv or any("\x00" in a for a in argv):
            raise SandboxError("argv must be a non-empty list of strings without NUL bytes")
        limits = limits or self._limits
        check_limits(limits)
        before = await anyio.to_thread.run_sync(_digests, self._root) if authored else None
        result = await self._run(argv, limits)
        if before is not None:
            after = await anyio.to_thread.run_sync(_digests, self._root)
            # Files it changed or deleted; new files a run leaves are artifacts (as for check runs).
            changed = [rel for rel, digest in before.items() if after.get(rel) != digest]
            await anyio.to_thread.run_sync(self._adopt, changed)
        return result

    def _adopt(self, rels: Sequence[str]) -> None:
        for rel in rels:
            self._authored[rel] = _regular_bytes(self._root, rel)

    async def _run(self, argv: Sequence[str], limits: Limits) -> ExecResult:
        started = time.monotonic()
        if self._jail.run_as is not None and self._created:
            await anyio.to_thread.run_sync(_chown_paths, self._root, sorted(self._created), self._jail.run_as)
        cwd = self._tmp if self.isolated else self._root
        with program_fd() if self.isolated else contextlib.nullcontext(None) as fd:
            command = self._jail.command(argv, self._root, limits, seccomp_fd=fd)
            fds = () if fd is None else (fd,)
            returncode, tail, timed_out = await execute(
                command, env=self._env, cwd=cwd, limits=limits, pass_fds=fds, contained=self.isolated
            )
        output, dropped = tail.result()
        cap = self.cap
        full = cap is not None and await anyio.to_thread.run_sync(cap.is_full)
        if cap is not None and full:
            output += f"\n[remediate: the work copy is full ({cap.size_bytes >> 20} MiB cap); writes past it failed]"
        return ExecResult(
            argv=list(argv),
            exit_code=exit_code_of(returncode, output, timed_out, self.isolated),
            output=output,
            duration_s=time.monotonic() - started,
            timed_out=timed_out,
            truncated_bytes=dropped,
            work_copy_full=full,
        )

    # ------------------------------------------------------------ patches

    async def diff(self) -> str:
        """The agent's patch: only what was written through the API (see `run_changes`)."""
        return await anyio.to_thread.run_sync(authored_diff, self._source, dict(self._authored), self._selected)

    async def run_changes(self) -> str:
        """What command runs changed in the copy's files besides the agent's writes (not shipped)."""
        authored = dict(self._authored)
        return await anyio.to_thread.run_sync(run_changes, self._source, self._root, authored, self._selected)

    async def apply(self, patch: str) -> None:
        paths = [self._writable(p)[0] for p in patch_paths(patch)]
        try:
            git = git_binary()
        except HostGitError as exc:
            raise SandboxError("git is needed to apply patches and is not on PATH") from exc
        patch_file = self._tmp / "incoming.patch"
        await anyio.to_thread.run_sync(patch_file.write_text, patch, "utf-8")
        # From the parent of the work dir, with --directory: git then works like `patch` on plain
        # files and never reads the work copy's .git, which a sandboxed run may have rewritten
        # (a hostile core.fsmonitor there would run on the host).
        base = [git, "apply", f"--directory={_WORK_NAME}", "--whitespace=nowarn"]
        await self._git(["apply", "--check"], [*base, "--check", str(patch_file)])
        await self._git(["apply"], [*base, str(patch_file)])
        self._created.update(paths)
        await anyio.to_thread.run_sync(self._adopt, paths)

    async def _git(self, what: Sequence[str], command: Sequence[str]) -> None:
        # The one hardened host-git helper (hostgit): no config, hooks, fsmonitor or transport.
        env = hardened_env(home=self._tmp, extra_env={"GIT_CEILING_DIRECTORIES": str(self._tmp)})
        try:
            result = await run_git(list(command[1:]), self._tmp, env, timeout_s=GIT_TIMEOUT_S)
        except HostGitError as exc:
            raise SandboxError(f"git {' '.join(what)}: {exc}") from exc
        if result.code != 0:
            message = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
            message = re.sub(rf"(?<=[\s'\"]){_WORK_NAME}/", "", message)
            raise SandboxError(f"the patch does not apply (git {' '.join(what)}): {message}")

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            with anyio.CancelScope(shield=True):  # a cancelled (interrupted) run still removes its copy
                if self.cap is not None:
                    await anyio.to_thread.run_sync(self.cap.release)  # the tmpfs goes with its files
                await anyio.to_thread.run_sync(self._held.remove if self._held else partial(force_rmtree, self._tmp))


# ---------------------------------------------------------------- opening one


async def _probe(sandbox: LocalSandbox) -> None:
    """bwrap can be installed yet unable to create namespaces (containers, AppArmor)."""
    result = await sandbox.run(["true"], Limits(timeout_s=PROBE_TIMEOUT_S))
    if not result.ok:
        detail = result.output.strip() or f"exit code {result.exit_code}"
        raise SandboxUnavailable(f"bubblewrap cannot create a sandbox here ({detail}); {INSTALL_HINT}")


@dataclass(frozen=True)
class Layout:
    """What goes into one sandbox besides the work copy: decided once per run by the factory."""

    # What the work copy holds; None: select it now (workcopy.select).
    selection: Selection | None = None
    # Bound besides the environment dirs of the selection (e.g. the --setup environment).
    mounts: tuple[Mount, ...] = ()
    # Only the --setup command keeps the network.
    network: bool = False


def mount_point(source: Path) -> str:
    """The work copy is mounted at the source's own absolute path (see sandbox/environment.py)."""
    path = Path(os.path.abspath(source))
    system = [Path(d) for d in (*SYSTEM_DIRS, *SYSTEM_MAYBE_LINKS)]
    if path == Path("/") or path in system or any(d.is_relative_to(path) for d in system):
        raise SandboxError(f"cannot use {path} as a source: it holds the system directories the sandbox binds")
    if under(path, [Path("/proc"), Path("/dev"), Path("/sys")]):
        raise SandboxError(f"cannot use {path} as a source: it is a kernel filesystem")
    return str(path)


def _absolute(path: Path) -> Path:
    # Not resolved: the path the user (and the project's own environment) spells is where the copy goes.
    return Path(os.path.abspath(path))


def _jail_mounts(source: Path, workdir: str, layout: Layout, selection: Selection) -> tuple[Mount, ...]:
    envs = tuple(Mount(source / rel, f"{workdir}/{rel}") for rel in selection.env_dirs)
    return envs + layout.mounts


@contextlib.asynccontextmanager
async def open_local_sandbox(
    source: Path,
    *,
    unsafe_no_sandbox: bool = False,
    tool_paths: Sequence[Path] = (),
    env: Mapping[str, str] | None = None,
    limits: Limits | None = None,
    bwrap: str | Path | None = None,
    layout: Layout | None = None,
    work_headroom_mb: int | None = DEFAULT_HEADROOM_MB,
) -> AsyncIterator[LocalSandbox]:
    """Copy what CI would check out of `source` to a temporary work dir and yield a sandbox
    over it, mounted at the source's own path inside the jail; delete it on exit.

    `tool_paths` are directories put first on PATH and bound read-only inside (with their
    install prefix); `env` is added to the minimal environment; `limits` are the defaults
    for `run`; `bwrap` overrides where bubblewrap is looked up (tests use it); `layout` is
    the run's selection and extra mounts; `work_headroom_mb` is what a check may write in the
    work copy beyond its size (root only, capped.py; None: no cap).
    """
    source = _absolute(source)
    if not source.is_dir():
        raise SandboxError(f"source is not a directory: {source}")
    workdir = mount_point(source)
    layout = layout or Layout()
    selection = layout.selection if layout.selection is not None else await _select(source)
    jail = make_jail(bwrap, unsafe_no_sandbox, tool_paths, [source, *(m.host for m in layout.mounts)])
    if jail.bwrap is not None:
        mounts = _jail_mounts(source, workdir, layout, selection)
        jail = dataclasses.replace(jail, workdir=workdir, mounts=mounts, network=layout.network)
    held = await anyio.to_thread.run_sync(held_dir, SANDBOX_KIND)
    tmp = held.path
    sandbox = LocalSandbox(
        source=source,
        tmp=tmp,
        held=held,
        jail=jail,
        env=_command_env(jail, tmp, tool_paths, env),
        limits=limits or Limits(),
        selected=frozenset(selection.files),
    )
    try:
        await _fill_work_copy(sandbox, tmp / _WORK_NAME, source, selection, jail, work_headroom_mb)
        yield sandbox
    finally:
        await sandbox.aclose()


async def _select(source: Path) -> Selection:
    """What CI would check out of `source` (a thread: it walks the tree)."""
    try:
        return await anyio.to_thread.run_sync(select, source)
    except WorkCopyError as exc:
        raise SandboxError(str(exc)) from exc


def _command_env(jail: Jail, tmp: Path, tool_paths: Sequence[Path], env: Mapping[str, str] | None) -> dict[str, str]:
    """The commands' environment; outside a jail, HOME and TMPDIR are fresh dirs under `tmp`."""
    if jail.bwrap is not None:
        return base_env(tool_paths, env, home=SANDBOX_TMP, tmp=SANDBOX_TMP)
    for d in ("home", "tmp"):
        (tmp / d).mkdir()
    return base_env(tool_paths, env, home=str(tmp / "home"), tmp=str(tmp / "tmp"))


async def _fill_work_copy(
    sandbox: LocalSandbox, work: Path, source: Path, selection: Selection, jail: Jail, headroom_mb: int | None
) -> None:
    """Cap the work copy (where we may), copy the selection into it, hand it to the jail's user,
    and check that the jail runs."""
    sandbox.cap = await _cap_work_copy(work, source, selection, jail, headroom_mb)
    await anyio.to_thread.run_sync(_copy_source, source, work, selection)
    if jail.run_as is not None:
        await anyio.to_thread.run_sync(_chown_tree, work, jail.run_as)
    if jail.bwrap is not None:
        await _probe(sandbox)


async def _cap_work_copy(
    work: Path, source: Path, selection: Selection, jail: Jail, headroom_mb: int | None
) -> WorkCap | None:
    """The work copy's size cap, when we may mount one (root, jailed); else None, said in the log."""
    if headroom_mb is None or jail.bwrap is None or os.geteuid() != 0:
        return None
    await anyio.Path(work).mkdir()
    size = await anyio.to_thread.run_sync(copy_bytes, source, selection.files, source / ".git")
    try:
        # Abandoned (this process killed), the keeper removes the sandbox's directory too: none else would.
        return await anyio.to_thread.run_sync(mount_cap, work, size + headroom_mb * 1024 * 1024, work.parent)
    except CapError as exc:
        log.warning("%s; the work copy has no size cap", exc)
        return None


def _copy_source(source: Path, dest: Path, selection: Selection) -> None:
    try:
        copy_selection(source, dest, selection)
    except WorkCopyError as exc:
        raise SandboxError(str(exc)) from exc
