"""Cap text before redacting it, without ever cutting a secret in two.

Redacting megabytes costs time; a tool result shows the model only its head and tail. So the
text is cut to the kept head and tail (plus a margin) first, and only those are redacted. A cut
lands on whitespace, where no token secret continues; a tail that starts inside a PEM private
key (its END marker without its BEGIN) starts after the key instead, because base64 body lines
without their BEGIN marker are not recognisable as a key.
"""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.redact import Redactor

TOKEN_MAX = 4_096  # longer than any secret a rule knows (a PEM key spans lines: its lines are short)
MARGIN = 2_048  # characters kept beyond each cut, so the final cap lands inside redacted text
_WHITESPACE = Regex(r"\s")
_PEM_END = Regex(r"-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_PEM_BEGIN = "-----BEGIN "


def elision(count: int) -> str:
    return f"\n[... {count} characters elided ...]\n"


def cap(text: str, limit: int, head_share: float = 0.25) -> tuple[str, bool]:
    """Keep the head and the tail: CI output has its cause near the end, its context near the start."""
    if len(text) <= limit:
        return text, False
    head = int(limit * head_share)
    tail = limit - head
    return f"{text[:head]}{elision(len(text) - head - tail)}{text[-tail:]}", True


def _head(text: str, n: int) -> str:
    """At most `n` characters from the start, ending just before whitespace (when a token crosses
    the cut; one longer than TOKEN_MAX characters is no secret and is cut where it is)."""
    piece = text[:n]
    cut = max(piece.rfind(" ", n - TOKEN_MAX), piece.rfind("\n", n - TOKEN_MAX), piece.rfind("\t", n - TOKEN_MAX))
    return piece[:cut] if cut > 0 else piece


def _tail(text: str, n: int) -> str:
    """At most `n` characters from the end, starting at whitespace and never inside a PEM key."""
    piece = text[-n:]
    m = _WHITESPACE.search(piece, 0, TOKEN_MAX)
    piece = piece[m.start() :] if m else piece
    end = _PEM_END.search(piece)
    if end is not None and _PEM_BEGIN not in piece[: end.start()]:
        piece = piece[end.end() :]  # the key's body is cut from its BEGIN: drop it with its END
    return piece


def redact_capped(text: str, redactor: Redactor, limit: int, head_share: float = 0.25) -> tuple[str, bool]:
    """`text` redacted and capped to `limit` characters (head and tail), redacting only what is kept."""
    if len(text) <= limit + 2 * MARGIN:
        return cap(redactor.redact(text), limit, head_share)
    head_n = int(limit * head_share)
    head = _head(text, head_n + MARGIN)
    tail = _tail(text, limit - head_n + MARGIN)
    elided = len(text) - len(head) - len(tail)
    kept = redactor.redact(head) + elision(elided) + redactor.redact(tail)
    capped, _ = cap(kept, limit + len(elision(elided)) + 8, head_share)
    return capped, True
