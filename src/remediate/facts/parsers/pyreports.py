"""Python checkers flake8's one-line form does not cover: vulture's dead code (`shop/cart.py:2: unused import
'os' (90% confidence)`; before 0.13, `Unused function 'f'`, no confidence; it exits non-zero on any finding),
prospector's default grouped report (the file, `  Line: N`, then `    pylint: unused-import / message (col 4)`
rows of the tools it ran), bandit's security issues (`>> Issue:
[B602:name] message`, then `Location: file:line:col`), pydocstyle's (and its predecessor pep257's)
docstring errors (`file.py:18 in public function `f`:`, then `D103: message`), and pyflakes run on
its own, which names no code: `pkg/a.py:1: 'os' imported but unused` (pyflakes 2.2 and later add the
column: `pkg/a.py:1:1: ...`). What tells a pyflakes line from any other `file.py:N: text` (pytest's
`tests/x.py:12: AssertionError`) is its message: one of pyflakes' own (pyflakes/messages.py).

And deptry (0.12 and 0.25 alike), whose findings are the dependency declarations out of step with the imports: a
dependency failure, not a lint one."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record, summary, verdict
from remediate.models import Category

LOCATION_WITHIN = 6  # lines after bandit's `>> Issue:` in which its `Location:` comes


@state
class _Bandit:
    found: Findings = field(default_factory=lambda: Findings(tool="bandit"))
    issue: tuple[int, str, str] | None = None  # (line, test id, message) whose location follows

    def locating(self, no: int) -> bool:
        return self.issue is not None and no - self.issue[0] <= LOCATION_WITHIN


def _issue(st: _Bandit, no: int, m: re.Match[str]) -> None:
    st.issue = (no, m.group(1), m.group(2))
    st.found.mark(no, 8.0)


def _location(st: _Bandit, no: int, m: re.Match[str]) -> None:
    assert st.issue is not None
    first, code, message = st.issue
    column = int(m.group(3)) + 1 if m.group(3) else None  # bandit counts columns from 0
    st.found.error(first, message, file=m.group(1), at=int(m.group(2)), column=column, code=code)
    st.found.mark(no, 7.0)
    st.issue = None


_BANDIT = LineRules[_Bandit](
    # bandit 1.7+: `>> Issue: [B602:subprocess_popen_with_shell_equals_true] message`
    Rule(r"^>> Issue: \[(B\d{3})(?::\w+)?\] (.+)$", _issue, starts=">> Issue: ["),
    Rule(
        r"^\s+Location: (?:\./)?(\S+?\.pyw?):(\d+)(?::(\d+))?$", _location, has=("Location: ",), when=_Bandit.locating
    ),
    Rule(r"^Run started:", verdict(3.0), starts="Run started:"),
)


@state
class _Docstyle:
    found: Findings = field(default_factory=lambda: Findings(tool="pydocstyle"))
    where: tuple[int, str, int, str] | None = None  # (log line, file, line, definition) of the error that follows


def _where(st: _Docstyle, no: int, m: re.Match[str]) -> None:
    st.where = (no, m.group(1), int(m.group(2)), m.group(3))


def _docstyle_error(st: _Docstyle, no: int, m: re.Match[str]) -> None:
    assert st.where is not None
    first, file, at, definition = st.where
    st.found.mark(first, 7.0)
    st.found.error(no, f"{m.group(2)} ({definition})", file=file, at=at, code=m.group(1))
    st.where = None


_DOCSTYLE = LineRules[_Docstyle](
    Rule(
        r"^(\S+?\.pyw?):(\d+) ((?:at module level|in (?:public|private) [\w ]+? `[^`]+`)):$",
        _where,
        has=(" at module level:", " in public ", " in private "),
    ),
    Rule(
        r"^\s+(D\d{3}): (.+)$",
        _docstyle_error,
        has=("    D",),  # indented under its definition's line
        when=lambda st, no: st.where is not None and no == st.where[0] + 1,
    ),
)

BANDIT = Parser(tool="bandit", category=Category.LINT, parse=scan_with(_BANDIT, lambda _view: _Bandit()))
PYDOCSTYLE = Parser(tool="pydocstyle", category=Category.LINT, parse=scan_with(_DOCSTYLE, lambda _view: _Docstyle()))

# The messages of pyflakes' most frequent findings, as its messages.py words them.
_PYFLAKES_SAYS = (
    " imported but unused",
    "undefined name ",
    "redefinition of unused ",
    " is assigned to but never used",
    "unable to detect undefined names",
    "may be undefined, or defined from star imports",
    " referenced before assignment",
    "import shadowed by loop variable",
    " repeated with different values",
    "f-string is missing placeholders",
    "duplicate argument ",
)
# A line with flake8's code (`F401 'os' imported but unused`, `[F401] ...` in its pylint form) is ruff.py's.
_PYFLAKES = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.pyw?):(?P<line>\d+):(?:(?P<col>\d+):?)? (?!\[?[A-Z]{1,4}\d{2,4}\]? )(?P<msg>.+)$",
        record(),
        has=_PYFLAKES_SAYS,
    ),
)
PYFLAKES = Parser(tool="pyflakes", category=Category.LINT, parse=scan_with(_PYFLAKES, plain("pyflakes")))


# vulture's findings, as its reports word them (unused code of each kind, code that cannot run)
_VULTURE = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.pyw?):(?P<line>\d+): (?P<msg>(?:[Uu]nused (?:import|variable|function|class|method|attribute|"
        r"property|argument|code)|[Uu]nreachable code after|[Uu]nsatisfiable|[Rr]edundant) [^()]+?)"
        r"(?: \(\d+% confidence(?:, \d+ lines?)?\))?$",
        record("vulture"),
        has=(": unused ", ": Unused ", ": unreachable ", ": Unreachable ", ": unsatisfiable ", ": redundant "),
    ),
)

VULTURE = Parser(tool="vulture", category=Category.LINT, parse=scan_with(_VULTURE, plain("vulture")))

# deptry's rows: an import at its place, `src/shop/cart.py:5:8: DEP001 'rates' imported but missing from the
# dependency definitions` (0.12 prints column 0), a declaration at its file alone, `pyproject.toml: DEP002 'flask'
# defined as a dependency but not used in the codebase`; then `Found 4 dependency issues.` (DEP003 a transitive
# dependency imported, DEP004 a development one imported by the code, DEP005 the standard library's declared).
# ruff.py's flake8-form reader leaves DEPnnn rows to this one.
_DEPTRY = LineRules[Found](
    Rule(
        r"^(?P<file>[^\s:]+):(?:(?P<line>\d+):(?P<col>\d+):)? (?P<code>DEP\d{3}) (?P<msg>.+)$",
        record(),
        has=(": DEP",),
    ),
    Rule(
        r"^Found (?P<errors>\d+) dependency issues?\.$",
        summary(8.0),
        starts="Found ",
        ends=(" dependency issue.", " dependency issues."),
    ),
)

DEPTRY = Parser(tool="deptry", category=Category.DEPENDENCY, parse=scan_with(_DEPTRY, plain("deptry")))


@state
class _Prospector:
    found: Findings = field(default_factory=lambda: Findings(tool="prospector"))
    messages: bool = False  # under its `Messages` heading
    file: str | None = None  # the file heading the rows below
    line: int | None = None  # the `  Line: N` above the rows


def _messages(st: _Prospector, no: int, _m: re.Match[str]) -> None:
    st.messages, st.file, st.line = True, None, None
    st.found.mark(no, 5.0)


def _prospector_file(st: _Prospector, _no: int, m: re.Match[str]) -> None:
    st.file, st.line = m.group(1), None


def _prospector_line(st: _Prospector, _no: int, m: re.Match[str]) -> None:
    st.line = int(m.group(1))


def _prospector_row(st: _Prospector, no: int, m: re.Match[str]) -> None:
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, m["msg"], file=st.file, at=st.line, column=column, code=f"{m['tool']}:{m['code']}")


_PROSPECTOR = LineRules[_Prospector](
    # the report's heading, underlined: `Messages` over `========`
    Rule(r"^Messages$", _messages, starts="Messages", when=lambda st, no: not st.messages),
    Rule(r"^Check Information$", lambda st, _no, _m: setattr(st, "messages", False), starts="Check Information"),
    Rule(r"^(\S+\.pyw?)$", _prospector_file, ends=(".py", ".pyw"), when=lambda st, _no: st.messages),
    Rule(r"^  Line: (\d+)$", _prospector_line, starts="  Line: ", when=lambda st, _no: st.file is not None),
    Rule(
        r"^    (?P<tool>[\w-]+): (?P<code>[\w-]+) / (?P<msg>.+?)(?: \(col (?P<col>\d+)\))?$",
        _prospector_row,
        starts="    ",
        has=(" / ",),
        when=lambda st, _no: st.line is not None,
        continues=True,
    ),
    continued=True,
)

PROSPECTOR = Parser(
    tool="prospector", category=Category.LINT, parse=scan_with(_PROSPECTOR, lambda _view: _Prospector())
)
