"""Labelled inline SVG charts for the eval report: every bar and point names what it is and its value."""

from __future__ import annotations

from collections.abc import Sequence

from remediate.htmlkit import esc

WIDTH, LABEL_W, PLOT_W = 900, 220, 520


def bars(title: str, items: Sequence[tuple[str, float]], *, fmt: str, secondary: Sequence[float] | None = None) -> str:
    """Horizontal bars, one row per item, scaled to the largest value; `secondary` draws a thinner
    second bar per row (e.g. the same runs at another model)."""
    if not items:
        return ""
    top = max([v for _, v in items] + list(secondary or [])) or 1.0
    row = 30 if secondary is not None else 22
    height = row * len(items) + 8
    parts = [
        f'<h3>{esc(title)}</h3><svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{esc(title)}">'
    ]
    for i, (label, value) in enumerate(items):
        y = i * row + 4
        width = PLOT_W * value / top
        parts.append(f'<text x="0" y="{y + 13}">{esc(label)}</text>')
        parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{PLOT_W}" height="16" fill="#eaeef2"/>')
        parts.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{width:.1f}" height="16" fill="#2da44e">'
            f"<title>{esc(label)}: {esc(fmt.format(value))}</title></rect>"
        )
        text = fmt.format(value)
        if secondary is not None:
            other = secondary[i]
            parts.append(
                f'<rect x="{LABEL_W}" y="{y + 18}" width="{PLOT_W * other / top:.1f}" height="7" fill="#8250df">'
                f"<title>{esc(label)}: {esc(fmt.format(other))}</title></rect>"
            )
            text += f" / {fmt.format(other)}"
        parts.append(f'<text x="{LABEL_W + PLOT_W + 8}" y="{y + 13}" class="small">{esc(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend(title: str, labels: Sequence[str], values: Sequence[float], fmt: str) -> str:
    """A line over runs (oldest left), each point labelled with its value, the x axis with the run."""
    if not values:
        return ""
    height, left, right, top_y, bottom_y = 150, 40, WIDTH - 40, 20, 100
    high = max(values) or 1.0
    step = (right - left) / max(len(values) - 1, 1)

    def at(i: int, v: float) -> tuple[float, float]:
        return left + step * i, bottom_y - (bottom_y - top_y) * v / high

    points = [at(i, v) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = [
        f'<h3>{esc(title)}</h3><svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{esc(title)}">',
        f'<line x1="{left}" x2="{right}" y1="{bottom_y}" y2="{bottom_y}" stroke="#d0d7de"/>',
        f'<polyline points="{path}" fill="none" stroke="#0969da" stroke-width="2"/>',
    ]
    for (x, y), v, label in zip(points, values, labels, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0969da"><title>{esc(label)}</title></circle>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" class="small">{esc(fmt.format(v))}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom_y + 16}" text-anchor="middle" class="small">{esc(label[-15:])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
