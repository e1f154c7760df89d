"""`list` and `search`, built once on the Sandbox protocol: both backends run the same walker
(`walker.py`, standard library only) inside the sandbox with `python3`, so they list the same
entries and search with the same regular expressions (Python `re`)."""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import cast

from remediate.models import Limits, Match
from remediate.sandbox import walker
from remediate.sandbox.base import PathRejected, Sandbox, SandboxError, normalize_relpath

SEARCH_TIMEOUT_S = 20.0
# The walker's answer must arrive whole: the run keeps only the tail of a longer output.
_OUTPUT_BYTES = 16_000_000
_SOURCE = Path(walker.__file__).read_text(encoding="utf-8")


async def _walk(sandbox: Sandbox, request: Mapping[str, object], timeout_s: float) -> object:
    # -I: no environment variables, no user site, no cwd on sys.path: the project cannot
    # plant code that runs in place of the walker.
    argv = ["python3", "-I", "-c", _SOURCE, json.dumps(request)]
    result = await sandbox.run(argv, Limits(timeout_s=timeout_s, output_bytes=_OUTPUT_BYTES))
    if result.timed_out:
        raise SandboxError(f"{request['op']} gave up after {timeout_s:g} s; use a simpler pattern or a glob")
    _, marker, tail = result.output.rpartition(walker.MARKER)
    if not marker:
        if result.exit_code in (126, 127):
            raise SandboxError(f"{request['op']} needs python3 in the sandbox's image")
        # Not the output: it may name the work copy's host path.
        raise SandboxError(f"{request['op']} failed in the sandbox (exit {result.exit_code})")
    answer = json.loads(tail)
    if "error" in answer:
        raise (PathRejected if answer.get("kind") == "path" else SandboxError)(answer["error"])
    return answer["ok"]


async def list_files(sandbox: Sandbox, path: str = ".", depth: int = 2) -> builtins.list[str]:
    """Entries under `path` to `depth` levels, directories with a trailing "/", artifacts left out."""
    if depth < 1:
        raise SandboxError("depth must be at least 1")
    rel = normalize_relpath(path)
    found = await _walk(sandbox, {"op": "list", "path": path, "rel": rel, "depth": depth}, SEARCH_TIMEOUT_S)
    return [str(p) for p in cast(builtins.list[object], found)]


async def search(
    sandbox: Sandbox, pattern: str, glob: str | None = None, max_matches: int = 200
) -> builtins.list[Match]:
    """Lines matching `pattern` (Python `re`) in the text files, at most `max_matches`."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise SandboxError(f"invalid regular expression {pattern!r}: {exc}") from None
    if max_matches < 1:
        return []
    request = {"op": "search", "pattern": pattern, "glob": glob, "max": max_matches}
    found = cast(builtins.list[builtins.list[object]], await _walk(sandbox, request, SEARCH_TIMEOUT_S))
    return [Match(path=str(p), line=int(str(n)), text=str(t)) for p, n, t in found]
