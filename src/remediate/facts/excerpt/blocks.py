"""A seed's block of context: the lines above it that it closes or hangs under, the lines after it that
continue it, in interleaved output only its own task's; and a block cut to a room, nearest the seed first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.failingtests import failing_test_marked, failing_test_named
from remediate.facts.indent import indent_of
from remediate.facts.located import numbered_source
from remediate.facts.runnersections import NOSE_CAPTURED
from remediate.facts.verdicts import passing_verdict, says_passed
from remediate.facts.view import View

ABOVE_MAX_LINES = 40  # lines a block may reach above its seed


SKIP_MAX = 200  # lines of other parallel tasks passed over in a row while following one task


HEAD_SCAN = 40  # lines above an indented line searched for the headings it hangs under


def nonblank(view: View, no: int) -> bool:
    line = view.get(no)
    return line is not None and bool(line.text.strip())


def seed_block(lines: Tasks, no: int, scores: dict[int, float]) -> list[int]:
    """The seed line with a little context: the lines above it (see lines_above) and the lines
    after that continue it (indented, stack frames, more evidence), at most 10 (40 in a trace;
    none after the job's failure line); in interleaved output, the seed's own task's lines."""
    seed_indent = indent_of(lines.text(no))
    before = lines_above(lines, no, seed_indent)
    if no in lines.ends:
        # The job's failure line: the window before it shows the report above (see _window_before), which
        # passes over a table printed after the report; followed up an indented run here, this block took
        # the table's last 40 rows (a coverage table's file rows) once the window had passed over them.
        before = before[-3:]
    after: list[int] = []
    blanks = 0
    # The job's failure line: its report is above it. A step's command (`$ pytest -W "error:old_api:..."` seeds on
    # its `error`): no report, what it printed first (gcc's warnings, pytest's session header) is no failure's.
    limit = 0 if no in lines.ends or no in lines.starts else 10
    for k, n in enumerate(_task_lines(lines, no, 1), start=1):
        if k > limit or n in lines.noise or (n in lines.repeats and no not in lines.repeats):
            break  # a repeated block's later copy continues no report but its own (see repeat_lines)
        if n in lines.passed_tests and no not in lines.passed_tests:
            # A passing test's output (Tasks.passed_tests) continues no failure's report: below the failing
            # command's `$ pytest -W "error:old_api:..."`, followed as a trace, JUnit's logged stack took 40 lines.
            break
        text = lines.text(n)
        if not text.strip():
            blanks += 1
            if blanks > 1 and not _section_end_below(lines, n):
                break
            after.append(n)
            continue
        blanks = 0
        if passing_verdict(text):
            break
        continues = (
            indent_of(text) > seed_indent
            or scores.get(n, 0.0) > 0
            or text.lstrip().startswith(("at ", "File ", "|", "^", "~", "-", "+", "E ", ">", "*", "="))
        )
        if not continues and k > 3:
            break
        if indent_of(text) > seed_indent or text.lstrip().startswith(("at ", "File ", "#")):
            limit = 40  # a stack trace or an indented report: follow it
        after.append(n)
    while after and not lines.text(after[-1]).strip():
        after.pop()
    return [*before, no, *after]


def _section_end_below(lines: Tasks, no: int) -> bool:
    """Whether the next line below `no` that is not blank, one or two down, ends a section a runner sets apart
    (nose's `>> end captured stdout <<` rule): what a test printed there may end in blank lines of its own, which
    end no report. Stopped at them, a block of nose's report of a test whose demo script failed (the script's
    traceback printed by the test) lost the end rule and what follows it: the next failure's rule and heading."""
    for n in (no + 1, no + 2):
        line = lines.view.get(n)
        if line is None:
            return False
        if line.text.strip():
            return NOSE_CAPTURED.end.match(line.text) is not None
    return False


def _task_lines(lines: Tasks, no: int, step: int) -> Iterator[int]:
    """The lines after `no` (step 1) or before it (step -1) up to a gap in the view; in
    interleaved output only those of `no`'s task, passing over at most SKIP_MAX others in a row."""
    task = lines.prefixes.get(no)
    skipped = 0
    n = no + step
    while lines.view.get(n) is not None:
        if lines.other(n, task):
            skipped += 1
            if skipped > SKIP_MAX:
                return
        else:
            skipped = 0
            yield n
        n += step


def nearest_part(sel: Selector, block: list[int], no: int, room: int, keep: int | None = None) -> list[int]:
    """The block cut to `room` from its ends, the end farther from the seed first (context above
    a line that closes a report and below one that opens it both stay next to it). `keep`, the
    heading an indented seed hangs under (ESLint's file name above its `4:3  error ...` rows, see
    heading_of), stays: the lines between it and the seed go first."""
    part = list(block)
    while len(part) > 1 and sel.block_cost(part) > room:
        drop = 0 if no - part[0] > part[-1] - no else -1
        if part[drop] == keep:  # the heading: the line below it, else the farthest below the seed
            drop = 1 if part[1] != no else -1
            if part[drop] == no:
                drop = 0
        part.pop(drop)
    return part


def heading_of(lines: Tasks, block: list[int], no: int) -> int | None:
    """The block's first line when the seed is indented under it (less indented, above): the
    line that names what the seed's report is about."""
    indent = indent_of(lines.text(no))
    if block and block[0] < no and indent and indent_of(lines.text(block[0])) < indent:
        return block[0]
    return None


def lines_above(lines: Tasks, no: int, seed_indent: int) -> list[int]:
    """Up to 3 lines before the seed (stopping at a blank line or a passing verdict), and beyond
    them a run indented deeper than the seed with the line it hangs under: the report the seed
    closes (gcc's include chain under "In file included from", a stack before a verdict)."""
    before: list[int] = []
    if no in lines.starts:  # a step's start: the lines above are the step before it (see step_starts)
        return before
    above = list(itertools.islice(_task_lines(lines, no, -1), ABOVE_MAX_LINES + 1))
    if seed_indent and len(above) > 1 and not lines.text(above[0]).strip():
        return _heading_over_blank(lines, above[1], above[0], seed_indent)
    for k, n in enumerate(above[:ABOVE_MAX_LINES], start=1):
        text = lines.text(n)
        if not text.strip() or passing_verdict(text) or n in lines.noise:
            break
        before.append(n)
        if n in lines.starts:
            break
        if k >= 3 and indent_of(text) <= seed_indent:
            if k > 3:  # this line heads the indented run below it
                break
            # the 3rd line: go on only into an indented run
            if k >= len(above) or indent_of(lines.text(above[k])) <= seed_indent:
                break
    before.reverse()
    return before


def _heading_over_blank(lines: Tasks, heading: int, blank: int, seed_indent: int) -> list[int]:
    """An indented seed under a blank line: the line above the blank when it is less indented,
    the heading the report hangs under (Biome's and other miette-style `src/cart.js:11:9
    lint/... ━━━` over `  × message`, Jest's `  ● suite › test` over its `    expect(...)`): it
    names the file or the test the report is about."""
    text = lines.text(heading)
    if not text.strip() or indent_of(text) >= seed_indent or passing_verdict(text) or heading in lines.noise:
        return []
    return [heading, blank]


def report_headings(lines: Tasks, top: int, floor: int) -> list[int]:
    """The lines an indented line `top` hangs under, outermost first: going up (over blank lines and the lines
    indented as deep, within HEAD_SCAN lines, above `floor`), each line less indented than the last one found, to
    one at the line's start: Jest's `FAIL path` over `  ● suite › test` over the assertion, GHC's `File.hs:3:7:
    error:` over its indented bullets (a code frame's numbered source line, unindented, is the message's: see
    located.numbered_source). Not over a step's start; none under a passing verdict (what a passing test printed: at 200
    tokens the heading of Jest's `● Console` block took the room of the failing test's `Received: 300`); in
    interleaved output, `top`'s task's."""
    indent = indent_of(lines.text(top))
    heads: list[int] = []
    task = lines.prefixes.get(top)
    for n in range(top - 1, max(floor, top - HEAD_SCAN - 1), -1):
        if not indent or lines.view.get(n) is None or n in lines.starts:
            break
        text = lines.text(n)
        if not text.strip() or indent_of(text) >= indent or numbered_source(text) or lines.other(n, task):
            continue
        if passing_verdict(text):
            return []  # a passing test's output (Jest's `PASS x.test.js` over its `  ● Console`): no failure's
        heads.insert(0, n)
        indent = indent_of(text)
    return heads


def failing_test_above(lines: Tasks, top: int, floor: int) -> list[int]:
    """The line above `top` naming the failing test whose report `top` is a line of, and the lines between: the
    nearest line that names one (failingtests: ScalaTest's `[info] - name *** FAILED ***` over `[info]   9.0 was not
    greater than or equal to 10 (X.scala:87)`, Test::More's `#   Failed test 'name'` over `#   at t/x.t line 7.`, Go's
    `--- FAIL: TestX (0.00s)`, unittest's `FAIL: test_x (m.T)`), within HEAD_SCAN lines above `floor`, not across a
    passing verdict (that test passed: what follows is another's) or a step's start; none when `top` names one itself.
    report_headings reads an indented report's headings; these reports are not indented under theirs (sbt's `[info] `
    before each line, TAP's `#`), or the header is indented alike (Go's subtest)."""
    if _names_failing_test(lines.text(top)):
        return []
    task = lines.prefixes.get(top)
    for n in range(top - 1, max(floor, top - HEAD_SCAN - 1), -1):
        if lines.view.get(n) is None or n in lines.starts:
            break
        if lines.other(n, task):
            continue
        text = lines.text(n)
        if _names_failing_test(text):
            return list(range(n, top))
        if says_passed(text):
            break
    return []


def _names_failing_test(text: str) -> bool:
    return failing_test_named(text) is not None or failing_test_marked(text) is not None
