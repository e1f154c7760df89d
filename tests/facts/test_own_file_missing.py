"""A module named by its path that is not there (node's `Cannot find module './pricing'`, `'../lib/cart'`, an ES
module's `Cannot find module '/abs/src/pricing.js' imported from ...`) is a file of the code moved, renamed or never
committed: the build's, as Python's `cannot import name 'total' from 'shop.cart'` is, whichever runner loaded it
(Jest's `Test suite failed to run`, node --test's `test failed` over the file's own stderr, plain `node x.js`).
Inputs are real runs (tests/facts/data/README.md, "A file of the code a require names that is not there")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import missing_of
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]

# (sample, the command, the name the reason quotes). Before: Jest's and node --test's decided test (0.998; the CJS
# node --test abstained at build 0.80 / test 0.80), plain node's had no signal.
OWN_FILE_MISSING = [
    ("jest30_relative_module_missing.txt", "npx jest --ci", "./pricing"),
    ("node_test_relative_module_missing.txt", "node --test test/", "../lib/cart"),
    ("nodetest20_esm_relative_module_missing.txt", "node --test test/", "/src/pricing.js"),
    ("node20_relative_module_missing.txt", "node src/cart.js", "./pricing"),
    ("node20_esm_relative_module_missing.txt", "node src/cart.js", "/src/pricing.js"),
    # an ES module's relative import written without its extension (`from './cart'`), which CommonJS would resolve
    ("node20_esm_relative_import_without_extension.txt", "node src/index.js", "/src/cart"),
]


@pytest.mark.parametrize(("sample", "command", "name"), OWN_FILE_MISSING)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_file_of_the_code_a_require_names_that_is_not_there_is_the_builds(
    sample: str, command: str, name: str, frame: Callable[..., bytes]
) -> None:
    verdict = rule_verdict(extract_facts(frame(command, (DATA / sample).read_text(), 1)))
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    assert name in verdict.reason, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_mochas_exception_during_run_is_not_decided_a_test_failure(frame: Callable[..., bytes]) -> None:
    # `Exception during run: Error: Cannot find module '../lib/cart'`: no test ran, no parser reads it
    verdict = rule_verdict(extract_facts(frame("npm test", (DATA / "mocha10_relative_module_missing.txt").read_text())))
    assert not (verdict.decided and verdict.category is Category.TEST), verdict.reason


def test_a_package_jest_cannot_find_is_no_file_of_the_code() -> None:
    # the same report naming a package (`lodash`): an installation's, not the build's
    text = (DATA / "jest30_relative_module_missing.txt").read_text().replace("'./pricing'", "'lodash'")
    verdict = rule_verdict(extract_facts(framing.travis("npx jest --ci", text)))
    assert not (verdict.category is Category.BUILD and verdict.decided), verdict.reason
    assert not any(s.name == "pattern:tests-build" for s in verdict.signals), verdict.reason


def test_a_path_into_installed_code_is_no_file_of_the_code() -> None:
    for said, own in (
        ("Error: Cannot find module './pricing'", True),
        ("Cannot find module '../lib/cart' from 'test/cart.test.js'", True),
        ("Cannot find module '/app/src/pricing.js' imported from /app/src/cart.js", True),
        ("Cannot find module '/app/node_modules/left-pad/index.js' imported from /app/src/cart.js", False),
        ("Cannot find module 'lodash'", False),
    ):
        missing = missing_of(said)
        assert missing is not None and missing.own_file is own, said
        # a package's file it lacks is the installation's (before: no one's, the record of no category)
        assert missing.third_party is not own, said
