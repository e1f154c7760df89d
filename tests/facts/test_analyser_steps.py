"""C and C++ checkers that print the compiler's diagnostic shape with no check's name after it (facts/analysers.py):
in a step that runs such a checker alone, `FILE:LINE: error: MESSAGE` is the checker's finding (lint), not a build
error; beside a compiler it stays the compiler's. And checkers whose own shapes no parser reads, named by their step
(facts/commands.py: located records). Before: vera++ `--error`, KWStyle `-gcc` and cppcheck under its 1.x gcc
template decided build 0.82-0.88; flawfinder, splint and vera++'s plain report had no signal. Real output:
tests/facts/data/README.md, "C and C++ checkers in the compiler's shape"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.analysers import analyser_step
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _verdict(command: str, sample: str) -> tuple[Category, bool, list[Category]]:
    found = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    verdict = rule_verdict(found)
    return verdict.category, verdict.decided, sorted({e.category for e in found.errors}, key=str)


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("vera++ --error src/calc.cc", "vera121_error.txt"),
        ("find src -name '*.cc' | xargs vera++ --error", "vera121_error.txt"),
        ("KWStyle -gcc src/calc.cc", "kwstyle_gcc.txt"),
        (
            "cppcheck --template='{file}:{line}: {severity}: {message}' --error-exitcode=1 src/util.c",
            "cppcheck210_gcc1x_template.txt",
        ),
        ("cppcheck --template=gcc --error-exitcode=1 src", "cppcheck210_gcc1x_template.txt"),
    ],
)
def test_a_checker_step_speaking_the_compilers_shape_decides_lint(command: str, sample: str) -> None:
    assert _verdict(command, sample) == (Category.LINT, True, [Category.LINT])


@pytest.mark.parametrize(
    "command",
    ["cppcheck -q src && make", "make", "gcc -c src/util.c"],
)
def test_the_same_lines_beside_or_under_a_compiler_stay_the_builds(command: str) -> None:
    """A step that also runs a compiler or build tool may have printed them from the compiler: build, as before
    (vera++ says nothing else of itself)."""
    category, _decided, records = _verdict(command, "vera121_error.txt")
    assert category is Category.BUILD and records == [Category.BUILD]


@pytest.mark.parametrize("command", ["make check-old", "make", "./scripts/check.sh"])
def test_cppchecks_progress_line_names_its_findings_under_any_command(command: str) -> None:
    """cppcheck announces each file it checks (`Checking src/util.c ...`); its column-less findings about that file
    right below are its own, whatever ran it (make echoing the recipe here). Before: build 0.88 under make."""
    found = extract_facts(framing.travis(command, (DATA / "make_cppcheck210_gcc1x_template.txt").read_text()))
    verdict = rule_verdict(found)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert {(e.tool, e.category) for e in found.errors} == {("cppcheck", Category.LINT)}


@pytest.mark.parametrize(
    "text",
    [
        # another file's progress line
        "Checking src/other.c ...\nsrc/util.c:4: error: 'x' undeclared\n",
        # the compiler's own shape, with a column
        "Checking src/util.c ...\nsrc/util.c:4:5: error: 'x' undeclared (first use in this function)\n",
    ],
)
def test_a_compiler_error_not_announced_by_cppcheck_stays_the_compilers(text: str) -> None:
    found = extract_facts(framing.travis("make", text))
    assert [(e.tool, e.category) for e in found.errors] == [("compiler", Category.BUILD)]


@pytest.mark.parametrize(
    ("command", "sample", "tool"),
    [
        ("flawfinder --error-level=4 src", "flawfinder2019_error_level.txt", "flawfinder"),
        ("splint src/util.c", "splint312.txt", "splint"),
        ("vera++ src/calc.cc", "vera121_plain.txt", "vera++"),
    ],
)
def test_checkers_no_parser_reads_give_records_under_their_step(command: str, sample: str, tool: str) -> None:
    found = extract_facts(framing.travis(command, (DATA / sample).read_text()))
    verdict = rule_verdict(found)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert {e.tool for e in found.errors} == {tool}


def test_flawfinder_places_each_hit() -> None:
    found = extract_facts(
        framing.travis("flawfinder --error-level=4 src", (DATA / "flawfinder2019_error_level.txt").read_text())
    )
    assert [(e.file, e.line) for e in found.errors] == [
        ("src/calc.c", 8),
        ("src/calc.c", 5),
        ("src/calc.c", 8),
        ("src/calc.c", 8),
    ]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("vera++ --error src/calc.cc", True),
        ("/usr/bin/cppcheck --enable=all src", True),
        ("for f in src/*.cc; do vera++ --error $f; done", True),
        ("cppcheck src && make", False),  # the compiler may have printed them
        ("make lint", False),  # make's recipe is not read from the log (facts/wrappers.py)
        ("gcc -Wall -c src/vera++.cc", False),
    ],
)
def test_which_steps_run_a_checker_alone(command: str, expected: bool) -> None:
    assert analyser_step(command) is expected
