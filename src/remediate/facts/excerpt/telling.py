"""Which lines tell what went wrong: an error, a chained cause, a stack frame, a verdict (telling);
a line that reports a failure or an error, or opens or heads a report; whether two lines are one report.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from remediate.facts.excerpt_marks import Tasks
from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import Regex
from remediate.facts.score import line_score
from remediate.facts.verdicts import counts_failures, passing_verdict, says_passed
from remediate.facts.view import View

FAILURE_SCORE = 6.0  # a line reporting a failure, unweighted: an error, a failed test, an assertion


ERROR_SCORE = 8.0  # a line reporting an error, unweighted: `error: ...`, an exception, a traceback, `fatal:`


# A frame of a stack: pytest's location (`client.py:22: in get`, long form's bare `client.py:22: `
# or `adapters.py:15: ConnectionError`), Python's `File "x.py", line 3, in f`, a JVM/JS `at ...`,
# Ruby's `x.rb:3:in ` (minitest's), `from x.rb:3:in ` (an uncaught exception's) and `# ./x.rb:3:in ` (RSpec's
# backtrace, each frame printed as a comment), a Go frame's `\t/path/x.go:12 +0x1d`, a failed TAP assertion's YAML
# `at:` key (tape's `    at: Test.<anonymous> (/path/cart.js:4:34)`, node-tap's `          at:` over its line,
# column and file).
# Anchored, bounded: linear.
_FRAME = Regex(
    r"^[\w./\\-]{1,300}:\d+:(?: in \S.*| \w+)?\s*$|^\s*File \"[^\"]{1,300}\", line \d+|^\s+at \S|"
    r"^\s*(?:from |# )?[^\s:]{1,300}:\d+:in |^\s+[^\s:]{1,300}\.go:\d+|"
    r"^\s+at:(?: \S.{0,500}:\d+:\d+\)?)?\s*$"
)


# One exception raised while handling another, or caused by it: each cause is part of the story.
_CHAINED = Regex(r"^(?:During handling of the above exception|The above exception was the direct cause|\s*Caused by: )")


# Where one error instance starts: a pytest/unittest section header, a traceback, a test banner.
# Go nests a subtest's `--- FAIL:` under its parent's, indented: the subtest's report starts there.
INSTANCE_START = Regex(
    r"^_{3,} .+ _{3,}$|^Traceback \(most recent call last\):|^(?:=|-){3,} ?(?:FAIL|ERROR)\b|^ *--- FAIL:|^\d+\) "
)


def reports_any_failure(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> bool:
    """Whether a line of the primary failing step, other than where the job says it failed, reports a
    failure: a tool's evidence of one, or a failure's words (FAILURE_SCORE) outside paths and options
    (not git's build's `GEN perl/build/lib/Git/Error.pm` or its runner's `--state=failed,slow`), in
    a line that is no passing verdict."""
    return any(primary(no) and no not in lines.ends and _says_failure(lines, no) for no in scores)


def read_failure(lines: Tasks, scores: dict[int, float], primary: Callable[[int], bool]) -> bool:
    """Whether a parser read a failure (evidence of FAILURE_SCORE) in the primary failing step, other than
    where the job says it failed: a tool's words a parser knows, not a generic line's (make's `***`)."""
    return any(primary(no) and no not in lines.ends and lines.evidence.get(no, 0.0) >= FAILURE_SCORE for no in scores)


def _says_failure(lines: Tasks, no: int) -> bool:
    text = lines.text(no)
    if says_passed(text):
        return False
    if lines.evidence.get(no, 0.0) >= FAILURE_SCORE:
        return True
    words = " ".join(w for w in text.split() if "/" not in w and "\\" not in w and not w.startswith("-"))
    return line_score(words) >= FAILURE_SCORE


def reports_failure(lines: Tasks, no: int) -> bool:
    return max(lines.evidence.get(no, 0.0), line_score(lines.text(no))) >= FAILURE_SCORE


# A runner's progress line giving a named test's verdict last (unittest's `test_x (m.T) ... ERROR`,
# pytest's `t.py::test_x FAILED`): the failure's report comes later. Anchored at the end, bounded.
_PROGRESS_VERDICT = Regex(r"\b(?:ERROR|FAIL(?:ED)?)\W{0,3}$")


def opens_report(text: str) -> bool:
    """The line reports an error (ERROR_SCORE: `error: ...`, an exception, a traceback, `fatal:`),
    not a summary counting failures, a passing verdict or a test's progress verdict."""
    return (
        line_score(text) >= ERROR_SCORE
        and not _PROGRESS_VERDICT.search(text)
        and not counts_failures(text)
        and not says_passed(text)
    )


def heads_report(text: str) -> bool:
    """The line announces the failures listed below it (PHPUnit's `There were 3 errors:`, RSpec's and
    minitest's `Failures:`, cargo test's `failures:`): a failure's words (FAILURE_SCORE) closing on a
    colon, where a closing summary ends with its counts or a verdict."""
    stripped = text.rstrip()
    return stripped.endswith(":") and line_score(stripped) >= FAILURE_SCORE and not says_passed(stripped)


def reports_error(lines: Tasks, no: int) -> bool:
    """Line `no` reports an error by itself (a tool's evidence or a generic score of ERROR_SCORE:
    `error: ...`, an exception, `fatal:`): outside the failing steps, an error a command that went
    on printed (a build run with `|| true`, a make -k) may be the cause of the failure after it."""
    return max(lines.evidence.get(no, 0.0), line_score(lines.text(no))) >= ERROR_SCORE


class Telling(enum.StrEnum):
    """What makes a line of a failure's report worth more than its neighbours."""

    ERROR = "error"  # the error itself or a chained cause, as the runner or the error prints it
    FRAME = "frame"  # a frame's location: the path the failure took
    VERDICT = "verdict"  # a runner's verdict or a summary's counts: what passed, what failed


def telling(text: str, evidence: float = 0.0) -> Telling | None:
    """What `text` tells of a failure, if anything (`evidence`: a tool parser's weight for the
    line). One definition for the excerpt, which keeps such lines of a report too long for its
    room, and for the benchmark's count of a labelled chunk's telling lines. A source listing's
    line that only names an error (`    raise ValueError(x)`) tells nothing by itself."""
    if _CHAINED.match(text) or _OWN_REPORT.match(text):
        return Telling.ERROR
    if _reports(text) and max(evidence, line_score(text)) >= FAILURE_SCORE:
        return Telling.ERROR
    if _FRAME.match(text):
        return Telling.FRAME
    if passing_verdict(text) or says_passed(text) or counts_failures(text):
        return Telling.VERDICT
    return None


# A checker's error row under its file's heading, its location first, then its severity: ESLint's stylish `  3:9
# error  'x' is assigned a value but never used  no-unused-vars`. Indented, but no code. (stylelint's `  6:11  ✖`
# rows name no severity: one of them telling by its words, its alike neighbours not, would cut its list.)
_LOCATED_ROW = Regex(r"^ {1,8}\d{1,7}:\d{1,7} +error\b")


# An exception's or error's own line, however deeply a runner indents it: mocha's `      AssertionError
# [ERR_ASSERTION]: -1 == 0`, a TAP stack's `       Error: adds prices`, a JVM's `  java.lang.IllegalStateException:
# boom`. A class name ending in Error or Exception (or bare `Error`), an optional Node `[ERR_X]` code, a colon
# and a message: a source line never opens that way (Python's `raise ValueError(x)` starts with its keyword).
_INDENTED_EXCEPTION = Regex(
    r"^\s+(?:[\w$]{1,100}\.){0,20}(?:[A-Z]\w{0,100}(?:Error|Exception)|Error)(?: \[ERR_\w{1,80}\])?: \S"
)


# A runner's verdict on one test in its indented tree: hspec 2.8's `  sums two prices FAILED [1]` (the number
# points into its `Failures:` list), a nested TAP subtest's `    not ok 1 - sums prices` (node --test's, node-tap's
# `        not ok 1 - adds prices`; TAP indents a subtest's lines four spaces deeper), and a failure's mark opening
# the line: Jest's `    ✕ sums prices (2 ms)`, Vitest's `     × total sums 12ms`, node --test spec's `  ✖ total sums`
# in their trees, pip's `  × python setup.py bdist_wheel did not run successfully.` and Biome's `  × Unexpected
# empty object pattern.` under their headings. No source line reads so.
_INDENTED_VERDICT = Regex(r"^\s+\S.{0,500} FAILED \[\d{1,6}\]$|^\s+not ok \d{1,9}\b|^\s+[✖✗✘×✕] \S")


# A report's own line that carries no failure's words: bandit's `>> Issue: [B105:hardcoded_password_string] ...`,
# hspec 2.11's verdict on one example, `    adds two numbers [✘]` (2.8 printed `FAILED [1]`, see _INDENTED_VERDICT),
# and a failed TAP assertion's YAML `operator:` key naming an assert function (tape's `    operator: equal`,
# node --test's `      operator: 'strictEqual'`; TAP prints the block only under `not ok`, Node's spec reporter the
# same key closing the inspected AssertionError; the assert names keep a Kubernetes manifest's `operator: In`/`Equal`
# out).
_OWN_REPORT = Regex(
    r"^>> Issue: \[B\d{3}:\w{1,80}\] |^\s+\S.{0,500} \[✘\]$|"
    r"^ +operator: '?(?:equal|(?:not|[Dd]eep|[Ss]trict|[Ll]oose){1,3}Equal|match|doesNotMatch|ok|notOk|fail|"
    r"error|throws|doesNotThrow|rejects|doesNotReject|ifError)'?\s*$"
)


def _reports(text: str) -> bool:
    """The line of a traceback is the runner's or the error's own, not a source listing's (code
    is indented, or marked `>` where it failed; pytest marks the error's lines `E`); a checker's row
    that opens with its location, an indented exception's line and a runner's indented verdict are their own too."""
    return (
        text.startswith((">", "E "))
        or (indent_of(text) == 0 and not _FRAME.match(text))
        or bool(_LOCATED_ROW.match(text))
        or bool(_INDENTED_EXCEPTION.match(text))
        or bool(_INDENTED_VERDICT.match(text))
    )


REPORT_SCAN = 1_000  # lines between two records read to tell whether they are one report


def one_report(view: View) -> Callable[[int, int], bool]:
    """Whether lines a < b of `view` sit in one error report: within REPORT_SCAN lines, with no
    gap in the view and no line between them starting an error instance (see INSTANCE_START),
    except the traceback of an exception raised while handling the one above (`During handling of
    the above exception` / `The above exception was the direct cause`: the same failure, chained)."""

    def check(a: int, b: int) -> bool:
        if b - a > REPORT_SCAN:
            return False
        chained = False
        for n in range(a + 1, b):
            line = view.get(n)
            if line is None:
                return False
            if _CHAINED.match(line.text):
                chained = True
            elif INSTANCE_START.match(line.text):
                if not (chained and line.text.startswith("Traceback")):
                    return False
                chained = False
        return True

    return check
