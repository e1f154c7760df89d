"""A module missing below the project's own Python package, imported by a file of that package in the source (a
flat layout run from the root, or a src layout on the path): the package came from the source, so what it lacks
is the code's, build (owner.imported_from_source, Missing.within). A frame in site-packages (`pip install .`) is an
installed copy: still the own module not found, undecided. Real pytest 9.2.0 and unittest (Python 3.11.2) output
of one project (tests/facts/data/README.md), framed in Travis and GitHub jobs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import missing_of
from remediate.facts.meaning.owner import imported_from_source
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.patterns import OWN_MODULE
from tests.facts import framing

DATA = Path(__file__).parent / "data"
PYTEST = "python -m pytest -p no:cacheprovider tests"
UNITTEST = "python -m unittest discover -s tests -t ."


def _travis(command: str, output: str) -> bytes:
    return framing.travis_commands(
        [("pip install pytest", "Successfully installed pytest-9.2.0", 0), (command, output, 2)]
    )


def _github(command: str, output: str) -> bytes:
    return framing.github_actions(command, output, 2)


FRAMES: list[Callable[[str, str], bytes]] = [_travis, _github]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("pytest9_flat_own_submodule_missing.txt", PYTEST),  # `python -m pytest`: the root on sys.path
        ("pytest9_flat_conftest_own_submodule_missing.txt", "pytest -p no:cacheprovider tests"),  # a root conftest.py
        ("unittest311_flat_own_submodule_missing.txt", UNITTEST),  # `File "/home/runner/work/acme/acme/acme/cart.py"`
    ],
)
def test_a_module_missing_below_the_package_a_flat_layout_imports_is_the_build_s(
    frame: Callable[[str, str], bytes], sample: str, command: str
) -> None:
    facts = extract_facts(frame(command, (DATA / sample).read_text()))
    record = next(e for e in facts.errors if "acme.util.tariff" in e.message)
    assert record.category is Category.BUILD
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    assert OWN_MODULE not in verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_the_same_module_missing_from_an_installed_copy_stays_undecided(frame: Callable[[str, str], bytes]) -> None:
    # `pip install .` of the src layout: pytest's frame is site-packages/acme/cart.py, a copy that may lack what the
    # source holds (a stale build): installation, path or rename, not sure which
    tests = (DATA / "pytest9_src_installed_copy_submodule_missing.txt").read_text()
    verdict = rule_verdict(extract_facts(frame(PYTEST, tests)))
    assert not verdict.decided and OWN_MODULE in verdict.reason, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_third_party_module_the_package_s_own_file_imports_is_a_dependency(
    frame: Callable[[str, str], bytes],
) -> None:
    tests = (DATA / "pytest9_flat_thirdparty_missing.txt").read_text()
    verdict = rule_verdict(extract_facts(frame(PYTEST, tests)))
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


@pytest.mark.parametrize(
    ("name", "importer", "package"),
    [
        ("acme.util.tariff", "acme/cart.py", "acme"),  # flat layout, pytest's frame relative to the rootdir
        ("acme.util.tariff", "src/acme/cart.py", "acme"),  # src layout
        ("acme.util.tariff", "/home/runner/work/acme/acme/acme/cart.py", "acme"),  # a traceback's absolute frame
        ("acme.util.tariff", "/home/travis/build/org/acme/acme/util/__init__.py", "acme"),
        ("acme.util.tariff", "/home/runner/work/acme/acme/tests/test_cart.py", ""),  # a test, no file of the package
        ("acme.util.tariff", "/opt/hostedtoolcache/Python/3.11.2/x64/lib/python3.11/site-packages/acme/cart.py", ""),
        ("acme.util.tariff", ".tox/py311/lib/python3.11/site-packages/acme/cart.py", ""),  # tox's installed copy
        ("acme.util.tariff", "/tmp/build/acme/cart.py", ""),  # an absolute path outside a workspace tells no root
        ("acme", "acme/cart.py", ""),  # the package itself is not below it
        ("tariffkit", "acme/cart.py", ""),  # another package: a third party's
        ("acmex.util", "acme/cart.py", ""),
        ("acme.util.tariff", "lib/acme/cart.py", ""),  # no layout Python's packaging names
        ("acme.util.tariff", None, ""),
    ],
)
def test_which_importing_frames_are_files_of_the_package_in_the_source(
    name: str, importer: str | None, package: str
) -> None:
    assert imported_from_source(name, importer) == package


def test_only_python_s_wording_reads_the_importer() -> None:
    # the record's file is the frame that imported the module Python did not find
    own = missing_of("ModuleNotFoundError: No module named 'acme.util.tariff'", (), "acme/cart.py")
    assert own is not None and own.within == "acme" and not own.third_party and own.own_file
    # node's `Cannot find module` below a folder named like it is no Python package's module
    node = missing_of("Error: Cannot find module 'acme.util.tariff'", (), "acme/cart.js")
    assert node is not None and node.within == ""
