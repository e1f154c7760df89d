"""How a run ends (`Status`), the exit code each end gives (`ExitCode`, documented in the README),
and how CI judged a published fix (`CIResult`, `remediate outcome`).

Plain enums with no pydantic: the CLI needs them before it loads anything heavy (`remediate
--help` starts in well under 300 ms, bench/cli_start.py); remediate.models re-exports them.
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    """Every run ends in exactly one of these."""

    FIXED = "fixed"
    NOT_FIXED = "not_fixed"
    BUDGET_EXHAUSTED = "budget_exhausted"
    LOOP_DETECTED = "loop_detected"
    REFUSED = "refused"
    NOT_REPRODUCED = "not_reproduced"
    # The check fails in the sandbox, but not the way the log shows: the environment differs.
    DIFFERENT_FAILURE = "different_failure"
    BAD_INPUT = "bad_input"
    ERROR = "error"
    # Stopped by SIGINT/SIGTERM; the report holds what was spent until then.
    INTERRUPTED = "interrupted"


class ExitCode(enum.IntEnum):
    """The CLI's exit code is a function of the status (documented in the README)."""

    FIXED = 0
    ERROR = 1
    BAD_INPUT = 2
    NOT_FIXED = 10
    BUDGET_EXHAUSTED = 11
    REFUSED = 12
    NOT_REPRODUCED = 13
    DIFFERENT_FAILURE = 14
    # 128 + SIGINT; the CLI exits 128 + the signal it got (143 for SIGTERM).
    INTERRUPTED = 130

    @classmethod
    def of(cls, status: Status) -> ExitCode:
        return {
            Status.FIXED: cls.FIXED,
            Status.NOT_FIXED: cls.NOT_FIXED,
            # A loop is a spent budget of a kind: same code, its own status.
            Status.BUDGET_EXHAUSTED: cls.BUDGET_EXHAUSTED,
            Status.LOOP_DETECTED: cls.BUDGET_EXHAUSTED,
            Status.REFUSED: cls.REFUSED,
            Status.NOT_REPRODUCED: cls.NOT_REPRODUCED,
            Status.DIFFERENT_FAILURE: cls.DIFFERENT_FAILURE,
            Status.INTERRUPTED: cls.INTERRUPTED,
            Status.BAD_INPUT: cls.BAD_INPUT,
            Status.ERROR: cls.ERROR,
        }[status]


class CIResult(enum.StrEnum):
    SUCCESS = "success"  # the watched workflow passed on the fix branch (or on the base after the merge)
    FAILURE = "failure"  # it failed there
    CLOSED = "closed"  # the PR/MR was closed without merging
    MERGED = "merged"  # merged: the next run on the base decides
    CANCELLED = "cancelled"  # a person gave up on it
