"""Writes the regex codes lazyregex keeps (its module docstring says why):

    python -m remediate.facts.keptcodes --write tests/facts/data --logchunks-dev DATASETS

extracts the facts of every log named (a directory: every file under it but README.md) and of the
LogChunks dev half (chosen before any log is read), notes every pattern compile_pattern was asked
for and every lazy pattern the facts and parser modules declare, and writes each one's code, as
re's compiler makes it under this Python, to lazyregex.CODES_FILE. Without --write it only says how
many of those patterns the file holds. Rerun it after patterns change: a pattern the file lacks
compiles as before, only slower.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import marshal
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from remediate.evals.datasets import logchunks_dev_logs
from remediate.facts import extract_facts, lazyregex
from remediate.facts.lazyregex import Code, Key, Regex, engine
from remediate.facts.parsers import modules_named, parsers_of


def code_of(source: str | bytes, flags: int) -> Code:
    """What re._compiler.compile hands _sre.compile for this pattern (the same steps, kept)."""
    parser: Any = importlib.import_module("re._parser")
    compiler: Any = importlib.import_module("re._compiler")
    tree = parser.parse(source, flags)
    words = compiler._code(tree, flags)
    groupindex: dict[str, int] = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | tree.state.flags),
        array("I", words).tobytes(),
        tree.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def reached_by(logs: Sequence[Path]) -> set[Key]:
    """The patterns this process compiled (the modules' own at import, what these logs reached) and
    every lazy pattern a facts or parser module declares, reached or not."""
    for log in logs:
        extract_facts(log)
    for module in modules_named("all"):
        parsers_of(module)  # imports it: its declared patterns exist
    declared = {(o.source, int(o.flags)) for o in gc.get_objects() if isinstance(o, Regex)}
    return lazyregex.reached | declared


def _logs(paths: Sequence[Path], datasets: Path | None) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out += sorted(p for p in path.rglob("*") if p.is_file() and p.name != "README.md") if path.is_dir() else [path]
    return out + (logchunks_dev_logs(datasets) if datasets is not None else [])


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m remediate.facts.keptcodes", description=__doc__)
    ap.add_argument("paths", nargs="*", type=Path, help="logs, or directories of logs")
    ap.add_argument("--logchunks-dev", type=Path, metavar="DATASETS", help="also LogChunks' dev half under DATASETS")
    ap.add_argument("--write", action="store_true", help="write the codes file")
    ap.add_argument("--out", type=Path, default=lazyregex.CODES_FILE, help="the codes file [default: the package's]")
    args = ap.parse_args(argv)
    keys = reached_by(_logs(args.paths, args.logchunks_dev))
    if not args.write:
        kept = lazyregex.read_kept()
        print(f"{len(keys)} patterns reached, {sum(k in kept for k in keys)} kept in {lazyregex.CODES_FILE}")
        return
    codes = {key: code_of(*key) for key in sorted(keys, key=repr)}
    data: Any = (engine(), codes)  # marshal's stub names only its own value types
    args.out.write_bytes(marshal.dumps(data))
    print(f"{len(codes)} patterns' codes written to {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
