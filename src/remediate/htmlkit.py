"""Pieces shared by the run view and the eval report: one stylesheet, tables, sections.

Pages are self-contained (inline CSS and SVG, no script, no external request). Every text that
came from a model, a log, a file or a check passes `esc`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from remediate.diffs import git_lines
from remediate.terminal import visible


def esc(text: object) -> str:
    """Escaped for an HTML text node or a quoted attribute; control characters shown as escapes
    (the same `terminal.visible` the terminal uses), so a page shows exactly what a terminal would."""
    return html.escape(visible(str(text)), quote=True)


CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1180px;
  color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px} h3{font-size:14px;margin:14px 0 4px}
h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
a{color:#0969da}
.muted{color:#59636e} .badge{padding:2px 8px;border-radius:10px;font-weight:600;font-size:13px}
.gate,.verdict{padding:10px 14px;border-radius:6px;margin:14px 0;font-weight:600}
.pass{background:#dafbe1;color:#116329} .fail{background:#ffebe9;color:#a40e26} .warn{background:#fff8c5;color:#7d4e00}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid #d8dee4;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa} table.kv th{width:180px;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#116329;font-weight:600} .bad{color:#a40e26;font-weight:600}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:140px}
.card b{display:block;font-size:20px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;overflow:auto;
  font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;max-height:480px;white-space:pre-wrap;word-break:break-all}
pre .ln{color:#8c959f;user-select:none} pre .add{background:#dafbe1;display:block}
pre .del{background:#ffebe9;display:block} pre .hunk{color:#8250df;display:block}
pre .hdr{font-weight:600;display:block}
details{border:1px solid #d0d7de;border-radius:6px;padding:4px 10px;margin:6px 0}
summary{cursor:pointer} svg text{font:12px system-ui,sans-serif;fill:#1f2328}
svg .small{font-size:11px;fill:#59636e}
"""


def page(title: str, body: str, subtitle: str = "") -> str:
    sub = f'<div class="muted">{subtitle}</div>' if subtitle else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{CSS}</style></head><body><h1>{esc(title)}</h1>{sub}{body}</body></html>\n"
    )


def section(section_id: str, heading: str, content: str) -> str:
    return f'<section id="{section_id}"><h2>{esc(heading)}</h2>{content}</section>'


def table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """`rows` cells are HTML already (callers escape what they put in); `numeric` columns align right."""
    nums = set(numeric)
    th = "".join(f'<th class="num">{esc(h)}</th>' if i in nums else f"<th>{esc(h)}</th>" for i, h in enumerate(head))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in nums else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>"


def kv(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column key/value table; values are HTML already."""
    return '<table class="kv">' + "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def cards(items: Iterable[tuple[str, str]]) -> str:
    return (
        '<div class="cards">' + "".join(f'<div class="card">{esc(k)}<b>{esc(v)}</b></div>' for k, v in items) + "</div>"
    )


def diff_block(patch: str) -> str:
    """A unified diff, line by line, coloured by kind."""
    if not patch.strip():
        return '<p class="muted">no diff</p>'
    out = []
    for line in git_lines(patch):
        if line.startswith(("+++", "---", "diff ")):
            cls = "hdr"
        elif line.startswith("@@"):
            cls = "hunk"
        elif line.startswith("+"):
            cls = "add"
        elif line.startswith("-"):
            cls = "del"
        else:
            out.append(esc(line) + "\n")
            continue
        out.append(f'<span class="{cls}">{esc(line)}</span>')
    return "<pre class='diff'>" + "".join(out) + "</pre>"


def usd(value: float) -> str:
    return f"${value:.4f}" if value < 1 else f"${value:.2f}"
