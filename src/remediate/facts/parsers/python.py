"""Python tracebacks, import errors and syntax errors, whoever printed them."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.models import Category

_LIBRARY = ("site-packages/", "dist-packages/", "/lib/python", "<frozen ", "<string>", "importlib/")
# An exception group's tracebacks (Python 3.11+) are drawn inside a frame: each of their lines behind `| `.
# pkg_resources names its two without a suffix: a console script whose requirement is absent or of another
# version (`pkg_resources.DistributionNotFound: The 'x>=5' distribution was not found and is required by y`).
_EXCEPTION = (
    r"^(?:E\s+)?(?:\| )?((?:[A-Za-z_][\w]*\.)*(?:[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Warning)|"
    r"DistributionNotFound|(?:Contextual)?VersionConflict)|"
    r"DocTestFailure|KeyboardInterrupt|StopIteration|(?:Base)?ExceptionGroup)(?:: (.*))?$"
)


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="python"))
    frames: list[tuple[str, int]] = field(default_factory=list)
    near: tuple[int, str, int] | None = None  # pytest's last `path.py:N: in func` frame: (log line, path, line)
    in_traceback: bool = False
    syntax: tuple[int, str, int] | None = None  # pytest's `E     File "path", line N` over a syntax error

    def tracing(self, _no: int) -> bool:
        return self.in_traceback


def _traceback(st: _State, no: int, _m: re.Match[str]) -> None:
    st.in_traceback, st.frames = True, []
    st.found.seen = True
    st.found.mark(no, 5.0)


# A traceback's frame, `  File "app/x.py", line 12, in main`: its file and line, the start of each reader's pattern
# (groups 1 and 2; after it this parser's optional function, parsers/unittest's test method, each with its indent)
FRAME_PLACE = r'File "(?P<file>[^"]+)", line (?P<line>\d+)'
FRAME_OPENS = FRAME_PLACE.partition("(")[0]  # its words up to the file: every frame's line holds them
# pytest's --tb=short location (`tests/test_x.py:5: in test_y`): a pattern piece, parsers/pytest reads it to the end
PYTEST_SHORT_FRAME = r"^(\S+?\.py):(\d+): in \S"


def _frame(st: _State, no: int, m: re.Match[str]) -> None:
    st.frames.append((m.group(1), int(m.group(2))))
    st.found.mark(no, 3.0 if is_library(m.group(1)) else 5.0)
    st.in_traceback = True


def _pytest_frame(st: _State, no: int, m: re.Match[str]) -> None:
    """pytest's own traceback styles print a frame as `tests/test_x.py:1: in <module>`."""
    if not is_library(m.group(1)):
        st.near = (no, m.group(1), int(m.group(2)))


PYTEST_FRAME_WITHIN = 8  # lines from pytest's last project frame to the exception it raised


def _exception(st: _State, no: int, m: re.Match[str]) -> None:
    exc, message = m.group(1), (m.group(2) or "").strip()
    name = exc.rsplit(".", 1)[-1]
    file, at = _project_frame(st.frames)
    if file is None and st.near is not None and no - st.near[0] <= PYTEST_FRAME_WITHIN:
        file, at = st.near[1], st.near[2]
    st.found.error(no, f"{name}: {message}" if message else name, file=file, at=at, code=name, weight=9.0)
    st.in_traceback, st.frames = False, []


SYNTAX_WITHIN = 5  # lines from pytest's `E     File ...` to the syntax error (the code and its caret between)


def _syntax_place(st: _State, no: int, m: re.Match[str]) -> None:
    st.syntax = (no, m.group(1), int(m.group(2)))
    st.found.mark(no, 5.0)


def _syntax_error(st: _State, no: int, m: re.Match[str]) -> None:
    """A module that does not parse, as pytest prints it when collecting (`E   SyntaxError: invalid syntax`
    under `E     File "/abs/shop/cart.py", line 2`, with no `Traceback` line): the code does not compile,
    whether the module is a test's or one it imports."""
    assert st.syntax is not None
    _, file, at = st.syntax
    name, message = m.group(1), (m.group(2) or "").strip()
    st.found.error(no, f"{name}: {message}" if message else name, file=file, at=at, code=name, weight=9.0)
    st.syntax = None


def _no_module_to_run(st: _State, no: int, m: re.Match[str]) -> None:
    """`python -m pytest` where pytest is not installed: Python's runpy names the interpreter and
    the module, unquoted, with no traceback (recorded as the import error it is)."""
    st.found.error(no, f"No module named '{m.group(1)}'", code="ModuleNotFoundError", weight=9.0)


_RULES = LineRules[_State](
    Rule(
        r"^(?:[+|] )?(?:Exception Group )?Traceback \(most recent call last\)",
        _traceback,
        has=("Traceback (most recent call last)",),
        stripped=True,
    ),
    Rule(r"^\s*(?:\| +)?" + FRAME_PLACE + r"(?:, in (.+))?$", _frame, has=(FRAME_OPENS,)),
    Rule(PYTEST_SHORT_FRAME, _pytest_frame, has=(": in ",)),
    Rule(_EXCEPTION, _exception, when=_State.tracing, stripped=True),
    Rule(_EXCEPTION, _exception, has=("No module named", "cannot import name"), stripped=True),
    Rule(r"^\S*python[\d.]*(?:\.exe)?: No module named ([\w.]+)$", _no_module_to_run, has=("No module named",)),
    Rule(r'^E +File "([^"]+\.py)", line (\d+)$', _syntax_place, starts="E "),
    Rule(
        r"^E +(SyntaxError|IndentationError|TabError)(?:: (.*))?$",
        _syntax_error,
        starts="E ",
        when=lambda st, no: st.syntax is not None and no - st.syntax[0] <= SYNTAX_WITHIN,
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


def is_library(path: str) -> bool:
    """A frame of the interpreter's library or an installed package, not the project's code."""
    return any(marker in path for marker in _LIBRARY)


def _project_frame(frames: list[tuple[str, int]]) -> tuple[str | None, int | None]:
    """The innermost frame in project code (not the stdlib or site-packages), else the last one."""
    for path, line in reversed(frames):
        if not is_library(path):
            return path, line
    if frames:
        return frames[-1]
    return None, None


# An exception means what its caller was doing (a test, a build script, a data job): the records keep no
# category of their own, but for what the code table says (SyntaxError: the code does not parse) and
# what the message means (a third party's missing module: a dependency).
PARSER = Parser(tool="python", category=Category.UNKNOWN, parse=scan_with(_RULES, lambda _view: _State()))
