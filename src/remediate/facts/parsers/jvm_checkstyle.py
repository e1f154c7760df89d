"""Checkstyle's plain report, as its CLI prints it (`[ERROR] /path/File.java:4:5: message [Check]`)
and as Gradle's and Ant's checkstyle tasks pass it on (`[ant:checkstyle] [ERROR] ...`,
`[checkstyle] [ERROR] ...`; Gradle 4's plain console puts the first right after the task's
name). An ERROR fails the run; a WARN (a check configured at warning severity) does not, unless the task
allows no warnings (Gradle's `maxWarnings = 0`): then Gradle's `Checkstyle rule violations were found` below
WARN rows alone says they failed it, and they are its records."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import evidence, summary
from remediate.facts.view import View
from remediate.models import Category, Severity

_ROW = (
    r"^(?:(?::[\w-]+)+)?\s*(?:\[(?:ant:)?checkstyle\] )?\[(?P<level>ERROR|WARN)\] "
    r"(?P<file>\S+?\.\w+):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+?)(?: \[(?P<code>\w+)\])?$"
)


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="checkstyle"))
    warned: list[tuple[int, re.Match[str]]] = field(default_factory=list)  # WARN rows, until a task fails on them
    erred: bool = False  # an ERROR row: what a failing task failed on


def _row(st: _State, no: int, m: re.Match[str]) -> bool:
    if m["code"] is None and "checkstyle]" not in m.string:  # the CLI names the check; another tool's row
        return False
    if m["level"] == "WARN":
        st.found.seen = True
        st.found.mark(no, 3.0)
        st.warned.append((no, m))
        return True
    st.erred = True
    _record(st, no, m, Severity.ERROR)
    return True


def _record(st: _State, no: int, m: re.Match[str], severity: Severity) -> None:
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), column=column, code=m["code"], severity=severity)


def _failed_on_warnings(st: _State, _no: int, _m: re.Match[str]) -> None:
    """Gradle's checkstyle task failed with WARN rows and no ERROR row above: the warnings failed it."""
    if not st.erred:
        for no, m in st.warned:
            _record(st, no, m, Severity.WARNING)
    st.warned.clear()


_RULES = LineRules[_State](
    Rule(_ROW, _row, has=("[ERROR] ", "[WARN] ")),
    Rule(
        r"^(?:> )?Checkstyle rule violations were found\b",
        _failed_on_warnings,
        when=lambda st, _no: bool(st.warned),
        has=("Checkstyle rule violations were found",),
        continues=True,
    ),
    Rule(
        r"^(?:\s*\[checkstyle\] )?Checkstyle ends with (?P<errors>\d+) errors?\.$",
        summary(8.0),
        has=("Checkstyle ends",),
    ),
    Rule(r"^Starting audit\.\.\.$|^Audit done\.$", evidence(2.0), ends=("audit...", "Audit done.")),
)

PARSER = Parser(tool="checkstyle", category=Category.LINT, parse=scan_with(_RULES, _State))
