"""build_excerpt: what the job says about itself, each error group's first instance, the window before the
failure, then blocks around the best lines and their widening, the result rendered to fit the budget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from remediate.facts.ci import Structure
from remediate.facts.excerpt.blocks import nonblank
from remediate.facts.excerpt.copies import continuations, copies
from remediate.facts.excerpt.grow import grow
from remediate.facts.excerpt.instances import INSTANCE_SHARE, add_instances
from remediate.facts.excerpt.lead import lead_seed, unparsed_lead
from remediate.facts.excerpt.others import add_others
from remediate.facts.excerpt.render import Excerpt, render_excerpt
from remediate.facts.excerpt.roll import Roll
from remediate.facts.excerpt.scores import weighted_scores
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.steps import in_follow_ons, job_end, step_starts, traced_script
from remediate.facts.excerpt.widen import widen
from remediate.facts.excerpt.window import add_tails, follow_ons
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.view import View, branch_label


def build_excerpt(
    view: View,
    st: Structure,
    evidence: dict[int, float],
    budget_tokens: int,
    instances: Sequence[int] = (),
    tasks: dict[int, str] | None = None,
    first: int | None = None,
) -> Excerpt:
    """`instances`: log lines of the first error of each error group, most important first; each is shown whole
    (from its section header or traceback start) before repetitions get space. `first`: the log line of the first
    error record; its block comes before the best lines' when it is short and in the failing step (see lead_seed).
    When no tool reported an error record (no `first`, no `instances`), the first line of the failing step that
    opens an error's report stands for it (see first_reported). `tasks`: the task-runner prefix of each line that
    has one (see `Tasks`)."""
    if not view.lines or budget_tokens <= 0:
        return Excerpt()
    budget_chars = budget_tokens * 4
    st = traced_script(view, st)  # a script's traced commands as steps of their own
    failed_branches = frozenset(branch_label(name) for _, name in st.failed_branches)
    ends = frozenset(f.line for f in st.failures if f.job_level)
    lines = Tasks(view, tasks or {}, evidence, ends, failed_branches, step_starts(st))
    scores = weighted_scores(lines, st, lines.evidence)  # with a copy's evidence at its first instance
    sel = Selector(view, budget_chars - 16)
    # 1. What the job says about itself: job name, the failing step's header and script, the failure lines.
    _add_job_lines(view, sel, st)
    roll = Roll(lines, sel, scores, st, budget_chars)  # 1a. room held for the counts, the failing tests named
    # 1b. The first complete instance of each error group (a repeated error is shown once, whole),
    #     those after the job's failure (see job_end) last; then the other instances in the report of
    #     each group's first, short ones whole, long ones by their headings (see add_others).
    instances, first = _firsts(lines, instances, first, end := job_end(st))
    room, before = int(budget_chars * INSTANCE_SHARE), sel.cost
    shown = add_instances(lines, sel, scores, instances, room)
    add_others(lines, sel, [no for no in shown if end is None or no <= end], room - (sel.cost - before))
    # 2. The output just before the failure, contiguous: verdicts and summaries live there.
    follow = follow_ons(lines, st)  # a later command that failed for want of a network
    add_tails(lines, sel, scores, st, budget_chars, follow)
    roll.add()
    # 3. Blocks around the best lines, after the first error's (see lead_seed), and spare budget
    #    widening them (see grow).
    if first is None and not instances:
        first = unparsed_lead(lines, sel, st, scores)
    job_ends = (end, in_follow_ons(st, follow))
    grow(lines, sel, scores, st, lead_seed(lines, sel, st, scores, first, end), job_ends)
    # 4. The failing tests a runner's marker names (see Roll), then what they left widening the blocks.
    if roll.add_marked():
        widen(lines, sel, scores)
    roll.mend()  # 4a. each named failing test's report the blocks cut: its head and what it met
    # 5. Each trace printed again continued below its pointer, and the room that frees grown into as in 3.
    return _fitted(view, sel, scores, budget_tokens, lambda: grow(lines, sel, scores, st, None, job_ends))


def _firsts(lines: Tasks, instances: Sequence[int], first: int | None, end: int | None) -> tuple[list[int], int | None]:
    """The instances in the order they are shown (those after the job's failure `end` last) and the first error:
    a report printed again (echo_lines) where it first shows; an error a passing test logged
    (passingoutput.passed_output: a handled exception's stack trace) none of the failure's."""
    passed = lines.passed_tests
    ordered = list(dict.fromkeys(lines.echoes.get(no, no) for no in instances if no not in passed))
    ordered = sorted(ordered, key=lambda no: end is not None and no > end)
    return ordered, lines.echoes.get(first, first) if first is not None and first not in passed else None


def _add_job_lines(view: View, sel: Selector, st: Structure) -> None:
    """The job's name, the failing step's header and script, and the job-level and primary failure
    lines (with the line before each, when it says something)."""
    for no in st.key_lines:
        sel.add([no])
    for failure in st.failures[:6]:
        if failure.job_level or failure is st.primary:
            sel.add([failure.line - 1, failure.line] if nonblank(view, failure.line - 1) else [failure.line])


SPEND_ROUNDS = 4  # rounds of growing into the room continued pointers free (each frees less: a row's stack)


def _fitted(
    view: View, sel: Selector, scores: dict[int, float], budget_tokens: int, spend: Callable[[], None]
) -> Excerpt:
    """The chosen lines rendered, each trace printed again continued (see _continued) and the room that frees spent
    (`spend`: the blocks grown again) while it frees any; the lowest-scoring dropped until the excerpt fits. The lines
    chosen before stay: a round only adds. A pointer continued over a Surefire row's 40 frames costs its digits, where
    the selector had costed the frames a widening chose at their length: the rows the budget had no room for left out
    (a real 14-row report kept rows [1] to [7] and [14] whole at 2,000 tokens, 139 tokens unspent)."""
    excerpt, freed = _continued(view, sel, budget_tokens)
    for _ in range(SPEND_ROUNDS):
        if not freed:
            break
        before, shown = set(sel.chosen), excerpt
        spend()
        if sel.chosen == before:
            break
        excerpt, freed = _continued(view, sel, budget_tokens)
        if excerpt.tokens > budget_tokens:  # the selector's estimate was short: what was chosen before
            sel.chosen, excerpt = before, shown
            break
    # The cost model is exact up to line-number widths; make sure anyway.
    while excerpt.tokens > budget_tokens and sel.chosen:
        sel.chosen.discard(min(sel.chosen, key=lambda n: (scores.get(n, 0.0), -n)))
        excerpt = render_excerpt(view, sel.chosen, sel.retried)
    return excerpt


def _continued(view: View, sel: Selector, budget_tokens: int) -> tuple[Excerpt, bool]:
    """The chosen lines rendered with the lines that continue a trace printed again (copies.continuations: its
    pointer stands for them too) when it still fits, and whether any were; the selector's cost then what they render
    to (Selector.extend). Only once the lines are chosen: continued as they are chosen, the copies' new blocks took
    the room of the first trace's own lines (TypeScript's mocha report, dev)."""
    excerpt = render_excerpt(view, sel.chosen, sel.retried)
    if not sel.repeated:
        return excerpt, False
    more = continuations(view, sel.chosen, copies(view, sel.chosen, sel.retried))
    if not more:
        return excerpt, False
    added = {n for block in more for n in block}
    continued = render_excerpt(view, sel.chosen | added, sel.retried)
    if continued.tokens > budget_tokens:
        return excerpt, False
    sel.extend(added, len(continued.text))
    return continued, True
