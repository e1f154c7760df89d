"""The local backend: a temporary copy of the source, commands under bubblewrap.

Every command runs as `prlimit <rlimits> -- bwrap <namespaces, binds> -- argv`:

- no network (empty net namespace), own pid/ipc/uts namespaces, `--die-with-parent` and
  `--new-session` (no TIOCSTI into our terminal);
- a read-only system (/usr, /etc minus its secrets, the /bin-/lib links, each tool path's
  install prefix); the rest of the host (homes, other projects, the source dir) is absent;
- the work copy read-write at /workspace (the cwd), a private size-capped tmpfs at /tmp;
- only a minimal environment: bwrap itself is started with it, so not even
  /proc/1/environ (bwrap's own pid 1 inside) holds the caller's variables;
- RLIMIT_DATA/CPU/FSIZE/NOFILE (never RLIMIT_AS: it kills node and the JVM at start) and a
  wall clock that SIGKILLs bwrap's process group; pid 1 of the namespace dies with it and
  the kernel then kills everything else inside;
- RLIMIT_NPROC (`JAIL_NPROC`) against fork bombs. The kernel exempts uid 0 from it, and a
  root-run bwrap keeps every capability (enough to `mount -o remount,rw` a read-only bind
  and write the host's /usr). So when we are root the command itself runs as a fresh
  unprivileged uid per sandbox (`setpriv` inside the jail, all capabilities dropped), and
  the work copy is chowned to it; the limit then counts only that sandbox's processes. Not
  root, bwrap runs in a user namespace, where the kernel counts RLIMIT_NPROC per namespace.

With `unsafe_no_sandbox=True` the same command runs with prlimit, the timeout and the
cleared environment only: NO isolation of network, filesystem or processes.

Output keeps the LAST `output_bytes` bytes: CI tools print the failing assertion and the
summary at the end, so the tail is what a model needs.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import anyio
import anyio.to_thread
from anyio.abc import ByteReceiveStream

from remediate.hostgit import HostGitError, git_binary, hardened_env, run_git
from remediate.models import ExecResult, Limits, Match
from remediate.sandbox.base import (
    ARTIFACT_DIRS,
    PathRejected,
    SandboxError,
    SandboxUnavailable,
    is_artifact,
    normalize_relpath,
)
from remediate.sandbox.cleanup import remove_tree
from remediate.sandbox.patch import file_diff, is_binary, patch_paths
from remediate.sandbox.workcopy import Selection, WorkCopyError, copy_selection, select

WORKSPACE = "/workspace"
# Inside the sandbox /tmp is a private tmpfs, not the host's shared /tmp.
SANDBOX_TMP = "/tmp"  # noqa: S108
SANDBOX_SHM = "/dev/shm"  # noqa: S108 - also a private tmpfs inside the jail
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
READ_LIMIT_BYTES = 1_000_000
SEARCH_FILE_LIMIT_BYTES = 2_000_000
SEARCH_TIMEOUT_S = 20.0
MATCH_TEXT_CHARS = 300
PROBE_TIMEOUT_S = 20.0
# After the command exits, how long output from leftovers may still trickle in.
DRAIN_GRACE_S = 1.0
GIT_TIMEOUT_S = 60.0

_WORK_NAME = "work"
_INSTALL_HINT = (
    "install bubblewrap (e.g. `apt-get install bubblewrap`), or pass --unsafe-no-sandbox "
    "to run checks WITHOUT isolation (no network, filesystem or process containment)"
)
# Bound read-only when present; on merged-/usr systems the /bin-style ones are symlinks
# and are recreated as symlinks inside.
_SYSTEM_DIRS = ("/usr", "/etc")
_SYSTEM_MAYBE_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Readable when the host runs us as root; output goes to a model, so hide them.
_MASKED_FILES = ("/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers")
_MASKED_DIRS = ("/etc/ssh", "/etc/sudoers.d")
# Processes (threads included) one sandboxed command may have at once.
JAIL_NPROC = 1024
# Unprivileged uids for root-run jails: high, unnamed, one per sandbox.
_JAIL_UID_BASE = 2_000_000_000
_JAIL_UID_SPAN = 100_000_000
_EXECVP_FAILED = re.compile(r"bwrap: execvp [^\n]*: (No such file or directory|Permission denied)\n?")


# ---------------------------------------------------------------- environment and commands


def base_env(tool_paths: Sequence[Path], extra: Mapping[str, str] | None, home: str, tmp: str) -> dict[str, str]:
    """The whole environment a command sees: nothing from the caller's process."""
    path = [str(p) for p in tool_paths] + list(SYSTEM_PATH)
    env = {
        "PATH": ":".join(dict.fromkeys(path)),
        "HOME": home,
        "TMPDIR": tmp,
        "LANG": "C.UTF-8",
        "CI": "true",
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DO_NOT_TRACK": "1",
    }
    for key, value in (extra or {}).items():
        if not key or "=" in key or "\x00" in key or "\x00" in value:
            raise SandboxError(f"invalid environment variable name or value: {key!r}")
        env[key] = value
    return env


def _install_dirs(directory: Path) -> list[Path]:
    """What a tool dir needs bound besides itself.

    A virtualenv's `bin` brings the virtualenv; a version manager's `shims` (pyenv, rbenv)
    brings the manager's root, where the shims dispatch to; an install prefix's `bin` brings
    its `lib` (where `~/.local/bin`'s Python packages live) but not the rest of the prefix, so
    a `~/.local/bin` on PATH does not expose `~/.local/share`.
    """
    parent = directory.parent
    if directory.name == "bin" and (parent / "pyvenv.cfg").is_file():
        return [parent]
    if directory.name == "shims" and (parent / "versions").is_dir():
        return [parent]
    if directory.name == "bin" and (parent / "lib").is_dir():
        return [directory, parent / "lib"]
    return [directory]


def _link_targets(directory: Path) -> Iterator[Path]:
    """Where the symlinks in a tool dir point: a venv's python links to its base install."""
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_symlink():
                yield Path(os.path.realpath(entry.path)).parent


def _under(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(r) for r in roots)


def tool_binds(tool_paths: Sequence[Path], mounted: Sequence[Path] = ()) -> list[Path]:
    """Host directories to bind read-only (at the same path) so the tool paths work inside.

    Directories inside `mounted` are left out: the work copy (and the setup's environment) are
    mounted there already, with their environment dirs.
    """
    system = [Path(d) for d in _SYSTEM_DIRS]
    inside = [p for m in mounted for p in (Path(os.path.realpath(m)), Path(os.path.abspath(m)))]
    wanted: list[Path] = []
    for raw in tool_paths:
        directory = Path(raw).absolute()
        real = Path(os.path.realpath(directory))
        if _under(real, system):
            continue
        candidates = [*_install_dirs(real), *(d for t in _link_targets(real) for d in _install_dirs(t))]
        if directory != real:
            candidates.append(directory)  # the unresolved spelling PATH uses
        wanted += [c for c in candidates if c.exists() and not _under(c, system) and not _under(c, inside)]
    if Path("/") in wanted:
        raise SandboxError("a tool path resolves to /; refusing to expose the whole filesystem")
    binds: list[Path] = []
    for path in sorted(set(wanted), key=lambda p: len(p.parts)):
        if not _under(path, binds):
            binds.append(path)
    return binds


@dataclass(frozen=True)
class Mount:
    """A host directory bound inside the jail at `target`."""

    host: Path
    target: str
    writable: bool = False


def _ordered_mounts(jail: Jail, work: Path) -> list[Mount]:
    """Every bind, shallowest target first: a mount inside another (a project's .venv inside the
    work copy, a tool dir under the source) must come after it or be hidden by it."""
    mounts = [Mount(b, str(b)) for b in jail.binds] + list(jail.mounts)
    mounts.append(Mount(work, jail.workdir, writable=True))
    unique = list(dict.fromkeys(mounts))
    # At equal depth the work copy goes last, so a tool dir at the source's own path cannot hide it.
    return sorted(unique, key=lambda m: (len(Path(m.target).parts), m.target == jail.workdir and m.writable))


@dataclass(frozen=True)
class Jail:
    """How one command is wrapped; `bwrap=None` is the unsafe, unisolated mode."""

    prlimit: str
    bwrap: str | None
    binds: tuple[Path, ...]
    # When we are root: the unprivileged uid/gid the command runs as, and setpriv to get there.
    run_as: int | None = None
    setpriv: str | None = None
    # Where the work copy is mounted inside (the source's own absolute path), what else is bound
    # there (environment dirs read-only; the setup's environment writable while setup runs), and
    # whether the network is kept (only for --setup).
    workdir: str = WORKSPACE
    mounts: tuple[Mount, ...] = ()
    network: bool = False

    def command(self, argv: Sequence[str], work: Path, limits: Limits) -> list[str]:
        mib = 1024 * 1024
        rlimits = [
            self.prlimit,
            f"--data={limits.memory_mb * mib}",
            f"--cpu={limits.cpu_s}",
            f"--fsize={limits.file_size_mb * mib}",
            f"--nofile={limits.open_files}",
            "--core=0",
        ]
        if self.bwrap is None:
            # Unsafe mode: no namespace to count processes in; a per-uid limit would count
            # (and starve) the caller's whole session.
            return [*rlimits, "--", *argv]
        rlimits += [f"--nproc={JAIL_NPROC}", "--"]
        drop: list[str] = []
        if self.run_as is not None and self.setpriv is not None:
            uid = str(self.run_as)
            drop = [self.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
            drop += ["--inh-caps=-all", "--bounding-set=-all", "--"]
        return [*rlimits, self.bwrap, *self._bwrap_args(work, limits), "--", *drop, *argv]

    def _bwrap_args(self, work: Path, limits: Limits) -> list[str]:
        args = ["--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc"]
        args += [] if self.network else ["--unshare-net"]
        args += ["--unshare-uts", "--hostname", "sandbox", "--unshare-cgroup-try"]
        for d in _SYSTEM_DIRS:
            args += ["--ro-bind", d, d]
        for d in _SYSTEM_MAYBE_LINKS:
            if os.path.islink(d):
                args += ["--symlink", os.readlink(d), d]
            elif os.path.isdir(d):
                args += ["--ro-bind", d, d]
        args += [a for f in _MASKED_FILES if os.path.isfile(f) for a in ("--ro-bind", os.devnull, f)]
        args += [a for d in _MASKED_DIRS if os.path.isdir(d) for a in ("--tmpfs", d)]
        args += ["--proc", "/proc", "--dev", "/dev"]
        # /tmp lives in RAM: cap it so a check cannot fill the host's memory through it.
        args += ["--perms", "1777", "--size", str(limits.memory_mb * 1024 * 1024), "--tmpfs", SANDBOX_TMP]
        # The unprivileged uid needs a writable /dev/shm for POSIX semaphores (multiprocessing locks: dbt).
        args += ["--perms", "1777", "--size", str(limits.memory_mb * 1024 * 1024), "--tmpfs", SANDBOX_SHM]
        made: set[Path] = set()
        mounted: list[Path] = [Path(d) for d in _SYSTEM_DIRS]
        for mount in _ordered_mounts(self, work):
            target = Path(mount.target)
            # bwrap creates missing parents 0700; the unprivileged uid must traverse them. Parents
            # inside an earlier mount already exist there (or are bwrap's to create in a copy).
            for parent in reversed(target.parents):
                if parent != Path("/") and parent not in made and not _under(parent, mounted):
                    args += ["--perms", "0755", "--dir", str(parent)]
                    made.add(parent)
            args += ["--bind" if mount.writable else "--ro-bind", str(mount.host), mount.target]
            mounted.append(target)
        args += ["--remount-ro", "/", "--chdir", self.workdir]
        return args


# ---------------------------------------------------------------- running a command


class _Tail:
    """The last `cap` bytes of a stream, and how many were dropped before them."""

    def __init__(self, cap: int) -> None:
        self._cap = max(cap, 0)
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, chunk: bytes) -> None:
        self._buf += chunk
        # Trim in batches: deleting the head on every chunk would copy the buffer each time.
        if len(self._buf) > 2 * self._cap + 65536:
            self._trim()

    def _trim(self) -> None:
        excess = len(self._buf) - self._cap
        if excess > 0:
            del self._buf[:excess]
            self.dropped += excess

    def result(self) -> tuple[str, int]:
        """(kept output as text, total bytes left out)."""
        text, more = tail_text(bytes(self._buf), self._cap)
        return text, self.dropped + more


def tail_text(data: bytes, cap: int) -> tuple[str, int]:
    """The last `cap` bytes of `data` as text, and how many bytes were left out."""
    kept = data[-cap:] if cap > 0 else b""
    if len(kept) < len(data):
        # Do not start in the middle of a UTF-8 sequence.
        skip = 0
        while skip < min(3, len(kept)) and 0x80 <= kept[skip] <= 0xBF:
            skip += 1
        kept = kept[skip:]
    return kept.decode("utf-8", "replace"), len(data) - len(kept)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


async def _pump(stream: ByteReceiveStream, tail: _Tail, done: anyio.Event) -> None:
    try:
        async for chunk in stream:
            tail.feed(chunk)
    except (anyio.ClosedResourceError, anyio.BrokenResourceError):
        pass
    finally:
        done.set()


def _exit_code(returncode: int, output: str, timed_out: bool, sandboxed: bool) -> int:
    if timed_out:
        return 124  # what coreutils `timeout` (and so the dagger backend) reports
    if returncode < 0:
        return 128 - returncode  # killed by a signal: the shell's convention
    if sandboxed and returncode == 1:
        # bwrap reports a failed exec as exit 1; a shell would say 127 (not found) / 126.
        found = _EXECVP_FAILED.fullmatch(output)
        if found:
            return 127 if found.group(1).startswith("No such") else 126
    return returncode


async def execute(
    command: Sequence[str], *, env: Mapping[str, str], cwd: Path, limits: Limits
) -> tuple[int, _Tail, bool]:
    """Run `command` in its own process group; return (returncode, output tail, timed_out)."""
    tail = _Tail(limits.output_bytes)
    timed_out = False
    try:
        proc = await anyio.open_process(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        raise SandboxError(f"cannot start {command[0]}: {exc.strerror or exc}") from exc
    try:
        assert proc.stdout is not None
        drained = anyio.Event()
        async with anyio.create_task_group() as tg:
            tg.start_soon(_pump, proc.stdout, tail, drained)
            with anyio.move_on_after(limits.timeout_s) as deadline:
                await proc.wait()
            timed_out = deadline.cancelled_caught
            # Kill the group on timeout and also after a normal exit: without a pid namespace
            # (unsafe mode) background children would otherwise outlive the command.
            _kill_group(proc.pid)
            await proc.wait()
            with anyio.move_on_after(DRAIN_GRACE_S):
                await drained.wait()
            tg.cancel_scope.cancel()
    finally:
        if proc.returncode is None:
            _kill_group(proc.pid)
        with anyio.CancelScope(shield=True):
            await proc.aclose()
    assert proc.returncode is not None
    return proc.returncode, tail, timed_out


def _check_limits(limits: Limits) -> None:
    values = (limits.timeout_s, limits.memory_mb, limits.cpu_s, limits.file_size_mb, limits.open_files)
    if min(values) <= 0 or limits.output_bytes < 0:
        raise SandboxError(f"limits must be positive: {limits!r}")


# ---------------------------------------------------------------- file helpers (run in threads)


def _read_text(target: Path, shown: str) -> str:
    try:
        st = target.stat()
    except FileNotFoundError:
        raise SandboxError(f"no such file: {shown}") from None
    except OSError as exc:
        raise SandboxError(f"cannot read {shown}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise SandboxError(f"{shown} is a directory; list it instead of reading it")
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


def _list_tree(top: Path, rel: str, depth: int) -> list[str]:
    out: list[str] = []
    with os.scandir(top) as entries:
        for entry in entries:
            child = f"{rel}/{entry.name}" if rel else entry.name
            # Symlinks are listed but never followed: they may point anywhere.
            if entry.is_dir(follow_symlinks=False):
                if entry.name in ARTIFACT_DIRS:
                    continue
                out.append(child + "/")
                if depth > 1:
                    out += _list_tree(Path(entry.path), child, depth - 1)
            elif not is_artifact(child):
                out.append(child)
    return out


def _walk_files(top: Path) -> Iterator[tuple[str, Path]]:
    """(relative path, path) of every regular non-artifact file, sorted, symlinks not followed."""
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in ARTIFACT_DIRS)
        base = Path(dirpath)
        rel_dir = base.relative_to(top).as_posix()
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            path = base / name
            if not is_artifact(rel) and path.is_file() and not path.is_symlink():
                yield rel, path


def _glob_matches(rel: str, glob: str) -> bool:
    # Like ripgrep: a glob without "/" matches the file name at any depth.
    return fnmatchcase(rel if "/" in glob else rel.rsplit("/", 1)[-1], glob)


def search_tree(root: str, pattern: str, glob: str | None, max_matches: int) -> list[tuple[str, int, str]]:
    """Regex search over the text files under root (called in the search child process)."""
    regex = re.compile(pattern)
    found: list[tuple[str, int, str]] = []
    for rel, path in _walk_files(Path(root)):
        if glob is not None and not _glob_matches(rel, glob):
            continue
        try:
            if path.stat().st_size > SEARCH_FILE_LIMIT_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if is_binary(data):
            continue
        for number, line in enumerate(data.decode("utf-8").split("\n"), start=1):
            if regex.search(line):
                text = line.rstrip("\r")
                if len(text) > MATCH_TEXT_CHARS:
                    text = text[:MATCH_TEXT_CHARS] + "…"
                found.append((rel, number, text))
                if len(found) >= max_matches:
                    return found
    return found


async def _search_in_subprocess(request: str) -> list[tuple[str, int, str]]:
    """Run search_tree in a child interpreter: `re` cannot be interrupted, and a catastrophically
    backtracking pattern from a model must cost a killed process, not a spinning thread."""
    env = {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p), "LANG": "C.UTF-8"}
    command = [sys.executable, "-c", "from remediate.sandbox.local import search_main; search_main()"]
    with anyio.move_on_after(SEARCH_TIMEOUT_S):
        done = await anyio.run_process(command, input=request.encode(), env=env, check=False)
        if done.returncode != 0:
            raise SandboxError(f"search failed: {done.stderr.decode('utf-8', 'replace').strip()[-2000:]}")
        return [(p, n, t) for p, n, t in json.loads(done.stdout)]
    raise SandboxError(f"search gave up after {SEARCH_TIMEOUT_S:g} s; use a simpler pattern or a glob")


def search_main() -> None:
    """Entry point of the search child: one JSON request on stdin, the matches on stdout."""
    request = json.load(sys.stdin)
    found = search_tree(request["root"], request["pattern"], request["glob"], request["max"])
    json.dump(found, sys.stdout)


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


def tree_diff(original: Path, work: Path, created: set[str], selected: frozenset[str] | None = None) -> str:
    """Git-style diff of work against original: changed/deleted original files, plus the
    new files in `created` (those written through the API, not a run's artifacts). Only the
    `selected` files of the original count (what the work copy started from, workcopy.py)."""
    originals = {rel: path for rel, path in _walk_files(original) if selected is None or rel in selected}
    entries = []
    for rel in sorted(set(originals) | {c for c in created if not is_artifact(c)}):
        old_path = originals.get(rel)
        old = old_path.read_bytes() if old_path is not None else None
        mode = _file_mode(old_path) if old_path is not None else "100644"
        entries.append(file_diff(rel, old, _regular_bytes(work, rel), mode))
    return "".join(entries)


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
    ) -> None:
        self._source = source
        self._selected = selected
        self._tmp = tmp
        self._root = Path(os.path.realpath(tmp / _WORK_NAME))
        self._jail = jail
        self._env = dict(env)
        self._limits = limits
        self._created: set[str] = set()
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
        if inner == ".":
            raise PathRejected("cannot write the project root itself; name a file")
        if ".git" in inner.split("/"):
            raise PathRejected(f"{path!r} is inside .git, which the sandbox does not let you change")
        return inner, real

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

    async def list(self, path: str = ".", depth: int = 2) -> list[str]:
        if depth < 1:
            raise SandboxError("depth must be at least 1")
        rel, real = self.resolve(path)
        if not real.exists():
            raise SandboxError(f"no such directory: {path}")
        if not real.is_dir():
            return [rel]
        try:
            return sorted(await anyio.to_thread.run_sync(_list_tree, real, rel, depth))
        except OSError as exc:
            raise SandboxError(f"cannot list {path}: {exc.strerror}") from None

    async def search(self, pattern: str, glob: str | None = None, max_matches: int = 200) -> builtins.list[Match]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SandboxError(f"invalid regular expression {pattern!r}: {exc}") from None
        if max_matches < 1:
            return []
        request = json.dumps({"root": str(self._root), "pattern": pattern, "glob": glob, "max": max_matches})
        found = await _search_in_subprocess(request)
        return [Match(path=p, line=n, text=t) for p, n, t in found]

    # ------------------------------------------------------------ commands

    async def run(self, argv: Sequence[str], limits: Limits | None = None) -> ExecResult:
        if not argv or any("\x00" in a for a in argv):
            raise SandboxError("argv must be a non-empty list of strings without NUL bytes")
        limits = limits or self._limits
        _check_limits(limits)
        started = time.monotonic()
        if self._jail.run_as is not None and self._created:
            await anyio.to_thread.run_sync(_chown_paths, self._root, sorted(self._created), self._jail.run_as)
        command = self._jail.command(argv, self._root, limits)
        cwd = self._tmp if self.isolated else self._root
        returncode, tail, timed_out = await execute(command, env=self._env, cwd=cwd, limits=limits)
        output, dropped = tail.result()
        return ExecResult(
            argv=list(argv),
            exit_code=_exit_code(returncode, output, timed_out, self.isolated),
            output=output,
            duration_s=time.monotonic() - started,
            timed_out=timed_out,
            truncated_bytes=dropped,
        )

    # ------------------------------------------------------------ patches

    async def diff(self) -> str:
        return await anyio.to_thread.run_sync(tree_diff, self._source, self._root, set(self._created), self._selected)

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
                await anyio.to_thread.run_sync(force_rmtree, self._tmp)


# ---------------------------------------------------------------- opening one


def _make_jail(
    bwrap: str | Path | None, unsafe_no_sandbox: bool, tool_paths: Sequence[Path], mounted: Sequence[Path] = ()
) -> Jail:
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SandboxUnavailable("prlimit (util-linux) is not on PATH; it sets the resource limits of checks")
    if unsafe_no_sandbox:
        return Jail(prlimit=prlimit, bwrap=None, binds=())
    found = shutil.which(str(bwrap) if bwrap is not None else "bwrap")
    if found is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) was not found; {_INSTALL_HINT}")
    binds = tuple(tool_binds(tool_paths, mounted))
    if os.geteuid() != 0:
        return Jail(prlimit=prlimit, bwrap=found, binds=binds)
    # Root: bwrap keeps every capability and RLIMIT_NPROC does not apply to uid 0, so the
    # command drops to a fresh unprivileged uid (fail closed: no setpriv, no sandbox).
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise SandboxUnavailable("running as root needs setpriv (util-linux) to drop the checks' privileges")
    uid = _JAIL_UID_BASE + secrets.randbelow(_JAIL_UID_SPAN)
    return Jail(prlimit=prlimit, bwrap=found, binds=binds, run_as=uid, setpriv=setpriv)


async def _probe(sandbox: LocalSandbox) -> None:
    """bwrap can be installed yet unable to create namespaces (containers, AppArmor)."""
    result = await sandbox.run(["true"], Limits(timeout_s=PROBE_TIMEOUT_S))
    if not result.ok:
        detail = result.output.strip() or f"exit code {result.exit_code}"
        raise SandboxUnavailable(f"bubblewrap cannot create a sandbox here ({detail}); {_INSTALL_HINT}")


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
    system = [Path(d) for d in (*_SYSTEM_DIRS, *_SYSTEM_MAYBE_LINKS)]
    if path == Path("/") or path in system or any(d.is_relative_to(path) for d in system):
        raise SandboxError(f"cannot use {path} as a source: it holds the system directories the sandbox binds")
    if _under(path, [Path("/proc"), Path("/dev"), Path("/sys")]):
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
) -> AsyncIterator[LocalSandbox]:
    """Copy what CI would check out of `source` to a temporary work dir and yield a sandbox
    over it, mounted at the source's own path inside the jail; delete it on exit.

    `tool_paths` are directories put first on PATH and bound read-only inside (with their
    install prefix); `env` is added to the minimal environment; `limits` are the defaults
    for `run`; `bwrap` overrides where bubblewrap is looked up (tests use it); `layout` is
    the run's selection and extra mounts.
    """
    source = _absolute(source)
    if not source.is_dir():
        raise SandboxError(f"source is not a directory: {source}")
    workdir = mount_point(source)
    layout = layout or Layout()
    selection = layout.selection
    if selection is None:
        try:
            selection = await anyio.to_thread.run_sync(select, source)
        except WorkCopyError as exc:
            raise SandboxError(str(exc)) from exc
    jail = _make_jail(bwrap, unsafe_no_sandbox, tool_paths, [source, *(m.host for m in layout.mounts)])
    if jail.bwrap is not None:
        mounts = _jail_mounts(source, workdir, layout, selection)
        jail = dataclasses.replace(jail, workdir=workdir, mounts=mounts, network=layout.network)
    tmp = Path(tempfile.mkdtemp(prefix="remediate-sandbox-"))
    if jail.bwrap is not None:
        command_env = base_env(tool_paths, env, home=SANDBOX_TMP, tmp=SANDBOX_TMP)
    else:
        for d in ("home", "tmp"):
            (tmp / d).mkdir()
        command_env = base_env(tool_paths, env, home=str(tmp / "home"), tmp=str(tmp / "tmp"))
    sandbox = LocalSandbox(
        source=source,
        tmp=tmp,
        jail=jail,
        env=command_env,
        limits=limits or Limits(),
        selected=frozenset(selection.files),
    )
    try:
        await anyio.to_thread.run_sync(_copy_source, source, tmp / _WORK_NAME, selection)
        if jail.run_as is not None:
            await anyio.to_thread.run_sync(_chown_tree, tmp / _WORK_NAME, jail.run_as)
        if jail.bwrap is not None:
            await _probe(sandbox)
        yield sandbox
    finally:
        await sandbox.aclose()


def _copy_source(source: Path, dest: Path, selection: Selection) -> None:
    try:
        copy_selection(source, dest, selection)
    except WorkCopyError as exc:
        raise SandboxError(str(exc)) from exc
