"""What the excerpt has chosen and what it costs: each line's rendered length, a run of identical
lines taken whole, a line a retried command printed again a pointer's length, a header per separate block, within
the budget; a trace's lines printed again (copies.trace_copies) at their length until the budget runs out, then at
what they render to (see Selector.settle).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from remediate.facts.excerpt.clip import render_line
from remediate.facts.excerpt.copies import (
    MIN_TRACE,
    again_cost,
    copies,
    foldable,
    repeated_lines,
    retried_between,
    retries,
    trace_copies,
    trace_cost,
)
from remediate.facts.excerpt.render import HEADER_COST, REPEATS_COST, identical_runs, render_excerpt
from remediate.facts.view import View


class Checkpoint(NamedTuple):
    """A selector's choice at one moment (Selector.checkpoint)."""

    chosen: set[int]
    passed: set[int]
    cost: int
    firsts: dict[str, int]
    unsettled: int
    saved: int


class Selector:
    def __init__(self, view: View, budget_chars: int) -> None:
        self.view = view
        self.budget = budget_chars
        self.chosen: set[int] = set()
        self.cost = 0
        self.runs = identical_runs(view)
        # a line's rendered length, once: the seeds and their widening ask for the same lines again and
        # again, and rendering a long line searches all of it (hostile logs of a few 10,000-character lines)
        self.rendered: dict[int, int] = {}
        # the rows of a table the window before the failure passed over (see _window_before): no context
        self.passed: set[int] = set()
        self.keys: dict[int, str | None] = {}  # each asked line's copy key (see copies.foldable), once
        self.firsts: dict[str, int] = {}  # of each copy key, the first chosen line: later copies point to it
        self.retried = retries(view)  # the lines that say a command is run again (see copies)
        self.repeated = repeated_lines(view)  # the lines that may be a trace's copy, none when no frame repeats
        self.unsettled = 0  # such lines chosen since the pointers' savings were last counted (see settle)
        self.saved = 0  # what they saved, counted

    def copy_key(self, no: int) -> str | None:
        if no not in self.keys:
            self.keys[no] = foldable(self.view, no)
        return self.keys[no]

    def line_cost(self, no: int, firsts: dict[str, int] | None = None) -> int:
        """`firsts`: of each copy key, the first line shown (default: chosen); a later copy costs a pointer."""
        line = self.view.get(no)
        if line is None:
            return 0
        run = self.runs.get(no)
        if run is not None and no > run[0]:  # a run is taken whole: its head, then one count line
            return REPEATS_COST if no == run[0] + 1 else 0
        key = self.copy_key(no)
        first = (self.firsts if firsts is None else firsts).get(key, no) if key is not None else no
        if first < no and retried_between(self.retried, first, no):
            return again_cost(first)
        if (cost := self.rendered.get(no)) is None:
            cost = self.rendered[no] = len(render_line(line.text)) + 1
        return cost

    def whole_runs(self, nos: list[int]) -> list[int]:
        """`nos` with every run of identical lines it touches taken whole."""
        out = set(nos)
        taken: set[tuple[int, int]] = set()
        for n in nos:
            run = self.runs.get(n)
            if run is not None and run not in taken:  # once per run: a long run would be quadratic
                taken.add(run)
                out.update(range(run[0], run[1] + 1))
        return sorted(out)

    def block_cost(self, nos: list[int]) -> int:
        """Characters the lines would add, with the change in block headers they cause (a new
        separate block costs a header; a line joining two blocks saves one)."""
        nos = self.whole_runs(nos)
        new = sorted({n for n in nos if n not in self.chosen and self.view.get(n) is not None})
        if not new:
            return 0
        firsts = dict(self.firsts)
        cost = 0
        for n in new:  # in order: a line that is the first of its copies makes the later ones pointers
            cost += self.line_cost(n, firsts)
            if (key := self.copy_key(n)) is not None:
                firsts.setdefault(key, n)
        start = new[0]
        for i, n in enumerate(new):
            last = i + 1 == len(new) or new[i + 1] != n + 1
            if not last:
                continue
            before, after = (start - 1) in self.chosen, (n + 1) in self.chosen
            if before and after:
                cost -= HEADER_COST
            elif not before and not after:
                cost += HEADER_COST
            if i + 1 < len(new):
                start = new[i + 1]
        return cost

    def add(self, nos: list[int]) -> bool:
        nos = self.whole_runs(nos)
        if all(n in self.chosen or self.view.get(n) is None for n in nos):
            return True
        # not `cost == 0`: a line joining two blocks may cost just the header it saves (a 29-character
        # `--- FAIL: TestWithTax (0.00s)` between its step's echo and its subtests), and was never added
        cost = self.block_cost(nos)
        if self.cost + cost > self.budget and not (self.settle() and self.cost + cost <= self.budget):
            return False
        self.unsettled += sum(1 for n in nos if n in self.repeated and n not in self.chosen)
        self.chosen.update(n for n in nos if self.view.get(n) is not None)
        self.cost += cost
        self._mark_firsts(nos)
        return True

    def _mark_firsts(self, nos: Iterable[int]) -> None:
        """Each copy key's first line among the chosen, with `nos` chosen (later copies point to it)."""
        for n in nos:
            if (key := self.copy_key(n)) is not None and n < self.firsts.get(key, n + 1):
                self.firsts[key] = n

    def settle(self) -> bool:
        """Whether the cost fell by what the pointers to a trace's lines printed again save (copies.trace_copies):
        each line is costed at its length when chosen, as whether it folds depends on the lines beside it chosen
        later (a block widened upwards into a copy); the room they save is found when the budget runs out, once
        MIN_TRACE such lines were chosen since it was last looked for."""
        if self.unsettled < MIN_TRACE:
            return False
        self.unsettled = 0
        saved = self._pointed()
        fell, self.cost, self.saved = saved > self.saved, self.cost - max(0, saved - self.saved), max(saved, self.saved)
        return fell

    def _pointed(self) -> int:
        """What the pointers to a trace's lines printed again among the chosen lines save (see settle)."""
        runs = trace_copies(self.view, self.chosen, copies(self.view, self.chosen, self.retried))
        return sum(
            sum(map(self.line_cost, range(no, end + 1))) - trace_cost(first) for no, (end, first, _) in runs.items()
        )

    def extend(self, nos: set[int], shown: int) -> None:
        """Lines `nos` chosen at no cost the selector counted (a trace's copy continued below its pointer: see
        copies.continuations), the cost now what the chosen lines render to (`shown` characters): what the pointers
        freed is the budget's again, and their savings counted (see settle)."""
        self.chosen |= nos
        self._mark_firsts(nos)
        self.cost, self.unsettled, self.saved = shown, 0, self._pointed()

    def checkpoint(self) -> Checkpoint:
        """What is chosen and what it costs, for `rollback`."""
        return Checkpoint(set(self.chosen), set(self.passed), self.cost, dict(self.firsts), self.unsettled, self.saved)

    def rollback(self, point: Checkpoint) -> None:
        """What was chosen at `point` chosen again, at its cost (drops that freed less than they cost undone)."""
        self.chosen, self.passed, self.cost = set(point.chosen), set(point.passed), point.cost
        self.firsts, self.unsettled, self.saved = dict(point.firsts), point.unsettled, point.saved

    def drop(self, nos: list[int]) -> None:
        """Lines `nos` no longer chosen, nor context for a block's widening again (`passed`); the cost what the chosen
        lines render to (see extend)."""
        self.chosen.difference_update(nos)
        self.passed.update(nos)
        self.firsts = {}
        self.extend(set(self.chosen), len(render_excerpt(self.view, self.chosen, self.retried).text))
