"""CIs whose step logs are a plain shell's (Bitbucket Pipelines, Drone's and Woodpecker's servers: `+ cmd` and its
output), and `drone exec`'s lines behind each step's `[NAME:LN:Ss] ` (tests/facts/ciframing): a sample in them reads
as stored, and the command that failed is the last traced before the failure."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.reader import clean_line
from tests.facts import ciframing
from tests.facts.samples import DATA

_SAMPLES = (
    ("cfn_lint158_yaml_error.txt", "cfn-lint templates/broken.yaml"),
    ("cargo195_test_assert_failed.txt", "RUST_BACKTRACE=0 cargo test --offline --color never"),
    ("mypy_name_undefined.txt", "mypy --no-incremental --strict shop"),
    ("npm10_etarget.txt", "npm install --no-audit"),
)


@pytest.mark.parametrize(("sample", "command"), _SAMPLES)
def test_a_sample_in_a_plain_shell_step_reads_as_stored(sample: str, command: str) -> None:
    output = (DATA / sample).read_text()
    framed = extract_facts(ciframing.plain_shell([ciframing.INSTALL, (command, output, 1)]), deadline_s=None)
    assert ciframing.as_read(framed) == ciframing.as_read(extract_facts(output.encode(), deadline_s=None))


@pytest.mark.parametrize(("sample", "command"), _SAMPLES)
def test_a_sample_in_a_drone_exec_step_reads_as_stored(sample: str, command: str) -> None:
    output = (DATA / sample).read_text()
    log = ciframing.drone_exec([("install", [ciframing.INSTALL]), ("check", [(command, output, 1)])])
    framed = extract_facts(log, deadline_s=None)
    assert ciframing.as_read(framed) == ciframing.as_read(extract_facts(output.encode(), deadline_s=None))


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("[first:L0:0s] + touch /drone/helloworld", "+ touch /drone/helloworld"),
        ("[second:L3:10s] ls: cannot access 'x'", "ls: cannot access 'x'"),
        ("[lint.go-1:L1234:75s] main.go:3:1: x", "main.go:3:1: x"),
        ("[INFO] Building shop 1.0", "[INFO] Building shop 1.0"),
        ("[test:0] no line number", "[test:0] no line number"),
    ],
)
def test_drone_exec_s_prefix_is_taken_off(raw: str, text: str) -> None:
    assert clean_line(raw.encode()) == text
