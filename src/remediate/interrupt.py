"""SIGINT and SIGTERM stop a run cleanly: the work is cancelled, the report is still written.

The CLI watches the signals (`watch_signals`) and the pipeline runs its work inside
`Interrupt.scope()`. A signal cancels that scope: the model call is abandoned, the running
check's process group is killed (children.process_group, also when the cancel lands during the
spawn; bubblewrap's pid 1 is in that group), sandboxes delete their copies in shielded cleanups, and the
pipeline then reports `interrupted` with the spend so far and releases its attempt. Further
signals while that happens are acknowledged and ignored, so cleanup is never cut short; the
process exits 128 + the signal (130 for SIGINT, 143 for SIGTERM), and only once every process it
started is gone (children.reaped_children).

Before the run's work exists, `start_signals` holds the signals: while the command starts (its
inputs read, its store opened, its sandbox and model client loaded), the first signal raises
`Interrupted` where the start-up is, so a step that hangs (a log piped on stdin that never ends,
a store that does not answer) cannot hold the process; the command then writes an `interrupted`
report when it knows where (cli.fix). Once the run is about to start (`hand_over()`), a signal
is only recorded: the run's first scope is cancelled at once and reports `interrupted`.
"""

from __future__ import annotations

import signal
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # anyio loads when a run starts: `remediate fix` holds the signals before (entry.py)
    import anyio
    from anyio.abc import TaskStatus

SIGNALS = (signal.SIGINT, signal.SIGTERM)
T = TypeVar("T")


class Interrupted(BaseException):
    """A stop signal during start-up: unwinds it as KeyboardInterrupt would (for SIGTERM too), and is
    no Exception, so no `except Exception` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"interrupted by {self.name}")


class Interrupt:
    """The first stop signal this process received, and the work scopes it cancels."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._scopes: list[anyio.CancelScope] = []

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name if self.signum is not None else ""

    @property
    def exit_code(self) -> int:
        return 128 + (self.signum or 0)

    def stop(self, signum: int) -> None:
        if self.signum is None:
            self.signum = signum
        for scope in self._scopes:
            scope.cancel()

    @contextmanager
    def scope(self) -> Iterator[anyio.CancelScope]:
        """Work that a signal cancels; leaving it normally after a cancel is how the caller knows."""
        import anyio

        with anyio.CancelScope() as scope:
            self._scopes.append(scope)
            if self.signum is not None:
                scope.cancel()
            try:
                yield scope
            finally:
                self._scopes.remove(scope)


def _said(signum: int, first: bool) -> str:
    name = signal.Signals(signum).name
    return f"{name}: stopping (cleaning up, writing the report)" if first else f"{name}: still stopping"


@contextmanager
def start_signals(interrupt: Interrupt, on_signal: Callable[[str], None] | None = None) -> Iterator[Callable[[], None]]:
    """SIGINT/SIGTERM while a command starts (see the module docstring); yields `hand_over`, which
    turns the first signal from raising `Interrupted` into a record the run's scope sees. Further
    signals are acknowledged only. The handlers in place before are restored on leaving."""
    raising = True

    def handle(signum: int, frame: FrameType | None) -> None:
        first = interrupt.signum is None
        interrupt.stop(signum)
        if raising and first:
            raise Interrupted(signum)
        if on_signal is not None:
            on_signal(_said(signum, first))

    def hand_over() -> None:
        nonlocal raising
        raising = False

    previous = {sig: signal.signal(sig, handle) for sig in SIGNALS}
    try:
        yield hand_over
    finally:
        for sig, handler in previous.items():
            # None: a handler not set from Python, which cannot be put back; the default is the nearest.
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)


async def watch_signals(
    interrupt: Interrupt,
    on_signal: Callable[[str], None] | None = None,
    *,
    task_status: TaskStatus[None] | None = None,
) -> None:
    """Turn SIGINT/SIGTERM into `interrupt.stop` until cancelled (start it with `TaskGroup.start`)."""
    import anyio

    with anyio.open_signal_receiver(*SIGNALS) as signals:
        if task_status is not None:
            task_status.started()
        async for signum in signals:
            first = interrupt.signum is None
            interrupt.stop(signum)
            if on_signal is not None:
                on_signal(_said(signum, first))


def run_stoppable(work: Callable[[], Awaitable[T]]) -> T:
    """`anyio.run(work)` for a command that holds the signals (children.entry_point): a SIGINT/SIGTERM
    cancels the work (its cleanups run, shielded ones whole) instead of raising inside the event loop's
    own machinery, where an exception can lose a wakeup (a subprocess's exit) that a cleanup then waits
    for forever; `Interrupted` is raised once the loop has ended."""
    import anyio

    interrupt = Interrupt()
    with start_signals(interrupt) as hand_over:
        hand_over()
        done = anyio.run(_until_stopped, interrupt, work)
    if interrupt.signum is not None:
        raise Interrupted(interrupt.signum)
    return done[0]


async def _until_stopped(interrupt: Interrupt, work: Callable[[], Awaitable[T]]) -> list[T]:
    """[what `work` returned], or [] when a stop signal cancelled it; its error raised as it was (not in
    the task group's exception group)."""
    import anyio

    done: list[T] = []
    failed: list[Exception] = []
    async with anyio.create_task_group() as signals:
        await signals.start(watch_signals, interrupt)
        with interrupt.scope():
            try:
                done.append(await work())
            except Exception as exc:  # raised again below, outside the group
                failed.append(exc)
        signals.cancel_scope.cancel()
    if failed:
        raise failed[0]
    return done
