"""pip building a package while it prepares its metadata (PEP 517: `Preparing metadata (pyproject.toml)`, `Preparing
editable metadata (pyproject.toml)`), as meson-python and setuptools' cythonize do: the build is the source pip named
last, the project's own tree (`Processing ./.`, `Obtaining file:///...`) or a fetched sdist (`Collecting x`); under -v
the output comes as it runs, under `Running command ...`, with no `╰─> [N lines of output]` block."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.pipsources import OWN_TREE, PipSources
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

EDITABLE = "pip install --verbose --editable . --no-build-isolation"
FETCHED = "pip install --index-url http://127.0.0.1:8851/simple --no-build-isolation -r requirements.txt"

# (sample, its command, the file and line of the compiler's error as the build printed it)
MESON = [
    ("pip26_mesonpy_own_editable_verbose.txt", EDITABLE, ("../../src/cartcalc/_core.cpp", 7)),
    (
        "pip26_mesonpy_own_editable.txt",
        "pip install --editable . --no-build-isolation",
        ("../../src/cartcalc/_core.cpp", 7),
    ),
    ("pip26_mesonpy_own_wheel.txt", "pip install . --no-build-isolation", ("../src/cartcalc/_core.cpp", 7)),
]
CYTHON = [
    ("pip26_cython_own.txt", "pip install --no-build-isolation .", ("pricetag/_fast.pyx", 3)),
    ("pip26_cython_own_verbose.txt", "pip install --verbose --no-build-isolation .", ("pricetag/_fast.pyx", 3)),
]


def _both(name: str, command: str) -> tuple[Facts, Facts]:
    """The sample's facts in a Travis job under its command: with every parser, and with those that read it left out
    (installedbuilds' reading, as for a pip no parser knows)."""
    log = framing.travis(command, (DATA / name).read_text())
    return extract_facts(log), extract_facts(log, leave_out=modules_reading(log))


def _built(f: Facts, place: tuple[str, int]) -> None:
    compiled = [e for e in f.errors if e.tool == "compiler"]
    assert compiled and all((e.file, e.line) == place for e in compiled), f.errors
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


@pytest.mark.parametrize(("name", "command", "place"), MESON + CYTHON)
def test_the_projects_own_build_failing_as_pip_prepares_its_metadata_is_a_build_failure(
    name: str, command: str, place: tuple[str, int]
) -> None:
    # before: pip's `error: metadata-generation-failed` alone was read, a dependency decided (0.88); the compiler's
    # (g++ under ninja, Cython) errors in the own tree's build were not read
    full, left = _both(name, command)
    _built(full, place)
    if (name, command, place) in MESON:
        _built(left, place)  # pip's parser left out: installedbuilds' reading
    else:  # the traceback's record under the step keeps the installer's reading out: nothing decided
        assert not rule_verdict(left).decided


@pytest.mark.parametrize("name", ["pip26_mesonpy_fetched.txt", "pip26_mesonpy_fetched_verbose.txt"])
def test_a_fetched_sdists_build_failing_as_pip_prepares_its_metadata_is_no_build_decision(name: str) -> None:
    # control: the same project's sdist fetched from an index (`Collecting cartcalc==0.1.0`): a third party's code
    # that does not build here (FETCHED_BUILD, no file), never the project's build; at most a dependency
    for f in _both(name, FETCHED):
        assert [e.file for e in f.errors if e.tool == "compiler"] == [None], f.errors
        verdict = rule_verdict(f)
        assert verdict.category is Category.DEPENDENCY and not verdict.decided, verdict.reason


def test_the_package_pip_prepares_is_the_source_it_named_last() -> None:
    sources = PipSources()
    assert sources.prepare() is None  # no source named: nothing known
    sources.read("Processing ./.")
    assert sources.prepare() == OWN_TREE and sources.built[OWN_TREE]
    sources.read("Collecting cartcalc==0.1.0 (from -r requirements.txt (line 1))")
    assert sources.prepare() == "cartcalc" and not sources.built["cartcalc"]
    sources.read("Obtaining file:///home/runner/work/shop/shop")
    assert sources.prepare() == OWN_TREE
