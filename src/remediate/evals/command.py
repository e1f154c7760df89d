"""`remediate eval`: validate fixtures, run the suite, score, gate against the baseline, report."""

from __future__ import annotations

import os
from pathlib import Path

import anyio
from pydantic import BaseModel, ConfigDict

from remediate.evals import fixtures as fixture_checks
from remediate.evals.gate import Baseline, GateResult, compare
from remediate.evals.report import write_html, write_markdown, write_results
from remediate.evals.runner import AttemptResult, RunOptions, Suite, run_cases
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


def run_eval(
    suite: Suite,
    *,
    pattern: str | None,
    options: RunOptions,
    out: Path,
    baseline_path: Path | None,
    update_baseline: bool,
    on_result: object = None,
) -> EvalOutcome:
    cases = suite.select(pattern)
    out.mkdir(parents=True, exist_ok=True)
    results = anyio.run(lambda: run_cases(cases, options, out))
    scored = score(results)
    deterministic = not options.live
    gate = None
    if baseline_path is not None and baseline_path.is_file() and not update_baseline:
        gate = compare(scored, Baseline.load(baseline_path), deterministic=deterministic)
    title = f"remediate eval: {suite.name} ({'live ' + options.model if options.live else 'offline replay'})"
    write_results(results, out)
    write_markdown(title, scored, results, gate, out)
    write_html(title, scored, results, gate, out)
    if update_baseline and baseline_path is not None:
        Baseline.from_score(scored, model=options.model, deterministic=deterministic).dump(baseline_path)
    return EvalOutcome(results=results, score=scored, gate=gate, out=out)


def live_available() -> bool:
    return bool(os.environ.get("ANTHROPIC_API_KEY"))
