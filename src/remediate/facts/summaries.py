"""What a test runner's or a linter's closing summary line says: which kind of check it closes, and
how many failures it counts. One tool-agnostic reading for every tool, made of its parts.

Runners and linters print their details in forms that change from tool to tool and version to
version, but close with a count line in a small shared vocabulary: `Tests run: 12, Failures: 2,
Errors: 0` (JUnit, Surefire, Ant, NUnit), `3 examples, 1 failure` (RSpec, hspec), `FAILED
(failures=1)` (unittest, nose), `2 failing` (mocha), `Tests: 1 failed, 4 passed, 5 total` (Jest),
`test result: FAILED. 1 passed; 1 failed` (cargo), `# fail 2` (TAP), `1 failed, 3 passed in 0.2s`
(pytest), `1 file inspected, 6 offenses detected` (RuboCop), `✖ 5 problems (5 errors, 0 warnings)`
(ESLint), `[ FAIL 1 | WARN 0 | SKIP 0 | PASS 2 ]` (testthat). A line is read as such a summary from
its parts, not from a list of tools:

- its counts: `N word` (`3 examples`, `2 FAILED`, `1 failure(s)`), `word: N` / `word=N` / `WORD N`
  for the words that name an outcome (`Failures: 1`, `failures=1`, `FAIL 1`, `# fail 2`);
- its words: nearly all of them (MAX_FOREIGN; paths and dotted names such as a suite's
  `ct.cart_SUITE` aside) must be the summaries' own vocabulary (outcomes, units, `in`, `of`,
  `total`, durations), and it opens with a count or one of them (past marks, `[ERROR]`-like
  prefixes, paths, a `tool: ` prefix), so a test's title that holds a count (`✓ counts 1 failed
  test`, `1) finds 3 offenses in the sample file`, mocha's repeated `finds 3 offenses in the sample
  file:`) is not one;
- its kind: a test run's when it counts tests or their like (UNITS: tests, examples, specs,
  scenarios, assertions, runs, cases, checks), or both passes and failures, or says `failing` (mocha
  and its kin); a linter's when it counts problems, offenses, violations, hints (HLint), or files inspected, or
  opens with `Lint` (coffeelint's `✗ Lint! » 2 errors and 0 warnings in 2 files`). Counts of
  `errors` alone (`Found 3 errors`, `1 error generated.`) name no kind (a compiler, a type checker,
  a linter) and are left out, unless the line above counts the tests that ran (clojure.test's
  `Ran 3 tests containing 3 assertions.` above `1 failures, 1 errors.`);
- its verdict: failing when an outcome word of failure counts more than zero, or a failure verdict
  (`FAILED`) stands beside its counts; passing when it counts zero failures or only passes
  (`25 passing`, `3 examples, 0 failures`, `OK (3 tests)`, `no offenses detected`);
- test files that never loaded: a count of failed test files or suites over the run's count of tests that counts
  no failing test (Vitest's `Test Files  1 failed (1)` over `Tests  no tests`, Jest's `Test Suites: 1 failed`
  over `Tests: 0 total`) counts those files (Summary.files_not_loaded), not failures: no test of theirs ran;
  unless the run says a test's process was killed or met its memory limit (a Jest worker killed mid-run): those
  files loaded, and stay failures counted.

Every pattern is linear: bounded repetitions over simple classes, searched once per line.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning.runs import killed, out_of_memory
from remediate.facts.view import View
from remediate.models import Category, Summary

if TYPE_CHECKING:
    from remediate.facts.parsers.base import Carried

# A count before its word (`3 examples`, `2/3 assertions`, `1 failure(s)`), or an outcome word
# before its count (`Failures: 1`, `failures=1`, `FAIL 1`, `Failed 2 tests`, `Tests run: 3`).
# A word followed by its own colon labels the count after it (prove's `Tests: 18 Failed: 0`: 18 tests, not 18
# failed), and a label may be padded to a column before its colon (run-tests.php's `Tests failed    :    2`).
_COUNT_WORD = Regex(r"(?<![\w.:/-])(\d{1,7})(?:/\d{1,7})? {1,4}([A-Za-z]{2,14})(?:\(s\))?\b(?! {0,8}[:=])")
_WORD_COUNT = Regex(r"\b([A-Za-z]{2,14})(?: run)? {0,8}[:=] {0,24}(\d{1,7})(?![\w:/]|\.\d)")
# An outcome word and its count with only spaces between (`FAIL 1`, `Failed 2 tests`, `# fail 2`):
# only for the outcome words themselves (composer's `Problem 1` heads a dependency problem).
_OUTCOME_COUNT = Regex(
    r"\b((?i:fail(?:ed|ures?|ing)?|pass(?:ed|ing)?|errors?|succeeded|success(?:es)?|executed|ran)) {1,12}(\d{1,7})"
    # prove's `Failed 2/92 subtests`: 2 failed of 92; a time is no count (pg_regress's row `... FAILED       47 ms`)
    r"(?![\w:]|/(?!\d)|\.\d| {1,4}(?:ms|s|sec|secs|seconds)\b)"
)
# unittest's `expected failures=1` and `unexpected successes` are no failures and no passes of their own, nor are
# failures the run says it ignored (pg_regress's `2 of 3 tests passed, 1 failed test(s) ignored.`: it exits 0).
_EXPECTED = Regex(
    r"\b(?:un)?expected (?:failures?|successes)|\b\d{1,7} (?:failed|failing) tests?(?:\(s\))? ignored\b"
    r"|\b\d{1,7} failures? ignored\b"
)
# A count of units and their outcome (`1 examples failed of 2 ran`, `2 tests failed`, `4 steps passed`,
# mocha 1.7's `✖ 1 of 2 tests failed:`, node-qunit's `2/3 assertions failed`): the count is the outcome's.
_UNIT_OUTCOME = Regex(
    r"(?<![\w.:/-])(\d{1,7})(?: of \d{1,7}|/\d{1,7})? "
    r"(?:tests?|examples?|specs?|scenarios?|steps?|features?|cases?|assertions?) (failed|failing|passed|passing)\b"
)
# `no offenses detected`, `no failures`: a count of zero said in words.
_NO_WORD = Regex(r"\b[Nn]o ([a-z]{4,12})\b")
# The words a summary line is made of; tokens with digits, paths and punctuation are not words.
_WORD = Regex(r"[A-Za-z]{2,}")


# A runner's verdict that a test or run passed, at the line's start in its own form (Go's `--- PASS:`, TAP's
# `ok N`, `ok  pkg 0.1s`, a `✓` reporter line, GoogleTest's `[ OK ]`, `PASS: name`, unittest's `... ok`,
# pytest -v's `tests/a.py::test_x PASSED`, with pytest-xdist `[gw0] [ 50%] PASSED tests/a.py::test_x`, Gradle's
# `shop.CheckoutTest > declinedCard PASSED` under `testLogging { events 'passed' }`). GoogleTest's
# `[  PASSED  ] 0 tests.` is none: it prints the line whenever a run ends, above `[  FAILED  ] 1 test, listed below:`
# when every test failed, and a count of zero passed says nothing passed.
_VERDICT = Regex(
    r"^\s*(?:--- PASS:|ok \d|ok\s+\S+\s+(?:[\d.]+s|\(cached\))|[✓✔√] |\[\s*(?:OK|PASS|PASSED)\s*\](?! *0 tests?\b)"
    r"|PASS:? )|\.\.\. ok$"
    r"|^(?:\[gw\d{1,4}\] \[ {0,2}\d{1,3}%\] PASSED \S|[^\s:]{1,300}::\S{1,300} PASSED\b)"  # pytest -v (xdist's first)
    r"|^[\w.$]{1,300} > .{1,500} PASSED\s*$"  # Gradle's test events: the class, ` > `, the test's name
)


def passing_verdict(text: str) -> bool:
    """The line is a runner's verdict that a test or run passed."""
    return _VERDICT.search(text) is not None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FAIL = _words(
    "failed failing failure failures fail fails broken errored error errors problem problems offense offenses "
    "offence offences violation violations hint hints erroneous unexpected"
)
_PASS = _words("passed passing pass passes ok success successes succeeded successful honored")
_UNITS = _words(
    "test tests example examples spec specs scenario scenarios step steps run runs assertion assertions case cases "
    "expectation expectations feature features executed ran check checks subtest subtests"
)
# Words that say a test run's outcome without its unit: mocha's and its kin's `2 failing`, `25 passing`;
# `failed`, `failures` beside passes (`1 failed, 3 passed in 0.2s`); `errors` beside passes is no
# test run's (dbt's `PASS=2 WARN=0 ERROR=1`).
_MOCHA = frozenset(("failing", "passing"))
_FAILED = _words("failed failure failures fail fails broken")
_LINT = _words("problem problems offense offenses offence offences violation violations hint hints inspected")
_NEUTRAL = _words(
    "skipped skip skips pending pendings omission omissions notification notifications todo ignored measured "
    "filtered out total totals warning warnings warn file files undefined tried risky incomplete xfail xpass "
    "xfailed xpassed deselected rerun rerunfailures flaky known expected inconclusive blacklisted "
    "not run ran found detected with and in of the were was there are is has have time elapsed seconds second sec "
    "secs ms min minutes finished result results summary autocorrectable corrected fixable potentially tests "
    "listed below executed suites suite completed exit status done lint session ended duration all"
)
_VOCABULARY = _FAIL | _PASS | _UNITS | _LINT | _NEUTRAL
# A failure verdict in the line itself (`FAILED (failures=1)`, `test result: FAILED.`, gtest's
# `[  FAILED  ] 1 test`, `Result: FAIL`), and a pass (`OK (3 tests)`, `[  PASSED  ] 2 tests.`).
_FAIL_VERDICT = Regex(r"\bFAIL(?:ED|URES?!?)?\b|\bFailed\b")
_PASS_VERDICT = Regex(r"^(?:\W{0,12})(?:OK|PASSED|PASS|SUCCESS)\b|\[ *(?:PASSED|OK) *\]")
_BARE_UNIT = Regex(r"\b(?:tests?|specs?|examples?)\b")
# How a test run's summary may open when its counts alone name no unit: unittest's `FAILED (failures=1)`,
# `OK (skipped=1)`, cargo's `test result: FAILED.`, Jest's and vitest's `Tests  2 failed`, TAP's `# fail 2`,
# Automake's `# FAIL:  3`, Meson's `Fail:  2`.
_TEST_OPENINGS = (
    *("failed (", "ok (", "test result:", "tests ", "specs ", "examples "),
    *("fail ", "pass ", "fail:", "pass:"),
)
# How far into a line a tool's, a browser's or a test file's prefix may end (`csslint: `, `WebKit 537.36 (linux
# 0.0.0): `); a token's word or count starts and ends at a letter or digit (_core).
MAX_PREFIX = 80
_ALNUM = Regex(r"[^\W_]")
_LIST_NUMBER = Regex(r"\d{1,4}[).]")
_DOTTED = Regex(r"\w\.\w")
# At most this many words outside the vocabulary (a runner's name, a browser, a module path's words).
MAX_FOREIGN = 3
# Lower-case strings one of which a summary holds: a cheap gate before the searches. `ok` only as a word's
# end before a space or a mark (`OK (3 tests)`, `1 ok,`, `Ok:`, `test result: ok.`) or the line's: as a bare
# substring (token, hook, look) it let through half the lines the gate passes.
TRIGGERS = (
    *("fail", "error", "pass", "problem", "offen", "violation", "inspected", "unexpected", "hint"),
    *("ok ", "ok(", "ok:", "ok.", "ok,"),
)


# The kinds of check a summary closes: a test run's, a linter's.
SUMMARY_KINDS = frozenset((Category.TEST, Category.LINT))


class Reading(NamedTuple):
    """A summary line's kind (Category.TEST or Category.LINT; as a parser's claim, another: a count no summary of
    those kinds is, facts/extract._claim_kind) and the failures it counts (0: it passed)."""

    category: Category
    failed: int


def read_summary(text: str, above: str = "") -> Reading | None:
    """The summary a line states (see the module doc), or None when it is none or names no kind.
    `above`: the line printed just before it, which may name the kind its counts leave out (clojure.test's
    `Ran 3 tests containing 3 assertions.` above `1 failures, 1 errors.`)."""
    return _read(text, above)[0]


@functools.lru_cache(maxsize=4096)
def _read(text: str, above: str) -> tuple[Reading | None, int]:
    """read_summary's reading, and the warnings a linter's summary that counts only warnings counts
    (ESLint's `✖ 3 problems (0 errors, 3 warnings)`: no reading, 3), else 0. Kept for the lines read last:
    the stages ask about the same line in turn (the verdicts, the excerpt's scores, the summaries found),
    and the reading of a line with counts costs several searches."""
    lower = text.lower()
    if not any(t in lower for t in TRIGGERS) and not lower.endswith("ok"):
        return None, 0
    counts = _counts(_EXPECTED.sub("", text))
    opening = _opening(text) if counts and _summary_shaped(text) else None
    if opening is None:
        return None, 0
    words = {w for w, _ in counts}
    category = _kind(words, lower, opening)
    if category is None and words <= _FAIL - _LINT and _ran_tests(above):
        category = Category.TEST
    if category is None or _none_ran(counts):
        return None, 0
    failed = _failures(counts)
    if failed and passing_verdict(text):  # a passing test's title (`✓ counts 1 failed test`): no summary
        return None, 0
    if failed:
        return Reading(category, failed), 0
    said_zero = any(w in _FAIL for w, _ in counts)
    if _warnings_only(counts):  # linters fail on warnings when told to (--max-warnings): no pass either
        warned = max(n for w, n in counts if w in ("warning", "warnings"))
        return None, warned if category is Category.LINT else 0
    if not said_zero and _FAIL_VERDICT.search(text):  # `[  FAILED  ] 1 test`: a verdict beside counts of no outcome
        return (Reading(category, 1) if _counted(counts) else None), 0
    passed = any(w in _PASS and n > 0 for w, n in counts) or _PASS_VERDICT.search(text) is not None
    return (Reading(category, 0) if said_zero or passed else None), 0


def _opening(text: str) -> str | None:
    """The summary's own text in lower case, from its first word on, when the line's first word, past
    marks (`✖`, `***`, `=`), bracketed prefixes (`[ERROR]`, `[junit]`) and paths, is a count or the
    summaries' own (`3 examples`, `Tests run:`, `FAILED (`), here or after a prefix that ends in a colon
    (`csslint: There are 2 problems`, `WebKit 537.36 (linux): Executed 3 of 3`); else None. A test's
    title that holds a count opens with its own words: `finds 3 offenses in the sample file:` (mocha
    repeats a failing test's title so), `1) reports 2 problems`."""
    start = 0
    while 0 <= start < MAX_PREFIX:
        if (opening := _opening_at(text[start:])) is not None:
            return opening
        start = text.find(": ", start + 1)
        start = start + 2 if start >= 0 else -1
    return None


def _opening_at(text: str) -> str | None:
    for token in text.split()[:8]:
        if _LIST_NUMBER.fullmatch(token):
            return None  # a numbered item (`1) finds 3 offenses`): a failing test's title
        core = _core(token)
        mark = len(core) < 2 and not core.isdigit()  # `ℹ`, `✖`, `***`
        if mark or (token.startswith("[") and token.endswith("]")) or "/" in core:
            continue  # a mark, a bracketed prefix (`[ERROR]`, `[junit]`), a path
        if core[0].isdigit() or core.lower() in _VOCABULARY:
            return text[text.index(core) :].lower()
        return None
    return None


def _core(token: str) -> str:
    """The token without the marks and punctuation at its edges (`(2`, `FAIL!`, `[ERROR]`), found from each
    end by one search: a pattern for both edges at once backtracks over a long run of marks inside a token."""
    first = _ALNUM.search(token)
    if first is None:
        return ""
    last = _ALNUM.search(token[::-1])
    return token[first.start() : len(token) - (last.start() if last else 0)]


def _ran_tests(line: str) -> bool:
    """The line counts tests that ran and no outcome of theirs (`Ran 3 tests containing 3 assertions.`)."""
    if not line or "ran " not in line.lower():
        return False
    counts = _counts(line)
    return any(w in _UNITS and n > 0 for w, n in counts) and not any(w in _FAIL or w in _PASS for w, _ in counts)


def _failures(counts: list[tuple[str, int]]) -> int:
    """The failures counted: a linter's problems (which hold its errors and warnings: `3 problems (3
    errors, 0 warnings)`), or else the sum of the failure words' counts (`1 failures, 1 errors`)."""
    if _warnings_only(counts):
        return 0
    lint = [n for w, n in counts if w in _LINT]
    return max(lint) if lint else sum(n for w, n in counts if w in _FAIL)


def _none_ran(counts: list[tuple[str, int]]) -> bool:
    """It counts its tests and every count is zero (RSpec's `0 examples, 0 failures, 1 error occurred
    outside of examples`, `Tests run: 0`): the run stopped before any test, on a file that did not load
    or build; its errors are that failure's, not failing tests."""
    units = [n for w, n in counts if w in _UNITS and w not in ("executed", "ran")]
    failed = any(n for w, n in counts if w in _FAIL and w not in ("error", "errors"))
    return bool(units) and not any(units) and not failed  # (behave's `0 scenarios passed, 1 failed` ran)


def _warnings_only(counts: list[tuple[str, int]]) -> bool:
    """ESLint's `1 problem (0 errors, 1 warning)`: the problems it counts are warnings, none an error."""
    said = dict(counts)
    errors = said.get("errors", said.get("error"))
    return errors == 0 and any(n > 0 for w, n in counts if w in ("warning", "warnings"))


def _counted(counts: list[tuple[str, int]]) -> bool:
    return any(n > 0 for w, n in counts if w in _UNITS)


def _counts(text: str) -> list[tuple[str, int]]:
    """Every (word, count) the line states, the word in lower case."""
    out = [(w.lower(), int(n)) for n, w in _COUNT_WORD.findall(text)]
    out += [(w.lower(), int(n)) for w, n in _WORD_COUNT.findall(text) if w.lower() in _VOCABULARY]
    out += [(w.lower(), int(n)) for w, n in _OUTCOME_COUNT.findall(text)]
    out += [(w, int(n)) for n, w in _UNIT_OUTCOME.findall(text)]
    out += [(w, 0) for w in _NO_WORD.findall(text) if w in _FAIL]
    return [(w, n) for w, n in out if w in _VOCABULARY]


def _summary_shaped(text: str) -> bool:
    """Nearly every word of the line is the summaries' own (MAX_FOREIGN): paths and numbers aside."""
    foreign = 0
    for token in text.split():
        if "/" in token or "\\" in token or any(c.isdigit() for c in token) or _DOTTED.search(token):
            continue  # a path, a number, a dotted name (`ctdemo.ctdemo.group_SUITE:`, `com.example.AppTest`)
        for word in _WORD.findall(token):
            if word.lower() not in _VOCABULARY:
                foreign += 1
                if foreign > MAX_FOREIGN:
                    return False
    return True


def _kind(words: set[str], lower: str, opening: str) -> Category | None:
    """A linter's summary, a test run's, or neither (see the module doc); both at once is neither."""
    lint = bool(words & _LINT) or opening.startswith("lint")  # coffeelint's `✗ Lint! » 2 errors and 0 warnings`
    test = bool(words & _UNITS) or bool(words & _MOCHA) or bool(words & _PASS and words & _FAILED)
    # failures counted beside a unit word that counts nothing (Boost.Test's `*** 3 failures are detected in
    # the test module "calc"`); not errors (`Found 3 errors in test files` may be a compiler's)
    test = test or bool(words & _FAILED and _BARE_UNIT.search(lower))
    if opening.startswith(_TEST_OPENINGS):
        test = True
    if lint == test:
        return None
    return Category.LINT if lint else Category.TEST


# Lower-case strings one of which a line that counts passes holds (_PASS's words): a cheap gate for _claim.
_PASS_TRIGGERS = ("pass", "ok", "succe", "honored")
# A linter's verdict that the warnings it counted fail the run (ESLint's `--max-warnings`).
_TOO_MANY_WARNINGS = Regex(r"\btoo many warnings\b")
# GNU make's own verdict on a target (`make: *** [Makefile:3: lint] Error 1`): the target's name is the project's
# word for its recipe and `Error 1` the recipe's exit status, no count of a linter's or a runner's failures (the
# recipe may have run a type checker: tests/facts/data/wrapper_make_lint_mypy.txt).
MAKE_SAYS = r"^g?make(?:\[\d+\])?: \*\*\* "  # a pattern piece: parsers/compiler reads make's own errors after it
_MAKE_SAYS = Regex(MAKE_SAYS)


def _claim(text: str, claim: Reading | None) -> Reading | None:
    """A parser's claim of a summary on this line, unless the line counts tests of which none ran; a claim
    of no failure only where the line counts passes (pytest's `3 passed in 0.05s`, Bun's ` 3 pass`)."""
    if claim is None or not (claim.failed or any(t in text.lower() for t in _PASS_TRIGGERS)):
        return None
    counts = _counts(text)
    if _none_ran(counts) or not (claim.failed or any(w in _PASS and n > 0 for w, n in counts)):
        return None
    return claim


# commitlint's report (@commitlint/format, 19 and 20 alike): the message it read (`⧗   input: Fixed the Bug.`), a
# `✖   subject may not be empty [subject-empty]` row per rule, then its count `✖   found 3 problems, 0 warnings`.
# The count is the commit message's, failing the repository's message policy: no linter's of the project's code.
_COMMIT_COUNT = Regex(r"^✖\s+found \d+ problems?, \d+ warnings?\s*$")


def _commit_message_counts(view: View, first: int, last: int) -> frozenset[int]:
    """The lines in `first`..`last` that are commitlint's count below the message it read (_COMMIT_COUNT): read
    without its parser too (no kind's summary), as its parser reads them."""
    counts: set[int] = set()
    read_input = False
    for line in view.within(first, last):
        read_input = read_input or (line.text.startswith("⧗") and "input: " in line.text)  # a cheap test per line
        if read_input and _COMMIT_COUNT.search(line.text):
            counts.add(line.no)
    return frozenset(counts)


# rustdoc's word under a doc-test it could not compile (rustc's errors above it), and the line that starts a run's
# count of them (`running 2 tests`); tests/facts/data/make_cargo195_doctest_not_compiling.txt.
_NOT_COMPILED = "Couldn't compile the test."
_RUN_STARTS = Regex(r"^\s*running \d+ tests?\s*$")


def _uncompiled_counts(view: View, first: int, last: int) -> frozenset[int]:
    """The lines in `first`..`last` counting failures that are each a test that could not be compiled (as many
    `Couldn't compile the test.` since the run's `running N tests` as the line counts failed): no test ran and
    failed, the count is the compile errors', no test run's summary. Read without the tool's parser too."""
    counts: set[int] = set()
    uncompiled = 0
    for line in view.within(first, last):
        text = line.text.strip()
        if text == _NOT_COMPILED:
            uncompiled += 1
        elif uncompiled and _RUN_STARTS.match(text):
            uncompiled = 0
        elif uncompiled and "fail" in text.lower():  # a cheap test per line
            failed = [n for w, n in _counts(text) if w in _FAIL]
            if failed and sum(failed) == uncompiled:
                counts.add(line.no)
    return frozenset(counts)


# The summaries the facts keep: the failing ones of the failing step's output and the last ones, nearest the
# failure (see _kept).
MAX_SUMMARIES = 20
MAX_TEXT = 200


def summaries_in(
    view: View, span: tuple[int, int] | None, steps: Sequence[int] = (), claims: Mapping[int, Reading] | None = None
) -> list[Summary]:
    """The summary lines of the view's lines in `span` (the failing step's output; None: the whole view),
    each with the CI step that printed it (`steps`: the lines where the log's steps start, in order, as
    categorize numbers them). A line is read generically (read_summary); one a tool's parser claims as its
    own failing summary (`claims`: line -> its tool's kind and the failures its parser read there) that the
    generic reading cannot type (pytest's `3 failed in 0.05s` counts no unit and no pass, ruff's `Found 2
    errors.` no kind) is the claim, unless it says no test ran (see _none_ran). A parser's count of 0 is a
    passing summary only where the line counts passes: else it says nothing failed, not that the run passed
    (Karma's `Executed 50 of 220 DISCONNECTED`, ESLint's `0 errors, 3 warnings`).
    A linter's summary that counts only warnings is neither failing nor passing, unless the linter then says
    they are too many (ESLint's `ESLint found too many warnings (maximum: 0).` under --max-warnings): that
    line is its failing summary, counting the warnings. A line counting failing lint that the linter's parser
    counts 0 failures on (its problems all warnings: _levels_known) is no summary, nor is a line a parser claims
    with a kind summaries do not have (a count of what is no test's or linter's failure: _claim_kind)."""
    first, last = span if span is not None else (0, view.total_lines)
    claims = claims or {}
    policy = _commit_message_counts(view, first, last) | _uncompiled_counts(view, first, last)
    out: list[Summary] = []
    above, warned = "", 0
    for line in view.lines:
        if line.no < first or line.no > last:
            continue
        claim = claims.get(line.no)
        if (claim is not None and claim.category not in SUMMARY_KINDS) or line.no in policy:
            # a count that is no test run's or linter's, as its parser knows: a tool's no specialist answers for
            # (commitlint's `✖ found 3 problems`), doc-tests' that did not compile (cargo's `test result: FAILED.`)
            above = line.text
            continue
        if _MAKE_SAYS.match(line.text):
            above = line.text
            continue
        stopped = _files_not_loaded(out[-1], line.no, above, line.text) if out else None
        if stopped is not None and not _stopped_by_kill(view, out, first):
            out[-1] = stopped
        reading, warnings = _read(line.text, above)
        if _levels_known(reading, claim):  # the linter's parser read each problem counted: none an error
            above = line.text
            continue
        reading = reading or _claim(line.text, claim)
        if reading is None and warned and _TOO_MANY_WARNINGS.search(line.text):
            reading = Reading(Category.LINT, warned)
        above, warned = line.text, warnings or warned
        if reading is None:
            continue
        step = bisect_right(steps, line.no) - 1 if steps and line.no >= steps[0] else None
        text = " ".join(line.text.split())[:MAX_TEXT]
        out.append(Summary(category=reading.category, failed=reading.failed, text=text, log_line=line.no, step=step))
    return _kept(out)


def with_carried(
    summaries: list[Summary], carried: Sequence[Carried], span: tuple[int, int] | None, steps: Sequence[int] = ()
) -> list[Summary]:
    """summaries_in's summaries and those of the outputs carried whole on lines in the span (parsers.base.Carried: a
    TeamCity error message's details), each read as its plain run's is and placed at the carrying line, in the step
    that printed it: the log holds the output's lines there only. The outputs' parsers' claims are not read here
    (their counts stand at the carrying line with their records: parsers.read_carried)."""
    out: list[Summary] = []
    for output in carried:
        if span is not None and not span[0] <= output.line <= span[1]:
            continue
        step = bisect_right(steps, output.line) - 1 if steps and output.line >= steps[0] else None
        out += [s.model_copy(update={"log_line": output.line, "step": step}) for s in summaries_in(output.view(), None)]
    return _kept(sorted([*summaries, *out], key=lambda s: s.log_line)) if out else summaries


# A runner's count of test files (Vitest's `Test Files  1 failed (1)`, `Test Files  1 failed | 1 passed (2)`) or suites
# (Jest's `Test Suites: 1 failed, 1 total`) that failed, and the count of tests it prints on the next line (Vitest's
# `Tests  no tests`, `Tests  1 passed (1)`; Jest's `Tests: 0 total`, `Tests: 2 passed, 2 total`).
_FILES_FAILED = Regex(r"^\s*Test (?:Files|Suites):? +\d+ failed\b")
_TESTS_COUNT = Regex(r"^\s*Tests:? +\S")


def _files_not_loaded(last: Summary, no: int, above: str, text: str) -> Summary | None:
    """The summary just above as test files that never loaded (Summary.files_not_loaded, no failure counted),
    when it counts failed test files or suites (_FILES_FAILED) and this line, the run's count of tests, counts no
    failing test: no test of those files ran, so none failed; what stopped them (an import not found, a transform
    or a syntax error) is printed beside them. None otherwise: a file with a failing test failed on it."""
    if last.log_line != no - 1 or last.category is not Category.TEST or not last.failed:
        return None
    if not (_FILES_FAILED.search(above) and _TESTS_COUNT.search(text)):
        return None
    if any(w in _FAIL and n for w, n in _counts(text)):
        return None
    return last.model_copy(update={"failed": 0, "files_not_loaded": last.failed})


def _stopped_by_kill(view: View, out: Sequence[Summary], first: int) -> bool:
    """Whether the run the last summary closes (its lines since the summary before, or since the span's first) says a
    test's process was ended from outside or met its memory limit (meaning.runs: killed, out_of_memory). Jest counts
    a suite whose worker was killed mid-run (`Test suite failed to run` over `A jest worker process (pid=N) was
    terminated by another process: signal=SIGKILL`) as failed over a `Tests` line counting no failure, yet it loaded:
    the run's resources stopped it, not an import, transform or syntax error, so it stays a failure counted."""
    since = out[-2].log_line if len(out) > 1 else first
    return any(killed(line.text) or out_of_memory(line.text) for line in view.within(since, out[-1].log_line))


def _levels_known(reading: Reading | None, claim: Reading | None) -> bool:
    """Whether a linter's parser counts no failure on a line the generic reading counts failing lint on: a count of
    problems of every level (CSSLint's `There are 2 problems in FILE.`), whose parser read each as a warning,
    which fails nothing (CSSLint exits 0)."""
    return (
        reading is not None
        and reading.category is Category.LINT
        and bool(reading.failed)
        and claim is not None
        and claim.category is Category.LINT
        and not claim.failed
    )


def _kept(summaries: list[Summary]) -> list[Summary]:
    """At most MAX_SUMMARIES, in log order: the failing ones first, then the last passing ones. A run of many
    suites (Common Test's `TEST COMPLETE` line per suite under erlang.mk, a test file per process) prints the
    passing suites' summaries after the one that failed: the last ones alone would leave out its failure."""
    if len(summaries) <= MAX_SUMMARIES:
        return summaries
    failing = [s for s in summaries if s.failing][-MAX_SUMMARIES:]
    room = MAX_SUMMARIES - len(failing)
    passing = [s for s in summaries if not s.failing][-room:] if room else []
    return sorted(failing + passing, key=lambda s: s.log_line)
