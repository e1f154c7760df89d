"""Every kind of secret the redactor knows in every hostile shape at every place the facts read
(tests/adversarial/planted.py), over random real samples (tests/facts/data), for a range of seeds: a leak is a
secret's text in an output a human or a model sees (planted.seen). Reported: leaks by kind, shape and output, with
the fields that held the secret, and the facts stage's time per log. tests/adversarial/test_secret_shapes.py runs a
bounded, fixed part of the same.

    .venv/bin/python bench/secret_shapes.py [--seeds 6] [--kinds jwt,stripe_key] [--shapes json_field]
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
    MULTILINE_SHAPES,
    PLACES,
    SHAPES,
    fields_holding,
    halves,
    planted,
    seen,
)
from tests.facts.samples import DATA

from remediate.facts import extract_facts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--shapes", default=",".join(SHAPES))
    args = ap.parse_args()
    samples = sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md")
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


if __name__ == "__main__":
    main()
