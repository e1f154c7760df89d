"""The handlers most rules share: a diagnostic recorded from a pattern's named groups, the tool's
own failure count, evidence and verdict lines. Each takes (state, line number, match)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol

from remediate.facts.parsers.base import Findings, HasFindings, level_of

FindingsHandler = Callable[[HasFindings, int, re.Match[str]], None]


def _number(value: str | None) -> int | None:
    return int(value) if value else None


def _group(groups: dict[str, str | None], name: str) -> str | None:
    """A named group; `name2` is its second spelling in another branch of the pattern (Python's
    `re` forbids one name twice)."""
    value = groups.get(name)
    return value if value is not None else groups.get(name + "2")


def record(
    code: str | None = None,
    *,
    tool: str | None = None,
    weight: float = 8.0,
    message: str | None = None,
    levels: bool = True,
) -> FindingsHandler:
    """A handler for a diagnostic line: an error record from the pattern's named groups.

    `msg` is the message (or `message`, a format string over the groups), `file`, `line` and `col`
    say where, `code` names the rule (else the given `code`, also a format string), `tool` the tool
    (else the given one, else the parser's), `level` the tool's own level word (base.level_of: a warning's
    record says so, ErrorRecord.severity) unless `levels` is False: the parser knows the run made its
    warnings errors (Sphinx's -W).
    """

    def handle(st: HasFindings, no: int, m: re.Match[str]) -> None:
        g = m.groupdict()
        st.found.error(
            no,
            message.format_map(g) if message is not None else (_group(g, "msg") or ""),
            file=_group(g, "file"),
            at=_number(_group(g, "line")),
            column=_number(_group(g, "col")),
            code=_group(g, "code") or (code.format_map(g) if code else None),
            tool=g.get("tool") or tool,
            weight=weight,
            severity=level_of(g.get("level") if levels else None),
        )

    return handle


def failures_counted(found: Findings, no: int, count: int, weight: float) -> None:
    """The tool's own count of its failures, on line `no`: one rule for every parser's summary.

    The tool ran. The line is failure evidence only when the count is not 0: a passing run prints
    the same summary (`ℹ fail 0`, `3 specs, 0 failures`, `100% tests passed, 0 tests failed out of
    3`, `ERROR=0`, ruff's `Found 2 errors (2 fixed, 0 remaining).`), and a line that says nothing
    failed must seed no block. The largest count is kept: tools that print one count per suite
    (Ant's junit task, Karma per browser, cucumber per run) would otherwise let a later suite's 0
    erase an earlier suite's failures. A rerun that passed after a failing one keeps the first
    run's count as it keeps the first run's failing tests."""
    found.seen = True
    found.summary(no, count)
    if count:
        found.mark(no, weight)


def summary(weight: float) -> FindingsHandler:
    """A handler for the tool's own count of failures: the named groups `failed` and `errors`
    (absent or unmatched ones count 0), summed (see `failures_counted`)."""

    def handle(st: HasFindings, no: int, m: re.Match[str]) -> None:
        g = m.groupdict()
        failures_counted(st.found, no, sum(int(g[name] or 0) for name in ("failed", "errors") if name in g), weight)

    return handle


def verdict(weight: float) -> FindingsHandler:
    """A handler for a line that shows the tool ran (and what it concluded): evidence only."""

    def handle(st: HasFindings, no: int, _m: re.Match[str]) -> None:
        st.found.seen = True
        st.found.mark(no, weight)

    return handle


def evidence(weight: float) -> FindingsHandler:
    """A handler for a line worth showing in the excerpt that says nothing by itself."""

    def handle(st: HasFindings, no: int, _m: re.Match[str]) -> None:
        st.found.mark(no, weight)

    return handle


def seen(st: HasFindings, _no: int, _m: re.Match[str]) -> None:
    """A handler for a line that shows the tool ran, and nothing more."""
    st.found.seen = True


def after_tests(st: HasFindings, _no: int) -> bool:
    """A `when` for a count or verdict whose words other tools print too: it is this tool's only once
    this tool's failing tests were read."""
    return bool(st.found.tests)


def after_errors(st: HasFindings, _no: int) -> bool:
    """A `when` for a count or verdict that is this tool's only once its error records were read."""
    return bool(st.found.errors)


def taken(_st: object, _no: int, _m: re.Match[str]) -> None:
    """A handler that only stops the later rules from seeing the line."""


class UnderAHeading(HasFindings, Protocol):
    """The state of a report that names a file once, then lists its problems in indented rows
    below (ESLint's and stylelint's stylish format, yamllint's standard one)."""

    file: str | None


def heading(st: UnderAHeading, no: int, m: re.Match[str]) -> None:
    """A file heading: the rows that follow are its problems (the `file` group, else the line)."""
    st.file = m.groupdict().get("file") or m.string
    st.found.mark(no, 5.0)


def row(failing: Mapping[str, str | None]) -> Callable[[UnderAHeading, int, re.Match[str]], bool]:
    """A problem row under a heading (`line`, `col`, `level`, `msg`, `code` groups): a record of the
    heading's file when its level fails the run (`failing` maps such a level to the tool that prints
    it, or None for the parser's own), else a mark (a warning fails nothing). Not a row without a
    heading above it."""

    def handle(st: UnderAHeading, no: int, m: re.Match[str]) -> bool:
        if st.file is None:
            return False
        level = m["level"]
        if level in failing:
            at, column = int(m["line"]), int(m["col"])
            st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=m["code"], tool=failing[level])
        else:
            st.found.mark(no, 3.0)
        return True

    return handle
