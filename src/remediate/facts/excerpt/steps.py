"""Where a line sits in the job: in a failing step, the primary one, a Travis after stage, at or
above the job's failure, the failing step's last block of output; predicates the growing tiers combine.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

from remediate.facts.ci import Structure
from remediate.facts.ci.region import SCRIPT_LINES
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.view import View
from remediate.facts.xtrace import SCRIPT_RUN, failing
from remediate.facts.xtrace_unscripted import script_traces

CLOSING_BLOCK = 50  # lines, at most, of the failing step's last block of output (see closing_block)


def both(one: Callable[[int], bool], other: Callable[[int], bool]) -> Callable[[int], bool]:
    return lambda no: one(no) and other(no)


def closing_block(lines: Tasks, step: Callable[[int], bool], end: int) -> Callable[[int], bool]:
    """The failing step's last block of output before the job's failure line `end` (up to the blank line above
    it, at most CLOSING_BLOCK lines): where a step that reported its own failure left its report (a backtrace's
    frames below its error, a test runner's summary)."""
    last = end - 1
    while last >= 1 and step(last) and not lines.text(last).strip():
        last -= 1
    first = last
    while first - 1 >= max(1, last - CLOSING_BLOCK) and step(first - 1) and lines.text(first - 1).strip():
        first -= 1
    return lambda no: first <= no <= last


def but_not(inside: Callable[[int], bool], held: Callable[[int], bool]) -> Callable[[int], bool]:
    return lambda no: inside(no) and not held(no)


def primary_step(st: Structure) -> Callable[[int], bool]:
    """Whether a line is output of the primary failing step (of the failing steps, when there is one)."""
    return in_region(st.region) if st.region is not None and len(st.regions) > 1 else in_failing_steps(st)


def in_region(region: tuple[int, int]) -> Callable[[int], bool]:
    return lambda no: region[0] <= no <= region[1]


def in_failing_steps(st: Structure) -> Callable[[int], bool]:
    """Whether a line is output of a failing step (any line, when the log shows no step): a
    report there longer than its room (a stack, an assertion's diff) is worth its next lines more
    than a line outside that merely names an error (a changelog's `Fix undefined method error`,
    a passing suite's warnings), though not more than one outside that reports one (see
    reports_error)."""
    regions = _failing_regions(st)
    return _within(regions) if regions else lambda no: True


def in_follow_ons(st: Structure, follow: Collection[int]) -> Callable[[int], bool]:
    """Whether a line is output of a failing step whose failure is one of `follow` (window.follow_ons: a later
    command that failed for want of a network)."""
    return _within([r for r in st.regions if any(r[0] <= no <= r[1] for no in follow)])


def step_starts(st: Structure) -> frozenset[int]:
    """The lines where a step starts (Travis' and GitLab's `$ cmd`, GitHub's `##[group]Run`, Jenkins' `+ cmd`)
    below a line that is no failing step's: a seed's block stops there going up (see blocks.lines_above), as
    what the step above printed is not its context. pytest's echo `$ pytest -W "error:old_api:..."` seeds on
    its `error`, and its block took pip's last `Collecting package-9==1.9.0` lines and Travis' `travis_time:end`
    of the install step above it."""
    failing = _within(_failing_regions(st))
    return frozenset(no for no, _ in st.steps if not failing(no - 1))


def traced_script(view: View, st: Structure) -> Structure:
    """The job's Structure as the excerpt reads it when the failing step ran a project's script that traced itself
    (`$ ./ci/run.sh` under its own `set -x`, git's ci/run-build-and-tests.sh; xtrace_unscripted.script_traces): each
    traced command a step of its own, the failing one (xtrace.failing: the last, under errexit) a key line and where
    the failing step's output starts, with the commands traced just before it that printed nothing, up to
    ci.region.SCRIPT_LINES in all and shown as a step's script is (dash's `+ test -d scripts` above `+ shellcheck
    scripts/clean.sh`: what the script checked on its way). What the commands before them printed is the script's
    setup (an install's warnings, a passing run of 300 tests), held with the job's other steps, after the failing
    command's own output. A script the step's shell traced (st.traced) was read so already (ci/traced.py); so were
    Jenkins' traces."""
    if st.traced is not None or st.region is None or st.ci == "jenkins":
        return st
    first, end = st.region
    if not SCRIPT_RUN.match(dict(st.steps).get(first, "")):
        return st
    found = script_traces(view, first, end + 1)
    k = failing([t.command for t in found])
    if k is None or found[k].start <= first:
        return st
    failed = found[k].line
    start = found[k].start
    for _ in range(SCRIPT_LINES - 1):  # commands traced just before it that printed nothing
        if k == 0 or found[k - 1].line != start - 1:
            break
        k -= 1
        start = found[k].start
    steps = sorted({*st.steps, *((t.start, t.command) for t in found)})
    regions = [(start, e) if s == first else (s, e) for s, e in st.regions]
    key_lines = [*st.key_lines, *range(start, failed + 1)]
    return replace(st, steps=steps, region=(start, end), regions=regions, key_lines=key_lines)


def _failing_regions(st: Structure) -> list[tuple[int, int]]:
    """The failing steps' line ranges: each the log shows, else the failing step's, else none."""
    return st.regions or ([st.region] if st.region is not None else [])


def _within(regions: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a line is inside one of `regions` (line ranges, both ends in, in any order, overlapping or not). Asked
    of every line of the view: the ranges are merged once and a line found by bisection, not tried against each (a
    job of a thousand steps, a large log's many failing ones: lines x regions)."""
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(r for r in regions if r[0] <= r[1]):
        if ends and first <= ends[-1]:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)

    def inside(no: int) -> bool:
        k = bisect_right(starts, no) - 1
        return k >= 0 and no <= ends[k]

    return inside


def job_end(st: Structure) -> int | None:
    """Where the job says it failed (its last failing step's line; else the failure a tool
    reported): below it run the CI's after_failure and after_script steps and its cleanup, whose
    errors (a coverage upload without network, `cat config.log`'s compiler probes, a cache) come
    after the failure and did not cause it."""
    ends = [f.line for f in st.failures if f.job_level]
    return max(ends) if ends else (st.primary.line if st.primary is not None else None)


def in_stage(st: Structure, name: str) -> Callable[[int], bool]:
    """Whether a line is of Travis' after stage `name` (Structure.after_stages): `after_failure`, run because
    the job failed (a test suite's log or a runner's report `cat`ed), or `after_script`, run whatever the job
    returned (coverage uploads, deploy hooks, another build)."""
    return _within((first, last) for stage, first, last in st.after_stages if stage == name)


def up_to(end: int | None) -> Callable[[int], bool]:
    """Whether a line is at or above `end` (any line, when there is none)."""
    return lambda no: end is None or no <= end
