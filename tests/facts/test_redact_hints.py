"""redact._hints_in: the hints a text holds, found in one automaton pass, are those one `in` per hint finds."""

from __future__ import annotations

from pathlib import Path

from remediate.facts.redact import _EXACT_HINTS, _FOLDED_HINTS, _hints_in, fold_case

DATA = Path(__file__).parent / "data"


def by_definition(text: str) -> set[str]:
    low = fold_case(text)
    return {h for h in _EXACT_HINTS.literals if h in text} | {h for h in _FOLDED_HINTS.literals if h in low}


def test_every_hint_is_found_alone_among_others_and_overlapping() -> None:
    hints = [*_EXACT_HINTS.literals, *_FOLDED_HINTS.literals]
    assert all(hints) and len(hints) > 40
    for hint in hints:
        assert hint in _hints_in(f"x {hint} y") == by_definition(f"x {hint} y")
        assert _hints_in(hint.upper()) == by_definition(hint.upper())  # the folded ones on the lower-cased text
    joined = "".join(hints)  # each hint's end runs into the next's start: overlapping occurrences
    assert _hints_in(joined) == by_definition(joined) >= set(_EXACT_HINTS.literals)
    # A lone surrogate (undecodable bytes read with surrogateescape) and a character whose lower case is longer.
    odd = "\udcff--password-stdin\udcfe İ TOKEN=" + "\udc80".join(hints)
    assert _hints_in(odd) == by_definition(odd)


def test_real_logs_hold_the_same_hints() -> None:
    # Stored tool output made here (tests/facts/data), whole and line by line, as the redactor asks of a view's
    # pieces and of single values.
    paths = sorted(p for p in DATA.glob("*.txt") if p.stat().st_size < 200_000)[::7]
    assert len(paths) > 100
    for path in paths:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        assert _hints_in(text) == by_definition(text), path.name
        for line in text.splitlines()[:200]:
            assert _hints_in(line) == by_definition(line), (path.name, line)
