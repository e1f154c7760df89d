"""The unified collective's linters (remark-lint through remark-cli, alex, retext), which all report through
vfile-reporter, and awesome-lint (remark-lint under awesome lists' own rules, with a report of its own).

vfile-reporter, remark-cli 6 to 11 alike: the file alone on its line (`FILE: no issues found` when
clean), then rows `  LINE:COL[-LINE:COL]  warning  MESSAGE  RULE  SOURCE` (the columns padded with at
least two spaces), then `⚠ N warnings` / `✖ N errors`. remark-lint's rules report warnings: a CI fails
on them with `--frail` (otherwise remark exits 0 and the step does not fail on them), so a warning row
is a finding like an error row. A plugin the configuration names but nobody installed is an error row
`Error: Could not find module` and the name in backquotes, with no rule, and Node's stack under it: a dependency.

awesome-lint 0.x: `✖ Linting`, the file and place (`  README.md:3:5`), rows `  ✖   3:5  MESSAGE  SOURCE:RULE`,
then `  N errors`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.models import Category

_COLUMNS = Regex(r"\s{2,}")  # vfile-reporter pads its columns with two spaces or more
_SOURCE = Regex(r"^(?:remark|retext|rehype)(?:-[\w]+)*$")  # the plugin a row comes from
_MISSING_MODULE = Regex(r"^Error: Could not find module `(?P<name>[^`]+)`")


@state
class _Unified:
    found: Findings = field(default_factory=lambda: Findings(tool="remark"))
    file: str | None = None  # the file heading the rows below
    awesome: bool = False  # awesome-lint's `✖ Linting` was printed


def _heading(st: _Unified, _no: int, m: re.Match[str]) -> None:
    st.file = m.string


def _row(st: _Unified, no: int, m: re.Match[str]) -> bool:
    """A vfile-reporter row: message, rule and source split at the padding (no pattern backtracks over
    the message). The source names the unified plugin (`remark-lint`, `retext-equality`): ESLint's
    stylish rows, the same layout, end in a rule alone. An error row naming no rule is a plugin that
    failed to load."""
    if st.file is None:
        return False
    columns = _COLUMNS.split(m["rest"].strip())
    if missing := _MISSING_MODULE.match(columns[0]):
        st.found.error(no, columns[0], file=st.file, code="missing-plugin", category=Category.DEPENDENCY)
        return bool(missing)
    if len(columns) < 3 or not _SOURCE.match(columns[-1]):
        return False
    at, column = int(m["line"]), int(m["col"])
    message, rule, source = " ".join(columns[:-2]), columns[-2], columns[-1]
    st.found.error(no, message, file=st.file, at=at, column=column, code=rule, tool=source)
    return True


def _awesome(st: _Unified, no: int, _m: re.Match[str]) -> None:
    st.awesome, st.file = True, None
    st.found.mark(no, 5.0)


def _awesome_place(st: _Unified, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _awesome_row(st: _Unified, no: int, m: re.Match[str]) -> bool:
    if st.file is None:
        return False
    source, _, rule = m["source"].rpartition(":")
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=rule, tool="awesome-lint")
    return bool(source)


_RULES = LineRules[_Unified](
    Rule(
        r"^ +(?P<line>\d+):(?P<col>\d+)(?:-\d+:\d+)? {2,}(?P<level>warning|error) {2,}(?P<rest>\S.*)$",
        _row,
        has=("  warning  ", "  error  "),
        when=lambda st, _no: not st.awesome,
    ),
    Rule(
        r"^(?:✖ (?P<errors>\d+) errors?(?:, ⚠ \d+ warnings?)?|⚠ (?P<failed>\d+) warnings?)$",
        summary(6.0),
        starts=("⚠ ", "✖ "),
        when=lambda st, _no: bool(st.found.errors),
    ),
    Rule(r"^✖ Linting$", _awesome, starts="✖ Linting"),
    # awesome-lint's place heading and rows come only under its `✖ Linting`
    Rule(
        r"^  (?P<file>\S+\.(?:md|markdown)):\d+:\d+$",
        _awesome_place,
        starts="  ",
        when=lambda st, _no: st.awesome,
        continues=True,
    ),
    Rule(
        r"^  ✖ +(?P<line>\d+):(?P<col>\d+) {2}(?P<msg>\S(?:\S| (?! ))*) +(?P<source>[\w-]+:[\w/-]+)$",
        _awesome_row,
        starts="  ✖ ",
        when=lambda st, _no: st.awesome,
        continues=True,
    ),
    # a file heading: a path alone whose rows may follow (vfile-reporter prints it above them)
    Rule(r"^\S+\.(?:md|markdown|mdx|txt|html)$", _heading, ends=(".md", ".markdown", ".mdx", ".txt", ".html")),
)

PARSER = Parser(tool="remark", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Unified()))
