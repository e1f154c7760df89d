"""A case's `prepare` command: what a user's project has that a repository never commits (its own
`.venv` with an editable install, `node_modules`), made once on this machine before the case runs.

It runs in the case's `src/` on the host, with network, through `sh -c`, under an exclusive
lock (attempts run concurrently); a stamp next to case.toml (git-ignored) records which command
made it, so a changed command prepares again. The product never runs this: it is test setup.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

import anyio

from remediate.evals.cases import Case

PREPARE_TIMEOUT_S = 600.0
STAMP = ".prepared"


class PrepareError(Exception):
    pass


def _stamp_text(case: Case) -> str:
    return hashlib.sha256((case.spec.prepare or "").encode()).hexdigest() + "\n"


def prepare_case(case: Case) -> bool:
    """Run the case's prepare command unless its stamp is current. True when it ran."""
    if not case.spec.prepare:
        return False
    stamp = case.root / STAMP
    with open(case.root / ".prepare.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == _stamp_text(case):
            return False
        # PYTHON: the interpreter running the suite, so a fixture's venv is built from a known Python.
        env = {"PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "PYTHON": sys.executable}
        env["HOME"] = str(Path.home())
        try:
            done = subprocess.run(
                ["/bin/sh", "-c", case.spec.prepare],
                cwd=case.source,
                env=env,
                capture_output=True,
                text=True,
                timeout=PREPARE_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrepareError(f"{case.id}: prepare failed: {exc}") from exc
        if done.returncode != 0:
            raise PrepareError(f"{case.id}: prepare exited {done.returncode}: {(done.stderr or done.stdout)[-800:]}")
        stamp.write_text(_stamp_text(case))
        return True


async def ensure_prepared(case: Case) -> None:
    if case.spec.prepare:
        await anyio.to_thread.run_sync(prepare_case, case)
