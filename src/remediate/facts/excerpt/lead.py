"""The first error, seeded before the best lines when it is short and in the failing step (or the
report an after_failure stage `cat`s); for a log no tool parser read, the failing step's first line
that opens an error's report stands for it, and a heading's list of failures is shown with it.
"""

from __future__ import annotations

from remediate.facts.ci import Structure
from remediate.facts.excerpt.blocks import nearest_part, seed_block
from remediate.facts.excerpt.instances import INSTANCE_SEARCH, INSTANCE_SHARE, add_instances, instance_start
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import closing_block, in_stage, primary_step
from remediate.facts.excerpt.telling import (
    INSTANCE_START,
    heads_report,
    opens_report,
    read_failure,
    reports_any_failure,
)
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.groups import message_shape
from remediate.facts.verdicts import counts_failures, passing_verdict

FIRST_SHARE = 0.25  # of the budget, at most, for the first error's block, taken before the best lines


def lead_seed(
    lines: Tasks, sel: Selector, st: Structure, scores: dict[int, float], first: int | None, end: int | None
) -> int | None:
    """`first`, the first error a tool reported, as the seed to take before the best lines when
    it is in the failing step and its block is short (at most FIRST_SHARE of the budget): of
    several failures reported one after another the first is often the cause of the rest, while
    the window before the failure shows the last ones and the position weight favours them. A
    long report is left to its score, so as not to crowd out the others. When no tool reported an
    error before the job's failure (`end`), no parser read a failure in the failing step and the
    first error is in a stage run because the job failed (Travis' after_failure: see in_stage), it is
    the failing step's report that stage `cat`s (CTest's LastTest.log, automake's test-suite.log). Not
    where a parser read the step's own report (a Jest diff): a log cat'ed then is the set-up's
    (config.log's compiler probes); nor where the step's last block says a failure in any words (an
    Emacs backtrace: what after_failure cats then is a service's log, its tracebacks its own); nor in
    a stage run whatever the job returned (after_script's coverage upload), whose errors caused nothing."""
    if first is not None and end is not None and first > end and in_stage(st, "after_failure")(first):
        step = primary_step(st)
        if read_failure(lines, scores, step) or reports_any_failure(lines, scores, closing_block(lines, step, end)):
            return None
        return first if sel.block_cost(seed_block(lines, first, scores)) <= sel.budget * FIRST_SHARE else None
    if first is None or (st.primary is not None and first >= st.primary.line):
        return None
    if st.region is not None and not st.region[0] <= first <= st.region[1]:
        return None
    return first if sel.block_cost(seed_block(lines, first, scores)) <= sel.budget * FIRST_SHARE else None


def unparsed_lead(lines: Tasks, sel: Selector, st: Structure, scores: dict[int, float]) -> int | None:
    """For a log in which no tool parser found an error record: the failing step's first reported error (see
    first_reported), with the list it heads (see lead_list) or the instance it ends (see lead_instance) chosen."""
    return lead_instance(lines, sel, st, scores, lead_list(lines, sel, st, scores, first_reported(lines, st, scores)))


def first_reported(lines: Tasks, st: Structure, scores: dict[int, float]) -> int | None:
    """For a log in which no tool parser found an error record: the first line of the failing
    step's output, before its failure line, that opens an error's report (see opens_report), not in
    a passing test's output (Tasks.passed_tests). Of
    several failures printed one after another the first is often the cause of the rest, and the
    one the window before the failure and the position weight miss."""
    if st.region is None:
        return None
    low, high = st.region
    if st.primary is not None:
        high = min(high, st.primary.line - 1)
    for no in scores:  # in line order (see weighted_scores); only lines with any score can report
        if low <= no <= high:
            text = lines.text(no)
            if no not in lines.listing and no not in lines.passed_tests and (opens_report(text) or heads_report(text)):
                return no
        elif no > high:
            break
    return None


def lead_list(lines: Tasks, sel: Selector, st: Structure, scores: dict[int, float], first: int | None) -> int | None:
    """For a log in which no tool parser found an error record, whose first reported failure (see
    first_reported) is a line that heads a list of failures (heads_report: PHPUnit's `There were 3 errors:`):
    the list (see headed_list), within FIRST_SHARE of the budget, a long one cut to its first records. Seeded
    as a line, the heading's block ended inside its first record (PHPUnit's records are not indented under it,
    a blank line inside each), and the summaries of later runs took the room of the rest: of a PHPUnit run per
    test folder the excerpt kept the first run's heading and first message, not the records' locations nor the
    two records below. Returns `first`."""
    if first is None or st.region is None or not heads_report(lines.text(first)):
        return first
    listed = headed_list(lines, first, st.region[1])
    below = next((no for no in listed[1:] if lines.text(no).strip()), None)
    # Only a list of error instances (its first record opens one: `1) CalcTest::testAdd`), not another tool's
    # lines below a colon (Vim's `2 FAILED:` over its `Found errors in ...` and the next file's run), and only one
    # longer than the heading's block (RSpec's records, indented under `Failures:`, are the block's: see seed_block).
    if (
        below is not None
        and INSTANCE_START.match(lines.text(below))
        and listed[-1] > seed_block(lines, first, scores)[-1]
    ):
        sel.add(nearest_part(sel, listed, first, int(sel.budget * FIRST_SHARE)))
    return first


def headed_list(lines: Tasks, first: int, last: int) -> list[int]:
    """The lines of the list a heading announces (PHPUnit's `There were 3 errors:` over its `1) ...` records),
    down to the next line that counts failures (the run's `Tests: 3, Assertions: 0, Errors: 3.`, the next list's
    `There was 1 failure:`) or a verdict, at most INSTANCE_SEARCH lines, not past line `last` (the step's end), a
    gap or two blank lines in a row (records are one blank line apart)."""
    task = lines.prefixes.get(first)
    block = [first]
    for no in range(first + 1, min(last, first + INSTANCE_SEARCH) + 1):
        if lines.view.get(no) is None or no in lines.starts:
            break
        if lines.other(no, task):
            continue
        text = lines.text(no)
        if not text.strip() and not lines.text(block[-1]).strip():
            break
        block.append(no)
        if counts_failures(text) or passing_verdict(text):
            break
    while not lines.text(block[-1]).strip():
        block.pop()
    return block


def lead_instance(
    lines: Tasks, sel: Selector, st: Structure, scores: dict[int, float], first: int | None
) -> int | None:
    """For a log in which no tool parser found an error record: the instance the first reported error ends (see
    first_reported; from its section header or traceback start, see instance_start), cut as a long instance is, in
    the room the reports after it leave (see _spare). A parser's first record is shown so (build_excerpt's
    `instances`); without one, the first error's line was seeded with a few lines above it, and the budget went to
    the later reports' lines: of pytest's long form, ten alike ConnectionError instances' last lines, not the first
    instance's test name, source and frames. Returns `first`."""
    start = instance_start(lines, first) if first is not None and st.region is not None else None
    if first is None or st.region is None or start is None or _instance_above(lines, start, st.region[0]):
        return first
    room = min(int(sel.budget * INSTANCE_SHARE), _spare(lines, sel, scores, first, st.region[1]))
    if room > 0:
        add_instances(lines, sel, scores, [first], room)
    return first


def _instance_above(lines: Tasks, start: int, low: int) -> bool:
    """Whether an error instance starts above `start`, within INSTANCE_SEARCH lines and not above line `low` (the
    failing step's first): an earlier failure that reports no error's words (pytest's `E   assert 10.85 == 10.86`,
    no exception) is not first_reported's, and its instance, not the later one, is the first."""
    return any(INSTANCE_START.match(lines.text(no)) for no in range(max(low, start - INSTANCE_SEARCH), start))


def _spare(lines: Tasks, sel: Selector, scores: dict[int, float], first: int, last: int) -> int:
    """The budget left once each later report (a line after `first`, up to line `last`, that opens one: see
    opens_report) has its block, as a seed's (see seed_block): the first instance takes nothing the later reports
    need. Alike reports (groups.message_shape: one service by another URL or host) count once: the excerpt shows one
    of them whatever their number. Counted by their own lines alone, the reports of a parametrised test's runs
    (`AssertionError: 19.99 in eu`, `... 5.55 in uk`) lost their blocks to the first instance at 1,000 tokens."""
    spare = sel.budget - sel.cost
    seen: set[str] = set()
    for no in scores:  # in line order (see weighted_scores)
        if no > last or spare <= 0:
            break
        if no <= first or no in sel.chosen or no in lines.passed_tests or not opens_report(text := lines.text(no)):
            continue
        if (key := message_shape(text)) not in seen:
            seen.add(key)
            spare -= sel.block_cost(seed_block(lines, no, scores))
    return spare
