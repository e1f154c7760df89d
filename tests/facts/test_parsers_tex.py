"""TeX's errors (pdflatex from TeX Live 2022) on its real output made here (tests/facts/data/README.md
says how): the error, the input line TeX stopped at, the file when `-file-line-error` names it; TeX's
report that it stopped is no error of its own; a missing package is the build's set-up, not sure which fix."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.verdict import NATIVE
from tests.facts.samples import facts


@pytest.mark.parametrize(
    ("sample", "file"),
    [("pdflatex_undefined_control.txt", None), ("pdflatex_fle_undefined_control.txt", "undef.tex")],
)
def test_tex_error_at_the_line_it_stopped_at_decides_build(sample: str, file: str | None) -> None:
    f = facts(sample)
    assert [(e.tool, e.file, e.line, e.message) for e in f.errors] == [("tex", file, 3, "Undefined control sequence.")]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    assert "l.3 Hello \\foo" in f.excerpt


def test_tex_errors_of_a_nonstop_run_each_at_its_line() -> None:
    """`-interaction=nonstopmode` goes on after each error (and writes the PDF): each `! ...` with its `l.N`."""
    f = facts("pdflatex_nonstop_errors.txt")
    assert [(e.line, e.message) for e in f.errors] == [
        (3, "Missing $ inserted."),
        (4, "Missing \\endgroup inserted."),
        (5, "LaTeX Error: Lonely \\item--perhaps a missing list environment."),
    ]


@pytest.mark.parametrize("sample", ["pdflatex_package_missing.txt", "pdflatex_fle_package_missing.txt"])
def test_a_missing_latex_package_is_the_set_up_not_sure_which_fix(sample: str) -> None:
    """`! LaTeX Error: File `nosuchpackage.sty' not found.` (its context under `! Emergency stop.`): one record,
    not one for the stop; a package TeX Live lacks or a path the build misses, as a missing header is."""
    f = facts(sample)
    assert [(e.line, e.message) for e in f.errors] == [(3, "LaTeX Error: File `nosuchpackage.sty' not found.")]
    verdict = rule_verdict(f)
    assert not verdict.decided and NATIVE in verdict.reason, verdict.reason


def test_a_bang_line_without_tex_s_context_is_not_tex_s() -> None:
    f = extract_facts(
        b"$ ./deploy.sh\n! [rejected]        main -> main (fetch first)\nerror: failed to push some refs\n"
    )
    assert [e for e in f.errors if e.tool == "tex"] == []
