"""Linters no parser read before the fifteenth round (real output: tests/facts/data/README.md, "Linters' other
shapes"): vulture, prospector, bashate, eclint, lintspaces, ChkTeX, package-lint."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.located import CHECKED_TOOL
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts


@pytest.mark.parametrize(
    ("sample", "tool", "category", "rows"),
    [
        (
            "vulture216.txt",
            "vulture",
            Category.LINT,
            [("shop/cart.py", 2, "unused import 'os'"), ("shop/cart.py", 5, "unused function 'total'")],
        ),
        (
            "vulture026.txt",
            "vulture",
            Category.LINT,
            [
                ("shop/cart.py", 1, "unused import 'sys'"),
                ("shop/cart.py", 2, "unused import 'os'"),
                ("shop/cart.py", 5, "unused function 'total'"),
            ],
        ),
        (
            "prospector120.txt",
            "prospector",
            Category.LINT,
            [
                ("shop/cart.py", 1, "Unused import sys"),
                ("shop/cart.py", 2, "Unused import os"),
                ("shop/cart.py", 6, "Redefining built-in 'sum'"),
            ],
        ),
        (
            "bashate211.txt",
            "bashate",
            Category.LINT,
            [("run.sh", 3, "Indent not multiple of 4"), ("run.sh", 6, "Trailing Whitespace")],
        ),
        (
            "bashate051.txt",
            "bashate",
            Category.LINT,
            [("run.sh", 3, "Indent not multiple of 4"), ("run.sh", 6, "Trailing Whitespace")],
        ),
        (
            "eclint28.txt",
            "eclint",
            Category.FORMAT,
            [
                ("src/ws.js", 1, "unexpected trailing whitespace"),
                ("src/ws.js", 2, "invalid indent style: tab, expected: space"),
            ],
        ),
        (
            "lintspaces_cli10.txt",
            "lintspaces",
            Category.FORMAT,
            [
                ("/tmp/lint-gen/web/src/ws.js", 1, "Unexpected trailing spaces found."),
                ("/tmp/lint-gen/web/src/ws.js", 2, "Unexpected tabs found."),
            ],
        ),
        (
            "package_lint016.txt",
            "package-lint",
            Category.LINT,
            [
                ("shop-cart.el", 1, "Package should have a Homepage or URL header."),
                ("shop-cart.el", 1, 'package.el cannot parse this buffer: Search failed: ";;; shop-cart.el ends here"'),
                ("shop-cart.el", 8, '"shop-total" doesn\'t start with package\'s prefix "shop-cart".'),
                ("shop-cart.el", 12, '"cart-helper" doesn\'t start with package\'s prefix "shop-cart".'),
                ("shop-cart.el", 14, '"shopcart-rate" doesn\'t start with package\'s prefix "shop-cart".'),
            ],
        ),
    ],
)
def test_the_linter_s_rows_are_records_and_route_to_it(
    sample: str, tool: str, category: Category, rows: list[tuple[str, int, str]]
) -> None:
    f = facts(sample)
    assert [(e.file, e.line, e.message) for e in f.errors if e.tool == tool] == rows
    assert {e.category for e in f.errors} == {category}
    verdict = rule_verdict(f)
    assert verdict.category is category and verdict.decided, verdict.reason


def test_eclint_names_the_editorconfig_rule_each_row_breaks() -> None:
    assert [(e.column, e.code) for e in facts("eclint28.txt").errors] == [
        (13, "trim_trailing_whitespace"),
        (1, "indent_style"),
    ]


def test_chktex_warnings_are_records_with_their_number() -> None:
    f = facts("chktex178.txt")
    assert f.category is Category.LINT
    assert [(e.file, e.line, e.code) for e in f.errors][:3] == [
        ("paper.tex", 3, "11"),
        ("paper.tex", 3, "12"),
        ("paper.tex", 3, "26"),
    ]
    assert rule_verdict(f).decided


def test_package_lint_warnings_fail_nothing() -> None:
    messages = [e.message for e in facts("package_lint016.txt").errors]
    assert not [m for m in messages if "Version:" in m or "lexical-binding" in m]


def test_bashate_s_rows_are_read_only_under_its_summary() -> None:
    """bashate's rows are flake8's form on any file: without `N bashate error(s) found` they are not bashate's (a
    checker's rows all the same, which facts.located.checked reads, naming no tool)."""
    rows = b"run.sh:3:1: E003 Indent not multiple of 4\nrun.sh:6:1: E001 Trailing Whitespace\n"
    assert {e.tool for e in extract_facts(rows).errors} == {CHECKED_TOOL}


def test_a_bashate_warning_fails_nothing() -> None:
    text = b"[W] E003: Indent not multiple of 4: '  x'\n - run.sh : L3\n0 bashate error(s) found\n"
    assert not extract_facts(text).errors


@pytest.mark.parametrize("sample", ["flake8_75_pylint_format.txt", "pycodestyle_215_pylint_format.txt"])
def test_flake8_s_and_pycodestyle_s_pylint_format_rows_are_records(sample: str) -> None:
    """`--format=pylint`: `FILE:LINE: [CODE] message`, no column; pyflakes' reading of the same words stays out."""
    f = facts(sample)
    assert {e.tool for e in f.errors} == {"flake8"} and f.category is Category.LINT
    assert ("shop/cart.py", 6, None, "E225", "missing whitespace around operator") in [
        (e.file, e.line, e.column, e.code, e.message) for e in f.errors
    ]


def test_sass_lint_s_stylish_rows_under_a_bare_stylesheet_name() -> None:
    """sass-lint with the stylish formatter prints the file relative to where it ran: its errors are records,
    its warning is not."""
    f = facts("sasslint113_top_level.txt")
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("s.scss", 2, 10, "no-color-keywords"),
        ("s.scss", 2, 14, "trailing-semicolon"),
    ]


@pytest.mark.parametrize(
    ("sample", "file"), [("dialyzer504_otp25.txt", "cart.erl"), ("rebar3_319_dialyzer.txt", "src/cart.erl")]
)
def test_dialyzer_s_warnings_are_type_findings(sample: str, file: str) -> None:
    """Dialyzer's warnings in the compiler's form (plain) or under rebar3's file heading are type records, not
    erlc's compile errors (before: the plain one decided build, rebar3's gave nothing)."""
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.column, e.category) for e in f.errors] == [
        ("dialyzer", file, 8, 2, Category.TYPE)
    ]
    assert f.errors[0].message.startswith("Invalid type specification for function cart:price/1.")
    verdict = rule_verdict(f)
    assert verdict.category is Category.TYPE and verdict.decided, verdict.reason


def test_erlc_s_errors_outside_dialyzer_s_analysis_stay_compile_errors() -> None:
    text = b"src/cart.erl:8:2: syntax error before: '->'\n"
    assert [(e.tool, e.category) for e in extract_facts(text).errors] == [("erlc", Category.BUILD)]


def test_pytype_s_errors_are_its_own_type_records_with_their_code() -> None:
    """pytype takes mypy's form but names the function and puts its code after one space: before, mypy's
    records (the code left in the message)."""
    f = facts("pytype2024_errors.txt")
    assert [(e.tool, e.line, e.column, e.code, e.category) for e in f.errors] == [
        ("pytype", 2, 1, "bad-return-type", Category.TYPE),
        ("pytype", 6, 1, "name-error", Category.TYPE),
    ]
    assert f.errors[0].message == "in total: bad return type"
