"""ShellCheck: its default tty form (`In FILE line N:`, the source line, then one caret line per
finding: `^-- SC2086 (info): message`; before 0.7.1, as Travis-era logs show it, without the severity:
`^-- SC2086: message`) and its gcc form (`FILE:L:C: warning: message [SC2086]`).
ShellCheck exits non-zero for any finding at or above the chosen severity, so every finding it
prints is part of a failure."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record
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
    st.found.error(no, m.group(4), file=file, at=at, column=column, code=m.group(2), weight=8.0)


_RULES = LineRules[_State](
    Rule(r"^In (\S.*?) line (\d+):$", _heading, starts="In ", ends=":"),
    Rule(
        r"^\s*(\^)-*\^? (SC\d{4})(?: \((error|warning|info|style)\))?: (.+)$",
        _caret,
        when=lambda st, _no: st.where is not None,
    ),
    Rule(
        r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?:error|warning|note|style): "
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
