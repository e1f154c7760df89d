"""Nim's unittest module (`nim c -r tests/test_x.nim`, `nimble test`): a suite opens `[Suite] cart`;
a failed check prints its place and words before the test's verdict, `tests/test_cart.nim(11, 28):
Check failed: total(@[1, 2, 3]) == 6` and `total(@[1, 2, 3]) was 5`; an exception its stack
(`tests/test_cart.nim(7) average`, Nim's own library's frames too) and `Unhandled exception: division
by zero [DivByZeroDefect]`; then the verdict, `  [FAILED] adds prices` (`[OK]`, `[SKIPPED]`). Ginkgo's
`[FAILED]` lines are Go's: a verdict is Nim's only after a `[Suite]` line or a place in a `.nim` file."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.models import Category

MESSAGE_LINES = 3  # the words kept of what a failed test printed before its verdict
_NIM_LIBRARY = ("/lib/nim/", "/nim/lib/", "/.choosenim/", "/nimble/pkgs")  # frames of Nim's library and packages


@state
class _Nim:
    found: Findings = field(default_factory=lambda: Findings(tool="nim-unittest"))
    nim: bool = False  # a `[Suite]` line or a `.nim` place was seen: `[FAILED]` lines are Nim's
    suite: str | None = None
    place: tuple[str, int] | None = None  # where the running test failed: the check, else its last frame
    said: list[str] = field(default_factory=list)  # what it printed about it

    def telling(self, _no: int) -> bool:
        return bool(self.said) and len(self.said) < MESSAGE_LINES


def _suite(st: _Nim, _no: int, m: re.Match[str]) -> None:
    st.nim, st.suite, st.place, st.said = True, m["suite"].strip(), None, []


def _check(st: _Nim, no: int, m: re.Match[str]) -> None:
    st.nim = True
    st.found.mark(no, 8.0)
    if st.place is None:
        st.place = (m["file"], int(m["line"]))
    st.said.append(f"Check failed: {m['msg']}")


def _frame(st: _Nim, _no: int, m: re.Match[str]) -> None:
    """A stack frame: the last one in the project's files is where the exception was raised."""
    st.nim = True
    if not any(part in m["file"] for part in _NIM_LIBRARY):
        st.place = (m["file"], int(m["line"]))


def _exception(st: _Nim, no: int, m: re.Match[str]) -> None:
    st.found.mark(no, 8.0)
    st.said.append(m["msg"])


def _more(st: _Nim, no: int, m: re.Match[str]) -> None:
    """A further line of a failed check's words (`total(@[1, 2, 3]) was 5`)."""
    st.found.mark(no, 7.0)
    st.said.append(m.string.strip())


def _verdict(st: _Nim, no: int, m: re.Match[str]) -> bool:
    if not st.nim:
        return False
    if m["verdict"] == "FAILED":
        name = f"{st.suite}: {m['name']}" if st.suite else m["name"]
        message = " ".join(st.said) or None
        st.found.test(no, name, file=st.place[0] if st.place else None, message=message)
        if st.place:
            st.found.error(no, message or name, file=st.place[0], at=st.place[1], code="test", weight=7.0)
    st.place, st.said = None, []
    return True


_RULES = LineRules[_Nim](
    Rule(r"^\[Suite\] (?P<suite>.+)$", _suite, starts="[Suite] "),
    Rule(
        r"^\s*(?P<file>\S+\.nim)\((?P<line>\d+), \d+\): Check failed: (?P<msg>.+)$",
        _check,
        has=(": Check failed: ",),
    ),
    Rule(r"^(?P<file>\S+\.nim)\((?P<line>\d+)\) \w+$", _frame, has=(".nim(",)),
    Rule(r"^\s*Unhandled exception: (?P<msg>.+)$", _exception, has=("Unhandled exception: ",)),
    Rule(r"^\s*\[(?P<verdict>FAILED)\] (?P<name>.+)$", _verdict, has=("[FAILED] ",)),
    Rule(r"^\s*\[(?P<verdict>OK|SKIPPED)\] (?P<name>.+)$", _verdict, has=("[OK] ", "[SKIPPED] "), continues=True),
    Rule(r"^    \S.*$", _more, when=_Nim.telling, continues=True),
    continued=True,  # its rule without literals carries on what a check line began
)

PARSER = Parser(tool="nim-unittest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _Nim()))
