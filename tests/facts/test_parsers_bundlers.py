"""webpack's and Babel's errors on their real output made here (tests/facts/data/README.md says how):
each error's module or file and place, and what it means (a file of the project missing is the
build's, a package missing is a dependency's, TypeScript's checker through ts-loader a type error)."""

from __future__ import annotations

import pytest

from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import error, facts

WP5 = "/tmp/tools/wp5/src/"


@pytest.mark.parametrize("sample", ["color/webpack5_plain.txt", "color/webpack5_color.txt"])
def test_webpack5_reads_each_error_with_its_place_and_meaning(sample: str) -> None:
    """`ERROR in ./src/index.js 2:0-32` (webpack's columns count from 0: the record's from 1),
    babel-loader's SyntaxError, ts-loader's `[tsl] ERROR in FILE(L,C)` and TS code; webpack's own
    count of errors."""
    f = facts(sample)
    assert f.category is Category.BUILD
    assert [(e.tool, e.file, e.line, e.column, e.code, e.category) for e in f.errors] == [
        ("webpack", "src/index.js", 2, 1, "module-not-found", Category.BUILD),  # './nothere': the project's file
        ("webpack", "src/index.js", 3, 1, "module-not-found", Category.DEPENDENCY),  # a package not installed
        ("babel", WP5 + "math.js", 3, 1, "SyntaxError", Category.BUILD),
        ("tsc", WP5 + "typed.ts", 1, 14, "TS2322", Category.TYPE),
    ]
    assert f.errors[0].message == "Error: Can't resolve './nothere' in '/tmp/tools/wp5/src'"
    assert f.errors[3].message == "Type 'string' is not assignable to type 'number'."
    assert "webpack 5.113.0 compiled with 4 errors" in f.excerpt


@pytest.mark.parametrize(
    ("sample", "first"),
    [
        ("webpack4_babel.txt", ("babel", "/tmp/tools/js4/wp/src/math.js", 3, 1, "SyntaxError")),
        # webpack 2-3: `Module build failed: SyntaxError: Unexpected token (3:0)`, no file: the module's
        ("webpack3_babel.txt", ("webpack", "src/math.js", 3, 1, "SyntaxError")),
    ],
)
def test_older_webpack_errors_name_their_module(sample: str, first: tuple[object, ...]) -> None:
    f = facts(sample)
    assert f.category is Category.BUILD
    assert [(e.tool, e.file, e.line, e.column, e.code) for e in f.errors] == [
        first,
        ("webpack", "src/index.js", None, None, "module-not-found"),
        ("webpack", "src/index.js", None, None, "module-not-found"),
    ]
    assert [e.category for e in f.errors[1:]] == [Category.BUILD, Category.DEPENDENCY]


def test_webpack_module_parse_failed_without_a_loader() -> None:
    f = facts("webpack4_parse_failed.txt")
    assert [(e.file, e.line, e.column, e.code, e.category) for e in f.errors] == [
        ("src/math.js", 3, 1, "module-parse-failed", Category.BUILD)
    ]
    assert f.errors[0].message == "Module parse failed: Unexpected token (3:0)"


@pytest.mark.parametrize(
    ("sample", "file"), [("babel6_syntax.txt", "src/math.js"), ("babel7_syntax.txt", "/tmp/tools/js4/wp/src/math.js")]
)
def test_babel_cli_syntax_error(sample: str, file: str) -> None:
    """Babel 6 names the file as given, Babel 7 absolute (and Node prints its stack and fields)."""
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.column, e.code) for e in f.errors] == [("babel", file, 3, 1, "SyntaxError")]
    assert f.category is Category.BUILD


@pytest.mark.parametrize(
    ("sample", "file", "first"),
    [
        (
            "webpack4_fork_ts_checker.txt",
            "/tmp/tools/ftc/src/index.ts",
            "Type '\"one\"' is not assignable to type 'number'.",
        ),
        ("webpack5_fork_ts_checker.txt", "src/index.ts", "Type 'string' is not assignable to type 'number'."),
    ],
)
def test_fork_ts_checker_type_errors(sample: str, file: str, first: str) -> None:
    """fork-ts-checker-webpack-plugin 4 (`ERROR in FILE(1,14):`) and 6 (`ERROR in FILE:1:14`), the TS
    code and message on the next line: type errors at their place."""
    f = facts(sample)
    assert f.category is Category.TYPE
    e = f.errors[0]
    assert (e.tool, e.file, e.line, e.column, e.code, e.message) == ("tsc", file, 1, 14, "TS2322", first)
    assert {e.category for e in f.errors} == {Category.TYPE}


def test_angular_cli_type_errors_behind_webpack_s_error_in() -> None:
    """Angular CLI 7 (`ng build`): tsc's line behind `ERROR in `; `ng build --prod` (AOT): the
    template type checker's `ERROR in FILE.html(L,C): : message`. Both type errors at their place."""
    tsc = facts("angular7_build_tsc.txt")
    assert [(e.tool, e.file, e.line, e.column, e.code, e.category) for e in tsc.errors] == [
        ("tsc", "src/app/app.component.ts", 10, 3, "TS2322", Category.TYPE)
    ]
    aot = facts("angular7_build_prod_template.txt")
    assert [(e.tool, e.file, e.line, e.column, e.category) for e in aot.errors] == [
        ("angular", "src/app/app.component.html", 21, 4, Category.TYPE)
    ]
    assert aot.errors[0].message == "Property 'missingProp' does not exist on type 'AppComponent'."
    assert tsc.category is Category.TYPE and aot.category is Category.TYPE


@pytest.mark.parametrize(
    ("sample", "category"),
    [
        # browserify 16: the project's own `./carts`, a file it does not have: its build is wrong
        ("browserify16_own_missing.txt", Category.BUILD),
        # browserify 13: `lodash`, a package nobody installed
        ("browserify13_package_missing.txt", Category.DEPENDENCY),
    ],
)
def test_browserify_tells_a_missing_package_from_a_missing_file_of_the_project(sample: str, category: Category) -> None:
    f = facts(sample)
    assert f.tools == ["browserify"] and f.category is category
    assert error(f, tool="browserify", message="Cannot find module '")
    verdict = rule_verdict(f)
    assert verdict.category is category and verdict.decided, verdict.reason


@pytest.mark.parametrize("sample", ["esbuild012_bundle.txt", "esbuild024_bundle.txt"])
def test_esbuild_cli_reads_each_error_with_its_place_and_meaning(sample: str) -> None:
    """esbuild 0.8-0.13's one line (` > src/main.js:2:20: error: ...`) and 0.14 on's `✘ [ERROR] ...` over
    its place: each error's file and place (columns from 0: the record's from 1), a missing file of the
    project the build's, a package not installed a dependency's."""
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.column, e.category) for e in f.errors] == [
        ("esbuild", "src/main.js", 2, 21, Category.BUILD),
        ("esbuild", "src/main.js", 3, 26, Category.DEPENDENCY),
        ("esbuild", "src/cart.js", 1, 37, Category.BUILD),
    ]
    assert f.errors[0].message == 'Could not resolve "./missing"'
    assert f.errors[2].message == 'Unexpected ";"'


def test_esbuild_error_takes_its_own_place_not_its_notes() -> None:
    """`Did you mean to import "total" instead?` names the exporting file's place below: not the error's."""
    f = facts("esbuild024_no_export.txt")
    assert [(e.file, e.line, e.column) for e in f.errors] == [("src/export.js", 1, 10)]
    assert rule_verdict(f).decided and rule_verdict(f).category is Category.BUILD


@pytest.mark.parametrize(
    ("sample", "want"),
    [
        # Rollup 1-2 `[!] Error: ...`, 3 on `[!] RollupError: ...`; the place on a line below, or the
        # importer named in an unresolved import's message
        ("rollup1_unresolved.txt", ("src/main.js", None, None, "Could not resolve './missing' from src/main.js")),
        ("rollup4_unresolved.txt", ("src/main.js", None, None, 'Could not resolve "./missing" from "src/main.js"')),
        ("rollup2_syntax.txt", ("src/cart.js", 1, 37, "Unexpected token")),
        ("rollup4_syntax.txt", ("src/cart.js", 1, 37, "src/cart.js (1:36): Expression expected")),
    ],
)
def test_rollup_cli_error_is_the_builds(sample: str, want: tuple[object, ...]) -> None:
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.column, e.message) for e in f.errors] == [("rollup", *want)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.BUILD


@pytest.mark.parametrize(
    ("sample", "want", "category"),
    [
        ("parcel2_syntax.txt", ("src/cart.js", 1, 37, "@parcel/transformer-js", "Expression expected"), Category.BUILD),
        # the resolver's hint below (`Cannot load file './missing' in './src'.`, no place) is no second error
        (
            "parcel2_unresolved.txt",
            ("src/main.js", 2, 21, "@parcel/core", "Failed to resolve './missing' from './src/main.js'"),
            Category.BUILD,
        ),
        (
            "parcel2_package.txt",
            ("src/main.js", 2, 26, "@parcel/core", "Failed to resolve 'lodash-es' from './src/main.js'"),
            Category.DEPENDENCY,
        ),
    ],
)
def test_parcel_build_failed_diagnostics_with_their_place_and_meaning(
    sample: str, want: tuple[object, ...], category: Category
) -> None:
    f = facts(sample)
    assert [
        (e.file.removeprefix("/tmp/compile/parcel/") if e.file else None, e.line, e.column, e.code, e.message)
        for e in f.errors
    ] == [want]
    assert f.errors[0].category is category
