"""Records know the level their tool gave them (ErrorRecord.severity), and a warning decides only where it may
have failed the run (facts/severity.py): real hadolint, puppet-lint and clang-tidy output, alone, in a failing
step, beside a failing test run, and under a command that makes warnings fatal."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers.base import level_of
from remediate.models import Category, Facts, Severity
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts

HADOLINT_PASSED = "hadolint2151_warnings_passed.txt"
PUPPET_PASSED = "puppet_lint301_warnings_passed.txt"


def _text(name: str) -> str:
    return (DATA / name).read_text()


def _by(f: Facts, tool: str) -> list[tuple[Severity, bool]]:
    return [(e.severity, e.votes) for e in f.errors if e.tool == tool]


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("error", Severity.ERROR),
        ("ERROR", Severity.ERROR),
        ("fatal", Severity.ERROR),
        ("\u2716", Severity.ERROR),
        ("warning", Severity.WARNING),
        ("WARNING", Severity.WARNING),
        ("[WARN]", Severity.WARNING),
        ("Warning:", Severity.WARNING),
        ("\u26a0", Severity.WARNING),
        ("note", Severity.NOTE),
        ("INFO", Severity.NOTE),
        ("style", Severity.NOTE),
        ("Suggestion", Severity.NOTE),
        (None, Severity.ERROR),
    ],
)
def test_a_tools_level_word_is_its_records_severity(word: str | None, level: Severity) -> None:
    assert level_of(word) is level


@pytest.mark.parametrize(("name", "tool"), [(HADOLINT_PASSED, "hadolint"), (PUPPET_PASSED, "puppet-lint")])
def test_warnings_of_a_run_that_shows_no_step_decide_nothing(name: str, tool: str) -> None:
    """hadolint under `--failure-threshold error` and puppet-lint without `--fail-on-warnings` exit 0 on these."""
    f = facts(name)
    assert _by(f, tool) and all(level is Severity.WARNING and not votes for level, votes in _by(f, tool))
    assert not rule_verdict(f).decided


@pytest.mark.parametrize(
    ("name", "tool", "kind"),
    [(HADOLINT_PASSED, "hadolint", Category.DOCKERFILE), (PUPPET_PASSED, "puppet-lint", Category.LINT)],
)
def test_a_failing_step_whose_only_findings_are_warnings_failed_on_them(name: str, tool: str, kind: Category) -> None:
    f = extract_facts(framing.travis(tool, _text(name)))
    assert all(votes for _level, votes in _by(f, tool))
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is kind


def test_warnings_beside_a_failing_test_run_are_not_its_failure() -> None:
    """The step failed on its tests; the Dockerfile's warnings (hadolint's exit 0) are shown, not voted."""
    f = extract_facts(framing.travis("./ci.sh", _text(HADOLINT_PASSED) + _text("pytest8_long.txt")))
    assert _by(f, "hadolint") == [(Severity.WARNING, False)] * 2
    assert f.failing_tests
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST


def test_a_passing_steps_errors_do_not_explain_the_failing_steps_warnings() -> None:
    """flake8's errors in a step that passed (`|| true`) failed nothing: the failing step's only findings, hadolint's
    warnings (its default threshold fails on them), are what failed, and decide."""
    steps = [
        ("flake8 . || true", _text("flake8.txt"), 0),
        ("hadolint docker/Dockerfile.dev", _text(HADOLINT_PASSED), 1),
    ]
    f = extract_facts(framing.travis_commands(steps, say_passed=True))
    assert _by(f, "hadolint") == [(Severity.WARNING, True)] * 2
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.DOCKERFILE


@pytest.mark.parametrize(
    "command",
    [
        "hadolint --failure-threshold warning Dockerfile && pytest",
        "hadolint --failure-threshold=style Dockerfile && pytest",
    ],
)
def test_a_command_that_makes_warnings_fatal_keeps_them_voting(command: str) -> None:
    f = extract_facts(framing.travis(command, _text(HADOLINT_PASSED) + _text("pytest8_long.txt")))
    assert _by(f, "hadolint") == [(Severity.WARNING, True)] * 2


@pytest.mark.parametrize(
    "command",
    [
        "clang-tidy '--warnings-as-errors=*' src/buf.c && pytest",
        'RUSTFLAGS="-D warnings" ./ci.sh',
        "make CFLAGS=-Werror && pytest",
    ],
)
def test_a_quoted_flag_or_a_variables_value_makes_warnings_fatal(command: str) -> None:
    output = _text("clang_tidy_warnings.txt") + _text("pytest8_long.txt")
    f = extract_facts(framing.travis(command, output))
    assert _by(f, "clang-tidy") and all(votes for _level, votes in _by(f, "clang-tidy"))


def test_a_flag_that_only_names_warnings_is_not_one_that_makes_them_fatal() -> None:
    output = _text("clang_tidy_warnings.txt") + _text("pytest8_long.txt")
    for command in ("make CFLAGS=-Wall && pytest", 'make CFLAGS="-Wextra -Wpedantic" && pytest'):
        f = extract_facts(framing.travis(command, output))
        assert _by(f, "clang-tidy") and not any(votes for _level, votes in _by(f, "clang-tidy")), command


def test_the_tools_own_words_that_warnings_failed_keep_them_voting() -> None:
    """gcc's `cc1: all warnings being treated as errors` (the same words in any tool's log) makes them fatal."""
    output = _text(HADOLINT_PASSED) + "cc1: all warnings being treated as errors\n"
    assert all(votes for _level, votes in _by(facts_of(output), "hadolint"))


def test_gcc_wall_is_not_warnings_made_fatal() -> None:
    f = extract_facts(framing.travis("gcc -Wall -c x.c && hadolint Dockerfile && pytest", _both()))
    assert _by(f, "hadolint") == [(Severity.WARNING, False)] * 2


def test_puppet_lint_fail_on_warnings_decides_lint_under_its_command() -> None:
    """`puppet-lint --fail-on-warnings` exits 1 on the same warnings: the command says they failed it."""
    command = "puppet-lint --fail-on-warnings --with-filename cart && pytest"
    f = extract_facts(framing.travis(command, _text("puppet_lint301_fail_on_warnings.txt") + _text("pytest8_long.txt")))
    assert _by(f, "puppet-lint") and all(votes for _level, votes in _by(f, "puppet-lint"))


def test_an_error_level_row_stays_an_error() -> None:
    """hadolint's DL3000 is an error (exit 1): its record says so and votes."""
    f = facts("hadolint2151_color.txt")
    levels = {e.code: e.severity for e in f.errors if e.tool == "hadolint"}
    assert levels["DL3000"] is Severity.ERROR and Severity.WARNING in levels.values()
    assert all(e.votes for e in f.errors if e.code == "DL3000")


def facts_of(output: str) -> Facts:
    return extract_facts(output.encode())


def _both() -> str:
    return _text(HADOLINT_PASSED) + _text("pytest8_long.txt")


@pytest.mark.parametrize("name", ["shellcheck.txt", "shellcheck_gcc.txt"])
def test_shellchecks_levels_are_kept_and_every_finding_votes(name: str) -> None:
    """ShellCheck prints only findings at or above its `-S` level and fails on each: its info and style rows are
    notes, and they decide its log alone as its errors do."""
    f = facts(name)
    levels = {e.severity for e in f.errors if e.tool == "shellcheck"}
    assert Severity.NOTE in levels and all(e.votes for e in f.errors)
    assert rule_verdict(f).category is Category.LINT


@pytest.mark.parametrize("name", ["pylint.txt", "pylint_parseable.txt", "pylint_1x_format.txt", "pylint_1x_ids.txt"])
def test_pylints_categories_are_levels(name: str) -> None:
    """pylint's convention and refactor messages are notes, its W ids warnings, E and F errors; all vote (any
    message fails its run)."""
    f = facts(name)
    records = [e for e in f.errors if e.tool == "pylint"]
    assert records and all(e.votes for e in records)
    for e in records:
        letter = (e.code or "")[:1]
        if letter in "CR" and len(e.code or "") == 5:
            assert e.severity is Severity.NOTE
        elif letter == "W" and len(e.code or "") == 5:
            assert e.severity is Severity.WARNING
    assert {e.severity for e in records} - {Severity.ERROR}


def test_errors_come_before_warnings_in_the_records() -> None:
    """The prompt lists the records in order: a step's errors first, then its warnings and notes by line."""
    f = extract_facts(framing.travis("./ci.sh", _both()))
    assert f.errors[0].severity is Severity.ERROR and f.errors[-1].tool == "hadolint"
    levels = [e.severity for e in facts("pylint_1x_format.txt").errors]
    assert levels[:2] == [Severity.ERROR, Severity.ERROR] and Severity.ERROR not in levels[2:]


def test_a_warning_that_decides_nothing_weighs_little_in_the_excerpt() -> None:
    """The excerpt's evidence for a silenced warning's line is a warning's mark, below the failure's lines: at 650
    tokens the failing tests' reports fill the budget (with the warnings weighed as errors, they took some of it)."""
    f = extract_facts(framing.travis("./ci.sh", _both()), budget_tokens=650)
    assert "assert 4.0 == 5" in f.excerpt and "DL3013" not in f.excerpt
