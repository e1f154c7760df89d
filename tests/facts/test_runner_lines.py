"""The CI runners' own lines (facts/ci/framing.runner_line) are no finding's message: a checker's place alone at the
end of its output, in a job of each CI, makes no record of the runner's line below it."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci.framing import runner_line
from remediate.facts.view import Line
from remediate.models import Category
from tests.facts import framing
from tests.facts.samples import DATA

_CIS = ("travis", "github_actions", "gitlab", "jenkins", "azure", "circleci", "buildkite")


@pytest.mark.parametrize("ci", _CIS)
def test_a_place_alone_over_the_runner_s_line_makes_no_record_of_it(ci: str) -> None:
    # cfn-lint's YAML error ends with its place alone (`templates/broken.yaml:6:1`), the runner's line right below
    output = (DATA / "cfn_lint158_yaml_error.txt").read_text()
    log = getattr(framing, ci)("cfn-lint templates/broken.yaml", output, 2)
    read = extract_facts(log, leave_out=frozenset({"ops"}))  # as a tool no parser knows
    assert not [e.message for e in read.errors if e.message not in output]
    assert [e.message for e in extract_facts(log).errors] == ["did not find expected ',' or ']'"]  # ops reads it


@pytest.mark.parametrize("ci", _CIS)
def test_a_failing_property_s_words_stop_at_the_runner_s_line(ci: str) -> None:
    # quickCheckAll's last counterexample ends the run's output: the runner's lines right below it are no part of it
    output = (DATA / "quickcheck214_all.txt").read_text()
    read = extract_facts(getattr(framing, ci)("cabal test", output, 1))
    assert [t.message for t in read.failing_tests][-1] == (
        "Exception: 'divide by zero' (after 1 test): NonNegative {getNonNegative = 0}"
    )


def test_the_runner_s_echo_of_the_command_is_no_keyword_vote() -> None:
    # `killed` in `npx jest --ci -w 2 killed` is jest's test path pattern: the command's word, which the rules weigh as
    # the command. GitHub shows the command twice (`##[group]Run ...` and its script): as keywords its words outvoted
    # jest's failing suite there (infra), test on the other CIs.
    output = (DATA / "jest29_worker_killed.txt").read_text()
    read = {ci: extract_facts(getattr(framing, ci)("npx jest --ci -w 2 killed", output, 1)) for ci in _CIS}
    assert {ci: (f.category, f.category_basis) for ci, f in read.items()} == dict.fromkeys(
        _CIS, (Category.TEST, "failing-step-records")
    )


_RUNNERS = (
    "travis_time:end:1b2c3d4e:start=2,finish=3,duration=1",
    "travis_fold:end:install.1",
    'The command "cfn-lint templates/broken.yaml" exited with 2.',
    "Done. Your build exited with 1.",
    "##[endgroup]",
    "##[group]Run cfn-lint templates/broken.yaml",
    "##[section]Finishing: Bash",
    "##[error]Process completed with exit code 2.",
    "::endgroup::",
    "::error file=templates/broken.yaml,line=6::did not find expected",
    "section_end:1714557602:step_script",
    "Cleaning up project directory and file based variables",
    "ERROR: Job failed: exit code 2",
    "[Pipeline] }",
    "ERROR: script returned exit code 2",
    "Exited with code exit status 2",
    "\U0001f6a8 Error: The command exited with status 2",
    "~~~ Running commands",
    "[command]/usr/bin/git version",
    "Post job cleanup.",
)
_TOOLS = (
    "templates/broken.yaml:6:1",
    "E0000 did not find expected ',' or ']'",
    "src/a.py:3:1: F401 'os' imported but unused",
    "Process completed",
    "::",
    "[Pipeline]",
)


def test_each_ci_s_own_lines_are_the_runner_s_and_a_tool_s_are_not() -> None:
    assert [t for t in _RUNNERS if not runner_line(Line(1, t, t.encode()))] == []
    assert [t for t in _TOOLS if runner_line(Line(1, t, t.encode()))] == []
    # GitHub's annotation of a tool's line is the tool's; its exit report, its `##[error]` cut (the parsers' view), not
    assert not runner_line(Line(1, "src/a.py:3:1: F401 'os' imported", b"##[error]src/a.py:3:1: F401 'os' imported"))
    assert runner_line(Line(1, "Process completed with exit code 2.", b"##[error]Process completed with exit code 2."))
