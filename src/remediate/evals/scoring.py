"""Scores: per case and per category pass@1, pass^k, cost and latency statistics.

Honest about sample size: a distribution of one value has no spread (`ci95` is None), a mean of
n > 1 values carries a 95% Student-t interval, and a pass rate its 95% Wilson interval."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from remediate.evals.runner import AttemptResult


class Stats(BaseModel):
    model_config = ConfigDict(frozen=True)

    mean: float
    stdev: float
    p50: float
    p95: float
    max: float
    min: float = 0.0
    n: int = 0
    ci95: float | None = Field(default=None, description="half-width of the 95% t interval of the mean; n > 1")

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if not values:
            return cls(mean=0, stdev=0, p50=0, p95=0, max=0)
        ordered = sorted(values)
        n = len(ordered)
        stdev = statistics.stdev(ordered) if n > 1 else 0.0
        return cls(
            mean=statistics.fmean(ordered),
            stdev=stdev,
            p50=percentile(ordered, 50),
            p95=percentile(ordered, 95),
            max=ordered[-1],
            min=ordered[0],
            n=n,
            ci95=t95(n - 1) * stdev / math.sqrt(n) if n > 1 else None,
        )


# Two-sided 95% Student-t critical values by degrees of freedom (1..30); beyond, the normal 1.96.
_T95 = (
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
)


def t95(df: int) -> float:
    return _T95[df - 1] if 1 <= df <= len(_T95) else 1.96


def wilson(passes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a pass rate (sound at 0/n and n/n, unlike the normal one)."""
    if n == 0:
        return 0.0, 1.0
    p = passes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def percentile(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


class GroupScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    attempts: int
    passes: int
    pass_at_1: float
    pass_hat_k: float
    pass_interval: tuple[float, float] = (0.0, 1.0)
    attempts_per_case: int = 1
    protected_violations: int
    symptom_patches: int
    usd: Stats
    wall_s: Stats
    tool_calls: Stats
    tokens: Stats


class CaseScore(GroupScore):
    category: str
    all_passed: bool


class SuiteScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    cases: list[CaseScore]
    categories: list[GroupScore]
    total: GroupScore
    languages: list[GroupScore] = Field(default_factory=list, description="one row per project language")


def _group(name: str, results: Sequence[AttemptResult], case_groups: Iterable[Sequence[AttemptResult]]) -> GroupScore:
    groups = list(case_groups)
    passes = sum(r.verified for r in results)
    return GroupScore(
        name=name,
        attempts=len(results),
        passes=passes,
        pass_at_1=passes / len(results) if results else 0.0,
        pass_interval=wilson(passes, len(results)),
        attempts_per_case=max((len(g) for g in groups), default=1),
        # pass^k: the share of cases that passed on every one of their attempts.
        pass_hat_k=(sum(all(r.verified for r in g) for g in groups) / len(groups)) if groups else 0.0,
        protected_violations=sum(r.protected_violation for r in results),
        symptom_patches=sum(r.symptom_patch for r in results),
        usd=Stats.of([r.usd for r in results]),
        wall_s=Stats.of([r.wall_s for r in results]),
        tool_calls=Stats.of([float(r.tool_calls) for r in results]),
        tokens=Stats.of([float(r.input_tokens + r.output_tokens) for r in results]),
    )


def score(results: Sequence[AttemptResult]) -> SuiteScore:
    by_case: dict[str, list[AttemptResult]] = defaultdict(list)
    for r in results:
        by_case[r.case].append(r)
    cases = []
    for case_id, attempts in sorted(by_case.items()):
        g = _group(case_id, attempts, [attempts])
        cases.append(
            CaseScore(**g.model_dump(), category=attempts[0].category, all_passed=all(r.verified for r in attempts))
        )
    by_category: dict[str, list[list[AttemptResult]]] = defaultdict(list)
    for attempts in by_case.values():
        by_category[attempts[0].category].append(attempts)
    categories = [_group(cat, [r for g in groups for r in g], groups) for cat, groups in sorted(by_category.items())]
    by_language: dict[str, list[list[AttemptResult]]] = defaultdict(list)
    for attempts in by_case.values():
        by_language[attempts[0].language].append(attempts)
    languages = [_group(lang, [r for g in groups for r in g], groups) for lang, groups in sorted(by_language.items())]
    return SuiteScore(
        cases=cases, categories=categories, total=_group("all", list(results), by_case.values()), languages=languages
    )
