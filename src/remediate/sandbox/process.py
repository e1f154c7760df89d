"""The process runner: one command in its own process group (children.py), a wall clock that SIGKILLs the
group (with the jail's pid namespace, pid 1 dies with it and the kernel kills everything else
inside), and the LAST `output_bytes` of its output: CI tools print the failing assertion and
the summary at the end, so the tail is what a model needs."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import anyio
from anyio.abc import ByteReceiveStream

from remediate.children import SpawnFailed, end_group, process_group
from remediate.models import Limits
from remediate.sandbox.base import SandboxError, tail_text

# After the command exits, how long output from leftovers may still trickle in.
DRAIN_GRACE_S = 1.0
_EXECVP_FAILED = re.compile(r"bwrap: execvp [^\n]*: (No such file or directory|Permission denied)\n?")


class Tail:
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


async def _pump(stream: ByteReceiveStream, tail: Tail, done: anyio.Event) -> None:
    try:
        async for chunk in stream:
            tail.feed(chunk)
    except (anyio.ClosedResourceError, anyio.BrokenResourceError):
        pass
    finally:
        done.set()


def exit_code_of(returncode: int, output: str, timed_out: bool, sandboxed: bool) -> int:
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
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    limits: Limits,
    pass_fds: Sequence[int] = (),
    contained: bool = False,
) -> tuple[int, Tail, bool]:
    """Run `command` as its own process group (children.process_group: killed with everything in it
    however this ends, a cancel during the spawn included); return (returncode, output tail, timed_out).
    `pass_fds` are inherited by the command (the jail's seccomp program); `contained`: it runs in bwrap's
    pid namespace (nothing of it can leave), so its environment gets no group mark."""
    tail = Tail(limits.output_bytes)
    io = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    try:
        async with process_group(command, contained=contained, cwd=cwd, env=env, pass_fds=pass_fds, **io) as proc:
            assert proc.stdout is not None
            drained = anyio.Event()
            async with anyio.create_task_group() as tg:
                tg.start_soon(_pump, proc.stdout, tail, drained)
                with anyio.move_on_after(limits.timeout_s) as deadline:
                    await proc.wait()
                # The group dies on timeout and also after a normal exit: without a pid namespace
                # (unsafe mode) background children would otherwise outlive the command.
                end_group(proc.pid)
                returncode = await proc.wait()
                with anyio.move_on_after(DRAIN_GRACE_S):
                    await drained.wait()
                tg.cancel_scope.cancel()
    except SpawnFailed as exc:
        raise SandboxError(str(exc)) from exc
    return returncode, tail, deadline.cancelled_caught


def check_limits(limits: Limits) -> None:
    values = (limits.timeout_s, limits.memory_mb, limits.cpu_s, limits.file_size_mb, limits.open_files)
    if min(values) <= 0 or limits.output_bytes < 0:
        raise SandboxError(f"limits must be positive: {limits!r}")
