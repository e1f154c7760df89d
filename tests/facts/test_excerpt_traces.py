"""What a job prints about what ran, not what failed: a command's echo, whose arguments are no evidence. Real tool
output from tests/facts/data, framed as CI logs."""

from __future__ import annotations

from pathlib import Path

from remediate.facts.ci import Structure, detect
from remediate.facts.excerpt.scores import weighted_scores
from remediate.facts.excerpt_marks import SEED_MIN, Tasks
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.score import line_score
from remediate.facts.view import View, build_view
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text()


def structure(log: bytes) -> tuple[View, Structure]:
    with LogSource(log) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor())
    return view, detect(view, scanned)


def line_of(view: View, text: str) -> int:
    return next(line.no for line in view.lines if line.text == text)


def test_a_commands_echo_is_no_evidence_of_its_own() -> None:
    # pytest's echo seeds on the `error` of its `-W "error:old_api:DeprecationWarning"`: it says how pytest was
    # called; the report below it says what failed.
    command = 'pytest -p no:asyncio -W "error:old_api:DeprecationWarning" tests'
    view, st = structure(framing.travis(command, read("pytest_grouped.txt")))
    echo = line_of(view, f"$ {command}")
    assert line_score(view.text(echo)) >= SEED_MIN
    scores = weighted_scores(Tasks(view, {}, {}), st, {})
    assert scores.get(echo, 0.0) == 0.0
    assert max(scores.values()) >= SEED_MIN  # the report's lines are scored
