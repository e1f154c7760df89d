"""CLI start time: `remediate --help` and friends, each in a fresh interpreter.

    .venv/bin/python bench/cli_start.py [--n 20]

Runs each command n times (after one warm-up that fills the page cache and .pyc files) and
prints the median, min and p90 wall time, beside a bare `python -c pass` (the interpreter's own
start) and the 1-minute load average before and after. Then the modules `remediate --help`
imports, by cumulative import time (python -X importtime), top 8. Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("remediate --help", [str(BIN / "remediate"), "--help"]),
    ("remediate fix --help", [str(BIN / "remediate"), "fix", "--help"]),
    ("remediate --version", [str(BIN / "remediate"), "--version"]),
    ("remediate facts --help", [str(BIN / "remediate"), "facts", "--help"]),
]


def timed(argv: list[str], n: int) -> list[float]:
    subprocess.run(argv, capture_output=True, check=True)  # warm-up
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        samples.append(time.perf_counter() - started)
    return samples


# `remediate --help` in-process, as the executable runs it (tests/test_cli_start.py uses it too).
HELP_RUN = (
    "import sys\nsys.argv = ['remediate', '--help']\nfrom remediate.entry import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
)


def top_imports(count: int) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest top-level imports of `remediate --help`."""
    code = HELP_RUN
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("   "):
            rows.append((int(parts[1]), parts[2].strip()))
    return sorted(rows, reverse=True)[:count]


def main(n: int) -> None:
    before = os.getloadavg()[0]
    print(f"| command | median | min | p90 |  (n={n}, load {before:.2f} before)")
    print("|---|---:|---:|---:|")
    for name, argv in COMMANDS:
        s = sorted(timed(argv, n))
        p90 = s[min(len(s) - 1, int(0.9 * len(s)))]
        print(f"| `{name}` | {statistics.median(s) * 1000:.0f} ms | {s[0] * 1000:.0f} ms | {p90 * 1000:.0f} ms |")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}\n")
    print("slowest top-level imports of `remediate --help` (cumulative):")
    for micros, module in top_imports(8):
        print(f"- {module}: {micros / 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    main(parser.parse_args().n)
