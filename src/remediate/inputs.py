"""Every input of a run checked before any work: one line each, exit 2 (`BadInput`).

A check that runs for minutes, or a model call that costs money, must not happen before we
know the output directory is writable, the cassette is readable and meant for this run, and
the model has a price. Nothing here runs a check or a model.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from pydantic import ValidationError

from remediate.errors import EMPTY_LOG, MAX_STREAM_BYTES, STREAM_TOO_LONG, BadInput, validation_text
from remediate.pricing import PRICES, price_of

STDIN = "-"
# How much of the source is searched for a cassette's expected strings (text files only).
_SOURCE_SCAN_BYTES = 20_000_000
_SOURCE_FILE_BYTES = 1_000_000


def no_links(path: Path, what: str) -> None:
    """A relative output or state path must not pass through a symlink: a repository can ship
    `.remediate -> /anywhere` and redirect where remediate (often root) writes."""
    if path.is_absolute():
        return  # spelled out by the user, links and all
    current = Path()
    for part in path.parts:
        current = current / part
        if current.is_symlink():
            raise BadInput(f"{what} {path}: {current} is a symbolic link; refusing to write through it")


def writable_dir(path: Path, what: str = "--out") -> None:
    """Create `path` if needed and prove a file can be written there (a read-only directory is
    otherwise found only after the whole run, with the verified patch lost)."""
    no_links(path, what)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".remediate-write-test-"):
            pass
    except OSError as exc:
        raise BadInput(f"{what} {path} is not writable: {exc.strerror or exc}") from None


def read_log(log: str) -> Path | bytes:
    """`--log PATH`, or `--log -` for the log on stdin."""
    if log == STDIN:
        if sys.stdin is None or sys.stdin.isatty():
            raise BadInput(
                "--log -: pipe the log on stdin (e.g. `gh run view --log-failed | remediate fix --log - ...`)"
            )
        data = sys.stdin.buffer.read(MAX_STREAM_BYTES + 1)
        if len(data) > MAX_STREAM_BYTES:
            raise BadInput(STREAM_TOO_LONG.format(name="stdin"))
        if not data:
            raise BadInput(EMPTY_LOG)
        return data
    path = Path(log)
    if not path.is_file():
        raise BadInput(f"--log {log} does not exist or is not a file")
    if path.stat().st_size == 0:
        raise BadInput(EMPTY_LOG)
    return path


def known_model(name: str | None, *, allow_unknown: bool, option: str = "--model") -> str | None:
    """Refuse a model with no known price (it would be billed at the top price without a word);
    with `allow_unknown`, return the warning to say aloud."""
    if name is None:
        return None
    _, known = price_of(name)
    if known:
        return None
    if not allow_unknown:
        names = ", ".join(sorted(PRICES))
        raise BadInput(f"{option} {name} is not a known model ({names}); pass --allow-unknown-model to use it anyway")
    return f"{option} {name} has no known price: its budget is counted at the most expensive model's prices"


def cassette_for_run(path: Path, log: Path | bytes, source: Path | None) -> None:
    """The cassette is readable, valid, and recorded for this failure: the strings its first request
    must hold are in the log or the project (else it was meant for another run)."""
    from remediate.replay import Cassette  # the SDK-free part of replay; kept lazy for CLI start time

    try:
        cassette = Cassette.load(path)
    except OSError as exc:
        raise BadInput(f"--cassette {path}: cannot read it: {exc.strerror or exc}") from None
    except ValidationError as exc:
        raise BadInput(f"--cassette {path} is not a cassette: {validation_text(exc)}") from None
    if not cassette.interactions:
        raise BadInput(f"--cassette {path} holds no interaction")
    # The expected strings are rendered from facts (file:line, codes, names): compare their
    # distinctive tokens, since some text around them is remediate's own.
    wanted = [
        t
        for text in cassette.interactions[0].expect.contains
        if not _REQUEST_PARAMETER.match(text)  # `"model": ...` pins the request, not the failure
        for t in _distinctive(text)
    ]
    if not wanted:
        return
    haystack = log if isinstance(log, bytes) else log.read_bytes()
    missing = [t for t in wanted if t.encode() not in haystack]
    if missing and source is not None:
        missing = _not_in_source(source, missing)
    if len(missing) == len(wanted):
        raise BadInput(
            f"--cassette {path} was recorded for another failure: its first request names "
            f"{', '.join(repr(m) for m in missing[:3])}, which neither the log nor the project holds"
        )


_REQUEST_PARAMETER = re.compile(r'\s*"(?:model|max_tokens|tool_choice|temperature|stream|metadata)"\s*:')


def _distinctive(text: str) -> list[str]:
    """Names a failure is recognised by: paths, dotted or snake_case names, codes (E722, DL3008)."""
    text = re.sub(r"\\+[tnr]", " ", text)  # JSON escapes of the request body (\\t in a rendered line)
    tokens = re.findall(r"[A-Za-z_][\w./-]{3,}", text)
    return [t.rstrip(".:/") for t in tokens if re.search(r"[._/]|\d|[a-z][A-Z]", t.rstrip(".:/"))]


def _not_in_source(source: Path, wanted: list[str]) -> list[str]:
    # A path the project holds counts: a later stage's first request names files the log never did.
    left = {s for s in wanted if ".." in s or s.startswith("/") or not (source / s).is_file()}
    scanned = 0
    for file in sorted(source.rglob("*")):
        if not left or scanned > _SOURCE_SCAN_BYTES:
            break
        if any(part in {".git", ".venv", "venv", "node_modules"} for part in file.parts):
            continue
        try:
            if not file.is_file() or file.is_symlink() or file.stat().st_size > _SOURCE_FILE_BYTES:
                continue
            data = file.read_bytes()
        except OSError:
            continue
        scanned += len(data)
        left = {s for s in left if s.encode() not in data}
    return [s for s in wanted if s in left]
