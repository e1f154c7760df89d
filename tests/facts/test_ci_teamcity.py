"""TeamCity build logs (tests/facts/ciframing.teamcity_job: the log as downloaded, each line behind its time, status and
block, around real tool output): the prefixes are gone before the parsers read, the failing step is found and named,
the steps' statuses read, TeamCity's own lines are the runner's, and a sample reads the same as stored."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci.framing import runner_line
from remediate.facts.reader import clean_line
from remediate.facts.view import Line
from tests.facts import ciframing
from tests.facts.samples import DATA

_SAMPLES = (
    ("cfn_lint158_yaml_error.txt", "cfn-lint templates/broken.yaml"),
    ("cargo195_test_assert_failed.txt", "RUST_BACKTRACE=0 cargo test --offline --color never"),
    ("mypy_name_undefined.txt", "mypy --no-incremental --strict shop"),
    ("npm10_etarget.txt", "npm install --no-audit"),
    ("teamcity_unittestpy_two_failures.txt", "python -m teamcity.unittestpy test_unit"),
)


@pytest.mark.parametrize("copied", [False, True])
@pytest.mark.parametrize(("sample", "command"), _SAMPLES)
def test_a_sample_in_a_teamcity_step_reads_as_stored(sample: str, command: str, copied: bool) -> None:
    output = (DATA / sample).read_text()
    log = ciframing.teamcity_job([("install", ciframing.INSTALL), ("check", (command, output, 2))], copied=copied)
    framed = extract_facts(log, deadline_s=None)
    assert ciframing.as_read(framed) == ciframing.as_read(extract_facts(output.encode(), deadline_s=None))
    # the step is named; a Command Line step's script never shows, so no command is known
    assert (framed.failing_step, framed.failing_command, framed.exit_code) == ("check (Command Line)", None, 2)
    assert [(s.command, s.exit_code) for s in framed.steps] == [
        ("install (Command Line)", 0),
        ("check (Command Line)", 2),
    ]


_PREFIXED = (
    ("[17:31:51]W:\t [Step 2/2] error TS2304: x", "error TS2304: x"),
    ("[17:31:51] :\t\t [docker] Pulling repository", "Pulling repository"),
    (
        "[08:39:25]i: TeamCity server version is 2024.03.3 (build 156364)",
        "TeamCity server version is 2024.03.3 (build 156364)",
    ),
    ("[17:31:51]E:     [Step 2/2] [ERROR] Failed to execute goal", "[ERROR] Failed to execute goal"),
    ("[07:47:36][Step 2/4] npm install", "npm install"),
    # another tool's own stamps stay as they were read (gulp's, Jenkins' timestamper's)
    ("[10:23:45] Starting 'build'...", "Starting 'build'..."),
    ("[10:23:45] [ERROR] x", "[ERROR] x"),
)


@pytest.mark.parametrize(("raw", "text"), _PREFIXED)
def test_teamcity_s_prefix_is_taken_off(raw: str, text: str) -> None:
    assert clean_line(raw.encode()) == text


_RUNNERS = (
    "Step 2/2: check (Command Line)",
    "Step 1/3: Build (Node.js NPM) (38s)",
    "Starting: /opt/buildAgent/temp/agentTmp/custom_script4712",
    "in directory: /opt/buildAgent/work/8f2a6c1d3e4b5a69",
    "Process exited with code 2 (Step: check (Command Line))",
    "Step check (Command Line) failed",
    "TeamCity server version is 2024.03.3 (build 156364)",
)
_TOOLS = ("Step 1/13 : FROM ubuntu:latest", "Process exited with code 2", "Starting: server", "Step 3 failed")


def test_teamcity_s_own_lines_are_the_runner_s_and_a_tool_s_are_not() -> None:
    assert [t for t in _RUNNERS if not runner_line(Line(1, t, t.encode()))] == []
    assert [t for t in _TOOLS if runner_line(Line(1, t, t.encode()))] == []


def test_a_build_problem_a_script_reports_is_the_build_s_failure() -> None:
    output = (DATA / "mypy_name_undefined.txt").read_text()
    log = (output + "##teamcity[buildProblem description='mypy found 1 error|n' identity='mypy']\n").encode()
    facts = extract_facts(log, deadline_s=None)
    assert ciframing.as_read(facts)[:3] == ciframing.as_read(extract_facts(output.encode(), deadline_s=None))[:3]
    # the problem is the job's failure, its description the script's words (not the runner's: classify reads them)
    assert not runner_line(Line(1, "##teamcity[buildProblem description='x']", b""))
