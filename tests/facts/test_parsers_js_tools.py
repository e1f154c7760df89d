"""JavaScript CI tools on their real output made here (tests/facts/data/README.md says how): Karma's
own reporters; each also wrapped in a GitHub Actions and a GitLab log, where it gives the same
records with repository paths and the triage rules see the tool."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from tests.facts.samples import CIS, facts, reads_the_same_inside_a_ci_log

WORKSPACE = "/home/runner/work/webapp/webapp/"
# (sample, the command a CI runs, the workspace its paths are under, a record's repo path, its category)
FRAMED = [
    ("color/karma_plain.txt", "npx karma start karma.conf.js", None, "mtest/cart.test.js", Category.TEST),
]


@pytest.mark.parametrize("ci", sorted(CIS))
@pytest.mark.parametrize(("sample", "command", "workspace", "path", "category"), FRAMED)
def test_each_tool_reads_the_same_inside_a_ci_log(
    ci: str, sample: str, command: str, workspace: str | None, path: str, category: Category
) -> None:
    reads_the_same_inside_a_ci_log(ci, sample, command, workspace, path, category)


# ------------------------------------------------------------------ Karma


@pytest.mark.parametrize("sample", ["karma_jasmine_progress.txt", "karma_jasmine_dots.txt"])
def test_karma_names_each_failed_test_its_message_and_its_places(sample: str) -> None:
    """The progress reporter (which redraws its line with cursor moves) and the dots reporter read
    alike: the test file is the last project frame, the record sits where the error was raised."""
    f = facts(sample)
    assert "karma" in f.tools
    assert sorted((t.id, t.file, t.message) for t in f.failing_tests) == [
        ("calc adds two numbers", "test/calc.spec.js", "Expected -1 to be 5."),
        (
            "calc parses a value",
            "test/calc.spec.js",
            "SyntaxError: Expected ',' or '}' after property value in JSON at position 11",
        ),
    ]
    places = sorted((e.file, e.line, e.column) for e in f.errors if e.tool == "karma")
    assert places == [("src/calc.js", 5, 15), ("test/calc.spec.js", 3, 23)]
    assert "Executed 3 of 3 (2 FAILED)" in f.excerpt


def test_karma_counts_its_failures_and_a_run_that_passed_fails_nothing() -> None:
    passed = "WebKit 537.36 (linux 0.0.0): Executed 2 of 2 SUCCESS (0.004 secs / 0.002 secs)\nTOTAL: 2 SUCCESS\n"
    f = extract_facts(passed.encode())
    assert not f.failing_tests and not f.errors and f.category is Category.UNKNOWN
    lost = (
        "HeadlessChrome 120.0.0.0 (Linux x86_64) ERROR\n"
        "\tAn error was thrown in afterAll\n"
        "\tReferenceError: app is not defined\n"
        "HeadlessChrome 120.0.0.0 (Linux x86_64): Executed 4 of 10 (1 FAILED) ERROR (0.1 secs / 0.05 secs)\n"
    )
    f = extract_facts(lost.encode())
    assert "karma" in f.tools and "An error was thrown in afterAll" in f.excerpt
