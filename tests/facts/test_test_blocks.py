"""A failing test's own report, read off its block where no parser reads the runner (facts/testblocks.py): the
failing tests the generic reader names (go test's `--- FAIL`, TAP's `not ok`, Test::More's `#   Failed test`,
pytest's `FAILED`, Surefire's `<<< ERROR!`) carry what their own blocks say, so a run whose every failing test met
the infrastructure names it (infra, never decided alone) as its parsed twin does, and a passing test's words
elsewhere in the step are nobody's report. Inputs are real runs (tests/facts/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.parsers.base import Findings
from remediate.facts.testblocks import own_report, with_reports
from remediate.facts.view import Line
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _left_out(sample: str, command: str) -> bytes:
    return framing.travis(command, (DATA / sample).read_text())


# (sample, the command, the words of the infrastructure the failing tests' own blocks say they met, what the rules name):
# each was decided test (0.96-1.00) with its runner's parser left out, where only the generic reader names the tests.
# Where every host named is the job's own (127.0.0.1, a reserved `.invalid` name), the rules name the test run's failure
# (test, never decided alone: beneath.TESTS_OWN_SERVICE_RULE); where none is named, the infrastructure
ON_INFRA = [
    ("gotest_dial_refused_unresolved.txt", "go test ./...", "connection refused", Category.TEST),
    # net/http's words for the request under its deadline come before the client's timeout that set it
    ("gotest_client_timeout.txt", "go test ./...", "context deadline exceeded", Category.TEST),
    ("nodetest_tap_refused_unresolved.txt", "node --test test/", "ENOTFOUND", Category.TEST),
    ("pytest_psycopg_refused.txt", "python -m pytest -q tests", "Connection refused", Category.TEST),
    ("maven_surefire_connect_refused.txt", "mvn -B test", "Connection refused", Category.TEST),
    ("prove536_v_connect_refused.txt", "prove -v t/", "Connection refused", Category.INFRA),
]


@pytest.mark.parametrize(("sample", "command", "words", "named"), ON_INFRA)
def test_failing_tests_a_generic_reader_names_whose_own_blocks_met_the_infrastructure_name_it(
    sample: str, command: str, words: str, named: Category
) -> None:
    log = _left_out(sample, command)
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert facts.failing_tests and all(t.message for t in facts.failing_tests)
    verdict = rule_verdict(facts)
    assert verdict.category is named and not verdict.decided, verdict.reason
    assert words in verdict.reason, verdict.reason


def test_a_passing_tests_words_beside_a_failed_assertion_are_no_failing_tests_report() -> None:
    # node --test: a passing test prints `# client said: ECONNREFUSED`, the failing one's block says AssertionError
    log = _left_out("nodetest20_assert_beside_passing_refused.txt", "node --test test/")
    facts = extract_facts(log, leave_out=modules_reading(log))
    (test,) = facts.failing_tests
    assert test.id == "cart total adds tax"
    assert "AssertionError" in (test.message or "") and "ECONNREFUSED" not in (test.message or "")
    assert "TestContext" not in (test.message or ""), "the YAML stack's frames are left out"
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


@pytest.mark.parametrize("parsed", [True, False])
def test_test_mores_report_ends_at_the_next_failed_test_and_keeps_its_values(parsed: bool) -> None:
    # `#   Failed test 'total of two items'` (got 6, expected 5), a blank line, then the next test's `#   Failed
    # test` over `# GET /prices: ... Connection refused`: that diagnostic is the next test's, not the first's
    log = _left_out("prove536_refused_beside_assertion.txt", "prove t/")
    facts = extract_facts(log, leave_out=frozenset() if parsed else modules_reading(log))
    said = {t.id.split(": ")[-1]: t.message or "" for t in facts.failing_tests}
    assert "got: '6'" in said["total of two items"] and "expected: '5'" in said["total of two items"]
    assert "Connection refused" not in said["total of two items"]
    assert "Connection refused" in said["price service answers"]
    assert rule_verdict(facts).category is Category.TEST


def _lines(text: str) -> list[Line]:
    return [Line(no, t, t.encode()) for no, t in enumerate(text.splitlines(), start=1)]


def _report(text: str, verdict: int, test_id: str, message: str | None = None) -> str | None:
    """The message the test whose verdict is on line `verdict` of `text` gets (with_reports)."""
    found = Findings(tool="runner")
    found.test(verdict, test_id, message=message)
    with_reports(found, _lines(text))
    return found.tests[0].message


def test_go_test_v_reads_the_section_nearest_the_verdict() -> None:
    # a retried run heads TestAdd's section again after the failing one: the section before the verdict is its own
    text = (
        "=== RUN   TestAdd\n    calc_test.go:9: dial tcp 127.0.0.1:9: connect: connection refused\n"
        "--- FAIL: TestAdd (0.00s)\n=== RUN   TestAdd\n    calc_test.go:9: Add(2, 2) = 4, want 5\n"
        "--- PASS: TestAdd (0.00s)\n"
    )
    assert _report(text, 3, "TestAdd") == "calc_test.go:9: dial tcp 127.0.0.1:9: connect: connection refused"


def test_a_blank_line_ends_an_unindented_report_and_a_gap_ends_any() -> None:
    lines = _lines(
        "[ERROR] shop.CartTest.adds -- Time elapsed: 0.01 s <<< ERROR!\njava.net.ConnectException: Connection refused\n"
        "\tat java.base/sun.nio.ch.Net.connect(Net.java:1)\n\n[INFO] later output ECONNREFUSED\n"
    )
    assert own_report(lines, 0, "shop.CartTest.adds", {}) == "java.net.ConnectException: Connection refused"
    gapped = [lines[0], Line(9, "java.net.ConnectException: Connection refused", b"")]
    assert own_report(gapped, 0, "shop.CartTest.adds", {}) == ""


def test_a_verdict_whose_message_says_something_keeps_it() -> None:
    text = "FAILED tests/a.py::test_x - AssertionError: 3 != 4\n_____ test_x _____\nE   ConnectionRefusedError\n"
    assert _report(text, 1, "tests/a.py::test_x", "AssertionError: 3 != 4") == "AssertionError: 3 != 4"


def test_a_project_runner_naming_no_test_in_a_known_shape_names_the_infrastructure_its_failures_show() -> None:
    # `FAIL cache ping: connect ECONNREFUSED ...` is no verdict shape the generic reader knows (a verdict's words
    # after a name are a message); its summary `1 passed, 2 failed` counts them and the lines show what they met
    # (reports.shown_cause), beside a passing test that expected the refusal and printed nothing of it. The hosts
    # named are the job's own (127.0.0.1): the test run's failure, named test, never decided alone
    facts = extract_facts(_left_out("custom_runner_refused.txt", "node run-tests.js"))
    assert not facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert "the job's own service (127.0.0.1)" in verdict.reason and "ECONNREFUSED" in verdict.reason, verdict.reason


def test_luvits_tap_section_is_its_tests_report() -> None:
    # luvit's tests/libs/tap.lua: `# Starting Test: NAME` over the test's own output, then its TAP line; the next
    # test's header is no diagnostic of the failing one
    text = (
        "# Starting Test: net - connect\n  tests/test-net.lua:9: connect ECONNREFUSED 127.0.0.1:9\n"
        "not ok 3 net - connect\n\n# Starting Test: net - refused is reported\nECONNREFUSED\n"
        "ok 4 net - refused is reported\n"
    )
    assert _report(text, 3, "net - connect") == "tests/test-net.lua:9: connect ECONNREFUSED 127.0.0.1:9"
