"""Issue 16 item 7: a check reaches neither the caller's kernel keyrings nor the syscalls a check
never needs. Each probe runs for real inside the local jail (a Python program calling the raw
syscalls through libc), with arguments chosen so the kernel itself would answer something other
than EPERM (an unmapped pointer, bad flags, a pid that does not exist): EPERM can only come
from the filter."""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyseccomp
import pytest

from remediate.sandbox.local import open_local_sandbox
from remediate.sandbox.syscalls import DENIED_SYSCALLS, filter_program, keyring_launcher
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project

_LIBC = ctypes.CDLL(None, use_errno=True)
_LIBC.syscall.restype = ctypes.c_long
_KEYCTL = pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, "keyctl")
_ADD_KEY = pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, "add_key")
_SESSION = -3  # KEY_SPEC_SESSION_KEYRING
_GET_ID, _REVOKE, _READ = 0, 3, 11
_SECRET = b"hunter2-keyring-payload"

# (syscall, raw arguments): what the kernel answers without the filter, as measured in this jail.
PROBE = r"""
import ctypes, errno, json, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
S = ctypes.c_char_p
ARGS = {
    "keyctl": [0, -3, 0],                                   # get @s: succeeds unfiltered
    "add_key": [S(b"user"), S(b"probe"), S(b"x"), 1, -3],   # succeeds unfiltered
    "request_key": [S(b"user"), S(b"no-such-key-probe"), None, 0],  # ENOKEY
    "ptrace": [2, 999999, 0, 0],                            # ESRCH
    "process_vm_readv": [999999, 0, 0, 0, 0, 0],            # succeeds (nothing to copy)
    "process_vm_writev": [999999, 0, 0, 0, 0, 0],
    "bpf": [9999, 0, 0],                                    # EINVAL
    "perf_event_open": [1, 0, -1, -1, 0],                   # EFAULT
    "userfaultfd": [0xFFFF],                                # EINVAL
    "mount": [1, 1, 1, 0, 1],                               # EFAULT
    "umount2": [S(b"/nonexistent"), 0xFFFF0000],            # EINVAL
    "pivot_root": [1, 1],
    "move_mount": [-1, 1, -1, 1, 0xFFFFFFFF],
    "open_tree": [-1, 1, 0xFFFFFFFF],                       # EINVAL
    "fsopen": [1, 0xFFFFFFFF],
    "fsconfig": [-1, 0, 0, 0, 0],                           # EINVAL
    "fsmount": [-1, 0xFFFFFFFF, 0],
    "fspick": [-1, 1, 0xFFFFFFFF],
    "mount_setattr": [-1, 1, 0xFFFFFFFF, 0, 0],             # EINVAL
    "setns": [-1, 0],                                       # EBADF
    "kexec_load": [0, 0, 0, 0],
    "kexec_file_load": [-1, -1, 0, 0, 0],
    "init_module": [0, 0, 0],
    "finit_module": [-1, 0, 0],
    "delete_module": [1, 0],
    "swapon": [1, 0],
    "swapoff": [1],
    "reboot": [0, 0, 0, 0],                                 # bad magic: EINVAL as root
}
out = {}
for name, number in json.loads(sys.argv[1]).items():
    args = [L(a) if isinstance(a, int) else a for a in ARGS[name]]
    ctypes.set_errno(0)
    result = libc.syscall(L(number), *args)
    out[name] = "ok" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?")
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
out["_seccomp"] = status["Seccomp"].strip()
print(json.dumps(out))
"""

KEYS = r"""
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
keyctl, key_id = int(sys.argv[1]), int(sys.argv[2])
buf = ctypes.create_string_buffer(256)
size = libc.syscall(ctypes.c_long(keyctl), ctypes.c_long(11), ctypes.c_long(key_id), buf, ctypes.c_long(256))
print("read:", buf.raw[:size].decode() if size >= 0 else "errno %d" % ctypes.get_errno())
session = libc.syscall(ctypes.c_long(keyctl), ctypes.c_long(0), ctypes.c_long(-3), ctypes.c_long(0))
print("session:", session if session >= 0 else "errno %d" % ctypes.get_errno())
print(open("/proc/keys").read())
"""


def _keyctl(*args: int) -> int:
    return int(_LIBC.syscall(ctypes.c_long(_KEYCTL), *(ctypes.c_long(a) for a in args)))


@pytest.fixture
def caller_key() -> Iterator[int]:
    """A secret in the caller's session keyring, readable by whoever possesses that keyring."""
    key = _LIBC.syscall(
        ctypes.c_long(_ADD_KEY),
        ctypes.c_char_p(b"user"),
        ctypes.c_char_p(b"remediate-adv-probe"),
        ctypes.c_char_p(_SECRET),
        ctypes.c_long(len(_SECRET)),
        ctypes.c_long(_SESSION),
    )
    if key < 0:
        pytest.skip(f"this kernel gives no session keyring to add a key to (errno {ctypes.get_errno()})")
    yield int(key)
    _keyctl(_REVOKE, int(key))


def _numbers() -> dict[str, int]:
    return {name: pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name) for name in DENIED_SYSCALLS}


@needs_bwrap
async def test_every_denied_syscall_gets_eperm_inside_the_jail(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"probe.py": PROBE})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        result = await sb.run(["python3", "probe.py", json.dumps(_numbers())])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.output)
    assert answers.pop("_seccomp") == "2", "no seccomp filter on the check's process"
    assert answers == dict.fromkeys(DENIED_SYSCALLS, "EPERM")


@needs_bwrap
async def test_the_callers_session_keyring_is_out_of_reach(tmp_path: Path, caller_key: int) -> None:
    project = make_project(tmp_path / "p", {"keys.py": KEYS})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        result = await sb.run(["python3", "keys.py", str(_KEYCTL), str(caller_key)])
    assert result.exit_code == 0, result.output
    assert _SECRET.decode() not in result.output
    assert "remediate-adv-probe" not in result.output  # not even listed in /proc/keys
    assert "read: errno 1" in result.output and "session: errno 1" in result.output


def test_the_launcher_gives_a_fresh_session_keyring(caller_key: int) -> None:
    """Without any filter: the launcher alone replaces the session keyring before exec."""
    mine = _keyctl(_GET_ID, _SESSION, 0)
    done = subprocess.run(
        [*keyring_launcher(), sys.executable, "-c", KEYS, str(_KEYCTL), str(caller_key)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert f"session: {mine}\n" not in done.stdout
    assert "session: errno" not in done.stdout
    assert _SECRET.decode() not in done.stdout


def test_the_program_covers_every_listed_call() -> None:
    """Each name resolves on this machine (a typo would silently deny nothing) and the program
    is real classic BPF: whole 8-byte instructions, more of them than denied calls."""
    assert all(number >= 0 for number in _numbers().values())
    program = filter_program()
    assert len(program) % 8 == 0
    assert len(program) // 8 > len(DENIED_SYSCALLS)
