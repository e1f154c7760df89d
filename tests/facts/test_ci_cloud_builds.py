"""Google Cloud Build and AWS CodeBuild jobs (tests/facts/ciframing: cloudbuild_job, codebuild_job, each CI's
documented log around real tool output): the CI's failing step and its command are found, Cloud Build's line prefixes
are gone before the parsers read, the runners' own lines are runner_line, and a sample reads the same as stored."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci.framing import runner_line
from remediate.facts.view import Line
from tests.facts import ciframing
from tests.facts.samples import DATA

# (sample, the command that made it: tests/facts/data/README.md), one of each kind of failure
_SAMPLES = (
    ("cfn_lint158_yaml_error.txt", "cfn-lint templates/broken.yaml"),
    ("cargo195_test_assert_failed.txt", "RUST_BACKTRACE=0 cargo test --offline --color never"),
    ("mypy_name_undefined.txt", "mypy --no-incremental --strict shop"),
    ("cargo195_bin_two_errors.txt", "cargo build --offline --color never"),
    ("npm10_etarget.txt", "npm install --no-audit"),
)


def _cloudbuild(command: str, output: str) -> bytes:
    return ciframing.cloudbuild_job(
        [("install", "python:3.12", ciframing.INSTALL), ("check", "python:3.12", (command, output, 2))]
    )


def _codebuild(command: str, output: str) -> bytes:
    return ciframing.codebuild_job(
        [
            ("INSTALL", [ciframing.INSTALL]),
            ("BUILD", [("echo Build started", "Build started", 0), (command, output, 2), ("echo never", "never", 0)]),
            ("POST_BUILD", [("echo Build completed", "Build completed", 0)]),
        ]
    )


@pytest.mark.parametrize(("sample", "command"), _SAMPLES)
def test_a_sample_in_a_cloud_build_step_reads_as_stored(sample: str, command: str) -> None:
    output = (DATA / sample).read_text()
    framed = extract_facts(_cloudbuild(command, output), deadline_s=None)
    assert ciframing.as_read(framed) == ciframing.as_read(extract_facts(output.encode(), deadline_s=None))
    # the step is named by its id; Cloud Build never shows a step's arguments, so no command is known
    assert (framed.failing_step, framed.failing_command, framed.exit_code) == ('Step #1 - "check"', None, 2)
    assert [(s.command, s.exit_code) for s in framed.steps] == [('Step #0 - "install"', 0), ('Step #1 - "check"', 2)]


@pytest.mark.parametrize(("sample", "command"), _SAMPLES)
def test_a_sample_in_a_codebuild_phase_reads_as_stored(sample: str, command: str) -> None:
    output = (DATA / sample).read_text()
    framed = extract_facts(_codebuild(command, output), deadline_s=None)
    assert ciframing.as_read(framed) == ciframing.as_read(extract_facts(output.encode(), deadline_s=None))
    assert (framed.failing_step, framed.failing_command, framed.exit_code) == (command, command, 2)
    # the phase stops at the failing command; post_build's runs after it
    statuses = [(s.command, s.exit_code, s.after_failure) for s in framed.steps]
    assert statuses == [
        (ciframing.INSTALL[0], 0, False),
        ("echo Build started", 0, False),
        (command, 2, False),
        ("echo Build completed", None, True),
    ]


def test_before_the_ci_was_known_cloud_build_s_prefix_hid_the_tool() -> None:
    # every line behind `Step #1 - "check": `: no parser's pattern anchored at a line's start read them
    output = (DATA / "cfn_lint158_yaml_error.txt").read_text()
    framed = extract_facts(_cloudbuild("cfn-lint templates/broken.yaml", output), deadline_s=None)
    assert [e.message for e in framed.errors] == ["did not find expected ',' or ']'"]
    assert not any(line.startswith("Step #") for line in framed.excerpt.splitlines())


_RUNNERS = (
    'starting build "0d8a2c5e-4b7f-4f1e-9a5b-3c2d1e0f9a8b"',
    'Starting Step #1 - "check"',
    "Starting Step #0",
    'Finished Step #1 - "check"',
    'ERROR: build step 1 "python:3.12" failed: step exited with non-zero status: 2',
    "[Container] 2024/05/01 10:00:00.123456 Running command npm test",
    "[Container] 2024/05/01 10:00:00 Command did not exit successfully npm test exit status 1",
    "[Container] 2024/05/01 10:00:00.123456 Phase complete: BUILD State: FAILED",
    "[Container] 2024/05/01 10:00:00.123456 Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while "
    "executing command: npm test. Reason: exit status 1",
)
_TOOLS = ("Step 1/13 : FROM ubuntu:latest", "[Container]", "Starting Step", "ERROR: build failed", "error TS2304")


def test_the_new_ci_s_own_lines_are_the_runner_s_and_a_tool_s_are_not() -> None:
    assert [t for t in _RUNNERS if not runner_line(Line(1, t, t.encode()))] == []
    assert [t for t in _TOOLS if runner_line(Line(1, t, t.encode()))] == []
