"""A repeated error's other instances in the report its first instance opens, when a later report (another run, a
retry) prints it again: each short one whole, else its heading (the test it failed in), after every group's first.
"""

from __future__ import annotations

import re

from remediate.facts.excerpt.instances import INSTANCE_SEARCH, instance_start
from remediate.facts.excerpt.selector import Selector
from remediate.facts.excerpt.telling import INSTANCE_START
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.score import line_score, shape
from remediate.facts.summaries import passing_verdict
from remediate.facts.verdicts import counts_failures, says_passed

OTHERS_MAX = 8  # of a group's other instances in its first report, at most


AGAIN_SCAN = 5_000  # lines below a report searched for its error printed again

OTHER_WHOLE_LINES = 8  # an other instance this short is shown whole, a longer one by its heading


def add_others(lines: Tasks, sel: Selector, firsts: list[int], room: int) -> int:
    """The other instances after each group's first (`firsts`: the error lines of the instances shown) in the
    same report, within `room` (characters); returns the characters spent. PHPUnit run once per directory under
    GNU parallel printed the same deprecation for 200 tests in 6 reports: the first instance was shown whole,
    the window before the job's failure took 130 lines of the last report, and the first report's two other
    tests (the failing ones the reader looks for first) were left out, their headings scored below the last
    report's by their distance from the failure. Every other instance's heading first (the test it failed in), then
    each short one's lines (pytest's `____ test_x ____` and its short traceback, PHPUnit's message and location)."""
    others = [block for no in firsts for block in _others(lines, no)]
    spent = 0
    for block in [[block[0]] for block in others] + others:
        cost = sel.block_cost(block)
        if spent + cost > room or not sel.add(block):
            break
        spent += cost
    return spent


def _others(lines: Tasks, no: int) -> list[list[int]]:
    """The instances after the one ending at `no` that start as it does (`2) Test::name` after `1) ...`), up to the
    report's verdict or summary, each as its lines (OTHER_WHOLE_LINES at most) or its heading; none unless a later
    report shows the error again (see _shown_again). In one run's report, 28 parametrised failures alike, the
    others' headings took the room of the run's other failure, which the window before the failure shows."""
    start = instance_start(lines, no)
    if start is None:
        return []
    starts, end = _report_starts(lines, no, _start_kind(lines.text(start)))
    if end is None or not _shown_again(lines, range(start + 1, no + 1), end):
        return []
    ends, length = [*starts[1:], end], no - start + 1
    out = []
    for top, bottom in zip(starts[:OTHERS_MAX], ends, strict=False):
        body = _alike_span(lines, top, bottom, length)
        out.append(body if len(body) <= OTHER_WHOLE_LINES else [top])
    return out


def _report_starts(lines: Tasks, no: int, kind: str) -> tuple[list[int], int | None]:
    """The instance starts of `kind` below `no` and the report's summary line below them (`Tests: 3, Assertions: 0,
    Errors: 3.`, pytest's `3 failed, 1 passed`), None when the report ends otherwise (a gap, another kind of start,
    INSTANCE_SEARCH lines without one)."""
    starts: list[int] = []
    n = no + 1
    while n - (starts[-1] if starts else no) <= INSTANCE_SEARCH and lines.view.get(n) is not None:
        text = lines.text(n)
        if counts_failures(text) or says_passed(text) or passing_verdict(text):
            return starts, n
        if INSTANCE_START.match(text):
            if _start_kind(text) != kind:
                return starts, None  # another report's kind of instance: a different runner's
            starts.append(n)
        n += 1
    return starts, None


def _shown_again(lines: Tasks, instance: range, end: int) -> bool:
    """Whether a line of the instance that says something (its message, its error) is printed again within
    AGAIN_SCAN lines below the report's summary at `end`: the same error in a later run's or a retry's report."""
    said = {text for m in instance if line_score(text := lines.text(m).strip()) > 0}
    for m in range(end + 1, end + AGAIN_SCAN):
        if lines.view.get(m) is None:
            return False
        if lines.text(m).strip() in said:
            return True
    return False


def _alike_span(lines: Tasks, top: int, bottom: int, length: int) -> list[int]:
    """An other instance's lines from `top`, before `bottom`: as many as the first's (`length`), and below them the
    lines alike to its last (PHPUnit's second location line), not the summary under the report's last instance."""
    span = list(range(top, min(bottom, top + length)))
    while span and span[-1] + 1 < bottom and shape(lines.text(span[-1] + 1)) == shape(lines.text(span[-1])):
        span.append(span[-1] + 1)
    while span and not lines.text(span[-1]).strip():
        span.pop()
    return span


def _start_kind(text: str) -> str:
    """What an instance's first line opens with, numbers and rule lengths aside: `#)` for PHPUnit's and mocha's
    numbered failures, `_` for pytest's `____ test_x ____`, `Traceback` for Python's."""
    head = text.split(maxsplit=1)[0] if text.split() else ""
    return re.sub(r"([_=-])\1+", r"\1", re.sub(r"\d+", "#", head))
