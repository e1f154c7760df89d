"""Scores: per case and per category pass@1, pass^k, cost and latency statistics."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from remediate.evals.runner import AttemptResult


class Stats(BaseModel):
    model_config = ConfigDict(frozen=True)

    mean: float
    stdev: float
    p50: float
    p95: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if not values:
            return cls(mean=0, stdev=0, p50=0, p95=0, max=0)
        ordered = sorted(values)
        return cls(
            mean=statistics.fmean(ordered),
            stdev=statistics.stdev(ordered) if len(ordered) > 1 else 0.0,
            p50=percentile(ordered, 50),
            p95=percentile(ordered, 95),
            max=ordered[-1],
        )


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


def _group(name: str, results: Sequence[AttemptResult], case_groups: Iterable[Sequence[AttemptResult]]) -> GroupScore:
    groups = list(case_groups)
    passes = sum(r.verified for r in results)
    return GroupScore(
        name=name,
        attempts=len(results),
        passes=passes,
        pass_at_1=passes / len(results) if results else 0.0,
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
    return SuiteScore(cases=cases, categories=categories, total=_group("all", list(results), by_case.values()))
