"""A run record (run.jsonl) read back as typed spans, model calls, tool calls and check runs.

One reader for every view of a run: `remediate trace` (text), the HTML run view, and the eval
cost tables (which re-price each model call at another model).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from remediate import trace as names
from remediate.models import FixReport, Usage
from remediate.pricing import cost_usd

RECORD = "run.jsonl"
REPORT = "report.json"


class RunRecordError(Exception):
    """The run record is missing or unreadable."""


class SpanRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    trace_id: str | None = None
    span_id: str | None = None
    parent_id: str | None = None
    start_ns: int = 0
    end_ns: int = 0
    status: str = "UNSET"
    status_description: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    events: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def seconds(self) -> float:
        return max(self.end_ns - self.start_ns, 0) / 1e9

    @property
    def operation(self) -> str:
        return str(self.attributes.get("gen_ai.operation.name", ""))

    def attr_int(self, key: str) -> int:
        value = self.attributes.get(key)
        return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


class ModelCall(BaseModel):
    model_config = ConfigDict(frozen=True)

    span: SpanRecord
    stage: str
    model: str
    finish_reason: str
    usage: Usage
    cost_usd: float

    def cost_at(self, model: str) -> float:
        """The same tokens priced at another model (what this call would cost there)."""
        return cost_usd(model, self.usage)


class ToolCall(BaseModel):
    model_config = ConfigDict(frozen=True)

    span: SpanRecord
    name: str
    arguments: str
    result: str
    is_error: bool
    exit_code: int | None


class RunRecord(BaseModel):
    """One run: its spans in start order (the latest run when an old record holds several)."""

    model_config = ConfigDict(frozen=True)

    path: Path
    spans: list[SpanRecord]
    earlier_runs: int = 0

    @property
    def root(self) -> SpanRecord | None:
        return next((s for s in self.spans if s.parent_id not in self._ids), None)

    @property
    def _ids(self) -> set[str | None]:
        return {s.span_id for s in self.spans}

    def children(self, span: SpanRecord | None) -> list[SpanRecord]:
        if span is None:
            return [s for s in self.spans if s.parent_id not in self._ids]
        return [s for s in self.spans if s.parent_id == span.span_id]

    def stage_of(self, span: SpanRecord) -> str:
        by_id = {s.span_id: s for s in self.spans}
        parent = by_id.get(span.parent_id)
        while parent is not None:
            if parent.name.startswith("remediate.") and parent.name != "remediate.context":
                return parent.name.removeprefix("remediate.")
            parent = by_id.get(parent.parent_id)
        return "run"

    def stages(self) -> list[SpanRecord]:
        return [s for s in self.spans if s.name.startswith("remediate.")]

    def model_calls(self) -> list[ModelCall]:
        return [_model_call(s, self.stage_of(s)) for s in self.spans if s.operation == "chat"]

    def tool_calls(self) -> list[ToolCall]:
        return [
            ToolCall(
                span=s,
                name=str(s.attributes.get(names.TOOL_NAME, s.name)),
                arguments=str(s.attributes.get(names.TOOL_ARGUMENTS, "")),
                result=str(s.attributes.get(names.TOOL_RESULT, "")),
                is_error=bool(s.attributes.get("remediate.tool.is_error")),
                exit_code=s.attributes.get("remediate.exit_code"),
            )
            for s in self.spans
            if s.operation == "execute_tool"
        ]

    def total_usd(self) -> float:
        return sum(c.cost_usd for c in self.model_calls())


def _model_call(span: SpanRecord, stage: str) -> ModelCall:
    attrs = span.attributes
    read, created = span.attr_int(names.CACHE_READ), span.attr_int(names.CACHE_CREATION)
    usage = Usage(
        model_calls=1,
        input_tokens=max(span.attr_int(names.INPUT_TOKENS) - read - created, 0),
        output_tokens=span.attr_int(names.OUTPUT_TOKENS),
        cache_read_tokens=read,
        cache_write_tokens=created,
    )
    model = str(attrs.get(names.RESPONSE_MODEL) or attrs.get(names.MODEL) or "?")
    reasons = attrs.get(names.FINISH_REASONS) or []
    cost = attrs.get(names.COST_USD)
    return ModelCall(
        span=span,
        stage=stage,
        model=model,
        finish_reason=",".join(str(r) for r in reasons) if isinstance(reasons, list) else str(reasons),
        usage=usage,
        cost_usd=float(cost) if isinstance(cost, (int, float)) else cost_usd(model, usage),
    )


def record_path(run: Path) -> Path:
    return run / RECORD if run.is_dir() else run


def load_record(run: Path) -> RunRecord:
    """A run directory or its run.jsonl. Raises RunRecordError with a one-line reason."""
    path = record_path(run)
    if not path.is_file():
        raise RunRecordError(f"no run record at {path}")
    try:
        spans = list(_spans(path.read_text(encoding="utf-8").splitlines()))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        raise RunRecordError(f"cannot read {path}: {type(exc).__name__}: {str(exc).splitlines()[0]}") from exc
    spans.sort(key=lambda s: s.start_ns)
    traces = list(dict.fromkeys(s.trace_id for s in spans))
    if len(traces) > 1:
        latest = max(spans, key=lambda s: s.start_ns).trace_id
        kept = [s for s in spans if s.trace_id == latest]
        return RunRecord(path=path, spans=kept, earlier_runs=len(traces) - 1)
    return RunRecord(path=path, spans=spans)


def _spans(lines: Iterable[str]) -> Iterable[SpanRecord]:
    for line in lines:
        if not line.strip():
            continue
        data = json.loads(line)
        if isinstance(data, dict) and data.get("type", "span") == "span":
            span = SpanRecord.model_validate(data)
            if span.name == names.SDK_CHAT_SPAN:  # a record written before export normalised chat spans
                attributes, name = names.chat_attributes(span.attributes)
                span = span.model_copy(update={"attributes": attributes, "name": name})
            yield span


def load_report(run: Path) -> FixReport | None:
    """The report.json beside the record, when there is one (the run view's facts, route, diff, verdict)."""
    path = (run if run.is_dir() else run.parent) / REPORT
    if not path.is_file():
        return None
    try:
        return FixReport.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError):
        return None
