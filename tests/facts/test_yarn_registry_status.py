"""Yarn Berry's request to its registry that failed (YN0035): the status Yarn prints under it says whose failure it
is. A 404 is a package the registry does not hold (dependency; Yarn 3 says `The remote server failed to provide the
requested resource` of both, parsers/deps reads its 404); a 5xx is the registry's outage (Yarn 4's `The registry appears
to be down`, `Response Code: 503 (Service Unavailable)`: meaning.unreachable), infra, never decided. Real runs:
tests/facts/data/README.md, "Yarn Berry's request to a registry that failed" (Yarn 4.5.3, 3.8.7)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]
OUTAGES = ["yarn453_install_registry_503.txt", "yarn453_install_registry_500.txt", "yarn387_install_registry_503.txt"]


@pytest.mark.parametrize("sample", OUTAGES)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_registry_s_5xx_is_not_a_missing_package(sample: str, frame: Callable[..., bytes]) -> None:
    facts = extract_facts(frame("yarn install", (DATA / sample).read_text()))
    assert not any(e.category is Category.DEPENDENCY for e in facts.errors)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason


@pytest.mark.parametrize("status", ["404 (Not Found)", "410 (Gone)"])
@pytest.mark.parametrize("frame", FRAMES)
def test_yarn_3_s_404_is_a_package_the_registry_lacks(frame: Callable[..., bytes], status: str) -> None:
    """A 410 (a registry's answer for a version taken down) is read as its 404: the run's line with that status."""
    out = (DATA / "yarn387_install_registry_404.txt").read_text().replace("404 (Not Found)", status)
    facts = extract_facts(frame("yarn install", out))
    missing = [e for e in facts.errors if e.category is Category.DEPENDENCY]
    assert [(e.tool, e.code) for e in missing] == [("yarn", "left-pad")]
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.DEPENDENCY, verdict.reason
