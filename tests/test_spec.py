"""The run spec: check parsed once, budget overrides touching only what they name, one settings
object, and one mapping of errors to statuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from remediate.breaker import BreakerError
from remediate.cli import app
from remediate.client import ModelAccessError
from remediate.errors import BadInput, Refused, Stop, message_of, status_of
from remediate.facts import FactsInputError
from remediate.models import Budget, CheckSpec, ExitCode, FixReport, Status
from remediate.sandbox.base import SandboxUnavailable
from remediate.spec import RUN_BUDGET, BudgetOverride, FixSpec, Policy, Settings
from remediate.state import AttemptRefused, StateError


def test_a_check_is_parsed_once_into_argv_words_and_tools() -> None:
    check = CheckSpec(command="python -m ruff check 'src dir' # don't")
    assert check.words == ["python", "-m", "ruff", "check", "src dir"]
    assert check.mentions("ruff") and check.mentions("RUFF") and not check.mentions("mypy")
    assert check.argv() == ["/bin/sh", "-c", check.command]
    assert check.argv(prelude="pip install .") == ["/bin/sh", "-c", f"pip install .\n{check.command}"]
    assert not check.inferred and str(check) == check.command


@pytest.mark.parametrize("bad", ["pytest 'unclosed", "   ", ""])
def test_a_check_that_is_not_a_shell_command_is_refused_at_construction(bad: str) -> None:
    with pytest.raises(ValidationError):
        CheckSpec(command=bad)


def test_a_report_reads_a_check_written_as_plain_text() -> None:
    # report.json of older runs carried the check as a string.
    report = FixReport.model_validate({"run_id": "r", "status": "fixed", "message": "m", "exit_code": 0, "check": "x"})
    assert report.check == CheckSpec(command="x")
    assert FixSpec(check="pytest -q").check == CheckSpec(command="pytest -q")
    assert FixSpec(check="  ").check is None, "an empty check means: infer it from the log"


def test_budget_overrides_touch_only_the_named_dimensions() -> None:
    own = Budget(tool_calls=12, usd=0.10, seconds=300)
    policy = Policy(budget=BudgetOverride(tool_calls=3), run_budget=BudgetOverride(usd=0.5))
    assert policy.specialist_budget(own) == Budget(tool_calls=3, usd=0.10, seconds=300)
    assert policy.whole_run_budget() == RUN_BUDGET.model_copy(update={"usd": 0.5})
    assert Policy().specialist_budget(own) == own and Policy().whole_run_budget() == RUN_BUDGET
    with pytest.raises(ValidationError):
        BudgetOverride(usd=-1)


def test_settings_read_the_environment_once_and_empty_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMEDIATE_STATE", "off")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "")
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo/app")
    settings = Settings()
    assert settings.state == "off" and settings.anthropic_api_key is None and settings.github_repository == "octo/app"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k-1")
    assert Settings().anthropic_api_key == "k-1" and "k-1" not in repr(Settings())


def test_settings_hold_the_publish_credentials_and_a_given_environment_is_read_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An unset CI secret arrives empty: REMEDIATE_GITHUB_TOKEN="" falls back to the runner's GITHUB_TOKEN.
    monkeypatch.setenv("REMEDIATE_GITHUB_TOKEN", "")
    monkeypatch.setenv("GITHUB_TOKEN", "ghs-runner")
    monkeypatch.setenv("REMEDIATE_SLACK_WEBHOOK", "https://hooks.example/secret-path")
    settings = Settings()
    assert settings.github_token == "ghs-runner" and settings.slack_webhook == "https://hooks.example/secret-path"
    assert "ghs-runner" not in repr(settings) and "secret-path" not in repr(settings)
    given = Settings.of({"REMEDIATE_GITHUB_TOKEN": "ghs-own", "CI_PROJECT_PATH": "g/p", "PATH": "/bin"})
    assert (given.github_token, given.gitlab_project) == ("ghs-own", "g/p")
    assert given.slack_webhook is None, "Settings.of reads the given mapping, not the process's environment"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (FactsInputError("x"), Status.BAD_INPUT),
        (ModelAccessError("x"), Status.BAD_INPUT),
        (SandboxUnavailable("x"), Status.REFUSED),
        (StateError("x"), Status.REFUSED),
        (BreakerError("x"), Status.REFUSED),
        (Stop(Status.NOT_REPRODUCED, "x"), Status.NOT_REPRODUCED),
        (BadInput("x"), Status.BAD_INPUT),
        (Refused("x"), Status.REFUSED),
        (KeyError("x"), Status.ERROR),
    ],
)
def test_every_error_maps_to_its_status_in_one_place(error: Exception, status: Status) -> None:
    assert status_of(error) == status
    if isinstance(error, BadInput | Refused | Stop):
        assert error.exit_code == ExitCode.of(status)
    assert message_of(error) == ("internal error: KeyError: 'x'" if status == Status.ERROR else "x")
    assert issubclass(AttemptRefused, Refused)


def test_cli_refuses_a_check_that_does_not_parse_before_any_work(tmp_path: Path) -> None:
    log = tmp_path / "ci.log"
    log.write_text("E boom\n")
    out = tmp_path / "out"
    args = ["fix", "--source", str(tmp_path), "--log", str(log), "--check", "pytest 'x", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "does not parse" in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists(), "nothing is written for bad input"
