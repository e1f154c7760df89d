"""The sanitizers' reports (parsers/sanitizers.py), on real output made here: GCC 12's
AddressSanitizer, LeakSanitizer, ThreadSanitizer and UndefinedBehaviorSanitizer in
/home/runner/work/cbuf/cbuf (tests/facts/data/README.md, "Sanitizer reports")."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, ErrorRecord, Facts
from remediate.triage import rule_verdict
from remediate.triage.verdict import SANITIZER_ALONE
from tests.facts import framing
from tests.facts.samples import DATA, Framed, facts, framed_test

WORKSPACE = "/home/runner/work/cbuf/cbuf/"
CASES: list[Framed] = [
    ("ctest_asan.txt", "ctest --output-on-failure", WORKSPACE, "src/buf.c", Category.TEST),
]
test_a_sanitizer_report_reads_the_same_inside_a_ci_log = framed_test(CASES)


@pytest.mark.parametrize(
    ("sample", "tool", "place", "code", "message"),
    [
        # the runtime's memcpy interceptor is the top frame: the report is at the project's caller
        ("asan_heap_overflow.txt", "asan", ("src/buf.c", 15, None), "heap-buffer-overflow", "in buf_push"),
        ("color/asan_uaf_plain.txt", "asan", ("src/buf.c", 25, None), "heap-use-after-free", "in buf_last"),
        # a leak is where it was allocated, under the runtime's malloc
        ("lsan_leak.txt", "lsan", ("src/buf.c", 6, None), "memory-leak", "LeakSanitizer: detected memory leaks"),
        # ThreadSanitizer's frames carry no address and end with the module
        ("tsan_race.txt", "tsan", ("tests/test_counter.c", 9, None), "data-race", "data race in worker"),
        ("ubsan_stack.txt", "ubsan", ("src/buf.c", 29, 16), "undefined-behavior", "signed integer overflow"),
        ("ubsan_halt.txt", "ubsan", ("src/buf.c", 29, 16), "undefined-behavior", "signed integer overflow"),
    ],
)
def test_a_report_is_one_record_at_the_project_s_first_frame(
    sample: str, tool: str, place: tuple[str, int, int | None], code: str, message: str
) -> None:
    f = facts(sample)
    (record,) = [e for e in f.errors if e.tool == tool]
    assert (record.file, record.line, record.column) == place
    assert record.code == code and message in record.message
    assert tool in f.tools
    if tool == "ubsan":  # shown, not voted: in recover mode the program goes on and may exit 0
        assert not record.votes and f.category is Category.UNKNOWN and f.category_basis == "none"
    else:  # ASan and LSan abort or fail the exit status, TSan fails it at exit
        assert record.votes and f.category is Category.TEST


def test_ctest_s_failing_tests_come_with_the_reports_of_their_output() -> None:
    f = facts("ctest_asan.txt")
    assert [t.id for t in f.failing_tests] == ["overflow", "uaf", "scaled"]
    places = {(e.tool, e.file, e.line, e.code) for e in f.errors if e.tool in ("asan", "ubsan")}
    assert places == {
        ("asan", "src/buf.c", 15, "heap-buffer-overflow"),
        ("asan", "src/buf.c", 25, "heap-use-after-free"),
        ("ubsan", "src/buf.c", 29, "undefined-behavior"),
    }


def test_a_record_shown_not_voted_is_no_evidence_for_the_rules() -> None:
    """The same record, voting or not: the rules (and the facts' own classifier, above) read only
    the one that votes; the other stays in the facts for the excerpt and the report."""
    record = ErrorRecord(
        tool="ubsan", file="src/buf.c", line=29, code="undefined-behavior", message="runtime error: overflow"
    )
    voted = rule_verdict(Facts(errors=[record.model_copy(update={"category": Category.BUILD})]))
    shown = rule_verdict(Facts(errors=[record.model_copy(update={"category": Category.BUILD, "votes": False})]))
    assert voted.scores.get(Category.BUILD, 0.0) > 0.0 and voted.signals
    assert shown.scores.get(Category.BUILD, 0.0) == 0.0 and not shown.signals


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("asan_heap_overflow.txt", "make test"),
        ("lsan_leak.txt", "make test"),
        ("tsan_race.txt", "./test_counter"),
    ],
)
def test_a_sanitizer_s_report_alone_is_named_never_decided(sample: str, command: str) -> None:
    """No failing test beside the report: a test run's or a program's run hit the bug. LogChunks' dev half labels
    such runs test in one repository only (neovim, whose after_each reads the ASan log), so the rules say why they
    abstain instead of deciding; beside the failing tests ctest counts (ctest_asan.txt) they decide test."""
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / sample).read_text())))
    assert not verdict.decided and SANITIZER_ALONE in verdict.reason, verdict.reason
    ctest = rule_verdict(facts("ctest_asan.txt"))
    assert (ctest.category, ctest.decided) == (Category.TEST, True)


@pytest.mark.parametrize("sample", ["ubsan_halt.txt", "ubsan_stack.txt"])
@pytest.mark.parametrize("command", ["./test_ubsan scaled", "make test", "ctest --output-on-failure"])
def test_a_run_that_failed_on_ubsan_s_report_names_it_and_never_decides(sample: str, command: str) -> None:
    """UBSan's `runtime error:` line is shown, not voted; a run that halted on it (`-fno-sanitize-recover`,
    `halt_on_error=1`) shows nothing else, and the rules said "no signal": the report is named, test the guess."""
    for log in ((DATA / sample).read_bytes(), framing.travis(command, (DATA / sample).read_text())):
        verdict = rule_verdict(extract_facts(log))
        assert verdict.category is Category.TEST and not verdict.decided, verdict.reason
        assert SANITIZER_ALONE in verdict.reason and "signed integer overflow" in verdict.reason, verdict.reason


@pytest.mark.parametrize("sample", ["ubsan_stack.txt", "asan_heap_overflow.txt"])
@pytest.mark.parametrize("before", [True, False])
def test_a_sanitizer_s_report_in_a_passing_step_is_not_the_failure(sample: str, before: bool) -> None:
    """The report in a step the CI says passed (`make test || true`), beside flake8's findings that failed the job:
    lint decides, and the report is neither a rival nor named."""
    passed = ("make test || true", (DATA / sample).read_text(), 0)
    lint = ("flake8 pkg tests", (DATA / "flake8.txt").read_text(), 1)
    log = framing.travis_commands([passed, lint] if before else [lint, passed], say_passed=True)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert SANITIZER_ALONE not in verdict.reason and Category.TEST not in verdict.scores, verdict.reason
