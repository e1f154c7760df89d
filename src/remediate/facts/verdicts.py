"""What a line says about a run that went well: one definition for every reader of the view.

The excerpt stops a failure's context at a passing verdict (above it is another suite, a parallel
job's part), and the generic scorer damps lines that say something passed or that nothing failed.
Both read these definitions, so a passing line is the same thing to each.

- `passing_verdict`: a test or run passed, said at the line's start in a runner's own form
  (Go's `--- PASS:`, TAP's `ok N`, `ok  pkg 0.1s`, a `✓` reporter line, GoogleTest's `[ OK ]`,
  `PASS: name`, unittest's `... ok`, pytest -v's `tests/a.py::test_x PASSED`, with pytest-xdist
  `[gw0] [ 50%] PASSED tests/a.py::test_x`).
- `passing_verdict` and the reading of a runner's or a linter's closing summary (read_summary) live in
  facts/summaries.py, the one place for summaries; `nothing_failed` and `counts_failures` answer from that
  reading when it reads the line (RuboCop's `no offenses detected` is a pass, mocha 1.7's `✖ 1 of 2 tests
  failed:` a failure), and from the counts below for the lines it leaves out (`no errors`, `Found 0 errors`).
- `nothing_failed`: a summary that counts no failure (PHPUnit's `OK (3 tests, 5 assertions)`,
  minitest's `843 runs, 2349 assertions, 0 failures, 0 errors`, `Failures: 0, Errors: 0`,
  `no errors`, pytest's `25 passed in 0.05s`, mocha's `25 passing`). A summary that counts zero
  of one kind and some of another (`10 runs, 2 failures, 0 errors`) is a failure's summary, not
  this; nor is one that counts warnings (`Total: 17 warnings / 0 errors`: linters fail on warnings when told to).
- `tallies_failures`: a run's closing count of its failures, the line a reader wants beside the report (a summary
  read as counting some, or a count before a failure's word: `Found 3 errors in 3 files.`, `2 errors generated.`),
  not a test's title holding a label and a number (`error messages: 3`) that `counts_failures` takes for one.
- `announces_retry`: a retry wrapper saying the attempt it ran failed and it runs the command again
  (travis_retry's `The command "CMD" failed. Retrying, 2 of 3.`): a failing verdict that counts
  nothing, between two attempts that print the same report (excerpt_marks.echo_lines; facts/attempts.py).
- `PASSING_WORDS`: words that say something went well anywhere in a line (`passed`, `ok`, `✓`,
  `success`); weaker than a verdict, a line with them may still report a failure: one that
  `counts_failures` (`TEST COMPLETE, 1 ok, 1 failed of 2 test cases`) does.
"""

from __future__ import annotations

import functools

from remediate.facts.lazyregex import Regex

# passing_verdict is re-exported: the readers of a line (excerpt, score, blocks) import it here
from remediate.facts.summaries import passing_verdict as passing_verdict
from remediate.facts.summaries import read_summary

# Each alternative is a count of zero of a kind of failure, in the forms runners print it.
_ZERO = Regex(
    r"\b0 (?:errors?|failures?|failed|problems?)\b|\b(?:errors?|failures?|failed)\b[^\d\n]{0,20}[:=] ?0\b|"
    r"Failures: 0, Errors: 0|\bno (?:errors|failures|issues)\b|without errors|^OK \(\d+ tests?, |^OK, but |"
    r"^(?:\S{1,2} )?fail 0$"  # node --test's spec reporter (`ℹ fail 0`), TAP's summary (`# fail 0`)
)
# A count of passing tests in a summary (pytest's `25 passed in 0.05s`, mocha's `25 passing (30ms)`,
# Jest's `Tests:       25 passed, 25 total`): a pass when nothing failed beside it.
_PASSED_COUNT = Regex(r"\b[1-9]\d* (?:passed|passing|tests? passed)\b")
# A count above zero before a kind of failure ("2 failures", "Found 3 errors in 3 files.", "2 errors generated.").
_COUNTED = r"\b[1-9]\d* (?:errors?|failures?|failed|failing|problems?)\b"
_COUNT_FIRST = Regex(_COUNTED)
# A count above zero of a kind of failure ("2 failures", "errors: 3", "Failures: 1").
_SOME = Regex(_COUNTED + r"|\b(?:[Ee]rrors?|[Ff]ailures?|[Ff]ailed)\b[^\d\n]{0,20}[:=] ?[1-9]|^(?:\S{1,2} )?fail [1-9]")
# Warnings counted above zero: a linter run with warnings fails when it is told to (luacheck's
# `Total: 17 warnings / 0 errors` exits 1, ESLint's --max-warnings), so such a summary is no pass.
_WARNED = Regex(r"\b[1-9]\d* warnings?\b|\b[Ww]arnings?\b[^\d\n]{0,20}[:=] ?[1-9]")
# Lower-case strings one of which a summary that counts failures holds (summaries' failure words and verdicts).
_FAILURE_TRIGGERS = ("fail", "error", "broken", "problem", "offen", "violation", "hint", "unexpected")
PASSING_WORDS = Regex(r"\bPASS(?:ED)?\b|\bpassed\b|\bok\b|✓|✔|✅|\b[Ss]uccess(?:ful(?:ly)?)?\b|\bsucceeded\b")
# Lower-case strings one of which a `nothing_failed` line holds: a cheap gate before the searches.
ZERO_TRIGGERS = ("0 ", ":0", "= 0", "=0", ": 0", "no ", "without", "ok (", "ok, but ", "fail 0", " passed", " passing")
PASSING_TRIGGERS = ("pass", "ok", "✓", "✔", "√", "✅", "success", "succeeded")


# nothing_failed and counts_failures answer once per text: the excerpt asks of a line in turn (a passing test's output,
# a verdict between two copies, a line's score), and a log prints many lines alike (on LogChunks' dev logs three in five
# of their calls were for a text asked before); a view's line is at most reader.MAX_LINE_BYTES long.
@functools.lru_cache(maxsize=4096)
def nothing_failed(text: str) -> bool:
    """The line counts no failure of any kind, nor warnings, and zero of at least one or some
    passing tests (see the module doc)."""
    reading = read_summary(text)
    if reading is not None:  # a runner's or a linter's summary (`no offenses detected`): the one reading of it
        return reading.failed == 0
    counts_none = _ZERO.search(text) is not None or _PASSED_COUNT.search(text) is not None
    return counts_none and _SOME.search(text) is None and _WARNED.search(text) is None


@functools.lru_cache(maxsize=4096)
def counts_failures(text: str) -> bool:
    """The line counts some failures (`1 ok, 1 failed`, `2 failures, 0 errors`, `Errors: 3`): a
    summary of a run that failed, whatever else it counts."""
    if _SOME.search(text) is not None:
        return True
    lower = text.lower()
    if not any(t in lower for t in _FAILURE_TRIGGERS):
        return False
    reading = read_summary(text)  # a summary in a form the counts above miss (`✖ 1 of 2 tests failed:`)
    return reading is not None and reading.failed > 0


def tallies_failures(text: str) -> bool:
    """The line closes a run with its count of failures: a summary read as one that counts some (`Tests run: 3,
    Failures: 1`, `FAILED (failures=6)`) or a count before a failure's word (`Found 3 errors in 3 files.`, clang's
    `1 warning and 2 errors generated.`). Not a label's count that counts_failures takes for one: a test's title
    in busted's `[ RUN      ] ... has proper error messages: 3.87 ms OK`."""
    if _COUNT_FIRST.search(text) is not None:
        return not says_passed(text)
    reading = read_summary(text) if any(t in text.lower() for t in _FAILURE_TRIGGERS) else None
    return reading is not None and reading.failed > 0


def says_passed(text: str) -> bool:
    """A passing verdict or a summary in which nothing failed: the end of a run that passed."""
    return passing_verdict(text) or nothing_failed(text)


# travis-build's travis_retry (the same words from 2013 on), after each failed attempt but the last.
RETRYING_WORDS = "failed. Retrying, "
_RETRYING = Regex(r'^The command ".{1,2000}" failed\. Retrying, \d of \d\.$')


def announces_retry(text: str) -> bool:
    """A retry wrapper says the attempt above failed and runs its command again (see the module doc)."""
    return RETRYING_WORDS in text and _RETRYING.match(text.strip()) is not None
