"""SIGINT/SIGTERM sent to a real `remediate fix` process at each stage that can take long:
the --setup command, the reproduction, the specialist's check run (after paid model calls).

Each run must exit 128 + the signal with report.json saying `interrupted` (and the spend so
far), leave no running attempt in the state store, no temp dir and no process behind.
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

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "py-renamed-function"
REMEDIATE = Path(sys.executable).parent / "remediate"


def _sleep_marker() -> str:
    # A sleep duration no other process on the machine uses: how leftovers are found.
    return f"{50 + uuid.uuid4().int % 1000 / 1000:.3f}"


def _run_until(command: list[str], env: dict[str, str], marker: str, sig: int) -> tuple[int, str]:
    """Start the CLI, wait for `marker` on stderr (plus a moment for the command to start), signal it."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if marker in line:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert seen.wait(120), "".join(lines)
        time.sleep(1.5)  # the check (or setup) is now running inside the jail
        proc.send_signal(sig)
        code = proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(5)
    return code, "".join(lines)


def _leftovers(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if f"sleep {marker}" in cmdline:
                found.append(cmdline)
    return found


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

    code, stderr = _run_until(command, env, wait_for, sig)

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
    deadline = time.monotonic() + 5
    while _leftovers(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _leftovers(marker) == []
