"""Per-command overhead of the local sandbox against a bare subprocess.

    .venv/bin/python bench/sandbox_overhead.py [--n 50]

Each command runs N times (after one warm-up) three ways: a bare subprocess, prlimit only
(the --unsafe-no-sandbox path) and the full bubblewrap sandbox. All three go through the
same runner (`execute`: process group, output pump, wall clock), so the difference is
what prlimit and bwrap add. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path

import anyio

from remediate.models import Limits
from remediate.sandbox.local import open_local_sandbox
from remediate.sandbox.process import execute

COMMANDS: dict[str, list[str]] = {"true": ["true"], "python -c pass": [sys.executable, "-c", "pass"]}
LIMITS = Limits(timeout_s=60)


async def timed(n: int, once: Callable[[], Awaitable[int]]) -> list[float]:
    assert await once() == 0  # warm-up, and proof the command works that way
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        code = await once()
        samples.append((time.perf_counter() - started) * 1000)
        assert code == 0
    return samples


def row(name: str, how: str, samples: Sequence[float], bare: float) -> str:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    extra = "" if how == "bare subprocess" else f"{median - bare:+.1f}"
    return f"| `{name}` | {how} | {median:.1f} | {statistics.fmean(samples):.1f} | {p95:.1f} | {extra} |"


def machine() -> str:
    bwrap = subprocess.run(["bwrap", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {bwrap or 'bwrap missing'}"
    )


async def main(n: int) -> None:
    lines = [
        f"{date.today().isoformat()}, {machine()}, N={n} per cell (ms per command):",
        "",
        "| command | how | median | mean | p95 | median overhead |",
        "|---|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        (source / "f.txt").write_text("x\n")
        tools = [Path(sys.executable).parent]
        async with (
            open_local_sandbox(source, tool_paths=tools, limits=LIMITS) as sandboxed,
            open_local_sandbox(source, tool_paths=tools, limits=LIMITS, unsafe_no_sandbox=True) as limited,
        ):
            for name, argv in COMMANDS.items():

                async def bare(argv: list[str] = argv) -> int:
                    env = {"PATH": "/usr/bin:/bin"}
                    return (await execute(argv, env=env, cwd=source, limits=LIMITS))[0]

                async def prlimit_only(argv: list[str] = argv) -> int:
                    return (await limited.run(argv)).exit_code

                async def bwrap(argv: list[str] = argv) -> int:
                    return (await sandboxed.run(argv)).exit_code

                bare_samples = await timed(n, bare)
                base = statistics.median(bare_samples)
                lines.append(row(name, "bare subprocess", bare_samples, base))
                lines.append(row(name, "prlimit only (unsafe)", await timed(n, prlimit_only), base))
                lines.append(row(name, "prlimit + bwrap", await timed(n, bwrap), base))
    print("\n".join(lines))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    anyio.run(main, parser.parse_args().n)
