"""A build no parser reads: under a command that only builds (facts.commands.build_tool), the failing step's
`path:line[:col]: message` lines are the build's records (facts/located.py), as a checker's are its kind's;
notes, warnings, make's own `***` errors, an analyser's or a test framework's findings in the compiler's shape are
not (real tool output, tests/facts/data/README.md)."""

from __future__ import annotations

import time

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkers import checker_of
from remediate.facts.commands import build_tool
from remediate.facts.denied import clippy_says
from remediate.facts.extract import modules_reading
from remediate.facts.located import compiled, located
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import ciframing, framing
from tests.facts.samples import DATA


def _left_out(command: str, sample: str) -> Facts:
    """The sample as the failing step of a Travis job, read as a tool no parser knows (its own parser modules
    left out, as bench/samples_proxy.py does)."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log))


@pytest.mark.parametrize(
    ("command", "tool"),
    [
        ("make", "make"),
        ("make -k -j2", "make"),
        ("make -f Makefile.ci all", "make"),
        ("make -C build CC=clang", "make"),
        ("sudo make install", "make"),
        ("mvn -B -o compile", "mvn"),
        ("./gradlew :app:compileJava", "gradle"),
        ("gradle --offline build", "gradle"),
        ("go build ./...", "go build"),
        ("kotlinc src/Cart.kt -d out", "kotlinc"),
        ("gcc -c src/a.c -o a.o", "gcc"),
        ("meson compile -C build", "meson compile"),
        ("stack build", "stack build"),
        ("npx webpack --mode production", "webpack"),
    ],
)
def test_a_command_that_only_builds_names_its_tool(command: str, tool: str) -> None:
    assert build_tool(command) == tool


@pytest.mark.parametrize(
    "command",
    [
        "make test",
        "make check lint",
        "mvn -B install",
        "mvn verify",
        "./gradlew test",
        "go test ./...",
        "stack build --test",
        "xcodebuild -scheme App test",
        "pytest",
        "npm run build",
    ],
)
def test_a_command_that_runs_more_than_a_build_is_none(command: str) -> None:
    # a target or a phase that runs tests (or anything else), and a wrapper whose script says what it runs
    assert build_tool(command) is None


def test_a_step_of_a_build_and_another_kind_has_no_one_checker() -> None:
    assert checker_of("cmake .. && make -j2", None) == ("cmake/make", Category.BUILD)
    assert checker_of("make && make test", None) is None  # the tests may be what failed
    assert checker_of("flake8 . && make", None) is None
    assert checker_of("npm run build", "webpack --mode production") == ("webpack", Category.BUILD)


@pytest.mark.parametrize(
    ("command", "sample", "first"),
    [
        # gcc under make, and under ninja (meson compile)
        ("make -k -j2", "make_k_j2_one_error.txt", ("src/a00.c", 2, 22)),
        ("meson compile -C build", "meson_compile.txt", ("src/main.c", 1, 25)),
        # Go's `path:line:col: message` (no `error:`), kotlinc's, erlc's, GHC's under stack's package prefix
        ("go build ./...", "go_build.txt", ("calc/calc.go", 4, 28)),
        ("kotlinc src/Cart.kt -d out", "kotlinc.txt", ("src/Cart.kt", 4, 20)),
        ("erlc bad.erl", "erlc.txt", ("bad.erl", 4, 16)),
        ("stack build", "stack27_two_packages_ghc_error.txt", (None, 3, 12)),
        # Maven's compiler plugin's `[ERROR] path:[line,col] message`
        ("mvn -B -o compile", "maven_compile_syntax.txt", (None, 5, 21)),
        # gfortran's place alone over its frame and `Error:`; dart-sass's `Error:` over its place under its frame
        ("make", "gfortran12_make_object.txt", ("src/cart.f90", 13, 16)),
        ("sass sass/:css/", "sass_dart.txt", ("sass/main.sass", 4, 3)),
    ],
)
def test_a_builds_errors_no_parser_reads_decide_build(
    command: str, sample: str, first: tuple[str | None, int, int]
) -> None:
    facts = _left_out(command, sample)
    assert facts.errors and {e.category for e in facts.errors} == {Category.BUILD}
    file, line, column = first
    assert (facts.errors[0].line, facts.errors[0].column) == (line, column)
    assert file is None or facts.errors[0].file == file
    verdict = rule_verdict(facts)
    assert verdict.category is Category.BUILD and verdict.decided


def test_notes_and_warnings_are_not_the_builds_errors() -> None:
    facts = _left_out("make -k -j2", "make_k_j2_one_error.txt")
    assert [m.message.split(":")[0] for m in facts.errors] == ["error"]
    # gcc's 840 lines of warnings alone (exit 0, framed as failing): no record, no decision
    facts = _left_out("gcc -Wall -Wextra -c legacy.c -o /dev/null", "gcc12_wall_840_warnings.txt")
    assert facts.errors == [] and not rule_verdict(facts).decided


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        # a makefile's own `$(error ...)`: make's `***` lines are the compiler parser's to tell apart
        ("make -f Makefile.error", "make43_error_function.txt"),
        # clang-tidy run by the build (CMake's CXX_CLANG_TIDY): its findings end with the check's name
        ("cmake .. && make", "cmake325_make_clang_tidy.txt"),
        # a test framework's failures in the compiler's shape, a Makefile's default target running the tests
        ("make", "boost_test.txt"),
        ("make", "cpputest_verbose.txt"),
        # ESLint's stylish rows through webpack's eslint-loader: a linter's report, not the bundler's error
        ("webpack", "webpack4_eslint_loader2.txt"),
    ],
)
def test_what_is_not_the_builds_failure_is_no_build_record(command: str, sample: str) -> None:
    facts = _left_out(command, sample)
    assert not [e for e in facts.errors if e.category is Category.BUILD]
    verdict = rule_verdict(facts)
    assert not (verdict.decided and verdict.category is Category.BUILD)


def test_a_parser_reading_the_build_keeps_it() -> None:
    # gcc's errors read by the compiler parser: the generic reader, which would name the tool `make`, stays out
    facts = extract_facts(framing.travis("make -k -j2", (DATA / "make_k_j2_one_error.txt").read_text()))
    assert facts.errors and "make" not in facts.tools


@pytest.mark.parametrize(
    ("command", "sample", "places"),
    [
        # gcc 12's caret under its `    5 |` source quote; its note and warning are no records
        ("./ci/build.sh", "gcc12_script_undeclared.txt", [("src/cart.c", 5)]),
        # javac's bare caret under the source line, then its `symbol:` and `location:` lines
        (
            "./build.sh",
            "javac17_script_cannot_find_symbol.txt",
            [("src/shop/Cart.java", 7)],  # its second `cannot find symbol` (line 11) grouped under the first
        ),
        # clang's caret beside a range (`^       ~~~~~~~~~`, `~ ^`); the notes under libstdc++'s headers are none
        ("sh scripts/compile.sh", "clang14_script_no_member.txt", [("src/cart.cpp", 10), ("src/cart.cpp", 11)]),
        # GHC's message on indented lines between its place and its frame's caret (`  |         ^^^^^^`); -Werror's
        # `error: [-Wunused-imports, -Werror=unused-imports]`; behind stack's `cart-core> ` prefix
        ("./ci/build.sh", "sample_ghc_werror.txt", [("src/Lib.hs", 3)]),
        ("./ci/build.sh", "stack27_two_packages_ghc_error.txt", [("cart-core/src/Cart.hs", 3)]),
    ],
)
def test_a_compilers_errors_under_a_script_no_rule_knows_decide_build(
    command: str, sample: str, places: list[tuple[str, int]]
) -> None:
    for log in (framing.travis, framing.github_actions):
        framed = log(command, (DATA / sample).read_text())
        facts = extract_facts(framed, leave_out=modules_reading(framed))
        assert [(e.file, e.line) for e in facts.errors] == places
        assert {(e.tool, e.category) for e in facts.errors} == {("compiler", Category.BUILD)}
        verdict = rule_verdict(facts)
        assert verdict.category is Category.BUILD and verdict.decided


@pytest.mark.parametrize(
    "command",
    [
        # named for building and testing: the build may be what failed, so no test task (tasks.named_test_task)
        "./build_and_test.sh",
        "bash ci/build-and-test.sh",
        "make check-build",
        "make all test",
        # a test task whose recipe compiles first (`test: all`): its runner's reader finds no failing test
        "make test",
        "npm run build",
    ],
)
def test_a_compilers_errors_under_a_task_named_for_building_and_testing_decide_build(command: str) -> None:
    for sample, tool in (("gcc12_script_undeclared.txt", "compiler"), ("make43_script_no_caret.txt", "make")):
        framed = framing.travis(command, (DATA / sample).read_text())
        facts = extract_facts(framed, leave_out=modules_reading(framed))
        assert facts.errors and {(e.tool, e.category) for e in facts.errors} == {(tool, Category.BUILD)}
        verdict = rule_verdict(facts)
        assert verdict.category is Category.BUILD and verdict.decided


@pytest.mark.parametrize(
    "sample",
    [
        "gcc12_wall_840_warnings.txt",  # warnings with their carets: no error
        "boost_test.txt",  # Boost.Test's `path(9): error: in "suite/case": ...`, no caret under it
        "cpputest_verbose.txt",  # CppUTest's `path:9: error: Failure in TEST(...)` over a caret under a string
        "clang_tidy.txt",  # clang-tidy's `error: ... [google-explicit-constructor,-warnings-as-errors]` and caret
        "gfortran12_warning.txt",  # gfortran's place alone over its frame and `Warning:`, no error
    ],
)
def test_no_compilers_error_under_a_script_is_no_build_record(sample: str) -> None:
    framed = framing.travis("./ci/check.sh", (DATA / sample).read_text())
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in facts.errors if e.tool == "compiler"]


@pytest.mark.parametrize("sample", ["gcc12_script_undeclared.txt", "sample_ghc_cabal.txt"])
def test_a_compilers_error_without_a_caret_is_no_scripts_record(sample: str) -> None:
    # the same error with its source and caret lines taken out (gcc's `   5 |`, GHC's frame): a place and `error` over
    # indented lines alone may be anything's
    lines = (DATA / sample).read_text().splitlines()
    framed = framing.travis("./ci/build.sh", "\n".join(line for line in lines if "|" not in line))
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in facts.errors if e.tool == "compiler"]


def test_ghcs_column_span_is_a_place() -> None:
    # GHC's `src/Lib.hs:8:11-17: error: [GHC-88464]`: the place's line and first column, under a script and a build
    lines = (DATA / "sample_ghc_cabal.txt").read_text().splitlines()
    view = View.of(lines)
    for found in (compiled(view, (1, len(lines))), located(view, (1, len(lines)), "cabal build", Category.BUILD)):
        assert [(e.file, e.line, e.column) for e in found.errors] == [("src/Lib.hs", 5, 9), ("src/Lib.hs", 8, 11)]


def test_a_caret_past_a_line_of_no_message_is_none() -> None:
    # GHC's error whose frame stands below an unindented line past its first lines (here cabal's own `Error:` line
    # of the same output, moved up): the caret is no longer its own
    lines = (DATA / "sample_ghc_cabal.txt").read_text().splitlines()
    cabal = next(line for line in lines if line.startswith("Error: [Cabal-"))
    at = next(i for i, line in enumerate(lines) if line.startswith("src/Lib.hs:5:9:"))
    lines.insert(at + 4, cabal)
    lines = [line for line in lines if not line.startswith("src/Lib.hs:8:")]
    framed = framing.travis("./ci/build.sh", "\n".join(lines))
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in facts.errors if e.tool == "compiler"]


_CART = "src/main/java/shop/Cart.java"
_F90 = "src/cart.f90"


@pytest.mark.parametrize(
    ("command", "sample", "tool", "places"),
    [
        # make 4.3's built-in rule (`[<builtin>: src/cart.o]`), gcc without its source and caret lines
        ("./ci/build.sh", "make43_script_no_caret.txt", "make", [("src/cart.c", 6), ("src/cart.c", 7)]),
        # ninja's `FAILED: CMakeFiles/cart.dir/src/cart.c.o`, gcc's absolute paths made the repository's
        ("./build.sh", "ninja111_script_no_caret.txt", "ninja", [("src/cart.c", 6), ("src/cart.c", 7)]),
        # a target that is no build word (`make ci`) whose static library's recipe ran cargo: rustc's places under
        # its messages; the `note:` over its own place is none. Cargo's `could not compile` stands above make's
        # `***` line: the tool that compiled names the records
        ("make ci", "make43_cargo_staticlib.txt", "cargo", [("src/lib.rs", 12), ("src/lib.rs", 8), ("src/lib.rs", 10)]),
        # Maven's `[ERROR] COMPILATION ERROR :` under `mvn test`: its `[ERROR] path:[line,col] message` rows (printed
        # again under `Failed to execute goal`: one record each); its `[WARNING] path:[7,25]` row is none
        ("mvn -B -o test", "maven387_test_compilation_error.txt", "mvn", [(_CART, 8), (_CART, 12)]),
        ("mvn -B -o test", "maven387_test_warning_and_error.txt", "mvn", [(_CART, 9)]),
        # Elixir's `== Compilation error in file lib/cart.ex ==` under `mix test` as under `mix compile`: its
        # `** (CompileError) path:line: message` (the warning's indented place above it is none)
        ("mix test", "mix114_test_undefined_function.txt", "elixir", [("lib/cart.ex", 4)]),
        ("mix compile", "mix114_compile_syntax.txt", "elixir", [("lib/cart.ex", 4)]),
        ("mix compile", "elixir_compile.txt", "elixir", [("lib/broken.ex", 2)]),
        # a doctest that does not compile, at the doctest's place (`** (CompileError) (for doctest at) path:line:`)
        ("mix test", "mix114_test_doctest_undefined.txt", "elixir", [("lib/cart.ex", 5)]),
        # gfortran's place alone over its frame and `Error:`: under a script, under make's `all` (no output)
        ("./ci/build.sh", "gfortran12_script_two_errors.txt", "compiler", [(_F90, 18), (_F90, 13)]),
        ("./ci/build.sh", "gfortran12_make.txt", "compiler", [(_F90, 4), (_F90, 5)]),
        # a stylesheet compiler's `Error:` over its place: Ruby Sass's and libsass's `on line N[:C] of path`,
        # dart-sass's `path L:C  root stylesheet` under its frame
        ("./test/compile.sh", "rubysass374_script_undefined.txt", "compiler", [("cart.sass", 6)]),
        ("sassc cart.scss", "libsass365_sassc_undefined.txt", "compiler", [("cart.scss", 2)]),
        ("npm run build:css", "dartsass1108_npm_run_undefined.txt", "sass", [("src/styles/cart.scss", 4)]),
        # Cargo's `error: could not compile `shop` (bin "shop") due to 2 previous errors` (`(test "api")`, `(lib test)`)
        # under a script or `cargo test`: rustc's errors at their ` --> ` places (its `help:` and notes none), and
        # `--message-format=short`'s `path:line:col: error[E0277]: ...` rows
        ("./ci/script.sh", "cargo195_bin_two_errors.txt", "cargo", [("src/main.rs", 7), ("src/main.rs", 6)]),
        ("cargo test", "cargo195_test_integration_compile.txt", "cargo", [("tests/api.rs", 6), ("tests/api.rs", 5)]),
        ("./ci/test.sh", "cargo_test_compile_error_typed.txt", "cargo", [("src/lib.rs", 11)]),
        ("./ci/script.sh", "cargo195_short_errors.txt", "cargo", [("src/main.rs", 2), ("src/main.rs", 6)]),
        # `go test`'s `FAIL\tpkg [build failed]`: the compiler's rows under `# pkg [pkg.test]`, vet's it ran first
        ("./ci/script.sh", "go119_test_build_failed_typed.txt", "go", [("cart/cart_test.go", 6)]),
        ("go test ./...", "go119_test_vet_build_failed.txt", "go", [("cart/cart.go", 6), ("cart/cart_test.go", 7)]),
    ],
)
def test_a_compiled_outputs_failure_reads_the_steps_build_records(
    command: str, sample: str, tool: str, places: list[tuple[str, int]]
) -> None:
    for log in (framing.travis, framing.github_actions):
        framed = log(command, (DATA / sample).read_text())
        facts = extract_facts(framed, leave_out=modules_reading(framed))
        assert [(e.file, e.line) for e in facts.errors] == places
        assert {(e.tool, e.category) for e in facts.errors} == {(tool, Category.BUILD)}
        verdict = rule_verdict(facts)
        assert verdict.category is Category.BUILD and verdict.decided


@pytest.mark.parametrize(
    "sample",
    [
        # make's failing target is no compiler's output (`[Makefile:4: lint]`, `[Makefile:2: all]`): what its
        # recipe ran may be anything (a linter's rows are located.checked's, make's own `***` lines none)
        "make43_flake8_default_target.txt",
        "make43_submake_missing_separator.txt",
    ],
)
def test_a_failing_target_that_is_no_output_reads_nothing_as_the_builds(sample: str) -> None:
    framed = framing.travis("./ci/build.sh", (DATA / sample).read_text())
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in facts.errors if e.tool in ("make", "ninja", "compiler")]


@pytest.mark.parametrize(
    ("command", "sample", "said"),
    [
        # a link failure: rustc's `error: linking with `cc` failed` has no place; Cargo's line says which crate
        ("./ci/script.sh", "cargo195_link_undefined.txt", 'could not compile `linkfail` (bin "linkfail") due to 1'),
        # a build script that runs configure, which finds no working C compiler: configure's words have no place
        ("cargo test", "cargo_build_script.txt", "failed to run custom build command for `bs v0.1.0"),
    ],
)
def test_cargos_words_are_the_builds_record_where_rustc_places_none(command: str, sample: str, said: str) -> None:
    framed = framing.travis(command, (DATA / sample).read_text())
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert [(e.tool, e.category, e.file) for e in facts.errors] == [("cargo", Category.BUILD, None)]
    assert facts.errors[0].message.startswith(said)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.BUILD and verdict.decided


@pytest.mark.parametrize(
    "sample",
    # Clippy's lints denied (`-D warnings`) end in Cargo's same `could not compile`: the linter's, no build's
    ["cargo_clippy_lints.txt", "cargo_clippy_rustc_and_clippy_lints.txt"],
)
def test_cargos_failure_over_clippys_lints_is_no_builds(sample: str) -> None:
    framed = framing.travis("./ci/script.sh", (DATA / sample).read_text())
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in facts.errors if e.category is Category.BUILD]
    assert not rule_verdict(facts).decided


_CLIPPY_JSON = "clippy195_json.txt"  # `cargo clippy --message-format=json -- -D warnings`: rustc's lint and Clippy's


def _without_command(ci: str, output: str) -> bytes:
    """The output in a CI step whose log never shows the step's command (a Cloud Build step, a TeamCity script)."""
    if ci == "cloudbuild":
        return ciframing.cloudbuild_job([("lint", "rust:1.95", ("cargo clippy", output, 101))])
    return ciframing.teamcity_job([("lint", ("cargo clippy", output, 101))])


@pytest.mark.parametrize("ci", ["cloudbuild", "teamcity"])
def test_a_clippy_step_whose_command_is_not_shown_reads_as_with_its_command(ci: str) -> None:
    # Clippy names itself in its findings (its `clippy::` lint, its lint list's link): rustc's lint it denied beside
    # its own is the linter's finding there too, and with the rust parser left out Cargo's `could not compile` is no
    # build's failure (before: cargo's record read build, and the proxy decided build)
    output = (DATA / _CLIPPY_JSON).read_text()
    shown = extract_facts(framing.travis("cargo clippy --message-format=json -- -D warnings", output))
    framed = _without_command(ci, output)
    facts = extract_facts(framed)
    assert [(e.tool, e.category) for e in facts.errors] == [(e.tool, e.category) for e in shown.errors]
    assert [e.category for e in facts.errors] == [Category.LINT, Category.LINT]
    left = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in left.errors if e.category is Category.BUILD]
    assert not (rule_verdict(left).decided and rule_verdict(left).category is Category.BUILD)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("  = note: `-D clippy::needless-range-loop` implied by `-D warnings`", True),
        (
            "   = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#ptr_arg",
            True,
        ),
        (
            '{"rendered":"error: x\\n  |\\n  = help: for further information visit https://rust-lang.github.io/rust-clippy/"}',
            True,
        ),
        # rustc's own lint, and Clippy's name outside its notes: no Clippy run said
        ("  = note: `-D unused-variables` implied by `-D warnings`", False),
        ("+ cargo clippy -- -D warnings", False),
        ('{"rendered":"  = note: `-D unused-variables`\\n see the clippy::x docs"}', False),
    ],
)
def test_clippy_says_its_own_notes_only(line: str, says: bool) -> None:
    assert clippy_says(line) is says


@pytest.mark.parametrize(
    "sample",
    [
        # `go test ./...`: one package did not build, another's test ran and failed (`--- FAIL: TestTotal`)
        "go119_test_build_failed_and_test_failed.txt",
        # `go vet` alone: its rows under `# pkg`, no `[build failed]`
        "go119_vet.txt",
    ],
)
def test_gos_build_failed_beside_a_failing_test_or_vet_alone_is_no_builds(sample: str) -> None:
    framed = framing.travis("./ci/script.sh", (DATA / sample).read_text())
    facts = extract_facts(framed, leave_out=modules_reading(framed))
    assert not [e for e in facts.errors if e.category is Category.BUILD]
    verdict = rule_verdict(facts)  # the failing test, named by go test's own report (facts.runnerreports), may decide
    assert not (verdict.decided and verdict.category is Category.BUILD)


def test_a_builds_failing_output_is_linear() -> None:
    # hostile lines: make's `*** [` then long runs of a target's characters and of `:`, ninja's FAILED without an end
    lines = [
        "make: *** [" + "a" * 20_000 + ".c",
        "make[1]: *** [" + "a:" * 10_000 + "] Error 1",
        "make: *** [" + "." * 20_000,
        "FAILED: " + "a." * 10_000 + "oo",
        "[ERROR] COMPILATION ERROR" + " " * 20_000,
        "[ERROR] " + "a." * 10_000 + ":[1,",
        "== Compilation error in file" + " " * 20_000,
        "** (CompileError) " + "a." * 10_000 + ":1",
        "a." * 10_000 + ":1:1",  # gfortran's place alone, without its last colon
        "Error: x",
        " " * 12 + "on line 1 of " + "a." * 10_000 + "sas",
        "  " + "a." * 10_000 + "scss 1:" + "1" * 20_000,
        "error: could not compile `" + "a" * 20_000,
        "error: failed to run custom build command for `" + "a " * 10_000,
        "  = note: " + "clippy:" * 5_000,
        "\\n = note: clippy" * 5_000,
        "FAIL\t" + "a" * 20_000 + " [build failed",
        "FAIL" + "\t " * 10_000,
        "a.hs:1:1-" + "1" * 20_000,
    ]
    view = View.of(lines)
    start = time.process_time()
    assert not compiled(view, (1, len(lines))).errors
    assert time.process_time() - start < 0.5


# A compiler's coded error in the parenthesised shape (tsc's rows without its pretty output, MSBuild's canonical
# form: mcs's) quotes no source and has no caret under it: its code says it is a compiler's, under any command. Under
# `npm test` running `tsc && node --test` (before, parsers left out: no record, the rules abstained, test 0.50) tsc's
# are the type checker's, under a build command too; mcs's under a script no rule knows the build's.
CODED_IN_PARENTHESES = [
    ("npm11_test_tsc_type_error.txt", "npm test", [("tsc", "src/cart.ts", 6, 9, "TS2322", Category.TYPE)]),
    (
        "mcs.txt",
        "./ci/test.sh",
        [
            ("compiler", "src/Program.cs", 10, 23, "CS0029", Category.BUILD),
            ("compiler", "src/Program.cs", 12, 26, "CS0103", Category.BUILD),
        ],
    ),
    ("mcs_syntax.txt", "./ci/test.sh", [("compiler", "src/Program.cs", 19, 9, "CS1002", Category.BUILD)]),
    # behind webpack 4's `ERROR in ` (Angular CLI 7), under a command that builds (before: no record, no signal)
    (
        "angular7_build_tsc.txt",
        "NODE_OPTIONS=--openssl-legacy-provider ng build",
        [("tsc", "src/app/app.component.ts", 10, 3, "TS2322", Category.TYPE)],
    ),
]


@pytest.mark.parametrize(("sample", "command", "records"), CODED_IN_PARENTHESES)
def test_a_coded_error_in_parentheses_is_a_compilers_whatever_ran_it(
    sample: str, command: str, records: list[tuple[str, str, int, int, str, Category]]
) -> None:
    facts = _left_out(command, sample)
    assert [(e.tool, e.file, e.line, e.column, e.code, e.category) for e in facts.errors] == records
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (records[0][5], True), verdict.reason


def test_a_linters_row_in_parentheses_names_a_rule_and_is_no_compilers() -> None:
    # ESLint's visualstudio format (`app.js(1,5): error no-unused-vars : ...`): the same shape, a rule's name for a code
    lines = (DATA / "eslint8_visualstudio.txt").read_text().splitlines()
    assert not compiled(View.of(lines), (1, len(lines))).errors
