"""Issue 16.16: an OS error of any kind inside a tool is a tool result the model can read, never
an `internal error` of the run; and the diff of a large, densely changed file is bounded."""

from __future__ import annotations

import difflib
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from remediate.sandbox import patch as patch_module
from remediate.sandbox.local import open_local_sandbox
from remediate.sandbox.patch import file_diff
from remediate.tools import CheckCommand, Toolbox, ToolName
from tests.helpers import make_project

LONG = "a" * 300
DEEP = "/".join(["d" * 250] * 20)
CALLS = [
    ("list_files", {"path": LONG}),
    ("list_files", {"path": DEEP}),
    ("write_file", {"path": LONG + ".py", "content": "x = 1\n"}),
    ("write_file", {"path": DEEP + "/x.py", "content": "x = 1\n"}),
    ("read_file", {"path": DEEP}),
    ("edit_file", {"path": LONG, "old_text": "x", "new_text": "y"}),
    ("read_file", {"path": "planted/etc/passwd"}),
    ("write_file", {"path": "planted/x.py", "content": "x = 1\n"}),
    ("list_files", {"path": "planted"}),
]


@pytest.mark.parametrize(("tool", "args"), CALLS, ids=[f"{t}-{i}" for i, (t, _) in enumerate(CALLS)])
async def test_os_errors_are_tool_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str, args: dict[str, Any]
) -> None:
    project = make_project(tmp_path / "p", {"a.py": "x = 1\n"})
    real_readlink = os.readlink

    def readlink(path: Any, *a: Any, **k: Any) -> Any:
        # What a non-root host sees for a check-planted link into /proc/1/root: EACCES.
        if str(path).endswith("/planted"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_readlink(path, *a, **k)

    async with open_local_sandbox(project, unsafe_no_sandbox=True) as sandbox:
        (sandbox.root / "planted").symlink_to("/proc/1/root")
        monkeypatch.setattr(os, "readlink", readlink)
        box = Toolbox(sandbox=sandbox, check=CheckCommand(argv=["true"]), names=tuple(ToolName))
        outcome = await box.execute(tool, args)
        monkeypatch.undo()
    assert outcome.is_error, outcome.content
    assert str(sandbox.root) not in outcome.content and "/tmp" not in outcome.content, outcome.content


def test_the_diff_of_a_large_densely_changed_file_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    class Counting(difflib.SequenceMatcher[str]):
        def set_seqs(self, a: Any, b: Any) -> None:
            seen.append(len(a) * len(b))
            super().set_seqs(a, b)

    monkeypatch.setattr(patch_module, "SequenceMatcher", Counting)
    old = "".join(f"line {i}\n" for i in range(20_000))
    new = "".join(line if i % 2 else f"changed {i}\n" for i, line in enumerate(old.splitlines(keepends=True)))
    diff = file_diff("big.txt", old.encode(), new.encode())
    assert max(seen, default=0) <= patch_module.MAX_DIFF_CELLS, seen
    # Still a correct patch: git applies it and gets the new content.
    assert "+changed 0\n" in diff and "-line 19998\n" in diff


def test_a_bounded_diff_applies(tmp_path: Path) -> None:
    old = "".join(f"line {i}\n" for i in range(5_000))
    new = "head\n" + "".join(line if i % 2 else f"changed {i}\n" for i, line in enumerate(old.splitlines(True)))
    (tmp_path / "big.txt").write_text(old)
    (tmp_path / "p.patch").write_text(file_diff("big.txt", old.encode(), new.encode()))
    subprocess.run(["git", "apply", "p.patch"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "big.txt").read_text() == new
