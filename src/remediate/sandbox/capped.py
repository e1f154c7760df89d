"""A size cap on the work copy: a tmpfs of fixed size mounted at the work directory (root only).

RLIMIT_FSIZE bounds one file; without this a check could fill the host's disk with many. The
work copy (what the jail binds read-write at the source's path) lives on a tmpfs whose size is
the copy plus a headroom; a check writing past it gets ENOSPC, which is the check's failure
(`work_copy_full` names it), never an error of the run nor a full host disk.

The mount lives in the host's mount namespace, so it must not outlive the run, however the run
ends. A small keeper process mounts it, then waits on a pipe from us; when we say `release` and
close the pipe it detaches the mount (`umount2(MNT_DETACH)`) and exits. It detaches it too, and
then removes the directory it was given to clean (the sandbox's temporary directory), when it is
abandoned: the pipe closes without that word (this process died, even by SIGKILL) or it gets
SIGTERM, SIGINT or SIGHUP (the final sweep's SIGTERM, children.sweep). Its signal handlers raise
nothing (they only wake its wait), so no signal can cut its cleanup short; only a SIGKILL can, and
the sweep sends one only after a grace. The keeper runs in its own session, so a terminal's Ctrl-C
reaches us, not it.

A SIGKILLed keeper runs no cleanup: `release` then detaches what it left (`detach_mounts_under`),
and when this process is SIGKILLed too, the next run does (cleanup.reclaim, docs/reliability.md).

Not root, the jail runs in a user namespace and cannot mount on the host: no cap (said once in
the log); the per-file limit and the jail's own size-capped /tmp still hold.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Room for what a check legitimately writes in the tree (build outputs, caches) besides the copy.
DEFAULT_HEADROOM_MB = 1024
# Below this much free space after a run, the run hit the cap.
_FULL_BELOW_BYTES = 64 * 1024
_KEEPER_START_S = 20.0
_KEEPER_STOP_S = 20.0
_RELEASE = b"release\n"
_MNT_DETACH = 2
_KEEPER = """\
import ctypes, os, select, shutil, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
path, size, owned = sys.argv[1].encode(), sys.argv[2], sys.argv[3]
options = ("size=%s,mode=0700" % size).encode()
MS_NOSUID, MS_NODEV, MNT_DETACH = 2, 4, 2
woken, wake = os.pipe()
os.set_blocking(wake, False)
signal.set_wakeup_fd(wake)
for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(stop, lambda signum, frame: None)  # only wakes the wait below: nothing raised in cleanup

def released():
    said = b""
    while True:
        ready = select.select([0, woken], [], [])[0]
        if woken in ready:
            return False
        chunk = os.read(0, 64)
        if not chunk:
            return said == b"release\\n"  # _RELEASE
        said = (said + chunk)[-64:]

if libc.mount(b"tmpfs", path, b"tmpfs", MS_NOSUID | MS_NODEV, options) != 0:
    sys.stdout.write("error " + os.strerror(ctypes.get_errno()) + "\\n")
    sys.exit(1)
done = False
try:
    sys.stdout.write("mounted\\n")
    sys.stdout.flush()
    done = released()
finally:
    libc.umount2(path, MNT_DETACH)
    if not done and owned:
        shutil.rmtree(owned, ignore_errors=True)
"""


class CapError(OSError):
    """The tmpfs could not be mounted (the caller then runs without a cap, and says so)."""


@dataclass
class WorkCap:
    """A mounted cap; `release` detaches it (idempotent)."""

    path: Path
    size_bytes: int
    _keeper: subprocess.Popen[bytes]

    def is_full(self) -> bool:
        try:
            st = os.statvfs(self.path)
        except OSError:
            return False
        return st.f_bavail * st.f_frsize < _FULL_BELOW_BYTES

    def release(self) -> None:
        keeper = self._keeper
        if keeper.stdin is not None and not keeper.stdin.closed:
            with contextlib.suppress(BrokenPipeError):  # the keeper ended already (it was stopped)
                keeper.stdin.write(_RELEASE)
            with contextlib.suppress(BrokenPipeError):
                keeper.stdin.close()
        try:
            keeper.wait(timeout=_KEEPER_STOP_S)
        except subprocess.TimeoutExpired:
            log.warning("the work copy's tmpfs keeper did not stop; %s may stay mounted", self.path)
            keeper.kill()
            keeper.wait()
        if keeper.stdout is not None:
            keeper.stdout.close()
        if os.path.ismount(self.path):  # the keeper was SIGKILLed: nothing of it detached the mount
            detach_mounts_under(self.path)


def _unescaped(field: str) -> str:
    """A mountinfo path field as the path it names (the kernel writes space, tab, newline, backslash as \\ooo)."""
    return re.sub(r"\\([0-7]{3})", lambda octal: chr(int(octal.group(1), 8)), field)


def mounts_under(path: Path) -> list[str]:
    """The mount points at or below `path` (as the kernel resolved it) in this process's mount table,
    each once per mount stacked there, deepest first."""
    top = os.path.realpath(path)
    try:
        table = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return []
    points = [_unescaped(line.split()[4]) for line in table.splitlines() if len(line.split()) > 4]
    return sorted((p for p in points if p == top or p.startswith(top + "/")), key=len, reverse=True)


def detach_mounts_under(path: Path) -> None:
    """Detach every mount at or below `path` (what a SIGKILLed keeper left); root only, else said in the log."""
    libc = ctypes.CDLL(None, use_errno=True)
    for point in mounts_under(path):
        if libc.umount2(os.fsencode(point), _MNT_DETACH) != 0:
            log.warning("cannot detach the mount at %s: %s", point, os.strerror(ctypes.get_errno()))


def _pages(path: str) -> int:
    try:
        size = os.lstat(path).st_size
    except OSError:
        return 0
    return -(-size // 4096) * 4096


def copy_bytes(source: Path, files: Sequence[str], git_dir: Path | None) -> int:
    """What the work copy will hold: the selected files and the git directory, in whole pages."""
    total = sum(_pages(os.path.join(source, rel)) for rel in files)
    if git_dir is not None and git_dir.is_dir() and not git_dir.is_symlink():
        for dirpath, _, filenames in os.walk(git_dir):
            total += sum(_pages(os.path.join(dirpath, name)) for name in filenames)
    return total


def mount_cap(path: Path, size_bytes: int, owned: Path | None = None) -> WorkCap:
    """Mount a tmpfs of `size_bytes` at the (empty) directory `path`; `owned` (holding `path`) is
    removed if the keeper is abandoned (the module docstring). Raises CapError."""
    keeper = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", _KEEPER, str(path), str(size_bytes), str(owned or "")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    assert keeper.stdout is not None
    line = keeper.stdout.readline().decode("utf-8", "replace").strip()
    if line != "mounted":
        keeper.wait(timeout=_KEEPER_START_S)
        raise CapError(f"cannot mount a size-capped tmpfs for the work copy: {line or 'the keeper exited'}")
    return WorkCap(path=path, size_bytes=size_bytes, _keeper=keeper)
