"""An error group's first instance (excerpt.instances) shown through its error: pytest's short traceback records the
innermost frame's location above the frame's source and the `E   ` lines that say the error (real sample, README row:
pytest9_requests_refused_short_tb.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("budget", [300, 1000])
def test_the_first_failures_error_under_its_innermost_frame_stays(budget: int) -> None:
    # 13 tests refused by a closed port, each report three chained errors long: the first test's instance ended at
    # its recorded frame (`connection.py:73: in create_connection`), its `E   ConnectionRefusedError` under it lost
    # at every budget up to 700 tokens while later tests' alike `E` lines were kept.
    log = framing.travis("pytest --tb=short tests", (DATA / "pytest9_requests_refused_short_tb.txt").read_text())
    texts = log.decode().split("\n")
    facts = extract_facts(log, budget_tokens=budget)
    shown = {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}
    first = next(no for no, text in enumerate(texts, start=1) if text.startswith("E   ConnectionRefusedError: "))
    assert texts[first - 3].endswith(": in create_connection") and first in shown
