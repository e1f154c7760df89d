"""First pass over the whole log: find the lines worth reading, in bounded memory.

The log is read in blocks; each block is lower-cased once and searched for a short list of
literals, and the `.ext:` / `.ext(` of `file.ext:LINE` locations, in one pass of an Aho-Corasick automaton (Rust's
aho-corasick through ahocorasick-rs: one `bytes.find` pass per literal cost ~3x more CPU on real logs). Every line that
contains one becomes a `Hit` (line number, byte offset, weight). Nothing else of the log is kept,
so memory does not depend on the log's size; if a log has more hits than `MAX_HITS`, the weakest
and oldest are dropped. Step and command headers are kept apart as `markers`, because the
failing step's header can be thousands of lines above its error.
"""

from __future__ import annotations

import itertools
import os
import re
import struct
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from remediate.facts.lazyregex import LiteralAutomaton
from remediate.facts.reader import LogSource

if TYPE_CHECKING:
    import subprocess

MAX_HITS = 60_000
PARALLEL_MIN_BYTES = 256 << 20  # files at least this large are scanned by several processes
MAX_WORKERS = 4
MAX_MARKERS = 4_000
MAX_DECLARATIONS = 256  # lines that declare a value secret kept (the redactor learns MAX_MASKED values of them)


class Hit(NamedTuple):
    line: int  # 1-based
    offset: int  # byte offset of the line start
    weight: int


_Triple = TypeVar("_Triple", bound=tuple[int, int, int])  # a hit: a Hit, or the scan's plain (line, offset, weight)


# (literal, weight). Weight 3: failure words; 2: softer failure words. Fewer, longer literals
# scan faster, so each covers a family: "err" (error, ERR!), "fail" (FAILED, failure, Job failed),
# "exit" (exit code, exited with, exit status), "expected" (unexpected), "##[" (error, group).
KEYWORDS: tuple[tuple[bytes, int], ...] = (
    (b"err", 3),
    (b"fail", 3),
    (b"exit", 2),
    (b"##[", 1),
    (b"fatal", 3),
    (b"exception", 3),
    (b"traceback", 3),
    (b"panic", 3),
    (b"assert", 2),
    (b"denied", 3),
    (b"not found", 3),
    (b"no such", 3),
    (b"timed out", 3),
    (b"timeout", 2),
    (b"killed", 2),
    (b"segmentation", 3),
    (b"abort", 2),
    (b"cannot", 2),
    (b"could not", 2),
    (b"unable to", 2),
    (b"expected", 2),
    (b"undefined", 2),
    (b"invalid", 2),
    (b"missing", 2),
    (b"not ok", 2),
    (b"reformat", 2),
    (b"\xe2\x9c", 0),  # U+27xx dingbats: the crosses (heavy, ballot) mark failures, ticks do not
)
# Refinements by what follows the literal: (literal, continuation, weight).
_REFINE: dict[bytes, tuple[tuple[bytes, int], ...]] = {
    b"err": ((b"or", 3), (b"!", 3)),  # error / ERR! -> 3, stderr & co -> 1
    b"exit": ((b" code", 4), (b"ed with", 4), (b" status", 3)),
    b"##[": ((b"error", 4), (b"group", 1), (b"warning", 1)),
    b"\xe2\x9c": ((b"\x96", 2), (b"\x97", 2), (b"\x98", 2), (b"\x95", 2)),
}
_DEFAULT_REFINED = {b"err": 1, b"exit": 2, b"##[": 0, b"\xe2\x9c": 0}

# `file.ext:LINE` and `file.ext(LINE,COL)` locations (compilers, linters, type checkers): `.ext:` or `.ext(` of a
# source extension, a digit after it. The automaton finds them with the keywords, one literal per extension and
# mark: the letters between the dot and the mark are the whole extension, so a literal found is a location wherever
# the pattern `\.([a-z]{1,10})(?::\d|\(\d)` with its letters in SOURCE_EXTENSIONS finds one (a pass of that pattern
# over every block cost ~15% of the scan's CPU, its dots most of it).
SOURCE_EXTENSIONS = frozenset(
    b"py pyi go rs ts tsx js jsx mjs cjs java kt kts scala groovy c cc cpp cxx h hpp rb php cs swift m mm "
    b"ex exs erl hs lua pl sh sql yml yaml toml json vue svelte dart jl r clj cljs tf proto css scss less "
    b"html md rst tex vim coffee dockerfile cfg ini".split()
)
_PLACES = tuple(b"." + extension + mark for extension in sorted(SOURCE_EXTENSIONS) for mark in (b":", b"("))
_DIGITS = tuple(bytes([digit]) for digit in b"0123456789")
_PY_FRAME = b'", line '

# Structural markers: GitHub Actions step headers, shell commands echoed by Travis/GitLab/Jenkins.
_STEP = b"##[group]run "
_COMMAND = b"$ "
_COMMAND_PREFIX_JUNK = re.compile(rb"(?:.*\r)?[ \t]*(?:\x1b\[[0-9;]*[a-z]|\[0k|\[[0-9;]*m)*$")


@dataclass
class ScanResult:
    size: int = 0
    lines: int = 0
    hits: list[Hit] = field(default_factory=list)
    markers: list[Hit] = field(default_factory=list)
    dropped_hits: int = 0
    last_line_offset: int = 0  # byte offset where the last line starts
    # Byte offsets of the lines that declare a value secret (DECLARATIONS), wherever they are: the view reads them
    # first so that its redactor knows the values before any line it keeps (a declaration need not be in the view).
    declarations: list[int] = field(default_factory=list)


def scan(source: LogSource, workers: int | None = None) -> ScanResult:
    """Scan the whole log. A large file is split at line boundaries and the parts after the first
    are scanned by worker processes while this one scans the first (the scan is CPU-bound); any
    trouble with a worker falls back to scanning its part here."""
    cpus = os.cpu_count() or 1
    n = min(cpus, MAX_WORKERS) if workers is None else workers
    if source.path is None or source.size < PARALLEL_MIN_BYTES or n < 2:
        return _finish(source, [_scan_range(source, 0, source.size)])
    return _finish(source, _scan_parallel(source, source.path, n))


def _scan_parallel(source: LogSource, path: Path, n: int) -> list[ScanResult]:
    # Imported here: only a log of PARALLEL_MIN_BYTES or more starts workers, and the module (with
    # signal, fcntl and _posixsubprocess) cost a small log's `remediate facts` ~3 ms of its start.
    import subprocess

    cuts = [0]
    for k in range(1, n):
        guess = source.size * k // n
        nl = source.read(guess, 1 << 20).find(b"\n")
        if nl >= 0 and guess + nl + 1 > cuts[-1]:
            cuts.append(guess + nl + 1)
    cuts.append(source.size)
    ranges = list(itertools.pairwise(cuts))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    procs: list[subprocess.Popen[bytes] | None] = []
    for first, last in ranges[1:]:
        argv = [sys.executable, "-m", "remediate.facts.scan", str(path), str(first), str(last)]
        try:
            procs.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env))
        except OSError:
            procs.append(None)
    try:
        parts = [_scan_range(source, *ranges[0])]
        for (first, last), proc in zip(ranges[1:], procs, strict=True):
            part = _collect(proc)
            parts.append(part if part is not None else _scan_range(source, first, last))
    finally:
        for proc in procs:  # only if we are leaving early: the workers are ours to stop
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    return parts


def _collect(proc: subprocess.Popen[bytes] | None) -> ScanResult | None:
    if proc is None:
        return None
    out, _ = proc.communicate()
    if proc.returncode != 0:
        return None
    try:
        return _decode(out)
    except (ValueError, struct.error):
        return None


_HEADER = struct.Struct("<qqqqqq")  # lines, dropped hits, last line offset, hit, marker and declaration counts


def _encode(result: ScanResult) -> bytes:
    flat = array("q")
    for h in (*result.hits, *result.markers):
        flat.extend((h.line, h.offset, h.weight))
    head = _HEADER.pack(
        result.lines,
        result.dropped_hits,
        result.last_line_offset,
        len(result.hits),
        len(result.markers),
        len(result.declarations),
    )
    return head + flat.tobytes() + array("q", result.declarations).tobytes()


def _decode(data: bytes) -> ScanResult:
    lines, dropped, last_offset, n_hits, n_markers, n_declarations = _HEADER.unpack_from(data)
    flat = array("q")
    flat.frombytes(data[_HEADER.size :])
    n_triples = 3 * (n_hits + n_markers)
    if len(flat) != n_triples + n_declarations:
        raise ValueError("truncated scan result")
    triples = [Hit(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, n_triples, 3)]
    return ScanResult(
        lines=lines,
        hits=triples[:n_hits],
        markers=triples[n_hits:],
        dropped_hits=dropped,
        last_line_offset=last_offset,
        declarations=list(flat[n_triples:]),
    )


def _finish(source: LogSource, parts: list[ScanResult]) -> ScanResult:
    """Join range results: shift line numbers by the newlines before each range."""
    result = ScanResult(size=source.size)
    base = 0
    for part in parts:
        result.hits.extend(Hit(h.line + base, h.offset, h.weight) for h in part.hits)
        result.markers.extend(Hit(h.line + base, h.offset, h.weight) for h in part.markers)
        result.dropped_hits += part.dropped_hits
        result.declarations.extend(part.declarations[: MAX_DECLARATIONS - len(result.declarations)])
        if part.last_line_offset:
            result.last_line_offset = part.last_line_offset
        base += part.lines
    del result.markers[:-MAX_MARKERS]
    if len(result.hits) > MAX_HITS:
        result.hits = _thin(result.hits, result)
    ends_open = source.size > 0 and source.read(source.size - 1, 1) != b"\n"
    result.lines = base + (1 if ends_open else 0)
    return result


def _scan_range(source: LogSource, first: int, last: int) -> ScanResult:
    """Hits in bytes [first, last), which begins at a line start. Line numbers count from 1 at
    `first`; `lines` is the number of newlines in the range."""
    result = ScanResult(size=last - first)
    line_base = 1  # line number of the first line of the current block
    # (line, offset, weight) of each hit: plain tuples, made Hits once thinned (a NamedTuple's Python-level __new__
    # for each of a 1 GiB log's ~2M hit lines cost more CPU than finding them).
    found: list[tuple[int, int, int]] = []
    for offset, data in source.blocks(first, last):
        low = data.lower()
        hits, markers, declared, line_base = _block_hits(low, offset, line_base)
        result.declarations.extend(offset + start for start in declared[: MAX_DECLARATIONS - len(result.declarations)])
        found += hits
        result.markers += markers
        nl = data.rfind(b"\n", 0, len(data) - 1 if offset + len(data) == source.size else len(data))
        if nl >= 0:
            result.last_line_offset = offset + nl + 1
        if len(found) > 2 * MAX_HITS:
            found = _thin(found, result)
        if len(result.markers) > 2 * MAX_MARKERS:
            del result.markers[:-MAX_MARKERS]
    result.hits = list(map(Hit._make, _thin(found, result) if len(found) > MAX_HITS else found))
    result.lines = line_base - 1
    return result


def _block_hits(low: bytes, offset: int, line: int) -> tuple[list[tuple[int, int, int]], list[Hit], list[int], int]:
    """A lower-cased block's hits (line, offset, weight) and markers, in line order, the line starts of its
    declarations of a secret (in the block), and the number of the line after it, from one pass of the automaton
    (`offset`: the block's in the log, `line`: the number of its first line).

    A keyword weighs what its first occurrence in a line says (the refinement by what follows it); a line's weight is
    the highest its keywords give, else 1 for a location or a Python frame. No literal holds a newline, so the matches
    come line by line: each line's are read together, and the lines are counted only up to a hit or a marker (one
    incremental count over the block: counting each line, or the block again, read its newlines several times)."""
    hits: list[tuple[int, int, int]] = []
    markers: list[Hit] = []
    declared: list[int] = []
    past = [0] * len(KEYWORDS)  # per keyword: the end of the line it was last counted in (a line counts its first)
    start = end = -1  # the line being read: where it starts and where it ends
    pos = 0  # where the last line counted starts
    weight, located, marked = 0, False, False
    matches = _AUTOMATON.find(low, overlapping=True)
    matches.append((_END, len(low) + 1, 0))  # past every line: the last line's matches are taken in as any other's
    for k, i, after in matches:
        if i > end:  # a line after the one read: its hit or marker, then the new line
            if weight or located or marked:
                line += low.count(b"\n", pos, start)
                pos = start
                if weight or located:
                    hits.append((line, offset + start, weight or 1))
                if marked:
                    markers.append(Hit(line, offset + start, 0))
            start = low.rfind(b"\n", 0, i) + 1
            end = low.find(b"\n", i)
            end = end if end >= 0 else len(low)
            weight, located, marked = 0, False, False
        if k < _FRAME:
            if i < past[k]:
                continue
            past[k] = end
            w = _weight(low, k, after)
            weight = w if w > weight else weight
        elif k >= _PLACE:
            located = located or (k < _END and low.startswith(_DIGITS, after))
        elif k == _FRAME:
            located = True
        elif k >= _DECLARATION:
            if (not declared or declared[-1] != start) and _declares(low, k, after):
                declared.append(start)
        elif not marked:
            marked = k == _STEP_HEADER or (i - start < 600 and _COMMAND_PREFIX_JUNK.match(low, start, i) is not None)
    return hits, markers, declared, line + low.count(b"\n", pos)


def _weight(low: bytes, k: int, after: int) -> int:
    """What keyword `k`, ending at `after`, weighs: its own weight, or its refinement's by what follows it."""
    refine = _REFINES[k]
    if refine is None:
        return KEYWORDS[k][1]
    for cont, cont_weight in refine:
        if low.startswith(cont, after):
            return cont_weight
    return _DEFAULT_REFINED[KEYWORDS[k][0]]


# The CI commands that declare a value secret, lower-cased as the scan reads (redact.masked_values reads the value):
# GitHub Actions' `::add-mask::` and its older `##[add-mask]`, Azure Pipelines' `##vso[task.setsecret]` and
# `##vso[task.setvariable ...]` (a secret only with `issecret=true`, checked in its line by _declares).
DECLARATIONS = (b"::add-mask::", b"##[add-mask]", b"##vso[task.setsecret]", b"##vso[task.setvariable ")
_SECRET_PROPERTY = b"issecret"

# The automaton's patterns: the keywords (numbered as in KEYWORDS), then these three, then the DECLARATIONS, then the
# locations' _PLACES; _END numbers no pattern (the end of a block's matches).
_FRAME, _STEP_HEADER, _SHELL_COMMAND = range(len(KEYWORDS), len(KEYWORDS) + 3)
_DECLARATION = _SHELL_COMMAND + 1
_SET_VARIABLE = _DECLARATION + DECLARATIONS.index(b"##vso[task.setvariable ")
_PLACE = _DECLARATION + len(DECLARATIONS)
_END = _PLACE + len(_PLACES)
_REFINES = [_REFINE.get(literal) for literal, _ in KEYWORDS]


def _declares(low: bytes, k: int, after: int) -> bool:
    """Whether the declaration found at `after` (its end) may declare a secret: Azure's setvariable only with an
    `issecret` property, between the command's name and its closing `]` (its value is read with the line's)."""
    if k != _SET_VARIABLE:
        return True
    close = low.find(b"]", after, after + 1024)
    return close >= 0 and low.find(_SECRET_PROPERTY, after, close) >= 0


# Built on the first scan, not at import (`remediate facts` on a small log pays for what it uses). A DFA: with the
# places' literals ahocorasick-rs would pick an NFA, whose search over a log's every byte costs twice a DFA's.
_AUTOMATON = LiteralAutomaton(
    [literal for literal, _ in KEYWORDS] + [_PY_FRAME, _STEP, _COMMAND, *DECLARATIONS, *_PLACES], dfa=True
)


def _thin(hits: list[_Triple], result: ScanResult) -> list[_Triple]:
    """The MAX_HITS strongest of `hits` (in line order, as kept), the later first among equals (failures are reported
    late); `result` counts the others as dropped. One pass over the weights' counts, one over the hits: the weakest
    weight kept is kept from the line where its last hits that fit begin."""
    counts = Counter(hit[2] for hit in hits)
    room = MAX_HITS
    for floor in sorted(counts, reverse=True):
        if counts[floor] >= room:
            break
        room -= counts[floor]
    else:
        return hits
    from_line = [hit[0] for hit in hits if hit[2] == floor][-room]  # room > 0: a weight that fills it ends the loop
    kept = [hit for hit in hits if hit[2] > floor or (hit[2] == floor and hit[0] >= from_line)]
    result.dropped_hits += len(hits) - len(kept)
    return kept


def _worker(argv: list[str]) -> int:
    """`python -m remediate.facts.scan PATH FIRST LAST`: scan one range, write it to stdout."""
    path, first, last = argv[0], int(argv[1]), int(argv[2])
    with LogSource(Path(path)) as source:
        sys.stdout.buffer.write(_encode(_scan_range(source, first, last)))
    return 0


if __name__ == "__main__":
    raise SystemExit(_worker(sys.argv[1:]))
