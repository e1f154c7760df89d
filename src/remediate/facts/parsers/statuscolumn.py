"""Rows of a padded status column: one line a test, its name, padding to a column, then its status.

Many harnesses print their tests so, whatever the tool: a project's own script (`add_numbers ........ PASS`,
`printf '%-36s %s'`), PostgreSQL's pg_regress (`test cart_total          ... FAILED       47 ms`), GNU
Autotest's `./testsuite` (`  2: total of a cart             FAILED (testsuite.at:7)`), and their kin; a
status is `FAIL`, `FAILED`, `ERROR`, `fail`, `failed` or a passing one (`PASS`, `OK`, `ok`, `passed`, `SKIP`,
...), a time or a parenthesised place may follow it. A line ending in such a word is no test by its shape
alone (`checking for gcc... ok`, `Reading package lists... Done`, a docker build's step): a failed row
names a failing test only when the rows show the column, several of them within ROWS_WITHIN lines, their
statuses starting at one column: a passing row among at least three, after names of different lengths (the
padding aligned them), or a test run's count of failures (facts/summaries) below them.
Title-case `Passed`/`Failed` are left out: pre-commit's hook rows (parsers/precommit) are checks, no tests.

A second, weaker account of a run: read only where no other test parser read the run (Parser.restates),
so a runner's own parser (meson, CTest, unittest) keeps its reading."""

from __future__ import annotations

import re
from dataclasses import field
from typing import NamedTuple

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.summaries import read_summary
from remediate.facts.testblocks import with_reports
from remediate.facts.view import View
from remediate.models import Category

ROWS_WITHIN = 60  # lines either side of a failed row in which its column's other rows stand
SUMMARY_WITHIN = 20  # lines below the last row in which the run's count of failures may stand
MAX_CANDIDATES = 200  # failed rows kept for the column test
MAX_ROW_CHARS = 400  # longer lines are no row of a column
_FAILING = frozenset(("FAIL", "FAILED", "ERROR", "fail", "failed"))
# A row: a lead (pg_regress's `test `, Autotest's `  2: `, a `[1/4] ` count), the name (words single-spaced),
# the padding (two blanks or more, a run of dots, dashes or underscores, pg_regress's blanks then `... `), the
# status, then a time (`47 ms`, `0.03s`), a bracketed one, a parenthesised aside (`(testsuite.at:7)`, `(ignored)`).
_ROW = Regex(
    r"^(?P<lead>\s{0,12}(?:test {1,4}|\d{1,5}[:.)]? {1,4}|\[ {0,4}\d{1,5}/\d{1,5}\] {1,4})?)"
    r"(?P<name>[^\s.\-_][^ ]{0,200}?(?: [^ ]{1,200}?){0,8}?)(?<![.\-_])"  # a name ends where its padding starts
    r"(?: {2,160}+(?:\.\.\. {1,4}+)?| ?(?:\.{2,160}+|-{2,160}+|_{2,160}+) {0,4}+| \.\.\. {1,4}+)"
    r"(?P<status>FAILED|FAIL|ERROR|failed|fail|PASSED|PASS|OK|ok|passed|pass|SKIPPED|SKIP|skipped|skip)"
    r"(?: {1,40}(?:\d[\d.,]{0,9} ?(?:ms|s|sec|secs|seconds)\b|\[[^\[\]]{1,40}\]|(?P<aside>\([^()]{1,80}\)))){0,2}"
    r" {0,40}$"
)


class _Row(NamedTuple):
    no: int
    name: str
    column: int  # where its status starts
    name_end: int
    failed: bool
    aside: str  # its parenthesised place (Autotest's `(testsuite.at:7)`), or ""


def _row(no: int, text: str) -> _Row | None:
    m = _ROW.match(text) if len(text) <= MAX_ROW_CHARS else None
    return None if m is None else _row_of(no, m)


def _row_of(no: int, m: re.Match[str]) -> _Row:
    aside = m["aside"] or ""
    failed = m["status"] in _FAILING and aside != "(ignored)"  # pg_regress's test whose failure it ignores
    return _Row(no, m["name"], m.start("status"), m.end("name"), failed, aside)


@state
class _Column:
    found: Findings = field(default_factory=lambda: Findings(tool="test-harness"))
    candidates: list[_Row] = field(default_factory=list)  # failed rows, not yet shown to be a column's


def _candidate(st: _Column, no: int, m: re.Match[str]) -> bool:
    row = _row_of(no, m)
    if len(m.string) > MAX_ROW_CHARS or not row.failed:
        return False
    if len(st.candidates) < MAX_CANDIDATES:
        st.candidates.append(row)
    return True


def _finish(st: _Column, view: View) -> Findings:
    """The failed rows whose column the rows around them show, as failing tests."""
    rows_at: dict[int, _Row] = {}  # every row near a candidate, by line: each read once
    for candidate in st.candidates:
        column = _column_of(candidate, view, rows_at)
        if _shown(column, view):
            st.found.seen = True
            st.found.test(candidate.no, candidate.name, message=candidate.aside or None)
    if st.found.tests:
        with_reports(st.found, view.lines)
    return st.found


def _column_of(candidate: _Row, view: View, rows_at: dict[int, _Row]) -> list[_Row]:
    """The rows within ROWS_WITHIN lines of the candidate whose status starts at its column."""
    column = []
    for line in view.within(candidate.no - ROWS_WITHIN, candidate.no + ROWS_WITHIN):
        if line.no not in rows_at:
            row = _row(line.no, line.text)
            if row is None:
                continue
            rows_at[line.no] = row
        if rows_at[line.no].column == candidate.column:
            column.append(rows_at[line.no])
    return column


def _shown(column: list[_Row], view: View) -> bool:
    """The rows are a column: a passing row among three or more whose names of different lengths the padding
    aligned, or a test run's count of failures below them."""
    if len(column) < 2:
        return False
    if len(column) >= 3 and any(not row.failed for row in column) and len({row.name_end for row in column}) > 1:
        return True
    last = column[-1].no
    for line in view.within(last + 1, last + SUMMARY_WITHIN):
        reading = read_summary(line.text.strip(), view.text(line.no - 1))
        if reading is not None and reading.category is Category.TEST:
            return reading.failed > 0
    return False


_RULES = LineRules[_Column](
    Rule(_ROW, _candidate, has=("FAIL", "ERROR", "fail")),
)

PARSER = Parser(
    tool="test-harness",
    category=Category.TEST,
    parse=scan_with(_RULES, lambda _view: _Column(), _finish),
    restates=True,
)
