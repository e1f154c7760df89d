"""The seeds after a block that fits whole and the room they need at least: a seed block is taken whole only
while every later sibling seed (a record a parser names of the same kind: recordkinds) still has room for its line.
"""

from __future__ import annotations

from collections.abc import Callable

from remediate.facts.excerpt.blocks import heading_of, lines_above
from remediate.facts.excerpt.render import HEADER_COST
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.telling import Telling, telling
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.indent import indent_of

# The lines around a later seed its block is taken to show when counting what later seeds need (seed_block: 3
# lines above, 10 after): nose's `FAIL: test_x` and the `AssertionError` and `ImportError` of its traceback are
# one report, which counted as three took the room of the first reports' blocks.
NEAR_ABOVE, NEAR_BELOW = 3, 10


class LaterSeeds:
    """What the seeds after each one need at least: its line with the heading it hangs under (see
    minimum). A block that fits whole may leave no room for them: Biome's first diagnostic, 10 lines
    taken whole at 800 tokens, was widened into one run with the next ones and three later diagnostics
    lost their `  × message` (6 of 9 shown, 8 with the block cut). Such a block takes its minimum, and the rest
    of it once every sibling seed has had its turn: a record of the same kind (recordkinds) a parser named.
    A seed of another kind, or one no parser named, is owed nothing: counted by its first word, every Maven
    `[ERROR]` row was a sibling and blocks were cut where a whole one was right; counted,
    a coverage upload's or a progress line's seeds took the first reports' blocks and fragmented them. When the
    siblings' minima do not all fit anyway (hundreds of errors), blocks are taken whole as they come, the best
    seeds' context before more seeds' lines."""

    def __init__(self, lines: Tasks, sel: Selector, order: list[int], clip: Callable[[int], bool] | None) -> None:
        self.lines, self.sel, self.order, self.clip = lines, sel, order, clip
        self.costs: dict[int, int] = {}
        self.kinds: dict[int, str | None] = {}  # a later seed's kind (see kind)
        self.last = 0  # the index of the last sibling seed the last crowded block waits for
        self.hopeless = False  # once the later seeds' minima overflow, they do for every later block too

    def minimum(self, no: int, block: list[int]) -> list[int]:
        """The seed with the heading it hangs under and the lines between (Biome's file and rule over a
        blank and its `  × message`), when the heading is at most 2 lines up; else the seed alone."""
        heading = heading_of(self.lines, block, no)
        top = heading if heading is not None and no - heading <= 2 else no
        return [n for n in block if top <= n <= no]

    def crowded(self, i: int, block: list[int]) -> bool:
        """Whether taking the i-th seed's block whole leaves too little room for every later seed's
        minimum, while its own minimum would leave enough."""
        if self.hopeless:
            return False
        room = self.sel.budget - self.sel.cost
        no = self.order[i]
        kind = self.kind(no, block)
        own_lines = self.minimum(no, block)
        if kind is None or any(self.lines.kinds.get(n) == kind for n in block if n not in own_lines):
            # No parser's record: the greedy order (a line's first word took every Maven row). A block holding
            # records of its kind is a list's rows (standard's `file:1 Extra semicolon. (semi)`): cut to its
            # line, each row a block of its own under a header, a 400-row list showed fewer rows.
            return False
        own = self.sel.block_cost(own_lines)
        need, near = own, set(block)
        self.last = i
        for j, later in enumerate(self.order[i + 1 :], start=i + 1):
            # A seed inside this block, or just below a later seed, is shown by that seed's block.
            if later not in self.sel.chosen and later not in near and self._later_kind(later) == kind:
                need, self.last = need + self._cost(later), j
                near.update(range(later - NEAR_ABOVE, later + NEAR_BELOW + 1))
            if need > room:
                self.hopeless = True
                return False
        whole = self.sel.block_cost(block)
        return whole <= room < need - own + whole  # too big alone: cut to fit as before (see _place)

    def _cost(self, no: int) -> int:
        """A later seed's minimum as a separate block: its lines and a header."""
        if (cost := self.costs.get(no)) is not None:
            return cost
        text = self.lines.text(no)
        if telling(text, self.lines.evidence.get(no, 0.0)) is not Telling.ERROR:
            cost = 0  # a frame, a verdict, a source line: a report's context, not a failure of its own
        else:
            above = lines_above(self.lines, no, indent_of(text))
            block = [n for n in [*above, no] if self.clip is None or self.clip(n)]
            lines = self.minimum(no, block) if no in block else []
            cost = sum(self.sel.line_cost(n) for n in lines) + HEADER_COST * bool(lines)
        self.costs[no] = cost
        return cost

    def kind(self, no: int, block: list[int]) -> str | None:
        """The kind of record a parser named on the seed's line, or on the heading its minimum shows (Biome's
        record is its heading's line, its seed the `  × message` under it)."""
        kinds = self.lines.kinds
        return kinds.get(no) or next((kinds[n] for n in self.minimum(no, block) if n in kinds), None)

    def _later_kind(self, no: int) -> str | None:
        if no not in self.kinds:  # asked again for every earlier seed's block
            self.kinds[no] = self.kind(no, [*lines_above(self.lines, no, indent_of(self.lines.text(no))), no])
        return self.kinds[no]
