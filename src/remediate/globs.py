"""Path globs with gitignore-like meaning: `*` stays within a segment, `**` spans segments,
and a pattern without `/` matches a basename at any depth."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    pat = pattern.strip("/")
    out: list[str] = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # A directory pattern ("tests" or "tests/") also covers everything below it.
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def matches(path: str, patterns: Iterable[str]) -> str | None:
    """The first pattern that matches the relative POSIX `path`, or None."""
    for pattern in patterns:
        if _compile(pattern).match(path):
            return pattern
    return None
