"""A failing test's name as its runner prints it, not a word near it: rustdoc's doc-test names (not the `main` its
program's thread is called), jest's test titles (not the file `FAIL` names). Real samples, tests/facts/data/README.md."""

from __future__ import annotations

import pytest

from remediate.models import Category
from tests.facts.samples import error, facts


@pytest.mark.parametrize(
    ("sample", "tests"),
    [
        # merged doc-tests: the panic is in rustdoc's temporary bundle, under the doc-test's own section
        (
            "cargo195_doctest_module_items_failed.txt",
            {"src/lib.rs - money::split (line 15)", "src/lib.rs - money::round10 (line 6)"},
        ),
        ("make_cargo195_doctest_assert_failed.txt", {"src/lib.rs - with_vat (line 3)"}),
        # the doc-test that did not compile ran nothing: its compiler error is the record, the other one the test
        ("make_cargo195_doctest_compile_and_assert.txt", {"src/lib.rs - with_vat (line 3)"}),
        ("cargo195_test_assert_failed.txt", {"tests::labels_cents"}),
    ],
)
def test_a_doc_test_is_named_by_rustdoc_not_by_its_thread(sample: str, tests: set[str]) -> None:
    f = facts(sample)
    assert {t.id for t in f.failing_tests} == tests
    assert f.category == Category.TEST


def test_a_merged_doc_tests_panic_is_placed_at_the_doc_test() -> None:
    f = facts("cargo195_doctest_module_items_failed.txt")
    panic = error(f, code="panic")
    assert (panic.file, panic.line) == ("src/lib.rs", 6)
    assert next(t for t in f.failing_tests if "round10" in t.id).message == "assertion `left == right` failed"


@pytest.mark.parametrize(
    ("sample", "test", "file", "said"),
    [
        ("cargo195_test_should_panic_did_not.txt", "tests::unknown_zone_panics", "src/lib.rs", "src/lib.rs:14:8"),
        (
            "cargo195_doctest_module_items_failed.txt",
            "src/lib.rs - money::split (line 15)",
            "src/lib.rs",
            "src/lib.rs:15:0",
        ),
    ],
)
def test_a_should_panic_test_that_did_not_panic_is_named_with_libtests_words(
    sample: str, test: str, file: str, said: str
) -> None:
    # `test tests::x - should panic ... FAILED` (its mode after its name) was read as no failing test at all
    found = next(t for t in facts(sample).failing_tests if t.id == test)
    assert found.file == file and found.message == f"test did not panic as expected at {said}"


def test_a_doc_test_that_did_not_compile_stays_the_builds_failure() -> None:
    f = facts("make_cargo195_doctest_not_compiling.txt")
    assert f.category == Category.BUILD
    assert not f.failing_tests
    # a `no_run` example is compiled, not run: one that does not compile (`- compile ... FAILED`) is the same
    f = facts("cargo195_doctest_no_run_not_compiling.txt")
    assert f.category == Category.BUILD
    assert not f.failing_tests
    assert error(f, code="E0425").line == 19


def test_a_compile_fail_doc_test_that_compiled_is_a_failing_test_in_rustdoc_s_words() -> None:
    """`- compile fail ... FAILED`: the example was to fail to compile and did not; the crate built, the test failed,
    and rustdoc says so (`Test compiled successfully, but it's marked `compile_fail`.`), its only words on it."""
    for sample in ("cargo195_doctest_compile_fail_compiled.txt", "cargo195_doctest_modes_failed.txt"):
        f = facts(sample)
        assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
            (
                "src/lib.rs - duty::rate (line 8)",
                "src/lib.rs",
                "Test compiled successfully, but it's marked `compile_fail`.",
            )
        ], sample
        assert f.category == Category.TEST, sample


@pytest.mark.parametrize(
    ("sample", "tests"),
    [
        # Jest 24 prints a slow file's time after it (`FAIL src/shelf.test.js (6.18s)`), as gotestsum prints a Go
        # test's: the file is the suite, its failing tests are the `●` titles
        (
            "jest24_slow_file_two_failed.txt",
            {"src/shelf.test.js › restock › waits for the supplier", "src/shelf.test.js › total › sums every item"},
        ),
        ("jest24_jasmine2_test_timeout.txt", {"test/stock.test.js › waits for stock"}),
    ],
)
def test_a_jest_test_file_is_its_suite_not_a_failing_test(sample: str, tests: set[str]) -> None:
    f = facts(sample)
    assert {t.id for t in f.failing_tests} == tests
    assert f.category == Category.TEST
