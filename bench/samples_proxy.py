"""The samples proxy: how the rules do on real output of tools no parser knows.

    .venv/bin/python bench/samples_proxy.py [--bare] [--dump FILE] [--json]

Every stored sample (tests/facts/data: real output of real tools, each made here and described in its
README) is triaged twice: once with every parser, and once with the parser modules that read it left
out (extract.modules_reading; the GENERIC_READERS stay, as they read any tool's output). A sample the
full rules decide names the answer, since the parser tests hold those decisions; left out, the sample
reads as a tool nobody wrote a parser for, as most of a new user's logs and the held-out logs are.
Framed (the default): a sample whose README row opens with the command that made it, and which holds
no CI framing of its own, is put in a Travis job under that command (tests/facts/framing.travis), as a
CI log shows a tool's output: the command is much of what a log of an unknown tool tells. `--bare`
triages the samples as stored. Reported: the share the rules still decide and how often they are
right, by category, the wrong pairs, and why the rest abstain.

The samples are split by tool (the letters their name starts with: `pip20_conflict.txt` is pip's,
crc32 of it): the "fit" half is where generic readers are developed and may be looked at sample by
sample (`--dump` writes only it); the "check" half is reported in aggregate only, so a reader fitted
to the fit half's tools is measured on tools it was not shaped on. A tool's samples stay together.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root first: bench.triage
from tests.facts import framing

from bench.triage import why_undecided
from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.triage import rule_verdict

DATA = Path(__file__).resolve().parents[1] / "tests" / "facts" / "data"
_ROW = re.compile(r"^\| ([\w.+-]+\.txt) \| `([^`]+)`")
_FRAMED_ALREADY = re.compile(rb"^(?:\$ |##\[|travis_|section_start:|\[Pipeline\])", re.MULTILINE)
HALVES = ("fit", "check")


class Outcome(BaseModel):
    """One sample: what the full rules decided, and what they say with its own modules left out."""

    sample: str
    half: str
    modules: list[str]
    answer: str  # the full rules' decided category
    proxy: str  # the category the rules give with the modules left out
    decided: bool
    why: str  # why the rules abstained (bench/triage.py's ABSTAINED), or ""


def half_of(sample: str) -> str:
    """The half a sample belongs to, by its tool's name (stable across runs)."""
    tool = re.match(r"[a-z]*", sample)
    return HALVES[zlib.crc32((tool.group() if tool else "").encode()) % 2]


def commands() -> dict[str, str]:
    """Each sample's command, as its README row opens with it (rows that say "the same with ..." have none)."""
    found = (_ROW.match(line) for line in (DATA / "README.md").read_text().splitlines())
    return {m.group(1): m.group(2) for m in found if m}


def log_of(path: Path, command: str | None) -> bytes:
    """The sample as stored, or inside a Travis job under its command."""
    output = path.read_bytes()
    if command is None or _FRAMED_ALREADY.search(output):
        return output
    return framing.travis(command, output.decode(errors="replace"))


def judge(path: Path, command: str | None = None) -> Outcome | None:
    """The sample's outcome, or None when the full rules do not decide it or no module reads it."""
    log = log_of(path, command)
    full = rule_verdict(extract_facts(log, deadline_s=None))
    modules = modules_reading(log)
    if not full.decided or not modules:
        return None
    left = rule_verdict(extract_facts(log, deadline_s=None, leave_out=modules))
    return Outcome(
        sample=path.name,
        half=half_of(path.name),
        modules=sorted(modules),
        answer=full.category.value,
        proxy=left.category.value,
        decided=left.decided,
        why="" if left.decided else why_undecided(left),
    )


def outcomes(framed: bool = True, workers: int = 2) -> list[Outcome]:
    paths = sorted(p for p in DATA.iterdir() if p.suffix == ".txt")
    known = commands() if framed else {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        found = pool.map(judge, paths, [known.get(p.name) for p in paths], chunksize=16)
        return [o for o in found if o is not None]


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def half_table(mine: list[Outcome], half: str) -> list[str]:
    decided = [o for o in mine if o.decided]
    right = sum(o.proxy == o.answer for o in decided)
    lines = [
        f"{half} half: {len(mine)} samples from {len({m for o in mine for m in o.modules})} modules; "
        f"decided {len(decided)} ({_pct(len(decided), len(mine))}), right {right} ({_pct(right, len(decided))})",
        "",
        "| category | samples | decided | right |",
        "|---|---:|---:|---:|",
    ]
    for cat, n in Counter(o.answer for o in mine).most_common():
        dec = [o for o in decided if o.answer == cat]
        lines.append(f"| {cat} | {n} | {len(dec)} | {sum(o.proxy == cat for o in dec)} |")
    wrong = Counter(f"{o.answer} as {o.proxy}" for o in decided if o.proxy != o.answer)
    lines += ["", "wrong: " + (", ".join(f"{k} {n}" for k, n in wrong.most_common()) or "none"), ""]
    lines += ["| why the rules abstained | samples | categories |", "|---|---:|---|"]
    for why, n in Counter(o.why for o in mine if not o.decided).most_common():
        cats = Counter(o.answer for o in mine if o.why == why).most_common()
        lines.append(f"| {why} | {n} | {', '.join(f'{k} {c}' for k, c in cats)} |")
    return [*lines, ""]


def report(all_outcomes: list[Outcome]) -> str:
    lines: list[str] = []
    for half in HALVES:
        lines += half_table([o for o in all_outcomes if o.half == half], half)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, help="write the fit half's outcomes, one JSON object a line")
    parser.add_argument("--bare", action="store_true", help="the samples as stored, no Travis job around them")
    parser.add_argument("--json", action="store_true", help="print both halves' aggregates as JSON")
    args = parser.parse_args(argv)
    found = outcomes(framed=not args.bare)
    if args.dump:
        fit = [o.model_dump_json() for o in found if o.half == "fit"]
        args.dump.write_text("".join(line + "\n" for line in fit))
    if args.json:
        print(json.dumps({h: aggregate([o for o in found if o.half == h]) for h in HALVES}))
    else:
        print(report(found))
    return 0


def aggregate(mine: list[Outcome]) -> dict[str, int]:
    decided = [o for o in mine if o.decided]
    return {"samples": len(mine), "decided": len(decided), "right": sum(o.proxy == o.answer for o in decided)}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
