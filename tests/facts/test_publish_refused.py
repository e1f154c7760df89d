"""A package registry that refused the job's token for a publish (npm's, twine's, cargo's own words, parsers/publish.py;
real output made here, tests/facts/data/README.md): no edit of the repository mints a token, so the run ends before
any model call (remediate/reach.py), as for credentials' and GitHub's settings; the rules' reading stays "no
specialist". A version the registry already has is no refusal of the token (a version bump fixes it), nor a name
the registry will not take (a rename fixes it): the run goes on. A two-factor demand ends it, saying the token's kind
is the setting; npm's refused token outside a publish (whoami, a private package's install) ends it too. Beside an independent failure in an earlier step, the run goes on too: an edit may fix that one."""

from __future__ import annotations

import pytest

from remediate.agents import SPECIALISTS
from remediate.facts import extract_facts
from remediate.facts.parsers.publish import REFUSED_CODES, REFUSED_TOOL_OF, REGISTRY_CODES, REGISTRY_TOOL
from remediate.models import Category
from remediate.reach import Writer, out_of_reach
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

WRITERS = [Writer(name, SPECIALISTS[name].policy()) for name in ("config", "build")]
NPM, TWINE, CARGO = "npm publish", "twine upload dist/*", "cargo publish --registry acme"

# (sample, the command the CI ran, the record's code): before, each was decided "no specialist" and the run went on
REFUSED = [
    ("npm11_publish_bogus_token_401.txt", NPM, "E401"),
    ("npm11_publish_2fa_required_403.txt", NPM, "EOTP"),
    ("npm11_publish_otp_401.txt", NPM, "EOTP"),
    ("npm11_publish_noauth.txt", NPM, "ENEEDAUTH"),
    ("npm6_publish_noauth.txt", NPM, "E401"),
    ("npm11_publish_forbidden.txt", NPM, "E403"),
    ("twine7_invalid_auth_403.txt", TWINE, "403"),
    ("twine_nocreds.txt", TWINE, "credentials"),
    ("twine1_forbidden.txt", TWINE, "403"),
    ("cargo195_publish_no_token.txt", CARGO, "no-token"),
    ("cargo195_publish_refused.txt", CARGO, "refused"),
]

# a version the registry already has: npm's 403 with the registry's reason, npm's own check, twine's 400
VERSION_EXISTS = [
    ("npm11_publish_version_exists_403.txt", NPM, "EPUBLISHCONFLICT"),
    ("npm11_publish_conflict.txt", NPM, "EPUBLISHCONFLICT"),
    ("twine_exists.txt", TWINE, "400"),
    # a name the registry will not take (npmjs.org's answers for a name too close to others' or someone else's)
    ("npm11_publish_name_too_similar_403.txt", NPM, "ENAMEPOLICY"),
    ("npm11_publish_no_permission_403.txt", NPM, "ENAMEPOLICY"),
]


@pytest.mark.parametrize(("sample", "command", "code"), REFUSED)
def test_a_registry_refusing_the_jobs_token_ends_the_run(sample: str, command: str, code: str) -> None:
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    # the record's tool is the one the refusal table gives its code (one table, read by reach too)
    assert [(e.tool, e.code) for e in f.errors] == [(REFUSED_TOOL_OF[code], code)]
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.UNKNOWN, verdict.reason
    reach = out_of_reach(f, WRITERS)
    assert reach is not None and f"the job needs {REFUSED_CODES[code]}" in reach.message, reach


@pytest.mark.parametrize(("sample", "command", "code"), VERSION_EXISTS)
def test_a_version_or_name_the_registry_will_not_take_keeps_the_run(sample: str, command: str, code: str) -> None:
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert [e.code for e in f.errors] == [code]
    assert code not in REFUSED_CODES
    assert rule_verdict(f).category is Category.UNKNOWN
    assert out_of_reach(f, WRITERS) is None


@pytest.mark.parametrize(
    ("sample", "command"), [("npm11_whoami_401.txt", "npm whoami"), ("npm11_install_private_401.txt", "npm install")]
)
def test_npm_refusing_the_jobs_token_outside_a_publish_ends_the_run(sample: str, command: str) -> None:
    """The same E401 lines as a publish's, no tarball packed: the registry refused the job's secret."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert [(e.tool, e.code) for e in f.errors] == [(REGISTRY_TOOL, "E401")]
    reach = out_of_reach(f, WRITERS)
    assert reach is not None and f"the job needs {REGISTRY_CODES['E401']}" in reach.message, reach


def test_a_refusal_after_an_independent_failure_keeps_the_run() -> None:
    """An earlier step's compile error (`continue-on-error`), then the publish's refused token: two failures, the
    rules decide neither, and the run goes on for the one an edit fixes."""
    log = framing.github_steps(
        [
            ("make", (DATA / "gcc12_make_own_header_of_its_source.txt").read_text(), 2),
            (NPM, (DATA / "npm11_publish_bogus_token_401.txt").read_text(), 1),
        ]
    )
    f = extract_facts(log)
    assert {e.tool for e in f.errors} == {"compiler", "npm-publish"}
    assert not rule_verdict(f).decided
    assert out_of_reach(f, WRITERS) is None


def test_twine_s_refusal_quotes_the_registry_s_reason() -> None:
    """twine 7 prints PyPI's reason on rich's continuation lines under `ERROR HTTPError: 403`: the record and the
    run's refusal say it; pypiserver's bare `Forbidden` (the status's own word) is not said twice."""
    f = extract_facts(framing.github_actions(TWINE, (DATA / "twine7_invalid_auth_403.txt").read_text()))
    reason = "Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth"
    assert reason in f.errors[0].message
    reach = out_of_reach(f, WRITERS)
    assert reach is not None and reason in reach.message
    bare = extract_facts(framing.github_actions(TWINE, (DATA / "twine_forbidden.txt").read_text()))
    assert bare.errors[0].message == "HTTPError: 403 Forbidden from http://127.0.0.1:18933/"
