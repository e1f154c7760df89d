"""The regression gate: compare a run with the stored baseline.

A regression fails the gate when it is not noise:
- **Outcomes** (paired, per case): each case is a pass if all its attempts passed. Cases that
  passed in the baseline and fail now (b) against cases that failed and pass now (c) go to an
  exact one-sided McNemar test: under "no change", b ~ Binomial(b + c, 1/2); the gate fails when
  P(X >= b) < alpha (default 0.05). Replayed (offline) runs have no sampling noise, so there
  any lost case is a regression by itself.
- **Cost and tool calls**: the mean dollars or mean tool calls per attempt up more than 20% on
  the cases both runs share.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from remediate.evals.costs import CaseCost
from remediate.evals.scoring import SuiteScore


class BaselineCase(BaseModel):
    model_config = ConfigDict(frozen=True)

    passed: bool
    attempts: int
    usd_mean: float
    tool_calls_mean: float


class Baseline(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int = 1
    model: str
    deterministic: bool = Field(description="True for replayed runs: no sampling noise")
    cases: dict[str, BaselineCase]
    costs: dict[str, CaseCost] = Field(default_factory=dict, description="per case, for the README cost table")

    @classmethod
    def from_score(
        cls, score: SuiteScore, *, model: str, deterministic: bool, costs: list[CaseCost] | None = None
    ) -> Baseline:
        return cls(
            model=model,
            deterministic=deterministic,
            costs={c.case: c for c in costs or []},
            cases={
                c.name: BaselineCase(
                    passed=c.all_passed, attempts=c.attempts, usd_mean=c.usd.mean, tool_calls_mean=c.tool_calls.mean
                )
                for c in score.cases
            },
        )

    @classmethod
    def load(cls, path: Path) -> Baseline:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def dump(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")


class MetricDecision(BaseModel):
    """One gated metric: the baseline beside this run, the change, the rule, and the decision."""

    model_config = ConfigDict(frozen=True)

    name: str
    baseline: float
    now: float
    change: float | None = Field(description="relative change; None when the baseline is 0 and so is now")
    rule: str
    passed: bool


class GateResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    passed: bool
    metrics: list[MetricDecision] = Field(default_factory=list)
    reasons: list[str]
    lost: list[str]
    gained: list[str]
    p_value: float
    usd_change: float | None
    tool_calls_change: float | None


def mcnemar_one_sided(b: int, c: int) -> float:
    """P(X >= b) for X ~ Binomial(b + c, 1/2): the chance of losing this many by noise."""
    n = b + c
    if n == 0 or b == 0:
        return 1.0
    return sum(math.comb(n, k) for k in range(b, n + 1)) / float(1 << n)


def _change(now: float, before: float) -> float | None:
    if before <= 0:
        return None if now <= 0 else math.inf
    return (now - before) / before


def _increase_metric(name: str, now: list[float], before: list[float], max_increase: float) -> MetricDecision:
    """A metric that may not rise more than `max_increase` over the shared cases."""
    total_now, total_before = sum(now), sum(before)
    change = _change(total_now, total_before)
    return MetricDecision(
        name=name,
        baseline=total_before,
        now=total_now,
        change=change,
        rule=f"fails above {max_increase:+.0%} over the {len(now)} shared cases",
        passed=change is None or change <= max_increase,
    )


def _outcome_metric(
    baseline: Baseline,
    shared: list[str],
    now: dict[str, Any],
    lost: list[str],
    p_value: float,
    alpha: float,
    deterministic: bool,
) -> MetricDecision:
    before = sum(baseline.cases[k].passed for k in shared)
    after = sum(now[k].all_passed for k in shared)
    if deterministic and baseline.deterministic:
        rule, ok = "replayed: any lost case fails", not lost
    else:
        rule, ok = f"fails when exact McNemar p < {alpha} (p={p_value:.4f})", not lost or p_value >= alpha
    return MetricDecision(
        name="cases passed (shared)", baseline=before, now=after, change=_change(after, before), rule=rule, passed=ok
    )


def compare(
    score: SuiteScore,
    baseline: Baseline,
    *,
    deterministic: bool,
    alpha: float = 0.05,
    max_increase: float = 0.20,
) -> GateResult:
    now = {c.name: c for c in score.cases}
    shared = sorted(set(now) & set(baseline.cases))
    lost = [k for k in shared if baseline.cases[k].passed and not now[k].all_passed]
    gained = [k for k in shared if not baseline.cases[k].passed and now[k].all_passed]
    p_value = mcnemar_one_sided(len(lost), len(gained))
    reasons: list[str] = []
    if lost and deterministic and baseline.deterministic:
        reasons.append(f"replayed run lost {len(lost)} case(s) that passed in the baseline: {', '.join(lost)}")
    elif lost and p_value < alpha:
        reasons.append(f"{len(lost)} case(s) lost vs {len(gained)} gained: exact McNemar p={p_value:.4f} < {alpha}")
    usd_change = tool_change = None
    metrics = [_outcome_metric(baseline, shared, now, lost, p_value, alpha, deterministic)]
    if shared:
        usd = _increase_metric(
            "cost (sum of case means, $)",
            [now[k].usd.mean for k in shared],
            [baseline.cases[k].usd_mean for k in shared],
            max_increase,
        )
        tools = _increase_metric(
            "tool calls (sum of case means)",
            [now[k].tool_calls.mean for k in shared],
            [baseline.cases[k].tool_calls_mean for k in shared],
            max_increase,
        )
        metrics += [usd, tools]
        usd_change, tool_change = usd.change, tools.change
        if not usd.passed:
            reasons.append(f"cost up {usd.change:+.0%} (${usd.baseline:.4f} -> ${usd.now:.4f} over shared cases)")
        if not tools.passed:
            reasons.append(f"tool calls up {tools.change:+.0%} ({tools.baseline:.1f} -> {tools.now:.1f})")
    return GateResult(
        passed=not reasons,
        metrics=metrics,
        reasons=reasons,
        lost=lost,
        gained=gained,
        p_value=p_value,
        usd_change=usd_change,
        tool_calls_change=tool_change,
    )
