"""The committed cassettes are exactly what their scripts say, and honest about what they are."""

from __future__ import annotations

import pytest

from remediate.replay import Cassette
from tests.agents.scripting import FIXTURES
from tests.agents.scripts import SCRIPTS, ZERO_MODEL, rendered


@pytest.mark.parametrize("case", sorted(SCRIPTS))
def test_committed_cassette_matches_its_script(case: str) -> None:
    path = FIXTURES / case / "cassette.json"
    assert path.read_text(encoding="utf-8") == rendered(case), "run: python -m tests.agents.scripts write"
    cassette = Cassette.load(path)
    assert cassette.kind == "scripted" and cassette.description
    for interaction in cassette.interactions:
        assert interaction.body["usage"] == "estimate", "scripted usage follows the real request size"
    first = cassette.interactions[0].expect
    assert first.tools is not None and first.contains, "the first request checks tools and facts"
    assert all(i.expect.tool_results for i in cassette.interactions[1:]), "every later turn checks results"
    last = cassette.interactions[-1].body["content"][-1]
    assert last["name"] == "finish" and last["input"]["fixed"] is True and len(last["input"]["root_cause"]) > 40


OWN_CASSETTE = {"py-renamed-function", "py-own-venv-editable", "py-src-layout-setup"}
# Fixtures whose correct end is not `fixed` (e.g. a failure the sandbox cannot reproduce): no model call.
NOT_FIXED = {p.parent.name for p in FIXTURES.glob("*/case.toml") if "\nexpect = " in p.read_text(encoding="utf-8")}


def test_every_fixture_has_a_cassette() -> None:
    cases = {p.parent.name for p in FIXTURES.glob("*/case.toml")} - NOT_FIXED
    # py-renamed-function and the environment fixtures keep cassettes written by hand.
    assert cases - set(SCRIPTS) - set(ZERO_MODEL) == OWN_CASSETTE, "they keep their own cassette"
    assert not set(SCRIPTS) & set(ZERO_MODEL)
    for case in cases - set(ZERO_MODEL):
        assert (FIXTURES / case / "cassette.json").is_file(), case
    for case in ZERO_MODEL:
        assert not (FIXTURES / case / "cassette.json").exists(), f"{case} must be fixed with no model access at all"
