"""OCaml's test runners (dune's `runtest` and `make test` print them as they come):

- Alcotest: a row per test, `> [FAIL]        total            0   adds prices.` (the first failure
  marked `>`, `[OK]` for a pass); the first failure shown again in a box (`│ [FAIL] ... │`) with its
  check's words below (`FAIL total of three`, `Expected: `6'`, `Received: `5'`, or the exception),
  its backtrace (`Raised at ...`); the run ends `2 failures! in 0.000s. 3 tests run.`
- OUnit 2 (and OUnit 1 programs built with it): per failed test a section between a `=====`
  and a `-----` rule, `Error: cart:0:total.`, the backtrace (`Raised at ... in file "test/x.ml",
  line 4, ...`) and the assertion's message or the exception last (`expected: 6 but got: 5`); the
  run ends `FAILED: Cases: 3 Tried: 3 Errors: 1 Failures: 1 Skip:  0 Todo: 0 Timeouts: 0.`
- dune (2 and 3), whatever the framework: each test stanza's program run for the `runtest` alias (`dune test`,
  `dune runtest`, `dune build @runtest`) that failed is named, `   test_cart alias test/runtest (exit 2)` (a signal:
  `(got signal SEGV)`), over its command (`(cd _build/default/test && ./test_cart.exe)`) and its output; a program
  of no framework (a bare `assert`, `failwith`) says no more than its uncaught exception.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.view import View
from remediate.models import Category

DETAIL_WITHIN = 40  # lines of a failure's details (box, words, backtrace) or of an OUnit section
MESSAGE_LINES = 4  # an Alcotest check's words kept (`FAIL ...`, `Expected: ...`, `Received: ...`)
_FRAME = Regex(r'^(?:Raised at|Called from|Re-raised at) .* in file "(?P<file>[^"]+)", line (?P<line>\d+)')
_RUNNER_FILES = ("ounit2/", "alcotest", "stdlib")  # frames of the runner or the standard library
_RULE_BELOW = Regex(r"^(?:-{20,}|={20,})$")


def _own_frames(view: View, no: int, stop: Regex) -> list[tuple[str, int]]:
    """The backtrace frames below line `no` in the project's files (file, line), up to `stop`."""
    frames: list[tuple[str, int]] = []
    for line in view.after(no, DETAIL_WITHIN):
        if stop.compiled.match(line.text):
            break
        frame = _FRAME.compiled.match(line.text)
        if frame and not any(r in frame["file"] for r in _RUNNER_FILES):
            frames.append((frame["file"], int(frame["line"])))
    return frames


def _record(found: Findings, no: int, test: str, message: str | None, frames: list[tuple[str, int]]) -> None:
    """A failed test: its file the last frame in the project (the test's own code), the error placed
    at the first (where it was raised)."""
    found.test(no, test, file=frames[-1][0] if frames else None, message=message)
    if frames:
        found.error(no, message or test, file=frames[0][0], at=frames[0][1], code="test", weight=7.0)


# ---------------------------------------------------------------------- Alcotest


@state
class _Alcotest:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="alcotest"))


def _alcotest_id(rest: str) -> str | None:
    """`total            0   adds prices.` -> `total 0 adds prices`: the suite's words, the test's
    index (the first number after them), the test's name."""
    words = rest.split()
    index = next((i for i, word in enumerate(words) if i and word.isdigit()), None)
    if index is None or index + 1 >= len(words):
        return None
    return " ".join(words).removesuffix(".")


def _alcotest_row(st: _Alcotest, no: int, m: re.Match[str]) -> bool:
    test = _alcotest_id(m["rest"])
    if test is None:
        return False
    st.found.test(no, test)
    return True


def _alcotest_boxed(st: _Alcotest, no: int, m: re.Match[str]) -> bool:
    """The first failure again, boxed, with its check's words and its backtrace below the box."""
    test = _alcotest_id(m["rest"])
    if test is None:
        return False
    said: list[str] = []
    for line in st.view.after(no, DETAIL_WITHIN):
        text = line.text.strip()
        if _FRAME.compiled.match(text) or text.startswith(("Logs saved to ", "Full test results in ")):
            break
        if text and not text.startswith(("ASSERT ", "└", "─")) and len(said) < MESSAGE_LINES:
            said.append(text)
            st.found.mark(line.no, 8.0)
    _record(st.found, no, test, " ".join(said) or None, _own_frames(st.view, no, _ALCOTEST_END))
    return True


_ALCOTEST_END = Regex(r"^Full test results in |^Logs saved to ")
_ALCOTEST = LineRules[_Alcotest](
    Rule(r"^[> ] \[FAIL\] +(?P<rest>\S.*)$", _alcotest_row, starts=("> [FAIL] ", "  [FAIL] ")),
    Rule(r"^│ \[FAIL\] +(?P<rest>[^│]+)│$", _alcotest_boxed, starts="│ [FAIL] "),
    Rule(r"^(?P<failed>\d+) failures?! in [\d.]+s\. \d+ tests? run\.$", summary(9.0), ends=" run.", continues=True),
)


# ---------------------------------------------------------------------- OUnit


@state
class _OUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="ounit"))


def _ounit_section(st: _OUnit, no: int, m: re.Match[str]) -> bool:
    """`Error: cart:0:total.` right under a `=====` rule: a failed test's section, whose last line
    before the closing `-----` rule is its message."""
    if not st.view.text(no - 1).startswith("====="):
        return False
    message = None
    for line in st.view.after(no, DETAIL_WITHIN):
        if _RULE_BELOW.compiled.match(line.text):
            break
        if line.text.strip():
            message = line.text.strip()
    if message is not None and not message.startswith(("Raised at ", "Called from ")):
        st.found.mark(no, 8.0)
    else:
        message = None
    _record(st.found, no, m["test"], message, _own_frames(st.view, no, _RULE_BELOW))
    return True


_OUNIT = LineRules[_OUnit](
    # (`Error: ` starts many tools' lines: the table opens on OUnit's count)
    Rule(r"^Error: (?P<test>\S+?)\.$", _ounit_section, starts="Error: ", continues=True),
    Rule(
        r"^FAILED: Cases: \d+ Tried: \d+ Errors: (?P<errors>\d+) Failures: (?P<failed>\d+) ",
        summary(9.0),
        starts="FAILED: Cases: ",
    ),
)

ALCOTEST = Parser(tool="alcotest", category=Category.TEST, parse=scan_with(_ALCOTEST, lambda view: _Alcotest(view)))
OUNIT = Parser(tool="ounit", category=Category.TEST, parse=scan_with(_OUNIT, lambda view: _OUnit(view)))


# ---------------------------------------------------------------------- dune

DUNE_OUTPUT_WITHIN = 4  # lines under the failed program's name: its command, then its output's first line


@state
class _Dune:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="dune"))


def _dune_test(st: _Dune, no: int, m: re.Match[str]) -> None:
    """The test program that failed, by its directory and name (`test/test_cart`); its output's first line (an
    uncaught exception: `Fatal error: exception Failure("...")`) the message."""
    message = None
    for line in st.view.after(no, DUNE_OUTPUT_WITHIN):
        text = line.text.strip()
        if text and not text.startswith("(cd "):
            message = text
            st.found.mark(line.no, 8.0)
            break
    st.found.test(no, f"{m['dir']}{m['program']}", message=message)


_DUNE = LineRules[_Dune](
    Rule(
        r"^\s*(?P<program>\S+) alias (?P<dir>(?:\S+/)?)runtest \((?:exit \d+|got signal \w+)\)$",
        _dune_test,
        has=("runtest (",),
    ),
)

DUNE = Parser(tool="dune", category=Category.TEST, parse=scan_with(_DUNE, lambda view: _Dune(view)))
