"""Size budgets no parser read (facts/budgets.py): a size checker's verdict that an output is over the limit the
project set, read as a check no specialist fixes, only where no parser read a failure in the failing step (real
output, tests/facts/data/README.md)."""

from __future__ import annotations

import time

import pytest

from remediate.facts import extract_facts
from remediate.facts.budgets import TOOL, over_budget
from remediate.facts.extract import modules_reading
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _travis(command: str, sample: str, left_out: frozenset[str] | None = None) -> Facts:
    """The sample as the failing step of a Travis job, its own parser modules left out (a size checker no parser
    knows), or those given."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log) if left_out is None else left_out)


@pytest.mark.parametrize(
    ("command", "sample", "message"),
    [
        ("npx size-limit", "size_limit.txt", "Package size limit has exceeded by 3.11 kB"),  # size-limit 11
        ("npx size-limit", "size_limit0.txt", "Package size limit has exceeded by 6.96 KB"),  # size-limit 0.21
        (
            "./node_modules/.bin/bundlesize",
            "bundlesize018.txt",
            "./dist/app.js is over its size budget: 29.98KB > maxSize 10KB",
        ),
    ],
)
def test_a_size_checker_no_parser_reads_is_no_specialists(command: str, sample: str, message: str) -> None:
    facts = _travis(command, sample)
    assert [(e.tool, e.message) for e in facts.errors] == [(TOOL, message)]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.UNKNOWN and verdict.decided, verdict.reason


def test_webpacks_performance_hints_made_errors() -> None:
    facts = _travis("npx webpack", "webpack5_size_budget.txt", frozenset({"bundlers"}))
    assert [e.message.split(":")[0] for e in facts.errors] == ["asset size limit", "entrypoint size limit"]
    assert rule_verdict(facts).category is Category.UNKNOWN
    # with its parser, which reads webpack's `compiled with 3 errors`, the step's failure is read: nothing added
    assert all(e.tool != TOOL for e in _travis("npx webpack", "webpack5_size_budget.txt", frozenset()).errors)


def test_where_a_parser_reads_the_budget_nothing_is_added() -> None:
    facts = _travis("npx size-limit", "size_limit.txt", frozenset())
    assert facts.errors and all(e.tool != TOOL for e in facts.errors)


def _read(*lines: str) -> list[str]:
    view = View.of(lines)
    return [e.message for e in over_budget(view, (1, len(lines))).errors]


@pytest.mark.parametrize(
    "line",
    [
        "WARNING in asset size limit: The following asset(s) exceed the recommended size limit (244 KiB).",
        " PASS  ./dist/app.css: 36B < maxSize 1KB (gzip) ",
        "FAIL src/cart.test.js",  # a test file, no size
        "  Size limit:   1 KB",
    ],
)
def test_what_is_no_budget_exceeded(line: str) -> None:
    assert _read(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "FAIL " + "a" * 300_000,
        "FAIL  ./a.js: " + "1" * 300_000,
        " size limit has exceeded by " + "9" * 300_000,
        "ERROR in asset size limit: " + "x" * 300_000,
    ],
)
def test_hostile_lines_are_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    _read(line, line)
    assert time.perf_counter() - started < 1.0
