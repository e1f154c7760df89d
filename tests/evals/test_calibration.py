"""The rules' confidence fit: logistic weights, repository weighting, out-of-fold threshold."""

from __future__ import annotations

import pytest

from remediate.evals.calibration import (
    FloorRow,
    Row,
    choose_floor,
    choose_threshold,
    decisions_at,
    fit,
    group_weights,
    out_of_fold,
    wilson_lower,
)

NAMES = ("strong", "weak")


def rows() -> list[Row]:
    # "strong" evidence is right 19 times in 20, "weak" 1 in 2, none 1 in 5; 10 repositories.
    out: list[Row] = []
    for i in range(20):
        out.append(Row({"strong": 1.0}, i != 0, f"repo{i % 10}"))
        out.append(Row({"weak": 1.0}, i % 2 == 0, f"repo{i % 10}"))
    for i in range(10):
        out.append(Row({}, i < 2, f"repo{i}"))
    return out


def test_the_fit_orders_evidence_by_how_often_it_is_right() -> None:
    model = fit(rows(), NAMES, l2=0.1)
    strong, weak, none = model.predict({"strong": 1.0}), model.predict({"weak": 1.0}), model.predict({})
    assert strong > weak > none
    assert strong == pytest.approx(0.95, abs=0.03) and weak == pytest.approx(0.5, abs=0.05)


def test_a_prior_holds_where_the_rows_are_silent() -> None:
    model = fit(rows(), (*NAMES, "unseen"), l2=1.0, prior={"unseen": 2.5})
    assert model.weights["unseen"] == pytest.approx(2.5)


def test_every_repository_weighs_alike() -> None:
    many = [Row({}, True, "big")] * 9 + [Row({}, False, "small")]
    weights = group_weights(many)
    assert sum(weights[:9]) == pytest.approx(weights[9]) and sum(weights) == pytest.approx(10)


def test_the_threshold_comes_from_out_of_fold_confidences() -> None:
    data = rows()
    oof = out_of_fold(data, NAMES, k=5, l2=0.1)
    choice = choose_threshold(data, oof, target=0.9, min_decided=10)
    assert choice.threshold is not None and choice.precision >= 0.9 and choice.decided == 20
    impossible = choose_threshold(data, oof, target=0.99, min_decided=10)
    assert impossible.threshold is None and impossible.decided == 0


def test_a_precision_measured_on_few_repositories_has_a_low_bound() -> None:
    # All right on 4 repositories says less than all right on 24: one standard error down, n/(n+1).
    assert wilson_lower(1.0, 4) == pytest.approx(0.8) and wilson_lower(1.0, 24) == pytest.approx(0.96)
    assert wilson_lower(0.95, 25) < 0.95 and wilson_lower(0.5, 0) == 0.0
    data = rows()
    choice = choose_threshold(data, out_of_fold(data, NAMES, k=5, l2=0.1), target=0.9, min_decided=10)
    assert choice.repositories == 10 and choice.group_bound < choice.group_precision


def test_leaving_a_repository_out_does_not_let_its_own_logs_vouch_for_it() -> None:
    # Evidence only one repository shows (its own tool, say) and is always right there: folds by log
    # let its other logs train the model that scores it; leave-one-repository-out does not.
    data = [*rows(), *(Row({"quirk": 1.0}, True, "quirky") for _ in range(12))]
    names = (*NAMES, "quirk")
    by_log = out_of_fold(data, names, k=5, l2=0.1, keys=[str(i) for i in range(len(data))])
    by_repo = out_of_fold(data, names, l2=0.1)
    quirky = [i for i, r in enumerate(data) if r.group == "quirky"]
    assert all(by_log[i] > 0.9 for i in quirky)
    assert all(by_repo[i] < 0.5 for i in quirky)
    # Every other repository is scored by a model fitted without it, whichever way it is folded.
    assert len(by_repo) == len(data) and all(0.0 < c < 1.0 for c in by_repo)


def test_fold_keys_must_match_the_rows() -> None:
    with pytest.raises(ValueError, match="fold keys"):
        out_of_fold(rows(), NAMES, keys=["a"])


def test_a_threshold_in_a_gap_of_the_calibration_logs_moves_to_the_gaps_upper_end() -> None:
    data = rows()
    oof = out_of_fold(data, NAMES, k=5, l2=0.1)
    plain = choose_threshold(data, oof, target=0.9, min_decided=10)
    assert plain.threshold is not None and plain.gap is None
    t = plain.threshold
    # The shipped model puts no calibration log between t - 0.2 and t + 0.1: every threshold there
    # decides the same logs, and the stricter end is taken, with the gap reported.
    deployed = [t - 0.2 if c < t else t + 0.1 for c in oof]
    moved = choose_threshold(data, oof, target=0.9, min_decided=10, deployed=deployed)
    assert moved.gap == (round(t - 0.2, 3), round(t + 0.1, 3))
    assert moved.oof_threshold == plain.threshold and moved.threshold == round(t + 0.1, 3)
    # Its numbers are the out-of-fold decisions at the threshold shipped.
    assert moved.decided == sum(round(c, 3) >= round(t + 0.1, 3) for c in oof) < plain.decided


def test_a_threshold_on_a_calibration_log_stays_and_rounding_matches_the_rules() -> None:
    data = rows()
    oof = out_of_fold(data, NAMES, k=5, l2=0.1)
    plain = choose_threshold(data, oof, target=0.9, min_decided=10)
    assert plain.threshold is not None
    t = plain.threshold
    # A shipped confidence equal to t once rounded as the rules round it: no move, same decisions.
    same = choose_threshold(data, oof, target=0.9, min_decided=10, deployed=[*oof, t - 0.3])
    assert same.threshold == plain.threshold and same.decided == plain.decided
    assert same.gap is not None and same.gap[0] is not None and same.gap[0] < t
    # No calibration log at or above the threshold: nothing to move to, the threshold stays, reported.
    empty = choose_threshold(data, oof, target=0.9, min_decided=10, deployed=[0.01])
    assert empty.threshold == plain.threshold and empty.gap == (0.01, None)


def test_a_threshold_chosen_elsewhere_is_estimated_on_out_of_fold_confidences() -> None:
    # What a shipped threshold would decide on repositories it never saw, rounded as the rules round.
    data = [Row({}, True, "a"), Row({}, False, "a"), Row({}, True, "b"), Row({}, True, "c")]
    choice = decisions_at(data, [0.9, 0.8004, 0.7996, 0.2], 0.8)
    assert (choice.decided, choice.repositories) == (3, 2) and choice.precision == pytest.approx(2 / 3)
    assert choice.group_precision == pytest.approx(3 / 4)  # repository a: one right of two; b: right
    assert decisions_at(data, [0.1] * 4, 0.8).decided == 0


def _floor_rows(*spec: tuple[float, bool, bool, str]) -> list[FloorRow]:
    return [FloorRow(c, guess, default, group) for c, guess, default, group in spec]


def test_the_fallback_floor_is_the_lowest_confidence_whose_guesses_beat_the_default() -> None:
    # Like the threshold, the floor is taken on the logs above it together (the largest share): from 0.2
    # up the guess is right 4 times of 7 and the default 3; from 0.1 up they tie (4 of 8 each).
    rows = _floor_rows(
        (0.9, True, False, "a"),
        (0.8, True, False, "b"),
        (0.7, True, False, "c"),
        (0.6, False, True, "d"),
        (0.5, True, False, "e"),
        (0.3, False, True, "f"),
        (0.2, False, True, "g"),
        (0.1, False, True, "h"),
    )
    floor = choose_floor(rows)
    assert floor.floor == 0.2 and floor.guessed == 7 and floor.candidates == 8
    assert floor.guess_precision == pytest.approx(4 / 7) and floor.default_precision == pytest.approx(3 / 7)


def test_no_floor_when_the_default_is_as_good_and_too_few_logs_decide_nothing() -> None:
    tie = _floor_rows(*((0.5 + i / 100, i % 2 == 0, i % 2 == 1, str(i)) for i in range(6)))
    assert choose_floor(tie).floor is None
    few = _floor_rows((0.9, True, False, "a"), (0.8, True, False, "b"))
    assert choose_floor(few).floor is None and choose_floor([]).floor is None


def test_the_fallback_floor_weighs_every_repository_alike() -> None:
    # One repository's four right guesses count as one: across repositories the guess loses.
    many = [(0.9, True, False, "big")] * 4
    rows = _floor_rows(*many, (0.8, False, True, "b"), (0.7, False, True, "c"), (0.6, True, False, "d"))
    floor = choose_floor(rows)
    assert floor.floor is None, floor
