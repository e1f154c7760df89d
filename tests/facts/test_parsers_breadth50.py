"""Checks of a repository's own files and package (real output: tests/facts/data/README.md, "Round 50, lane
breadth"): publint, lockfile-lint, sort-package-json, ls-lint, dotenv-linter and StyLua, each finding a record with
the place the tool prints, under the check's category."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci.checked import reads_a_log
from remediate.models import Category, Severity
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def _decided(name: str) -> Category | None:
    verdict = rule_verdict(facts(name))
    return verdict.category if verdict.decided else None


def test_publint_s_rows_are_package_json_s_records_at_their_heading_s_level() -> None:
    f = facts("publint03_errors.txt")  # coloured as under CI=true
    rows = [(e.tool, e.file, e.severity) for e in f.errors]
    assert rows == [("publint", "package.json", Severity.ERROR)] * 5 + [("publint", "package.json", Severity.NOTE)]
    assert f.errors[2].message == "pkg.main is ./dist/index.cjs but the file does not exist."
    assert _decided("publint03_errors.txt") is Category.LINT


def test_publint_s_warnings_alone_are_a_passing_run_s() -> None:
    f = facts("publint03_warnings_passed.txt")
    assert [e.severity for e in f.errors] == [Severity.WARNING]
    assert _decided("publint03_warnings_passed.txt") is None
    # numbered rows under a heading no publint run opened are no publint's
    assert not extract_facts(b"Errors:\n1. pkg.main is wrong\n").errors


@pytest.mark.parametrize("name", ["lockfile_lint5_npm_hosts_https.txt", "lockfile_lint5_yarn_hosts_https.txt"])
def test_lockfile_lint_names_each_entry_resolved_from_a_source_the_job_does_not_allow(name: str) -> None:
    f = facts(name)
    assert sorted(e.code or "" for e in f.errors) == ["invalid host(s)", "invalid protocol"]
    assert all(e.tool == "lockfile-lint" for e in f.errors)
    assert _decided(name) is Category.DEPENDENCY
    assert "actual: http:" in f.excerpt


@pytest.mark.parametrize("name", ["sort_package_json3_check.txt", "sort_package_json1_check.txt"])
def test_sort_package_json_s_listed_files_are_format_records_once_its_count_follows(name: str) -> None:
    f = facts(name)
    assert [(e.file, e.message) for e in f.errors] == [
        ("package.json", "package.json is not sorted"),
        ("packages/api/package.json", "packages/api/package.json is not sorted"),
    ]
    assert _decided(name) is Category.FORMAT
    assert not facts("sort_package_json3_check_passed.txt").errors
    # a path alone with no count below it is anything's
    assert not extract_facts(b"package.json\n\nFound 1 file.\n1 file was already sorted.\n").errors


@pytest.mark.parametrize("name", ["ls_lint2_names.txt", "ls_lint1_names.txt"])
def test_ls_lint_names_the_file_or_directory_and_the_rule_it_breaks(name: str) -> None:
    f = facts(name)
    assert [(e.file, e.code) for e in f.errors][:3] == [
        ("src/components/order_list.vue", "pascalcase"),
        ("src/userProfile", "kebabcase"),
        ("src/utils/formatDate.ts", "kebabcase"),
    ]
    assert not f.errors[0].message.startswith("20")  # 1.x's log time is not the message's
    assert _decided(name) is Category.LINT


def test_dotenv_linter_s_rows_are_the_dotenv_file_s_lint_records() -> None:
    f = facts("dotenv_linter09_violations.txt")
    assert (f.errors[0].file, f.errors[0].line, f.errors[0].code) == (".env", 2, "101")
    assert ".env.test" in {e.file for e in f.errors}
    assert _decided("dotenv_linter09_violations.txt") is Category.LINT
    whole = extract_facts(b".env:0 001 Unable to correctly parse dotenv file\n").errors
    assert [(e.file, e.line) for e in whole] == [(".env", None)]  # line 0: the file as a whole


@pytest.mark.parametrize("name", ["stylua25_check_diff.txt", "stylua25_check_summary.txt"])
def test_stylua_s_check_names_its_files_without_its_command(name: str) -> None:
    """Under a wrapper (`./ci/run.sh`, a Makefile) no command says StyLua ran: its own lines say it."""
    log = framing.travis_commands([("./ci/run.sh", (DATA / name).read_text(), 1)])
    f = extract_facts(log)
    assert [(e.tool, e.file) for e in f.errors] == [("stylua", "src/queue.lua"), ("stylua", "spec/queue_spec.lua")]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.FORMAT, True)


INIT_PER_TESTCASE = "init_per_testcase: {badmatch,{error,econnrefused}}"
REQUIRE = "auto-skipped: {require_failed_in_suite0,{not_available,store_dsn}}"


def test_rebar3_s_auto_skips_are_the_failures_that_made_ct_exit_1_its_user_skips_are_not() -> None:
    f = facts("rebar3_ct_auto_skips.txt")
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("cart_SUITE:pays_by_card", INIT_PER_TESTCASE),  # the case whose init_per_testcase crashed
        ("store_SUITE:init_per_suite", REQUIRE),  # its cases, skipped for the same requirement, are not repeated
    ]
    first = f.errors[0]
    assert (first.file, first.line) == ("test/cart_SUITE.erl", 13)
    assert _decided("rebar3_ct_auto_skips.txt") is Category.TEST
    assert "windows_paths" not in {t.id.split(":")[-1] for t in f.failing_tests}
    passed = facts("rebar3_ct_user_skip_passed.txt")
    assert not passed.failing_tests and not passed.errors


def test_a_failing_ct_run_whose_console_counts_no_failure_is_named_by_the_suite_log_printed_after_it() -> None:
    """ct_run's console says `0 failed, 5 skipped` and no reason (its SKIPPED lines are a user's skips' too); the
    job's after_script prints suite.log, whose `auto_skipped:` results say what failed."""
    log = framing.travis_commands(
        [("ct_run -noshell -dir test -logdir logs", (DATA / "ct_run_auto_skips.txt").read_text(), 1)],
        [
            (
                "after_script",
                "find logs -name suite.log -exec cat '{}' ';'",
                (DATA / "ct_suite_log_auto_skips.txt").read_text(),
            )
        ],
    )
    f = extract_facts(log)
    assert [t.id for t in f.failing_tests] == ["cart_SUITE:pays_by_card", "store_SUITE:init_per_suite"]
    assert (f.errors[0].file, f.errors[0].line) == ("cart_SUITE.erl", 13)
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)
    for console in ("ct_run_auto_skips.txt", "ct_run_user_skip_passed.txt"):
        assert not facts(console).failing_tests


def _checked_run(*, after: bool) -> bytes:
    """rebar2's Common Test run exits 0 (it reads `0 failed`), the next command greps its raw.log and fails."""
    run = (DATA / "rebar2_ct_v_init_per_group_term.txt").read_text()
    grep = "grep -q 'TEST COMPLETE, \\([0-9]*\\) ok, .* of \\1 test cases' logs/raw.log"
    suite_log = (DATA / "ct_suite_log_init_per_group_term.txt").read_text()
    after_script = ("after_script", "find logs -name suite.log -exec cat '{}' ';'", suite_log)
    return framing.travis_commands(
        [("rebar skip_deps=true ct -v", run, 0), (grep, "", 1)], [after_script] if after else []
    )


def test_a_failing_grep_of_the_log_the_step_before_wrote_is_that_step_s_failure() -> None:
    """The grep prints nothing: what it found wrong is in the output of the step it checked, which the CI reported
    passing. Before, that output was a passing step's (no vote): unknown, or test undecided from after_script's."""
    for log in (_checked_run(after=False), _checked_run(after=True)):
        f = extract_facts(log)
        verdict = rule_verdict(f)
        assert (verdict.category, verdict.decided) == (Category.TEST, True)
        assert f.failing_tests[0].id == "chatd_SUITE:init_per_group"


def test_a_traced_script_s_failing_grep_of_a_tee_d_log_is_the_traced_run_s_failure() -> None:
    script = (
        "set -x\nct_run -noshell -pa ebin -dir test -logdir logs 2>&1 | tee logs/raw.log\n"
        "grep -q 'TEST COMPLETE,.* 0 failed' logs/raw.log"
    )
    f = extract_facts(framing.github_script(script, (DATA / "xtrace_ct_run_tee_grep_complete.txt").read_text()))
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.TEST, True)


def test_a_check_reads_a_log_when_it_greps_or_tests_a_log_file() -> None:
    for command in (
        "grep -q 'TEST COMPLETE,.* 0 failed' logs/raw.log",
        "! grep -q warning build.log",
        "test ! -s failures.txt",
        '[ "$(grep -c FAIL out/test.out)" -eq 0 ]',
    ):
        assert reads_a_log(command), command
    for command in (
        "grep -rn TODO src/",
        "npm test",
        "grep -q v1.2 pyproject.toml",
        "[ -f dist/app.js ]",
        "make check",
    ):
        assert not reads_a_log(command), command


def test_a_failing_check_of_a_passing_run_s_log_names_nothing_its_passing_output_does_not() -> None:
    """The run the grep read passed whole (`0 failed`, no skips): nothing in it names a failure, so nothing decides."""
    run = (DATA / "ct_run_user_skip_passed.txt").read_text()
    log = framing.travis_commands(
        [
            ("ct_run -noshell -suite test/user_SUITE -logdir logs | tee ct.log", run, 0),
            ("grep -q 'TEST COMPLETE, 2 ok' ct.log", "", 1),
        ]
    )
    assert not rule_verdict(extract_facts(log)).decided
