"""Interrupted at a random moment: what a capped local sandbox's life leaves behind (root + bubblewrap).

    .venv/bin/python bench/interrupt_trials.py [--n 150] [--signal SIGTERM|SIGKILL|ALLTERM|KEEPER|BOTH] [--src OLD/src]

Each trial is a fresh process that opens a local sandbox (its work copy on a size-capped tmpfs, held by a
keeper process: sandbox/capped.py), runs a short check in it and closes it, under the entry points' signal
handling and sweep (children.entry_point's parts, so an older tree runs the same script); it gets the signal at a
uniform moment of one undisturbed life (ALLTERM: SIGTERM to it and every process below it at once, as a service
manager stops a unit). KEEPER: SIGKILL to the keeper alone, BOTH: to the keeper and the process, at a uniform
moment of the keeper's first 0.4 s, if it still exists then. Then, within 3 s: processes naming the trial's
directory or its check, mounts under it (in every process's mount namespace), directories left in its TMPDIR;
and the same once the next run (one undisturbed life in the same TMPDIR) has ended. Prints one JSON line with
the counts and the load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_SRC = Path(__file__).resolve().parent.parent / "src"
# KEEPER and BOTH strike within this long of the keeper's start (its mount, the copy, the probe, the check).
KEEPER_WINDOW_S = 0.4
_LIFE = """
import anyio, sys
from pathlib import Path
from remediate.children import reaped_children
from remediate.interrupt import Interrupt, Interrupted, start_signals
from remediate.sandbox.local import open_local_sandbox

project, check = Path(sys.argv[1]), sys.argv[2]

async def life():
    async with open_local_sandbox(project, work_headroom_mb=8) as sandbox:
        await sandbox.run(["sh", "-c", check])

try:
    with start_signals(Interrupt()), reaped_children():
        try:
            from remediate.interrupt import run_stoppable  # as `remediate eval` runs its loop
        except ImportError:
            anyio.run(life)
        else:
            run_stoppable(life)
except Interrupted:
    sys.exit(143)
"""


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _parent(pid: str) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _below(top: int) -> list[int]:
    parents = {int(pid): _parent(pid) for pid in os.listdir("/proc") if pid.isdigit()}
    found, level = [], {top}
    while level:
        level = {pid for pid, parent in parents.items() if parent in level}
        found += sorted(level)
    return found


def _mounts_naming(root: Path, pids: list[str]) -> int:
    """Mounts naming `root`, counted once per mount namespace of any process."""
    seen, count = set(), 0
    for pid in pids:
        try:
            namespace = os.stat(f"/proc/{pid}/ns/mnt").st_ino
            table = Path(f"/proc/{pid}/mountinfo").read_text()
        except OSError:
            continue
        if namespace not in seen:
            seen.add(namespace)
            count += sum(str(root) in line for line in table.splitlines())
    return count


def _left(root: Path, check: str) -> dict[str, int]:
    pids = [pid for pid in os.listdir("/proc") if pid.isdigit()]
    named = [pid for pid in pids if str(root) in (cmd := _cmdline(pid)) or check in cmd]
    mounts = _mounts_naming(root, pids)
    return {"processes": len(named), "mounts": mounts, "directories": len(list((root / "tmp").iterdir()))}


def _left_settled(root: Path, check: str) -> dict[str, int]:
    """What is left once it stops going away, within 3 s."""
    deadline = time.monotonic() + 3
    while any(left := _left(root, check)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _clean(root: Path) -> None:
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        if (point := line.split()[4]).startswith(str(root)):
            subprocess.run(["umount", "-l", point], check=False)
    for pid in os.listdir("/proc"):
        if pid.isdigit() and str(root) in _cmdline(pid):  # a keeper left alive, not to run on into the next trial
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
    shutil.rmtree(root, ignore_errors=True)


def _keepers(top: int) -> list[int]:
    return [pid for pid in _below(top) if "umount2" in _cmdline(str(pid))]


def _stop(proc: subprocess.Popen[bytes], how: str) -> bool:
    """Send the trial's signal; False where there was nothing to send it to (KEEPER before the keeper)."""
    if how == "ALLTERM":
        targets = [proc.pid, *_below(proc.pid)]
    elif how in ("KEEPER", "BOTH"):
        targets = _keepers(proc.pid) + ([proc.pid] if how == "BOTH" else [])
    else:
        targets = [proc.pid]
    sig = signal.SIGTERM if how == "ALLTERM" else signal.SIGKILL if how in ("KEEPER", "BOTH") else signal.Signals[how]
    for pid in targets:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    return bool(targets)


def _wait_for_keeper(proc: subprocess.Popen[bytes]) -> None:
    """Until the run's keeper exists (or the run has ended)."""
    while proc.poll() is None and not _keepers(proc.pid):
        time.sleep(0.005)


def _life(src: Path, root: Path, check: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(src), "TMPDIR": str(root / "tmp")}
    command = [sys.executable, "-c", _LIFE, str(root / "p"), check]
    return subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)


def trial(src: Path, how: str, at: float | None) -> dict[str, object]:
    """One life, stopped `at` seconds in (None: undisturbed); what it left, and how long it lived."""
    root = Path(tempfile.mkdtemp(prefix="interrupt-trial-"))
    (root / "tmp").mkdir()
    (root / "p").mkdir()
    (root / "p" / "app.py").write_text("X = 1\n")
    check = f"sleep 0.{random.randrange(200000, 300000)}"
    start = time.monotonic()
    proc = _life(src, root, check)
    if at is not None and how in ("KEEPER", "BOTH"):
        _wait_for_keeper(proc)
        at = random.uniform(0, KEEPER_WINDOW_S)
    try:
        proc.wait(at)
        stopped = hung = False
    except subprocess.TimeoutExpired:
        stopped = _stop(proc, how)
        try:
            proc.wait(30)
            hung = False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            hung = True
    lived = time.monotonic() - start
    left = _left_settled(root, check)
    if at is not None:
        _life(src, root, "true").wait(60)
        after = {f"{key} after the next run": n for key, n in _left_settled(root, check).items()}
    _clean(root)
    return {**left, **(after if at is not None else {}), "stopped": stopped, "hung": hung, "lived": lived}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--signal", choices=["SIGTERM", "SIGKILL", "ALLTERM", "KEEPER", "BOTH"], default="SIGTERM")
    ap.add_argument("--src", type=Path, default=REPO_SRC, help="the tree whose sources run the trials")
    args = ap.parse_args()
    life = float(str(trial(args.src, args.signal, None)["lived"]))
    results = [trial(args.src, args.signal, random.uniform(0, life)) for _ in range(args.n)]
    stopped = [r for r in results if r["stopped"]]
    kinds = ("processes", "mounts", "directories")
    keys = [*kinds, *(f"{kind} after the next run" for kind in kinds), "hung"]
    counts = {key: sum(1 for r in stopped if r[key]) for key in keys}
    load = [round(x, 1) for x in os.getloadavg()]
    summary = {"signal": args.signal, "n": args.n, "life_s": round(life, 2), "stopped": len(stopped), "left": counts}
    print(json.dumps(summary | {"load": load}))


if __name__ == "__main__":
    main()
