"""`remediate eval`: validate fixtures, run the suite, score, gate against the baseline, report."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from remediate.evals import fixtures as fixture_checks
from remediate.evals import inputs as run_inputs
from remediate.evals.costs import CaseCost, case_costs, write_costs
from remediate.evals.gate import Baseline, GateResult, compare
from remediate.evals.report import ReportInput, history_point, load_history, write_html, write_markdown, write_results
from remediate.evals.runner import SPECIALIST_DEFAULTS, AttemptResult, RunOptions, Suite, run_cases
from remediate.evals.scoring import SuiteScore, score
from remediate.interrupt import run_stoppable
from remediate.pricing import DEFAULT_MODEL


class EvalOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    results: list[AttemptResult]
    score: SuiteScore
    gate: GateResult | None
    out: Path
    costs: list[CaseCost] = []
    skipped: dict[str, str] = {}


def validate(suite: Suite, pattern: str | None, jobs: int) -> list[str]:
    """Each case: the check fails on src/ and passes with gold.patch. Returns failure lines."""
    cases = suite.select(pattern)
    results = run_stoppable(lambda: fixture_checks.validate_all(cases, jobs=jobs))
    lines: list[str] = []
    failures: list[str] = []
    for case, result in zip(cases, results, strict=True):
        if isinstance(result, Exception):
            failures.append(f"FAIL {case.id}: {type(result).__name__}: {result}")
        elif not result.ok:
            failures.append(result.line())
        else:
            lines.append(result.line())
    return lines + failures if failures else lines


def finish_report(
    results: list[AttemptResult],
    *,
    title: str,
    out: Path,
    model: str,
    deterministic: bool,
    baseline_path: Path | None,
    update_baseline: bool,
    price_at: str = DEFAULT_MODEL,
) -> EvalOutcome:
    """Score, price, gate against the baseline, and write results.jsonl, costs, report.md,
    report.html (+ a page per case) and gate.json."""
    scored = score(results)
    costs = case_costs(results, out, price_at)
    baseline = gate = None
    if baseline_path is not None and baseline_path.is_file():
        baseline = Baseline.load(baseline_path)
        if not update_baseline:
            gate = compare(scored, baseline, deterministic=deterministic)
    history = [*load_history(out), history_point(out.name, datetime.now(UTC), results)] if results else []
    data = ReportInput(
        title=title, score=scored, results=results, gate=gate, baseline=baseline, costs=costs, history=history
    )
    write_results(results, out)
    write_costs(costs, out)
    write_markdown(data, out)
    write_html(data, out)
    if gate is not None:
        (out / "gate.json").write_text(gate.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if update_baseline and baseline_path is not None:
        Baseline.from_score(scored, model=model, deterministic=deterministic, costs=costs).dump(baseline_path)
    return EvalOutcome(results=results, score=scored, gate=gate, out=out, costs=costs)


def run_eval(
    suite: Suite,
    *,
    pattern: str | None,
    options: RunOptions,
    out: Path,
    baseline_path: Path | None,
    update_baseline: bool,
    price_at: str = DEFAULT_MODEL,
) -> EvalOutcome:
    cases, skipped = [], {}
    selected = suite.select(pattern)
    for case in selected:
        if reason := fixture_checks.missing_toolchain(case):
            skipped[case.id] = reason
        else:
            cases.append(case)
    out.mkdir(parents=True, exist_ok=True)
    (out / run_inputs.MANIFEST).unlink(missing_ok=True)  # a reused --out: no manifest of an earlier run
    before = run_inputs.take(selected, options, skipped)
    results = run_stoppable(lambda: run_cases(cases, options, out))  # SIGINT/SIGTERM: cancelled
    # Written last: a run that stopped half-way leaves no manifest, so nothing reuses it.
    run_inputs.write(run_inputs.settled(before, run_inputs.take(selected, options, skipped)), out)
    model = options.model or SPECIALIST_DEFAULTS
    mode = f"live {model}" if options.live else "offline replay"
    outcome = finish_report(
        results,
        title=f"remediate eval: {suite.name} ({mode})",
        out=out,
        model=model,
        deterministic=not options.live,
        baseline_path=baseline_path,
        update_baseline=update_baseline,
        price_at=price_at,
    )
    return outcome.model_copy(update={"skipped": skipped})


def merge_runs(run_dirs: list[Path], out: Path) -> list[AttemptResult]:
    """Gather per-case eval directories (one per Dagger pipeline) into one: attempts and results."""
    results: list[AttemptResult] = []
    out.mkdir(parents=True, exist_ok=True)
    for run_dir in run_dirs:
        lines = (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()
        results += [AttemptResult.model_validate_json(line) for line in lines if line.strip()]
        attempts = run_dir / "attempts"
        if attempts.is_dir():
            shutil.copytree(attempts, out / "attempts", dirs_exist_ok=True)
    return sorted(results, key=lambda r: (r.case, r.attempt))


def live_available() -> bool:
    from remediate.spec import Settings

    return Settings().anthropic_api_key is not None
