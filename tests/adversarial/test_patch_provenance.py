"""Issue 16 item 14: the patch shipped is what the agent wrote through the tools.

The project carries a hook that, whenever the code under test is imported (every check run,
in the run's sandbox and in verification's), appends a line to a tracked source file. Before,
that line ended in the "verified" patch beside the model's edit; now the patch holds only the
edit, and the hook's change is reported apart (`FixReport.check_changes`, a `check_changes`
event). A deterministic fixer the pipeline runs (an authored run) still ships its changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from remediate.models import Status
from remediate.sandbox.local import open_local_sandbox
from tests.adversarial.test_pipeline_walls import ANCHOR, FIX, NEW, done, fix
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, expect_result, make_project, script, tool_use

pytestmark = needs_bwrap

HOOK = (
    "\nimport pathlib as _p\n"
    "_m = _p.Path(__file__).with_name('money.py')\n"
    "_m.write_text(_m.read_text() + '# appended by a test hook\\n')\n"
)


async def test_a_hook_appending_to_a_source_file_is_reported_not_shipped(renamed_fixture: Path, tmp_path: Path) -> None:
    fixture = tmp_path / "fixture"
    shutil.copytree(renamed_fixture, fixture)
    init = fixture / "src/src/invoicing/__init__.py"
    init.write_text(init.read_text().replace(ANCHOR, ANCHOR + HOOK))
    cassette = script(
        [tool_use(1, "edit_file", FIX)],
        ([tool_use(2, "run_check", {})], expect_result("toolu_01", is_error=False)),
        (done(3), expect_result("toolu_02")),
    )
    report = await fix(fixture, tmp_path, cassette)
    assert report.status == Status.FIXED, report.message
    assert report.changed_files == ["src/invoicing/invoice.py"]
    assert f"+        {NEW}" in report.patch and "test hook" not in report.patch
    assert "src/invoicing/money.py" in report.check_changes
    assert "+# appended by a test hook" in report.check_changes
    events = [e.detail for e in report.guard_events if e.kind == "check_changes"]
    assert events == ["changed by check runs, not in the patch: src/invoicing/money.py"]


async def test_a_check_overwriting_the_agents_edit_does_not_change_the_patch(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n", "lib.py": "Y = 1\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        await sb.write("app.py", "X = 2\n")
        assert (await sb.run(["sh", "-c", "echo 'X = 3' > app.py; echo 'Y = 9' > lib.py"])).ok
        patch, changes = await sb.diff(), await sb.run_changes()
    assert "+X = 2\n" in patch and "X = 3" not in patch and "lib.py" not in patch
    assert "-X = 2\n+X = 3\n" in changes and "-Y = 1\n+Y = 9\n" in changes


async def test_an_authored_fixer_run_ships_what_it_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"app.py": "X=1\n", "other.py": "Z = 0\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        assert (await sb.run(["sh", "-c", "echo 'Z = 5' > other.py"])).ok  # the check's doing
        assert (await sb.run(["sh", "-c", "echo 'X = 1' > app.py; touch new-artifact"], authored=True)).ok
        patch, changes = await sb.diff(), await sb.run_changes()
    assert "-X=1\n+X = 1\n" in patch and "other.py" not in patch and "new-artifact" not in patch
    assert "other.py" in changes and "app.py" not in changes
