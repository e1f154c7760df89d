"""Whether a change leaves every `extract_facts` output as it was: a digest of each JSON output.

    PYTHONPATH=OLD/src .venv/bin/python bench/facts_outputs.py DATASETS --out old.json
    PYTHONPATH=NEW/src .venv/bin/python bench/facts_outputs.py DATASETS --out new.json
    .venv/bin/python bench/facts_outputs.py --compare old.json new.json

The inputs are LogChunks' dev logs (never the held-out half), the fixtures' CI logs and every stored
sample under tests/facts/data, each at a budget of 2,000 tokens and at `auto`: the model's JSON
(`model_dump_json`) is hashed per input and budget, and an exception's type and message stand in for
an input that raises. A speed change (a pattern compiled later, a gate before it, a module imported
later) must leave every digest equal; `--compare` prints the inputs whose digests differ and exits
1 if any does.

The facts are read with no deadline (extract_facts' `deadline_s=None`, as the other benches read them): with the
default one, a loaded machine skips a long input's last parsers and its digest moves with the load, so a lane could
not tell its change from the machine's. Equal code gives equal digests whatever the load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
Budget = int | Literal["auto"]
BUDGETS: tuple[Budget, ...] = (2000, "auto")


def inputs(datasets: Path) -> Iterator[tuple[str, Path]]:
    """(name, path) of every input: dev logs, fixtures' CI logs, stored samples."""
    from bench.logs import load_cases

    for case in load_cases(datasets):
        if case.dataset == "logchunks" and case.split == "dev":
            yield f"logchunks/{case.id}", case.path
    for log in sorted((ROOT / "fixtures").glob("*/ci.log")):
        yield f"fixtures/{log.parent.name}", log
    data = ROOT / "tests" / "facts" / "data"
    for sample in sorted(data.rglob("*.txt")):
        yield f"samples/{sample.relative_to(data)}", sample


def digest(path: Path, budget: Budget) -> str:
    """The SHA-256 of `path`'s facts at `budget` as JSON (or of the exception it raises), read with no deadline."""
    from remediate.facts import extract_facts

    try:
        out = extract_facts(path, budget_tokens=budget, deadline_s=None).model_dump_json()
    except Exception as exc:  # an input that raises is an output too
        out = f"{type(exc).__name__}: {exc}"
    return hashlib.sha256(out.encode()).hexdigest()


def record(datasets: Path, out: Path) -> None:
    started = time.perf_counter()
    digests = {f"{name} @ {budget}": digest(path, budget) for name, path in inputs(datasets) for budget in BUDGETS}
    out.write_text(json.dumps(digests, indent=0, sort_keys=True))
    print(f"{len(digests):,} outputs in {time.perf_counter() - started:.0f} s -> {out}")


def compare(old: Path, new: Path) -> int:
    a, b = json.loads(old.read_text()), json.loads(new.read_text())
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(a):,} / {len(b):,} outputs, {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("datasets", nargs="?", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if args.datasets is None or args.out is None:
        ap.error("DATASETS and --out are needed to record")
    record(args.datasets, args.out)


if __name__ == "__main__":
    main()
