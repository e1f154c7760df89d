"""TeamCity's service messages (parsers/teamcity) in real reporters' output (tests/facts/data: teamcity_*): the
failing tests with their errors and the test's file from the details' frames, a linter's problems reported as tests or
inspections, and each log routing as its plain twin does."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci.failures import failure_points, primary_failure
from remediate.facts.classify import _record_votes as _vote_of_records
from remediate.facts.classify import _Weights, categorize
from remediate.facts.extract import _parse, parsers_view
from remediate.facts.parsers.teamcity import read_details, said, service_message
from remediate.facts.view import View
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts.samples import DATA


def _facts(name: str) -> Facts:
    return extract_facts((DATA / name).read_bytes(), deadline_s=None)


def test_a_message_s_attributes_are_unescaped() -> None:
    line = "FAILED [ 50%]##teamcity[testFailed name='a|'b' message='x |[1|]|n|| y |0x00e9' flowId='f']"
    assert service_message(line) == ("testFailed", {"name": "a'b", "message": "x [1]\n| y \u00e9", "flowId": "f"})
    # a line clipped in a value keeps the attributes before it; a line without a message reads as none
    assert service_message("##teamcity[testFailed name='t' details='Trace") == ("testFailed", {"name": "t"})
    assert service_message("teamcity[testFailed name='t']") is None


def test_only_messages_read_as_the_failing_tests_and_their_errors() -> None:
    facts = _facts("teamcity_unittestpy_two_failures.txt")
    assert [(t.id, t.file, t.message) for t in facts.failing_tests] == [
        ("test_unit.CartTest.test_discount", "/tmp/framing-tc/test_unit.py", "AssertionError: 12 != 13"),
        (
            "test_unit.CartTest.test_parse_qty",
            "/tmp/framing-tc/test_unit.py",
            "ValueError: invalid literal for int() with base 10: '3 items'",
        ),
    ]
    # the error at the project's innermost frame: where the ValueError was raised
    assert [(e.file, e.line, e.code) for e in facts.errors] == [
        ("/tmp/framing-tc/test_unit.py", 9, "AssertionError"),
        ("/tmp/framing-tc/shop/cart.py", 5, "ValueError"),
    ]


def test_a_v8_stack_opens_with_its_error_and_ends_with_the_test_s_frame() -> None:
    facts = _facts("teamcity_mocha10_two_failures.txt")
    assert [(t.id, t.file) for t in facts.failing_tests] == [
        ("applies the discount once", "test/cart.test.js"),
        ("parses a quantity", "test/cart.test.js"),
    ]
    assert [(e.file, e.line, e.message) for e in facts.errors] == [
        ("test/cart.test.js", 9, "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:"),
        ("src/cart.js", 6, "TypeError: not a quantity: '3 items'"),
    ]


def test_details_of_pytest_and_of_an_installed_frame() -> None:
    details = "def test_x():\n>       assert f() == 1\n\ntest_x.py:7: \n\nlib/f.py:3: ValueError\nE   ValueError: bad"
    assert read_details(details).test_file == "test_x.py"
    assert read_details(details).place == ("lib/f.py", 3)
    assert read_details(details).error == "ValueError: bad"
    site = '  File "/usr/lib/python3.11/site-packages/x.py", line 3, in f\nKeyError: 1'
    assert read_details(site).place is None and read_details(site).error == "KeyError: 1"


def test_a_module_that_did_not_load_is_no_test_and_its_error_is_read() -> None:
    facts = _facts("teamcity_unittestpy_module_missing.txt")
    assert facts.failing_tests == []
    assert [(e.code, e.category.value) for e in facts.errors] == [("ModuleNotFoundError", "dependency")]
    # pytest's own report stands beside its messages: its reading alone, once
    pytest_run = _facts("teamcity_pytest_module_missing.txt")
    assert {e.tool for e in pytest_run.errors} == {"python", "pytest"}


def test_pytest_s_own_report_is_read_once() -> None:
    facts = _facts("teamcity_pytest_two_failures.txt")
    assert [t.id for t in facts.failing_tests] == [
        "test_cart.py::test_total_with_discount",
        "test_cart.py::test_parse_qty",
    ]
    assert {e.tool for e in facts.errors} == {"pytest"}


@pytest.mark.parametrize("sample", ["teamcity_eslint8_errors_as_tests.txt", "teamcity_eslint8_inspections.txt"])
def test_a_linter_s_problems_are_lint_records_not_tests(sample: str) -> None:
    facts = _facts(sample)
    assert facts.failing_tests == []
    errors = [(e.file, e.line, e.code, e.severity.value) for e in facts.errors if e.severity.value == "error"]
    assert errors == [
        ("src/util.js", 2, "eqeqeq", "error"),
        ("src/util.js", 3, "no-unused-vars", "error"),
        ("src/util.js", 6, "no-undef", "error"),
    ]
    assert facts.category.value == "lint"


_TWINS = (
    ("teamcity_unittestpy_two_failures.txt", "unittest_cart_teamcity_twin.txt"),
    ("teamcity_mocha10_two_failures.txt", "mocha10_cart_teamcity_twin.txt"),
    ("teamcity_eslint8_errors_as_tests.txt", "eslint8_util_teamcity_twin.txt"),
    ("teamcity_eslint8_inspections.txt", "eslint8_util_teamcity_twin.txt"),
    ("teamcity_pytest_module_missing.txt", "unittest_module_missing_teamcity_twin.txt"),
    ("teamcity_unittestpy_module_missing.txt", "unittest_module_missing_teamcity_twin.txt"),
)


@pytest.mark.parametrize(("sample", "twin"), _TWINS)
def test_a_log_of_messages_routes_as_its_plain_run(sample: str, twin: str) -> None:
    framed, plain = rule_verdict(_facts(sample)), rule_verdict(_facts(twin))
    assert (framed.category, framed.decided) == (plain.category, plain.decided)


def test_a_message_says_its_text_unescaped_and_keeps_its_attributes() -> None:
    line = "##teamcity[testFailed name='t|'1' message='Error' details='ModuleNotFoundError: No module named |'x|'|n']"
    assert said(line) == "Error\nModuleNotFoundError: No module named 'x'"
    assert service_message(line) == (
        "testFailed",
        {"name": "t'1", "message": "Error", "details": "ModuleNotFoundError: No module named 'x'\n"},
    )
    assert said("##teamcity[testStarted name='t']") == "##teamcity[testStarted name='t']"  # no text: the line
    assert said("No module named 'x'") == "No module named 'x'"


def test_a_module_missing_in_messages_alone_decides_as_its_plain_run() -> None:
    # the loader's words are escaped in the details (`No module named |'requestz|'`): read unescaped, they name the
    # dependency as the plain run's do
    framed = rule_verdict(_facts("teamcity_unittestpy_module_missing.txt"))
    plain = rule_verdict(_facts("unittest_module_missing_teamcity_twin.txt"))
    assert (framed.category.value, framed.decided) == (plain.category.value, plain.decided) == ("dependency", True)


def _primary_line(text: str) -> int | None:
    primary = primary_failure(failure_points(View.of(text.splitlines())))
    return primary.line if primary is not None else None


@pytest.mark.parametrize(
    ("sample", "category", "decided"),
    [("teamcity_message_error_import.txt", "dependency", True), ("teamcity_message_error_curl.txt", "infra", False)],
)
def test_an_error_message_a_script_reports_is_the_job_s_failure(sample: str, category: str, decided: bool) -> None:
    text = (DATA / sample).read_text()
    at = _primary_line(text)
    assert at is not None and text.splitlines()[at - 1].startswith("##teamcity[message ")
    # its words (errorDetails: Python's traceback, curl's error) read unescaped; a keyword reading alone (curl's words,
    # no tool's record) decides nothing, the traceback's record decides as in the plain run
    facts = _facts(sample)
    verdict = rule_verdict(facts)
    assert (facts.category.value, verdict.category.value, verdict.decided) == (category, category, decided)


_REPORTED = (
    ("teamcity_message_error_import.txt", "python_import_teamcity_twin.txt"),
    ("teamcity_message_error_gcc.txt", "gcc12_cart_teamcity_twin.txt"),
    # a tool no specialist answers for (a dead link): its records say so in the message as in the plain run
    ("teamcity_message_error_linkchecker.txt", "linkchecker1021_teamcity_twin.txt"),
)


@pytest.mark.parametrize(("sample", "twin"), _REPORTED)
def test_an_error_message_s_details_are_the_tool_s_own_records(sample: str, twin: str) -> None:
    # before: no record (the traceback's or gcc's lines escaped on one line), unknown or keywords alone, undecided
    framed, plain = _facts(sample), _facts(twin)
    at = next(no for no, text in enumerate((DATA / sample).read_text().splitlines(), 1) if "status='ERROR'" in text)
    assert framed.errors and {e.log_line for e in framed.errors} == {at}
    assert _records(framed) == _records(plain)
    assert all(e.file and e.line for e in framed.errors)  # the place the tool named
    framed_verdict, plain_verdict = rule_verdict(framed), rule_verdict(plain)
    assert (framed_verdict.category, framed_verdict.decided) == (plain_verdict.category, plain_verdict.decided)
    assert framed_verdict.decided


@pytest.mark.parametrize(("sample", "twin"), _REPORTED)
def test_a_record_a_message_carries_votes_as_its_plain_twin(sample: str, twin: str) -> None:
    # before: every record the message's parser (no concern of its own) filed, a build or a lint record voting 1.5
    # where the plain run's votes 1.0, and a link checker's dead link not the failure no specialist fixes
    framed, plain = _record_votes(sample), _record_votes(twin)
    assert framed == plain
    assert framed[1]  # records, each with its parser's tool and concern


def _records(facts: Facts) -> list[tuple[str, str, str, bool]]:
    # the twin's script is another file; a link checker's threads report in any order
    return sorted((e.tool, e.message, e.category.value, e.no_specialist) for e in facts.errors)


def _record_votes(name: str) -> tuple[dict[Category, float], list[tuple[str, bool, str, str, bool]]]:
    """The class votes of a sample's records as classify weighs them (every line weighing the same: the framed log
    and its twin place them on other lines), and each record with its parser's tool and concern."""
    plain = parsers_view(DATA / name)
    assert plain is not None
    results, _bases = categorize(_parse(plain, None)[0], plain)
    votes, _in_step = _vote_of_records(results, _Weights(None, plain.total_lines), (0, 0))
    records = sorted(
        (p.tool, p.no_specialist, e.tool, e.category.value, e.no_specialist)
        for p, found in results
        for e in found.errors
    )
    return dict(votes), records


@pytest.mark.parametrize(
    "line",
    [
        # not an error: a script's own notice or warning carrying a compiler's lines fails nothing
        "##teamcity[message text='built' status='WARNING' errorDetails='a.c:1:1: error: unknown type name |'x|'']",
        "##teamcity[message text='built' errorDetails='a.c:1:1: error: unknown type name |'x|'']",
        # a message inside a message's details is no second report
        "##teamcity[message text='x' status='ERROR' errorDetails='"
        "##teamcity[message text=|'y|' status=|'ERROR|' errorDetails=|'a.c:1:1: error: z|']']",
    ],
)
def test_no_error_message_s_details_nor_a_nested_message_s_are_read(line: str) -> None:
    assert [e.tool for e in extract_facts((line + "\n").encode(), deadline_s=None).errors] == []


@pytest.mark.parametrize(
    "line",
    [
        "##teamcity[message text='compiled' status='NORMAL']",
        "##teamcity[message text='slow |'status=|'ERROR|'' status='WARNING']",
        "##teamcity[message 'a single value']",
        "##teamcity[messages text='x' status='ERROR']",
    ],
)
def test_a_message_of_no_error_fails_nothing(line: str) -> None:
    assert _primary_line(line) is None


def test_an_error_message_s_status_stands_anywhere_among_its_attributes() -> None:
    assert _primary_line("##teamcity[message status='FAILURE' text='x']") == 1
    assert _primary_line("x\n##teamcity[message text='a |'b|' |[c|]' errorDetails='' status='ERROR' flowId='1']") == 2


@pytest.mark.parametrize(
    "line",
    [
        "##teamcity[testFailed name='t' details='" + "|" * 5000 + "']",
        "##teamcity[testFailed name='' message='x']",
        "##teamcity[testFailed name='t' details='\x00\x1b[31m|0xZZZZ|']",
        "##teamcity[inspection typeId='x' line='9999999999999999999999' file='' message='line 1, col x, y']",
        "##teamcity[message text='" + "|'" * 20000 + " status='ERROR' errorDetails='\x00" + "|" * 3000 + "']",
        "##teamcity[message" + " a='b'" * 5000 + " status='ERRO",
        "##teamcity[testFailed name='t' details='" + '  File "a.py", line 1, in f|n' * 3000 + "']",
        "##teamcity[message status='ERROR' errorDetails='" + "a.c:1:1: error: x|n" * 3000 + "']",
        "##teamcity[message status='FAILURE' errorDetails='Traceback (most recent call last):|n|0x0000|n\x1b[31mE|n']",
    ],
)
def test_hostile_messages_never_crash(line: str) -> None:
    extract_facts((line + "\n").encode(), deadline_s=None)


def test_a_summary_a_message_carries_counts_as_its_plain_twin_s() -> None:
    # before: pytest's quiet run (`F.`, `1 failed, 1 passed in 0.01s`: no record, no failing test's name) carried in
    # a message's details gave no summary, its twin's decides test; now the same summary, at the carrying line
    framed, plain = (
        _facts("teamcity_message_error_pytest_summary.txt"),
        _facts("pytest92_quiet_summary_teamcity_twin.txt"),
    )
    assert [(s.category, s.failed, s.text) for s in framed.summaries] == [
        (s.category, s.failed, s.text) for s in plain.summaries
    ]
    assert [s.log_line for s in framed.summaries] == [1]  # the message's line
    framed_verdict, plain_verdict = rule_verdict(framed), rule_verdict(plain)
    assert (framed_verdict.category, framed_verdict.decided) == (plain_verdict.category, plain_verdict.decided)
    assert framed_verdict.decided


def _go_tree(root: Path) -> Path:
    # the project the Go samples ran in (tests/facts/data/README.md, "Round 49, lane framing"): two packages, a test
    # file of the same base name in each, so `prices_test.go` alone names no one file
    (root / "go.mod").write_text("module example.com/shop\n\ngo 1.19\n")
    for package in ("cart", "tax"):
        (root / package).mkdir()
        (root / package / f"{package}.go").write_text(f"package {package}\n")
        (root / package / "prices_test.go").write_text(f"package {package}\n")
    return root


def _files(name: str, source: Path) -> list[str | None]:
    facts = extract_facts((DATA / name).read_bytes(), deadline_s=None, source=source)
    return sorted([e.file for e in facts.errors] + [t.file for t in facts.failing_tests], key=str)


def test_a_carried_output_s_places_stand_at_the_carrying_line_when_they_are_one_record_s(tmp_path: Path) -> None:
    # before: go test's package path (`FAIL example.com/shop/cart`, Findings.places) was left out of a carried run,
    # its test file stayed `prices_test.go`; now `cart/prices_test.go`, as its twin's
    source = _go_tree(tmp_path)
    framed = _files("teamcity_message_error_go_test_one_package.txt", source)
    assert framed == _files("go119_test_one_package_teamcity_twin.txt", source) == ["cart/prices_test.go"] * 2
    # the control: two packages' failures carried on one line name two places; neither is tried for the other's file
    assert _files("teamcity_message_error_go_test_two_packages.txt", source) == ["prices_test.go"] * 4
