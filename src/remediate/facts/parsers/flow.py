"""Flow, the JavaScript type checker (`flow check`, `flow status`; npm flow-bin ships its binary), in its
two report forms. 0.66 on: `Error -------- src/cart.js:5:19`, a blank line, the message (`Cannot assign
...`), then the source with carets and its references. Before: `Error: src/cart.js:5`, the source lines,
the message behind the carets (`^^^^ number. This type is incompatible with`). Both end `Found N errors`.
A `Warning ----` block fails nothing."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import after_errors, summary
from remediate.models import Category

MESSAGE_WITHIN = 4  # lines under a heading in which its message comes
_CARET_MESSAGE = Regex(r"^\s+\^+ (?P<msg>\S.*)$")


def _message_below(st: Found, no: int, caret: bool) -> str | None:
    """The first non-empty line under the heading (0.66 on), or the first message behind carets (before)."""
    for below in st.view.after(no, MESSAGE_WITHIN):
        if caret:
            if m := _CARET_MESSAGE.match(below.text):
                return m["msg"]
        elif below.text.strip():
            return below.text.strip()
    return None


def _heading(st: Found, no: int, m: re.Match[str]) -> None:
    caret = not m["col"]
    message = _message_below(st, no, caret) or "Flow error"
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, message, file=m["file"], at=int(m["line"]), column=column, tool="flow")


_RULES = LineRules[Found](
    Rule(r"^Error -{3,} (?P<file>\S+):(?P<line>\d+):(?P<col>\d+)$", _heading, starts="Error --"),
    Rule(r"^Error: (?P<file>\S+\.(?:js|jsx|mjs|cjs|flow)):(?P<line>\d+)(?P<col>)$", _heading, starts="Error: "),
    Rule(r"^Found (?P<errors>\d+) errors?$", summary(8.0), starts="Found ", when=after_errors),
)

PARSER = Parser(tool="flow", category=Category.TYPE, parse=scan_with(_RULES, plain("flow")))
