"""A checker's findings no parser reads, placed in files (facts/located.py): read as records of the kind
of checker the failing command runs, only there and only where no parser read the step (real tool output,
tests/facts/data/README.md)."""

from __future__ import annotations

import time

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkers import checker_of
from remediate.facts.commands import command_rule
from remediate.facts.extract import modules_reading
from remediate.facts.located import CHECKED_TOOL, checked, located
from remediate.facts.view import View
from remediate.models import Category, Facts, Severity
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _travis(command: str, sample: str, *, own_left_out: bool = False) -> Facts:
    """The sample as the failing step of a Travis job; with `own_left_out`, read as a tool no parser knows
    (its own parser modules left out, as bench/triage.py --proxy does)."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log) if own_left_out else frozenset())


def _assert_lint_records_decided(facts: Facts, records: int) -> None:
    """Only the located checker's lint records, `records` of them, and the rules decide lint on them."""
    assert {(e.tool, e.category) for e in facts.errors} == {(CHECKED_TOOL, Category.LINT)}
    assert len(facts.errors) == records
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("verbose", [1, 2, 3, 7])
def test_perlcritic_shapes_no_parser_reads_are_lint_findings(verbose: int) -> None:
    facts = _travis(f"perlcritic --verbose {verbose} cart.pl", f"perlcritic_v{verbose}.txt")
    rows = [(e.tool, e.category, e.file, e.line) for e in facts.errors]
    assert rows == [
        ("perlcritic", Category.LINT, "cart.pl", 12),
        ("perlcritic", Category.LINT, "cart.pl", 13),
        ("perlcritic", Category.LINT, "cart.pl", 13),
    ]
    assert facts.errors[1].message.startswith("Bareword file handle opened")
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided


def test_only_the_failing_steps_output_is_read() -> None:
    # the same output with no CI around it: no step says which command printed it
    assert extract_facts(DATA / "perlcritic_v1.txt").errors == []


@pytest.mark.parametrize(
    ("command", "sample", "category"),
    [
        ("mypy --strict --no-incremental pkg", "mypy.txt", Category.TYPE),
        ("flake8 pkg tests", "flake8.txt", Category.LINT),
        ("perlcritic bad.pl", "perlcritic.txt", Category.LINT),
        ("npx jshint --verbose src/bad.js", "jshint_verbose.txt", Category.LINT),  # `path: line N, col M, msg`
        ("lesshint less/", "lesshint465_errors.txt", Category.LINT),  # `Error: path: line N, col M, msg`
        ("cppcheck --template=cppcheck1 --error-exitcode=1 src", "cppcheck_template1.txt", Category.LINT),
        ("npx markdownlint README.md", "markdownlint.txt", Category.LINT),  # `README.md:4 error MD022/...`
        ("stylelint app.css", "stylelint13_top_level.txt", Category.LINT),  # a path, then its rows
        # a severity before the place: Checkstyle's `[ERROR] path:4:5: msg`, restructuredtext-lint's `ERROR README.rst:7`
        ("checkstyle -c config/checkstyle/checkstyle.xml src", "checkstyle_plain.txt", Category.LINT),
        ("rst-lint README.rst", "rst_lint132.txt", Category.LINT),
        ("alex CONTRIBUTING.md", "alex9.txt", Category.LINT),  # vfile-reporter's ranges, `  1:5-1:13  warning`
        ("go vet ./...", "go_vet_findings.txt", Category.LINT),  # `./calc.go:15:2: self-assignment of name to name`
        # jshint-stylish's `  line 3  col 15  Missing semicolon.` under its file; ShellCheck's `In path line N:` blocks
        ("npx gulp --gulpfile gulpfile2.js jshint", "gulp3_jshint_stylish.txt", Category.LINT),
        ("shellcheck deploy.sh", "shellcheck.txt", Category.LINT),
        ("./ci/lint.sh", "shellcheck090_ci_lint_script.txt", Category.LINT),
        # a place under its message: miette's `   ,-[src/cart.js:3:10]` (oxlint), annotate-snippets' `  ╭▸ ...` (typos)
        ("npm run lint", "npm11_run_lint_oxlint195.txt", Category.LINT),
        ("make lint", "make43_typos152_lint.txt", Category.LINT),
        # tsc's parser error (TS1005): the code's meaning decides over the type checker's command
        ("tsc -p . --pretty false", "tsc_syntax.txt", Category.BUILD),
    ],
)
def test_a_checker_no_parser_reads_decides_its_kind(command: str, sample: str, category: Category) -> None:
    facts = _travis(command, sample, own_left_out=True)
    assert facts.errors and {e.category for e in facts.errors} == {category}
    verdict = rule_verdict(facts)
    assert verdict.category is category and verdict.decided


@pytest.mark.parametrize(
    ("command", "sample", "file"),
    [
        ("black --check pkg", "black19_check.txt", "/tmp/tools/py/pkg/c.py"),
        ("gofmt -d -l .", "gofmt_d_tests.txt", "shop_test.go"),
        ("prettier -l src", "prettier_l_bare.txt", "src/cart.js"),
        ("terraform fmt -check -recursive", "terraform_fmt_check.txt", "main.tf"),
        ("mix format --check-formatted", "mix_format_check.txt", "test/exapp_test.exs"),
        ("cargo fmt --check -- --color never", "cargo_fmt_check_tests.txt", "/tmp/gen/fmt/shop/src/lib.rs"),
        ("isort --check-only --diff shop tests", "isort_check_diff.txt", "shop/cart.py"),
        ("yapf --diff -r shopcart", "yapf028_diff.txt", "shopcart/cart.py"),  # `+++ shopcart/cart.py\t(reformatted)`
    ],
)
def test_a_formatter_no_parser_reads_names_the_files_it_would_change(command: str, sample: str, file: str) -> None:
    facts = _travis(command, sample, own_left_out=True)
    assert facts.errors and {e.category for e in facts.errors} == {Category.FORMAT}
    assert facts.errors[0].file == file
    verdict = rule_verdict(facts)
    assert verdict.category is Category.FORMAT and verdict.decided


def test_a_linters_diff_is_its_suggested_fixes_not_a_formatters() -> None:
    # `shellcheck -f diff`: the fixes of its SC2086 findings (quoting `$f`, `$target`) as a git-style diff; the same
    # lines under a formatter's command would be a file it would change
    facts = _travis("shellcheck -f diff ci/deploy.sh", "shellcheck090_diff.txt")
    assert [(e.file, e.category) for e in facts.errors] == [("ci/deploy.sh", Category.LINT)]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    formatted = _travis("shfmt -d ci/deploy.sh", "shellcheck090_diff.txt")
    assert formatted.errors and {e.category for e in formatted.errors} == {Category.FORMAT}


def test_gofmt_lists_a_file_and_cannot_parse_another() -> None:
    facts = _travis("gofmt -l .", "gofmt_l_syntax_error.txt", own_left_out=True)
    assert [(e.file, e.category) for e in facts.errors] == [("add.go", Category.FORMAT), ("cart.go", Category.FORMAT)]


@pytest.mark.parametrize("sample", ["black_check_cannot_parse.txt", "black_check_cannot_parse_only.txt"])
def test_a_formatter_that_could_not_read_a_file_names_no_finding(sample: str) -> None:
    # Black's `error: cannot parse: .../broken.py:2:17`: the step failed on more than formatting
    facts = _travis("black --check pkg", sample, own_left_out=True)
    assert facts.errors == []
    assert not rule_verdict(facts).decided


@pytest.mark.parametrize(
    "command",
    [
        "yapf --diff -r pkg",
        "autopep8 --diff --exit-code -r pkg",
        "rustfmt --check src/lib.rs",
        "stylua --check .",
        "ormolu --mode check src/Cart.hs",
        "scalafmt --test",
        "swiftformat --lint .",
        "google-java-format --dry-run --set-exit-if-changed src/Cart.java",
    ],
)
def test_formatters_commands_are_format_checks(command: str) -> None:
    rule = command_rule(command)
    assert rule is not None and rule[1] is Category.FORMAT


def test_a_type_error_go_vet_reports_is_no_lint_finding() -> None:
    # `vet: calc/calc.go:4:28: cannot use "x" ...`: go vet could not type-check the package (the full rules: build);
    # no record is read, and vet's own `vet:` prefix (triage/patterns.NOT_COMPILED) decides build, never lint
    facts = _travis("go vet ./...", "go_vet.txt", own_left_out=True)
    assert facts.errors == []
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_the_compilers_error_an_analyser_relays_is_the_builds() -> None:
    """clang-tidy on code that does not compile relays clang's error (`error: use of undeclared identifier 'y'
    [clang-diagnostic-error]`): the build's record beside the modernize check's warning, so the rules no longer
    decide lint (before: lint 0.91; the full rules, the compiler parser reading it, decide build). The warning keeps
    its level and, beside the error, votes for nothing (facts/severity.py): errors come first in the records."""
    facts = _travis("clang-tidy -checks='-*,modernize-*'", "clang_tidy_compile_error.txt", own_left_out=True)
    assert [
        (e.category, e.message.endswith("[clang-diagnostic-error]"), e.severity, e.votes) for e in facts.errors
    ] == [
        (Category.BUILD, True, Severity.ERROR, True),
        (Category.LINT, False, Severity.WARNING, False),
    ]
    verdict = rule_verdict(facts)
    assert not (verdict.decided and verdict.category is Category.LINT), verdict.reason


def test_a_range_rows_place_is_its_start() -> None:
    facts = _travis("alex CONTRIBUTING.md", "alex9.txt", own_left_out=True)
    assert [(e.file, e.line, e.column) for e in facts.errors[:2]] == [
        ("CONTRIBUTING.md", 1, 5),
        ("CONTRIBUTING.md", 1, 19),
    ]
    assert facts.errors[0].message.startswith("warning  `chairman` may be insensitive")


def test_a_severity_before_the_place_is_not_the_file() -> None:
    facts = _travis("rst-lint README.rst", "rst_lint132.txt", own_left_out=True)
    assert [(e.file, e.line) for e in facts.errors] == [("README.rst", 7), ("README.rst", 9)]
    assert facts.errors[0].message == 'Unknown directive type "unknown-directive".'


@pytest.mark.parametrize(
    ("command", "sample", "kind", "rows"),
    [
        # pug-lint's `views/index.pug:4:9` over a code frame, its message below
        (
            "pug-lint views",
            "puglint270.txt",
            Category.LINT,
            [
                ("views/index.pug", 4, 'Static attribute "class" must be written as class literal'),
                ("views/index.pug", 5, 'Duplicate attribute "href" is not allowed'),
            ],
        ),
        # Flow 0.100's `Error ---- src/cart.js:5:19` (its indented references are a frame's, not findings)
        (
            "flow check",
            "flow0100_check.txt",
            Category.TYPE,
            [
                (
                    "src/cart.js",
                    5,
                    "Cannot assign `total(...)` to `t` because number [1] is incompatible with string [2].",
                )
            ],
        ),
        # Flow 0.57's `Error: src/cart.js:5`, its message after the caret
        (
            "flow check",
            "flow057_check.txt",
            Category.TYPE,
            [("src/cart.js", 5, "number. This type is incompatible with")],
        ),
    ],
)
def test_a_place_alone_over_its_message(
    command: str, sample: str, kind: Category, rows: list[tuple[str, int, str]]
) -> None:
    facts = _travis(command, sample, own_left_out=True)
    assert [(e.file, e.line, e.message) for e in facts.errors] == rows
    assert {e.category for e in facts.errors} == {kind}
    verdict = rule_verdict(facts)
    assert verdict.category is kind and verdict.decided


def test_a_stylish_reporters_rows_are_placed_in_the_file_above_them() -> None:
    facts = _travis("stylelint app.css", "stylelint13_top_level.txt", own_left_out=True)
    assert [(e.file, e.line, e.column) for e in facts.errors] == [
        ("app.css", 2, 10),
        ("app.css", 2, 15),
        ("app.css", 3, 3),
    ]
    assert facts.errors[2].message.startswith("✖  Unexpected unknown property")


def test_a_place_under_its_message_is_the_messages() -> None:
    # Clippy's `error: unneeded \`return\` statement` over ` --> src/lib.rs:1:34` (its rust parser left out)
    facts = _travis("cargo clippy --offline --color never -- -D warnings", "cargo_clippy_lints.txt", own_left_out=True)
    assert [(e.file, e.line, e.column) for e in facts.errors] == [("src/lib.rs", 1, 34), ("src/lib.rs", 2, 20)]
    assert facts.errors[0].message == "error: unneeded `return` statement"
    assert facts.errors[0].category is Category.LINT
    assert rule_verdict(facts).decided


@pytest.mark.parametrize(
    ("command", "sample", "rows"),
    [
        (
            "npm run lint",
            "npm11_run_lint_oxlint195.txt",
            [
                ("src/cart.js", 3, 10, "eslint(no-undef): 'itemName' is not defined."),
                ("src/cart.js", 2, 9, "eslint(no-unused-vars): Variable 'unused' is declared but never used. Unused"),
            ],
        ),
        ("make lint", "make43_typos152_lint.txt", [("docs/install.md", 3, 23, "error: `folow` should be `follow`")]),
    ],
)
def test_a_place_in_a_frames_corner_under_its_message_is_the_messages(
    command: str, sample: str, rows: list[tuple[str, int, int, str]]
) -> None:
    """miette's corner (oxlint 1.95, miette's severity mark `x` before the message aside) and annotate-snippets'
    newer one (typos 1.52) over their code frames: before, under `npm run lint` with oxlint's parser left out,
    lint 0.36 keyword-only, and typos' findings under `make lint` unread (make's own line decided); now each
    finding is a record at its place."""
    facts = _travis(command, sample, own_left_out=True)
    found = [(e.file, e.line, e.column, e.message) for e in facts.errors]
    assert len(found) >= len(rows)
    for (file, line, column, message), want in zip(found, rows, strict=False):
        assert (file, line, column) == want[:3] and message.startswith(want[3])
    assert rule_verdict(facts).decided


def test_shellchecks_blocks_underline_their_lines_findings() -> None:
    """ShellCheck 0.9's tty format run by a project's lint script (a real run): each `In path line N:` over the
    line's source and an underline per finding; `Did you mean:` below a blank line is none. Its parser left out,
    before: lint 0.36 keyword-only (the script's name alone); now lint decided."""
    facts = _travis("./ci/lint.sh", "shellcheck090_ci_lint_script.txt", own_left_out=True)
    assert [(e.file, e.line, e.column, e.code) for e in facts.errors] == [
        ("scripts/backup.sh", 2, 20, "SC2086"),
        ("scripts/deploy.sh", 2, 10, "SC2045"),
        ("scripts/deploy.sh", 2, 15, "SC2035"),
        ("scripts/deploy.sh", 3, 6, "SC2086"),
        ("scripts/deploy.sh", 5, 1, "SC2164"),
    ]
    assert rule_verdict(facts).decided


def test_a_linter_refusing_its_config_is_no_finding() -> None:
    # ESLint 4 on a `.eslintrc.yml` that does not parse: js-yaml's `Error: ... at line 3, column 4:` is no lint
    # finding; the refusal is the configuration's (runner-config), decided config as its parser's reading is (the
    # linter's command no longer weighs against it: triage.discounts.refused_to_start; it was undecided)
    facts = _travis("eslint src", "eslint4_config_yaml.txt", own_left_out=True)
    assert facts.errors == []
    verdict = rule_verdict(facts)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


def test_a_test_runners_places_are_not_findings() -> None:
    # pytest's `tests/test_calc.py:7: AssertionError` under pytest: its failing tests are its parser's to read
    facts = _travis("pytest -p no:cacheprovider tests/test_calc.py", "pytest_failures.txt", own_left_out=True)
    assert facts.errors == []


def test_a_parser_reading_the_step_keeps_it() -> None:
    # clippy's records read by the rust parser; the generic reader would have named the tool `cargo clippy`
    facts = _travis("cargo clippy --offline --color always", "cargo_clippy_lints.txt")
    assert facts.tools == ["clippy"]


@pytest.mark.parametrize(
    ("command", "sample", "lines"),
    [
        ("tox -e lint", "wrapper_tox2_lint.txt", 1),  # tox 2's `ERROR: InvocationError: '.../flake8 src'`
        ("tox", "tox3_envlist_flake8_fails.txt", 3),  # tox 3's, the py38 session before it passed
        ("nox -s lint", "wrapper_nox_lint.txt", 1),  # `nox > Command flake8 src failed with exit code 1`
    ],
)
def test_a_wrappers_report_of_a_checker_is_read_over_its_session_name(command: str, sample: str, lines: int) -> None:
    # the command rules take tox and nox for test runners; the session they report failing ran flake8
    facts = _travis(command, sample, own_left_out=True)
    assert [e.category for e in facts.errors] == [Category.LINT] * lines
    assert all(e.tool == "flake8" for e in facts.errors)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided


def test_a_wrappers_session_running_tests_is_no_checker() -> None:
    # nox's session ran pytest: its failing tests are not a checker's findings, whatever places they print
    facts = _travis("nox -s tests", "nox_pytest.txt", own_left_out=True)
    assert not any(e.category is Category.LINT for e in facts.errors)


def test_the_checker_is_the_failing_lines_else_what_its_wrapper_ran() -> None:
    assert checker_of("perlcritic --verbose 1 cart.pl", None) == ("perlcritic", Category.LINT)
    assert checker_of("npm run lint", "eslint src") == ("eslint", Category.LINT)
    # a line of wrappers alone (tox, nox, `npm test` read as test runners): what the wrapper reported running
    assert checker_of("tox -e lint", "/w/.tox/lint/bin/flake8 src") == ("flake8", Category.LINT)
    assert checker_of("npm test", "eslint src") == ("eslint", Category.LINT)
    assert checker_of("tox -e py", "pytest tests") is None
    assert checker_of("mypy pkg", None) == ("mypy", Category.TYPE)
    assert checker_of("pytest tests", "flake8 src") is None  # the failing line runs tests
    assert checker_of("make check", None) is None
    assert checker_of("cd src && flake8 . && pylint pkg", None) == ("flake8/pylint", Category.LINT)
    # a part of another kind, or one no rule knows, may be what failed
    assert checker_of("flake8 . && pytest", None) is None
    assert checker_of("mypy src\npython setup.py build", None) is None
    rule = command_rule("cargo clippy -- -D warnings")
    assert rule is not None and rule[1] is Category.LINT


def test_shapes_are_linear() -> None:
    # hostile lines: long runs of path characters, of ` at `, of `: ` (each shape anchored, bounded)
    lines = [
        "a" * 20_000 + ".pl:",
        "x at " * 5_000 + "line",
        "a.pl: " * 4_000,
        "a." * 10_000 + ":1",
        " " * 8 + "a/" * 10_000 + "(1,2)",
        "[ERROR] " + "a" * 20_000 + ".java:1",
        "ERROR: " + "a." * 10_000 + "[1, 2",
        "  1:1-" * 4_000,
        "Error " + "-" * 20_000 + " a.js:1",
        "Error " + "-" * 150 + " " + "a-" * 10_000 + ".js:1",
        "-" * 20_000 + "^" * 20_000 + " x",
        " " * 8 + ">" + " " * 4 + "1" * 20_000 + "|",
        "In " + "a" * 20_000 + ".sh line 1",
        "In a.sh line 1:",
        " " * 300 + "^" + "-" * 20_000 + "^",
        "  ,-[" + "a/" * 10_000 + ".js:1:2",
        "  ╭▸ " + "a." * 10_000 + ":1",
        "a.js",
        "  line 1  col " * 4_000,
    ]
    view = View.of(lines)
    start = time.process_time()
    located(view, (1, len(lines)), "perlcritic", Category.LINT)
    assert time.process_time() - start < 0.5


# A linter's or a formatter's plugin that pytest ran over the code (real pytest-flake8, pytest-pycodestyle and
# pytest-black runs, tests/facts/data/README.md): the finding rows open with the checker's code, the formatter
# prints its diff under `--- FILE` / `+++ FILE`.
CHECKED_IN_TESTS = [
    ("pytest4_flake8.txt", Category.LINT),
    ("pytest7_pycodestyle.txt", Category.LINT),
    ("pytest8_flake8_plugin13.txt", Category.LINT),
    ("pytest4_black.txt", Category.FORMAT),
    ("pytest7_black.txt", Category.FORMAT),
]


@pytest.mark.parametrize("framed", [True, False])
@pytest.mark.parametrize(("sample", "category"), CHECKED_IN_TESTS)
def test_a_checkers_findings_in_a_test_run_no_parser_reads_are_its_records(
    sample: str, category: Category, framed: bool
) -> None:
    """As a runner no parser reads (its modules left out), only the runner's summary (`1 failed, 3 passed`)
    spoke, and decided test 0.83-0.92. The rows only a checker prints are records of its kind now, so the
    summary no longer decides alone; where the runner's report names the plugin's items, the checker's kind
    decides (triage/beneath). Framed, the command names no checker (the plugin set in pytest.ini);
    bare, no step says which command printed them. The full rules decide as before (the runner's parser reads
    the plugin's item: nothing is read in a step a parser read)."""
    output = (DATA / sample).read_text()
    log = framing.travis("python -m pytest shop tests", output) if framed else output.encode()
    full = rule_verdict(extract_facts(log))
    assert full.category is category and full.decided, full.reason
    assert CHECKED_TOOL not in extract_facts(log).tools
    facts = extract_facts(log, leave_out=modules_reading(log))
    verdict = rule_verdict(facts)
    assert verdict.category is category, verdict.reason
    if framed and facts.failing_tests:  # pytest 5.4+'s short summary names the plugin's item (failingtests)
        assert [e for e in facts.errors if e.tool == CHECKED_TOOL] == []  # read where nothing else read
        return
    assert {(e.tool, e.category) for e in facts.errors} == {(CHECKED_TOOL, category)}
    # the runner's report names the plugin's items (`FLAKE8-check`, `BLACK`): the checker's kind decides (beneath)
    assert verdict.decided, verdict.reason


def test_a_rules_name_ending_a_row_is_a_checkers_mark() -> None:
    """standard 17 run by `npm test` (`standard --verbose && node test.js`, a real run): with the parser that reads
    it left out, the command names a checker beside a script no rule knows, so located does not read the step,
    and the rows (`  /home/.../src/cart.js:1:21: Strings must use singlequote. (quotes)`) had no reader: test 0.29
    keyword-only. A rule's name in parentheses ending the row is ESLint's mark (its reporters', standard's,
    golangci-lint's), no test runner's or compiler's: lint records, decided as the full rules do."""
    log = framing.travis("npm test", (DATA / "standard17_verbose_npm_test.txt").read_text())
    full = rule_verdict(extract_facts(log))
    assert full.category is Category.LINT and full.decided, full.reason
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert {(e.tool, e.category) for e in facts.errors} == {(CHECKED_TOOL, Category.LINT)}
    assert {e.file for e in facts.errors} == {"src/cart.js"}
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_checkstyles_rows_behind_an_ant_task_beside_failing_tests_are_a_second_cause() -> None:
    """`gradle --continue check` (Gradle 4.4.1, Checkstyle 8.36.1): Checkstyle failed and two tests failed in one
    step. With the JVM parsers left out, the rows (`[ant:checkstyle] [ERROR] path:4:5: Missing a Javadoc comment.
    [MissingJavadocMethod]`) went unread (the Ant task's prefix, a check's CamelCase name), and the summary `3 tests
    completed, 2 failed` decided test 0.83 alone. They are lint records now, beside failing tests no parser read:
    two failures, and the rules abstain (triage/beneath.unread_tests)."""
    log = framing.travis(
        "gradle --offline --console=plain --continue check", (DATA / "gradle_continue_check.txt").read_text()
    )
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert {(e.tool, e.category) for e in facts.errors} == {(CHECKED_TOOL, Category.LINT)}
    assert {e.file for e in facts.errors} == {"src/main/java/calc/Calc.java", "src/test/java/calc/CalcTest.java"}
    assert not rule_verdict(facts).decided, rule_verdict(facts).reason


@pytest.mark.parametrize(
    "row",
    [
        "src/a.c:3:5: error: 'x' undeclared (first use in this function)",  # gcc: words with spaces
        "    cart_test.go:9: Total() = 3 (want 4)",
        "src/a.js:12 at Object.<anonymous> (src/a.js:12:5)",  # a frame's place
        "lib/a.rb:3: warning: calling f(x)",  # a call, no space before it
        "src/a.py:3: error: Name 'x' is not defined  [name-defined]",  # mypy's code: square brackets
        "src/CartTest.java:9: expected [Cart] but found [CartItem]",  # TestNG's values: no check's name
        # a relayed Checkstyle warning failed no task (Gradle's default maxWarnings): beside failing tests, no cause
        "[ant:checkstyle] [WARN] src/main/java/io/Flowable.java:92: Line has trailing spaces. [RegexpSinglelineJava]",
    ],
)
def test_words_in_parentheses_are_no_rules_name(row: str) -> None:
    view = View.of([row])
    assert checked(view, (1, 1)).errors == []


@pytest.mark.parametrize("framed", [True, False])
@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("pytest_failures.txt", "pytest tests"),  # `tests/test_calc.py:7: AssertionError`
        ("go_test.txt", "go test ./..."),  # `cart_test.go:9: got ...`
        ("rspec.txt", "rspec"),
        ("git239_diff_dist_stale.txt", "git diff --exit-code"),  # a build output's diff: parsers.diffcheck's own
    ],
)
def test_a_runners_own_places_and_a_build_outputs_diff_are_no_checkers(sample: str, command: str, framed: bool) -> None:
    output = (DATA / sample).read_text()
    log = framing.travis(command, output) if framed else output.encode()
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert [e for e in facts.errors if e.tool == CHECKED_TOOL] == []


def test_a_stale_build_outputs_diff_is_no_specialists() -> None:
    log = framing.travis("git diff --exit-code", (DATA / "git239_diff_dist_stale.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.UNKNOWN and verdict.decided, verdict.reason


def test_checked_is_linear() -> None:
    lines = [
        "a" * 20_000 + ".py:1: F" + "1" * 20_000,
        "--- " + "a" * 20_000,
        "+++ " + "a/" * 10_000 + ".py",
        "a.py:1: x " + "[A1" * 20_000,
        "a.py:1: x " + "[ab/" * 10_000 + "] [",
        "a.py:1: x " + " (a" * 10_000 + "-a" * 10_000 + ") (@a/",
        "F401 " + "x" * 20_000,
        " --> " + "a" * 20_000 + ".py:1:" + "1" * 20_000,
        "In " + "a" * 20_000 + ".sh line 2:",
        " " * 20_000 + "^" + "-" * 20_000 + "^ SC2045 " + "(" * 20_000,
        "a" * 20_000 + ".js",
        "  1:1" + " " * 30 + "error" + " " * 30 + "x" * 20_000,
        "  1:1-1:" + "1" * 20_000,
        "a.py:1 in " + "x" * 20_000 + ":",
        "a" * 20_000 + ".pp - ERROR: " + "x on line 1" * 2_000,
        "ERROR: " + "x" * 20_000 + " on line " + "1" * 20_000,
        "Checking a.lua" + " " * 20_000 + "1",
        "Dockerfile:1 DL3000" + " x" * 20_000,
        "a/" * 10_000 + "Dockerfile:1 D",
        "hadolint:" + "a" * 20_000,
        "== [" + "a" * 20_000 + ".sql] FAIL",
        "L: 1 | P: 1 | LT01 |" + " |" * 20_000,
    ] * 3
    view = View.of(lines)
    start = time.process_time()
    checked(view, (1, len(lines)))
    assert time.process_time() - start < 0.5


@pytest.mark.parametrize(
    ("sample", "records"),
    [
        ("make43_flake8_default_target.txt", 3),  # `shop/cart.py:1:1: F401 'os' imported but unused`
        ("make43_shellcheck_gcc_default_target.txt", 3),  # `...:2:10: error: ... [SC2045]`, two `note:` rows
    ],
)
def test_a_checkers_findings_in_a_builds_step_are_the_checkers(sample: str, records: int) -> None:
    """Real `make` runs whose Makefile's default target runs a linter (flake8, ShellCheck's gcc format). `make` alone
    only builds (commands.build_tool), so with the linter's parser left out its `path:line:col: msg` rows were read
    as the build's errors and decided build (0.83, 0.88): a linter's code opening or ending the message is none of
    a compiler's, and they are lint records now, and decide lint as the full rules do."""
    log = framing.travis("make", (DATA / sample).read_text())
    full = rule_verdict(extract_facts(log))
    assert full.category is Category.LINT and full.decided, full.reason
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert [e.category for e in facts.errors] == [Category.LINT] * records
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    "message",
    [
        "error: use of undeclared identifier 'y'",
        "warning: unused variable 'x' [-Wunused-variable]",
        "error[E0425]: cannot find value `y` in this scope",
        "error TS2322: Type 'string' is not assignable to type 'number'.",
        "warning CS0168: The variable 'e' is declared but never used [/src/app.csproj]",
        "undefined: itemz",
    ],
)
def test_a_compilers_message_carries_no_checkers_mark(message: str) -> None:
    log = framing.travis("make", f"src/a.c:3:5: {message}\nmake: *** [Makefile:2: all] Error 1\n")
    assert {e.category for e in extract_facts(log, leave_out=frozenset({"compiler", "go", "rust"})).errors} <= {
        Category.BUILD,
        Category.TYPE,
    }


# Real chatter of a passing `setup.py install` (setuptools 65, made here: tests/facts/data/README.md): its
# warnings module lines have the place-first shape (`.../install.py:34: SetuptoolsDeprecationWarning: ...`).
_INSTALL_CHATTER = (DATA / "noise" / "setup_py_install_passed.txt").read_text()


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("go vet ./...", "go_vet_findings.txt"),  # a checker's step: its findings stay, the warnings are none
        ("make -k", "gcc_include_chain.txt"),  # a build's step: the compiler's errors stay
        ("go build ./...", "go119_build_missing_go_sum.txt"),  # an installer's verdict under a build
        ("gradle --offline --console=plain build", "gradle_build_script.txt"),  # read by nothing generic
    ],
)
def test_a_runtimes_warnings_in_a_step_are_no_findings(command: str, sample: str) -> None:
    plain = _travis(command, sample, own_left_out=True)
    log = framing.travis(command, _INSTALL_CHATTER + (DATA / sample).read_text())
    noisy = extract_facts(log, leave_out=modules_reading(framing.travis(command, (DATA / sample).read_text())))
    assert [e.message for e in noisy.errors] == [e.message for e in plain.errors]
    assert not any("Warning: " in e.message for e in noisy.errors)
    before, after = rule_verdict(plain), rule_verdict(noisy)
    assert (after.category, after.decided) == (before.category, before.decided)


# Document checkers' real output (tests/facts/data/README.md): codespell's and Sphinx's rows name no rule's code,
# rstcheck's a level, markdownlint's its code after a level, typos' brief `error:`.
DOCUMENT_CHECKERS = [
    "codespell243.txt",
    "proselint014.txt",
    "rstcheck.txt",
    "rst_lint132.txt",
    "sphinx5_W.txt",
    "markdownlint.txt",
    "typos152_brief.txt",
]


@pytest.mark.parametrize("sample", DOCUMENT_CHECKERS)
def test_a_finding_placed_in_a_prose_document_is_a_checkers_whatever_ran_it(sample: str) -> None:
    """Under a script whose name says nothing (`./ci/run.sh`) and with the parsers that read them left out, no rule
    knew the command and the rows had no reader: no signal. A place in a prose document is a document checker's
    (no compiler builds one, no test runner places its failure there): lint records, decided as the full rules do."""
    log = framing.travis("./ci/run.sh", (DATA / sample).read_text())
    full = rule_verdict(extract_facts(log))
    assert full.category is Category.LINT and full.decided, full.reason
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert {(e.tool, e.category) for e in facts.errors} == {(CHECKED_TOOL, Category.LINT)}
    assert all(e.file and e.file.endswith((".md", ".rst")) for e in facts.errors)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("own_left_out", [False, True])
@pytest.mark.parametrize(
    ("sample", "category"),
    [
        # pytest's doctest of a README: `/tmp/lint/dt/README.md:7: DocTestFailure` (the doc linters' parser read it as
        # a finding and decided lint: now test, from pytest's summary)
        ("pytest9_doctest_readme.txt", Category.TEST),
        ("pdflatex_fle_undefined_control.txt", Category.BUILD),  # `./undef.tex:3: Undefined control sequence.`
    ],
)
def test_a_failure_placed_in_a_document_by_a_runner_or_a_compiler_is_no_finding(
    sample: str, category: Category, own_left_out: bool
) -> None:
    log = framing.travis("./ci/run.sh", (DATA / sample).read_text())
    facts = extract_facts(log, leave_out=modules_reading(log) if own_left_out else frozenset())
    assert [e for e in facts.errors if e.category is Category.LINT] == []
    verdict = rule_verdict(facts)
    assert verdict.category is not Category.LINT
    if not own_left_out:
        assert verdict.category is category and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("row", "read"),
    [
        ("guide/intro.md:12:Line longer than 80 characters.", True),
        ("docs/index.rst:4: WARNING: undefined label: 'nowhere'", False),  # a build that succeeds prints it
        ("NOTES.adoc:3:1: Heading level skipped", True),
        ("/tmp/lint/dt/README.md:7: DocTestFailure", False),  # a test runner's verdict
        ("README.md:9: UnexpectedException", False),
        ("README.md:3: UserWarning: deprecated", False),  # a runtime's warning
        ("./paper.tex:3: Undefined control sequence.", False),  # LaTeX compiles
        ("CMakeLists.txt:3: Unknown CMake command", False),  # a .txt is anything's
        ("See https://github.com/acme/cart/blob/main/README.md:12: usage", False),  # a URL, not at the line's start
        ("src/cart.py:12: expected 3, got 4", False),  # a program's own place, no code
    ],
)
def test_only_a_documents_place_reads_without_a_code(row: str, read: bool) -> None:
    view = View.of([row])
    assert bool(checked(view, (1, 1)).errors) is read


@pytest.mark.parametrize(
    ("sample", "records"),
    [
        ("typos152.txt", 2),  # "error: `Teh` should be `The`" over `  ╭▸ README.md:7:1`: a document's place
        ("shellcheck.txt", 5),  # `In deploy.sh line 2:`, `^-- SC2086 (info): ...` under the source
        ("shellcheck09_bash_ci_lint.txt", 3),
    ],
)
def test_a_checkers_coded_message_over_its_place_or_under_its_source_is_read_whatever_ran_it(
    sample: str, records: int
) -> None:
    """Under a script whose name says nothing, with their parsers left out, these had no reader (located reads
    them only under a checker's command): no signal, or keyword-only. A message over its arrow's place in a
    document, or a coded one underlined in ShellCheck's block, is a checker's: lint, decided as the full rules do."""
    _assert_lint_records_decided(_travis("./ci/run.sh", sample, own_left_out=True), records)


@pytest.mark.parametrize(
    "sample",
    ["cargo_build.txt", "cargo_test_compile_error_typed.txt", "cargo_build_deny_warnings.txt", "ruff_check_full.txt"],
)
def test_a_message_over_its_place_in_code_is_no_checkers(sample: str) -> None:
    """rustc's `error[E0308]: mismatched types` over ` --> src/lib.rs:3:5`; even Ruff's `F401 [*] ...` over
    ` --> pkg/calc.py:1:8` is left to the parsers and located (read so, one of the samples proxy's check half was
    decided wrong)."""
    facts = _travis("./ci/run.sh", sample, own_left_out=True)
    assert [e for e in facts.errors if e.tool == CHECKED_TOOL] == []


@pytest.mark.parametrize(("sample", "records"), [("eslint9_flat.txt", 2), ("stylelint13_top_level.txt", 3)])
def test_a_stylish_row_saying_error_under_its_file_is_a_checkers_whatever_ran_it(sample: str, records: int) -> None:
    """ESLint 9's and stylelint 13's stylish rows (`  1:7  error  'unused' is assigned ...  no-unused-vars`) under a
    script whose name says nothing, with their parser left out: lint records, decided."""
    _assert_lint_records_decided(_travis("./ci/run.sh", sample, own_left_out=True), records)


def test_a_checker_that_could_not_run_is_no_finding() -> None:
    """remark 11 names a preset it could not load in a row under the file (`  1:1  error  Error: Could not find
    module ...`): the full rules say dependency (a missing plugin); left out, no lint finding is read from it."""
    log = framing.travis("./ci/run.sh", (DATA / "remark11_missing_plugin.txt").read_text())
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert [e for e in facts.errors if e.tool == CHECKED_TOOL] == []
    assert rule_verdict(facts).category is not Category.LINT


@pytest.mark.parametrize(
    ("rows", "read"),
    [
        (["src/cart.js", "  2:10  error  'x' is defined but never used  no-unused-vars"], 1),
        (["src/cart.js", "  85:13  warning  Blocks are nested too deeply (5)  max-depth"], 0),  # fails no run
        (["src/a.css", "  3:5  ✖  Unexpected empty block  block-no-empty"], 1),
        (["src/cart.js", "  2:10  'x' is defined but never used"], 0),  # no severity: any program's row
        (["src/cart.js", "", "  2:10  error  'x' is defined but never used"], 0),  # not under the file
        (["  2:10  error  'x' is defined but never used"], 0),  # no file above
        (["README.md", "  1:1  error  Error: Could not find module `remark-preset-x`"], 0),
    ],
)
def test_a_stylish_rows_severity_and_file_make_it_a_checkers(rows: list[str], read: int) -> None:
    view = View.of(rows)
    assert len(checked(view, (1, len(rows))).errors) == read


@pytest.mark.parametrize(
    ("sample", "records"), [("lesshint24_errors.txt", 3), ("htmllint_cli007.txt", 2), ("jshint_verbose.txt", 1)]
)
def test_a_place_in_words_is_a_linters_whatever_ran_it(sample: str, records: int) -> None:
    """`Error: app.less: line 2, col 10, hexLength: ...` (lesshint), `site/index.html: line 4, col 20, ...`
    (htmllint-cli), `src/bad.js: line 1, col 10, Missing semicolon. (W033)` (JSHint): under a script whose name says
    nothing with their parsers left out, no signal or keyword-only before; lint records now, decided."""
    _assert_lint_records_decided(_travis("./ci/run.sh", sample, own_left_out=True), records)


@pytest.mark.parametrize(
    ("rows", "read"),
    [
        (["Warning: app.less: line 2, col 10, hexNotation: #FFF should be written in lowercase."], 0),
        (["Error: app.less: line 2, col 10, hexLength: #FFF should be written in the long-form format."], 1),
        (["src/bad.js: line 1, col 10, Missing semicolon. (W033)"], 1),  # JSHint: a row only a failing run prints
        (["[WARN] src/cart.js:4:5: Missing semicolon. (semi)"], 0),  # a level before the place
        (["[ERROR] src/cart.js:4:5: Missing semicolon. (semi)"], 1),
        (["docs/guide.md:3:1: warning: heading level skipped"], 0),
        (["warning: `teh` should be `the`", "  ╭▸ README.md:7:1"], 0),
        (["error: `teh` should be `the`", "  ╭▸ README.md:7:1"], 1),
    ],
)
def test_a_warning_row_decides_nothing_where_no_step_is_known_to_have_failed(rows: list[str], read: int) -> None:
    """A log that shows no step may be a run that exited 0: a row saying warning is then none, whatever its
    shape; the failing step's output is read whole (the same rows there all count)."""
    view = View.of(rows)
    assert len(checked(view, (1, len(rows)), failed=False).errors) == read
    assert len(checked(view, (1, len(rows))).errors) == 1


def test_lesshints_warnings_of_a_run_that_passed_fail_nothing_its_errors_do() -> None:
    """lesshint 4.6.5 exits 0 on warnings alone (lesshint465_warnings.txt): as the log of one command, no step
    shown, none of its rows is a finding, with its parser or without; the run with two rules made errors exits 1
    and its two `Error:` rows are read (the `Warning:` row beside them is not), its parser left out."""
    for sample in ("lesshint465_warnings.txt", "lesshint465_errors.txt"):
        text = (DATA / sample).read_bytes()
        assert not [e for e in extract_facts(text).errors if e.tool == CHECKED_TOOL]
        assert not [e for e in extract_facts(text, leave_out=modules_reading(text)).errors if "Warning" in e.message]
    text = (DATA / "lesshint465_errors.txt").read_bytes()
    found = extract_facts(text, leave_out=modules_reading(text)).errors
    assert [(e.tool, e.line) for e in found] == [(CHECKED_TOOL, 2), (CHECKED_TOOL, 3)]
    assert not extract_facts((DATA / "lesshint465_warnings.txt").read_bytes(), leave_out=modules_reading(text)).errors


def test_a_passing_steps_warning_rows_beside_a_failing_step_are_no_finding() -> None:
    """A Travis job whose lesshint step passed on warnings and whose next step failed on no tool anyone reads:
    the passing step's rows are not the failing step's output."""
    warned = (DATA / "lesshint465_warnings.txt").read_text()
    log = framing.travis_commands([("lesshint less/", warned, 0), ("./deploy.sh", "deploy failed\n", 1)])
    assert not [e for e in extract_facts(log, leave_out=modules_reading(log)).errors if e.tool == CHECKED_TOOL]


@pytest.mark.parametrize(
    ("sample", "kind", "records"),
    [
        ("vulture216.txt", Category.LINT, 2),  # `shop/cart.py:2: unused import 'os' (90% confidence)`
        ("vulture026.txt", Category.LINT, 3),
        ("pydocstyle.txt", Category.LINT, 4),  # a place over its coded message (D103 three times: one record)
        ("pydocstyle630_explain_source.txt", Category.LINT, 2),  # the explanation and the source below it
        ("luacheck.txt", Category.LINT, 5),  # indented places under `Checking src/bad.lua   5 warnings`
        ("luacheck110_error_color.txt", Category.LINT, 4),  # coloured, a syntax error beside the warnings
        ("luacheck_codes_color.txt", Category.LINT, 5),  # `(W211) unused variable ...`
        ("luacheck110_plain_codes.txt", Category.LINT, 4),
        ("puppet_lint.txt", Category.LINT, 6),  # `ERROR: ... on line 1 (check: autoloader_layout)`
        ("puppet_lint_with_filename.txt", Category.LINT, 6),
        ("puppet_lint301_fail_on_warnings.txt", Category.LINT, 5),
        ("hadolint.txt", Category.DOCKERFILE, 7),  # `Dockerfile:5 DL3000 error: ...`: the Dockerfile's
        ("hadolint2151_color.txt", Category.DOCKERFILE, 6),
        ("hadolint2151_two_files.txt", Category.DOCKERFILE, 8),  # docker/Dockerfile.dev too
        # `hadolint:Dockerfile:1: DL3007 warning: ...`, every row (three at `Dockerfile:2`: no task's prefix)
        ("hadolint2151_gnu.txt", Category.DOCKERFILE, 6),
        ("sqlfluff4_lint.txt", Category.SQL, 6),  # `L:   1 | P:  10 | LT01 | ...` under `== [models/orders.sql] FAIL`
        ("yamllint_syntax_standard.txt", Category.LINT, 2),  # its error rows under a warning's
        ("yamllint1380_colored.txt", Category.LINT, 1),
    ],
)
def test_linters_without_a_shared_shape_are_read_by_theirs_whatever_ran_them(
    sample: str, kind: Category, records: int
) -> None:
    """Under a script whose name says nothing, with their parsers left out, each of these had no signal: a
    confidence ending the message, a place over its coded message, a `Checking` header's indented places, a
    level and `on line N (check: ...)`, a coded finding in a Dockerfile. Read by those shapes, decided as the
    full rules decide them."""
    log = framing.travis("./ci/run.sh", (DATA / sample).read_text())
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert {e.tool for e in facts.errors} == {CHECKED_TOOL}
    assert len(facts.errors) == records
    verdict = rule_verdict(facts)
    assert verdict.category is kind and verdict.decided, verdict.reason
    assert verdict.category is rule_verdict(extract_facts(log)).category


def test_a_checkers_own_shape_under_its_command_is_read_where_the_shared_shapes_miss() -> None:
    """`puppet-lint cart` with its parser left out: located reads the shared shapes under a checker's command and
    found none; the checker's own rows (checked) are read then, not left to the command alone (rules unsure)."""
    facts = _travis(
        "puppet-lint --fail-on-warnings --with-filename cart", "puppet_lint301_fail_on_warnings.txt", own_left_out=True
    )
    assert [e.file for e in facts.errors] == ["cart/manifests/init.pp"] * 5
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "records"),
    [
        ("puppet_lint301_warnings_passed.txt", 0),  # exit 0: every row `WARNING: `
        ("hadolint2151_warnings_passed.txt", 0),  # --failure-threshold error: warnings only, exit 0
        ("hadolint2151_two_files.txt", 1),  # exit 1: its one `DL3000 error` row, not its warnings or infos
        ("luacheck110_passed.txt", 0),
        ("yamllint1380_warnings_passed.txt", 0),  # yamllint exits 0 on warnings: a stylish warning row is none
        ("luacheck110_error_color.txt", 4),  # luacheck exits 1 on warnings: its rows say nothing of their level
    ],
)
def test_the_log_of_one_run_is_read_for_its_errors_only(sample: str, records: int) -> None:
    """The tool's output alone, no step shown (so none known to have failed), its parsers left out: a row saying
    warning or info decides nothing, as a run that printed only those may have exited 0."""
    text = (DATA / sample).read_bytes()
    facts = extract_facts(text, leave_out=modules_reading(text))
    assert len([e for e in facts.errors if e.tool == CHECKED_TOOL]) == records


def test_a_passing_steps_puppet_lint_warnings_beside_a_failing_step_are_no_finding() -> None:
    warned = (DATA / "puppet_lint301_warnings_passed.txt").read_text()
    log = framing.travis_commands([("puppet-lint cart", warned, 0), ("./deploy.sh", "deploy failed\n", 1)])
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert not [e for e in facts.errors if e.tool == CHECKED_TOOL]


@pytest.mark.parametrize(
    ("rows", "read"),
    [
        (["src/a.py:3 in public function `f`:", "        D103: Missing docstring in public function"], 1),
        (["src/a.py:3 in public function `f`:", "", "        D103: Missing docstring in public function"], 0),
        (["src/a.py:3 in public function `f`:", "        Missing docstring in public function"], 0),  # no code
        (["tests/test_a.py:12: in test_total", "    E       assert 3 == 4"], 0),  # pytest's frame
        (["ERROR: cart not in autoload module layout on line 1 (check: autoloader_layout)"], 1),
        (["ERROR: Syntax error on line 1"], 0),  # no check named, no file: anything's
        (["Checking src/a.lua                 1 warning", "", "    src/a.lua:1:7: unused variable 'x'"], 1),
        (["Checking src/a.lua                 1 warning", "", "    src/b.lua:1:7: unused variable 'x'"], 0),
        (["    src/a.lua:1:7: unused variable 'x'"], 0),  # no header: any program's indented place
        (["Dockerfile:4 DL3000 error: Use absolute WORKDIR"], 1),
        (["build/Dockerfile:4:1 DL3000 error: Use absolute WORKDIR"], 1),
        (["Dockerfile:4 Use absolute WORKDIR"], 0),  # no code
        (["Dockerfile.dev:4 DL3000 error: Use absolute WORKDIR"], 1),  # the shared shape's, the Dockerfile's
        (["== [models/a.sql] FAIL", "L:   1 | P:   1 | LT09 | Select targets", "       | on a new line."], 1),
        (["== [models/a.sql] PASS", "L:   1 | P:   1 | LT09 | Select targets"], 0),
        (["== [models/a.sql] FAIL", "All Finished!", "L:   1 | P:   1 | LT09 | Select targets"], 0),
        (["a.yml", "  1:1  warning  missing document start", "  4:9  error  syntax error: mapping values"], 1),
    ],
)
def test_the_shapes_few_linters_print_need_all_their_parts(rows: list[str], read: int) -> None:
    view = View.of(rows)
    found = checked(view, (1, len(rows))).errors
    assert len(found) == read
    assert all(e.category is Category.DOCKERFILE for e in found if "Dockerfile" in (e.file or ""))
