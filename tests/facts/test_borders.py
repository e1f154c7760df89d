"""Borders between categories where the rules decide alone: the same finding read alike whatever form
its tool prints, and what the user expects of each kind (real tool output, tests/facts/data/README.md,
"Category borders")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


def framed(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(
    ("sample", "command"),
    [("yamllint_syntax_standard.txt", "yamllint ."), ("yamllint_syntax_parsable.txt", "yamllint -f parsable .")],
)
def test_a_yaml_file_that_does_not_parse_is_config_in_either_yamllint_format(
    frame: Callable[..., bytes], sample: str, command: str
) -> None:
    # One record per row (the standard format's rows were read twice, as config and as lint), config in
    # both formats: the file does not parse, whoever says so; the warnings above them fail nothing.
    f = framed(frame, command, sample)
    assert [(e.file, e.line, e.code, e.category) for e in f.errors] == [
        (".github/workflows/ci.yml", 9, "syntax", Category.CONFIG),
        ("_data/nav.yml", 6, "syntax", Category.CONFIG),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_yamllints_style_findings_under_pre_commit_are_lint(frame: Callable[..., bytes]) -> None:
    # pre-commit's yamllint hook failed on `too many spaces after colon`: the file parses and loads, so
    # the configuration specialist (files that do not parse or load) has nothing to do; it was config.
    f = framed(frame, "pre-commit run --all-files", "pre_commit_yamllint_style.txt")
    assert {(e.tool, e.category) for e in f.errors} == {("pre-commit", Category.LINT), ("yamllint", Category.LINT)}
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_yaml_file_that_does_not_parse_under_pre_commit_is_config(frame: Callable[..., bytes]) -> None:
    # check-yaml's hook and yamllint's `syntax` row both say the file does not parse.
    f = framed(frame, "pre-commit run --all-files", "pre_commit_yaml_syntax.txt")
    assert [(e.tool, e.code, e.category) for e in f.errors if e.category is Category.CONFIG] == [
        ("pre-commit", "check-yaml", Category.CONFIG),
        ("yamllint", "syntax", Category.CONFIG),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason

