"""Parser gates on real logs: how many parser modules each log opens, and which modules' gates open on
logs their parsers then find nothing in.

    .venv/bin/python bench/gates.py DATASETS [--wide 0.25] [--useful 0.10]

A parser module is imported and run only on a log that holds one of its gate's literals
(facts/parsers/gates.py). A gate that nearly every log opens costs every log that module's import and
table reading; it is worth it only if the module then finds something there. On LogChunks' dev half
(the held-out half is never read) it prints the modules due per log (mean, median) and, per module, how
many logs open its gate, in how many of those its parsers found something (a record, a failing test, a
summary, an evidence line, or the tool's output seen), and their time per log opened (the module's first
import included). A module is listed as wide when its gate opens on at least --wide of the logs and its
parsers find something in fewer than --useful of those: a gate to narrow to its rules' own literals (as
e8265de did for four rules), or a module without a gate to give one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from remediate.evals.datasets import logchunks_dev_logs as dev_logs
from remediate.facts.extract import parsers_view
from remediate.facts.parsers import Findings, due_modules, parsers_of
from remediate.facts.parsers.gates import GATES


@dataclass
class GateCounts:
    """Over a set of logs: how many modules each opened, and per module the logs that opened its gate
    and those in which its parsers found something."""

    due_per_log: list[int] = field(default_factory=list)
    due: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)  # its parsers' time over the logs it was due on

    def add(self, opened: frozenset[str], finding: set[str], seconds: dict[str, float]) -> None:
        self.due_per_log.append(len(opened))
        self.due.update(opened)
        self.found.update(finding & opened)
        self.seconds.update(seconds)

    def wide(self, wide: float, useful: float) -> list[str]:
        """The modules whose gate opens on >= `wide` of the logs and finds something in < `useful` of those."""
        logs = len(self.due_per_log)
        return sorted(
            (m for m, n in self.due.items() if n >= wide * logs and self.found[m] < useful * n),
            key=lambda m: (-self.due[m], m),
        )


def found_anything(found: Findings) -> bool:
    return bool(found.errors or found.tests or found.summaries or found.evidence or found.seen or found.carried)


def count_log(counts: GateCounts, path: Path) -> None:
    plain = parsers_view(path)
    if plain is None:  # an empty log opens no gate
        return
    opened = due_modules(plain)
    finding: set[str] = set()
    seconds: dict[str, float] = {}
    for module in opened:
        start = time.perf_counter()
        if any([found_anything(p.parse(plain)) for p in parsers_of(module)]):  # every parser runs, as in extract
            finding.add(module)
        seconds[module] = time.perf_counter() - start
    counts.add(opened, finding, seconds)


def report(counts: GateCounts, wide: float, useful: float) -> str:
    per_log = counts.due_per_log
    lines = [
        f"parser modules due per log (LogChunks dev half, {len(per_log)} logs): mean {statistics.mean(per_log):.2f}, "
        f"median {statistics.median(per_log):g}; modules with no gate (due on every log): "
        f"{', '.join(sorted(m for m, g in GATES.items() if g is None)) or 'none'}",
        "",
        "| module | its gate opens on | its parsers find something in | its parsers' ms per log opened |",
        "|---|---:|---:|---:|",
    ]
    for module, n in sorted(counts.due.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {module} | {n} | {counts.found[module]} | {1000 * counts.seconds[module] / n:.2f} |")
    flagged = counts.wide(wide, useful)
    lines += [
        "",
        f"wide gates (open on >= {wide:.0%} of the logs, find something in < {useful:.0%} of those): "
        + (", ".join(f"{m} ({counts.due[m]}, {counts.found[m]})" for m in flagged) or "none"),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="?", default=Path("../shared/datasets"))
    parser.add_argument("--wide", type=float, default=0.25, help="share of logs a wide gate opens on")
    parser.add_argument("--useful", type=float, default=0.10, help="share of those a useful module finds in")
    args = parser.parse_args(argv)
    logs = dev_logs(args.datasets)
    if not logs:
        print(f"gates: no LogChunks dev logs under {args.datasets}", file=sys.stderr)
        return 2
    counts = GateCounts()
    for path in logs:
        count_log(counts, path)
    print(report(counts, args.wide, args.useful))
    return 0


if __name__ == "__main__":
    sys.exit(main())
