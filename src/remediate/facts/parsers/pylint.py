"""pylint: its default text lines (`path:line:col: C0410: message (symbol)`), the `parseable` form
(`path:line: [C0410(symbol), obj] message`), the `Module` headings and the score line. pylint 1.x's
default lines name no file: `C:  1, 0: Missing module docstring (missing-docstring)` (with
`--include-ids`, `C0111:  1,0: ...`) under the `************* Module pkg.a` heading whose module they
are in; the record's file is that module's path (`pkg/a.py`).

`--output-format=json` prints an array of message objects, one field a line (`"path": "shop/cart.py"`, `"line": 4`,
`"message": "..."`, `"message-id": "W0102"` last); `json2` (pylint 3+) the same objects under `"messages"` (the id
as `"messageId"`, `"path"` and `"absolutePath"` last), then `"statistics"`. Each object is a record, read at its id's
line from its `{` to its `}`.

pylint's exit status is a bit per message kind it printed (fatal, error, warning, refactor,
convention), so every message a failing run prints is part of the failure."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import record, verdict
from remediate.facts.parsers.jsonreport import indented_object, json_number
from remediate.facts.view import View
from remediate.models import Category, Severity

_ID = r"(?P<code>[CRWEFI]\d{4})"


@state
class _Pylint:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="pylint"))
    module: str | None = None  # the file of the `************* Module x` heading above (pylint 1.x rows)


# pylint's message categories by their id's letter: convention, refactor and information are below a warning; error
# and fatal are errors. pylint exits non-zero on a message of any category (ErrorRecord.severity: facts/severity.py).
_LEVELS = {"C": Severity.NOTE, "R": Severity.NOTE, "I": Severity.NOTE, "W": Severity.WARNING}
_RECORD = record()


def _row(st: _Pylint, no: int, m: re.Match[str]) -> None:
    """A message row: a record at its category's level (_LEVELS)."""
    before = len(st.found.errors)
    _RECORD(st, no, m)
    _levelled(st.found, before, m["code"])


def _levelled(found: Findings, before: int, code: str | None) -> None:
    """The record read after the first `before` (none past MAX_RECORDS) at the level its message id's letter says."""
    level = _LEVELS.get((code or "E")[:1], Severity.ERROR)
    if len(found.errors) > before and level is not Severity.ERROR:
        found.errors[-1] = found.errors[-1].model_copy(update={"severity": level})


def _module(st: _Pylint, no: int, m: re.Match[str]) -> None:
    st.module = m["module"].replace(".", "/") + ".py"
    st.found.mark(no, 5.0)


def _old_row(st: _Pylint, no: int, m: re.Match[str]) -> None:
    """A pylint 1.x row: the heading's module is its file; the symbol (else the id) is its code."""
    code = m["symbol"] or m["id"] or m["kind"]
    at, column = int(m["line"]), int(m["col"])  # from 0, as pylint prints it (its other forms' records too)
    before = len(st.found.errors)
    st.found.error(no, m["msg"], file=st.module, at=at, column=column, code=code)
    _levelled(st.found, before, m["id"] or m["kind"])


_OBJECT_LINES = 20  # lines of one message object either side of its id (json2's has 13 fields)


def _json_message(st: _Pylint, no: int, m: re.Match[str]) -> None:
    """A message object of the JSON report, at its id's line: a record of its fields from its `{` to its `}`."""
    fields = indented_object(st.view, no, _OBJECT_LINES)
    at = json_number(fields.get("line"))
    if "path" not in fields or at is None:
        return
    before = len(st.found.errors)
    said = str(fields.get("message") or fields.get("symbol") or m["code"])
    path = str(fields["path"])
    st.found.error(no, said, file=path, at=at, column=json_number(fields.get("column")), code=m["code"])
    _levelled(st.found, before, m["code"])


_RULES = LineRules[_Pylint](
    Rule(
        rf"^(?P<file>\S+?\.pyi?):(?P<line>\d+):(?P<col>\d+): {_ID}: (?P<msg>.+?)(?: \((?P<symbol>[a-z][a-z0-9-]+)\))?$",
        _row,
        has=(".py",),
    ),
    Rule(
        rf"^(?P<file>\S+?\.pyi?):(?P<line>\d+): \[{_ID}\((?P<symbol>[a-z][a-z0-9-]+)\), [^\]]*\] (?P<msg>.+)$",
        _row,
        has=(".py:", ".pyi:"),
    ),
    Rule(r"^\*{13} Module (?P<module>\S+)$", _module, starts="*************"),
    Rule(
        r"^(?:(?P<id>[CRWEF]\d{4})|(?P<kind>[CRWEF])): *(?P<line>\d+), *(?P<col>\d+): (?P<msg>.+?)"
        r"(?: \((?P<symbol>[a-z][a-z0-9-]+)\))?$",
        _old_row,
        starts=("C", "R", "W", "E", "F"),
        when=lambda st, _no: st.module is not None,
        continues=True,
    ),
    Rule(
        r'^\s*"(?:message-id|messageId)": "(?P<code>[CRWEFI]\d{4})",?$',
        _json_message,
        has=('"message-id": "', '"messageId": "'),
    ),
    Rule(r"^Your code has been rated at -?[\d.]+/10", verdict(7.0), starts="Your code has been rated"),
)


PARSER = Parser(tool="pylint", category=Category.LINT, parse=scan_with(_RULES, lambda view: _Pylint(view)))
