"""Every second of a run is in a stage: the root span's time that no stage span covers is small,
measured from the run record (and recorded on the root as remediate.unstaged_seconds)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import anyio
import pytest

from remediate.client import ModelAccess
from remediate.models import Status
from remediate.runrecord import RECORD
from remediate.sandbox.factory import local_factory
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy
from tests.conftest import FIXTURES, needs_bwrap

CASE = FIXTURES / "py-renamed-function"
# Outside every stage a run only builds objects and writes a few rows: a tenth of a second, or 2%
# of a long run, is the most it may spend there.
TOLERANCE_S = 0.1
TOLERANCE_SHARE = 0.02


def uncovered_seconds(spans: list[dict[str, Any]]) -> tuple[float, float]:
    """(root span seconds, seconds of the root covered by none of its child spans)."""
    root = next(s for s in spans if s["parent_id"] is None)
    children = sorted((s["start_ns"], s["end_ns"]) for s in spans if s["parent_id"] == root["span_id"])
    covered, reached = 0, root["start_ns"]
    for start, end in children:
        start, end = max(start, reached), min(end, root["end_ns"])
        if end > start:
            covered += end - start
            reached = end
    total = root["end_ns"] - root["start_ns"]
    return total / 1e9, (total - covered) / 1e9


def _span(span_id: str, parent: str | None, start: float, end: float) -> dict[str, Any]:
    return {"span_id": span_id, "parent_id": parent, "start_ns": int(start * 1e9), "end_ns": int(end * 1e9)}


def test_uncovered_time_counts_gaps_once_and_ignores_nested_spans() -> None:
    spans = [
        _span("root", None, 0, 10),
        _span("a", "root", 0, 4),
        _span("b", "root", 3, 6),  # overlaps a: counted once
        _span("nested", "b", 6, 9),  # not a stage of the root: does not cover the gap
        _span("c", "root", 8, 10),
    ]
    assert uncovered_seconds(spans) == (10.0, 2.0)


def _project(tmp_path: Path, extra_files: int) -> Path:
    """The renamed-function fixture plus many small files: copying them is the work copy's cost."""
    source = tmp_path / "src"
    shutil.copytree(CASE / "src", source)
    data = source / "data"
    data.mkdir()
    for i in range(extra_files):
        (data / f"row_{i:05d}.txt").write_text(f"row {i}\n" * 20)
    return source


@needs_bwrap
@pytest.mark.parametrize(
    ("extra_files", "check"),
    [
        (0, "python -m pytest -q"),
        (2000, "python -m pytest -q"),
        # A compound check is re-run after the specialist to see what still fails: a whole check run
        # (here at least a second) that must be in a stage too.
        (0, "python -m pytest -q && sleep 1"),
    ],
    ids=["fixture", "2000 more files", "compound check re-run"],
)
def test_the_stages_cover_the_run(tmp_path: Path, extra_files: int, check: str) -> None:
    source = _project(tmp_path, extra_files)
    out = tmp_path / "out"
    spec = FixSpec(check=check, log_path=CASE / "ci.log", source_dir=source, policy=Policy(breaker_generations=0))
    sandboxes = local_factory(source)
    backend = Backend.local(sandboxes, access=ModelAccess(cassette=CASE / "cassette.json"))
    outcome = anyio.run(run_session, spec, backend, out)
    assert outcome.report.status == Status.FIXED, outcome.report.message
    spans = [json.loads(line) for line in (out / RECORD).read_text().splitlines()]
    spans = [s for s in spans if s.get("type") == "span"]
    total, uncovered = uncovered_seconds(spans)
    assert uncovered <= max(TOLERANCE_S, TOLERANCE_SHARE * total), (
        f"{uncovered:.3f}s of a {total:.3f}s run is in no stage: "
        + ", ".join(f"{t.stage} {t.seconds}s" for t in outcome.report.timings)
    )
    root = next(s for s in spans if s["parent_id"] is None)
    assert abs(root["attributes"]["remediate.unstaged_seconds"] - uncovered) < 0.05
    assert [t.stage for t in outcome.report.timings].count("workcopy") == 3  # open, diff, remove
