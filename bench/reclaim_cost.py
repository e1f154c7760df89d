"""What `cleanup.reclaim` costs on a crowded temporary dir: one listdir of it, then a look at each directory
of remediate's kinds.

    .venv/bin/python bench/reclaim_cost.py [--entries 10000] [--n 20]

A fresh temporary dir gets `--entries` entries of others (files and directories named as other tools name
theirs), then, per row, some directories of remediate's kinds: live runs' (held by this process: their lock
is asked and refused), ownerless ones made during this boot (kept after one lstat), and dead runs' (removed,
each a small tree: the removal, not the listdir, is then the cost). The median of `--n` calls is printed per
row as Markdown for docs/benchmarks.md, with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from remediate.sandbox import cleanup
from remediate.sandbox.cleanup import SANDBOX_KIND, HeldDir, held_dir, reclaim


def crowd(tmp: Path, entries: int) -> None:
    for i in range(entries):
        if i % 4 == 0:
            (tmp / f"pytest-of-user-{i}").mkdir()
        else:
            (tmp / f"tmp{i:08x}.txt").write_bytes(b"x")


def dead_runs(tmp: Path, count: int) -> None:
    """`count` directories held by a process that then exits without removing them (a SIGKILLed run's)."""
    code = (
        "import sys; from pathlib import Path; from remediate.sandbox.cleanup import held_dir\n"
        "for _ in range(int(sys.argv[1])):\n"
        "    p = held_dir('remediate-sandbox-').path; (p / 'work').mkdir(); (p / 'work' / 'a.py').write_text('x')\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": os.pathsep.join(sys.path)}
    # held_dir reclaims the previous ones of a dead process only: this one lives through the loop.
    subprocess.run([sys.executable, "-c", code, str(count)], env=env, check=True)


def timed(call: Callable[[], object], n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(label: str, seconds: float) -> None:
    print(f"| {label} | {seconds * 1000:.2f} ms |")


def measure(entries: int, n: int) -> None:
    with tempfile.TemporaryDirectory() as base:
        tmp = Path(base)
        tempfile.tempdir = str(tmp)
        row("empty temporary dir", timed(reclaim, n))
        crowd(tmp, entries)
        row(f"{entries:,} entries of others", timed(reclaim, n))
        row(f"{entries:,} entries, `os.listdir` alone", timed(lambda: os.listdir(tmp), n))
        held: list[HeldDir] = [held_dir(SANDBOX_KIND) for _ in range(100)]
        row(f"{entries:,} + 100 live runs' (lock refused)", timed(reclaim, n))
        for i in range(100):
            (tmp / f"{SANDBOX_KIND}old{i}").mkdir()
        row(f"{entries:,} + 100 live + 100 ownerless of this boot", timed(reclaim, n))
        removals = []
        for _ in range(n):
            dead_runs(tmp, 10)
            started = time.perf_counter()
            assert len(reclaim()) == 10
            removals.append(time.perf_counter() - started)
        row(f"{entries:,} + 100 live + 100 ownerless + 10 dead runs' (removed)", statistics.median(removals))
        for kept in held:
            kept.remove()
        print(f"\nboot time read: {cleanup.booted_at()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}\n")
    print("| temporary dir | reclaim (median) |")
    print("|---|---|")
    measure(args.entries, args.n)
    print(f"\nload average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
