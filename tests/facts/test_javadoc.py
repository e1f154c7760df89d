"""The JDK's javadoc: doclint's errors take javac's shape (`Cart.java:10: error: @param name not found`) but are the
documentation's, a docs linter's findings (parsers/jvm.py), under javadoc itself or Gradle's javadoc task; javac's
errors after javadoc's run stay the compiler's. Real output: tests/facts/data/README.md (javadoc17_*, gradle441_javadoc_*).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.commands import tool_named
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import ciframing, framing
from tests.facts.samples import DATA

DOCLINT = ["@param name not found", "reference not found", "element not closed: b"]


@pytest.mark.parametrize(
    ("sample", "command", "file"),
    [
        (
            "javadoc17_doclint_errors.txt",
            "javadoc -Xdoclint:all -Werror -d out -sourcepath src org.acme.shop",
            "src/org/acme/shop/Cart.java",
        ),
        ("gradle441_javadoc_doclint.txt", "./gradlew javadoc", "src/main/java/org/acme/shop/Cart.java"),
    ],
)
def test_doclint_s_errors_are_javadoc_s_lint_not_compile_errors(sample: str, command: str, file: str) -> None:
    """Decided build before: javac's shape read as the compiler's."""
    found = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    doclint = [e for e in found.errors if e.tool == "javadoc"]
    assert [(e.file, e.code, e.category, e.message) for e in doclint] == [
        (file, "doclint", Category.LINT, message) for message in DOCLINT
    ]
    assert found.category is Category.LINT and not any(e.category is Category.BUILD for e in found.errors)
    verdict = rule_verdict(found)
    assert (verdict.category, verdict.decided) == (Category.LINT, True), verdict.reason


def test_javac_s_errors_after_javadoc_s_run_are_the_compiler_s() -> None:
    found = extract_facts(DATA / "javadoc17_then_javac_error.txt")
    assert [(e.tool, e.file, e.category) for e in found.errors] == [("javac", "src3/Broken.java", Category.BUILD)]


def test_doclint_s_warnings_fail_nothing() -> None:
    assert not extract_facts(DATA / "javadoc17_doclint_warning_passed.txt").errors


@pytest.mark.parametrize(
    ("command", "linter"),
    [
        ("javadoc -Xdoclint:all -d out -sourcepath src org.acme.shop", True),
        ("./gradlew javadoc", True),
        ("mvn -B javadoc:javadoc", True),
        ("mvn install -DskipTests -Dmaven.javadoc.skip=true", False),
        ("cp -r build/docs/javadoc site/", False),
        ('sh -c "javadoc -d out -sourcepath src org.acme.shop && javac -d cls src/Broken.java"', False),
    ],
)
def test_javadoc_s_command_is_a_linter_s_but_a_property_path_or_script_naming_it_is_not(
    command: str, linter: bool
) -> None:
    tool = tool_named(command)
    assert (tool is not None and tool[1] is Category.LINT) is linter, tool


def test_no_compiler_error_is_read_in_javadoc_s_run_by_no_parser() -> None:
    """jvm.py left out (a tool nobody wrote a parser for) behind a script that names no tool: the compiler-shaped lines
    of javadoc's run are no compiler's errors (they were, and decided build); the rules abstain."""
    log = framing.travis("./ci/run.sh", (DATA / "javadoc17_doclint_errors.txt").read_text())
    found = extract_facts(log, leave_out=frozenset({"jvm"}))
    assert not [e for e in found.errors if e.category is Category.BUILD]
    assert not rule_verdict(found).decided


@pytest.mark.parametrize(
    "frame",
    [
        lambda command, output: ciframing.cloudbuild_job([("docs", "gradle:4.4.1-jdk17", (command, output, 1))]),
        lambda command, output: ciframing.teamcity_job([("docs", (command, output, 1))]),
        lambda command, output: framing.travis("./ci/docs.sh", output),
    ],
    ids=["cloudbuild", "teamcity", "script"],
)
def test_a_build_that_says_javadoc_failed_makes_its_rows_javadoc_s_where_no_command_names_it(
    frame: Callable[[str, str], bytes],
) -> None:
    """jvm.py left out, in a step that shows no command (Cloud Build, TeamCity) or a script naming no tool: Gradle's
    `Javadoc generation failed` says whose rows they are. They were the compiler's, and decided build."""
    output = (DATA / "gradle441_javadoc_doclint.txt").read_text()
    found = extract_facts(frame("gradle javadoc", output), leave_out=frozenset({"jvm"}))
    assert [(e.tool, e.category) for e in found.errors] == [("javadoc", Category.LINT)] * 2  # the first glued on
    verdict = rule_verdict(found)
    assert (verdict.category, verdict.decided) == (Category.LINT, True), verdict.reason


def test_javac_s_error_after_javadoc_s_progress_is_no_javadoc_row_by_no_parser() -> None:
    """javadoc's progress lines say it ran, not that it failed: javac's error after its run stays no javadoc row."""
    found = extract_facts(
        framing.travis("./ci/run.sh", (DATA / "javadoc17_then_javac_error.txt").read_text()),
        leave_out=frozenset({"jvm"}),
    )
    assert not [e for e in found.errors if e.tool == "javadoc"]
