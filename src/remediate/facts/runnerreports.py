"""A test runner named by its own report, where the failing command names no tool: a CI step that runs a
script (`./ci/run.sh`, `bash scripts/ci.sh`) says nothing of what the script ran, but a runner that failed
prints a report no other tool prints, whose failing tests failingtests.failing_tests then reads.

A report opens with the runner's verdict on a test or a section of its own, and closes with its verdict on the
run, both in the runner's fixed form and in that order; a later verdict of the same runner that the run passed
undoes it (a test's output may print another run's report, as a fixture: the run it is in goes on, and passes):
- go test: `--- FAIL: TestAdd (0.00s)` (indented for a subtest) opens; the go command's bare `FAIL`, printed
  right after the last package's verdict (`FAIL<tab>example.com/calc<tab>0.004s`, `ok  <tab>example.com/x
  <tab>0.1s`) once a package failed, closes (under `-json`, the package's `fail` event right after its verdict's
  output event). A package's verdict after it is another run's;
- pytest: a section banner (`=== test session starts ===`, `=== FAILURES ===`, `=== ERRORS ===`, pytest-sugar's
  `Test session starts (platform: ...`) opens; `=== short test summary info ===`, which pytest prints after a
  run with failures or errors, closes; the run's final counts (`=== 3 passed in 0.05s ===`) with no failure or
  error in them undo it.
One line alone is not a report: a test may print a line shaped like either (Go indents what a test logs, but
not what it prints), and a passing run closes without the closing verdict. The report names the runner only:
what failed is what the failing tests' lines say (none read: nothing is decided on the report).

Every pattern is anchored at the line's start and linear: bounded runs over simple classes, then literals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from remediate.facts.lazyregex import Regex
from remediate.facts.view import View


@dataclass
class _Run:
    """What one runner's report has said so far, line by line."""

    opened: bool = False
    closed: bool = False
    after_verdict: bool = False  # the line before was a package's verdict (go test)


_GO_TEST = Regex(r"^\s{0,40}--- FAIL: \S{1,300} \([\d.]{1,12}s\)$")
_GO_PACKAGE = Regex(
    r"^(?:FAIL|ok)\s{1,8}\S{1,300}\s{1,8}(?:[\d.]{1,12}s|\(cached\)|\[(?:build|setup) failed\])(?:\s{1,8}\S.{0,200})?$"
)


# `go test -json` (test2json): the package's `fail` event, no test named, in place of the go command's `FAIL` (its
# output events read as the lines they carry: facts/testevents.py)
_GO_PACKAGE_EVENT = Regex(
    r'^\{(?:"Time":"[^"]{1,60}",)?"Action":"fail","Package":"[^"]{1,300}"(?:,"Elapsed":[\d.]{1,16})?\}$'
)


def _go(run: _Run, text: str) -> None:
    if "--- FAIL: " in text and _GO_TEST.search(text):
        run.opened = True
    elif run.after_verdict and run.opened and (text == "FAIL" or _GO_PACKAGE_EVENT.search(text)):
        run.closed = True
    if text.startswith(("FAIL", "ok")) and _GO_PACKAGE.search(text):
        run.closed, run.after_verdict = False, True  # a package after the go command's `FAIL`: another run
    else:
        run.after_verdict = False


_PYTEST_OPENING = Regex(
    r"^={3,200} (?:test session starts|FAILURES|ERRORS) ={3,200}$|^Test session starts \(platform: "  # (sugar's)
)
_PYTEST_CLOSING = Regex(r"^={3,200} short test summary info ={3,200}$")
_PYTEST_FINAL = Regex(r"^={3,200} ([^=]{1,300} in [\d.]{1,12}s(?: \([\d:]{1,12}\))?) ={3,200}$")
_PYTEST_OPENS = (" test session starts ", "= FAILURES =", "= ERRORS =", "Test session starts (")


def _pytest(run: _Run, text: str) -> None:
    if any(literal in text for literal in _PYTEST_OPENS) and _PYTEST_OPENING.search(text):
        run.opened = True
    elif run.opened and "= short test summary info =" in text and _PYTEST_CLOSING.search(text):
        run.closed = True
    elif text.startswith("=") and (final := _PYTEST_FINAL.search(text)) is not None:
        counts = final.group(1)
        if "failed" not in counts and "error" not in counts:  # the run passed
            run.opened = run.closed = False


_RUNNERS: dict[str, Callable[[_Run, str], None]] = {"go test": _go, "pytest": _pytest}


def reported_runner(view: View, span: tuple[int, int]) -> str | None:
    """The runner whose report the lines of `span` (log lines, inclusive) hold, opened and closed; None when
    none does, or the reports of two runners do (which one failed the step, the reports do not say)."""
    first, last = span
    runs = {runner: _Run() for runner in _RUNNERS}
    for line in view.within(first, last):
        text = line.text.rstrip()
        for runner, read in _RUNNERS.items():
            read(runs[runner], text)
    closed = [runner for runner, run in runs.items() if run.closed]
    return closed[0] if len(closed) == 1 else None
