"""The cost of the facts' last wall (extract._walled: every field redacted once more, by the run's redactor): CPU
seconds per MB of log for extract_facts in all and for the wall alone, best of `--repeat` runs, on LogChunks' dev
half (bench/logs.py's split) and on the samples (tests/facts/data).

    .venv/bin/python bench/facts_wall.py /work/shared/datasets [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.facts.samples import DATA

from bench.logs import load_cases
from remediate.facts import extract
from remediate.facts.extract import extract_facts


def _timed(logs: list[Path]) -> float:
    """CPU seconds extract_facts spends on `logs`."""
    start = time.process_time()
    for path in logs:
        extract_facts(path, deadline_s=None)
    return time.process_time() - start


def _measure(name: str, logs: list[Path], repeat: int) -> None:
    megabytes = sum(p.stat().st_size for p in logs) / 1e6
    walled: Callable[..., Any] = extract._walled
    spent = [0.0]  # the wall's CPU seconds in the current run

    def timed_wall(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return walled(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    best_total, best_wall = float("inf"), float("inf")
    extract._walled = timed_wall
    try:
        for _ in range(repeat):
            spent[0] = 0.0
            best_total, best_wall = min(best_total, _timed(logs)), min(best_wall, spent[0])
    finally:
        extract._walled = walled
    print(
        f"{name}: {len(logs)} logs, {megabytes:.1f} MB: extract_facts {best_total / megabytes:.3f} s/MB, "
        f"the wall {best_wall / megabytes:.4f} s/MB ({best_wall / best_total:.1%})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("datasets", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    dev = [c.path for c in load_cases(args.datasets) if c.dataset == "logchunks" and c.split == "dev"]
    samples = sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md")
    _measure("LogChunks dev", dev, args.repeat)
    _measure("samples", samples, args.repeat)


if __name__ == "__main__":
    main()
