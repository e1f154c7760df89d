"""The first error, seeded before the best lines when it is short and in the failing step (or the
report an after_failure stage `cat`s); for a log no tool parser read, the failing step's first line
that opens an error's report stands for it.
"""

from __future__ import annotations

from remediate.facts.ci import Structure
from remediate.facts.excerpt.blocks import seed_block
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import closing_block, in_stage, primary_step
from remediate.facts.excerpt.telling import heads_report, opens_report, read_failure, reports_any_failure
from remediate.facts.excerpt_marks import Tasks

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
