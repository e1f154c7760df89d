"""Failing tests no parser read, named beside a runner's verdict (facts/failingtests.py): read as the failing
tests of the run the failing command starts, only under a test runner's command and only where no parser read
the step (real runner output, tests/facts/data/README.md), and a tally, not a report, beside another cause."""

from __future__ import annotations

import time

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.failingtests import failing_tests, runner_of
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from remediate.triage.beneath import TALLIED_ONLY
from tests.facts import framing
from tests.facts.samples import DATA


def _travis(command: str, sample: str, *, own_left_out: bool = True) -> Facts:
    """The sample as the failing step of a Travis job, by default read as a runner no parser knows (its own
    parser modules left out, as bench/samples_proxy.py does)."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log) if own_left_out else frozenset())


@pytest.mark.parametrize(
    ("command", "sample", "tests"),
    [
        ("go test ./...", "go_test.txt", ["TestAdd", "TestTable", "TestTable/case"]),  # `--- FAIL: name (0.00s)`
        # `path::name FAILED [ 25%]`, an errored set-up among them
        (
            "pytest -v tests/test_calc.py",
            "pytest_verbose.txt",
            [
                "tests/test_calc.py::test_add",
                "tests/test_calc.py::test_ratio_zero",
                "tests/test_calc.py::test_uses_broken",
            ],
        ),
        (
            "busted -o TAP",
            "busted_tap.txt",
            ["calc adds two numbers", "calc div by zero returns inf", "calc calls a nil"],
        ),
        ("bats test", "bats_tap.txt", ["greets by name", "fails on a missing command"]),
        ("RUST_BACKTRACE=0 cargo test --offline", "cargo_test.txt", ["tests::it_adds"]),  # `test name ... FAILED`
        ("dotnet test", "sample_dotnet_test.txt", ["Shop.Tests.CartTests.Total_AddsPrices"]),  # `Failed name [4 ms]`
        # Surefire 3's `[ERROR] Class.name -- Time elapsed: 0.052 s <<< FAILURE!`
        ("mvn -B -o test", "maven_surefire_failures.txt", ["com.example.CartTest.totalAddsPrices"]),
        # Gradle 4.4.1's `calc.CalcTest > addsTwoNumbers FAILED` (its task's `:test FAILED` is no test)
        (
            "gradle --offline --console=plain test",
            "gradle_test.txt",
            ["calc.CalcTest > addsTwoNumbers", "calc.CalcTest > dividesByZero"],
        ),
    ],
)
def test_a_runner_no_parser_reads_names_its_failing_tests(command: str, sample: str, tests: list[str]) -> None:
    facts = _travis(command, sample)
    assert [t.id for t in facts.failing_tests] == tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided


def test_pytests_short_summary_keeps_each_tests_message() -> None:
    facts = _travis('pytest -p no:asyncio -W "error:old_api:DeprecationWarning" tests', "pytest_grouped.txt")
    assert len(facts.failing_tests) == 12
    assert facts.failing_tests[0].id == "tests/test_dep.py::test_uses_old_api[0]"
    assert (facts.failing_tests[0].message or "").startswith("DeprecationWarning: old_api")
    assert rule_verdict(facts).decided


def test_where_a_parser_reads_the_run_nothing_is_added() -> None:
    # the go parser's own tests, not the generic reading's (which would name its tool `go test`)
    facts = _travis("go test ./...", "go_test.txt", own_left_out=False)
    assert "go test" not in facts.tools
    assert {t.id for t in facts.failing_tests} >= {"TestAdd", "TestTable"}


@pytest.mark.parametrize("command", ["make all test", "make lint", "flake8 . && go test ./...", "make && ./ci/run.sh"])
def test_only_under_a_test_runners_command(command: str) -> None:
    # no runner named, nor a target or a script named for tests alone (the build may be what failed), but
    # another kind of tool in the same step; a command that names nothing at all: tests/facts/test_runner_reports.py
    assert _travis(command, "go_test.txt").failing_tests == []


@pytest.mark.parametrize(
    ("command", "sample", "tests"),
    [
        # CMake's generated `test` target runs CTest: its rows and its list under `The following tests FAILED:`
        ("make test", "ctest_make_test.txt", ["test_mul", "test_div"]),
        # ExtUtils::MakeMaker's `make test` runs prove without -v: Test::More's `#   Failed test 'name'`
        ("make test", "perl536_makemaker_make_test.txt", ["adds two prices", "an empty cart costs nothing"]),
        ("./run-tests.sh", "node20_run_tests_script.txt", ["adds two prices", "an empty cart costs nothing"]),
        ("make check", "tap_prove.txt", ["add two numbers"]),  # GNU's check target runs the tests
    ],
)
def test_a_target_or_script_named_for_tests_runs_a_runner(command: str, sample: str, tests: list[str]) -> None:
    facts = _travis(command, sample)
    assert [t.id for t in facts.failing_tests] == tests
    assert facts.tools == [command]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided


@pytest.mark.parametrize(
    ("failed", "ran", "runner"),
    [
        ("go test ./...", None, "go test"),
        ("npm test", "mocha", "npm test"),
        ("npm test", "eslint . && mocha", None),  # the linter may be what failed
        ("make test", None, "make test"),  # a target named for tests (tasks.named_test_task)
        ("NO_INTERACTION=1 make test", None, "NO_INTERACTION=1 make test"),
        ("perl Makefile.PL && make test", None, "make test"),  # a part no rule knows does not vote
        ("make && make check", None, None),  # bare make builds: the build may be what failed
        ("./scripts/test.sh", None, "./scripts/test.sh"),
        ("script/lint && script/test", None, None),  # the lint task may be what failed
        ("flake8 . && pytest", None, None),
        ("tox -e lint", "flake8 src", None),
    ],
)
def test_runner_of(failed: str, ran: str | None, runner: str | None) -> None:
    assert runner_of(failed, ran) == runner


def _read(*lines: str) -> list[str]:
    view = View.of(lines)
    return [t.id for t in failing_tests(view, (1, len(lines)), "runner").tests]


@pytest.mark.parametrize(
    "line",
    [
        "ERROR: Could not find a version that satisfies the requirement alpha==2.0",  # words, not a name
        "ERROR: dead links found!",
        "ERROR tests/test_cart.py - ModuleNotFoundError: No module named 'yaml'",  # a file that did not import
        "ERROR: test_cart (unittest.loader._FailedTest.test_cart)",  # unittest's stand-in for that file
        "FAIL src/cart.test.js",  # a test file, which may have failed to load
        "[  FAILED  ] 1 test, listed below:",  # gtest's count
        "not ok 2 - rounds half up # TODO not implemented",  # an expected failure
        "not ok 3 - reads the feed # SKIP offline",
        "FAILED (failures=1, errors=2)",  # a summary
        "FAIL\texample.com/cart\t0.003s",  # Go's package verdict
        "#   Failed (TODO) test 'rounds half up'",  # a TODO test's failure is expected
        "#   Failed test at t/cart.t line 7.",  # an unnamed test: its place, read by the runner's report
        "\t  1 - test_add (Passed)",
        "BUILD FAILED",  # Ant's (Phing's, Gradle 3's) verdict of the build, whatever failed in it
        ":test FAILED",  # Gradle's task verdict
    ],
)
def test_what_is_no_failing_test(line: str) -> None:
    assert _read(line) == []


@pytest.mark.parametrize(
    ("line", "test"),
    [
        ("--- FAIL: TestTotal (0.00s)", "TestTotal"),
        ("    --- FAIL: TestTable/empty_cart (0.00s)", "TestTable/empty_cart"),
        ("FAIL: test_add (tests.test_calc.TestCalc.test_add)", "test_add (tests.test_calc.TestCalc.test_add)"),
        ("ERROR: test_div (tests.test_calc.TestCalc)", "test_div (tests.test_calc.TestCalc)"),
        ("test_add (tests.test_calc.TestCalc) ... FAIL", "test_add (tests.test_calc.TestCalc)"),
        ("[  FAILED  ] CalcTest.Divides (0 ms)", "CalcTest.Divides"),
        ("1/3 Test #2: calc_divides .......................***Failed    0.01 sec", "calc_divides"),
        ("not ok 4 - calc calls a nil", "calc calls a nil"),
        ("not ok 5", "test point 5"),
        ("#   Failed test 'adds two prices'", "adds two prices"),  # Test::More's diagnostic
        ("\t  2 - test_mul (Failed)", "test_mul"),  # CTest's list of failed tests
        ("\t  3 - test_div (SEGFAULT)", "test_div"),
        ("testTotal(com.acme.CartTest)  Time elapsed: 0.01 sec  <<< FAILURE!", "testTotal (com.acme.CartTest)"),
        ("calc.CalcTest > addsTwoNumbers FAILED", "calc.CalcTest > addsTwoNumbers"),  # Gradle's test logger
    ],
)
def test_the_shapes_runners_share(line: str, test: str) -> None:
    assert _read(line) == [test]


@pytest.mark.parametrize(
    ("sample", "tests_decide"),
    [
        ("ant110_javac_before_junit.txt", False),
        ("ant_javac.txt", False),
        ("ant_javac_werror.txt", False),
        ("ant_junit.txt", True),
    ],
)
def test_ants_build_failed_is_no_failing_test(sample: str, tests_decide: bool) -> None:
    # real Ant 1.10 under `ant test`, its parser left out: javac failing on a test source, on the code, on -Werror
    # (each decided test 0.96 on a failing test named BUILD), and JUnit's failing test, each closed by `BUILD FAILED`
    facts = _travis("ant test", sample)
    assert "BUILD" not in [t.id for t in facts.failing_tests]
    verdict = rule_verdict(facts)
    assert (verdict.category is Category.TEST and verdict.decided) is tests_decide, verdict.reason


def test_unreported_failing_tests_beside_another_cause_do_not_decide() -> None:
    # pytest's short summary clips Django's ImproperlyConfigured at the terminal's width: the failing tests say
    # nothing of what they met, the log names a cause that is not the tests (the settings): not sure which
    facts = _travis("pytest cart/tests.py", "pytest_django_settings_unset.txt")
    assert facts.failing_tests and (facts.failing_tests[0].message or "").endswith("...")
    verdict = rule_verdict(facts)
    assert not verdict.decided and TALLIED_ONLY in verdict.reason


def test_a_failing_tests_own_report_names_its_cause() -> None:
    # the short summary keeps yaml's error whole: every failing test met a config file that does not parse
    facts = _travis("pytest --tb=line tests", "pytest_tbline_config_yaml_unparsable.txt")
    verdict = rule_verdict(facts)
    assert verdict.category is Category.CONFIG and verdict.decided


@pytest.mark.parametrize(
    "line",
    [
        "FAILED " + "a::" * 100_000,
        "not ok 1 " + "x" * 300_000,
        "1/2 Test #1: " + "." * 300_000,
        "--- FAIL: " + "a (" * 100_000,
        "x" * 300_000 + " ... FAILED",
        "[ERROR] " + "a Time elapsed: 1 s " * 15_000 + "<<< FAILURE!",
        "  1 - " + "a" * 300_000 + " (SEGFAULT",
        "#   Failed test '" + "'" * 300_000,
        "# " + " " * 300_000 + "Failed test 'x",
    ],
)
def test_hostile_lines_are_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    _read(line, line)
    assert time.perf_counter() - started < 1.0
