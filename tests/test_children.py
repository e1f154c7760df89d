"""No process a run starts outlives it (remediate/children.py), interrupted at each place a process is started.

The interruption is placed, not raced: a hook right after the operating system created the process (before
the code that started it holds it) waits until the command is really running, then cancels or signals.
"""

from __future__ import annotations

import asyncio.unix_events
import contextlib
import json
import os
import pty
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import anyio
import pytest

from remediate.children import SWEEP_GRACE_S, children, process_group
from remediate.hostgit import run_git
from remediate.models import Limits
from remediate.sandbox.local import open_local_sandbox
from remediate.sandbox.process import execute
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project

REPO = Path(__file__).resolve().parent.parent


def _marker() -> str:
    return f"{70 + uuid.uuid4().int % 10**6 / 10**6:.6f}"


def _sleepers(marker: str) -> list[int]:
    """Processes whose command line names `sleep <marker>` (the CLI's own argv aside: none here)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if f"sleep {marker}" in cmdline:
                found.append(int(entry.name))
    return found


def _wait_for(marker: str) -> None:
    """Until a process named `sleep <marker>` runs (a condition, bounded; not a timed guess)."""
    deadline = time.monotonic() + 30
    while not any(_cmdline(pid).startswith(f"sleep {marker}") for pid in _sleepers(marker)):
        assert time.monotonic() < deadline, f"sleep {marker} never started"
        time.sleep(0.01)


def _gone(marker: str) -> bool:
    """Whether every process naming the marker has ended: the block SIGKILLed them all and reaped their leader;
    the others may still be dying at that moment (a SIGKILLed process runs no more code, but leaves /proc only
    once the kernel has torn it down, later under load). Bounded; never a fixed pause."""
    deadline = time.monotonic() + 5
    while _sleepers(marker):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _cancel_once_running(monkeypatch: pytest.MonkeyPatch, marker: str, scope: anyio.CancelScope) -> None:
    """asyncio creates the process in the transport's `_start`; right after it (the caller does not hold the
    process yet) wait until the command runs, then cancel: the cancel lands between spawn and registration."""
    transport: Any = asyncio.unix_events._UnixSubprocessTransport  # type: ignore[attr-defined]  # private in typeshed
    start = transport._start

    def spawn_then_cancel(self: Any, *args: Any, **kwargs: Any) -> None:
        start(self, *args, **kwargs)
        _wait_for(marker)
        scope.cancel()

    monkeypatch.setattr(transport, "_start", spawn_then_cancel)


Spawner = Callable[[str, Path], Coroutine[Any, Any, object]]


async def _execute(marker: str, tmp: Path) -> object:
    # The runner's process group is what is killed: the background sleep is not the process asyncio holds.
    return await execute(["sh", "-c", f"sleep {marker} & wait"], env=dict(os.environ), cwd=tmp, limits=Limits())


async def _git(marker: str, tmp: Path) -> object:
    # git's own child (an alias runs a shell): what killing git alone leaves running.
    return await run_git(["-c", f"alias.nap=!sleep {marker} & wait", "nap"], tmp)


@pytest.mark.parametrize("spawn", [_execute, _git], ids=["sandbox-runner", "host-git"])
async def test_a_cancel_while_spawning_kills_what_the_command_started(
    spawn: Spawner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = _marker()
    with anyio.CancelScope() as scope:
        _cancel_once_running(monkeypatch, marker, scope)
        await spawn(marker, tmp_path)
    assert scope.cancelled_caught
    assert _gone(marker)  # the whole group was killed before the scope ended, not only the process asyncio held


@needs_bwrap
async def test_a_sandbox_stays_in_the_group_its_runner_kills(tmp_path: Path) -> None:
    """Every process of a jailed command (bwrap outside, bwrap's pid 1, the command) is in one process group,
    the runner's: killing it ends the pid namespace whatever bwrap has reached (bwrap's --new-session, dropped,
    put pid 1 in a session of its own, which a kill before its --die-with-parent was armed left running)."""
    marker = _marker()
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sandbox, anyio.create_task_group() as tg:
        tg.start_soon(sandbox.run, ["sh", "-c", f"sleep {marker}; true"])
        await anyio.to_thread.run_sync(_wait_for, marker)
        jailed = _sleepers(marker)
        outer = [pid for pid in jailed if (pid, pid) in children()]
        assert len(jailed) == 4 and len(outer) == 1  # bwrap, its pid 1, sh, sleep; bwrap the runner's child
        assert {os.getpgid(pid) for pid in jailed} == {outer[0]}
        tg.cancel_scope.cancel()
    assert _gone(marker)


# Run under a terminal (pty.fork: the harness leads a session whose controlling terminal is the pty): what a
# jailed command sees of it. Without a terminal of its own nothing inside can push input into the user's (TIOCSTI).
_TTY_HARNESS = """
import anyio, json, sys
from pathlib import Path
from remediate.sandbox.local import open_local_sandbox
from tests.helpers import TOOL_PATHS, make_project

PROBE = "cut -d' ' -f7 /proc/self/stat; (exec 3</dev/tty) 2>/dev/null && echo opened || echo refused"

async def main() -> None:
    project = make_project(Path(sys.argv[1]), {"app.py": "X = 1\\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sandbox:
        done = await sandbox.run(["sh", "-c", PROBE])
    own_tty = open("/proc/self/stat").read().rpartition(")")[2].split()[4]
    print(json.dumps({"own_tty": int(own_tty), "inside": done.output.split(), "code": done.exit_code}))

anyio.run(main)
"""


@needs_bwrap
def test_a_jailed_command_has_no_terminal_when_its_runner_has_one(tmp_path: Path) -> None:
    """bwrap's --new-session was dropped (the sandbox must stay in the group its runner kills); the runner's
    own new session is what keeps the user's terminal out of reach: no controlling terminal inside."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader with the pty as its controlling terminal
        os.execve(sys.executable, [sys.executable, "-c", _TTY_HARNESS, str(tmp_path / "p")], env)
    out = bytearray()
    with contextlib.suppress(OSError):  # EIO once the child has closed the pty
        while chunk := os.read(fd, 65536):
            out += chunk
    os.close(fd)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0, out.decode(errors="replace")
    result = json.loads(out.decode().splitlines()[-1])
    assert result["own_tty"] != 0 and result["code"] == 0  # the harness did run under a terminal
    assert result["inside"] == ["0", "refused"]  # tty_nr 0 inside, /dev/tty opens nothing


async def test_a_spawned_group_ends_with_its_block(tmp_path: Path) -> None:
    marker = _marker()
    async with process_group(["sh", "-c", f"sleep {marker} & exit 0"], cwd=tmp_path) as proc:
        assert await proc.wait() == 0
        await anyio.to_thread.run_sync(_wait_for, marker)  # left behind in the group by its leader
    assert _gone(marker)


# ---------------------------------------------------------------- the sweep of `remediate fix`

# In a child interpreter (the sweep reaps every child of its process, and being a subreaper is for the whole
# process): each place's real spawn, with Popen interrupted right after the process exists, before its
# caller holds it, as a stop signal raising there would.
_HARNESS = """
import json, os, signal, subprocess, sys
from pathlib import Path
from remediate.children import reaped_children
from remediate.interrupt import Interrupted

place, tmp = sys.argv[1], Path(sys.argv[2])
subprocess.run(["git", "init", "-q", str(tmp)], check=True)
(tmp / "log").write_bytes(b"error: x\\n" * 4096)
spawned = []
popen_init = subprocess.Popen.__init__

def interrupted_at_spawn(self, *args, **kwargs):
    popen_init(self, *args, **kwargs)
    spawned.append(self.pid)
    raise Interrupted(signal.SIGINT)

subprocess.Popen.__init__ = interrupted_at_spawn
try:
    with reaped_children():
        if place == "workcopy-git":
            from remediate.sandbox.workcopy import select
            select(tmp)
        elif place == "setup-host":
            from remediate.sandbox.setup import _host_run
            _host_run([sys.executable, "-c", "import time; time.sleep(60)"])
        elif place == "host-git-sync":
            from remediate.hostgit import run_git_sync
            run_git_sync(["-c", "alias.nap=!sleep 60", "nap"], tmp)
        elif place == "facts-scan":
            from remediate.facts import scan
            from remediate.facts.reader import LogSource
            scan.PARALLEL_MIN_BYTES = 0
            with LogSource(tmp / "log") as source:
                scan.scan(source, workers=2)
except Interrupted:
    pass
print(json.dumps({"spawned": spawned, "left": [p for p in spawned if os.path.exists(f"/proc/{p}")]}))
"""
PLACES = ["workcopy-git", "setup-host", "host-git-sync", "facts-scan"]


@pytest.mark.parametrize("place", PLACES)
def test_a_process_interrupted_at_spawn_is_reaped_before_fix_ends(place: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", _HARNESS, place, str(tmp_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["spawned"] and result["left"] == [], result  # neither running nor a zombie


@pytest.mark.parametrize("command", ["fix", "eval", "publish", "outcome", "trace"])
def test_a_command_exits_only_after_what_it_left_is_gone(command: str, tmp_path: Path) -> None:
    """`remediate fix` / `eval` / `publish` / `outcome` / `trace` (entry.main) whose work leaves a daemon (its own session, its parent
    gone: init's child before) and is then stopped by SIGTERM: 143, and the daemon is gone when the process is."""
    marker = _marker()
    script = (
        "import os, signal, subprocess, sys, time\n"
        "from remediate import cli, entry\n"
        "def work(prog_name):\n"
        f"    subprocess.run(['sh', '-c', 'setsid sleep {marker} > /dev/null 2>&1 &'], check=True)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(30)\n"
        "cli.app = work\n"
        f"sys.argv = ['remediate', {command!r}]\n"
        "entry.main()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 143 and "stopped by SIGTERM" in done.stderr, done.stderr
    assert _sleepers(marker) == []


# The fixtures' maintainer script runs the same cases' prepare as `remediate eval` does.
EVAL_COMMANDS = {
    "eval": ["remediate", "eval", "--suite", "suite.toml", "--offline", "--out", "out"],
    "fixtures": ["-m", "remediate.evals.fixtures", "validate", "--fixtures", "fixtures"],
}


@pytest.mark.parametrize("command", EVAL_COMMANDS)
def test_eval_stopped_while_a_fixture_prepares_leaves_nothing_running(command: str, tmp_path: Path) -> None:
    """The real `remediate eval` (and `python -m remediate.evals.fixtures`) on a one-case suite whose prepare
    command runs (in a worker thread, through subprocess.run): SIGTERM, 143, and the prepare's process is gone
    with the eval's."""
    marker = _marker()
    (tmp_path / "suite.toml").write_text('name = "t"\nfixtures = "fixtures"\ncases = ["*"]\n')
    case = tmp_path / "fixtures" / "c1"
    (case / "src").mkdir(parents=True)
    (case / "src" / "app.py").write_text("X = 1\n")
    (case / "case.toml").write_text(
        f'category = "build"\ndescription = "d"\ncheck = "true"\nprepare = "sleep {marker}"\n'
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    argv = EVAL_COMMANDS[command]
    argv = [str(Path(sys.executable).parent / "remediate"), *argv[1:]] if command == "eval" else [sys.executable, *argv]
    proc = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(marker)
        proc.send_signal(signal.SIGTERM)
        _, said = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143 and "stopped by SIGTERM" in said, said
    assert _sleepers(marker) == []


# `remediate facts` on a log its scan splits among workers, stopped by SIGTERM right after a worker exists
# (before the scan holds it); the worker made a sleeper, so that it outlives the moment as a slow scan would.
_FACTS_HARNESS = """
import os, signal, subprocess, sys
from remediate import entry
from remediate.facts import scan

marker, log = sys.argv[1], sys.argv[2]
scan.PARALLEL_MIN_BYTES, scan.MAX_WORKERS = 0, 2
os.cpu_count = lambda: 2
popen_init = subprocess.Popen.__init__

def worker_then_stopped(self, argv, *args, **kwargs):
    popen_init(self, ["sleep", marker], *args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)

subprocess.Popen.__init__ = worker_then_stopped
sys.argv = ["remediate", "facts", "--log", log]
entry.main()
"""


def test_facts_stopped_while_its_scan_workers_run_leaves_none(tmp_path: Path) -> None:
    marker, log = _marker(), tmp_path / "ci.log"
    log.write_bytes(b"error: x\n" * 4096)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", _FACTS_HARNESS, marker, str(log)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 143 and done.stderr == "remediate: stopped by SIGTERM\n", done.stderr
    assert _sleepers(marker) == []


# The work copy's tmpfs keeper (sandbox/capped.py) stopped by the sweep at each point of its life: mounted
# but not yet held by its caller (open), held (use), told to release and unmounting (close). SIGKILLed
# there, it left the mount in every process's mount table and the directory it was given.
_KEEPER_HARNESS = """
import json, os, subprocess, sys
from pathlib import Path
from remediate.children import reaped_children
from remediate.interrupt import Interrupted
from remediate.sandbox import capped

point, owned = sys.argv[1], Path(sys.argv[2])
(owned / "work").mkdir(parents=True)
keepers = []
popen_init, popen_wait = subprocess.Popen.__init__, subprocess.Popen.wait

def recorded(self, *args, **kwargs):
    popen_init(self, *args, **kwargs)
    keepers.append(self.pid)

def interrupted(*args, **kwargs):
    raise Interrupted(2)

subprocess.Popen.__init__ = recorded
if point == "open":
    capped.WorkCap = interrupted  # the keeper has mounted; mount_cap has not returned it
if point == "close":
    subprocess.Popen.wait = interrupted  # release has said `release`, not yet waited
try:
    with reaped_children():
        cap = capped.mount_cap(owned / "work", 1 << 20, owned)
        if point == "use":
            raise Interrupted(2)
        cap.release()
except Interrupted:
    pass
print(json.dumps({"keepers": keepers, "alive": [p for p in keepers if os.path.exists(f"/proc/{p}")]}))
"""


def _mount_tables_naming(path: Path, *, below: bool = False) -> list[int]:
    """Processes whose mount table holds a mount at `path` (`below`: under it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (f" {path}/" if below else f" {path} ") in (entry / "mountinfo").read_text():
                    found.append(int(entry.name))
    return found


@pytest.mark.skipif(os.geteuid() != 0, reason="the work copy's tmpfs cap is mounted only as root")
@pytest.mark.parametrize("point", ["open", "use", "close"])
def test_a_tmpfs_keeper_the_sweep_stops_leaves_no_mount_and_no_directory(point: str, tmp_path: Path) -> None:
    owned = tmp_path / "sandbox"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", _KEEPER_HARNESS, point, str(owned)], capture_output=True, text=True, env=env, timeout=60
    )
    leaked = _mount_tables_naming(owned / "work")
    for _ in leaked[:1]:  # not to leave it to the machine if it did leak
        subprocess.run(["umount", "-l", str(owned / "work")], check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert len(result["keepers"]) == 1 and result["alive"] == [], result
    assert leaked == []  # in no process's mount table
    if point != "close":  # released, the keeper leaves the directory to its caller (the sandbox's close)
        assert not owned.exists()  # stopped, it removed the directory it was given


def _detach_under(path: Path) -> None:
    """Not to leave a leaked mount to the machine (what the code before this fix left)."""
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        if (point := line.split()[4]).startswith(f"{path}/"):
            subprocess.run(["umount", "-l", point], check=False)


# A run that opens a sandbox and is held at a point of its opening (a hook that blocks until the test kills it):
# `before-keeper`, its directory made, the work copy's keeper not yet started; `mounted`, the keeper has mounted
# the work copy's tmpfs. It prints the sandbox's directory, then `ready`.
_HELD_RUN_HARNESS = """
import anyio, sys, threading
from pathlib import Path
from remediate.sandbox import local

project, point = Path(sys.argv[1]), sys.argv[2]

def said(work):
    print(work.parent, flush=True)
    print("ready", flush=True)

async def before_keeper(work, *args):
    said(work)
    await anyio.sleep_forever()

def mounted(source, work, selection):
    said(work)
    threading.Event().wait()

if point == "before-keeper":
    local._cap_work_copy = before_keeper
else:
    local._copy_source = mounted

async def life():
    async with local.open_local_sandbox(project, work_headroom_mb=8):
        pass

anyio.run(life)
"""


def _held_run(project: Path, point: str, tmpdir: Path) -> tuple[subprocess.Popen[str], Path]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]), "TMPDIR": str(tmpdir)}
    run = subprocess.Popen(
        [sys.executable, "-c", _HELD_RUN_HARNESS, str(project), point], stdout=subprocess.PIPE, text=True, env=env
    )
    assert run.stdout is not None
    directory = Path(run.stdout.readline().strip())
    assert run.stdout.readline() == "ready\n"
    return run, directory


def _keeper_of(pid: int) -> int:
    """The work copy's keeper that `pid` started (its command line holds the keeper's code)."""
    (keeper,) = [
        int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(p) == str(pid) and "umount2" in _cmdline(int(p))
    ]
    return keeper


def _ppid(pid: str) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1]
    return ""


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="the work copy's tmpfs cap is mounted only as root")
@pytest.mark.parametrize("point", ["before-keeper", "mounted"])
async def test_what_a_sigkilled_run_left_the_next_run_reclaims_never_a_live_ones(
    point: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run SIGKILLed before its keeper exists leaves its sandbox's directory; SIGKILLed with its keeper (the
    keeper first: nothing runs cleanup), the work copy's tmpfs too. The next run's sandbox removes both, and
    leaves a live run's (held at the same point) as it is."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    live, kept = _held_run(project, "before-keeper", tmpdir)
    dead, left = _held_run(project, point, tmpdir)
    try:
        if point == "mounted":
            os.kill(_keeper_of(dead.pid), signal.SIGKILL)
        dead.kill()
        dead.wait()
        assert left.is_dir() and bool(_mount_tables_naming(tmpdir, below=True)) == (point == "mounted")
        monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
        async with open_local_sandbox(project, work_headroom_mb=8, tool_paths=TOOL_PATHS):
            pass
        leaked = _mount_tables_naming(tmpdir, below=True)
        assert leaked == [] and not left.exists()
        assert kept.is_dir() and sorted(tmpdir.iterdir()) == [kept]  # the live run's, and nothing of the next's
    finally:
        live.kill()
        live.wait()
        _detach_under(tmpdir)


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="the work copy's tmpfs cap is mounted only as root")
async def test_a_sigkilled_keeper_leaves_no_mount_once_its_sandbox_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    try:
        async with open_local_sandbox(project, work_headroom_mb=8, tool_paths=TOOL_PATHS) as sandbox:
            assert sandbox.cap is not None and _mount_tables_naming(tmpdir, below=True)
            keeper = sandbox.cap._keeper
            keeper.kill()
            keeper.wait()
        assert _mount_tables_naming(tmpdir, below=True) == [] and list(tmpdir.iterdir()) == []
    finally:
        _detach_under(tmpdir)


# The sweep itself, in a child interpreter (it ends every child of its process): a child that cleans up on
# SIGTERM gets to, one that ignores SIGTERM is SIGKILLed after the grace, both within the bound.
_SWEEP_HARNESS = """
import json, os, subprocess, sys, time
from remediate.children import sweep

here = sys.argv[1]
cleaner = "trap 'echo cleaned > cleaned; exit 0' TERM; touch ready1; while :; do sleep 0.01; done"
subprocess.Popen(["sh", "-c", cleaner], cwd=here)
subprocess.Popen(["sh", "-c", "trap '' TERM; touch ready2; exec sleep 60"], cwd=here)
while not (os.path.exists(here + "/ready1") and os.path.exists(here + "/ready2")):
    time.sleep(0.01)
start = time.monotonic()
stuck = sweep(3.0)
took = time.monotonic() - start
print(json.dumps({"stuck": stuck, "took": took, "cleaned": os.path.exists(here + "/cleaned")}))
"""


def test_the_sweep_lets_a_child_clean_up_on_sigterm_then_kills_what_ignores_it(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", _SWEEP_HARNESS, str(tmp_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["stuck"] == [] and result["cleaned"], result
    assert SWEEP_GRACE_S <= result["took"] < 3.0, result  # the ignorer waited out the grace, no more than the bound


# A group whose leader asyncio has already reaped (the leader's pid, the group's number, then free for reuse once
# the group is empty), under a subreaper as every entry point runs: the empty group's number gets no SIGKILL (a
# reused number would name another's group), and what the leader left in its group is still killed.
_REAPED_LEADER_HARNESS = """
import anyio, json, os, sys, time
from remediate import children

marker = sys.argv[1]
assert children._adopt_orphans()
sent = []
killpg = os.killpg

def recorded(pgid, sig):
    sent.append((pgid, sig))
    return killpg(pgid, sig)

def sleeping():
    return [p for p in os.listdir("/proc") if p.isdigit() and _cmdline(p).startswith("sleep " + marker)]

def _cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\\0", b" ").decode()
    except OSError:
        return ""

os.killpg = recorded

async def main():
    async with children.process_group(["true"]) as alone:
        await alone.wait()
    async with children.process_group(["sh", "-c", f"sleep {marker} & exit 0"]) as leaving:
        await leaving.wait()
        while not sleeping():
            time.sleep(0.01)
    return alone.pid

alone = anyio.run(main)
deadline = time.monotonic() + 5
while sleeping() and time.monotonic() < deadline:
    time.sleep(0.01)
print(json.dumps({"killed_alone": [sig for pgid, sig in sent if pgid == alone and sig], "left": sleeping()}))
"""


def test_a_group_whose_leader_was_reaped_is_killed_only_where_it_is_ours(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", _REAPED_LEADER_HARNESS, _marker()], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {"killed_alone": [], "left": []}  # only a probe (signal 0) went to the empty group's number


# The harnesses below start with: the processes named `sleep <marker>`, and a process given a chosen pid (the
# kernel's next pid set just below it, root only: a reuse made, not waited for).
_HARNESS_HEAD = """
import anyio, json, os, subprocess, sys, time
from remediate import children

def named(marker):
    return [p for p in os.listdir("/proc") if p.isdigit() and _cmdline(p) == f"sleep {marker} "]

def _cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\\0", b" ").decode()
    except OSError:
        return ""

def numbered(target, theirs):
    for _ in range(500):  # another process of the machine may take the pid first: try again
        with open("/proc/sys/kernel/ns_last_pid", "w") as last:
            last.write(str(target - 1))
        proc = subprocess.Popen(["sleep", theirs], start_new_session=True)
        if proc.pid == target:
            return proc
        proc.kill()
        proc.wait()
    raise SystemExit(f"pid {target} was never given again")
"""

# A group's number taken by another's group once ours was empty, with a subreaper and without: leaving the first
# block must not kill that group, and what the second group's leader left in it (init's child without a
# subreaper) must still die.
_REUSED_NUMBER_HARNESS = (
    _HARNESS_HEAD
    + """
theirs, ours, adopt = sys.argv[1], sys.argv[2], sys.argv[3] == "subreaper"
assert children._adopt_orphans() if adopt else True

async def main():
    # Each leader waits for its input to close: held (its pidfd taken) before it exits, then asyncio reaps it.
    async with children.process_group(["cat"], stdin=subprocess.PIPE) as alone:
        await alone.stdin.aclose()
        await alone.wait()
        stranger = numbered(alone.pid, theirs)
    async with children.process_group(["sh", "-c", f"sleep {ours} & read x"], stdin=subprocess.PIPE) as leaving:
        while not named(ours):
            time.sleep(0.01)
        await leaving.stdin.aclose()
        await leaving.wait()
    return stranger

stranger = anyio.run(main)
deadline = time.monotonic() + 5
while named(ours) and time.monotonic() < deadline:
    time.sleep(0.01)
alive = stranger.poll() is None
stranger.kill()
stranger.wait()
print(json.dumps({"stranger_alive": alive, "left": named(ours)}))
"""
)


@pytest.mark.skipif(os.geteuid() != 0, reason="setting the kernel's next pid takes root")
@pytest.mark.parametrize("reaper", ["subreaper", "no-subreaper"])
def test_a_group_number_another_group_took_gets_no_signal(reaper: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    harness = [sys.executable, "-c", _REUSED_NUMBER_HARNESS, _marker(), _marker(), reaper]
    done = subprocess.run(harness, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"stranger_alive": True, "left": []}


# A leader that exits at once (`true`), in a process that is no subreaper, many times: asyncio's watcher reaps it
# the moment it exits, from inside the spawn, so its pidfd must be taken before that (children._claim_pidfds_at_spawn)
# or its block ends through the group's number. Once the leader is reaped the number is made another group's;
# leaving the block must not kill that group. Before, about 1 spawn in 9 lost the race here.
_INSTANT_LEADER_HARNESS = (
    _HARNESS_HEAD
    + """
theirs, rounds = sys.argv[1], int(sys.argv[2])

async def main():
    killed = 0
    for _ in range(rounds):
        async with children.process_group(["true"], stdin=subprocess.DEVNULL) as leader:
            await leader.wait()
            stranger = numbered(leader.pid, theirs)
        stranger.terminate()  # after a SIGKILL already sent, the kernel keeps SIGKILL as the cause of its end
        killed += stranger.wait() == -9
    return killed

print(json.dumps({"strangers_killed": anyio.run(main)}))
"""
)


@pytest.mark.skipif(os.geteuid() != 0, reason="setting the kernel's next pid takes root")
def test_a_leader_that_exits_at_once_still_has_its_group_killed_by_pidfd(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    harness = [sys.executable, "-c", _INSTANT_LEADER_HARNESS, _marker(), "100"]
    done = subprocess.run(harness, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"strangers_killed": 0}


# A command that leaves a daemon (it `setsid`s out of the group, with a helper in its own new group) under a
# subreaper: the daemon and its helper end when the command's block ends, not at the process's end; a process
# started meanwhile by this process itself, in a session of its own (as the work copy's keeper is), stays.
_ESCAPED_HARNESS = (
    _HARNESS_HEAD
    + """
daemon, helper, ours = sys.argv[1], sys.argv[2], sys.argv[3]
assert children._adopt_orphans()

async def main():
    leaving = f"setsid sh -c 'sleep {helper} & exec sleep {daemon}' & exit 0"
    async with children.process_group(["sh", "-c", leaving], stdin=subprocess.DEVNULL) as command:
        await command.wait()
        while not (named(daemon) and named(helper)):
            time.sleep(0.01)
        kept = subprocess.Popen(["sleep", ours], start_new_session=True)
    return kept

kept = anyio.run(main)
deadline = time.monotonic() + 5  # SIGKILLed, the helper may take a moment to be torn down under load
while (named(daemon) or named(helper)) and time.monotonic() < deadline:
    time.sleep(0.01)
left = {"daemon": named(daemon), "helper": named(helper), "kept": kept.poll() is None}
kept.kill()
kept.wait()
children.sweep()
print(json.dumps(left))
"""
)


def test_a_daemon_that_left_its_group_ends_with_its_command(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    harness = [sys.executable, "-c", _ESCAPED_HARNESS, _marker(), _marker(), _marker()]
    done = subprocess.run(harness, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"daemon": [], "helper": [], "kept": True}


# `remediate publish` (entry.main) stopped by SIGTERM while its git runs: the publish's own git runner
# (publish.git.run_process, which runs the push) starts a git whose alias leaves a sleeper in git's group and
# then signals the publish, so the signal lands while git (as a slow push would) still runs.
_PUBLISH_HARNESS = """
import os, sys
from pathlib import Path
from remediate import entry
from remediate.hostgit import hardened_env
from remediate.publish import cli as publish_cli
from remediate.publish.git import run_process

marker, report = sys.argv[1], sys.argv[2]

async def git_then_stopped(*args, **kwargs):
    nap = f"!sleep {marker} & kill -TERM {os.getpid()}; wait"
    await run_process(["git", "-c", f"alias.nap={nap}", "nap"], Path(report).parent, hardened_env(), None)
    raise AssertionError("the publish went on after SIGTERM")

publish_cli.publish_fix = git_then_stopped
sys.argv = ["remediate", "publish", "--report", report, "--repo", "o/r", "--commit", "a" * 40]
entry.main()
"""


def test_publish_stopped_while_its_git_runs_leaves_none(tmp_path: Path) -> None:
    from tests.publish.conftest import make_report

    marker, report = _marker(), tmp_path / "report.json"
    report.write_text(make_report("--- a/x\n+++ b/x\n").model_dump_json())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "REMEDIATE_GITHUB_TOKEN": "t" * 40,
    }
    done = subprocess.run(
        [sys.executable, "-c", _PUBLISH_HARNESS, marker, str(report)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 143 and done.stderr == "remediate: stopped by SIGTERM\n", done.stderr
    assert _gone(marker)
