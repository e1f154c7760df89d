"""Checkstyle's plain report, as its CLI prints it (`[ERROR] /path/File.java:4:5: message [Check]`)
and as Gradle's and Ant's checkstyle tasks pass it on (`[ant:checkstyle] [ERROR] ...`,
`[checkstyle] [ERROR] ...`; Gradle 4's plain console puts the first right after the task's
name). An ERROR fails the run; a WARN (a check configured at warning severity) does not, unless the task
allows no warnings (Gradle's `maxWarnings = 0`): then Gradle's `Checkstyle rule violations were found` below
WARN rows alone says they failed it, and they are its records.

Its XML report (`-f xml`, written to the log when no `-o` file is given) is a format other linters print too, under
the flag that names it: ShellCheck's `-f checkstyle`, hadolint's `-f checkstyle`. Each `<file name="PATH">` holds
its `<error line="N" column="N" severity="LEVEL" message="TEXT" source="SOURCE"/>` elements, one a line
(checkstyle, ShellCheck, quoting with `'`) or all on one line (hadolint). The source names the tool: checkstyle's
check class (`com.puppycrawl.tools.checkstyle.checks.imports.AvoidStarImportCheck`), `ShellCheck.SC2045`,
hadolint's bare rule id (`DL3008`, `SC2164` for the shell of a RUN). An element whose source names none of these
is left alone: the parsers know no such tool's words."""

from __future__ import annotations

import html
import re
from dataclasses import field

from remediate.facts.meaning.task_failures import CHECKSTYLE_UNLOADED
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, level_of, scan_with, state
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
    xml_file: str | None = None  # the XML report's `<file name=...>` whose elements follow
    misconfigured: bool = False  # its configuration did not load (_config_failed): it checked nothing


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


# Checkstyle's own configuration did not load: a module it names that is no check (`CheckstyleException: cannot
# initialize module TreeWalker - cannot initialize module UnusedImportz - Unable to instantiate ...`), a file that does
# not parse (`unable to parse configuration stream - Document root element ...`), Ant's and Gradle's task's `Unable to
# create Root Module: config {...}`. It checked nothing: the fix is the configuration's, not the code's. Its closing
# count (`Checkstyle ends with 1 errors.`) then counts that failure, no finding: no summary of a check.
_CONFIG_FAILED = rf"CheckstyleException: (?P<msg>{CHECKSTYLE_UNLOADED}.{{0,300}})"
# The same words as the CLI, Gradle's failure (`> `) and Ant's (`build.xml:5: `) print them: a linter that refused its
# configuration (triage.patterns)
CONFIG_REFUSED = rf"(?:CheckstyleException: |^> |\.xml:\d+: ){CHECKSTYLE_UNLOADED}"


def _config_failed(st: _State, no: int, m: re.Match[str]) -> None:
    if not st.misconfigured:  # its `Caused by:` lines say it again
        st.found.error(no, m["msg"], code="config", category=Category.CONFIG)
    st.misconfigured = True


# One element of the XML report: its attributes quoted either way (a value may hold `>`: hadolint's `&lt;package>`).
_ELEMENT = Regex(r"""<(?P<tag>file|error)(?P<attrs>(?:\s+[\w:-]+=(?:"[^"]*"|'[^']*'))*)\s*/?>""")
_ATTRIBUTE = Regex(r"""([\w:-]+)=(?:"([^"]*)"|'([^']*)')""")
# A finding's source -> the tool that reported it, its rule, and the kind of check it is.
_SOURCES: tuple[tuple[Regex, str, Category], ...] = (
    (
        Regex(r"^com\.puppycrawl\.tools\.checkstyle\.checks\.(?:\w+\.)*(?P<code>\w+?)(?:Check)?$"),
        "checkstyle",
        Category.LINT,
    ),
    (Regex(r"^ShellCheck\.(?P<code>SC\d{4})$"), "shellcheck", Category.LINT),
    (Regex(r"^(?P<code>(?:DL|SC)\d{4})$"), "hadolint", Category.DOCKERFILE),
)


def _xml_elements(st: _State, no: int, m: re.Match[str]) -> None:
    """The XML report's elements on this line: a file's name, then its findings as records of their source's tool."""
    for element in _ELEMENT.finditer(m.string):
        attrs = {a[1]: html.unescape(a[2] if a[2] is not None else a[3]) for a in _ATTRIBUTE.finditer(element["attrs"])}
        if element["tag"] == "file":
            st.xml_file = attrs.get("name")
        elif (source := _source(attrs.get("source", ""))) is not None and attrs.get("line", "").isdigit():
            tool, code, kind = source
            column = int(attrs["column"]) if attrs.get("column", "").isdigit() else None
            level = level_of(attrs.get("severity"))
            said, at = attrs.get("message", ""), int(attrs["line"])
            st.found.error(
                no, said, file=st.xml_file, at=at, column=column, code=code, tool=tool, category=kind, severity=level
            )


def _source(source: str) -> tuple[str, str, Category] | None:
    for pattern, tool, kind in _SOURCES:
        if found := pattern.match(source):
            return tool, found["code"], kind
    return None


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
        when=lambda st, _no: not st.misconfigured,
        has=("Checkstyle ends",),
    ),
    Rule(_CONFIG_FAILED, _config_failed, search=True, has=("CheckstyleException: ",)),
    Rule(
        r"<(?:file name|error (?:line|column))=",
        _xml_elements,
        has=("<file name=", "<error line=", "<error column="),
        search=True,  # hadolint prints its whole report on one line, behind `<?xml ...?><checkstyle ...>`
    ),
    Rule(r"^Starting audit\.\.\.$|^Audit done\.$", evidence(2.0), ends=("audit...", "Audit done.")),
)

PARSER = Parser(tool="checkstyle", category=Category.LINT, parse=scan_with(_RULES, _State))
