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
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.commands import command_signals
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
