"""A block around each line scoring at least SEED_MIN, best first, while the budget lasts; a block too
big for what is left cut to its part nearest the seed, or to the error instance it sits in.
"""

from __future__ import annotations

from collections.abc import Callable

from remediate.facts.excerpt.blocks import heading_of, lines_above, nearest_part, seed_block
from remediate.facts.excerpt.instances import seed_instance
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.siblings import LaterSeeds
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
    order = [first, *seeds] if first is not None else seeds
    later = LaterSeeds(lines, sel, order, clip)
    deferred: list[tuple[int, int, list[int]]] = []  # a crowded block's rest: after the last seed it waits for
    for i, no in enumerate(order):
        deferred = _place_ready(lines, sel, deferred, i)
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
        if later.crowded(i, block) and sel.add(later.minimum(no, block)):
            deferred.append((later.last, no, block))  # the rest of it once every sibling seed has its line
        else:
            _place(lines, sel, no, block)
        if sel.cost >= sel.budget - 40:
            return
    _place_ready(lines, sel, deferred, len(order))


def _place_ready(
    lines: Tasks, sel: Selector, deferred: list[tuple[int, int, list[int]]], i: int
) -> list[tuple[int, int, list[int]]]:
    """The deferred blocks whose sibling seeds have all come before the i-th seed placed, in the seeds'
    order; those still waiting."""
    for last, no, block in deferred:
        if last < i:
            _place(lines, sel, no, block)
    return [d for d in deferred if d[0] >= i]


def _place(lines: Tasks, sel: Selector, no: int, block: list[int]) -> None:
    """The seed's block, or when it is too big for what is left, the part of the block nearest the seed
    that fits in part of the remaining budget (or the error instance it sits in), else the seed alone."""
    if not sel.add(block):
        room = int((sel.budget - sel.cost) * PARTIAL_SHARE)
        near = nearest_part(sel, block, no, room, heading_of(lines, block, no))
        if not sel.add(seed_instance(lines, sel, block, no, room) or near):
            sel.add([no])
