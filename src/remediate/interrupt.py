"""SIGINT and SIGTERM stop a run cleanly: the work is cancelled, the report is still written.

The CLI watches the signals (`watch_signals`) and the pipeline runs its work inside
`Interrupt.scope()`. A signal cancels that scope: the model call is abandoned, the running
check's process group is killed (sandbox/local.py kills it when its wait is cancelled, and
bubblewrap's pid 1 dies with it), sandboxes delete their copies in shielded cleanups, and the
pipeline then reports `interrupted` with the spend so far and releases its attempt. Further
signals while that happens are acknowledged and ignored, so cleanup is never cut short; the
process exits 128 + the signal (130 for SIGINT, 143 for SIGTERM).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import anyio
from anyio.abc import TaskStatus

SIGNALS = (signal.SIGINT, signal.SIGTERM)


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
        with anyio.CancelScope() as scope:
            self._scopes.append(scope)
            if self.signum is not None:
                scope.cancel()
            try:
                yield scope
            finally:
                self._scopes.remove(scope)


async def watch_signals(
    interrupt: Interrupt,
    on_signal: Callable[[str], None] | None = None,
    *,
    task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
) -> None:
    """Turn SIGINT/SIGTERM into `interrupt.stop` until cancelled (start it with `TaskGroup.start`)."""
    with anyio.open_signal_receiver(*SIGNALS) as signals:
        task_status.started()
        async for signum in signals:
            first = interrupt.signum is None
            interrupt.stop(signum)
            if on_signal is not None:
                name = signal.Signals(signum).name
                on_signal(f"{name}: stopping (cleaning up, writing the report)" if first else f"{name}: still stopping")
