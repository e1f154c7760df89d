"""Emacs's byte-compiler: an `Error:` fails the compile (the compiler's own, or a warning that
`byte-compile-error-on-warn` denies: the build's failure, as gcc's `-Werror`); a `Warning:` fails nothing. Before:
no record, no signal (abstained). Real output: tests/facts/data/README.md, "Emacs's byte-compiler"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts


@pytest.mark.parametrize(
    ("sample", "record"),
    [
        ("emacs28_byte_compile_error_on_warn.txt", ("shop-cart.el", 4, 25, "Unused lexical variable `unused'")),
        ("emacs28_byte_compile_eof.txt", ("shop-cart.el", 8, 1, "End of file during parsing")),
    ],
)
def test_an_error_of_the_byte_compiler_is_a_build_failure(sample: str, record: tuple[str, int, int, str]) -> None:
    found = facts(sample)
    assert [(e.file, e.line, e.column, e.message) for e in found.errors if e.tool == "byte-compile"] == [record]
    framed = extract_facts(framing.travis("make compile", (DATA / sample).read_text()))
    verdict = rule_verdict(framed)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


def test_its_warnings_are_no_records() -> None:
    assert not [e for e in facts("emacs28_byte_compile_warnings.txt").errors if e.tool == "byte-compile"]


def test_an_errors_message_continues_on_its_indented_lines() -> None:
    """Emacs 24-26 put no space after the place's colon and wrap long messages (a real warning's words)."""
    text = "In toplevel form:\nfoo.el:189:11:Error: assignment to free variable\n    `eshell-path-env'\nDone\n"
    [err] = [e for e in extract_facts(text.encode()).errors if e.tool == "byte-compile"]
    assert (err.file, err.line, err.message) == ("foo.el", 189, "assignment to free variable `eshell-path-env'")
