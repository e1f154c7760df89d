"""The eval report: models per specialist, baseline deltas and the gate per metric, a page per
case, trends from earlier runs, honest statistics, labelled charts; rendered in headless Chromium.
And the README cost table is the one the suite's baseline generates."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from remediate.evals.command import run_eval
from remediate.evals.costs import BEGIN, END, cost_table, main, replace_table
from remediate.evals.gate import Baseline, compare
from remediate.evals.runner import AttemptResult, RunOptions, Suite
from remediate.evals.scoring import Stats, score, wilson
from tests.conftest import ROOT
from tests.obs.browser import dump_dom, screenshot
from tests.obs.test_runview import sections

REPORT_SECTIONS = ("gate", "summary", "models", "categories", "costs", "cases", "baseline", "trends")


@dataclass
class Evals:
    one: Path  # 1 attempt per case
    two: Path  # 2 attempts per case, the newer run
    baseline: Path


@pytest.fixture(scope="module")
def evals(tmp_path_factory: pytest.TempPathFactory) -> Evals:
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap (bwrap) is not installed")
    root = tmp_path_factory.mktemp("evals")
    suite = Suite.load(ROOT / "evals/suite.toml")
    baseline = root / "baseline.json"
    runs = []
    for name, attempts, update in (("one", 1, True), ("two", 2, False)):
        out = root / "history" / name
        run_eval(
            suite,
            pattern="lint-*",
            options=RunOptions(attempts=attempts, concurrency=2),
            out=out,
            baseline_path=baseline,
            update_baseline=update,
        )
        runs.append(out)
    return Evals(one=runs[0], two=runs[1], baseline=baseline)


def test_report_renders_its_sections_in_chromium(evals: Evals, tmp_path: Path) -> None:
    page = evals.two / "report.html"
    found, tags = sections(dump_dom(page))
    assert set(REPORT_SECTIONS) <= set(found), set(REPORT_SECTIONS) - set(found)
    assert "Gate passed" in found["gate"]
    for metric in ("cases passed", "cost", "tool calls"):
        assert metric in found["gate"]
    assert found["gate"].count("pass") >= 3
    # The model each specialist actually ran on, beside its default.
    assert "lint" in found["models"] and "claude-haiku-5-5" in found["models"]
    assert "lint-bare-except" in found["costs"] and "claude-sonnet-5-5" in found["costs"]
    assert "svg" in tags and "rect" in tags and "100%" in found["categories"]
    assert "range" in found["summary"] and "[" in found["summary"]  # k=2: Wilson interval; cases differ: a range
    assert "95% CI, k=2" in found["cases"]
    assert "one" in found["trends"] and "two" in found["trends"] and "circle" in tags
    assert "lint-unused-imports" in found["baseline"]
    screenshot(page, tmp_path / "report.png")


def test_one_attempt_shows_no_spread(evals: Evals) -> None:
    found, _ = sections(dump_dom(evals.one / "report.html"))
    assert "±" not in " ".join(found.values())
    assert "p95" not in " ".join(found.values())
    assert "No gate" in found["gate"]  # that run wrote the baseline


def test_a_page_per_case_with_route_diff_and_run_view(evals: Evals) -> None:
    page = evals.two / "cases" / "lint-bare-except.html"
    found, _ = sections(dump_dom(page))
    assert {"case-summary", "attempt-1", "attempt-2"} <= set(found)
    attempt = found["attempt-1"]
    assert "lint -> lint (rules)" in attempt and "E722" in attempt
    assert "except InvalidOperation" in attempt  # the diff inline
    assert "Two bare" in attempt  # the root cause
    html = page.read_text()
    assert 'href="../attempts/lint-bare-except/1/run.html"' in html
    assert (evals.two / "attempts/lint-bare-except/1/run.html").is_file()
    report_html = (evals.two / "report.html").read_text()
    assert 'href="cases/lint-bare-except.html"' in report_html


def test_costs_at_the_default_and_the_chosen_model(evals: Evals) -> None:
    rows = {json.loads(line)["case"]: json.loads(line) for line in (evals.two / "costs.jsonl").read_text().splitlines()}
    bare = rows["lint-bare-except"]
    assert bare["specialist"] == "lint" and bare["default_model"] == "claude-haiku-5-5"
    assert bare["at_model"] == "claude-sonnet-5-5"
    assert 0 < bare["usd_default"] < bare["usd_at"] / 10  # haiku is 20x cheaper than sonnet per token
    assert rows["lint-unused-imports"]["usd_default"] == 0  # ruff --fix, no model call
    baseline = Baseline.load(evals.baseline)
    assert set(baseline.costs) == {"lint-bare-except", "lint-unused-imports"}
    assert "# README table" in (evals.two / "costs.md").read_text()


def test_readme_cost_table_is_generated_from_the_baseline() -> None:
    """README.md's table is exactly what `make costs` renders from evals/baseline.json."""
    assert main(["--check", str(ROOT / "README.md")]) == 0
    baseline = Baseline.load(ROOT / "evals/baseline.json")
    readme = (ROOT / "README.md").read_text()
    assert cost_table(list(baseline.costs.values())) in readme
    assert set(baseline.costs) == set(baseline.cases), "every case of the suite is in the cost table"


def test_replace_table_needs_one_block() -> None:
    assert replace_table(f"a\n{BEGIN}\nold\n{END}\nb", "new") == f"a\n{BEGIN}\nnew\n{END}\nb"
    with pytest.raises(Exception, match="single cost-table block"):
        replace_table("no markers", "new")


def test_statistics_are_honest_about_sample_size() -> None:
    one = Stats.of([0.5])
    assert one.ci95 is None and one.n == 1
    two = Stats.of([1.0, 3.0])
    assert two.ci95 == pytest.approx(12.706 * 2**0.5 / 2**0.5)  # t(1) * sd / sqrt(n)
    low, high = wilson(1, 1)
    assert 0.2 < low < 0.25 and high == 1.0
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0


def test_gate_decides_per_metric(evals: Evals) -> None:
    baseline = Baseline.load(evals.baseline)
    cheap = baseline.model_copy(
        update={"cases": {k: v.model_copy(update={"usd_mean": v.usd_mean / 2}) for k, v in baseline.cases.items()}}
    )
    lines = (evals.one / "results.jsonl").read_text().splitlines()
    scored = score([AttemptResult.model_validate_json(line) for line in lines])
    gate = compare(scored, cheap, deterministic=True)
    decisions = {m.name.split(" ")[0]: m for m in gate.metrics}
    assert not gate.passed and not decisions["cost"].passed and decisions["cases"].passed
    assert decisions["cost"].change == pytest.approx(1.0)
