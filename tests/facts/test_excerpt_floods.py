"""A shape a step prints more than FLOOD times counts less from its first line on (excerpt.scores._floods): a
build's hundreds of warnings no longer outrank a short report of another tool below them in the same step."""

from __future__ import annotations

from pathlib import Path

from bench.sample_chunks import warnings_job

from remediate.facts import extract_facts
from remediate.facts.excerpt.scores import FLOOD, _floods, _step_shapes
from remediate.facts.excerpt_marks import Tasks
from remediate.facts.parsers import modules_named
from remediate.facts.view import View

DATA = Path(__file__).parent / "data"


def test_a_short_report_below_a_builds_warnings_is_shown_whole() -> None:
    # bench/sample_chunks.py's warnings job: gcc 12's 840 lines of -Wall -Wextra warnings (120 of each shape), then
    # bandit's six issues, in one failing step, no parser reading bandit. About ten warnings' first lines outranked
    # bandit's `Location:` rows (a shape printed six times), and the report kept 19 of its 46 lines at 2,000 tokens.
    output = (DATA / "bandit.txt").read_text().rstrip("\n").split("\n")
    job = warnings_job("bandit.txt", "bandit -r shop", output)
    log = ("\n".join(job.lines) + "\n").encode()
    facts = extract_facts(log, budget_tokens=2000, leave_out=modules_named("pyreports"))
    kept = {no for r in facts.excerpt_lines for no in range(r.start, r.end + 1)}
    assert len(job.chunk) == 46 and set(job.chunk) <= kept


def test_a_shape_is_a_flood_only_past_flood_lines_of_its_step() -> None:
    # The control: a report's rows of one shape (six `Location:` rows) keep their weight; FLOOD + 1 lines do not.
    rows = [f"   Location: shop/tasks.py:{n}:0" for n in range(1, FLOOD + 2)]
    for count, flooded in ((FLOOD, False), (FLOOD + 1, True)):
        lines = Tasks(View.of(rows[:count]), {}, {})
        assert bool(_floods(_step_shapes(lines, []))) is flooded
