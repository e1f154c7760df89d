"""The trace a run leaves: OTLP attribute names (gen_ai semantic conventions + remediate.*), the
local run record (content stays local), the text view, one run per --out, an interrupted root."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from typer.testing import CliRunner

from remediate.cli import app
from remediate.runrecord import load_record
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy
from tests.obs.conftest import CASE, LintRun, run_fix_cli


def _value(v: AnyValue) -> Any:
    kind = v.WhichOneof("value")
    if kind == "array_value":
        return [_value(x) for x in v.array_value.values]
    return getattr(v, kind) if kind else None


def _exported(run: LintRun) -> dict[str, list[dict[str, Any]]]:
    """Span name -> attribute maps, decoded from the protobuf bodies the OTLP exporter posted."""
    spans: dict[str, list[dict[str, Any]]] = {}
    assert run.collector.bodies, f"nothing exported; stderr: {run.stderr[-1500:]}"
    for path, content_type, body in run.collector.bodies:
        assert path == "/v1/traces" and content_type == "application/x-protobuf"
        request = ExportTraceServiceRequest.FromString(body)
        for resource in request.resource_spans:
            for scope in resource.scope_spans:
                for span in scope.spans:
                    attrs = {a.key: _value(a.value) for a in span.attributes}
                    attrs["__status"] = span.status.code
                    spans.setdefault(span.name, []).append(attrs)
    return spans


def test_the_run_fixed_and_left_its_files(lint_run: LintRun) -> None:
    assert lint_run.code == 0, lint_run.stderr[-2000:]
    for name in ("report.json", "run.jsonl", "run.html", "fix.patch"):
        assert (lint_run.out / name).is_file(), name


def test_otlp_payload_uses_semantic_convention_names(lint_run: LintRun) -> None:
    spans = _exported(lint_run)
    chats = [attrs for name, group in spans.items() if name.startswith("chat ") for attrs in group]
    assert len(chats) == 3, sorted(spans)
    for attrs in chats:
        assert attrs["gen_ai.operation.name"] == "chat"
        assert attrs["gen_ai.provider.name"] == "anthropic"
        assert attrs["gen_ai.request.model"] == "claude-haiku-5-5"  # the lint specialist's default
        for key in (
            "gen_ai.usage.input_tokens",
            "gen_ai.usage.output_tokens",
            "gen_ai.usage.cache_read.input_tokens",
            "gen_ai.usage.cache_creation.input_tokens",
        ):
            assert isinstance(attrs[key], int), key
        assert attrs["gen_ai.usage.input_tokens"] >= (
            attrs["gen_ai.usage.cache_read.input_tokens"] + attrs["gen_ai.usage.cache_creation.input_tokens"]
        )
        assert attrs["gen_ai.response.finish_reasons"] == ["tool_use"]
        assert attrs["remediate.cost.usd"] > 0
        assert "gen_ai.usage.cache_write.input_tokens" not in attrs  # the SDK's name, renamed
    report = json.loads((lint_run.out / "report.json").read_text())
    assert abs(sum(a["remediate.cost.usd"] for a in chats) - report["usage"]["usd"]) < 1e-6

    tools = [attrs for name, group in spans.items() if name.startswith("execute_tool ") for attrs in group]
    assert len(tools) == report["tool_calls"]
    for attrs in tools:
        assert attrs["gen_ai.operation.name"] == "execute_tool" and attrs["gen_ai.tool.type"] == "function"
        assert attrs["gen_ai.tool.name"] and attrs["gen_ai.tool.call.id"]
        # Content (tool inputs and results) never leaves the machine.
        assert "gen_ai.tool.call.arguments" not in attrs and "gen_ai.tool.call.result" not in attrs

    (root,) = spans["invoke_agent remediate"]
    assert root["gen_ai.operation.name"] == "invoke_agent" and root["gen_ai.agent.name"] == "remediate"
    assert root["remediate.status"] == "fixed" and root["__status"] == 1  # STATUS_CODE_OK
    (reproduce,) = spans["remediate.reproduce"]
    assert reproduce["remediate.check.exit_code"] == 1 and reproduce["remediate.check.duration_s"] > 0
    (verify,) = spans["remediate.verify"]
    assert verify["remediate.verify.passes"] == 2 and verify["remediate.verify.passes_required"] == 2
    assert verify["remediate.verify.exit_codes"] == [0, 0]
    names = {key for group in spans.values() for attrs in group for key in attrs}
    own = {
        k for k in names if not k.startswith(("gen_ai.", "remediate.", "anthropic.", "http.", "server.", "url.", "__"))
    }
    assert not own, f"attributes outside gen_ai.*/remediate.* (and the SDK's transport names): {own}"


def test_the_local_record_keeps_tool_content(lint_run: LintRun) -> None:
    record = load_record(lint_run.out)
    calls = record.tool_calls()
    assert calls and all(c.arguments for c in calls)
    by_name = {c.name: c for c in calls}
    assert "except InvalidOperation" in by_name["edit_file"].arguments or any(
        "InvalidOperation" in c.arguments for c in calls
    )
    assert "All checks passed" in by_name["run_check"].result and by_name["run_check"].exit_code == 0
    assert [c.model for c in record.model_calls()] == ["claude-haiku-5-5"] * 3


def test_text_trace_shows_full_names_costs_and_check_results(lint_run: LintRun) -> None:
    result = CliRunner().invoke(app, ["trace", str(lint_run.out)], terminal_width=400)
    assert result.exit_code == 0, result.output
    text = result.output
    for needle in (
        "chat claude-haiku-5-5",
        "gen_ai.request.model=claude-haiku-5-5",
        "gen_ai.usage.cache_read.input_tokens=",
        "gen_ai.usage.cache_creation.input_tokens=",
        "gen_ai.response.finish_reasons=[tool_use]",
        "remediate.cost.usd=",
        "remediate.check.exit_code=1",
        "remediate.verify.passes=2",
        "remediate.exit_code=0",
        "remediate.status=fixed",
    ):
        assert needle in text, needle
    assert " input_tokens=" not in text  # no shortened names


def test_trace_of_a_missing_or_broken_record_is_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["trace", str(tmp_path)])
    assert result.exit_code == 2 and "no run record" in result.output and "Traceback" not in result.output
    (tmp_path / "run.jsonl").write_text('{"type": "span", "name": \n')
    result = runner.invoke(app, ["trace", str(tmp_path), "--html"])
    assert result.exit_code == 2 and "cannot read" in result.output and "Traceback" not in result.output


def test_a_reused_out_holds_one_run(lint_run: LintRun, tmp_path: Path) -> None:
    """The second run into the same --out starts a fresh record: one root span, its own run id."""
    source = tmp_path / "src"
    shutil.copytree(CASE / "src", source)
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "ANTHROPIC_"))}
    first = run_fix_cli(source, out, env)
    second = run_fix_cli(source, out, env)
    assert first.returncode == second.returncode == 0, second.stderr[-1500:]
    lines = [json.loads(line) for line in (out / "run.jsonl").read_text().splitlines()]
    roots = [s for s in lines if s["name"] == "invoke_agent remediate"]
    assert len(roots) == 1 and len({s["trace_id"] for s in lines}) == 1
    report = json.loads((out / "report.json").read_text())
    assert roots[0]["attributes"]["remediate.run_id"] == report["run_id"]


class _Stuck:
    """A sandbox whose check never returns: the run is interrupted mid-reproduce."""

    async def run(self, argv: list[str], limits: object) -> object:
        await anyio.sleep(3600)
        raise AssertionError


@asynccontextmanager
async def _stuck_sandbox() -> AsyncIterator[_Stuck]:
    yield _Stuck()


async def test_an_interrupted_run_still_records_how_it_ended(tmp_path: Path) -> None:
    backend = Backend(open_sandbox=_stuck_sandbox)  # type: ignore[arg-type]
    spec = FixSpec(check="ruff check .", log_path=CASE / "ci.log", policy=Policy(breaker_generations=0))
    with anyio.move_on_after(1.0):
        await run_session(spec, backend, tmp_path)
    record = load_record(tmp_path)
    root = record.root
    assert root is not None and root.status == "ERROR" and root.status_description == "interrupted"
    assert root.attributes["remediate.status"] == "interrupted"
