"""TSLint (TypeScript's linter before ESLint took it over, common in Travis-era logs): its prose
(default), verbose, stylish and pre-5 formats. An ERROR fails the run; a WARNING does not."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import record
from remediate.models import Category

_FILE = r"(?P<file>\S+?\.(?:[cm]?[jt]sx?|vue))"
_EXTENSIONS = (*(f".{c}{jt}s{x}" for c in ("", "c", "m") for jt in "jt" for x in ("", "x")), ".vue")
_EXTENSION_COLON = tuple(f"{extension}:" for extension in _EXTENSIONS)
_EXTENSION_BRACKET = tuple(f"{extension}[" for extension in _EXTENSIONS)  # `src/app.ts[1, 12]: ` (`]: ` is common)


@state
class _TSLint:
    found: Findings = field(default_factory=lambda: Findings(tool="tslint"))
    file: str | None = None  # the stylish format's heading


def _heading(st: _TSLint, no: int, m: re.Match[str]) -> None:
    st.file = m["file"]
    st.found.mark(no, 5.0)


def _stylish_row(st: _TSLint, no: int, m: re.Match[str]) -> bool:
    if st.file is None:
        return False
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=m["code"])
    return True


def _warning(st: _TSLint, no: int, _m: re.Match[str]) -> None:
    st.found.mark(no, 3.0)


_RULES = LineRules[_TSLint](
    # prose: "ERROR: src/app.ts:1:12 - Missing semicolon"
    Rule(rf"^ERROR: {_FILE}:(?P<line>\d+):(?P<col>\d+) - (?P<msg>.+)$", record(), starts="ERROR: "),
    # verbose: "ERROR: (semicolon) src/app.ts[1, 12]: Missing semicolon"; before TSLint 5, without the level
    Rule(
        rf"^(?:ERROR: )?\((?P<code>[\w-]+)\) {_FILE}\[(?P<line>\d+), (?P<col>\d+)\]: (?P<msg>.+)$",
        record(),
        has=_EXTENSION_BRACKET,
    ),
    Rule(rf"^{_FILE}\[(?P<line>\d+), (?P<col>\d+)\]: (?P<msg>.+)$", record(), has=_EXTENSION_BRACKET),
    # stylish: a "src/app.ts:1:1" heading, then "ERROR: 1:12  semicolon  Missing semicolon"
    # (a digit at a line's end is in every log: the file's extension and its colon are not)
    Rule(rf"^{_FILE}:\d+:\d+$", _heading, has=_EXTENSION_COLON),
    Rule(
        r"^ERROR: (?P<line>\d+):(?P<col>\d+)\s+(?P<code>[\w-]+)\s+(?P<msg>.+)$",
        _stylish_row,
        starts="ERROR: ",
    ),
    Rule(r"^WARNING: ", _warning, starts="WARNING: "),
)

PARSER = Parser(tool="tslint", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _TSLint()))
