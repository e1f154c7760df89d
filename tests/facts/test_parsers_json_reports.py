"""JSON reports a CI has a tool print to feed its annotations, read where that tool's default form is
(tests/facts/data/README.md, "JSON reports CI jobs print to feed annotations, wave four"). An empty report is no
record."""

from __future__ import annotations

from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts.samples import facts

Row = tuple[str, str | None, int | None, int | None, str | None, Severity]


def _records(sample: str) -> list[Row]:
    return [(e.tool, e.file, e.line, e.column, e.code, e.severity) for e in facts(sample).errors]


def _decided(sample: str, category: Category) -> None:
    verdict = rule_verdict(facts(sample))
    assert verdict.decided and verdict.category is category, (sample, verdict.reason)


def test_eslint_s_json_reports_are_its_errors_at_their_file_line_and_rule() -> None:
    """`-f json` and `-f json-with-metadata`: one line; each error of a file object is a record at its repo path."""
    want = [
        ("eslint", "src/cart.js", 2, 3, "no-var", Severity.ERROR),
        ("eslint", "src/cart.js", 2, 7, "no-unused-vars", Severity.ERROR),
        ("eslint", "src/cart.js", 5, 11, "eqeqeq", Severity.ERROR),
    ]
    assert _records("eslint9395_json.txt") == want
    assert _records("eslint9395_json_metadata.txt") == want
    assert facts("eslint9395_json.txt").errors[0].message == "Unexpected var, use let or const instead."
    _decided("eslint9395_json.txt", Category.LINT)
    assert not facts("eslint9395_json_clean.txt").errors
    # A line past the reader's cap (23,617 bytes) is read whole (View.whole): every problem of both files, not only
    # those the cut line kept (was prices.js's first and a tail of taxes.js's whose path went with the middle): forty
    # of each rule
    long = facts("eslint9395_json_long.txt").errors
    assert [(e.file, e.line, e.repeats) for e in long] == [("src/prices.js", 1, 39), ("src/prices.js", 1, 39)]


def test_shellcheck_s_json_reports_are_its_comments_at_their_level() -> None:
    """`-f json1` and `-f json`: each comment is a record, its code `SCnnnn`, info a note as in the tty form."""
    want = [
        ("shellcheck", "ci/deploy.sh", 2, 10, "SC2045", Severity.ERROR),
        ("shellcheck", "ci/deploy.sh", 2, 15, "SC2035", Severity.NOTE),
        ("shellcheck", "ci/deploy.sh", 3, 6, "SC2086", Severity.NOTE),
    ]
    assert _records("shellcheck0110_json1.txt") == want
    assert _records("shellcheck0110_json.txt") == want
    _decided("shellcheck0110_json1.txt", Category.LINT)
    assert not facts("shellcheck0110_json1_clean.txt").errors


def test_mypy_s_json_lines_are_its_errors_and_not_its_notes() -> None:
    """`-O json`: an error line is a type record with its code and message unescaped; a note line is none."""
    assert _records("mypy241_json.txt") == [
        ("mypy", "shop/cart.py", 6, 17, "assignment", Severity.ERROR),
        ("mypy", "shop/cart.py", 7, 25, "name-defined", Severity.ERROR),
    ]
    assert facts("mypy241_json.txt").errors[1].message == 'Name "undefined_name" is not defined'
    _decided("mypy241_json.txt", Category.TYPE)


def test_ruff_s_json_and_json_lines_are_its_findings_at_their_own_place() -> None:
    """`json` (indented) and `json-lines`: each finding at its own location, not its fix's edits' places."""
    want = [
        ("ruff", "shop/cart.py", 1, 8, "F401", Severity.ERROR),
        ("ruff", "shop/cart.py", 2, 1, "UP035", Severity.ERROR),
        ("ruff", "shop/cart.py", 5, 19, "UP006", Severity.ERROR),
        ("ruff", "shop/cart.py", 6, 5, "F841", Severity.ERROR),
        ("ruff", "shop/cart.py", 7, 26, "F821", Severity.ERROR),
        ("ruff", "shop/cart.py", 10, 1, "F821", Severity.ERROR),
    ]
    assert sorted(_records("ruff0176_json.txt")) == want
    assert sorted(_records("ruff0176_jsonl.txt")) == want
    _decided("ruff0176_json.txt", Category.LINT)
    assert not facts("ruff0176_json_clean.txt").errors


def test_ruff_s_finding_after_a_long_fix_keeps_its_place() -> None:
    """A fix of eleven edits (TC003 quoting each annotation: 127 lines) between the finding's code and its location:
    the finding is read to its object's end, not lost past a fixed reach (it was)."""
    assert _records("ruff0176_json_long_fix.txt") == [
        ("ruff", "ledger.py", 1, 21, "TC003", Severity.ERROR),
        ("ruff", "pricing.py", 1, 8, "F401", Severity.ERROR),
    ]


def test_a_sarif_log_printed_on_one_line_is_read_whole() -> None:
    """semgrep's `--sarif` prints its log on one line (1,861 bytes for two findings; 15,270 for forty, past what a line
    keeps): each result is a record of the run's driver at its place (none was read before); forty of the long one."""
    assert _records("semgrep1187_sarif.txt") == [
        # a result names no level: its rule's (`defaultConfiguration.level`, semgrep's ERROR), else warning
        ("semgrep oss", "app/views.py", 5, 12, "subprocess-shell-true", Severity.ERROR),
        ("semgrep oss", "app/views.py", 9, 12, "no-eval", Severity.WARNING),
    ]
    long = facts("semgrep1187_sarif_long.txt").errors
    assert [(e.file, e.line, e.code, e.repeats) for e in long] == [("app/loaders.py", 2, "no-eval", 39)]
    _decided("semgrep1187_sarif_long.txt", Category.LINT)


def test_mocha_s_json_report_names_its_failing_tests_where_they_failed() -> None:
    """`--reporter json`: each object of the failures array is a failing test by its full title, with its message,
    and a record at the test's frame of its stack; the tests array (passing ones too) adds none."""
    report = facts("mocha1082_json.txt")
    assert [(t.id, t.file, t.message) for t in report.failing_tests] == [
        ("cart totals the prices", "test/cart.test.js", "AssertionError: Expected values to be strictly equal: 4 !== 3")
    ]
    assert _records("mocha1082_json.txt") == [("mocha", "test/cart.test.js", 6, 12, "test", Severity.ERROR)]
    _decided("mocha1082_json.txt", Category.TEST)
    passed = facts("mocha1082_json_pass.txt")
    assert not passed.failing_tests and not passed.errors


def test_cargo_s_and_rustc_s_json_diagnostics_are_read_as_their_rendered_text() -> None:
    """`--message-format=json` / `--error-format=json`: each diagnostic's rendered text is read as rustc prints it
    without the flag: a compiler error is the build's, a denied Clippy lint the linter's; a passing run is none."""
    assert _records("cargo195_json.txt") == [("cargo", "src/lib.rs", 7, 25, "E0308", Severity.ERROR)]
    assert facts("cargo195_json.txt").errors[0].message == "mismatched types"
    _decided("cargo195_json.txt", Category.BUILD)
    assert _records("clippy195_json.txt") == [
        ("cargo", "src/lib.rs", 2, 9, "unused_variables", Severity.ERROR),
        ("clippy", "src/lib.rs", 4, 14, "clippy::needless_range_loop", Severity.ERROR),
    ]
    assert facts("clippy195_json.txt").category is Category.LINT
    assert _records("rustc195_json.txt") == [("cargo", "src/lib.rs", 2, 9, "unused_variables", Severity.ERROR)]
    assert not facts("clippy195_json_clean.txt").errors


def test_pyright_s_and_biome_s_json_reports_are_their_errors() -> None:
    """pyright's `--outputjson` (indented; its places from 0) and Biome's `--reporter=json` (one line): each error is
    a record at its 1-based place and rule; warnings and information are none, nor is an empty report."""
    assert _records("pyright1414_json.txt") == [
        ("pyright", "shop/cart.py", 6, 18, "reportAssignmentType", Severity.ERROR),
        ("pyright", "shop/cart.py", 7, 26, "reportUndefinedVariable", Severity.ERROR),
    ]
    assert (
        facts("pyright1414_json.txt").errors[0].message == 'Type "Literal[0]" is not assignable to declared type "str"'
    )
    _decided("pyright1414_json.txt", Category.TYPE)
    assert _records("biome269_json.txt") == [
        ("biome", "src/cart.js", 5, 11, "lint/suspicious/noDoubleEquals", Severity.ERROR),
        ("biome", "src/cart.js", 5, 17, "lint/suspicious/noDebugger", Severity.ERROR),
    ]
    _decided("biome269_json.txt", Category.LINT)
    assert not facts("pyright1414_json_clean.txt").errors and not facts("biome269_json_clean.txt").errors
