"""A long line clipped to MAX_LINE_CHARS: its head, the clauses around the telling phrases in its middle
(the last ones first) and its tail, each cut marked.
"""

from __future__ import annotations

import re

from remediate.facts.lazyregex import Regex

MAX_LINE_CHARS = 400  # longer lines keep their head, what they say went wrong, and their tail


LINE_HEAD = 120  # a long line's head: who speaks and about what (`[ERROR] Failed to execute goal ...`)


LINE_TAIL = 80  # its end: the last cause of a chain, `-> [Help 1]`, a location


LINE_BEFORE = 30  # characters kept before a telling phrase in the middle (its clause's subject)


LINE_AFTER = 90  # characters kept from a telling phrase on: the phrase and what it names


MAX_PHRASES = 32  # telling phrases of one long line considered, the last ones


LINE_CUT = " […] "


# What a long line says went wrong, where a clip would otherwise fall: Maven chains its causes on
# one `[ERROR]` line ("... could not be resolved: The following artifacts could not be resolved:
# a:b:jar:1.0 ..."), a runner prints an exception inside a long message or a JSON payload.
# Every alternative is a literal of bounded length (no open-ended prefix such as `\w*Error`),
# so a search costs time linear in the line.
_TELLING = Regex(
    r"error|exception|fail|fatal|panic|\b(?:could|can|does|did) ?not\b|couldn't|can't|unable to|not found|"
    r"no such|missing|denied|refused|invalid|unresolved|undefined|expected|timed? ?out",
    re.IGNORECASE,
)


def render_line(text: str) -> str:
    """The line, or for a long one at most MAX_LINE_CHARS characters: its head, the clauses
    around the telling phrases in its middle and its tail, each cut marked; room no phrase needs
    goes to the head. Phrases are taken from the last back, since a chain of causes on one line
    (Maven's `[ERROR] Failed to execute goal ...: ... could not be resolved: a:b:jar:1.0, ...:
    Cannot access central ...`) ends with its most specific one: a blind head-and-tail cut drops
    exactly that middle."""
    if len(text) <= MAX_LINE_CHARS:
        return text
    tail_start = len(text) - LINE_TAIL
    room = MAX_LINE_CHARS - LINE_HEAD - LINE_TAIL - len(LINE_CUT)
    kept: list[tuple[int, int]] = []
    for match in reversed(list(_TELLING.finditer(text, LINE_HEAD, tail_start))[-MAX_PHRASES:]):
        start = max(LINE_HEAD, match.start() - LINE_BEFORE)
        space = text.find(" ", start, match.start())  # start at a word
        window = (space + 1 if space >= 0 else start, min(tail_start, match.start() + LINE_AFTER))
        trial = _merged([*kept, window], LINE_HEAD, tail_start)
        spent = _cost(trial)
        if spent > room:
            over = spent - room
            if window[1] - window[0] - over >= LINE_BEFORE + 20:  # what still fits says something
                kept = _merged([*kept, (window[0], window[1] - over)], LINE_HEAD, tail_start)
            break
        kept = trial
    pieces = [(0, LINE_HEAD + room - _cost(kept)), *kept]  # room no phrase took goes to the head
    while len(pieces) > 1 and pieces[0][1] + len(LINE_CUT) >= pieces[1][0]:  # the head reaches a window
        (_, head), (start, end) = pieces[0], pieces[1]
        spare = head + (end - start + len(LINE_CUT)) - max(head, end)
        pieces[:2] = [(0, max(head, end) + spare)]
    pieces.append((tail_start, len(text)))
    return LINE_CUT.join(text[a:b] for a, b in pieces)


def _merged(windows: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """Windows sorted and merged where they overlap or are closer than a cut mark."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(windows):
        if out and a <= out[-1][1] + len(LINE_CUT):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _cost(windows: list[tuple[int, int]]) -> int:
    """Characters the middle windows take, each with the cut mark before it."""
    return sum(b - a + len(LINE_CUT) for a, b in windows)
