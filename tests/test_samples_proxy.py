"""bench/samples_proxy.py: each stored sample triaged with and without the modules that read it."""

from __future__ import annotations

from bench.samples_proxy import DATA, aggregate, commands, half_of, judge, log_of


def test_a_tools_samples_share_a_half() -> None:
    assert half_of("pip20_conflict.txt") == half_of("pip8_missing.txt")
    assert {half_of(name) for name in ("pip_x.txt", "npm_x.txt", "ruff_x.txt", "gcc_x.txt", "go_x.txt")} == {
        "fit",
        "check",
    }


def test_mypy_left_out_reads_as_a_tool_no_parser_knows() -> None:
    outcome = judge(DATA / "mypy.txt")
    assert outcome is not None
    assert outcome.answer == "type"
    assert outcome.modules == ["mypy"]  # the module that reads it, left out
    assert outcome.decided == (outcome.why == "")
    assert aggregate([outcome]) == {
        "samples": 1,
        "decided": int(outcome.decided),
        "right": int(outcome.decided and outcome.proxy == "type"),
    }


def test_a_sample_is_framed_under_the_command_that_made_it() -> None:
    command = commands()["mypy.txt"]
    assert command.startswith("mypy ")
    log = log_of(DATA / "mypy.txt", command)
    assert f"$ {command}".encode() in log
    assert f'The command "{command}" exited with 1.'.encode() in log
    assert log_of(DATA / "mypy.txt", None) == (DATA / "mypy.txt").read_bytes()
