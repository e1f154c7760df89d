"""The jail: how one command is wrapped to run contained on this machine (the local backend).

Every command runs as `prlimit <rlimits> -- bwrap <namespaces, binds> -- argv`:

- no network (empty net namespace), own pid/ipc/uts namespaces, `--die-with-parent`; no terminal:
  the runner starts bwrap in a new session (children.process_group), so nothing inside has a
  controlling terminal to push input into (TIOCSTI). Not bwrap's `--new-session`: that moved the
  sandbox into a session of its own, out of the process group the runner kills, and between that
  setsid and bwrap's pid 1 arming --die-with-parent a kill of the outer bwrap orphaned the whole
  sandbox (round 58: a check still running after the run had exited);
- a fresh anonymous session keyring and a seccomp filter denying the keyrings, ptrace, BPF,
  perf events, the mount family and module/kexec calls (syscalls.py);
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

The wall clock and the output tail are the process runner's (process.py); the work copy is
the local sandbox's (local.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from remediate.models import Limits
from remediate.sandbox.base import WORKSPACE, SandboxError, SandboxUnavailable
from remediate.sandbox.syscalls import keyring_launcher

# Inside the sandbox /tmp is a private tmpfs, not the host's shared /tmp.
SANDBOX_TMP = "/tmp"  # noqa: S108
SANDBOX_SHM = "/dev/shm"  # noqa: S108 - also a private tmpfs inside the jail
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
INSTALL_HINT = (
    "install bubblewrap (e.g. `apt-get install bubblewrap`), or pass --unsafe-no-sandbox "
    "to run checks WITHOUT isolation (no network, filesystem or process containment)"
)
# Bound read-only when present; on merged-/usr systems the /bin-style ones are symlinks
# and are recreated as symlinks inside.
SYSTEM_DIRS = ("/usr", "/etc")
SYSTEM_MAYBE_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Readable when the host runs us as root; output goes to a model, so hide them.
_MASKED_FILES = ("/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers")
_MASKED_DIRS = ("/etc/ssh", "/etc/sudoers.d")
# Processes (threads included) one sandboxed command may have at once.
JAIL_NPROC = 1024
# Unprivileged uids for root-run jails: high, unnamed, one per sandbox.
_JAIL_UID_BASE = 2_000_000_000
_JAIL_UID_SPAN = 100_000_000


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


def under(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(r) for r in roots)


def tool_binds(tool_paths: Sequence[Path], mounted: Sequence[Path] = ()) -> list[Path]:
    """Host directories to bind read-only (at the same path) so the tool paths work inside.

    Directories inside `mounted` are left out: the work copy (and the setup's environment) are
    mounted there already, with their environment dirs.
    """
    system = [Path(d) for d in SYSTEM_DIRS]
    inside = [p for m in mounted for p in (Path(os.path.realpath(m)), Path(os.path.abspath(m)))]
    wanted: list[Path] = []
    for raw in tool_paths:
        directory = Path(raw).absolute()
        real = Path(os.path.realpath(directory))
        if under(real, system):
            continue
        candidates = [*_install_dirs(real), *(d for t in _link_targets(real) for d in _install_dirs(t))]
        if directory != real:
            candidates.append(directory)  # the unresolved spelling PATH uses
        wanted += [c for c in candidates if c.exists() and not under(c, system) and not under(c, inside)]
    if Path("/") in wanted:
        raise SandboxError("a tool path resolves to /; refusing to expose the whole filesystem")
    binds: list[Path] = []
    for path in sorted(set(wanted), key=lambda p: len(p.parts)):
        if not under(path, binds):
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

    def command(self, argv: Sequence[str], work: Path, limits: Limits, seccomp_fd: int | None = None) -> list[str]:
        """The argv that runs `argv` jailed; `seccomp_fd` is an inherited file holding the system-call
        filter (syscalls.program_fd), required when isolated."""
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
        if seccomp_fd is None:
            raise SandboxError("a jailed command needs its system-call filter (syscalls.program_fd)")
        rlimits += [f"--nproc={JAIL_NPROC}", "--", *keyring_launcher()]
        drop: list[str] = []
        if self.run_as is not None and self.setpriv is not None:
            uid = str(self.run_as)
            drop = [self.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
            drop += ["--inh-caps=-all", "--bounding-set=-all", "--"]
        bwrap_args = self._bwrap_args(work, limits)
        return [*rlimits, self.bwrap, *bwrap_args, "--seccomp", str(seccomp_fd), "--", *drop, *argv]

    def _bwrap_args(self, work: Path, limits: Limits) -> list[str]:
        # No --new-session: the sandbox stays in the runner's process group (the module docstring).
        args = ["--die-with-parent", "--unshare-pid", "--unshare-ipc"]
        args += [] if self.network else ["--unshare-net"]
        args += ["--unshare-uts", "--hostname", "sandbox", "--unshare-cgroup-try"]
        for d in SYSTEM_DIRS:
            args += ["--ro-bind", d, d]
        for d in SYSTEM_MAYBE_LINKS:
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
        mounted: list[Path] = [Path(d) for d in SYSTEM_DIRS]
        for mount in _ordered_mounts(self, work):
            target = Path(mount.target)
            # bwrap creates missing parents 0700; the unprivileged uid must traverse them. Parents
            # inside an earlier mount already exist there (or are bwrap's to create in a copy).
            for parent in reversed(target.parents):
                if parent != Path("/") and parent not in made and not under(parent, mounted):
                    args += ["--perms", "0755", "--dir", str(parent)]
                    made.add(parent)
            args += ["--bind" if mount.writable else "--ro-bind", str(mount.host), mount.target]
            mounted.append(target)
        args += ["--remount-ro", "/", "--chdir", self.workdir]
        return args


def make_jail(
    bwrap: str | Path | None, unsafe_no_sandbox: bool, tool_paths: Sequence[Path], mounted: Sequence[Path] = ()
) -> Jail:
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SandboxUnavailable("prlimit (util-linux) is not on PATH; it sets the resource limits of checks")
    if unsafe_no_sandbox:
        return Jail(prlimit=prlimit, bwrap=None, binds=())
    found = shutil.which(str(bwrap) if bwrap is not None else "bwrap")
    if found is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) was not found; {INSTALL_HINT}")
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
