"""`remediate eval`: validate fixtures, run the suite, score, gate against the baseline, report."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import anyio
from pydantic import BaseModel, ConfigDict

from remediate.evals import fixtures as fixture_checks
from remediate.evals.gate import Baseline, GateResult, compare
from remediate.evals.report import write_html, write_markdown, write_results
from remediate.evals.runner import SPECIALIST_DEFAULTS, AttemptResult, RunOptions, Suite, run_cases
from remediate.evals.scoring import SuiteScore, score


class EvalOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    results: list[AttemptResult]
    score: SuiteScore
    gate: GateResult | None
    out: Path


def validate(suite: Suite, pattern: str | None, jobs: int) -> list[str]:
    """Each case: the check fails on src/ and passes with gold.patch. Returns failure lines."""
    cases = suite.select(pattern)
    results = anyio.run(lambda: fixture_checks.validate_all(cases, jobs=jobs))
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
) -> EvalOutcome:
    """Score, gate against the baseline, and write results.jsonl, report.md, report.html, gate.json."""
    scored = score(results)
    gate = None
    if baseline_path is not None and baseline_path.is_file() and not update_baseline:
        gate = compare(scored, Baseline.load(baseline_path), deterministic=deterministic)
    write_results(results, out)
    write_markdown(title, scored, results, gate, out)
    write_html(title, scored, results, gate, out)
    if gate is not None:
        (out / "gate.json").write_text(gate.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if update_baseline and baseline_path is not None:
        Baseline.from_score(scored, model=model, deterministic=deterministic).dump(baseline_path)
    return EvalOutcome(results=results, score=scored, gate=gate, out=out)


def run_eval(
    suite: Suite,
    *,
    pattern: str | None,
    options: RunOptions,
    out: Path,
    baseline_path: Path | None,
    update_baseline: bool,
) -> EvalOutcome:
    cases = suite.select(pattern)
    out.mkdir(parents=True, exist_ok=True)
    results = anyio.run(lambda: run_cases(cases, options, out))
    model = options.model or SPECIALIST_DEFAULTS
    mode = f"live {model}" if options.live else "offline replay"
    return finish_report(
        results,
        title=f"remediate eval: {suite.name} ({mode})",
        out=out,
        model=model,
        deterministic=not options.live,
        baseline_path=baseline_path,
        update_baseline=update_baseline,
    )


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
    return bool(os.environ.get("ANTHROPIC_API_KEY"))
