"""Bun's test runner (`bun test`, Bun 1.x): after `bun test v1.4.5 (hash)`, each test file's name
alone on its line (`test/cart.test.js:`); a failed test's error comes first (the source with a caret,
`error: expect(received).toBe(expected)` or the thrown `RangeError: ...`, its `at FUNC (PATH:L:C)`
frames), then its verdict line, `(fail) cart > sums prices [0.30ms]` (`✗ ...` in colour; a passing
one `(pass)` / `✓`). The run ends ` 1 pass`, ` 2 fail`, `Ran 3 tests across 1 file.`

Under GitHub Actions Bun also wraps each file in `::group::` and adds `::error` annotations, which the
runner consumes."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.parsers.nodeerrors import FRAME_AT
from remediate.models import Category


@state
class _Bun:
    found: Findings = field(default_factory=lambda: Findings(tool="bun"))
    running: bool = False  # `bun test v...` seen: the lines below are its report
    file: str | None = None  # the test file whose tests are being reported
    message: tuple[int, str] | None = None  # the error of the test whose verdict comes next
    place: tuple[int, str, int, int] | None = None  # its first frame in the project


def _header(st: _Bun, _no: int, _m: re.Match[str]) -> None:
    st.running = True
    st.found.seen = True


def _file(st: _Bun, _no: int, m: re.Match[str]) -> None:
    st.file, st.message, st.place = m["file"], None, None


def _error(st: _Bun, no: int, m: re.Match[str]) -> None:
    if st.message is None:
        st.message = (no, m.string.strip().removeprefix("error: "))
        st.found.mark(no, 8.0)


def _frame(st: _Bun, no: int, m: re.Match[str]) -> bool:
    if st.place is not None or "node_modules" in m["path"]:
        return False
    st.place = (no, m["path"], int(m["line"]), int(m["col"]))
    st.found.mark(no, 7.0)
    return True


def _verdict(st: _Bun, no: int, m: re.Match[str]) -> None:
    message, place = st.message, st.place
    st.message, st.place = None, None
    if m["mark"] in ("(pass)", "\u2713", "(skip)", "(todo)"):
        return
    name = m["name"]
    st.found.test(no, name, file=st.file, message=message[1] if message else None)
    if place is not None:
        st.found.error(place[0], name, file=place[1], at=place[2], column=place[3], code="test", weight=7.0)


def _reporting(st: _Bun, _no: int) -> bool:
    return st.running


_RULES = LineRules[_Bun](
    Rule(r"^bun test v\d+\.\d+", _header, starts="bun test v"),
    # (under GitHub Actions the file names its group: `::group::test/cart.test.js:`, in the job log `##[group]...`)
    Rule(
        r"^(?:::group::|##\[group\])?(?P<file>\S+(?:\.test|\.spec|_test|_spec)\.[cm]?[jt]sx?):$",
        _file,
        ends=":",
        when=_reporting,
        continues=True,
    ),
    Rule(
        r"^(?:error: .+|(?:\w+\.)*[A-Z]\w*(?:Error|Exception)(?:: .*)?)$",
        _error,
        has=("error: ", "Error", "Exception"),
        when=_reporting,
        continues=True,
    ),
    # nodeerrors' FRAME_AT, then Bun's own reading: a name without parentheses, the parenthesis optional apart from it
    # (`at fn /x.js:1:2` reads, `at f (g) (/x.js:1:2)` does not: the other way round from V8_FRAME, so not folded)
    Rule(
        FRAME_AT + r"(?:[^()]* )?\(?(?P<path>[^\s()]+?):(?P<line>\d+):(?P<col>\d+)\)?$",
        _frame,
        has=("at ",),
        when=_reporting,
        continues=True,
    ),
    Rule(
        r"^(?P<mark>\(fail\)|\(pass\)|\(skip\)|\(todo\)|\u2717|\u2713) (?P<name>.+?)(?: \[[\d.]+m?s\])?$",
        _verdict,
        starts=("(fail) ", "(pass) ", "(skip) ", "(todo) ", "\u2717 ", "\u2713 "),
        when=_reporting,
        continues=True,
    ),
    Rule(r"^ (?P<failed>\d+) fail$", summary(9.0), starts=" ", ends=" fail", when=_reporting, continues=True),
    Rule(r"^ \d+ pass$", summary(0.0), starts=" ", ends=" pass", when=_reporting, continues=True),  # no failure counted
)

PARSER = Parser(tool="bun", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _Bun()))
