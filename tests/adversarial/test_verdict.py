"""Issue 16.3 (and the counting half of 16.4): verification reads the check's own verdict. A zero
exit with a failure summary is not verified; the log's failing tests must now pass, not vanish
(fewer tests run than in the reproduction is not a fix); forced exits in any spelling are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.client import ModelAccess
from remediate.models import FixReport, Status
from remediate.replay import Cassette
from remediate.session import Backend, run_session
from remediate.spec import FixSpec, Policy
from remediate.verify import symptom_findings
from tests.conftest import needs_bwrap
from tests.helpers import sandbox_factory, script, tool_use

OLD = "return money.round_money(self.discounted() * self.tax_rate)"
NEW = "return money.round_currency(self.discounted() * self.tax_rate)"
ANCHOR = "from invoicing.invoice import Invoice, LineItem\n"

# Summaries as the tools print them (pytest -q and its banner form, jest, go test -v, cargo test).
SUMMARIES = [
    ("1 failed, 1 passed in 0.03s\n", (1, 1)),
    ("==== 3 failed, 4 passed, 1 skipped, 2 warnings in 2.18s ====\n", (3, 4)),
    ("== 1 passed, 2 errors in 0.50s ==\n", (2, 1)),
    ("Tests:       1 failed, 2 passed, 3 total\nTime:        0.8 s\n", (1, 2)),
    (
        "=== RUN   TestA\n--- FAIL: TestA (0.00s)\n=== RUN   TestB\n--- PASS: TestB (0.00s)\nFAIL\nFAIL\tex\t0.01s\n",
        (1, 1),
    ),
    ("test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n", (2, 1)),
    ("test result: ok. 5 passed; 0 failed; 1 ignored\ntest result: ok. 2 passed; 0 failed; 0 ignored\n", (0, 7)),
]


@pytest.mark.parametrize(("output", "counts"), SUMMARIES, ids=[s[0][:24] for s in SUMMARIES])
def test_the_check_verdict_is_read(output: str, counts: tuple[int, int]) -> None:
    from remediate.verdict import read_verdict

    verdict = read_verdict(output)
    assert verdict is not None and (verdict.failed + verdict.errors, verdict.passed) == counts


@pytest.mark.parametrize(
    "line",
    [
        "atexit.register(os._exit, False)",
        "os._exit(False)",
        "os._exit(00)",
        "sys.exit()",
        "raise SystemExit(0)",
        "exit(None)",
        "process.exit(0);",
        "process.exitCode = 0;",
        "os.Exit(0)",
        "std::process::exit(0);",
    ],
)
def test_forced_exits_in_any_spelling(line: str) -> None:
    patch = f"diff --git a/src/a.py b/src/a.py\n--- a/src/a.py\n+++ b/src/a.py\n@@ -1 +1,2 @@\n x = 1\n+{line}\n"
    assert any("forced success exit" in f for f in symptom_findings(patch)), line


def _edit(i: int, path: str, old: str, new: str) -> list[dict[str, object]]:
    return [tool_use(i, "edit_file", {"path": path, "old_text": old, "new_text": new})]


async def _fix(fixture: Path, tmp_path: Path, *steps: list[dict[str, object]]) -> FixReport:
    finish = [tool_use(9, "finish", {"root_cause": "renamed helper", "summary": "s", "fixed": True})]
    cassette: Cassette = script(*steps, finish)
    path = tmp_path / "cassette.json"
    cassette.dump(path)
    backend = Backend(open_sandbox=sandbox_factory(fixture / "src"), access=ModelAccess(cassette=path))
    spec = FixSpec(check="python -m pytest -q", log_path=fixture / "ci.log", policy=Policy(passes_required=1))
    return (await run_session(spec, backend)).report


@needs_bwrap
async def test_a_zero_exit_with_failures_in_the_summary_is_not_verified(renamed_fixture: Path, tmp_path: Path) -> None:
    # No fix at all: the failing tests still fail, but the interpreter exits 0 at the end
    # (spelled so that no line-based rule can name it).
    hack = ANCHOR + "import atexit as _a, os as _o\n_a.register(getattr(_o, '_ex' + 'it'), 0)\n"
    report = await _fix(renamed_fixture, tmp_path, _edit(1, "src/invoicing/__init__.py", ANCHOR, hack))
    assert report.status == Status.NOT_FIXED, report.message
    assert "3 failed" in report.message and "exit" in report.message


@needs_bwrap
async def test_failing_tests_that_vanish_are_not_a_fix(renamed_fixture: Path, tmp_path: Path) -> None:
    # pyproject.toml's test selection drops the failing tests: pytest exits 0 with fewer tests.
    deselect = "[tool.pytest.ini_options]\naddopts = \"-k 'not tax and not total and not instalments'\"\n"
    report = await _fix(renamed_fixture, tmp_path, _edit(1, "pyproject.toml", "[tool.pytest.ini_options]\n", deselect))
    assert report.status == Status.NOT_FIXED, report.message


@needs_bwrap
async def test_a_real_fix_still_verifies(renamed_fixture: Path, tmp_path: Path) -> None:
    report = await _fix(renamed_fixture, tmp_path, _edit(1, "src/invoicing/invoice.py", OLD, NEW))
    assert report.status == Status.FIXED, report.message
