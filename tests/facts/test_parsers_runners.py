"""Test runners' failing-test reports in the forms CI printed them over the years (tests/facts/data,
see its README): each failing test's name and file, and the rules deciding the log is a test failure."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts.samples import facts


def _decided_test(name: str) -> None:
    verdict = rule_verdict(facts(name))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


# ---------------------------------------------------------------------- pytest before 5.4

PYTEST_SECTIONS = [
    "tests/test_cart.py::test_total",
    "tests/test_cart.py::test_average_of_empty",
    "tests/test_cart.py::TestCart::test_average",
    "tests/test_cart.py::test_total_of[prices0-1.5]",
    "tests/test_cart.py::test_total_of[prices1-4]",
]


@pytest.mark.parametrize("name", ["pytest3_sections.txt", "pytest4_tb_short.txt", "color/pytest4_sections_color.txt"])
def test_pytest_failure_sections_name_the_failing_tests_without_a_short_summary(name: str) -> None:
    """pytest before 5.4 printed no `FAILED` summary by default: the `____ test ____` sections under
    `=== FAILURES ===` are the failing tests, the first location under each their file."""
    f = facts(name)
    tests = {t.id: t for t in f.failing_tests}
    assert list(tests) == ["test_saved_total", *PYTEST_SECTIONS]  # the setup error's traceback starts in its fixture
    assert {tests[i].file for i in PYTEST_SECTIONS} == {"tests/test_cart.py"}
    assert tests["tests/test_cart.py::test_average_of_empty"].message == "ZeroDivisionError: division by zero"
    assert tests["test_saved_total"].message == "OSError: no saved cart" and tests["test_saved_total"].file is None
    _decided_test(name)


def test_pytest_sections_add_nothing_to_a_short_summary() -> None:
    """Since 5.4 the short summary names the tests; the sections of the same run add none."""
    assert [t.id for t in facts("pytest_failures.txt").failing_tests] == [
        "tests/test_calc.py::test_add",
        "tests/test_calc.py::test_ratio_zero",
        "tests/test_calc.py::test_uses_broken",
    ]


# ---------------------------------------------------------------------- Ruby


@pytest.mark.parametrize("name", ["color/testunit_plain.txt", "color/testunit_color.txt"])
def test_test_unit_faults(name: str) -> None:
    f = facts(name)
    assert f.tools == ["test-unit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("test_average_of_empty(TestCart)", "test/test_cart.rb", "ZeroDivisionError: divided by 0"),
        ("test_total(TestCart)", "test/test_cart.rb", "<6> expected but was <5>"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/test_cart.rb", 10), ("test/test_cart.rb", 6)]
    _decided_test(name)


def test_test_unit_block_tests_and_messages_above_the_backtrace() -> None:
    """`test "name" do` runs as `test: name`, its frame a block (the last one shown); an assertion's own
    message comes before the backtrace; paths under the CI's checkout are the repository's."""
    f = facts("testunit_blocks.txt")
    tests = {t.id: t for t in f.failing_tests}
    assert tests["test: total of two items(TestOrder)"].file == "test/test_order.rb"
    assert tests["test_totals_differ(TestOrder)"].message == "one-item carts. <0> was expected to be != to <0>."
    assert len(tests) == 4 and f.category is Category.TEST


@pytest.mark.parametrize(
    "name", ["color/cucumber_ruby_plain.txt", "color/cucumber_ruby_color.txt", "cucumber_ruby_profile.txt"]
)
def test_cucumber_ruby_failing_scenarios(name: str) -> None:
    """Cucumber for Ruby lists each failed scenario as the command that reruns it (with the profile
    the run used, if any)."""
    f = facts(name)
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("Summing prices", "features/cart.feature"),
        ("An empty cart", "features/cart.feature"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("features/cart.feature", 3), ("features/cart.feature", 7)]
    _decided_test(name)


# ---------------------------------------------------------------------- JavaScript


@pytest.mark.parametrize("name", ["ava0_verbose.txt", "color/ava2_plain.txt", "color/ava2_color.txt"])
def test_ava_before_3_verbose_report(name: str) -> None:
    """AVA before 3.0 (its verbose reporter, the one it uses on CI): `✖ title`, `N tests failed`, then
    each failure's title, its absolute `file:line` and, for a thrown error, an error object and a
    stack without `at` whose last frame is the test's."""
    f = facts(name)
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("total sums prices", "test/cart.js"),
        ("parses a saved cart", "test/cart.js"),
    ]
    assert f.failing_tests[1].message == "SyntaxError: Expected property name or '}' in JSON at position 1"
    assert [(e.file, e.line) for e in f.errors] == [("test/cart.js", 5), ("lib/cart.js", 8)]
    _decided_test(name)


def test_tape_names_the_test_above_its_failed_assertions() -> None:
    """tape's TAP: `# total sums prices` heads the test, `not ok 1 should be equal` is its assertion,
    the YAML `at:` its place."""
    f = facts("tape4.txt")
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("total sums prices", "test/cart.js", "should be equal"),
        ("parses a saved cart", "test/cart.js", "saved cart"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/cart.js", 5), ("test/cart.js", 15)]


def test_node_tap_timing_is_not_part_of_a_test_name() -> None:
    ids = [t.id for t in facts("tap12_nested.txt").failing_tests]
    assert "total sums prices" in ids and "parses a saved cart" in ids
    assert not [i for i in ids if "# time=" in i]


# ---------------------------------------------------------------------- C and C++: Automake's `make check`

AUTOMAKE_FAILED = ["tests/test_total", "tests/test_parse", "tests/check_prices.sh"]


@pytest.mark.parametrize(
    "name",
    [
        "color/automake_check_plain.txt",
        "color/automake_check_color.txt",
        "automake_check_verbose.txt",
        "automake_serial_tests.txt",
    ],
)
def test_automake_make_check_failed_tests(name: str) -> None:
    """`FAIL: tests/x` lines, confirmed by the harness's summary (`# FAIL:  3`, or the serial
    harness's `3 of 4 tests failed`); a test that is a script is its own file."""
    f = facts(name)
    assert f.tools == ["automake"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("tests/test_total", None),
        ("tests/test_parse", None),
        ("tests/check_prices.sh", "tests/check_prices.sh"),
    ]
    _decided_test(name)


def test_automake_verbose_log_gives_each_failed_test_s_output() -> None:
    tests = {t.id: t.message for t in facts("automake_check_verbose.txt").failing_tests}
    assert tests == {
        "tests/test_total": "total: got 5, want 6",
        "tests/test_parse": "FAIL tests/test_parse (exit status: 134)",  # aborted: no output of its own
        "tests/check_prices.sh": "prices.txt: line 3 is not a number",
    }


@pytest.mark.parametrize("name", ["color/jasmine_node_plain.txt", "color/jasmine_node_color.txt"])
def test_jasmine_node_jasmine_1_3_failures(name: str) -> None:
    """jasmine-node (Jasmine 1.3) indents each failure (`  1) cart total sums prices`) and says
    `Stacktrace:`; its summary counts tests and assertions."""
    f = facts(name)
    assert f.failing_tests[0].message == "Expected 5 to equal 6."
    assert [t.id for t in f.failing_tests] == ["cart total sums prices", "cart parses a saved cart"]
    assert {t.file for t in f.failing_tests} == {"spec/cartSpec.js"}
    assert f.category is Category.TEST


def test_check_rows_after_its_count() -> None:
    f = facts("check_c.txt")
    assert f.tools == ["check"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("test_total", "tests/check_cart.c"),
        ("test_average_empty", "tests/check_cart.c"),
        ("test_total_null", "tests/check_cart.c"),  # an error: the test crashed
    ]
    assert f.failing_tests[2].message == "(after this point) Received signal 11 (Segmentation fault)"
    assert [e.line for e in f.errors] == [8, 14, 25]
    _decided_test("check_c.txt")


@pytest.mark.parametrize("name", ["cunit_verbose.txt", "cunit_normal.txt"])
def test_cunit_basic_interface(name: str) -> None:
    f = facts(name)
    assert f.tools == ["cunit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("Cart: total of three prices", "tests/test_cart_cunit.c", "CU_ASSERT_EQUAL(total(prices, 3),6)"),
        ("Cart: average of no prices", "tests/test_cart_cunit.c", "average(NULL, 0) == 0"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("tests/test_cart_cunit.c", 7), ("tests/test_cart_cunit.c", 12)]
    _decided_test(name)


CPPUNIT_FAULTS = [
    ("CartTest::testTotal", "equality assertion failed - Expected: 6 - Actual  : 5"),
    ("CartTest::testAverageEmpty", "uncaught exception of type std::exception (or derived). - empty cart"),
    ("CartTest::testBool", "assertion failed - Expression: total({1}) > 0 - total is positive"),
]


@pytest.mark.parametrize(
    ("name", "file", "lines"),
    [
        ("cppunit_textui.txt", "tests/CartTest.cpp", [14, 17]),
        ("cppunit_compiler.txt", "CartTestCompiler.cpp", [16, 19]),
    ],
)
def test_cppunit_faults_in_both_outputters(name: str, file: str, lines: list[int]) -> None:
    """CppUnit's text and compiler outputters: each fault's test, its message from the lines below,
    and the place of a failed assertion (an uncaught exception has none)."""
    f = facts(name)
    assert f.tools == ["cppunit"]
    assert [(t.id, t.message) for t in f.failing_tests] == CPPUNIT_FAULTS
    assert [t.file for t in f.failing_tests] == [file, None, file]
    assert [(e.file, e.line) for e in f.errors] == [(file, line) for line in lines]
    _decided_test(name)


def test_cppunit_passing_run_is_no_failure() -> None:
    f = facts("cppunit_ok.txt")
    assert not f.failing_tests and not f.errors
    assert not rule_verdict(f).decided


def test_a_test_name_line_not_under_a_cppunit_place_is_not_a_fault() -> None:
    """`Test name: x` is CppUnit's only right under its place line; a summary of another tool's
    (`Run: 3, Failures: 1`) is not CppUnit's count either."""
    log = b"Test name: CartTest::testTotal\nexpected 6\n\nRun: 3, Failures: 1, Errors: 0\n"
    f = extract_facts(log)
    assert "cppunit" not in f.tools and not f.failing_tests


@pytest.mark.parametrize("name", ["color/criterion_plain.txt", "color/criterion_color.txt", "criterion_verbose.txt"])
def test_criterion_place_and_message_come_before_the_verdict(name: str) -> None:
    """Criterion prints a failed assertion's place and message, then `[FAIL] suite::test:`; its
    rows are not Ginkgo's `[FAIL] name` (which go.py reads)."""
    f = facts(name)
    assert f.tools == ["criterion"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart::crash", "tests/test_cart.c", "CRASH! Unexpected signal caught below this line!"),
        ("cart::total", "tests/test_cart.c", "Assertion Failed total of three prices"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("tests/test_cart.c", 6), ("tests/test_cart.c", 4)]
    _decided_test(name)


@pytest.mark.parametrize("name", ["color/cpputest_plain.txt", "color/cpputest_color.txt", "cpputest_verbose.txt"])
def test_cpputest_failures_in_the_compiler_s_shape_are_tests(name: str) -> None:
    """CppUTest prints `FILE:LINE: error: Failure in TEST(Group, Name)`: a failed test with the
    check's words below, not a compile error."""
    f = facts(name)
    assert f.tools == ["cpputest"] and f.category is Category.TEST
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("Cart.Name", "tests/CartTest.cpp"),
        ("Cart.Positive", "tests/CartTest.cpp"),
        ("Cart.Total", "tests/CartTest.cpp"),
    ]
    assert f.failing_tests[2].message == "LONGS_EQUAL(6, total({1, 2, 3})) failed expected <6 (0x6)> but was  <5 (0x5)>"
    assert [(e.tool, e.line) for e in f.errors] == [("cpputest", 9), ("cpputest", 8), ("cpputest", 6)]
    _decided_test(name)


def test_a_compile_error_beside_cpputest_s_words_is_still_the_compiler_s() -> None:
    f = extract_facts(b"src/cart.cpp:3:5: error: 'totl' was not declared in this scope\n")
    assert [(e.tool, e.file, e.line) for e in f.errors] == [("compiler", "src/cart.cpp", 3)]


def test_cmocka_place_of_a_failed_assertion() -> None:
    """cmocka prints GoogleTest's rows; the place of a failed assertion is its `[   LINE   ]` row."""
    f = facts("cmocka.txt")
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("test_total", "tests/test_cart_cmocka.c", "0x5 != 0x6"),
        ("test_average_empty", "tests/test_cart_cmocka.c", "average(NULL, 0) == 0"),
    ]
    assert [e.line for e in f.errors] == [12, 18]


# ---------------------------------------------------------------------- PHP


@pytest.mark.parametrize("name", ["color/phpunit_ns_plain.txt", "color/phpunit_ns_color.txt"])
def test_phpunit_test_file_is_the_trace_frame_named_after_its_class(name: str) -> None:
    """The record stays at the trace's first frame (where it failed: src/Cart.php for the error); the
    test's file is the frame in the file named after its class, as PSR-4 autoloading names it."""
    f = facts(name)
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("Acme\\Tests\\CartTest::testAverageOfEmpty", "tests/CartTest.php"),
        ("Acme\\Tests\\CartTest::testTotal", "tests/CartTest.php"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("src/Cart.php", 13), ("tests/CartTest.php", 13)]


@pytest.mark.parametrize("name", ["mocha3_spec.txt", "color/mocha5_plain.txt", "color/mocha5_color.txt", "mocha.txt"])
def test_mocha_test_file_is_the_frame_mocha_called_the_test_through(name: str) -> None:
    """The record stays at the first project frame (lib/cart.js for an error raised there); the
    test's file is that of `at Context.<anonymous>`, the test's own function (its `this` is a Context).
    Mocha 3 puts a failure's whole title on one line, Mocha 5 one suite level a line."""
    f = facts(name)
    assert {t.file for t in f.failing_tests} == {"test/calc.test.js" if name == "mocha.txt" else "test/cart.test.js"}
    if name != "mocha.txt":
        assert [t.id for t in f.failing_tests] == ["cart parses a saved cart", "cart total sums prices"]
        assert [(e.file, e.line) for e in f.errors if e.tool == "mocha"] == [
            ("lib/cart.js", 8),
            ("test/cart.test.js", 8),
        ]


# ---------------------------------------------------------------------- .NET


def test_nunit2_console_under_mono() -> None:
    """NUnit 2's `Errors and Failures:` list: each failed test, its message, the record at the first
    frame with a source file, the test's file that of its own method's frame."""
    f = facts("nunit2_mono.txt")
    assert f.tools == ["nunit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        (
            "Shop.Tests.CartTests.AverageOfEmptyCart",
            "tests/CartTests.cs",
            "System.DivideByZeroException : Attempted to divide by zero.",
        ),
        ("Shop.Tests.CartTests.TotalAddsPrices", "tests/CartTests.cs", "Expected: 6 But was:  5"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("Cart.cs", 14), ("tests/CartTests.cs", 11)]
    _decided_test("nunit2_mono.txt")


@pytest.mark.parametrize("name", ["meson_test.txt", "meson055_test.txt"])
def test_meson_test_rows_confirmed_by_its_counts(name: str) -> None:
    f = facts(name)
    assert f.tools == ["meson"]
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("test_total", "exit status 1"),
        ("test_parse", "killed by signal 6 SIGABRT"),
    ]
    _decided_test(name)


# ---------------------------------------------------------------------- Haskell


@pytest.mark.parametrize("name", ["color/tasty_plain.txt", "color/tasty_color.txt"])
def test_tasty_failed_tests_under_their_groups(name: str) -> None:
    """tasty's `name: FAIL` rows, confirmed by `2 out of 3 tests failed`: each named under its groups
    (the less indented lines above), HUnit's `FILE:LINE:` its place, the lines below its message."""
    f = facts(name)
    assert f.tools == ["tasty"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("Cart.total.sums prices", "test/Tasty.hs", "expected: 6 but got: 5"),
        ("Cart.averages an empty cart", None, "Exception: divide by zero"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/Tasty.hs", 10)]
    _decided_test(name)


# ---------------------------------------------------------------------- Python: unittest and nose


@pytest.mark.parametrize(
    ("name", "want"),
    [
        (
            "unittest_discover.txt",
            {
                "tests.test_cart.TestCart.test_average_of_empty": "tests/test_cart.py",
                "tests.test_cart.TestCart.test_total": "tests/test_cart.py",
            },
        ),
        ("nose_verbose.txt", {"tests.test_calc.test_function_style": "tests/test_calc.py"}),
        ("nose2_verbose.txt", {"tests.test_calc.TestCalc.test_add": "tests/test_calc.py"}),
    ],
)
def test_unittest_test_file_is_the_traceback_frame_of_its_method(name: str, want: dict[str, str]) -> None:
    """The traceback under a failure's header passes through the test's own method (`in test_total`):
    that frame's file is the test's, even when the error is raised deeper (cart/__init__.py)."""
    files = {t.id: t.file for t in facts(name).failing_tests}
    assert {test: files[test] for test in want} == want


def test_qtest_failed_functions_with_their_place() -> None:
    """QtTest's `FAIL!  : TestCart::totalAddsPrices() ...`, the compared values, `Loc: [file(line)]`."""
    f = facts("qtest_cart.txt")
    assert f.tools == ["qtest"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("TestCart::totalAddsPrices", "tests/tst_cart.cpp"),
        ("TestCart::totalIsPositive", "tests/tst_cart.cpp"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("tests/tst_cart.cpp", 18), ("tests/tst_cart.cpp", 26)]
    assert f.errors[0].message == "Compared values are not the same Actual: 5 Expected: 6"
    _decided_test("qtest_cart.txt")


# ---------------------------------------------------------------------- Clojure


def test_clojure_test_failures() -> None:
    """`FAIL in (total-test) (core_test.clj:7)` under `Testing cart.core-test`: the test `ns/var`, its
    expected and actual values; an `ERROR in` placed in Clojure's own code gives the test no file."""
    f = facts("clojure_test.txt")
    assert f.tools == ["clojure.test"]
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("cart.core-test/average-test", None),
        ("cart.core-test/total-test", "core_test.clj"),
    ]
    assert f.failing_tests[1].message == "expected: (= 6 (total [1 2 3])) actual: (not (= 6 5))"
    assert [(e.file, e.line) for e in f.errors] == [("core_test.clj", 7)]
    _decided_test("clojure_test.txt")


def test_clojure_test_under_leiningen() -> None:
    """Leiningen prints `lein test NS` (not `Testing NS`) and `lein test :only NS/TEST` above each
    report: the tests keep their namespace."""
    f = facts("clojure_lein_test.txt")
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("cart.core-test/average-test", None),
        ("cart.core-test/total-test", "core_test.clj"),
    ]
    _decided_test("clojure_lein_test.txt")


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("minitest_reporters_default.txt", "Minitest::Result"),
        ("minitest_reporters_spec.txt", "TestCart"),
        ("minitest_reporters_progress.txt", "Minitest::Result"),
    ],
)
def test_minitest_reporters_rows_with_their_message_and_place(name: str, cls: str) -> None:
    """minitest-reporters 1.0.19 (Debian's, beside Minitest 5.17, which makes it name a test's class
    `Minitest::Result`): the default reporter's `Failure:` block without minitest's colon, the spec
    reporter's rows under their class, the progress reporter's `FAIL["test", Class, ...]`."""
    f = facts(name)
    tests = {t.id: t for t in f.failing_tests}
    assert set(tests) == {f"{cls}#test_total", f"{cls}#test_average_of_empty"}
    assert tests[f"{cls}#test_total"].file == "test/test_cart.rb"
    assert "Expected: 6" in (tests[f"{cls}#test_total"].message or "")
    assert tests[f"{cls}#test_average_of_empty"].message == "ZeroDivisionError: divided by 0"
    _decided_test(name)


@pytest.mark.parametrize("name", ["pytest_sugar09.txt", "pytest_sugar11.txt"])
def test_pytest_sugar_sections_and_results(name: str) -> None:
    """pytest-sugar 0.9 under pytest 4.6 prints no FAILURES header, no short summary and no final
    `===` counts: its `―――` sections are the failing tests, its `Results` block counts them."""
    f = facts(name)
    tests = {t.id: (t.file, t.message) for t in f.failing_tests}
    assert set(tests) == {
        "tests/test_cart.py::CartTest::test_average_of_empty",
        "tests/test_cart.py::CartTest::test_total",
    }
    assert tests["tests/test_cart.py::CartTest::test_total"] == ("tests/test_cart.py", "AssertionError: 5 != 6")
    _decided_test(name)


@pytest.mark.parametrize("name", ["color/phpunit_testdox_plain.txt", "color/phpunit_testdox_color.txt"])
def test_phpunit_testdox_boxed_failures(name: str) -> None:
    """PHPUnit 9's --testdox: ` ✘ Total adds prices` with its failure boxed by `│` below, its first
    words the message, its first place where it was raised, its last the test's line."""
    f = facts(name)
    assert f.tools == ["phpunit"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("Cart: Total adds prices", "tests/CartTest.php", "Failed asserting that 5 is identical to 6."),
        ("Cart: Average of empty", "tests/CartTest.php", "DivisionByZeroError: Division by zero"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("tests/CartTest.php", 6), ("src/Cart.php", 5)]
    _decided_test(name)


def test_cxxtest_error_printer_assertions_under_their_test() -> None:
    f = facts("cxxtest_error_printer.txt")
    assert f.tools == ["cxxtest"]
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("CartTest::testTotal", "tests/CartTest.h", "Expected (total({1, 2, 3}) == 6), found (5 != 6)"),
        ("CartTest::testAverage", "tests/CartTest.h", "Test failed: empty cart"),
    ]
    _decided_test("cxxtest_error_printer.txt")
