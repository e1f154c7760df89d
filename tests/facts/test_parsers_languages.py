"""Parsers for the test runners, linters and compilers of further languages (TAP/Perl, Ruby, BEAM,
PHP, Mocha, stylesheets, documentation linters), on real output of each tool made here
(tests/facts/data/README.md says how); `sample_*` files are hand-written in the documented format
of a tool that cannot run here, and the tests using them say so."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts.samples import DATA, error, facts


def excerpt_has(f: Facts, *needles: str) -> None:
    for needle in needles:
        assert needle in f.excerpt, needle


# ---------------------------------------------------------------------- TAP


def test_prove_names_the_failed_assertion_and_the_file_that_died() -> None:
    f = facts("tap_prove.txt")
    assert f.category is Category.TEST and f.tools == ["tap"]
    assert [t.id for t in f.failing_tests] == ["t/basic.t: add two numbers", "t/die.t"]
    assert f.failing_tests[0].message == "got: '-1'\nexpected: '5'"  # Test::More's whole diagnostic block
    assert f.failing_tests[1].message is not None and f.failing_tests[1].message.startswith("Dubious")
    assert error(f, file="t/basic.t", line=6).message == "add two numbers"
    excerpt_has(f, "Failed test 'add two numbers'", "expected: '5'", "Result: FAIL")


def test_prove_verbose_tap_stream_is_one_test_not_three() -> None:
    f = facts("tap_prove_verbose.txt")
    assert [t.id for t in f.failing_tests] == ["t/basic.t: add two numbers"]
    excerpt_has(f, "not ok 2 - add two numbers")


def test_node_test_tap_reads_the_yaml_diagnostics() -> None:
    f = facts("tap_node_test.txt")
    assert f.category is Category.TEST
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests == {
        "adds two numbers": "Expected values to be strictly equal:",
        "parses broken json": "Expected property name or '}' in JSON at position 1",
    }
    assert error(f, line=4, message="adds two numbers").file.endswith("calc.test.js")  # type: ignore[union-attr]
    excerpt_has(f, "not ok 1 - adds two numbers", "# fail 2")


# ---------------------------------------------------------------------- Ruby


def test_rspec_examples_messages_and_locations() -> None:
    f = facts("rspec.txt")
    assert f.category is Category.TEST and f.tools == ["rspec"]
    assert [t.id for t in f.failing_tests] == ["Calc adds two numbers", "Calc divides by zero"]
    assert f.failing_tests[0].message == "expected: 5"
    assert error(f, file="spec/calc_spec.rb", line=4).message == "Calc adds two numbers"
    assert error(f, file="lib/calc.rb", line=3).message == "Calc divides by zero"
    excerpt_has(f, "Failure/Error: expect(Calc.add(2, 3)).to eq(5)", "3 examples, 2 failures")


def test_rspec_syntax_error_while_loading_is_a_build_failure() -> None:
    f = facts("rspec_load_error.txt")
    assert f.category is Category.BUILD
    err = error(f, code="SyntaxError")
    assert err.line == 5 and err.file is not None and err.file.endswith("spec/broken_spec.rb")
    assert err.message.startswith("syntax error, unexpected end-of-input")


def test_minitest_failure_and_error() -> None:
    f = facts("minitest.txt")
    assert f.category is Category.TEST and f.tools == ["minitest"]
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests == {"CalcTest#test_div_zero": "ZeroDivisionError: divided by 0", "CalcTest#test_add": "Expected: 5"}
    assert error(f, file="test/test_calc.rb", line=5).message == "CalcTest#test_add"
    excerpt_has(f, "3 runs, 2 assertions, 1 failures, 1 errors, 0 skips")


# ---------------------------------------------------------------------- Elixir / Erlang


def test_exunit_tests_with_file_and_reason() -> None:
    f = facts("exunit.txt")
    assert f.category is Category.TEST and f.tools == ["exunit"]
    tests = {t.id: t for t in f.failing_tests}
    assert set(tests) == {"CalcTest: test divides by zero", "CalcTest: test adds two numbers"}
    assert tests["CalcTest: test divides by zero"].file == "test/calc_test.exs"
    assert (tests["CalcTest: test divides by zero"].message or "").startswith("** (ArithmeticError)")
    assert tests["CalcTest: test adds two numbers"].message == "Assertion with == failed"
    excerpt_has(f, "left:  -1", "3 tests, 2 failures")


def test_elixir_compile_error_is_build() -> None:
    f = facts("elixir_compile.txt")
    assert f.category is Category.BUILD and f.tools == ["elixir"]
    err = error(f, code="CompileError", file="lib/broken.ex", line=2)
    assert err.message.startswith("undefined function undefined_fun/1")


def test_erlc_errors_are_build_and_warnings_are_not_errors() -> None:
    f = facts("erlc.txt")
    assert f.category is Category.BUILD and f.tools == ["erlc"]
    assert [(e.line, e.column, e.message) for e in f.errors] == [
        (4, 16, "field description undefined in record vhost"),
        (4, 40, "variable 'Y' is unbound"),
    ]


def test_elixir_uncaught_exceptions_are_records_at_the_script_s_frame() -> None:
    """`elixir FILE.exs` stopped by a raise and by a throw: one record each at the first frame in the
    project's code (not the library's `(elixir 1.14.0) lib/enum.ex`), of no category of its own."""
    f = facts("elixir_uncaught.txt")
    raised, thrown = error(f, code="RuntimeError"), error(f, code="throw")
    assert (raised.file, raised.line, raised.category) == ("check.exs", 5, Category.UNKNOWN)
    assert raised.message == "RuntimeError: Line does not match format: '* [b](https://b.example) - No dot'"
    assert (thrown.file, thrown.line) == ("order.exs", 3)
    assert thrown.message == 'throw: "Words not in order \\"gamma\\" and \\"beta\\""'
    # The compiler's exceptions (KeyError among them, as a doctest raises it) stay the compile parser's.
    assert [e.tool for e in f.errors if e.code == "KeyError"] == ["elixir"]
    assert len([e for e in f.errors if e.code == "KeyError"]) == 1


# ---------------------------------------------------------------------- PHP


def test_phpunit_error_and_failure() -> None:
    f = facts("phpunit.txt")
    assert f.category is Category.TEST and f.tools == ["phpunit"]
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests == {
        "CalcTest::testDivZero": "DivisionByZeroError: Division by zero",
        "CalcTest::testAdd": "Failed asserting that -1 is identical to 5.",
    }
    assert (error(f, message="CalcTest::testDivZero").file or "").endswith("src/Calc.php")
    excerpt_has(f, "ERRORS!", "Tests: 3, Assertions: 2, Errors: 1, Failures: 1.")


def test_phpstan_table_rows_with_wrapped_messages() -> None:
    """Hand-written sample (PHPStan cannot be installed here): its documented table format."""
    f = facts("sample_phpstan.txt")
    assert f.category is Category.TYPE and f.tools == ["phpstan"]
    assert [(e.file, e.line) for e in f.errors] == [
        ("src/Service/Mailer.php", 42),
        ("src/Service/Mailer.php", 87),
        ("src/Controller/Home.php", 19),
    ]
    assert f.errors[0].message == "Method App\\Service\\Mailer::send() invoked with 3 parameters, 2 required."


@pytest.mark.parametrize(
    ("name", "parsed"), [("php_errors.txt", Category.LINT), ("php_errors_display.txt", Category.BUILD)]
)
def test_php_fatal_errors_are_records_at_their_place(name: str, parsed: Category) -> None:
    """PHP's fatal errors as the CLI logs them (`PHP Fatal error:  ...`) and displays them (`Fatal
    error: ...`): a parse error is a build failure when PHP runs the file (`$ php -n src/Broken.php`), the
    syntax check's finding, lint, when the step only checks it (`$ php -l src/Broken.php`: facts.syntaxcheck);
    an uncaught exception or another fatal error means what the script was doing (no category of its own)."""
    f = facts(name)
    assert "php" in f.tools
    parse = error(f, code="ParseError")
    assert (parse.file or "").endswith("src/Broken.php") and parse.line == 5
    assert parse.category is parsed
    assert parse.message == 'syntax error, unexpected token "}", expecting ";"'
    uncaught = error(f, code="InvalidArgumentException")
    assert uncaught.file == "/tmp/gen/php/src/Greeter.php" and uncaught.line == 9
    assert uncaught.message == "InvalidArgumentException: name must not be empty"
    assert uncaught.category is Category.UNKNOWN
    assert error(f, code="Error", line=4).message == 'Error: Class "App\\Mailer" not found'
    memory = error(f, code="FatalError")
    assert memory.message.startswith("Allowed memory size of 8388608 bytes exhausted")
    assert memory.category is Category.UNKNOWN
    assert f.category is parsed  # the parse error is the one record that says what it is


def test_php_warnings_and_lowercase_fatal_errors_are_not_php_s() -> None:
    """A warning does not stop the script; gcc's and Go's `fatal error:` are not PHP's."""
    f = extract_facts(
        b"PHP Warning:  Undefined variable $x in /app/src/a.php on line 3\n"
        b"main.c:1:10: fatal error: zlib.h: No such file or directory\n"
        b"fatal error: all goroutines are asleep - deadlock! in main.go on line 3\n"
    )
    assert "php" not in f.tools


# ---------------------------------------------------------------------- linters and stylesheets


def test_perlcritic_default_and_verbose_formats() -> None:
    plain, verbose = facts("perlcritic.txt"), facts("perlcritic_v8.txt")
    assert plain.category is Category.LINT and plain.tools == ["perlcritic"]
    assert error(plain, line=4, column=5).message == "Use IO::Interactive::is_interactive() instead of -t"
    assert error(verbose, code="InputOutput::ProhibitTwoArgOpen").line == 2
    assert len(verbose.errors) == 7


def test_markdownlint_rules_are_lint_errors() -> None:
    f = facts("markdownlint.txt")
    assert f.category is Category.LINT and f.tools == ["markdownlint"]
    assert error(f, code="MD013").line == 3
    assert error(f, code="MD022").file == "README.md"


def test_sass_errors_are_build_failures_with_their_location() -> None:
    f = facts("sass_dart.txt")
    assert f.category is Category.BUILD and f.tools == ["sass"]
    assert [(e.file, e.line, e.message) for e in f.errors] == [
        ("sass/main.sass", 4, "Undefined mixin."),
        ("sass/bad.scss", 2, "expected end of rule."),
    ]


@pytest.mark.parametrize(
    ("sample", "file", "message"),
    [
        ("postcss7_syntax.txt", "/tmp/compile/pc6/a.css", "Unknown word"),
        ("postcss8_syntax.txt", "/tmp/compile/pc/a.css", "Unknown word width"),
    ],
)
def test_postcss_syntax_error_is_a_build_failure_at_its_place(sample: str, file: str, message: str) -> None:
    """postcss-cli's `CssSyntaxError: /abs/a.css:3:3: Unknown word` over a code frame."""
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.column, e.message) for e in f.errors] == [("postcss", file, 3, 3, message)]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "place", "message"),
    [
        ("stylus_parse.txt", ("styl/cart.styl", 4, 1, "ParseError"), 'expected ")", got "outdent"'),
        # an evaluation error: more source lines below the caret, then the message
        ("stylus_type.txt", ("styl/cart.styl", 2, 26, "Error"), "cannot perform nosuchfn(#f00) + 1px"),
    ],
)
def test_stylus_errors_are_build_failures_with_their_place(
    sample: str, place: tuple[str, int, int, str], message: str
) -> None:
    f = facts(sample)
    assert f.category is Category.BUILD and f.tools == ["stylus"]
    assert [(e.file, e.line, e.column, e.code, e.message) for e in f.errors] == [(*place, message)]


def test_ruby_sass_location_form() -> None:
    """Hand-written sample (Ruby Sass / node-sass cannot run here): `on line N of file`."""
    f = facts("sample_sass_ruby.txt")
    assert error(f, file="sass/buttons.scss", line=3).message.startswith("Invalid CSS after")
    assert f.category is Category.BUILD


INVALID_CSS = 'Invalid CSS after "  color: $brand": expected expression (e.g. 1px, bold), was ".total { font-weigh"'


@pytest.mark.parametrize(
    ("sample", "place", "message"),
    [
        ("nodesass9_invalid_css.txt", ("scss/main.scss", 5, 3), INVALID_CSS),
        ("nodesass9_undefined_variable.txt", ("scss/undefined.scss", 2, 16), 'Undefined variable: "$brand-primary".'),
        # red under a terminal, behind npm 6's script header and above its ELIFECYCLE report
        ("nodesass9_npm6_script_color.txt", ("scss/main.scss", 5, 3), INVALID_CSS),
    ],
)
def test_node_sass_s_json_error_is_a_build_failure_at_its_place(
    sample: str, place: tuple[str, int, int], message: str
) -> None:
    """node-sass's CLI prints libsass's error as indented JSON (`"status": 1,`, `"file"`, `"line"`, `"column"`,
    `"message"`): no signal before."""
    f = facts(sample)
    [record] = [e for e in f.errors if e.tool == "node-sass"]
    assert ((record.file, record.line, record.column), record.message) == (place, message)
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_a_json_status_whose_file_is_no_stylesheet_is_not_node_sass() -> None:
    # the same shape from another program (a test fixture's dump, an API's answer): not a compiler's report
    text = '{\n  "status": 1,\n  "file": "/srv/app/report.json",\n  "line": 5,\n  "message": "not found"\n}\n'
    assert [e for e in extract_facts(text.encode()).errors if e.tool == "node-sass"] == []


@pytest.mark.parametrize("name", ["color/fusv_plain.txt", "color/fusv_color.txt"])
def test_fusv_listed_variables_are_lint_records_at_their_place(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["fusv"]
    assert [(e.file, e.line, e.code, e.message) for e in f.errors] == [
        ("scss/_variables.scss", 2, "unused-variable", "Variable $unused-color is not being used!"),
        ("site/docs.scss", 1, "unused-variable", "Variable $bd-warning is not being used!"),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided


@pytest.mark.parametrize("name", ["fusv0_unused.txt", "fusv0_unused_tty.txt", "fusv3_unused.txt"])
def test_fusv_before_4_names_each_variable_on_its_own_line(name: str) -> None:
    """0.x through its spinner (`✖ Variable ...`, here also under a terminal), 1.x-3.x as plain lines."""
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["fusv"]
    assert [e.message for e in f.errors] == [
        "Variable $unused-color is not being used!",
        "Variable $bd-warning is not being used!",
    ]
    assert rule_verdict(f).decided


def test_fusv_rows_need_their_count_line() -> None:
    """A Markdown list item shaped like a row is nobody's finding without fusv's count above it."""
    f = extract_facts(b"Notes\n  - $primary scss/_variables.scss:2\nError: something else\n")
    assert "fusv" not in f.tools and not f.errors


# ---------------------------------------------------------------------- Vim's test harness


def test_vim_runtest_failures_are_failing_tests_with_their_error() -> None:
    f = facts("vim_runtest.txt")
    assert f.category is Category.TEST and f.tools == ["vim"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("Test_adds_up", "test_sample.vim", "Expected 4 but got 5"),
        ("Test_flaky_every_time", "test_sample.vim", "Pattern '^ready' does not match 'not ready'"),  # past `Run 1`
        ("Test_throws", "test_sample.vim", "Caught exception: boom"),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST and verdict.decided
    # The report's block is the one shown: its failures are the ones kept.
    excerpt_has(f, "Failures:", "Found errors in Test_adds_up():", "Expected 4 but got 5", "TEST FAILURE")


def test_vim_runtest_messages_without_the_report_name_the_failures() -> None:
    """A run cut short before `make report`: the failures in the order the run met them."""
    messages = (DATA / "vim_runtest.txt").read_text().partition("Test results:")[0]
    f = extract_facts(messages.encode())
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("Test_flaky_every_time", "test_sample.vim"),
        ("Test_adds_up", "test_sample.vim"),
        ("Test_throws", "test_sample.vim"),
    ]
    assert f.failing_tests[0].message == "Pattern '^ready' does not match 'not ready'"


# ---------------------------------------------------------------------- Mocha


def test_mocha_titles_across_suite_lines() -> None:
    f = facts("mocha.txt")
    assert f.category is Category.TEST and "mocha" in f.tools
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests == {
        "calc parses broken json": "SyntaxError: Expected property name or '}' in JSON at position 1",
        "calc arithmetic adds two numbers": "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:",
    }
    assert error(f, message="calc arithmetic adds two numbers", code="test").file == "test/calc.test.js"
    excerpt_has(f, "2 failing", "-1 !== 5")


def test_a_passing_audit_is_not_an_error() -> None:
    f = extract_facts(b"added 120 packages in 3s\nfound 0 vulnerabilities\n")
    assert f.errors == [] and f.tools == []


def test_rules_decide_on_what_the_new_parsers_find() -> None:
    from remediate.triage import rule_verdict

    for name, category in (
        ("sample_phpstan.txt", Category.TYPE),
        ("erlc.txt", Category.BUILD),
        ("sass_dart.txt", Category.BUILD),
        ("perlcritic.txt", Category.LINT),
        ("tap_prove.txt", Category.TEST),
        ("exunit.txt", Category.TEST),
    ):
        verdict = rule_verdict(facts(name))
        assert (verdict.category, verdict.decided) == (category, True), (name, verdict.reason)


# ---------------------------------------------------------------------- wrappers: yarn, npm, pnpm, nextest


def test_prettier_through_package_managers() -> None:
    for name in ("prettier_yarn_list_different.txt", "prettier_yarn_check.txt", "prettier_npm_script.txt"):
        f = facts(name)
        assert f.category is Category.FORMAT and f.tools == ["prettier"], name
        assert [e.file for e in f.errors] == ["src/a.js", "src/b.js"], name
        assert all(e.code == "format" for e in f.errors)
    pnpm = facts("prettier_pnpm_l.txt")
    assert pnpm.category is Category.FORMAT and "prettier" in pnpm.tools
    assert [e.file for e in pnpm.errors if e.tool == "prettier"] == ["src/a.js", "src/b.js"]


def test_bare_file_names_need_a_prettier_list_command_before_them() -> None:
    f = extract_facts(b"$ ls src\nsrc/a.js\nsrc/b.js\nerror Command failed with exit code 1.\n")
    assert not [e for e in f.errors if e.tool == "prettier"]


def test_nextest_status_lines_name_the_tests_libtest_names() -> None:
    """Hand-written sample (cargo-nextest cannot be installed without the crates registry)."""
    f = facts("sample_nextest.txt")
    assert f.category is Category.TEST
    assert [t.id for t in f.failing_tests] == ["tests::divides", "loads_plugin"]
    assert f.failing_tests[0].message == "assertion `left == right` failed"
    assert error(f, file="src/lib.rs", line=14)


# ---------------------------------------------------------------------- build configuration; category from meaning


def test_configure_errors_are_build_failures() -> None:
    for name, reason in (
        ("configure_cc.txt", "C compiler cannot create executables"),
        ("configure_lib.txt", "libzzznotalib is required"),
    ):
        f = facts(name)
        assert f.category is Category.BUILD and f.tools == ["configure"], name
        assert [e.message for e in f.errors] == [reason]


def test_a_cargo_build_script_running_configure() -> None:
    f = facts("cargo_build_script.txt")
    assert f.category is Category.BUILD
    assert error(f, tool="cargo", code="build-script").message.startswith("build script of bs v0.1.0")
    assert error(f, tool="configure").message == "C compiler cannot create executables"


def test_a_build_tool_without_its_build_file_is_configuration() -> None:
    assert facts("rake_no_rakefile.txt").category is Category.CONFIG


def test_rustc_cap_lints_flag_is_not_a_lint_failure() -> None:
    log = b"     Running `rustc --crate-name cc src/lib.rs --cap-lints allow`\nerror: build failed\n"
    assert extract_facts(log).category is not Category.LINT


# ---------------------------------------------------------------------- Go (real toolchain output)


def test_go_test_with_and_without_verbose_gives_the_same_failures() -> None:
    """`go test` prints no colour of its own (no flag for it in Go 1.19), so plain output is its only
    form; without -v a test's lines come after its `--- FAIL`, with -v before it."""
    quiet, verbose = facts("go_test.txt"), facts("go_test_v.txt")
    for f in (quiet, verbose):
        assert f.category is Category.TEST and f.tools == ["go"]
        tests = {t.id: t.message for t in f.failing_tests}
        assert tests["TestAdd"] == "calc_test.go:7: Add(2, 3) = -1, want 5"
        assert tests["TestTable/case"] == "calc_test.go:15: got 0 want 2"
        assert error(f, file="calc_test.go", line=15).message == "got 0 want 2"


def test_go_build_and_vet_type_errors() -> None:
    for name in ("go_build.txt", "go_vet.txt"):
        f = facts(name)
        assert f.category is Category.BUILD, name
        assert error(f, file="calc/calc.go", line=4, column=28).message.startswith('cannot use "x"')


@pytest.mark.parametrize("name", ["go119_build_no_column.txt", "go119_test_no_column.txt"])
def test_go_compile_errors_without_a_column_under_the_package_header(name: str) -> None:
    """Go before 1.10 printed `./cart.go:20: undefined: itemz` (no column): under go build's or go test's
    `# pkg` header, one after another with their indented continuation lines between, they are compile
    errors (before: no record, no signal; go test's read as a test run)."""
    from tests.facts import framing

    f = facts(name)
    assert f.category is Category.BUILD
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("cart.go", 13, None, "build"),
        ("cart.go", 20, None, "build"),
        ("cart.go", 24, None, "build"),
    ]
    command = "go test ./..." if "test" in name else "go build ./..."
    v = rule_verdict(extract_facts(framing.travis(command, (DATA / name).read_text())))
    assert (v.category, v.decided) == (Category.BUILD, True)


def test_a_programs_own_file_line_log_lines_are_no_compile_errors() -> None:
    """The log package's Lshortfile lines (`shop.go:10: adding 1`) have the old compiler's shape, but no
    `# pkg` header is above them: the failing test is the failure."""
    f = facts("go119_test_log_shortfile.txt")
    assert f.category is Category.TEST
    assert [e.code for e in f.errors] == ["test"]
    assert [t.id for t in f.failing_tests] == ["TestTotal"]


def test_go_vet_findings_are_lint_by_their_words_and_a_compile_error_beside_them_is_the_build() -> None:
    """vet's analysers speak the compiler's form without a name: their messages tell them."""
    f = facts("go_vet_findings.txt")
    assert f.category is Category.LINT and f.tools == ["vet"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("calc.go", 15, 2, "vet"),
        ("calc.go", 13, 13, "vet"),
        ("calc.go", 16, 9, "vet"),
        ("calc.go", 20, 2, "vet"),
        ("calc.go", 22, 2, "vet"),
    ]
    both = extract_facts((DATA / "go_build.txt").read_bytes() + (DATA / "go_vet_findings.txt").read_bytes())
    assert both.category is Category.BUILD  # code that does not compile is the failure


# ---------------------------------------------------------------------- a check failing with a diff


def test_a_diff_that_ends_the_failing_step_is_a_format_check() -> None:
    from tests.facts import framing

    output = (DATA / "git_diff_exit_code.txt").read_text()
    for framed in (framing.travis("scripts/check-docs.sh", output), framing.github_actions("make check", output)):
        f = extract_facts(framed)
        assert f.category is Category.FORMAT and "git-diff" in f.tools
        assert [e.file for e in f.errors if e.tool == "git-diff"] == ["README.md", "src/gen.py"]
        excerpt_has(f, "+| --- | --- |", "-x = 1")


def test_a_diff_shown_on_the_way_is_not_the_failure() -> None:
    output = (DATA / "git_diff_exit_code.txt").read_text()
    log = output + "".join(f"step {i} ok\n" for i in range(10)) + "FAILED tests/test_a.py::test_x - assert 1 == 2\n"
    f = extract_facts(log.encode())
    assert not [e for e in f.errors if e.tool == "git-diff"]


@pytest.mark.parametrize("name", ["gocheck.txt", "gocheck_v.txt"])
def test_gocheck_methods_inside_one_go_test(name: str) -> None:
    """gocheck's failed and panicked suite methods, each with its place and its `... ` reasons,
    beside the one `go test` test that runs the suite."""
    f = facts(name)
    tests = {t.id: (t.file, t.message) for t in f.failing_tests}
    assert tests["CartSuite.TestTotal"] == ("cart_test.go", "obtained int = 5 expected int = 6")
    assert tests["CartSuite.TestAverage"] == (
        "cart_test.go",
        "Panic: runtime error: integer divide by zero (PC=0x4375B1)",
    )
    assert [(e.file, e.line) for e in f.errors] == [("cart_test.go", 17), ("cart_test.go", 15)]
    assert f.category is Category.TEST


def test_a_fail_line_of_another_harness_is_no_gocheck_method() -> None:
    f = extract_facts(b"FAIL: tests/test_total\n# TOTAL: 1\n# FAIL:  1\n")
    assert [t.id for t in f.failing_tests] == ["tests/test_total"] and "go" not in f.tools


@pytest.mark.parametrize(
    "name", ["color/nim_unittest_plain.txt", "color/nim_unittest_color.txt", "nim_c_r_unittest.txt"]
)
def test_nim_unittest_failed_tests_with_what_they_printed_before(name: str) -> None:
    """Nim's unittest prints a failed check's place and words, or an exception's stack, before the
    test's `[FAILED]`: the place is the check's, else the last frame in the project's files."""
    f = facts(name)
    assert f.tools == ["nim-unittest"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart: adds prices", "tests/test_cart.nim", "Check failed: total(@[1, 2, 3]) == 6 total(@[1, 2, 3]) was 5"),
        ("cart: average of empty", "tests/test_cart.nim", "division by zero [DivByZeroDefect]"),
    ]
    assert [e.line for e in f.errors] == [11, 7]
    assert rule_verdict(f, "nimble test").decided


def test_ginkgo_s_failed_lines_are_not_nim_s() -> None:
    assert "nim-unittest" not in facts("sample_ginkgo.txt").tools


@pytest.mark.parametrize(
    "name", ["color/test_framework_plain.txt", "color/test_framework_color.txt", "cabal_setup_test.txt"]
)
def test_test_framework_failed_rows_under_their_group(name: str) -> None:
    f = facts(name)
    tests = {t.id: t.message for t in f.failing_tests}
    assert tests["Cart/adds prices"] == "expected: 6 but got: 5"
    assert tests["Cart/average of empty"] == "ERROR: divide by zero"
    assert f.tools == ["test-framework"] and f.category is Category.TEST


def test_cabal_s_failed_suite_is_a_failed_test_whatever_ran_inside() -> None:
    f = facts("cabal_setup_test.txt")
    suite = next(t for t in f.failing_tests if t.id == "cart-test")
    assert suite.message == "Test suite logged to: dist/test/hscart-0.1.0.0-cart-test.log"
    # Cabal's own lines of the same run, as a driver Cabal does not know would leave them
    lines = (DATA / "cabal_setup_test.txt").read_text().splitlines()
    only_cabal = extract_facts("\n".join(x for x in lines if "Test suite" in x or "test suites" in x).encode())
    assert only_cabal.tools == ["cabal"] and [t.id for t in only_cabal.failing_tests] == ["cart-test"]
    assert rule_verdict(only_cabal, "cabal test").decided


def test_hunit_run_test_tt_failures_behind_its_redrawn_progress() -> None:
    """HUnit's progress line is redrawn with carriage returns; its `### Failure in:` lines follow
    it on the same raw line, and the place and words come below."""
    f = facts("hunit_runtesttt.txt")
    assert f.tools == ["hunit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("0:adds prices", "test-hunit/Main.hs", "expected: 6 but got: 5"),
        ("2:average of empty", None, "divide by zero"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test-hunit/Main.hs", 7)]


def test_vader_failed_cases_named_by_their_title() -> None:
    """Vader's `(X)` row of a case is its failure; the case's first row gave its title."""
    f = facts("vader_vim9.txt")
    assert f.tools == ["vader"] and f.category is Category.TEST
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("total adds prices", "test/cart.vader", "5 should be equal to 6"),
        ("unknown function", "test/cart.vader", "Vim(call):E117: Unknown function: cart#average"),
    ]
    assert rule_verdict(f, "vim -Nu test/vimrc -c 'Vader! test/*.vader'").decided


@pytest.mark.parametrize(
    ("name", "assertion"),
    [("d_unittest_ldc.txt", "Assertion failure"), ("d_unittest_gdc.txt", "unittest failure")],
)
def test_d_unittest_throwables_confirmed_by_the_module_count(name: str, assertion: str) -> None:
    """A failed D unittest block is its throwable at its place; LDC says `Assertion failure`, GDC
    (as DMD before 2.080, which printed no module count) `unittest failure`."""
    f = facts(name)
    tests = {t.id: (t.file, t.message) for t in f.failing_tests}
    assert tests == {
        "source/cart.d(5)": ("source/cart.d", f"core.exception.AssertError: {assertion}"),
        "source/tax.d(3)": ("source/tax.d", "object.Exception: empty cart"),
    }
    assert rule_verdict(f, "dub test").decided


def test_a_d_throwable_without_the_unit_tests_words_is_no_test() -> None:
    """Without `N/M modules FAILED unittests`, a throwable is a test's only when it says
    `unittest failure` (druntime's words for an assert in a unittest block before the count existed)."""
    lines = (DATA / "d_unittest_gdc.txt").read_text().splitlines()
    without_count = "\n".join(x for x in lines if "modules FAILED" not in x).encode()
    assert [t.id for t in extract_facts(without_count).failing_tests] == ["source/cart.d(5)"]
    lines = (DATA / "d_unittest_ldc.txt").read_text().splitlines()
    assert not extract_facts("\n".join(x for x in lines if "modules FAILED" not in x).encode()).failing_tests


def test_haskell_doctest_failed_examples_with_their_place() -> None:
    f = facts("haskell_doctest.txt")
    assert f.tools == ["doctest"] and f.category is Category.TEST
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("src/Cart.hs:5: total [1, 2, 3]", "src/Cart.hs", "expected: 6 but got: 5"),
        ("src/Cart.hs:12: average [2, 4]", "src/Cart.hs", "expected: 3 but got: 2"),
    ]
    assert rule_verdict(f, "doctest src/Cart.hs").decided


def test_mix_warnings_as_errors_makes_each_warning_a_build_error_at_its_place() -> None:
    """`mix compile --warnings-as-errors` (Elixir 1.14): the warning's place is on the line below it; the verdict
    `Compilation failed due to warnings ...` makes it the failure (it gave no signal before)."""
    f = facts("mix14_warnings_as_errors.txt")
    assert [(e.tool, e.file, e.line, e.code) for e in f.errors] == [("elixir", "lib/shop.ex", 3, "warnings-as-errors")]
    assert f.errors[0].message.startswith('variable "y" is unused')
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    text = (DATA / "mix14_warnings_as_errors.txt").read_text()
    assert extract_facts(text.replace("Compilation failed due to warnings", "Done").encode()).errors == []
