"""Guards as units: typed budget stops up a chain, loop keys, the context meter, the symptom
guard's new rules, hunk-aware protected paths, the status of every loop stop."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from remediate.client import ApiFault
from remediate.guards import BudgetDimension, BudgetMeter, ContextMeter, LoopDetector, LoopLimits, error_key
from remediate.loop import LoopResult, StopReason
from remediate.models import Budget, ExitCode, Status, Usage
from remediate.pipeline.stages import status_of_stop
from remediate.tools import PathPolicy
from remediate.verify import protected_paths_touched, symptom_findings


def patch_of(path: str, removed: list[str], added: list[str]) -> str:
    body = "".join(f"-{line}\n" for line in removed) + "".join(f"+{line}\n" for line in added)
    return f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1,{len(removed)} +1,{len(added)} @@\n{body}"


def test_a_spend_counts_in_the_run_meter_and_the_run_budget_stops_first() -> None:
    run = BudgetMeter(Budget(model_calls=2, tool_calls=50), scope="run")
    specialist = BudgetMeter(Budget(model_calls=10), parent=run)
    specialist.record_model_call(Usage(model_calls=1, input_tokens=10))
    specialist.record_model_call(Usage(model_calls=1, input_tokens=10))
    assert run.usage.model_calls == 2 and run.usage.input_tokens == 20
    stop = specialist.exhausted_before_model_call()
    assert stop is not None and stop.scope == "run" and stop.dimension == BudgetDimension.MODEL_CALLS
    assert stop.kind == "budget_model_calls" and str(stop) == "run model calls: 2 of 2 used"


def test_the_tightest_wall_clock_in_the_chain_is_the_one_left() -> None:
    run = BudgetMeter(Budget(seconds=5), scope="run")
    specialist = BudgetMeter(Budget(seconds=500), parent=run)
    assert 0 < specialist.remaining_seconds() <= 5
    run.started -= 10
    stop = specialist.exhausted_time()
    assert stop is not None and stop.scope == "run" and stop.dimension == BudgetDimension.SECONDS


def test_loop_limits_are_validated_and_applied() -> None:
    with pytest.raises(ValidationError):
        LoopLimits(same_call=1)
    detector = LoopDetector.of(LoopLimits(same_call=2, same_error=4, invalid_streak=2))
    assert detector.see_call("read_file", "a@v1") is None
    stop = detector.see_call("read_file", "a@v1")
    assert stop is not None and stop.event_kind == "loop_same_call"
    assert detector.see_call("read_file", "a@v2") is None  # the workspace changed: progress


def test_errors_that_differ_only_in_timings_are_the_same_error() -> None:
    assert error_key("check FAILED in 1.23s at 0x7fff1234abcd") == error_key("check FAILED in 9.9s at 0x7fff9999dcba")
    assert error_key("line 12: bad") != error_key("line 40: bad")


def test_the_context_meter_calibrates_but_never_assumes_more_than_4_chars_a_token() -> None:
    meter = ContextMeter(window_tokens=1000)
    assert meter.budget_tokens == 600 and meter.budget_chars() == 1800  # 3 chars/token before any answer
    meter.calibrate(request_chars=10_000, input_tokens=1000)
    assert meter.chars_per_token == 4.0
    meter.calibrate(request_chars=2000, input_tokens=1000)
    assert meter.chars_per_token == 2.0 and meter.estimate(1000) == 500


@pytest.mark.parametrize(
    ("added", "rule"),
    [
        (["    pytest.importorskip('numpy')"], "skip marker"),
        (["@unittest.expectedFailure"], "skip marker"),
        (["x = compute()  # ruff: noqa"], "noqa"),
        (["# mypy: ignore-errors"], "mypy: ignore-errors"),
        (["    run: pytest || true"], "ignored exit status"),
        (["set +e"], "ignored exit status"),
        (["    sys.exit(0)"], "forced success exit"),
        (["    assert True"], "trivial assertion"),
        (["try:", "    go()", "except Exception as exc:", "    log.warning('ignored %s', exc)"], "swallows errors"),
        (["try:", "    go()", "except:", "    return None"], "swallows errors"),
    ],
)
def test_symptom_guard_rejects_each_new_symptom(added: list[str], rule: str) -> None:
    findings = symptom_findings(patch_of("src/app.py", [], added))
    assert any(rule in f for f in findings), findings


def test_symptom_guard_passes_handlers_that_re_raise_and_catches_deleted_tests() -> None:
    reraise = ["try:", "    go()", "except Exception as exc:", "    raise AppError('go failed') from exc"]
    assert symptom_findings(patch_of("src/app.py", [], reraise)) == []
    narrow = ["try:", "    go()", "except KeyError:", "    return None"]
    assert symptom_findings(patch_of("src/app.py", [], narrow)) == []
    deleted = patch_of("tests/test_app.py", ["def test_total():", "    assert total([1]) == 1"], [])
    assert any("deletes 1 test(s)" in f for f in symptom_findings(deleted))


def test_a_fake_header_inside_a_hunk_does_not_hide_a_protected_path() -> None:
    # `++ b/src/ok.py` added to a test file reads as a `+++` header to a naive diff reader.
    patch = (
        "diff --git a/tests/test_app.py b/tests/test_app.py\n--- a/tests/test_app.py\n+++ b/tests/test_app.py\n"
        "@@ -1,2 +1,3 @@\n def test_total():\n+++ b/src/ok.py\n-    assert total([1]) == 1\n+    pass\n"
    )
    assert protected_paths_touched(patch, PathPolicy()) == ["tests/test_app.py"]
    renamed = "diff --git a/t.py b/t.py\nrename from tests/test_a.py\nrename to src/a.py\n"
    assert "tests/test_a.py" in protected_paths_touched(renamed, PathPolicy())
    escape = "diff --git a/../x b/../x\n--- a/../x\n+++ b/../x\n@@ -1 +1 @@\n-a\n+b\n"
    assert protected_paths_touched(escape, PathPolicy())[0].startswith("(rejected path)")


def _result(stop: StopReason, **extra: object) -> LoopResult:
    return LoopResult(stop, "detail", None, Usage(), 0, [], **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("stop", "extra", "status"),
    [
        (StopReason.BUDGET, {}, Status.BUDGET_EXHAUSTED),
        (StopReason.LOOP, {}, Status.LOOP_DETECTED),
        (StopReason.API_ERROR, {"api_fault": ApiFault.OVERLOADED}, Status.ERROR),
        (StopReason.MAX_TOKENS, {}, Status.NOT_FIXED),
        (StopReason.REFUSAL, {}, Status.NOT_FIXED),
    ],
)
def test_every_stop_has_its_status_and_budget_and_loop_exit_11(
    stop: StopReason, extra: dict[str, object], status: Status
) -> None:
    mapped = status_of_stop(_result(stop, **extra))
    assert mapped is not None and mapped[0] == status
    if stop in (StopReason.BUDGET, StopReason.LOOP):
        assert ExitCode.of(status) == 11 and "partial diff is kept" in mapped[1]
    if stop == StopReason.API_ERROR:
        assert "overloaded" in mapped[1]
    assert status_of_stop(_result(StopReason.FINISHED)) is None
