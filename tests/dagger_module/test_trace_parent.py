"""Under Dagger the run's spans belong to the engine's trace: the engine sets TRACEPARENT (upper case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts.redact import Redactor
from remediate.runrecord import load_record
from remediate.trace import RunTracer, get_tracer

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN_ID = "00f067aa0ba902b7"


@pytest.mark.parametrize("name", ["TRACEPARENT", "traceparent"])
def test_the_root_span_is_a_child_of_the_engines_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.delenv("TRACEPARENT", raising=False)
    monkeypatch.delenv("traceparent", raising=False)
    monkeypatch.setenv(name, f"00-{TRACE_ID}-{SPAN_ID}-01")
    tracer = RunTracer(tmp_path / "run.jsonl", Redactor(()))
    with tracer.activate(), get_tracer("test").start_as_current_span("invoke_agent remediate"):
        pass
    tracer.shutdown()
    (span,) = load_record(tmp_path / "run.jsonl").spans
    assert (span.trace_id, span.parent_id) == (TRACE_ID, SPAN_ID)


def test_without_a_traceparent_the_run_is_its_own_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACEPARENT", raising=False)
    monkeypatch.delenv("traceparent", raising=False)
    tracer = RunTracer(tmp_path / "run.jsonl", Redactor(()))
    with tracer.activate(), get_tracer("test").start_as_current_span("root"):
        pass
    tracer.shutdown()
    (span,) = load_record(tmp_path / "run.jsonl").spans
    assert span.parent_id is None and span.trace_id != TRACE_ID
