"""D's built-in unit tests (`dub test`, `ldc2 -unittest`, `dmd -unittest`): a failed `unittest`
block throws, and druntime prints the throwable with its place, `core.exception.AssertError@
source/cart.d(5): Assertion failure` (`unittest failure` from druntime before 2.080; `object.
Exception@source/cart.d(9): empty cart` when the code under test throws), then its stack; since 2.080
the run ends `1/1 modules FAILED unittests`. A throwable alone is any D program's crash: it is a
failed test only when that count, or the old `unittest failure` words, say the unit tests ran."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted
from remediate.models import Category

MAX_PENDING = 500  # throwables kept until the unit tests' count confirms them


@state
class _D:
    found: Findings = field(default_factory=lambda: Findings(tool="d-unittest"))
    pending: list[tuple[int, str, int, str]] = field(default_factory=list)  # (line, file, line in it, message)


def _record(st: _D, no: int, file: str, at: int, message: str) -> None:
    test = f"{file}({at})"  # a unittest block has no name: its place is its name
    st.found.test(no, test, file=file, message=message)
    st.found.error(no, message, file=file, at=at, code="test", weight=7.0)


def _thrown(st: _D, no: int, m: re.Match[str]) -> None:
    message = f"{m['exc']}: {m['msg']}"
    if m["msg"] == "unittest failure":
        _record(st, no, m["file"], int(m["line"]), message)
    elif len(st.pending) < MAX_PENDING:
        st.pending.append((no, m["file"], int(m["line"]), message))


def _count(st: _D, no: int, m: re.Match[str]) -> None:
    for line, file, at, message in st.pending:
        _record(st, line, file, at, message)
    st.pending.clear()
    failures_counted(st.found, no, int(m["failed"]), 9.0)


_RULES = LineRules[_D](
    Rule(
        r"^(?P<exc>(?:\w+\.)*\w*(?:Error|Exception))@(?P<file>\S+?\.d)\((?P<line>\d+)\): (?P<msg>.+)$",
        _thrown,
        has=("Error@", "Exception@"),
    ),
    Rule(r"^(?P<failed>\d+)/\d+ modules FAILED unittests$", _count, ends=" modules FAILED unittests"),
)

PARSER = Parser(tool="d-unittest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _D()))
