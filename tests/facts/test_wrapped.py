"""The category follows the tool that failed, not the wrapper that ran it: a type checker run by a step named for
lint (tox's `lint` session, make's `lint` target, a pre-commit hook, an npm `lint` script), read from real output
(tests/facts/data/README.md, "A type checker a lint wrapper ran")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkers import echoed_checker
from remediate.facts.extract import modules_reading
from remediate.facts.view import View
from remediate.facts.wrappers import session_line
from remediate.models import Category, Facts
from remediate.triage import RuleVerdict, rule_verdict
from remediate.triage.verdict import CHECKERS_APART
from tests.facts import framing
from tests.facts.samples import DATA

# Each sample and the command that made it.
TOX = ("wrapper_tox4_lint_mypy.txt", "tox -e lint")
MAKE = ("wrapper_make_lint_mypy.txt", "make lint")
PRE_COMMIT = ("pre_commit_mypy_passing_flake8.txt", "pre-commit run --all-files --color never")
NPM = ("wrapper_npm11_lint_eslint_tsc.txt", "npm run lint")


def _log(sample: str, command: str, *, script: bool = False) -> bytes:
    """The sample in a Travis job under its command; with `script`, under a script that names nothing, whose
    xtrace shows the command (`+ make lint`), as bench/samples_proxy.py's wrapper variant frames it."""
    output = (DATA / sample).read_text()
    if script:
        return framing.travis("./ci/run.sh", f"+ {command}\n{output}")
    return framing.travis(command, output)


def _verdict(log: bytes, *, left_out: bool = False) -> tuple[Facts, RuleVerdict]:
    facts = extract_facts(log, leave_out=modules_reading(log) if left_out else frozenset())
    return facts, rule_verdict(facts)


@pytest.mark.parametrize(("sample", "command"), [TOX, MAKE, PRE_COMMIT, NPM])
def test_a_type_checker_a_lint_wrapper_ran_is_decided_type_by_its_records(sample: str, command: str) -> None:
    facts, verdict = _verdict(_log(sample, command))
    assert (verdict.category, verdict.decided) == (Category.TYPE, True), verdict.reason
    assert {e.category for e in facts.errors if e.votes} == {Category.TYPE}


@pytest.mark.parametrize("left_out", [False, True])
@pytest.mark.parametrize("script", [False, True])
def test_tox_s_session_named_lint_is_no_linter_s_word(left_out: bool, script: bool) -> None:
    """`lint: commands[1]> mypy ...`, `lint: exit 1 (...)`, `lint: FAIL code 1`: every line tox prints about the
    session holds its name; as keywords they outvoted mypy's records (the facts classified the run as lint, 0.76,
    and the rules abstained). Without them the rules decide type, mypy's parser in or out: tox's report names the
    command that failed."""
    facts, verdict = _verdict(_log(*TOX, script=script), left_out=left_out)
    assert facts.ran_command == "mypy --strict --no-incremental src"
    assert facts.category is Category.TYPE
    assert (verdict.category, verdict.decided) == (Category.TYPE, True), verdict.reason


@pytest.mark.parametrize(
    "line",
    [
        "lint: commands[1]> mypy --strict --no-incremental src",
        "lint: exit 1 (1.38 seconds) /tmp/commands-gen/pylint> mypy --strict --no-incremental src pid=28292",
        "  lint: FAIL code 1 (10.68=setup[9.05]+cmd[0.25,1.38] seconds)",
        "lint: install_deps> python -I -m pip install flake8 mypy",
        "lint run-test: commands[1] | flake8 src",
        "lint runtests: commands[1] | flake8 src",
        "lint installdeps: flake8",
        "ERROR:   lint: commands failed",
        "nox > Running session lint",
    ],
)
def test_a_session_runner_s_own_lines_are_known(line: str) -> None:
    assert session_line(line)


@pytest.mark.parametrize(
    "line",
    [
        'src/shop/cart.py:6: error: Incompatible return value type (got "int", expected "str")  [return-value]',
        "Found 2 errors in 1 file (checked 2 source files)",
        "src/shop/cart.py:1:1: F401 'os' imported but unused",
        "ERROR: InvocationError for command /tmp/x/.tox/lint/bin/flake8 src (exited with code 1)",
        "lint: the linter found 3 problems",
    ],
)
def test_a_tool_s_output_is_no_session_line(line: str) -> None:
    assert not session_line(line)


def test_make_s_verdict_on_a_target_named_lint_is_no_linter_s_summary() -> None:
    """`make: *** [Makefile:3: lint] Error 1` read as a linter's summary counting one failure, which vouched for
    lint where make's recipe ran mypy."""
    facts = extract_facts(_log(*MAKE))
    assert not [s for s in facts.summaries if s.text.startswith("make: ***")]
    flake8 = extract_facts(framing.travis("make lint", (DATA / "wrapper_make_lint.txt").read_text()))
    assert not [s for s in flake8.summaries if s.text.startswith("make: ***")]


@pytest.mark.parametrize("script", [False, True])
def test_make_s_last_echoed_recipe_line_names_the_checker_not_the_target(script: bool) -> None:
    """mypy's parser left out, the rows are placed by the checker make ran: its last echoed recipe line (`mypy
    --strict ...`, after `flake8 src` passed), not by the target's name (`lint`), which decided lint (wrong)."""
    facts, verdict = _verdict(_log(*MAKE, script=script), left_out=True)
    assert {(e.tool, e.category) for e in facts.errors} == {("mypy", Category.TYPE)}
    assert (verdict.category, verdict.decided) == (Category.TYPE, True), verdict.reason


@pytest.mark.parametrize("script", [False, True])
def test_make_k_keeps_each_finding_with_the_checker_that_printed_it(script: bool) -> None:
    """`make -k lint` goes on past flake8's failing recipe to mypy's: flake8's row, its parser left out, was filed
    under mypy (the last checker echoed) as a type error; each recipe's rows are its own checker's, and the rules
    say what they say with the parsers in."""
    facts, verdict = _verdict(_log("make43_k_flake8_mypy.txt", "make -k lint", script=script), left_out=True)
    places = {(e.tool, e.category, e.file, e.line) for e in facts.errors}
    assert places == {
        ("flake8", Category.LINT, "src/shop/cart.py", 1),
        ("mypy", Category.TYPE, "src/shop/cart.py", 9),
        ("mypy", Category.TYPE, "src/shop/stock.py", 2),
    }
    full, with_parsers = _verdict(_log("make43_k_flake8_mypy.txt", "make -k lint", script=script))
    assert {(e.tool, e.category) for e in full.errors} == {(t, c) for t, c, _, _ in places}
    assert (verdict.category, verdict.decided) == (with_parsers.category, with_parsers.decided), verdict.reason


@pytest.mark.parametrize(
    "sample", ["make43_k_j2_flake8_mypy.txt", "make43_k_j2_flake8_fails.txt", "make43_k_j2_mypy_fails.txt"]
)
@pytest.mark.parametrize("script", [False, True])
def test_make_j_s_recipes_echoed_at_once_name_no_one_checker(sample: str, script: bool) -> None:
    """`make -k -j2 lint` echoes `flake8 src` and `mypy ...` as both start, then their output interleaves: the last
    echo named mypy for flake8's row (type decided, or type guessed over lint); which recipe printed a row is not
    in the log, so the rows are of no one kind and the rules do not decide (with the parsers in they do)."""
    facts, verdict = _verdict(_log(sample, "make -k -j2 lint", script=script), left_out=True)
    assert facts.errors and {e.category for e in facts.errors} == {Category.UNKNOWN}, facts.errors
    assert not verdict.decided, verdict.reason
    assert not any(e.tool == "mypy" for e in facts.errors)


def test_make_j1_runs_one_recipe_at_a_time() -> None:
    """`-j1` is no parallel run: the echo after a silent recipe's echo is the one whose rows follow."""
    output = (DATA / "wrapper_make_lint_mypy.txt").read_text()
    facts, verdict = _verdict(framing.travis("make -j1 lint", output), left_out=True)
    assert {(e.tool, e.category) for e in facts.errors} == {("mypy", Category.TYPE)}
    assert (verdict.category, verdict.decided) == (Category.TYPE, True), verdict.reason


def test_a_target_whose_recipe_ran_a_linter_stays_lint() -> None:
    """`make lint` echoing `flake8 --version`, `flake8 src`: flake8's rows, its parser left out, are lint."""
    facts, verdict = _verdict(_log("wrapper_make_lint.txt", "make lint"), left_out=True)
    assert {e.category for e in facts.errors} == {Category.LINT}
    assert (verdict.category, verdict.decided) == (Category.LINT, True), verdict.reason


def _view(*texts: str) -> View:
    return View.of(texts)


def test_only_an_echoing_task_runner_s_unindented_command_line_is_read_as_its_echo() -> None:
    view = _view("flake8 src", "mypy --strict src", "src/a.py:1: error: x", "make: *** [Makefile:3: lint] Error 1")
    assert echoed_checker(view, (1, 4), "make lint") == ("mypy", Category.TYPE)
    assert echoed_checker(view, (1, 4), "./ci/run.sh", "make lint") == ("mypy", Category.TYPE)
    assert echoed_checker(view, (1, 4), "tox -e lint") is None  # tox reports what it ran: wrappers.ran_command
    assert echoed_checker(view, (1, 4), "make lint && pytest") is None  # the tests may be what failed
    hint = _view("flake8 src", "Run ruff check --fix to fix", "  mypy src")  # a hint, an indented line: no echo
    assert echoed_checker(hint, (1, 3), "make lint") == ("flake8", Category.LINT)
    tests = _view("mypy src", "pytest -q")  # the last recipe line ran tests: no checker's
    assert echoed_checker(tests, (1, 2), "make check") is None


def test_with_the_type_checker_s_parser_left_out_the_lint_wrapper_s_name_decides_nothing() -> None:
    """pre-commit's hook list names lint; mypy's rows unread, nothing says which check failed: the rules abstain
    rather than decide the wrapper's name."""
    _, verdict = _verdict(_log(*PRE_COMMIT), left_out=True)
    assert not verdict.decided, verdict.reason


def test_with_tsc_s_parser_left_out_its_coded_rows_still_say_type_under_the_lint_script() -> None:
    """npm's `lint` script (`eslint src && tsc --noEmit`) names lint; tsc's row is a compiler's coded error in the
    parenthesised shape (`src/cart.ts(6,3): error TS2322: ...`), read whatever ran it, TypeScript's code the type
    checker's: type, as with its parser in (before: the row unread, the rules abstained)."""
    facts, verdict = _verdict(_log(*NPM), left_out=True)
    assert [(e.tool, e.code) for e in facts.errors] == [("tsc", "TS2322")]
    assert (verdict.category, verdict.decided) == (Category.TYPE, True), verdict.reason


JUNIT5_AFTER_JAVAC = (
    'javac -d out -cp /usr/share/java/junit-platform-console-standalone.jar $(find src -name "*.java") && '
    "java -jar /usr/share/java/junit-platform-console-standalone.jar -cp out --scan-class-path"
)


CARGO_TEST = "RUST_BACKTRACE=0 cargo test --offline --color never"


# A test command whose code does not compile: the compiler failed, not a test (README, "A test command whose code
# does not compile"). Each with the command that made it and what the rules decide, parsers in and left out.
COMPILED = [
    ("make43_check_test_does_not_compile.txt", "make check", Category.BUILD),
    ("javac17_junit_script_test_does_not_compile.txt", "./run-tests.sh", Category.BUILD),
    ("cargo_test_compile_error_typed.txt", "cargo test --offline", Category.BUILD),
    ("go119_test_build_failed_typed.txt", "go test ./...", Category.BUILD),
    ("maven387_test_compilation_error.txt", "mvn -B -o test", Category.BUILD),
    ("cargo195_test_own_module_unresolved.txt", "cargo test --offline --color never", Category.BUILD),
    # the project's own name missing, as the compiler says it: a name the module's own package does not declare,
    # a package of the source tree renamed (javac before JUnit's console launcher; Gradle's compileTestJava), a
    # header by its path relative to the test including it (before: abstained, a third party's header)
    ("go119_test_own_undefined.txt", "GOPROXY=off go test -count=1 ./...", Category.BUILD),
    ("javac17_junit5_own_package_missing.txt", JUNIT5_AFTER_JAVAC, Category.BUILD),
    ("gradle441_test_own_package_missing.txt", "gradle --offline --console=plain test", Category.BUILD),
    ("gcc12_make_test_own_header_missing.txt", "make test", Category.BUILD),
    # the build tool's own words that the code did not compile, where no parser reads the compiler's lines (before,
    # parsers left out: each abstained, keyword lines only): go test's `FAIL pkg [build failed]` over vet's
    # findings or the compiler's lines without a column, go vet stopped by its own type check (`vet: file:l:c:`;
    # before: abstained, lint's command beside it), Gradle's `Execution failed for task ':compileJava'.`
    ("go119_test_vet_build_failed.txt", "go test ./...", Category.BUILD),
    ("go_vet.txt", "go vet ./...", Category.BUILD),
    ("go119_test_no_column.txt", "go test -gcflags=-C ./...", Category.BUILD),
    ("gradle_compile.txt", "gradle --offline --console=plain build", Category.BUILD),
    ("go119_vet_own_undeclared.txt", "GOPROXY=off go vet ./...", Category.BUILD),
    # unittest's loader could not import the test module, the project's `shop/cart.py` does not parse (`SyntaxError:
    # '(' was never closed`) under `FAILED (errors=1)`; before: abstained, the unittest parser naming a test after the
    # loader's frame (`_find_test_path`, read as a nose test named by its docstring)
    ("unittest311_syntax_in_source.txt", "python3 -m unittest discover -s tests -t .", Category.BUILD),
    # nose 1's loader stand-in for the same (`ERROR: Failure: SyntaxError (invalid syntax (cart.py, line 2))`): no test
    ("nose137_py39_syntax_in_source.txt", "nosetests -v tests", Category.BUILD),
    # cargo test's library, or its test module alone (`(lib test)`), not compiling: rustc's E0308
    ("cargo195_test_lib_mismatched.txt", CARGO_TEST, Category.BUILD),
    ("cargo195_test_module_mismatched.txt", CARGO_TEST, Category.BUILD),
]


@pytest.mark.parametrize("left_out", [False, True])
@pytest.mark.parametrize(("sample", "command", "kind"), COMPILED)
def test_a_test_command_whose_code_does_not_compile_is_a_build_failure(
    sample: str, command: str, kind: Category, left_out: bool
) -> None:
    facts, verdict = _verdict(_log(sample, command), left_out=left_out)
    assert (verdict.category, verdict.decided) == (kind, True), verdict.reason
    assert not facts.failing_tests


# `make test` running `cargo test`, the unit tests passing, then the doc-tests: rustdoc could not compile the one that
# failed (`Couldn't compile the test.` under rustc's E0425), so its `test result: FAILED. 0 passed; 1 failed` counts
# code that did not compile, the build's (was read as a test summary: build 0.88, not decided). Beside it a doc-test
# that compiles and fails its assertion, and one of each in a run: a test's failure.
DOCTESTS = [
    ("make_cargo195_doctest_not_compiling.txt", Category.BUILD),
    ("make_cargo195_doctest_assert_failed.txt", Category.TEST),
    ("make_cargo195_doctest_compile_and_assert.txt", Category.TEST),
]


@pytest.mark.parametrize("left_out", [False, True])
@pytest.mark.parametrize(("sample", "kind"), DOCTESTS)
def test_doc_tests_that_did_not_compile_count_the_build_s_failure(sample: str, kind: Category, left_out: bool) -> None:
    """Left out, the rust parser's build records are gone and the rules abstain on the uncompiled doc-test (read
    generically, its count is still no test summary: was decided test 0.92); the tests failing stay test."""
    facts, verdict = _verdict(_log(sample, "make test"), left_out=left_out)
    decided = kind is Category.TEST or not left_out
    assert verdict.decided is decided, verdict.reason
    if decided:
        assert verdict.category is kind, verdict.reason
    assert any(s.failed for s in facts.summaries) is (kind is Category.TEST)


# A test runner's type check that failed, or a type checker its test script runs first: TypeScript's checker's
# diagnostics (TS2xxx) are the type checker's, whichever command ran it (ts-jest's `Test suite failed to run`, `npm
# test` running `tsc --pretty false -p . && node --test`); a compiler's errors where the compiler is the only type
# checker (rustc, javac, gcc, go) are the build's (COMPILED). Beside each, the same runner on the same project with
# the code compiling and an assertion failing: a test's failure. Parsers in and left out.
TYPED_OR_FAILED = [
    ("jest30_tsjest_argument_type.txt", "npx jest --ci", Category.TYPE),
    ("npm11_test_tsc_type_error.txt", "npm test", Category.TYPE),
    ("jest30_tsjest_expect_failed.txt", "npx jest --ci", Category.TEST),
    ("npm11_test_tsc_node_test_failed.txt", "npm test", Category.TEST),
    ("cargo195_test_assert_failed.txt", CARGO_TEST, Category.TEST),
    ("vitest4_expect_failed.txt", "CI=true npx vitest run", Category.TEST),
]


@pytest.mark.parametrize("left_out", [False, True])
@pytest.mark.parametrize(("sample", "command", "kind"), TYPED_OR_FAILED)
def test_a_type_check_a_test_command_ran_is_type_and_a_failing_assertion_test(
    sample: str, command: str, kind: Category, left_out: bool
) -> None:
    _, verdict = _verdict(_log(sample, command), left_out=left_out)
    assert (verdict.category, verdict.decided) == (kind, True), verdict.reason


# The same class the parsers read and the generic rules leave open: an own symbol the linker did not find (the
# Makefile links the test without the file defining it), tsc's TS2307 for a relative module under ts-node (a file of
# the project not there: the build's, as tsc's own since round 37). Parsers in, they decide it; left out, nothing else.
COMPILED_PARSED = [
    ("gcc12_make_test_own_symbol_unlinked.txt", "make test", Category.BUILD),
    ("mocha10_tsnode_own_module_missing.txt", "npx mocha -r ts-node/register 'test/**/*.spec.ts'", Category.BUILD),
    (
        "node20_test_tsnode_own_module_missing.txt",
        "node --require ts-node/register --test test/cart.spec.ts",
        Category.BUILD,
    ),
]


@pytest.mark.parametrize(("sample", "command", "kind"), COMPILED_PARSED)
def test_an_own_name_a_compiler_or_checker_misses_is_never_a_dependency(
    sample: str, command: str, kind: Category
) -> None:
    _, verdict = _verdict(_log(sample, command))
    assert (verdict.category, verdict.decided) == (kind, True), verdict.reason
    _, left = _verdict(_log(sample, command), left_out=True)
    assert not left.decided or left.category is kind, left.reason


@pytest.mark.parametrize("left_out", [False, True])
def test_clippy_s_denied_lints_end_as_a_compile_does_and_stay_lint(left_out: bool) -> None:
    """Cargo ends Clippy's denied lints with the words it ends rustc's errors with (`error: could not compile`, the
    crate and its target, `(bin "shop")`): no build tool's verdict that the code did not compile (patterns.NOT_COMPILED)."""
    log = _log("clippy195_short_denied.txt", "cargo clippy --message-format=short -- -D warnings")
    _, verdict = _verdict(log, left_out=left_out)
    assert (verdict.category, verdict.decided) == (Category.LINT, True), verdict.reason


def test_a_crate_rustc_cannot_tell_from_an_undeclared_module_decides_nothing() -> None:
    """`use pricing::discount;`: a crate missing from Cargo.toml or a module the crate never declared (rustc says
    both): a dependency or the code, not sure which; the test command decides neither."""
    _, verdict = _verdict(_log("cargo195_test_crate_unresolved.txt", "cargo test --offline --color never"))
    assert not verdict.decided and verdict.category is not Category.TEST, verdict.reason


def test_a_crates_own_module_its_tests_import_by_the_crates_name_is_the_build_s() -> None:
    """`use shop::pricing::discount;` in tests/ of the crate `shop`, which has no `pricing`: cargo's `Compiling shop
    v0.1.0 (/folder)` says shop is built from the source, so its missing module is the code's (meaning.cargo_crates),
    as Python's own module is; the repository's folder (storefront) does not name it. Before: third-party, not
    decided dependency. The crate rustc cannot tell from a module (the control above) still decides nothing."""
    facts, verdict = _verdict(_log("cargo195_test_own_crate_path_unresolved.txt", "cargo test"))
    assert [e.category for e in facts.errors] == [Category.BUILD]
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    assert "third-party" not in verdict.reason


@pytest.mark.parametrize(
    ("sample", "command"),
    [("pre_commit.txt", "pre-commit run --all-files --color never"), ("make43_k_flake8_mypy.txt", "make -k lint")],
)
@pytest.mark.parametrize("script", [False, True])
def test_a_linter_s_and_a_type_checker_s_findings_in_one_failing_output_are_two_failures(
    sample: str, command: str, script: bool
) -> None:
    """pre-commit's ruff, ruff-format and mypy hooks all failing (its run was decided type: three mypy records
    against ruff's two), `make -k lint` going on past flake8 to mypy: two checkers failed, and how many findings each
    printed does not say which one the CI's failure is for. The rules abstain and say so; the type checker alone in
    a lint step still decides type (test_a_type_checker_a_lint_wrapper_ran_is_decided_type_by_its_records)."""
    facts, verdict = _verdict(_log(sample, command, script=script))
    assert {e.category for e in facts.errors if e.votes} >= {Category.LINT, Category.TYPE}
    assert not verdict.decided and CHECKERS_APART in verdict.reason, verdict.reason


LEFTHOOK = ("lefthook063_lints_prettier.txt", "npx lefthook run lints")


def test_lefthook_s_own_lines_about_its_commands_are_known_and_its_commands_output_is_not() -> None:
    lines = (DATA / LEFTHOOK[0]).read_text().splitlines()
    assert [line for line in lines if session_line(line)] == [
        "  EXECUTE > prettier",
        "  EXECUTE > rubocop",
        "✔️  rubocop",
        "🥊  prettier",
    ]


def test_lefthook_s_command_names_cast_no_lint_vote() -> None:
    """Lefthook's `EXECUTE > rubocop` and `✔️  rubocop` (a command that passed) voted lint as keywords: the facts said
    lint where no linter failed (a dev log: a hook group whose prettier failed, decided unsure on those votes)."""
    facts = extract_facts(_log(*LEFTHOOK))
    assert facts.category is not Category.LINT, (facts.category, facts.category_basis)
