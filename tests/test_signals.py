"""SIGINT/SIGTERM sent to a real `remediate fix` process at each stage that can take long:
the --setup command, the reproduction, the specialist's check run (after paid model calls).

Each run must exit 128 + the signal with report.json saying `interrupted` (and the spend so
far), leave no running attempt in the state store, no temp dir and no process behind, the moment it exits.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import anyio
import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "py-renamed-function"
REMEDIATE = Path(sys.executable).parent / "remediate"


def _sleep_marker() -> str:
    # A sleep duration no other process on the machine uses: how leftovers are found.
    return f"{50 + uuid.uuid4().int % 10**6 / 10**6:.6f}"


def _run_until(command: list[str], env: dict[str, str], marker: str, wait_for: str, sig: int) -> tuple[int, str]:
    """Start the CLI, wait for `wait_for` on stderr and then for the stage's `sleep <marker>` to run, signal it."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if wait_for in line:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert seen.wait(120), "".join(lines)
        # The check (or setup) is running inside the jail once its sleep is: a condition, not a guess of
        # how long the sandbox takes to open (over 1.5 s at load 17).
        deadline = time.monotonic() + 120
        while not _sleeping(marker):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.05)
        proc.send_signal(sig)
        code = proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(5)
    return code, "".join(lines)


def _cmdlines() -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
    return found


def _sleeping(marker: str) -> bool:
    return any(cmdline.startswith(f"sleep {marker}") for cmdline in _cmdlines())


def _leftovers(marker: str) -> list[str]:
    return [cmdline for cmdline in _cmdlines() if f"sleep {marker}" in cmdline]


def _no_run_check(tmp_path: Path) -> Path:
    """The fixture's cassette without its run_check turn: the model edits and finishes, so the first
    check run that passes is after the specialist (the re-run of a compound check, or verify)."""
    data = json.loads((FIXTURE / "cassette.json").read_text())
    turns = data["interactions"]
    ran = next(i for i, t in enumerate(turns) if any(b.get("name") == "run_check" for b in t["body"]["content"]))
    edit_results = turns[ran]["expect"]["tool_results"]
    del turns[ran]
    turns[ran]["expect"]["tool_results"] = edit_results
    path = tmp_path / "no-run-check.json"
    path.write_text(json.dumps(data))
    return path


FIXED = "round_currency(self.discounted()"
STAGES = [
    # (stage, signal, what to wait for on stderr, what sleeps)
    ("prepare", signal.SIGTERM, "[prepare]", "setup"),
    ("reproduce", signal.SIGINT, "[reproduce]", "always"),
    ("specialist", signal.SIGINT, "model call 4", "fixed"),
    ("rerun", signal.SIGTERM, "[rerun]", "fixed, no run_check"),
    ("verify", signal.SIGINT, "[verify]", "fixed, one command"),
]


@pytest.mark.parametrize(("stage", "sig", "wait_for", "sleeps"), STAGES, ids=[s[0] for s in STAGES])
def test_signal_leaves_a_report_and_nothing_else(
    tmp_path: Path, stage: str, sig: int, wait_for: str, sleeps: str
) -> None:
    marker = _sleep_marker()
    check = "python -m pytest -q"
    setup = None
    cassette = FIXTURE / "cassette.json"
    if sleeps == "always":
        check = f"sleep {marker}; {check}"
    elif sleeps.startswith("fixed"):
        # Slow only once the model's edit is in: the reproduction is fast, the specialist's check is not.
        check = f"grep -q '{FIXED}' src/invoicing/invoice.py && sleep {marker}; {check}"
    else:
        setup = f"sleep {marker}"
    if sleeps == "fixed, one command":
        # Not compound (no `;`, `&&`): no re-run after the specialist, so verify is the first slow run.
        check = (
            f"python -c \"'{FIXED}' in open('src/invoicing/invoice.py').read() and "
            f"__import__('subprocess').run(['sleep', '{marker}']), "
            "__import__('os').execvp('python', ['python', '-m', 'pytest', '-q'])\""
        )
    if sleeps.startswith("fixed, "):
        cassette = _no_run_check(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    state = tmp_path / "state.db"
    env = {**os.environ, "TMPDIR": str(temp), "PATH": f"{REMEDIATE.parent}:{os.environ.get('PATH', '')}"}
    env.pop("ANTHROPIC_API_KEY", None)
    command = [str(REMEDIATE), "fix", "--source", str(FIXTURE / "src"), "--log", str(FIXTURE / "ci.log")]
    command += ["--check", check, "--cassette", str(cassette), "--out", str(out)]
    command += ["--state", str(state)] + (["--setup", setup] if setup else [])

    code, stderr = _run_until(command, env, marker, wait_for, sig)

    assert code == 128 + sig, stderr
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "interrupted", report["message"]
    assert f"during {stage}" in report["message"] and signal.Signals(sig).name in report["message"]
    if stage == "specialist":
        assert report["usage"]["model_calls"] == 4 and report["usage"]["usd"] > 0  # the spend so far
    with sqlite3.connect(state) as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM attempts")]
    assert statuses == ["interrupted"]  # released, not left `running`
    assert list(temp.iterdir()) == []  # no sandbox copy, no setup environment
    # At once: the CLI exits only once what it started is gone (remediate/children.py), whatever the load.
    assert _leftovers(marker) == []


# ---------------------------------------------------------------- during start-up


def _blocked_reading_stdin(pid: int) -> bool:
    # /proc/PID/syscall: the syscall number (read is 0 on x86-64) and its first argument (fd 0).
    try:
        return Path(f"/proc/{pid}/syscall").read_text().split()[:2] == ["0", "0x0"]
    except OSError:
        return False


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="reads x86-64 syscall numbers from /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_while_starting_leaves_an_interrupted_report(tmp_path: Path, sig: int) -> None:
    """`--log -` fed by a pipe that never ends: the start-up blocks reading it, a signal still ends
    the process with a report, and the previous run's files in a reused --out are gone."""
    out = tmp_path / "out"
    out.mkdir()
    for earlier in ("fix.patch", "run.jsonl", "run.html"):
        (out / earlier).write_text("from an earlier run\n")
    state = tmp_path / "state.db"
    command = [str(REMEDIATE), "fix", "--source", str(FIXTURE / "src"), "--log", "-", "--out", str(out)]
    command += ["--state", str(state), "--cassette", str(FIXTURE / "cassette.json")]
    command += ["--json"] if sig == signal.SIGTERM else []  # then stdout holds the report, as after a run
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _blocked_reading_stdin(proc.pid):
            assert proc.poll() is None and time.monotonic() < deadline, "never blocked reading the log"
            time.sleep(0.05)
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr and f"interrupted by {signal.Signals(sig).name} during start-up" in stderr
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "interrupted" and report["exit_code"] == 130
    assert "during start-up" in report["message"] and report["usage"]["model_calls"] == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    assert (json.loads(stdout) == report) if sig == signal.SIGTERM else stdout == ""
    if state.exists():  # the store may not be open yet; no attempt was begun either way
        with sqlite3.connect(state) as db:
            assert list(db.execute("SELECT status FROM attempts")) == []


def test_start_signals_raise_once_then_hand_over_to_the_run() -> None:
    from remediate.interrupt import Interrupt, Interrupted, start_signals

    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    said: list[str] = []
    interrupt = Interrupt()
    with start_signals(interrupt, said.append) as hand_over:
        with pytest.raises(Interrupted) as stop:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises at the next instruction; never this long
        assert stop.value.signum == signal.SIGTERM and interrupt.signum == signal.SIGTERM
        os.kill(os.getpid(), signal.SIGINT)  # while the report is written: acknowledged, not raised
        time.sleep(0.01)
        assert said == ["SIGINT: still stopping"] and interrupt.signum == signal.SIGTERM
        hand_over()
    assert {sig: signal.getsignal(sig) for sig in before} == before

    handed = Interrupt()
    with start_signals(handed, said.append) as hand_over:
        hand_over()
        os.kill(os.getpid(), signal.SIGINT)  # after the hand-over: recorded for the run, never raised
        time.sleep(0.01)
    assert handed.signum == signal.SIGINT and said[-1] == "SIGINT: stopping (cleaning up, writing the report)"

    async def first_scope() -> bool:
        with handed.scope() as scope:  # the run's first scope is cancelled at once
            await anyio.sleep(5)
        return scope.cancelled_caught

    assert anyio.run(first_scope)


def test_a_stop_during_run_stoppable_cancels_the_work_whose_shielded_cleanup_runs_whole() -> None:
    """A command holding the signals (children.entry_point: raising) runs its event loop through run_stoppable
    (`remediate eval`): the signal cancels the work instead of raising in the loop's machinery, where the
    shielded cleanup was skipped and anyio's idle worker thread could hold the interpreter's exit."""
    from remediate.interrupt import Interrupt, Interrupted, run_stoppable, start_signals

    cleaned: list[bool] = []

    async def work() -> None:
        await anyio.to_thread.run_sync(lambda: None)  # a worker thread, as a prepare's lock or a copy starts
        os.kill(os.getpid(), signal.SIGTERM)
        try:
            await anyio.sleep(30)
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.sleep(0.05)
                cleaned.append(True)

    with start_signals(Interrupt()), pytest.raises(Interrupted) as stop:
        run_stoppable(work)
    assert stop.value.signum == signal.SIGTERM and cleaned == [True]


def test_a_signal_as_the_run_starts_stops_it_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A signal after the start-up handed over, before the run's own watcher: the run stops at its
    first step (its facts stage has begun, nothing awaited has run)."""
    from typer.testing import CliRunner

    from remediate import cli

    run = cli._run

    async def signalled_first(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return await run(*args)

    monkeypatch.setattr(cli, "_run", signalled_first)
    out = tmp_path / "out"
    args = ["fix", "--source", str(FIXTURE / "src"), "--log", str(FIXTURE / "ci.log"), "--out", str(out)]
    result = CliRunner().invoke(cli.app, [*args, "--state", "off", "--cassette", str(FIXTURE / "cassette.json")])
    assert result.exit_code == 130, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "interrupted" and report["message"].startswith("interrupted by SIGINT")
    assert report["usage"]["model_calls"] == 0 and report["route"] is None and report["patch"] == ""


def test_a_signal_while_the_command_line_loads_ends_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before `fix` knows its output directory (typer still parsing): 128 + the signal, no traceback."""
    from remediate import cli, entry

    def parsing(prog_name: str) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)

    monkeypatch.setattr(cli, "app", parsing)
    monkeypatch.setattr(sys, "argv", ["remediate", "fix", "--source", "."])
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 143
    assert capsys.readouterr().err == "remediate: stopped by SIGTERM\n"
