"""The roll of a failure: the failing steps' lines that count what failed (a checker's or a compiler's `Found 3
errors in 3 files.`, `2 errors generated.`, ESLint's `✖ 5 problems (5 errors, 0 warnings)`, a runner's `2
failed, 30 passed`: verdicts.tallies_failures) and those that name a failing test beside its verdict (pytest's
`FAILED tests/a.py::T::t`, unittest's `FAIL: test_x (m.T)`: failingtests), each test once, within ROLL_SHARE of
the budget.

They are a few tokens each, and the only lines that say how much failed and which tests: a report's own lines
score as high and are many more, so seeded best first they took the room of a count printed a blank line above
the table and the wrapper's traceback the excerpt kept (tsc's count above a Python `CalledProcessError` of the
script that ran it), and of the failing tests' verdicts in a long verbose run above the reports. Once the blocks
have grown, each failing test named or marked whose own report the excerpt cut gets the report's head, what it met,
the values it compared and its own frame, from the lines the excerpt loses at least cost, never from a report kept
whole (see Roll.mend).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from remediate.facts.ci import Structure
from remediate.facts.excerpt.render import HEADER_COST
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import both, in_failing_steps, job_end, up_to
from remediate.facts.excerpt.telling import Telling, telling
from remediate.facts.excerpt_marks import LIBRARY, SEED_MIN, Tasks
from remediate.facts.failingtests import failing_test_marked, failing_test_named
from remediate.facts.lazyregex import Regex
from remediate.facts.score import line_score
from remediate.facts.testblocks import report_lines, section_heads
from remediate.facts.verdicts import passing_verdict, tallies_failures
from remediate.facts.view import positions

ROLL_SHARE = 0.1  # of the budget, at most, for the roll's lines the excerpt has not chosen yet

MEND_SHARE = 0.2  # of the budget, at most, moved to the heads of the named failing tests' reports the excerpt cut

ROLL_COUNTS = 3  # count lines taken, nearest the failure first: a run of many suites counts each


class Roll:
    """The roll's lines, their room held from the selector until `add`: the instances and the window before the
    failure come first, and take most of them (a summary right above the failure) at no cost of the roll's. Taken
    first, a count the window would reach anyway left the window's room a line it did not pay for. The lines a
    runner's marker leads (see _roll) wait for the blocks to grow (`add_marked`): taken before, the blocks widened
    around each lone `●` line instead of seeding the other test files' reports (their `FAIL` lines). The failing tests
    named are mended last (`mend`): which reports were cut is known only once the blocks have grown."""

    def __init__(self, lines: Tasks, sel: Selector, scores: dict[int, float], st: Structure, budget_chars: int) -> None:
        self.sel = sel
        self.room = int(budget_chars * ROLL_SHARE)
        self.nos, self.marked, self.mentions = _roll(lines, scores, st)
        self.lines, self.scores, self.st, self.budget_chars = lines, scores, st, budget_chars
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

    def mend(self) -> None:
        """Each failing test named or marked whose own report the excerpt cut (see _reports) gets its head, the line
        saying what it met, the values it compared and its own frame, within MEND_SHARE of the budget; the room is
        what the excerpt loses at least cost (see _losable), then the report's own lines it needs least (see
        _own_losable): a whole report keeps every line. Seeded best first, the reports near the job's failure were
        kept whole and the earlier ones by their heading alone (pytest's 12 alike parametrised failures, 6 of them
        without their `E` line at 2,000 tokens; Jest's `●` reports without their diff's `-`/`+` rows); taking that
        room from every report (08b70f4b, a share held before the blocks grew) cut reports that were whole."""
        reports = _reports(self.lines, self.mentions, self.st.regions)
        cut = [r for r in reports if not r.said <= self.sel.chosen]
        if not cut:
            return
        kept = {*self.nos, *self.st.key_lines, *(f.line for f in self.st.failures)}
        losable = _losable(self.lines, self.sel, self.scores, kept, reports)
        stays, shown = kept.union(*(r.needed for r in reports)), _shown(self.lines, self.sel)
        room = int(self.budget_chars * MEND_SHARE)
        for report in cut:
            need = [no for no in report.needed if not shown(no)]
            cost = self.sel.block_cost(need)
            if not need or cost > room:
                continue
            own = _own_losable(self.lines, self.sel, self.scores, stays, report)
            if _mended(self.sel, losable, own, need):
                room -= cost

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
    (failingtests.failing_test_marked: Jest names its failing tests only under `●`, ScalaTest beside `*** FAILED ***`);
    and the lines naming each failing test, named or marked (every mention, in log order: see _reports)."""
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
            mentions.setdefault(text.strip(), []).append(no)  # its line: suites' alike tests share a name
    held = sorted(counts.values(), reverse=True)[:ROLL_COUNTS] + sorted(named.values())
    return held, [] if named else sorted(marked.values()), list(mentions.values())


class _Report(NamedTuple):
    """A failing test's own report: its lines that say something (`said`: its head and its report's lines), those it
    needs shown (`needed`: the line naming it nearest its report, its verdict inside the span else its head; the line
    saying what it met, the values it compared, its own frame) and its span of log lines (`span`)."""

    said: frozenset[int]
    needed: list[int]
    span: tuple[int, int]


def _reports(lines: Tasks, mentions: list[list[int]], regions: list[tuple[int, int]]) -> list[_Report]:
    """Of each failing test named or marked (`mentions`: the lines naming it), the reports its mentions have, each
    once (testblocks.report_lines: its section's heading, else its verdict or marked line, over the report's lines):
    a name may be two tests' (node --test's TAP names a nested test by its description alone: `not ok 20 - prices
    case 19` under two suites, each over its own YAML block). A mention with no report (unittest's progress row
    `test_x (m.T) ... FAIL` over its `FAIL: test_x (m.T)` section, Jest's verbose tree row `✕ adds (3 ms)` over its `●
    suite › adds` report) is passed over; one whose report another's is (pytest's `-v` row and short summary over one
    section) adds none."""
    if not mentions:
        return []
    view = lines.view.within(*_steps_of([no for nos in mentions for no in nos], regions, lines.view.total_lines))
    at, sections = positions(view), section_heads(view)
    reports: dict[int, _Report] = {}  # by its head's line
    for nos in mentions:
        words: set[tuple[str, ...]] = set()  # of each report of the name, its lines' words
        for no in nos:
            i, name = at.get(no), _failing_test(lines.text(no))
            if i is None or name is None:
                continue
            head, report, last = report_lines(view, i, name, sections)
            said = [view[k].no for k in report if view[k].text.strip()]
            told = tuple(lines.text(n).strip() for n in said)
            if not (said or head != i) or view[head].no in reports or told in words:  # said or a --tb=native heading
                continue
            words.add(told)  # node --test's spec reporter prints each report again, less indented
            named = i if head < i <= last else head  # go test -v's `--- FAIL: T` under its `=== RUN   T`
            needed = sorted(
                {view[named].no, *_what_it_met(lines, said), *_compared(lines, said), *_own_frame(lines, said)}
            )
            reports[view[head].no] = _Report(frozenset((view[head].no, *said)), needed, (view[head].no, view[last].no))
    return sorted(reports.values(), key=lambda r: r.span)


def _steps_of(named: list[int], regions: list[tuple[int, int]], total: int) -> tuple[int, int]:
    """The span of the failing steps the lines `named` are output of (`regions`), the whole log (`total` lines) when
    none is: a test's section may be far from the lines naming it (pytest's, above its short summary)."""
    steps = [r for r in regions if any(r[0] <= no <= r[1] for no in named)]
    return (min(r[0] for r in steps), max(r[1] for r in steps)) if steps else (0, total)


def _failing_test(text: str) -> str | None:
    """The failing test the line names beside its verdict, else the one a runner's own marker leads it with."""
    return failing_test_named(text) or failing_test_marked(text)


COMPARED_ROWS = 2  # a report's value rows shown: the expected side's and the received side's first

# A report's row giving a value its assertion compared: a diff's row (Jest's and Vitest's `-   "total": 50,` /
# `+   "total": 49,`, node's assert's `+ 41` / `- 42`), not its legend (`- Expected  - 1`, `+ Received  + 1`,
# `+ actual - expected`); a value under its side's name (Jest's `Expected: "x"` / `Received: "y"`, `Expected
# length: 3`, TAP's YAML `expected: 42` / `actual: 41`); node's assert's `41 !== 42`; pytest's rewritten assert (`E
# assert Decimal('77.6') == Decimal('77.57')`). Anchored, bounded: linear.
_COMPARED = Regex(
    r"^\s{0,40}(?:[-+]\s{1,40}(?!(?:Expected|Received|expected|actual)\b)\S|"
    r"(?:Expected|Received|expected|actual)\b[\w ]{0,30}:\s{0,40}\S|\S.{0,300} !== \S)|"
    r"^E\s{1,40}(?:AssertionError: )?assert \S.{0,300} (?:[=!<>]=|[<>]|in|is) \S"
)


def _compared(lines: Tasks, report: list[int]) -> list[int]:
    """The report's first rows giving the values its assertion compared (COMPARED_ROWS, see _COMPARED): what a
    fix needs most, and in a long diff the first lines a cut loses (Jest's `- Expected`/`+ Received` legend shown,
    the rows below it not)."""
    return [no for no in report if _COMPARED.match(lines.text(no))][:COMPARED_ROWS]


def _own_frame(lines: Tasks, report: list[int]) -> list[int]:
    """The report's first frame in the project's own code (telling.Telling.FRAME, outside excerpt_marks.LIBRARY):
    where the test failed (Jest's `at Object.toEqual (test/cart.test.js:14:53)`), not in a dependency."""
    own = (no for no in report if _frame(lines.text(no)) and not LIBRARY.search(lines.text(no)))
    return [no] if (no := next(own, None)) is not None else []


def _frame(text: str) -> bool:
    return telling(text) is Telling.FRAME


def _what_it_met(lines: Tasks, report: list[int]) -> list[int]:
    """The report's line that says what the test met: its first error (excerpt.telling), else its best-scored line,
    unweighted (a run's alike failures weigh each other's lines down, the test's own frame then outweighing its error);
    never a passing verdict (go test -v's `--- PASS: T/sub` rows under its failing parent's `--- FAIL: T`)."""
    report = [n for n in report if not passing_verdict(lines.text(n))]
    errors = (n for n in report if telling(lines.text(n), lines.evidence.get(n, 0.0)) is Telling.ERROR)
    best = max(report, key=lambda n: (max(lines.evidence.get(n, 0.0), line_score(lines.text(n))), -n), default=None)
    first = next(errors, best)
    return [] if first is None else [first]


def _losable(
    lines: Tasks, sel: Selector, scores: dict[int, float], kept: set[int], reports: list[_Report]
) -> list[list[int]]:
    """The chosen lines the excerpt loses at least cost, as the drops that free room, first to go first (a run of them
    as late as its latest line's tier, see _tier): never a line of a report kept whole (its whole span), a report's
    head or own lines, nor one of `kept` (the job's lines, the roll's). A run of copies only when it is a block (see
    _block); of a run, each line from the end beside lines not chosen inward; a run between lines that stay, whole,
    where it costs more than the header its gap adds (a blank line between two reports freed nothing)."""
    whole = [r.span for r in reports if r.said <= sel.chosen]
    stays = {no for r in reports for no in r.said} | kept
    stays |= {no for no in sel.chosen if any(a <= no <= b for a, b in whole)}
    tier = _tier(lines, scores, reports, {lines.text(no).strip() for no in stays & sel.chosen})
    tiers = {no: t for no in sel.chosen - stays if (t := tier(no)) is not None}
    runs = [run for run in _runs(sorted(tiers)) if any(tiers[no] == 1 for no in run) or _block(lines, run)]
    drops = [(max(tiers[no] for no in run), drop) for run in runs for drop in _drops(sel, run)]
    return [drop for _, drop in sorted(drops, key=lambda d: d[0])]


COPY_LINES = 3  # lines saying something, at least, in a run of copies that goes (see _tier)


def _block(lines: Tasks, run: list[int]) -> bool:
    """Whether a run of copies (a report's lines printed again, a cut report's lines shown elsewhere) is a block
    printed again (COPY_LINES lines saying something), not a line here and there: dropped alone, each left a hole and
    a header in a traceback (`The above exception was the direct
    cause of the following exception:` between pytest's --tb=native frames)."""
    return sum(1 for no in run if lines.text(no).strip()) >= COPY_LINES


def _runs(nos: list[int]) -> list[list[int]]:
    """The lines `nos` (sorted) as runs of consecutive lines."""
    runs: list[list[int]] = []
    for no in nos:
        if runs and runs[-1][-1] == no - 1:
            runs[-1].append(no)
        else:
            runs.append([no])
    return runs


def _drops(sel: Selector, run: list[int]) -> list[list[int]]:
    """How the run of losable lines `run` is dropped (see _losable): a line at a time from its end beside lines not
    chosen, the farther first, or whole when lines that stay close it on both sides and it frees more than a header."""
    above, below = run[0] - 1 in sel.chosen, run[-1] + 1 in sel.chosen
    if above and below:
        return [run] if sum(map(sel.line_cost, run)) > HEADER_COST else []
    if above:
        return [[no] for no in reversed(run)]
    if below:
        return [[no] for no in run]
    return [run]  # a block of its own: its header goes with it


def _tier(
    lines: Tasks, scores: dict[int, float], reports: list[_Report], shown: set[str]
) -> Callable[[int], int | None]:
    """How early a line goes (None: it stays): a report's lines printed again (Tasks.echoes, Tasks.repeats), then the
    lines between the named tests' reports that none holds, seed nothing and are a passing test's (see _passing),
    then a cut report's lines besides its own that a line staying shows word for word (`shown`: pytest's parametrised
    test's source over each `E` line)."""
    spans = [r.span for r in reports]
    top, bottom = spans[0][0], max(end for _, end in spans)

    def tier(no: int) -> int | None:
        if no in lines.echoes or no in lines.repeats:
            return 0
        if scores.get(no, 0.0) >= SEED_MIN:
            return None
        if not any(a <= no <= b for a, b in spans):
            return 1 if top <= no <= bottom and _passing(lines, no) else None
        return 2 if lines.text(no).strip() in shown else None

    return tier


def _passing(lines: Tasks, no: int) -> bool:
    """A passing test's row (its verdict: `--- PASS`, Surefire's `Tests run: 12, Failures: 0`) or its own output
    (Tasks.passed_tests). Read as any unseeded line between the reports, a failing test's own report lines that no
    report reading spans (pytest's source lines over a traceback its section heading does not name) went for the
    other reports' heads (bench/perturb_excerpts.py's repeated-in-report: jwilder/nginx-proxy 0.28 -> 0.04 at 2,000)."""
    return no in lines.passed_tests or passing_verdict(lines.text(no))


def _shown(lines: Tasks, sel: Selector) -> Callable[[int], bool]:
    """Whether a line is shown: chosen, or its copy chosen (Tasks.echoes: node --test's `✖ failing tests:` printing
    each report again), or a frame whose place a chosen frame names (Jest's `test.each` rows failing at one line)."""
    echoed = {lines.echoes[no] for no in sel.chosen if no in lines.echoes}
    placed = {text.strip() for no in sel.chosen if _frame(text := lines.text(no))}
    return lambda no: no in sel.chosen or no in echoed or lines.text(no).strip() in placed


def _own_losable(
    lines: Tasks, sel: Selector, scores: dict[int, float], kept: set[int], report: _Report
) -> list[list[int]]:
    """The cut report's own chosen lines it needs least, as drops (see _drops), the least scored first: room for
    its own needed lines only, never for another report's (Jest's code frame's lines around the failing one, shown
    where the diff's `-`/`+` rows were not). Only its own lines (`said`): the rest of its section (pytest's test source
    over its `E` lines) goes only where another line shows it (see _tier). `kept`: the lines that stay (every report's
    needed lines, the job's)."""
    mine = sorted(no for no in report.said & sel.chosen if no not in kept)
    runs = sorted(_runs(mine), key=lambda run: (max(scores.get(no, 0.0) for no in run), -run[0]))
    return [drop for run in runs for drop in _drops(sel, run)]  # each run from its free end (a hole costs a header)


def _mended(sel: Selector, losable: list[list[int]], own: list[list[int]], need: list[int]) -> bool:
    """Whether the lines `need` were added, room freed by the `losable` drops first (those taken leave the list), then
    the report's `own` (see _own_losable). When they were not, nothing is dropped: a drop may free less than its lines
    cost (the header of the hole it left; a trace's first instance, its copies below then shown whole)."""
    point, pool = sel.checkpoint(), [*losable, *own]
    for _ in range(len(pool) + 1):  # a drop beside a needed line leaves it a header to pay: freed again
        if not _freed(sel, pool, sel.block_cost(need)):
            break
        if sel.add(need):
            del losable[: len(losable) + len(own) - len(pool)]
            return True
    sel.rollback(point)
    return False


def _freed(sel: Selector, losable: list[list[int]], cost: int) -> bool:
    """Whether the selector has `cost` characters of room, the `losable` drops (first to go first) taken while it
    has not; none taken when they would not free it."""
    if sel.budget - sel.cost >= cost:
        return True
    if sum(sel.line_cost(no) for drop in losable for no in drop) < cost - (sel.budget - sel.cost):
        return False
    while sel.budget - sel.cost < cost and losable:
        want, batch = cost - (sel.budget - sel.cost), []
        while losable and want > 0:
            drop = losable.pop(0)
            batch += drop
            want -= sum(map(sel.line_cost, drop))
        sel.drop(batch)
    return sel.budget - sel.cost >= cost


def _copied(lines: Tasks, no: int) -> bool:
    """A copy of a report (its first instance is the report), a passing test's output, a task's line that is none."""
    return no in lines.echoes or no in lines.repeats or no in lines.passed_tests or lines.unseen(no)
