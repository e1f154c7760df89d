"""ShellCheck: its default tty form (`In FILE line N:`, the source line, then one caret line per
finding: `^-- SC2086 (info): message`; before 0.7.1, as Travis-era logs show it, without the severity:
`^-- SC2086: message`) and its gcc form (`FILE:L:C: warning: message [SC2086]`). Its `-f json1` form
(`{"comments":[...]}`) and `-f json` form (the bare array) print every finding on one line as
`{"file":"ci/a.sh","line":2,"endLine":2,"column":10,"endColumn":21,"level":"error","code":2045,"message":...`.
ShellCheck exits non-zero for any finding at or above the chosen severity, so every finding it
prints is part of a failure.

Also shfmt's diff, and bashate (OpenStack's shell style checker): `run.sh:3:1: E003 Indent not multiple of 4`
since 0.6 (flake8's form, on files of any name), before that `[E] E003: Indent not multiple of 4: 'LINE'` over
` - run.sh : L3`; `N bashate error(s) found` closes a failing run, and only that summary tells its rows from
other tools' in flake8's form: they are read once it is seen. A `[W]` row only warns.

And the shells' own parse errors (SHELL_SYNTAX), as `bash -n` / `sh -n` or a script run prints them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from remediate.facts.parsers.base import (
    JSON_STRING,
    Findings,
    Found,
    LineRules,
    Parser,
    Regex,
    Rule,
    level_of,
    plain,
    scan_with,
    state,
)
from remediate.facts.parsers.handlers import record
from remediate.facts.parsers.jsonreport import json_text
from remediate.models import Category


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="shellcheck"))
    where: tuple[str, int] | None = None  # the `In FILE line N:` heading the carets point into


def _heading(st: _State, _no: int, m: re.Match[str]) -> None:
    st.where = (m.group(1), int(m.group(2)))


def _caret(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.where is not None
    file, at = st.where
    column = m.start(1) + 1
    level = level_of(m.group(3))  # info and style are notes (its gcc form's `note:`)
    st.found.error(no, m.group(4), file=file, at=at, column=column, code=m.group(2), weight=8.0, severity=level)


_JSON_COMMENT = Regex(
    rf'\{{"file":(?P<file>{JSON_STRING}),"line":(?P<line>\d+),"endLine":\d+,"column":(?P<col>\d+),"endColumn":\d+,'
    rf'"level":"(?P<level>\w+)","code":(?P<code>\d+),"message":(?P<msg>{JSON_STRING})'
)


def _json_comments(st: _State, no: int, m: re.Match[str]) -> None:
    """The json1 / json report: each comment a record at its level (info and style are notes, as in the tty form)."""
    st.found.seen = True
    for comment in _JSON_COMMENT.finditer(m.string):
        at, column, level = int(comment["line"]), int(comment["col"]), level_of(comment["level"])
        file, said = json_text(comment["file"]), json_text(comment["msg"])
        st.found.error(no, said, file=file, at=at, column=column, code=f"SC{comment['code']}", severity=level)


_RULES = LineRules[_State](
    Rule(r"^In (\S.*?) line (\d+):$", _heading, starts="In ", ends=":"),
    Rule(r'^(?:\{"comments":)?\[\{"file":', _json_comments, starts=('{"comments":[{"file":', '[{"file":')),
    Rule(
        r"^\s*(\^)-*\^? (SC\d{4})(?: \((error|warning|info|style)\))?: (.+)$",
        _caret,
        when=lambda st, _no: st.where is not None,
    ),
    Rule(
        r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning|note|style): "
        r"(?P<msg>.+) \[(?P<code>SC\d{4})\]$",
        record(),
        ends="]",
        has=("[SC",),
    ),
    continued=True,  # the caret rows follow a heading (a gate on ` SC` would hold in many logs)
)

PARSER = Parser(tool="shellcheck", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _State()))


# shfmt -d (3.x), the shell formatter ShellCheck's users run beside it: a unified diff per file it would
# reformat, under `--- scripts/run.sh.orig` and `+++ scripts/run.sh` (exit 1). (`gofmt -d` draws the
# same `.orig` header for Go files: go.py reads those.)
_SHELL_SCRIPT = r"\S+?(?:\.(?:sh|bash|ksh|zsh|bats)|/[\w.-]*(?:rc|profile))"


def _shfmt_diff(st: Found, no: int, m: re.Match[str]) -> bool:
    below = next(st.view.after(no, 1), None)
    if below is None or below.text != f"+++ {m['file']}":
        return False
    st.found.error(no, "shfmt would reformat this file", file=m["file"], code="format", category=Category.FORMAT)
    return True


_SHFMT = LineRules[Found](Rule(rf"^--- (?P<file>{_SHELL_SCRIPT})\.orig$", _shfmt_diff, starts="--- ", ends=".orig"))

SHFMT = Parser(tool="shfmt", category=Category.FORMAT, parse=scan_with(_SHFMT, plain("shfmt")))


@state
class _Bashate:
    found: Findings = field(default_factory=lambda: Findings(tool="bashate"))
    rows: list[tuple[int, str, int, str, str]] = field(default_factory=list)  # (log line, file, line, code, message)
    old: tuple[int, str, str] | None = None  # a 0.5-style `[E] E003: message: 'LINE'` whose place follows


def _bashate_row(st: _Bashate, no: int, m: re.Match[str]) -> None:
    st.rows.append((no, m["file"], int(m["line"]), m["code"], m["msg"]))


def _bashate_old(st: _Bashate, no: int, m: re.Match[str]) -> None:
    said = m["msg"]
    message = said.rpartition(": '")[0] if said.endswith("'") and ": '" in said else said  # less the line quoted
    st.old = (no, m["code"], message) if m["level"] == "E" else None


def _bashate_place(st: _Bashate, _no: int, m: re.Match[str]) -> None:
    assert st.old is not None
    no, code, message = st.old
    st.rows.append((no, m["file"], int(m["line"]), code, message))
    st.old = None


def _bashate_summary(st: _Bashate, no: int, m: re.Match[str]) -> None:
    for at_no, file, at, code, message in st.rows:
        st.found.error(at_no, message, file=file, at=at, code=code)
    st.rows = []
    st.found.summary(no, int(m.group(1)))
    st.found.mark(no, 8.0)


_BASHATE = LineRules[_Bashate](
    Rule(r"^(\d+) bashate error\(s\) found$", _bashate_summary, ends=" bashate error(s) found"),
    Rule(
        r"^(?P<file>\S+):(?P<line>\d+):\d+: (?P<code>E\d{3}) (?P<msg>.+)$",
        _bashate_row,
        has=(": E0", ": E1", ": E2"),
        continues=True,  # kept until the summary says they were bashate's
    ),
    Rule(r"^\[(?P<level>[EW])\] (?P<code>E\d{3}): (?P<msg>.+)$", _bashate_old, starts=("[E] E", "[W] E")),
    Rule(r"^ - (?P<file>\S+) : L(?P<line>\d+)$", _bashate_place, starts=" - ", when=lambda st, _no: st.old is not None),
)

BASHATE = Parser(tool="bashate", category=Category.LINT, parse=scan_with(_BASHATE, lambda _view: _Bashate()))


# The shells' own parse errors, as `bash -n FILE` and a script bash runs print them (bash 4-5: `FILE: line N:
# syntax error near unexpected token `)'`, `... syntax error: unexpected end of file`, `... unexpected EOF while
# looking for matching `"'`; the source line bash echoes under the first is not read) and as dash, Debian's and
# Ubuntu's sh, prints them (`FILE: N: Syntax error: ")" unexpected`). A script that does not parse is a build
# failure as any code's, but the script's kind (a build's, a test's, a deploy's) is not its own, and no dev log
# attests what a CI step's script that does not parse is labelled: shown, no vote, unless the step only checks the
# files (facts.syntaxcheck: `bash -n`, `sh -n`), where categorize makes it that check's finding.
def _shell_syntax(tool: str) -> Callable[[Found, int, re.Match[str]], None]:
    def handle(st: Found, no: int, m: re.Match[str]) -> None:
        st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), tool=tool, votes=False)

    return handle


_SHELL_SYNTAX = LineRules[Found](
    Rule(
        r"^(?P<file>[^\s:]+): line (?P<line>\d+): "
        r"(?P<msg>syntax error(?: near unexpected token .+|: .+)|unexpected EOF while looking for matching .+)$",
        _shell_syntax("bash"),
        has=(": syntax error", ": unexpected EOF while looking for matching "),
    ),
    Rule(
        r"^(?P<file>[^\s:]+): (?P<line>\d+): (?P<msg>Syntax error: .+)$", _shell_syntax("sh"), has=(": Syntax error: ",)
    ),
)

SHELL_SYNTAX = Parser(tool="shell", category=Category.BUILD, parse=scan_with(_SHELL_SYNTAX, plain("shell")))
