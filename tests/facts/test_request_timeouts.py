"""A test whose HTTP request got no answer in time, in each client's own words (tests/facts/data/README.md, "A test's
request that got no answer in time"): real runs against a local socket that accepts and never answers. The run's only
failing test failed on the network, not on its own check: the rules name what it met and do not decide test (each
was decided test, 0.96-1.00). One framing each (GitHub Actions)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import unreachable
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.beneath import WORDLESS
from tests.facts import framing
from tests.facts.samples import DATA

SPEC = "node --test --test-reporter=spec test/"

# (sample, the command the CI ran, the rule naming what the test met, the client's words it names)
TIMED_OUT = [
    # requests' read timeout names the host it waited for (127.0.0.1: the job's own service)
    ("pytest9_requests_read_timeout.txt", "python -m pytest -q tests", "pattern:tests-own-service", "timed out"),
    ("pytest9_urllib_read_timeout.txt", "python -m pytest -q tests", "pattern:tests-infra", "TimeoutError: timed out"),
    ("pytest9_httpx_read_timeout.txt", "python -m pytest -q tests", "pattern:tests-infra", "ReadTimeout: timed out"),
    ("go119_test_context_deadline.txt", "go test ./...", "pattern:tests-own-service", "context deadline exceeded"),
    ("maven_httpclient_request_timeout.txt", "mvn -B test", "pattern:tests-infra", "request timed out"),
    ("nodetest20_fetch_abort_timeout.txt", "npm test", "pattern:tests-infra", "aborted due to timeout"),
    # the spec reporter prints undici's cause beneath `fetch failed`
    ("nodetest20_spec_undici_headers_timeout.txt", SPEC, "pattern:tests-infra", "HeadersTimeoutError"),
    # axios' own timeout under Jest (was decided test 1.00); 127.0.0.1 in the code frame: the job's own service
    ("jest29_axios1_request_timeout.txt", "npx jest --ci", "pattern:tests-own-service", "timeout of 2000ms exceeded"),
]


@pytest.mark.parametrize(("sample", "command", "rule", "words"), TIMED_OUT)
def test_a_test_whose_request_timed_out_names_the_network_and_is_not_decided(
    sample: str, command: str, rule: str, words: str
) -> None:
    facts = extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1))
    assert facts.failing_tests, "the runner's failing test is read"
    verdict = rule_verdict(facts)
    assert not verdict.decided, verdict.reason
    named = [s.reason for s in verdict.signals if s.name == rule and not s.discounted]
    assert named and words in named[0], verdict.reason
    # the tests' own evidence stays, weighed down: their check did not fail
    tests = [s for s in verdict.signals if s.category is Category.TEST and s.kind != "pattern"]
    assert tests and all(s.discounted for s in tests), verdict.reason


def test_the_words_of_a_request_that_got_no_answer_in_time() -> None:
    for said in (
        "test_rate: TimeoutError: timed out",
        "socket.timeout: timed out",
        "urllib.error.URLError: <urlopen error timed out>",
        "httpcore.ReadTimeout: timed out",
        "TimeoutError: The read operation timed out",
        'Rate(DE): Get "http://127.0.0.1:18999/v1/rates/DE": context deadline exceeded',
        "java.net.http.HttpTimeoutException: request timed out",
        "error: 'The operation was aborted due to timeout'",
        "[cause]: Error [HeadersTimeoutError]: Headers Timeout Error",
        "code: 'UND_ERR_BODY_TIMEOUT'",
        "AxiosError: timeout of 2000ms exceeded",
        "Error: timeout of 2000ms exceeded",  # axios 0.x (lib/adapters/http.js: createError, ECONNABORTED)
    ):
        assert unreachable(said) is not None, said
    # a test expecting the timeout names its class; a subprocess's limit and a deadline no request met are no network
    assert unreachable("Failed: DID NOT RAISE <class 'httpx.ReadTimeout'>") is None
    assert unreachable("subprocess.TimeoutExpired: Command '['sleep', '5']' timed out after 2 seconds") is None
    assert unreachable("waitForStock: context deadline exceeded") is None
    # Mocha 2's own per-test limit (lower case too, its sentence goes on)
    assert (
        unreachable("Error: timeout of 2000ms exceeded. Ensure the done() callback is being called in this test.")
        is None
    )


def test_a_failing_test_whose_report_has_no_words_is_not_decided() -> None:
    # Node 20's spec reporter prints fetch's TimeoutError (AbortSignal.timeout) as `{}`: a timeout or the test's own
    # check, the log does not say (TAP prints the message: nodetest20_fetch_abort_timeout, named infra above)
    facts = extract_facts(
        framing.github_actions(SPEC, (DATA / "nodetest20_spec_fetch_timeout_wordless.txt").read_text(), 1)
    )
    assert [t.message for t in facts.failing_tests] == ["{}"]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert WORDLESS in verdict.reason
    # control: the same runner's report of an assertion has its words, and decides
    control = framing.github_actions(SPEC, (DATA / "nodetest20_spec_assertion_control.txt").read_text(), 1)
    verdict = rule_verdict(extract_facts(control))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_a_fetch_failure_whose_cause_tap_leaves_out_is_not_decided() -> None:
    """node --test's TAP reporter prints undici's `fetch failed` without its cause (the headers timeout the spec
    reporter shows, named infra above): what the request met is not said (was decided test 1.00). Control: TAP's
    report of an assertion still decides test."""
    tap = "node --test --test-reporter=tap test/"
    facts = extract_facts(framing.github_actions(tap, (DATA / "nodetest20_tap_undici_headers_timeout.txt").read_text()))
    assert [t.message for t in facts.failing_tests] == ["fetch failed"]
    verdict = rule_verdict(facts)
    assert not verdict.decided and WORDLESS in verdict.reason, verdict.reason
    control = rule_verdict(extract_facts(framing.github_actions(tap, (DATA / "node20_test_tap.txt").read_text())))
    assert control.category is Category.TEST and control.decided, control.reason


def test_an_error_printed_by_its_name_alone_is_not_decided() -> None:
    """axios 0.27 passes on Node's AggregateError (every address of a name that resolves to two refused the
    connection) with its empty message: Jest prints `AggregateError:` and nothing else, which says nothing of what
    the test met (was decided test 1.00). Control: the same runner's report of an assertion decides."""
    jest = "npx jest --ci"
    facts = extract_facts(framing.github_actions(jest, (DATA / "jest29_axios027_empty_network_error.txt").read_text()))
    assert [t.message for t in facts.failing_tests] == ["AggregateError:"]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and not verdict.decided and WORDLESS in verdict.reason, verdict.reason
    control = rule_verdict(extract_facts(framing.github_actions(jest, (DATA / "jest29_assertion.txt").read_text())))
    assert control.category is Category.TEST and control.decided, control.reason
    # an assertion's name alone (a bare `assert` failing) names the test's own check: decided, as it was
    asserted = (
        (DATA / "jest29_axios027_empty_network_error.txt").read_text().replace("AggregateError:", "AssertionError:")
    )
    verdict = rule_verdict(extract_facts(framing.github_actions(jest, asserted)))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
