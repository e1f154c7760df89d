"""bench/triage.py's scoring: precision by the specialist a decision runs, beside the labels'."""

from __future__ import annotations

from bench.triage import LABEL_SPECIALIST, Item, Outcome, Score, label_table, specialist_table


def outcome(label: str, rules: str, specialist: str, decided: bool = True) -> Outcome:
    return Outcome(Item("set", f"set/repo/{label}", "x.log", label), rules, decided, rules, specialist=specialist)


def test_every_label_calls_for_one_specialist_or_none() -> None:
    assert LABEL_SPECIALIST["lint"] == "lint"  # lint and format: the lint specialist's
    assert LABEL_SPECIALIST["compile_build"] == "build" and LABEL_SPECIALIST["dependency"] == "dependencies"
    assert LABEL_SPECIALIST["infra_flaky_timeout"] == LABEL_SPECIALIST["other"] == "none"


def test_a_label_convention_that_runs_the_same_specialist_is_not_a_misroute() -> None:
    score = Score("set")
    for o in (
        outcome("other", "infra_flaky_timeout", "none"),  # neither runs a specialist: right for routing
        outcome("compile_build", "dependency", "dependencies"),  # another specialist runs: wrong
        outcome("test", "test", "tests"),
        outcome("test", "lint", "lint", decided=False),  # not decided: not counted
    ):
        score.add(o)
    assert score.decided == 3 and score.decided_correct == 1
    assert score.by_specialist == {("none", True): 1, ("dependencies", False): 1, ("tests", True): 1}
    table = specialist_table([score])
    assert "| set | dependencies | dependency | dependency | 1 | 0% (0) |" in table
    assert "| set | all | | | 3 | 67% (2); label precision 33% (1) |" in table


def test_decided_share_and_precision_by_label() -> None:
    score = Score("set")
    for o in (
        outcome("test", "test", "tests"),
        outcome("test", "dependency", "dependencies"),  # decided, wrong
        outcome("test", "test", "tests", decided=False),
        outcome("lint", "lint", "lint", decided=False),
    ):
        score.add(o)
    table = label_table([score])
    assert "| set | test | 3 | 67% (2) | 50% (1) |" in table
    assert "| set | lint | 1 | 0% (0) | - (0) |" in table
