"""A namespace package of the project (PEP 420: acme/ and acme/util/ without __init__.py) whose module imports a
submodule that is not there is the project's own module missing, the build's, read from the log alone and with the
source tree (which shows no __init__.py): a module of the source imported it (owner.imported_from_source). A
third-party module really missing stays a dependency. Real pytest 8.4 output of one project (tests/facts/data/
README.md, "A namespace package of the project")."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

COMMAND = "python -m pytest -p no:cacheprovider tests"


def _namespace_tree(root: Path) -> Path:
    # the project's files as the sample's run had them: no __init__.py anywhere
    for path in ("acme/util/cart.py", "tests/test_cart.py"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("")
    return root


@pytest.mark.parametrize("with_source", [False, True])
def test_a_submodule_missing_below_the_projects_namespace_package_is_the_build(
    tmp_path: Path, with_source: bool
) -> None:
    log = framing.github_actions(COMMAND, (DATA / "pytest8_namespace_own_submodule_missing.txt").read_text(), 2)
    facts = extract_facts(log, source=_namespace_tree(tmp_path) if with_source else None)
    record = next(e for e in facts.errors if "acme.util.tariff" in e.message)
    assert record.category is Category.BUILD
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_a_third_party_module_missing_beside_the_namespace_package_is_a_dependency(tmp_path: Path) -> None:
    log = framing.github_actions(COMMAND, (DATA / "pytest8_namespace_third_party_missing.txt").read_text(), 2)
    verdict = rule_verdict(extract_facts(log, source=_namespace_tree(tmp_path)))
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason
    assert "requests_mock" in verdict.reason
