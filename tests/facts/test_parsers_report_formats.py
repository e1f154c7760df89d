"""Report formats a CI picks with a flag, of tools whose default output the parsers read: each is read where that
tool's default is (tests/facts/data/README.md, "CI tools no parser read, wave three")."""

from __future__ import annotations

from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _records(sample: str) -> list[tuple[str, str | None, int | None, str | None, Severity]]:
    return sorted((e.tool, e.file, e.line, e.code, e.severity) for e in facts(sample).errors)


def test_pylint_s_json_reports_are_its_messages_at_their_path_line_and_id() -> None:
    """`--output-format=json` and `json2` give the records of the text form: each message object, at its level."""
    want = [
        ("pylint", "shop/cart.py", 1, "C0114", Severity.NOTE),
        ("pylint", "shop/cart.py", 1, "W0611", Severity.WARNING),
        ("pylint", "shop/cart.py", 4, "C0116", Severity.NOTE),
        ("pylint", "shop/cart.py", 4, "W0102", Severity.WARNING),
        ("pylint", "shop/cart.py", 11, "W0702", Severity.WARNING),
        ("pylint", "shop/cart.py", 18, "C0209", Severity.NOTE),
    ]
    assert _records("pylint415_json.txt") == want
    assert _records("pylint415_json2.txt") == want
    docstrings = next(e for e in facts("pylint415_json2.txt").errors if e.code == "C0116")
    assert (docstrings.message, docstrings.also_at) == ("Missing function or method docstring", ["shop/cart.py:15"])
    verdict = rule_verdict(facts("pylint415_json2.txt"))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert not facts("pylint415_json2_clean.txt").errors
