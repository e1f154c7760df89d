"""Karma's own reporters (progress, dots), whatever the framework inside (Jasmine, Mocha, QUnit):
`<browser> (<platform>) <suite> <test> FAILED`, the failure's message and stack on the tab-indented
lines below, `Executed N of M (K FAILED)` and `TOTAL: K FAILED, S SUCCESS`. A browser lost on the
way (`Disconnected`, `crashed`) is the runner's environment, not a test: not read here.

Two reporters of the Travis years print each test under its suite instead: karma-spec-reporter,
`    ✗ adds prices` (`✓` for a pass) with the message and stack tab-indented below, and karma-mocha-
reporter, whose `FAILED TESTS:` list repeats each failure as `    ✖ adds prices`, the browser's
line, the message and the stack. Their rows are Karma's only once its `Executed N of M` line (or
the mocha reporter's `FAILED TESTS:` heading) says Karma ran: until then they are kept aside."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.indent import indent_of
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
    rows: list[tuple[int, str]] = field(default_factory=list)  # spec-reporter `✗` rows, until Karma's count
    listing: bool = False  # under karma-mocha-reporter's `FAILED TESTS:`


def _suite_of(view: View, no: int) -> str | None:
    """The suite a row is under: the nearest line above indented less, that is no row or detail."""
    text = view.text(no)
    indent = indent_of(text)
    for back in range(no - 1, max(0, no - SUITE_WITHIN), -1):
        above = view.text(back)
        words = above.lstrip()
        if words and indent_of(above) < indent and not above.startswith("\t") and words[0] not in _MARKS:
            return words
    return None


def _spec_row(st: _Karma, no: int, m: re.Match[str]) -> None:
    if len(st.rows) < MAX_ROWS:
        st.rows.append((no, m["name"]))


def _spec_rows_confirmed(st: _Karma) -> None:
    """Karma's count came: the `✗` rows above were its failed tests, the details tab-indented."""
    for no, name in st.rows:
        suite = _suite_of(st.view, no)
        _failed_test(st, no, f"{suite} {name}" if suite else name, _indented(st.view, no))
    st.rows.clear()


def _mocha_listing(st: _Karma, _no: int, _m: re.Match[str]) -> None:
    st.listing = True
    st.found.seen = True


def _mocha_failed(st: _Karma, no: int, m: re.Match[str]) -> None:
    """A karma-mocha-reporter failure: the browser's line, then the message and the stack."""
    details = [line for line in st.view.after(no + 1, DETAIL_WITHIN) if line.text.strip()]
    suite = _suite_of(st.view, no)
    _failed_test(st, no, f"{suite} {m['name']}" if suite else m["name"], details)


def _failed(st: _Karma, no: int, m: re.Match[str]) -> None:
    """A failed test; its message is the first tab-indented line below, its place the project's frames."""
    _failed_test(st, no, m["name"].strip(), _indented(st.view, no))


def _failed_test(st: _Karma, no: int, name: str, details: list[Line]) -> None:
    """A failed test whose message is the first of its detail lines, its stack the ones after."""
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


def _executed(st: _Karma, no: int, m: re.Match[str]) -> None:
    _EXECUTED(st, no, m)  # `Executed 3 of 3 SUCCESS` counts 0: it only shows Karma ran
    _spec_rows_confirmed(st)


_EXECUTED = summary(7.0)
SUITE_WITHIN = 40  # lines above a row in which its suite's line comes
MAX_ROWS = 500  # spec-reporter rows kept until Karma's count confirms them
_MARKS = ("✗", "✓", "✖", "✔")
_RULES = LineRules[_Karma](
    Rule(rf"^{_BROWSER} (?P<name>.+) FAILED$", _failed, ends=" FAILED"),
    Rule(rf"^{_BROWSER}: Executed \d+ of \d+ (?:\((?P<failed>\d+) FAILED\)|\w+)", _executed, has=(": Executed ",)),
    Rule(r"^\s+✗ (?P<name>\S.*)$", _spec_row, has=("✗ ",), continues=True),
    Rule(r"^FAILED TESTS:$", _mocha_listing, starts="FAILED TESTS:"),
    Rule(r"^\s+✖ (?P<name>\S.*)$", _mocha_failed, has=("✖ ",), when=lambda st, _no: st.listing, continues=True),
    Rule(
        r"^✖ (?P<failed>\d+) tests? failed$", summary(8.0), starts="✖ ", when=lambda st, _no: st.listing, continues=True
    ),
    Rule(rf"^{_BROWSER} ERROR$", _browser_error, ends=" ERROR"),
    Rule(r"^TOTAL: (?P<failed>\d+) FAILED, \d+ SUCCESS$", summary(8.0), starts="TOTAL: "),
)

PARSER = Parser(tool="karma", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Karma(view)))
