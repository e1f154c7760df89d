"""CI tools of the Travis era and after that had no parser (Erlang's Common Test and EUnit, ...), and
forms of parsed tools that were missed (ESLint on a file of its project's own extension),
on their real output made here (tests/facts/data/README.md says how); each also wrapped in a
GitHub Actions and a GitLab log, where it gives the same records with repository paths and the
triage rules see the tool."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts, framed_test

# (sample, the command a CI runs, the workspace its paths are under or None, a record's repo path, its category)
FRAMED = [
    ("ct_run.txt", "ct_run -noshell -pa ebin -dir test -logdir logs", None, "calc_SUITE.erl", Category.TEST),
    ("rebar3_ct.txt", "rebar3 ct", "/home/runner/work/rebarapp/rebarapp/", "test/calc_SUITE.erl", Category.TEST),
    ("rebar3_eunit.txt", "rebar3 eunit", "/home/runner/work/rebarapp/rebarapp/", "src/calc.erl", Category.TEST),
    ("eunit_verbose.txt", "make eunit", None, "test/calc_tests.erl", Category.TEST),
    (
        "color/eslint_es6_color.txt",
        "npx eslint --color app",
        "/home/runner/work/es6app/es6app/",
        "app/routes/about.js.es6",
        Category.LINT,
    ),
    ("color/busted_gtest_plain.txt", "busted -o gtest", None, "spec/calc_spec.lua", Category.TEST),
    ("markdownlint_cli_old.txt", "npx markdownlint README.md guide", None, "guide/intro.md", Category.LINT),
    ("mix_format_check.txt", "mix format --check-formatted", None, "lib/exapp.ex", Category.FORMAT),
    ("tslint_verbose.txt", "npx tslint -t verbose 'src/**/*.ts'", None, "src/app.ts", Category.LINT),
]


test_each_tool_reads_the_same_inside_a_ci_log = framed_test(FRAMED)


# ------------------------------------------------------------------ Erlang


def test_common_test_names_the_failed_suite_functions_and_numbers_the_others() -> None:
    f = facts("ct_run.txt")
    assert f.category is Category.TEST and f.tools == ["common_test"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("calc_SUITE:add_works", "calc_SUITE.erl", "{badmatch,5}"),
        # the console names no case when the failure was raised outside the suite: its number
        ("ctdemo.ctdemo test case 4", None, "erlang:'div': {badarith,[{erlang,...},{...}|...]}"),
        ("ctdemo.ctdemo test case 5", None, "test_server:ts_tc: {test_case_failed,expecting_nack_got_ack}"),
        ("group_SUITE:crash", "group_SUITE.erl", "{assert_equal,[{expected,...},{...}]}"),
        ("group_SUITE:eq", "group_SUITE.erl", "{badmatch,false}"),
        ("ctdemo.ctdemo test case 9", None, "timer:sleep: {timetrap_timeout,1000}"),
        ("setup_SUITE:init_per_suite", "setup_SUITE.erl", "{badmatch,{error,enoent}}"),
    ]
    assert [(e.file, e.line) for e in f.errors][:2] == [("calc_SUITE.erl", 5), (None, None)]
    assert "Reason: {badmatch,5}" in f.excerpt


def test_common_test_counts_the_failures_of_every_suite_run() -> None:
    """erlang.mk and `-suite A B` print one TEST COMPLETE line per suite: the failures add up."""
    f = facts("ct_run_suites.txt")
    assert [t.id for t in f.failing_tests] == [
        "group_SUITE:crash",
        "group_SUITE:eq",
        "ctdemo.ctdemo.group_SUITE test case 3",
        "setup_SUITE:init_per_suite",
    ]
    assert "TEST COMPLETE, 0 ok, 3 failed of 3 test cases" in f.excerpt


def test_rebar3_ct_places_each_failure_at_its_project_frame() -> None:
    f = facts("rebar3_ct.txt")
    assert f.category is Category.TEST and f.tools == ["common_test"]
    assert [(e.message.split(":")[0] + ":" + e.message.split(":")[1], e.file, e.line) for e in f.errors] == [
        ("calc_SUITE:add_works", "test/calc_SUITE.erl", 5),
        ("calc_SUITE:divide_by_zero", "src/calc.erl", 4),  # raised in the project's code the test called
        ("calc_SUITE:match_fails", None, None),  # ct:fail: no frame of the project's
        ("group_SUITE:fast.crash", "test/group_SUITE.erl", 8),
        ("group_SUITE:fast.eq", "test/group_SUITE.erl", 9),
        ("group_SUITE:slow", None, None),
        ("setup_SUITE:init_per_suite", "test/setup_SUITE.erl", 4),
    ]
    assert f.failing_tests[0].message == "{badmatch,5}"  # the reason, without its stack
    assert "Failed 6 tests. Skipped 1 (0, 1) tests. Passed 1 tests." in f.excerpt


@pytest.mark.parametrize("name", ["eunit_verbose.txt", "rebar3_eunit.txt"])
def test_eunit_failures_name_the_test_function_and_where_it_failed(name: str) -> None:
    f = facts(name)
    assert f.category is Category.TEST and f.tools == ["eunit"]  # not RSpec's or ExUnit's
    ids = [t.id for t in f.failing_tests]
    assert [i.split("/")[0] for i in ids] == ["calc_tests:add_test", "calc_tests:div_test"]
    div = f.errors[1]
    assert (div.file, div.line) == ("src/calc.erl", 4)  # badarith raised in calc:divide, below the test


def test_plain_eunit_records_the_assertion_and_the_test_file() -> None:
    f = facts("eunit_verbose.txt")
    add = f.errors[0]
    assert (add.file, add.line) == ("test/calc_tests.erl", 3)
    assert add.message.startswith("calc_tests:add_test: **error:{assertEqual,")
    assert [t.file for t in f.failing_tests] == ["test/calc_tests.erl", "test/calc_tests.erl"]


# ------------------------------------------------------------------ ESLint


@pytest.mark.parametrize("name", ["color/eslint_es6_plain.txt", "color/eslint_es6_color.txt"])
def test_eslint_reads_a_file_of_any_extension_it_was_given(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["eslint"]
    assert [(e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("app/routes/about.js.es6", 1, 8, "no-unused-vars"),
        ("app/routes/about.js.es6", 3, 24, "no-undef"),  # the warning is no record
    ]


def test_a_path_alone_without_rows_below_it_makes_no_eslint_record() -> None:
    f = extract_facts(b"Building docs\nsite/content/docs/index.html\nhttps://example.org/a.html\nDone.\n")
    assert "eslint" not in f.tools and not f.errors


# ------------------------------------------------------------------ busted's gtest output handler


@pytest.mark.parametrize("name", ["color/busted_gtest_plain.txt", "color/busted_gtest_color.txt"])
def test_busted_gtest_rows_are_busted_failures_not_googletest_s(name: str) -> None:
    f = facts(name)
    assert f.category is Category.TEST and f.tools == ["busted"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("calc adds two numbers", "spec/calc_spec.lua"),
        ("calc div by zero returns inf", "spec/calc_spec.lua"),
        ("calc calls a nil", "spec/calc_spec.lua"),
    ]
    # each record where its message says it failed (the error in src/calc.lua, not the spec)
    assert [(e.file, e.line, e.code, e.message) for e in f.errors] == [
        ("spec/calc_spec.lua", 6, "failure", "Expected objects to be equal."),
        ("src/calc.lua", 8, "error", "division by zero"),
        ("spec/calc_spec.lua", 21, "error", "attempt to index local 't' (a nil value)"),
    ]


def test_a_closing_list_with_messages_below_its_rows_gives_each_test_its_message() -> None:
    """Runners built on busted's gtest handler (neovim's) print each failure's message below its
    row in the closing list, not above it."""
    log = (
        "[  FAILED  ] 1 test, listed below:\n"
        "[  FAILED  ] test/unit/buf_spec.lua @ 12: buffer is valid\n"
        "test/unit/buf_spec.lua:14: Expected objects to be equal.\n"
        "\n"
        " 1 FAILED TEST\n"
    )
    f = extract_facts(log.encode())
    assert f.tools == ["busted"]
    assert [(e.file, e.line, e.message) for e in f.errors] == [
        ("test/unit/buf_spec.lua", 14, "Expected objects to be equal.")
    ]


# ------------------------------------------------------------------ markdownlint-cli before 0.16


def test_old_markdownlint_cli_rows_are_markdownlint_records() -> None:
    f = facts("markdownlint_cli_old.txt")
    assert f.category is Category.LINT and f.tools == ["markdownlint"]
    assert [(e.file, e.line, e.code) for e in f.errors][:3] == [
        ("guide/intro.md", 4, "MD031"),
        ("guide/intro.md", 6, "MD031"),
        ("guide/intro.md", 7, "MD022"),
    ]
    assert len(f.errors) == 8 and f.errors[-1].file == "README.md"


# ------------------------------------------------------------------ mix format


def test_mix_format_check_names_each_unformatted_file() -> None:
    f = facts("mix_format_check.txt")
    assert f.category is Category.FORMAT and f.tools == ["mix format"]
    assert [(e.file, e.code) for e in f.errors] == [
        ("test/exapp_test.exs", "mix-format"),
        ("lib/exapp.ex", "mix-format"),
    ]


def test_an_older_mix_format_list_inside_its_error_is_read_too() -> None:
    log = (
        "** (Mix) mix format failed due to --check-formatted.\n"
        "The following files were not formatted:\n"
        "\n"
        "  * lib/elixir/test/elixir/module/types/infer_test.exs\n"
        "\n"
        "make: *** [Makefile:245: test_formatted] Error 1\n"
    )
    f = extract_facts(log.encode())
    assert [e.file for e in f.errors] == ["lib/elixir/test/elixir/module/types/infer_test.exs"]
    assert f.category is Category.FORMAT


# ------------------------------------------------------------------ Rake


@pytest.mark.parametrize(
    ("name", "code"), [("rake_no_rakefile.txt", "no-rakefile"), ("rake_no_task.txt", "unknown-task")]
)
def test_what_rake_cannot_find_to_run_is_a_configuration_error(name: str, code: str) -> None:
    output = (DATA / name).read_text()
    for log in (output.encode(), framing.github_actions("bundle exec rake", output), framing.gitlab("rake", output)):
        f = extract_facts(log)
        assert f.category is Category.CONFIG and f.tools == ["rake"]
        assert [(e.code, e.category) for e in f.errors] == [(code, Category.CONFIG)]
        assert rule_verdict(f, None).category is Category.CONFIG


def test_a_command_a_rake_task_ran_is_no_rake_record() -> None:
    """`Command failed with status (1): [...]` says a command inside the task failed: that tool's
    own output (and parser) says why; Rake's lines are only shown."""
    f = facts("rake_sh_failed.txt")
    assert f.tools == ["rake"] and not f.errors
    assert "Command failed with status (1)" in f.excerpt


# ------------------------------------------------------------------ TSLint


@pytest.mark.parametrize("name", ["tslint_prose.txt", "tslint_verbose.txt", "tslint_stylish.txt"])
def test_tslint_errors_in_each_format_are_lint_records(name: str) -> None:
    f = facts(name)
    assert f.category is Category.LINT and f.tools == ["tslint"]
    first = f.errors[0]
    assert (first.file, first.line, first.column) == ("src/app.ts", 1, 1)
    assert first.message == "Forbidden 'var' keyword, use 'let' or 'const' instead"
    if name != "tslint_prose.txt":  # prose names no rule
        assert first.code == "no-var-keyword"
    assert {(e.line, e.column) for e in f.errors} >= {(1, 5), (2, 35), (2, 43)}


def test_tslint_before_5_and_its_warnings() -> None:
    log = b"src/app.ts[3, 7]: Missing semicolon\nWARNING: src/app.ts:4:1 - Calls to 'console.log' are not allowed.\n"
    f = extract_facts(log)
    assert [(e.tool, e.file, e.line, e.column) for e in f.errors] == [("tslint", "src/app.ts", 3, 7)]
