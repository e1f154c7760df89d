"""What a test printed, where its runner sets it apart from the test's report: a record there is the test's, not
the job's. A test of the project's own API client prints GitHub's `Resource not accessible by integration` (or a
refused connection its client handles) and fails on its assertion: the job lacks no setting, and the words score as
high as a job's own refusal. A runner sets a test's printed output apart in one of five ways:
- pytest's `---- Captured stdout call ----` sections (stdout, stderr or log; setup, call or teardown), up to the
  next section's rule (`----`, `____`, `====`);
- Jest's `  ● Console` block, indented below its file's `PASS`/`FAIL` verdict, up to a line no deeper than it
  (one test file run in band prints each entry alone: `  console.log` over its lines);
- go test -v's unindented lines below `=== RUN   TestX` (`=== CONT`), up to the next `=== ` or `--- ` line: the
  test's `t.Errorf` lines are indented (`    x_test.go:12: got ...`), its report, and stay read;
- Surefire's lines below `Running shop.CartTest`, up to its class's `Tests run: ...` line (the class's report and
  its failures' exceptions follow that line, and stay read);
- Gradle's lines indented below `shop.CartTest > total STANDARD_OUT` (`STANDARD_ERROR`), up to the next unindented
  line or the blank line before its next event (its `FAILED` event's report follows that, and stays read).
Such a block longer than SECTION_LINES is nobody's: its end may be far from its start. So is a passing test's own
output wherever its runner puts it (passingoutput.passed_output: mocha's `console.error(err)` stack above the test's
`✔ falls back to no prices`, a handled exception logged above unittest's `ok`): the test passed, whatever it printed.
A configuration or infrastructure record inside one is shown, not evidence (ErrorRecord.votes). Only those: a missing
module a test meets is still the dependency failure it is, and a test's own report (pytest's `E   ` lines, the
exception below Surefire's verdict, triage/beneath.py's messages) still says what the test met.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import Regex
from remediate.facts.parsers import Findings, Parser
from remediate.facts.passingoutput import passed_output
from remediate.facts.runnersections import PRINTED, SECTION_LINES, heading
from remediate.facts.view import Line, View
from remediate.models import Category

# What a test's printed words may lean to: the job's own setting, secret or service (a test's failure beside them is
# the test's report, read elsewhere).
LEANING = frozenset({Category.CONFIG, Category.INFRA})

_OPENERS = tuple(shape.holds for shape in PRINTED)  # what a heading of runnersections.PRINTED holds
# Jest's `● Console` heading (several test files), or one console entry (`  console.log` over what it printed,
# one test file run in band): what is indented below it
_CONSOLE = Regex(r"^\s{0,8}(?:● Console|console\.(?:log|info|warn|error|debug|trace))$")


def without_test_printed(
    view: View, results: Sequence[tuple[Parser, Findings]], breaks: Collection[int] = frozenset()
) -> None:
    """The configuration and infrastructure records inside a test's printed output or a passing test's output (see
    the module's note) no longer vote; a line of `breaks` (a CI step's start) ends a passing test's output. A log
    with no such record that votes (most logs) costs no pass over its lines."""
    leaning = {
        e.log_line for _p, found in results for e in found.errors if e.votes and e.category in LEANING and e.log_line
    }
    if not leaning:
        return
    printed = printed_lines(view.lines)
    if not leaning <= printed:
        printed |= passed_output(view, view.text, frozenset(breaks))  # asked of every line: a set, not the steps' list
    if not printed & leaning:
        return
    for _parser, found in results:
        found.errors = [
            e.model_copy(update={"votes": False}) if e.votes and e.category in LEANING and e.log_line in printed else e
            for e in found.errors
        ]


def printed_lines(lines: Sequence[Line]) -> frozenset[int]:
    """The log lines (Line.no) of `lines` that a test printed, in the blocks its runner sets apart (module's note)."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        text = line.text.rstrip()
        if _CONSOLE.match(text):
            out.update(_console(lines, i))
        elif any(o in text for o in _OPENERS):
            out.update(_block(lines, i))
    return frozenset(out)


def _block(lines: Sequence[Line], i: int) -> list[int]:
    """The lines of the block `lines[i]` opens (runnersections.PRINTED), up to its end; none when it has no end
    within SECTION_LINES, or `lines[i]` opens none."""
    head = lines[i].text.rstrip()
    headed = heading(PRINTED, head)
    if headed is None or (headed[0].unindented and indent_of(head) > 0):
        return []
    shape = headed[0]
    out: list[int] = []
    for line in lines[i + 1 : i + 2 + SECTION_LINES]:
        if shape.end.match(line.text):
            return out
        if not shape.unindented or indent_of(line.text) == 0:
            out.append(line.no)
    return []


def _console(lines: Sequence[Line], i: int) -> list[int]:
    """Jest's `● Console` block: the lines below `lines[i]` indented deeper (blank lines within it), up to
    SECTION_LINES."""
    depth = indent_of(lines[i].text)
    out: list[int] = []
    for line in lines[i + 1 : i + 1 + SECTION_LINES]:
        if line.text.strip() and indent_of(line.text) <= depth:
            break
        out.append(line.no)
    return out
