"""Stylesheet compilers: Sass (dart-sass, node-sass, Ruby Sass), Less and PostCSS. Their errors are build
failures: an "Error: message" line, then where (a few lines later). And find-unused-sass-variables
(fusv), which fails a lint step on each Sass variable no stylesheet reads. And CSSLint's default text
report (`csslint: There are 2 problems in /path/app.css.`, then per problem the file, `1: error at
line 1, col 1`, the message and the source line): its errors fail the run, its warnings do not.
(CSSLint's `--format=compact` is ESLint's compact form, read there.) And two Travis-era linters of Less and
Stylus sources: lesshint 2-4's default reporter (`Error: app.less: line 2, col 10, hexLength: message`; its
`Warning:` rows exit 0) and Stylint 1-2's default one (the file on a line of its own, then `2:12 semicolons
error message` under it, and `Stylint: N Errors.`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import (
    JSON_STRING,
    Findings,
    Found,
    LineRules,
    Parser,
    Regex,
    Rule,
    plain,
    scan_with,
    state,
)
from remediate.facts.parsers.handlers import record, summary, taken
from remediate.facts.parsers.jsonreport import json_text
from remediate.facts.view import View
from remediate.models import Category, Severity

LOCATION_WITHIN = 12  # lines between the message and its location
_SHEET = r"(?P<file>\S+?\.(?:sass|scss|css))"


@state
class _State:
    view: View
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


# Stylus 0.x: `ParseError: styl/cart.styl:4:1` (an evaluation error: `Error: FILE:L:C`), the source lines with a
# `------^` caret under the column (more source lines may follow it), then the message after a blank line,
# then Node's stack.
STYLUS_MESSAGE_WITHIN = 16
_STYLUS_CARET = Regex(r"^-*\^$")
_STYLUS_SOURCE = Regex(r"^\s*\d+\|")  # the frame's source lines go on below the caret


def _stylus(st: _State, no: int, m: re.Match[str]) -> None:
    message, caret = "Stylus error", False
    for below in st.view.after(no, STYLUS_MESSAGE_WITHIN):
        if caret and below.text.strip() and not _STYLUS_SOURCE.match(below.text):
            message = below.text.strip()
            break
        caret = caret or bool(_STYLUS_CARET.match(below.text))
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, message, file=m["file"], at=at, column=column, code=m["code"], tool="stylus")


# node-sass's own CLI (2.0 to 9.x, over libsass) prints its error as indented JSON on stderr: `{`, `"status": 1,`,
# `"file": "/abs/scss/main.scss",`, `"line": 5,`, `"column": 3,`, `"message": "Invalid CSS after ..."`, libsass's
# `"formatted"` text on one line with its newlines escaped, `}` (red under a terminal). grunt-sass and gulp-sass print
# the formatted text itself (the `Error:` rule above). Only a stylesheet's file makes it the compiler's report.
NODE_SASS_FIELDS_WITHIN = 6  # lines under `"status": N,` holding the file, line, column and message
_NODE_SASS_FIELD = Regex(rf'^\s*"(?P<key>file|line|column|message)": (?P<value>{JSON_STRING}|\d+),?$')
_STYLESHEET = (".scss", ".sass", ".css")


def _node_sass(st: _State, no: int, m: re.Match[str]) -> bool:
    fields: dict[str, str | int] = {}
    for below in st.view.after(no, NODE_SASS_FIELDS_WITHIN):
        if f := _NODE_SASS_FIELD.match(below.text):
            value = f["value"]
            fields[f["key"]] = int(value) if value.isdigit() else json_text(value)
    file, message, line = fields.get("file"), fields.get("message"), fields.get("line")
    if not (isinstance(file, str) and file.endswith(_STYLESHEET) and isinstance(message, str) and message):
        return False
    column = fields.get("column")
    st.found.error(
        no,
        message,
        file=file,
        at=line if isinstance(line, int) else None,
        column=column if isinstance(column, int) and column else None,
        code="sass",
        tool="node-sass",
    )
    return True


_RULES = LineRules[_State](
    Rule(
        r"^(?P<code>ParseError|Error|TypeError): (?P<file>\S+?\.styl):(?P<line>\d+):(?P<col>\d+)$",
        _stylus,
        starts=("ParseError: ", "Error: ", "TypeError: "),
        ends=tuple(str(d) for d in range(10)),
    ),
    Rule(r"^(?:Error|SassError|Sass Error): (.+)$", _message, starts=("Error: ", "SassError: ", "Sass Error: ")),
    Rule(r'^\s*"status": [1-9]\d*,$', _node_sass, has=('"status": ',)),
    # dart-sass: "  sass/main.sass 4:3  root stylesheet"; Ruby Sass / node-sass: "  on line 7 of bulma.sass"
    Rule(rf"^\s+{_SHEET} (?P<line>\d+):(?P<col>\d+)\s", _located, when=_State.locating),
    Rule(rf"^\s+on line (?P<line>\d+)(?::(?P<col>\d+))? of {_SHEET}\b", _located, when=_State.locating),
    Rule(r"\s", taken, when=_State.locating),  # an indented line of the message: not Less's either
    Rule(
        r"^(?P<code>\w*Error): (?P<msg>.+?) in (?P<file>\S+?\.less) on line (?P<line>\d+), column (?P<col>\d+):?$",
        record(tool="less"),
        has=(".less",),
    ),
    # PostCSS 5-8 (postcss-cli, and the plugins' runners that print its error): `CssSyntaxError: /abs/a.css:3:3:
    # Unknown word`, then a code frame
    Rule(
        r"^CssSyntaxError: (?P<file>\S+?\.(?:css|pcss|postcss|scss|sass|less|sss)):"
        r"(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$",
        record("CssSyntaxError", tool="postcss"),
        starts="CssSyntaxError: ",
    ),
    # gulp-less 4: Less's message under plugin-error's `Message:`, `Unrecognised input in file /abs/x.less line no. 3`
    Rule(
        r"^\s+(?P<msg>\S.*?) in file (?P<file>\S+?\.less) line no\. (?P<line>\d+)$",
        record(tool="less"),
        has=(".less line no. ",),
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


PARSER = Parser(tool="sass", category=Category.BUILD, parse=scan_with(_RULES, lambda view: _State(view)))


# find-unused-sass-variables (`fusv DIR...`, npm), one form per era: 0.x reports each variable through an
# ora spinner (`✖ Variable $name is not being used!`), 1.x-3.x the same words on a plain line; 4.x and
# later list them under a count (`3 total variables, 1 unused:` then `  - $name file:line`) and end
# with `Error: Found N unused variable(s) in "DIR" folder` for each folder. It has no rule codes: its
# one check is the record's code.
_UNUSED = "unused-variable"


@state
class _Fusv:
    found: Findings = field(default_factory=lambda: Findings(tool="fusv"))
    listing: bool = False  # under a `N total variables, M unused:` heading


def _unused(st: _Fusv, no: int, m: re.Match[str]) -> None:
    st.found.error(no, f"Variable {m['name']} is not being used!", code=_UNUSED)


def _listed(st: _Fusv, no: int, m: re.Match[str]) -> None:
    at = int(m["line"])
    st.found.error(no, f"Variable {m['name']} is not being used!", file=m["file"], at=at, code=_UNUSED)


def _counted(st: _Fusv, no: int, m: re.Match[str]) -> None:
    st.listing = True
    st.found.mark(no, 5.0)


def _not_listed(st: _Fusv, _no: int, _m: re.Match[str]) -> bool:
    st.listing = False
    return False  # the line is still anyone's


_FUSV = LineRules[_Fusv](
    Rule(r"^(?:✖ )?Variable (?P<name>\$[\w-]+) is not being used!$", _unused, ends=" is not being used!"),
    Rule(r"^\d+ total variables, \d+ unused:$", _counted, ends=" unused:"),
    Rule(r"^  - (?P<name>\$[\w-]+) (?P<file>\S+):(?P<line>\d+)$", _listed, when=lambda st, _no: st.listing),
    Rule(r"", _not_listed, when=lambda st, _no: st.listing),
    Rule(r'^Error: Found (?P<failed>\d+) unused variables? in "[^"]*" folder$', summary(8.0), starts="Error: Found "),
    continued=True,  # the listed rows follow a count line
)

FUSV = Parser(tool="fusv", category=Category.LINT, parse=scan_with(_FUSV, lambda _view: _Fusv()))


@state
class _Csslint:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="csslint"))
    file: str | None = None  # the file of the `csslint: There are N problems in FILE.` heading
    heading: int | None = None  # that heading's line, which counts problems of every level
    errors: int = 0  # the error-level problems under it


def _csslint_file(st: _Csslint, no: int, m: re.Match[str]) -> None:
    _csslint_count(st)
    st.file, st.heading = m["file"], no
    st.found.mark(no, 6.0)


def _csslint_problem(st: _Csslint, no: int, m: re.Match[str]) -> None:
    """`1: error at line 1, col 1`, the message on the next line. A warning is a record of its level that never
    votes: CSSLint's exit status counts its errors alone (a run of warnings exits 0), so whatever failed a step
    that printed them, it was not they."""
    message = next((line.text.strip() for line in st.view.after(no, 1)), "")
    error = m["level"] == "error"
    st.errors += error
    st.found.error(
        no,
        message,
        file=st.file,
        at=int(m["line"]),
        column=int(m["col"]),
        weight=8.0 if error else 3.0,
        votes=error,
        severity=Severity.ERROR if error else Severity.WARNING,
    )


def _csslint_count(st: _Csslint) -> None:
    """The heading's failures are its error-level problems: its `2 problems` count the warnings too, with which
    CSSLint exits 0 (summaries.summaries_in takes a linter's own count of 0 over the line's generic reading)."""
    if st.heading is not None:
        st.found.summary(st.heading, st.errors)
    st.heading, st.errors = None, 0


def _csslint_finish(st: _Csslint, _view: View) -> Findings:
    _csslint_count(st)
    return st.found


_CSSLINT = LineRules[_Csslint](
    Rule(
        r"^csslint: There (?:are|is) \d+ problems? in (?P<file>.+?)\.$",
        _csslint_file,
        starts="csslint: There ",
    ),
    Rule(
        r"^\d+: (?P<level>error|warning) at line (?P<line>\d+), col (?P<col>\d+)$",
        _csslint_problem,
        has=(" at line ",),
        when=lambda st, _no: st.file is not None,
        continues=True,
    ),
)

CSSLINT = Parser(
    tool="csslint", category=Category.LINT, parse=scan_with(_CSSLINT, lambda view: _Csslint(view), _csslint_finish)
)


# lesshint names the file by its base name only; a row's severity is the rule's (`"severity": "error"` in
# .lesshintrc): warnings alone exit 0, so only errors are records.
def _lesshint(st: Found, no: int, m: re.Match[str]) -> None:
    if m["level"] != "Error":
        st.found.mark(no, 3.0)
        return
    at, column = int(m["line"]), int(m["col"]) if m["col"] else None
    st.found.error(no, m["msg"], file=m["file"], at=at, column=column, code=m["code"])


_LESSHINT = LineRules[Found](
    Rule(
        r"^(?P<level>Error|Warning): (?P<file>\S+?\.less): line (?P<line>\d+)(?:, col (?P<col>\d+))?, "
        r"(?P<code>[a-z]\w*): (?P<msg>.+)$",
        _lesshint,
        has=(".less: line ",),
    ),
)

LESSHINT = Parser(tool="lesshint", category=Category.LINT, parse=scan_with(_LESSHINT, plain("lesshint")))


@state
class _Stylint:
    found: Findings = field(default_factory=lambda: Findings(tool="stylint"))
    file: str | None = None  # the `.styl` file named on the line above the rows


def _stylint_file(st: _Stylint, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _stylint_row(st: _Stylint, no: int, m: re.Match[str]) -> None:
    """`2:12 semicolons error unnecessary semicolon found`: a warning fails nothing (Stylint exits 0)."""
    if m["level"] != "error":
        st.found.mark(no, 3.0)
        return
    at, column = int(m["line"]), int(m["col"]) if m["col"] else None
    st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=m["code"])


_STYLINT = LineRules[_Stylint](
    Rule(r"^(?P<file>\S+\.styl)$", _stylint_file, ends=".styl"),
    Rule(
        r"^(?P<line>\d+)(?::(?P<col>\d+))? (?P<code>[a-z]\w*) (?P<level>error|warning) (?P<msg>.+)$",
        _stylint_row,
        has=(" error ", " warning "),
        when=lambda st, _no: st.file is not None,
        continues=True,
    ),
    Rule(r"^Stylint: (?P<errors>\d+) Errors?\.$", summary(8.0), starts="Stylint: "),
)

STYLINT = Parser(tool="stylint", category=Category.LINT, parse=scan_with(_STYLINT, lambda _view: _Stylint()))
