"""The tiers in which blocks are seeded and widened once the job's lines, the instances and the window
before the failure are chosen: the primary failing step's report, the other failing steps, what the CI
ran after the failure (within AFTER_SHARE first), then the rest up to the job's failure and beyond.
"""

from __future__ import annotations

from collections.abc import Callable

from remediate.facts.ci import Structure
from remediate.facts.excerpt.blocks import lines_above
from remediate.facts.excerpt.instances import INSTANCE_HEAD_LINES, instance_start
from remediate.facts.excerpt.seeds import seed_blocks
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import both, but_not, in_failing_steps, in_region, in_stage, up_to
from remediate.facts.excerpt.telling import reports_any_failure, reports_error, reports_failure
from remediate.facts.excerpt.widen import WIDEN_BEFORE_END, WIDEN_ROUNDS, widen
from remediate.facts.excerpt_marks import SEED_MIN, Tasks
from remediate.facts.indent import indent_of
from remediate.facts.verdicts import passing_verdict

AFTER_SHARE = 0.25  # of the budget, at most, for what ran after the job's failure, before the rest up to it

# What the CI ran after the job's failure, in the order it is grown: the stage run because the job failed
# (Travis' after_failure), then all of it.
_AfterFailure = tuple[Callable[[int], bool], Callable[[int], bool]]

# The job's failure (see job_end) and whether a line is of its follow-ons (see window.follow_ons).
_Ends = tuple[int | None, Callable[[int], bool]]


def grow(lines: Tasks, sel: Selector, scores: dict[int, float], st: Structure, lead: int | None, ends: _Ends) -> None:
    """Blocks around the best lines (`lead` first), then spare budget widening the chosen blocks (a line after, then
    before; the edges beside the best lines first), tier by tier: the primary failing step's report (of several
    failing steps, until nothing grows), then the other failing steps' (Travis runs every script command: a later
    one that fails too is a second failure or a consequence, whose last lines the window before its failure line
    shows already), then the failing steps' every line (until nothing grows), then what the CI ran after it (because
    it failed first), then the rest up to the job's failure. A seed outside the failing steps that reports an error
    before the primary failure (a build run with `|| true`) comes right after the primary step's seeds, before its
    widening, and so does a line after the job's failure that repeats the failing steps' report (the CI's
    diagnostics of that failure: see _repeats_failing_steps); one that only names an error waits (see
    in_failing_steps). Once the failing steps' reports have grown until nothing grows, what ran after the failure
    comes before the lines above the failing steps (see _after_failure). What the primary step printed above its
    first line reporting a failure (a build's warnings before a test run's report) waits until what ran after the
    failure has grown, then widens before the setup's lines seed (see _above_report); a report printed again (a
    retried command's, see echo_lines) waits with the setup's lines once its first instance is seeded: growing
    beside it, the copies took half of the room of a long first instance. `ends`: the job's failure (see job_end)
    and the lines of its follow-ons (window.follow_ons), which wait for every other line up to it."""
    end, follow = ends
    inside = but_not(in_failing_steps(st), follow)
    primary = in_region(st.region) if st.region is not None and len(st.regions) > 1 else inside
    before_end = but_not(up_to(end), follow)
    before_primary = up_to(st.primary.line - 1) if st.primary is not None else before_end
    above = _above_report(lines, scores, primary)
    waiting = lambda no: above(no) or no in lines.echoes  # noqa: E731 (a report printed again waits too)
    held = lambda no: above(no) or no in lines.echoes or no in lines.repeats  # noqa: E731 (see repeat_lines)
    report = but_not(primary, held)
    ran_after = lambda no: end is not None and no > end  # noqa: E731 (what the CI ran after the job's failure)
    after = (both(ran_after, in_stage(st, "after_failure")), ran_after)  # the stage run because it failed first
    if end is not None and not reports_any_failure(lines, scores, primary):
        # The failing step printed no failure of its own (a build, passing suites, then its exit): its
        # report went to a file that what ran after the failure `cat`s (CTest's LastTest.log, automake's
        # test-suite.log, a runner's report), so that gets its room before the step's lines seed.
        _seed_after(lines, sel, scores, after, share=AFTER_SHARE)
    seed_blocks(lines, sel, scores, lead, report, clip=_below(above, _report_heading(lines, scores, primary)))
    seed_blocks(lines, sel, scores, inside=lambda no: reports_error(lines, no) and before_primary(no))
    seed_blocks(lines, sel, scores, inside=_repeats_failing_steps(lines, scores, primary, end))
    rounds = WIDEN_ROUNDS if primary is inside else WIDEN_BEFORE_END
    widen(lines, sel, scores, report, rounds=rounds)
    widen(lines, sel, scores, but_not(primary, waiting), rounds=rounds)  # then its copies (a diff's alike rows)
    _grow_failing(lines, sel, scores, (inside, primary, before_end), (held, waiting))
    _whole_step(lines, sel, st.region)
    _after_failure(lines, sel, scores, after)
    own = but_not(both(inside, before_end), lambda no: no in lines.echoes or no in lines.passed_tests)  # before setup
    widen(lines, sel, scores, own, rounds=WIDEN_BEFORE_END)
    seed_blocks(lines, sel, scores, inside=before_end)
    widen(lines, sel, scores, before_end, rounds=WIDEN_BEFORE_END)
    seed_blocks(lines, sel, scores)
    widen(lines, sel, scores)


def _grow_failing(
    lines: Tasks,
    sel: Selector,
    scores: dict[int, float],
    steps: tuple[Callable[[int], bool], Callable[[int], bool], Callable[[int], bool]],
    waits: tuple[Callable[[int], bool], Callable[[int], bool]],
) -> None:
    """The failing steps' lines once the primary step's report has grown (`steps`: in the failing steps, in
    the primary one, up to the job's failure), those that wait (`waits`: what waits for the steps' reports,
    and of it what a repeated block's later copies do not wait for, see repeat_lines) out, then its copies."""
    inside, primary, before_end = steps
    held, waiting = waits
    if primary is not inside:
        seed_blocks(lines, sel, scores, inside=but_not(inside, held))
        widen(lines, sel, scores, but_not(inside, held))
    for wait in (held, waiting):
        widen(lines, sel, scores, but_not(lambda no: inside(no) and before_end(no), wait), rounds=WIDEN_BEFORE_END)


WHOLE_STEP_SHARE = 0.5  # of what is left once the failing steps have grown: a short step's whole output


def _whole_step(lines: Tasks, sel: Selector, region: tuple[int, int] | None) -> None:
    """The failing step's every own line when they fit in WHOLE_STEP_SHARE of what is left: widening passes
    over a passing verdict, so a run's list above its report (Mocha's `✓ reads the price` between the `1) is zero
    for no prices` rows its report names) stopped the report's widening up, and a 72-line step under concurrently
    took 405 of 2,000 tokens without its run's list. The other half stays for what ran after the failure and the
    setup. A parallel task that did not fail, a table the window passed over, a copy of a report are none of its
    lines (see Tasks.unseen)."""
    if region is None:
        return
    own = [
        n
        for n in range(region[0], region[1] + 1)
        if n not in sel.chosen
        and lines.view.get(n) is not None
        and not lines.unseen(n)
        and n not in sel.passed
        and n not in lines.echoes
        and n not in lines.repeats
    ]
    if own and sel.block_cost(own) <= (sel.budget - sel.cost) * WHOLE_STEP_SHARE:
        sel.add(own)


def _after_failure(lines: Tasks, sel: Selector, scores: dict[int, float], after: _AfterFailure) -> None:
    """What the CI ran after the job's failure, once the failing steps have grown until nothing grows and
    before the lines above them (the setup, a passing build's warnings): up to AFTER_SHARE of the budget,
    then the rest of its seeds and their widening. A runner's report that after_failure `cat`s (CTest's
    LastTest.log, a test suite's log) holds the failure's only details when the step printed a summary,
    which repeats none of its lines. Round 18's order (AFTER_SHARE, then the setup's lines, then the rest of
    what ran after the failure) gave a failing step's downloads or a setup's install lines the room of such a
    report: bench/perturb_excerpts.py's report-in-after-failure fell from 0.821 / 0.734 (ef48e22) to 0.142 / 0.107
    (e861b7e) at 2,000 tokens, as the held-out half fell. Of what ran after the failure, the stages run because the
    job failed (Travis' after_failure) come first, in the share and after it: see
    _seed_after. Travis' after_script, run whatever the job returned (a coverage upload, a deploy hook), is
    what ran after the failure too: a .travis.yml may `cat` its test log there rather than in after_failure
    (bench/perturb_excerpts.py's report-in-after-script kept 0.068 / 0.061 of such a report at 2,000 tokens
    while after_script waited with the rest of the log, 0.834 / 0.738 here); its coverage upload costs the
    failing step's lines above its report below 2,000 tokens."""
    _seed_after(lines, sel, scores, after, share=AFTER_SHARE)
    _seed_after(lines, sel, scores, after)


def _seed_after(
    lines: Tasks, sel: Selector, scores: dict[int, float], after: _AfterFailure, share: float = 1.0
) -> None:
    """Seeds after the job's failure and their widening, spending at most `share` of the budget: those of a stage
    run because the job failed first (Travis' after_failure: the suite's log, the runner's report it `cat`s), then
    the rest (after_script's coverage upload, deploy hooks, the runner's cleanup). A seed's block stays inside the
    lines it is seeded for. Scored as one, a coverage upload's chained tracebacks took AFTER_SHARE from the pytest
    report after_failure printed (none of its three errors at 600 tokens)."""
    budget = sel.budget
    sel.budget = min(budget, sel.cost + int(budget * share))
    try:
        for inside in after:
            seed_blocks(lines, sel, scores, inside=inside, clip=inside)
            widen(lines, sel, scores, inside)
    finally:
        sel.budget = budget


def _above_report(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> Callable[[int], bool]:
    """Whether a line is of the primary failing step and above its first line that reports a failure
    (FAILURE_SCORE, unweighted): what the step printed before its report (a build's warnings with their
    source and caret lines, a deprecation, progress). Such lines wait until the failing steps' reports
    have grown until nothing grows and what ran after the failure has: seeded with the report and widened
    beside it, a build's hundreds of warnings took most of the room of a long report below them (a Jest
    diff, a CTest log, erlang.mk's Common Test run under `make check`). They are still the failing
    command's own output, widened before the setup's lines seed: a traced script's install warnings
    (excerpt.steps.traced_script), seeded there with the rest up to the job's failure, took the rows of
    Vim's feature table above a Vader report. A passing test's output (Tasks.passed_tests: an exception
    its code logged) reports none of the step's failures."""
    start = _report_start(lines, scores, primary)
    return lambda no: start is not None and no < start and primary(no)


def _below(above: Callable[[int], bool], heading: frozenset[int]) -> Callable[[int], bool]:
    """Whether a line is none of the step's output above its report (a build's warnings) or is the report's heading."""
    return lambda no: not above(no) or no in heading


def _report_start(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> int | None:
    """The primary failing step's first line that reports a failure, not in a passing test's output."""
    return next(
        (no for no in scores if primary(no) and no not in lines.passed_tests and reports_failure(lines, no)), None
    )


def _report_heading(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> frozenset[int]:
    """The lines right above the primary report's first failing line that head the same report rather than
    end what the step printed before it: a diff's file header (`diff --git a/x b/x`, `index ...` above the
    `--- a/x` a checker reads as the failure), the line an indented first failure hangs under (Biome's
    `src/x.js:3:1 lint/... ━━━` over a blank and `  × message`, see lines_above) and the start of the error
    instance it ends (pytest's `____ test_x ____`, a numbered `1) test ...`), at most INSTANCE_HEAD_LINES up,
    not through a passing test's verdict. The report's blocks take no other line above it (a build's last
    warnings, their source and caret lines, ran into Jest's `FAIL test/x.test.js`), but cut to below it they
    lost the file a diff changes and the file and rule of Biome's first diagnostic."""
    start = _report_start(lines, scores, primary)
    if start is None:
        return frozenset()
    heading = set()
    for no in range(start - 1, start - INSTANCE_HEAD_LINES - 1, -1):
        if no not in lines.diff:
            break
        heading.add(no)
    if indent := indent_of(lines.text(start)):
        heading.update(lines_above(lines, start, indent))  # what an indented report hangs under (see lines_above)
    top = instance_start(lines, start)
    own = range(top, start) if top is not None and start - top <= INSTANCE_HEAD_LINES else range(0)
    if not any(no in lines.passed_tests or passing_verdict(lines.text(no)) for no in own):
        heading.update(own)  # not a passing test's logged traceback above the failing one's verdict
    return frozenset(heading)


def _repeats_failing_steps(
    lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool], end: int | None
) -> Callable[[int], bool]:
    """Whether a line after the job's failure repeats a line of the primary failing step's report
    (automake's `FAIL: tests/x` again in the `cat test-suite.log` of after_failure, a runner's log cat
    there): the CI's diagnostics of that failure, whose details the step itself may not print, not the
    noise of what ran after it (a coverage upload's traceback, config.log's compiler probes), which
    repeats nothing of the report. Not a later failing step's lines: a command that failed after the
    primary one (a coverage upload in the script) and ran again after the failure (the same upload in
    after_script) repeated its own traceback, which was seeded before the primary report grew and took
    two thirds of the budget from a Jest diff above (kept 54 of its 238 lines)."""
    if end is None:
        return lambda no: False
    said = {lines.text(no).strip() for no, s in scores.items() if s >= SEED_MIN and no <= end and primary(no)}
    said.discard("")
    return lambda no: no > end and no not in lines.echoes and lines.text(no).strip() in said
