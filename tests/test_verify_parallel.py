"""Verification passes run in parallel sandboxes: each pass opens its own copy, up to `parallel`
run at once, and the first failure stops the passes still running. A fake sandbox factory
counts what is open and running (no timing: the bench measures speed, bench/verify_parallel.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio
import anyio.lowlevel

from remediate.facts.redact import Redactor
from remediate.models import ExecResult, Limits, Verification
from remediate.tools import CheckCommand, PathPolicy
from remediate.verify import verify_patch

PATCH = """diff --git a/app.py b/app.py
--- a/app.py
+++ b/app.py
@@ -1 +1 @@
-x = 1
+x = 2
"""


@dataclass
class Copies:
    """Sandboxes opened by verification: how many, how many checks ran at once at most."""

    exits: list[int]  # the exit code of each check run, in the order they start
    opened: int = 0
    running: int = 0
    most_at_once: int = 0
    finished: int = 0
    together: anyio.Event = field(default_factory=anyio.Event)
    wait_for: int = 1  # a run waits until this many run at once (never, if they cannot)

    @asynccontextmanager
    async def open(self) -> AsyncIterator[FakeSandbox]:
        self.opened += 1
        yield FakeSandbox(self)


@dataclass
class FakeSandbox:
    copies: Copies

    async def read(self, path: str) -> str:
        return "x = 1\n"

    async def apply(self, patch: str) -> None:
        return None

    async def run_changes(self) -> str:
        return ""

    # The rest of the Sandbox protocol: verification never writes, diffs or closes a copy itself.
    async def write(self, path: str, text: str) -> None:
        raise AssertionError("verification wrote a file")

    async def diff(self) -> str:
        raise AssertionError("verification asked for a diff")

    async def aclose(self) -> None:
        raise AssertionError("verification closed a copy it did not open")

    async def run(self, argv: Sequence[str], limits: Limits | None = None, *, authored: bool = False) -> ExecResult:
        copies = self.copies
        exit_code = copies.exits.pop(0)
        copies.running += 1
        copies.most_at_once = max(copies.most_at_once, copies.running)
        if copies.running >= copies.wait_for:
            copies.together.set()
        try:
            if exit_code == 0:
                await copies.together.wait()
            else:
                await anyio.lowlevel.checkpoint()
        finally:
            copies.running -= 1
        copies.finished += 1
        return ExecResult(
            argv=list(argv), exit_code=exit_code, output="ok" if exit_code == 0 else "FAILED", duration_s=0
        )


async def _verify(copies: Copies, passes: int, parallel: int) -> Verification:
    with anyio.fail_after(10):  # a run waiting for company that never comes would hang
        return await verify_patch(
            copies.open,
            PATCH,
            CheckCommand(argv=["check"]),
            PathPolicy(),
            Redactor(()),
            passes_required=passes,
            parallel=parallel,
        )


async def test_passes_run_at_once_each_on_its_own_copy() -> None:
    copies = Copies(exits=[0, 0, 0], wait_for=3)
    verification = await _verify(copies, passes=3, parallel=3)
    assert verification.passed and len(verification.runs) == 3
    assert copies.opened == 3 and copies.most_at_once == 3
    assert "3 at a time" in verification.reason


async def test_parallel_one_runs_the_passes_one_after_the_other() -> None:
    copies = Copies(exits=[0, 0], wait_for=1)
    verification = await _verify(copies, passes=2, parallel=1)
    assert verification.passed and copies.opened == 2 and copies.most_at_once == 1


async def test_the_bound_caps_the_passes_at_once() -> None:
    copies = Copies(exits=[0, 0, 0, 0], wait_for=2)
    verification = await _verify(copies, passes=4, parallel=2)
    assert verification.passed and copies.most_at_once == 2


async def test_a_failing_pass_stops_the_others() -> None:
    # The first pass waits for company that never comes (4 at once); the second fails at once.
    copies = Copies(exits=[0, 1], wait_for=4)
    verification = await _verify(copies, passes=2, parallel=2)
    assert not verification.passed
    assert verification.reason == "the check failed on run 2 of 2 with the patch applied"
    assert copies.finished == 1  # the waiting pass was cancelled, not awaited
