"""Each line's score weighted by where it sits (the failing step, after the job's failure, a setup
step), by how often its shape was seen and by how often its step prints it (a flood); listings, echoed and
repeated reports, a passing test's output capped.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter

from remediate.facts.ci import Structure
from remediate.facts.excerpt.steps import job_end
from remediate.facts.excerpt_marks import LISTING_CAP, Tasks
from remediate.facts.score import line_score, shape

NEAR_END = 200  # lines before a failure that get a growing bonus


# A shape printed more often than this in one step is a flood: its every line counts less, its first too. At 10 (and
# half the slope) a report's own alike lines flooded: pytest's 12 parametrised failures under the wrapper job's
# noise (bench/sample_chunks.py) lost 2 of 219 lines.
FLOOD = 30


def weighted_scores(lines: Tasks, st: Structure, evidence: dict[int, float]) -> dict[int, float]:
    shapes: Counter[str] = Counter()
    scores: dict[int, float] = {}
    regions = st.regions or ([st.region] if st.region is not None else [])
    failure_lines = {f.line for f in st.failures}
    end_of_job = job_end(st)
    total = max(1, lines.view.total_lines)
    setup = st.setup_ranges
    si = ri = 0
    passed = lines.passed_tests - failure_lines  # a passing test's output (passingoutput), not where the job failed
    floods = _floods(keys := _step_shapes(lines, regions))  # each line's shape, computed once
    for line in lines.view.lines:
        no = line.no
        text = lines.text(no) if no in lines.prefixes else line.text
        if not text.strip() or no in lines.erased or no in lines.noise:
            continue
        if no in lines.view.tasks and lines.passed(no):  # a Jenkins branch that passed: its findings failed nothing
            continue
        base = max(evidence.get(no, 0.0), line_score(text), lines.diff.get(no, 0.0))
        if base <= 0.0:
            continue
        if no in failure_lines:
            base = max(base, 9.0)
        # Position: a failing step counts most (the later in it the better), cleanup least.
        while ri < len(regions) and regions[ri][1] < no:
            ri += 1
        if ri < len(regions) and regions[ri][0] <= no <= regions[ri][1]:
            end = regions[ri][1]
            factor = 1.3 + 0.5 * max(0.0, 1.0 - (end - no) / NEAR_END)
        elif end_of_job is not None and no > end_of_job:
            factor = 0.45
        elif regions:
            factor = 0.7 + 0.3 * no / total
        else:
            factor = 0.6 + 0.8 * no / total
        while si < len(setup) and setup[si][1] < no:
            si += 1
        if si < len(setup) and setup[si][0] <= no <= setup[si][1]:
            factor *= 0.25
        key = keys[no][1]
        seen = shapes[key]
        shapes[key] += 1
        if seen:
            factor /= 1.0 + 0.5 * math.log2(1 + seen)
        factor /= floods.get(no, 1.0)
        listed = no in lines.listing and no not in evidence  # seeds no block, still context (see LISTING_CAP)
        # Nor a report printed again (echo_lines: its first does), a repeated block's copies, a passing test's output.
        capped = listed or no in lines.echoes or no in lines.repeats or no in passed
        scores[no] = min(base * factor, LISTING_CAP) if capped else base * factor
    return scores


def _step_shapes(lines: Tasks, regions: list[tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """Each non-blank line's step (the index of its failing region, -1 for the rest of the log) and shape."""
    starts = [start for start, _ in regions]
    keys: dict[int, tuple[int, str]] = {}
    for line in lines.view.lines:
        if not line.text.strip():
            continue
        i = bisect_right(starts, line.no) - 1
        step = i if i >= 0 and line.no <= regions[i][1] else -1
        keys[line.no] = (step, shape(lines.text(line.no) if line.no in lines.prefixes else line.text))
    return keys


def _floods(keys: dict[int, tuple[int, str]]) -> dict[int, float]:
    """Of each line whose shape its step prints more than FLOOD times (`keys`: see _step_shapes), what its weight is
    divided by, from the first on: the discount by count so far left a flood's first lines above a short report's
    (gcc's 840 lines of warnings, 120 of each shape, before bandit's: ten warnings' first lines outranked bandit's
    `Location:` rows, whose shape six issues print). Divided by 1 + log2(total / FLOOD): gcc's 120 by 3."""
    totals = Counter(keys.values())
    return {no: 1.0 + math.log2(totals[key] / FLOOD) for no, key in keys.items() if totals[key] > FLOOD}
