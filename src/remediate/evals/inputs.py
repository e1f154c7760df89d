"""What an eval run's outcomes depend on, written beside them (inputs.json) so that a later reader can
reuse them only when they still hold: the fixtures' end-to-end test reads `make eval-offline`'s
per-case outcomes instead of fixing the same fixtures a second time, and runs them itself when the
run was made from other inputs.

The digest covers what can change an offline replay's outcome: the `remediate` package's files and
its prompts, the installed distributions and the interpreter (shared by every case), and per case
every file of its directory that git would commit (gitignored preparation such as `node_modules` is
left out) plus the toolchain it resolved. Without a git work tree the files cannot be told from
what preparing and running left behind: the run is then not reusable (the reader runs the cases)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

import remediate
from remediate.evals.cases import Case
from remediate.evals.runner import RunOptions
from remediate.evals.toolchains import NODE_BIN
from remediate.prompts import SEARCH_PATH

MANIFEST = "inputs.json"
GIT_TIMEOUT_S = 30.0
# The run options an outcome depends on (concurrency and the number of attempts do not change attempt 1's).
OUTCOME_OPTIONS = ("model", "live", "record", "passes_required", "unsafe_no_sandbox")


class StaleRun(Exception):
    """An eval run whose outcomes cannot stand for a run made now; the message says why."""


class RunInputs(BaseModel):
    """inputs.json: the options of the run and the digests of what it read, taken before it started."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    options: RunOptions
    shared: str | None  # None: not reusable, `why_not` says why
    cases: dict[str, str | None]  # case id -> digest of its files and toolchain
    skipped: dict[str, str] = {}  # case id -> why it did not run (its toolchain is missing here)
    why_not: str = ""


def _feed(sha: hashlib._Hash, name: str, data: bytes) -> None:
    # Length-prefixed, so no two different (name, data) sequences hash alike.
    for part in (name.encode(), data):
        sha.update(len(part).to_bytes(8, "big"))
        sha.update(part)


def _files_under(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def shared_digest() -> str:
    """The code, its prompts, the installed distributions and the interpreter."""
    sha = hashlib.sha256()
    _feed(sha, "python", f"{sys.version} {platform.machine()}".encode())
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    _feed(sha, "distributions", "\n".join(dists).encode())
    package = Path(remediate.__file__).resolve().parent
    for folder in (package, *SEARCH_PATH):
        if folder.is_dir():
            for path in _files_under(folder):
                _feed(sha, str(path.relative_to(folder)), path.read_bytes())
    installed = NODE_BIN.parent / ".package-lock.json"  # what `npm ci` installed for the node fixtures
    _feed(sha, "node", installed.read_bytes() if installed.is_file() else b"")
    return sha.hexdigest()


def committed_files(folder: Path) -> list[str]:
    """The files of `folder` git would commit (tracked or not ignored), relative to it.
    Raises StaleRun when git cannot say (no git, not a work tree)."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StaleRun(f"git cannot list {folder}: {exc}") from exc
    if done.returncode != 0:
        raise StaleRun(f"git cannot list {folder}: {done.stderr.decode(errors='replace').strip()}")
    return sorted(set(done.stdout.decode().split("\0")) - {""})


def case_digest(case: Case) -> str:
    sha = hashlib.sha256()
    for name in committed_files(case.root):
        path = case.root / name
        _feed(sha, name, path.read_bytes() if path.is_file() else b"\0deleted")
    toolchain = case.spec.toolchain()
    _feed(sha, "toolchain", toolchain.model_dump_json().encode())
    return sha.hexdigest()


def take(cases: Sequence[Case], options: RunOptions, skipped: dict[str, str] | None = None) -> RunInputs:
    """The inputs of a run of `cases` made now (git missing: a manifest that is never reusable)."""
    try:
        digests: dict[str, str | None] = {case.id: case_digest(case) for case in cases}
    except StaleRun as exc:
        return RunInputs(
            options=options, shared=None, cases=dict.fromkeys((c.id for c in cases), None), why_not=str(exc)
        )
    return RunInputs(options=options, shared=shared_digest(), cases=digests, skipped=dict(skipped or {}))


def settled(before: RunInputs, after: RunInputs) -> RunInputs:
    """`before`, unless the inputs changed while the run read them (then it stands for no tree)."""
    if before.shared is None or (before.shared, before.cases) == (after.shared, after.cases):
        return before
    changed = sorted(k for k in before.cases if before.cases[k] != after.cases.get(k))
    why = "the inputs changed during the run" + (f" ({', '.join(changed)})" if changed else " (code or packages)")
    return before.model_copy(update={"shared": None, "why_not": why})


def write(inputs: RunInputs, out: Path) -> Path:
    path = out / MANIFEST
    path.write_text(inputs.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def reusable(out: Path, cases: Sequence[Case], options: RunOptions) -> RunInputs:
    """The manifest of the run in `out` when its outcomes stand for running `cases` with `options`
    on this tree now; else StaleRun says why."""
    try:
        recorded = RunInputs.model_validate_json((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise StaleRun(f"{out / MANIFEST}: {exc}") from exc
    if recorded.shared is None:
        raise StaleRun(f"{out} is not reusable: {recorded.why_not}")
    if differ := [f for f in OUTCOME_OPTIONS if getattr(recorded.options, f) != getattr(options, f)]:
        raise StaleRun(f"{out} ran with other options: {', '.join(differ)}")
    if absent := sorted(c.id for c in cases if c.id not in recorded.cases):
        raise StaleRun(f"{out} did not run {', '.join(absent)}")
    if recorded.shared != shared_digest():
        raise StaleRun(f"{out} ran other code, prompts or packages")
    if changed := sorted(c.id for c in cases if recorded.cases[c.id] != case_digest(c)):
        raise StaleRun(f"{out} ran other files or toolchains for {', '.join(changed)}")
    return recorded
