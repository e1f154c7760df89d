"""A block around each line scoring at least SEED_MIN, best first, while the budget lasts; a block too
big for what is left cut to its part nearest the seed, or to the error instance it sits in.
"""

from __future__ import annotations

from collections.abc import Callable

from remediate.facts.excerpt.blocks import heading_of, lines_above, nearest_part, seed_block
from remediate.facts.excerpt.instances import seed_instance
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt_marks import SEED_MIN, Tasks
from remediate.facts.indent import indent_of

PARTIAL_SHARE = 0.6  # a block cut to fit may take this share of the remaining budget


def seed_blocks(
    lines: Tasks,
    sel: Selector,
    scores: dict[int, float],
    first: int | None = None,
    inside: Callable[[int], bool] = lambda no: True,
    clip: Callable[[int], bool] | None = None,
) -> None:
    """The block around each line scoring at least SEED_MIN and `inside`, best first (`first`
    before them), while the budget lasts; with `clip`, only the block's lines it keeps."""
    seeds = sorted(
        (no for no, s in scores.items() if s >= SEED_MIN and no != first and inside(no)),
        key=lambda no: (scores[no], no),
        reverse=True,
    )
    for no in [first, *seeds] if first is not None else seeds:
        if no in sel.chosen and (no + 1) in sel.chosen:
            _above_shown(lines, sel, no, clip)
            continue
        block = [n for n in seed_block(lines, no, scores) if clip is None or clip(n)]
        if not sel.add(block):
            # Too big for what is left: the part of the block nearest the seed that fits in
            # part of the remaining budget.
            room = int((sel.budget - sel.cost) * PARTIAL_SHARE)
            near = nearest_part(sel, block, no, room, heading_of(lines, block, no))
            if not sel.add(seed_instance(lines, sel, block, no, room) or near):
                sel.add([no])
        if sel.cost >= sel.budget - 40:
            return


def _above_shown(lines: Tasks, sel: Selector, no: int, clip: Callable[[int], bool] | None) -> None:
    """A seed shown already from its line down (the window before the failure, or a block below, ends at it): its
    block's lines above it (see lines_above), at its rank as its own block would have taken them. The window's
    reach is what room the lines before it left, so a few characters freed anywhere moved its top over a seed: that
    seed then took nothing above it, and its lines waited for the last seeds' leftovers (pytest's grouped repeats:
    the `___ test_x[6] ___` heading of a block the window ended at, while a passing step's lines took the room).
    Too big, the part nearest the seed; of an indented seed, the heading it hangs under (ESLint's file above its
    `3:8  error ...` lines) first."""
    if no - 1 in sel.chosen or _copy(lines, no):
        return
    indent = indent_of(lines.text(no))
    above = [n for n in lines_above(lines, no, indent) if clip is None or clip(n)]
    # Not into a table the window passed over (Selector.passed: Jest's coverage table above its threshold line), nor
    # into a copy the window passed over (travis_retry's third attempt's `FAILED` rows above its summary).
    above = above[1 + max((i for i, n in enumerate(above) if n in sel.passed or _copy(lines, n)), default=-1) :]
    if not above or sel.add(above):
        return
    if indent and indent_of(lines.text(above[0])) < indent:
        sel.add(above[:1])
        return
    room = int((sel.budget - sel.cost) * PARTIAL_SHARE)
    sel.add(nearest_part(sel, [*above, no], no, room))


def _copy(lines: Tasks, no: int) -> bool:
    """A line of a report printed again (Tasks.repeats, Tasks.echoes): it waits for the first instance (see grow)."""
    return no in lines.repeats or no in lines.echoes
