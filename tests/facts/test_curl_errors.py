"""curl's own errors (curl 7.88.1 against a local http.server that answers the codes, tests/facts/data: curl788_*):
a 401 or 403 under `-f` is a credential's refusal (parsers/credentials: a configuration record, the run ends) only when
the curl command shown above it passes one (an Authorization header, a user); without one the server may refuse a
wrong URL, and a 404 names a URL this log cannot place: undecided. A 5xx and a host not resolved, refused or timed out
are the network's (meaning.network): infra, named and never decided by the rules alone."""

from __future__ import annotations

import pytest

from remediate.agents import SPECIALISTS
from remediate.facts import extract_facts
from remediate.facts.parsers.credentials import CURL_CREDENTIALS, SETTING_CODES
from remediate.models import Category
from remediate.reach import Writer, out_of_reach
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

CONFIG = Writer("config", SPECIALISTS["config"].policy())
SCRIPT = "bash scripts/fetch.sh"


@pytest.mark.parametrize("sample", ["curl788_fail_401_bearer.txt", "curl788_fail_403_user.txt"])
def test_a_refused_credential_curl_passed_is_decided_config_and_ends_the_run(sample: str) -> None:
    # before: no record (401: unknown; 403: config from keywords, undecided 0.36)
    f = extract_facts(framing.github_actions(SCRIPT, (DATA / sample).read_text(), 22))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("curl", CURL_CREDENTIALS, Category.CONFIG)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.CONFIG, verdict.reason
    reach = out_of_reach(f, [CONFIG])
    assert reach is not None and SETTING_CODES[CURL_CREDENTIALS] in reach.message


@pytest.mark.parametrize(
    "command",
    [
        'curl -fsS -H "Authorization: Bearer ${{ secrets.REPORT_TOKEN }}" https://reports.acme.dev/latest.json',
        "curl --fail --user ci:${{ secrets.NEXUS_PASSWORD }} -T dist/app.zip https://nexus.acme.dev/raw/app.zip",
        "curl -fsS \\\n  --header 'authorization: token ${{ secrets.T }}' \\\n  https://api.acme.dev/x",
    ],
)
def test_the_credential_of_the_step_s_own_command_counts(command: str) -> None:
    f = extract_facts(framing.github_actions(command, "curl: (22) The requested URL returned error: 401", 22))
    assert [e.code for e in f.errors] == [CURL_CREDENTIALS]


@pytest.mark.parametrize(
    ("sample", "category"),
    [
        ("curl788_fail_403_no_credential.txt", Category.CONFIG),  # a URL or a file the job may not read
        ("curl788_fail_404.txt", Category.UNKNOWN),  # whose URL: the log cannot tell
        ("curl788_fail_503.txt", Category.INFRA),
        ("curl788_fail_with_body_500.txt", Category.INFRA),
        ("curl788_resolve_host.txt", Category.INFRA),
        ("curl788_connect_refused.txt", Category.UNKNOWN),  # the job's own service (127.0.0.1) not listening
        ("curl788_timeout.txt", Category.INFRA),
    ],
)
def test_curl_s_other_errors_name_their_category_and_decide_nothing(sample: str, category: Category) -> None:
    f = extract_facts(framing.github_actions(SCRIPT, (DATA / sample).read_text(), 22))
    assert not [e for e in f.errors if e.code in SETTING_CODES]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (category, False), verdict.reason


@pytest.mark.parametrize(
    "output",
    [
        # another curl's credential, a later command without one: the nearest command is the request's
        "+ curl -fsS -u ci:pw https://a.acme.dev/x\nok\n+ curl -fsS https://b.acme.dev/y\n"
        "curl: (22) The requested URL returned error: 403",
        # an upload's file, a header that is not a credential
        "+ curl -fsS --upload-file u.zip -H 'Accept: */*' https://a.acme.dev/\ncurl: (22) The requested URL returned "
        "error: 401",
        "+ curl -fsS -H 'Authorization: Bearer t' https://a.acme.dev/\ncurl: (22) The requested URL returned error: 404",
        # a command continued on more lines than a command is read on
        "+ curl \\\n" + " \\\n" * 5000 + "-u a:b\ncurl: (22) The requested URL returned error: 401",
    ],
)
def test_no_credential_passed_or_no_refusal_is_no_credential_record(output: str) -> None:
    f = extract_facts(framing.github_actions(SCRIPT, output, 22))
    assert not [e for e in f.errors if e.code in SETTING_CODES]


@pytest.mark.parametrize(
    "output",
    [
        "+ curl " + "-u" * 100_000 + "\ncurl: (22) The requested URL returned error: 403",
        "curl \x00\x1b[31m-H Authorization:\ncurl: (22) The requested URL returned error: 401 \udcff",
        "curl: (22) The requested URL returned error: 401\n" * 3000,
    ],
)
def test_hostile_curl_lines_never_crash(output: str) -> None:
    extract_facts(output.encode("utf-8", "surrogateescape"), deadline_s=None)


@pytest.mark.parametrize("sample", ["curl788_connect_refused.txt", "net_curl_refused.txt"])
def test_curl_that_cannot_connect_to_the_job_s_own_service_is_no_infra(sample: str) -> None:
    # before: infra from keywords (0.55): a service the job runs on loopback not listening is the run's set-up
    f = extract_facts(framing.github_actions(SCRIPT, (DATA / sample).read_text(), 7))
    assert f.category is not Category.INFRA, f.category_basis
    assert rule_verdict(f).category is not Category.INFRA


@pytest.mark.parametrize(
    ("host", "category"),
    [
        ("registry.acme.dev", Category.INFRA),  # a host outside the job: the network's
        ("140.82.112.3", Category.INFRA),
        ("localhost", Category.UNKNOWN),  # the job's own: loopback, a service's name of one label
        ("db", Category.UNKNOWN),
    ],
)
def test_whose_host_curl_could_not_connect_to_says_whether_it_is_infra(host: str, category: Category) -> None:
    for said in (
        f"curl: (7) Failed to connect to {host} port 8080 after 0 ms: Couldn't connect to server",
        f"curl: (28) Failed to connect to {host} port 8080 after 3001 ms: Timeout was reached",
    ):
        f = extract_facts(framing.github_actions(f"curl -fsS http://{host}:8080/health", said, 7))
        assert f.category is category, (said, f.category_basis)
