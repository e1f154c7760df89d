"""The sanitizers' reports (GCC's and Clang's AddressSanitizer, LeakSanitizer, ThreadSanitizer,
UndefinedBehaviorSanitizer): a memory, thread or undefined-behaviour bug the program hit while the
CI ran it, usually under its tests.

A report opens with `==PID==ERROR: AddressSanitizer: heap-use-after-free on address ...` (older
runtimes: `==PID== ERROR:`; LeakSanitizer: `detected memory leaks`; ThreadSanitizer: `WARNING:
ThreadSanitizer: data race (pid=N)`), then stacks of `#N 0xADDR in FUNC FILE:LINE[:COL]` frames
(ThreadSanitizer: `#N FUNC FILE:LINE (module+0xOFF)`), and closes with `SUMMARY: <Sanitizer>: ...`.
The record is the report at its first frame in the project's code: the runtime's interceptors and
the C library come first in a stack and are nobody's to fix. UBSan prints one line per finding:
`FILE:LINE:COL: runtime error: MESSAGE`."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from remediate.facts.parsers import valgrind
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

REPORT_WITHIN = 80  # lines after a report's first line in which its stacks come
_TOOLS = {
    "AddressSanitizer": "asan",
    "LeakSanitizer": "lsan",
    "ThreadSanitizer": "tsan",
    "MemorySanitizer": "msan",
    "UndefinedBehaviorSanitizer": "ubsan",
    "HWAddressSanitizer": "hwasan",
}
# Every sanitizer's records are one of these tools' (triage/verdict.py: a sanitizer's report alone never decides), and
# so are Valgrind's Memcheck's, Helgrind's and DRD's (parsers/valgrind.py): the same bugs, found by running the program
# under a checker.
TOOLS = frozenset([*_TOOLS.values(), *valgrind.TOOLS])
_SANITIZER = r"(?P<san>(?:HW)?Address|Leak|Thread|Memory|UndefinedBehavior)Sanitizer"
# A frame's location: the last word of the frame line (after a ThreadSanitizer `(module+0xOFF)` is cut).
_FRAME = Regex(r"#\d+ (?:0x[0-9a-f]+ in )?(?P<func>\S)")
_PLACE = Regex(r"(?P<file>\S+?):(?P<line>\d+)(?::(?P<col>\d+))?")
# Where the sanitizer runtime, the C library and the system's headers live (GCC's runtime prints its
# own sources relative to its build tree, LLVM's under compiler-rt; glibc's start-up is `../csu/`).
_NOT_PROJECT = ("libsanitizer", "compiler-rt", "sanitizer_common", "../sysdeps/", "../csu/", "/usr/", "/lib/")
_RUNTIME_FUNCS = ("__interceptor_", "__asan", "__tsan", "__lsan", "__ubsan", "__sanitizer", "__libc_")


@dataclass
class _Report:
    no: int  # its first line
    sanitizer: str
    kind: str
    place: tuple[str, str, int, int | None] | None = None  # its first project frame: function, file, line, column


@state
class _Reports:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="sanitizer"))
    open: _Report | None = None  # a report whose SUMMARY has not come yet

    def locating(self, no: int) -> bool:
        return self.open is not None and self.open.place is None and no - self.open.no <= REPORT_WITHIN


def _frame(st: _Reports, no: int, _m: re.Match[str]) -> bool:
    """A stack frame of the open report: the first in the project's code is where the report is."""
    text = st.view.text(no).strip()
    frame = _FRAME.compiled.search(text)  # a wrapper may prefix every line (`= `, a test runner's)
    if frame is None:
        return False
    if text.endswith(")") and " (" in text:  # ThreadSanitizer's `(module+0xOFF)`, an unsymbolised `_start (bin+0x..)`
        text = text[: text.rindex(" (")]
    func, _, location = text[frame.start("func") :].rpartition(" ")
    place = _PLACE.compiled.fullmatch(location)
    if not func or place is None or func.startswith(_RUNTIME_FUNCS) or any(p in location for p in _NOT_PROJECT):
        return False
    file = place["file"]
    if "/../" in file:  # debug info joins a build directory and a relative source: `build/../src/x.c`
        file = posixpath.normpath(file)
    assert st.open is not None
    st.open.place = (func, file, int(place["line"]), int(place["col"]) if place["col"] else None)
    st.found.mark(no, 8.0)
    return True


def _report(st: _Reports, no: int, m: re.Match[str]) -> None:
    """A report's first line; its record is made once its stacks were read."""
    _close(st)
    rest = m.string[m.end() :]
    kind = rest.split(" on ", 1)[0].split(" (pid=", 1)[0].strip().rstrip(".")
    st.open = _Report(no, m["san"] + "Sanitizer", kind)
    st.found.mark(no, 9.0)


def _close(st: _Reports) -> None:
    """The open report's record, at its first line (at its project frame's place when one was seen)."""
    report, st.open = st.open, None
    if report is None:
        return
    san, kind = report.sanitizer, report.kind
    if report.place is None:
        st.found.error(report.no, f"{san}: {kind}", code=_code(kind), tool=_TOOLS[san], weight=9.0)
        return
    func, file, at, column = report.place
    message = f"{san}: {kind} in {func}"
    st.found.error(report.no, message, file=file, at=at, column=column, code=_code(kind), tool=_TOOLS[san], weight=9.0)


def _finish(st: _Reports, _view: View) -> Findings:
    _close(st)
    return st.found


def _code(kind: str) -> str:
    """`heap-use-after-free`, `SEGV`; `data race` -> `data-race`, `detected memory leaks` -> `memory-leak`."""
    return "memory-leak" if kind == "detected memory leaks" else kind.replace(" ", "-")


def _summary(st: _Reports, no: int, _m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 9.0 if st.open is not None else 6.0)
    _close(st)


def _runtime_error(st: _Reports, no: int, m: re.Match[str]) -> None:
    """UBSan's one-line finding, at its place (a system header's line is the caller's, not recorded).
    Shown, not voted: in UBSan's default recover mode the program goes on and may exit 0, so the
    job's failure is whatever failed after it (a test's assertion, the build), if anything."""
    if any(p in m["file"] for p in _NOT_PROJECT):
        st.found.mark(no, 7.0)
        return
    column = int(m["col"]) if m["col"] else None
    st.found.error(
        no,
        f"runtime error: {m['msg']}",
        file=m["file"],
        at=int(m["line"]),
        column=column,
        code="undefined-behavior",
        tool="ubsan",
        votes=False,
    )


_RULES = LineRules[_Reports](
    Rule(rf"==\d+== ?ERROR: {_SANITIZER}: ", _report, has=("Sanitizer: ",), search=True, stripped=True),
    Rule(rf"^WARNING: {_SANITIZER}: ", _report, has=("Sanitizer: ",), stripped=True),
    Rule(rf"^SUMMARY: {_SANITIZER}: ", _summary, has=("Sanitizer: ",), stripped=True),
    Rule(
        r"^(?P<file>[^\s:]+):(?P<line>\d+):(?:(?P<col>\d+):)? runtime error: (?P<msg>.+)$",
        _runtime_error,
        has=(": runtime error: ",),
        stripped=True,
    ),
    Rule("", _frame, when=_Reports.locating),
    continued=True,  # frames are read only inside a report a rule with literals opened
)

PARSER = Parser(tool="sanitizer", category=Category.TEST, parse=scan_with(_RULES, lambda view: _Reports(view), _finish))
