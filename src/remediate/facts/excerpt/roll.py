"""The roll of a failure: the failing steps' lines that count what failed (a checker's or a compiler's `Found 3
errors in 3 files.`, `2 errors generated.`, ESLint's `✖ 5 problems (5 errors, 0 warnings)`, a runner's `2
failed, 30 passed`: verdicts.tallies_failures) and those that name a failing test beside its verdict (pytest's
`FAILED tests/a.py::T::t`, unittest's `FAIL: test_x (m.T)`: failingtests), each test once, within ROLL_SHARE of
the budget.

They are a few tokens each, and the only lines that say how much failed and which tests: a report's own lines
score as high and are many more, so seeded best first they took the room of a count printed a blank line above
the table and the wrapper's traceback the excerpt kept (tsc's count above a Python `CalledProcessError` of the
script that ran it), and of the failing tests' verdicts in a long verbose run above the reports.
"""

from __future__ import annotations

from remediate.facts.ci import Structure
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import both, in_failing_steps, job_end, up_to
from remediate.facts.excerpt_marks import SEED_MIN, Tasks
from remediate.facts.failingtests import failing_test_marked, failing_test_named
from remediate.facts.verdicts import tallies_failures

ROLL_SHARE = 0.1  # of the budget, at most, for the roll's lines the excerpt has not chosen yet

ROLL_COUNTS = 3  # count lines taken, nearest the failure first: a run of many suites counts each


class Roll:
    """The roll's lines, their room held from the selector until `add`: the instances and the window before the
    failure come first, and take most of them (a summary right above the failure) at no cost of the roll's. Taken
    first, a count the window would reach anyway left the window's room a line it did not pay for. The lines a
    runner's marker leads (see _roll) wait for the blocks to grow (`add_marked`): taken before, the blocks widened
    around each lone `●` line instead of seeding the other test files' reports (their `FAIL` lines)."""

    def __init__(self, lines: Tasks, sel: Selector, scores: dict[int, float], st: Structure, budget_chars: int) -> None:
        self.sel = sel
        self.room = int(budget_chars * ROLL_SHARE)
        self.nos, self.marked = _roll(lines, scores, st)
        self.held = min(self.room, sum(sel.block_cost([no]) for no in self.nos))
        self.held_marked = min(self.room - self.held, sum(sel.block_cost([no]) for no in self.marked))
        sel.budget -= self.held + self.held_marked

    def add(self) -> None:
        """Each of the roll's held lines not chosen yet, alone (one next to a chosen line joins its block), while
        they fit in the roll's room."""
        self.sel.budget += self.held
        self._take(self.nos, self.room)

    def add_marked(self) -> bool:
        """Each of the marked lines not chosen yet, alone, while they fit in the room held for them; whether any
        room was held (what they left is the blocks' again)."""
        self.sel.budget += self.held_marked
        self._take(self.marked, self.held_marked)
        return self.held_marked > 0

    def _take(self, nos: list[int], room: int) -> None:
        for no in nos:
            if no in self.sel.passed:  # a row of a table the window passed over (see window._over_table)
                continue
            cost = self.sel.block_cost([no])
            if cost <= room and self.sel.add([no]):
                room -= cost


def _roll(lines: Tasks, scores: dict[int, float], st: Structure) -> tuple[list[int], list[int]]:
    """The failing steps' count lines up to the job's failure (ROLL_COUNTS, nearest the failure first), then the
    line naming each failing test (its last mention: pytest's short summary below its `-v` progress line), in log
    order; and apart, where no line names one beside its verdict, the lines a runner's own marker leads naming one
    (failingtests.failing_test_marked: Jest names its failing tests only under `●`, ScalaTest beside `*** FAILED ***`).
    """
    inside = both(in_failing_steps(st), up_to(job_end(st)))
    counts: dict[str, int] = {}
    named: dict[str, int] = {}
    marked: dict[str, int] = {}
    for no in sorted(scores):
        if scores[no] < SEED_MIN or not inside(no) or _copied(lines, no):
            continue
        text = lines.text(no)
        if (name := failing_test_named(text)) is not None:
            named[name] = no
        elif tallies_failures(text):
            counts[text.strip()] = no
        elif (name := failing_test_marked(text)) is not None:
            marked[name] = no
    held = sorted(counts.values(), reverse=True)[:ROLL_COUNTS] + sorted(named.values())
    return held, [] if named else sorted(marked.values())


def _copied(lines: Tasks, no: int) -> bool:
    """A copy of a report (its first instance is the report), a passing test's output, a task's line that is none."""
    return no in lines.echoes or no in lines.repeats or no in lines.passed_tests or lines.unseen(no)
