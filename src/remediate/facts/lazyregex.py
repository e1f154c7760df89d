"""Regular expressions compiled on their first use.

A facts module declares its patterns at module level, where they read best, but most logs reach
only a few of them: a redaction rule behind a literal that never occurs, a CI provider's step
shape on another provider's log, a tool's verdict on a log of another tool. Compiling them all at
import cost `remediate facts` tens of milliseconds on every start (bench/facts_start.py); a
`Regex` compiles when it is first asked to match. The methods mirror `re.Pattern`'s.

A pattern asked about every log but matching few (a tool's name among a command's words, the words of
a connection that failed) may also name `needles`: strings one of which every match holds. Until it is
compiled, `search`, `match` and `fullmatch` answer None without compiling for a text that holds none of
them; the first text that holds one compiles it. A log that never shows them pays a substring search
per question instead of the compile (a large pattern's costs ~1 ms); after GATED_CALLS such answers the
pattern is compiled anyway, so a long log's many questions meet the compiled pattern's own methods. A pattern of
many alternatives asked about every line (an installer's verdicts in its words, facts/installs.py) `screens` with its
needles instead: on every question, compiled or not, by one Aho-Corasick pass over the text (LiteralAutomaton), since
`re` tries each alternative at each character (~1.5 us a character for fifty) and the pass costs a hundredth of that.
tests/facts/test_lazyregex.py proves each pattern's needles from its parse: every match holds one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, AnyStr, Generic

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")
_GATED = frozenset({"match", "search", "fullmatch"})  # the methods whose answer without a needle is None
GATED_CALLS = 100  # gated answers after which the pattern is compiled anyway (see the module docstring)


class Regex:
    """A `re.Pattern[str]` compiled on first use (see the module docstring).

    A method's slot starts empty: the first lookup compiles the pattern and puts the compiled
    pattern's own bound methods in the slots, so from then on `pattern.search(text)` costs what
    it costs on a `re.Pattern` (the scorer, the classifier and the CI shapes call them per line)."""

    __slots__ = ("_compiled", "_gated_calls", "_screen", "flags", "needles", "source", *_METHODS)

    match: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[..., str]
    subn: Callable[..., tuple[str, int]]
    split: Callable[..., list[str | Any]]

    def __init__(self, source: str, flags: int = 0, *, needles: str = "", screens: bool = False) -> None:
        """`needles`: the strings one of which every match holds, separated by `|`; `screens`: they answer every
        question, compiled or not (see the module docstring)."""
        self.source = source
        self.flags = flags
        self.needles = tuple(needles.split("|")) if needles else ()
        self._screen = LiteralAutomaton(self.needles) if screens and self.needles else None
        self._gated_calls = 0
        self._compiled: re.Pattern[str] | None = None

    if not TYPE_CHECKING:  # hidden from mypy, which would otherwise accept any attribute name

        def __getattr__(self, name: str) -> Any:
            """Called only while a method's slot is empty, before the first use: compiling fills
            every slot. (Stubs made at construction cost seven closures per pattern, ~1,500 at
            import.)"""
            if name not in _METHODS:
                raise AttributeError(name)
            if self.needles and name in _GATED:
                gated = self._gated(name)
                setattr(self, name, gated)  # until compiling fills the slot with the compiled method
                return gated
            return getattr(self.compiled, name)

    def _gated(self, name: str) -> Callable[..., re.Match[str] | None]:
        """`name` answering None, uncompiled, for a text that holds none of the needles."""
        needles, screen = self.needles, self._screen
        if screen is not None:

            def screened(string: str, *args: Any, **kwargs: Any) -> re.Match[str] | None:
                if not screen.holds(string):
                    return None
                return getattr(self.compiled, name)(string, *args, **kwargs)  # type: ignore[no-any-return]

            return screened

        def gated(string: str, *args: Any, **kwargs: Any) -> re.Match[str] | None:
            if self._compiled is None and self._gated_calls < GATED_CALLS and not any(n in string for n in needles):
                self._gated_calls += 1
                return None
            return getattr(self.compiled, name)(string, *args, **kwargs)  # type: ignore[no-any-return]

        return gated

    def __repr__(self) -> str:
        return f"Regex({self.source!r}, {self.flags})"

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compiled = re.compile(self.source, self.flags)
            for name in _METHODS:
                if self._screen is None or name not in _GATED:  # a screening pattern's questions keep their screen
                    setattr(self, name, getattr(compiled, name))
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.source


class LiteralAutomaton(Generic[AnyStr]):
    """An Aho-Corasick automaton over literals, str or bytes (Rust's aho-corasick through ahocorasick-rs), built on its
    first search, not at import: one pass over a text finds every literal, where `re` tries each alternative of an
    alternation at each character and one `in` per literal reads the text once each. Every literal screen of the facts
    is one: the parsers' gates (parsers/base.py), the scorer's triggers (score.py), the scan's keywords (scan.py), a
    Regex's `screens`.

    A search answers (the literal's index, start, end) of each match: leftmost-longest with `longest` (what an
    alternation of the literals, longest first, finds), else standard (each match as it ends; with `overlapping`,
    every occurrence of every literal). ahocorasick-rs 1.0 has no search that stops at the first match (`holds`
    lists them all): the text a screen asks about is one line, or a view searched once.

    `dfa`: built as a DFA whatever the number of literals (ahocorasick-rs picks one only for a few): its build costs
    more (~0.3 ms for 150 literals), its search less (half a contiguous NFA's), for a search over megabytes."""

    __slots__ = ("_automaton", "dfa", "literals", "longest")

    def __init__(self, literals: Iterable[AnyStr], *, longest: bool = False, dfa: bool = False) -> None:
        self.literals: tuple[AnyStr, ...] = tuple(literals)
        self.longest = longest
        self.dfa = dfa
        self._automaton: Any = None  # ahocorasick-rs' AhoCorasick or BytesAhoCorasick

    def find(self, text: AnyStr, *, overlapping: bool = False) -> list[tuple[int, int, int]]:
        automaton = self._automaton if self._automaton is not None else self._build()
        try:
            return automaton.find_matches_as_indexes(text, overlapping=overlapping)  # type: ignore[no-any-return]
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form (no literal holds one): searched replaced
            if not isinstance(text, str):
                raise
            replaced = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            return automaton.find_matches_as_indexes(replaced, overlapping=overlapping)  # type: ignore[no-any-return]

    def holds(self, text: AnyStr) -> bool:
        """Whether one of the literals occurs in `text`."""
        return bool(self.find(text))

    def _build(self) -> Any:
        from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

        kind = MatchKind.LeftmostLongest if self.longest else MatchKind.Standard
        literals: Any = self.literals  # all str or all bytes (AnyStr): which, mypy cannot narrow from the tuple
        of_bytes = any(isinstance(literal, bytes) for literal in literals)
        implementation = Implementation.DFA if self.dfa else None
        self._automaton = (BytesAhoCorasick if of_bytes else AhoCorasick)(
            literals, matchkind=kind, implementation=implementation
        )
        return self._automaton
