"""Whose host a client could not reach (meaning/network.out_of_reach, whose): the job's own services (loopback, a name
of one label as CI service containers are reached, the reserved names, the compose services the job defines) versus
hosts outside the job (a public name, a public address). The samples are real output made here
(tests/facts/data/README.md, "The job's own services versus hosts outside it")."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import Host, Whose, missing_of, out_of_reach
from remediate.facts.meaning.network import whose
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("localhost", Whose.OWN),
        ("127.0.0.1", Whose.OWN),
        ("127.0.1.1", Whose.OWN),  # all of 127.0.0.0/8 is loopback (Debian names its own host 127.0.1.1)
        ("::1", Whose.OWN),
        ("[::1]", Whose.OWN),
        ("0.0.0.0", Whose.OWN),
        ("db", Whose.OWN),
        ("redis", Whose.OWN),
        ("nginx-proxy", Whose.OWN),
        ("printer.local", Whose.OWN),
        ("api.test", Whose.OWN),
        ("shop.example", Whose.OWN),
        ("payments.nosuch-host.invalid", Whose.OWN),
        ("app.localhost", Whose.OWN),
        ("registry.example.org", Whose.OUTSIDE),
        ("registry.npmjs.org", Whose.OUTSIDE),
        ("Repo.Maven.Apache.Org.", Whose.OUTSIDE),  # case and the root's dot do not matter
        ("8.8.8.8", Whose.OUTSIDE),
        ("172.17.0.2", Whose.UNKNOWN),  # a private address: a container on a bridge, or the CI's own mirror
        ("10.0.0.12", Whose.UNKNOWN),
        ("build.42", Whose.UNKNOWN),  # a last label that is no top-level name
    ],
)
def test_whose_a_host_is(name: str, expected: Whose) -> None:
    assert whose(name) is expected


def test_a_compose_service_the_job_defines_is_its_own_whatever_its_shape() -> None:
    assert whose("search.backend.io") is Whose.OUTSIDE
    assert whose("search.backend.io", frozenset({"search.backend.io"})) is Whose.OWN


@pytest.mark.parametrize(
    ("line", "host"),
    [
        ("connect ECONNREFUSED ::1:3000", Host("::1", Whose.OWN)),
        ("dial tcp [::1]:8080: connect: connection refused", Host("[::1]", Whose.OWN)),
        ("Error 111 connecting to 127.0.0.1:6379. Connection refused.", Host("127.0.0.1", Whose.OWN)),
        (
            'psycopg.OperationalError: [Errno -3] could not translate host name "postgres" to address: '
            "Temporary failure in name resolution",
            Host("postgres", Whose.OWN),
        ),
        (
            "Caused by: java.net.UnknownHostException: repo.maven.apache.org: Name or service not known",
            Host("repo.maven.apache.org", Whose.OUTSIDE),
        ),
        (
            "org.postgresql.util.PSQLException: Connection to localhost:15499 refused. Check that the hostname and "
            "port are correct",
            Host("localhost", Whose.OWN),
        ),
        ("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 9)", Host("127.0.0.1", Whose.OWN)),
        ("ERROR 2002 (HY000): Can't connect to server on 'mysql' (115)", Host("mysql", Whose.OWN)),
    ],
)
def test_the_host_a_client_names_where_it_could_not_reach_it(line: str, host: Host) -> None:
    assert out_of_reach(line) == host


def test_no_host_without_a_failure_to_reach_or_without_a_name() -> None:
    # the words of a failure naming no host (the socket's own error under requests' report), and a host named
    # where nothing failed, are no answer
    assert out_of_reach("E   socket.gaierror: [Errno -2] Name or service not known") is None
    assert out_of_reach("GET http://localhost:3000/cart 200 OK") is None


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("pytest9_psycopg_5432_refused.txt", {Host("127.0.0.1", Whose.OWN)}),
        ("pytest9_requests_service_unresolved.txt", {Host("db", Whose.OWN)}),
        ("pytest9_localhost_refused_beside_assertion.txt", {Host("localhost", Whose.OWN)}),
        ("gotest119_local_refused.txt", {Host("127.0.0.1", Whose.OWN)}),
        ("jest29_fetch_localhost_refused.txt", {Host("127.0.0.1", Whose.OWN)}),
        ("pytest9_outside_unresolved_beside_assertion.txt", {Host("api.exchangerates.example.org", Whose.OUTSIDE)}),
        ("gotest119_outside_unresolved_beside_failure.txt", {Host("rates.carrier.example.com", Whose.OUTSIDE)}),
        ("jest29_outside_unresolved_beside_assertion.txt", {Host("tax.rates-api.example.com", Whose.OUTSIDE)}),
        ("curl_outside_unresolved.txt", {Host("registry.example.org", Whose.OUTSIDE)}),
        ("npm11_outside_registry_unresolved.txt", {Host("registry.acme-corp.example.com", Whose.OUTSIDE)}),
        # pip's retry names only the path it asked for: no host, so no answer
        ("pip23_outside_index_unresolved.txt", set()),
    ],
)
def test_the_hosts_real_clients_name(sample: str, expected: set[Host]) -> None:
    lines = (DATA / sample).read_text().splitlines()
    assert {host for line in lines if (host := out_of_reach(line))} == expected


def test_urllib3_s_name_resolution_error_names_a_host_not_a_missing_module() -> None:
    # urllib3 2.x: `Failed to resolve 'db' ([Errno -2] ...)` is the network's words (Parcel's `Failed to resolve './x'
    # from` is a module's): read as a missing third-party module, it made the run beside an assertion a dependency
    # failure (`third-party module 'api.exchangerates.example.org' is missing`)
    said = "HTTPConnection(host='db', port=5432): Failed to resolve 'db' ([Errno -2] Name or service not known)"
    assert missing_of(said) is None
    assert missing_of("@parcel/core: Failed to resolve './cart' from './src/main.js'") is not None
    for sample in ("pytest9_requests_service_unresolved.txt", "pytest9_outside_unresolved_beside_assertion.txt"):
        log = framing.github_actions("python -m pytest tests", (DATA / sample).read_text(), 1)
        verdict = rule_verdict(extract_facts(log))
        assert not any(s.category is Category.DEPENDENCY for s in verdict.signals), verdict.reason
