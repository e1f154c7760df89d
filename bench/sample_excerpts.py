"""Excerpt robustness on the real tool samples (tests/facts/data): the output of some 300 tools,
more than LogChunks' dev half holds, framed as CI jobs.

    .venv/bin/python bench/sample_excerpts.py [--budget 400,600,1000,2000]
        [--framing travis,github-actions,passing-after,passing-before] [--workers 2] [--details]

Every sample in which the parsers find an error record or a summary counting failures is framed as
a CI job (tests/facts/framing); its wanted lines are the log lines of the first 3 error records and
of the failing summaries the parsers find at 4,000 tokens. Per framing and budget the table gives
the share of wanted lines the excerpt keeps and how often it keeps the first, with every parser and
with none (the generic machinery alone: what a log of a tool no parser knows gets).

Framings: `travis` and `github-actions` (the job around the sample's command), `passing-after` and
`passing-before` (a Travis job whose step prints, after or before the sample, 300 passing tests of a
real `pytest -v` run whose names use error words: pytest_v_300_passed.txt).

The wanted lines are error lines the scorer already rates high, so this is easier than a labelled
chunk; it finds classes of tools whose excerpt misses its own errors, it does not predict the
datasets' numbers. Development only: no held-out log is read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from remediate.facts import extract_facts
from remediate.facts.parsers import modules_named
from remediate.models import Facts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.facts import framing  # noqa: E402  (the test helpers: the repository root on the path first)

DATA = ROOT / "tests" / "facts" / "data"
PASSING = "pytest_v_300_passed.txt"
COMMAND = "make check"
WANTED_RECORDS = 3
MODES = ("full", "none")


def _passing() -> str:
    return (DATA / PASSING).read_text()


FRAMINGS: dict[str, Callable[[str], bytes]] = {
    "travis": lambda out: framing.travis(COMMAND, out),
    "github-actions": lambda out: framing.github_actions(COMMAND, out),
    "passing-after": lambda out: framing.travis(COMMAND, out.rstrip("\n") + "\n" + _passing()),
    "passing-before": lambda out: framing.travis(COMMAND, _passing() + out),
}


@dataclass
class Result:
    sample: str
    framing: str
    wanted: list[int]
    kept: dict[tuple[str, int], tuple[float, bool]] = field(default_factory=dict)  # (mode, budget) -> share, first


def wanted_lines(facts: Facts) -> list[int]:
    """The log lines of the first error records and of the summaries counting failures."""
    records = {e.log_line for e in facts.errors[:WANTED_RECORDS] if e.log_line}
    return sorted(records | {s.log_line for s in facts.summaries if s.failing})


def kept(facts: Facts, wanted: list[int]) -> tuple[float, bool]:
    """The share of `wanted` inside the excerpt's line ranges, and whether the first is."""
    inside = {n for n in wanted if any(r.start <= n <= r.end for r in facts.excerpt_lines)}
    return len(inside) / len(wanted), wanted[0] in inside


def measure(args: tuple[str, str, tuple[int, ...]]) -> Result | None:
    """One sample in one framing at each budget, both modes; None for a sample without a failure."""
    sample, name, budgets = args
    try:
        output = (DATA / sample).read_text()
    except UnicodeDecodeError:
        return None
    log = FRAMINGS[name](output)
    wanted = wanted_lines(extract_facts(log, budget_tokens=4000))
    if not wanted:
        return None
    result = Result(sample, name, wanted)
    for mode in MODES:
        leave_out = modules_named("all") if mode == "none" else frozenset()
        for budget in budgets:
            result.kept[mode, budget] = kept(extract_facts(log, budget_tokens=budget, leave_out=leave_out), wanted)
    return result


def table(results: list[Result], framings: list[str], budgets: tuple[int, ...]) -> list[str]:
    head = " | ".join(f"{m} {b:,}" for m in MODES for b in budgets)
    out = [f"| framing | samples | {head} |", "|---|---:|" + "---:|" * (len(MODES) * len(budgets))]
    for name in framings:
        group = [r for r in results if r.framing == name]
        if not group:
            continue
        cells = []
        for mode in MODES:
            for budget in budgets:
                share = statistics.mean(r.kept[mode, budget][0] for r in group)
                first = statistics.mean(r.kept[mode, budget][1] for r in group)
                cells.append(f"{share:.3f} / {first:.3f}")
        out.append(f"| {name} | {len(group)} | {' | '.join(cells)} |")
    return out


def misses(results: list[Result], budget: int) -> list[str]:
    """Each sample and framing whose excerpt lost a wanted line at `budget` in either mode."""
    out = []
    for r in results:
        lost = {m: r.kept[m, budget][0] for m in MODES if r.kept[m, budget][0] < 1.0}
        if lost:
            shares = ", ".join(f"{m} {s:.2f}" for m, s in lost.items())
            out.append(f"  {r.sample} ({r.framing}, {len(r.wanted)} wanted): {shares}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget", default="400,600,1000,2000", help="tokens, comma-separated")
    parser.add_argument("--framing", default="travis,github-actions", help=f"of {', '.join(FRAMINGS)}")
    parser.add_argument("--glob", default="*.txt", help="which samples (file names in tests/facts/data)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--details", action="store_true", help="list the misses at the middle budget")
    args = parser.parse_args()
    budgets = tuple(int(b) for b in args.budget.split(","))
    framings = args.framing.split(",")
    unknown = [f for f in framings if f not in FRAMINGS]
    if unknown:
        parser.error(f"unknown framing {unknown}: one of {list(FRAMINGS)}")
    samples = sorted(p.name for p in DATA.glob(args.glob) if p.name != PASSING)
    jobs = [(s, f, budgets) for f in framings for s in samples]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = [r for r in pool.map(measure, jobs, chunksize=8) if r is not None]
    print("share of wanted lines kept / first wanted line kept, with every parser (full) and none")
    print("\n".join(table(results, framings, budgets)))
    if args.details:
        print("\n".join(misses(results, budgets[len(budgets) // 2])))


if __name__ == "__main__":
    main()
