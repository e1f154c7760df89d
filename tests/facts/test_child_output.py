"""A child's output quoted in the error object Node prints for a failed command (facts.childoutput), on real runs of
`git push` refused with 403 (tests/facts/data/README.md): execa 5's and child_process.execSync's errors."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.childoutput import unquoted_child_output
from remediate.facts.view import View
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

RUN = "node scripts/release.js"
SAMPLES = ("node20_execa5_git_push_403.txt", "node20_execsync_git_push_403.txt")
# git's own lines, which Node's message repeats above the stack (a log may show only the fields: the lead's did)
_GITS_LINES = ("remote: Permission to", "fatal: unable to access")


def _quoted_only(sample: str) -> str:
    text = (DATA / sample).read_text()
    return "\n".join(line for line in text.splitlines() if not line.startswith(_GITS_LINES))


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_quoted_stderr_is_read_as_gits_own(sample: str) -> None:
    """Before: the message's lines left out, the node error record alone and config 0.36 undecided."""
    f = extract_facts(framing.github_actions(RUN, _quoted_only(sample)))
    assert [(e.code, e.category) for e in f.errors if e.tool == "git"] == [("git-credentials", Category.CONFIG)]
    assert "denied to shop-release-bot" in next(e.message for e in f.errors if e.tool == "git")
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_whole_error_gives_one_git_record(sample: str) -> None:
    f = extract_facts(framing.github_actions(RUN, (DATA / sample).read_text()))
    assert [e.code for e in f.errors if e.tool == "git"] == ["git-credentials"]
    assert rule_verdict(f).category is Category.CONFIG


def test_each_literal_is_unquoted_at_its_line() -> None:
    lines = [
        "    at async /w/release.js:3:3 {",
        "  command: 'git push',",
        "  stderr: 'it\\'s one\\n' +",
        '    "two \\"quoted\\"\\n",',
        "  all: 'three',",
        "}",
        "  stderr: 'outside an error object',",
    ]
    got = [line.text for line in unquoted_child_output(View.of(lines)).lines]
    assert got == [lines[0], lines[1], "it's one", 'two "quoted"', "three", "}", lines[6]]


def test_a_field_outside_a_stack_frames_object_stays() -> None:
    lines = ["const x = {", "  stderr: 'remote: Permission to o/r.git denied to bot.\\n' +", "}"]
    assert [line.text for line in unquoted_child_output(View.of(lines)).lines] == lines


def test_execas_command_field_is_the_command_that_failed() -> None:
    """Before: no wrapper report, ran_command None."""
    f = extract_facts(framing.github_actions(RUN, _quoted_only(SAMPLES[0])))
    assert f.ran_command == "git push origin HEAD:main"
