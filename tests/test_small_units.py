"""Globs, pricing, diff parsing, the symptom guard, budgets and loop detection."""

from __future__ import annotations

import pytest

from remediate.diffs import changed_paths, parse_patch
from remediate.globs import matches
from remediate.guards import BudgetMeter, LoopDetector
from remediate.models import Budget, ExitCode, Status, Usage
from remediate.pricing import DEFAULT_MODEL, PRICES, cost_usd, price_of
from remediate.tools import CI_CONFIG_PATHS, DEFAULT_PROTECTED, PathPolicy, ToolFailure
from remediate.verify import protected_paths_touched, symptom_findings


@pytest.mark.parametrize(
    ("path", "pattern", "hit"),
    [
        ("tests/test_a.py", "tests/**", True),
        ("pkg/tests/test_a.py", "tests", True),
        ("src/tests.py", "tests/**", False),
        ("src/a_test.py", "*_test.py", True),
        ("src/attest.py", "test_*.py", False),
        (".github/workflows/ci.yml", ".github/**", True),
        ("docs/src/y.py", "src/**", False),
        ("src/x/y.py", "src/**", True),
        ("poetry.lock", "*.lock", True),
    ],
)
def test_globs(path: str, pattern: str, hit: bool) -> None:
    assert (matches(path, [pattern]) is not None) is hit


def test_policy_protects_tests_ci_and_locks_unless_allowed() -> None:
    policy = PathPolicy()
    for path in ("tests/test_x.py", "conftest.py", ".github/workflows/ci.yml", "uv.lock", ".git/config"):
        with pytest.raises(ToolFailure):
            policy.check_write(path)
    policy.check_write("src/pkg/mod.py")
    allowed = PathPolicy(allow_edit=("tests/**",))
    allowed.check_write("tests/test_x.py")
    scoped = PathPolicy(writable=("Dockerfile",))
    with pytest.raises(ToolFailure, match="outside the files"):
        scoped.check_write("src/a.py")
    assert "tests/**" in DEFAULT_PROTECTED


@pytest.mark.parametrize(
    "path",
    [
        "cloudbuild.yaml",
        "deploy/cloudbuild.yml",
        "buildspec.yml",
        ".teamcity/settings.kts",
        ".drone.yml",
        ".woodpecker.yml",
        ".woodpecker/test.yaml",
    ],
)
def test_the_ci_configs_the_facts_read_are_protected(path: str) -> None:
    # each CI whose logs the facts read runs its config with the repository's secrets: no specialist may edit it
    assert matches(path, CI_CONFIG_PATHS) is not None
    assert matches(path, DEFAULT_PROTECTED) is not None


def test_pricing_known_dated_and_unknown_models() -> None:
    assert DEFAULT_MODEL in PRICES
    assert price_of("claude-haiku-4-5-20251001") == (PRICES["claude-haiku-4-5"], True)
    price, known = price_of("some-future-model")
    assert not known and price.output == max(p.output for p in PRICES.values())
    usage = Usage(input_tokens=1_000_000, output_tokens=100_000, cache_read_tokens=1_000_000)
    p = PRICES["claude-sonnet-4-5"]
    assert cost_usd("claude-sonnet-4-5", usage) == pytest.approx(p.input + p.output / 10 + p.cache_read)


PATCH = """diff --git a/src/app.py b/src/app.py
index 1111111..2222222 100644
--- a/src/app.py
+++ b/src/app.py
@@ -1,3 +1,3 @@
 def f():
-    return compute()
+    return compute()  # noqa: F821
diff --git a/tests/test_app.py b/tests/test_app.py
--- a/tests/test_app.py
+++ b/tests/test_app.py
@@ -1,3 +1,2 @@
 def test_f():
-    assert f() == 1
+    pass
diff --git a/new.py b/new.py
new file mode 100644
--- /dev/null
+++ b/new.py
@@ -0,0 +1 @@
+x = 1
"""


def test_parse_patch_paths_and_lines() -> None:
    assert changed_paths(PATCH) == ["src/app.py", "tests/test_app.py", "new.py"]
    changes = parse_patch(PATCH)
    assert changes[0].added == ["    return compute()  # noqa: F821"]
    assert changes[2].new_file


def test_symptom_guard_names_each_symptom() -> None:
    findings = symptom_findings(PATCH)
    assert any("noqa" in f for f in findings)
    assert any("deletes 1 assertion" in f for f in findings)
    skip = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1,2 @@\n+@pytest.mark.skip\n def test(): ...\n"
    assert any("skip marker" in f for f in symptom_findings(skip))
    swallow = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1,3 @@\n+try:\n+    go()\n+except Exception:\n+    pass\n"
    assert any("blanket except" in f for f in symptom_findings(swallow))
    ignore = (
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x: int = f()\n+x: int = f()  # type: ignore\n"
    )
    assert any("type: ignore" in f for f in symptom_findings(ignore))
    commented = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-validate(order)\n+# validate(order)\n"
    assert any("comments code out" in f for f in symptom_findings(commented))


def test_symptom_guard_passes_a_real_fix() -> None:
    real = (
        "diff --git a/src/x.py b/src/x.py\n--- a/src/x.py\n+++ b/src/x.py\n@@ -1 +1 @@\n"
        "-    return money.round_money(v)\n+    return money.round_currency(v)\n"
    )
    assert symptom_findings(real) == []
    assert protected_paths_touched(PATCH, PathPolicy()) == ["tests/test_app.py"]


def test_budget_meter_fails_closed_on_each_dimension() -> None:
    meter = BudgetMeter(Budget(tool_calls=2, model_calls=1, usd=0.01, input_tokens=10, output_tokens=10, seconds=60))
    assert meter.exhausted_before_model_call() is None
    meter.usage.model_calls = 1
    assert "model calls" in str(meter.exhausted_before_model_call() or "")
    meter.tool_calls = 2
    assert "tool calls" in str(meter.exhausted_before_tool_call() or "")
    dollars = BudgetMeter(Budget(usd=0.01))
    dollars.usage.usd = 0.02
    assert "dollars" in str(dollars.exhausted_before_model_call() or "")
    slow = BudgetMeter(Budget(seconds=0))
    assert "wall time" in str(slow.exhausted_before_tool_call() or "")


def test_loop_detector_same_call_same_error_and_invalid_streak() -> None:
    d = LoopDetector()
    assert d.see_call("read_file", '{"path":"a"}') is None
    assert d.see_call("read_file", '{"path":"a"}') is None
    assert "3 times" in str(d.see_call("read_file", '{"path":"a"}') or "")
    e = LoopDetector()
    assert e.see_result(True, "boom", invalid=False) is None
    assert e.see_result(True, "boom", invalid=False) is None
    assert "same tool error" in str(e.see_result(True, "boom", invalid=False) or "")
    v = LoopDetector(invalid_streak_limit=2)
    assert v.see_result(True, "invalid input a", invalid=True) is None
    assert "invalid tool calls" in str(v.see_result(True, "invalid input b", invalid=True) or "")


def test_every_status_has_an_exit_code() -> None:
    codes = {status: ExitCode.of(status) for status in Status}
    assert codes[Status.FIXED] == 0 and codes[Status.BAD_INPUT] == 2 and codes[Status.NOT_REPRODUCED] == 13
    assert codes[Status.BUDGET_EXHAUSTED] == 11 and codes[Status.REFUSED] == 12 and codes[Status.ERROR] == 1


def test_guard_events_have_one_kind_list_and_measurements_their_own_field() -> None:
    from pydantic import ValidationError

    from remediate.guards import BudgetDimension, BudgetStop, LoopKind, LoopStop
    from remediate.models import FixReport, GuardEvent, GuardKind

    # Every budget and loop stop names a kind of the enum (GuardKind() raises for any other).
    assert {BudgetStop("run", d, "").kind for d in BudgetDimension} <= set(GuardKind)
    assert {LoopStop(k, "").event_kind for k in LoopKind} <= set(GuardKind)
    with pytest.raises(ValidationError):
        GuardEvent(kind="measurement", detail="not a wall")
    # A report.json written before the field: its measurement events become measurements.
    old = {
        "run_id": "r",
        "status": "fixed",
        "message": "m",
        "exit_code": 0,
        "guard_events": [
            {"kind": "measurement", "detail": "dockerfile: layers 5 -> 3, Dockerfile.prod:hadolint_findings 2 -> ?"},
            {"kind": "breaker", "detail": "b"},
        ],
    }
    report = FixReport.model_validate(old)
    assert [e.kind for e in report.guard_events] == [GuardKind.BREAKER]
    assert [str(m) for m in report.measurements] == ["layers 5 -> 3", "Dockerfile.prod:hadolint_findings 2 -> ?"]
    assert FixReport.model_validate_json(report.model_dump_json()) == report


def test_a_command_option_is_a_field_of_its_group_and_nothing_else() -> None:
    import inspect

    from typer.main import get_group

    from remediate import cli
    from remediate import options as opt

    groups = (opt.RunInputs, opt.OutputOptions, opt.SandboxOptions, opt.PolicyOptions, opt.PublishOptions)
    fields = {name: f for g in groups for name, f in g.model_fields.items()}
    params = inspect.signature(cli.fix).parameters
    assert list(params) == list(fields), "fix's options are its groups' fields, in order"
    assert params["timeout"].default == 600.0 and params["source"].default is inspect.Parameter.empty
    command = get_group(cli.app).commands["fix"]
    flags = {p.name: p.opts for p in command.params}
    assert flags["pr_base"] == ["--base"] and flags["as_json"] == ["--json"] and flags["max_usd"] == ["--max-usd"]
    assert {p.name for p in command.params if p.required} == {"source", "log"}

    seen: list[object] = []
    run = opt.takes(opt.PublishOptions)(lambda publishing: seen.append(publishing))
    run(publish=True, repo="octo/app", commit=None, pr_base="main")
    assert seen == [opt.PublishOptions(publish=True, repo="octo/app", pr_base="main")]
