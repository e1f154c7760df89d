"""Checks of a JavaScript project's module graph (parsers/jsgraph.py): madge's cycles, knip's unused files, exports
and dependencies, on real output made here (tests/facts/data/README.md, "Python gates, schema validators, module
graphs")."""

from __future__ import annotations

from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def test_madge_s_cycle_is_a_lint_record_and_no_cycle_none() -> None:
    f = facts("madge8_circular.txt")
    assert [(e.tool, e.code, e.message) for e in f.errors] == [
        ("madge", "circular", "circular dependency: cart.js > pricing.js")
    ]
    assert f.category is Category.LINT
    clean = facts("madge8_no_cycle.txt")
    assert "madge" in clean.tools and not clean.errors


def test_knip_s_rows_are_the_code_s_lint_and_package_json_s_dependency_failures() -> None:
    """Unused files and exports are the code's; an unused or unlisted dependency is package.json's: a run that finds
    only those is decided dependency, as depcheck's."""
    f = facts("knip6_findings.txt")
    assert [(e.file, e.line, e.code, e.category) for e in f.errors] == [
        ("src/legacy.js", None, "unused-files", Category.LINT),
        ("package.json", 8, "unused-dependencies", Category.DEPENDENCY),
        ("src/index.js", 2, "unlisted-dependencies", Category.DEPENDENCY),
        ("src/cart.js", 4, "unused-exports", Category.LINT),
        ("src/pricing.js", 3, "unused-exports", Category.LINT),
    ]
    verdict = rule_verdict(facts("knip6_dependencies.txt"))
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
