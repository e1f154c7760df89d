"""The check a task runner's task or a project's script is named for (facts/tasks.py), and the findings located
reads under it when no tool is known (real runs: tests/facts/data/README.md, the wrapper_make_* and
wrapper_script_* rows)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.located import checker_of
from remediate.facts.tasks import check_task, named_test_task
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("part", "task", "kind"),
    [
        ("make lint", "lint", Category.LINT),
        ("npx gulp lint --no-color", "lint", Category.LINT),
        ("invoke lint", "lint", Category.LINT),
        ("npm run lint:js", "lint:js", Category.LINT),
        ("lerna run lint --stream", "lint", Category.LINT),
        ("python -m nox -s lint", "lint", Category.LINT),
        ("tox -e flake8", "flake8", Category.LINT),  # a tool's name as the session's
        ("composer cs", "cs", Category.LINT),
        ("make -C docs/ lint", "lint", Category.LINT),  # a folder is no task
        ("make -C build lint", "lint", Category.LINT),  # -C's value is a folder, whatever its name
        ("script/lint", "lint", Category.LINT),
        ("./scripts/check-format.sh", "check-format", Category.FORMAT),
        ("just fmt-check", "fmt-check", Category.FORMAT),
        ("npm run typecheck", "typecheck", Category.TYPE),
        ("turbo run type-check", "type-check", Category.TYPE),
    ],
)
def test_a_task_named_for_a_check(part: str, task: str, kind: Category) -> None:
    assert check_task(part) == (task, kind)


@pytest.mark.parametrize(
    "part",
    [
        "make",
        "make test",
        "npm test",
        "tox -e py311",
        "make -C docs html",
        "gulp build lint",  # the build may be what failed
        "./configure",
        "bin/rails test",
        "eslint src",  # a tool, not a task (commands.py names it)
    ],
)
def test_no_check_named(part: str) -> None:
    assert check_task(part) is None


def test_a_task_name_is_read_only_where_no_tool_is_known() -> None:
    assert checker_of("make lint", None) == ("make lint", Category.LINT)
    assert checker_of("tox -e lint", None) == ("tox -e lint", Category.LINT)  # tox's report unread
    assert checker_of("npm run lint", "gulp lint") == ("npm run lint", Category.LINT)  # gulp: no tool the rules know
    # what the wrapper ran names tools, of two kinds: either may be what failed
    assert checker_of("npm run lint", "tsc --noEmit && eslint .") is None
    assert checker_of("nox -s lint", "pytest tests") is None
    assert checker_of("script/lint && script/build --release", None) is None
    assert checker_of("make test", None) is None


def _travis(command: str, sample: str) -> Facts:
    """The sample as the failing step of a Travis job, its own parser modules left out (a tool no parser knows)."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log))


@pytest.mark.parametrize(
    ("command", "sample", "kind", "file"),
    [
        ("make typecheck", "wrapper_make_typecheck_mypy.txt", Category.TYPE, "pkg/cart.py"),
        ("make format-check", "wrapper_make_format_check_ruff.txt", Category.FORMAT, "pkg/cart.py"),
        ("./scripts/lint.sh", "wrapper_script_lint_perlcritic.txt", Category.LINT, None),
        ("make lint", "wrapper_make_lint_shellcheck_gcc.txt", Category.LINT, "deploy.sh"),
    ],
)
def test_findings_under_a_task_named_for_a_check(command: str, sample: str, kind: Category, file: str | None) -> None:
    # before: make typecheck no signal, make format-check and the script keyword-only (0.36), all abstaining
    facts = _travis(command, sample)
    assert facts.errors and {e.category for e in facts.errors} == {kind}
    assert facts.errors[0].file == file and facts.errors[0].tool == command
    verdict = rule_verdict(facts)
    assert verdict.category is kind and verdict.decided


def test_a_test_tasks_places_are_no_findings() -> None:
    # pytest's `tests/test_calc.py:7: AssertionError` under `make test`: no check named, nothing placed
    facts = _travis("make test", "pytest_failures.txt")
    assert facts.errors == []


@pytest.mark.parametrize(
    ("part", "task"),
    [
        ("make test", "make test"),
        ("make check", "make check"),  # GNU's target for the test suite (Automake, MakeMaker, PHP's phpize)
        ("NO_INTERACTION=1 make test", "NO_INTERACTION=1 make test"),  # the environment's settings first
        ("make -C build test", "make -C build test"),
        ("./run-tests.sh", "./run-tests.sh"),
        ("script/test", "script/test"),
        ("npm run test:unit", "npm run test:unit"),
    ],
)
def test_a_task_named_for_tests(part: str, task: str) -> None:
    assert named_test_task(part) == task


@pytest.mark.parametrize(
    "part",
    [
        "make",
        "make all test",  # the build may be what failed
        "ci/run-build-and-tests.sh",
        "make test-docs",
        "make lint",
        "./bin/check",  # a script named `check` may run anything; only make's target is GNU's test suite
        "make install-test-deps",
        "pytest tests",  # a tool, not a task (commands.py names it)
    ],
)
def test_no_test_task_named(part: str) -> None:
    assert named_test_task(part) is None
