"""A seed's block over the blank lines a test's printed output ends with, down to the end rule of the section
its runner printed it in (nose's captured stdout)."""

from __future__ import annotations

from pathlib import Path

from remediate.facts.excerpt.blocks import seed_block
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.view import View

DATA = Path(__file__).parent / "data"


def _blocks(sample: str, opens: str) -> list[tuple[list[str], list[str]]]:
    """Each seed opening with `opens` in the sample: its block's lines, and the lines below the block's end."""
    view = View.of((DATA / sample).read_text().split("\n"))
    texts = [line.text for line in view.within(1, view.total_lines)]
    found = []
    for no, text in enumerate(texts, start=1):
        if text.startswith(opens):
            block = seed_block(Tasks(view, {}, {}), no, {no: 8.0})
            found.append(([view.text(n) for n in block], texts[block[-1] : block[-1] + 3]))
    return found


def test_a_tests_printed_output_is_followed_over_its_blank_lines_to_the_captured_sections_end() -> None:
    # nose 1 (pynose 1.5.5) prints what a failing test printed between `>> begin captured stdout <<` and `>> end
    # captured stdout <<`; a demo script's traceback the test printed ends in two blank lines above the end rule, and a
    # block stopped there (dev: the end rule and its blank lines lost in each of five failures).
    blocks = _blocks("nose155_captured_demo_tracebacks.txt", "ModuleNotFoundError: ")
    assert len(blocks) == 2
    for block, _ in blocks:
        assert any(text.startswith("--------------------- >> end captured stdout << ") for text in block)


def test_blank_lines_above_a_runners_own_rule_still_end_a_block() -> None:
    # The control: unittest's error, two blank lines, then its rule over `Ran 1 test`: no section of printed output
    # ends there, and the block stops at the blank lines.
    [(block, below)] = _blocks("unittest311_syntax_in_source.txt", "SyntaxError: ")
    assert block[-1] == "SyntaxError: '(' was never closed"
    assert below[2].startswith("-----")
