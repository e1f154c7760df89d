"""The eval report a team reviews a PR with: results.jsonl (one attempt a line), report.md, and a
self-contained report.html with a page per case (cases/<case>.html) linking each attempt's run view.

What it shows: the models actually used per specialist, the baseline beside this run with deltas
and the gate's decision per metric, cost at each specialist's default model and at one chosen
model, trends over earlier runs (their results.jsonl beside this one), honest statistics (no
spread for one attempt; 95% intervals when k > 1), labelled charts.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from remediate.evals.charts import bars, trend
from remediate.evals.costs import CaseCost, category_rows
from remediate.evals.gate import Baseline, GateResult
from remediate.evals.runner import AttemptResult
from remediate.evals.scoring import CaseScore, GroupScore, Stats, SuiteScore
from remediate.htmlkit import cards, diff_block, esc, kv, page, section, table, usd
from remediate.models import FixReport


class ReportInput(BaseModel):
    """Everything the report shows, computed once by the eval command."""

    model_config = ConfigDict(frozen=True)

    title: str
    score: SuiteScore
    results: list[AttemptResult]
    gate: GateResult | None = None
    baseline: Baseline | None = None
    costs: list[CaseCost] = []
    history: list[HistoryPoint] = []


class HistoryPoint(BaseModel):
    model_config = ConfigDict(frozen=True)

    run: str
    when: datetime
    attempts: int
    passes: int
    usd_mean: float
    wall_p50: float


def write_results(results: Sequence[AttemptResult], out: Path) -> Path:
    path = out / "results.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    return path


def load_history(out: Path, limit: int = 10) -> list[HistoryPoint]:
    """Earlier eval runs: the results.jsonl of the directories beside `out` (newest last), then this one."""
    points = []
    for path in sorted(out.parent.glob("*/results.jsonl"), key=lambda p: p.stat().st_mtime):
        if path.parent.resolve() == out.resolve():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            results = [AttemptResult.model_validate_json(line) for line in lines if line.strip()]
        except (OSError, ValidationError, ValueError):
            continue
        if results:
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            points.append(history_point(path.parent.name, when, results))
    return points[-limit:]


def history_point(run: str, when: datetime, results: Sequence[AttemptResult]) -> HistoryPoint:
    walls = sorted(r.wall_s for r in results)
    return HistoryPoint(
        run=run,
        when=when,
        attempts=len(results),
        passes=sum(r.verified for r in results),
        usd_mean=sum(r.usd for r in results) / len(results),
        wall_p50=walls[(len(walls) - 1) // 2],
    )


# ---------------------------------------------------------------- honest numbers


def mean_text(g: GroupScore, stats: Stats, fmt: str) -> str:
    """The mean, with a 95% interval only where it measures repeat noise: one case tried k > 1
    times. Over several cases (a category, the suite) the spread is between cases: shown as a range."""
    if stats.n <= 1:
        return fmt.format(stats.mean)
    if g.attempts_per_case > 1 and isinstance(g, CaseScore) and stats.ci95 is not None:
        return f"{fmt.format(stats.mean)} ± {fmt.format(stats.ci95)} (95% CI, k={stats.n})"
    return f"{fmt.format(stats.mean)} (range {fmt.format(stats.min)} to {fmt.format(stats.max)}, n={stats.n})"


def spread_text(stats: Stats, unit: str) -> str:
    """p50 / p95 only where they say something: one value is one value; p95 needs 20 values."""
    if stats.n <= 1:
        return f"{stats.max:.1f}{unit}"
    if stats.n < 20:
        return f"p50 {stats.p50:.1f}{unit} · max {stats.max:.1f}{unit} (n={stats.n})"
    return f"p50 {stats.p50:.1f}{unit} · p95 {stats.p95:.1f}{unit}"


def rate_text(g: GroupScore) -> str:
    """pass@1, with its 95% Wilson interval when cases were tried more than once."""
    if g.attempts_per_case <= 1:
        return f"{g.pass_at_1:.2f}"
    low, high = g.pass_interval
    return f"{g.pass_at_1:.2f} [{low:.2f}, {high:.2f}]"


def _change(change: float | None) -> str:
    if change is None:
        return "-"
    return "new" if change == float("inf") else f"{change:+.1%}"


# ---------------------------------------------------------------- sections


def _reports(results: Sequence[AttemptResult], out: Path) -> dict[tuple[str, int], FixReport]:
    found = {}
    for r in results:
        if r.report and (out / r.report).is_file():
            try:
                found[(r.case, r.attempt)] = FixReport.model_validate_json((out / r.report).read_text(encoding="utf-8"))
            except (OSError, ValidationError):
                continue
    return found


def models_rows(reports: dict[tuple[str, int], FixReport], costs: Sequence[CaseCost]) -> list[list[str]]:
    """Per specialist: the models its attempts actually ran on, beside its default."""
    used: dict[str, set[str]] = defaultdict(set)
    cases: dict[str, set[str]] = defaultdict(set)
    for (case, _), rep in reports.items():
        name = rep.route.specialist if rep.route else "(none)"
        if rep.model:
            used[name].add(rep.model)
        cases[name].add(case)
    defaults = {c.specialist: c.default_model for c in costs if c.specialist}
    return [
        [name, ", ".join(sorted(used[name])) or "no model call", defaults.get(name) or "-", str(len(cases[name]))]
        for name in sorted(cases)
    ]


def _gate(gate: GateResult | None, baseline: Baseline | None) -> str:
    if gate is None:
        return '<div class="gate warn">No gate: no baseline to compare with (or --update-baseline).</div>'
    cls, verdict = ("pass", "Gate passed") if gate.passed else ("fail", "Gate failed")
    reasons = "".join(f"<div>{esc(r)}</div>" for r in gate.reasons)
    rows = [
        [
            esc(m.name),
            f"{m.baseline:.4g}",
            f"{m.now:.4g}",
            _change(m.change),
            esc(m.rule),
            '<span class="ok">pass</span>' if m.passed else '<span class="bad">fail</span>',
        ]
        for m in gate.metrics
    ]
    lost = f"<p>lost: {esc(', '.join(gate.lost))}</p>" if gate.lost else ""
    gained = f"<p>gained: {esc(', '.join(gate.gained))}</p>" if gate.gained else ""
    source = f'<p class="muted">baseline model: {esc(baseline.model)}</p>' if baseline else ""
    return (
        f'<div class="gate {cls}">{verdict}{reasons}</div>'
        + table(["metric", "baseline", "this run", "change", "rule", "decision"], rows, numeric=(1, 2, 3))
        + lost
        + gained
        + source
    )


def _group_rows(groups: Sequence[GroupScore], link: bool = False) -> list[list[str]]:
    return [
        [
            f'<a href="cases/{esc(g.name)}.html">{esc(g.name)}</a>' if link else esc(g.name),
            f"{g.passes}/{g.attempts}",
            rate_text(g),
            f"{g.pass_hat_k:.2f}",
            esc(mean_text(g, g.usd, "${:.4f}")),
            esc(spread_text(g.wall_s, "s")),
            esc(mean_text(g, g.tool_calls, "{:.1f}")),
            f"{g.protected_violations} / {g.symptom_patches}",
        ]
        for g in groups
    ]


GROUP_HEAD = [
    "name",
    "passes",
    "pass@1 [95% CI if k>1]",
    "pass^k",
    "cost per attempt",
    "wall time",
    "tool calls",
    "prot/sym",
]


def _baseline_rows(score: SuiteScore, baseline: Baseline) -> list[list[str]]:
    rows = []
    for c in score.cases:
        before = baseline.cases.get(c.name)
        if before is None:
            rows.append([esc(c.name), "new case", "yes" if c.all_passed else "no", "-", f"${c.usd.mean:.4f}", "-"])
            continue
        change = (c.usd.mean - before.usd_mean) / before.usd_mean if before.usd_mean else None
        rows.append(
            [
                esc(c.name),
                "yes" if before.passed else "no",
                "yes" if c.all_passed else '<span class="bad">no</span>' if before.passed else "no",
                f"${before.usd_mean:.4f}",
                f"${c.usd.mean:.4f}",
                _change(change),
            ]
        )
    return rows


def _costs(costs: Sequence[CaseCost]) -> str:
    if not costs:
        return '<p class="muted">no cost data</p>'
    at = costs[0].at_model
    rows = [[esc(k), str(n), usd(d), usd(a)] for k, n, d, a in category_rows(costs)]
    head = ["category", "cases", "cost per case (default models)", f"same runs on {at}"]
    chart = bars(
        "cost per case: default model vs " + at,
        [(c.case, c.usd_default) for c in costs],
        secondary=[c.usd_at for c in costs],
        fmt="${:.4f}",
    )
    return table(head, rows, numeric=(1, 2, 3)) + chart


def _trends(history: Sequence[HistoryPoint]) -> str:
    if len(history) < 2:
        return f'<p class="muted">{len(history)} run(s) in the history: trends need two.</p>'
    labels = [h.run for h in history]
    rate = trend("verified share", labels, [h.passes / h.attempts for h in history], "{:.0%}")
    cost = trend("mean cost per attempt", labels, [h.usd_mean for h in history], "${:.4f}")
    rows = [
        [esc(h.run), esc(f"{h.when:%Y-%m-%d %H:%M}"), f"{h.passes}/{h.attempts}", usd(h.usd_mean), f"{h.wall_p50:.1f}s"]
        for h in history
    ]
    return rate + cost + table(["run", "when (UTC)", "verified", "mean cost", "p50 wall"], rows, numeric=(2, 3, 4))


def write_html(data: ReportInput, out: Path) -> Path:
    reports = _reports(data.results, out)
    parts = _sections(data, reports)
    generated = f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC} · {len(data.results)} attempts"
    path = out / "report.html"
    path.write_text(page(data.title, "".join(parts), subtitle=esc(generated)), encoding="utf-8")
    _write_case_pages(data, reports, out)
    return path


def _summary_cards(t: GroupScore) -> str:
    return cards(
        [
            ("verified", f"{t.passes}/{t.attempts}"),
            ("pass@1", rate_text(t)),
            ("pass^k", f"{t.pass_hat_k:.2f}"),
            ("mean cost", mean_text(t, t.usd, "${:.4f}")),
            ("wall time", spread_text(t.wall_s, "s")),
            ("protected / symptom", f"{t.protected_violations} / {t.symptom_patches}"),
        ]
    )


def _sections(data: ReportInput, reports: dict[tuple[str, int], FixReport]) -> list[str]:
    """The suite report's sections, in page order."""
    score = data.score
    parts = [
        section("gate", "Gate: baseline vs this run", _gate(data.gate, data.baseline)),
        section("summary", "Summary", _summary_cards(score.total)),
        section(
            "models",
            "Models used per specialist",
            table(["specialist", "models used", "default model", "cases"], models_rows(reports, data.costs)),
        ),
        section(
            "categories",
            "By category",
            bars("verified share by category", [(g.name, g.pass_at_1) for g in score.categories], fmt="{:.0%}")
            + table(GROUP_HEAD, _group_rows(score.categories), numeric=(1, 3)),
        ),
        section("languages", "By language", table(GROUP_HEAD, _group_rows(score.languages), numeric=(1, 3))),
        section("costs", "Cost you can plan with", _costs(data.costs)),
        section(
            "cases",
            "Cases",
            table(GROUP_HEAD, _group_rows(score.cases, link=True), numeric=(1, 3))
            + bars("wall time per case (mean)", [(c.name, c.wall_s.mean) for c in score.cases], fmt="{:.1f}s"),
        ),
    ]
    if data.baseline is not None:
        head = ["case", "passed (baseline)", "passed (now)", "cost (baseline)", "cost (now)", "change"]
        rows = _baseline_rows(score, data.baseline)
        parts.append(section("baseline", "Per case against the baseline", table(head, rows, numeric=(3, 4, 5))))
    parts.append(section("trends", "Trends over earlier runs", _trends(data.history)))
    return parts


def _write_case_pages(data: ReportInput, reports: dict[tuple[str, int], FixReport], out: Path) -> None:
    folder = out / "cases"
    folder.mkdir(exist_ok=True)
    costs = {c.case: c for c in data.costs}
    for case in data.score.cases:
        attempts = [r for r in data.results if r.case == case.name]
        body = ['<p><a href="../report.html">&larr; suite report</a></p>']
        summary = [
            ("category", esc(case.category)),
            ("passes", f"{case.passes}/{case.attempts}"),
            ("cost per attempt", esc(mean_text(case, case.usd, "${:.4f}"))),
            ("wall time", esc(spread_text(case.wall_s, "s"))),
        ]
        if (c := costs.get(case.name)) is not None:
            summary.append(("cost at default / " + esc(c.at_model), f"{usd(c.usd_default)} / {usd(c.usd_at)}"))
        if data.baseline is not None and (before := data.baseline.cases.get(case.name)) is not None:
            summary.append(("baseline", esc(f"passed={before.passed}, ${before.usd_mean:.4f}")))
        body.append(section("case-summary", "Summary", kv(summary)))
        for r in attempts:
            body.append(_attempt_section(r, reports.get((r.case, r.attempt))))
        (folder / f"{case.name}.html").write_text(page(f"case {case.name}", "".join(body)), encoding="utf-8")


def _attempt_section(r: AttemptResult, report: FixReport | None) -> str:
    run_view = f"../{r.trace.rsplit('/', 1)[0]}/run.html" if r.trace else None
    rows = [
        ("status", esc(r.status.value) + (' <span class="ok">verified</span>' if r.verified else "")),
        ("message", esc(r.message)),
        ("model calls / tool calls", f"{r.model_calls} / {r.tool_calls}"),
        ("cost / wall", f"{usd(r.usd)} / {r.wall_s:.1f}s"),
    ]
    if run_view:
        rows.append(("run view", f'<a href="{esc(run_view)}">run.html</a> (timeline, model and tool calls)'))
    diff = ""
    if report is not None:
        route = report.route
        where = f"{route.category.value} -> {route.specialist} ({route.decided_by}): {route.reason}" if route else "-"
        rows += [("route", esc(where)), ("model", esc(report.model or "-")), ("root cause", esc(report.root_cause))]
        diff = "<h3>diff</h3>" + diff_block(report.patch)
    return section(f"attempt-{r.attempt}", f"Attempt {r.attempt}", kv(rows) + diff)


def write_markdown(data: ReportInput, out: Path) -> Path:
    lines = [f"# {data.title}", "", f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC}.", ""]
    if data.gate is not None:
        lines += [f"**Gate: {'PASSED' if data.gate.passed else 'FAILED'}**", ""]
        lines += ["| metric | baseline | this run | change | rule | decision |", "|---|---:|---:|---:|---|---|"]
        lines += [
            f"| {m.name} | {m.baseline:.4g} | {m.now:.4g} | {_change(m.change)} | {m.rule} | "
            f"{'pass' if m.passed else 'FAIL'} |"
            for m in data.gate.metrics
        ]
        lines += [""] + [f"- {reason}" for reason in data.gate.reasons]
    head = "| " + " | ".join(GROUP_HEAD) + " |\n|" + "---|" * len(GROUP_HEAD)

    def md_rows(groups: Sequence[GroupScore]) -> list[str]:
        return ["| " + " | ".join(_plain(c) for c in row) + " |" for row in _group_rows(groups)]

    lines += ["", "## Overall", "", head, *md_rows([data.score.total]), "", "## By category", "", head]
    lines += [*md_rows(data.score.categories), "", "## By language", "", head, *md_rows(data.score.languages)]
    lines += ["", "## By case", "", head, *md_rows(data.score.cases), ""]
    lines += ["## Attempts", "", "| case | # | status | verified | tools | $ | wall | run view | patch |"]
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for r in data.results:
        view = f"[run]({r.trace.rsplit('/', 1)[0]}/run.html)" if r.trace else "-"
        patch = f"[patch]({r.patch})" if r.patch else "-"
        lines.append(
            f"| {r.case} | {r.attempt} | {r.status.value} | {'yes' if r.verified else 'no'} | {r.tool_calls} | "
            f"{r.usd:.4f} | {r.wall_s:.1f}s | {view} | {patch} |"
        )
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _plain(cell: str) -> str:
    """A table cell for markdown: the HTML link and entities reduced to text."""
    return html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).replace("|", "\\|")


ReportInput.model_rebuild()
