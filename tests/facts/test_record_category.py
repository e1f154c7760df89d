"""ErrorRecord.category: set once by the facts stage, from what the record means, and again once the
project's files are known (remediate.facts.classify.categorize / with_tree)."""

from __future__ import annotations

from pathlib import Path

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict, several
from tests.facts import framing
from tests.facts.samples import DATA, error, facts


def travis(command: str, output: str, code: int = 1) -> bytes:
    return f'$ {command}\n{output}The command "{command}" exited with {code}.\n'.encode()


def test_every_record_carries_its_tools_concern() -> None:
    assert {e.category for e in facts("mypy.txt").errors} == {Category.TYPE}
    assert {e.category for e in facts("flake8.txt").errors} == {Category.LINT}
    assert {e.category for e in facts("hadolint.txt").errors} == {Category.DOCKERFILE}
    assert {e.category for e in facts("pytest_failures.txt").errors} <= {Category.TEST, Category.BUILD}
    assert error(facts("ruff_format_check.txt"), code="format").category is Category.FORMAT


def test_a_third_partys_missing_name_is_a_dependency_record_whatever_printed_it() -> None:
    missing = facts("tsc_missing_modules.txt")
    assert error(missing, message="lodash").category is Category.DEPENDENCY
    # the project's own file, named by its path, is not there (moved, renamed, never committed): the build's, as Node's
    # own `Cannot find module './x'` is (round 37: it was the checker's, type)
    assert error(missing, message="./cart.js").category is Category.BUILD


def test_tsc_syntax_errors_are_build_records_and_type_errors_type_records() -> None:
    # TS1xxx are the scanner's and parser's diagnostics (the code does not parse); TS2xxx the checker's.
    syntax = facts("tsc_syntax.txt")
    assert [(e.code, e.category) for e in syntax.errors] == [("TS1005", Category.BUILD)]
    assert syntax.category is Category.BUILD
    assert {e.category for e in facts("tsc.txt").errors} == {Category.TYPE}
    log = travis("npx tsc -p . --pretty false", (DATA / "tsc_syntax.txt").read_text(), 2)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.BUILD, verdict.reason


def test_a_missing_module_the_tree_shows_is_the_projects_own_goes_back_to_its_tools_category(tmp_path: Path) -> None:
    # pytest collecting a test that imports shop.carts; with --source the tree shows shop/ is the project's.
    log = travis("python -m pytest -q", (DATA / "pytest_first_party_module.txt").read_text(), 2)
    alone = extract_facts(log)
    assert error(alone, message="shop.carts").category is Category.DEPENDENCY  # no tree: a name like any other
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "cart.py").write_text("")
    known = extract_facts(log, source=tmp_path)
    assert error(known, message="shop.carts").category is not Category.DEPENDENCY
    assert error(
        extract_facts(log.replace(b"shop.carts", b"pendulum"), source=tmp_path), message="pendulum"
    ).category is (Category.DEPENDENCY)


def test_a_suite_that_passed_is_no_evidence_of_a_test_failure() -> None:
    # A step that ran PHPUnit (it passed: `OK (3 tests, 4 assertions)`) and then mypy, which failed:
    # the passing summary's "assertions" is no test keyword, so the facts read the same with it or without.
    passed, mypy = (DATA / "phpunit_ok.txt").read_text(), (DATA / "mypy.txt").read_text()
    for frame in (framing.github_actions, framing.travis):
        alone = extract_facts(frame("mypy --strict pkg", mypy))
        after = extract_facts(frame("phpunit tests && mypy --strict pkg", passed + mypy))
        assert after.category is alone.category is Category.TYPE
        assert after.confidence == alone.confidence


def test_each_pre_commit_hooks_record_carries_its_hooks_kind() -> None:
    # Real `pre-commit run` output: ruff (lint), ruff-format (format) and mypy (type) hooks failed;
    # each hook's record says its own kind, so the job shows three independent failures.
    f = facts("pre_commit.txt")
    kinds = {e.code: e.category for e in f.errors if e.tool == "pre-commit"}
    assert kinds == {"ruff": Category.LINT, "ruff-format": Category.FORMAT, "mypy": Category.TYPE}
    assert several(f) == [Category.FORMAT, Category.LINT, Category.TYPE]


def test_a_python_exception_means_what_its_caller_was_doing() -> None:
    # Real unittest and doctest output: the tracebacks' ValueError, AssertionError, ZeroDivisionError
    # are the tests' failures, not build errors; a SyntaxError is the code not parsing.
    for name, command in (
        ("unittest.txt", "python -m unittest -v test_ut"),
        ("doctest_exception.txt", "python -m doctest x.py"),
    ):
        f = extract_facts(framing.github_actions(command, (DATA / name).read_text()))
        assert {e.category for e in f.errors if e.tool == "python"} == {Category.UNKNOWN}
        verdict = rule_verdict(f)
        assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    syntax = '  File "app.py", line 3\n    def f(:\n          ^\nSyntaxError: invalid syntax\n'
    f = extract_facts(framing.github_actions("python app.py", "Traceback (most recent call last):\n" + syntax))
    assert [e.category for e in f.errors if e.code == "SyntaxError"] == [Category.BUILD]
