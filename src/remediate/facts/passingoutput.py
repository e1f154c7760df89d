"""A passing test's own output: lines that read like a failure printed by a test the runner says passed.

Tests that pass print failures of their own: the code under test logs an exception it handles (java.util.logging's
`SEVERE: checkout failed` over `java.lang.IllegalStateException: ...` and its `at ...` frames, Python's
`ERROR:shop.payments:checkout failed` over a Traceback, Go's `2026/12/04 12:27:02 error: bad quantity`), Jest
prints a test file's `console.error` with its stack. None of it is the job's failure, and its words score as
high as the failing report's. A runner says which test a line belongs to by where it prints the test's verdict,
and every runner does it in one of two ways:
- after the test's output, which runs from the line after the verdict or the test's heading above it (go test -v's
  `=== RUN   TestX` ... `--- PASS: TestX (0.00s)`, unittest -v's `test_x (m.T.test_x) ... ` ... `ok`, Jest
  --verbose's console blocks over its `PASS lib/a.test.js`, Surefire's `Running shop.CartTest` ... `Tests run: 2,
  Failures: 0, Errors: 0, Skipped: 0` per class, Gradle's `shop.CartTest > total STANDARD_ERROR` over the lines the
  test wrote ... `shop.CartTest > total PASSED`): what lies between two verdicts is the later one's;
- before it, the output indented below the verdict (Jest's `PASS lib/a.test.js` over its `  ● Console` block, go
  test's `--- PASS: TestParent` over its subtests' lines).
A failing verdict bounds a test's output as a passing one does, and the lines indented below a failing verdict are
that test's report, never a passing one's (go test's `--- FAIL: TestX` over `    x_test.go:9: got 3`). A run's
closing summary in which nothing failed (JUnit's `OK (3 tests)`) is a passing verdict of all the run's output
above it. A heading over a test's output whose test no event reports failing (Gradle's `shop.CartTest > total
STANDARD_ERROR` under `showStandardStreams` alone, which prints `FAILED` events and no `PASSED` ones) passes the
output below it once another test's heading or event follows: a test killed mid-run is reported by none.
Below a run's summary the lines are no test's (a wrapper's: npm's `npm error Lifecycle script`, nx's `Failed
tasks:`), nor are its failures listed again (node --test's `✖ failing tests:`), up to the next test's heading or
passing verdict. A stretch longer than runnersections.SECTION_LINES, or broken by a task's prefix or a step's start,
is nobody's: its verdict may be far from its lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

from remediate.facts import failingtests, summaries
from remediate.facts.failingtests import names_failing_test
from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import Regex
from remediate.facts.runnersections import GRADLE_TEST, OUTPUT, SECTION_LINES
from remediate.facts.summaries import read_summary
from remediate.facts.verdicts import PASSING_TRIGGERS, counts_failures, passing_verdict, says_passed
from remediate.facts.view import View

# A test's heading before its output (go test -v's `=== RUN   TestX`, `=== CONT  TestX`, GoogleTest's `[ RUN      ]`,
# Surefire's `Running com.acme.CartTest`, Gradle's `shop.CartTest > total STANDARD_ERROR` over the lines the test
# wrote): a test's output starts below it, and what is above is another test's (runnersections.OUTPUT).
_HEADING = Regex("|".join(shape.output_head for shape in OUTPUT))
# Gradle's test events: the test (its class, ` > `, its name) and what befell it, or the heading over its output.
_EVENT = Regex(rf"^({GRADLE_TEST}) (STANDARD_OUT|STANDARD_ERROR|PASSED|FAILED|SKIPPED)\s*$")
# A failing verdict at the line's start, in runners' own marks: Jest's and Vitest's `FAIL path`, `✕ name`, TAP's
# `not ok`, go test's `--- FAIL:`, `FAIL` alone, mocha's and JUnit's numbered failure (`  1) total`), pytest-xdist's
# `[gw2] [ 27%] FAILED t.py::test_x` (its worker's and progress's brackets, not a logger's thread: slf4j-simple's
# `[main] ERROR shop.Inventory - reservation failed`); or at its end: a progress verdict (`test_x (m.T) ... FAIL`),
# or a banner between `***` (Common Test's `Testing app: *** FAILED {db_SUITE,init_per_group} ***` and `*** FAILED
# test case 3 of 12 ***` below the failure's block, ScalaTest's `- adds *** FAILED ***`).
_FAILING = Regex(
    r"^\s*(?:FAIL(?:ED)?\b|--- FAIL\b|not ok\b|[✕✗✖×] |\[ {0,3}FAILED {0,3}\]|\d{1,4}\) \S)"
    r"|^(?:\[gw\d{1,4}\] )?\[(?:gw\d{1,4}| {0,2}\d{1,3}%)\] (?:FAILED|ERROR) \S|\b(?:ERROR|FAIL(?:ED)?)\W{0,3}$"
    r"|\*{3} FAILED\b[^*]{0,300}\*{3}$"
)
_FAILING_TRIGGERS = ("FAIL", "ERROR", "not ok", "✕", "✗", "✖", "×", ") ")
# Lower-case strings one of which a line holds for any of passing_verdict_line, failing_verdict_line and
# counts_failures to read it as one: their gates' and those of the readings they ask (failingtests', summaries': its
# `ok` at a line's end is PASSING_TRIGGERS' `ok`; counts_failures' own counts name `fail`, `error` or `problem`),
# lower-cased. Four in five of a log's lines hold none, and are told so by one search instead of each gate's own.
_VERDICT_WORDS = Regex(
    "|".join(
        re.escape(word)
        for word in sorted(
            {t.lower() for t in (*PASSING_TRIGGERS, *_FAILING_TRIGGERS, *failingtests.TRIGGERS, *summaries.TRIGGERS)}
        )
    )
)


def passing_verdict_line(text: str, headed: bool = False) -> bool:
    """A runner's verdict that a test or its run passed: passing_verdict (`--- PASS: TestX`, `✓ name`, `PASS path`),
    unittest's `ok` alone on its line (after the output the test wrote behind its `... `), or a closing summary in
    which nothing failed (`OK (3 tests)`, `Tests run: 3, Failures: 0`). A summary with no word of passing
    (Surefire's per-class `Tests run: 2, Failures: 0, Errors: 0, ...`) is one only when `headed`: a test's heading
    (`Running shop.CartTest`) opened the lines it would pass; alone, a count of no failure may close any tool's
    output above it, the job's failure among it."""
    lower = text.lower()
    worded = any(t in lower for t in PASSING_TRIGGERS)
    if worded and (passing_verdict(text) or text.strip() == "ok"):
        return True
    if not (worded or headed):
        return False
    reading = read_summary(text)
    return reading is not None and reading.failed == 0


def failing_verdict_line(text: str) -> bool:
    """A runner's verdict that a test or its run failed (`--- FAIL: TestX`, `FAIL lib/a.test.js`, `not ok 3`,
    `test_x ... FAIL`), or a runner's or a linter's summary that counts failures (summaries.read_summary: not any
    line with a count beside a failure's word, as a logged message is: `SEVERE: checkout failed for amount=10.0`)."""
    if any(t in text for t in _FAILING_TRIGGERS) and _FAILING.search(text) is not None:
        return True
    if names_failing_test(text):
        return True
    reading = read_summary(text)
    return reading is not None and reading.failed > 0


class LineVerdicts:
    """What one line's text says of a test or a run, each verdict read when first asked and then kept: a view's
    lines are asked in turn by a passing test's output (passed_output), the verdicts between a report's copies
    (excerpt_marks.echo_lines) and the tasks that failed (excerpt_marks.Tasks), and a log prints many lines alike.
    One per text of a view (verdicts_of); each reading is the function's of the same name."""

    __slots__ = ("_read", "quiet", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.quiet = _VERDICT_WORDS.search(text.lower()) is None  # no gate below lets it through (_VERDICT_WORDS)
        self._read: dict[Callable[[str], bool], bool] = {}  # each reader's answer, by reader

    def passing(self, headed: bool = False) -> bool:
        """passing_verdict_line."""
        return not self.quiet and self._answer(_headed_passing if headed else passing_verdict_line)

    def failing(self) -> bool:
        """failing_verdict_line."""
        return not self.quiet and self._answer(failing_verdict_line)

    def says_passed(self) -> bool:
        """verdicts.says_passed (`no issues` is quiet and says it)."""
        return self._answer(says_passed)

    def counts_failures(self) -> bool:
        """verdicts.counts_failures."""
        return not self.quiet and self._answer(counts_failures)

    def _answer(self, reader: Callable[[str], bool]) -> bool:
        answer = self._read.get(reader)
        if answer is None:
            answer = self._read[reader] = reader(self.text)
        return answer


def _headed_passing(text: str) -> bool:
    return passing_verdict_line(text, headed=True)


def verdicts_of(view: View, text: str) -> LineVerdicts:
    """The verdicts of `text`, a line of `view` (as its tool printed it): read once per view and text."""
    found = view.verdicts.get(text)
    if found is None:
        found = view.verdicts[text] = LineVerdicts(text)
    return found


def passed_output(view: View, text_of: Callable[[int], str], breaks: Container[int]) -> frozenset[int]:
    """The lines of `view` that are a passing test's output (see the module doc), each read as `text_of` it (its
    tool's own text, without a task's prefix); a line of `breaks` (a task's line, a step's start or failure) ends
    a test's output."""
    out: set[int] = set()
    texts = [text_of(line.no) for line in view.lines]
    failing = _failing_events(texts)
    owned = False  # pending is the output under the heading of a test the run never reports failing
    pending: list[int] | None = []  # lines since the last verdict or heading, the next verdict's (None: nobody's)
    below: tuple[int, bool] | None = None  # the indent of the verdict above and whether it passed, while indented
    headed = False  # pending began at a test's heading
    for line, text in zip(view.lines, texts, strict=True):
        no = line.no
        if below is not None and (not text.strip() or indent_of(text) > below[0]):
            if below[1]:
                out.add(no)
            continue
        below = None
        verdicts = verdicts_of(view, text)
        if no in breaks:
            pending, owned, headed = [], False, False
        elif verdicts.passing(headed and pending is not None):
            out.update(pending or ())
            pending, below, owned, headed = _after(text), (indent_of(text), True), False, False
        elif _HEADING.search(text) is not None:
            out.update(pending or () if owned else ())
            pending, owned, headed = [], _never_failing(text, failing), True
        elif verdicts.failing():  # after a run's summary, its failures listed again (see the module doc)
            out.update(pending or () if owned and _EVENT.search(text) is not None else ())
            pending, below, owned = None if pending is None else _after(text), (indent_of(text), False), False
            headed = False
        elif text.strip() and pending is not None:
            pending.append(no)
            if len(pending) > SECTION_LINES:
                pending = None  # nobody's, up to the next verdict or heading: see the module doc
    return frozenset(out)


def _failing_events(texts: list[str]) -> frozenset[str]:
    """The tests a runner's events report failing by name (Gradle's `shop.CartTest > totalInCents FAILED`)."""
    found = set()
    for text in texts:
        if "FAILED" in text and (event := _EVENT.search(text)) is not None and event[2] == "FAILED":
            found.add(event[1])
    return frozenset(found)


def _never_failing(heading: str, failing: frozenset[str]) -> bool:
    """The heading names a test over its output (Gradle's `shop.CartTest > total STANDARD_ERROR`) and no event
    reports that test failing."""
    event = _EVENT.search(heading) if "STANDARD_" in heading else None
    return event is not None and event[1] not in failing


def _after(verdict: str) -> list[int] | None:
    """What follows a verdict: the next test's output, or nobody's after a run's closing summary (node --test's
    `ℹ fail 1`, `OK (3 tests)`): below it are the runner's or its wrapper's lines (npm's `npm error Lifecycle
    script`, nx's `Failed tasks:`), no test's, up to the next test's heading or verdict."""
    return None if read_summary(verdict) is not None else []
