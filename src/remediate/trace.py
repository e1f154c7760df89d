"""OpenTelemetry for one run: spans go to a JSONL run record (always) and to OTLP when the
environment configures it (Dagger's engine injects OTEL_* and TRACEPARENT).

No prompt or log content goes into spans; every attribute string is redacted on export.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
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

from remediate.facts.redact import Redactor


class JsonlSpanExporter(SpanExporter):
    """Writes each finished span as one JSON line; the run record `remediate trace` renders."""

    def __init__(self, path: Path, redactor: Redactor) -> None:
        self.path = path
        self.redactor = redactor
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = [json.dumps(self._record(span), ensure_ascii=False) for span in spans]
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line + "\n")
        return SpanExportResult.SUCCESS

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redactor.redact(value)
        if isinstance(value, (list, tuple)):
            return [self._clean(v) for v in value]
        return value

    def _record(self, span: ReadableSpan) -> dict[str, Any]:
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
            "attributes": {k: self._clean(v) for k, v in (span.attributes or {}).items()},
            "events": [
                {"name": e.name, "attributes": {k: self._clean(v) for k, v in (e.attributes or {}).items()}}
                for e in span.events
            ],
        }

    def shutdown(self) -> None:
        return None


class RedactingExporter(SpanExporter):
    """Wraps an exporter (OTLP) so redaction also holds for what leaves the machine."""

    def __init__(self, inner: SpanExporter, redactor: Redactor) -> None:
        self.inner = inner
        self.redactor = redactor

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        # A finished span's attributes are immutable: export redacted copies (attributes and
        # event attributes alike; an exception event's message can carry a secret).
        return self.inner.export([self._clean(span) for span in spans])

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redactor.redact(value)
        if isinstance(value, (list, tuple)):
            return tuple(self._value(v) for v in value)
        return value

    def _clean(self, span: ReadableSpan) -> ReadableSpan:
        def attrs(mapping: Any) -> dict[str, Any]:
            return {k: self._value(v) for k, v in (mapping or {}).items()}

        return ReadableSpan(
            name=self.redactor.redact(span.name),
            context=span.get_span_context(),
            parent=span.parent,
            resource=span.resource,
            attributes=attrs(span.attributes),
            events=[Event(e.name, attrs(e.attributes), e.timestamp) for e in span.events],
            links=span.links,
            kind=span.kind,
            status=span.status,
            start_time=span.start_time,
            end_time=span.end_time,
            instrumentation_scope=span.instrumentation_scope,
        )

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


def current_provider() -> TracerProvider | None:
    return _provider.get()


def get_tracer(name: str) -> trace.Tracer:
    provider = _provider.get()
    return provider.get_tracer(name) if provider is not None else trace.get_tracer(name)


def read_record(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
