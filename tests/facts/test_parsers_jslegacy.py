"""JavaScript test runners of the Travis years (nodeunit, lab, vows) on real output made here
(tests/facts/data/README.md): each failing test's name, file, message and place, the run's count,
and other tools' lines of the same shape left alone."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts, framed_test

_JSCART = "/home/travis/build/acme/jscart/"
_FRAMED = [
    ("color/nodeunit_plain.txt", "nodeunit test", _JSCART, "test/cart_test.js", Category.TEST),
    ("color/lab18_plain.txt", "lab -l labtest", _JSCART, "labtest/cart.js", Category.TEST),
    ("color/vows_plain.txt", "vows test-vows/cart-test.js", _JSCART, "test-vows/cart-test.js", Category.TEST),
]
test_reads_the_same_inside_a_ci_log = framed_test(_FRAMED)


def _decided_test(name: str) -> None:
    verdict = rule_verdict(facts(name))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


@pytest.mark.parametrize("name", ["color/nodeunit_plain.txt", "color/nodeunit_color.txt", "nodeunit_verbose.txt"])
def test_nodeunit_crossed_tests_with_their_error_and_place(name: str) -> None:
    f = facts(name)
    assert f.tools == ["nodeunit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("totals - adds prices", "test/cart_test.js", "AssertionError: 5 == 6"),
        ("average of empty cart", "test/cart_test.js", "TypeError: empty cart"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/cart_test.js", 3), ("lib/cart.js", 2)]
    _decided_test(name)


def test_nodeunit_minimal_reporter_names_no_test_but_counts() -> None:
    """The minimal reporter prints no test names (`cart_test: F.F`): the count alone says it failed."""
    f = facts("nodeunit_minimal.txt")
    assert f.tools == ["nodeunit"] and not f.failing_tests and f.category is Category.TEST


@pytest.mark.parametrize(
    ("name", "folder"),
    [("color/lab18_plain.txt", "labtest"), ("color/lab18_color.txt", "labtest"), ("lab14.txt", "labtest14")],
)
def test_lab_failed_tests_under_its_heading(name: str, folder: str) -> None:
    """lab 14 and @hapi/lab 18: the message under the values' diff, the test file the last frame of
    the project's, the error placed where it was raised."""
    f = facts(name)
    assert f.tools == ["lab"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart adds prices", f"{folder}/cart.js", "Expected 5 to equal specified value: 6"),
        ("cart averages an empty cart", f"{folder}/cart.js", "empty cart"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [(f"{folder}/cart.js", 7), ("lib/cart.js", 2)]
    _decided_test(name)


@pytest.mark.parametrize("name", ["color/vows_plain.txt", "color/vows_color.txt", "vows_spec.txt"])
def test_vows_broken_and_errored_vows_under_their_context(name: str) -> None:
    f = facts(name)
    assert f.tools == ["vows"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("A cart of three prices totals them", None, "» expected 6, got 5 (==)"),
        ("An empty cart averages to zero", "test-vows/cart-test.js", "TypeError: empty cart"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("lib/cart.js", 2)]
    _decided_test(name)


@pytest.mark.parametrize(
    "log",
    [
        # ESLint's and AVA's `✖` lines, without nodeunit's count
        b"/src/a.js\n  1:1  error  x  no-undef\n\n\xe2\x9c\x96 1 problem (1 error, 0 warnings)\n",
        # mocha's numbered failures, without lab's `Failed tests:` heading
        b"  1 passing\n  1 failing\n\n  1) cart adds prices:\n     AssertionError: 5 == 6\n      at x (test/a.js:3:4)\n",
        # Automake's serial harness counts the same way, without lab's heading
        b"FAIL: t1\n===================\n2 of 3 tests failed\n===================\n",
        # bats' pretty formatter crosses a test too, without vows' verdict
        b" \xe2\x9c\x97 adds prices\n   (in test file test/cart.bats, line 4)\n\n1 test, 1 failure\n",
    ],
)
def test_other_tools_lines_of_the_same_shape_are_not_these_runners(log: bytes) -> None:
    f = extract_facts(log)
    assert not {"nodeunit", "lab", "vows"} & set(f.tools)


def test_node_tap_12_nested_subtests_with_their_place() -> None:
    """node-tap 12's TAP: each assertion's `at:` mapping (`line:`, then `file:`) places it; the next
    `# Subtest:` line is no message of the failure above it."""
    f = facts("node_tap12.txt")
    tests = {t.id: t for t in f.failing_tests}
    assert tests["adds prices"].file == "taptest/cart.js" and tests["empty cart"].file == "lib/cart.js"
    assert not [t.message for t in f.failing_tests if t.message and "Subtest:" in t.message]
    assert [(e.file, e.line) for e in f.errors] == [("taptest/cart.js", 3), ("lib/cart.js", 2)]
    _decided_test("node_tap12.txt")


@pytest.mark.parametrize("name", ["color/tap_spec_plain.txt", "color/tap_spec_color.txt"])
def test_tap_spec_failed_assertions_under_their_test(name: str) -> None:
    """tap-spec's `✖ assertion` over a rule of dashes (its closing list repeats the rows without
    one): the values and the place from the diagnostics below, confirmed by `failing: 2`."""
    f = facts(name)
    assert f.tools == ["tap-spec"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("total adds prices", "tapetest/cart.js", "expected: 6, actual: 5"),
        ("average of two prices", "tapetest/cart.js", "expected: 3, actual: 2.5"),
    ]
    _decided_test(name)


def test_tap_dot_listed_failures_placed_by_their_diagnostics() -> None:
    f = facts("tap_dot.txt")
    assert f.tools[0] == "tap-dot"
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("adds prices", "tapetest/cart.js"),
        ("of two prices", "tapetest/cart.js"),
    ]
    assert [(e.file, e.line) for e in f.errors if e.tool == "tap-dot"] == [
        ("tapetest/cart.js", 3),
        ("tapetest/cart.js", 4),
    ]
    _decided_test("tap_dot.txt")
    assert "tap-dot" not in facts("color/tap_spec_plain.txt").tools


@pytest.mark.parametrize("name", ["color/jasmine_spec_reporter_plain.txt", "color/jasmine_spec_reporter_color.txt"])
def test_jasmine_spec_reporter_failures_placed_by_their_row_s_stack(name: str) -> None:
    f = facts(name)
    assert f.tools == ["jasmine-spec-reporter"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart adds prices", "jspec/cartSpec.js", "Expected 5 to be 6."),
        ("cart averages an empty cart", "jspec/cartSpec.js", "TypeError: empty cart"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("jspec/cartSpec.js", 3), ("lib/cart.js", 2)]
    _decided_test(name)


def test_numbered_lines_without_the_failures_box_are_not_jasmine_spec_reporter_s() -> None:
    assert "jasmine-spec-reporter" not in facts("mocha.txt").tools


def test_node_qunit_errors_with_their_module_and_test() -> None:
    """node-qunit 0.9 (npm `qunit` before 1.0): `Module: m Test: t` under `Errors:`; a test's place is
    its own stack only (the next failure's frames are not its)."""
    f = facts("node_qunit09.txt")
    assert f.tools == ["node-qunit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart: adds prices", None, "total of three"),
        ("cart: averages an empty cart", "test/cart.js", "Died on test #1"),
    ]
    _decided_test("node_qunit09.txt")
