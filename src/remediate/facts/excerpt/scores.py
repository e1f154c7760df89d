"""Each line's score weighted by where it sits (the failing step, after the job's failure, a setup
step) and by how often its shape was seen; listings, echoed and repeated reports, a passing test's output capped.
"""

from __future__ import annotations

import math
from collections import Counter

from remediate.facts.ci import Structure
from remediate.facts.excerpt.steps import job_end
from remediate.facts.excerpt_marks import LISTING_CAP, Tasks
from remediate.facts.score import line_score, shape

NEAR_END = 200  # lines before a failure that get a growing bonus


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
        key = shape(text)
        seen = shapes[key]
        shapes[key] += 1
        if seen:
            factor /= 1.0 + 0.5 * math.log2(1 + seen)
        listed = no in lines.listing and no not in evidence  # seeds no block, still context (see LISTING_CAP)
        # Nor a report printed again (echo_lines: its first does), a repeated block's copies, a passing test's output.
        capped = listed or no in lines.echoes or no in lines.repeats or no in passed
        scores[no] = min(base * factor, LISTING_CAP) if capped else base * factor
    return scores
