"""The run's timeline as an inline SVG Gantt chart: stages, model calls and tool calls to scale."""

from __future__ import annotations

from remediate.htmlkit import esc, usd
from remediate.runrecord import RunRecord, SpanRecord

WIDTH, LABEL_W, PLOT_W, ROW = 1140, 230, 500, 20
_COLOURS = {"stage": "#8c959f", "chat": "#8250df", "tool": "#2da44e", "error": "#cf222e", "root": "#0969da"}


def _kind(span: SpanRecord) -> str:
    if span.status == "ERROR" and span.parent_id is not None:
        return "error"
    if span.operation == "chat":
        return "chat"
    if span.operation == "execute_tool":
        return "error" if span.attributes.get("remediate.tool.is_error") else "tool"
    return "stage" if span.name.startswith("remediate.") else "root"


def _note(record: RunRecord, span: SpanRecord) -> str:
    """What the bar means: tokens, cache hits and cost for a model call; exit code for a check."""
    if span.operation == "chat":
        call = next(c for c in record.model_calls() if c.span.span_id == span.span_id)
        u = call.usage
        return (
            f"{call.finish_reason or '?'} · in {u.input_tokens} · cache read {u.cache_read_tokens} "
            f"write {u.cache_write_tokens} · out {u.output_tokens} · {usd(call.cost_usd)}"
        )
    attrs = span.attributes
    for key in ("remediate.exit_code", "remediate.check.exit_code"):
        if key in attrs:
            return f"exit {attrs[key]}"
    if "remediate.verify.passes" in attrs:
        return f"{attrs['remediate.verify.passes']}/{attrs.get('remediate.verify.passes_required', '?')} passes"
    if "remediate.triage.specialist" in attrs:
        return (
            f"-> {attrs['remediate.triage.specialist'] or 'no specialist'} ({attrs.get('remediate.triage.decided_by')})"
        )
    if "remediate.status" in attrs:
        return str(attrs["remediate.status"])
    return ""


def _depth(record: RunRecord, span: SpanRecord) -> int:
    by_id = {s.span_id: s for s in record.spans}
    depth, parent = 0, by_id.get(span.parent_id)
    while parent is not None:
        depth, parent = depth + 1, by_id.get(parent.parent_id)
    return depth


def timeline(record: RunRecord) -> str:
    spans = [s for s in record.spans if s.end_ns > 0]
    if not spans:
        return '<p class="muted">no finished span in the record</p>'
    t0 = min(s.start_ns for s in spans)
    total = max(max(s.end_ns for s in spans) - t0, 1)

    def x(ns: int) -> float:
        return LABEL_W + PLOT_W * (ns - t0) / total

    height = ROW * len(spans) + 40
    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="run timeline" class="timeline">']
    for i in range(6):  # time axis
        xi = LABEL_W + PLOT_W * i / 5
        parts.append(f'<line x1="{xi:.1f}" x2="{xi:.1f}" y1="0" y2="{height - 22}" stroke="#eaeef2"/>')
        parts.append(
            f'<text x="{xi:.1f}" y="{height - 8}" text-anchor="middle" class="small">{total * i / 5 / 1e9:.1f}s</text>'
        )
    for row, span in enumerate(spans):
        y = row * ROW + 2
        kind = _kind(span)
        x0, x1 = x(span.start_ns), x(span.end_ns)
        name = esc(span.name)
        indent = 8 * _depth(record, span)
        note = esc(_note(record, span))
        parts.append(f'<text x="{indent}" y="{y + 13}">{name}</text>')
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 2}" width="{max(x1 - x0, 1.5):.1f}" height="{ROW - 6}" rx="2" '
            f'fill="{_COLOURS[kind]}"><title>{name}: {span.seconds:.3f}s {note}</title></rect>'
        )
        parts.append(f'<text x="{LABEL_W + PLOT_W + 10}" y="{y + 13}" class="small">{span.seconds:.2f}s {note}</text>')
    parts.append("</svg>")
    legend = " ".join(f'<span style="color:{c}">■</span> {k}' for k, c in _COLOURS.items() if k != "root")
    return "".join(parts) + f'<div class="muted">{legend} · bars to scale over {total / 1e9:.2f}s</div>'
