"""oxlint (the Oxc project's linter, npm `oxlint`; 0.16 and 1.x print alike), in its default report:
each diagnostic opens `  x eslint(no-undef): 'itemName' is not defined.` (plugin and rule, then the
message; `  ! ...` a warning), and the next line places it, `    ,-[src/cart.js:12:10]`, over the source
it quotes. With colour the marks are `×` / `⚠` and the frame is drawn `╭─[...]`. The run ends
`Found 0 warnings and 3 errors.`; warnings fail nothing unless denied (`-D`, `--deny-warnings`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted
from remediate.facts.view import View
from remediate.models import Category

_WARNING = ("!", "⚠")


@state
class _Oxlint:
    found: Findings = field(default_factory=lambda: Findings(tool="oxlint"))
    head: tuple[int, str, str] | None = None  # (line, code, message) of an error waiting for its place


def _flush(st: _Oxlint) -> None:
    """An error whose place never came (a diagnostic about no file): recorded without one."""
    if st.head is not None:
        no, code, message = st.head
        st.found.error(no, message, code=code)
        st.head = None


def _header(st: _Oxlint, no: int, m: re.Match[str]) -> None:
    _flush(st)
    st.found.seen = True
    if m["mark"] in _WARNING:
        st.found.mark(no, 3.0)
        return
    st.head = (no, f"{m['plugin']}({m['rule']})", m["msg"])


def _place(st: _Oxlint, no: int, m: re.Match[str]) -> None:
    assert st.head is not None
    head_no, code, message = st.head
    st.head = None
    st.found.error(head_no, message, file=m["file"], at=int(m["line"]), column=int(m["col"]), code=code)
    st.found.mark(no, 8.0)


def _summary(st: _Oxlint, no: int, m: re.Match[str]) -> None:
    _flush(st)
    failures_counted(st.found, no, int(m["n"]), 6.0)


def _finish(st: _Oxlint, _view: View) -> Findings:
    _flush(st)
    return st.found


_RULES = LineRules[_Oxlint](
    Rule(
        r"^  (?P<mark>[x×!⚠]) (?P<plugin>[\w-]+)\((?P<rule>[\w@/-]+)\): (?P<msg>.+)$",
        _header,
        starts=("  x ", "  × ", "  ! ", "  ⚠ "),
    ),
    Rule(
        r"^ +(?:,-|╭─)\[(?P<file>[^\]\s:]+):(?P<line>\d+):(?P<col>\d+)\]$",
        _place,
        starts=" ",
        has=(",-[", "╭─["),
        when=lambda st, _no: st.head is not None,
        continues=True,
    ),
    Rule(r"^Found \d+ warnings? and (?P<n>\d+) errors?\.$", _summary, starts="Found "),
)

PARSER = Parser(tool="oxlint", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Oxlint(), _finish))
