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
            indent = indent_of(lines.text(no))
            above = lines_above(lines, no, indent) if no - 1 not in sel.chosen and indent else []
            if above and indent_of(lines.text(above[0])) < indent and not sel.add(above):
                # Shown already, from this indented line down (the window before the failure ends
                # at it): the heading it hangs under (ESLint's file above its `3:8  error ...`
                # lines) is added, with the lines between when they fit.
                sel.add(above[:1])
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
