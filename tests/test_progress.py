"""Live progress: a rich spinner line on a terminal (stage, elapsed time, model calls, cost), tool
calls with their target above it; plain lines elsewhere; the model's text always made visible."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from remediate.progress import (
    Event,
    LiveProgress,
    ModelCalled,
    Note,
    PlainProgress,
    StageEnded,
    StageStarted,
    ToolCalled,
    progress_for,
    target_of,
)
from tests.conftest import FIXTURES, needs_bwrap

# A target a hostile model could send: an OSC title sequence and a bidi override.
HOSTILE = "src/a.py\x1b]0;owned\x07\u202e"
EVENTS: list[Event] = [
    StageStarted("reproduce"),
    StageEnded("reproduce", 1.25),
    StageStarted("specialist"),
    ModelCalled(1, "tool_use", 1, 0.0123),
    ToolCalled("read_file", target_of({"path": HOSTILE}), ok=True),
    ToolCalled("edit_file", target_of({"path": "src/b.py", "old_text": "x"}), ok=False),
    Note("  route: test -> tests [bold]not markup[/bold]"),
]


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(
        file=buffer, force_terminal=terminal, width=120, color_system="standard" if terminal else None
    ), buffer


def test_target_of_names_the_path_or_pattern_in_one_short_line() -> None:
    assert target_of({"path": "src/a.py", "old_text": "x"}) == "src/a.py"
    assert target_of({"pattern": "def \\w+"}) == "def \\w+"
    assert target_of({"command": "one\ntwo"}) == "one..."
    assert target_of({"path": "x" * 200}).endswith("...") and len(target_of({"path": "x" * 200})) == 83
    assert target_of({}) == "" and target_of("not a dict") == ""


def test_live_progress_on_a_terminal_shows_stage_time_calls_cost_and_tools() -> None:
    console, buffer = _console(terminal=True)
    render, live = progress_for(console)
    assert isinstance(render, LiveProgress)
    with live:
        for event in EVENTS:
            render(event)
        render.live.refresh()
        shown_now = buffer.getvalue()
    assert "specialist" in shown_now and "1 model call(s), $0.0123" in shown_now  # the spinner line
    assert "reproduce done in 1.2s" in shown_now
    assert "read_file src/a.py" in shown_now and "edit_file src/b.py: error" in shown_now
    assert "[bold]not markup[/bold]" in shown_now
    # The model's escape sequence and bidi mark are shown as text, never sent to the terminal.
    assert "\x1b]0;owned" not in shown_now and "\u202e" not in shown_now
    assert "\\x1b]0;owned\\x07\\u202e" in shown_now
    assert "\x1b[" in shown_now  # a real terminal rendering (cursor moves, colours), not plain text


def test_plain_progress_when_not_a_terminal() -> None:
    console, buffer = _console(terminal=False)
    render, _ = progress_for(console)
    assert isinstance(render, PlainProgress)
    for event in EVENTS:
        render(event)
    lines = buffer.getvalue().splitlines()
    assert lines[:3] == ["[reproduce]", "  reproduce done in 1.2s", "[specialist]"]
    assert "  model call 1: tool_use, 1 tool call(s); $0.0123 so far" in lines
    assert "    read_file src/a.py\\x1b]0;owned\\x07\\u202e: ok" in lines
    assert "\x1b" not in buffer.getvalue()


@needs_bwrap
def test_fix_under_a_pseudo_terminal_shows_the_live_line(tmp_path: Path) -> None:
    case = FIXTURES / "py-renamed-function"
    argv = [str(Path(sys.executable).parent / "remediate"), "fix", "--source", str(case / "src")]
    argv += ["--log", str(case / "ci.log"), "--check", "python -m pytest -q", "--cassette", str(case / "cassette.json")]
    argv += ["--out", str(tmp_path / "out"), "--state", "off"]
    env = os.environ | {"TERM": "xterm-256color", "COLUMNS": "120", "PATH": f"{Path(sys.executable).parent}:"}
    env["PATH"] += os.environ["PATH"]
    leader, follower = pty.openpty()
    with subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=600) == 0
    os.close(leader)
    seen = b"".join(chunks).decode("utf-8", "replace")
    assert "model call(s), $" in seen  # the live line
    assert "read_file src/invoicing/invoice.py" in seen and "verify" in seen
    assert "\x1b[" in seen  # drawn as a terminal, not printed as plain lines
