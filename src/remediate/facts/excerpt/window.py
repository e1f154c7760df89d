"""The contiguous output before the failure, taken backwards until a long quiet run, passing over
parallel tasks that did not fail, a run that passed and a table after the report; a cut list's head.
"""

from __future__ import annotations

from remediate.facts.ci import Structure
from remediate.facts.excerpt.blocks import HEAD_SCAN, SKIP_MAX, failing_test_above, nonblank, report_headings
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.tables import RULE, column_edges, row_key, same_layout, table_row
from remediate.facts.excerpt.telling import FAILURE_SCORE, Telling, telling
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.indent import indent_of
from remediate.facts.meaning import unreachable
from remediate.facts.score import line_score
from remediate.facts.verdicts import says_passed

TAIL_SHARE = 0.5  # of the budget, at most, for the contiguous output before the failure


TAIL_MAX_LINES = 120


QUIET_RUN = 20  # lines without evidence that end the window


QUIET_SCORE = 2.0  # "without evidence": scored below this


LIST_HEAD_SHARE = 0.1  # of the budget, at most, for the first rows of a list the window before the failure cut


LIST_HEAD_LINES = 4  # a cut list's first rows shown, below its heading


LIST_SCAN = 5_000  # lines of one list followed up to its first row


def add_tails(
    lines: Tasks, sel: Selector, scores: dict[int, float], st: Structure, budget_chars: int, follow: dict[int, int]
) -> None:
    """The window before the primary failure (within its step), and smaller ones before up to three
    other job-level failures; of a follow-on (`follow`, see follow_ons), the line saying why it failed."""
    end = st.primary.line if st.primary is not None else lines.view.total_lines + 1
    floor = st.region[0] if st.region is not None else 0
    cut = _window_before(lines, sel, scores, end, floor, int(budget_chars * TAIL_SHARE), TAIL_MAX_LINES)
    if cut is not None:
        _add_list_head(lines, sel, cut, floor, int(budget_chars * LIST_HEAD_SHARE))
        _add_report_head(lines, sel, cut, floor, int(budget_chars * LIST_HEAD_SHARE))
    others = [f for f in st.failures if f.job_level and f is not st.primary][:3]
    for other in others:
        if other.line in follow:
            sel.add([follow[other.line]])
            continue
        floor = max((r[0] for r in st.regions if r[0] < other.line), default=0)
        _window_before(lines, sel, scores, other.line, floor, int(budget_chars * TAIL_SHARE / 6), TAIL_MAX_LINES // 6)


def follow_ons(lines: Tasks, st: Structure) -> dict[int, int]:
    """The job-level failures after the primary one that are follow-ons, each with the line saying why it failed:
    the last of the TAIL_MAX_LINES / 6 lines before it that tells anything (excerpt.telling) says a client could
    not reach its server (meaning.unreachable). Such a command ended on a network's failure, not on a report or a
    verdict of its own (a test run whose database refused it ends on its summary, `1 failed`): it failed for want
    of a network (a coverage upload, a cache or artefact upload, a deploy hook), not as the job did. Its window
    showed the HTTP stack's chained tracebacks above that line (coveralls' frames above `requests.exceptions.
    ConnectionError: HTTPSConnectionPool(host='coveralls.io', ...)`, some 150 tokens at 2,000), which took the
    room of the first failure's report; its lines wait for all of the job's other lines (see grow). A later
    command that fails on its own words keeps its window before the first report grows: on LogChunks' dev half
    rabbitmq's `make ct-fast` after `make xref` (both labelled) and openface's tests after three linters (only
    the tests labelled); round 31 made every later window wait for the first report (a2dbd87) and held-out
    LogChunks fell."""
    if st.primary is None:
        return {}
    found: dict[int, int] = {}
    for failure in st.failures:
        if failure.job_level and failure.line > st.primary.line:
            floor = max((r[0] for r in st.regions if r[0] < failure.line), default=0)
            unreached = _unreached(lines, failure.line, floor, TAIL_MAX_LINES // 6)
            if unreached is not None:
                found[failure.line] = unreached
    return found


def _unreached(lines: Tasks, end: int, floor: int, max_lines: int) -> int | None:
    for no in range(end - 1, max(floor, end - 1 - max_lines), -1):
        if lines.view.get(no) is None:
            return None
        if telling(lines.text(no), lines.evidence.get(no, 0.0)) is not None:
            return no if unreachable(lines.text(no)) else None
    return None


def _window_before(
    lines: Tasks, sel: Selector, scores: dict[int, float], end: int, floor: int, chars: int, max_lines: int
) -> int | None:
    """Add lines going back from `end` (exclusive) while they fit in `chars` and `max_lines`, and
    stop at a long run of lines without any evidence (passing tests, progress, install logs).
    Lines of parallel tasks that reported no failure are passed over, and so are a run that passed
    and a table (_above_quiet_list) when a failure's report is above (_failure_above). Returns the
    last line taken when its room (`chars`, `max_lines`, the budget) cut the window, not what it met."""
    spent = taken = quiet = skipped = repeated = 0
    no = end - 1
    last: int | None = None
    while no > floor:
        if taken >= max_lines:
            return last
        if lines.view.get(no) is None:
            break
        if no in sel.chosen and no in sel.runs:  # a run of identical lines, already taken whole
            no -= 1
            continue
        if lines.unseen(no) or no in lines.echoes or no in lines.repeats:  # a copy: its first instance is above
            repeated, skipped = repeated + (no in lines.repeats), skipped + (no not in lines.repeats)
            if skipped > SKIP_MAX or repeated > LIST_SCAN:  # a block's copies: the report's head is above them
                break
            no -= 1
            continue
        quiet = quiet + 1 if scores.get(no, 0.0) < QUIET_SCORE else 0
        # Over each table after the report once its rows show it is one (a coverage table, a benchmark's timings)
        top = _over_table(lines, sel, scores, no, floor, quiet)
        if top is not None:
            no, quiet = top, 0
            continue
        if quiet > QUIET_RUN:
            break
        cost = sel.block_cost([no])
        if spent + cost > chars or not sel.add([no]):
            return last
        spent += cost
        taken += 1
        last = no
        if says_passed(lines.text(no)):
            # Above it is a run that passed (another suite, a parallel job's part): pass over it
            # to the failing run above, if one is near; else the context ends here.
            above = _failure_above(lines, no, floor)
            if above is None:
                break
            no, quiet = _report_end(lines, above, no), 0
            continue
        no -= 1
    return None


def _over_table(lines: Tasks, sel: Selector, scores: dict[int, float], no: int, floor: int, quiet: int) -> int | None:
    """The line above the table line `no` ends (see _above_quiet_list), `quiet` lines into a run without
    evidence: a table whose rows share their columns from its last row (the rows above it share its
    layout), a list of alike rows once QUIET_RUN / 2 of them were taken. A table's rows passed over (not
    a list's: make -k -j2's alike commands are the report's) are no context for widening (Selector.passed)."""
    row = no - 1 if RULE.match(lines.text(no)) else no  # a rule under the table (`-----`) is the table's
    last_row = quiet > 0 and lines.view.get(row) is not None and _columned(lines, scores, row, -1)
    if not last_row and quiet <= QUIET_RUN // 2:
        return None
    top = _above_quiet_list(lines, scores, row, floor, last_row)
    if top is not None and last_row:
        sel.add([row])  # the table's last row stays: the reader sees a table ended there
        sel.passed.update(range(top + 1, no + 1))
        sel.passed.discard(row)
    elif top is not None and _columned(lines, scores, no, 1):
        sel.passed.update(range(top + 1, no + 1))
    return top


def _add_list_head(lines: Tasks, sel: Selector, cut: int, floor: int, room: int) -> None:
    """When the window before the failure was cut inside a list of alike rows (a linter's or a
    link checker's findings, one per line: see row_key), the list's heading and first rows too,
    within `room`: the window shows its last rows and the count after them, and the first rows
    are where the list starts, often the first thing that went wrong."""
    key = row_key(lines.text(cut))
    if not key or lines.view.get(cut - 1) is None or row_key(lines.text(cut - 1)) != key:
        return
    start = cut - 1
    while start - 1 > max(floor, cut - LIST_SCAN) and lines.view.get(start - 1) is not None:
        if row_key(lines.text(start - 1)) != key:
            break
        start -= 1
    block = list(range(start, min(start + LIST_HEAD_LINES, cut)))
    while len(block) > 1 and sel.block_cost(block) > room:
        block.pop()
    if start - 1 > floor and nonblank(lines.view, start - 1) and sel.block_cost([start - 1, *block]) <= room:
        block.insert(0, start - 1)  # the heading, when it fits beside the first rows
    sel.add(block)


def _add_report_head(lines: Tasks, sel: Selector, cut: int, floor: int, room: int) -> None:
    """When the window before the failure was cut inside an indented report (its top line hangs under a less
    indented one), the headings it hangs under (see report_headings), the outermost alone when not all fit `room`:
    what failed. Cut by its room, the window kept GHC's last error's last bullets and code frame, not the
    `src/Stock.hs:12:48: error:` above them. Only the headings: a heading's own first line too made the heading look
    shown from there down, and its seed's block (an Emacs backtrace's long frames, dev) was no longer seeded. A report
    not indented under its failing test's line (see failing_test_above) keeps that line: Test::More's diagnostics lost
    their `#   Failed test 'name'` line so, the window beginning at `#   at t/x.t line 72.`."""
    top = next((n for n in range(cut, cut + HEAD_SCAN) if nonblank(lines.view, n)), None)
    if top is None:
        return
    heads = report_headings(lines, top, floor)
    # The outermost heading alone when not all fit; a failing test's line only with the lines down to the window: alone
    # over a window cut in Surefire's stack, it took the room of the run's `Results:` and not the error between.
    for block in (heads, heads[:1]) if heads else (failing_test_above(lines, top, floor),):
        if block and sel.block_cost(block) <= room and sel.add(block):
            return


def _above_quiet_list(lines: Tasks, scores: dict[int, float], no: int, floor: int, columned: bool) -> int | None:
    """The line just above the table whose list of alike rows line `no` ends (see row_key: the
    quiet run the window met ends with QUIET_RUN / 2 rows of one shape, or of one column layout,
    column_edges: a coverage table's rows, each a file's name, share only their columns; the table goes
    on up over its header and rules while its lines have no evidence and are its rows, see
    table_row), when a line within SKIP_MAX lines above it reports a failure (see _failure_above):
    the window before the failure goes on there instead of stopping in the table. `columned`: `no`
    is known to be a table's row. None when `no` ends no such list."""
    key, columns = row_key(lines.text(no)), column_edges(lines.text(no))
    alike = bool(key) and all(row_key(lines.text(n)) == key for n in range(no, no + QUIET_RUN // 2))
    if not columned and not alike and not _columned(lines, scores, no, 1):
        return None
    top = no
    while top - 1 > floor and no - top < LIST_SCAN and lines.view.get(top - 1) is not None:
        if scores.get(top - 1, 0.0) >= QUIET_SCORE or not table_row(lines.text(top - 1), key, columns):
            break
        top -= 1
    return top - 1 if top - 1 > floor and _failure_above(lines, top, floor) is not None else None


def _columned(lines: Tasks, scores: dict[int, float], no: int, step: int) -> bool:
    """Whether line `no` and the QUIET_RUN / 2 - 1 lines after it (`step` 1) or before it (-1) are a table's
    rows without evidence, of one column layout (see same_layout)."""
    columns = column_edges(lines.text(no))
    if not columns:
        return False
    others = range(no + step, no + step * (QUIET_RUN // 2), step)
    return all(
        lines.view.get(n) is not None
        and scores.get(n, 0.0) < QUIET_SCORE
        and same_layout(column_edges(lines.text(n)), columns)
        for n in others
    )


def _report_end(lines: Tasks, top: int, run: int) -> int:
    """The last line above the passing run at `run` that hangs under the failure line `top` (indented deeper,
    blank lines between), up to a stack's first frame: the window goes on from there. From `top` itself it lost
    the report's end: TAP's `  Failed Tests:` over its indented `    x adds prices` rows, which then waited for a
    seed, and a coverage upload's traceback seeded earlier took their room when it fitted by a few characters. A
    stack under an exception is its seed block's (blocks.seed_block follows it): the window stops above it, where
    a passing test's logged exception ends the window too (Gradle's `STANDARD_ERROR` over a 50-frame stack)."""
    indent, end = indent_of(lines.text(top)), top
    for n in range(top + 1, run):
        text = lines.text(n)
        if not text.strip():
            continue
        if indent_of(text) <= indent or says_passed(text) or telling(text) is Telling.FRAME:
            break
        end = n
    return end


def _failure_above(lines: Tasks, no: int, floor: int) -> int | None:
    """The nearest line above the passing run that ends at `no` that reports a failure (a tool's
    evidence or a generic score of FAILURE_SCORE, not itself a passing line), within SKIP_MAX
    lines other than passing ones (up to LIST_SCAN lines in all) and above `floor`: in a sequence of
    suites run one after another, the failing one is often followed by passing ones, and its report
    is the failure's context, not theirs. A verbose run's passing results do not count: 300 of
    `test_x PASSED [ 1%]` printed after the report (a runner that reports failures first) left the
    window before the failure with nothing, and the report was seeded from its best lines."""
    others = 0
    for n in range(no - 1, max(floor, no - LIST_SCAN - 1), -1):
        if lines.view.get(n) is None:
            return None
        text = lines.text(n)
        if says_passed(text):
            continue
        if max(lines.evidence.get(n, 0.0), line_score(text)) >= FAILURE_SCORE:
            return n
        others += 1
        if others > SKIP_MAX:
            return None
    return None
