"""The headings an indented report hangs under (excerpt.blocks.report_headings), kept when the window before the
failure is cut inside the report (real sample, README row: ghc902_keep_going_type_errors.txt)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.excerpt.blocks import report_headings
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"
GHC = "ghc902_keep_going_type_errors.txt"
GHC_ERROR = re.compile(r"^src/\w+\.hs:\d+:\d+: error:$")


def _kept(budget: int) -> tuple[list[str], set[int]]:
    log = framing.travis("ghc --make -fkeep-going -isrc src/Main.hs", (DATA / GHC).read_text())
    facts = extract_facts(log, budget_tokens=budget)
    return log.decode(errors="replace").split("\n"), {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}


def _errors(texts: list[str]) -> dict[int, list[int]]:
    """Each GHC error's heading with its message: the indented lines below it, down to its code frame."""
    found: dict[int, list[int]] = {}
    for no, text in enumerate(texts, start=1):
        if GHC_ERROR.match(text):
            found[no] = list(itertools.takewhile(lambda n: texts[n - 1].startswith("    "), range(no + 1, len(texts))))
    return found


@pytest.mark.parametrize("budget", [150, 200])
def test_a_window_cut_inside_an_error_keeps_the_errors_heading(budget: int) -> None:
    # GHC's last error is longer than the window's room at these budgets: the window kept the end of its bullets and
    # its code frame, not `src/Stock.hs:12:48: error:` above them (on main 3d960b2f: no heading for those lines).
    texts, shown = _kept(budget)
    errors = _errors(texts)
    assert len(errors) == 7
    orphans = [head for head, body in errors.items() if shown.intersection(body) and head not in shown]
    last = max(errors)
    assert shown.intersection(errors[last]) and not orphans


def test_report_headings_go_up_over_blank_lines_and_past_a_code_frame() -> None:
    view = View.of(
        [
            "FAIL src/cart.test.js",
            "  ● cart › totals",
            "",
            "    expect(received).toBe(expected)",
            "",
            "    Expected: 0",
            "src/Cart.hs:6:55: error:",
            "    • Couldn't match type ‘[Char]’ with ‘Int’",
            "  |",
            '6 | total items = foldr f "0" items',
            "  |               ^^^",
        ]
    )
    lines = Tasks(view, {}, {})
    texts = {line.no: line.text for line in view.lines}
    assert [texts[n] for n in report_headings(lines, 6, 0)] == ["FAIL src/cart.test.js", "  ● cart › totals"]
    # the caret's line hangs under the error, not under the code frame's unindented source line
    assert report_headings(lines, 11, 0) == [7]
    assert report_headings(lines, 7, 0) == []  # a line at its line's start hangs under nothing
    assert report_headings(lines, 6, 4) == []  # nor above the floor
    # what a passing test printed hangs under its verdict: no failure's heading (Jest's `● Console` block)
    passing = View.of(["PASS lib/checkout.test.js", "  ● Console", "", "    console.error", "      checkout failed"])
    assert report_headings(Tasks(passing, {}, {}), 5, 0) == []
