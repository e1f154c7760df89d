"""Vint, the Vim script linter (PyPI `vim-vint`, 0.3.x since 2015): one line a problem,
`autoload/cart.vim:1:1: Use the abort attribute for functions in autoload (see Google VimScript Style
Guide (Functions))`, exit 1 on any. The reference in parentheses is cut off the message."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.models import Category

_SEE = " (see "


def _problem(st: Found, no: int, m: re.Match[str]) -> None:
    message = m["msg"]
    if message.endswith(")") and _SEE in message:  # the reference, split off from the right without a pattern
        message = message.rpartition(_SEE)[0]
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, message, file=m["file"], at=at, column=column)


_RULES = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.vim|\S*vimrc):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$",
        _problem,
        has=(".vim:", "vimrc:"),
    ),
)

VINT = Parser(tool="vint", category=Category.LINT, parse=scan_with(_RULES, plain("vint")))
