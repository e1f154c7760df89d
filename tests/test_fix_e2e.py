"""`fix` end to end: real sandbox, real SDK over a cassette, real pytest in the fixture."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate.cli import app
from remediate.client import ModelAccess
from remediate.models import FixReport, Status
from remediate.replay import Cassette
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy
from tests.conftest import needs_bwrap
from tests.helpers import expect_result, make_project, sandbox_factory, script, tool_use

pytestmark = needs_bwrap


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_cli_fixes_the_renamed_function_fixture(renamed_fixture: Path, tmp_path: Path) -> None:
    before = tree_digest(renamed_fixture)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "fix",
            "--source",
            str(renamed_fixture / "src"),
            "--log",
            str(renamed_fixture / "ci.log"),
            "--check",
            "python -m pytest -q",
            "--cassette",
            str(renamed_fixture / "cassette.json"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "fixed" and report["verification"]["passed"]
    assert len(report["verification"]["runs"]) == 2 and report["verification"]["reproduced"]["exit_code"] != 0
    assert report["changed_files"] == ["src/invoicing/invoice.py"]
    patch = (out / "fix.patch").read_text()
    assert "+        return money.round_currency(self.discounted() * self.tax_rate)" in patch
    assert report["usage"]["model_calls"] == 5 and report["tool_calls"] == 5 and report["usage"]["usd"] > 0
    # The stable prefix (tools + system + facts) is written once and read by every later call.
    assert (
        report["usage"]["cache_write_tokens"] > 0
        and report["usage"]["cache_read_tokens"] > report["usage"]["cache_write_tokens"]
    )
    assert "AttributeError" in report["root_cause"]
    assert tree_digest(renamed_fixture) == before, "the fixture must not be modified"
    spans = [json.loads(line) for line in (out / "run.jsonl").read_text().splitlines()]
    names = [s["name"] for s in spans]
    assert "invoke_agent remediate" in names and "remediate.verify" in names
    assert names.count("execute_tool search") == 1 and names.count("execute_tool run_check") == 1
    model_spans = [s for s in spans if s["attributes"].get("gen_ai.operation.name") == "chat"]
    assert len(model_spans) == 5, "the SDK's own gen_ai spans land in the run record"
    root = next(s for s in spans if s["name"] == "invoke_agent remediate")
    assert all(s["trace_id"] == root["trace_id"] for s in spans)
    tool_span = next(s for s in spans if s["name"] == "execute_tool search")
    specialist = next(s for s in spans if s["name"] == "remediate.specialist")
    assert tool_span["parent_id"] == specialist["span_id"]
    assert all(s["parent_id"] == specialist["span_id"] for s in model_spans)
    trace_view = CliRunner().invoke(app, ["trace", str(out)])
    assert trace_view.exit_code == 0 and "execute_tool edit_file" in trace_view.output


def test_apply_writes_the_verified_patch_to_the_source(renamed_fixture: Path, tmp_path: Path) -> None:
    import shutil

    source = tmp_path / "proj"
    shutil.copytree(renamed_fixture / "src", source)
    result = CliRunner().invoke(
        app,
        [
            "fix",
            "--source",
            str(source),
            "--log",
            str(renamed_fixture / "ci.log"),
            "--check",
            "python -m pytest -q",
            "--cassette",
            str(renamed_fixture / "cassette.json"),
            "--out",
            str(tmp_path / "o"),
            "--apply",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "round_currency(self.discounted()" in (source / "src/invoicing/invoice.py").read_text()


async def test_passing_check_is_not_reproduced_and_spends_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "ok", {"ok.py": "print('fine')\n"})
    log = tmp_path / "ci.log"
    log.write_text("FAILED tests/test_x.py::test_y - AssertionError\n1 failed in 0.1s\n")
    outcome = await run_session(
        FixSpec(check="python ok.py", log_path=log), Backend(open_sandbox=sandbox_factory(project)), tmp_path / "out"
    )
    report = outcome.report
    assert report.status == Status.NOT_REPRODUCED and report.exit_code == 13
    assert report.usage.model_calls == 0 and outcome.model_client is None
    # run_session with an output directory leaves the report and the run record there.
    assert outcome.artifacts is not None and outcome.artifacts.patch is None
    assert FixReport.model_validate_json(outcome.artifacts.report.read_text()) == report
    assert outcome.artifacts.trace.is_file() and report.trace_id is not None
    assert report.trace_id in outcome.artifacts.trace.read_text()


GHA_LOG = (
    "2024-01-01T00:00:00.0000000Z ##[group]Run python ok.py\n"
    "2024-01-01T00:00:00.0000000Z python ok.py\n"
    "2024-01-01T00:00:00.0000000Z shell: /usr/bin/bash -e {0}\n"
    "2024-01-01T00:00:00.0000000Z ##[endgroup]\n"
    "2024-01-01T00:00:01.0000000Z boom\n"
    "2024-01-01T00:00:01.0000000Z ##[error]Process completed with exit code 1.\n"
)


async def test_without_a_check_the_failing_steps_command_is_the_check_and_the_report_says_so(tmp_path: Path) -> None:
    project = make_project(tmp_path / "ok", {"ok.py": "print('fine')\n"})
    log = tmp_path / "ci.log"
    log.write_text(GHA_LOG)
    report = (await run_session(FixSpec(log_path=log), Backend(open_sandbox=sandbox_factory(project)))).report
    assert report.check is not None and report.check.inferred and report.check.command == "python ok.py"
    # The inferred check ran in the sandbox: it passes here, so the failure is not reproduced.
    assert report.status == Status.NOT_REPRODUCED, report.message


async def test_without_a_check_and_none_in_the_log_the_run_asks_for_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.py": "x = 1\n"})
    log = tmp_path / "ci.log"
    log.write_text("E   boom\n1 failed\n")
    report = (await run_session(FixSpec(log_path=log), Backend(open_sandbox=sandbox_factory(project)))).report
    assert report.status == Status.BAD_INPUT and report.exit_code == 2
    assert "--check" in report.message and report.check is None
    assert "reproduce" not in [t.stage for t in report.timings]


@pytest.mark.parametrize(
    ("log_text", "check", "status", "needle"),
    [
        (None, "python -m pytest", Status.BAD_INPUT, "not found"),
        ("", "python -m pytest", Status.BAD_INPUT, "empty"),
        ("E   boom\n1 failed\n", "definitely-not-a-tool --run", Status.BAD_INPUT, "exit 127"),
    ],
)
async def test_bad_input_is_typed_and_readable(
    tmp_path: Path, log_text: str | None, check: str, status: Status, needle: str
) -> None:
    project = make_project(tmp_path / "p", {"a.py": "x = 1\n"})
    log = tmp_path / "ci.log"
    if log_text is not None:
        log.write_text(log_text)
    report = (
        await run_session(FixSpec(check=check, log_path=log), Backend(open_sandbox=sandbox_factory(project)))
    ).report
    assert report.status == status and needle in report.message, report.message


async def test_editing_tests_is_refused_and_the_run_is_not_fixed(renamed_fixture: Path, tmp_path: Path) -> None:
    cheat = script(
        [
            tool_use(
                1,
                "edit_file",
                {
                    "path": "tests/test_invoice.py",
                    "old_text": "def test_tax_is_rounded_to_cents",
                    "new_text": "def _skip_tax_is_rounded_to_cents",
                },
            )
        ],
        (
            [tool_use(2, "finish", {"root_cause": "tests", "summary": "edited tests", "fixed": True})],
            expect_result("toolu_01", is_error=True, contains=("protected",)),
        ),
    )
    path = tmp_path / "cheat.json"
    cheat.dump(path)
    backend = Backend(open_sandbox=sandbox_factory(renamed_fixture / "src"), access=ModelAccess(cassette=path))
    spec = FixSpec(check="python -m pytest -q", log_path=renamed_fixture / "ci.log", policy=Policy(passes_required=1))
    outcome = await run_session(spec, backend)
    report, handle = outcome.report, outcome.model_client
    assert report.status == Status.NOT_FIXED and "empty" in report.message
    assert any(e.kind == "tool_error" and "protected" in e.detail for e in report.guard_events)
    assert handle is not None and handle.player is not None
    assert not handle.player.mismatches


async def test_canary_secret_never_leaves(renamed_fixture: Path, tmp_path: Path) -> None:
    import shutil

    canary = "canary-" + "Zq9" * 12
    source = tmp_path / "src"
    shutil.copytree(renamed_fixture / "src", source)
    (source / "src/invoicing/settings.py").write_text(f'BILLING_API_SECRET = "{canary}"\n')
    log = tmp_path / "ci.log"
    log.write_text((renamed_fixture / "ci.log").read_text() + f"\nexport BILLING_API_SECRET={canary}\n")
    cassette = Cassette.load(renamed_fixture / "cassette.json")
    first = cassette.interactions[0].body["content"]
    # The scripted model also reads the file holding the secret.
    leaky = script(
        [tool_use(90, "read_file", {"path": "src/invoicing/settings.py"})],
    )
    merged = Cassette(kind="scripted", interactions=[leaky.interactions[0], *cassette.interactions])
    merged.interactions[1] = merged.interactions[1].model_copy(update={"expect": expect_result("toolu_90")})
    path = tmp_path / "c.json"
    merged.dump(path)
    assert first
    backend = Backend(open_sandbox=sandbox_factory(source), access=ModelAccess(cassette=path), secrets=(canary,))
    outcome = await run_session(FixSpec(check="python -m pytest -q", log_path=log), backend)
    report = outcome.report
    assert report.status == Status.FIXED, report.message
    player = outcome.model_client.player if outcome.model_client else None
    assert player is not None and len(player.raw_requests) == 6
    for body in player.raw_requests:
        assert canary.encode() not in body
    assert canary not in report.model_dump_json()


async def test_a_value_the_log_masked_never_leaves_when_a_tool_prints_it_again(
    renamed_fixture: Path, tmp_path: Path
) -> None:
    # No secret is given to the run: only the log declares one (GitHub's `::add-mask::`, shown under set -x),
    # and the scripted model reads a file in the sandbox that holds the value again.
    import shutil

    masked = "mask-" + "Qw7" * 12
    source = tmp_path / "src"
    shutil.copytree(renamed_fixture / "src", source)
    (source / "src/invoicing/settings.py").write_text(f'BILLING_API_SECRET = "{masked}"\n')
    log = tmp_path / "ci.log"
    log.write_text(f"+ echo '::add-mask::{masked}'\n" + (renamed_fixture / "ci.log").read_text())
    cassette = Cassette.load(renamed_fixture / "cassette.json")
    leaky = script([tool_use(90, "read_file", {"path": "src/invoicing/settings.py"})])
    merged = Cassette(kind="scripted", interactions=[leaky.interactions[0], *cassette.interactions])
    merged.interactions[1] = merged.interactions[1].model_copy(update={"expect": expect_result("toolu_90")})
    path = tmp_path / "c.json"
    merged.dump(path)
    backend = Backend(open_sandbox=sandbox_factory(source), access=ModelAccess(cassette=path))
    out = tmp_path / "out"
    outcome = await run_session(FixSpec(check="python -m pytest -q", log_path=log), backend, out)
    assert outcome.report.status == Status.FIXED, outcome.report.message
    player = outcome.model_client.player if outcome.model_client else None
    assert player is not None and len(player.raw_requests) == 6
    assert b"BILLING_API_SECRET = " in player.raw_requests[1]  # the tool's output reached the model
    for body in player.raw_requests:
        assert masked.encode() not in body
    written = sorted(p for p in out.iterdir() if p.is_file())
    assert {p.name for p in written} >= {"report.json", "run.jsonl", "run.html"}
    for artifact in written:
        assert masked.encode() not in artifact.read_bytes(), artifact.name
    assert masked not in outcome.report.model_dump_json()


async def test_an_inferred_check_is_weighed_as_the_logs_command_not_as_the_users_word(tmp_path: Path) -> None:
    # The failing step's command names a Dockerfile, and nothing else in the log says what broke. Given
    # by the user, such a check decides the route; read from the log, it is the failing command's
    # evidence, as the rules were calibrated on (logs carry no user check), and the rules abstain.
    checker = "import sys\nprint('Dockerfile: image is 1.9 GB, over the 1 GB budget')\nsys.exit(1)\n"
    project = make_project(tmp_path / "img", {"tools/check_image.py": checker, "Dockerfile": "FROM python:3.12\n"})
    log = tmp_path / "ci.log"
    log.write_text(
        GHA_LOG.replace("python ok.py", "python tools/check_image.py Dockerfile").replace(
            "boom", "Dockerfile: image is 1.9 GB, over the 1 GB budget"
        )
    )
    report = (await run_session(FixSpec(log_path=log), Backend(open_sandbox=sandbox_factory(project)))).report
    assert report.check is not None and report.check.inferred
    assert report.route is not None and report.route.decided_by == "fallback", report.message
    given = FixSpec(log_path=log, check=report.check.command)
    report = (await run_session(given, Backend(open_sandbox=sandbox_factory(project)))).report
    assert report.route is not None and report.route.decided_by == "rules", report.message
