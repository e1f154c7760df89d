"""grunt-coffeelint's reporter (the file alone on its line, `  ✖  line 5  message  context` rows, `✖ 3 errors`): each
error row is a CoffeeLint record. Before: only grunt's `Task "coffeelint:app" failed.` was read, so under `npm test`
the run abstained (lint 0.77, unsure). Real output: tests/facts/data/README.md, "grunt-coffeelint"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_each_error_row_is_a_record_of_the_file_above_it() -> None:
    found = facts("grunt_coffeelint0016.txt")
    rows = [(e.tool, e.file, e.line, e.message) for e in found.errors if e.tool == "coffeelint"]
    assert rows == [
        ("coffeelint", "src/cart.coffee", 5, "Line exceeds maximum allowed length"),
        ("coffeelint", "src/order.coffee", 3, "Line contains inconsistent indentation"),
        ("coffeelint", "src/order.coffee", 3, "Line contains tab indentation"),
        ("coffeelint", "src/order.coffee", 5, "Line contains a trailing semicolon"),
    ]


@pytest.mark.parametrize("command", ["grunt coffeelint", "npm test", "grunt"])
def test_a_grunt_coffeelint_failure_decides_lint(command: str) -> None:
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / "grunt_coffeelint0016.txt").read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_a_row_without_a_file_above_it_is_not_read() -> None:
    found = extract_facts("  ✖  line 5  Something failed\n✖ 1 error\n".encode())
    assert not [e for e in found.errors if e.tool == "coffeelint"]
