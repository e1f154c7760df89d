"""The line naming a failing test over its report (excerpt.blocks.failing_test_above), kept when the window before the
failure is cut inside the report (real sample, README row: prove344_merge_twenty_failed_in_three.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.excerpt.blocks import failing_test_above
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"
PROVE = "prove344_merge_twenty_failed_in_three.txt"


@pytest.mark.parametrize("budget", [400, 700])
def test_a_window_cut_inside_a_tap_diagnostic_keeps_its_failed_test_line(budget: int) -> None:
    # The window before the failure takes the summary, passes over the passing `ok N` rows to the last failing test's
    # diagnostics and is cut there by its room: it kept `#   at t/cart2.t line 72.` and what it got, not the
    # `#   Failed test 'total of order 65 in cart 2'` line right above (on main dcf84833: at 400 and at 700 tokens).
    log = framing.travis("prove -v --merge t/", (DATA / PROVE).read_text())
    texts = log.decode().split("\n")
    facts = extract_facts(log, budget_tokens=budget)
    shown = {n for r in facts.excerpt_lines for n in range(r.start, r.end + 1)}
    located = [n for n, text in enumerate(texts, start=1) if text.startswith("#   at t/cart")]
    assert len(located) == 20
    kept = [n for n in located if n in shown]
    assert kept
    assert all(texts[n - 2].startswith("#   Failed test '") and n - 1 in shown for n in kept)


def _heading(texts: list[str], top: int, floor: int = 0) -> list[str]:
    view = View.of(texts)
    return [texts[n - 1] for n in failing_test_above(Tasks(view, {}, {}), top, floor)]


def test_test_heading_is_the_nearest_line_naming_a_failing_test() -> None:
    # ScalaTest under sbt: every line behind `[info] `, the report not indented under its test's line
    scalatest = [
        "[info] - adds an item",
        "[info] - applies the discount *** FAILED ***",
        "[info]   9.0 was not greater than or equal to 10 (CartSpec.scala:87)",
    ]
    assert _heading(scalatest, 3) == ["[info] - applies the discount *** FAILED ***"]
    # TAP with Test::More's diagnostics: the nearest line naming the test, with the lines between
    tap = ["not ok 3 - sums prices", "", "#   Failed test 'sums prices'", "#   at t/cart.t line 7.", "#     got: '3'"]
    assert _heading(tap, 5) == ["#   Failed test 'sums prices'", "#   at t/cart.t line 7."]
    assert _heading(tap, 3) == []  # the line names the failing test itself
    assert _heading(tap, 5, floor=3) == []  # not above the floor
    # a passing test's verdict between: what is below it is no failing test's report
    assert _heading(["--- FAIL: TestTotal (0.00s)", "--- PASS: TestTax (0.00s)", "    tax.go:9: rate 0.2"], 3) == []
