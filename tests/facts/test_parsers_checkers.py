"""pylint, black, isort, ShellCheck, doctest and Node's spec reporter, on their real output made
here (tests/facts/data/README.md says how), and prettier's bare `-l` listing behind each CI's echo
of the command."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from tests.facts import framing
from tests.facts.samples import DATA, error, facts


@pytest.mark.parametrize("name", ["pylint.txt", "pylint_parseable.txt"])
def test_pylint_every_message_is_a_record(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["pylint"]
    assert error(f, file="shop/cart.py", line=23, code="W0612").message == "Unused variable 'x'"
    assert {e.code for e in f.errors} == {"C0410", "C0116", "W0612", "W0611"}
    assert "Your code has been rated at 5.00/10" in f.excerpt


def test_pylint_column_in_its_default_format() -> None:
    assert error(facts("pylint.txt"), code="W0612").column == 4


def test_black_check_names_the_file_and_is_not_taken_for_ruff() -> None:
    f = facts("black_check_diff_color.txt")
    assert f.category is Category.FORMAT and f.tools == ["black"]
    assert error(f, code="format").file == "shop/cart.py"  # black printed the runner's absolute path
    assert "1 file would be reformatted, 5 files would be left unchanged." in f.excerpt


def test_isort_check_names_each_unsorted_file() -> None:
    f = facts("isort_check_diff.txt")
    assert f.category is Category.FORMAT and f.tools == ["isort"]
    assert [e.file for e in f.errors] == ["shop/cart.py", "tests/test_unit.py"]


@pytest.mark.parametrize("name", ["shellcheck.txt", "shellcheck_gcc.txt"])
def test_shellcheck_tty_and_gcc_forms_agree(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["shellcheck"]
    got = [(e.file, e.line, e.column, e.code) for e in f.errors]
    assert got == [
        ("deploy.sh", 2, 10, "SC2045"),
        ("deploy.sh", 2, 15, "SC2035"),
        ("deploy.sh", 2, 31, "SC2086"),
        ("deploy.sh", 3, 1, "SC2164"),
        ("deploy.sh", 4, 8, "SC2115"),
    ]  # the second SC2086 (line 4) is grouped with the first
    assert error(f, code="SC2045").message == "Iterating over ls output is fragile. Use globs."


def test_doctest_failures_say_what_they_got() -> None:
    f = facts("doctest.txt")
    assert f.category is Category.TEST and f.tools[0] == "doctest"
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [("cart.total", "shop/cart.py", "got 3.0")]
    raised = facts("doctest_exception.txt").failing_tests[0]
    assert raised.message == "raised ZeroDivisionError: integer division or modulo by zero"


def test_node_spec_reporter_names_the_failed_tests_and_their_files() -> None:
    f = facts("node_test_spec_color.txt")
    assert f.category is Category.TEST and f.tools == ["node-test"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("total sums", "test/cart.test.js"),
        ("find throws", "test/cart.test.js"),
    ]
    assert f.failing_tests[1].message == "ReferenceError [Error]: missingVar is not defined"
    assert error(f, file="test/cart.test.js", line=5).message == "total sums"
    assert "3 !== 4" in f.excerpt


@pytest.mark.parametrize("ci", ["github_actions", "gitlab", "jenkins", "travis", "azure", "circleci", "buildkite"])
def test_prettier_bare_listing_is_read_after_each_ci_echo_of_the_command(ci: str) -> None:
    listing = (DATA / "prettier_l_bare.txt").read_text()
    f = extract_facts(getattr(framing, ci)("npx prettier -l src", listing))
    assert f.category is Category.FORMAT and "prettier" in f.tools
    assert [e.file for e in f.errors] == ["src/cart.js", "src/cart.ts"]


def test_prettier_bare_names_without_the_command_are_not_guessed() -> None:
    assert not facts("prettier_l_bare.txt").errors
