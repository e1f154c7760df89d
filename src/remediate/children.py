"""No process a run starts outlives it: how commands are started, and what an entry point sweeps at its end.

Facilities of the kernel, no timing:

- `process_group`: a command runs as the leader of a new session and process group. Its spawn is shielded
  from cancellation, so the group is known the moment the process exists (a cancel that lands while the
  process is being created takes effect right after, inside the block), and leaving the block (normally,
  on a timeout, on a cancel) SIGKILLs the whole group, then reaps the leader. A sandbox stays in that
  group (jail.py does not ask bwrap for a session of its own): the kill reaches bwrap's pid 1, whose
  death takes the pid namespace with it. The group's number is its leader's pid, which asyncio reaps
  the moment it exits; from then on an empty group's number may be reused by another's group, so the
  kill (`end_group`) goes through a pidfd of the leader, which names the group itself, not its number
  (before Linux 6.9: as one only while that pidfd says the leader has not exited, after that only the
  group's processes below this one, each through a pidfd). asyncio's child watcher takes that pidfd
  before it starts waiting for the leader, so even a leader that exits at once has one.
- `reaped_children`: while `remediate fix` runs, its process is a child subreaper (PR_SET_CHILD_SUBREAPER),
  so a process orphaned anywhere below it (a child a signal caught between its spawn and the code that
  would have kept it, a daemon a check left, a helper of git's) comes back to it rather than to init. On
  leaving, every child still there is sent SIGTERM (with its own group) and given a short grace to end
  (what cleans up on SIGTERM gets to: the work copy's tmpfs keeper unmounts, sandbox/capped.py), then
  what is left is SIGKILLed; each is reaped, the whole wait bounded. What left a group on purpose (a
  `setsid` daemon: a dev server, `gradle --daemon`, `dockerd &`) ends sooner, with the group's block:
  a command outside bwrap's pid namespace is spawned with a mark of its own group in its environment,
  and at the block's end the children of this subreaper carrying that mark are SIGKILLed through a
  pidfd (`_end_escaped`), so a daemon of one check does not hold a port or a lock through the next.
- `entry_point`: how a command runs as a process's entry (`remediate fix`, `remediate eval`, `remediate
  facts`, the Dagger module's functions): a stop signal raises where the command is (interrupt.start_signals),
  what it started is swept, and the process ends with one line and 128 + the signal.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # anyio loads with the run: `remediate fix` enters reaped_children before (entry.py)
    from anyio.abc import ByteReceiveStream, Process

# How long the sweep waits in all (SIGTERM's grace included) for what is left below it to be gone.
SWEEP_BOUND_S = 5.0
# Of that, how long what got SIGTERM has to end before SIGKILL: a keeper's unmount takes milliseconds.
SWEEP_GRACE_S = 0.5
_PR_SET_CHILD_SUBREAPER = 36
_PIDFD_SIGNAL_PROCESS_GROUP = 4  # pidfd_send_signal's flag (linux/pidfd.h)


class SpawnFailed(Exception):
    """The command could not be started (not found, not executable, out of resources)."""

    def __init__(self, program: str, reason: str) -> None:
        super().__init__(f"cannot start {program}: {reason}")
        self.reason = reason


def kill_group(pgid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


@asynccontextmanager
async def process_group(command: Sequence[str], *, contained: bool = False, **kwargs: Any) -> AsyncIterator[Process]:
    """`command` started as a new process group (kwargs go to anyio.open_process); the group is
    SIGKILLed and the leader reaped on leaving, however the block ends, and so is what left the group
    and came back to this subreaper (`_end_escaped`). `contained`: a command whose descendants cannot
    leave it (bwrap's pid namespace), spawned unmarked. Raises SpawnFailed."""
    import anyio
    import anyio.lowlevel

    await anyio.lowlevel.checkpoint_if_cancelled()  # already cancelled: start nothing
    mark = None if contained else _marked(kwargs)
    _claim_pidfds_at_spawn()
    claimed: dict[int, int | None] = {}
    token = _spawn_claim.set(claimed)
    try:
        with anyio.CancelScope(shield=True):  # spawned and known as one step (the module docstring)
            proc = await anyio.open_process(list(command), start_new_session=True, **kwargs)
            # Taken by the watcher before it could reap; else (another watcher, loop) now, which may be too late.
            _leaders[proc.pid] = claimed.pop(proc.pid) if proc.pid in claimed else _pidfd(proc.pid)
    except OSError as exc:
        raise SpawnFailed(command[0], exc.strerror or str(exc)) from exc
    finally:
        _spawn_claim.reset(token)
        for fd in claimed.values():  # a spawn that failed after its process existed
            if fd is not None:
                os.close(fd)
    try:
        yield proc
    finally:
        # Also after a normal exit: without a pid namespace what the leader left in its group would live on.
        end_group(proc.pid)
        fd = _leaders.pop(proc.pid, None)
        if fd is not None:
            os.close(fd)
        with anyio.CancelScope(shield=True):
            await proc.aclose()
        if mark is not None:
            _end_escaped(mark)


# The leaders of the process groups open now (pid -> a pidfd of the leader, None where it was gone already).
_leaders: dict[int, int | None] = {}
_adopted = False  # whether this process is a child subreaper (reaped_children)
# The environment variable that marks what a process group started (`_marked`), and how many marks so far.
GROUP_MARK = "REMEDIATE_PROCESS_GROUP"
_marks = 0
# Where `process_group` is spawning in this task: the pidfds the child watcher took (pid -> pidfd).
_spawn_claim: ContextVar[dict[int, int | None] | None] = ContextVar("_spawn_claim", default=None)


def _claim_pidfds_at_spawn() -> None:
    """Have asyncio's child watcher take a pidfd of each process `process_group` spawns before it starts
    waiting for it. asyncio's default (ThreadedChildWatcher on 3.11) starts a thread that reaps the child
    the moment it exits, from inside the spawn, so a leader that exits at once could be reaped (its pid,
    the group's number, free again) before `process_group` got back to take the pidfd: its group then
    fell back to the old paths (the number; 11% of 200 spawns of `true` here). Between the fork and the
    watcher's `add_child_handler` nothing waits for the child, so a pidfd taken there always names it, a
    zombie included. Only the standard watchers are wrapped (their `close`, called on replacing them, only
    joins non-daemon threads or does nothing); another watcher, or Python 3.14 (no watcher API), keeps
    the pidfd taken after the spawn. Checked at each spawn: a new policy brings a new watcher."""
    import asyncio
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the watcher API is deprecated from 3.12
        standard = tuple(getattr(asyncio, name, None) for name in ("ThreadedChildWatcher", "PidfdChildWatcher"))
        abstract = getattr(asyncio, "AbstractChildWatcher", None)
        if abstract is None:
            return
        policy = asyncio.get_event_loop_policy()
        current = policy.get_child_watcher()
        if type(current) in standard:  # not a Claiming one already, nor another's
            policy.set_child_watcher(_claiming_watcher(abstract, current))


def _claiming_watcher(abstract: Any, inner: Any) -> Any:
    """`inner` (a child watcher) that first takes the pidfd a spawning `process_group` claims."""

    class Claiming(abstract):  # type: ignore[misc]  # asyncio's class, found at run time
        def add_child_handler(self, pid: int, callback: Any, *args: Any) -> None:
            claimed = _spawn_claim.get()
            if claimed is not None:
                claimed[pid] = _pidfd(pid)  # before the watcher waits: the child is not reaped yet
            inner.add_child_handler(pid, callback, *args)

        def remove_child_handler(self, pid: int) -> bool:
            return bool(inner.remove_child_handler(pid))

        def attach_loop(self, loop: Any) -> None:
            inner.attach_loop(loop)

        def close(self) -> None:
            inner.close()

        def is_active(self) -> bool:
            return bool(inner.is_active())

        def __enter__(self) -> Claiming:
            inner.__enter__()
            return self

        def __exit__(self, *exc: object) -> None:
            inner.__exit__(*exc)

    return Claiming()


def end_group(pgid: int) -> None:
    """SIGKILL the process group `process_group` started as `pgid`. Through the leader's pidfd the kernel
    signals the group the leader's pid names as a group (PIDFD_SIGNAL_PROCESS_GROUP, Linux 6.9): ours
    whatever became of the leader, never another group that took its number once ours was empty, and
    with no subreaper needed to tell our processes from others. Where the kernel lacks that: while the
    leader has not exited, its pid holds the group's number, killed as one; once it has exited (asyncio
    reaps it at once), only processes below this one still in the group are killed, each through a pidfd
    (a subreaper has every one of them below); not a subreaper, the number, as before."""
    leader = _leaders.get(pgid)
    if leader is not None and _signal_group_of(leader):
        return
    running = leader is not None and not select.select([leader], [], [], 0)[0]
    # Not a subreaper, the group's orphans went to init, not provably ours: the group is killed as before.
    if running or not _adopted:
        kill_group(pgid)
    else:
        _kill_ours_in(pgid)


def _marked(kwargs: dict[str, Any]) -> str:
    """Give the command's environment (kwargs' `env`, else this process's) a mark of its own group: the
    processes that leave the group (a `setsid` daemon) inherit it, and no other process has it."""
    global _marks
    _marks += 1
    mark = f"{os.getpid()}.{_marks}.{time.monotonic_ns()}"
    kwargs["env"] = {**(kwargs.get("env") or os.environ), GROUP_MARK: mark}
    return mark


def _end_escaped(mark: str) -> None:
    """SIGKILL (with the group it leads) each child of this subreaper whose environment carries `mark`:
    what left the released group (a `setsid`ed dev server, `gradle --daemon`, `dockerd &`) and was
    orphaned to us, so it does not outlive its command by the rest of the run (the final sweep took it
    only at the end). The pidfd is taken before the environment is read, so the kill reaches the process
    that was read, whatever pid reuse follows; each is reaped (within 1 s). Not a subreaper: such a
    process went to init and stays (the module docstring). One that leaves later (mid double fork at
    the release) or clears its environment is the final sweep's. Never by name: only our mark."""
    if not _adopted:
        return
    needle = f"\0{GROUP_MARK}={mark}\0".encode()
    for pid in _own_children():
        fd = _pidfd(pid)
        if fd is None:
            continue
        try:
            if needle in b"\0" + _environ(pid):
                _kill_through(fd, leads_group=_stat_fields(pid)[2:3] == [pid])
                select.select([fd], [], [], 1.0)  # its end, so the reap below finds it
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
        finally:
            os.close(fd)


def _kill_through(fd: int, *, leads_group: bool) -> None:
    if leads_group and _signal_group_of(fd):
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        signal.pidfd_send_signal(fd, signal.SIGKILL)


def _environ(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            return environ.read()
    except OSError:
        return b""


def _own_children() -> list[int]:
    """This process's children: from each thread's /proc children list (no scan of /proc), else the scan."""
    try:
        tasks = os.listdir("/proc/self/task")
        return [int(pid) for tid in tasks for pid in _read(f"/proc/self/task/{tid}/children").split()]
    except (OSError, ValueError):
        return [pid for pid, _ in children()]


def _read(path: str) -> str:
    with open(path, encoding="ascii") as table:
        return table.read()


def _signal_group_of(leader: int) -> bool:
    """SIGKILL the group of the leader's pidfd `leader`; False where the kernel cannot (before Linux 6.9)."""
    try:
        signal.pidfd_send_signal(leader, signal.SIGKILL, None, _PIDFD_SIGNAL_PROCESS_GROUP)
    except (ProcessLookupError, PermissionError):
        return True  # nobody left in it; or none we may signal, as with killpg
    except OSError:
        return False  # EINVAL: a kernel without the flag
    return True


def _kill_ours_in(pgid: int) -> None:
    for _ in range(8):  # a member may fork while we look: a few rounds, the final sweep after them
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return  # nobody in the group: how a command that left nothing behind ends
        table = _process_table()
        live = [pid for pid, (_, pgrp, zombie) in table.items() if pgrp == pgid and not zombie]
        members = [pid for pid in live if _below_us(pid, table)]
        if not members:
            return  # the group's number now names another's group, or only the dead (zombies) are in it
        for pid in members:
            _kill_verified(pid, pgid)


def _below_us(pid: int, table: dict[int, tuple[int, int, bool]]) -> bool:
    me, seen = os.getpid(), set()
    while pid in table and pid not in seen:
        seen.add(pid)
        pid = table[pid][0]
        if pid == me:
            return True
    return False


def _kill_verified(pid: int, pgid: int) -> None:
    """SIGKILL `pid` if it is, through a pidfd taken now, still in group `pgid` (not a reuse of its pid)."""
    fd = _pidfd(pid)
    if fd is None:
        return
    try:
        if _stat_fields(pid)[2:3] == [pgid]:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(fd, signal.SIGKILL)
    finally:
        os.close(fd)


async def _drain(stream: ByteReceiveStream | None, into: bytearray) -> None:
    import anyio

    if stream is not None:
        with contextlib.suppress(anyio.ClosedResourceError, anyio.BrokenResourceError):
            async for chunk in stream:
                into += chunk


async def communicate(command: Sequence[str], *, stdin: bytes | None = None, **kwargs: Any) -> tuple[int, bytes, bytes]:
    """Run `command` as a process group to its end: (exit code, stdout, stderr). Without `stdin` it reads
    /dev/null, never the caller's input. Raises SpawnFailed."""
    import subprocess

    import anyio

    piped = subprocess.PIPE if stdin is not None else subprocess.DEVNULL
    out, err = bytearray(), bytearray()
    async with process_group(command, stdin=piped, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs) as proc:
        async with anyio.create_task_group() as tg:
            tg.start_soon(_drain, proc.stdout, out)
            tg.start_soon(_drain, proc.stderr, err)
            if proc.stdin is not None:
                with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError):
                    await proc.stdin.send(stdin or b"")
                await proc.stdin.aclose()
        code = await proc.wait()
    return code, bytes(out), bytes(err)


# ---------------------------------------------------------------- the sweep at the end of `remediate fix`


def _adopt_orphans() -> bool:
    """Become a child subreaper; False where the kernel cannot (then orphans go to init, as before)."""
    import ctypes

    global _adopted
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        _adopted = _adopted or int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        pass
    return _adopted


def _stat_fields(pid: int) -> list[int]:
    """[pid, ppid, process group, 1 if a zombie] of `pid` from /proc ([] where it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            text = stat.read().decode("ascii", "replace")
    except OSError:
        return []
    # `pid (comm) state ppid pgrp ...`: comm may hold spaces and parentheses, so split after the last `)`.
    fields = text.rpartition(")")[2].split()
    return [pid, int(fields[1]), int(fields[2]), int(fields[0] == "Z")] if len(fields) > 2 else []


def _process_table() -> dict[int, tuple[int, int, bool]]:
    """pid -> (parent, process group, whether a zombie) of every process, read from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat_fields(int(entry))):
            found[fields[0]] = (fields[1], fields[2], bool(fields[3]))
    return found


def children() -> list[tuple[int, int]]:
    """(pid, process group) of every child of this process, read from /proc."""
    me = os.getpid()
    return [(pid, pgrp) for pid, (ppid, pgrp, _) in _process_table().items() if ppid == me]


def _signal(pid: int, sig: int, leads_group: bool) -> None:
    if leads_group:
        kill_group(pid, sig)  # what it started in its group goes too
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def _pidfd(pid: int) -> int | None:
    """A pidfd of `pid` (readable once it has exited); None where it is gone or pidfds do not exist."""
    try:
        return os.pidfd_open(pid)
    except OSError:
        return None


def _reap_exited(pids: list[int], deadline: float) -> set[int]:
    """Wait (until `deadline`) for one of the signalled children `pids` to exit, then reap every one that
    has; returns those gone (reaped here or by their owner meanwhile)."""
    fds = {pid: fd for pid in pids if (fd := _pidfd(pid)) is not None}
    try:
        if fds and len(fds) == len(pids):  # every one still there: wait for the first to end
            select.select(list(fds.values()), [], [], max(deadline - time.monotonic(), 0))
        gone = set()
        for pid in pids:
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    gone.add(pid)
            except ChildProcessError:  # reaped by its owner meanwhile
                gone.add(pid)
        return gone
    finally:
        for fd in fds.values():
            os.close(fd)


def _signal_until(sig: int, deadline: float) -> list[int]:
    """Send `sig` to every child (and the group it leads) and reap them as they end, adopted orphans
    included, until none is left or `deadline`; returns the pids still there then."""
    mine = os.getpgrp()
    while left := children():
        for pid, pgid in left:
            _signal(pid, sig, leads_group=pgid == pid != mine)  # never our own group: it holds this process
        pids = [pid for pid, _ in left]
        gone = _reap_exited(pids, deadline)
        if len(gone) < len(left) and time.monotonic() >= deadline:
            return [pid for pid in pids if pid not in gone]
        if not gone:
            time.sleep(0.01)  # only without pidfds: nothing to wait on
    return []


def sweep(bound_s: float = SWEEP_BOUND_S, grace_s: float = SWEEP_GRACE_S) -> list[int]:
    """End every child of this process (orphans adopted as subreaper included: a child's own children
    come back here and are taken the next round): SIGTERM, up to `grace_s` to end, then SIGKILL; returns
    the pids still there at `bound_s` (in all)."""
    start = time.monotonic()
    _signal_until(signal.SIGTERM, start + min(grace_s, bound_s))
    return _signal_until(signal.SIGKILL, start + bound_s)


@contextmanager
def reaped_children(
    bound_s: float = SWEEP_BOUND_S, *, adopt_orphans: bool = True, after_success: bool = True
) -> Iterator[None]:
    """What runs inside may start processes in any way; none of them (nor what they start) is left
    running when this ends (see the module docstring). `adopt_orphans` False: only this process's own
    children are swept (what they start is theirs); `after_success` False: the sweep runs only when the
    block raised (a command that waits for all it started on its normal path)."""
    if adopt_orphans:
        _adopt_orphans()
    ended = False
    try:
        yield
        ended = True
    finally:
        if after_success or not ended:
            _final_sweep(bound_s)


def _final_sweep(bound_s: float) -> None:
    try:
        stuck = sweep(bound_s)
    except BaseException:
        # A stop signal raised in the sweep (start_signals raises once): finish it, then let that through.
        _said_stuck(sweep(bound_s), bound_s)
        raise
    _said_stuck(stuck, bound_s)


@contextmanager
def entry_point(*, lean: bool = False, reclaim: bool = True) -> Iterator[None]:
    """Run a command as its process's entry (the module docstring): SIGINT/SIGTERM raise `Interrupted`
    where it is, what it started is swept, and a stop ends the process with one line and 128 + the
    signal. At its end, what dead runs left under the temporary dir is reclaimed (sandbox/cleanup.py),
    so a machine that no longer opens sandboxes gets it back too (`reclaim` False: a command line that
    only asks for help, which loads no sandbox code). `lean`: a command that starts only
    workers it waits for and makes no such directory (`remediate facts`): no subreaper, no reclaim, and
    no sweep after a normal end, so it pays none of them (ctypes' import, a /proc scan: ~8 ms)."""
    from remediate.interrupt import Interrupt, Interrupted, start_signals

    try:
        with start_signals(Interrupt()), reaped_children(adopt_orphans=not lean, after_success=not lean):
            yield
    except Interrupted as stop:
        sys.stderr.write(f"remediate: stopped by {stop.name}\n")
        sys.exit(128 + stop.signum)
    finally:
        if reclaim and not lean:  # after the sweep: the keepers it stopped have let go of their directories
            from remediate.sandbox import cleanup

            cleanup.reclaim()


def _said_stuck(stuck: list[int], bound_s: float) -> None:
    if stuck:
        sys.stderr.write(f"remediate: processes {stuck} did not end {bound_s:.0f} s after SIGKILL\n")
