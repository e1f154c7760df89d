"""Emacs Lisp errors in batch runs and ERT's reports (parsers/emacs.py), on real output of GNU Emacs
28.2 (Debian emacs-nox) made here: package.el installing from a local archive, ERT run in batch
(tests/facts/data/README.md)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import emacs
from remediate.models import Category
from remediate.triage import rule_verdict
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


def test_ert_failed_tests_with_their_condition() -> None:
    """ERT in batch: the `FAILED` rows (during the run and in the closing list) are the failed
    tests once its count confirms them, each with its condition's words."""
    f = facts("ert_emacs28.txt")
    assert f.tools == ["ert"] and f.category is Category.TEST
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("cart-average-of-empty", "(arith-error)"),
        ("cart-total-adds-prices", "(ert-test-failed ((should (= (cart-total ...) 6)) :form (= 5 6) :value nil))"),
    ]
    command = "emacs -batch -Q -L . -l test/cart-test.el -f ert-run-tests-batch-and-exit"
    verdict = rule_verdict(f, command)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_failed_rows_without_ert_s_count_are_no_tests() -> None:
    log = b"Summary\n   FAILED  deploy-step\nRan 3 tests in 0.01s\n"
    assert not extract_facts(log).failing_tests


@pytest.mark.parametrize("name", ["color/buttercup_plain.txt", "color/buttercup_color.txt"])
def test_buttercup_failed_specs_confirmed_by_its_count(name: str) -> None:
    f = facts(name)
    assert f.tools[0] == "buttercup"  # its backtrace opens `Traceback (most recent call last):`, as Python's
    assert [t.id for t in f.failing_tests] == ["cart-total adds prices", "cart-average of an empty cart"]
    assert f.failing_tests[0].message is not None and f.failing_tests[0].message.startswith(
        "Expected `(cart-total '(1 2 3))' to be `equal' to `6', but instead it was `5'"
    )
    assert f.failing_tests[1].message == "(arith-error)"
    verdict = rule_verdict(f, "buttercup -L . bc")
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_a_rule_of_equals_signs_without_buttercup_s_count_opens_no_spec() -> None:
    log = b"=" * 40 + b"\nRelease notes\n\nerror: (file-missing)\n"
    assert not extract_facts(log).failing_tests
