"""Linters of Travis-era JavaScript projects: CoffeeLint's default reporter (a `✗ file` heading, then
`✗ #N: message` rows; `⚠` rows only warn) and JSCS's console reporter (`rule: message at file :`,
the source lines below with an arrow under the column). JSCS's inline reporter prints JSHint's
format (`file: line N, col C, rule: message`): the JSHint parser reads it."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.view import View
from remediate.models import Category

ARROW_WITHIN = 6  # lines under a JSCS heading in which its arrow comes
_SOURCE = Regex(r"^(?P<prefix>\s+(?P<line>\d+) \|)")
_ARROW = Regex(r"^(?P<dashes>-+)\^$")


@state
class _Coffee:
    found: Findings = field(default_factory=lambda: Findings(tool="coffeelint"))
    file: str | None = None


def _coffee_file(st: _Coffee, no: int, m: re.Match[str]) -> None:
    st.file = m["file"] if m["mark"] == "✗" else None
    st.found.seen = True
    if st.file:
        st.found.mark(no, 5.0)


def _coffee_row(st: _Coffee, no: int, m: re.Match[str]) -> bool:
    if st.file is None:
        return False
    if m["mark"] == "⚠":
        st.found.mark(no, 3.0)
    else:
        st.found.error(no, m["msg"], file=st.file, at=int(m["line"]))
    return True


_COFFEE = LineRules[_Coffee](
    Rule(
        r"^  (?P<mark>[✗✓⚠]) (?P<file>\S+\.(?:coffee|litcoffee|cson))$", _coffee_file, starts=("  ✗ ", "  ✓ ", "  ⚠ ")
    ),
    Rule(r"^     (?P<mark>[✗⚠]) #(?P<line>\d+): (?P<msg>.+)$", _coffee_row, starts=("     ✗ #", "     ⚠ #")),
    Rule(r"^✗ Lint! » (?P<errors>\d+) errors? and \d+ warnings? in \d+ files?$", summary(8.0), starts="✗ Lint! "),
)


@state
class _Jscs:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="jscs"))


def _jscs_heading(st: _Jscs, no: int, m: re.Match[str]) -> None:
    """`rule: message at file :`; its line is the source line above the arrow below it."""
    line = column = None
    previous = None
    for below in st.view.after(no, ARROW_WITHIN):
        arrow = _ARROW.match(below.text)
        if arrow and previous is not None:
            line, column = int(previous["line"]), len(arrow["dashes"]) - len(previous["prefix"])
            break
        previous = _SOURCE.match(below.text) or previous
    st.found.error(no, m["msg"], file=m["file"], at=line, column=column, code=m["code"])


_JSCS = LineRules[_Jscs](
    Rule(r"^(?P<code>[a-z]\w+): (?P<msg>.+) at (?P<file>\S+\.[cm]?jsx?) :$", _jscs_heading, ends=" :"),
    Rule(r"^(?P<errors>\d+) code style errors? found\.$", summary(8.0), ends=" found."),
)

COFFEELINT = Parser(tool="coffeelint", category=Category.LINT, parse=scan_with(_COFFEE, lambda _view: _Coffee()))
JSCS = Parser(tool="jscs", category=Category.LINT, parse=scan_with(_JSCS, lambda view: _Jscs(view)))
