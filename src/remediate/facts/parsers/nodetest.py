"""Node's built-in test runner with its `spec` reporter (`node --test` on a terminal, and the
default everywhere from Node 23): a failed test is `✖ NAME (1.2ms)` with its error on the more
indented lines below; the run ends with `ℹ fail N` and a `✖ failing tests:` section that repeats
each failure after `test at FILE:LINE:COL`. (Its TAP reporter is read by the TAP parser.)"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.indent import indent_of
from remediate.facts.parsers import nodeerrors
from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.view import View
from remediate.models import Category

_CROSS = "\u2716"


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="node-test"))
    at: tuple[str, int] | None = None  # the `test at FILE:LINE:COL` naming the next failure


def _test_at(st: _State, _no: int, m: re.Match[str]) -> None:
    st.at = (m.group(1), int(m.group(2)))


def _failed(st: _State, no: int, m: re.Match[str]) -> bool:
    """A failed test, when the lines below it (more indented) say why; a suite that failed only
    through its tests has nothing below it."""
    indent = len(m.group(1))
    nxt = next(st.view.after(no, 1), None)
    if nxt is None or indent_of(nxt.text) <= indent or not nxt.text.strip():
        st.at = None
        return False
    name, message = m.group(2), nxt.text.strip()
    if message == _FILE_FAILED and name.startswith("/"):
        message = _printed_above(st.view, no) or message
    if cause := _cause(st.view, no, indent):
        message = f"{message} (cause: {cause})"
    file, at = st.at if st.at is not None else (None, None)
    st.found.test(no, name, file=file, message=message)
    st.found.mark(nxt.no, 8.0)
    if file is not None:
        st.found.error(no, name, file=file, at=at, code="test")
    st.at = None
    return True


# Node's words for a test file whose process failed outside any test of its own (it died loading: a file it requires
# does not parse); the test named is the file, by its absolute path.
_FILE_FAILED = "'test failed'"
# How far above such a file's failure Node's report of the error may start: its head, the place it was thrown
# (`/abs/src/cart.js:2`, an ES module's `file:///abs/src/cart.mjs:2`, `node:internal/modules/esm/resolve:283`), as
# nodeerrors reads it; the reporter's own lines end the search.
PRINTED_WITHIN = 30
_REPORT_HEAD = re.compile("^" + nodeerrors.REPORT_HEAD)
_REPORTER_MARKS = ("\u2714 ", f"{_CROSS} ", "\u2139 ", "\u25b6 ", "test at ")


def _printed_above(view: View, no: int) -> str:
    """Node's report of the error a test file that failed outside its tests died on, as the file printed it to stderr
    just above its failure (`/abs/src/cart.js:2`, the source line, `SyntaxError: missing ) after argument list`): the
    file's report, as the TAP reporter forwards it in `#` lines and its parser keeps it. "" where no report's head
    (_REPORT_HEAD) stands above before the reporter's own lines (the `failing tests:` section repeats the failure
    under `test at FILE:LINE:COL`)."""
    printed: list[str] = []
    for line in reversed(view.within(max(1, no - PRINTED_WITHIN), no - 1)):
        if line.text.startswith(_REPORTER_MARKS):
            return ""
        printed.append(line.text.strip())
        if _REPORT_HEAD.match(printed[-1]):
            return "\n".join(t for t in reversed(printed) if t)
    return ""


# How far below a failed test its error's `[cause]:` may be printed (the error's stack comes first).
CAUSE_WITHIN = 30


def _cause(view: View, no: int, indent: int) -> str | None:
    """The error's cause as the reporter inspects it (`[cause]: Error: connect ECONNREFUSED 127.0.0.1:5432`
    under undici's `TypeError [Error]: fetch failed`), among the failed test's more indented lines: what the
    test met, where its error names only what failed."""
    for line in view.after(no, CAUSE_WITHIN):
        text = line.text.strip()
        if text and indent_of(line.text) <= indent:
            return None
        if text.startswith("[cause]: "):
            return text.removeprefix("[cause]: ")
    return None


_RULES = LineRules[_State](
    Rule(r"^test at (?:file://)?(\S+?):(\d+):\d+$", _test_at, starts="test at "),
    Rule(rf"^(\s*){_CROSS} (.+?) \([\d.]+m?s\)$", _failed, has=(_CROSS,)),
    Rule(r"^\u2139 fail (?P<failed>\d+)$", summary(9.0), starts="\u2139 fail "),
)

PARSER = Parser(tool="node-test", category=Category.TEST, parse=scan_with(_RULES, lambda view: _State(view)))
