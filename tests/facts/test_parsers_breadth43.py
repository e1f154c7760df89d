"""Tools no sample covered before the forty-third round (real output: tests/facts/data/README.md, "Tools no sample
covered yet"): what facts and the rules make of each, failing and passing."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_npm_audit_s_report_names_each_vulnerable_package_as_a_dependency_failure() -> None:
    f = facts("color/npm11_audit_plain.txt")
    assert [(e.tool, e.code) for e in f.errors] == [
        ("npm audit", "lodash"),
        ("npm audit", "minimist"),
        ("npm audit", "nanoid"),
    ]
    assert f.errors[0].message == "Prototype Pollution in lodash (critical): lodash <4.17.12"
    assert f.category is Category.DEPENDENCY
    log = framing.travis("npm audit --audit-level=high", (DATA / "color/npm11_audit_plain.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is Category.DEPENDENCY
    assert "3 vulnerabilities (1 moderate, 2 critical)" in extract_facts(log).excerpt


def test_npm_audit_s_count_without_its_report_is_an_install_that_went_on() -> None:
    # `npm install` prints the same count and passes: no record, no decision
    f = facts("npm11_install_audit_passed.txt")
    assert not f.errors and not rule_verdict(f).decided


def test_npm_audit_below_its_level_passes_in_a_passing_step() -> None:
    output = (DATA / "npm11_audit_level_passed.txt").read_text()
    assert output == (DATA / "npm11_audit_moderate.txt").read_text()  # the level is not printed: only the exit says
    passed = framing.travis_commands([("npm audit --audit-level=high", output, 0)], say_passed=True)
    assert not rule_verdict(extract_facts(passed)).decided


def test_npm_audit_refused_by_its_registry_is_no_vulnerability() -> None:
    f = facts("npm11_audit_endpoint_405.txt")
    assert not f.errors and not rule_verdict(f).decided
