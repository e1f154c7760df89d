"""Growing the chosen blocks a line at each edge, the edges beside the best lines first, never down
past a line where the job says a step failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from remediate.facts.excerpt.render import HEADER_COST
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.verdicts import passing_verdict

WIDEN_ROUNDS = 40  # rounds of widening (a line at each edge of every block) in one pass


WIDEN_BEFORE_END = 1_000  # ... up to the job's failure, before what the CI ran after it: until nothing grows


HOLE_LINES = 5  # a gap this short between two chosen blocks is a hole in one report (see _close_holes) ...
HOLE_COST = HEADER_COST  # ... taken whole first when it costs at most this beyond the block header it saves


def widen(
    lines: Tasks,
    sel: Selector,
    scores: dict[int, float],
    inside: Callable[[int], bool] = lambda no: True,
    rounds: int = WIDEN_ROUNDS,
) -> None:
    """Grow the chosen blocks by a line at each edge `inside`, the edges beside the best lines
    first, up to `rounds` rounds while the budget lasts. A block does not grow down past a line where
    the job says a step failed (Tasks.ends): below it are the runner's cleanup and the next steps
    (GitHub's `Post job cleanup.`, Travis' next `$ command`), which that line's high score would
    otherwise make the first edges taken. The edges are kept from round to round (chosen lines only
    grow here, so an edge stays one until taken) and only the lines a round added give new ones: a
    pass of a thousand rounds over a thousand chosen lines would otherwise be quadratic. Each round first closes
    the short holes between two blocks (see _close_holes)."""
    edges = _edges_of(lines, sel.chosen, sel.chosen, inside)
    for _ in range(rounds):
        added = _close_holes(lines, sel, edges, inside)
        grew = bool(added)
        for n in sorted(
            edges, key=lambda n: (scores.get(n - 1, 0.0) + scores.get(n + 1, 0.0) + scores.get(n, 0.0), n), reverse=True
        ):
            # A passing verdict, a line of a parallel task that did not fail, or a table's row the window
            # passed over, is no failure's context: widened into from the report's end, a coverage table
            # took half of the room a long report had left.
            if not _context(lines, sel, n):
                continue
            fresh = [m for m in sel.whole_runs([n]) if m not in sel.chosen]
            if sel.add([n]):
                grew = True
                added.extend(m for m in fresh if m in sel.chosen)
        if not grew:
            return
        edges = {n for n in edges if n not in sel.chosen} | _edges_of(lines, added, sel.chosen, inside)


def _edges_of(lines: Tasks, nos: Iterable[int], chosen: set[int], inside: Callable[[int], bool]) -> set[int]:
    """The lines beside `nos` a block may grow to: not chosen, `inside`, not below a step's failure line."""
    below = {n + 1 for n in nos if n + 1 not in chosen and n not in lines.ends and inside(n + 1)}
    return below | {n - 1 for n in nos if n - 1 not in chosen and n > 1 and inside(n - 1)}


def _context(lines: Tasks, sel: Selector, no: int) -> bool:
    """Whether a block may widen to line `no`: a passing verdict, a line of a parallel task that did not fail, or a
    table's row the window passed over, is no failure's context (see widen)."""
    return not (lines.view.get(no) is None or lines.unseen(no) or no in sel.passed or passing_verdict(lines.text(no)))


def _close_holes(lines: Tasks, sel: Selector, edges: set[int], inside: Callable[[int], bool]) -> list[int]:
    """Take whole, cheapest first, each gap of at most HOLE_LINES lines between two chosen blocks that is all
    context `inside`, within one step (no step's failure line above its end), when it costs at most HOLE_COST beyond
    the header it saves; the lines added. Such a gap sits inside one report (Gradle's `* Try:` between `* What went
    wrong` and `BUILD FAILED`, ctest's `-- Output to stderr:` between a test's failure and the compiler's error, an
    error line among its alike ones) and labellers mark the report whole. Widened a line at each edge, a round took
    the best-scored edges first and the budget ran out with the hole half filled: its lines paid for, its header not
    saved, the report read as two pieces."""
    holes = {gap for n in edges if (gap := _hole(sel.chosen, n)) is not None}
    fits = [
        (cost, gap)
        for gap in holes
        if all(inside(n) and _context(lines, sel, n) for n in gap)
        and not any(n in lines.ends for n in range(gap[0] - 1, gap[-1] + 1))
        and (cost := sel.block_cost(list(gap))) <= HOLE_COST
    ]
    added: list[int] = []
    for _, gap in sorted(fits):
        fresh = [m for m in sel.whole_runs(list(gap)) if m not in sel.chosen]
        if sel.add(list(gap)):
            added.extend(m for m in fresh if m in sel.chosen)
    return added


def _hole(chosen: set[int], edge: int) -> tuple[int, ...] | None:
    """The lines from `edge` (beside a chosen block) to the next chosen line away from that block, when at most
    HOLE_LINES: a hole between two blocks; None when the next block is farther or there is none."""
    step = 1 if edge - 1 in chosen else -1
    for k in range(1, HOLE_LINES + 1):
        if edge + step * k in chosen:
            return tuple(sorted(edge + step * j for j in range(k)))
    return None
