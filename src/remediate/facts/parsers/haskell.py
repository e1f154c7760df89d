"""Haskell: GHC's compile errors (under cabal or stack too), hspec's and tasty's failures.

GHC puts the place on a line of its own and the message on the indented lines below it:
`src/Lib.hs:5:9: error:` (a column span `5:9-14`, a multi-line span `(5,9)-(6,10)`), from GHC 9.6
with its error code (`error: [GHC-83865]`), then `    • Couldn't match type ...`. An error made
from a warning by `-Werror` names its flag (`error: [-Wunused-imports, -Werror=unused-imports]`):
a warning the build denies, the build's failure as gcc's `-Werror` and erlc's `warnings_as_errors` are (the dev
half labels erlc's compile_build; the build specialist fixes the code). hspec lists each failure as its place
(`  test/CalcSpec.hs:10:5: `), then `  1) Calc.add adds two numbers` with the expectation below, and
ends with `N examples, M failures`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.indent import indent_of
from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import after_errors, after_tests, record, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

MESSAGE_LINES = 6  # indented lines under a GHC error's place that hold its message
_PLACE = (
    r"(?P<file>\S+?\.(?:hs|lhs|hsc|hs-boot)):(?:(?P<line>\d+):(?P<col>\d+)(?:-\d+)?"
    r"|\((?P<line2>\d+),(?P<col2>\d+)\)-\(\d+,\d+\))"
)
# GHC's source excerpt under the message: `  |`, `5 | total = ...` (possessive: `\s*\d*\s*` split a run of spaces
# two ways at each of its places, quadratic on a long indented line)
_SOURCE_LINE = Regex(r"^\s*+(?:\d++\s*+)?\|")


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="ghc"))
    errors: int = 0
    place: tuple[str, int] | None = None  # hspec: the place printed above the next failure


def _message_below(view: View, no: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for nxt in view.after(no, MESSAGE_LINES):
        if not nxt.text.startswith(" ") or not nxt.text.strip() or _SOURCE_LINE.match(nxt.text):
            break
        out.append((nxt.no, nxt.text.strip().removeprefix("• ")))
    return out


def _ghc_error(st: _State, no: int, m: re.Match[str]) -> None:
    below = _message_below(st.view, no)
    for at, _text in below:
        st.found.mark(at, 8.0)
    message = " ".join([m["msg"] or "", *(text for _at, text in below[:3])]).strip() or "error"
    flag = m["flag"]
    code = m["code"] or (flag.removeprefix("-") if flag else None)
    st.found.error(
        no,
        message,
        file=m["file"],
        at=int(m["line"] or m["line2"]),
        column=int(m["col"] or m["col2"]),
        code=code,
        tool="ghc",
        weight=9.0,
    )
    st.errors += 1


def _hspec_place(st: _State, _no: int, m: re.Match[str]) -> None:
    st.place = (m["file"], int(m["line"]))


def _hspec_failure(st: _State, no: int, m: re.Match[str]) -> None:
    """`  1) Calc.add adds two numbers` under its place, the expectation on the lines below."""
    assert st.place is not None
    file, line = st.place
    below = _message_below(st.view, no)
    message = " ".join(text for _at, text in below[:3]) or None
    for at, _text in below:
        st.found.mark(at, 8.0)
    st.found.test(no, m["name"], file=file, message=message)
    st.found.error(no, message or m["name"], file=file, at=line, code="test", tool="hspec")
    st.place = None


_RULES = LineRules[_State](
    Rule(
        rf"^{_PLACE}: error:(?: \[(?P<code>GHC-\d+)\])?(?: \[(?P<flag>-W[\w-]+)(?:, -?Werror(?:=[\w-]+)?)?\])?"
        r"(?: (?P<msg>.+))?$",
        _ghc_error,
        has=(": error:",),
    ),
    Rule(rf"^  {_PLACE}: ?$", _hspec_place, has=(".hs:", ".lhs:")),
    # Under its place only (a gate on two spaces and `) ` would hold in nearly every log).
    Rule(r"^  \d+\) (?P<name>\S.*)$", _hspec_failure, when=lambda st, _no: st.place is not None),
    # RSpec's summary has the same words: hspec's only after an hspec failure.
    Rule(
        r"^\d+ examples?, (?P<failed>\d+) failures?",
        summary(9.0),
        has=(" examples", " example,"),
        when=after_tests,
    ),
    # cabal and stack saying the build failed (the GHC errors above say why).
    Rule(
        r"^(?:Error: )?(?:cabal(?:-install)?: )?Failed to build [\w-]+-\d|^Error: \[S-7282\]|"
        r"^\s+Stack failed to execute the build plan",
        verdict(8.0),
        has=("Failed to build ", "[S-7282]", "Stack failed"),
    ),
    continued=True,  # its rule without literals waits on a place only its other rules set
)


def _finish(st: _State, _view: View) -> Findings:
    found = st.found
    if found.tests:
        found.tool = "hspec"
    elif st.errors:
        found.category = Category.BUILD
    return found


PARSER = Parser(tool="ghc", category=Category.TEST, parse=scan_with(_RULES, _State, _finish))


# ------------------------------------------------------------------ tasty

TASTY_DETAIL = 20  # lines under a failed test's row in which its place and message come
TASTY_MESSAGE_LINES = 3  # `expected: 6` / ` but got: 5`
_TASTY_PLACE = Regex(r"^\s+(?P<file>\S+\.l?hs):(?P<line>\d+):$")
_TASTY_STATUS = Regex(r":\s+(?:OK|FAIL)\b")


@state
class _Tasty:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="tasty"))
    rows: list[int] = field(default_factory=list)  # the lines of `name: FAIL` rows, until the count confirms them


def _tasty_row(st: _Tasty, no: int, _m: re.Match[str]) -> None:
    if len(st.rows) < MAX_TASTY_ROWS:
        st.rows.append(no)


def _tasty_count(st: _Tasty, no: int, m: re.Match[str]) -> None:
    """`2 out of 3 tests failed (0.00s)`: the `FAIL` rows above it were tasty's failed tests."""
    summary(9.0)(st, no, m)
    for row in st.rows:
        _tasty_failed(st, row)
    st.rows.clear()


def _tasty_failed(st: _Tasty, no: int) -> None:
    """A failed test: its name under its groups (the less indented lines above it that are no test's
    row), its place (HUnit's `FILE:LINE:`) and message (the lines below it, more indented)."""
    lines, i = st.view.lines, st.view.index[no]
    text = lines[i].text
    depth, path = indent_of(text), [text.strip().rpartition(":")[0].rstrip(":").strip()]
    for j in range(i - 1, -1, -1):
        above = lines[j].text
        if above.strip() and indent_of(above) < depth and not _TASTY_STATUS.search(above):
            path.insert(0, above.strip())
            depth = indent_of(above)
            if depth == 0:
                break
    place: re.Match[str] | None = None
    said: list[str] = []
    for line in st.view.after(no, TASTY_DETAIL):
        if indent_of(line.text) <= indent_of(text) or line.text.strip().startswith("Use -p "):
            break
        if (at := _TASTY_PLACE.compiled.match(line.text)) and place is None:
            place = at
        elif len(said) < TASTY_MESSAGE_LINES and line.text.strip():
            said.append(line.text.strip())
            st.found.mark(line.no, 8.0)
    name, message = ".".join(path), " ".join(said) or None
    st.found.test(no, name, file=place["file"] if place else None, message=message)
    if place:
        st.found.error(no, message or name, file=place["file"], at=int(place["line"]), code="test")


MAX_TASTY_ROWS = 200
_TASTY = LineRules[_Tasty](
    Rule(r"^\s+\S.*?:\s+FAIL(?: \([\d.]+s\))?$", _tasty_row, ends=("FAIL", "s)"), continues=True),
    Rule(r"^(?P<failed>\d+) out of \d+ tests failed", _tasty_count, has=(" tests failed (",)),
)

TASTY = Parser(tool="tasty", category=Category.TEST, parse=scan_with(_TASTY, lambda view: _Tasty(view)))


# HLint: `src/Lib.hs:7:17-23: Warning: Use id` (hlint 1.x: `src/Lib.hs:7:17: Warning: Use id`), then
# `Found:` / `Perhaps:` (1.x: `Why not:`) with the code, and `3 hints`. HLint exits 1 on any hint,
# whatever its level. GHC 7's own `FILE:L:C: Warning:` ends there (its message is on the lines below).
_HLINT = LineRules[Found](
    Rule(
        rf"^{_PLACE}: (?P<level>Warning|Error|Suggestion): (?P<msg>\S.*)$",
        record(),
        has=(".hs:", ".lhs:"),  # the level is common (`: Warning: `), a Haskell file is not
    ),
    Rule(
        r"^(?P<errors>\d+) hints?$",
        summary(8.0),
        ends=(" hints", " hint"),
        when=after_errors,
        continues=True,
    ),
)
HLINT = Parser(tool="hlint", category=Category.LINT, parse=scan_with(_HLINT, plain("hlint")))
