"""Valgrind's Memcheck (parsers/valgrind.py), on real output of Valgrind 3.19.0 made here (tests/facts/data/README.md,
"Valgrind Memcheck")."""

from __future__ import annotations

from pathlib import Path

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


def _thread_records(sample: str, tool: str) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(e.file, e.line, e.code, e.message) for e in facts(sample).errors if e.tool == tool]


def test_helgrind_s_race_is_at_the_thread_s_own_frame_and_its_announcements_are_no_errors() -> None:
    """Helgrind announces each thread with the stack that created it (`Thread #3 was created ... main (race.c:17)`):
    no error. The race is at the racing thread's first frame with a line (no `main` in a thread's stack), once per
    access, without the address or thread number that differ between runs."""
    assert _thread_records("valgrind319_helgrind_race.txt", "helgrind") == [
        ("race.c", 9, "data-race", "Helgrind: Possible data race during read of size 4 in work"),
        ("race.c", 9, "data-race", "Helgrind: Possible data race during write of size 4 in work"),
    ]
    assert facts("valgrind319_helgrind_race.txt").category is Category.TEST


def test_helgrind_s_lock_order_error_is_one_record_across_its_empty_lines() -> None:
    """The error's first line stands alone (`Thread #1: lock order "0x10C040 before 0x10C080" violated`); its first
    stack comes after an empty line, under `Observed (incorrect) order is: ...`; the later parts (the required
    order, where each lock was first observed) are the locks' history."""
    assert _thread_records("valgrind319_helgrind_lock_order.txt", "helgrind") == [
        ("order.c", 16, "lock-order", "Helgrind: lock order violated in lock_ba"),
    ]


def test_a_helgrind_run_without_errors_names_the_tool_and_no_record() -> None:
    f = facts("valgrind319_helgrind_passed.txt")
    assert "helgrind" in f.tools and not f.errors and f.category is Category.UNKNOWN


def test_drd_s_errors_read_behind_its_thread_lines_with_repo_paths_and_are_never_decided_alone() -> None:
    """`--fullpath-after=` makes Valgrind print whole paths: inside a GitHub Actions log they are the repository's.
    DRD's `Thread 3:` line before an error is no error; a misused mutex is at main's frame."""
    log = framing.github_actions(
        "valgrind --tool=drd --fullpath-after= --error-exitcode=1 ./race",
        (DATA / "valgrind319_drd_race_fullpath.txt").read_text(),
    )
    f = extract_facts(log)
    assert [(e.file, e.line, e.code, e.message) for e in f.errors if e.tool == "drd"] == [
        ("src/race.c", 9, "data-race", "DRD: Conflicting load size 4 in work"),
        ("src/race.c", 9, "data-race", "DRD: Conflicting store size 4 in work"),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.TEST and not verdict.decided and SANITIZER_ALONE in verdict.reason
    assert _thread_records("valgrind319_drd_not_a_mutex.txt", "drd") == [
        ("unlock.c", 7, "the-object-is", "DRD: The object is not a mutex. in main"),
    ]


def test_a_bare_file_name_is_the_one_file_of_that_name_in_the_source_tree_and_stays_bare_when_several_are(
    tmp_path: Path,
) -> None:
    """Valgrind prints a frame's file by its basename unless run with `--fullpath-after` (`cart_total (cart.c:17)` for
    src/cart.c): with the source tree given, a name one file has is that file (repo.FileIndex, as for go's and
    JUnit's bare names); one several files have stays as printed (never a guess)."""
    log = framing.travis("make memcheck", (DATA / "valgrind319_make_memcheck.txt").read_text())
    for folder in ("src", "tests"):
        (tmp_path / folder).mkdir()
    (tmp_path / "src" / "cart.c").write_text("")
    (tmp_path / "tests" / "test_cart.c").write_text("")
    placed = [e.file for e in extract_facts(log, source=tmp_path).errors if e.tool == "memcheck"]
    assert placed == ["src/cart.c", "src/cart.c"]
    (tmp_path / "tests" / "cart.c").write_text("")
    assert {e.file for e in extract_facts(log, source=tmp_path).errors if e.tool == "memcheck"} == {"cart.c"}
