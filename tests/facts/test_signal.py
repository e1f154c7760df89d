"""The one way a rule weighs a signal down (triage/signal.weighed_down), on a real sample's signals."""

from __future__ import annotations

from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.signal import PASSED_WEIGHT, weighed_down
from tests.facts.samples import facts


def test_a_signal_weighed_down_keeps_the_lower_weight_says_why_and_no_longer_vouches() -> None:
    # pytest's run whose every failing test met a YAML file that does not parse: tests_say weighs the failing
    # tests' own evidence down to PASSED_WEIGHT with its reason
    verdict = rule_verdict(facts("pytest_config_yaml_unparsable.txt"))
    tests = next(s for s in verdict.signals if s.kind == "tests")
    assert (
        tests.discounted
        and tests.weight == PASSED_WEIGHT
        and "(but every failing test's own report says" in tests.reason
    )
    cause = next(s for s in verdict.signals if s.category is Category.CONFIG and s.kind == "pattern")
    down = weighed_down(cause, 0.5, " (but why)")
    assert (down.weight, down.reason, down.discounted) == (0.5, cause.reason + " (but why)", True)
    assert weighed_down(down, 0.8, "").weight == 0.5  # a weight already below stays
