"""Fitting the rules' calibrated confidence (remediate.triage.confidence.Calibration) on labelled logs.

A logistic model over a handful of evidence features (few parameters, so it cannot memorise the
logs), fitted with an L2 penalty, every repository weighted alike (near-duplicate logs of one
repository count as one). The threshold at which the rules decide alone is chosen on out-of-fold
confidences: each repository scored by a model fitted on the others (leave one repository out), as
if it were new; folds by log are the optimistic comparison (a repository's other logs were seen).
Pure Python: the problem is a few hundred rows of a few features.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol


@dataclass(frozen=True)
class Row:
    """One labelled log: its evidence features, whether the rules' category was right, its group."""

    features: dict[str, float]
    correct: bool
    group: str


def logistic(bias: float, weights: Mapping[str, float], features: Mapping[str, float]) -> float:
    """The model: the chance of being right given the features (the rules' calibrated confidence)."""
    z = bias + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return _sigmoid(z)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Fit:
    bias: float
    weights: dict[str, float]

    def predict(self, features: dict[str, float]) -> float:
        return logistic(self.bias, self.weights, features)


@dataclass(frozen=True)
class Choice:
    """The threshold chosen on out-of-fold confidences and what it did there."""

    threshold: float | None
    share: float
    precision: float
    group_precision: float
    decided: int
    repositories: int = 0  # distinct groups among the decided
    group_bound: float = 0.0  # group_precision one standard error down, each group one observation
    # The shipped model's confidences on the calibration logs either side of the out-of-fold
    # threshold (the largest below it, the smallest at or above it; None: no log there): every
    # threshold inside decides the same calibration logs, so they cannot tell those thresholds apart.
    gap: tuple[float | None, float | None] | None = None
    oof_threshold: float | None = None  # the out-of-fold threshold before it was moved to the gap's upper end


def wilson_lower(p: float, n: int, z: float = 1.0) -> float:
    """The Wilson score interval's lower end for a share `p` of `n` observations: with groups as the
    observations, how far a precision measured on few repositories may fall on new ones."""
    if n <= 0:
        return 0.0
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


class Grouped(Protocol):
    """A labelled log of some group (its repository): a calibration Row, a FloorRow."""

    @property
    def group(self) -> str: ...


def group_weights(rows: Sequence[Grouped]) -> list[float]:
    """Every group weighs the same in total; the weights sum to len(rows)."""
    sizes = Counter(r.group for r in rows)
    scale = len(rows) / len(sizes) if sizes else 0.0
    return [scale / sizes[r.group] for r in rows]


def fit(rows: Sequence[Row], names: Sequence[str], l2: float = 1.0, prior: Mapping[str, float] | None = None) -> Fit:
    """Weighted logistic regression by Newton's method, each weight pulled towards its prior mean
    (0 unless `prior` says otherwise) by an L2 penalty: a feature the rows rarely show keeps its
    prior, one they show often is set by them. The bias is not penalised."""
    mean = [0.0, *((prior or {}).get(n, 0.0) for n in names)]
    w = group_weights(rows)
    x = [[1.0, *(r.features.get(n, 0.0) for n in names)] for r in rows]
    y = [1.0 if r.correct else 0.0 for r in rows]
    dim = len(names) + 1
    beta = list(mean)
    for _ in range(50):
        grad = [-l2 * (b - mean[j]) if j else 0.0 for j, b in enumerate(beta)]
        hess = [[(l2 if (i == j and i) else 0.0) for j in range(dim)] for i in range(dim)]
        for xi, yi, wi in zip(x, y, w, strict=True):
            p = _sigmoid(sum(b * v for b, v in zip(beta, xi, strict=True)))
            for j in range(dim):
                grad[j] += wi * (yi - p) * xi[j]
                for k in range(dim):
                    hess[j][k] += wi * p * (1 - p) * xi[j] * xi[k]
        step = _solve(hess, grad)
        beta = [b + d for b, d in zip(beta, step, strict=True)]
        if max(abs(d) for d in step) < 1e-9:
            break
    return Fit(round(beta[0], 3), {n: round(b, 3) for n, b in zip(names, beta[1:], strict=True)})


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """a @ x = b by Gaussian elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(m[r][r]) < 1e-12:
            continue
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def fold_of(key: str, k: int) -> int:
    return hashlib.sha256(key.encode()).digest()[0] % k


def out_of_fold(
    rows: Sequence[Row],
    names: Sequence[str],
    k: int | None = None,
    l2: float = 1.0,
    prior: Mapping[str, float] | None = None,
    keys: Sequence[str] | None = None,
) -> list[float]:
    """Each row's confidence from a model fitted without its fold. The fold is the row's key (its
    group unless `keys` gives one per row): k folds of keys by hash, or with k None one fold per key
    (leave one repository out: each repository scored by a model that never saw it)."""
    key_of = list(keys) if keys is not None else [r.group for r in rows]
    if len(key_of) != len(rows):
        raise ValueError(f"{len(key_of)} fold keys for {len(rows)} rows")
    fold = key_of if k is None else [str(fold_of(key, k)) for key in key_of]
    out = [0.0] * len(rows)
    for held in dict.fromkeys(fold):
        train = [r for r, f in zip(rows, fold, strict=True) if f != held]
        if not train:
            continue
        model = fit(train, names, l2, prior)
        for i, r in enumerate(rows):
            if fold[i] == held:
                out[i] = model.predict(r.features)
    return out


def choose_threshold(
    rows: Sequence[Row],
    confidences: Sequence[float],
    target: float,
    min_decided: int = 20,
    deployed: Sequence[float] | None = None,
) -> Choice:
    """The lowest threshold (largest decided share) whose decisions reach `target` precision both
    per log and with every repository weighted alike, on the out-of-fold `confidences`.

    With `deployed` (the shipped model's confidences on the same rows, as the rules round them),
    the threshold moves to the upper end of the interval around it that holds no calibration log:
    every threshold there decides the same calibration logs, so the data cannot choose among them,
    and the upper end is the stricter honest choice (it refuses evidence combinations the calibration
    set never showed). The interval is reported as `gap`; the numbers are recomputed at the threshold
    shipped."""
    weights = group_weights(rows)
    confidences = [round(c, 3) for c in confidences]  # as the rules compare them (triage.rule_verdict)
    for t in sorted(set(confidences)):
        choice = _decisions_at(rows, confidences, weights, t)
        if choice.decided < min_decided:
            break
        if choice.precision >= target and choice.group_precision >= target:
            return choice if deployed is None else _to_gap_end(rows, confidences, weights, t, deployed)
    return Choice(None, 0.0, 0.0, 0.0, 0)


def decisions_at(rows: Sequence[Row], confidences: Sequence[float], threshold: float) -> Choice:
    """What `threshold` decides among `rows` given their (out-of-fold) `confidences`, rounded as the rules
    compare them, and how often it is right there: the honest estimate of a threshold chosen elsewhere."""
    rounded = [round(c, 3) for c in confidences]
    return _decisions_at(rows, rounded, group_weights(rows), threshold)


def _decisions_at(rows: Sequence[Row], confidences: Sequence[float], weights: Sequence[float], t: float) -> Choice:
    """What the threshold `t` decides among `rows` and how often it is right there."""
    chosen = [i for i, c in enumerate(confidences) if c >= t]
    if not chosen:
        return Choice(t, 0.0, 0.0, 0.0, 0)
    precision = sum(rows[i].correct for i in chosen) / len(chosen)
    total = sum(weights[i] for i in chosen)
    group_precision = sum(weights[i] for i in chosen if rows[i].correct) / total
    groups = len({rows[i].group for i in chosen})
    bound = wilson_lower(group_precision, groups)
    return Choice(t, len(chosen) / len(rows), precision, group_precision, len(chosen), groups, bound)


def _to_gap_end(
    rows: Sequence[Row], confidences: Sequence[float], weights: Sequence[float], t: float, deployed: Sequence[float]
) -> Choice:
    shipped = sorted({round(c, 3) for c in deployed})
    below = max((c for c in shipped if c < t), default=None)
    above = min((c for c in shipped if c >= t), default=None)
    # No calibration log at or above t: the data says nothing above it, and t stays (reported).
    threshold = above if above is not None else t
    choice = _decisions_at(rows, confidences, weights, threshold)
    return replace(choice, gap=(below, above), oof_threshold=t)


@dataclass(frozen=True)
class FloorRow:
    """A log the rules leave undecided whose best guess a specialist handles: the guess's confidence
    (out of fold), whether routing to the guess's specialist is right, whether the default route is
    (the tests specialist when tests fail, else no route), and the log's group (its repository)."""

    confidence: float
    guess_right: bool
    default_right: bool
    group: str


@dataclass(frozen=True)
class Floor:
    """The fallback floor chosen on out-of-fold confidences and how the guess and the default do above it."""

    floor: float | None
    guessed: int  # undecided logs at or above the floor (their guess is the fallback route)
    guess_precision: float  # every repository weighted alike
    default_precision: float  # the default route's, on the same logs, weighted the same way
    candidates: int = 0  # undecided logs whose guess a specialist handles


def choose_floor(rows: Sequence[FloorRow], min_rows: int = 5) -> Floor:
    """The lowest confidence whose guesses (the logs at or above it, at least `min_rows` of them), taken
    as the fallback route, are right more often than the default route on the same logs, every
    repository weighted alike; never below the lowest confidence the rows show (the data says nothing
    there). None when no such confidence exists: then no guess is a safer fallback than the default."""
    confidences = [round(r.confidence, 3) for r in rows]
    for t in sorted(set(confidences)):
        above = [r for r, c in zip(rows, confidences, strict=True) if c >= t]
        if len(above) < min_rows:
            break
        weights = group_weights(above)
        total = sum(weights)
        guess = sum(w for r, w in zip(above, weights, strict=True) if r.guess_right) / total
        default = sum(w for r, w in zip(above, weights, strict=True) if r.default_right) / total
        if guess > default:
            return Floor(t, len(above), guess, default, len(rows))
    return Floor(None, 0, 0.0, 0.0, len(rows))
