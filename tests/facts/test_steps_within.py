"""excerpt/steps' line-in-regions predicates: merged once and bisected, the same answers as trying every region."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from remediate.facts.ci import detect
from remediate.facts.excerpt.steps import _within, in_failing_steps, in_stage
from remediate.facts.extract import _read
from remediate.facts.redact import Redactor

DATA = Path(__file__).parent / "data"


def test_a_line_is_within_exactly_where_some_region_holds_it() -> None:
    # Every way three small ranges can lie (apart, touching, overlapping, nested, reversed, empty, in any order).
    ends = [(a, b) for a in range(0, 7) for b in range(a - 1, 8)]
    for regions in itertools.combinations(ends, 3):
        inside = _within(regions)
        for no in range(-1, 10):
            assert inside(no) == any(a <= no <= b for a, b in regions), (regions, no)
    assert not _within([])(1)


def test_the_failing_steps_of_many_jobs_read_as_their_regions() -> None:
    # Twelve real Travis logs one after another (as a large log concatenates jobs): twelve failing steps' regions.
    data = b"".join(path.read_bytes() for path in sorted(DATA.glob("travis_*.txt"))[:12])
    read = _read(data, Redactor())
    assert read is not None
    st = detect(read[1], read[0])
    assert len(st.regions) >= 10
    failing = in_failing_steps(st)
    last = st.regions[-1][1]
    assert [no for no in range(last + 3) if failing(no)] == [
        no for no in range(last + 3) if any(a <= no <= b for a, b in st.regions)
    ]
    # Travis' after stages, overlapping and out of order, read the same way.
    stages = [("after_failure", b, b + 40) for _a, b in reversed(st.regions)] + [("after_script", 1, last)]
    after = in_stage(replace(st, after_stages=stages), "after_failure")
    assert [no for no in range(last + 45) if after(no)] == [
        no for no in range(last + 45) if any(a <= no <= b for s, a, b in stages if s == "after_failure")
    ]
