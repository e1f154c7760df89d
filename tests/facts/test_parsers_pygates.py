"""Python gates on the project's own rules (parsers/pygates.py): xenon's complexity ranks, interrogate's docstring
coverage, import-linter's contracts, on real output made here (tests/facts/data/README.md, "Python gates, schema
validators, module graphs")."""

from __future__ import annotations

from remediate.facts.commands import command_rule
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _records(sample: str) -> list[tuple[str, str | None, int | None, str | None, str]]:
    return [(e.tool, e.file, e.line, e.code, e.message) for e in facts(sample).errors]


def test_xenon_s_ranks_over_its_limits_are_lint_records_at_the_block_and_module() -> None:
    assert sorted(_records("xenon093_ranks.txt"), key=str) == sorted(
        [
            ("xenon", "src/shop/rules.py", 1, "complexity", "rate has a complexity rank of C"),
            ("xenon", "src/shop/rules.py", None, "complexity", "the module has a complexity rank of C"),
            ("xenon", None, None, "complexity", "the average complexity is ranked B"),
        ],
        key=str,
    )
    verdict = rule_verdict(facts("xenon093_ranks.txt"))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_radon_s_report_of_the_same_ranks_is_no_failure() -> None:
    """radon prints every block's rank (`F 1:0 rate - C (15)`) and exits 0: only xenon's `ERROR:xenon:` lines fail."""
    assert not facts("radon601_cc_report.txt").errors


def test_interrogate_s_coverage_under_its_minimum_is_one_lint_record_and_a_pass_none() -> None:
    assert _records("interrogate17_fail_under.txt") == [
        ("interrogate", None, None, "fail-under", "docstring coverage 0.0% is below the minimum 80.0%")
    ]
    assert facts("interrogate17_fail_under.txt").category is Category.LINT
    passed = facts("interrogate17_passed.txt")
    assert "interrogate" in passed.tools and not passed.errors


def test_import_linter_s_broken_contracts_name_the_contract_and_the_forbidden_import() -> None:
    """Under `Broken contracts`, each contract's name (underlined) heads its forbidden imports; the status rows above
    (`Layered shop BROKEN`) are not records of their own. A run that kept every contract has none."""
    assert _records("importlinter217_contracts_broken.txt") == [
        (
            "import-linter",
            None,
            None,
            "broken-contract",
            "Pricing does not import the cart: shop.pricing is not allowed to import shop.cart",
        ),
        (
            "import-linter",
            None,
            None,
            "broken-contract",
            "Layered shop: shop.pricing is not allowed to import shop.cart",
        ),
        (
            "import-linter",
            None,
            None,
            "broken-contract",
            "Layered shop: shop.pricing is not allowed to import shop.api",
        ),
    ]
    assert facts("importlinter217_contracts_broken.txt").category is Category.LINT
    kept = facts("importlinter217_contracts_kept.txt")
    assert "import-linter" in kept.tools and not kept.errors


def test_the_gates_commands_are_a_linter_s() -> None:
    commands = (
        "xenon --max-absolute B src",
        "interrogate -v --fail-under 80 src",
        "lint-imports",
        "npx madge --circular src",
    )
    assert [(rule[1] if (rule := command_rule(c)) else None) for c in commands] == [Category.LINT] * 4


def test_pyupgrade_s_rewritten_files_are_lint_records() -> None:
    # `Rewriting FILE` for each file it changed, then exit 1 (shop/prices.py needed nothing): no signal before
    assert _records("pyupgrade322_rewriting.txt") == [
        ("pyupgrade", "shop/cart.py", None, "rewritten", "rewritten to the form the check requires"),
        ("pyupgrade", "shop/tax.py", None, "rewritten", "rewritten to the form the check requires"),
    ]
    verdict = rule_verdict(facts("pyupgrade322_rewriting.txt"))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
