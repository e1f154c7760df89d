"""A failing run's report printed in full, then a wrapper's reprint of its last lines (R CMD check's `Last 13 lines
of output:`): the first full copy, with its failures' locations, keeps its room (real samples, README rows:
r422_testthat316_test_local_24_failed.txt, r422_check_testthat316_last_13_lines.txt)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"
RUN = "r422_testthat316_test_local_24_failed.txt"
CHECK = "r422_check_testthat316_last_13_lines.txt"
HEADING = re.compile(r"^ *(?:── )?(?:Failure|Error) \('test-cart\.R:\d+'\)")


@pytest.mark.parametrize("budget", [1000, 2000])
def test_the_first_full_copy_keeps_its_room_beside_the_reprint(budget: int) -> None:
    log = framing.travis_commands(
        [
            ("Rscript -e 'testthat::test_local()'", (DATA / RUN).read_text(), 1),
            ("R CMD check --no-manual cartr_0.1.0.tar.gz", (DATA / CHECK).read_text(), 1),
        ]
    )
    texts = log.decode().split("\n")
    facts = extract_facts(log, budget_tokens=budget)
    shown = {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}
    check = next(
        n for n, text in enumerate(texts, start=1) if text.endswith("$ R CMD check --no-manual cartr_0.1.0.tar.gz")
    )
    headings = [n for n, text in enumerate(texts, start=1) if HEADING.match(text)]
    first = [n for n in headings if n < check]
    reprint = [n for n in headings if n > check]
    assert (len(first), len(reprint)) == (24, 2)
    # the first failure whole: its heading, its error and the test's line its backtrace names
    top = first[0]
    assert texts[top - 1].startswith("Error ('test-cart.R:2')")
    located = next(n for n in range(top, top + 8) if texts[n - 1].strip() == "at test-cart.R:2:2")
    assert {top, top + 1, located} <= shown
    # most of the first copy's failures, not the reprint's two in their place
    assert sum(n in shown for n in first) >= len(first) // 2
