"""A test runner named by its own report where the failing command names no tool (facts/runnerreports.py): a
script's step (`./ci/run.sh`) whose output holds go test's or pytest's report, opened and closed, has its failing
tests read as that runner's (failingtests.failing_tests), and decides on them; one line of a report, a passing
run's banners, a report a passing test printed, or the reports of two runners name none (real output:
tests/facts/data/README.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.runnerreports import reported_runner
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _script(sample: str, command: str = "./ci/run.sh") -> Facts:
    """The sample as the output of a script's step in a Travis job, read as a runner no parser knows (the
    parser modules that read it left out, as bench/samples_proxy.py does)."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log))


def _runner(*texts: str) -> str | None:
    lines = [line for text in texts for line in text.splitlines()]
    view = View.of(lines)
    return reported_runner(view, (1, len(lines)))


@pytest.mark.parametrize(
    ("command", "sample", "tests"),
    [
        ("./ci/run.sh", "go_test_two_packages.txt", ["TestAdd", "TestCents"]),
        ("bash scripts/ci.sh", "go_test_v.txt", ["TestAdd", "TestTable", "TestTable/case"]),
        ("sh .ci/steps.sh", "go119_test_log_shortfile.txt", ["TestTotal"]),
        ("./ci/run.sh", "go_test_json.txt", ["TestAdd", "TestDiv", "TestDiv/by_zero"]),  # -json: the package's event
        ("./ci/run.sh", "pytest_quiet_fail.txt", ["test_fail.py::test_total"]),  # -q: FAILURES, short summary
        ("./ci/run.sh", "pytest_app_error_while_parsing.txt", ["tests/test_orders.py::test_rates_from_html"]),
        ("./ci/run.sh", "color/pytest_color.txt", ["tests/test_calc.py::test_find"]),  # --color=yes, as plain
        (
            "ci/run-build-and-tests.sh",
            "pytest_sugar11.txt",  # pytest-sugar's own session banner
            ["tests/test_cart.py::CartTest::test_average_of_empty", "tests/test_cart.py::CartTest::test_total"],
        ),
    ],
)
def test_a_runners_report_names_it_where_the_command_names_nothing(command: str, sample: str, tests: list[str]) -> None:
    facts = _script(sample, command)
    assert [t.id for t in facts.failing_tests] == tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided


@pytest.mark.parametrize("frame", [framing.github_actions, framing.gitlab, framing.jenkins])
def test_the_report_is_read_under_each_cis_framing(frame: Callable[[str, str], bytes]) -> None:
    output = (DATA / "go_test_two_packages.txt").read_text()
    facts = extract_facts(frame("./ci/run.sh", output), leave_out=modules_reading(framing.travis("go test", output)))
    assert [t.id for t in facts.failing_tests] == ["TestAdd", "TestCents"]
    assert rule_verdict(facts).decided


@pytest.mark.parametrize(
    "sample", ["quoted/go_report_printed_then_gcc.txt", "quoted/pytest_report_printed_then_gcc.txt"]
)
def test_a_report_a_passing_test_printed_names_no_runner(sample: str) -> None:
    # the script's tests passed (go's `ok` after the printed `FAIL<tab>pkg`, pytest's `1 passed` after the printed
    # short summary), then gcc failed: the printed report's test is none of this run's
    facts = _script(sample, "./ci.sh")
    assert facts.failing_tests == []
    assert rule_verdict(facts).category is not Category.TEST
    assert _runner((DATA / sample).read_text()) is None


def test_a_go_report_a_passing_v_test_printed_lends_its_lines_to_no_test() -> None:
    # bare (no script to read): the printed `--- FAIL: TestAdd` row is read as a row, but `    calc_test.go:7: want
    # 5` below it is no line of TestAdd's own, since the test that ran (`=== RUN   TestFailedCountsTheReportsTests`)
    # is another (go.py's _ran); with 304c6f1 alone it became TestAdd's message and record, and the facts leaned test
    facts = extract_facts(DATA / "quoted/go_report_printed_then_gcc.txt")
    assert [(t.id, t.message) for t in facts.failing_tests] == [("TestAdd", None)]
    assert not [e for e in facts.errors if e.code == "test"]
    assert facts.category is Category.BUILD


def test_one_line_of_a_report_or_a_passing_run_names_no_runner() -> None:
    go = (DATA / "go_test.txt").read_text()
    assert _runner(go) == "go test"
    assert _runner(go.rstrip().removesuffix("FAIL")) is None  # the tests' verdicts without the go command's
    assert _runner(*[line for line in go.splitlines() if "--- FAIL" not in line]) is None  # no test failed
    assert _runner((DATA / "pytest_verbose_pass.txt").read_text()) is None  # its banners, then `25 passed`
    quiet = (DATA / "pytest_quiet_fail.txt").read_text()
    assert _runner(quiet) == "pytest"
    assert _runner(quiet.replace("FAILURES", "warnings summary")) is None  # a closing without its opening


def test_two_runners_reports_name_neither() -> None:
    assert _runner((DATA / "go_test.txt").read_text(), (DATA / "pytest_quiet_fail.txt").read_text()) is None


@pytest.mark.parametrize(
    "line",
    [
        "    report_test.go:8: --- FAIL: TestAdd (0.00s)",  # what a Go test logs (t.Log) is indented after its place
        "tests/test_banner.py::test_short_test_summary_info PASSED                [100%]",  # a test named so
        "FAIL: test_short_test_summary_info (tests.test_banner.Banner)",
        "echo '=========== short test summary info ==========='",
    ],
)
def test_lines_named_like_a_report_are_none(line: str) -> None:
    assert _runner("============================= test session starts ==============================", line) is None
    assert _runner(line, "FAIL\texample.com/calc\t0.003s", "FAIL") is None


def test_a_package_after_the_go_commands_verdict_is_another_run() -> None:
    report = ["--- FAIL: TestAdd (0.00s)", "FAIL", "FAIL\texample.com/calc\t0.003s", "FAIL"]
    assert _runner(*report) == "go test"
    assert _runner(*report, "ok  \texample.com/goquote/report\t0.007s") is None  # a test printed it, and passed


def test_under_json_a_tests_fail_event_is_no_packages() -> None:
    json = (DATA / "go_test_json.txt").read_text().splitlines()
    *events, package = json
    assert '"Test"' not in package and _runner(*json) is None  # events are read as their output by the view only
    opened = ["--- FAIL: TestAdd (0.00s)", "FAIL\texample.com/calc/calc\t0.007s"]
    assert _runner(*opened, package) == "go test"
    test_event = next(e for e in reversed(events) if '"Action":"fail","Package"' in e and '"Test"' in e)
    assert _runner(*opened, test_event) is None


@pytest.mark.parametrize(
    "line",
    [
        "--- FAIL: " + "a (" * 100_000,
        " " * 300_000 + "--- FAIL: x (1s)x",
        "FAIL" + "\t a" * 100_000,
        "ok " + "1s " * 100_000,
        "=" * 300_000,
        "=== " + "x in 1s " * 40_000 + "=",
        "Test session starts " * 15_000,
        '{"Time":"' + '"' * 300_000,
        '{"Action":"fail","Package":"' + "a" * 300_000,
    ],
)
def test_hostile_lines_are_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    _runner(line, line, "FAIL")
    assert time.perf_counter() - started < 1.0
