"""ESLint's other built-in formatters (`eslint -f NAME`), those a CI picks for a readable or an IDE-like
report, as ESLint 2 to 8 print them (ESLint 8 moved `codeframe` and `table` out of its core, ESLint 9
`visualstudio`; the packages that took them over print the same): stylish, compact and unix are read
by the ESLint parser (parsers/javascript.py).

- codeframe: `error: MESSAGE (RULE) at FILE:LINE:COL:`, the source around it, then
  `N errors and M warnings found.`; a parse error names no rule.
- visualstudio: `FILE(LINE,COL): error RULE : MESSAGE` (a space before the colon, unlike tsc's and the
  .NET compilers' `error TS2322:`), then `N problems`.
- table: the file alone on its line, then `║ LINE │ COL │ error │ MESSAGE │ RULE ║` rows under a header
  row; a long message wraps onto rows with empty cells, which add nothing.
- create-react-app's (react-dev-utils' formatter, `react-scripts build`): `Failed to compile.`, the file
  (`./src/index.js`), then `  Line 4:16:  MESSAGE  RULE` rows (CRA 2: `  Line 4:  ...`, no column). With
  `CI=true` CRA fails on warnings too ("Treating warnings as errors"): every row under `Failed to compile.`
  is a failure; under `Compiled with warnings.` none is.

A `warning` fails nothing (it is only shown); ESLint exits 1 on an error."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import after_errors, summary
from remediate.models import Category

_JS_EXTENSIONS = tuple(f".{kind}{lang}s{x}" for kind in ("", "c", "m") for lang in "jt" for x in ("", "x"))
_HEADING_EXTENSIONS = (*_JS_EXTENSIONS, ".vue", ".svelte", ".json", ".md", ".es6", ".html")


@state
class _Formats:
    found: Findings = field(default_factory=lambda: Findings(tool="eslint"))
    file: str | None = None  # the table formatter's file heading
    cra: bool = False  # create-react-app's `Failed to compile.` came last (its rows below fail the build)


def _finding(st: _Formats, no: int, m: re.Match[str], file: str | None) -> None:
    if m["level"] == "warning":
        st.found.mark(no, 3.0)
        return
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=file, at=at, column=column, code=m["code"] or None)


def _located(st: _Formats, no: int, m: re.Match[str]) -> None:
    """A codeframe or visualstudio finding: the line says its file."""
    _finding(st, no, m, m["file"])


def _heading(st: _Formats, _no: int, m: re.Match[str]) -> None:
    st.file = m.string


def _table_row(st: _Formats, no: int, m: re.Match[str]) -> bool:
    if st.file is None:
        return False
    _finding(st, no, m, st.file)
    return True


_COLUMNS = Regex(r"\s{2,}")


def _cra_verdict(st: _Formats, no: int, m: re.Match[str]) -> None:
    st.cra, st.file = m.string == "Failed to compile.", None
    st.found.mark(no, 6.0)


def _cra_file(st: _Formats, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _cra_row(st: _Formats, no: int, m: re.Match[str]) -> bool:
    if not st.cra or st.file is None:
        return False
    columns = _COLUMNS.split(m["rest"].strip())
    rule = columns[-1] if len(columns) > 1 else None
    message = " ".join(columns[:-1]) if rule else columns[0]
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, message, file=st.file, at=int(m["line"]), column=column, code=rule)
    return True


_RULES = LineRules[_Formats](
    # codeframe. The message is lazy up to ` at `, the rest a path without spaces: one try per ` at `.
    Rule(
        r"^(?P<level>error|warning): (?P<msg>.+?)(?: \((?P<code>@?[\w/-]+)\))? at "
        r"(?P<file>\S+):(?P<line>\d+):(?P<col>\d+):$",
        _located,
        starts=("error: ", "warning: "),
        ends=":",
    ),
    Rule(r"^(?P<errors>\d+) errors? and \d+ warnings? found\.$", summary(8.0), ends=" found."),
    # visualstudio: the rule (none for a parse error: `error : Parsing error: ...`), then ` : `
    Rule(
        r"^(?P<file>\S+?)\((?P<line>\d+),(?P<col>\d+)\): "
        r"(?P<level>error|warning) (?:(?P<code>[\w@/-]+) )?: (?P<msg>.+)$",
        _located,
        has=("): error ", "): warning "),
    ),
    # table: the heading (a path alone) is read only in a view that has the table's rows
    Rule(r"^\S+$", _heading, ends=_HEADING_EXTENSIONS, continues=True),
    Rule(
        r"^║ (?P<line>\d+) +│ (?P<col>\d+) +│ (?P<level>error|warning) +│ (?P<msg>[^│]*[^│ ]) +│ (?P<code>[^│ ]*) *║$",
        _table_row,
        starts="║ ",
    ),
    Rule(
        r"^(?:Failed to compile|Compiled with warnings|Compiled successfully!?)\.?$",
        _cra_verdict,
        starts=("Failed to compile", "Compiled "),
    ),
    Rule(r"^\./(?P<file>\S+)$", _cra_file, starts="./", when=lambda st, _no: st.cra, continues=True),
    Rule(r"^  Line (?P<line>\d+)(?::(?P<col>\d+))?:  (?P<rest>\S.*)$", _cra_row, starts="  Line ", continues=True),
    Rule(r"^║ (?P<errors>\d+) Errors? +║$", summary(8.0), starts="║ ", when=after_errors),
)

PARSER = Parser(tool="eslint-formats", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Formats()))
