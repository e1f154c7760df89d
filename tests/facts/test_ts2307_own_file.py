"""tsc's TS2307 for a module named by its path (`Cannot find module '../src/carts'`) says a file of the project is not
where the code said (moved, renamed, never committed): the build's, as Node's own `Cannot find module './x'` is, not a
type error; under ts-jest's `Test suite failed to run` too. A bare name (`left-pad`, not installed) stays a missing
third-party module. Real ts-jest 29.4 (Jest 29.7, TypeScript 5.9) and tsc 5.9 output (tests/facts/data/README.md,
"TS2307 for the project's own file")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("npx jest", "tsjest29_ts2307_own_file_missing.txt"),
        ("npx tsc --noEmit -p .", "tsc59_ts2307_own_file_missing.txt"),
    ],
)
def test_ts2307_for_a_module_named_by_its_path_is_the_build(command: str, sample: str) -> None:
    # before: a type error, decided type (ts-jest 0.94; tsc too)
    facts = extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1))
    record = next(e for e in facts.errors if "'../src/carts'" in e.message)
    assert record.category is Category.BUILD
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_ts2307_for_a_package_not_installed_stays_a_missing_third_party_module() -> None:
    facts = extract_facts(
        framing.github_actions("npx jest", (DATA / "tsjest29_ts2307_package_missing.txt").read_text(), 1)
    )
    record = next(e for e in facts.errors if "'left-pad'" in e.message)
    assert record.category is Category.DEPENDENCY
    verdict = rule_verdict(facts)
    assert verdict.category is not Category.BUILD and "left-pad" in verdict.reason
