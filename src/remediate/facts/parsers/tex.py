"""TeX's errors (pdflatex, lualatex, xelatex, and latexmk running them): the document did not build.

TeX opens an error with `! message` (`! Undefined control sequence.`, `! LaTeX Error: File `x.sty' not
found.`, `! Missing $ inserted.`) and shows where it stopped in the input on a line `l.3 Hello \\foo` below
it, a few lines on (a prompt, `<inserted text>`, `<read *>` may come between). With `-file-line-error` a
TeX error opens `./paper.tex:3: Undefined control sequence.` instead (LaTeX's own `! LaTeX Error:` keep
their `!`). `Emergency stop.` and `==> Fatal error occurred, no output PDF file produced!` report the stop,
not its cause: no record of their own. A missing `.sty`/`.cls` is read by facts.meaning (the TeX
installation lacks a package, or the build's set-up a path: not sure which)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.models import Category

CONTEXT_WITHIN = 12  # lines under `! message` in which TeX shows `l.N ...`
_CONTEXT = Regex(r"^l\.(?P<line>\d+)(?: |$)")
_TEX_FILE = r"tex|ltx|sty|cls|dtx|bbl"
_FILE_LINE = Regex(rf"^(?P<file>\S+?\.(?:{_TEX_FILE})):(?P<line>\d+): (?P<msg>.+)$")
_STOPPED = ("Emergency stop.", " ==> Fatal error occurred", "==> Fatal error occurred")


def _stop(message: str) -> bool:
    """TeX's report that it stopped (after the error that made it), not an error of its own."""
    return message.startswith(_STOPPED)


def _bang(st: Found, no: int, m: re.Match[str]) -> bool:
    """`! message`, TeX's only once its `l.N` context follows (the file: from a `-file-line-error`
    report of the stop, when one follows)."""
    message = m["msg"]
    if _stop(message):
        return True
    file: str | None = None
    for below in st.view.after(no, CONTEXT_WITHIN):
        if context := _CONTEXT.match(below.text):
            st.found.error(no, message, file=file, at=int(context["line"]), tool="tex")
            return True
        if below.text.startswith("! ") and not _stop(below.text[2:]):
            return False  # the next error, and no context for this one
        if (place := _FILE_LINE.match(below.text)) is not None:
            if not _stop(place["msg"]):
                return False
            file = place["file"]
    return False


def _file_line(st: Found, no: int, m: re.Match[str]) -> None:
    """`-file-line-error`'s `./paper.tex:3: Undefined control sequence.`"""
    if not _stop(m["msg"]):
        st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), tool="tex")


_RULES = LineRules[Found](
    Rule(r"^! (?P<msg>\S.*)$", _bang, starts="! "),
    Rule(_FILE_LINE, _file_line, has=(".tex:", ".ltx:", ".sty:", ".cls:", ".dtx:", ".bbl:")),
)

PARSER = Parser(tool="tex", category=Category.BUILD, parse=scan_with(_RULES, plain("tex")))
