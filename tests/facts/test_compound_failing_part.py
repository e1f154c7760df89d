"""A command of several parts (`pip install flake8 && flake8`, `cargo fmt --check && cargo clippy -- -D warnings`, a
`run:` block of checks one per line) is read by the part whose tool's kind the failing output shows: that part ran, so
the parts before it ran to their end and say nothing of the failure, and a later tool a rule names printed nothing
(`flake8 && mypy pkg`: mypy never ran) (triage.commands._shown_part); an installer's part decides only when the
failing output is the installer's. Real runs: tests/facts/data/README.md, "A command of several
parts: the part whose output the log shows" (pip 23.2, flake8 7.5, mypy 2.4, Black 26.10, isort 9.0,
Cargo/Clippy 1.95, Go 1.19).
"""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.commands import _may_have_failed, command_signals
from tests.facts import framing
from tests.facts.samples import DATA

CASES = [
    ("pip install flake8 && flake8", "pip23_install_flake8_then_flake8.txt", 1, Category.LINT),
    ("black --check . && isort --check . && flake8", "black26_isort9_then_flake8.txt", 1, Category.LINT),
    ("cargo fmt --check && cargo clippy -- -D warnings", "cargo_fmt_then_clippy195_denied.txt", 101, Category.LINT),
    ("gofmt -l . && go vet ./... && go test ./...", "gofmt119_then_go_vet_printf.txt", 2, Category.LINT),
    ("flake8 && mypy pkg", "flake8_75_then_mypy_not_run.txt", 1, Category.LINT),
    ("pip install flake8==99.0 && flake8", "pip23_install_flake8_missing_then_flake8.txt", 1, Category.DEPENDENCY),
]


@pytest.mark.parametrize(("command", "sample", "code", "kind"), CASES)
@pytest.mark.parametrize("block", [False, True])
def test_the_part_whose_output_the_log_shows_decides(
    command: str, sample: str, code: int, kind: Category, block: bool
) -> None:
    output = (DATA / sample).read_text()
    # one line under Travis, or a GitHub `run:` block under `bash -e`, a part a line
    log = (
        framing.github_script(command.replace(" && ", "\n"), output, exit_code=code)
        if block
        else framing.travis(command, output, code)
    )
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is kind, verdict.reason


def test_the_command_signal_names_the_part_that_ran_last() -> None:
    log = framing.travis("pip install flake8 && flake8", (DATA / "pip23_install_flake8_then_flake8.txt").read_text())
    signals = command_signals(extract_facts(log), None)
    assert [(s.category, s.reason.endswith("(`flake8`)")) for s in signals] == [(Category.LINT, True)]


def test_an_installer_s_own_failure_names_the_installer() -> None:
    # pip's errors are the installer's: its part decides, and flake8, which a rule names and which printed nothing,
    # never ran
    log = framing.travis(
        "pip install flake8==99.0 && flake8", (DATA / "pip23_install_flake8_missing_then_flake8.txt").read_text()
    )
    signals = command_signals(extract_facts(log), None)
    assert [(s.category, s.reason.endswith("(`pip install flake8==99.0`)")) for s in signals] == [
        (Category.DEPENDENCY, True)
    ]


FLAKE8_ALONE = (DATA / "flake8_75_then_mypy_not_run.txt").read_text()


# `a || b`: b ran because a failed; a b that only hands the failure on (a message, then `exit 1`) leaves a the part
# that failed, its hint's words naming no tool that ran (real runs: README, "`a || b`: the part whose status the line's is")
OR_CASES = [
    (
        'mypy pkg || (echo "Type check failed: run make lint locally"; exit 1)',
        "mypy24_or_hint_then_exit.txt",
        Category.TYPE,
        "mypy pkg",
    ),
    (
        'black --check . || { echo "Formatting differs: run pre-commit run flake8 --all-files"; exit 1; }',
        "black26_or_hint_then_exit.txt",
        Category.FORMAT,
        "black --check .",
    ),
]


@pytest.mark.parametrize(("command", "sample", "kind", "part"), OR_CASES)
def test_a_handler_that_hands_the_failure_on_leaves_the_command_before_it(
    command: str, sample: str, kind: Category, part: str
) -> None:
    log = framing.travis(command, (DATA / sample).read_text())
    facts = extract_facts(log)
    assert [(s.category, s.reason.endswith(f"(`{part}`)")) for s in command_signals(facts, None)] == [(kind, True)]
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is kind, verdict.reason


@pytest.mark.parametrize(
    ("command", "parts"),
    [
        ("mypy pkg || exit 1", ["mypy pkg"]),
        ('mypy pkg || (echo "Type check failed"; exit 1)', ["mypy pkg"]),
        ('black --check . || { echo "run black"; exit 1; }', ["black --check ."]),
        ("mypy pkg || true; ./scripts/check_docs.sh", ["./scripts/check_docs.sh"]),  # mypy's failure forgiven
        ("mypy pkg || echo skipped\nflake8", ["flake8"]),
        ("npm ci || npm install", ["npm install"]),  # the fallback ran and failed: its status is the line's
        ("pip install -e . && pytest || pytest --lf", ["pytest --lf"]),  # ran when either part before failed
        ("flake8 && mypy pkg", ["flake8", "mypy pkg"]),  # `&&`: either may have failed
        ("ruff check . || true", ["ruff check .", "true"]),  # nothing left: the line as it is
    ],
)
def test_or_reads_the_part_whose_status_is_the_line_s(command: str, parts: list[str]) -> None:
    assert [part for _, part in _may_have_failed(command)] == parts


def test_a_checker_that_exits_zero_is_not_the_part_that_failed() -> None:
    # flake8 --exit-zero printed its findings and passed; mypy failed. With mypy's reader left out (a type checker no
    # parser reads), flake8's rows were the only records and its part the shown one: decided lint. Now the command
    # names mypy, the records flake8: not sure.
    sample = (DATA / "flake8_75_exit_zero_then_mypy24.txt").read_text()
    log = framing.travis("flake8 --exit-zero && mypy pkg", sample)
    facts = extract_facts(log, leave_out=frozenset({"mypy"}))
    assert "mypy" in modules_reading(log)
    assert [(s.category, s.reason.endswith("(`mypy pkg`)")) for s in command_signals(facts, None)] == [
        (Category.TYPE, True)
    ]
    assert not rule_verdict(facts).decided
    assert [part for _, part in _may_have_failed("flake8 --exit-zero && mypy pkg")] == ["mypy pkg"]


@pytest.mark.parametrize(
    ("log", "decided_lint"),
    [
        # errexit stopped the shell at flake8's failure: mypy, after `;` or a line end, never ran
        (framing.github_script("flake8; mypy pkg", FLAKE8_ALONE), True),
        (framing.gitlab("flake8; mypy pkg", FLAKE8_ALONE), True),
        (framing.gitlab("flake8\nmypy pkg", FLAKE8_ALONE), True),
        # errexit ignores a failure before a chain's last `&&`: mypy ran, and may be what failed the step
        (framing.github_script("flake8 && echo ok; mypy pkg", FLAKE8_ALONE), False),
    ],
)
def test_a_part_after_one_errexit_stopped_at_never_ran(log: bytes, decided_lint: bool) -> None:
    verdict = rule_verdict(extract_facts(log))
    assert (verdict.decided and verdict.category is Category.LINT) is decided_lint, verdict.reason
