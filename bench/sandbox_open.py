"""Sandbox opening time against project size and .venv size, and CLI start time.

    .venv/bin/python bench/sandbox_open.py [--n 5]

A synthetic project (N source files of 4 KiB) with a `.venv` of M files (4 KiB each) is
opened as a local sandbox (select the work copy, copy it, chown it when root, probe bwrap)
and closed; the median of n openings is printed per size. The `.venv` is bound read-only,
never copied, so its size should not show. Prints Markdown rows for docs/benchmarks.md, with
the load average (CLI start time: bench/cli_start.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio

from remediate.sandbox.local import open_local_sandbox

FILE = b"x = 1\n" * 680  # ~4 KiB


def make_project(root: Path, files: int, venv_files: int) -> Path:
    for i in range(files):
        d = root / "src" / f"pkg{i // 100}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"mod{i}.py").write_bytes(FILE)
    site = root / ".venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for i in range(venv_files):
        d = site / f"dist{i // 200}"
        d.mkdir(exist_ok=True)
        (d / f"m{i}.py").write_bytes(FILE)
    return root


async def open_once(root: Path) -> float:
    started = time.perf_counter()
    async with open_local_sandbox(root, tool_paths=[Path(sys.executable).parent]):
        pass
    return time.perf_counter() - started


async def measure(files: int, venv_files: int, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "proj", files, venv_files)
        await open_once(root)  # warm-up
        return statistics.median([await open_once(root) for _ in range(n)])


async def main(n: int) -> None:
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}\n")
    print("| project files | .venv files | open + close (median) |")
    print("|---:|---:|---:|")
    for files, venv_files in ((10, 0), (10, 20_000), (1_000, 0), (1_000, 20_000), (5_000, 0)):
        seconds = await measure(files, venv_files, n)
        print(f"| {files} | {venv_files} | {seconds * 1000:.0f} ms |")
    print(f"\nload average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5)
    anyio.run(main, parser.parse_args().n)
