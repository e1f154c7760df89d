"""The run view: one self-contained page that answers "what did it do, what did it cost, why do
you believe the patch" from a run record (run.jsonl) and its report (report.json)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from remediate import outfiles
from remediate.diffs import git_lines
from remediate.htmlkit import cards, diff_block, esc, kv, page, section, table, usd
from remediate.models import CheckRun, Facts, FixReport, Status
from remediate.runrecord import RunRecord, RunRecordError, load_record, load_report
from remediate.runview.timeline import timeline

log = logging.getLogger(__name__)
PAGE = "run.html"
_EXCERPT_HEADER = re.compile(r"^── log lines (\d+)-(\d+) ──$")


def render_page(record: RunRecord, report: FixReport | None) -> str:
    root = record.root
    run_id = report.run_id if report else str((root.attributes if root else {}).get("remediate.run_id", "?"))
    status = report.status.value if report else str((root.attributes if root else {}).get("remediate.status", "?"))
    parts = [_verdict(report, status), _summary(record, report)]
    parts.append(section("timeline", "Timeline", timeline(record)))
    parts.append(section("model-calls", "Model calls", _model_calls(record)))
    parts.append(section("tool-calls", "Tool calls", _tool_calls(record)))
    parts.append(section("checks", "Check runs", _checks(record, report)))
    if report is not None:
        parts.append(section("route", "Route", _route(report)))
        parts.append(section("facts", "Facts", _facts(report.facts)))
        parts.append(section("diff", "Diff", _root_cause(report) + diff_block(report.patch)))
        parts.append(section("guards", "Guard events", _guards(report)))
        if report.measurements:
            parts.append(section("measurements", "Measurements", _measurements(report)))
    else:
        parts.append('<p class="muted">no report.json beside the record: facts, route and diff are not shown</p>')
    if record.earlier_runs:
        parts.append(f'<p class="muted">{record.earlier_runs} earlier run(s) in this record are not shown</p>')
    return page(f"remediate run {run_id}", "".join(parts), subtitle=esc(f"{status} · {record.path}"))


def write_page(run_dir: Path) -> Path:
    """Render run.html beside the run's record and report."""
    record = load_record(run_dir)
    target = record.path.parent / PAGE
    outfiles.write_text(target, render_page(record, load_report(record.path.parent)))
    return target


def write_run_view(run_dir: Path) -> Path | None:
    """At the end of a run: the page is a view, so a record it cannot read costs a warning, not the run."""
    try:
        return write_page(run_dir)
    except (RunRecordError, OSError, ValueError) as exc:
        log.warning("run view not written for %s: %s", run_dir, exc)
        return None


def _verdict(report: FixReport | None, status: str) -> str:
    cls = "pass" if status == Status.FIXED.value else ("warn" if status == Status.NOT_REPRODUCED.value else "fail")
    message = esc(report.message) if report else ""
    verification = report.verification if report else None
    why = ""
    if verification is not None and verification.runs:
        passed = sum(r.exit_code == 0 and not r.timed_out for r in verification.runs)
        why = (
            f"<div>verification: the check passed {passed} of {len(verification.runs)} run(s) on a fresh copy "
            f"with the patch; protected paths touched: {len(verification.protected_paths_touched)}; "
            f"symptom findings: {len(verification.symptom_findings)}</div>"
        )
    return f'<section id="verdict"><div class="verdict {cls}">{esc(status)}: {message}{why}</div></section>'


def _summary(record: RunRecord, report: FixReport | None) -> str:
    calls = record.model_calls()
    models = sorted({c.model for c in calls}) or ([report.model] if report and report.model else [])
    root = record.root
    tokens_in = sum(c.usage.input_tokens + c.usage.cache_read_tokens + c.usage.cache_write_tokens for c in calls)
    cached = sum(c.usage.cache_read_tokens for c in calls)
    items = [
        ("cost", usd(record.total_usd())),
        ("model calls", str(len(calls))),
        ("tool calls", str(len(record.tool_calls()))),
        ("input tokens (cache hits)", f"{tokens_in} ({cached})"),
        ("output tokens", str(sum(c.usage.output_tokens for c in calls))),
        ("wall time", f"{root.seconds:.1f}s" if root else "?"),
        ("model", ", ".join(models) or "none"),
    ]
    return section("summary", "Summary", cards(items))


def _model_calls(record: RunRecord) -> str:
    calls = record.model_calls()
    if not calls:
        return '<p class="muted">no model call</p>'
    rows = [
        [
            str(i),
            esc(c.stage),
            esc(c.model),
            esc(c.finish_reason or "-"),
            str(c.usage.input_tokens),
            str(c.usage.cache_read_tokens),
            str(c.usage.cache_write_tokens),
            str(c.usage.output_tokens),
            usd(c.cost_usd),
            f"{c.span.seconds:.2f}s",
        ]
        for i, c in enumerate(calls, 1)
    ]
    head = ["#", "stage", "model", "stop reason", "input", "cache read", "cache write", "output", "cost", "time"]
    return table(head, rows, numeric=(0, 4, 5, 6, 7, 8, 9))


def _tool_calls(record: RunRecord) -> str:
    calls = record.tool_calls()
    if not calls:
        return '<p class="muted">no tool call</p>'
    out = []
    for i, t in enumerate(calls, 1):
        flag = '<span class="bad">error</span>' if t.is_error else '<span class="ok">ok</span>'
        code = f" · exit {t.exit_code}" if t.exit_code is not None else ""
        out.append(
            f"<details><summary>{i}. <b>{esc(t.name)}</b> {flag}{code} · {t.span.seconds:.2f}s</summary>"
            f"<h3>input</h3><pre>{esc(t.arguments or '(not recorded)')}</pre>"
            f"<h3>result (capped, redacted)</h3><pre>{esc(t.result or '(not recorded)')}</pre></details>"
        )
    return "".join(out)


def _check_row(what: str, run: CheckRun) -> list[str]:
    mark = (
        '<span class="ok">pass</span>' if run.exit_code == 0 and not run.timed_out else '<span class="bad">fail</span>'
    )
    return [esc(what), mark, str(run.exit_code), "yes" if run.timed_out else "no", f"{run.duration_s:.2f}s"]


def _checks(record: RunRecord, report: FixReport | None) -> str:
    rows: list[list[str]] = []
    verification = report.verification if report else None
    if verification is not None and verification.reproduced is not None:
        rows.append(_check_row("reproduce (untouched source)", verification.reproduced))
    for t in record.tool_calls():
        if t.name == "run_check" and t.exit_code is not None:
            mark = '<span class="ok">pass</span>' if t.exit_code == 0 else '<span class="bad">fail</span>'
            rows.append(["run_check (agent)", mark, str(t.exit_code), "-", f"{t.span.seconds:.2f}s"])
    if verification is not None:
        for i, run in enumerate(verification.runs, 1):
            rows.append(_check_row(f"verify {i} (fresh copy + patch)", run))
    if not rows:
        return '<p class="muted">no check ran</p>'
    text = table(["run", "result", "exit code", "timed out", "duration"], rows, numeric=(2, 4))
    if verification is not None and verification.reason:
        text += f"<p>{esc(verification.reason)}</p>"
    return text


def _route(report: FixReport) -> str:
    route = report.route
    if route is None:
        return '<p class="muted">not routed (the run ended before triage or no specialist handles it)</p>'
    items = [
        ("route", esc(f"{route.category.value} -> {route.specialist}")),
        ("decided by", esc(route.decided_by)),
        ("why", esc(route.reason)),
        ("target files", esc(", ".join(route.target_files) or "-")),
        ("model", esc(report.model or "-")),
        (
            "check",
            f"<code>{esc(report.check.command if report.check else '-')}</code>"
            + (" (read from the log)" if report.check and report.check.inferred else ""),
        ),
    ]
    return kv(items)


def _excerpt(facts: Facts) -> str:
    """The excerpt with the original log line numbers its headers give."""
    out: list[str] = []
    line_no: int | None = None
    for line in git_lines(facts.excerpt):  # a \r or \f inside a log line is shown, not a break
        if m := _EXCERPT_HEADER.match(line):
            line_no = int(m.group(1))
            out.append(f'<span class="hunk">{esc(line)}</span>')
            continue
        number = f"{line_no:>6} " if line_no is not None else ""
        out.append(f'<span class="ln">{number}</span>{esc(line)}\n')
        if line_no is not None:
            line_no += 1
    return "<pre>" + "".join(out) + "</pre>"


def _facts(facts: Facts | None) -> str:
    if facts is None:
        return '<p class="muted">no facts (the run ended before they were computed)</p>'
    head = [
        ("category", esc(f"{facts.category.value} ({facts.confidence:.2f})")),
        ("tools", esc(", ".join(facts.tools) or "-")),
        ("failing command", esc(facts.failing_command or "-")),
        ("log", esc(f"{facts.log_lines} lines, {facts.log_bytes} bytes; excerpt {facts.excerpt_tokens} tokens")),
        ("redacted", esc(", ".join(f"{k}: {v}" for k, v in sorted(facts.redactions.items())) or "nothing")),
    ]
    text = kv(head)
    if facts.failing_tests:
        text += "<h3>failing tests</h3>" + table(
            ["test", "message"], [[esc(t.id), esc(t.message or "")] for t in facts.failing_tests[:50]]
        )
    if facts.errors:
        rows = [
            [
                esc(str(e.log_line or "-")),
                esc(e.tool),
                esc(":".join(str(x) for x in (e.file, e.line, e.column) if x is not None) or "-"),
                esc(e.code or ""),
                esc(e.message[:300]),
            ]
            for e in facts.errors[:50]
        ]
        text += "<h3>errors</h3>" + table(["log line", "tool", "where", "code", "message"], rows, numeric=(0,))
    return text + "<h3>excerpt</h3>" + _excerpt(facts)


def _root_cause(report: FixReport) -> str:
    if not report.root_cause:
        return ""
    return f"<p><b>root cause</b> (the specialist's words): {esc(report.root_cause)}</p>"


def _measurements(report: FixReport) -> str:
    rows = [
        [esc(m.specialist), esc(m.name), f"{m.before:g}", "?" if m.after is None else f"{m.after:g}"]
        for m in report.measurements
    ]
    return table(["specialist", "measure", "before", "after"], rows)


def _guards(report: FixReport) -> str:
    if not report.guard_events:
        return '<p class="muted">no guard event</p>'
    rows = [[esc(e.at.strftime("%H:%M:%S")), esc(e.kind), esc(e.detail)] for e in report.guard_events]
    return table(["at", "kind", "detail"], rows)
