"""Issue 16 item 13b: a check cannot fill the host's disk through the work copy.

Before, RLIMIT_FSIZE bounded each file (256 MB) and nothing bounded their number: a check
wrote 1000 MiB into the copy on the host's disk. Now the copy is a size-capped tmpfs (root
runs): writing past it is ENOSPC inside the check, the result says so (`work_copy_full` and a
line in the output the model reads), the run goes on, and neither the mount nor the sandbox's
directory outlives the run, even when remediate is SIGKILLed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from remediate.models import Limits
from remediate.sandbox.base import SandboxError
from remediate.sandbox.local import open_local_sandbox
from remediate.tools import CheckCommand, Toolbox, ToolName
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project

pytestmark = [
    needs_bwrap,
    pytest.mark.skipif(os.geteuid() != 0, reason="the work copy's tmpfs cap is mounted only as root"),
]

HEADROOM_MB = 8
# Five 4 MB files: each under the per-file limit, together past the cap.
FILL = "for i in 1 2 3 4 5; do head -c 4000000 /dev/zero > fill$i || echo refused $i; done"
LIMITS = Limits(timeout_s=60, file_size_mb=64)


def _mounted(path: Path) -> bool:
    return f" {path} " in Path("/proc/self/mountinfo").read_text()


def _used_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


async def test_writing_past_the_cap_is_the_checks_failure(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS, work_headroom_mb=HEADROOM_MB) as sb:
        assert sb.cap is not None and _mounted(sb.root)
        result = await sb.run(["sh", "-c", FILL], LIMITS)
        assert result.work_copy_full
        assert "No space left on device" in result.output and "refused 5" in result.output
        assert "the work copy is full" in result.output
        assert _used_bytes(sb.root) <= sb.cap.size_bytes
        with pytest.raises(SandboxError, match="No space left on device"):
            await sb.write("more.py", "Y = 2\n" * 100_000)
        # The model hears it through run_check like any failure of the check.
        box = Toolbox(
            sandbox=sb, check=CheckCommand(argv=["sh", "-c", "echo x > one-more"], limits=LIMITS), names=tuple(ToolName)
        )
        outcome = await box.execute("run_check", {})
        assert "the work copy is full" in outcome.content
        assert (await sb.run(["sh", "-c", "rm fill*"], LIMITS)).ok
        assert not (await sb.run(["true"], LIMITS)).work_copy_full
        root = sb.root
    assert not _mounted(root) and not root.exists()


def test_the_mount_does_not_outlive_a_killed_run(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    script = (
        "import anyio, os, signal, sys\n"
        "from pathlib import Path\n"
        "from remediate.sandbox.local import open_local_sandbox\n"
        "async def main():\n"
        f"    async with open_local_sandbox(Path({str(project)!r}), work_headroom_mb=8) as sb:\n"
        "        print(sb.root, flush=True)\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "anyio.run(main)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    root = Path(done.stdout.strip())
    deadline = time.monotonic() + 20
    while _mounted(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _mounted(root), "the tmpfs stayed mounted after its run was killed"
    while root.parent.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not root.parent.exists(), "the killed run's sandbox directory was left"  # its keeper removed it
