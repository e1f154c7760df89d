"""lazyregex.Regex's needles: a pattern that names them answers None uncompiled for a text holding none,
and every pattern's needles are proved from its parse (each match holds one of them)."""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
from typing import Any

import pytest

from remediate.facts import lazyregex
from remediate.facts.lazyregex import LiteralAutomaton, Regex
from tests.facts.samples import DATA

# The parse of a pattern and its opcodes (the modules `re` compiles with), read by the proof below only.
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


_MANY = 4096  # strings a run of finite parts may spell before the proof takes it in parts


def _spelt(op: Any, av: Any) -> set[str] | None:
    """The strings a part can match when they are few and fixed (a literal, a small class of literals,
    a group or an alternation of such: the parse factors `refused|reset` into `re` and `fused|set`)."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN and all(o is sre.LITERAL for o, _ in av):
        return {chr(a) for _, a in av}
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _spelt_all(av[3])
    if op is sre.BRANCH:
        branches = [_spelt_all(branch) for branch in av[1]]
        return None if any(b is None for b in branches) else set().union(*branches)  # type: ignore[arg-type]
    return None


def _spelt_all(items: Any) -> set[str] | None:
    spelt = {""}
    for op, av in items:
        part = _spelt(op, av)
        if part is None or len(spelt) * len(part) > _MANY:
            return None
        spelt = {a + b for a in spelt for b in part}
    return spelt


def _holds(items: Any, needles: tuple[str, ...]) -> bool:
    """Whether every match of the parsed sequence `items` holds one of `needles`: one of its members
    does. A run of fixed parts holds a needle when each string it can spell contains one; a group, or a
    repeat of at least once, what its body holds; an alternation, what each of its branches holds.
    Anything else (a class, an optional part, a lookaround, a case-insensitive group) holds none."""

    def spells_one(run: set[str]) -> bool:
        return run != {""} and all(any(n in s for n in needles) for s in run)

    run = {""}
    for op, av in items:
        part = _spelt(op, av)
        if part is not None and len(run) * len(part) <= _MANY:
            run = {a + b for a in run for b in part}
            continue
        if spells_one(run):
            return True
        run = part if part is not None else {""}
        if op is sre.SUBPATTERN:
            held = not av[1] & re.IGNORECASE and _holds(av[3], needles)
        elif op is sre.ATOMIC_GROUP:
            held = _holds(av, needles)
        elif op in _REPEATS:
            held = av[0] >= 1 and _holds(av[2], needles)
        elif op is sre.BRANCH:
            held = all(_holds(branch, needles) for branch in av[1])
        else:
            held = False
        if held:
            return True
    return spells_one(run)


def proves(pattern: Regex) -> bool:
    """Every match of the pattern holds one of its needles."""
    parsed = sre_parse.parse(pattern.source, pattern.flags)
    if parsed.state.flags & re.IGNORECASE or not pattern.needles:  # with `(?i)` written in the pattern
        return False
    return _holds(parsed, pattern.needles)


def test_the_proof_accepts_needles_every_match_holds_and_refuses_others() -> None:
    assert proves(Regex(r"\b(?:ruff|flake8)\s+check\b", needles="check"))
    assert proves(Regex(r"\b(?:ruff|flake8)\s+check\b", needles="ruff|flake8"))
    assert proves(Regex(r"(?:x|y)?Connection (?:refused|reset)", needles="refused|reset"))
    assert not proves(Regex(r"\bruff\b|\bflake8\b", needles="ruff"))  # flake8 alone matches
    assert not proves(Regex(r"(?:ruff)?\s+check", needles="ruff"))  # optional
    assert not proves(Regex(r"\w+ failed", needles="error"))
    assert not proves(Regex(r"ERROR", re.IGNORECASE, needles="ERROR"))  # `error` matches too
    assert not proves(Regex(r"(?i:ERROR)", needles="ERROR"))
    assert not proves(Regex(r"(?i)ERROR", needles="ERROR"))


def _needled() -> list[Regex]:
    import remediate.facts

    for module in pkgutil.walk_packages(remediate.facts.__path__, "remediate.facts."):
        importlib.import_module(module.name)  # every facts module loaded, with its patterns
    return [o for o in gc.get_objects() if isinstance(o, Regex) and o.needles]


def test_every_pattern_s_needles_are_in_each_of_its_matches() -> None:
    needled = _needled()
    assert len(needled) >= 5
    # A pattern listed here gained an alternative none of its needles is in: give the pattern a needle that
    # alternative always spells (else a text holding only it would be answered None, uncompiled).
    unproved = [p.source[:80] for p in needled if not proves(p)]
    assert unproved == []


def test_a_text_without_a_needle_compiles_nothing_and_matches_nothing() -> None:
    # An invalid pattern: compiling it raises, so the call that compiles it shows.
    pattern = Regex("(", needles="BOOM")
    assert pattern.search("all fine") is None
    assert pattern.match("boom, lower case") is None
    assert pattern.fullmatch("") is None
    with pytest.raises(re.error):
        pattern.search("BOOM here")


def test_a_needle_lets_the_pattern_answer_and_a_near_miss_still_does_not_match() -> None:
    pattern = Regex(r"\bruff\s+check\b", needles="ruff")
    search = pattern.search  # bound before the first compile, as a loop binds it
    assert search("ruffle check") is None  # holds the needle, yet no match: the compiled pattern says so
    assert pattern.compiled is not None
    m = search("uv run ruff check src")
    assert m is not None and m.group(0) == "ruff check"
    assert pattern.search("then ruff  check") is not None  # the compiled method itself now


def test_many_questions_without_a_needle_compile_the_pattern_after_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazyregex, "GATED_CALLS", 3)
    pattern = Regex(r"\bruff\b", needles="ruff")
    for _ in range(3):
        assert pattern.search("nothing here") is None
    assert pattern._compiled is None
    assert pattern.search("nothing here") is None
    assert pattern._compiled is not None


def test_a_screening_pattern_keeps_its_screen_once_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern that `screens` asks its needles on every question, however many and after compiling (needles
    made narrower than the pattern here, so that the screen's answer shows: `x` alone matches the pattern)."""
    monkeypatch.setattr(lazyregex, "GATED_CALLS", 3)
    pattern = Regex(r"x|BOOM", needles="BOOM", screens=True)
    for _ in range(5):
        assert pattern.search("x marks the spot") is None
    assert pattern.compiled is not None
    assert pattern.search("x marks the spot") is None and pattern.match("x") is None
    assert pattern.finditer == pattern.compiled.finditer  # the other methods are the compiled pattern's own
    m = pattern.search("x then BOOM")
    assert m is not None and m.group(0) == "x"  # a text holding a needle meets the pattern whole
    # a lone surrogate (a byte the log's decoding kept) has no UTF-8 form for the automaton: the needles are still read
    found = pattern.search("\udcff BOOM")
    assert found is not None and found.group(0) == "BOOM"
    assert pattern.search("\udcff x") is None


def test_a_literal_automaton_is_built_on_its_first_search_and_finds_what_substring_searches_find() -> None:
    """One helper for every literal screen (gates, triggers, the scan's keywords, a pattern's screen): nothing built at
    import; str or bytes; standard matches (overlapping ones on request) or leftmost-longest; on real output."""
    text = (DATA / "curl7881_progress_meter.txt").read_text()
    literals = ("Received", "Rec", "eived", "Xferd", "no such literal")
    automaton = LiteralAutomaton(literals)
    assert automaton._automaton is None  # built by the first search, not at import
    every = {literals[k] for k, _start, _end in automaton.find(text, overlapping=True)}
    assert every == {literal for literal in literals if literal in text} == {"Received", "Rec", "eived", "Xferd"}
    assert automaton.holds(text) and not automaton.holds("nothing here")
    longest = LiteralAutomaton(literals, longest=True).find(text)
    assert {literals[k] for k, _start, _end in longest} == {"Received", "Xferd"}  # "Rec" and "eived" lie inside
    assert all(text[start:end] == literals[k] for k, start, end in longest)
    raw = text.encode()
    in_bytes = LiteralAutomaton([literal.encode() for literal in literals]).find(raw, overlapping=True)
    assert {literals[k] for k, _start, _end in in_bytes} == every
    assert LiteralAutomaton(literals).holds("\udcff Xferd") and not LiteralAutomaton(literals).holds("\udcff")
