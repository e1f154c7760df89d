"""The unified collective's linters (remark-lint through remark-cli, alex, retext), which all report through
vfile-reporter; and the "pretty" report of eslint-formatter-pretty (xo's, ESLint's `-f pretty`) that
awesome-lint (remark-lint under awesome lists' own rules) prints too.

vfile-reporter, remark-cli 6 to 11 alike: the file alone on its line (`FILE: no issues found` when
clean), then rows `  LINE:COL[-LINE:COL]  warning  MESSAGE  RULE  SOURCE` (the columns padded with at
least two spaces), then `⚠ N warnings` / `✖ N errors`. remark-lint's rules report warnings: a CI fails
on them with `--frail` (otherwise remark exits 0 and the step does not fail on them), so a warning row
is a finding like an error row. A plugin the configuration names but nobody installed is an error row
`Error: Could not find module` and the name in backquotes, with no rule, and Node's stack under it: a dependency.

The pretty report (xo 0.24, awesome-lint 0.11): the file and its first place (`  src/app.js:1:1`), rows
`  ✖  1:5  MESSAGE  RULE` (awesome-lint's rule is `remark-lint:NAME`; a parse error has none; `⚠` rows
only warn), then `  N errors`. awesome-lint first prints `✖ Linting`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import after_errors, summary, verdict
from remediate.models import Category

_COLUMNS = Regex(r"\s{2,}")  # vfile-reporter pads its columns with two spaces or more
_SOURCE = Regex(r"^(?:remark|retext|rehype)(?:-[\w]+)*$")  # the plugin a row comes from
_MISSING_MODULE = Regex(r"^Error: Could not find module `(?P<name>[^`]+)`")


@state
class _Unified:
    found: Findings = field(default_factory=lambda: Findings(tool="remark"))
    file: str | None = None  # the file heading the rows below


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


def _pretty_place(st: _Unified, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _pretty_row(st: _Unified, no: int, m: re.Match[str]) -> bool:
    """A pretty row: message and rule split at the padding. awesome-lint's rules are remark-lint's."""
    if st.file is None:
        return False
    if m["level"] == "⚠":
        st.found.mark(no, 3.0)
        return True
    columns = _COLUMNS.split(m["rest"].strip())
    source, _, rule = columns[-1].rpartition(":") if len(columns) > 1 else ("", "", "")
    tool = "awesome-lint" if source == "remark-lint" else "eslint"
    message = " ".join(columns[:-1]) if len(columns) > 1 else columns[0]
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, message, file=st.file, at=at, column=column, code=rule or None, tool=tool)
    return True


_RULES = LineRules[_Unified](
    Rule(
        r"^ +(?P<line>\d+):(?P<col>\d+)(?:-\d+:\d+)? {2,}(?P<level>warning|error) {2,}(?P<rest>\S.*)$",
        _row,
        has=("  warning  ", "  error  "),
    ),
    Rule(
        r"^(?:✖ (?P<errors>\d+) errors?(?:, ⚠ \d+ warnings?)?|⚠ (?P<failed>\d+) warnings?)$",
        summary(6.0),
        starts=("⚠ ", "✖ "),
        when=after_errors,
    ),
    Rule(r"^✖ Linting$", verdict(5.0), starts="✖ Linting"),
    # the pretty report's place heading is read only in a view that has its rows
    Rule(r"^  (?P<file>[^\s:]+):\d+:\d+$", _pretty_place, starts="  ", continues=True),
    Rule(
        r"^  (?P<level>[✖⚠]) +(?P<line>\d+):(?P<col>\d+) {2,}(?P<rest>\S.*)$",
        _pretty_row,
        starts=("  ✖ ", "  ⚠ "),
    ),
    # a file heading: a path alone whose rows may follow (vfile-reporter prints it above them)
    Rule(r"^\S+\.(?:md|markdown|mdx|txt|html)$", _heading, ends=(".md", ".markdown", ".mdx", ".txt", ".html")),
)

PARSER = Parser(tool="remark", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Unified()))
