"""The jail's system-call filter and its fresh session keyring.

A check never needs the kernel keyrings, to trace or read other processes, to load BPF or
kernel modules, to open performance counters, or to mount anything: each of those reaches
past the namespaces (the caller's session keyring is inherited through bwrap; `ptrace` and
`perf_event_open` are the usual first steps of a kernel exploit). bwrap installs the
classic-BPF program built here (`--seccomp FD`) just before it executes the command; every
listed call then fails with EPERM, for the 64-bit, 32-bit and x32 ABIs alike.

The session keyring is also replaced before bwrap starts (`keyring_launcher`): the command's
process joins a new anonymous one, so even a kernel without the filter would hand the check
an empty keyring rather than the caller's.

libseccomp (Debian `libseccomp2`, present wherever systemd is) compiles the program through
its ctypes binding `pyseccomp`; without it the jail cannot be built and the run says so.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import platform
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

from remediate.sandbox.base import SandboxUnavailable

# Denied with EPERM inside the jail (names as libseccomp spells them).
DENIED_SYSCALLS = (
    # the kernel keyrings
    "keyctl",
    "add_key",
    "request_key",
    # other processes' memory and registers
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    # BPF programs, performance counters, userfaultfd (exploit building blocks)
    "bpf",
    "perf_event_open",
    "userfaultfd",
    # the mount family (old and new API) and namespace switching
    "mount",
    "umount2",
    "pivot_root",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "setns",
    # the kernel itself
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "swapon",
    "swapoff",
    "reboot",
)
# Other ABIs the same CPU runs: a 32-bit `int 0x80` keyctl must meet the same wall.
_EXTRA_ARCHES = {"x86_64": ("X86", "X32"), "aarch64": ("ARM",)}
# keyctl(2) operation: join (here: create) a new anonymous session keyring.
_KEYCTL_JOIN_SESSION_KEYRING = 1
_LAUNCHER = """\
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
number, op, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
if libc.syscall(ctypes.c_long(number), ctypes.c_long(op), None) < 0:
    err = ctypes.get_errno()
    # Keyrings off in this kernel or denied by an outer filter: nothing to inherit either.
    if err not in (errno.ENOSYS, errno.EPERM, errno.EACCES):
        sys.stderr.write("remediate: cannot create a fresh session keyring: " + os.strerror(err) + "\\n")
        sys.exit(126)
os.execv(argv[0], argv)
"""


def _libseccomp() -> Any:
    try:
        import pyseccomp
    except (ImportError, OSError, RuntimeError) as exc:
        raise SandboxUnavailable(
            f"libseccomp is needed for the jail's system-call filter ({exc}); install libseccomp2"
        ) from exc
    return pyseccomp


@functools.cache
def filter_program() -> bytes:
    """The compiled classic-BPF program bwrap loads (`--seccomp FD`)."""
    sc = _libseccomp()
    fil = sc.SyscallFilter(sc.ALLOW)
    for name in _EXTRA_ARCHES.get(platform.machine(), ()):
        with contextlib.suppress(OSError):  # a kernel/libseccomp without that ABI
            fil.add_arch(getattr(sc.Arch, name))
    for name in DENIED_SYSCALLS:
        try:
            fil.add_rule(sc.ERRNO(errno.EPERM), name)
        except (OSError, ValueError, RuntimeError):
            # A call this libseccomp does not know has no number to deny on this system either.
            continue
    with tempfile.TemporaryFile() as out:
        fil.export_bpf(out)
        out.seek(0)
        program = out.read()
    if not program:
        raise SandboxUnavailable("libseccomp produced an empty system-call filter")
    return bytes(program)


@contextlib.contextmanager
def program_fd() -> Iterator[int]:
    """An inheritable file holding the filter, positioned at its start, for one bwrap start."""
    program = filter_program()
    fd = os.memfd_create("remediate-seccomp", 0)
    try:
        os.write(fd, program)
        os.lseek(fd, 0, os.SEEK_SET)
        yield fd
    finally:
        os.close(fd)


@functools.cache
def _keyctl_number() -> int:
    sc = _libseccomp()
    return int(sc.resolve_syscall(sc.Arch.NATIVE, "keyctl"))


def keyring_launcher() -> list[str]:
    """The argv prefix that gives what follows a new anonymous session keyring, then execs it."""
    number = str(_keyctl_number())
    return [sys.executable, "-I", "-S", "-c", _LAUNCHER, number, str(_KEYCTL_JOIN_SESSION_KEYRING)]
