"""Every fixture through the offline eval (`run_session`: real sandbox, real tools, the real SDK over the
fixture's scripted cassette). Each must be routed by rules, fixed, verified twice on a fresh copy,
touch exactly the files of the gold patch, and consume its cassette exactly.

The fixtures are run once per `make test`: `make eval-offline` runs them and this reads its per-case
outcomes (REMEDIATE_EVAL_REPORT) when they were made from this tree; alone, it runs the eval itself."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from remediate.agents import SPECIALISTS
from remediate.diffs import changed_paths
from remediate.evals import inputs as run_inputs
from remediate.evals.cases import load_case
from remediate.evals.command import run_eval
from remediate.evals.runner import REPLAY, ReplayRecord, RunOptions, Suite, attempt_folder
from remediate.models import FixReport, Status
from remediate.pricing import DEFAULT_MODEL
from remediate.replay import Cassette
from remediate.session import REPORT
from tests.agents.scripts import ZERO_MODEL
from tests.conftest import FIXTURES, needs_bwrap

pytestmark = needs_bwrap


@dataclass(frozen=True)
class Expected:
    specialist: str
    tool_calls: int
    measured: str = ""  # a before -> after number the report must carry
    stages: tuple[str, ...] = ()  # several failures: the specialist of each stage, in order


# Model calls are the cassette's length; tool calls are what the scripted model does.
EXPECTED: dict[str, Expected] = {
    "format-ruff-quote-style": Expected("lint", 0),
    "format-ruff-unformatted": Expected("lint", 0),
    "lint-unused-imports": Expected("lint", 0),
    "lint-bare-except": Expected("lint", 5),
    "type-wrong-return": Expected("types", 3),
    "type-optional-unhandled": Expected("types", 5),
    "dep-yaml-undeclared": Expected("dependencies", 3),
    "dep-requests-dev-only": Expected("dependencies", 4),
    "docker-hadolint-apt": Expected("dockerfile", 4, "hadolint_findings 5 -> 0"),
    "docker-bloated-image": Expected("dockerfile", 3, "final_stage_run 5 -> 1"),
    "sql-dbt-renamed-column": Expected("sql", 3),
    "sql-duckdb-join-key": Expected("sql", 3),
    "config-yaml-tab": Expected("config", 3),
    "config-toml-duplicate-table": Expected("config", 4),
    "py-date-range-overlap": Expected("tests", 5),
    "py-off-by-one-pagination": Expected("tests", 5),
    "go-test-interval-merge": Expected("tests", 4),
    "go-build-renamed-method": Expected("build", 5),
    "go-gofmt-unformatted": Expected("lint", 0),
    "c-make-header-signature": Expected("build", 4),
    "js-jest-discount-cap": Expected("tests", 4),
    "js-eslint-fixable": Expected("lint", 0),
    "js-own-node-modules": Expected("tests", 5),
    "ts-prettier-unformatted": Expected("lint", 0),
    "ts-tsc-possibly-undefined": Expected("types", 3),
    "rust-test-luhn": Expected("tests", 4),
    "rust-build-borrow": Expected("build", 3),
    "rust-fmt-unformatted": Expected("lint", 0),
    "java-junit-invoice-rounding": Expected("tests", 4),
    "java-javac-cannot-find-symbol": Expected("build", 5),
    "multi-py-lint-test": Expected("lint", 3, stages=("lint", "tests")),
    "multi-ts-format-type": Expected("lint", 3, stages=("lint", "types")),
}


# `make test` runs the offline eval first and points this at its output; the fixtures' outcomes are
# read from there when that run was made from this tree's fixtures, cassettes, code and packages.
EVAL_REPORT = "REMEDIATE_EVAL_REPORT"
# The options `make eval-offline` runs the suite with (evals/suite.toml), as far as an outcome depends on them.
OPTIONS = RunOptions(concurrency=2, passes_required=2)


@dataclass(frozen=True)
class Outcomes:
    """Per-case outcomes of one offline eval run: each case's FixReport and what its model client saw."""

    out: Path
    skipped: dict[str, str]

    def of(self, name: str) -> tuple[FixReport, ReplayRecord]:
        folder = self.out / attempt_folder(name, 1)
        report = FixReport.model_validate_json((folder / REPORT).read_text(encoding="utf-8"))
        return report, ReplayRecord.model_validate_json((folder / REPLAY).read_text(encoding="utf-8"))


def _given() -> Outcomes | str | None:
    """The eval run REMEDIATE_EVAL_REPORT names, if its outcomes stand for this tree; else why not.
    Checked when this module is collected, before any test of the session can touch the tree or the process."""
    if not (given := os.environ.get(EVAL_REPORT)):
        return None
    cases = [load_case(FIXTURES / name) for name in sorted(EXPECTED)]
    try:
        return Outcomes(Path(given), run_inputs.reusable(Path(given), cases, OPTIONS).skipped)
    except run_inputs.StaleRun as exc:
        return f"{EVAL_REPORT}: {exc}; running the fixtures here"


GIVEN = _given()


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Outcomes:
    if isinstance(GIVEN, Outcomes):
        return GIVEN
    if GIVEN is not None:
        warnings.warn(GIVEN, stacklevel=1)
    # Alone (plain `pytest`): the same offline eval over these fixtures, once for the session.
    out = tmp_path_factory.mktemp("offline-eval")
    suite = Suite(name="fixtures e2e", fixtures=FIXTURES, cases=tuple(sorted(EXPECTED)))
    done = run_eval(suite, pattern=None, options=OPTIONS, out=out, baseline_path=None, update_baseline=False)
    return Outcomes(out, done.skipped)


def test_every_fixture_is_covered() -> None:
    cases = {p.parent.name for p in FIXTURES.glob("*/case.toml")}
    # py-renamed-function: tests/test_fix_e2e.py; the environment fixtures (a prepared .venv, --setup, an
    # unreproducible failure): the offline eval suite (make eval-offline), which prepares them.
    elsewhere = {"py-renamed-function", "py-own-venv-editable", "py-src-layout-setup", "env-unreproducible-env-var"}
    assert cases - set(EXPECTED) == elsewhere
    assert {n for n, e in EXPECTED.items() if e.tool_calls == 0} == set(ZERO_MODEL)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_fixed_offline(name: str, outcomes: Outcomes) -> None:
    if name in outcomes.skipped:
        pytest.skip(outcomes.skipped[name])
    case = load_case(FIXTURES / name)
    expected = EXPECTED[name]
    report, replay = outcomes.of(name)
    cassette = Cassette.load(case.cassette) if case.cassette.is_file() else Cassette(kind="scripted", interactions=[])
    assert report.status == Status.FIXED, f"{report.message}\n{report.patch}"
    assert report.verification is not None and report.verification.passed
    assert len(report.verification.runs) == 2 and report.verification.reproduced is not None
    assert report.route is not None and report.route.decided_by == "rules"
    assert report.route.category is case.spec.category and report.route.specialist == expected.specialist
    gold = changed_paths(case.gold_patch.read_text(encoding="utf-8"))
    assert sorted(report.changed_files) == sorted(gold), report.patch
    assert not [e for e in report.guard_events if e.kind in ("symptom_patch", "protected_path", "tool_error")]
    assert report.usage.model_calls == len(cassette.interactions)
    assert report.tool_calls == expected.tool_calls
    if name in ZERO_MODEL:
        # Fixed by the deterministic prefix: no model client was even opened, no token spent.
        assert not replay.client_opened and report.usage.usd == 0 and report.usage.input_tokens == 0
        assert "no model call" in report.message and report.root_cause == ""
        assert [t.stage for t in report.timings if t.stage in ("prefix", "specialist")] == ["prefix"]
    else:
        assert replay.client_opened and replay.replayed
        assert not replay.mismatches and replay.served == replay.interactions == len(cassette.interactions)
        assert report.root_cause and report.usage.usd > 0
        # Each specialist runs on its own default model (the cassettes do not pin it: --model may override).
        modelled = expected.stages[-1] if expected.stages else expected.specialist
        default = SPECIALISTS[modelled].model or DEFAULT_MODEL
        assert report.model == default and all(m == default for m in replay.request_models)
    # Every stage is in the report: its specialist, how it fixed its part, its files and its cost.
    assert [sub.specialist for sub in report.sub_fixes] == list(expected.stages or (expected.specialist,))
    assert sum(sub.model_calls for sub in report.sub_fixes) == report.usage.model_calls
    assert sorted({f for sub in report.sub_fixes for f in sub.files}) == sorted(gold)
    if expected.stages:
        first, *rest = report.sub_fixes
        assert first.by == "prefix" and first.model_calls == 0 and all(sub.by == "specialist" for sub in rest)
        assert [sub.category for sub in report.sub_fixes] == list(case.spec.categories)
        assert "2 stages" in report.message, report.message
    if expected.measured:
        measured = [str(m) for m in report.measurements]
        assert expected.measured in measured and all(m.specialist == "dockerfile" for m in report.measurements), (
            measured
        )
