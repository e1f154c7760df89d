"""A test command killed inside the build that precedes its tests (facts/buildphase.py, discounts.stopped_in_build):
the facts say the build's last progress line, the rules name the build and never decide it alone, the test command's
word weighs less. Real GHC 9.0.2 (alone, under make and under Stack 2.7.5), Cargo 1.95, GCC 12 under make and Maven 3.8.7 runs stopped by `timeout`
(tests/facts/data/README.md, "Round 49, lane framing")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.verdict import MID_BUILD
from tests.facts import framing
from tests.facts.samples import DATA

Frame = Callable[[str, str, int], bytes]
FRAMES: list[Frame] = [framing.travis, framing.github_actions]

STOPPED = [
    ("ghc902_make_test_killed_mid_compile.txt", "make test", "[2 of 4] Compiling B ( src/B.hs, build/B.o )"),
    ("ghc902_killed_mid_compile.txt", "stack --no-terminal test", "[2 of 4] Compiling B ( src/B.hs, build/B.o )"),
    # stack's report of the package below (`--  While building package shop-0.1.0.0 ...`, `ExitFailure (-9) (THIS MAY
    # INDICATE OUT OF MEMORY)`): GHC killed as the OOM killer does
    ("stack275_test_ghc_killed_mid_compile.txt", "stack --no-terminal test", "[2 of 3] Compiling B"),
    ("stack275_test_timeout_mid_compile.txt", "stack --no-terminal test", "[2 of 3] Compiling B"),
    ("cargo195_test_killed_mid_compile.txt", "cargo test", "Compiling tally v0.1.0 (/tmp/framing-s/tally)"),
    (
        "cargo195_test_verbose_killed_mid_compile.txt",
        "cargo test -v",
        "Running `/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc --crate-name tally --edition=2024 ",
    ),
    ("gcc12_make_check_killed_mid_compile.txt", "make check", "gcc -O2 -Wall -c table.c -o table.o"),
    ("gcc12_make_check_sigkill_mid_compile.txt", "make check", "gcc -O2 -Wall -c table.c -o table.o"),
    (
        "maven387_test_killed_mid_compile.txt",
        "mvn -B -o test",
        "[INFO] Compiling 150 source files with javac [debug release 17] to target/classes",
    ),
]


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("sample", "command", "shown"), STOPPED, ids=[s[0].split(".")[0] for s in STOPPED])
def test_a_step_stopped_inside_its_build_names_the_build_never_decided(
    sample: str, command: str, shown: str, frame: Frame
) -> None:
    # before: `cargo test`, `mvn test` named test (the command's word); `make check` infra or nothing
    facts = extract_facts(frame(command, (DATA / sample).read_text(), 124))
    assert facts.stopped_building is not None and facts.stopped_building.startswith(shown)  # clipped at 200
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, False), verdict.reason
    assert MID_BUILD in verdict.reason
    tests_word = [s for s in verdict.signals if s.category is Category.TEST]
    assert all(s.discounted for s in tests_word), tests_word


# Travis quotes a command written over several lines as written: `The command "case "$BUILD" in` opens its report,
# the command's other lines and `" exited with 1.` follow (the failure point is the opening line)
_CASE = (
    'case "$BUILD" in\n  stack)\n    stack --no-terminal test --fast\n    ;;\n  cabal)\n    cabal test\n    ;;\nesac'
)


def _travis_after_setup(command: str, output: str, code: int) -> bytes:
    return framing.travis_setup([("install", "stack setup", "ok")], command, output, code)


@pytest.mark.parametrize("frame", [framing.travis, _travis_after_setup], ids=["own_line", "after_timer"])
def test_travis_s_report_of_a_command_over_several_lines_is_the_runner_s(frame: Frame) -> None:
    facts = extract_facts(frame(_CASE, (DATA / "ghc902_killed_mid_compile.txt").read_text(), 1))
    assert facts.stopped_building == "[2 of 4] Compiling B ( src/B.hs, build/B.o )"
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, False), verdict.reason


@pytest.mark.parametrize("frame", [framing.gitlab, framing.jenkins], ids=lambda f: f.__name__)
def test_the_runner_s_own_lines_after_the_build_are_not_the_build_s(frame: Frame) -> None:
    # GitLab's `Cleaning up project directory ...` and `ERROR: Job failed: exit code 1`, Jenkins' `[Pipeline] }` lines
    facts = extract_facts(frame("make check", (DATA / "gcc12_make_check_killed_mid_compile.txt").read_text(), 2))
    assert facts.stopped_building == "gcc -O2 -Wall -c table.c -o table.o"


def test_tests_that_started_before_the_kill_leave_the_command_s_word() -> None:
    # the control: cargo finished its build and ran one test (`test tests::adds ... ok`) before `timeout` stopped it
    log = framing.travis("cargo test", (DATA / "cargo195_test_killed_running_tests.txt").read_text(), 124)
    facts = extract_facts(log)
    assert facts.stopped_building is None
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and MID_BUILD not in verdict.reason


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("stack27_two_packages_ghc_error.txt", "stack --no-terminal test"),
        ("maven387_testcompile_own_package_missing.txt", "mvn -B -o test"),
        ("cargo195_bin_two_errors.txt", "cargo test"),
    ],
)
def test_a_build_that_printed_its_error_is_read_as_before(sample: str, command: str) -> None:
    # the controls: a compile error under a test command ends no output on a progress line; its records decide
    facts = extract_facts(framing.travis(command, (DATA / sample).read_text(), 1))
    assert facts.stopped_building is None
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


def test_the_phase_is_left_out_of_the_json_when_none() -> None:
    # every other log's facts read as before the field was added
    facts = extract_facts(framing.travis("cargo test", (DATA / "cargo195_test_killed_running_tests.txt").read_text()))
    assert "stopped_building" not in facts.model_dump_json()
