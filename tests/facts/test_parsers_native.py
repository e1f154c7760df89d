"""Parsers for compiled-language toolchains: C/C++ test runners (GoogleTest, Catch2, CTest), C/C++
static analysers (cppcheck, clang-tidy) and .NET builds (mcs, xbuild, MSBuild's shape), on real
output of each tool made here (tests/facts/data/README.md says how; `sample_*` files are written by
us in a tool's documented format, and the tests using them say so)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts, Severity
from remediate.triage import rule_verdict
from remediate.triage.verdict import NATIVE
from tests.facts import framing
from tests.facts.samples import DATA, error, facts


def excerpt_has(f: Facts, *needles: str) -> None:
    for needle in needles:
        assert needle in f.excerpt, needle


# ---------------------------------------------------------------------- GoogleTest, Catch2, CTest


def test_gtest_failures_carry_their_assertion_place_and_values() -> None:
    f = facts("gtest.txt")
    assert f.category is Category.TEST and f.tools == ["gtest"]
    tests = {t.id: t for t in f.failing_tests}
    assert list(tests) == [
        "CalcTest.AddsTwoNumbers",
        "CalcTest.DividesByZero",
        "CalcTest.Divides",
        "Values/ParamTest.IsEven/1",
    ]
    assert tests["CalcTest.AddsTwoNumbers"].file == "tests/calc_test.cpp"  # the runner's workspace off
    assert tests["CalcTest.AddsTwoNumbers"].message == "Expected equality of these values: add(2, 3) Which is: -1 5"
    # An exception thrown in the test body has no place: `unknown file: Failure`.
    assert tests["CalcTest.DividesByZero"].file is None
    assert "division by zero" in (tests["CalcTest.DividesByZero"].message or "")
    assert error(f, line=13).message == "Value of: divide(6, 3) == 3 Actual: false Expected: true"
    excerpt_has(f, "Which is: -1", "[  FAILED  ] CalcTest.Divides", "4 FAILED TESTS")


def test_gtest_built_with_msvc_places_failures_in_parentheses() -> None:
    # gtest prints `FILE(LINE): error: ` instead of `FILE:LINE: Failure` when built with MSVC
    # (its FormatFileLocation); the real output with that place, as a Windows runner shows it.
    output = (DATA / "gtest.txt").read_text()
    output = output.replace(
        "/home/runner/work/cpp/cpp/tests/calc_test.cpp:5: Failure\n",
        "D:\\a\\cpp\\cpp\\tests\\calc_test.cpp(5): error: ",
    )
    f = extract_facts(output.encode())
    assert error(f, line=5, tool="gtest").file == "tests/calc_test.cpp"
    assert error(f, line=5).message.startswith("Expected equality of these values:")


def test_ctest_rows_and_list_name_the_failed_tests() -> None:
    f = facts("ctest.txt")
    assert f.category is Category.TEST and f.tools == ["ctest"]
    assert [t.id for t in f.failing_tests] == [
        "CalcTest.AddsTwoNumbers",
        "CalcTest.DividesByZero",
        "CalcTest.Divides",
        "Values/ParamTest.IsEven/3",
    ]
    excerpt_has(f, "4 tests failed out of 6", "The following tests FAILED:")


def test_ctest_output_on_failure_reads_gtest_inside() -> None:
    f = facts("ctest_output_on_failure.txt")
    assert f.tools == ["gtest", "ctest"]
    assert {t.id: t.message for t in f.failing_tests}["CalcTest.AddsTwoNumbers"] == (
        "Expected equality of these values: add(2, 3) Which is: -1 5"
    )
    assert error(f, line=5, tool="gtest").file == "tests/calc_test.cpp"


def test_ctest_verbose_test_number_prefix_is_read_through() -> None:
    f = facts("ctest_verbose.txt")
    assert f.tools == ["gtest", "ctest"]
    assert error(f, line=5, tool="gtest").message.startswith("Expected equality")
    assert f.failing_tests[0].file == "tests/calc_test.cpp"


def test_a_number_prefix_without_ctest_s_command_line_is_kept() -> None:
    lines = "".join(f"{n}: [  FAILED  ] Suite.T{n} (1 ms)\n" for n in range(1, 5))
    f = extract_facts(("1: a\n1: b\n1: c\n" + lines).encode())
    assert f.failing_tests == []


def test_catch2_cases_sections_and_expansions() -> None:
    f = facts("catch2.txt")
    assert f.category is Category.TEST and f.tools == ["catch2"]
    tests = {t.id: t for t in f.failing_tests}
    assert list(tests) == ["adds two numbers", "parses numbers", "vector sizes"]
    assert tests["adds two numbers"].message == "REQUIRE( add(2, 3) == 5 ) with expansion: -1 == 5"
    assert tests["vector sizes"].file == "tests/calc_test.cpp"
    assert error(f, line=11).message.endswith("due to unexpected exception with message: bad number: x1")
    excerpt_has(f, "with expansion:", "test cases: 4 | 1 passed | 3 failed")


def test_catch2_compact_reporter() -> None:
    f = facts("catch2_compact.txt")
    assert f.category is Category.TEST
    assert error(f, file="tests/calc_test.cpp", line=18).message == "v.size() == 6 for: 5 == 6"


def test_a_dash_rule_that_opens_no_test_case_is_not_one() -> None:
    rule = "-" * 79
    f = extract_facts(f"{rule}\nSummary\n{rule}\nnot a place\n\ntests/x.cpp:3: FAILED:\n".encode())
    assert f.failing_tests == []


def test_boost_test_checks_name_their_case_and_values() -> None:
    f = facts("boost_test.txt")
    assert f.category is Category.TEST and f.tools == ["boost-test"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("arith/adds_two_numbers", "tests/calc_test.cpp"),
        ("arith/requires_positive", "tests/calc_test.cpp"),
        ("parses", None),  # an exception outside any check: `unknown location(0)`
    ]
    assert error(f, line=9).message == "check add(2, 3) == 5 has failed [-1 != 5]"
    excerpt_has(f, "3 failures are detected")


def test_doctest_cases_and_their_values() -> None:
    f = facts("doctest_cpp.txt")
    assert f.category is Category.TEST and f.tools == ["doctest-cpp"]  # Python's doctest is `doctest`
    tests = {t.id: t for t in f.failing_tests}
    assert list(tests) == ["adds two numbers", "parses", "sizes"]
    assert tests["adds two numbers"].message == "CHECK( add(2, 3) == 5 ) is NOT correct! values: CHECK( -1 == 5 )"
    assert error(f, line=15).file == "tests/calc_test.cpp"
    excerpt_has(f, "[doctest] test cases: 4 | 1 passed | 3 failed")


# ---------------------------------------------------------------------- cppcheck, clang-tidy


def test_cppcheck_findings_are_lint_not_compiler_errors() -> None:
    f = facts("cppcheck.txt")
    assert f.category is Category.LINT and f.tools == ["cppcheck"]
    assert {e.tool for e in f.errors} == {"cppcheck"}
    assert error(f, code="arrayIndexOutOfBounds").model_dump(include={"file", "line", "column"}) == {
        "file": "src/buf.c",
        "line": 6,
        "column": 6,
    }
    assert error(f, code="noExplicitConstructor").file == "src/util.cpp"  # style findings fail --error-exitcode too
    assert not [e for e in f.errors if "note" in e.message.lower()[:5]]


def test_cppcheck_template1_takes_the_last_place_of_a_path() -> None:
    f = facts("cppcheck_template1.txt")
    assert f.category is Category.LINT
    assert error(f, file="src/util.cpp").line == 15
    assert error(f, message="Memory leak: q").line == 19


def test_clang_tidy_denied_checks_are_lint_records_named_by_check() -> None:
    f = facts("clang_tidy.txt")
    assert f.category is Category.LINT and f.tools == ["clang-tidy"]
    assert error(f, code="modernize-loop-convert").file == "src/util.cpp"
    assert error(f, code="google-explicit-constructor").line == 5
    excerpt_has(f, "warnings treated as errors")


def test_clang_tidy_on_code_that_does_not_compile_is_a_build_failure() -> None:
    f = facts("clang_tidy_compile_error.txt")
    assert f.category is Category.BUILD
    # The warning beside the compiler's error is not why the run failed.
    assert [(e.tool, e.line) for e in f.errors] == [("compiler", 1)]
    assert "undeclared identifier 'y'" in f.errors[0].message


def test_clang_tidy_warnings_alone_are_the_findings() -> None:
    """clang-tidy exits 0 on warnings alone: the log of its run (no step) shows them as warnings that decide
    nothing; a failing step whose only findings they are (a wrapper failing on any finding) failed on them."""
    f = facts("clang_tidy_warnings.txt")
    malloc = error(f, code="clang-analyzer-unix.Malloc")
    assert malloc.line == 19 and malloc.severity is Severity.WARNING and not malloc.votes
    assert f.category is not Category.LINT
    framed = extract_facts(framing.travis("run-clang-tidy", (DATA / "clang_tidy_warnings.txt").read_text()))
    assert framed.category is Category.LINT and rule_verdict(framed).decided


@pytest.mark.parametrize("name", ["color/clang_format_plain.txt", "color/clang_format_color.txt"])
def test_clang_format_dry_run_werror_is_a_format_failure_not_a_build(name: str) -> None:
    """`clang-format --dry-run -Werror` speaks the compiler's shape; its flag says it is the formatter."""
    f = facts(name)
    assert f.tools == ["clang-format"] and f.category is Category.FORMAT
    first = f.errors[0]
    assert (first.file, first.line, first.column, first.code) == ("src/calc.cc", 2, 15, "-Wclang-format-violations")
    assert {e.category for e in f.errors} == {Category.FORMAT} and "compiler" not in f.tools
    # without -Werror the same places are warnings and clang-format exits 0
    assert not facts("clang_format_warnings.txt").errors


def test_cpplint_findings_with_their_check_and_the_whole_file_s() -> None:
    """cpplint: `FILE:LINE:  message  [category/check] [confidence]`; line 0 is about the whole file."""
    f = facts("cpplint.txt")
    assert f.tools == ["cpplint"] and f.category is Category.LINT
    assert [(e.file, e.line, e.code) for e in f.errors] == [
        ("src/calc.cc", None, "legal/copyright"),
        ("src/calc.cc", 2, "whitespace/comma"),  # and line 6: grouped
        ("src/calc.cc", 2, "whitespace/braces"),
        ("src/calc.cc", 5, "build/namespaces"),
    ]
    assert f.errors[1].message == "Missing space after ,"
    assert "Total errors found: 5" in f.excerpt


def test_gcc_warnings_with_option_brackets_stay_compiler_lines() -> None:
    f = extract_facts(b"src/a.c:3:5: error: unused variable 'x' [-Werror=unused-variable]\n")
    assert error(f, tool="compiler").file == "src/a.c"


# ---------------------------------------------------------------------- Meson


def test_meson_missing_dependency_is_the_builds_set_up() -> None:
    # Meson's dependency() found no library while configuring the build: the build's set-up lacks it
    # (remediate.facts.meaning), as for CMake's find_package and autoconf's checks.
    f = facts("meson_dependency.txt")
    assert f.category is Category.BUILD and f.tools == ["meson"]
    assert "the build's set-up" in rule_verdict(f).reason
    assert error(f, tool="meson").model_dump(include={"file", "line"}) == {"file": "meson.build", "line": 2}


def test_meson_build_file_error_and_compile_error() -> None:
    syntax = facts("meson_syntax.txt")
    assert syntax.category is Category.BUILD
    assert error(syntax, tool="meson").message == "Expecting rparen got eof."
    compiled = facts("meson_compile.txt")
    assert compiled.category is Category.BUILD
    assert error(compiled, tool="compiler").line == 1


# ---------------------------------------------------------------------- .NET


def test_mcs_errors_are_csharp_build_errors_with_columns() -> None:
    f = facts("mcs.txt")
    assert f.category is Category.BUILD and f.tools == ["csc"]
    assert error(f, code="CS0029").model_dump(include={"file", "line", "column"}) == {
        "file": "src/Program.cs",
        "line": 10,
        "column": 23,
    }
    assert error(facts("mcs_syntax.txt"), code="CS1002").line == 19


def test_xbuild_reports_each_error_once() -> None:
    f = facts("xbuild.txt")
    assert f.category is Category.BUILD
    assert [e.code for e in f.errors] == ["CS0029", "CS0103"]
    excerpt_has(f, "Build FAILED.")


def test_xbuild_one_error_decides_build_over_its_failed_status_lines() -> None:
    """One compiler error under xbuild: its `-- FAILED` status lines and `Build FAILED.` are the build
    tool's verdict, not a test run's words, and the `Errors:` recap is not node-qunit's heading (before,
    node-qunit was named and the facts read test from four `FAILED` lines: the rules abstained)."""
    f = facts("xbuild_one_error.txt")
    assert f.tools == ["csc"]
    assert (f.category, f.category_basis) == (Category.BUILD, "failing-step-records")
    assert [(e.code, e.file, e.line) for e in f.errors] == [("CS0103", "Cart.cs", 12)]
    v = rule_verdict(f)
    assert (v.category, v.decided) == (Category.BUILD, True)


@pytest.mark.parametrize(
    "name",
    ["xcpretty030_compile_errors.txt", "xcpretty030_compile_errors_color.txt", "xcpretty030_compile_errors_ascii.txt"],
)
def test_xcpretty_compile_errors_are_the_compilers(name: str) -> None:
    """xcpretty prints a compiler's error behind its mark without the `error:` word (`❌  /abs:L:C: reason`,
    `[x] ` without UTF); its warnings (`⚠️  `, `[!] `) are no records. Before: no signal. The path is
    relative to Travis's macOS workspace (/Users/travis/build/OWNER/REPO/)."""
    from tests.facts import framing

    f = facts(name)
    assert f.category is Category.BUILD
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("ObjCart/ACCart.m", 7, 16, "use of undeclared identifier 'prices'"),
        ("ObjCart/ACCart.m", 9, 18, "use of undeclared identifier 'itemz'"),
    ]
    command = "set -o pipefail && xcodebuild -scheme ObjCart -sdk iphonesimulator build | xcpretty"
    v = rule_verdict(extract_facts(framing.travis(command, (DATA / name).read_text(), exit_code=65)))
    assert (v.category, v.decided) == (Category.BUILD, True)


def test_a_missing_header_under_xcpretty_is_the_build_set_up_as_under_the_compiler() -> None:
    f = facts("xcpretty030_header_missing.txt")
    assert error(f, file="ObjCart/ACOrder.m", line=2).message == "'AFNetworking/AFNetworking.h' file not found"
    v = rule_verdict(f)
    assert v.category is Category.BUILD and not v.decided and NATIVE in v.reason


def test_msbuild_project_suffix_and_project_level_errors() -> None:
    # Hand-written: mcs's real lines with the ` [project]` MSBuild appends, and two documented
    # project-level lines (`dotnet` cannot run here).
    f = facts("sample_dotnet_build.txt")
    assert error(f, code="CS0029").message == "Cannot implicitly convert type `string' to `int'"
    assert error(f, code="CS0029").file == "src/Program.cs"
    assert error(f, code="CS5001").file is None
    nuget = error(f, code="NU1101")
    assert (nuget.tool, nuget.file) == ("nuget", "App.csproj")


def test_a_nuget_restore_failure_is_a_dependency_failure() -> None:
    line = "/home/runner/work/app/app/App.csproj : error NU1101: Unable to find package Newtonsoft.Jsonx.\n"
    f = extract_facts(line.encode())
    assert f.category is Category.DEPENDENCY


# ---------------------------------------------------------------------- routing


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("gtest.txt", Category.TEST),
        ("ctest.txt", Category.TEST),
        ("catch2.txt", Category.TEST),
        ("boost_test.txt", Category.TEST),
        ("doctest_cpp.txt", Category.TEST),
        ("cppcheck.txt", Category.LINT),
        ("clang_tidy.txt", Category.LINT),
        ("mcs.txt", Category.BUILD),
        ("xbuild.txt", Category.BUILD),
        ("scalac.txt", Category.BUILD),
        ("kotlinc.txt", Category.BUILD),
        ("sample_dotnet_test.txt", Category.TEST),
        ("sample_ghc_cabal.txt", Category.BUILD),
        ("sample_hspec.txt", Category.TEST),
    ],
)
def test_rules_decide_on_what_the_native_parsers_find(name: str, category: Category) -> None:
    verdict = rule_verdict(facts(name))
    assert (verdict.category, verdict.decided) == (category, True), (name, verdict.reason)


def test_a_dependency_meson_did_not_find_is_the_rules_guess_not_their_decision() -> None:
    # a missing native library alone: installing a package or configuring the build (triage.NATIVE)
    verdict = rule_verdict(facts("meson_dependency.txt"))
    assert verdict.category is Category.BUILD and not verdict.decided and NATIVE in verdict.reason, verdict.reason


# ---------------------------------------------------------------------- JVM: scalac, kotlinc, sbt


def test_scalac_and_kotlinc_errors_are_named_after_their_compiler() -> None:
    scala = facts("scalac.txt")
    assert scala.category is Category.BUILD and scala.tools == ["scalac"]
    assert error(scala, line=6).message == "not found: value missing"
    kotlin = facts("kotlinc.txt")
    assert kotlin.category is Category.BUILD and kotlin.tools == ["kotlinc"]
    assert error(kotlin, file="src/Cart.kt", line=4).column == 20


def test_sbt_error_lines_carry_the_place() -> None:
    # Hand-written: scalac.txt's errors as sbt 1.x prints them (`[error] FILE:LINE:COL: MSG`).
    f = facts("sample_sbt_compile.txt")
    assert f.category is Category.BUILD
    assert error(f, line=6).model_dump(include={"file", "column", "tool"}) == {
        "file": "src/main/scala/shop/Cart.scala",
        "column": 33,
        "tool": "scalac",
    }
    excerpt_has(f, "Compilation failed", 'found   : String("zero")')


def test_scala3_error_header_names_the_kind_and_place() -> None:
    # Hand-written in Scala 3's documented header shape (no Scala 3 compiler in Debian).
    f = extract_facts(b"-- [E007] Type Mismatch Error: src/main/scala/shop/Cart.scala:5:19 ----------\n1 error found\n")
    assert error(f, tool="scalac").model_dump(include={"file", "line", "message"}) == {
        "file": "src/main/scala/shop/Cart.scala",
        "line": 5,
        "message": "Type Mismatch Error",
    }


def test_scalatest_failures_under_sbt() -> None:
    # Hand-written in ScalaTest's reporter format under sbt (neither is in Debian).
    f = facts("sample_sbt_scalatest.txt")
    assert f.category is Category.TEST and f.tools == ["scalatest"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("should add prices", "CartSpec.scala", "-1 did not equal 5")
    ]


# ---------------------------------------------------------------------- dotnet test, GHC, hspec (hand-written)


def test_dotnet_test_failure_with_message_and_source_frame() -> None:
    # Hand-written in VSTest's console format (no .NET SDK here).
    f = facts("sample_dotnet_test.txt")
    assert f.category is Category.TEST and f.tools == ["vstest"]
    (test,) = f.failing_tests
    assert test.id == "Shop.Tests.CartTests.Total_AddsPrices"
    assert test.file == "tests/Shop.Tests/CartTests.cs"
    assert (test.message or "").startswith("Assert.Equal() Failure: Values differ Expected: 5")
    assert error(f, tool="vstest").line == 12
    excerpt_has(f, "Actual:   -1", "Failed!  - Failed:     1")


def test_ghc_errors_take_their_message_from_the_lines_below() -> None:
    # Hand-written in GHC 9.8's documented format (Debian's GHC is too large to install here).
    f = facts("sample_ghc_cabal.txt")
    assert f.category is Category.BUILD and f.tools == ["ghc"]
    assert [(e.line, e.column, e.code) for e in f.errors] == [(5, 9, "GHC-83865"), (8, 11, "GHC-88464")]
    assert f.errors[0].message == "Couldn't match type ‘[Char]’ with ‘Int’ Expected: Int Actual: String"
    assert f.errors[1].message == "Variable not in scope: missing :: Int"


def test_ghc_older_form_and_a_multiline_span() -> None:
    log = b"src/Lib.hs:(5,9)-(6,12): error:\n    \xe2\x80\xa2 No instance for (Num String)\n  |\n"
    f = extract_facts(log)
    assert error(f, tool="ghc").model_dump(include={"line", "column", "message"}) == {
        "line": 5,
        "column": 9,
        "message": "No instance for (Num String)",
    }


def test_ghc_werror_is_the_builds_failure() -> None:
    """A warning `-Werror` denies fails the build, as gcc's and erlc's (the dev half labels erlc's compile_build)."""
    f = facts("sample_ghc_werror.txt")
    assert f.category is Category.BUILD
    assert error(f, tool="ghc").code == "Wunused-imports"


def test_hspec_failure_takes_its_place_and_expectation() -> None:
    f = facts("sample_hspec.txt")
    assert f.category is Category.TEST and "hspec" in f.tools
    assert "rspec" not in f.tools  # `2 examples, 1 failure` is worded as RSpec's summary, without RSpec's other lines
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("Calc.add adds two numbers", "test/CalcSpec.hs", "expected: 5 but got: -1")
    ]
    assert error(f, tool="hspec").line == 10


def test_msvc_under_msbuild_loses_the_project_suffix_and_link_errors_are_read() -> None:
    # Written in cl.exe's, link.exe's and MSBuild's documented shapes (no Windows here).
    log = (
        "D:\\a\\app\\app\\src\\main.cpp(10,5): error C2065: 'y': undeclared identifier [D:\\a\\app\\app\\b\\app.vcxproj]\n"
        'main.obj : error LNK2019: unresolved external symbol "int __cdecl add(int,int)" referenced in function main\n'
        "LINK : fatal error LNK1181: cannot open input file 'foo.lib' [D:\\a\\app\\app\\b\\app.vcxproj]\n"
    )
    f = extract_facts(log.encode())
    assert f.category is Category.BUILD and f.tools == ["msvc"]
    assert [(e.file, e.line, e.column, e.code, e.message) for e in f.errors] == [
        ("src/main.cpp", 10, 5, "C2065", "'y': undeclared identifier"),
        (
            None,
            None,
            None,
            "LNK2019",
            'unresolved external symbol "int __cdecl add(int,int)" referenced in function main',
        ),
        (None, None, None, "LNK1181", "cannot open input file 'foo.lib'"),
    ]


@pytest.mark.parametrize("name", ["color/hlint_plain.txt", "color/hlint_color.txt"])
def test_hlint_hints_are_lint_records_at_their_span_start(name: str) -> None:
    """HLint 3: `FILE:L:C-C: Warning: hint` over its Found/Perhaps block; it exits 1 on any hint."""
    f = facts(name)
    assert f.tools == ["hlint"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("src/Lib.hs", 7, 17, "Use id"),
        ("src/Lib.hs", 10, 16, "Redundant if"),
        ("src/Lib.hs", 10, 19, "Use isNothing"),
    ]
    assert "3 hints" in f.excerpt


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        # OCaml: the place's characters count from 0; the message is the `Error:` line's first
        ("ocamlc_type_error.txt", [("ocaml", "main.ml", 2, 31)]),
        ("ldc2_errors.txt", [("d", "source/app.d", 3, None), ("d", "source/app.d", 4, None)]),
        ("nim_type_mismatch.txt", [("nim", "/tmp/tools/nimd/app.nim", 1, 14)]),
        # CoffeeScript 1.12 and 2.7 print the same line (the path under the runner's workspace)
        ("coffee1_compile.txt", [("coffee", "src/square.coffee", 3, 1)]),
        # Cython: the place comes eight lines under `Error compiling Cython file:`
        ("cython_syntax.txt", [("cython", "fastcart/_speedups.pyx", 3, 19)]),
        # UglifyJS counts columns from 0; its message is two lines under the place
        ("uglify2_parse.txt", [("uglify-js", "src/cart.js", 3, 36)]),
        ("uglify3_parse.txt", [("uglify-js", "src/cart.js", 4, 1)]),
        # Ruby 3.1's `ruby -wc`: the file and line only
        ("ruby_syntax_check.txt", [("ruby", "lib/cart.rb", 4, None)]),
        # the same error uncaught where a file is required: the loading frame first, `(SyntaxError)` last
        ("ruby31_require_syntax.txt", [("ruby", "lib/cart.rb", 4, None)]),
        ("rake13_test_ruby_syntax.txt", [("ruby", "lib/cart.rb", 4, None)]),
    ],
)
def test_compilers_with_diagnostics_of_their_own_shape(name: str, rows: list[tuple[str, str, int, int | None]]) -> None:
    f = facts(name)
    assert f.category is Category.BUILD
    assert [(e.tool, e.file, e.line, e.column) for e in f.errors] == rows
    assert all(e.category is Category.BUILD for e in f.errors)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("coffee1_compile.txt", "unexpected indentation"),
        ("cython_syntax.txt", "Expected ':', found 'NEWLINE'"),
        ("uglify2_parse.txt", "Unexpected token: punc (,)"),
        ("uglify3_parse.txt", "Name expected"),
        ("ruby_syntax_check.txt", "syntax error, unexpected `end', expecting ')'"),
        ("ruby31_require_syntax.txt", "syntax error, unexpected `end'"),
        ("rake13_test_ruby_syntax.txt", "syntax error, unexpected `end'"),
    ],
)
def test_a_compiler_of_a_language_translated_to_another_says_what_is_wrong(name: str, message: str) -> None:
    f = facts(name)
    assert [e.message for e in f.errors] == [message]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("prove_perl536_module_syntax_error.txt", "syntax error"),
        ("prove_perl536_module_strict_error.txt", 'Global symbol "$sum" requires explicit package name'),
        ("perl536_c_strict_error.txt", 'Global symbol "$sum" requires explicit package name'),
    ],
)
def test_perl_compile_errors_above_its_verdict_are_the_build(name: str, message: str) -> None:
    """A module that does not compile under prove: its errors above `Compilation failed in require` are the
    failure, not the test file that died before its plan (before: decided test, 0.96). Under `perl -c`, a step
    that only checks the file compiles, the same errors are that check's findings: lint (facts.syntaxcheck)."""
    from tests.facts import framing

    f = facts(name)
    [record] = [e for e in f.errors if e.tool == "perl"]
    assert (record.file, record.line, record.category) == ("lib/Cart.pm", 4 if "syntax" in name else 5, Category.BUILD)
    assert record.message.startswith(message)
    checks = name.startswith("perl536")
    command = "perl -Ilib -c lib/Cart.pm" if checks else "prove -l t/"
    v = rule_verdict(extract_facts(framing.travis(command, (DATA / name).read_text())))
    assert (v.category, v.decided) == (Category.LINT if checks else Category.BUILD, True)


@pytest.mark.parametrize("name", ["prove_perl536_module_not_installed.txt", "prove_perl536_module_dies.txt"])
def test_a_perl_module_not_installed_or_dying_at_run_time_is_no_compile_error(name: str) -> None:
    """`Can't locate X.pm in @INC` above the verdicts is a missing module (facts.meaning's); a `die` at run time
    prints the same `at FILE line N` with no compile verdict under it."""
    assert not [e for e in facts(name).errors if e.tool == "perl"]


@pytest.mark.parametrize("name", ["lua53_require_syntax.txt", "lua51_require_syntax.txt", "luac53_parse_syntax.txt"])
def test_lua_parser_errors_are_build_records(name: str) -> None:
    """A Lua file that does not parse, loaded by `require` (the error under `error loading module ... from
    file ...:`) or checked by `luac -p`: before, no signal."""
    f = facts(name)
    assert [(e.tool, e.file, e.line, e.message) for e in f.errors] == [
        ("lua", "cart.lua", 4, "unexpected symbol near 'end'")
    ]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True)


def test_a_busted_suite_that_cannot_load_its_module_is_no_sure_test_failure() -> None:
    """busted reports the module that does not parse as its suite's error (a failing test): the parser error
    under it now competes, so the rules no longer decide test (they decided test before; whether such a
    log is the tests' or the build's is the busted parser's to say: see the notes)."""
    f = facts("busted_require_syntax.txt")
    assert ("lua", "cart.lua", 4) in [(e.tool, e.file, e.line) for e in f.errors]
    assert not rule_verdict(f).decided


def test_a_lua_runtime_error_is_no_parser_error() -> None:
    """The same `FILE:LINE: ` front, but none of the parser's words (all of which end ` near TOKEN`)."""
    assert not [e for e in facts("lua53_runtime_error.txt").errors if e.tool == "lua"]


def test_a_cmake_error_says_the_text_under_its_header() -> None:
    """A header naming only the command: the record's message is the indented text below it, blank lines
    inside the message skipped (it was `CMake Error`)."""
    [record] = [e for e in facts("cmake325_subdirectory_empty.txt").errors if e.tool == "cmake"]
    assert (record.file, record.line) == ("CMakeLists.txt", 3)
    assert record.message.startswith("The source directory /home/travis/build/c16acme/cm1/external/googletest")
    assert record.message.endswith("does not contain a CMakeLists.txt file.")
    messages = [e.message for e in facts("cmake325_source_missing.txt").errors if e.tool == "cmake"]
    assert messages[0].startswith("Cannot find source file: src/missing.cpp Tried extensions")
    assert messages[1] == "No SOURCES given to target: app"


def test_a_python_traceback_frame_is_not_an_ocaml_place() -> None:
    f = extract_facts(
        b'File "main.ml", line 2, in f\nError: not an OCaml report\n' + (DATA / "ocamlc_type_error.txt").read_bytes()
    )
    assert [(e.file, e.line) for e in f.errors] == [("main.ml", 2)]
    assert f.errors[0].message.startswith("This expression has type string")


def test_gfortran_errors_under_their_place_and_not_its_warnings() -> None:
    """gfortran names the place alone (`src/cart.f90:4:13:`), shows the source and a marker, and says
    `Error: ...` (`Fatal Error: ...`) below; under make the build decides."""
    f = facts("gfortran12_make.txt")
    assert [(e.tool, e.file, e.line, e.column, e.category) for e in f.errors] == [
        ("gfortran", "src/cart.f90", 4, 13, Category.BUILD),
        ("gfortran", "src/cart.f90", 5, 15, Category.BUILD),
    ]
    assert f.errors[0].message == "Syntax error in expression at (1)"
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    assert error(facts("gfortran12_module_missing.txt"), file="src/app.f90", line=2).message.startswith(
        "Cannot open module file"
    )
    warned = facts("gfortran12_warning.txt")  # `Warning: Change of value in conversion ...` under its place
    assert warned.errors == []


@pytest.mark.parametrize(
    ("sample", "tool", "message"),
    [
        ("gcc_driver_source_missing.txt", "cc1", "missing.c: No such file or directory"),
        ("gcc_driver_unknown_option.txt", "gcc", "unrecognized command-line option ‘-mno-such-flag’"),
    ],
)
def test_the_compiler_driver_s_own_error_is_the_build_s(sample: str, tool: str, message: str) -> None:
    """`cc1: fatal error: missing.c: ...`, `gcc: error: unrecognized command-line option ...`: no place in a
    source, the build's failure all the same (they gave no signal but make's verdict)."""
    f = facts(sample)
    assert [(e.tool, e.file, e.message) for e in f.errors] == [(tool, None, message)]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


def test_a_front_end_killed_from_outside_is_no_compiler_error() -> None:
    """`gcc: fatal error: Killed signal terminated program cc1`: out of memory, not the build's error."""
    assert facts("gcc_cc1_killed.txt").errors == []


def test_automake_s_error_at_its_makefile_am_line_is_the_build_s() -> None:
    f = facts("autoreconf_libtool_undefined.txt")
    assert [(e.tool, e.file, e.line, e.message) for e in f.errors] == [
        ("autotools", "Makefile.am", 1, "Libtool library used but 'LIBTOOL' is undefined")
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


def test_an_undefined_autoconf_macro_is_the_set_up_not_sure_which_fix() -> None:
    """`configure.ac:5: error: possibly undefined macro: AM_PATH_GTK_3_0`: a package's .m4 not installed (or
    a typo): read as a missing header is, the rules abstain."""
    f = facts("autoreconf_undefined_macro.txt")
    assert [(e.file, e.line, e.message) for e in f.errors] == [
        ("configure.ac", 5, "possibly undefined macro: AM_PATH_GTK_3_0")
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and not verdict.decided and NATIVE in verdict.reason, verdict.reason


@pytest.mark.parametrize(
    ("sample", "want"),
    [
        (
            "aapt_resource_not_found.txt",
            (
                "res/values/strings.xml",
                4,
                "Error: No resource found that matches the given name (at 'title' with value '@string/app_nam').",
            ),
        ),
        ("aapt_xml_parse.txt", ("res/values/broken.xml", 5, "Error parsing XML: mismatched tag")),
    ],
)
def test_android_aapt_resource_errors_are_the_build_s(sample: str, want: tuple[object, ...]) -> None:
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.message) for e in f.errors] == [("aapt", *want)]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "want"),
    [
        (
            "clojure111_unresolved_symbol.txt",
            ("shop/cart.clj", 4, 13, "Unable to resolve symbol: price in this context"),
        ),
        ("clojure111_reading_source.txt", ("shop/cart.clj", 5, 1, "EOF while reading, starting at line 3")),
    ],
)
def test_clojure_syntax_error_at_its_place_with_the_message_below(sample: str, want: tuple[object, ...]) -> None:
    """Clojure 1.10 on: `Syntax error compiling at (shop/cart.clj:4:13).`, the message on the next line."""
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.column, e.message) for e in f.errors] == [("clojure", *want)]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


# ---------------------------------------------------------------------- GNU make's own errors


@pytest.mark.parametrize(
    ("sample", "file", "line", "message"),
    [
        # a sub-make's makefile with a recipe indented by spaces, below `make -C src`
        ("make43_submake_missing_separator.txt", "Makefile", 4, "missing separator (did you mean TAB instead of 8"),
        ("make43_recipe_before_target.txt", "Makefile.recipe", 1, "recipe commences before first target"),
        ("make43_missing_endif.txt", "Makefile.endif", 5, "missing 'endif'"),
        # a prerequisite whose source is gone: at the top level and in a sub-make
        ("make43_no_rule_needed_by.txt", None, None, "No rule to make target 'tax.o', needed by 'cart'"),
        ("make43_submake_no_rule_needed_by.txt", None, None, "No rule to make target 'tax.o', needed by 'cart'"),
    ],
)
def test_make_s_own_error_about_the_build_s_rules_is_the_build_s(
    sample: str, file: str | None, line: int | None, message: str
) -> None:
    """They gave no signal before (make's `*** ... Error 2` verdict only, or nothing)."""
    f = facts(sample)
    [record] = [e for e in f.errors if e.tool == "make"]
    assert (record.file, record.line, record.category) == (file, line, Category.BUILD)
    assert record.message.startswith(message)
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


@pytest.mark.parametrize("sample", ["scons25_source_not_found.txt", "scons44_source_not_found.txt"])
def test_scons_s_source_no_builder_makes_is_the_build_s(sample: str) -> None:
    """SCons's words for make's missing prerequisite (no signal before: SCons's own lines were unread)."""
    f = facts(sample)
    [record] = [e for e in f.errors if e.tool == "scons"]
    assert record.category is Category.BUILD
    assert record.message == "Source `tax.c' not found, needed by target `tax.o'"
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


@pytest.mark.parametrize("sample", ["make43_error_function.txt", "make43_no_rule_system_header.txt"])
def test_a_makefile_s_own_check_and_a_missing_system_header_are_not_make_s_error(sample: str) -> None:
    """`$(error ...)`'s words are the makefile's check of anything (a tool, a version: not the rules); a
    prerequisite under /usr a system header a dependency list names (the machine's)."""
    assert [e for e in facts(sample).errors if e.tool == "make"] == []
