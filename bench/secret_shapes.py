"""Every kind of secret the redactor knows in every hostile shape at every place the facts read
(tests/adversarial/planted.py), over random real samples (tests/facts/data), for a range of seeds: a leak is a
secret's text in an output a human or a model sees (planted.seen). Reported: leaks by kind, shape and output, with
the fields that held the secret, and the facts stage's time per log. tests/adversarial/test_secret_shapes.py runs a
bounded, fixed part of the same.

`--false-redactions DATASETS` measures the other side: what the redactor replaces, line by line, in the inputs
bench/facts_outputs.py digests (LogChunks' dev logs, the fixtures' CI logs, the stored samples: a few print a test's own
fake credential on purpose), by rule with the values it replaced: a rule made wider should add none, or say why.

    .venv/bin/python bench/secret_shapes.py [--seeds 6] [--kinds jwt,stripe_key] [--shapes json_field]
    .venv/bin/python bench/secret_shapes.py --false-redactions /work/shared/datasets
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from tests.adversarial.planted import (
    DECLARATIONS,
    KINDS,
    LINE_KINDS,
    LINE_SHAPES,
    MULTILINE_SHAPES,
    PLACES,
    SHAPES,
    fields_holding,
    halves,
    planted,
    seen,
)
from tests.facts.samples import DATA

from bench.facts_outputs import inputs
from remediate.facts import extract_facts
from remediate.facts.reader import clean_line
from remediate.facts.redact import Redactor
from remediate.facts.view import PIECE_LINES


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--false-redactions", type=Path, metavar="DATASETS")
    ap.add_argument("--pieces", action="store_true", help="with --false-redactions: read as the view does")
    args = ap.parse_args()
    samples = sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md")
    if args.false_redactions:
        false_redactions([path for _, path in inputs(args.false_redactions)], pieces=args.pieces)
        return
    leaks: Counter[tuple[str, str, str]] = Counter()
    first: dict[tuple[str, str, str], str] = {}
    logs, spent = 0, 0.0
    for seed in range(args.seeds):
        rng = random.Random(seed)
        sample: Path = rng.choice(samples)
        text = sample.read_text(errors="replace")
        clean = extract_facts(text.encode(), deadline_s=None)
        for kind in args.kinds.split(","):
            secret = KINDS[kind](rng)
            shapes = MULTILINE_SHAPES if "\n" in secret.text else args.shapes.split(",")
            shapes = LINE_SHAPES if kind in LINE_KINDS else shapes
            for shape in shapes:
                log = planted(text, clean, secret, shape, rng.choice(PLACES), rng)
                declared = [secret.text] if secret.caller and shape not in DECLARATIONS else []
                start = time.perf_counter()
                facts = extract_facts(log.encode(), secrets=declared, deadline_s=None)
                spent, logs = spent + time.perf_counter() - start, logs + 1
                for output, shown in seen(facts).items():
                    if any(part.hidden in shown for part in halves(secret, shape)):
                        key = (kind, shape, output)
                        leaks[key] += 1
                        first.setdefault(key, f"{sample.name} seed {seed}: {fields_holding(facts, secret.hidden)}")
    print(f"{logs} logs, {len(leaks)} leaking (kind, shape, output), facts {spent / max(logs, 1) * 1000:.0f} ms/log")
    for key, count in sorted(leaks.items()):
        print(*key, count, first[key], sep="  ")


def false_redactions(logs: list[Path], *, pieces: bool = False) -> None:
    """Every value the redactor replaces in `logs`, line by line (with `pieces`, as the view reads them: cleaned,
    view.PIECE_LINES lines at a time, so what is read across lines is too), by the rules that replaced the line's
    values (Redactor.found; a Secret's data and a PEM key's lines are counted, not recorded)."""
    counts: Counter[str] = Counter()
    values: Counter[tuple[str, str]] = Counter()
    for log in logs:
        redactor = Redactor()
        redactor.found = []
        for line in _read_as(log, pieces=pieces):
            before, counted = len(redactor.found), redactor.counts.copy()
            redactor.redact(line)
            rules = ",".join(sorted(redactor.counts - counted))
            values.update((rules, f"{log.name}: {value[:60]!r}") for value in redactor.found[before:])
        counts += redactor.counts
    print(f"{len(logs)} logs, {sum(counts.values())} values redacted:", dict(sorted(counts.items())))
    for (rules, value), n in sorted(values.items()):
        print(f"  {rules}  {n}  {value}")


def _read_as(log: Path, *, pieces: bool) -> list[str]:
    """`log`'s lines, or with `pieces` its cleaned lines joined PIECE_LINES at a time (view._add_lines)."""
    if not pieces:
        return log.read_text(errors="replace").split("\n")
    lines = [clean_line(raw) for raw in log.read_bytes().split(b"\n")]
    return ["\n".join(lines[k : k + PIECE_LINES]) for k in range(0, len(lines), PIECE_LINES)]


if __name__ == "__main__":
    main()
