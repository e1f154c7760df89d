"""Merge per-case eval runs into one report: `python -m remediate.evals.merge OUT RUN_DIR... [--baseline B]`.

The Dagger `eval` runs each case as its own pipeline, then calls this in one last container.
Exit status: 0, or 1 when the regression gate fails (the report, gate.json included, is written either way).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from remediate.evals.command import finish_report, merge_runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m remediate.evals.merge")
    parser.add_argument("out", type=Path)
    parser.add_argument("runs", type=Path, nargs="+")
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--model", default="")
    parser.add_argument("--live", action="store_true", help="the runs used a live model (sampling noise)")
    parser.add_argument("--title", default="remediate eval (Dagger)")
    args = parser.parse_args(argv)
    results = merge_runs(args.runs, args.out)
    outcome = finish_report(
        results,
        title=args.title,
        out=args.out,
        model=args.model,
        deterministic=not args.live,
        baseline_path=args.baseline,
        update_baseline=False,
    )
    total = outcome.score.total
    print(f"{total.passes}/{total.attempts} verified; report in {args.out}")
    if outcome.gate is not None and not outcome.gate.passed:
        print("gate FAILED: " + "; ".join(outcome.gate.reasons))
        return 1  # a failed gate fails the step that merged; the report is written first
    return 0


if __name__ == "__main__":
    sys.exit(main())
