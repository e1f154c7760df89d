"""The regression gate: statistics, thresholds, and a broken cassette that makes it fail end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from remediate.evals.command import run_eval
from remediate.evals.gate import Baseline, BaselineCase, compare, mcnemar_one_sided
from remediate.evals.runner import RunOptions, Suite
from remediate.evals.scoring import CaseScore, Stats, SuiteScore, score
from tests.conftest import FIXTURES, needs_bwrap
from tests.helpers import expect_result, script, tool_use


def test_mcnemar_exact_one_sided() -> None:
    assert mcnemar_one_sided(0, 4) == 1.0
    assert mcnemar_one_sided(1, 0) == 0.5
    assert mcnemar_one_sided(3, 0) == 0.125
    assert mcnemar_one_sided(5, 0) == pytest.approx(1 / 32)
    assert mcnemar_one_sided(5, 1) == pytest.approx(7 / 64)


def _case(name: str, passed: bool, usd: float = 0.01, tools: float = 5.0) -> CaseScore:
    stats = Stats.of
    return CaseScore(
        name=name,
        category="test",
        attempts=1,
        passes=int(passed),
        pass_at_1=float(passed),
        pass_hat_k=float(passed),
        protected_violations=0,
        symptom_patches=0,
        usd=stats([usd]),
        wall_s=stats([1.0]),
        tool_calls=stats([tools]),
        tokens=stats([100.0]),
        all_passed=passed,
    )


def _score(cases: list[CaseScore]) -> SuiteScore:
    return SuiteScore(cases=cases, categories=[], total=cases[0])


def _baseline(n: int, deterministic: bool) -> Baseline:
    cases = {f"c{i}": BaselineCase(passed=True, attempts=1, usd_mean=0.01, tool_calls_mean=5.0) for i in range(n)}
    return Baseline(model="m", deterministic=deterministic, cases=cases)


def test_one_lost_case_is_noise_for_a_live_model_but_not_for_a_replay() -> None:
    now = _score([_case("c0", False), *[_case(f"c{i}", True) for i in range(1, 10)]])
    assert compare(now, _baseline(10, deterministic=False), deterministic=False).passed
    replay = compare(now, _baseline(10, deterministic=True), deterministic=True)
    assert not replay.passed and replay.lost == ["c0"]


def test_many_lost_cases_fail_the_live_gate() -> None:
    now = _score([_case(f"c{i}", i >= 5) for i in range(10)])
    result = compare(now, _baseline(10, deterministic=False), deterministic=False)
    assert not result.passed and result.p_value == pytest.approx(1 / 32) and "McNemar" in result.reasons[0]


def test_cost_and_tool_calls_up_more_than_20_percent_fail() -> None:
    base = _baseline(2, deterministic=True)
    assert compare(
        _score([_case("c0", True, usd=0.0119), _case("c1", True, usd=0.0119)]), base, deterministic=True
    ).passed
    pricey = compare(_score([_case("c0", True, usd=0.013), _case("c1", True, usd=0.013)]), base, deterministic=True)
    assert not pricey.passed and "cost up" in pricey.reasons[0]
    chatty = compare(_score([_case("c0", True, tools=7), _case("c1", True, tools=7)]), base, deterministic=True)
    assert not chatty.passed and "tool calls up" in chatty.reasons[0]


@needs_bwrap
def test_a_broken_cassette_fails_the_gate_end_to_end(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "py-renamed-function", fixtures / "py-renamed-function")
    suite_file = tmp_path / "evals" / "suite.toml"
    suite_file.parent.mkdir()
    suite_file.write_text('name = "gate test"\nfixtures = "fixtures"\n')
    suite = Suite.load(suite_file)
    options = RunOptions(attempts=1, concurrency=1, passes_required=1)
    baseline = tmp_path / "baseline.json"

    good = run_eval(
        suite, pattern=None, options=options, out=tmp_path / "good", baseline_path=baseline, update_baseline=True
    )
    assert good.score.total.passes == 1 and Baseline.load(baseline).cases["py-renamed-function"].passed
    for name in ("report.md", "report.html", "results.jsonl"):
        assert (tmp_path / "good" / name).is_file()
    row = json.loads((tmp_path / "good" / "results.jsonl").read_text().splitlines()[0])
    assert row["verified"] and row["model_calls"] == 5

    again = run_eval(
        suite, pattern=None, options=options, out=tmp_path / "again", baseline_path=baseline, update_baseline=False
    )
    assert again.gate is not None and again.gate.passed, again.gate

    # Break the "model": it now silences the error with a noqa instead of fixing the call.
    old = "        return money.round_money(self.discounted() * self.tax_rate)"
    script(
        [tool_use(1, "edit_file", {"path": "src/invoicing/invoice.py", "old_text": old, "new_text": old + "  # noqa"})],
        (
            [tool_use(2, "finish", {"root_cause": "lint", "summary": "silenced", "fixed": True})],
            expect_result("toolu_01", is_error=False),
        ),
    ).dump(fixtures / "py-renamed-function" / "cassette.json")
    bad = run_eval(
        suite, pattern=None, options=options, out=tmp_path / "bad", baseline_path=baseline, update_baseline=False
    )
    assert bad.gate is not None and not bad.gate.passed
    assert bad.gate.lost == ["py-renamed-function"]
    assert bad.results[0].status.value == "not_fixed" and bad.results[0].symptom_patch
    assert "Gate failed" in (tmp_path / "bad" / "report.html").read_text()


def test_scoring_pass_hat_k_needs_every_attempt() -> None:
    from remediate.evals.runner import AttemptResult
    from remediate.models import Status

    def attempt(case: str, k: int, ok: bool) -> AttemptResult:
        return AttemptResult(
            case=case,
            category="test",
            attempt=k,
            status=Status.FIXED if ok else Status.NOT_FIXED,
            verified=ok,
            protected_violation=False,
            symptom_patch=False,
            tool_calls=4,
            model_calls=4,
            input_tokens=10,
            output_tokens=5,
            usd=0.01 * k,
            wall_s=float(k),
            message="",
        )

    scored = score([attempt("a", 1, True), attempt("a", 2, False), attempt("b", 1, True), attempt("b", 2, True)])
    assert scored.total.pass_at_1 == 0.75 and scored.total.pass_hat_k == 0.5
    assert {c.name: c.all_passed for c in scored.cases} == {"a": False, "b": True}
    assert scored.total.wall_s.p50 == 1.0 and scored.total.wall_s.p95 == 2.0
