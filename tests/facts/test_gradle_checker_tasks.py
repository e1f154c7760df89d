"""A Gradle check read from its task's name when no parser reads the tool the task ran (meaning.task_failures'
CHECKER_TASK), on real Gradle 4.4.1 runs (tests/facts/data/README.md): the plugin's name for its check says what
failed; a name the project chose does not decide alone."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning import task_failure
from remediate.facts.meaning.task_failures import CHECKER_TASK
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

CHECK = "./gradlew check"


@pytest.mark.parametrize(
    ("sample", "task", "category", "ran"),
    [
        # clang-format's rows left unread (its module out): Spring Java Format's task name
        ("gradle441_checkformat_clang_format.txt", ":platform:checkFormatMain", Category.FORMAT, {"canalysis"}),
        ("gradle441_projecthealth_jdeps.txt", ":platform:projectHealth", Category.LINT, set()),
        ("gradle441_apicheck_diff.txt", ":platform:apiCheck", Category.LINT, set()),
    ],
)
def test_a_checker_plugins_task_decides_its_check(sample: str, task: str, category: Category, ran: set[str]) -> None:
    """Before: no record (an `Exec` task's exit status says nothing), build 0.36 undecided from keywords."""
    log = framing.github_actions(CHECK, (DATA / sample).read_text())
    assert modules_reading(log) == {"jvm", *ran}  # the tool the task ran is left out, as if no parser knew it
    f = extract_facts(log, leave_out=frozenset(ran))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("gradle", CHECKER_TASK, category)]
    assert f.errors[0].message.startswith(f"Execution failed for task '{task}'.")
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is category, verdict.reason


def test_clang_formats_rows_on_java_are_the_formatters_not_javacs() -> None:
    """clang-format on a Java file speaks javac's shape; its flag names it (before: two javac compile records,
    decided build)."""
    f = extract_facts(framing.github_actions(CHECK, (DATA / "gradle441_checkformat_clang_format.txt").read_text()))
    assert "clang-format" in {e.tool for e in f.errors}
    assert not [e for e in f.errors if e.tool == "javac" or e.category is Category.BUILD]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.FORMAT, verdict.reason


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("spotlessJavaCheck", Category.FORMAT),
        ("checkFormat", Category.FORMAT),
        ("ktfmtCheckMain", Category.FORMAT),
        ("checkstyleMain", Category.LINT),
        ("ktlintMainSourceSetCheck", Category.LINT),
        ("detekt", Category.LINT),
        ("lintVitalRelease", Category.LINT),
        ("buildHealth", Category.LINT),
        ("jvmApiCheck", Category.LINT),
    ],
)
def test_the_plugins_names_are_checker_tasks(name: str, category: Category) -> None:
    failure = task_failure("gradle", [f"Execution failed for task ':app:{name}'."], name)
    assert failure is not None and (failure.category, failure.code) == (category, CHECKER_TASK)


@pytest.mark.parametrize(
    ("name", "said", "code"),
    [
        ("lintOne", "Execution failed for task ':lintOne'.", "task-failed"),  # the project's own name: no vote alone
        ("sortedFormatCheck", "Execution failed for task ':sortedFormatCheck'.", "task-failed"),
        # what the check met on the way is said first: a plugin Gradle could not resolve
        (
            "detekt",
            "Could not resolve all files for configuration ':detekt'.",
            "unresolved-dependency",
        ),
        ("checkFormatMain", "There were failing tests. See the report at: file:///x", "tests-failed"),
    ],
)
def test_a_name_the_project_chose_or_words_gradle_said_are_not_checker_tasks(name: str, said: str, code: str) -> None:
    failure = task_failure("gradle", [said], name)
    assert failure is not None and failure.code == code
