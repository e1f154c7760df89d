"""Every real sample (tests/facts/data) through every hostile mutation (tests/adversarial/mutations.py), for a range of
seeds: each registered parser over the mutated log, then extract_facts and the rules' triage. Reported: each crash
class (exception and the line of the project's code that raised it) with its count and first example, the facts
that do not validate or survive JSON, excerpt ranges outside the log, and the slow inputs (a parser over 1 s, the
facts stage over 3 s, CPU). tests/adversarial/test_mutated_samples.py runs a bounded, fixed part of the same.

    .venv/bin/python bench/mutated_samples.py [--seeds 0 1] [--mutations truncate,shuffle] [--part 0/4]
        [--named json,xml] [--json]

`--part K/N`: every Nth sample from the Kth (to split a run across processes). One seed over every sample and
mutation is ~25,000 logs, about ten CPU minutes.
"""

from __future__ import annotations

import argparse
import json
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tests.adversarial.mutations import MUTATIONS, mutated
from tests.facts.samples import DATA

from remediate.facts import extract_facts
from remediate.facts.extract import parsers_view
from remediate.facts.parsers import all_parsers
from remediate.facts.view import View
from remediate.models import Facts
from remediate.triage import route_by_rules, rule_verdict

SLOW_PARSER_S = 1.0
SLOW_FACTS_S = 3.0
T = TypeVar("T")


@dataclass
class Tally:
    found: dict[str, list[str]] = field(default_factory=dict)  # kind -> examples (sample mutation seed stage)

    def add(self, kind: str, example: str) -> None:
        self.found.setdefault(kind, []).append(example)


def where(exc: BaseException) -> str:
    """The exception and the innermost line of the project's code it passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/remediate/" in f.filename] or frames
    place = f"{ours[-1].filename.rsplit('/src/', 1)[-1]}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__}: {str(exc)[:100]} @ {place}"


def _cpu(fn: Callable[[], T]) -> tuple[T, float]:
    t0 = time.process_time()
    out = fn()
    return out, time.process_time() - t0


def check(raw: bytes, example: str, tally: Tally) -> None:
    try:
        view = parsers_view(raw)
    except Exception as exc:
        tally.add(where(exc), f"{example} view")
        view = None
    if view is not None:
        _parsers(view, example, tally)
    try:
        facts, took = _cpu(lambda: extract_facts(raw, deadline_s=None))
        if took > SLOW_FACTS_S:
            tally.add("slow extract_facts", f"{example} {took:.1f}s")
        if Facts.model_validate_json(facts.model_dump_json()) != facts:
            tally.add("facts change through JSON", example)
        if any(not 1 <= r.start <= r.end <= facts.log_lines for r in facts.excerpt_lines):
            tally.add("excerpt range outside the log", example)
        rule_verdict(facts)
        route_by_rules(facts)
    except Exception as exc:
        tally.add(where(exc), f"{example} facts")


def _parsers(view: View, example: str, tally: Tally) -> None:
    for parser in all_parsers():
        try:
            _out, took = _cpu(lambda: parser.parse(view))  # noqa: B023 - called at once
        except Exception as exc:
            tally.add(where(exc), f"{example} parser:{parser.tool}")
            continue
        if took > SLOW_PARSER_S:
            tally.add(f"slow parser {parser.tool}", f"{example} {took:.1f}s")


def samples(part: str, named: str) -> Iterator[Path]:
    k, n = (int(x) for x in part.split("/"))
    every = sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md")
    yield from (p for p in every[k::n] if not named or any(word in p.name for word in named.split(",")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="*", default=[0])
    ap.add_argument("--mutations", default=",".join(MUTATIONS))
    ap.add_argument("--part", default="0/1")
    ap.add_argument("--named", default="", help="only samples whose name holds one of these words (json,sarif)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tally, logs = Tally(), 0
    for seed in args.seeds:
        for sample in samples(args.part, args.named):
            raw = sample.read_bytes()
            for name in args.mutations.split(","):
                check(mutated(raw, name, seed), f"{sample.relative_to(DATA)} {name} {seed}", tally)
                logs += 1
    if args.json:
        print(json.dumps({"logs": logs, "found": tally.found}, indent=2))
        return
    print(f"{logs} mutated logs; {len(tally.found)} kinds of failure\n")
    for kind, examples in sorted(tally.found.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(examples):5}  {kind}\n       e.g. {examples[0]}")


if __name__ == "__main__":
    main()
