"""A short failing step's whole output when it fits in part of what is left (grow._whole_step): widening passes
over a passing verdict, so a run's list above its report stopped the report's widening up."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def test_a_short_steps_run_list_above_its_report_is_kept_past_a_passing_verdict() -> None:
    # Mocha's spec list under concurrently 3.6.1: `✓ reads the price` between the `1) is zero for no prices` rows
    # the report names. The excerpt stopped below it, 405 of 2,000 tokens spent. The test:api task passed: its
    # lines are still none of the failure's (`✓ answers`), though they would fit.
    out = (DATA / "concurrently3_mocha.txt").read_text()
    log = framing.travis("npm run test:cc", out)
    excerpt = extract_facts(log, budget_tokens=2000).excerpt
    for row in ("1) is zero for no prices", "2) adds two prices", "✓ reads the price", "3) rejects bad JSON"):
        assert f"[test:unit]     {row}" in excerpt, row
    assert "✓ answers" not in excerpt
