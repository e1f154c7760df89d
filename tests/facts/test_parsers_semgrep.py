"""Semgrep's text report (parsers/semgrep.py), on real output made here (tests/facts/data/README.md, "CI tools no
parser read, wave three")."""

from __future__ import annotations

from remediate.facts.commands import command_rule
from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def test_semgrep_s_findings_are_lint_records_at_each_match_s_first_code_row() -> None:
    """Each match is a record at its file and first code row, its code the rule id, its message the rule's (the
    wrapped lines joined, `Blocking` and `Details:` left out), its level the rule's arrows; a second match of a
    rule below `⋮┆----` is a record of its own, grouped with the first (the same message: facts/groups)."""
    f = facts("semgrep1187_scan_findings.txt")
    assert sorted((e.file, e.line, e.code, e.severity) for e in f.errors) == [
        ("src/shop/cart.py", 5, "no-bare-except", Severity.ERROR),
        ("src/shop/cart.py", 12, "subprocess-shell-true", Severity.WARNING),
        ("src/shop/orders.py", 5, "weak-hash-md5", Severity.NOTE),
        ("web/app.js", 2, "inner-html", Severity.ERROR),
    ]
    shell = next(e for e in f.errors if e.code == "subprocess-shell-true")
    assert (shell.repeats, shell.also_at) == (1, ["src/shop/cart.py:17"])
    assert shell.message.endswith("can inject commands. Pass a list of arguments instead.")
    assert next(e for e in f.errors if e.code == "inner-html").message == "Assigning innerHTML renders unescaped markup"
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert (rule := command_rule("semgrep scan --config semgrep.yml --error")) and rule[1] is Category.LINT


def test_a_clean_semgrep_scan_is_seen_and_gives_no_record() -> None:
    clean = facts("semgrep1187_scan_clean.txt")
    assert "semgrep" in clean.tools and not clean.errors
