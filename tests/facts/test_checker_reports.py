"""A step named for one kind of check whose output shows a tool of another kind failed (facts/checkerreports.py,
checkers.step_checker): real runs, tests/facts/data/README.md's wrapper_script_*, wrapper_npm_lint_tsc and
wrapper_make_* rows, each in a Travis job, with the modules of the parsers that read them left out (a tool no
parser knows, as the samples proxy reads it)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkerreports import reported_checker
from remediate.facts.extract import modules_reading
from remediate.facts.view import View
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("command", "sample", "kind"),
    [
        # named for linting, failed on types: mypy's counts, tsc's `error TS2322`, quietly or under npm's banner
        ("./ci/lint.sh", "wrapper_script_lint_mypy.txt", Category.TYPE),
        ("./ci/lint.sh", "wrapper_script_lint_tsc.txt", Category.TYPE),
        ("npm run lint", "wrapper_npm_lint_tsc.txt", Category.TYPE),
        # named for type checking, failed on ruff's lint
        ("./ci/typecheck.sh", "wrapper_script_typecheck_ruff.txt", Category.LINT),
        # named for one kind, failed on a formatter's check: ruff format's and black's counts, prettier's warning
        ("./ci/lint.sh", "wrapper_script_lint_ruff_format.txt", Category.FORMAT),
        ("./ci/typecheck.sh", "wrapper_script_typecheck_black.txt", Category.FORMAT),
        ("npm run lint", "wrapper_npm_lint_prettier.txt", Category.FORMAT),
        # named for type checking, failed on ESLint's stylish report
        ("./ci/typecheck.sh", "wrapper_script_typecheck_eslint.txt", Category.LINT),
        # named for one kind, failed on rustfmt's diff or clang-format's -Werror rows
        ("./ci/lint.sh", "rustfmt19_script_test.txt", Category.FORMAT),
        ("./ci/typecheck.sh", "clang_format14_script_test.txt", Category.FORMAT),
        # the controls: the xtrace names mypy; ruff under a lint script (a tool no rule knows, named by the step's
        # name alone, decides nothing: test_task_rows)
        ("./ci/lint.sh", "wrapper_script_lint_xtrace_mypy.txt", Category.TYPE),
        ("./ci/lint.sh", "wrapper_script_lint_ruff.txt", Category.LINT),
        ("make check", "wrapper_make_check_gcc.txt", Category.BUILD),
    ],
)
def test_the_tool_the_step_shows_decides_before_the_steps_name(command: str, sample: str, kind: Category) -> None:
    log = framing.travis(command, (DATA / sample).read_text())
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert facts.errors and {e.category for e in facts.errors} == {kind}
    verdict = rule_verdict(facts)
    assert verdict.category is kind and verdict.decided


@pytest.mark.parametrize(
    ("sample", "named"),
    [
        ("wrapper_script_lint_mypy.txt", ("mypy", Category.TYPE)),
        ("wrapper_script_lint_tsc.txt", ("tsc", Category.TYPE)),
        ("wrapper_script_typecheck_ruff.txt", ("ruff", Category.LINT)),
        ("wrapper_script_lint_ruff_format.txt", ("ruff format", Category.FORMAT)),
        ("wrapper_script_typecheck_black.txt", ("black", Category.FORMAT)),
        ("wrapper_npm_lint_prettier.txt", ("prettier --check", Category.FORMAT)),
        ("wrapper_script_typecheck_eslint.txt", ("eslint", Category.LINT)),  # its `--fix` line below is no ruff's
        ("rustfmt19_script_test.txt", ("rustfmt", Category.FORMAT)),
        ("clang_format14_script_test.txt", ("clang-format", Category.FORMAT)),
        ("clang_format_warnings.txt", ("clang-format", Category.FORMAT)),  # without -Werror: the same rows, warnings
        ("gofmt119_script_test.txt", None),  # gofmt's diff is read as a diff (located), whatever ran it
        ("wrapper_make_lint_unknown_tool.txt", None),
        ("wrapper_make_check_gcc.txt", None),
        ("hadolint2151_warnings_then_mypy.txt", ("mypy", Category.TYPE)),  # mypy's, after hadolint's warnings
    ],
)
def test_a_checker_is_named_by_its_own_report(sample: str, named: tuple[str, Category] | None) -> None:
    lines = (DATA / sample).read_text().splitlines()
    assert reported_checker(View.of(lines), (1, len(lines))) == named


def test_a_report_outside_the_span_names_nothing() -> None:
    lines = (DATA / "wrapper_script_lint_mypy.txt").read_text().splitlines()
    assert reported_checker(View.of(lines), (1, len(lines) - 1)) is None  # mypy's counts are its last line


def test_reports_are_read_in_linear_time() -> None:
    import time

    hostile = ["Found " + "1" * 100_000, "a" * 100_000 + " error TS", "[*] " + "9" * 100_000 + " fixable with"]
    hostile += ["1" * 100_000 + " would be reformatted", "✖ " + "9" * 100_000 + " problems"]
    hostile += ["Diff in " + "a:1" * 50_000, "a:1:" * 50_000 + " error: code should be clang-formatted"]
    hostile += ["a:1:1: error: code should be clang-formatted [-Wclang-format-violations]" * 2_000]
    start = time.process_time()
    assert reported_checker(View.of(hostile), (1, len(hostile))) is None
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("command", ["./ci/format.sh", "./ci/lint.sh"])
def test_the_steps_own_command_is_no_file_a_formatter_names(command: str) -> None:
    # Travis echoes the step's command as `$ ./ci/format.sh`: a path after one short mark, as a formatter's list
    # names a file (`[warn] src/app.js`), but the shell's prompt, not a finding
    log = framing.travis(command, (DATA / "wrapper_script_typecheck_black.txt").read_text())
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert [e.file for e in facts.errors] == ["/tmp/fmt/pkg/cart.py"]


@pytest.mark.parametrize("command", ["./ci/test.sh", "make check"])
@pytest.mark.parametrize(
    "sample", ["rustfmt19_script_test.txt", "clang_format14_script_test.txt", "gofmt119_script_test.txt"]
)
def test_a_step_naming_no_checker_takes_the_kind_of_the_formatter_it_shows(command: str, sample: str) -> None:
    # a test script or `make check` that checks formatting before the tests: the formatter's own report names it
    log = framing.travis(command, (DATA / sample).read_text())
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert facts.errors and {e.category for e in facts.errors} == {Category.FORMAT}
    assert all(e.file and e.file.endswith(("lib.rs", "calc.c", "add.go")) for e in facts.errors)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.FORMAT and verdict.decided


def test_a_formatter_that_passed_leaves_the_failing_tests_the_verdict() -> None:
    # cargo fmt --check passed (it prints nothing), then cargo test failed: no format record, the tests decide
    log = framing.travis("./ci/test.sh", (DATA / "rustfmt19_passing_then_test.txt").read_text())
    for leave_out in (frozenset[str](), modules_reading(log)):
        facts = extract_facts(log, leave_out=leave_out)
        assert Category.FORMAT not in {e.category for e in facts.errors}
        verdict = rule_verdict(facts)
        assert verdict.category is Category.TEST and verdict.decided
