"""Valgrind's Memcheck: the memory bugs (an invalid read or write, a use of an uninitialised value, a bad free, a
leak) a program hit while the CI ran it under `valgrind --error-exitcode=1`, usually a test binary; the sanitizers'
kind of report (parsers/sanitizers.py), found by running the program under a checker rather than building it in.

Every line Valgrind writes opens with `==PID==`. A run opens with `==PID== Memcheck, a memory error detector`; an
error is a message line after an empty `==PID== ` line (`Invalid read of size 4`, `Conditional jump or move depends
on uninitialised value(s)`, `8 bytes in 1 blocks are definitely lost in loss record 1 of 1`, `Process terminating
with default action of signal 11 (SIGSEGV)`), then its stack, `   at 0xADDR: FUNC (FILE:LINE)` and `   by ...`
frames (`(in /usr/lib/...)` for an object without debug information); a ` Address ...` or ` Block was alloc'd at`
line opens a second stack, the memory's, that says where it came from, not where the bug is. The run closes with
`ERROR SUMMARY: N errors from M contexts`. Only definitely and possibly lost blocks are errors (Memcheck's default
`--errors-for-leak-kinds`); still reachable and indirectly lost ones are not.

The record is the error at its stack's first frame in the program: the C library's frames, with lines of their own
where its debug information is installed (`__vfprintf_internal (vfprintf-process-arg.c:58)`, `printf (printf.c:33)`,
as Debian's and Ubuntu's valgrind packages pull it in), are nobody's to fix. Valgrind loads the program far from the
shared objects (amd64: the program at 0x108000 or 0x400000, the objects from 0x4000000), so a frame whose address
lies near `main`'s is the program's; a stack without `main` (a thread's) falls back on the first frame with a line
whose function is no reserved `_name`.

Helgrind and DRD, Valgrind's thread checkers (`--tool=helgrind`, `--tool=drd`), report in the same frames: a data
race, a lock taken in two orders, a mutex misused. Helgrind sets each error off with a line of dashes and prints it in
several parts, empty lines between them (`Thread #1: lock order "0x.. before 0x.." violated`, then `Observed
(incorrect) order is: ...` over the first stack); its `---Thread-Announcement---` blocks say where a thread was
created and are no errors. DRD opens an error after an empty line as Memcheck does, behind a `Thread N:` line when
the thread changed. Their records are ThreadSanitizer's kind of report, as Memcheck's are AddressSanitizer's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

TOOL = "memcheck"
HELGRIND = "helgrind"
DRD = "drd"
TOOLS = (TOOL, HELGRIND, DRD)
PROGRAM_SPAN = 0x1000000  # how far from `main`'s address a frame may lie and still be the program's (16 MiB)
_FRAME = re.compile(r"^ {3,}(?:at|by) 0x(?P<addr>[0-9A-Fa-f]+): (?P<func>.+) \((?P<where>[^()]+)\)$")
_PLACE = re.compile(r"(?P<file>[^:\s]+):(?P<line>\d+)")
_NOT_ERRORS = ("still reachable in loss record", "indirectly lost in loss record")
_SEPARATOR = re.compile(r"^ -{20,}$")  # Helgrind's line before an error (its announcements' line names itself)
_THREAD_SWITCH = re.compile(r"^ Thread \d+:$")  # DRD's line before an error of another thread than the last one's
# What differs between two reports of one bug: the address, the thread, the locks' addresses
_INSTANCE = re.compile(
    r' at (?:address )?0x[0-9A-Fa-f]+| by thread #?\d+|^Thread #\d+:? | "0x[0-9A-Fa-f]+ before 0x[0-9A-Fa-f]+"'
)
_CODES = (
    (re.compile(r"^Invalid (read|write)\b"), "invalid-{0}"),
    (re.compile(r"uninitialised"), "uninitialised-value"),
    (re.compile(r"^(Invalid|Mismatched) free\(\)"), "{0}-free"),
    (re.compile(r"are (?:definitely|possibly) lost in loss record"), "memory-leak"),
    (re.compile(r"^Process terminating with default action of signal \d+ \((SIG\w+)\)"), "{0}"),
    (re.compile(r"^Source and destination overlap"), "overlap"),
    (re.compile(r"^Possible data race|^Conflicting (?:load|store)"), "data-race"),
    (re.compile(r"lock order"), "lock-order"),
)
_NAMES = {TOOL: "Memcheck", HELGRIND: "Helgrind", DRD: "DRD"}
_HEADERS = {
    TOOL: "Memcheck, a memory error detector",
    HELGRIND: "Helgrind, a thread error detector",
    DRD: "drd, a thread error detector",
}


@dataclass
class _Error:
    no: int
    kind: str
    frames: list[tuple[int, int, str, str, int]] = field(default_factory=list)  # (line, address, func, file, at)
    first_stack: bool = True  # a ` Address ...` line ends the stack the error happened in
    framed: bool = False  # a frame was seen: the message line was an error's, not a summary's


@state
class _Run:
    found: Findings
    pids: set[str] = field(default_factory=set)  # the runs whose header was seen
    blank: bool = False  # the last line of the run opened an error's place: the next message line may open one
    open: _Error | None = None

    @property
    def separated(self) -> bool:
        """Helgrind's errors, each behind a line of dashes, hold empty lines of their own."""
        return self.found.tool == HELGRIND


def _header(st: _Run, no: int, m: re.Match[str]) -> None:
    st.pids.add(m["pid"])
    st.found.seen = True
    st.found.mark(no, 5.0)


def _line(st: _Run, no: int, m: re.Match[str]) -> bool:
    """A line of a run: an empty one, a message, a frame, or its closing summary."""
    if m["pid"] not in st.pids:
        return False
    rest = m["rest"]
    if not rest.strip() or _THREAD_SWITCH.match(rest):
        if not st.separated and not rest.strip():
            _close(st)
            st.blank = True
        return True
    if st.separated and rest.startswith(" ---"):
        _close(st)
        st.blank = _SEPARATOR.match(rest) is not None
        return True
    if (frame := _FRAME.match(rest)) is not None:
        _frame(st, no, frame)
    elif rest.startswith(" ERROR SUMMARY: "):
        _summary(st, no, rest)
    elif rest.startswith(" ") and not rest.startswith("  "):
        _message(st, no, rest.strip())
    st.blank = False
    return True


def _message(st: _Run, no: int, text: str) -> None:
    """A message line: after an empty line, maybe an error's first line (its frames say); within an error, the
    line that opens the memory's own stack."""
    if st.open is not None and st.open.framed:
        st.open.first_stack = False
    elif st.blank and not any(kind in text for kind in _NOT_ERRORS):
        st.open = _Error(no, text)


def _frame(st: _Run, no: int, m: re.Match[str]) -> None:
    error = st.open
    if error is None or not error.first_stack:
        return
    error.framed = True
    if (place := _PLACE.fullmatch(m["where"])) is not None:
        error.frames.append((no, int(m["addr"], 16), m["func"], place["file"], int(place["line"])))


def _summary(st: _Run, no: int, rest: str) -> None:
    _close(st)
    # Not a test summary (Findings.summary): errors, not failing tests, as a sanitizer's SUMMARY line is not one
    errors = int(count.group()) if (count := re.search(r"\d+", rest)) else 0
    st.found.mark(no, 9.0 if errors else 5.0)


def _close(st: _Run) -> None:
    """The open error's record, at its message line (at its program frame's place when one was seen)."""
    error, st.open = st.open, None
    if error is None or not error.framed:
        return
    said = f"{_NAMES[st.found.tool]}: {_kind(error.kind)}"
    code = _code(error.kind)
    place = _program_frame(error.frames)
    if place is None:
        st.found.error(error.no, said, code=code, weight=9.0)
        return
    line, _addr, func, file, at = place
    st.found.error(error.no, f"{said} in {func}", file=file, at=at, code=code, weight=9.0)
    st.found.mark(line, 8.0)


def _program_frame(frames: list[tuple[int, int, str, str, int]]) -> tuple[int, int, str, str, int] | None:
    main = next((f[1] for f in frames if f[2] == "main"), None)
    if main is not None:
        return next((f for f in frames if abs(f[1] - main) < PROGRAM_SPAN), None)
    return next((f for f in frames if not f[2].startswith("_")), None)


def _kind(message: str) -> str:
    """A leak's message without its sizes and loss record, a thread error's without its addresses and threads, so
    the leaks or races of one place are one record."""
    leak = re.search(r"are (definitely|possibly) lost in loss record", message)
    return f"memory {leak[1]} lost" if leak else _INSTANCE.sub("", message)


def _code(message: str) -> str:
    for pattern, code in _CODES:
        if (m := pattern.search(message)) is not None:
            return code.format(*(g.lower() for g in m.groups()))
    return "-".join(re.findall(r"[a-z]+", _INSTANCE.sub("", message).lower())[:3])


def _finish(st: _Run, _view: View) -> Findings:
    _close(st)
    return st.found


def _rules(tool: str) -> LineRules[_Run]:
    """A run of `tool` opens with its header line; every line of that run is the tool's."""
    header = _HEADERS[tool]
    return LineRules[_Run](
        Rule(rf"==(?P<pid>\d+)== {header}", _header, has=(f"== {header}",), search=True),
        Rule(
            r"==(?P<pid>\d+)==(?P<rest>.*)$",
            _line,
            has=("==",),
            search=True,
            continues=True,
            when=lambda st, _no: bool(st.pids),
        ),
    )


def _parser(tool: str) -> Parser:
    return Parser(
        tool=tool,
        category=Category.TEST,
        parse=scan_with(_rules(tool), lambda _view: _Run(Findings(tool=tool)), _finish),
    )


PARSER = _parser(TOOL)
HELGRIND_PARSER = _parser(HELGRIND)
DRD_PARSER = _parser(DRD)
