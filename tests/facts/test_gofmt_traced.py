"""`gofmt -l` read by a shell test under `set -x` (`test -z "$(gofmt -l .)"`, `[ -z ... ]`): the files it lists are
printed only in the trace of the test, and each is a format record (parsers/go.py). Real runs: tests/facts/data/
README.md's gofmt119_xtrace_* rows, in a Travis job."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("sample", "files"),
    [
        ("gofmt119_xtrace_test_z.txt", ["add.go", "cart.go"]),  # one quoted value over two lines
        ("gofmt119_xtrace_bracket_z.txt", ["add.go", "cart.go"]),  # `[`'s, its value closed by `' ']'`
        ("gofmt119_xtrace_bracket_z_one.txt", ["add.go"]),  # one name, not quoted
        ("gofmt119_xtrace_tee_read.txt", ["add.go", "cart.go"]),  # tee'd to stderr: the bare list
    ],
)
def test_the_files_a_traced_gofmt_check_lists_are_format_records(sample: str, files: list[str]) -> None:
    facts = extract_facts(framing.travis("./ci/check.sh", (DATA / sample).read_text()))
    assert [(e.file, e.category, e.tool) for e in facts.errors] == [(f, Category.FORMAT, "gofmt") for f in files]
    assert facts.category is Category.FORMAT


def test_a_traced_gofmt_check_that_lists_nothing_is_no_record() -> None:
    facts = extract_facts(framing.travis("./ci/check.sh", (DATA / "gofmt119_xtrace_clean.txt").read_text()))
    assert not [e for e in facts.errors if e.category is Category.FORMAT]
