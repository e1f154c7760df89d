"""OCaml's test runners (Alcotest, OUnit 2) on real output made here (tests/facts/data/README.md):
each failing test, its message and place, the run's count, and lines of other tools left alone."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _decided_test(name: str) -> None:
    verdict = rule_verdict(facts(name))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


@pytest.mark.parametrize("name", ["color/alcotest_plain.txt", "color/alcotest_color.txt"])
def test_alcotest_rows_and_the_boxed_first_failure(name: str) -> None:
    """Every `[FAIL]` row is a failed test; the first, shown again in a box, has its check's words
    (the `ASSERT` lines are every check's, passed or not)."""
    f = facts(name)
    assert f.tools == ["alcotest"]
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("total 0 adds prices", "FAIL total of three Expected: `6' Received: `5'"),
        ("average 0 of empty cart", None),
    ]
    assert f.failing_tests[0].file is None  # the check raised inside Alcotest: no frame of the project's
    _decided_test(name)


@pytest.mark.parametrize("name", ["ounit2.txt", "ounit2_ci.txt"])
def test_ounit_sections_between_rules(name: str) -> None:
    """OUnit 2's sections: the message is the section's last line, the place the first frame in
    the project's files (the runner's own and the log file's lines are not)."""
    f = facts(name)
    assert f.tools == ["ounit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart:2:average", "test/test_cart_ounit.ml", "Division_by_zero"),
        ("cart:0:total", None, "expected: 6 but got: 5"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/test_cart_ounit.ml", 4)]
    _decided_test(name)


@pytest.mark.parametrize(
    "log",
    [
        b"Error: deploy.\nsomething went wrong\n",  # `Error: x.` not under OUnit's rule
        b"FAIL  [FAIL]\n  [FAIL]        \n",  # padded `[FAIL]` with no suite, index and name
        b"Summarizing 1 Failure:\n  [FAIL] Cart [It] applies the discount\n",  # Ginkgo's (go.py reads it)
    ],
)
def test_other_lines_of_the_same_words_are_not_ocaml_tests(log: bytes) -> None:
    assert not {"alcotest", "ounit"} & set(extract_facts(log).tools)


def test_alcotest_padded_rows_are_not_taken_for_ginkgo() -> None:
    assert "go" not in facts("color/alcotest_plain.txt").tools
    ginkgo = extract_facts(b"Summarizing 1 Failure:\n  [FAIL] Cart [It] applies the discount\n")
    assert [t.id for t in ginkgo.failing_tests] == ["Cart [It] applies the discount"]
