"""One error base and the one place that maps errors to a status and an exit code.

Every error the product raises on purpose derives from `RemediateError` and names the status a run
that meets it ends in; `status_of` turns any exception into that status (surprises are `error`).
The model SDK's errors are read once, in client.py (`fault_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from remediate.status import ExitCode, Status

if TYPE_CHECKING:  # only annotated: a large log's scan workers import this module, not pydantic
    from pydantic import ValidationError

S = TypeVar("S")

# One message for an empty log, whichever command reads it (facts and fix must agree).
EMPTY_LOG = "the log is empty: pass the log of the failed CI job"
# A log read from a stream (stdin, a pipe, a device) is held before it is read (in memory, or spooled to a temporary
# file), so an endless one (`--log /dev/zero`, a `tail -f`) would never end and fill memory or the disk: it is read up
# to this size and refused past it. A regular file is streamed where it lies, at any size.
MAX_STREAM_BYTES = 1 << 30
STREAM_TOO_LONG = (
    f"the log on {{name}} is longer than {MAX_STREAM_BYTES >> 30} GiB: save it to a file and pass its path"
)


class RemediateError(Exception):
    """An expected failure; `status` says how a run that meets it ends."""

    status: Status = Status.ERROR

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.of(self.status)


class BadInput(RemediateError):
    """What the user passed cannot be used (checked before any work starts)."""

    status = Status.BAD_INPUT


class Refused(RemediateError):
    """A guard refuses the run (breaker, attempt store, sandbox unavailable)."""

    status = Status.REFUSED


class StatusStop(Exception, Generic[S]):
    """Ends work early with a status (of the work's own enum) and the message shown with it."""

    def __init__(self, status: S, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Stop(RemediateError, StatusStop[Status]):
    """Ends a run early with any status and the message its report carries."""


def status_of(exc: BaseException) -> Status:
    """The status a run ends in when `exc` stops it: the one mapping of errors to statuses."""
    return exc.status if isinstance(exc, RemediateError) else Status.ERROR


def message_of(exc: BaseException) -> str:
    """One line for the report or the terminal; a surprise names its type."""
    if isinstance(exc, RemediateError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


def validation_text(exc: ValidationError) -> str:
    """A pydantic ValidationError as one line: `field: problem; ...`."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "input"
        parts.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)
