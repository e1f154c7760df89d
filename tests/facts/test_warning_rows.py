"""A checker's warning rows that no parser reads keep their level (located._levelled), and weigh nothing where the
failing step shows what else failed (facts/severity.py): another tool's error row, even one no reader made a record
of, or another failure; they still decide where they are all the failing step printed. Real output of one script or
one make run: hadolint's warnings beside mypy's error, alone after a passing pytest run, and gcc's warnings before a
failing test, compile or install."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.located import CHECKED_TOOL
from remediate.models import Category, Facts, Severity
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _job(name: str, command: str) -> bytes:
    return framing.travis(command, (DATA / name).read_text())


def _unread(log: bytes) -> Facts:
    """The facts with the parsers that read the log left out: its tools read as a tool nobody wrote a parser for."""
    return extract_facts(log, leave_out=modules_reading(log))


def test_rows_read_by_their_shape_keep_their_level() -> None:
    """hadolint's `DL3008 warning:` and `DL3009 info:` rows, read by their shape with no parser, are a warning and a
    note; mypy's `error:` row beside them makes them vote for nothing."""
    f = _unread(_job("hadolint2151_warnings_then_mypy.txt", "./ci/checks.sh"))
    levels = [(e.code, e.severity, e.votes) for e in f.errors if e.tool == CHECKED_TOOL]
    assert ("DL3008", Severity.WARNING, False) in levels and ("DL3009", Severity.NOTE, False) in levels


def test_warnings_beside_another_tools_unread_error_decide_nothing() -> None:
    """The script failed on mypy's error, which no reader records once mypy's parser is left out: the Dockerfile's
    warnings (hadolint passes under `--failure-threshold error`) are not its failure, and the rules abstain rather
    than say dockerfile. With every parser, mypy's record decides."""
    log = _job("hadolint2151_warnings_then_mypy.txt", "./ci/checks.sh")
    assert rule_verdict(extract_facts(log)).category is Category.TYPE
    assert not rule_verdict(_unread(log)).decided


def test_warnings_alone_in_the_failing_script_failed_it() -> None:
    """hadolint's default threshold fails on its warnings; the script's passing pytest run before them explains
    nothing (`1 passed`): the warnings decide, read by their shape or by hadolint's parser."""
    log = _job("hadolint2151_warnings_fail_after_pytest.txt", "./ci/pre-merge.sh")
    for f in (extract_facts(log), _unread(log)):
        warnings = [e for e in f.errors if e.severity is Severity.WARNING]
        assert warnings and all(e.votes for e in warnings)
        assert rule_verdict(f).category is Category.DOCKERFILE


@pytest.mark.parametrize(
    ("name", "command", "kind"),
    [
        ("make43_gcc_warnings_then_pytest.txt", "make check", Category.TEST),
        ("make43_gcc_warnings_then_javac.txt", "make -f Makefile.java all", Category.BUILD),
        ("make43_gcc_warnings_then_pip_missing.txt", "make -f Makefile.deps deps", Category.DEPENDENCY),
    ],
)
def test_gccs_warnings_before_another_failure_are_not_it(name: str, command: str, kind: Category) -> None:
    """gcc's `-Wall -Wextra` warnings in a recipe that built, then a failing test, compile or install: the failure
    decides, with every parser and with the parsers that read it left out, and no warning votes."""
    log = _job(name, command)
    for f in (extract_facts(log), _unread(log)):
        assert rule_verdict(f).category is kind
        assert not [e for e in f.errors if e.votes and e.severity is not Severity.ERROR]


def test_an_error_row_github_s_problem_matcher_prefixed_still_explains_the_step() -> None:
    """setup-node's tsc matcher makes the runner write tsc's row as `##[error]src/cart.ts(2,7): error TS2322: ...`:
    with tsc's parser left out, that row, read without the runner's prefix, still says the script failed on it,
    and hadolint's warnings (passing under `--failure-threshold error`) decide nothing: tsc's coded row, a compiler's
    whatever ran it (located.compiled), decides type. Without the matcher, the same."""
    output = (DATA / "hadolint2151_warnings_then_tsc.txt").read_text()
    for matchers in (("tsc",), ()):
        log = framing.github_steps([("./ci/checks.sh", output, 2)], matchers)
        assert ("##[error]src/cart.ts(2,7)" in log.decode()) is bool(matchers)
        f = _unread(log)
        assert not [e for e in f.errors if e.votes and e.severity is not Severity.ERROR]
        verdict = rule_verdict(f)
        assert (verdict.category, verdict.decided) == (Category.TYPE, True), verdict.reason


def test_checkstyles_warnings_gradle_failed_on_decide_lint_and_beside_failing_tests_nothing() -> None:
    """Gradle 4.4.1's checkstyle task under `maxWarnings = 0` fails on `[WARN]` rows alone: the failure
    (`Execution failed for task ':checkstyleMain'`) is checkstyle's and decides lint. Without it the same rows pass
    the task, and the tests that failed after them decide: no lint vote."""
    facts = extract_facts(_job("gradle441_checkstyle_max_warnings.txt", "gradle check"))
    assert {e.category for e in facts.errors if e.votes} == {Category.LINT}
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided
    facts = extract_facts(_job("gradle441_checkstyle_warnings_then_test.txt", "gradle check"))
    assert {e.category for e in facts.errors if e.votes} == {Category.TEST}
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided


def test_checkstyles_warnings_gradle_failed_on_are_its_records_and_passing_ones_are_none() -> None:
    """Under `maxWarnings = 0`, Gradle's `Checkstyle rule violations were found` below `[WARN]` rows alone says the
    warnings failed the task: each row is a lint record of its file and line, at the tool's own level. Passing the
    task (maxWarnings at its default), the same rows are no record."""
    facts = extract_facts(_job("gradle441_checkstyle_max_warnings.txt", "gradle check"))
    rows = [(e.file, e.line, e.code, e.severity) for e in facts.errors if e.tool == "checkstyle"]
    cart = "src/main/java/com/acme/Cart.java"
    assert rows == [(cart, 3, "UnusedImports", Severity.WARNING), (cart, 9, "NeedBraces", Severity.WARNING)]
    assert all(e.category is Category.LINT for e in facts.errors if e.tool == "checkstyle")
    facts = extract_facts(_job("gradle441_checkstyle_warnings_then_test.txt", "gradle check"))
    assert not [e for e in facts.errors if e.tool == "checkstyle"]
