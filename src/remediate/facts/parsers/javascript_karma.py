"""Karma's own reporters (progress, dots), whatever the framework inside (Jasmine, Mocha, QUnit):
`<browser> (<platform>) <suite> <test> FAILED`, the failure's message and stack on the tab-indented
lines below, `Executed N of M (K FAILED)` and `TOTAL: K FAILED, S SUCCESS`. A browser lost on the
way (`Disconnected`, `crashed`) is the runner's environment, not a test: not read here."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.parsers.jsrunners import own_frames
from remediate.facts.view import Line, View
from remediate.models import Category

DETAIL_WITHIN = 30  # tab-indented lines under a failure: its message and its stack
# `HeadlessChrome 120.0.0.0 (Linux x86_64)`, `Chrome Headless 120.0.6099.109 (Linux x86_64)`,
# `Firefox 115.0 (Ubuntu 0.0.0)`, `PhantomJS 2.1.1 (Linux 0.0.0)`, jsdom's `WebKit 537.36 (linux 0.0.0)`
_BROWSER = r"(?P<browser>[A-Z][\w.-]*(?: [A-Za-z][\w.-]*)* \d[\w.]* \([^()]*\))"


@state
class _Karma:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="karma"))


def _failed(st: _Karma, no: int, m: re.Match[str]) -> None:
    """A failed test; its message is the first tab-indented line below, its place the project's frames."""
    name = m["name"].strip()
    details = _indented(st.view, no)
    message = details[0].text.strip() if details else None
    frames = own_frames(st.view, details[1].no, DETAIL_WITHIN) if len(details) > 1 else []
    test_file = frames[-1][1] if frames else None
    st.found.test(no, name, file=test_file, message=message)
    if message:
        st.found.mark(details[0].no, 8.0)
    if frames:
        line_no, file, at, column = frames[0]
        st.found.error(
            line_no, f"{name}: {message or 'failed'}", file=file, at=at, column=column, code="test", weight=7.0
        )


def _indented(view: View, no: int) -> list[Line]:
    lines: list[Line] = []
    for line in view.after(no, DETAIL_WITHIN):
        if not line.text.startswith("\t"):
            break
        lines.append(line)
    return lines


def _browser_error(st: _Karma, no: int, _m: re.Match[str]) -> None:
    """`<browser> ERROR` and what went wrong below (an error thrown outside a test, a script that failed to load)."""
    st.found.seen = True
    st.found.mark(no, 8.0)
    for line in _indented(st.view, no)[:2]:
        st.found.mark(line.no, 8.0)


_RULES = LineRules[_Karma](
    Rule(rf"^{_BROWSER} (?P<name>.+) FAILED$", _failed, ends=" FAILED"),
    Rule(
        rf"^{_BROWSER}: Executed \d+ of \d+ (?:\((?P<failed>\d+) FAILED\)|\w+)",
        summary(7.0),  # `Executed 3 of 3 SUCCESS` counts 0: it only shows Karma ran
        has=(": Executed ",),
    ),
    Rule(rf"^{_BROWSER} ERROR$", _browser_error, ends=" ERROR"),
    Rule(r"^TOTAL: (?P<failed>\d+) FAILED, \d+ SUCCESS$", summary(8.0), starts="TOTAL: "),
)

PARSER = Parser(tool="karma", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Karma(view)))
