"""A host under a name reserved never to be public (`api.invalid`: RFC 2606/6761) that a test could not reach is the
job's own (a test's fake, its fixture), as a real client reports it once getaddrinfo fails: named test, never decided
alone; a public name that does not resolve is outside the job (infra). Real pytest 8 + requests and node --test +
axios output (tests/facts/data/README.md, "A reserved name out of reach is the job's own"), and pytest 8 or unittest
+ urllib, whose error names no host but whose frames do ("A host only the failing test's frames name")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.beneath import TESTS_OWN_SERVICE_RULE
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("command", "sample", "host"),
    [
        ("pytest tests", "pytest8_requests_reserved_host.txt", "api.invalid"),
        ("node --test test/", "node20_test_axios_reserved_host.txt", "api.invalid"),
        # urllib's error names no host: pytest's frame above it does (`host = 'api.invalid', h = <...>`), in the
        # same test's section (meaning.sections); before, both read infra
        ("pytest tests", "pytest8_urllib_reserved_host.txt", "api.invalid"),
        ("pytest tests", "pytest8_urllib_refused_port.txt", "127.0.0.1"),
        # a 503 names no host and no frame of the socket's: under --tb=long pytest shows urlopen's argument, the
        # module constant's value (`url = 'http://127.0.0.1:18653/v1/rates'`). Under the default --tb=auto that frame
        # is short, no argument line, the value nowhere (pytest9_urllib_503_url_in_constant.txt): still infra
        ("pytest --tb=long tests", "pytest9_urllib_503_url_in_constant_tb_long.txt", "127.0.0.1"),
        # unittest's section (`ERROR: test_x (mod.Class.test_x)`) shows the call's source line, the URL quoted in it
        ("python -m unittest -v", "unittest311_urllib_reserved_host.txt", "api.invalid"),
        ("python -m unittest -v", "unittest311_urllib_refused_port.txt", "127.0.0.1"),
    ],
)
def test_a_reserved_name_out_of_reach_is_the_jobs_own_service(command: str, sample: str, host: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1)))
    assert (verdict.category, verdict.decided) == (Category.TEST, False), verdict.reason
    assert any(s.name == f"pattern:{TESTS_OWN_SERVICE_RULE}" for s in verdict.signals), verdict.reason
    assert f"the job's own service ({host})" in verdict.reason


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("pytest tests", "pytest8_requests_public_host.txt"),
        ("node --test test/", "node20_test_axios_public_host.txt"),
        # the frames' host is public: urllib's unnamed failure stays the outside network's
        ("pytest tests", "pytest8_urllib_public_host.txt"),
        ("python -m unittest -v", "unittest311_urllib_public_host.txt"),
    ],
)
def test_a_public_name_out_of_reach_is_outside_the_job(command: str, sample: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1)))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
