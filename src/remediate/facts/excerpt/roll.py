"""The roll of a failure: the failing steps' lines that count what failed (a checker's or a compiler's `Found 3
errors in 3 files.`, `2 errors generated.`, ESLint's `✖ 5 problems (5 errors, 0 warnings)`, a runner's `2
failed, 30 passed`: verdicts.tallies_failures) and those that name a failing test beside its verdict (pytest's
`FAILED tests/a.py::T::t`, unittest's `FAIL: test_x (m.T)`: failingtests), each test once, within ROLL_SHARE of
the budget.

They are a few tokens each, and the only lines that say how much failed and which tests: a report's own lines
score as high and are many more, so seeded best first they took the room of a count printed a blank line above
the table and the wrapper's traceback the excerpt kept (tsc's count above a Python `CalledProcessError` of the
script that ran it), and of the failing tests' verdicts in a long verbose run above the reports. Each test named
has a report of its own (testblocks.report_lines: the section its name heads, the lines under its verdict): its head
and the line saying what the test met follow the roll, within HEADS_SHARE, so that every failure a summary names
shows where and how it failed, before the blocks around the best lines grow.
"""

from __future__ import annotations

from remediate.facts.ci import Structure
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import both, in_failing_steps, job_end, up_to
from remediate.facts.excerpt.telling import Telling, telling
from remediate.facts.excerpt_marks import SEED_MIN, Tasks
from remediate.facts.failingtests import failing_test_marked, failing_test_named
from remediate.facts.score import line_score
from remediate.facts.testblocks import report_lines, section_heads
from remediate.facts.verdicts import tallies_failures
from remediate.facts.view import positions

ROLL_SHARE = 0.1  # of the budget, at most, for the roll's lines the excerpt has not chosen yet

HEADS_SHARE = 0.25  # of the budget, at most, for the heads of the named failing tests' own reports (see _own_heads)

ROLL_COUNTS = 3  # count lines taken, nearest the failure first: a run of many suites counts each


class Roll:
    """The roll's lines, their room held from the selector until `add`: the instances and the window before the
    failure come first, and take most of them (a summary right above the failure) at no cost of the roll's. Taken
    first, a count the window would reach anyway left the window's room a line it did not pay for. The lines a
    runner's marker leads (see _roll) wait for the blocks to grow (`add_marked`): taken before, the blocks widened
    around each lone `●` line instead of seeding the other test files' reports (their `FAIL` lines). Once its lines are
    taken, each named failing test's own report's head and what it met (see _own_heads), within HEADS_SHARE: seeded best
    first, the reports near the failure were kept whole and an earlier one by its verdict's line alone (Surefire's 12
    failures, the first five without their AssertionFailedError line at 2,000 tokens)."""

    def __init__(self, lines: Tasks, sel: Selector, scores: dict[int, float], st: Structure, budget_chars: int) -> None:
        self.sel = sel
        self.room = int(budget_chars * ROLL_SHARE)
        self.nos, self.marked, firsts = _roll(lines, scores, st)
        self.heads = _own_heads(lines, firsts, st.regions)
        self.heads_room = int(budget_chars * HEADS_SHARE)
        self.held = min(self.room, sum(sel.block_cost([no]) for no in self.nos))
        self.held_marked = min(self.room - self.held, sum(sel.block_cost([no]) for no in self.marked))
        sel.budget -= self.held + self.held_marked

    def add(self) -> None:
        """Each of the roll's held lines not chosen yet, alone (one next to a chosen line joins its block), while
        they fit in the roll's room."""
        self.sel.budget += self.held
        self._take(self.nos, self.room)
        room = self.heads_room
        for head in self.heads:
            cost = self.sel.block_cost(head)
            if cost <= room and self.sel.add(head):
                room -= cost

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


def _roll(lines: Tasks, scores: dict[int, float], st: Structure) -> tuple[list[int], list[int], list[list[int]]]:
    """The failing steps' count lines up to the job's failure (ROLL_COUNTS, nearest the failure first), then the
    line naming each failing test (its last mention: pytest's short summary below its `-v` progress line), in log
    order; and apart, where no line names one beside its verdict, the lines a runner's own marker leads naming one
    (failingtests.failing_test_marked: Jest names its failing tests only under `●`, ScalaTest beside `*** FAILED ***`).
    """
    inside = both(in_failing_steps(st), up_to(job_end(st)))
    counts: dict[str, int] = {}
    named: dict[str, int] = {}
    mentions: dict[str, list[int]] = {}
    marked: dict[str, int] = {}
    for no in sorted(scores):
        if scores[no] < SEED_MIN or not inside(no) or _copied(lines, no):
            continue
        text = lines.text(no)
        if (name := failing_test_named(text)) is not None:
            named[name] = no
            mentions.setdefault(name, []).append(no)
        elif tallies_failures(text):
            counts[text.strip()] = no
        elif (name := failing_test_marked(text)) is not None:
            marked[name] = no
    held = sorted(counts.values(), reverse=True)[:ROLL_COUNTS] + sorted(named.values())
    return held, [] if named else sorted(marked.values()), list(mentions.values())


def _own_heads(lines: Tasks, mentions: list[list[int]], regions: list[tuple[int, int]]) -> list[list[int]]:
    """Of each failing test named (`mentions`: the lines naming it), its own report's head and best line, from the
    first mention that has a report (testblocks.report_lines: its section's heading, else its verdict, over the report's
    best-scored line): which test failed, and what it met. A mention with no report (unittest's progress row `test_x
    (m.T) ... FAIL` over its `FAIL: test_x (m.T)` section) adds nothing the roll's line does not say."""
    if not mentions:
        return []
    view = lines.view.within(*_steps_of([no for nos in mentions for no in nos], regions, lines.view.total_lines))
    at, sections = positions(view), section_heads(view)
    heads: list[list[int]] = []
    for nos in mentions:
        for no in nos:
            i, name = at.get(no), failing_test_named(lines.text(no))
            if i is None or name is None:
                continue
            head, report = report_lines(view, i, name, sections)
            said = [view[k].no for k in report if view[k].text.strip()]
            if said or head != i:  # a section's heading over lines unmarked (pytest's `--tb=native` traceback)
                heads.append(sorted({view[head].no, *_what_it_met(lines, said)}))
                break
    return sorted(heads)


def _steps_of(named: list[int], regions: list[tuple[int, int]], total: int) -> tuple[int, int]:
    """The span of the failing steps the lines `named` are output of (`regions`), the whole log (`total` lines) when
    none is: a test's section may be far from the lines naming it (pytest's, above its short summary)."""
    steps = [r for r in regions if any(r[0] <= no <= r[1] for no in named)]
    return (min(r[0] for r in steps), max(r[1] for r in steps)) if steps else (0, total)


def _what_it_met(lines: Tasks, report: list[int]) -> list[int]:
    """The report's line that says what the test met: its first error (excerpt.telling), else its best-scored line,
    unweighted (a run's alike failures weigh each other's lines down, the test's own frame then outweighing its error).
    """
    errors = (n for n in report if telling(lines.text(n), lines.evidence.get(n, 0.0)) is Telling.ERROR)
    best = max(report, key=lambda n: (max(lines.evidence.get(n, 0.0), line_score(lines.text(n))), -n), default=None)
    first = next(errors, best)
    return [] if first is None else [first]


def _copied(lines: Tasks, no: int) -> bool:
    """A copy of a report (its first instance is the report), a passing test's output, a task's line that is none."""
    return no in lines.echoes or no in lines.repeats or no in lines.passed_tests or lines.unseen(no)
