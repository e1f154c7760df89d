"""OpenTelemetry for one run: spans go to a JSONL run record (always) and to OTLP when the
environment configures it (Dagger's engine injects OTEL_* and TRACEPARENT).

Attribute names follow the OpenTelemetry GenAI semantic conventions (`gen_ai.*`) so Dagger
Cloud, Jaeger or Honeycomb read a run without our viewer; remediate's own live under
`remediate.*`. The Anthropic SDK's chat span is normalised on export (semconv span name and
cache/finish-reason names, plus the priced cost). No prompt or log content goes into exported
spans: tool inputs and results (`gen_ai.tool.call.arguments` / `.result`, opt-in content in the
conventions) stay in the local run record. Every attribute string is redacted on export.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from remediate import outfiles
from remediate.facts.redact import Redactor
from remediate.models import CheckRun, Usage, Verification
from remediate.pricing import cost_usd, price_of

# Semantic-convention names (OpenTelemetry GenAI) and remediate's own.
MODEL = "gen_ai.request.model"
RESPONSE_MODEL = "gen_ai.response.model"
INPUT_TOKENS = "gen_ai.usage.input_tokens"  # all input, cached included (the conventions' definition)
OUTPUT_TOKENS = "gen_ai.usage.output_tokens"
CACHE_READ = "gen_ai.usage.cache_read.input_tokens"
CACHE_CREATION = "gen_ai.usage.cache_creation.input_tokens"
FINISH_REASONS = "gen_ai.response.finish_reasons"
TOOL_NAME = "gen_ai.tool.name"
TOOL_ARGUMENTS = "gen_ai.tool.call.arguments"
TOOL_RESULT = "gen_ai.tool.call.result"
COST_USD = "remediate.cost.usd"
# Content: kept in the local run record, never exported.
CONTENT_ATTRIBUTES = frozenset({TOOL_ARGUMENTS, TOOL_RESULT})
# How much of a tool's input or result the run record keeps.
CONTENT_CHARS = 4000

# The Anthropic SDK's own names for what the conventions name differently.
SDK_CHAT_SPAN = "anthropic.messages.create"
_SDK_CACHE_WRITE = "gen_ai.usage.cache_write.input_tokens"
_SDK_STOP_REASON = "anthropic.message.stop_reason"


def cap(text: str, limit: int = CONTENT_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + f"\n[... {len(text) - limit} more characters]"


def chat_attributes(attrs: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The SDK's chat span in semantic-convention names, with its priced cost; and its span name."""
    out = {k: v for k, v in attrs.items() if k != _SDK_CACHE_WRITE}
    if _SDK_CACHE_WRITE in attrs and CACHE_CREATION not in attrs:
        out[CACHE_CREATION] = attrs[_SDK_CACHE_WRITE]
    if (reason := attrs.get(_SDK_STOP_REASON)) and FINISH_REASONS not in attrs:
        out[FINISH_REASONS] = (str(reason),)
    model = str(attrs.get(RESPONSE_MODEL) or attrs.get(MODEL) or "")
    if model and INPUT_TOKENS in attrs and COST_USD not in attrs:
        read, created = int(out.get(CACHE_READ, 0)), int(out.get(CACHE_CREATION, 0))
        usage = Usage(
            input_tokens=max(int(attrs[INPUT_TOKENS]) - read - created, 0),
            output_tokens=int(attrs.get(OUTPUT_TOKENS, 0)),
            cache_read_tokens=read,
            cache_write_tokens=created,
        )
        out[COST_USD] = round(cost_usd(model, usage), 8)
        out["remediate.price.known"] = price_of(model)[1]
    return out, f"chat {attrs.get(MODEL) or model}".strip()


def prepare(span: ReadableSpan, redactor: Redactor, *, content: bool) -> ReadableSpan:
    """The span as it leaves the process: semconv names, redacted strings, content only if asked."""
    name = span.name
    attrs: Mapping[str, Any] = span.attributes or {}
    if name == SDK_CHAT_SPAN:
        attrs, name = chat_attributes(attrs)

    def clean(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
        return {k: _redacted(v, redactor) for k, v in (mapping or {}).items() if content or k not in CONTENT_ATTRIBUTES}

    return ReadableSpan(
        name=redactor.redact(name),
        context=span.get_span_context(),
        parent=span.parent,
        resource=span.resource,
        attributes=clean(attrs),
        # A finished span's attributes are immutable: export redacted copies (an exception
        # event's message can carry a secret).
        events=[Event(e.name, clean(e.attributes), e.timestamp) for e in span.events],
        links=span.links,
        kind=span.kind,
        status=span.status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


def _redacted(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, (list, tuple)):
        return tuple(_redacted(v, redactor) for v in value)
    return value


class JsonlSpanExporter(SpanExporter):
    """Writes each finished span as one JSON line; the run record `remediate trace` renders.
    One run per record: opening it starts a fresh file."""

    def __init__(self, path: Path, redactor: Redactor) -> None:
        self.path = path
        self.redactor = redactor
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        outfiles.start_new(path)  # a link planted at the name is replaced, never followed

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = [json.dumps(_record(prepare(span, self.redactor, content=True)), ensure_ascii=False) for span in spans]
        with self._lock:
            outfiles.append(self.path, "".join(line + "\n" for line in lines))
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _record(span: ReadableSpan) -> dict[str, Any]:
    ctx = span.get_span_context()
    parent = span.parent
    return {
        "type": "span",
        "name": span.name,
        "trace_id": f"{ctx.trace_id:032x}" if ctx else None,
        "span_id": f"{ctx.span_id:016x}" if ctx else None,
        "parent_id": f"{parent.span_id:016x}" if parent else None,
        "start_ns": span.start_time,
        "end_ns": span.end_time,
        "status": span.status.status_code.name,
        "status_description": span.status.description,
        "attributes": {k: _jsonable(v) for k, v in (span.attributes or {}).items()},
        "events": [
            {"name": e.name, "attributes": {k: _jsonable(v) for k, v in (e.attributes or {}).items()}}
            for e in span.events
        ],
    }


class RedactingExporter(SpanExporter):
    """Wraps an exporter (OTLP) so what leaves the machine is normalised, redacted and content-free."""

    def __init__(self, inner: SpanExporter, redactor: Redactor) -> None:
        self.inner = inner
        self.redactor = redactor

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.inner.export([prepare(span, self.redactor, content=False) for span in spans])

    def shutdown(self) -> None:
        self.inner.shutdown()


def _otlp_exporter() -> SpanExporter | None:
    if not (os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")):
        return None
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:
        return None
    return OTLPSpanExporter()


def record_check(span: trace.Span, run: CheckRun, prefix: str = "remediate.check") -> None:
    """One check run on its stage span: exit code, duration, timeout."""
    span.set_attributes(
        {
            f"{prefix}.exit_code": run.exit_code,
            f"{prefix}.duration_s": run.duration_s,
            f"{prefix}.timed_out": run.timed_out,
        }
    )


def mark_outcome(root: trace.Span, status: str, *, failed: bool) -> None:
    """The run's root span: its status name, and an OK/ERROR span status (ERROR only for internal errors)."""
    root.set_attribute("remediate.status", status)
    root.set_status(trace.Status(trace.StatusCode.ERROR if failed else trace.StatusCode.OK, status if failed else None))


def mark_interrupted(root: trace.Span) -> None:
    """A run cut short (Ctrl-C, cancellation) still ends with a status in its record."""
    root.set_attribute("remediate.status", "interrupted")
    root.set_status(trace.Status(trace.StatusCode.ERROR, "interrupted"))


def record_verification(span: trace.Span, verification: Verification, passes_required: int) -> None:
    """The verdict on the verify span: how many runs passed of how many required, and why not."""
    runs = verification.runs
    span.set_attributes(
        {
            "remediate.verify.passed": verification.passed,
            "remediate.verify.passes": sum(r.exit_code == 0 and not r.timed_out for r in runs),
            "remediate.verify.passes_required": passes_required,
            "remediate.verify.exit_codes": [r.exit_code for r in runs],
            "remediate.verify.durations_s": [r.duration_s for r in runs],
            "remediate.verify.protected_paths": len(verification.protected_paths_touched),
            "remediate.verify.symptom_findings": len(verification.symptom_findings),
            "remediate.verify.reason": verification.reason[:300],
        }
    )


class RunTracer:
    """A tracer provider for one run, not the global one: runs in one process stay apart."""

    def __init__(self, record: Path, redactor: Redactor) -> None:
        self.provider = TracerProvider(resource=Resource.create({"service.name": "remediate"}))
        self.provider.add_span_processor(SimpleSpanProcessor(JsonlSpanExporter(record, redactor)))
        if (otlp := _otlp_exporter()) is not None:
            self.provider.add_span_processor(SimpleSpanProcessor(RedactingExporter(otlp, redactor)))
        self.tracer = self.provider.get_tracer("remediate")
        self.record = record

    @contextmanager
    def activate(self) -> Iterator[None]:
        """Make this provider the one `trace.get_tracer` hands out in this context, and join
        the caller's trace when TRACEPARENT is set."""
        token = otel_context.attach(TraceContextTextMapPropagator().extract(_environment_carrier()))
        slot = _provider.set(self.provider)
        try:
            yield
        finally:
            _provider.reset(slot)
            otel_context.detach(token)

    def shutdown(self) -> None:
        self.provider.shutdown()


def _environment_carrier() -> dict[str, str]:
    """TRACEPARENT/TRACESTATE from the environment as a W3C carrier. The engine sets them upper case;
    the propagator reads lower-case header names, so `os.environ` as is would find nothing and the
    run would leave the engine's trace instead of sitting under the function call."""
    carrier = {}
    for key in ("traceparent", "tracestate"):
        value = os.environ.get(key.upper()) or os.environ.get(key)
        if value:
            carrier[key] = value
    return carrier


# A context variable, not a thread-local: concurrent runs in one event loop (evals) stay apart.
_provider: ContextVar[TracerProvider | None] = ContextVar("remediate_tracer_provider", default=None)


def get_tracer(name: str) -> trace.Tracer:
    provider = _provider.get()
    return provider.get_tracer(name) if provider is not None else trace.get_tracer(name)
