"""A passing test's own output, which reads like a failure (real runs: tests/facts/data/README.md, "Passing tests
that print failures"), is no failure's report: passingoutput.passed_output finds it, the excerpt keeps the failing
test's report before it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts, passingoutput
from remediate.facts.passingoutput import LineVerdicts, failing_verdict_line, passed_output, passing_verdict_line
from remediate.facts.reader import clean_line
from remediate.facts.verdicts import counts_failures, says_passed
from remediate.facts.view import View
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _passed(name: str) -> tuple[list[str], frozenset[int]]:
    texts = [clean_line(line.encode()) for line in (DATA / name).read_text().splitlines()]
    view = View.of(texts)
    return texts, passed_output(view, view.text, frozenset())


def _marked(texts: list[str], passed: frozenset[int], start: str) -> bool:
    return next(no for no, text in enumerate(texts, 1) if text.startswith(start)) in passed


# (sample, a line a passing test printed, a line of the failing test's report): each line by its start
CASES = [
    # unittest -v: the logged Traceback between the test's `... ` and its `ok`
    ("unittest311_decoys.txt", "shop.PaymentError: card 5100", "AssertionError: 3.5999999999999996 != 3.6"),
    ("unittest311_decoys.txt", "test_declined_card_error_is_logged (", "FAIL: test_total_with_tax"),
    # go test -v: the package's log line and t.Log's, between `=== RUN` and `--- PASS`
    ("gotest119_v_decoys.txt", "2026/12/04 12:27:02 error: bad quantity", "    cart_test.go:33: Total = 300"),
    ("gotest119_v_decoys.txt", "    cart_test.go:27: error: charge", "--- FAIL: TestTotal"),
    # Jest: the console block indented below its file's `PASS` line, the failing file's report above it
    ("jest29_decoys.txt", "      checkout failed PaymentError", "    Received: 300"),
    ("jest29_decoys.txt", "    console.warn", "      at Object.toBe (lib/total.test.js:4:33)"),
    # Surefire: a passing class's logged exceptions between its `Running` line and its `Tests run: 2, Failures: 0`;
    # slf4j-simple's `[main] ERROR` is a logger's thread, no xdist worker's verdict
    ("maven_surefire_decoys.txt", "[main] ERROR shop.Inventory", "org.opentest4j.AssertionFailedError: expected"),
    ("maven_surefire_decoys.txt", "SEVERE: checkout failed", "[ERROR] shop.CartTest.totalInCents -- Time"),
    ("maven_surefire_decoys.txt", 'java.lang.NumberFormatException: For input string: "three"', "[ERROR]   CartTest"),
    # Gradle: a test's output indented under its `STANDARD_ERROR` heading, above its `PASSED` event
    ("gradle441_test_decoys.txt", "    SEVERE: checkout failed", "    java.lang.AssertionError: expected:<400>"),
    ("gradle441_test_decoys.txt", "    [Test worker] ERROR shop.Inventory", "        at shop.CartTest.totalInCents("),
    # Gradle with no `PASSED` events: a heading whose test no `FAILED` event names is a passing test's
    ("gradle441_test_streams_decoys.txt", "    SEVERE: checkout failed", "    java.lang.AssertionError at CartTest"),
    (
        "gradle441_test_streams_decoys.txt",
        '    java.lang.NumberFormatException: For input string: "three"',
        ":test FAILED",
    ),
]


@pytest.mark.parametrize(("sample", "decoy", "report"), CASES)
def test_a_passing_tests_output_is_found_and_the_failing_report_is_not(sample: str, decoy: str, report: str) -> None:
    texts, passed = _passed(sample)
    assert _marked(texts, passed, decoy)
    assert not _marked(texts, passed, report)


def test_a_run_that_passed_is_all_passing_output() -> None:
    # JUnitCore prints a dot as each test starts and no test's verdict: `OK (3 tests)` closes the run, and the
    # stack traces the passing tests' code printed (printStackTrace, java.util.logging's SEVERE) are its.
    texts, passed = _passed("junit4_decoys_passed.txt")
    for start in (".java.lang.NumberFormatException", "SEVERE: checkout failed", "\tat shop.Checkout.charge"):
        assert _marked(texts, passed, start), start
    # Surefire's per-class line counts no failure and says nothing of passing: the class's logged traces are its
    texts, passed = _passed("maven_surefire_decoys_passed.txt")
    for start in ("[main] ERROR shop.Inventory", "SEVERE: checkout failed", "java.lang.NumberFormatException"):
        assert _marked(texts, passed, start), start
    # Jest --verbose prints the console blocks above the file's `PASS` line
    texts, passed = _passed("jest29_decoys_verbose_passed.txt")
    assert _marked(texts, passed, "    checkout failed PaymentError")


def test_verdicts_that_bound_a_tests_output() -> None:
    assert passing_verdict_line("ok")  # unittest's, after what the test wrote behind its `... `
    assert passing_verdict_line("OK (3 tests)")
    assert passing_verdict_line("--- PASS: TestChargeDeclinedError (0.00s)")
    assert failing_verdict_line("FAIL lib/total.test.js")
    assert failing_verdict_line("1) totalInCents(shop.TotalTest)")
    assert failing_verdict_line("[gw2] [ 27%] FAILED test_orders.py::test_order_total_17 ")  # pytest-xdist -v
    # Surefire's per-class line says nothing of passing but counts no failure: a verdict under its class's heading
    # (`Running shop.CartTest`) only, as a bare count may close any tool's output; Gradle's test event
    surefire = "[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.2 s"
    assert passing_verdict_line(surefire, headed=True)
    assert not passing_verdict_line(surefire)
    assert passing_verdict_line("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 sec", headed=True)
    failed = "[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.028 s"
    assert not passing_verdict_line(failed, headed=True)
    assert passing_verdict_line("shop.CheckoutTest > declinedCardIsReportedNotThrown PASSED")
    assert failing_verdict_line("shop.CartTest > totalInCents FAILED")
    assert not failing_verdict_line("[main] ERROR shop.Inventory - reservation failed for sku A-404")
    # a logged message that counts something beside a failure's word is no summary
    assert not failing_verdict_line("SEVERE: checkout failed for amount=10.0")
    assert not failing_verdict_line("      at error (lib/checkout.js:15:13)")


# Lines at the edges of the verdicts' gates: a count of none in words no gate names (`no issues`), `ok` at a line's end,
# a verdict's word in capitals or after a non-ASCII letter whose lower case is longer (`İ`), marks alone.
EDGES = [
    "no issues",
    "Found no issues",
    "all ok",
    "ALL OK",
    "İ FAIL x",
    "İFAILED",
    "✓ adds",
    "√ adds",
    "× adds",
    "1) x",
    "not ok 3 - adds",
    "Ran 3 tests containing 3 assertions. 1 failures, 1 errors.",
    "3 broken",
    "",
    "   ",
]


def test_a_lines_verdicts_are_its_readers_answers() -> None:
    # LineVerdicts answers as each reader does, for every line of every sample (real runs of many tools) and the
    # edges above: the quiet lines it answers for without asking are none of them.
    texts = {clean_line(line.encode()) for sample in DATA.rglob("*.txt") for line in sample.read_text().splitlines()}
    for text in sorted(texts | set(EDGES)):
        verdicts = LineVerdicts(text)
        got = (verdicts.passing(), verdicts.passing(True), verdicts.failing())
        assert got == (passing_verdict_line(text), passing_verdict_line(text, True), failing_verdict_line(text)), text
        assert (verdicts.says_passed(), verdicts.counts_failures()) == (says_passed(text), counts_failures(text)), text


def test_a_views_line_is_read_once_whoever_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A log prints many lines alike (a retried run's report, a test's output each time it runs): each text of a
    # view is read once, by whichever pass asks first (a passing test's output, the tasks and copies).
    calls: dict[str, int] = {}

    def counted(read: Callable[..., bool]) -> Callable[..., bool]:
        def reading(text: str, *args: bool, **kwargs: bool) -> bool:
            calls[text] = calls.get(text, 0) + 1
            return read(text, *args, **kwargs)

        return reading

    texts, _ = _passed("gotest119_v_decoys.txt")
    monkeypatch.setattr(passingoutput, "failing_verdict_line", counted(failing_verdict_line))
    view = View.of(texts * 3)
    first = passed_output(view, view.text, frozenset())
    assert passed_output(view, view.text, frozenset()) == first
    assert calls and max(calls.values()) == 1


@pytest.mark.parametrize(
    ("command", "sample", "report", "decoy", "budgets"),
    [
        (
            "python3 -m unittest -v tests.test_shop",
            "unittest311_decoys.txt",
            "AssertionError: 3.5999999999999996 != 3.6",
            "shop.PaymentError: card 5100 declined by issuer",
            (200, 300),
        ),
        ("go test -v ./...", "gotest119_v_decoys.txt", "Total = 300, want 400", "error: bad quantity", (150, 200)),
        ("CI=true npx jest lib", "jest29_decoys.txt", "Received: 300", "checkout failed PaymentError", (200, 300)),
        (
            "mvn -B -o test",
            "maven_surefire_decoys.txt",
            "expected: <400> but was: <300>",
            "checkout failed for amount=10.0",
            (500, 800),
        ),
        (
            "gradle --offline --console=plain test",
            "gradle441_test_decoys.txt",
            "expected:<400> but was:<300>",
            'For input string: "three"',
            (400, 500),
        ),
        (
            "gradle --offline --console=plain test",
            "gradle441_test_streams_decoys.txt",
            "java.lang.AssertionError at CartTest.java:10",
            'For input string: "three"',
            (400, 600),
        ),
    ],
)
def test_the_excerpt_keeps_the_failing_report_before_a_passing_tests_logged_error(
    command: str, sample: str, report: str, decoy: str, budgets: tuple[int, ...]
) -> None:
    # Scored as a failure, the logged error took the room first: at 200 tokens Jest's console.error block was
    # kept and the failing test's `Received: 300` was not; unittest's and go's kept their logged errors too, as
    # Surefire's (`SEVERE: checkout failed` at 500 and 800 tokens) and Gradle's (the NumberFormatException at 400).
    raw = framing.travis(command, (DATA / sample).read_text())
    for budget in budgets:
        excerpt = extract_facts(raw, budget_tokens=budget).excerpt
        assert report in excerpt, budget
        assert decoy not in excerpt, budget


def test_a_seeds_block_does_not_follow_into_a_passing_runs_output() -> None:
    # pytest's echo `$ pytest -W "error:old_api:..."` seeds on its `error`; below it JUnitCore's passing run printed
    # its tests' logged traces (`.java.lang.NumberFormatException` over 40 `at ...` frames, then `OK (3 tests)`),
    # then pytest's report. Followed as a trace, the traces took 700 tokens at 2,000 and the report lost 69 of its
    # 171 lines; the block stops at the passing run's output and the report is kept nearly whole. A line or two of
    # that output under the command may take what is left once no report line fits (a few characters of slack).
    command = 'pytest -p no:asyncio -W "error:old_api:DeprecationWarning" tests'
    passing = (DATA / "junit4_decoys_passed.txt").read_text()
    report = (DATA / "pytest_grouped.txt").read_text()
    log = framing.travis(command, passing + report)
    f = extract_facts(log, budget_tokens=2000)
    excerpt = f.excerpt
    assert f"$ {command}" in excerpt
    below = log.decode().split("\n").index(f"travis_time:start:1b2c3d4e\r\x1b[0K$ {command}") + 2  # its first line
    shown = {n for r in f.excerpt_lines for n in range(r.start, r.end + 1)}
    assert len(shown.intersection(range(below, below + 45))) <= 2
    assert "at shop.Checkout.quantity(Checkout.java:28)" not in excerpt
    told = [line for line in report.splitlines() if line.startswith(("x = ", "E       "))]
    assert sum(line in excerpt for line in told) >= 0.9 * len(told)
