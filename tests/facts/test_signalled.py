"""A program a signal from outside ended, in the words of the tool that ran it (facts/meaning/runs.signalled): GCC's
driver of its pass, collect2 of its linker, GHC of the C compiler it runs, Cargo of rustc or a test binary, cabal of a
package's build. One
concept, the program named: the excerpt keeps the report, the rules name the stop (infra, never decided alone) and no
build error, and a test command's word weighs less when the program killed was the build's. Real GCC 12, GHC 9.0.2
and Cargo 1.95 runs (tests/facts/data/README.md, "Round 50, lane framing"), cabal-install 3.4.1 ("Round 51, lane
framing")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import signalled
from remediate.facts.terminal import strip_terminal
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

Frame = Callable[[str, str, int], bytes]
FRAMES: list[Frame] = [framing.travis, framing.github_actions]

# (sample, the command that made it, its exit status, the program named, the signal, whether it was the build's)
KILLED = [
    ("gcc_cc1_killed.txt", "prlimit --cpu=1 make", 2, "cc1", "SIGKILL", True),
    ("gcc12_gxx_cc1plus_killed.txt", "prlimit --cpu=1 make", 2, "cc1plus", "SIGKILL", True),
    ("gcc12_gxx_cc1plus_terminated.txt", "make", 2, "cc1plus", "SIGTERM", True),
    ("gcc12_collect2_ld_killed.txt", "make -f Makefile.link", 2, "ld", "SIGKILL", True),
    ("gcc12_make_j2_cc1_killed_after_warnings.txt", "prlimit --cpu=1 make -j2", 2, "cc1", "SIGKILL", True),
    ("ghc902_assembler_killed.txt", "ghc -O0 Main.hs", 1, "as", "SIGKILL", True),
    ("ghc902_gcc_driver_killed.txt", "ghc -O0 Main.hs", 1, "x86_64-linux-gnu-gcc", "SIGKILL", True),
    ("cargo_rustc_killed.txt", "cargo build --offline --release --color never", 101, "rustc", "SIGKILL", True),
    # cabal-install names the package whose build process was killed, its words wrapped at 80 columns (no signal
    # read before: keywords alone, infra 0.36)
    ("cabal34_build_process_killed.txt", "prlimit --cpu=3 cabal build", 1, "cartcalc-0.1.0.0", "SIGKILL", True),
    ("cargo195_test_binary_killed.txt", "cargo test --offline", 101, "slowtest-b075b00caf62d927", "SIGKILL", False),
]
IDS = [k[0].split(".")[0] for k in KILLED]


@pytest.mark.parametrize(("sample", "command", "code", "program", "signal", "building"), KILLED, ids=IDS)
def test_the_report_names_the_program_and_its_signal(
    sample: str, command: str, code: int, program: str, signal: str, building: bool
) -> None:
    said = signalled((DATA / sample).read_text())
    assert said is not None
    assert (said.program, said.signal, said.building) == (program, signal, building)


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("sample", "command", "code", "program", "signal", "building"), KILLED, ids=IDS)
def test_a_killed_program_names_the_stop_never_a_build_error(
    sample: str, command: str, code: int, program: str, signal: str, building: bool, frame: Frame
) -> None:
    # before: ld's and GHC's reports named nothing, the SIGTERM'd cc1plus was decided build (a record of the driver)
    facts = extract_facts(frame(command, (DATA / sample).read_text(), code))
    said = signalled((DATA / sample).read_text())
    assert said is not None
    shown = said.line.strip()  # a long line is clipped in its middle (Cargo's rustc command): its ends are kept
    assert shown[:60] in facts.excerpt and shown[-30:] in facts.excerpt
    assert not [e for e in facts.errors if e.votes and e.category is Category.BUILD], facts.errors
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.INFRA, False), verdict.reason
    assert f"`{program}` was ended by {signal} from outside" in verdict.reason


@pytest.mark.parametrize(
    ("sample", "command", "program"),
    [
        ("gcc12_make_j2_cc1_killed_after_warnings.txt", "make check", "cc1"),
        ("gcc12_collect2_ld_killed.txt", "make test", "ld"),
        ("cargo_rustc_killed.txt", "cargo test", "rustc"),
    ],
)
def test_a_build_program_killed_under_a_test_command_weighs_the_word_down(
    sample: str, command: str, program: str
) -> None:
    facts = extract_facts(framing.travis(command, (DATA / sample).read_text(), 2))
    said = signalled((DATA / sample).read_text())
    assert said is not None and facts.stopped_building == " ".join(said.line.split())[:200]
    verdict = rule_verdict(facts)
    assert (verdict.category, verdict.decided) == (Category.INFRA, False), verdict.reason
    assert all(s.discounted for s in verdict.signals if s.category is Category.TEST), verdict.signals
    assert not any(s.category is Category.BUILD and s.rule == "mid-build" for s in verdict.signals)


def test_a_test_binary_killed_is_no_build_stopped() -> None:
    # the control: Cargo's same words of a test binary it ran: the run was killed, not its build
    facts = extract_facts(framing.travis("cargo test", (DATA / "cargo195_test_binary_killed.txt").read_text(), 101))
    assert facts.stopped_building is None
    assert rule_verdict(facts).category is Category.INFRA


def test_a_compiler_out_of_memory_ends_itself_no_signal() -> None:
    # the control: cc1plus refused memory prints its own words and exits; the machine's memory is named
    text = (DATA / "gcc12_gxx_virtual_memory_exhausted.txt").read_text()
    assert signalled(text) is None
    verdict = rule_verdict(extract_facts(framing.travis("prlimit --data=60000000 make", text, 2)))
    assert (verdict.category, verdict.decided) == (Category.INFRA, False)
    assert any(s.rule == "exhausted" for s in verdict.signals), verdict.signals


@pytest.mark.parametrize("sample", ["cargo195_test_segfault.txt", "jest29_worker_segfault.txt"])
def test_a_signal_the_program_raised_itself_is_not_read(sample: str) -> None:
    # a segfault is the program's own fault (CRASH_SIGNALS): no kill from outside
    assert signalled((DATA / sample).read_text()) is None


def test_cabal_s_words_wrapped_anywhere_name_the_package() -> None:
    # cabal wraps its message at 80 columns, so a longer package name moves the break into the words read
    said = signalled(
        "cabal: Failed to build shop-inventory-service-2.14.0.1 (which is required by\n"
        "exe:inventory from shop-inventory-service-2.14.0.1). The build process was\n"
        "killed (i.e. SIGKILL). The typical reason for this is that there is not\n"
    )
    assert said is not None and (said.program, said.signal) == ("shop-inventory-service-2.14.0.1", "SIGKILL")
    # its word of a build that crashed on its own (a segfault) is no kill from outside
    assert signalled("cabal: Failed to build cartcalc-0.1.0.0. The build process segfaulted (i.e. SIGSEGV).\n") is None


def test_older_gcc_s_wording_names_the_program() -> None:
    # GCC's driver before the `signal terminated program` wording, as its users quote it (no older GCC runs here)
    said = signalled("g++: internal compiler error: Killed (program cc1plus)\n")
    assert said is not None and (said.program, said.signal, said.building) == ("cc1plus", "SIGKILL", True)


def test_a_bracketed_word_is_no_erase_line_whose_escape_was_lost() -> None:
    # before: `[K` of `[Killed]` was read as GitLab's erase-line, ESC lost, and collect2's line lost its signal
    assert strip_terminal("collect2: fatal error: ld terminated with signal 9 [Killed]").endswith("[Killed]")
    assert strip_terminal("[0KRunning with gitlab-runner") == "Running with gitlab-runner"
    assert strip_terminal("[Kdownloading 5%") == "downloading 5%"
