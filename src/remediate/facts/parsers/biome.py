"""Biome (`biome lint`, `biome format`, `biome check`, `biome ci`; 1.x and 2.x print alike): each
diagnostic opens with a header ruled off to the right, `src/cart.js:11:9 lint/correctness/noUnusedVariables
FIXABLE  ━━━━` (file-level ones have no position: `src/cart.cjs format ━━━━`), then, after a blank line,
its severity and message: `  × message` (error), `  ! message` (warning), `  i message` (a note). In
colour Biome draws `✖`, `⚠` and `ℹ` instead. A warning fails nothing (without `--error-on-warnings`).
The run ends `Checked N files in 4ms. No fixes applied.`, `Found N errors.` and a header of the command
itself (`ci ━━━━`, `check ━━━━`) over `  × Some errors were emitted while running checks.`

Categories: `lint/GROUP/rule` (the code kept whole, as Biome's documentation names it), `parse` (the
file does not parse), `format` and the import sorter (`organizeImports`, 2.x `assist/source/organizeImports`):
the last two are formatting, like ruff format's and isort's.

`--reporter=json` (2.x, "experimental") prints the run on one line: `{"summary":{...,"errors":2,...},"diagnostics":
[{"severity":"error","message":...,"category":"lint/suspicious/noDebugger","location":{"path":"src/cart.js",
"start":{"line":5,"column":17},...`, read as the text form's diagnostics are."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted
from remediate.facts.parsers.jsonreport import json_text
from remediate.facts.view import View
from remediate.models import Category

_ERROR, _WARNING = ("×", "✖"), ("!", "⚠")
FORMATTING = ("format", "organizeImports", "assist/source/organizeImports")
# A diagnostic's category as Biome names it (the header's `cat`, the GitHub reporter's annotation title).
CATEGORY = Regex(r"(?:lint|assist|syntax)/\w+/\w+|format|parse|organizeImports")


@state
class _Biome:
    found: Findings = field(default_factory=lambda: Findings(tool="biome"))
    head: re.Match[str] | None = None  # the last header, waiting for its severity line
    head_line: int = 0


def _header(st: _Biome, no: int, m: re.Match[str]) -> None:
    st.head, st.head_line = m, no
    st.found.seen = True


def _severity(st: _Biome, no: int, m: re.Match[str]) -> None:
    head, st.head = st.head, None
    assert head is not None
    if m["mark"] in _WARNING:
        st.found.mark(no, 3.0)
        return
    if m["mark"] not in _ERROR:
        return
    code = head["cat"]
    at, column = head["line"], head["col"]
    st.found.error(
        st.head_line,
        m["msg"],
        file=head["file"],
        at=int(at) if at else None,
        column=int(column) if column else None,
        code=code,
        category=Category.FORMAT if code in FORMATTING else Category.UNKNOWN,
    )
    st.found.mark(no, 8.0)


_JSON_DIAGNOSTIC = Regex(
    rf'\{{"severity":"(?P<level>\w+)","message":(?P<msg>{JSON_STRING}),"category":"(?P<cat>[\w/]+)",'
    rf'"location":\{{"path":(?P<file>{JSON_STRING})(?:,"start":\{{"line":(?P<line>\d+),"column":(?P<col>\d+)\}})?'
)


def _json_report(st: _Biome, no: int, m: re.Match[str]) -> None:
    """The json reporter's line: its errors are records (a warning fails nothing), its summary's count the run's."""
    failures_counted(st.found, no, int(m["errors"]), 6.0)
    for diagnostic in _JSON_DIAGNOSTIC.finditer(m.string):
        if diagnostic["level"] != "error":
            continue
        code, at, column = diagnostic["cat"], diagnostic["line"], diagnostic["col"]
        st.found.error(
            no,
            json_text(diagnostic["msg"]),
            file=json_text(diagnostic["file"]),
            at=int(at) if at else None,
            column=int(column) if column else None,
            code=code,
            category=Category.FORMAT if code in FORMATTING else Category.UNKNOWN,
        )


def _found(st: _Biome, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, int(m["n"]), 6.0)


def _finish(st: _Biome, _view: View) -> Findings:
    found = st.found
    if found.errors and all(e.category is Category.FORMAT for e in found.errors):
        found.category = Category.FORMAT
    return found


_RULES = LineRules[_Biome](
    Rule(
        r'^\{"summary":\{(?:"(?!errors")\w+":\d+,)*"errors":(?P<errors>\d+),',
        _json_report,
        starts='{"summary":{"changed":',
    ),
    # The header: a path, its position when the diagnostic has one, the category, tags in capitals.
    Rule(
        r"^(?P<file>[^\s:]+)(?::(?P<line>\d+):(?P<col>\d+))? (?P<cat>[a-zA-Z][\w/]*)(?:  [A-Z]+)* +━+$",
        _header,
        ends="━━━",
    ),
    Rule(
        r"^  (?P<mark>[×✖!⚠iℹ]) (?P<msg>.+)$",
        _severity,
        starts=("  × ", "  ✖ ", "  ! ", "  ⚠ "),
        when=lambda st, _no: st.head is not None,
        continues=True,
    ),
    Rule(r"^Found (?P<n>\d+) errors?\.$", _found, starts="Found ", when=lambda st, _no: st.found.seen, continues=True),
)

PARSER = Parser(tool="biome", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Biome(), _finish))
