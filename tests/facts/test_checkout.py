"""A CI's checkout git refused (real git output, tests/facts/data/README.md: the git_* and travis2018_* rows):
the commit, branch or pull request ref to build, or a submodule's commit, is not on the remote. The job stopped on the CI's own
work before any of the project's commands ran: the infrastructure, which the rules name and never decide alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import CALIBRATION, fallback, rule_verdict
from remediate.triage.verdict import INFRA_ALONE
from tests.facts import framing

DATA = Path(__file__).parent / "data"

_CLONE = "git clone --depth=50 --branch=master https://github.com/acme/shop.git acme/shop"
_SHA = "3f2a9c1d7e8b4a6f0c5d2e1b9a8f7c6d5e4b3a21"


def _checkout_steps(name: str) -> list[tuple[str, str]]:
    output = (DATA / name).read_text()
    if name == "git_checkout_missing_commit.txt":  # the clone's line, then the checkout's
        said, _, checkout = output.partition("\n")
        return [(_CLONE, said), ("cd acme/shop", ""), (f"git checkout -qf {_SHA}", checkout)]
    if name == "git_clone_missing_branch.txt":
        return [(_CLONE.replace("=master", "=feature-gone"), output)]
    cloned = [(_CLONE, "Cloning into 'acme/shop'..."), ("cd acme/shop", "")]
    if name == "git_fetch_missing_pull_ref.txt":
        return [*cloned, ("git fetch origin +refs/pull/7/merge:", output)]
    return [*cloned, (f"git checkout -qf {_SHA}", ""), ("git submodule update --init --recursive", output)]


def _names_the_infrastructure(facts: Facts, code: str, words: str) -> None:
    records = [e for e in facts.errors if e.tool == "git-checkout"]
    assert [(e.code, e.category, e.no_specialist) for e in records] == [(code, Category.INFRA, False)]
    assert words in records[0].message
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert "the CI could not check out what it was to build" in verdict.reason and words in verdict.reason
    result = fallback(facts, verdict, "no triage model configured")  # no specialist: the run ends not_fixed
    assert result.route is None and result.category is Category.INFRA


@pytest.mark.parametrize(
    ("sample", "code", "words"),
    [
        ("git_checkout_missing_commit.txt", "missing-commit", f"the commit to build, {_SHA}"),
        ("git_clone_missing_branch.txt", "missing-branch", "the branch to build, feature-gone"),
        ("git_fetch_missing_pull_ref.txt", "missing-ref", "refs/pull/7/merge"),
        ("git_submodule_missing_commit.txt", "submodule-commit", "submodule's recorded commit b15476e"),
    ],
)
def test_a_checkout_git_refused_names_the_infrastructure(sample: str, code: str, words: str) -> None:
    _names_the_infrastructure(extract_facts(framing.travis_git(_checkout_steps(sample))), code, words)


# Whole jobs as travis-build of November 2018 runs its git phase (its bash functions: travis_cmd --retry runs the
# clone, the pull request's fetch and the submodules' update three times under travis_retry): the attempts it ran
# again are no evidence (facts/attempts.py), the last one's refusal is
@pytest.mark.parametrize(
    ("sample", "code", "words"),
    [
        ("travis2018_clone_retried_missing_branch.txt", "missing-branch", "the branch to build, feature-gone"),
        ("travis2018_fetch_retried_missing_pull_ref.txt", "missing-ref", "refs/pull/7/merge"),
        ("travis2018_submodule_retried_missing_commit.txt", "submodule-commit", "recorded commit fec2229"),
    ],
)
def test_a_retried_checkout_git_refused_names_the_infrastructure(sample: str, code: str, words: str) -> None:
    _names_the_infrastructure(extract_facts((DATA / sample).read_bytes()), code, words)


def test_infra_is_never_decided_even_when_its_evidence_would_decide() -> None:
    """The facts classify the job infra from records in its failing step, which the calibration weighs as it weighs
    any tool's records: with a threshold those records reach, infra is still not decided (verdict.INFRA_ALONE)."""
    facts = extract_facts((DATA / "travis2018_fetch_retried_missing_pull_ref.txt").read_bytes())
    assert facts.category is Category.INFRA and facts.category_basis == "failing-step-records"
    lenient = replace(CALIBRATION, threshold=0.5)
    verdict = rule_verdict(facts, calibration=lenient)
    assert verdict.evidence["step_records"] == 1.0 and verdict.confidence >= lenient.threshold
    assert verdict.category is Category.INFRA and not verdict.decided and INFRA_ALONE in verdict.reason
