"""Interpreted and scripting ecosystems' CI tools (R, Lua, Ruby, shell, Python security and
docstring checkers, stylesheet linters, JavaScript test runners, Go linters), on their real output
made here (tests/facts/data/README.md says how); each also wrapped in a GitHub Actions and a GitLab
log, where it gives the same records with repository paths and the triage rules see the tool."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, error, facts, framed_test

# (sample, the command a CI runs, the workspace its paths are under or None, a record's repo path, its category)
FRAMED = [
    ("testthat_check.txt", "Rscript -e 'devtools::test()'", None, "tests/testthat/test-calc.R", Category.TEST),
    (
        "r_cmd_check.txt",
        "R CMD check --no-manual rcalc_0.1.0.tar.gz",
        None,
        "tests/testthat/test-calc.R",
        Category.TEST,
    ),
    ("r_install_parse_error.txt", "R CMD INSTALL .", "/home/runner/work/rbad/rbad/", "R/calc.R", Category.BUILD),
    ("color/lintr_plain.txt", "Rscript -e 'lintr::lint_package()'", None, "R/calc.R", Category.LINT),
    ("color/rubocop_color.txt", "bundle exec rubocop --color", None, "lib/cart.rb", Category.LINT),
    ("rubocop_simple.txt", "rubocop -f simple", None, "lib/cart.rb", Category.LINT),
    ("bats_tap.txt", "bats test", "/home/runner/work/shtool/shtool/", "test/greet.bats", Category.TEST),
    ("bats_pretty.txt", "bats -p test", "/home/runner/work/shtool/shtool/", "test/greet.bats", Category.TEST),
    ("busted.txt", "busted", None, "spec/calc_spec.lua", Category.TEST),
    ("busted_tap.txt", "busted -o TAP", None, "spec/calc_spec.lua", Category.TEST),
    ("luacheck_codes_color.txt", "luacheck --codes src", None, "src/bad.lua", Category.LINT),
    ("staticcheck.txt", "staticcheck ./...", None, "calc/calc.go", Category.LINT),
    ("bandit.txt", "bandit -r shop", None, "shop/tasks.py", Category.LINT),
    ("pydocstyle.txt", "pydocstyle shop", None, "shop/cart.py", Category.LINT),
    ("color/stylelint_color.txt", 'npx stylelint "src/**/*.css"', None, "src/app.css", Category.LINT),
    ("color/jasmine_plain.txt", "npx jasmine", "/home/runner/work/web2/web2/", "spec/cart.spec.js", Category.TEST),
    ("color/ava_color.txt", "npx ava", "/home/runner/work/web2/web2/", "test/cart.test.js", Category.TEST),
    ("jshint_verbose.txt", "npx jshint --verbose src", None, "src/bad.js", Category.LINT),
    ("standard.txt", "npx standard", "/home/runner/work/web2/web2/", "src/bad.js", Category.LINT),
    (
        "color/phpcs_color.txt",
        "vendor/bin/phpcs --colors",
        "/home/runner/work/web2/web2/",
        "php/Cart.php",
        Category.LINT,
    ),
    ("color/yamllint_plain.txt", "yamllint .", None, ".github/workflows/ci.yml", Category.LINT),
    ("playwright_dot.txt", "npx playwright test", "/home/runner/work/web2/web2/", "e2e/cart.spec.ts", Category.TEST),
]


test_each_tool_reads_the_same_inside_a_ci_log = framed_test(FRAMED)


# ------------------------------------------------------------------ R


def test_testthat_names_each_failed_test_with_its_file_line_and_message() -> None:
    f = facts("testthat_check.txt")
    assert f.category is Category.TEST and f.tools == ["testthat"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("add sums two numbers", "tests/testthat/test-calc.R"),
        ("safe_div of zero errors with a message", "tests/testthat/test-calc.R"),
        ("strings match", "tests/testthat/test-calc.R"),
    ]
    assert error(f, line=10, code="error").message == "Error in `safe_div(1, 0)`: division by zero"
    assert error(f, line=2, code="failure").message == "add(1, 2) (`actual`) not equal to 3 (`expected`)."
    assert error(f, line=15).message == "FALSE is not TRUE"  # a second failure in the same test
    assert "[ FAIL 4 | WARN 0 | SKIP 0 | PASS 1 ]" in f.excerpt


def test_r_cmd_check_names_each_failed_check_and_what_it_says() -> None:
    f = facts("r_cmd_check.txt")
    assert f.category is Category.TEST  # the failing tests outweigh a documentation warning
    said = error(f, code="ERROR").message  # with what the tests' output's tail says (round 48)
    assert said.startswith("checking tests ... ERROR: Running the tests in ‘tests/testthat.R’ failed. 1. └testthat::")
    assert said.endswith(
        "FALSE is not TRUE `actual`:   FALSE `expected`: TRUE [ FAIL 4 | WARN 0 | SKIP 0 | PASS 1 ] Error: Test failures"
    )
    assert error(f, code="WARNING").message.startswith("checking for missing documentation entries ... WARNING")
    assert error(f, tool="testthat", line=15).file == "tests/testthat/test-calc.R"  # from the output's tail
    assert not [e for e in f.errors if "NOTE" in e.message]  # a NOTE does not fail a check
    assert "Status: 1 ERROR, 1 WARNING, 1 NOTE" in f.excerpt


def test_rcmdcheck_summary_repeats_the_failed_checks_and_the_test_failures() -> None:
    f = facts("rcmdcheck_summary.txt")
    assert f.category is Category.TEST
    assert {t.id for t in f.failing_tests} == {
        "add sums two numbers",
        "safe_div of zero errors with a message",
        "strings match",
    }
    assert error(f, code="WARNING").message.endswith("WARNING: Undocumented code objects:")


def test_a_package_that_cannot_be_installed_is_a_build_failure() -> None:
    check = facts("r_cmd_check_install.txt")
    assert check.category is Category.BUILD
    assert error(check, code="ERROR").message.endswith("can be installed ... ERROR: Installation failed.")
    install = facts("r_install_parse_error.txt")
    assert install.category is Category.BUILD and install.tools == ["R"]
    parse = error(install, code="parse")
    assert (parse.file, parse.line, parse.message) == ("R/calc.R", 5, "unexpected end of input")


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("r422_install_dependency_missing.txt", "dependency ‘cartbase’ is not available for package ‘cartr’"),
        (
            "r422_install_dependencies_missing.txt",
            "dependencies ‘cartbase’, ‘cartfmt’ are not available for package ‘cartr’",
        ),
    ],
)
def test_a_package_whose_dependencies_are_not_installed_is_a_dependency_failure(sample: str, message: str) -> None:
    """R CMD INSTALL's refusal gave no signal (R CMD check's `Package required but not available` was read)."""
    install = facts(sample)
    got = error(install, tool="R")
    assert (got.code, got.category, got.message) == ("dependency-not-available", Category.DEPENDENCY, message)
    command = "Rscript -e 'devtools::install_deps(dependencies = TRUE)'"
    for f in (install, extract_facts(framing.travis_install(command, (DATA / sample).read_text()))):
        verdict = rule_verdict(f)
        assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason
    check = rule_verdict(facts("r422_check_dependency_missing.txt"))
    assert (check.category, check.decided) == (Category.DEPENDENCY, True), check.reason


def test_lintr_lints_are_records_named_by_their_linter() -> None:
    f = facts("color/lintr_plain.txt")
    assert f.category is Category.LINT and f.tools == ["lintr"]
    got = error(f, code="commas_linter")
    assert (got.file, got.line, got.column, got.message) == (
        "R/calc.R",
        1,
        19,
        "Commas should always have a space after.",
    )
    assert len(f.errors) == 6


# ------------------------------------------------------------------ Ruby, shell, Lua, Go linters


@pytest.mark.parametrize("name", ["color/rubocop_plain.txt", "rubocop_simple.txt", "rubocop_github.txt"])
def test_rubocop_offenses_in_each_format_are_records_named_by_their_cop(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["rubocop"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("lib/cart.rb", 1, 1, "Style/Documentation"),
        ("lib/cart.rb", 1, 1, "Style/FrozenStringLiteralComment"),
        ("lib/cart.rb", 7, 5, "Lint/UselessAssignment"),
        ("lib/cart.rb", 11, 12, "Style/DefWithParentheses"),
        ("lib/cart.rb", 12, 16, "Style/SymbolProc"),
        ("lib/cart.rb", 12, 46, "Layout/SpaceAfterComma"),
    ]
    assert error(f, code="Lint/UselessAssignment").message.startswith("Useless assignment to variable - ")


@pytest.mark.parametrize("name", ["bats_tap.txt", "bats_pretty.txt"])
def test_bats_failed_tests_carry_their_file_line_and_failed_command(name: str) -> None:
    f = facts(name)
    assert f.category is Category.TEST and f.tools == ["bats"]  # `3 tests, 2 failures` is not ExUnit's
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("greets by name", "test/greet.bats", """`[ "$output" = "hello World" ]' failed"""),
        (
            "fails on a missing command",
            "test/greet.bats",
            """`result="$(missing_tool --flag)"' failed with status 127""",
        ),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/greet.bats", 6), ("test/greet.bats", 15)]


def test_a_cross_mark_alone_is_no_bats_test() -> None:
    f = extract_facts("\u2717 lint step\nsomething else\nmore\nand more\n".encode())
    assert not f.failing_tests


@pytest.mark.parametrize("name", ["busted.txt", "busted_utf.txt", "busted_tap.txt"])
def test_busted_failures_name_the_test_its_spec_and_the_line_that_failed(name: str) -> None:
    f = facts(name)
    assert f.category is Category.TEST and f.tools == ["busted"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("calc adds two numbers", "spec/calc_spec.lua"),
        ("calc div by zero returns inf", "spec/calc_spec.lua"),
        ("calc calls a nil", "spec/calc_spec.lua"),
    ]
    assert f.failing_tests[1].message == "src/calc.lua:8: division by zero"


def test_busted_terminal_records_point_at_the_failing_line() -> None:
    f = facts("busted.txt")
    assert [(e.file, e.line, e.code) for e in f.errors] == [
        ("spec/calc_spec.lua", 6, "failure"),
        ("src/calc.lua", 8, "error"),  # the error's own location, in the code under test
        ("spec/calc_spec.lua", 21, "error"),
    ]
    assert "1 success / 1 failure / 2 errors / 0 pending" in f.excerpt


def test_luacheck_warnings_with_and_without_colour_and_codes() -> None:
    plain, coloured = facts("luacheck.txt"), facts("luacheck_codes_color.txt")
    assert plain.category is Category.LINT and plain.tools == ["luacheck"] == coloured.tools
    where = [(e.file, e.line, e.column) for e in plain.errors]
    assert where == [(e.file, e.line, e.column) for e in coloured.errors]
    assert where[0] == ("src/bad.lua", 1, 7)
    assert [e.code for e in coloured.errors] == ["W211", "W111", "W113", "W211", "W612"]
    # colour prints a name in bold where plain output quotes it: the records read the same
    assert error(plain, line=3).message == "accessing undefined variable 'undefined_var'"
    assert error(coloured, line=3).message == "accessing undefined variable 'undefined_var'"
    assert [e.message for e in plain.errors] == [e.message for e in coloured.errors]


def test_staticcheck_findings_are_lint_records_named_by_their_check() -> None:
    f = facts("staticcheck.txt")
    assert f.category is Category.LINT and f.tools == ["staticcheck"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("calc/calc.go", 16, 5, "S1003"),
        ("calc/calc.go", 17, 10, "S1025"),
        ("calc/calc.go", 22, 6, "U1000"),
    ]
    assert error(f, code="U1000").message == "func unusedHelper is unused"


def test_a_go_build_error_is_still_a_build_error() -> None:
    f = facts("go_build.txt")
    assert f.category is Category.BUILD and {e.tool for e in f.errors} == {"go"}


# ------------------------------------------------------------------ Python checkers, stylesheets, JS runners


def test_bandit_issues_are_records_at_their_location() -> None:
    f = facts("bandit.txt")
    assert f.category is Category.LINT and f.tools == ["bandit"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("shop/tasks.py", 1, 1, "B404"),
        ("shop/tasks.py", 2, 1, "B403"),
        ("shop/tasks.py", 6, 5, "B602"),  # bandit counts columns from 0
        ("shop/tasks.py", 7, 12, "B301"),
        ("shop/tasks.py", 11, 5, "B101"),
        ("shop/tasks.py", 14, 5, "B110"),
    ]
    assert error(f, code="B602").message == "subprocess call with shell=True identified, security issue."


def test_pydocstyle_errors_name_the_definition_they_are_about() -> None:
    f = facts("pydocstyle.txt")
    assert f.category is Category.LINT and f.tools == ["pydocstyle"]
    got = error(f, line=22)
    assert (got.file, got.code) == ("shop/cart.py", "D103")
    assert got.message == "Missing docstring in public function (in public function `parse_qty`)"
    assert {e.code for e in f.errors} == {"D100", "D103", "D104"}


@pytest.mark.parametrize("name", ["color/stylelint_plain.txt", "stylelint_unix.txt"])
def test_stylelint_problems_are_its_records_not_eslint_s(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["stylelint"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("src/app.css", 2, 1, "rule-empty-line-before"),
        ("src/app.css", 3, 3, "property-no-unknown"),
        ("src/app.css", 5, 17, "length-zero-no-unit"),
    ]
    assert error(f, code="property-no-unknown").message == 'Unknown property "colr"'


def test_jasmine_failures_name_the_spec_its_file_and_where_the_error_was_raised() -> None:
    f = facts("color/jasmine_plain.txt")
    assert f.category is Category.TEST and f.tools == ["jasmine"]
    assert sorted((t.id, t.file, t.message) for t in f.failing_tests) == [
        ("cart finds by id", "spec/cart.spec.js", "TypeError: Cannot read properties of undefined (reading 'name')"),
        ("cart sums prices", "spec/cart.spec.js", "Expected 4 to be 3."),
    ]
    assert error(f, file="src/cart.js").line == 2  # raised in the code under test, below the spec's frame
    assert "3 specs, 2 failures" in f.excerpt


def test_ava_failures_uncaught_exceptions_and_thrown_errors() -> None:
    f = facts("color/ava_plain.txt")
    assert f.category is Category.TEST and f.tools == ["ava"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("Uncaught exception in spec/cart.spec.js", "spec/cart.spec.js"),
        ("test › cart › sums prices", "test/cart.test.js"),
        ("test › cart › finds by id", "test/cart.test.js"),
    ]
    assert f.failing_tests[0].message == "ReferenceError: describe is not defined"
    assert error(f, file="test/cart.test.js").line == 4
    assert error(f, file="src/cart.js").message.startswith("TypeError: Cannot read properties of undefined")


# ------------------------------------------------------------------ JSHint, standard, phpcs, yamllint


def test_jshint_and_standard_name_their_rules() -> None:
    jshint = facts("jshint_verbose.txt")
    assert jshint.category is Category.LINT and jshint.tools == ["jshint"]
    assert (jshint.errors[0].file, jshint.errors[0].line, jshint.errors[0].code) == ("src/bad.js", 1, "W033")
    standard = facts("standard.txt")
    assert standard.tools == ["standard"]
    assert [(e.line, e.column, e.code) for e in standard.errors] == [
        (1, 5, "no-unused-vars"),  # the `(warning)` before it fails nothing
        (2, 11, "space-before-function-paren"),
        (3, 22, "no-undef"),
        (3, 27, "semi"),
    ]
    assert error(standard, code="no-undef").message == "'y' is not defined."


@pytest.mark.parametrize("name", ["color/phpcs_plain.txt", "phpcs_sniffs.txt", "phpcs_emacs.txt"])
def test_phpcs_violations_are_whole_records(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["phpcs"]
    assert [(e.file, e.line) for e in f.errors] == [("php/Cart.php", n) for n in (1, 2, 2, 2, 3, 3)]
    wrapped = error(f, message="namespace")  # the full report wraps it over two lines
    assert wrapped.message == "Each class must be in a namespace of at least one level (a top-level vendor name)"
    if name != "color/phpcs_plain.txt":  # `-s` names each sniff
        assert wrapped.code == "PSR1.Classes.ClassDeclaration.MissingNamespace"


@pytest.mark.parametrize("name", ["color/yamllint_plain.txt", "yamllint_parsable.txt"])
def test_yamllint_errors_are_records_and_its_warnings_are_not(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["yamllint"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("config.yaml", 2, 1, "key-duplicates"),
        ("config.yaml", 4, 1, "indentation"),
        ("config.yaml", 5, 3, "hyphens"),
        (".github/workflows/ci.yml", 8, 15, "colons"),
        (".github/workflows/ci.yml", 8, 23, "trailing-spaces"),
        (".github/workflows/ci.yml", 9, 81, "line-length"),
    ]


@pytest.mark.parametrize("name", ["color/playwright_plain.txt", "playwright_dot.txt"])
def test_playwright_failures_name_the_test_and_the_line_that_failed(name: str) -> None:
    f = facts(name)
    assert f.category is Category.TEST and f.tools == ["playwright"]
    assert [(t.id, t.file) for t in f.failing_tests] == [("cart › sums prices", "e2e/cart.spec.ts")]
    failed = f.errors[0]
    assert (failed.file, failed.line, failed.column) == ("e2e/cart.spec.ts", 6, 49)  # the assertion, not the test
    assert failed.message == "Error: expect(received).toBe(expected) // Object.is equality"


@pytest.mark.parametrize(("name", "columns"), [("pyflakes2.txt", False), ("pyflakes4.txt", True)])
def test_pyflakes_alone_names_no_code_its_messages_tell_it(name: str, columns: bool) -> None:
    """pyflakes 2.1 (`file:line: message`) and 4.1 (`file:line:col: message`): lint records by their
    message; a `file.py:N: text` line of another tool (pytest's) is not one."""
    f = facts(name)
    assert f.tools == ["pyflakes"] and f.category is Category.LINT
    rows = [(e.file, e.line, e.message) for e in f.errors]
    assert rows[:5] == [
        ("pkg/a.py", 1, "'os' imported but unused"),
        ("pkg/a.py", 2, "'sys' imported but unused"),
        ("pkg/a.py", 5, "local variable 'y' is assigned to but never used"),
        ("pkg/a.py", 6, "undefined name 'undefined_name'"),
        ("pkg/a.py", 8, "redefinition of unused 'f' from line 4"),
    ]
    want: list[int | None] = [1, 1] if columns else [None, None]
    assert [e.column for e in f.errors][:2] == want
    pytest_line = extract_facts(b"tests/test_calc.py:12: AssertionError\n" + (DATA / name).read_bytes())
    assert "tests/test_calc.py" not in [e.file for e in pytest_line.errors if e.tool == "pyflakes"]


@pytest.mark.parametrize(
    "name", ["color/rubocop_nocop_plain.txt", "color/rubocop_nocop_color.txt", "rubocop_nocop_simple.txt"]
)
def test_rubocop_offenses_without_cop_names(name: str) -> None:
    """RuboCop before 0.52 named no cop (today's `--no-display-cop-names` prints the same): the
    offense is still read, with its place and message, in the default and `simple` formats."""
    f = facts(name)
    assert f.tools == ["rubocop"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column, e.code) for e in f.errors][:4] == [
        ("lib/cart.rb", 1, 1, None),
        ("lib/cart.rb", 1, 9, None),  # and 1:12, the same message: grouped
        ("lib/cart.rb", 2, 3, None),
        ("lib/cart.rb", 3, 3, None),
    ]
    assert f.errors[2].message == "Useless assignment to variable - x."


@pytest.mark.parametrize("name", ["color/shunit2_plain.txt", "color/shunit2_color.txt"])
def test_shunit2_assertions_under_the_running_test(name: str) -> None:
    f = facts(name)
    assert "shunit2" in f.tools and f.category is Category.TEST  # its `FAILED (failures=4)` is unittest's
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("testTotal", "total of three expected:<6> but was:<5>"),
        ("testTrue", "cart file exists"),
    ]
    verdict = rule_verdict(f, "bash test/test_cart.sh")
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


@pytest.mark.parametrize(
    "log",
    [
        b'testsuite\nASSERT: "index < size" in file cart.cpp, line 12\n',  # Qt's Q_ASSERT
        b"testTotal\ntestEmpty\nRan 2 tests.\n\nOK\n",  # test functions that passed
    ],
)
def test_other_assert_lines_and_passing_functions_are_not_shunit2_failures(log: bytes) -> None:
    assert not extract_facts(log).failing_tests


@pytest.mark.parametrize("name", ["luaunit_text.txt", "luaunit_verbose.txt"])
def test_luaunit_listed_failures_with_their_place(name: str) -> None:
    """LuaUnit lists errors and failures after the run: the message's place is where it was raised,
    the test's file the frame of its own function in the traceback."""
    f = facts(name)
    assert f.tools == ["luaunit"] and f.category is Category.TEST
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("TestCart.testAverage", "test/test_cart.lua", "./cart.lua:3: attempt to divide by zero"),
        ("TestCart.testTotal", "test/test_cart.lua", "test/test_cart.lua:6: expected: 6, actual: 5"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("cart.lua", 3), ("test/test_cart.lua", 6)]
    assert rule_verdict(f, "lua5.3 test/test_cart.lua").decided


def test_numbered_lines_under_another_failed_tests_heading_are_not_luaunit_s() -> None:
    # lab's heading is followed by a blank line and indented items, not LuaUnit's rule of dashes
    assert "luaunit" not in facts("lab14.txt").tools
