"""A case's `prepare` command: what a user's project has that a repository never commits (its own
`.venv` with an editable install, `node_modules`), made once on this machine before the case runs.

It runs in the case's `src/` on the host, with network, through `sh -c`, under an exclusive
lock (attempts run concurrently); a stamp next to case.toml (git-ignored) records which command
made it, so a changed command prepares again. The product never runs this: it is test setup.
The command is a process group (children.communicate): a cancelled eval (SIGINT/SIGTERM) ends it
at once with everything it started, rather than waiting for it in a thread.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sys
from pathlib import Path

import anyio

from remediate.children import SpawnFailed, communicate
from remediate.evals.cases import Case

PREPARE_TIMEOUT_S = 600.0
STAMP = ".prepared"


class PrepareError(Exception):
    pass


def _stamp_text(case: Case) -> str:
    return hashlib.sha256((case.spec.prepare or "").encode()).hexdigest() + "\n"


async def prepare_case(case: Case) -> bool:
    """Run the case's prepare command unless its stamp is current. True when it ran."""
    if not case.spec.prepare:
        return False
    stamp = case.root / STAMP
    lock = os.open(case.root / ".prepare.lock", os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        await anyio.to_thread.run_sync(fcntl.flock, lock, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == _stamp_text(case):
            return False
        await _run_prepare(case, case.spec.prepare)
        stamp.write_text(_stamp_text(case))
        return True
    finally:
        os.close(lock)  # and with it the lock


async def _run_prepare(case: Case, command: str) -> None:
    # PYTHON: the interpreter running the suite, so a fixture's venv is built from a known Python.
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "PYTHON": sys.executable}
    env["HOME"] = str(Path.home())
    try:
        with anyio.fail_after(PREPARE_TIMEOUT_S):
            code, out, err = await communicate(["/bin/sh", "-c", command], cwd=case.source, env=env)
    except (SpawnFailed, TimeoutError) as exc:
        raise PrepareError(f"{case.id}: prepare failed: {exc or 'timed out'}") from exc
    if code != 0:
        said = (err or out).decode(errors="replace")
        raise PrepareError(f"{case.id}: prepare exited {code}: {said[-800:]}")


async def ensure_prepared(case: Case) -> None:
    await prepare_case(case)
