"""A Gradle check read from its task's name when no parser reads the tool the task ran (meaning.task_failures'
CHECKER_TASK), on real Gradle 4.4.1 runs (tests/facts/data/README.md): the plugin's name for its check says what
failed; a name the project chose does not decide alone."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

CHECK = "./gradlew check"


def test_clang_formats_rows_on_java_are_the_formatters_not_javacs() -> None:
    """clang-format on a Java file speaks javac's shape; its flag names it (before: two javac compile records,
    decided build)."""
    f = extract_facts(framing.github_actions(CHECK, (DATA / "gradle441_checkformat_clang_format.txt").read_text()))
    assert "clang-format" in {e.tool for e in f.errors}
    assert not [e for e in f.errors if e.tool == "javac" or e.category is Category.BUILD]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.FORMAT, verdict.reason
