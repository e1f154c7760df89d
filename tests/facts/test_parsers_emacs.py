"""Emacs Lisp errors in batch runs (parsers/emacs.py), on real output of GNU Emacs 28.2 (Debian
emacs-nox) made here: package.el installing from a local archive (tests/facts/data/README.md)."""

from __future__ import annotations

import pytest

from remediate.facts.parsers import emacs
from remediate.models import Category
from tests.facts.samples import facts
from tests.facts.test_excerpt_blocks import view_of


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("emacs_pkg_unavailable.txt", "Package ‘magit-’ is unavailable"),  # no archive has it
        ("emacs_needs_newer_emacs.txt", "Package ‘emacs-99.1’ is unavailable"),  # needs a newer Emacs
    ],
)
def test_package_el_s_unavailable_package_is_a_dependency_failure(sample: str, message: str) -> None:
    f = facts(sample)
    (record,) = f.errors
    assert (record.tool, record.message, record.code) == ("emacs", message, "package-unavailable")
    assert record.category is Category.DEPENDENCY and f.category is Category.DEPENDENCY


def test_another_lisp_error_is_no_record() -> None:
    # the backtrace's first frame as Emacs before 27 prints it under debug-on-error, and the debugger's line
    log = (
        '  signal(error ("No version of cart-mode >= 1.2 is available"))\n'
        "  package-compute-transaction(nil ((cart-mode)))\n"
        '  signal(file-missing ("Cannot open load file" "No such file or directory" "foo"))\n'
        "  require(foo)\n"
        "Debugger entered--Lisp error: (void-function foo-mode)\n"
        "  signal(void-function (foo-mode))\n"
    )
    found = emacs.PARSER.parse(view_of(log))
    assert [(e.message, e.category) for e in found.errors] == [
        ("No version of cart-mode >= 1.2 is available", Category.DEPENDENCY)
    ]
