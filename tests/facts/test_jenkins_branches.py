"""Jenkins parallel branches whose lines name them: Pipeline: Job before 2.26 wrote each line a branch printed behind
`[NAME] ` and each of its step lines as `[Pipeline] [NAME] sh` (tests/facts/ciframing.jenkins_parallel's `prefixed`,
tests/facts/data/README.md). The view reads the lines without the prefix (facts/view._unbranched), so the parsers
read the tool's own lines; the failing step is the branch `Failed in branch NAME` names, its command the branch's own
last trace, and the other branch's commands passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import parsers_view
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import ciframing, framing

DATA = Path(__file__).parent / "data"
PYTEST = "python -m pytest -p no:cacheprovider tests"
FAILED = "tests/test_cart.py::test_total_adds_prices"
INSTALL = ("pip install -e .", "Successfully installed shop-1.0", 0)
LINT = ("flake8 pkg || true", (DATA / "flake8.txt").read_text(), 0)
CHECK = ("pip check", "No broken requirements.", 0)
TESTS = (PYTEST, (DATA / "pytest9_cart_failed.txt").read_text(), 1)
SAMPLE = DATA / "ci" / "jenkins_parallel_prefixed.txt"


def _prefixed() -> bytes:
    # the Lint branch's flake8 printed findings and passed (`|| true`): its lines interleave with the failing tests'
    return ciframing.jenkins_parallel(
        [("Install", [INSTALL])], [("Tests", [TESTS]), ("Lint", [LINT, CHECK])], prefixed=True
    )


def _statuses(facts: Facts) -> list[tuple[str, int | None, bool]]:
    return [(s.command, s.exit_code, s.after_failure) for s in facts.steps]


def test_the_stored_job_is_its_framing() -> None:
    assert SAMPLE.read_bytes() == _prefixed()


def test_the_failing_branch_is_the_step_and_its_own_trace_the_command() -> None:
    facts = extract_facts(SAMPLE.read_bytes())
    assert (facts.failing_step, facts.failing_command, facts.failed_line, facts.exit_code) == (
        "Tests",
        PYTEST,
        PYTEST,
        1,
    )
    assert [t.id for t in facts.failing_tests] == [FAILED]
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason
    assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason


def test_the_other_branch_s_commands_passed_and_the_failing_one_exited_the_job_s_code() -> None:
    facts = extract_facts(SAMPLE.read_bytes())
    assert _statuses(facts) == [
        ("pip install -e .", 0, False),
        (PYTEST, 1, False),
        ("flake8 pkg || true", 0, False),
        ("pip check", 0, False),
    ]


def test_the_excerpt_follows_the_failing_branch_s_lines() -> None:
    # a budget below the log's size (at 2,000 tokens this small log is shown whole)
    excerpt = extract_facts(SAMPLE.read_bytes(), budget_tokens=250).excerpt
    assert "E       assert 4 == 3" in excerpt and "FAILED tests/test_cart.py::test_total_adds_prices" in excerpt
    assert "F401" not in excerpt and "E231" not in excerpt  # the passing Lint branch's findings, printed beside it
    assert "[Tests] " not in excerpt


def test_the_parsers_read_a_branch_s_lines_as_its_tool_printed_them() -> None:
    # the same pytest output outside any parallel step: the same failing test and records
    bare = extract_facts(framing.jenkins(PYTEST, TESTS[1]))
    branched = extract_facts(SAMPLE.read_bytes())
    assert [t.id for t in branched.failing_tests] == [t.id for t in bare.failing_tests] == [FAILED]
    ours = [(e.tool, e.file, e.line, e.message) for e in branched.errors if e.tool != "flake8"]  # Lint's are its own
    assert ours == [(e.tool, e.file, e.line, e.message) for e in bare.errors]
    assert {e.step for e in branched.errors if e.tool == "flake8"} != {
        e.step for e in branched.errors if e.tool != "flake8"
    }


def test_only_a_name_the_pipeline_gave_a_branch_is_a_prefix() -> None:
    # `[shop] Running shell script` (the workspace's, durable-task's) stays whole inside a branch and out of one, and
    # so would Maven's `[INFO] `: the log opens or fails no branch of those names
    view = parsers_view(SAMPLE.read_bytes())
    assert view is not None
    texts = [line.text for line in view.lines]
    assert texts.count("[shop] Running shell script") == 3
    assert "[Pipeline] sh" in texts and f"+ {PYTEST}" in texts
    assert not any(text.startswith(("[Tests] ", "[Lint] ", "[Pipeline] [Tests]")) for text in texts)
    assert {view.tasks[line.no] for line in view.lines if line.text == "[shop] Running shell script"} == {
        "[Tests]",
        "[Lint]",
    }


@pytest.mark.parametrize("prefixed", [False, True])
def test_a_branch_that_failed_names_the_step_whether_its_lines_name_it_or_not(prefixed: bool) -> None:
    log = ciframing.jenkins_parallel(
        [("Install", [INSTALL])], [("Lint", [LINT, CHECK]), ("Tests", [TESTS])], prefixed=prefixed
    )
    facts = extract_facts(log)
    assert facts.failing_step == "Tests"
    # with no name on the lines, the last trace before the failure may be another branch's: no command is claimed
    assert facts.failed_line == (PYTEST if prefixed else None)


def test_a_branch_s_lines_keep_its_name_beside_a_github_annotation() -> None:
    # a script shared with a GitHub workflow says why it failed in the runner's annotation shape (`##[error]...`): the
    # parsers read that line without it, and every line keeps its branch (it lost them all: the parsers' view then
    # read the branches' lines as one, and the excerpt with it)
    shared = ("./ci/check.sh", "##[error]lint found 2 issues", 0)
    log = ciframing.jenkins_parallel(
        [("Install", [INSTALL])], [("Tests", [TESTS]), ("Lint", [LINT, shared])], prefixed=True
    )
    view = parsers_view(log)
    assert view is not None
    assert "lint found 2 issues" in [line.text for line in view.lines]
    assert {view.tasks.get(line.no) for line in view.lines if line.text == "[shop] Running shell script"} == {
        "[Tests]",
        "[Lint]",
    }
