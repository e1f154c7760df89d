"""A compile failure under a test command (`mvn test`): the build's when the name the compiler did not
find is the project's own, a dependency's (or undecided) when it is a third party's, never the tests'. Real Maven
3.8.7 output (tests/facts/data/README.md, "A compile failure under a test command")."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _maven_test(sample: str) -> bytes:
    return framing.github_actions("mvn -B -o test", (DATA / sample).read_text(), 1)


def test_maven_s_goal_failure_repeating_a_row_of_the_project_s_own_missing_package_is_the_build() -> None:
    # before: the goal's record (`Compilation failure; PATH:[5,29] package com.acme.shop.pricing does not exist`)
    # read the package as a third party's (no file to tell), dependency 0.85 against the row's build: undecided
    facts = extract_facts(_maven_test("maven387_testcompile_own_package_missing.txt"))
    assert {e.category for e in facts.errors} == {Category.BUILD}
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    # the control: a third party's package missing from the test classpath stays the dependency's, both records
    third = extract_facts(_maven_test("maven387_testcompile_third_party_missing.txt"))
    assert {e.category for e in third.errors} == {Category.DEPENDENCY}
    assert rule_verdict(third).category is Category.DEPENDENCY
