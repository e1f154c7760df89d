"""Checkers of a project's .editorconfig rules (trailing whitespace, indent style, final newline): eclint's
`check` (2.x: the file alone on its line, then `    01:13 ❌ unexpected trailing whitespace` rows, each over
`(EditorConfig trim_trailing_whitespace URL)` naming the rule) and lintspaces-cli's default report
(`File: PATH`, then `Line: 1 Unexpected trailing spaces found. [warning]`; it exits 1 on any, so its
"warnings" fail the run). What they check is whitespace: format findings."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

_RULE_BELOW = Regex(r"^\s+\(EditorConfig (\w+)\b")


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="eclint"))
    file: str | None = None  # eclint's file heading, or lintspaces' `File:`
    last: int = 0  # the log line of eclint's last row: its heading is above it, or between it and the next


def _file(st: _State, _no: int, m: re.Match[str]) -> None:
    st.file = m.group(1)


def _eclint_row(st: _State, no: int, m: re.Match[str]) -> bool:
    for back in range(no - 1, st.last, -1):  # the file heading the row: the nearest unindented line above
        text = st.view.text(back)
        if text and not text[0].isspace():
            st.file = text if " " not in text else None
            break
    st.last = no
    if st.file is None:
        return False
    below = next(st.view.after(no, 1), None)
    rule = _RULE_BELOW.match(below.text) if below is not None else None
    code = rule.group(1) if rule else "editorconfig"
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=code, category=Category.FORMAT)
    return True


def _lintspaces_row(st: _State, no: int, m: re.Match[str]) -> None:
    at = int(m["line"])
    st.found.error(no, m["msg"], file=st.file, at=at, code="editorconfig", tool="lintspaces", category=Category.FORMAT)


_RULES = LineRules[_State](
    Rule(r"^File: (\S+)$", _file, starts="File: "),
    Rule(r"^Line: (?P<line>\d+) (?P<msg>.+?) \[(?:warning|error)\]$", _lintspaces_row, starts="Line: "),
    # eclint's rows: a two-digit line and column, then its cross (U+274C), under the file's heading
    Rule(r"^\s+(?P<line>\d+):(?P<col>\d+) \u274c (?P<msg>.+)$", _eclint_row, has=(" \u274c ",)),
)

PARSER = Parser(tool="eclint", category=Category.FORMAT, parse=scan_with(_RULES, lambda view: _State(view)))
