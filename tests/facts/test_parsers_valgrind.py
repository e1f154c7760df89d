"""Valgrind's Memcheck (parsers/valgrind.py), on real output of Valgrind 3.19.0 made here (tests/facts/data/README.md,
"Valgrind Memcheck")."""

from __future__ import annotations

from remediate.facts import extract_facts
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.verdict import SANITIZER_ALONE
from tests.facts import framing
from tests.facts.samples import DATA, facts


def _records(sample: str) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(e.file, e.line, e.code, e.message) for e in facts(sample).errors if e.tool == "memcheck"]


def test_an_error_is_at_its_stack_s_first_frame_in_the_program_not_in_the_c_library() -> None:
    """glibc's frames carry lines of their own where its debug information is installed (`printf (printf.c:33)`):
    the uninitialised value printf branched on is main's, at cart.c:17."""
    records = _records("valgrind319_memcheck.txt")
    assert records == [
        ("cart.c", 16, "invalid-write", "Memcheck: Invalid write of size 1 in main"),
        ("cart.c", 8, "invalid-read", "Memcheck: Invalid read of size 4 in total"),
        (
            "cart.c",
            17,
            "uninitialised-value",
            "Memcheck: Conditional jump or move depends on uninitialised value(s) in main",
        ),
        ("cart.c", 17, "uninitialised-value", "Memcheck: Use of uninitialised value of size 8 in main"),
        ("cart.c", 17, "invalid-read", "Memcheck: Invalid read of size 1 in main"),
        ("cart.c", 15, "memory-leak", "Memcheck: memory definitely lost in main"),
    ]
    assert facts("valgrind319_memcheck.txt").category is Category.TEST


def test_the_memory_s_own_stack_is_not_where_the_bug_is_and_a_leak_is_where_it_was_allocated() -> None:
    """The read past the block is in cart_total (cart.c:17), not where the block was allocated (the ` Address ...`
    line's stack, cart.c:7); the leak is at its allocation, under Valgrind's own malloc."""
    assert _records("valgrind319_make_memcheck.txt") == [
        ("cart.c", 17, "invalid-read", "Memcheck: Invalid read of size 4 in cart_total"),
        ("cart.c", 7, "memory-leak", "Memcheck: memory definitely lost in cart_new"),
    ]


def test_a_run_killed_by_a_signal_names_the_signal_at_the_frame_it_died_in() -> None:
    codes = {(file, line, code) for file, line, code, _ in _records("valgrind319_segv.txt")}
    assert codes == {("segv.c", 3, "invalid-read"), ("segv.c", 3, "sigsegv")}


def test_still_reachable_blocks_are_no_error_of_a_run_that_passed() -> None:
    f = facts("valgrind319_reachable_passed.txt")
    assert "memcheck" in f.tools and not f.errors and f.category is Category.UNKNOWN


def test_memcheck_s_errors_alone_are_named_as_a_sanitizer_s_report_never_decided() -> None:
    """The test binary printed `test_total: ok` and failed on Memcheck's errors (`--error-exitcode=1`): no failing
    test is counted, and, as with a sanitizer's report, whether the job was a test run or a program's is not said."""
    log = framing.travis("make memcheck", (DATA / "valgrind319_make_memcheck.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
    assert SANITIZER_ALONE in verdict.reason and "memcheck" in verdict.reason, verdict.reason
