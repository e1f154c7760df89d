"""First pass: hit lines and offsets are exact across block boundaries, and the parallel scan of a
large file finds exactly what the sequential scan finds."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from remediate.facts import reader
from remediate.facts import scan as scan_module
from remediate.facts.lazyregex import LiteralAutomaton
from remediate.facts.reader import LogSource
from remediate.facts.scan import scan

WORDS = ["ok", "PASSED", "Downloading thing", "Error: boom", "FAILED t", "exit code 2", "x", "", "panic: no"]


def _log(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    lines = [f"{i} {rng.choice(WORDS)}" + ("y" * rng.randint(0, 300) if rng.random() < 0.1 else "") for i in range(n)]
    lines[n // 2] = "##[group]Run pytest -q"
    lines[n // 3] = "travis_time:start:abc\r\x1b[0K$ make test"
    return ("\n".join(lines)).encode()


def _naive(data: bytes) -> dict[int, int]:
    """line number -> byte offset of every line holding a keyword (the scan's contract), line by line."""
    words = [k for k, _ in scan_module.KEYWORDS if k not in (b"##[", b"\xe2\x9c")]
    words += [b"##[group]", b"##[error]", b"##[warning]"]
    out: dict[int, int] = {}
    offset = 0
    for no, line in enumerate(data.split(b"\n"), start=1):
        if any(k in line.lower() for k in words):
            out[no] = offset
        offset += len(line) + 1
    return out


def test_hits_are_exact_across_block_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _log(3000)
    monkeypatch.setattr(reader, "BLOCK_SIZE", 1000)  # hundreds of blocks
    with LogSource(data) as src:
        result = scan(src)
    lines = data.split(b"\n")
    assert result.lines == len(lines)
    expected = _naive(data)
    assert {h.line: h.offset for h in result.hits} == expected
    for h in result.hits:  # every hit points at the start of its line
        assert data[h.offset :].split(b"\n", 1)[0] == lines[h.line - 1]


def test_markers_find_step_and_command_headers() -> None:
    data = _log(500)
    with LogSource(data) as src:
        result = scan(src)
    assert [m.line for m in result.markers] == [500 // 3 + 1, 500 // 2 + 1]


def test_weights_distinguish_ci_failures_from_words() -> None:
    data = b"stderr: noise\nerror: real\n##[error]Process completed with exit code 1.\nexit code 3\n"
    with LogSource(data) as src:
        weights = {h.line: h.weight for h in scan(src).hits}
    assert weights[1] < weights[2] <= weights[3]
    assert weights[4] == 4


def test_line_count_with_and_without_final_newline() -> None:
    for data, lines in ((b"a\nb\n", 2), (b"a\nb", 2), (b"\n", 1), (b"x", 1)):
        with LogSource(data) as src:
            assert scan(src).lines == lines, data


def test_hits_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_module, "MAX_HITS", 100)
    data = b"".join(b"error %d\n" % i for i in range(1000)) + b"##[error]Process completed with exit code 1.\n"
    with LogSource(data) as src:
        result = scan(src)
    assert len(result.hits) <= 100 and result.dropped_hits >= 900
    assert result.hits[-1].line == 1001  # the strongest (and latest) survive


def test_parallel_scan_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "big.log"
    log.write_bytes(_log(20_000, seed=3) + b"\nlast line error: no newline")
    monkeypatch.setattr(scan_module, "PARALLEL_MIN_BYTES", 1)
    with LogSource(log) as src:
        sequential = scan(src, workers=1)
        parallel = scan(src, workers=3)
    assert parallel.lines == sequential.lines == 20_001
    assert parallel.hits == sequential.hits
    assert parallel.markers == sequential.markers
    assert parallel.last_line_offset == sequential.last_line_offset


def test_parallel_scan_falls_back_when_a_worker_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "big.log"
    log.write_bytes(_log(5000))
    monkeypatch.setattr(scan_module, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    with LogSource(log) as src:
        assert scan(src, workers=2).hits == scan(src, workers=1).hits


WORKER_IMPORTS = """
import sys
import remediate.facts.scan
print(sorted(m for m in ("pydantic", "remediate.models", "remediate.facts.extract") if m in sys.modules))
"""


def test_a_scan_worker_loads_neither_pydantic_nor_the_parsers() -> None:
    # Each worker of a large log starts a Python that runs this module: its imports are each worker's start.
    done = subprocess.run([sys.executable, "-c", WORKER_IMPORTS], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    import remediate.facts  # the package's names still load on first use

    assert remediate.facts.extract_facts.__module__ == "remediate.facts.extract"
    with pytest.raises(AttributeError, match="no_such_name"):
        remediate.facts.no_such_name  # noqa: B018


_LOCATION = re.compile(rb"\.([a-z]{1,10})(?::\d|\(\d)")  # a location by its definition (the scan's, backing off)


def _reference(data: bytes) -> tuple[list[tuple[int, int, int]], list[int]]:
    """The scan's hits (line, offset, weight) and marker lines, line by line from their definition:
    a keyword weighs what its first occurrence in the line says (refined by what follows it), a
    line the highest of its keywords' weights, else 1 for a source location or a Python frame."""
    hits: list[tuple[int, int, int]] = []
    markers: list[int] = []
    offset = 0
    for no, line in enumerate(data.split(b"\n"), start=1):
        low = line.lower()
        weight = 0
        for literal, w in scan_module.KEYWORDS:
            i = low.find(literal)
            if i < 0:
                continue
            refine = scan_module._REFINE.get(literal)
            if refine is not None:
                after = i + len(literal)
                w = next(
                    (cw for cont, cw in refine if low.startswith(cont, after)), scan_module._DEFAULT_REFINED[literal]
                )
            weight = max(weight, w)
        located = any(m.group(1) in scan_module.SOURCE_EXTENSIONS for m in _LOCATION.finditer(low))
        if not weight and (located or scan_module._PY_FRAME in low):
            weight = 1
        if weight:
            hits.append((no, offset, weight))
        commands = [i for i in range(len(low)) if low.startswith(scan_module._COMMAND, i)]
        if scan_module._STEP in low or any(
            i < 600 and scan_module._COMMAND_PREFIX_JUNK.match(low, 0, i) for i in commands
        ):
            markers.append(no)
        offset += len(line) + 1
    return hits, markers


PIECES = [
    b"err",
    b"or",
    b"ERR!",
    b"stderr",
    b"exit",
    b" code",
    b"ed with",
    b" status",
    b"##[",
    b"error",
    b"group",
    b"warning",
    b"\xe2\x9c",
    b"\x96",
    b"\x97",
    b"\x94",
    b"\n",
    b" ",
    b"a",
    b"FAIL",
    b"$ ",
    b"\x1b[0m",
    b"\r",
    b"[0k",
    b"##[group]Run ",
    b'", line ',
    b".py:1",
    b".c(3",
    b".zz:1",
    b".dockerfile:2",  # ten letters, the longest a location's extension is read with
    b".PY:7",
    b".rst(",
    b".pyx:2",  # no source extension's, though `.py` starts it
    b".py:",
    b"9",
    b"\xe2\x9c\x93",  # a tick: no failure
    b"x(5",
    b"timed out",
    b"timeout",
    b"not ok",
    b"not found",
    b"Traceback",
]


@pytest.mark.parametrize("seed", range(4))
def test_weights_and_markers_are_the_line_by_line_definition(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    data = b"".join(rng.choice(PIECES) for _ in range(20_000))
    monkeypatch.setattr(reader, "BLOCK_SIZE", 4096)  # many blocks: a line's pieces may straddle two reads
    with LogSource(data) as src:
        result = scan(src, workers=1)
    hits, markers = _reference(data)
    assert [(h.line, h.offset, h.weight) for h in result.hits] == hits
    assert [m.line for m in result.markers] == markers


DATA = Path(__file__).parent / "data"


def test_real_output_is_scanned_as_the_line_by_line_definition_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stored tool output under tests/facts/data, one after another: the scan's hits and markers are the
    definition's, line by line (none of them has a line longer than a block, which the scan reads in pieces)."""
    data = b"".join(path.read_bytes().rstrip(b"\n") + b"\n" for path in sorted(DATA.glob("*.txt")))
    monkeypatch.setattr(scan_module, "MAX_HITS", len(data))  # every hit kept
    monkeypatch.setattr(scan_module, "MAX_MARKERS", len(data))
    with LogSource(data) as src:
        result = scan(src, workers=1)
    hits, markers = _reference(data)
    assert len(hits) > 10_000 and len(markers) > 50
    assert [(h.line, h.offset, h.weight) for h in result.hits] == hits
    assert [m.line for m in result.markers] == markers


def test_the_scans_automaton_finds_what_one_it_would_pick_finds() -> None:
    """The scan's automaton is a DFA (dfa=True): every match, in order, is what the automaton ahocorasick-rs picks
    itself for those literals finds, on random pieces and on stored output."""
    rng = random.Random(5)
    texts = [b"".join(rng.choice(PIECES) for _ in range(5_000)).lower()]
    texts += [path.read_bytes().lower() for path in sorted(DATA.glob("*.txt"))[:300]]
    picked = LiteralAutomaton(scan_module._AUTOMATON.literals)
    for text in texts:
        assert scan_module._AUTOMATON.find(text, overlapping=True) == picked.find(text, overlapping=True)


@pytest.mark.parametrize("seed", range(3))
def test_thinning_keeps_the_strongest_then_the_latest(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Past MAX_HITS, the hits kept are the first MAX_HITS by (weight, line), strongest and latest first, in line
    order, whether thinned block by block (many small blocks) or once; the others are counted as dropped."""
    rng = random.Random(seed)
    data = b"".join(rng.choice(PIECES) for _ in range(20_000))
    monkeypatch.setattr(scan_module, "MAX_HITS", 40)
    monkeypatch.setattr(reader, "BLOCK_SIZE", 4096)
    hits, _markers = _reference(data)
    kept = sorted(sorted(hits, key=lambda h: (h[2], h[0]), reverse=True)[:40])
    with LogSource(data) as src:
        result = scan(src, workers=1)
    assert [(h.line, h.offset, h.weight) for h in result.hits] == kept
    assert result.dropped_hits == len(hits) - 40


def test_thinning_at_a_weights_edge_keeps_none_of_the_weaker(monkeypatch: pytest.MonkeyPatch) -> None:
    """MAX_HITS hits exactly of the strongest weight: not one of a weaker weight is kept, however late."""
    monkeypatch.setattr(scan_module, "MAX_HITS", 100)
    strong = b"##[error]Process completed with exit code 1.\n" * 100
    with LogSource(strong + b"error: late\n" * 5) as src:
        result = scan(src, workers=1)
    assert {h.weight for h in result.hits} == {4} and len(result.hits) == 100
    assert result.dropped_hits == 5


def test_declarations_of_a_secret_are_found_wherever_they_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line that declares a value secret (GitHub's add-mask, Azure's setsecret and secret setvariable), by
    offset, the same in a parallel scan; an Azure variable that is not secret is no declaration, and a declaration
    is no hit (the view keeps the lines it kept)."""
    lines = [f"{i} ok" for i in range(6000)]
    declaring = {
        100: "+ echo '::add-mask::Zq8vLm2pXrAbC9'",
        2500: "##vso[task.setvariable variable=KEY;isOutput=true;issecret=true]Pq7wEr5tYu3iOp1a",
        4000: "echo '##vso[task.setsecret]Mn4bVc6xZl8kJh2g'",
        5999: "##[add-mask]Lk9jHg7fDs5aQw3e",
    }
    lines[3000] = "##vso[task.setvariable variable=VERSION]1.2.3"
    for no, text in declaring.items():
        lines[no] = text
    log = tmp_path / "big.log"
    log.write_bytes("\n".join(lines).encode())
    offsets = [sum(len(line) + 1 for line in lines[:no]) for no in sorted(declaring)]
    monkeypatch.setattr(scan_module, "PARALLEL_MIN_BYTES", 1)
    with LogSource(log) as src:
        sequential, parallel = scan(src, workers=1), scan(src, workers=3)
    assert sequential.declarations == parallel.declarations == offsets
    assert sequential.hits == parallel.hits == []
