"""Stylesheet compilers: Sass (dart-sass, node-sass, Ruby Sass) and Less. Their errors are build
failures: an "Error: message" line, then where (a few lines later)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import record, taken
from remediate.models import Category

LOCATION_WITHIN = 12  # lines between the message and its location
_SHEET = r"(?P<file>\S+?\.(?:sass|scss|css))"


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="sass"))
    pending: tuple[int, str] | None = None  # (line, message) of an error whose location follows

    def locating(self, no: int) -> bool:
        return self.pending is not None and no - self.pending[0] <= LOCATION_WITHIN


def _message(st: _State, no: int, m: re.Match[str]) -> None:
    st.pending = (no, m.group(1))


def _located(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.pending is not None
    st.found.mark(st.pending[0], 9.0)
    at, column = int(m["line"]), int(m["col"]) if m["col"] else None
    st.found.error(no, st.pending[1], file=m["file"], at=at, column=column, code="sass")
    st.pending = None


_RULES = LineRules[_State](
    Rule(r"^(?:Error|SassError|Sass Error): (.+)$", _message, starts=("Error: ", "SassError: ", "Sass Error: ")),
    # dart-sass: "  sass/main.sass 4:3  root stylesheet"; Ruby Sass / node-sass: "  on line 7 of bulma.sass"
    Rule(rf"^\s+{_SHEET} (?P<line>\d+):(?P<col>\d+)\s", _located, when=_State.locating),
    Rule(rf"^\s+on line (?P<line>\d+)(?::(?P<col>\d+))? of {_SHEET}\b", _located, when=_State.locating),
    Rule(r"\s", taken, when=_State.locating),  # an indented line of the message: not Less's either
    Rule(
        r"^(?P<code>\w*Error): (?P<msg>.+?) in (?P<file>\S+?\.less) on line (?P<line>\d+), column (?P<col>\d+):?$",
        record(tool="less"),
        has=(".less",),
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


PARSER = Parser(tool="sass", category=Category.BUILD, parse=scan_with(_RULES, lambda _view: _State()))
