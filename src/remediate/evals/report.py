"""The eval report: results.jsonl (one attempt a line), report.md and a self-contained report.html."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from remediate.evals.gate import GateResult
from remediate.evals.runner import AttemptResult
from remediate.evals.scoring import GroupScore, SuiteScore


def write_results(results: Sequence[AttemptResult], out: Path) -> Path:
    path = out / "results.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    return path


def _row(g: GroupScore) -> str:
    return (
        f"| {g.name} | {g.passes}/{g.attempts} | {g.pass_at_1:.2f} | {g.pass_hat_k:.2f} | "
        f"${g.usd.mean:.4f} ± {g.usd.stdev:.4f} | {g.wall_s.p50:.1f}s / {g.wall_s.p95:.1f}s | "
        f"{g.tool_calls.mean:.1f} | {g.protected_violations} | {g.symptom_patches} |"
    )


HEADER = (
    "| name | passes | pass@1 | pass^k | cost mean ± sd | latency p50 / p95 | tool calls | protected | symptom |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def write_markdown(
    title: str, score: SuiteScore, results: Sequence[AttemptResult], gate: GateResult | None, out: Path
) -> Path:
    lines = [f"# {title}", "", f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC}.", ""]
    if gate is not None:
        verdict = "PASSED" if gate.passed else "FAILED"
        lines += [f"**Gate: {verdict}** (McNemar one-sided p={gate.p_value:.4f})", ""]
        lines += [f"- {reason}" for reason in gate.reasons] + ([""] if gate.reasons else [])
    lines += ["## Overall", "", HEADER, _row(score.total), "", "## By category", "", HEADER]
    lines += [_row(g) for g in score.categories]
    lines += ["", "## By case", "", HEADER]
    lines += [_row(c) for c in score.cases]
    lines += [
        "",
        "## Attempts",
        "",
        "| case | # | status | verified | tools | $ | wall | trace | patch |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        trace, patch = r.trace, r.patch
        lines.append(
            f"| {r.case} | {r.attempt} | {r.status.value} | {'yes' if r.verified else 'no'} | {r.tool_calls} | "
            f"{r.usd:.4f} | {r.wall_s:.1f}s | {f'[trace]({trace})' if trace else '-'} | "
            f"{f'[patch]({patch})' if patch else '-'} |"
        )
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1100px;
  color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.muted{color:#59636e} .gate{padding:10px 14px;border-radius:6px;margin:14px 0;font-weight:600}
.pass{background:#dafbe1;color:#116329} .fail{background:#ffebe9;color:#a40e26}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #d8dee4;padding:5px 8px;text-align:left}
th{background:#f6f8fa} td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#116329;font-weight:600} .bad{color:#a40e26;font-weight:600}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:20px} svg text{font:12px system-ui,sans-serif;fill:#1f2328}
"""


def _bars(groups: Sequence[GroupScore]) -> str:
    width, row = 640, 26
    height = row * len(groups) + 10
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="success by category">']
    for i, g in enumerate(groups):
        y = i * row + 4
        bar = int(420 * g.pass_at_1)
        parts.append(f'<text x="0" y="{y + 15}">{html.escape(g.name)}</text>')
        parts.append(f'<rect x="120" y="{y}" width="420" height="18" fill="#eaeef2"/>')
        parts.append(f'<rect x="120" y="{y}" width="{bar}" height="18" fill="#2da44e"/>')
        parts.append(f'<text x="548" y="{y + 14}">{g.passes}/{g.attempts} ({g.pass_at_1:.0%})</text>')
    parts.append("</svg>")
    return "".join(parts)


def _strip(title: str, values: Sequence[float], unit: str) -> str:
    """A dot strip of one distribution, with p50 and p95 marks."""
    width, height, left, right = 640, 56, 10, 630
    if not values:
        return f"<p class='muted'>{html.escape(title)}: no data</p>"
    top = max(values) or 1.0
    ordered = sorted(values)

    def x(v: float) -> float:
        return left + (right - left) * v / top

    p50 = ordered[max(0, (len(ordered) + 1) // 2 - 1)]
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
    dots = "".join(f'<circle cx="{x(v):.1f}" cy="24" r="4" fill="#0969da" fill-opacity="0.55"/>' for v in values)
    marks = (
        f'<line x1="{x(p50):.1f}" x2="{x(p50):.1f}" y1="10" y2="38" stroke="#1f2328"/>'
        f'<line x1="{x(p95):.1f}" x2="{x(p95):.1f}" y1="10" y2="38" stroke="#cf222e" stroke-dasharray="3 2"/>'
    )

    def fmt(v: float) -> str:
        return f"${v:.4f}" if unit == "$" else f"{v:.3g}{unit}"

    label = f"p50 {fmt(p50)} · p95 {fmt(p95)} · max {fmt(top)}"
    return (
        f"<h3 style='font-size:14px;margin:12px 0 2px'>{html.escape(title)}</h3>"
        f'<svg width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">'
        f'<line x1="{left}" x2="{right}" y1="24" y2="24" stroke="#d0d7de"/>{dots}{marks}'
        f'<text x="{left}" y="52">0</text><text x="{right}" y="52" text-anchor="end">{html.escape(label)}</text></svg>'
    )


def _group_rows(groups: Sequence[GroupScore]) -> str:
    out = []
    for g in groups:
        out.append(
            f"<tr><td>{html.escape(g.name)}</td><td class=num>{g.passes}/{g.attempts}</td>"
            f"<td class=num>{g.pass_at_1:.2f}</td><td class=num>{g.pass_hat_k:.2f}</td>"
            f"<td class=num>${g.usd.mean:.4f} ± {g.usd.stdev:.4f}</td>"
            f"<td class=num>{g.wall_s.p50:.1f}s / {g.wall_s.p95:.1f}s</td><td class=num>{g.tool_calls.mean:.1f}</td>"
            f"<td class=num>{g.protected_violations}</td><td class=num>{g.symptom_patches}</td></tr>"
        )
    return "".join(out)


GROUP_HEAD = (
    "<tr><th>name</th><th>passes</th><th>pass@1</th><th>pass^k</th><th>cost mean ± sd</th>"
    "<th>latency p50 / p95</th><th>tool calls</th><th>protected</th><th>symptom</th></tr>"
)


def write_html(
    title: str, score: SuiteScore, results: Sequence[AttemptResult], gate: GateResult | None, out: Path
) -> Path:
    t = score.total
    gate_html = ""
    if gate is not None:
        cls, verdict = ("pass", "Gate passed") if gate.passed else ("fail", "Gate failed")
        reasons = "".join(f"<div>{html.escape(r)}</div>" for r in gate.reasons)
        p_value = f'<span class="muted">(McNemar p={gate.p_value:.4f})</span>'
        gate_html = f'<div class="gate {cls}">{verdict} {p_value}{reasons}</div>'
    attempts = []
    for r in results:
        trace, patch = r.trace, r.patch
        links = " ".join(
            f'<a href="{html.escape(p)}">{name}</a>' for name, p in (("trace", trace), ("patch", patch)) if p
        )
        mark = '<span class="ok">yes</span>' if r.verified else '<span class="bad">no</span>'
        attempts.append(
            f"<tr><td>{html.escape(r.case)}</td><td>{html.escape(r.category)}</td><td class=num>{r.attempt}</td>"
            f"<td>{html.escape(r.status.value)}</td><td>{mark}</td><td class=num>{r.tool_calls}</td>"
            f"<td class=num>{r.model_calls}</td><td class=num>${r.usd:.4f}</td><td class=num>{r.wall_s:.1f}s</td>"
            f"<td>{links}</td><td class=muted>{html.escape(r.message[:140])}</td></tr>"
        )
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{CSS}</style></head><body>
<h1>{html.escape(title)}</h1><div class="muted">Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC}</div>
{gate_html}
<div class="cards">
<div class="card">verified<b>{t.passes}/{t.attempts}</b></div>
<div class="card">pass@1<b>{t.pass_at_1:.2f}</b></div>
<div class="card">pass^k<b>{t.pass_hat_k:.2f}</b></div>
<div class="card">mean cost<b>${t.usd.mean:.4f}</b></div>
<div class="card">p95 latency<b>{t.wall_s.p95:.1f}s</b></div>
<div class="card">protected / symptom<b>{t.protected_violations} / {t.symptom_patches}</b></div>
</div>
<h2>Success by category</h2>{_bars(score.categories)}
<table>{GROUP_HEAD}{_group_rows(score.categories)}</table>
<h2>Cost and latency</h2>
{_strip("cost per attempt", [r.usd for r in results], "$")}
{_strip("wall time per attempt", [r.wall_s for r in results], "s")}
{_strip("tool calls per attempt", [float(r.tool_calls) for r in results], "")}
<h2>Cases</h2><table>{GROUP_HEAD}{_group_rows(score.cases)}</table>
<h2>Attempts</h2><table><tr><th>case</th><th>category</th><th>#</th><th>status</th><th>verified</th><th>tools</th>
<th>model calls</th><th>cost</th><th>wall</th><th>links</th><th>message</th></tr>{"".join(attempts)}</table>
</body></html>
"""
    path = out / "report.html"
    path.write_text(body, encoding="utf-8")
    return path
