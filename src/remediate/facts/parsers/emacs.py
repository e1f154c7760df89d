"""Emacs Lisp errors in batch runs (`emacs --batch -l init.el`, a package's CI): the debugger's
`Debugger entered--Lisp error: (error "Package ‘magit’ is unavailable")` (Emacs 28 prints it in
batch whenever an error is not caught; older ones under `debug-on-error`, some with only the
backtrace's first frame, `  signal(error ("..."))`).

package.el's own words say a package could not be installed (a dependency failure): a package no
archive has, a version no archive has, an Emacs newer than the running one (`emacs-25.1` is
unavailable). Any other Lisp error is left to the excerpt's scoring: what a program's error means
is its caller's to say, and a record without a category would only move the excerpt."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.models import Category

_PACKAGE = Regex(r"^Package [‘`'][^’'`]+[’'] is unavailable|^No version of \S+ >= \S+ is available")
_ENTERED = "Debugger entered--Lisp error: "


def _signal(st: Found, no: int, m: re.Match[str]) -> bool:
    """The backtrace's `signal(...)` frame: the error, unless the debugger's own line above said it."""
    if any(st.view.text(no - k).startswith(_ENTERED) for k in (1, 2)):
        return False
    _lisp_error(st, no, m)
    return True


def _lisp_error(st: Found, no: int, m: re.Match[str]) -> None:
    words = _strings(m["data"])
    message = ": ".join(words) if words else f"{m['type']} {m['data']}".strip()
    if _PACKAGE.compiled.match(message):
        st.found.error(no, message, code="package-unavailable", category=Category.DEPENDENCY, weight=9.0)


def _strings(data: str) -> list[str]:
    """The Lisp strings in an error's data, unescaped, in one pass (a pattern retried from every
    quote of a string that never closes would be quadratic)."""
    out: list[str] = []
    chars: list[str] = []
    inside = escaped = False
    for ch in data:
        if not inside:
            inside = ch == '"'
        elif escaped:
            chars.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            out.append("".join(chars))
            chars.clear()
            inside = False
        else:
            chars.append(ch)
    return out


_RULES = LineRules[Found](
    Rule(rf"^{_ENTERED}\((?P<type>[\w-]+) ?(?P<data>.*)\)$", _lisp_error, starts=_ENTERED),
    Rule(r"^  signal\((?P<type>[\w-]+) \((?P<data>.*)\)\)$", _signal, starts="  signal("),
)

PARSER = Parser(tool="emacs", category=Category.UNKNOWN, parse=scan_with(_RULES, plain("emacs")))
