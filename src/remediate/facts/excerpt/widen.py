"""Growing the chosen blocks a line at each edge, the edges beside the best lines first, never down
past a line where the job says a step failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.verdicts import passing_verdict

WIDEN_ROUNDS = 40  # rounds of widening (a line at each edge of every block) in one pass


WIDEN_BEFORE_END = 1_000  # ... up to the job's failure, before what the CI ran after it: until nothing grows


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
    pass of a thousand rounds over a thousand chosen lines would otherwise be quadratic."""
    edges = _edges_of(lines, sel.chosen, sel.chosen, inside)
    for _ in range(rounds):
        grew = False
        added: list[int] = []
        for n in sorted(
            edges, key=lambda n: (scores.get(n - 1, 0.0) + scores.get(n + 1, 0.0) + scores.get(n, 0.0), n), reverse=True
        ):
            # A passing verdict, a line of a parallel task that did not fail, or a table's row the window
            # passed over, is no failure's context: widened into from the report's end, a coverage table
            # took half of the room a long report had left.
            if lines.view.get(n) is None or lines.unseen(n) or n in sel.passed or passing_verdict(lines.text(n)):
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
