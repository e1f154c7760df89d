"""Hostile check commands: each runs through the `run_check` tool in the real local sandbox
with small limits, and each asserts the specific wall that stopped it."""

from __future__ import annotations

import os
import socket
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest

from remediate.models import Limits
from remediate.sandbox import jail as jail_module
from remediate.sandbox.local import LocalSandbox, open_local_sandbox
from remediate.tools import CheckCommand, Toolbox, ToolName, ToolOutcome
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project

pytestmark = needs_bwrap

SMALL = Limits(timeout_s=3, memory_mb=256, cpu_s=2, file_size_mb=16, open_files=256)


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[LocalSandbox]:
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS, limits=SMALL) as sb:
        yield sb


async def run_check(sb: LocalSandbox, script: str, limits: Limits = SMALL) -> ToolOutcome:
    """The attack is the project's check command; the model reaches it only through run_check."""
    box = Toolbox(sandbox=sb, check=CheckCommand(argv=["/bin/sh", "-c", script], limits=limits), names=tuple(ToolName))
    return await box.execute("run_check", {})


def processes_of(uid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


@pytest.mark.skipif(
    os.geteuid() != 0, reason="the per-sandbox uid (and so the per-uid process count) exists only as root"
)
async def test_fork_bomb_is_capped_during_and_killed_after(
    sandbox: LocalSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jail_module, "JAIL_NPROC", 128)
    uid = sandbox._jail.run_as
    assert uid is not None
    bomb = (
        "import os, time\n"
        "n = 0\n"
        "while True:\n"
        "    try:\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30)\n"
        "            os._exit(0)\n"
        "        n += 1\n"
        "    except OSError as exc:\n"
        "        print('fork refused after', n, exc.strerror, flush=True)\n"
        "        break\n"
        "time.sleep(30)\n"
    )
    (sandbox.root / "bomb.py").write_text(bomb)
    peak = 0
    host_fork_s: list[float] = []

    async def watch() -> None:
        nonlocal peak
        while True:
            peak = max(peak, processes_of(uid))
            started = time.monotonic()
            await anyio.run_process(["true"])  # the host can still start processes during the bomb
            host_fork_s.append(time.monotonic() - started)
            await anyio.sleep(0.2)

    async with anyio.create_task_group() as tg:
        tg.start_soon(watch)
        outcome = await run_check(sandbox, "python bomb.py; echo shell-survived")
        tg.cancel_scope.cancel()
    assert "check TIMED OUT (exit code 124" in outcome.content, outcome.content
    assert "fork refused after" in outcome.content and "Resource temporarily unavailable" in outcome.content
    forked = int(outcome.content.split("fork refused after ")[1].split()[0])
    assert forked < 128 and 0 < peak <= 128, (forked, peak)
    assert host_fork_s and max(host_fork_s) < 2.0
    await anyio.sleep(0.5)
    assert processes_of(uid) == 0, "every process of the jail's uid is gone after the timeout"


async def test_shell_fork_bomb_ends_at_the_timeout(sandbox: LocalSandbox) -> None:
    started = time.monotonic()
    # The sleep starts before the bomb: once the bomb has used up the jail's processes, a
    # `sleep` started after it could not fork and the shell would end early with "Cannot fork"
    # (seen under load). `wait` is a builtin, so the shell keeps waiting whatever the bomb does.
    outcome = await run_check(sandbox, "sleep 60 & bomb() { bomb | bomb & }; bomb; wait")
    assert "check TIMED OUT (exit code 124" in outcome.content
    # Ended by the 3 s timeout, not by the 60 s sleep: a bound between the two, wide enough for a loaded machine
    # (10 s seen with other work beside it); how fast it ends is a benchmark's question, not this test's.
    assert time.monotonic() - started < 30


async def test_allocating_10_gb_fails_inside(sandbox: LocalSandbox) -> None:
    outcome = await run_check(sandbox, "python -c \"b = bytearray(10 * 1024**3); print('ALLOCATED')\"")
    assert "check FAILED" in outcome.content and "MemoryError" in outcome.content
    assert "ALLOCATED" not in outcome.content.split("\n", 1)[1]


async def test_cpu_spin_is_killed_by_the_cpu_limit(sandbox: LocalSandbox) -> None:
    limits = SMALL.model_copy(update={"cpu_s": 1, "timeout_s": 10})
    started = time.monotonic()
    outcome = await run_check(sandbox, "python -c 'while True: pass'", limits)
    assert outcome.exit_code in (128 + 9, 128 + 24), outcome.content  # SIGKILL or SIGXCPU
    assert "TIMED OUT" not in outcome.content and time.monotonic() - started < 6


async def test_sleep_forever_is_cut_at_the_wall_clock(sandbox: LocalSandbox) -> None:
    started = time.monotonic()
    outcome = await run_check(sandbox, "sleep 100000")
    assert outcome.exit_code == 124 and "check TIMED OUT" in outcome.content
    assert time.monotonic() - started < 6


async def test_opening_a_socket_reaches_nothing(sandbox: LocalSandbox) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    port = server.getsockname()[1]
    probe = (
        "import socket\n"
        "for host in ('127.0.0.1', '1.1.1.1'):\n"
        "    try:\n"
        f"        socket.create_connection((host, {port}), timeout=2); print('CONNECTED', host)\n"
        "    except OSError as exc: print('blocked', host, type(exc).__name__)\n"
    )
    (sandbox.root / "probe.py").write_text(probe)
    try:
        outcome = await run_check(sandbox, "python probe.py")
        assert "blocked 127.0.0.1" in outcome.content and "blocked 1.1.1.1" in outcome.content
        assert "CONNECTED" not in outcome.content
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()


async def test_writes_outside_the_work_dir_fail_and_leave_no_trace(sandbox: LocalSandbox) -> None:
    marker = f"remediate-escape-{uuid.uuid4().hex}"
    script = (
        f"touch /usr/{marker}; touch /etc/{marker}; touch ../{marker}; touch /{marker}; "
        "mount -o remount,rw,bind /usr; "  # what root could do with bwrap's kept capabilities
        f"echo x > /tmp/{marker} && echo private-tmp-ok; exit 1"
    )
    outcome = await run_check(sandbox, script)
    assert "Read-only file system" in outcome.content
    if os.geteuid() == 0:
        assert "must be superuser" in outcome.content or "Operation not permitted" in outcome.content
    assert "private-tmp-ok" in outcome.content
    places = ("/usr", "/etc", "/", "/tmp", str(sandbox.root.parent))
    assert not [p for p in places if await anyio.Path(p, marker).exists()]


async def test_proc_1_environ_holds_no_host_secret(sandbox: LocalSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    canary = "canary-environ-" + uuid.uuid4().hex
    monkeypatch.setenv("REMEDIATE_TEST_API_TOKEN", canary)
    outcome = await run_check(
        sandbox, "cat /proc/1/environ; echo; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done; env"
    )
    assert canary not in outcome.content
    assert "REMEDIATE_TEST_API_TOKEN" not in outcome.content
    if os.geteuid() == 0:
        assert "Permission denied" in outcome.content  # pid 1 is bwrap, root; the check is not


def test_python_in_the_sandbox_is_the_tool_python() -> None:
    # The tool path the attacks use must be the one bound into the jail (a control).
    assert Path(sys.executable).parent in TOOL_PATHS
