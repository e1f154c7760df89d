"""A test run whose failing tests all failed on the infrastructure (a service not up, a name that does not
resolve, a remote's TLS certificate, its 5xx or rate limit, a database still starting, the runner's full disk)
names the environment (infra) instead of vouching for the tests; one such failure among ordinary assertion
failures, or an assertion whose values mention a timeout, stays a test failure. Inputs are real tool output
(tests/facts/data/README.md, "Tests that fail on the infrastructure"), wrapped as each CI runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning import exhausted, unreachable
from remediate.models import Category
from remediate.triage import CALIBRATION, RuleVerdict, route_by_rules, rule_verdict
from remediate.triage.beneath import TWO_CAUSES
from remediate.triage.verdict import OWN_SERVICE_ALONE
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]

# (sample, the command the CI ran, the words the rule should name)
ON_INFRA = [
    ("make_test_mojo_connect_timeout.txt", "make test", "Connect timeout"),
    ("pytest_disk_full.txt", "python -m pytest -q tests", "No space left on device"),
    # a server that closed the connection without answering (decided test 1.00 before its words were read)
    ("pytest_requests_remote_closed.txt", "python -m pytest tests", "Remote end closed connection without response"),
    ("mocha3_socket_hang_up.txt", "npm test", "socket hang up"),
    # libpq's words for no server on the machine (decided test 1.00 before its words were read)
    ("pytest9_psycopg_socket_missing.txt", "python -m pytest tests", "No such file or directory"),
    # Ruby's Net::HTTP timeouts under RSpec (decided test 1.00 before)
    ("rspec_net_http_timeouts.txt", "rspec", "Net::ReadTimeout"),
    # Test::More's free-text `diag()` under `#   Failed test 'x'`, read by TAP's parser (decided test 1.00 before:
    # it took `got: '599'` or nothing as the test's message)
    ("prove536_v_connect_refused.txt", "prove -v t/", "Connection refused"),
    ("prove536_httptiny_socket_refused.txt", "prove t/", "Connection refused"),
]

# The same when every host the failing tests could not reach is the job's own (meaning.Whose.OWN: 127.0.0.1, localhost,
# a reserved `.invalid` name): the test run's failure, not the outside network's, named test and never decided alone
# (beneath.TESTS_OWN_SERVICE_RULE). (sample, the command the CI ran, the words the rule should name, the host)
ON_OWN_SERVICE = [
    ("pytest_requests_refused.txt", "python -m pytest -q tests", "Connection refused", "127.0.0.1"),
    ("pytest_redis_refused.txt", "python -m pytest -q tests", "Connection refused", "127.0.0.1"),
    ("pytest_psycopg_refused.txt", "python -m pytest -q tests", "Connection refused", "127.0.0.1"),
    ("pytest_psycopg_starting_up.txt", "python -m pytest -q tests", "the database system is starting up", "127.0.0.1"),
    (
        "pytest_requests_unresolved.txt",
        "python -m pytest -q tests",
        "Name or service not known",
        "payments.nosuch-host.invalid",
    ),
    ("pytest_pymysql_refused.txt", "python -m pytest -q tests", "Connection refused", "127.0.0.1"),
    # the socket's own words come first in the chain pytest's record carries (TimeoutError, ConnectTimeoutError, ...)
    ("pytest_requests_connect_timeout.txt", "python -m pytest -q tests", "TimeoutError: timed out", "127.0.0.1"),
    ("pytest_requests_503.txt", "python -m pytest -q tests", "503 Server Error", "127.0.0.1"),
    ("pytest_requests_429.txt", "python -m pytest -q tests", "429 Client Error", "127.0.0.1"),
    ("pytest_requests_tls_unverified.txt", "python -m pytest -q tests", "certificate verify failed", "127.0.0.1"),
    ("maven_surefire_connect_refused.txt", "mvn -B test", "Connection refused", "warehouse.nosuch-host.invalid"),
    ("gotest_dial_refused_unresolved.txt", "go test ./...", "connection refused", "127.0.0.1"),
    # net/http's request under its deadline, before the client's own timeout that set it (Client.Timeout exceeded)
    (
        "gotest_client_timeout.txt",
        "go test ./...",
        'Get "http://127.0.0.1:18997/prices": context deadline exceeded',
        "127.0.0.1",
    ),
    ("nodetest_tap_refused_unresolved.txt", "node --test test/", "ENOTFOUND", "payments.nosuch-host.invalid"),
    ("jest29_refused_unresolved.txt", "npx jest --ci", "ECONNREFUSED", "127.0.0.1"),
    ("jest29_fetch_cause_refused.txt", "npx jest --ci", "ECONNREFUSED", "127.0.0.1"),
    ("nodetest20_spec_fetch_cause_refused.txt", "node --test --test-reporter=spec test/", "ECONNREFUSED", "127.0.0.1"),
    ("playwright149_net_errors.txt", "npx playwright test", "net::ERR_CONNECTION_REFUSED", "localhost"),
    # asyncio's connect, whose words name no errno's (aiohttp's ClientConnectorError over it)
    ("pytest9_asyncio_aiohttp_refused.txt", "python -m pytest tests", "Connect call failed", "127.0.0.1"),
    # PostgreSQL's JDBC driver, the refusal only in the exception's cause (decided test 1.00 before)
    ("maven_surefire_pgjdbc_refused.txt", "mvn -B test", "Connection to localhost:15499 refused", "localhost"),
    # PostgreSQL on its own port with no server, a CI service container's name (`db`) that no service defines, the
    # app under test not listening (Jest's fetch, go's net/http)
    ("pytest9_psycopg_5432_refused.txt", "python -m pytest tests", "Connection refused", "127.0.0.1"),
    ("pytest9_requests_service_unresolved.txt", "python -m pytest tests", "Name or service not known", "db"),
    ("jest29_fetch_localhost_refused.txt", "npx jest --ci", "ECONNREFUSED", "127.0.0.1"),
    ("gotest119_local_refused.txt", "go test ./...", "connection refused", "127.0.0.1"),
    # urllib's and axios' words for a server's or a gateway's 5xx (decided test 1.00 before their words were read),
    # which name no host: the test's section does, in the call's URL (infra before meaning.sections read it)
    ("pytest9_urllib_503.txt", "python -m pytest tests", "HTTP Error 503", "127.0.0.1"),
    ("jest29_axios_502.txt", "npx jest --ci", "Request failed with status code 502", "127.0.0.1"),
]


def _verdict(frame: Callable[..., bytes], command: str, data: str) -> RuleVerdict:
    return rule_verdict(extract_facts(frame(command, (DATA / data).read_text(), 1)))


@pytest.mark.parametrize(("data", "command", "words"), ON_INFRA)
@pytest.mark.parametrize("frame", FRAMES)
def test_tests_that_all_failed_on_the_infrastructure_name_the_environment(
    data: str, command: str, words: str, frame: Callable[..., bytes]
) -> None:
    facts = extract_facts(frame(command, (DATA / data).read_text(), 1))
    assert facts.failing_tests, "the runner's failing tests are read"
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA, verdict.reason
    assert words in verdict.reason
    # the tests' evidence stays, weighed down and no longer vouching: a test decision would be wrong
    tests = [s for s in verdict.signals if s.category is Category.TEST]
    assert tests and all(s.discounted and "met the infrastructure" in s.reason for s in tests)
    # a consequence the code may still cause (a service the tests should have mocked): not decided alone
    # until the dev half attests the rule, and no specialist edits code on the rules' word
    assert not verdict.decided and not CALIBRATION.vouches("pattern:tests-infra")
    assert route_by_rules(facts) is None


@pytest.mark.parametrize(("data", "command", "words", "host"), ON_OWN_SERVICE)
@pytest.mark.parametrize("frame", FRAMES)
def test_tests_that_all_failed_on_the_job_s_own_service_name_the_test_run(
    data: str, command: str, words: str, host: str, frame: Callable[..., bytes]
) -> None:
    facts = extract_facts(frame(command, (DATA / data).read_text(), 1))
    assert facts.failing_tests, "the runner's failing tests are read"
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert f"could not reach the job's own service ({host}), not the outside network ({words}" in verdict.reason
    assert any(s.name == "pattern:tests-own-service" for s in verdict.signals), verdict.reason
    # the tests' evidence stays, weighed down: the failing tests' own check did not fail, what they met decides
    tests = [s for s in verdict.signals if s.category is Category.TEST and s.kind != "pattern"]
    assert tests and all(s.discounted for s in tests), verdict.reason
    assert route_by_rules(facts) is None


def test_the_job_s_own_service_is_never_decided_alone_whatever_the_confidence() -> None:
    # every pattern counted and any confidence enough: the own service still names test and does not decide (the fix
    # may be the CI's service definition, which the log does not show)
    log = framing.github_actions("python -m pytest tests", (DATA / "pytest9_psycopg_5432_refused.txt").read_text(), 1)
    verdict = rule_verdict(extract_facts(log), calibration=replace(CALIBRATION, attested=None, threshold=0.0))
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert OWN_SERVICE_ALONE in verdict.reason, verdict.reason


@pytest.mark.parametrize(
    ("command", "data"),
    [
        ("python -m pytest -q tests", "pytest_refused_beside_assertion.txt"),
        ("prove t/", "prove536_refused_beside_assertion.txt"),
        # the job's own service (`localhost:8000`, nothing listening) beside `assert 10.85 == 10.86`
        ("python -m pytest tests", "pytest9_localhost_refused_beside_assertion.txt"),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_one_infrastructure_failure_among_assertion_failures_is_a_test_failure(
    frame: Callable[..., bytes], command: str, data: str
) -> None:
    # `assert 7 == 6` (Test::More's `got: '6'` / `expected: '5'`) beside a refused request: the code under test
    # fails on its own too
    verdict = _verdict(frame, command, data)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert not any(s.name == "pattern:tests-infra" for s in verdict.signals)


# A test that could not reach a host outside the job (a public name that did not resolve) beside a test failing on its
# own check: (sample, command, host)
OUTSIDE_BESIDE_ASSERTION = [
    ("pytest9_outside_unresolved_beside_assertion.txt", "python -m pytest tests", "api.exchangerates.example.org"),
    ("jest29_outside_unresolved_beside_assertion.txt", "npx jest --ci", "tax.rates-api.example.com"),
    ("gotest119_outside_unresolved_beside_failure.txt", "go test ./...", "rates.carrier.example.com"),
]


@pytest.mark.parametrize(("data", "command", "host"), OUTSIDE_BESIDE_ASSERTION)
@pytest.mark.parametrize("frame", FRAMES)
def test_an_outside_host_out_of_reach_beside_an_assertion_is_two_failures(
    frame: Callable[..., bytes], data: str, command: str, host: str
) -> None:
    # the network between the job and the world failed one test, the code another: which one the fix is for the log
    # does not say (a job's own service beside an assertion stays a test failure: the test above)
    verdict = _verdict(frame, command, data)
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert TWO_CAUSES in verdict.reason and f"a host outside the job ({host})" in verdict.reason, verdict.reason


@pytest.mark.parametrize(("data", "command", "host"), OUTSIDE_BESIDE_ASSERTION)
def test_an_outside_host_beside_an_assertion_under_a_script_is_not_decided(data: str, command: str, host: str) -> None:
    # run by a script that names no runner, the runner's parser left out: a summary alone counts the failures
    # (tallied_only) or the generic reader names the tests; the outside host still makes two failures
    output = (DATA / data).read_text()
    log = framing.travis("./ci/run.sh", output)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(framing.travis(command, output))))
    assert not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_an_assertion_whose_values_mention_a_timeout_is_a_test_failure(frame: Callable[..., bytes]) -> None:
    # the expected string says `connection timed out`: the values compared, not what the test met
    output = (DATA / "pytest_assertion_names_a_timeout.txt").read_text()
    assert unreachable(output) == "connection timed out"
    verdict = _verdict(frame, "python -m pytest -q tests", "pytest_assertion_names_a_timeout.txt")
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_the_words_of_a_remote_that_answered_with_a_failure_are_out_of_reach() -> None:
    # requests' HTTPError wording, OpenSSL's and curl's certificate failures, PostgreSQL not accepting yet
    for said in (
        "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: http://x/",
        "requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: http://x/",
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)",
        "curl: (60) SSL certificate problem: self-signed certificate",
        "failed: FATAL:  the database system is starting up",
    ):
        assert unreachable(said) is not None, said
    # a client's 4xx other than a rate limit is an answer about the request, not the server out of reach
    assert unreachable("requests.exceptions.HTTPError: 404 Client Error: Not Found for url: http://x/") is None
    # nor is a 500 where the client names no server (urllib, axios): a handler of the code under test may fail
    assert unreachable("urllib.error.HTTPError: HTTP Error 500: Internal Server Error") is None
    assert unreachable("AxiosError: Request failed with status code 500") is None
    assert unreachable("AxiosError: Request failed with status code 404") is None
    # libpq's words for a server that could not be reached, not for one that refused the login
    socket = 'connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: '
    assert unreachable(socket + "No such file or directory")
    assert unreachable(socket + 'FATAL:  role "shop" does not exist') is None
    # a test expecting the refusal names its class, not the connect that failed
    assert unreachable("Failed: DID NOT RAISE <class 'ConnectionRefusedError'>") is None
    assert unreachable("expected Net::ReadTimeout but nothing was raised") is None


def test_a_full_disk_or_memory_is_exhausted_a_programs_own_heap_is_not() -> None:
    assert exhausted("OSError: [Errno 28] No space left on device") == "No space left on device"
    assert exhausted("npm ERR! code ENOSPC") == "ENOSPC"
    assert exhausted("bash: fork: Cannot allocate memory") == "Cannot allocate memory"
    assert exhausted("MemoryError") is None
    assert exhausted("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory") is None


# (sample, the command a CI ran, its exit status, the words the rule should name, what decided wrongly before)
EXHAUSTED = [
    ("pip23_install_enospc.txt", "pip install numpy pandas", 1, "No space left on device", Category.DEPENDENCY),
    ("npm11_install_enospc.txt", "npm ci", 228, "ENOSPC", None),
    ("ld_final_link_enospc.txt", "make", 2, "No space left on device", Category.BUILD),
    ("git_clone_enospc.txt", "git clone https://github.com/acme/shop.git", 128, "No space left on device", None),
    ("gcc_cc1_out_of_memory.txt", "make", 2, "out of memory allocating", None),
]


@pytest.mark.parametrize(("data", "command", "code", "words", "tool"), EXHAUSTED)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_tool_that_ran_out_of_disk_or_memory_names_the_runner(
    data: str, command: str, code: int, words: str, tool: Category | None, frame: Callable[..., bytes]
) -> None:
    # pip's install and ld's link were decided dependency and build on their own records: the fix is the runner's
    facts = extract_facts(frame(command, (DATA / data).read_text(), code))
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert f"the machine ran out of disk or memory ({words}" in verdict.reason
    if tool is not None:
        mine = [s for s in verdict.signals if s.category is tool]
        assert mine and all(s.discounted and "ran out of disk or memory" in s.reason for s in mine)
    assert route_by_rules(facts) is None


def test_a_resolvers_conflict_beside_a_full_disk_stays_the_requirements() -> None:
    # a failure pattern that names the broken thing is not what the full disk explains
    output = (DATA / "pip_conflict.txt").read_text() + (DATA / "pip23_install_enospc.txt").read_text()
    verdict = rule_verdict(extract_facts(framing.github_actions("pip install -r requirements.txt", output)))
    resolution = [s for s in verdict.signals if s.name == "pattern:dependency-resolution"]
    assert resolution and not any(s.discounted for s in resolution), verdict.reason


SKOPEO = "skopeo copy docker://registry.acme.example/library/node:20-alpine dir:img"
REGISTRY = [
    ("cargo195_registry_503.txt", "cargo build --locked", 101, "failed to get successful HTTP response from"),
    (
        "apt26_update_eai_again_then_install.txt",
        "sudo apt-get update && sudo apt-get install -y libgdal-dev",
        100,
        "Temporary failure resolving 'deb.debian.org'",
    ),
    ("cargo195_registry_429_retried.txt", "cargo build --locked", 101, "spurious network error"),
    ("skopeo19_rate_limited.txt", SKOPEO, 1, "toomanyrequests"),
    ("skopeo19_registry_503.txt", SKOPEO, 1, "503 Service Unavailable"),
    ("skopeo19_registry_timeout.txt", SKOPEO, 1, "i/o timeout"),
]


@pytest.mark.parametrize(("data", "command", "code", "words"), REGISTRY)
def test_a_registry_that_refused_a_pull_is_out_of_reach(data: str, command: str, code: int, words: str) -> None:
    output = (DATA / data).read_text()
    said = unreachable(output)
    assert said is not None and said.startswith(words)
    # no specialist runs on a registry's refusal: the rules' guess is the environment
    verdict = rule_verdict(extract_facts(framing.github_actions(command, output, code)))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_an_image_build_whose_base_image_pull_was_rate_limited_is_the_registrys(frame: Callable[..., bytes]) -> None:
    # buildah's base-image pull met the registry's rate limit: the Dockerfile (a guess the fallback would run the
    # dockerfile specialist on) is not what to fix
    output = (DATA / "buildah_base_image_rate_limited.txt").read_text()
    verdict = rule_verdict(extract_facts(frame("buildah bud -t web .", output, 125)))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "could not be reached (toomanyrequests)" in verdict.reason
    assert all(s.discounted for s in verdict.signals if s.category is Category.DOCKERFILE)


@pytest.mark.parametrize(
    ("data", "command", "message"),
    [
        (
            "jest29_fetch_cause_refused.txt",
            "npx jest --ci",
            "TypeError: fetch failed (cause: connect ECONNREFUSED 127.0.0.1:19009)",
        ),
        (
            "nodetest20_spec_fetch_cause_refused.txt",
            "node --test --test-reporter=spec test/",
            "TypeError [Error]: fetch failed (cause: Error: connect ECONNREFUSED 127.0.0.1:19009)",
        ),
    ],
)
def test_an_errors_cause_joins_its_tests_message(data: str, command: str, message: str) -> None:
    # undici's fetch names what failed (`fetch failed`); its cause, printed under the stack, what the test met
    facts = extract_facts(framing.github_actions(command, (DATA / data).read_text(), 1))
    assert [t.message for t in facts.failing_tests] == [message]


@pytest.mark.parametrize(
    ("data", "command", "code"),
    [
        ("mariadb1011_client_refused.txt", "mysql -h 127.0.0.1 -u root -e 'CREATE DATABASE shop'", 1),
        ("psql15_refused.txt", "psql -h localhost -U postgres -c 'CREATE DATABASE shop'", 2),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_database_client_that_reached_no_server_is_no_query_error(
    data: str, command: str, code: int, frame: Callable[..., bytes]
) -> None:
    # MariaDB's `ERROR 2002 (HY000): Can't connect to server` was read as the database's error code and decided sql
    facts = extract_facts(frame(command, (DATA / data).read_text(), code))
    assert all(e.category is not Category.SQL for e in facts.errors), facts.errors
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


# (sample, the command the CI ran, the words the rule should name, what it names): runs whose runner, its parser left
# out, leaves only its summary counting the failures (Jest's `Tests: 2 failed, 2 total`, Mocha's `2 failing`); Jest's
# tests met the job's own service (127.0.0.1): the test run's failure, named test (beneath.TESTS_OWN_SERVICE_RULE)
SUMMARY_ONLY_ON_INFRA = [
    ("jest29_refused_unresolved.txt", "npx jest --ci", "ECONNREFUSED", Category.TEST),
    ("jest29_fetch_cause_refused.txt", "npx jest --ci", "ECONNREFUSED", Category.TEST),
    ("mocha3_socket_hang_up.txt", "npm test", "socket hang up", Category.INFRA),
]


@pytest.mark.parametrize(("data", "command", "words", "named"), SUMMARY_ONLY_ON_INFRA)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_runner_no_parser_reads_names_the_infrastructure_its_tests_met(
    data: str, command: str, words: str, named: Category, frame: Callable[..., bytes]
) -> None:
    # the same runs with their runner's parsers left out (a runner no parser reads: the held-out proxy): its summary
    # counts the failures and the excerpt's lines show what the tests met (reports.shown_cause). The infrastructure
    # is named as where a parser reads the reports; before, the summary decided test (0.86-0.87)
    log = frame(command, (DATA / data).read_text(), 1)
    left_out = modules_reading(log)
    assert left_out, "the runner's own parser read this run"
    facts = extract_facts(log, leave_out=left_out)
    assert not facts.failing_tests and facts.summaries
    verdict = rule_verdict(facts)
    assert verdict.category is named and not verdict.decided, verdict.reason
    assert words in verdict.reason, verdict.reason
    assert all(s.discounted for s in verdict.signals if s.category is Category.TEST and s.kind != "pattern")


@pytest.mark.parametrize(
    ("data", "command"),
    [
        ("pytest_refused_beside_assertion.txt", "python -m pytest -q tests"),
        ("jest29_timeout_beside_failure.txt", "npx jest --ci"),
    ],
)
def test_a_runner_no_parser_reads_whose_tests_failed_on_their_own_names_no_infrastructure(
    data: str, command: str
) -> None:
    # a refused request or a test's own limit beside a failed assertion: a test failure, whichever parser reads it
    log = framing.github_actions(command, (DATA / data).read_text(), 1)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert verdict.category is Category.TEST, verdict.reason


@pytest.mark.parametrize("data", ["maven_surefire_connect_refused.txt", "maven_surefire_pgjdbc_refused.txt"])
def test_a_summary_alone_over_tests_that_met_the_network_is_not_decided(data: str) -> None:
    # Maven run by a script that names no tool (`./ci/run.sh`), its parser left out: only Surefire's summary
    # counts the failures, and the excerpt shows what they met (`ConnectException: Connection refused`): the
    # summary does not say the code failed, so test is no decision
    log = framing.travis("./ci/run.sh", (DATA / data).read_text())
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not verdict.decided, verdict.reason
    assert "infra" in verdict.reason, verdict.reason
