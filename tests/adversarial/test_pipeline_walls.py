"""Walls seen from a whole `fix`: a budget keeps the partial diff and its reason in the
report; a protected path changed behind the tools' back (by the check) and a symptom patch
are rejected at verification; --allow-edit opens a protected path for one run."""

from __future__ import annotations

from pathlib import Path

from remediate.client import ModelAccess
from remediate.models import FixReport, Status
from remediate.replay import Cassette
from remediate.session import Backend, run_session
from remediate.spec import BudgetOverride, FixSpec, Policy
from tests.conftest import needs_bwrap
from tests.helpers import expect_result, sandbox_factory, script, tool_use

pytestmark = needs_bwrap

OLD = "return money.round_money(self.discounted() * self.tax_rate)"
NEW = "return money.round_currency(self.discounted() * self.tax_rate)"
FIX = {"path": "src/invoicing/invoice.py", "old_text": OLD, "new_text": NEW}
ANCHOR = "from invoicing.invoice import Invoice, LineItem\n"


def done(i: int) -> list[dict[str, object]]:
    return [tool_use(i, "finish", {"root_cause": "renamed helper", "summary": "s", "fixed": True})]


async def fix(fixture: Path, tmp_path: Path, cassette: Cassette, **policy: object) -> FixReport:
    path = tmp_path / "cassette.json"
    cassette.dump(path)
    backend = Backend(open_sandbox=sandbox_factory(fixture / "src"), access=ModelAccess(cassette=path))
    spec = FixSpec(
        check="python -m pytest -q",
        log_path=fixture / "ci.log",
        policy=Policy(passes_required=1, **policy),
    )
    return (await run_session(spec, backend)).report


async def test_a_budget_stop_keeps_the_partial_diff_and_the_reason(renamed_fixture: Path, tmp_path: Path) -> None:
    cassette = script(
        [tool_use(1, "edit_file", FIX)],
        [tool_use(2, "read_file", {"path": "src/invoicing/money.py"})],
        [tool_use(3, "read_file", {"path": "src/invoicing/discounts.py"})],
    )
    report = await fix(renamed_fixture, tmp_path, cassette, budget=BudgetOverride(tool_calls=2))
    assert report.status == Status.BUDGET_EXHAUSTED and report.exit_code == 11
    assert report.message == "budget exhausted (specialist tool calls: 2 of 2 used); the partial diff is kept"
    assert f"+        {NEW}" in report.patch and report.changed_files == ["src/invoicing/invoice.py"]
    assert [e.kind for e in report.guard_events if e.kind.startswith("budget")] == ["budget_tool_calls"]


async def test_a_run_budget_in_dollars_stops_the_run(renamed_fixture: Path, tmp_path: Path) -> None:
    cassette = script([tool_use(1, "edit_file", FIX)], [tool_use(2, "read_file", {"path": "README.md"})])
    report = await fix(renamed_fixture, tmp_path, cassette, run_budget=BudgetOverride(usd=0.0001))
    assert report.status == Status.BUDGET_EXHAUSTED and "run dollars" in report.message
    assert [e.kind for e in report.guard_events if e.kind.startswith("budget")] == ["budget_usd"]


async def test_a_test_file_changed_by_the_check_is_rejected_at_verification(
    renamed_fixture: Path, tmp_path: Path
) -> None:
    # The model may not write tests/, so it makes the code under test rewrite them when imported.
    sneaky = (
        "\nimport pathlib as _p\n"
        "_t = _p.Path(__file__).parents[2] / 'tests' / 'test_invoice.py'\n"
        "_t.write_text(_t.read_text().replace('assert', 'assert True or'))\n"
    )
    cassette = script(
        [tool_use(1, "edit_file", FIX)],
        (
            [
                tool_use(
                    2,
                    "edit_file",
                    {"path": "src/invoicing/__init__.py", "old_text": ANCHOR, "new_text": ANCHOR + sneaky},
                )
            ],
            expect_result("toolu_01", is_error=False),
        ),
        ([tool_use(3, "run_check", {})], expect_result("toolu_02", is_error=False)),
        (done(4), expect_result("toolu_03")),
    )
    assert ANCHOR in (renamed_fixture / "src/src/invoicing/__init__.py").read_text()
    report = await fix(renamed_fixture, tmp_path, cassette)
    assert report.status == Status.NOT_FIXED, report.message
    assert "protected paths changed: tests/test_invoice.py" in report.message
    assert ("protected_path", "tests/test_invoice.py") in [(e.kind, e.detail) for e in report.guard_events]


async def test_a_symptom_patch_is_rejected_with_its_reason(renamed_fixture: Path, tmp_path: Path) -> None:
    silence = {
        "path": "src/invoicing/invoice.py",
        "old_text": f"        {OLD}",
        "new_text": f"        try:\n            {OLD}\n        except Exception:\n            return Decimal(0)",
    }
    cassette = script([tool_use(1, "edit_file", silence)], (done(2), expect_result("toolu_01", is_error=False)))
    report = await fix(renamed_fixture, tmp_path, cassette)
    assert report.status == Status.NOT_FIXED and "symptom patch" in report.message
    assert any(e.kind == "symptom_patch" and "swallows errors" in e.detail for e in report.guard_events)


async def test_allow_edit_opens_a_protected_path_for_one_run(renamed_fixture: Path, tmp_path: Path) -> None:
    edit = {"path": "tests/test_money.py", "old_text": "import", "new_text": "import"}
    cassette = script([tool_use(1, "edit_file", edit)], (done(2), expect_result("toolu_01", is_error=False)))
    report = await fix(renamed_fixture, tmp_path, cassette, allow_edit=("tests/test_money.py",))
    assert not any("protected" in e.detail for e in report.guard_events), report.guard_events
