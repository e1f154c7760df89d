"""What every tool parser returns, and small helpers they share."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, Protocol, TypeVar, dataclass_transform

from remediate.facts.lazyregex import LiteralAutomaton
from remediate.facts.lazyregex import Regex as Regex  # parsers declare theirs through this module
from remediate.facts.reader import clean_line
from remediate.facts.view import Line, View
from remediate.models import Category, ErrorRecord, FailingTest, Severity

MAX_MESSAGE = 500
MAX_RECORDS = 200  # per parser; a log with 5,000 lint errors does not need them all

# A tool's own word for a record's level, lower-cased (`warning:`, `[WARN]`, ESLint's `⚠`, hadolint's `style`,
# HLint's `Suggestion`, docutils' `INFO`); a word not here (`error`, `fatal`, `ERROR`, `SEVERE`, `✖`) is an error.
_LEVELS = {
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "\u26a0": Severity.WARNING,
    "note": Severity.NOTE,
    "info": Severity.NOTE,
    "information": Severity.NOTE,
    "notice": Severity.NOTE,
    "style": Severity.NOTE,
    "hint": Severity.NOTE,
    "suggestion": Severity.NOTE,
    "info warning": Severity.NOTE,  # JSLint's wording of an informational row
}


def level_of(word: str | None) -> Severity:
    """The severity a tool's level word gives its record; no word, an error (ErrorRecord.severity)."""
    return _LEVELS.get(word.strip().strip("[]:").lower(), Severity.ERROR) if word else Severity.ERROR


class Carried(NamedTuple):
    """Another tool's output that one line of the log carries whole (a TeamCity error message's details, escaped on
    the message's line): the registry's parsers read its lines as if printed plainly (parsers.read_carried)."""

    line: int  # the carrying line: where what the parsers find in the output stands in the log
    texts: tuple[str, ...]  # the output's lines, as the carrying parser unescaped them

    def view(self) -> View:
        """The output's lines as the parsers and the summaries read them: a view of its own, numbered from 1."""

        return View.of(clean_line(text.encode("utf-8", "replace")) for text in self.texts)


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
    # line number -> the failures the tool's own closing summary on that line counts (0: its run passed there):
    # which lines are the tool's summary and what they count is what only its parser knows; the facts'
    # summaries (facts/summaries.py) read every other runner's and linter's generically.
    summaries: dict[int, int] = field(default_factory=dict)
    test_lines: dict[str, int] = field(default_factory=dict)  # test id -> log line
    # line -> where in the repository the file of the record or test printed there may be, in order, when the
    # tool printed less than its path (a Go test file's base name, below its package's import path; a Rust
    # unit test's module path): tried against the source tree only (--source), never shown as a path.
    places: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Other tools' outputs the parser found carried in its lines: each is read by the parsers of those tools, whose
    # findings are their own (their parser's category and concern), not this parser's.
    carried: list[Carried] = field(default_factory=list)

    def mark(self, line: int, weight: float) -> None:
        if weight > self.evidence.get(line, 0.0):
            self.evidence[line] = weight

    def summary(self, line: int, failed: int) -> None:
        """The tool's own closing summary is on `line` and counts `failed` failures (0: it passed)."""
        self.summaries[line] = max(self.summaries.get(line, 0), failed)

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
        category: Category = Category.UNKNOWN,  # known to a parser of several kinds of check (pre-commit's hooks)
        votes: bool = True,  # False: a report that may not be the job's failure (see ErrorRecord.votes)
        severity: Severity = Severity.ERROR,  # the tool's own level (ErrorRecord.severity)
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
                category=category,
                votes=votes,
                severity=severity,
            )
        )

    def test(self, line: int, test_id: str, *, file: str | None = None, message: str | None = None) -> None:
        self.seen = True
        self.mark(line, 8.0)
        test_id = test_id.strip()
        for i, existing in enumerate(self.tests):
            if existing.id == test_id:  # a later mention (a summary) may add what the first lacked
                update: dict[str, str] = {}
                if message and not existing.message:
                    update["message"] = clip(message)
                if file and not existing.file:
                    update["file"] = clean_path(file)
                if update:
                    self.tests[i] = existing.model_copy(update=update)
                return
        if len(self.tests) >= MAX_RECORDS:
            return
        self.test_lines[test_id] = line
        self.tests.append(
            FailingTest(id=test_id, file=clean_path(file) if file else None, message=clip(message) if message else None)
        )


T = TypeVar("T")


@dataclass_transform(field_specifiers=(field,))
def state(cls: type[T]) -> type[T]:
    """A parser's mutable state: a dataclass without the `__repr__` and `__eq__` nobody calls on
    one. Each method a dataclass generates is compiled from source when its module is imported
    (~0.4 ms a class): the parser modules a log needs are imported while it is read. Nor does a
    class without a docstring get one: dataclass would write it from `inspect.signature` (~0.05 ms
    a class, a third of what dataclass costs it), for nobody to read."""
    if cls.__doc__ is None:
        cls.__doc__ = f"{cls.__name__}: a parser's state."
    return dataclass(repr=False, eq=False)(cls)


class Parser(NamedTuple):
    """A registered tool parser: its name, the failure category its errors imply, and the function."""

    tool: str
    category: Category
    parse: Callable[[View], Findings]
    # Its failures are ones no specialist fixes (a link checker, a size budget, a docs site's build, a publish):
    # its records of no category say so (ErrorRecord.no_specialist), which is evidence of its own, unlike a
    # program's exception whose meaning is its caller's.
    no_specialist: bool = False
    # It reads a report file a job prints beside its tool's own output (JUnit XML, SARIF), or a shape many tools share
    # (statuscolumn's padded rows): a second account of the same run, read only where no other parser of its category
    # read the run (restated_dropped).
    restates: bool = False


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_path(path: str) -> str:
    """A path as a record keeps it: `/`-separated (tools on Windows print `src\\lib.rs`, the
    repository's file is `src/lib.rs`), without quotes, `file://` or a leading `./`."""
    path = path.strip().strip("'\"")
    if "\\" in path:
        path = path.replace("\\", "/")
    if path.startswith("file://"):
        path = path[7:]
        if path[2:3] == ":":  # file:///D:/a/...
            path = path[1:]
    if path.startswith("./"):
        path = path[2:]
    return path


# A JSON string as a tool prints it in its JSON output (hadolint's `-f json`, pylint's JSON report, node-sass's error
# object): its quotes and what is between, escapes included; json.loads reads the matched text.
JSON_STRING = r'"(?:[^"\\]|\\.)*"'


# A message that opens with an exception's kind, as a test runner places it (pytest's doctest of a README:
# `README.md:7: DocTestFailure`, `UnexpectedException`; a traceback's `tests/a.py:12: AssertionError`): a program
# raised it, no checker found it.
RAISED = Regex(r"^[A-Z][A-Za-z]{0,60}(?:Error|Exception|Failure)\b")


S = TypeVar("S")
Handler = Callable[[S, int, re.Match[str]], bool | None]


@dataclass(frozen=True)
class Rule(Generic[S]):
    """One line shape a parser knows.

    `pattern` is the regular expression (its source, or a shared `Regex`): it is compiled the first
    time a line passes the rule's other tests, so a rule whose literals never show up in a log costs
    nothing. The literal pre-tests keep most lines off the pattern: the line starts with one of
    `starts`, ends with one of `ends`, contains one of `has` (each given one must hold; none given:
    the rule sees every line). `when` is a test on the parser's state. `then` handles a match and
    returns False when the line is not its after all: the next rule then tries it.

    `continues=True`: the rule only carries on what another of its table's rules with literals
    began (its `when`, or its handler, holds only in a state such a rule set), so its literals need
    not open the table: a view holding none of the other rules' literals is not read at all (see
    `LineRules.literals`). Its literals still keep the lines it may take.
    """

    pattern: str | Regex
    then: Handler[S]
    starts: str | tuple[str, ...] = ()
    ends: str | tuple[str, ...] = ()
    has: tuple[str, ...] = ()
    when: Callable[[S, int], bool] | None = None
    search: bool = False  # anywhere in the line (default: at its start)
    stripped: bool = False  # on the line without its surrounding whitespace
    head: int = 0  # on the line's first `head` characters only (0: all of it)
    continues: bool = False

    @property
    def literal(self) -> bool:
        return bool(self.starts or self.ends or self.has)


class LineRules(Generic[S]):
    """A parser's rules, tried in order on each line until one takes it.

    Every rule's literals together form a gate (one `startswith`, one `endswith` and one search of
    a literal-only alternation) that rejects most lines at once; only the rules without literals
    then still see them. Before the lines, the gate's literals are looked for in the whole view
    (`Literals`): a table of a tool the log does not show skips the gate on every line.
    """

    def __init__(self, *rules: Rule[S], continued: bool = False) -> None:
        """`continued=True`: the rules without literals only carry on what a rule with literals began
        (their `when` holds only in a state such a rule set), so a view holding none of the table's
        literals is not read at all, and the registry need not import the module for it."""
        self.rules = rules
        self.continued = continued
        guarded = [r for r in rules if r.literal]
        self._starts, has, self._ends = _gate_literals(guarded)
        # One needle is a plain `in` (several times faster per line than a regular expression).
        self._needles = tuple(has)
        self._one = has[0] if len(has) == 1 else None
        self._has = _Needles(has) if len(has) > 1 else None
        # Rows of plain values with the bound match method: the loop below runs for every line.
        rows = [_row(r) for r in rules]
        self._rows = tuple(rows)
        self._unguarded_rows = tuple(row for r, row in zip(rules, rows, strict=True) if not r.literal)
        # What a line passing the gate puts in the view's text joined by newlines (see `Literals`),
        # and the part of it that opens the table: the literals of the rules that begin something.
        self._literals = _joined(self._starts, has, self._ends)
        self._opening = _joined(*_gate_literals([r for r in guarded if not r.continues]))
        register_literals(self._literals)

    @property
    def literals(self) -> tuple[str, ...] | None:
        """What one line passing the gate puts in the view's text joined by newlines (see
        `Literals`), or None when a rule without literals may act on its own (see `continued`):
        when the view's text holds none of these, the table finds nothing."""
        return None if self._unguarded_rows and not self.continued else self._opening

    def gate(self, text: str) -> bool:
        """Whether any rule with literals may take the line."""
        return (
            (bool(self._starts) and text.startswith(self._starts))
            or (bool(self._ends) and text.endswith(self._ends))
            or (self._one is not None and self._one in text)
            or (self._has is not None and self._has.search(text) is not None)
        )

    def run(self, st: S, view: View) -> bool:
        """Every non-empty line of the view through the rules: the usual parse loop. False when no
        line was read: the view holds none of the literals that open the table (see `literals`), and
        no rule without literals acts on its own.

        A table none of whose literals occurs anywhere in the view (most tables on most logs: each
        tool's words show only in its own output) leaves its guarded rules out for the whole view
        after one search per literal, so a log pays per line only for the tables of the tools it
        shows, not for every table registered. The gate is written out here rather than called:
        this loop runs for every line of every log, once per table, and a call per line is most of
        its cost.
        """
        rows, unguarded = self._rows, self._unguarded_rows
        literals = literals_of(view)
        if not literals.any_of(self._opening):
            if not unguarded or self.continued:
                return False
            for line in view.lines:
                if line.text:
                    _first(unguarded, st, line.no, line.text)
            return True
        # The gate keeps only the literals the view holds: one it does not hold passes no line.
        starts = tuple(p for p in self._starts if literals.any_of((f"\n{p}",)))
        ends = tuple(e for e in self._ends if literals.any_of((f"{e}\n",)))
        needles = tuple(n for n in self._needles if literals.any_of((n,)))
        gated = literals.lines_holding(starts, needles, ends)
        if gated is not None:
            _run_gated(rows, unguarded, st, view.lines, gated)
            return True
        one = needles[0] if len(needles) == 1 else None
        has = _needles(needles).compiled.search if len(needles) > 1 else None
        for line in view.lines:
            text = line.text
            if not text:
                continue
            if (
                (starts and text.startswith(starts))
                or (ends and text.endswith(ends))
                or (one is not None and one in text)
                or (has and has(text))
            ):
                _first(rows, st, line.no, text)
            elif unguarded:
                _first(unguarded, st, line.no, text)
        return True

    def apply(self, st: S, no: int, text: str) -> bool:
        """One line through the rules (for parsers with steps of their own between lines): True
        when a rule took it."""
        return _first(self._rows if self.gate(text) else self._unguarded_rows, st, no, text)


class Literals:
    """Which literals occur somewhere in a view: its lines' text joined by newlines, searched once
    per literal, each answer kept.

    A line starting with `p` puts `"\\n" + p` in the joined text, one ending with `e` puts
    `e + "\\n"`, one holding `h` puts `h`: when none of a table's is in the text, no line passes
    its gate. A literal found says only that some line may pass: each line still meets the gate.
    On a large view every table's literals are looked for at once, in one Aho-Corasick pass (one
    substring search per literal would read a 40,000-line view ~400 times), which also says where
    each occurs: the lines a table's gate passes are those (`lines_holding`), none tested apart."""

    __slots__ = ("_known", "_line_starts", "_places", "_text")

    def __init__(self, view: View) -> None:
        self._text = text = "\n" + "\n".join(line.text for line in view.lines) + "\n"
        self._known: dict[str, bool] = {}
        self._places: dict[str, list[int]] = {}
        self._line_starts: list[int] = []
        if len(text) >= ALL_AT_ONCE_CHARS and (places := _all_at_once(text)) is not None:
            self._places = places
            self._known = {literal: bool(found) for literal, found in places.items()}
            self._line_starts = list(itertools.accumulate((len(line.text) + 1 for line in view.lines), initial=1))

    def lines_holding(
        self, starts: tuple[str, ...], needles: tuple[str, ...], ends: tuple[str, ...]
    ) -> list[int] | None:
        """The indices in the view's lines, in order, of the lines a gate passes: those that start with one of
        `starts`, hold one of `needles` or end with one of `ends`; None where the one pass did not look for one of
        them as `Literals` does (a small view, a literal no table registered, an empty one, one with a line break)."""
        line_starts = self._line_starts
        lines: set[int] = set()
        # Each literal as the joined text holds it, and how far from where it starts its line's text is at or after.
        for literals, joined, shift in ((starts, "\n{}", 1), (needles, "{}", 0), (ends, "{}\n", 0)):
            for literal in literals:
                found = self._placed(joined.format(literal))
                if found is None or not literal or "\n" in literal:
                    return None
                lines.update(bisect.bisect_right(line_starts, at + shift) - 1 for at in found)
        return sorted(lines)

    def _placed(self, literal: str) -> list[int] | None:
        """Where the one pass found `literal`. One registered since (a table of a module imported after the view's
        literals were first asked of: the registry imports the modules whose gates the view opens) is looked for
        then, with every other registered since, in one pass more: else each table of those modules read every line
        through its gate, not only the lines holding its literals (on a 1 GiB log's view, a third of the tables)."""
        found = self._places.get(literal)
        if found is None and self._places and literal in _GATE_LITERALS:
            late = [known for known in _GATE_LITERALS if known and known not in self._places]
            places = _places(self._text, LiteralAutomaton(late))
            self._places.update(places)
            self._known.update((late_literal, bool(at)) for late_literal, at in places.items())
            found = places.get(literal)
        return found

    def any_of(self, literals: tuple[str, ...]) -> bool:
        known, text = self._known, self._text
        for literal in literals:
            found = known.get(literal)
            if found is None:
                found = known[literal] = literal in text
            if found:
                return True
        return False


# Below this, the substring searches a view needs cost less than building the automaton (~1.3 ms over
# ~1,050 literals, once per process) and its pass. Every module's gate is asked of every view, so a
# view asks a few hundred literals: over 8 K characters they cost ~7 ms, the pass ~0.1 ms (32 K: ~27
# vs ~0.7 ms). The threshold was 32 K: on LogChunks' dev logs 8 K saved 7% of extract_facts' CPU.
ALL_AT_ONCE_CHARS = 8_192
# Every table's gate literals (LineRules adds its own, the registry those of the modules it has not
# imported yet), for the one-pass search.
_GATE_LITERALS: dict[str, None] = {}


def register_literals(literals: Iterable[str]) -> None:
    """Literals a view will be asked about, looked for in the one pass over a large view."""
    _GATE_LITERALS.update(dict.fromkeys(literals))


def _all_at_once(text: str) -> dict[str, list[int]] | None:
    """Every registered gate literal -> where it starts in `text` (empty: nowhere), from one pass; None where `text`
    holds a lone surrogate (no UTF-8 form: the automaton would search it replaced, its places shifted)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return _places(text, _automaton(len(_GATE_LITERALS)))


def _places(text: str, automaton: LiteralAutomaton[str]) -> dict[str, list[int]]:
    """Each of the automaton's literals -> where it starts in `text` (every occurrence: what one literal's places are
    does not depend on the others searched with it)."""
    literals = automaton.literals
    places: list[list[int]] = [[] for _ in literals]
    for k, start, _end in automaton.find(text, overlapping=True):
        places[k].append(start)
    return dict(zip(literals, places, strict=True))


@functools.lru_cache(maxsize=1)
def _automaton(_registered: int) -> LiteralAutomaton[str]:
    """The automaton over the gate literals registered so far (rebuilt if a table is added later)."""
    return LiteralAutomaton(literal for literal in _GATE_LITERALS if literal)  # "" (in every text) is left to `in`


# The literals of the view being parsed: every table asks of the same view in turn. Kept while the
# view lives (a weak reference's callback drops it), and only for that very list of lines.
_current: list[tuple[weakref.ref[View], list[Line], int, Literals]] = []


def literals_of(view: View) -> Literals:
    """The `Literals` of this view, made on first use and shared by every table parsing it."""
    for ref, lines, count, literals in _current:
        if ref() is view and lines is view.lines and len(lines) == count:
            return literals
    literals = Literals(view)
    _current[:] = [(weakref.ref(view, lambda _ref: _current.clear()), view.lines, len(view.lines), literals)]
    return literals


@functools.lru_cache(maxsize=4096)
def _needles(needles: tuple[str, ...]) -> _Needles:
    """One alternation per set of needles, shared by every view whose gate narrows to it."""
    return _Needles(needles)


class _Needles(Regex):
    """Literal needles as one alternation (longest first, so a longer needle is never hidden)."""

    __slots__ = ()

    def __init__(self, needles: Iterable[str]) -> None:
        super().__init__("|".join(re.escape(n) for n in needles))


# A rule as a row: starts, ends, has, when, prepare, find, then. A list, so that the stubs below can
# put the compiled pattern's bound method in place the first time they run.
_Row = list[Any]
_HAS, _FIND = 2, 5


def _prepare(rule: Rule[S]) -> Callable[[str], str] | None:
    """What the pattern sees of the line, when not all of it."""
    head = rule.head
    if rule.stripped and head:
        return lambda text: text.strip()[:head]
    if head:
        return lambda text: text[:head]
    return str.strip if rule.stripped else None


def _row(rule: Rule[S]) -> _Row:
    row: _Row = [rule.starts, rule.ends, None, rule.when, _prepare(rule), None, rule.then]

    def find_first(text: str) -> re.Match[str] | None:
        pattern = rule.pattern.compiled if isinstance(rule.pattern, Regex) else re.compile(rule.pattern)
        row[_FIND] = pattern.search if rule.search else pattern.match
        return row[_FIND](text)  # type: ignore[no-any-return]

    def has_first(text: str) -> re.Match[str] | None:
        row[_HAS] = _Needles(rule.has).compiled.search
        return row[_HAS](text)  # type: ignore[no-any-return]

    row[_FIND] = find_first
    if len(rule.has) == 1:  # one needle: a plain `in`, nothing to compile
        needle = rule.has[0]
        row[_HAS] = lambda text: needle in text
    else:
        row[_HAS] = has_first if rule.has else None
    return row


def _run_gated(rows: tuple[_Row, ...], unguarded: tuple[_Row, ...], st: S, lines: list[Line], gated: list[int]) -> None:
    """The parse loop of `LineRules.run` where the view's one pass said which lines pass the gate (`gated`, their
    indices in order): those go through every rule, the others through the unguarded rules alone, if any."""
    if not unguarded:
        for i in gated:
            line = lines[i]
            _first(rows, st, line.no, line.text)
        return
    passing = set(gated)
    for i, line in enumerate(lines):
        if line.text:
            _first(rows if i in passing else unguarded, st, line.no, line.text)


def _first(rows: tuple[_Row, ...], st: S, no: int, text: str) -> bool:
    """The first rule that takes the line, in order: True if one did."""
    for starts, ends, has, when, prepare, find, then in rows:
        if starts and not text.startswith(starts):
            continue
        if ends and not text.endswith(ends):
            continue
        if has is not None and not has(text):
            continue
        if when is not None and not when(st, no):
            continue
        m = find(prepare(text) if prepare is not None else text)
        if m is not None and then(st, no, m) is not False:
            return True
    return False


def _gate_literals(guarded: list[Rule[S]]) -> tuple[tuple[str, ...], list[str], tuple[str, ...]]:
    """The prefixes, needles and suffixes of these rules' gate. A rule passes it through one of its
    literal kinds (all of them must hold anyway): its prefixes, else its needles, else its suffixes
    (usually the least selective)."""
    starts = tuple(dict.fromkeys(p for r in guarded if r.starts for p in _tuple(r.starts)))
    has = _fewest({h for r in guarded if not r.starts for h in r.has})
    ends = tuple(dict.fromkeys(e for r in guarded if not r.starts and not r.has for e in _tuple(r.ends)))
    return starts, has, ends


def _joined(starts: tuple[str, ...], has: list[str], ends: tuple[str, ...]) -> tuple[str, ...]:
    """What a line passing a gate of these literals puts in the view's text joined by newlines."""
    return (*(f"\n{p}" for p in starts), *has, *(f"{e}\n" for e in ends))


def _fewest(needles: set[str]) -> list[str]:
    """The needles the gate needs: one holding another is found through it. Longest first, so
    that the alternation never stops at a shorter one's prefix; equal lengths in text order (no kept
    needle holds another, so the order changes no match), so that the alternation's text is the same
    in every process rather than the set's."""
    kept = [n for n in needles if not any(other != n and other in n for other in needles)]
    return sorted(kept, key=lambda n: (-len(n), n))


def _tuple(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


class HasFindings(Protocol):
    found: Findings


@dataclass
class Found:
    """The state of a parser that keeps nothing between lines but its findings (its handlers may
    look at the lines that follow one in the view)."""

    found: Findings
    view: View


F = TypeVar("F", bound=HasFindings)


class Table(Generic[F]):
    """The parse function of a parser that is its rule table over a fresh state, and then
    `finish` (what the state says once every line was read: a tool's name, its category) if given.

    `start` makes the state and finds nothing itself: what the parser finds comes from its rules.
    So a table whose rules all have literals finds nothing in a view holding none of them (nor
    is it finished), and the registry need not even import its module for such a view (see
    `literals`, and gates.py).
    """

    __slots__ = ("finish", "rules", "start")

    def __init__(
        self, rules: LineRules[F], start: Callable[[View], F], finish: Callable[[F, View], Findings] | None = None
    ) -> None:
        self.rules = rules
        self.start = start
        self.finish = finish

    def __call__(self, view: View) -> Findings:
        st = self.start(view)
        if not self.rules.run(st, view):  # the one literal test: no line for its rules, nothing found
            return st.found  # nor anything to finish
        return st.found if self.finish is None else self.finish(st, view)

    @property
    def literals(self) -> tuple[str, ...] | None:
        """The literals one of which the view's joined text must hold for this parser to find
        anything; None: it may find something in any view."""
        return self.rules.literals


class Gated:
    """The parse function of a parser that is a loop of its own (blank lines mean something to it, which
    a rule table never sees), behind literals one of which every finding of it needs: a view holding none
    gets the empty findings of `tool` without the loop, and the registry need not import the module for
    it (gates.py reads `literals`, as of a `Table`)."""

    __slots__ = ("literals", "loop", "tool")

    def __init__(self, literals: tuple[str, ...], tool: str, loop: Callable[[View], Findings]) -> None:
        self.literals = literals  # as `Literals` looks for them: `"\n" + prefix`, a needle, `suffix + "\n"`
        self.tool = tool
        self.loop = loop
        register_literals(literals)

    def __call__(self, view: View) -> Findings:
        if not literals_of(view).any_of(self.literals):
            return Findings(tool=self.tool)
        return self.loop(view)


def scan_with(
    rules: LineRules[F], start: Callable[[View], F], finish: Callable[[F, View], Findings] | None = None
) -> Table[F]:
    """The parse function of a parser that is its rule table over a fresh state (see `Table`)."""
    return Table(rules, start, finish)


def plain(tool: str) -> Callable[[View], Found]:
    """The start of a parser whose state is its findings alone."""
    return lambda view: Found(Findings(tool=tool), view)
