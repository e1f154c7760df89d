"""pytest: failures, errors, collection errors, the short summary and the final counts line.

The failing tests come from the short summary (`FAILED tests/x.py::test_y - ...`, printed by default
since pytest 5.4) or the verbose lines. Before that a default run named them only in its failure
sections (`____ test_y ____` under `=== FAILURES ===`), each above its traceback, whose first
location is the test's own file: those sections are the failing tests when nothing else names them.

Plugins run linters, formatters and mypy as test items (pytest-flake8, -pep8, -pycodestyle, -flakes,
-pylint, -black, -isort, -mypy): each such item's failure section (`FLAKE8-check`, `Black format check`,
`[pylint] shop/cart.py`, pytest-mypy's named by the file) is also a record of its checker's kind, with the
rows pylint, mypy and pyflakes print there; the item stays a failing test (its id or section name tells the
triage what ran it: triage/beneath.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from remediate.facts.meaning import CRASH_WORDS, timeout_banner
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary, verdict
from remediate.facts.parsers.python import PYTEST_SHORT_FRAME, is_library
from remediate.facts.view import View
from remediate.models import Category

_COUNT = Regex(r"(\d+) (failed|errors?)\b")
_EXCEPTION = Regex(r"^((?:\w+\.)*\w*(?:Error|Exception|Exit|Interrupt|Warning|Failed))\b")
# What a quiet run's final line (`1 failed, 2 passed in 0.31s`) must hold: a count of failures or errors.
_COUNTED = tuple(f"{digit} {word}" for digit in "0123456789" for word in ("failed", "error"))


# Sections under `=== FAILURES ===`/`=== ERRORS ===` that are not a test: a module that failed to import.
_NOT_A_TEST = ("ERROR collecting ",)
# Sections whose traceback starts in a fixture (maybe conftest.py), not in the test's file.
_FIXTURE_FIRST = ("ERROR at setup of ", "ERROR at teardown of ")

# The failure sections of the plugins that run a checker as a test item: the checker and its kind. The rows
# below are the checker's own (flake8's, pycodestyle's: read by their parsers; pylint's and mypy's: here).
_CHECK_SECTIONS: dict[str, tuple[str, Category]] = {
    "FLAKE8-check": ("flake8", Category.LINT),
    "PEP8-check": ("pep8", Category.LINT),
    "pycodestyle-check": ("pycodestyle", Category.LINT),
    "pyflakes-check": ("pyflakes", Category.LINT),
    "Black format check": ("black", Category.FORMAT),
    "isort-check": ("isort", Category.FORMAT),
}
_PYLINT_SECTION = "[pylint] "  # pytest-pylint's section: `[pylint] shop/cart.py`


@state
class _Section:
    """A failure section of a failing test: its header's line, the test's name, file and first `E` line."""

    line: int
    name: str
    file: str | None = None
    message: str | None = None


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="pytest"))
    section: str | None = None  # the failure section (`____ test_x ____`) being read
    e_message: str | None = None  # the first `E` line of the current failure section
    failures: bool = False  # under `=== FAILURES ===` or `=== ERRORS ===`, until the final counts line
    tests: list[_Section] = field(default_factory=list)  # the failing tests the sections name
    sugar: bool = False  # after pytest-sugar's `Results (0.02s):`: its counts follow
    frame: tuple[int, str, int] | None = None  # --tb=short: the section's last `FILE:LINE: in FUNC` frame
    # the section is a checker's run by a plugin (see _CHECK_SECTIONS): (tool, kind, file or None)
    check: tuple[str, Category, str | None] | None = None
    rootdir: str | None = None  # the header's `rootdir: /path`, to which pytest's node ids are relative
    crash: str | None = None  # faulthandler's `Fatal Python error: ...` words, until its current thread's stack ends
    crashed_stack: bool = False  # inside that stack (`Current thread 0x... (most recent call first):`)
    timed_out: tuple[int, str] | None = None  # pytest-timeout's banner behind a file's progress: its line, the file

    def test_section(self) -> _Section | None:
        """The failing test whose section is being read, if the section is a test's."""
        if self.section is None or not self.tests or self.tests[-1].name != _section_test(self.section):
            return None
        return self.tests[-1]


def _final(st: _State, no: int, m: re.Match[str]) -> None:
    verdict(9.0 if "failed" in m.string or "error" in m.string else 3.0)(st, no, m)
    st.found.summary(no, _failures(m.group(1)))
    st.section = None
    st.failures = False


def _failures_header(st: _State, no: int, _m: re.Match[str]) -> None:
    st.failures = True
    st.found.mark(no, 6.0)


def _section(st: _State, no: int, m: re.Match[str]) -> None:
    st.section, st.e_message, st.frame = m.group(1), None, None
    st.found.mark(no, 6.0)
    st.check = _check_section(st.section) if st.failures else None
    if st.check is not None:
        tool, kind, file = st.check
        if tool != "mypy":  # a section named by a file alone is mypy's only if its rows are (_check_row)
            st.found.error(no, f"{tool} failed ({st.section})", file=file, code=tool, tool=tool, category=kind)
    if st.failures and not st.section.startswith(_NOT_A_TEST):
        st.tests.append(_Section(no, _section_test(st.section)))


def _check_section(section: str) -> tuple[str, Category, str | None] | None:
    """The checker a plugin's failure section reports, or None for a test's section. pytest-mypy names its
    section by the file alone (`shop/cart.py`), a name no test has."""
    if section in _CHECK_SECTIONS:
        tool, kind = _CHECK_SECTIONS[section]
        return tool, kind, None
    if section.startswith(_PYLINT_SECTION) and section.endswith(".py"):
        return "pylint", Category.LINT, section.removeprefix(_PYLINT_SECTION)
    if section.endswith(".py") and " " not in section:
        return "mypy", Category.TYPE, section
    return None


def _check_row(st: _State, no: int, m: re.Match[str]) -> None:
    """A row of pytest-pylint's (pylint 1.x's form: `C:  6, 7: message (symbol)`) or pytest-mypy's
    (`9: error: message  [code]`) section: a record in the section's file."""
    assert st.check is not None
    tool, kind, file = st.check
    file = m.groupdict().get("file") or file
    at, column = int(m["line"]), int(m["col"]) if m["col"] else None
    st.found.error(no, m["msg"], file=file, at=at, column=column, code=m["code"], tool=tool, category=kind)


def _in_check(tool: str) -> Callable[[_State, int], bool]:
    return lambda st, _no: st.check is not None and st.check[0] == tool


def _black_file(st: _State, _no: int, m: re.Match[str]) -> None:
    """pytest-black's diff names the file it would reformat: the section's record gets it."""
    for i in range(len(st.found.errors) - 1, -1, -1):
        if st.found.errors[i].tool == "black" and st.found.errors[i].file is None:
            st.found.errors[i] = st.found.errors[i].model_copy(update={"file": m.group(1)})
            break
    st.check = None


def _sugar_section(st: _State, no: int, m: re.Match[str]) -> None:
    """pytest-sugar's failure section (`――― CartTest.test_total ―――`): it prints no `FAILURES` header."""
    st.failures = True
    _section(st, no, m)


def _sugar_results(st: _State, no: int, m: re.Match[str]) -> None:
    st.sugar = True
    verdict(3.0)(st, no, m)


def _e_line(st: _State, no: int, m: re.Match[str]) -> bool:
    if st.section is None:
        return False
    st.found.mark(no, 7.0)
    if st.e_message is None:
        st.e_message = m.group(1).strip()
        if section := st.test_section():
            section.message = st.e_message
        # --tb=short: no location line follows; the failure is at the last frame (a module that failed
        # to import is the Python traceback's, read by parsers/python.py)
        if st.frame is not None and not st.section.startswith(_NOT_A_TEST):
            _short_record(st, st.e_message)
    return True


def _short_record(st: _State, message: str) -> None:
    assert st.frame is not None and st.section is not None
    frame_no, file, at = st.frame
    code = _code_of(message)
    st.found.error(frame_no, f"{_section_test(st.section)}: {message}", file=file, at=at, code=code, weight=7.0)


def _short_frame(st: _State, no: int, m: re.Match[str]) -> None:
    """--tb=short's frame, `tests/test_x.py:5: in test_y`: the first is the test's own, the last
    (before the `E` lines) where it failed."""
    _test_file(st, m.group(1))
    st.frame = (no, m.group(1), int(m.group(2)))
    st.found.mark(no, 5.0)


def _long_frame_next(st: _State, _no: int, _m: re.Match[str]) -> None:
    st.frame = None


def _line_failure(st: _State, no: int, m: re.Match[str]) -> None:
    """--tb=line: one `FILE:LINE: MESSAGE` a failure under `=== FAILURES ===`, no sections. It is the
    innermost frame: in the standard library for a unittest assertion, which places nothing."""
    if is_library(m.group(1)):
        st.found.mark(no, 7.0)
        return
    st.found.error(no, m.group(3), file=m.group(1), at=int(m.group(2)), code=_code_of(m.group(3)), weight=7.0)


def _code_of(message: str) -> str | None:
    exc = _EXCEPTION.match(message)
    return exc.group(1).rpartition(".")[2] if exc else "AssertionError" if message.startswith("assert ") else None


def _test_file(st: _State, file: str) -> None:
    """A location in a failure section: the first is the test's own frame, so its file is the test's
    (unless the section is a fixture's error)."""
    section = st.test_section()
    if section is not None and section.file is None and not (st.section or "").startswith(_FIXTURE_FIRST):
        section.file = file


def _summary_item(st: _State, no: int, m: re.Match[str]) -> bool:
    _kind, test_id, message = m.groups()
    if "::" not in test_id and not test_id.endswith(".py"):
        return False
    st.found.seen = True
    if "::" in test_id:
        st.found.test(no, test_id, file=test_id.split("::")[0], message=message)
    else:  # an ERROR on a module: a collection error
        st.found.error(no, message or "error collecting test module", file=test_id)
    st.found.mark(no, 9.0)
    return True


def _location(st: _State, no: int, m: re.Match[str]) -> None:
    _test_file(st, m.group(1))
    exc = m.group(3)
    if exc is None:  # an intermediate frame of the failure
        st.found.mark(no, 5.0)
        return
    assert st.section is not None
    name = _section_test(st.section)
    message = st.e_message or exc
    st.found.error(no, f"{name}: {message}", file=m.group(1), at=int(m.group(2)), code=exc, weight=7.0)


def _quiet_final(st: _State, no: int, m: re.Match[str]) -> None:
    if st.found.seen:
        st.found.mark(no, 9.0)
        st.found.summary(no, _failures(m.group(1)))


# pytest refusing its own configuration before it collects a test (a UsageError, exit 4): `--strict-config` and an
# ini key no plugin registers (`ERROR: Unknown config option: timeout`, pytest-timeout not installed or the key
# misspelt), or its ini or pyproject.toml that does not parse (`ERROR: /w/pytest.ini:3: unexpected line: 'x'`,
# `ERROR: /w/pyproject.toml: Invalid value (at end of document)`): configuration records, no test's failure
# (tests/facts/data/pytest9_*config*, pytest9_ini_*, pytest9_pyproject_*).
CONFIG_OPTION, CONFIG_SYNTAX = "config-option", "config-syntax"


def _config_refused(st: _State, no: int, m: re.Match[str]) -> None:
    file, line = m["file"], m["line"]
    code = CONFIG_SYNTAX if file else CONFIG_OPTION
    at = int(line) if line else None
    st.found.error(no, m["msg"], file=file, at=at, code=code, category=Category.CONFIG)


# A path the job names that is not there, refused before any test or file was read: pytest's `ERROR: file or directory
# not found: tests/x.py` (exit 4), mypy's `src/x.py: error: Cannot read file: No such file or directory` (2.x) and
# `mypy: can't read file 'src/x.py': ...` (0.9x), both exit 2, from a `files =` entry or the command line. The CI
# step's command or the tool's configuration names it (a file the change moved or removed, a folder that never was):
# configuration records, which name the path (tests/facts/data/pytest9_path_not_found.txt, mypy*_files_*).
PATH_MISSING = "path-missing"
_NODE_ID = r"\S+\.py::\S+?"  # a test's node id as -v's line and the timeout banner name it (failingtests: bounded)
FILE_NOT_FOUND = (
    "ERROR: file or directory not found: "  # pytest's words (a pattern piece: triage.patterns reads it too)
)


def _path_missing(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m.group(0).removeprefix("ERROR: "), file=m["file"], code=PATH_MISSING, category=Category.CONFIG)


# CPython's faulthandler (on in every pytest run) as the process dies of a signal its own code raised (a segfault, an
# abort in the code or a native module it loads): `Fatal Python error: Segmentation fault` (behind the progress dots:
# it writes to stderr mid-line), then each thread's stack, innermost frame first, the crashing one under `Current
# thread 0x... (most recent call first):` (`Stack (most recent call first):` with one thread), `  File "path", line
# N in func`. No report nor summary follows: the test in the current stack whose frame is a test function in a test
# file (pytest's default names) is the one that crashed, read as failed with faulthandler's words.
_CRASH = rf"Fatal Python error: (?:{'|'.join(CRASH_WORDS)})$"
_CRASH_FRAME = Regex(r'^ {2}File "(?P<file>[^"]+)", line \d+ in (?P<func>test\w*)$')
_TEST_FILE = Regex(r"(?:^|/)(?:test_\w+|\w+_test)\.py$")
_VERBOSE_RUNNING = Regex(rf"^(?P<id>{_NODE_ID}) $")


def _rootdir(st: _State, _no: int, m: re.Match[str]) -> None:
    st.rootdir = m["dir"]


def _crash(st: _State, no: int, m: re.Match[str]) -> None:
    """faulthandler's words; behind -v's node id of the running test (`tests/x.py::test_y Fatal Python error: ...`)
    that test's failure at once, else the stack's (_crash_stack)."""
    st.crash, st.crashed_stack = m.group(), False
    if (running := _VERBOSE_RUNNING.match(m.string[: m.start()])) is not None:
        st.found.test(no, running["id"], file=running["id"].split("::")[0], message=st.crash)
        st.crash = None


def _crash_stack(st: _State, no: int, m: re.Match[str]) -> bool:
    """A line of faulthandler's dump after its `Fatal Python error`: the current thread's stack opens, and its
    innermost test function's frame names the test that crashed (the first read: faulthandler's frames alone have no
    comma before `in`, a traceback's do). The line stays the other rules' too."""
    text = m.string
    if text.endswith("(most recent call first):"):
        st.crashed_stack = text.startswith(("Current thread ", "Stack "))
    elif st.crashed_stack:
        _crash_frame(st, no, text)
    return False


def _crash_frame(st: _State, no: int, text: str) -> None:
    if (frame := _CRASH_FRAME.match(text)) is not None and _TEST_FILE.search(frame["file"]):
        path = frame["file"]
        if st.rootdir and path.startswith(st.rootdir.rstrip("/") + "/"):
            path = path[len(st.rootdir.rstrip("/")) + 1 :]
        st.found.test(no, f"{path}::{frame['func']}", file=path, message=st.crash)
        st.crash = None


# pytest-timeout's thread method without -v: its banner behind the progress of the test's file (`tests/x.py
# .+++++ Timeout +++++`), then every thread's stack (traceback's form: `  File "path", line N, in func`) and the
# process ends. The first frame in that file of a test function (pytest's default names) is the test that reached
# its own limit; read as failed with the banner's word, as -v's line of it is (meaning.per_test_limit).
_THREAD_TIMEOUT = r"^(?P<file>\S+\.py) [.sxXFE]*" + timeout_banner() + "$"
_TIMEOUT_FRAME = Regex(r'^ {2}File "(?P<path>[^"]+)", line \d+, in (?P<func>test\w*)$')


def _thread_timeout(st: _State, no: int, m: re.Match[str]) -> None:
    st.timed_out = (no, m["file"])


def _timeout_frame(st: _State, _no: int, m: re.Match[str]) -> bool:
    if st.timed_out is not None:
        banner, file = st.timed_out
        if m["path"] == file or m["path"].endswith(f"/{file}"):
            st.found.test(banner, f"{file}::{m['func']}", file=file, message="Timeout")
            st.timed_out = None
    return False


_RULES = LineRules[_State](
    Rule(_THREAD_TIMEOUT, _thread_timeout, has=("+ Timeout +",), ends="+"),
    Rule(
        _TIMEOUT_FRAME, _timeout_frame, starts='  File "', when=lambda st, _no: st.timed_out is not None, continues=True
    ),
    Rule(
        r"^=+ test session starts =+$|^platform \S+ -- Python \S+, pytest-",
        verdict(2.0),
        has=(" test session starts ", ", pytest-"),
    ),
    Rule(r"^=+ (?:FAILURES|ERRORS) =+$", _failures_header, has=("= FAILURES =", "= ERRORS =")),
    Rule(
        r"^=+ (?=.*\b(?:\d+ (?:failed|passed|errors?|skipped|xfailed|deselected|warnings?)|no tests ran)\b)(.+?) =+$",
        _final,
        ends="=",
    ),
    Rule(r"^rootdir: (?P<dir>/\S+?)(?:, .*)?$", _rootdir, starts="rootdir: "),
    Rule(_CRASH, _crash, has=("Fatal Python error: ",), search=True),
    Rule(
        r"^.+$",
        _crash_stack,
        has=("(most recent call first):", 'File "'),
        when=lambda st, _no: st.crash is not None,
        continues=True,
    ),
    # `_ _ _ _` between frames: a long frame follows (--tb=auto prints the middle ones short), whose
    # own location line places the failure, not the short frame above it
    Rule(r"^(?:_ ){3,}_?$", _long_frame_next, starts="_ _ _"),
    Rule(r"^_{3,} (.+?) _{3,}$", _section, starts="_"),
    # pytest-sugar: its sections' rule is U+2015, its counts one a line under `Results (0.02s):`
    Rule(r"^\u2015{3,} (.+?) \u2015{3,}$", _sugar_section, starts="\u2015"),
    Rule(r"^Results \([\d.]+s\):$", _sugar_results, starts="Results ("),
    Rule(
        r"^\s+(?P<failed>\d+) (?:failed|error)$",
        summary(9.0),
        ends=(" failed", " error"),
        when=lambda st, _no: st.sugar,
        continues=True,
    ),
    Rule(r"^E {2,}(.*)$", _e_line, starts="E  "),
    Rule(
        r"^ERROR: (?:(?P<file>(?:\S*/)?(?:\.?pytest\.ini|pyproject\.toml|tox\.ini|setup\.cfg)):(?:(?P<line>\d+):)? )?"
        r"(?P<msg>(?(file).+|Unknown config option: \S+))$",
        _config_refused,
        has=("ERROR: Unknown config option: ", "pytest.ini:", "pyproject.toml: ", "tox.ini:", "setup.cfg:"),
    ),
    Rule(rf"^{FILE_NOT_FOUND}(?P<file>\S+)$", _path_missing, starts="ERROR: file or directory"),
    Rule(
        r"^(FAILED|ERROR|XPASS\(strict\)) (\S+?)(?: - (.*))?$",
        _summary_item,
        starts=("FAILED ", "ERROR ", "XPASS(strict) "),
    ),
    Rule(r"^!+ (Interrupted: .+?) !+$", verdict(8.0), starts="!"),
    Rule(
        rf"^({_NODE_ID})(?: \S+)? (FAILED|ERROR)(?:\s+\[\s*\d+%\])?$",
        lambda st, no, m: st.found.test(no, m.group(1), file=m.group(1).split("::")[0]),
        has=(".py::",),
        ends=("]", "FAILED", "ERROR"),
    ),
    # pytest-timeout's thread method (`--timeout-method=thread`) ends the whole process at a test's limit: -v's line
    # of that test carries its banner (`tests/x.py::test_y +++++ Timeout +++++`) and no summary follows. The test
    # failed at its own time limit (meaning.per_test_limit reads the message), not on an assertion
    Rule(
        rf"^({_NODE_ID}) " + timeout_banner("(Timeout)") + "$",
        lambda st, no, m: st.found.test(no, m.group(1), file=m.group(1).split("::")[0], message=m.group(2)),
        has=(".py::",),
        ends="+",
    ),
    Rule(
        r"^(\S+?\.py):(\d+):(?: (\w+(?:\.\w+)*))?$",
        _location,
        has=(".py:",),
        when=lambda st, _no: st.section is not None and st.check is None,
    ),
    # --tb=short's location: `tests/test_x.py:5: in test_y`.
    Rule(
        PYTEST_SHORT_FRAME + "+$",
        _short_frame,
        has=(".py:",),
        when=lambda st, _no: st.section is not None and st.check is None,
    ),
    Rule(
        r"^(\S+?\.py):(\d+): (\S.*)$",
        _line_failure,
        has=(".py:",),
        when=lambda st, _no: st.failures and st.section is None,
    ),
    Rule(
        r"^(?=.*\b(?:failed|errors?)\b)(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s(?: \([\d:]+\))?$", _quiet_final, has=_COUNTED
    ),
    Rule(
        r"^[CRWEF]:\s*(?P<line>\d+),\s*(?P<col>\d+): (?P<msg>.+?)(?: \((?P<code>[\w-]+)\))?$",
        _check_row,
        starts=("C:", "R:", "W:", "E:", "F:"),
        when=_in_check("pylint"),
        continues=True,
    ),
    Rule(
        r"^(?P<line>\d+): error: (?P<msg>.+?)(?:  \[(?P<code>[\w-]+)\])?$(?P<col>)",
        _check_row,
        has=(": error: ",),
        when=_in_check("mypy"),
    ),
    # pytest-flakes' rows: `/path/shop/cart.py:1: UnusedImport`, the message on the line below
    Rule(
        r"^(?P<file>\S+?\.py):(?P<line>\d+): (?P<msg>(?P<code>[A-Z][A-Za-z]+))$(?P<col>)",
        _check_row,
        has=(".py:",),
        when=_in_check("pyflakes"),
        continues=True,
    ),
    Rule(r"^--- (\S+\.py)\t", _black_file, starts="--- ", when=_in_check("black"), continues=True),
)


def _finish(st: _State, _view: View) -> Findings:
    """The failure sections' tests, when neither a short summary nor verbose lines named any."""
    if not st.found.tests:
        for section in st.tests:
            st.found.test(section.line, _node_id(section), file=section.file, message=section.message)
    return st.found


def _node_id(section: _Section) -> str:
    """The test's pytest node id (`tests/test_x.py::TestY::test_z[1.5]`), as a short summary names it;
    the section's name alone when its file is not known."""
    if section.file is None:
        return section.name
    name, bracket, params = section.name.partition("[")
    return "::".join((section.file, *name.split("."))) + bracket + params


def _failures(summary: str) -> int:
    return sum(int(n) for n, _ in _COUNT.findall(summary))


def _section_test(section: str) -> str:
    for prefix in ("ERROR at setup of ", "ERROR at teardown of ", "ERROR collecting "):
        if section.startswith(prefix):
            return section[len(prefix) :]
    return section


PARSER = Parser(tool="pytest", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _State(), _finish))
