"""Every bad input of `fix` (and `facts`, `eval`) ends with exit 2 and one line, before any check
runs: the check here would write a marker file into --out's parent if it ever ran."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import remediate.inputs
from remediate.cli import app
from remediate.errors import BadInput
from remediate.inputs import cassette_for_run, known_model, read_log
from tests.conftest import FIXTURES

CASE = FIXTURES / "py-renamed-function"
CASSETTE = CASE / "cassette.json"
OTHER_CASSETTE = FIXTURES / "lint-bare-except" / "cassette.json"


def fix_args(tmp_path: Path, *extra: str, check: str | None = None) -> list[str]:
    marker = tmp_path / "check-ran"
    args = ["fix", "--source", str(CASE / "src"), "--log", str(CASE / "ci.log"), "--state", "off"]
    args += ["--check", check if check is not None else f"touch {marker}; python -m pytest -q"]
    return [*args, "--out", str(tmp_path / "out"), *extra]


BAD = {
    "passes 0": ["--passes", "0"],
    "timeout 0": ["--timeout", "0"],
    "memory 0": ["--memory-mb", "0"],
    "max-usd 0": ["--max-usd", "0"],
    "max-usd -1": ["--max-usd", "-1"],
    "max-tool-calls 0": ["--max-tool-calls", "0"],
    "unknown model": ["--model", "gpt-4o"],
    "cassette missing": ["--cassette", "/nonexistent/cassette.json"],
    "cassette not json": ["--cassette", str(CASE / "ci.log")],
    "cassette of another case": ["--cassette", str(OTHER_CASSETTE)],
}


@pytest.mark.parametrize("extra", BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_line_exit_2_before_any_work(tmp_path: Path, extra: list[str]) -> None:
    result = CliRunner().invoke(app, fix_args(tmp_path, *extra))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("remediate: "), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing written
    assert not (tmp_path / "check-ran").exists()


@pytest.mark.parametrize("check", ["", "   "])
def test_blank_check_is_refused(tmp_path: Path, check: str) -> None:
    result = CliRunner().invoke(app, fix_args(tmp_path, check=check))
    assert result.exit_code == 2 and "--check is blank" in result.output


def test_unknown_model_allowed_is_said_aloud(tmp_path: Path) -> None:
    # Stops at the cassette check (another case's), after the model check let gpt-4o through.
    args = fix_args(tmp_path, "--model", "gpt-4o", "--allow-unknown-model", "--cassette", str(OTHER_CASSETTE))
    result = CliRunner().invoke(app, args)
    assert "not a known model" not in result.output and "recorded for another failure" in result.output
    warning = known_model("gpt-4o", allow_unknown=True)
    assert warning is not None and "most expensive" in warning
    assert known_model("claude-sonnet-5-5", allow_unknown=False) is None


@pytest.mark.parametrize("case", sorted(p.parent for p in FIXTURES.glob("*/cassette.json")), ids=lambda p: p.name)
def test_every_fixture_cassette_is_meant_for_its_own_case(case: Path) -> None:
    cassette_for_run(case / "cassette.json", case / "ci.log", case / "src")


def test_read_only_out_is_found_before_the_run(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only directory")
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    result = CliRunner().invoke(app, [*fix_args(tmp_path)[:-2], "--out", str(out)])
    assert result.exit_code == 2 and "not writable" in result.output


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(app, [*fix_args(tmp_path)[:-2], "--out", str(blocker / "out")])
    assert result.exit_code == 2 and "is not writable" in result.output


def test_empty_log_same_message_and_code_in_facts_and_fix(tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    fix = CliRunner().invoke(app, [*fix_args(tmp_path)[:4], str(empty), *fix_args(tmp_path)[5:]])
    facts = CliRunner().invoke(app, ["facts", "--log", str(empty)])
    assert fix.exit_code == facts.exit_code == 2
    assert (
        fix.output.strip() == facts.output.strip() == "remediate: the log is empty: pass the log of the failed CI job"
    )


def test_log_from_stdin(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "remediate"), "facts", "--log", "-", "--json"],
        input=(CASE / "ci.log").read_bytes(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert any("round_money" in e["message"] for e in json.loads(done.stdout)["errors"])


class _Piped:
    """stdin as a pipe holding `data`."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize(("size", "refused"), [(16, False), (17, True)])
def test_a_log_on_stdin_is_read_up_to_the_stream_limit(
    monkeypatch: pytest.MonkeyPatch, size: int, refused: bool
) -> None:
    """An endless stdin (`yes | remediate fix --log -`) would fill memory: past the limit it is refused, one line."""
    monkeypatch.setattr(remediate.inputs, "MAX_STREAM_BYTES", 16)
    monkeypatch.setattr(sys, "stdin", _Piped(b"x" * size))
    if refused:
        with pytest.raises(BadInput, match=r"^the log on stdin is longer than .*: save it to a file"):
            read_log("-")
    else:
        assert read_log("-") == b"x" * size


def test_eval_attempts_zero_is_refused() -> None:
    result = CliRunner().invoke(app, ["eval", "--attempts", "0", "--cases", "py-renamed-function"])
    assert result.exit_code == 2 and "attempts" in result.output


def _diverging(tmp_path: Path, how: str) -> Path:
    """The case's own cassette (it passes the pre-run check) made to stop matching mid-run."""
    data = json.loads(CASSETTE.read_text())
    if how == "exhausted":
        data["interactions"] = data["interactions"][:2]
    else:
        data["interactions"][2].setdefault("expect", {})["contains"] = ["text this run never sends"]
    path = tmp_path / f"{how}.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("how", ["exhausted", "unexpected request"])
def test_cassette_diverging_mid_run_is_bad_input_in_one_line(tmp_path: Path, how: str) -> None:
    cassette = _diverging(tmp_path, how)
    result = CliRunner().invoke(app, fix_args(tmp_path, "--cassette", str(cassette), check="python -m pytest -q"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["status"] == "bad_input" and report["usage"]["model_calls"] == 2
    assert report["message"].startswith("the cassette diverged from this run (") and "\n" not in report["message"]
    assert ("exhausted after 2" if how == "exhausted" else "request 3") in report["message"]
    assert [e["kind"] for e in report["guard_events"]].count("cassette_diverged") == 1
