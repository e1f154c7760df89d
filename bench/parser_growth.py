"""Each parser's time on its own hostile shapes, at 1x and 8x: a parser whose time grows more than GROWTH_LIMIT
times at 8x the input is superlinear (a pattern that backtracks, a loop that looks back over every line).

    .venv/bin/python bench/parser_growth.py [--only TOOL ...] [--json]

A parser's shapes are made from the lines it reads in the real samples (tests/facts/data): each line a parser marks
as its evidence, with one run of a separator its patterns are made of (spaces, colons, digits, brackets, dots,
slashes, quotes...) stretched and the line's end cut after the run, so the line almost matches and nothing can
finish it. Two growths are timed for every parser, in CPU seconds, the best of three:
  - `run`: the stretched run 8x as long (a pattern that backtracks over the run: 64x);
  - `lines`: the same lines 8x as many (a parser that reads back over its lines for each one: 64x).
bench/adversarial_logs.py times fixed shapes through every parser at 1 MB; these are per parser, from its samples.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from pathlib import Path

from remediate.facts.extract import parsers_view
from remediate.facts.parsers import Parser, all_parsers, parsers_for
from remediate.facts.view import View

DATA = Path(__file__).resolve().parent.parent / "tests" / "facts" / "data"
GROWTH_LIMIT = 12.0
LINES_PER_PARSER = 12  # evidence lines kept per parser (the first of each sample, then more, up to this)
RUN = 150  # a stretched run's length at 1x
COPIES = 4  # each shape's copies at 1x (the time measured is then well above the clock's grain)
FLOOR_S = 2e-4  # a 1x time below this is this (a parser its gate keeps out takes microseconds)
_WORD_BEFORE = re.compile(r"\w{1,8}\Z")  # the word a separator follows (its unit when repeated)
_RUNS = re.compile(r" +|:+|\d+|\[+|\(+|\{+|\.+|/+|-+|=+|\"+|'+|,+|\t+|_+|#+|<+|\*+|\\+")


def evidence_lines() -> dict[str, list[str]]:
    """Per parser tool, the distinct lines of the samples it marked as evidence (up to LINES_PER_PARSER)."""
    kept: dict[str, list[str]] = defaultdict(list)
    for sample in sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"):
        view = parsers_view(sample)
        if view is None:
            continue
        for parser in parsers_for(view):
            lines = kept[parser.tool]
            for no in sorted(parser.parse(view).evidence)[:3]:
                text = _text(view, no)
                if text and text not in lines and len(lines) < LINES_PER_PARSER:
                    lines.append(text)
    return kept


def _text(view: View, no: int) -> str | None:
    i = view.index.get(no)
    return None if i is None else view.lines[i].text


def shapes(lines: list[str], run: int) -> list[str]:
    """Each line with each of its separator runs (the first of a kind) stretched to `run` characters, or repeated with
    the word before it (`a.py:` -> `a.a.a.a.py:`, `1:1:` -> `1:1:1:1:`) to as long; each then as it ends, and cut
    after the stretch (the line's next character, no more), so a pattern reads the whole stretch and fails at its end.
    """
    out: list[str] = []
    for line in lines:
        seen: set[str] = set()
        for m in _RUNS.finditer(line):
            kind = m[0][0]
            if kind in seen:
                continue
            seen.add(kind)
            word = _WORD_BEFORE.search(line, 0, m.start())
            start = word.start() if word else m.start()
            unit = line[start : m.end()]
            for stretched in (line[: m.start()] + kind * run, line[:start] + unit * max(1, run // len(unit))):
                out.append(stretched + line[m.end() : m.end() + 1])
                out.append(stretched + line[m.end() :])
    return list(dict.fromkeys(out))


def _view(lines: list[str]) -> View | None:
    return parsers_view(("\n".join(lines) + "\n").encode())


def _cpu(parser: Parser, view: View | None) -> float:
    if view is None:
        return 0.0
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        parser.parse(view)
        best = min(best, time.process_time() - t0)
    return best


def measure(parser: Parser, lines: list[str]) -> dict[str, object]:
    # the real lines first: a parser's state (a heading, a block's opener) lets its other rules read the shapes
    small = (lines + shapes(lines, RUN)) * COPIES
    base = _cpu(parser, _view(small))
    longer = _cpu(parser, _view((lines + shapes(lines, RUN * 8)) * COPIES))
    more = _cpu(parser, _view(small * 8))
    floor = max(base, FLOOR_S)
    return {
        "tool": parser.tool,
        "shapes": len(small) // COPIES - len(lines),
        "base_ms": round(base * 1e3, 2),
        "run_growth": round(longer / floor, 1),
        "lines_growth": round(more / floor, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", help="parser tools (default: all)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    kept = evidence_lines()
    rows = [
        measure(parser, kept[parser.tool])
        for parser in all_parsers()
        if kept.get(parser.tool) and (not args.only or parser.tool in args.only)
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    over = [r for r in rows if max(float(str(r["run_growth"])), float(str(r["lines_growth"]))) > GROWTH_LIMIT]
    print(f"{len(rows)} parsers with evidence lines in the samples; over {GROWTH_LIMIT:g}x at 8x: {len(over)}\n")
    print("| parser | shapes | 1x ms | 8x run | 8x lines |")
    print("|---|---:|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: -max(float(str(r["run_growth"])), float(str(r["lines_growth"])))):
        flag = " **over**" if r in over else ""
        print(f"| {r['tool']}{flag} | {r['shapes']} | {r['base_ms']} | {r['run_growth']} | {r['lines_growth']} |")


if __name__ == "__main__":
    main()
