"""A fix's wall time against the sum of the check runs it needs (reproduce + verification passes),
with the passes one after the other and in parallel sandboxes.

    .venv/bin/python bench/verify_parallel.py [--n 3] [--case py-renamed-function] [--passes 2]

Runs `fix` in-process on a bundled fixture with its cassette (real sandbox, real check, real SDK
over the replay transport), n times per setting, and prints per setting the median wall time,
the median sum of the check runs (the reproduction's and each verification pass's own duration)
and their ratio, plus the verify stage alone; and the load average before and after. A ratio
under 1 means the passes overlapped. Markdown rows for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import anyio

from remediate.client import ModelAccess
from remediate.models import FixReport, Status
from remediate.sandbox.factory import local_factory
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


async def one_fix(case: Path, passes: int, parallel: int) -> tuple[float, FixReport]:
    spec = FixSpec(
        check="python -m pytest -q",
        log_path=case / "ci.log",
        source_dir=case / "src",
        policy=Policy(breaker_generations=0, passes_required=passes, parallel_passes=parallel),
    )
    backend = Backend.local(local_factory(case / "src"), access=ModelAccess(cassette=case / "cassette.json"))
    started = time.perf_counter()
    outcome = await run_session(spec, backend)
    wall = time.perf_counter() - started
    if outcome.report.status != Status.FIXED:
        raise SystemExit(f"{case.name}: {outcome.report.status}: {outcome.report.message}")
    return wall, outcome.report


def check_seconds(report: FixReport) -> float:
    verification = report.verification
    assert verification is not None and verification.reproduced is not None
    return verification.reproduced.duration_s + sum(run.duration_s for run in verification.runs)


async def main(case: Path, n: int, passes: int) -> None:
    print(
        f"load average (1 min) before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; {case.name}, {passes} passes\n"
    )
    print("| passes at once | fix wall (median) | check runs, summed | wall / checks | verify stage |")
    print("|---:|---:|---:|---:|---:|")
    await one_fix(case, passes, 1)  # warm-up: page cache, .pyc files
    for parallel in (1, min(passes, os.cpu_count() or 1)):
        walls, checks, verifies = [], [], []
        for _ in range(n):
            wall, report = await one_fix(case, passes, parallel)
            walls.append(wall)
            checks.append(check_seconds(report))
            verifies.append(sum(t.seconds for t in report.timings if t.stage == "verify"))
        wall_m, checks_m = statistics.median(walls), statistics.median(checks)
        print(
            f"| {parallel} | {wall_m:.2f} s | {checks_m:.2f} s | {wall_m / checks_m:.2f} | "
            f"{statistics.median(verifies):.2f} s |"
        )
    print(f"\nload average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--case", default="py-renamed-function")
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    anyio.run(main, FIXTURES / args.case, args.n, args.passes)
