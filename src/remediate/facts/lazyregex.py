"""Regular expressions compiled on their first use.

A facts module declares its patterns at module level, where they read best, but most logs reach
only a few of them: a redaction rule behind a literal that never occurs, a CI provider's step
shape on another provider's log, a tool's verdict on a log of another tool. Compiling them all at
import cost `remediate facts` tens of milliseconds on every start (bench/facts_start.py); a
`Regex` compiles when it is first asked to match. The methods mirror `re.Pattern`'s.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

_END = sys.maxsize  # re's own default end position


class Regex:
    """A `re.Pattern[str]` compiled on first use (see the module docstring). The methods read the
    compiled pattern without a property call: the scorer and the CI shapes call them per line."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"Regex({self.source!r}, {self.flags})"

    @property
    def compiled(self) -> re.Pattern[str]:
        return self._compiled or self._compile()

    def _compile(self) -> re.Pattern[str]:
        self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.source

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return (self._compiled or self._compile()).match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return (self._compiled or self._compile()).search(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return (self._compiled or self._compile()).fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        return (self._compiled or self._compile()).finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        return (self._compiled or self._compile()).findall(text, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return (self._compiled or self._compile()).sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return (self._compiled or self._compile()).split(text, maxsplit)
