"""A host under a name reserved never to be public (`api.invalid`: RFC 2606/6761) that a test could not reach is the
job's own (a test's fake, its fixture), as a real client reports it once getaddrinfo fails: named test, never decided
alone; a public name that does not resolve is outside the job (infra). Real pytest 8 + requests and node --test +
axios output (tests/facts/data/README.md, "A reserved name out of reach is the job's own")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.beneath import TESTS_OWN_SERVICE_RULE
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("pytest tests", "pytest8_requests_reserved_host.txt"),
        ("node --test test/", "node20_test_axios_reserved_host.txt"),
    ],
)
def test_a_reserved_name_out_of_reach_is_the_jobs_own_service(command: str, sample: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1)))
    assert (verdict.category, verdict.decided) == (Category.TEST, False), verdict.reason
    assert any(s.name == f"pattern:{TESTS_OWN_SERVICE_RULE}" for s in verdict.signals), verdict.reason
    assert "api.invalid" in verdict.reason


@pytest.mark.parametrize(
    ("command", "sample"),
    [("pytest tests", "pytest8_requests_public_host.txt"), ("node --test test/", "node20_test_axios_public_host.txt")],
)
def test_a_public_name_out_of_reach_is_outside_the_job(command: str, sample: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 1)))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
