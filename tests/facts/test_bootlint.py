"""Bootlint (Bootstrap's HTML linter, the CLI and grunt-bootlint): each problem is a lint record, a warning as an
error (both fail the run). Before: no record; the CLI's run abstained on its keywords (lint 0.36), under `npm test`
on the command (test 0.23), grunt-bootlint's stop on grunt's verdict alone (lint 0.77, unsure). Real output:
tests/facts/data/README.md, "Bootlint"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_each_problem_is_a_record_with_its_place_when_it_has_one() -> None:
    found = facts("bootlint016.txt")
    rows = [(e.tool, e.file, e.line, e.column, e.code) for e in found.errors]
    assert rows[:3] == [
        ("bootlint", "index.html", 5, 1, "E003"),
        ("bootlint", "index.html", 6, 24, "E004"),
        ("bootlint", "index.html", None, None, "W001"),
    ]
    assert len(rows) == 10 and rows[-1][1:] == ("warn.html", None, None, "W005")
    assert found.errors[1].message == "Containers (`.container` and `.container-fluid`) are not nestable"
    assert found.category is Category.LINT


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("bootlint016.txt", "bootlint index.html warn.html"),
        ("bootlint016.txt", "npm test"),
        ("grunt_bootlint110_stop.txt", "grunt test"),
    ],
)
def test_a_bootlint_run_decides_lint(sample: str, command: str) -> None:
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / sample).read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


@pytest.mark.parametrize("line", [b"app.js:5:1 E003 Something else\n", b"index.html:5:1 error Something else\n"])
def test_a_row_of_another_file_or_code_is_not_read(line: bytes) -> None:
    """A row is a page's place and one of Bootlint's problem ids (E0NN, W0NN)."""
    found = extract_facts(line + b"10 lint error(s) found across 2 file(s).\n")
    assert not [e for e in found.errors if e.tool == "bootlint"]
