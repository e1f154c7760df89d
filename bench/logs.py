"""Failure-excerpt benchmark on real labelled CI logs: remediate facts vs `tail -n 200` vs grep.

    .venv/bin/python bench/logs.py DATASETS [--split all|dev|heldout] [--budget 2000,auto] [--skip-big]
        [--without-parsers [all|MODULE,...]]

Datasets (read each README there): LogDx-CI (GitHub Actions; required signals with evidence
lines), LogChunks (Travis; a hand-labelled failure chunk per log) and CiDiff (GitHub Actions +
Jenkins; labelled error line ranges). Per method it prints:

- LogDx-CI signal recall and critical-signal recall. A signal is kept if all its evidence lines
  are inside the excerpt's line ranges, else if its value, one of its aliases or its file is a
  substring of the ANSI-stripped excerpt.
- LogChunks / CiDiff labelled-line coverage (share of labelled lines inside the excerpt's line
  ranges; for a LogChunks chunk that occurs several times, the best occurrence) and full-chunk
  hit rate (every labelled line covered), averaged over logs.
- LogChunks / CiDiff telling-line coverage: the same share counted over the labelled lines that
  tell something (an error, a frame's location, a verdict or a summary's counts: `excerpt.telling`,
  the definition the excerpt uses), over the logs whose chunk holds any, and how often all are
  kept. Reported beside the line metric, which charges a kept frame chain's block headers as if
  its lines were worth a source listing's; not a target.
- The same two metrics per repository (CiDiff: per project) before averaging, so a repository's
  many near-duplicate logs weigh as one (for LogDx-CI: signal recall / every critical signal kept).
- Mean and max excerpt tokens (characters / 4), our MB/s over the datasets, and category
  accuracy against the datasets' mapped labels (single annotator: reported, not tuned).
- `remediate facts --json` end to end on the smallest chosen log, best and median of 5 fresh
  processes, with the bytecode cache on as an installed package has it (bench/facts_start.py's
  wall_times: with PYTHONDONTWRITEBYTECODE set and a stale cache every start compiled the sources).
- Unless --skip-big: MB/s, CPU-seconds and peak RSS of one run on a ~1 GB log made by concatenating the
  chosen split's logs (--split dev: dev logs only), in a child process, read with no deadline (`deadline_s=None`,
  as bench/facts_outputs.py reads): with facts' 120 s one a loaded machine skips the last parsers, so the
  time and the excerpt would move with the load. --big-log FILE keeps the log to interleave two trees on it.

--per-log FILE writes one JSON line per log and budget (dataset, id, repository, split, budget,
facts' coverage and hit, tokens, line ranges, the labelled chunk's tokens and the lines kept in each
third of it: see chunk_shape) for a log-by-log comparison of two trees: run this
script with PYTHONPATH at each tree's src/ and diff the two files (`--compare-per-log OLD NEW` lists
the logs whose coverage or hit moved, by repository).

--without-parsers measures the excerpt for tools no parser knows: the named parser modules (a
comma-separated list of modules of remediate.facts.parsers, or `all`, the default when the option
is given bare; bare, put it after DATASETS, which it would otherwise take for its value) are not
run, so the excerpt is what the generic machinery (terminal cleaning, CI steps, keyword lines,
failure regions, scoring) gives from the log's own lines. A held-out repository's tools are
unknown to the parsers in the same way; the dev half under `all` is the proxy for it. Category
accuracy under it says what classification has left without parsers.

LogChunks is split by repository (sha256 of the repo slug, first byte even = dev). The dev half
was used while developing; the other half, LogDx-CI and CiDiff are held out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from remediate.evals.datasets import CATEGORY_TO_LABEL, logchunks_dev
from remediate.facts import extract_facts
from remediate.facts.excerpt import HEADER_COST, render_line, telling
from remediate.facts.extract import AUTO_BASE
from remediate.facts.parsers import bare_texts, modules_named
from remediate.facts.reader import clean_line

# Run as a script, bench/ is on the path, not the repository root that `bench.` names start from.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.facts_start import wall_times

GREP = re.compile(rb"error|fail|exception|traceback|fatal|denied|not found|exit code", re.IGNORECASE)
GREP_BEFORE, GREP_AFTER = 3, 8
TAIL = 200
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\^\[\[[0-9;]*[A-Za-z]")
METHODS = ("facts", "tail@budget", "tail-200", "grep")


# ---------------------------------------------------------------------- methods


@dataclass
class Cut:
    """What one method kept of one log: line ranges and the text shown."""

    ranges: list[tuple[int, int]]
    text: str
    tokens: int
    seconds: float = 0.0
    category: str | None = None
    blocks: int = 1  # facts: the independent failure blocks it found (Facts.failure_blocks)


def lines_of(path: Path) -> list[bytes]:
    data = path.read_bytes()
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def _text(lines: list[bytes], ranges: Iterable[tuple[int, int]]) -> str:
    parts = [lines[n - 1].decode("utf-8", "replace") for a, b in ranges for n in range(a, b + 1)]
    return "\n".join(parts)


def cut_tail(path: Path) -> Cut:
    lines = lines_of(path)
    if not lines:
        return Cut([], "", 0)
    ranges = [(max(1, len(lines) - TAIL + 1), len(lines))]
    text = _text(lines, ranges)
    return Cut(ranges, text, (len(text) + 3) // 4)


def cut_tail_budget(path: Path, budget: int) -> Cut:
    """The last lines of the log, cleaned, that fit the same token budget as the facts excerpt."""
    lines = lines_of(path)
    room = budget * 4 - HEADER_COST
    first = len(lines) + 1
    while first > 1:
        cost = len(render_line(clean_line(lines[first - 2]))) + 1
        if cost > room:
            break
        room -= cost
        first -= 1
    if first > len(lines):
        return Cut([], "", 0)
    ranges = [(first, len(lines))]
    text = "\n".join(render_line(clean_line(lines[n - 1])) for n in range(first, len(lines) + 1))
    return Cut(ranges, text, (len(text) + HEADER_COST + 3) // 4)


def cut_grep(path: Path) -> Cut:
    lines = lines_of(path)
    keep: set[int] = set()
    for i, raw in enumerate(lines, start=1):
        if GREP.search(raw):
            keep.update(range(max(1, i - GREP_BEFORE), min(len(lines), i + GREP_AFTER) + 1))
    ranges = _ranges(sorted(keep))
    text = _text(lines, ranges)
    return Cut(ranges, text, (len(text) + 3) // 4)


def cut_facts(path: Path, budget: int | Literal["auto"], leave_out: frozenset[str] = frozenset()) -> Cut:
    start = time.perf_counter()
    facts = extract_facts(path, budget_tokens=budget, leave_out=leave_out)
    seconds = time.perf_counter() - start
    ranges = [(r.start, r.end) for r in facts.excerpt_lines]
    label = CATEGORY_TO_LABEL[facts.category]
    return Cut(ranges, facts.excerpt, facts.excerpt_tokens, seconds, label, facts.failure_blocks)


def _ranges(nos: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in nos:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def covered(ranges: list[tuple[int, int]], line: int) -> bool:
    return any(a <= line <= b for a, b in ranges)


# ---------------------------------------------------------------------- datasets


@dataclass
class Case:
    dataset: str
    id: str
    path: Path
    label: str | None
    split: str  # "dev" or "heldout"
    group: str  # the repository (CiDiff: the project): logs of one repository are near-duplicates
    signals: list[dict[str, object]] = field(default_factory=list)  # LogDx-CI
    chunks: list[list[tuple[int, int]]] = field(default_factory=list)  # alternatives, each a range list


def load_cases(root: Path) -> Iterator[Case]:
    for line in (root / "logdx-ci" / "logdx-ci.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec.get("log_included"):
            yield Case(
                "logdx-ci",
                rec["id"],
                root / "logdx-ci" / rec["log_path"],
                rec.get("failure_class_mapped"),
                "heldout",
                rec["repo"],
                signals=rec["required_signals"],
            )
    for line in (root / "logchunks" / "logchunks.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec.get("log_included"):
            yield Case(
                "logchunks",
                rec["id"],
                root / "logchunks" / rec["log_path"],
                rec.get("failure_class_helper"),
                "dev" if logchunks_dev(rec["repo"]) else "heldout",
                rec["repo"],
                chunks=[[(a, b)] for a, b in rec["chunk_line_ranges"]],
            )
    for line in (root / "cidiff-breakages" / "cidiff-breakages.jsonl").read_text().splitlines():
        rec = json.loads(line)
        ranges = [(a, b) for a, b in rec["groundtruth"]["error_ranges_newline"]]
        project = rec["case"].rsplit("_", 1)[0]
        yield Case(
            "cidiff", rec["id"], root / "cidiff-breakages" / rec["log_path"], None, "heldout", project, chunks=[ranges]
        )


# ---------------------------------------------------------------------- scoring


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def signal_kept(signal: dict[str, object], cut: Cut, plain: str) -> bool:
    evidence = signal.get("evidence_lines") or []
    assert isinstance(evidence, list)
    if evidence and all(covered(cut.ranges, n) for a, b in evidence for n in range(a, b + 1)):
        return True
    needles = [signal.get("value"), *(signal.get("aliases") or []), signal.get("file")]  # type: ignore[misc]
    return any(isinstance(n, str) and n and n in plain for n in needles)


def chunk_scores(case: Case, cut: Cut) -> tuple[float, bool]:
    best_cov, hit = 0.0, False
    for alternative in case.chunks:
        wanted = [n for a, b in alternative for n in range(a, b + 1)]
        if not wanted:
            continue
        got = sum(1 for n in wanted if covered(cut.ranges, n))
        best_cov = max(best_cov, got / len(wanted))
        hit = hit or got == len(wanted)
    return best_cov, hit


def chunk_shape(case: Case, cut: Cut) -> tuple[int, list[int]]:
    """The first labelled alternative's size in tokens (its lines' cleaned characters / 4, as the budget
    counts them) and how many of its lines the cut keeps in each third of it (head, middle, tail): what
    the excerpt keeps of a report longer than the budget (--per-log). On the dev half at 2,000 tokens
    (b670aef) ten logs' reports are over the budget and not kept whole; seven kept more of their head and
    tail than of their middle (TypeScript 566744351: 44, 7 and 66 lines; bootstrap 566522647: 11, 0, 30),
    two about as much of each (Atom 544967051: 45, 29, 51), vim 556831164 mostly its tail (8, 7, 34)."""
    wanted = [n for a, b in case.chunks[0] for n in range(a, b + 1)] if case.chunks else []
    if not wanted:
        return 0, [0, 0, 0]
    lines = lines_of(case.path)
    tokens = sum(len(clean_line(lines[n - 1])) for n in wanted if n <= len(lines)) // 4
    first, span = min(wanted), max(wanted) - min(wanted) + 1
    thirds = [0, 0, 0]
    for n in wanted:
        if covered(cut.ranges, n):
            thirds[min(2, 3 * (n - first) // span)] += 1
    return tokens, thirds


def telling_lines(case: Case) -> list[list[int]]:
    """Each labelled alternative's lines that tell something of the failure (see `telling`), each line read as
    its tool printed it (parsers.bare_texts: turbo's `web:test: ` off, as the parsers and the excerpt read it)."""
    if not case.chunks:
        return []
    texts = bare_texts([clean_line(line) for line in lines_of(case.path)])
    return [
        [n for a, b in alt for n in range(a, b + 1) if n <= len(texts) and telling(texts[n - 1])] for alt in case.chunks
    ]


def telling_scores(case: Case, cut: Cut, tells: list[list[int]] | None = None) -> tuple[float, bool] | None:
    """The share of a chunk's telling lines inside the excerpt and whether all are (the best
    alternative); None when no alternative holds a telling line."""
    best: tuple[float, bool] | None = None
    for wanted in telling_lines(case) if tells is None else tells:
        if wanted:
            got = sum(1 for n in wanted if covered(cut.ranges, n))
            best = max(best or (0.0, False), (got / len(wanted), got == len(wanted)))
    return best


def oracle_scores(case: Case, budget: int) -> tuple[float, bool]:
    """Best coverage any excerpt of `budget` tokens could reach, knowing the labels (see ceiling)."""
    return ceiling(lines_of(case.path), case.chunks, budget)


def ceiling(
    lines: list[bytes], chunks: list[list[tuple[int, int]]], budget: int, headers: int | None = None
) -> tuple[float, bool]:
    """Best coverage any excerpt of `budget` tokens of `lines` could reach, knowing the labels `chunks`: the
    labelled lines, cheapest first (rendered as facts renders them, one header per labelled range, or
    `headers` when the ranges are fewer blocks: a sample's labelled lines, one range each, split by blanks)."""
    best_cov, hit = 0.0, False
    for alternative in chunks:
        wanted = [n for a, b in alternative for n in range(a, b + 1) if n <= len(lines)]
        if not wanted:
            continue
        costs = sorted(len(render_line(clean_line(lines[n - 1]))) + 1 for n in wanted)
        room = budget * 4 - HEADER_COST * (len(alternative) if headers is None else headers)
        got = 0
        for cost in costs:
            if room < cost:
                break
            room -= cost
            got += 1
        best_cov = max(best_cov, got / len(wanted))
        hit = hit or got == len(wanted)
    return best_cov, hit


@dataclass
class Row:
    case: Case
    cuts: dict[str, Cut]
    oracle: tuple[float, bool] = (0.0, False)


def run_case(args: tuple[Case, int | Literal["auto"], frozenset[str]]) -> Row:
    case, budget, leave_out = args
    facts = cut_facts(case.path, budget, leave_out)
    # With `auto` the others get what facts chose to spend on this log (at least the base budget).
    spent = budget if budget != "auto" else max(AUTO_BASE, facts.tokens)
    cuts = {
        "facts": facts,
        "tail@budget": cut_tail_budget(case.path, spent),
        "tail-200": cut_tail(case.path),
        "grep": cut_grep(case.path),
    }
    return Row(case, cuts, oracle_scores(case, spent) if case.chunks else (0.0, False))


def table(rows: list[Row], split_name: str, details: bool) -> list[str]:
    out: list[str] = []
    logdx = [r for r in rows if r.case.dataset == "logdx-ci"]
    chunks = [r for r in rows if r.case.dataset == "logchunks"]
    cidiff = [r for r in rows if r.case.dataset == "cidiff"]
    out.append(f"\n### {split_name}\n")
    out.append("| dataset | metric | " + " | ".join(METHODS) + " |")
    out.append("|---|---|" + "---:|" * len(METHODS))
    if logdx:
        recall: dict[str, list[bool]] = {m: [] for m in METHODS}
        critical: dict[str, list[bool]] = {m: [] for m in METHODS}
        for r in logdx:
            for m in METHODS:
                plain = strip_ansi(r.cuts[m].text)
                for s in r.case.signals:
                    kept = signal_kept(s, r.cuts[m], plain)
                    recall[m].append(kept)
                    if s.get("importance") == "critical":
                        critical[m].append(kept)
                    if details and m == "facts" and not kept:
                        print(
                            f"  MISS {r.case.id} {s.get('importance')} {s.get('type')} {s.get('evidence_lines')}"
                            f" {str(s.get('value'))[:90]!r}",
                            file=sys.stderr,
                        )
        n_sig = len(recall["facts"])
        out.append(
            f"| LogDx-CI ({len(logdx)} logs, {n_sig} signals) | signal recall | "
            + " | ".join(f"{_mean(recall[m]):.3f}" for m in METHODS)
            + " |"
        )
        out.append(
            f"| | critical-signal recall ({len(critical['facts'])}) | "
            + " | ".join(f"{_mean(critical[m]):.3f}" for m in METHODS)
            + " |"
        )
        out.append(_by_repository(logdx, _signal_scores))
        out.extend(_token_rows(logdx))
    for name, group in (("LogChunks", chunks), ("CiDiff", cidiff)):
        if not group:
            continue
        cov = {m: [chunk_scores(r.case, r.cuts[m]) for r in group] for m in METHODS}
        out.append(
            f"| {name} ({len(group)} logs) | labelled-line coverage | "
            + " | ".join(f"{statistics.mean(c for c, _ in cov[m]):.3f}" for m in METHODS)
            + " |"
        )
        out.append(
            "| | full-chunk hit rate | "
            + " | ".join(f"{statistics.mean(1.0 if h else 0.0 for _, h in cov[m]):.3f}" for m in METHODS)
            + " |"
        )
        out.append(_by_repository(group, lambda r, m: chunk_scores(r.case, r.cuts[m])))
        out.append(_telling_row(group))
        oracle_cov = statistics.mean(r.oracle[0] for r in group)
        oracle_hit = statistics.mean(1.0 if r.oracle[1] else 0.0 for r in group)
        out.append(
            f"| | ceiling at this budget, labels known (coverage / hit) | {oracle_cov:.3f} / {oracle_hit:.3f} | | |"
        )
        out.extend(_token_rows(group))
        if details:
            for r in group:
                c, h = chunk_scores(r.case, r.cuts["facts"])
                if not h:
                    print(
                        f"  CHUNK {r.case.id} cov={c:.2f} chunks={r.case.chunks[0][:3]} "
                        f"excerpt={[(a, b) for a, b in r.cuts['facts'].ranges][-6:]}",
                        file=sys.stderr,
                    )
    return out


def _telling_row(group: list[Row]) -> str:
    """Telling-line coverage / all telling lines kept, over the logs whose chunk holds any."""
    tells = {id(r): telling_lines(r.case) for r in group}
    scored = {
        m: [t for r in group if (t := telling_scores(r.case, r.cuts[m], tells[id(r)])) is not None] for m in METHODS
    }
    n = len(scored["facts"])
    cells = [_pair(scored[m]) if scored[m] else "-" for m in METHODS]
    return f"| | telling-line coverage / all kept ({n} logs with telling lines) | " + " | ".join(cells) + " |"


def _pair(scores: list[tuple[float, bool]]) -> str:
    return f"{statistics.mean(c for c, _ in scores):.3f} / {statistics.mean(1.0 if h else 0.0 for _, h in scores):.3f}"


def _signal_scores(row: Row, method: str) -> tuple[float, bool]:
    """A LogDx-CI log's share of signals kept, and whether every critical one was."""
    cut = row.cuts[method]
    plain = strip_ansi(cut.text)
    kept = [(signal_kept(s, cut, plain), s.get("importance") == "critical") for s in row.case.signals]
    share = sum(k for k, _ in kept) / len(kept) if kept else 1.0
    return share, all(k for k, critical in kept if critical)


def _by_repository(group: list[Row], score: Callable[[Row, str], tuple[float, bool]]) -> str:
    """Both metrics averaged per repository first, so a repository's many near-duplicate logs
    weigh as one: a change that helps one repository shows as that, not as many logs."""
    repos = sorted({r.case.group for r in group})
    cells = []
    for m in METHODS:
        per = [[score(r, m) for r in group if r.case.group == repo] for repo in repos]
        cov = statistics.mean(statistics.mean(c for c, _ in p) for p in per)
        hit = statistics.mean(statistics.mean(1.0 if h else 0.0 for _, h in p) for p in per)
        cells.append(f"{cov:.3f} / {hit:.3f}")
    return f"| | per repository ({len(repos)}), first metric / all-or-nothing | " + " | ".join(cells) + " |"


def _token_rows(group: list[Row]) -> list[str]:
    rows = [
        "| | mean excerpt tokens | "
        + " | ".join(f"{statistics.mean(r.cuts[m].tokens for r in group):,.0f}" for m in METHODS)
        + " |",
        "| | max excerpt tokens | " + " | ".join(f"{max(r.cuts[m].tokens for r in group):,}" for m in METHODS) + " |",
    ]
    over = [r for r in group if r.cuts["facts"].tokens > AUTO_BASE]
    if over:  # auto: how often it spent more than the base, and how much that bought
        rows += _auto_rows(group, over)
    return rows


def _auto_rows(group: list[Row], over: list[Row]) -> list[str]:
    """What auto spent: how many logs it gave more than the base and their mean, its spend by
    thousand, and the independent failure blocks it found in the logs (see
    blocks.independent_blocks; each beyond the first buys AUTO_STEP tokens)."""
    spent = [r.cuts["facts"].tokens for r in group]
    bands = [(0, AUTO_BASE), (AUTO_BASE + 1, 3000), (3001, 4000), (4001, 10**9)]
    counts = [sum(1 for t in spent if a <= t <= b) for a, b in bands]
    blocks = [r.cuts["facts"].blocks for r in group]
    return [
        f"| | logs over the {AUTO_BASE:,}-token base (auto spent more) | {len(over)} of {len(group)}, "
        f"mean {statistics.mean(r.cuts['facts'].tokens for r in over):,.0f} tokens | | | |",
        f"| | auto's spend: <= {AUTO_BASE:,} / to 3,000 / to 4,000 / more (logs) | "
        + " / ".join(str(c) for c in counts)
        + " | | | |",
        "| | independent failure blocks: 1 / 2 / 3 / 4+ (logs) | "
        + " / ".join(str(sum(1 for b in blocks if b == k or (k == 4 and b > 4))) for k in (1, 2, 3, 4))
        + " | | | |",
    ]


def _mean(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def accuracy_rows(rows: list[Row]) -> list[str]:
    out = [
        "\n### Category accuracy (mapped labels, single annotator; not tuned)\n",
        "| dataset | logs | accuracy | unknown/other predicted |",
        "|---|---:|---:|---:|",
    ]
    for name in ("logdx-ci", "logchunks"):
        group = [r for r in rows if r.case.dataset == name and r.case.label]
        if not group:
            continue
        right = sum(1 for r in group if r.cuts["facts"].category == r.case.label)
        other = sum(1 for r in group if r.cuts["facts"].category == "other")
        out.append(f"| {name} | {len(group)} | {right / len(group):.3f} | {other} |")
    return out


# ---------------------------------------------------------------------- big log


def _write_big_log(big: Path, cases: list[Case], target: int) -> None:
    """The chosen logs concatenated, over and over, until `target` bytes."""
    written = 0
    with big.open("wb") as out:
        while written < target:
            for case in cases:
                data = case.path.read_bytes()
                out.write(data if data.endswith(b"\n") else data + b"\n")
                written += len(data) + 1
                if written >= target:
                    break


# No deadline (as bench/facts_outputs reads): with facts' default one, a loaded machine skips the last parsers, so
# the time and the excerpt's tokens would move with the load, not the code. CPU is the process's and its scan
# workers' (waited for, so counted in RUSAGE_CHILDREN): the measure that survives a shared machine.
_BIG_RUN = (
    "import json, resource, sys, time\n"
    "from pathlib import Path\n"
    "from remediate.facts import extract_facts\n"
    "t = time.perf_counter()\n"
    "f = extract_facts(Path(sys.argv[1]), deadline_s=None)\n"
    "dt = time.perf_counter() - t\n"
    "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'seconds': dt, 'rss_kb': me.ru_maxrss, 'child_rss_kb': kids.ru_maxrss,"
    " 'cpu': me.ru_utime + me.ru_stime, 'child_cpu': kids.ru_utime + kids.ru_stime,"
    " 'tokens': f.excerpt_tokens, 'lines': f.log_lines}))\n"
)


def big_log_run(root: Path, cases: list[Case], gigabytes: float, keep: Path | None = None) -> list[str]:
    """One `extract_facts` on a ~`gigabytes` log of the chosen logs, in a child process. `keep`: the log's file,
    made there when missing and read as it is when present, so runs of two trees can be interleaved on one log."""
    with tempfile.TemporaryDirectory() as tmp:
        big = keep or Path(tmp) / "big.log"
        if not big.exists():
            _write_big_log(big, cases, int(gigabytes * (1 << 30)))
        load = os.getloadavg()[0]
        proc = subprocess.run([sys.executable, "-c", _BIG_RUN, str(big)], capture_output=True, text=True, check=True)
        result = json.loads(proc.stdout)
        size = big.stat().st_size
    mb = size / 1e6
    return [
        "\n### Large log (dataset logs concatenated, one extract_facts call in a child process, no deadline)\n",
        "| size | lines | seconds | MB/s | CPU-s (process + scan workers) | peak RSS (process) "
        "| peak RSS (largest scan worker) | excerpt tokens | load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {size / (1 << 30):.2f} GiB | {result['lines']:,} | {result['seconds']:.1f} | {mb / result['seconds']:.1f} "
        f"| {result['cpu']:.1f} + {result['child_cpu']:.1f} | {result['rss_kb'] / 1024:.0f} MB "
        f"| {result['child_rss_kb'] / 1024:.0f} MB | {result['tokens']} | {load:.1f} to {os.getloadavg()[0]:.1f} |",
    ]


def cli_run(log: Path, runs: int = 5) -> list[str]:
    """`remediate facts --json` end to end on one small log (process start, imports, parsing), the
    way a user runs an installed copy; best and median of `runs`. The runs keep Python's bytecode
    cache on (facts_start.wall_times): with PYTHONDONTWRITEBYTECODE set, as on this host, a source
    tree whose cache is stale or missing compiled every remediate module on every start, about
    0.1 s of CPU that an installed package (compiled by pip) never pays."""
    times = wall_times(log, runs)
    load = os.getloadavg()[0]
    return [
        f"\n`remediate facts --json` on {log.name} ({log.stat().st_size:,} bytes), end to end: best "
        f"{min(times):.2f} s, median {statistics.median(times):.2f} s over {runs} runs, bytecode cache on "
        f"(load average {load:.1f} on {os.cpu_count()} cores)."
    ]


def ablation_note(leave_out: frozenset[str]) -> str:
    """What the heading says of parsers left out (--without-parsers), so a table cannot be read
    as the full mode's."""
    if not leave_out:
        return ""
    if leave_out == modules_named("all"):
        return "; WITHOUT PARSERS (every parser module left out)"
    return f"; without parser modules {', '.join(sorted(leave_out))}"


def _leave_out(value: str) -> frozenset[str]:
    """--without-parsers' value; a bad name's error lists the modules there are."""
    try:
        return modules_named(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _budget(value: str) -> int | Literal["auto"]:
    return "auto" if value == "auto" else int(value)


def _budgets(value: str) -> list[int | Literal["auto"]]:
    return [_budget(v.strip()) for v in value.split(",") if v.strip()]


def _run_budget(
    chosen: list[Case],
    budget: int | Literal["auto"],
    split: str,
    workers: int,
    details: bool,
    leave_out: frozenset[str] = frozenset(),
) -> tuple[list[str], list[Row]]:
    """Every chosen log at one budget: the tables' lines, and the rows."""
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        rows = list(pool.map(run_case, [(c, budget, leave_out) for c in chosen], chunksize=4))
    wall = time.perf_counter() - started
    lines = [
        f"\n## budget {budget} tokens (estimate: characters / 4); {len(rows)} logs; wall {wall:.0f}s"
        + ablation_note(leave_out)
    ]
    if split in ("all", "dev"):
        lines += table(
            [r for r in rows if r.case.split == "dev"], "Development set: LogChunks, dev half of repos", details
        )
    if split in ("all", "heldout"):
        lines += table(
            [r for r in rows if r.case.split == "heldout"],
            "Held out: LogDx-CI, CiDiff, LogChunks other half of repos",
            details,
        )
    return lines, rows


def per_log_records(rows: list[Row], budget: int | Literal["auto"]) -> Iterator[dict[str, object]]:
    """facts' score on each labelled-chunk log, one record a log (--per-log)."""
    for r in rows:
        if not r.case.chunks:
            continue
        cov, hit = chunk_scores(r.case, r.cuts["facts"])
        chunk_tokens, thirds = chunk_shape(r.case, r.cuts["facts"])
        yield {
            "dataset": r.case.dataset,
            "id": r.case.id,
            "repo": r.case.group,
            "split": r.case.split,
            "budget": budget,
            "coverage": round(cov, 4),
            "hit": hit,
            "tokens": r.cuts["facts"].tokens,
            "ranges": r.cuts["facts"].ranges,
            "chunk_tokens": chunk_tokens,
            "kept_thirds": thirds,
        }


def compare_per_log(old: Path, new: Path) -> list[str]:
    """The logs whose coverage or hit differs between two --per-log files, in order of budget and log
    id, each with its repository and both sides' ranges, then how many of the pairs both files hold moved."""

    def load(path: Path) -> dict[tuple[str, str], dict[str, object]]:
        recs = (json.loads(line) for line in path.read_text().splitlines() if line.strip())
        return {(str(r["budget"]), str(r["id"])): r for r in recs}

    before, after = load(old), load(new)
    out: list[str] = []
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        if a["coverage"] == b["coverage"] and a["hit"] == b["hit"]:
            continue
        out.append(
            f"budget {key[0]} {b['repo']} {key[1]}: coverage {a['coverage']} -> {b['coverage']}, "
            f"hit {a['hit']} -> {b['hit']}\n    old {a['ranges']}\n    new {b['ranges']}"
        )
    out.append(f"{len(out)} of {len(before.keys() & after.keys())} (budget, log) pairs moved")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("datasets", type=Path)
    ap.add_argument("--split", choices=("all", "dev", "heldout"), default="all")
    ap.add_argument(
        "--budget",
        type=_budgets,
        default=[2000],
        help="tokens, or auto (2,000-4,000); several separated by commas (2000,auto) are reported one after another",
    )
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--big-gb", type=float, default=1.0)
    ap.add_argument("--big-only", action="store_true", help="only the large-log run (read with no deadline)")
    ap.add_argument(
        "--big-log",
        type=Path,
        metavar="FILE",
        help="the large log's file: made there when missing, read as it is when present (interleave two trees on it)",
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--details", action="store_true", help="print misses to stderr (development)")
    ap.add_argument(
        "--without-parsers",
        type=_leave_out,
        nargs="?",
        const="all",
        default=frozenset(),
        metavar="all|MODULE,...",
        help="leave these parser modules out (bare: all): the excerpt for tools no parser knows",
    )
    ap.add_argument("--per-log", type=Path, metavar="FILE", help="write facts' per-log scores as JSON lines")
    ap.add_argument("--compare-per-log", nargs=2, type=Path, metavar=("OLD", "NEW"), help="list the logs that moved")
    args = ap.parse_args()
    if args.compare_per_log:
        print("\n".join(compare_per_log(*args.compare_per_log)))
        return

    cases = list(load_cases(args.datasets))
    # The large log is made of the chosen split only, so a --split dev run never reads a held-out log.
    chosen = [c for c in cases if args.split == "all" or c.split == args.split]
    if args.big_only:
        print("\n".join(big_log_run(args.datasets, chosen, args.big_gb, args.big_log)))
        return
    lines: list[str] = []
    runs = [
        _run_budget(chosen, budget, args.split, args.workers, args.details, args.without_parsers)
        for budget in args.budget
    ]
    for run_lines, _rows in runs:
        lines += run_lines
    if args.per_log:
        with args.per_log.open("w") as out:
            for budget, (_lines, budget_rows) in zip(args.budget, runs, strict=True):
                for rec in per_log_records(budget_rows, budget):
                    out.write(json.dumps(rec) + "\n")
    rows = runs[0][1]
    lines += accuracy_rows(rows)
    total_bytes = sum(r.case.path.stat().st_size for r in rows)
    total_seconds = sum(r.cuts["facts"].seconds for r in rows)
    slowest = max(rows, key=lambda r: r.cuts["facts"].seconds)
    lines.append(
        f"\nDatasets: {total_bytes / 1e6:.0f} MB in {total_seconds:.1f} s of extract_facts "
        f"({total_bytes / 1e6 / total_seconds:.1f} MB/s); slowest log {slowest.case.id} "
        f"{slowest.cuts['facts'].seconds:.2f} s. Bench process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB."
    )
    lines += cli_run(min((c.path for c in chosen), key=lambda p: p.stat().st_size))
    if not args.skip_big:
        lines += big_log_run(args.datasets, chosen, args.big_gb, args.big_log)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
