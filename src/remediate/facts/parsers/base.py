"""What every tool parser returns, and small helpers they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from remediate.facts.view import Line, View
from remediate.models import Category, ErrorRecord, FailingTest

MAX_MESSAGE = 500
MAX_RECORDS = 200  # per parser; a log with 5,000 lint errors does not need them all


@dataclass
class Findings:
    """One parser's result over the view."""

    tool: str
    errors: list[ErrorRecord] = field(default_factory=list)
    tests: list[FailingTest] = field(default_factory=list)
    # line number -> importance (0..10) for the excerpt: the lines that carry this tool's verdict.
    evidence: dict[int, float] = field(default_factory=dict)
    seen: bool = False  # the tool's output is in the log, failing or not
    category: Category | None = None  # overrides the parser's default when set (e.g. ruff format)
    summary_failures: int = 0  # failures the tool's own summary line reports (0 if none seen)
    test_lines: dict[str, int] = field(default_factory=dict)  # test id -> log line

    def mark(self, line: int, weight: float) -> None:
        if weight > self.evidence.get(line, 0.0):
            self.evidence[line] = weight

    def error(
        self,
        line: int,
        message: str,
        *,
        file: str | None = None,
        at: int | None = None,
        column: int | None = None,
        code: str | None = None,
        weight: float = 8.0,
        tool: str | None = None,
    ) -> None:
        self.seen = True
        self.mark(line, weight)
        if len(self.errors) >= MAX_RECORDS:
            return
        self.errors.append(
            ErrorRecord(
                tool=tool or self.tool,
                file=clean_path(file) if file else None,
                line=at,
                column=column,
                code=code,
                message=clip(message),
                log_line=line,
            )
        )

    def test(self, line: int, test_id: str, *, file: str | None = None, message: str | None = None) -> None:
        self.seen = True
        self.mark(line, 8.0)
        test_id = test_id.strip()
        for i, existing in enumerate(self.tests):
            if existing.id == test_id:
                if message and not existing.message:
                    self.tests[i] = existing.model_copy(update={"message": clip(message)})
                return
        if len(self.tests) >= MAX_RECORDS:
            return
        self.test_lines[test_id] = line
        self.tests.append(
            FailingTest(id=test_id, file=clean_path(file) if file else None, message=clip(message) if message else None)
        )


@dataclass(frozen=True)
class Parser:
    """A registered tool parser: its name, the failure category its errors imply, and the function."""

    tool: str
    category: Category
    parse: Callable[[View], Findings]


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def group_int(m: re.Match[str], n: int) -> int | None:
    """Group n as a number, or None when the pattern's optional part (a column, a line) is absent."""
    value = m.group(n)
    return int(value) if value else None


def clean_path(path: str) -> str:
    path = path.strip().strip("'\"")
    if path.startswith("file://"):
        path = path[7:]
    if path.startswith("./"):
        path = path[2:]
    return path


S = TypeVar("S")


@dataclass(frozen=True)
class Rule(Generic[S]):
    """One line shape a parser knows.

    The literal pre-tests keep most lines off the pattern: the line starts with one of
    `starts`, ends with one of `ends`, contains one of `has` (each given one must hold; none
    given: the rule sees every line). `when` is a test on the parser's state. `then` handles a
    match and returns False when the line is not its after all: the next rule then tries it.
    """

    pattern: re.Pattern[str]
    then: Callable[[S, int, re.Match[str]], bool | None]
    starts: str | tuple[str, ...] = ()
    ends: str | tuple[str, ...] = ()
    has: tuple[str, ...] = ()
    when: Callable[[S, int], bool] | None = None
    search: bool = False  # anywhere in the line (default: at its start)
    stripped: bool = False  # on the line without its surrounding whitespace

    @property
    def literal(self) -> bool:
        return bool(self.starts or self.ends or self.has)


class LineRules(Generic[S]):
    """A parser's rules, tried in order on each line until one takes it.

    Every rule's literals together form a gate (one `startswith`, one `endswith` and one search of
    a literal-only alternation) that rejects most lines at once; only the rules without literals
    then still see them.
    """

    def __init__(self, *rules: Rule[S]) -> None:
        self.rules = rules
        self.unguarded = tuple(r for r in rules if not r.literal)
        guarded = [r for r in rules if r.literal]
        # A rule passes the gate through one of its literal kinds (all of them must hold anyway):
        # its prefix, else its needles, else its suffix (usually the least selective).
        self._starts = tuple(p for r in guarded if r.starts for p in _tuple(r.starts))
        has = sorted({h for r in guarded if not r.starts for h in r.has}, key=len, reverse=True)
        self._ends = tuple(e for r in guarded if not r.starts and not r.has for e in _tuple(r.ends))
        self._has = re.compile("|".join(re.escape(h) for h in has)) if has else None
        # Rows of plain tuples with the bound match method: the loop below runs for every line.
        self._rows = tuple(_row(r) for r in rules)
        self._unguarded_rows = tuple(_row(r) for r in self.unguarded)

    def gate(self, text: str) -> bool:
        """Whether any rule with literals may take the line."""
        return (
            (bool(self._starts) and text.startswith(self._starts))
            or (bool(self._ends) and text.endswith(self._ends))
            or (self._has is not None and self._has.search(text) is not None)
        )

    def run(self, st: S, lines: Iterable[Line]) -> None:
        """Every non-empty line through the rules: the usual parse loop.

        The gate is written out here rather than called: this loop runs for every line of every
        log, once per parser, and a call per line is most of its cost.
        """
        starts, ends = self._starts, self._ends
        has = self._has.search if self._has is not None else None
        rows, unguarded = self._rows, self._unguarded_rows
        for line in lines:
            text = line.text
            if not text:
                continue
            if (starts and text.startswith(starts)) or (ends and text.endswith(ends)) or (has and has(text)):
                _first(rows, st, line.no, text)
            elif unguarded:
                _first(unguarded, st, line.no, text)

    def apply(self, st: S, no: int, text: str) -> bool:
        """One line through the rules (for parsers with steps of their own between lines): True
        when a rule took it."""
        return _first(self._rows if self.gate(text) else self._unguarded_rows, st, no, text)


_Row = tuple[
    str | tuple[str, ...],
    str | tuple[str, ...],
    Callable[[str], re.Match[str] | None] | None,
    Callable[[S, int], bool] | None,
    bool,
    Callable[[str], re.Match[str] | None],
    Callable[[S, int, re.Match[str]], bool | None],
]


def _row(rule: Rule[S]) -> _Row[S]:
    """The rule as a plain tuple with bound search methods (its `has` needles as one regex)."""
    has = re.compile("|".join(re.escape(h) for h in rule.has)).search if rule.has else None
    find = rule.pattern.search if rule.search else rule.pattern.match
    return (rule.starts, rule.ends, has, rule.when, rule.stripped, find, rule.then)


def _first(rows: tuple[_Row[S], ...], st: S, no: int, text: str) -> bool:
    """The first rule that takes the line, in order: True if one did."""
    for starts, ends, has, when, stripped, find, then in rows:
        if starts and not text.startswith(starts):
            continue
        if ends and not text.endswith(ends):
            continue
        if has is not None and has(text) is None:
            continue
        if when is not None and not when(st, no):
            continue
        m = find(text.strip() if stripped else text)
        if m is not None and then(st, no, m) is not False:
            return True
    return False


def _tuple(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


class HasFindings(Protocol):
    found: Findings


def verdict(weight: float) -> Callable[[HasFindings, int, re.Match[str]], None]:
    """A handler for a line that shows the tool ran (and what it concluded): evidence only."""

    def handle(st: HasFindings, no: int, _m: re.Match[str]) -> None:
        st.found.seen = True
        st.found.mark(no, weight)

    return handle


def evidence(weight: float) -> Callable[[HasFindings, int, re.Match[str]], None]:
    """A handler for a line worth showing in the excerpt that says nothing by itself."""

    def handle(st: HasFindings, no: int, _m: re.Match[str]) -> None:
        st.found.mark(no, weight)

    return handle


def taken(_st: object, _no: int, _m: re.Match[str]) -> None:
    """A handler that only stops the later rules from seeing the line."""
