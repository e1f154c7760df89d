"""Regular expressions compiled on their first use.

A facts module declares its patterns at module level, where they read best, but most logs reach
only a few of them: a redaction rule behind a literal that never occurs, a CI provider's step
shape on another provider's log, a tool's verdict on a log of another tool. Compiling them all at
import cost `remediate facts` tens of milliseconds on every start (bench/facts_start.py); a
`Regex` compiles when it is first asked to match. The methods mirror `re.Pattern`'s.

Compiling is itself Python code (re._parser, re._compiler): the ~140 patterns a small log reaches
were ~9% of its `remediate facts` instructions. What the compiler makes of a pattern, the code the
regex engine (_sre) runs, depends on nothing but the pattern, its flags and the Python that made it.
So `compile_pattern` first looks a pattern up in the codes kept in regex_codes.marshal (written by
`python -m remediate.facts.keptcodes`) and hands a kept code to the engine, as re's compiler
hands its own; any other pattern compiles as `re.compile` compiles it. The file names the Python
and engine that wrote it and is not read under any other. A pattern edited since the file was
written is a different key and compiles as before: the file can only go stale (save less), never
change what a pattern matches.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the regex engine; typeshed has no stub for it
import marshal
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "split")

CODES_FILE = Path(__file__).with_name("regex_codes.marshal")
Key = tuple[str | bytes, int]
# What re's compiler hands the engine: the flags with the pattern's own inline ones, the code as
# native 32-bit words, the group count, the group names' index and its inverse.
Code = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

_kept: dict[Key, Code] | None = None  # read on the first compile
# Every key compile_pattern was asked for in this process, from the modules' own patterns at import
# on (keptcodes writes their codes); a few hundred in a run, each one pattern already held.
reached: set[Key] = set()


def engine() -> tuple[object, ...]:
    """What a kept code is valid for: this Python (to the patch release), its engine's code format
    and the machine's word order."""
    return (sys.implementation.name, tuple(sys.version_info[:3]), _sre.MAGIC, _sre.CODESIZE, sys.byteorder)


def read_kept() -> dict[Key, Code]:
    """The kept codes, or none when the file is missing, unreadable or made by another Python."""
    try:
        made_by, codes = marshal.loads(CODES_FILE.read_bytes())  # noqa: S302  (the package's own file, as trusted as its .pyc)
    except (OSError, EOFError, ValueError, TypeError):  # no file, or not one keptcodes wrote
        return {}
    return codes if made_by == engine() else {}


@overload
def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def compile_pattern(source: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def compile_pattern(source: str | bytes, flags: int = 0) -> re.Pattern[Any]:
    """`re.compile(source, flags)`, from the kept code when there is one (module docstring)."""
    global _kept
    if _kept is None:
        _kept = read_kept()
    key = (source, int(flags))
    reached.add(key)
    code = _kept.get(key)
    if code is None:
        return re.compile(source, flags)
    compiled_flags, words, groups, groupindex, indexgroup = code
    words_list = memoryview(words).cast("I").tolist()
    return _sre.compile(source, compiled_flags, words_list, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


class Regex:
    """A `re.Pattern[str]` compiled on first use (see the module docstring).

    A method's slot starts empty: the first lookup compiles the pattern and puts the compiled
    pattern's own bound methods in the slots, so from then on `pattern.search(text)` costs what
    it costs on a `re.Pattern` (the scorer, the classifier and the CI shapes call them per line)."""

    __slots__ = ("_compiled", "flags", "source", *_METHODS)

    match: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[..., str]
    split: Callable[..., list[str | Any]]

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    if not TYPE_CHECKING:  # hidden from mypy, which would otherwise accept any attribute name

        def __getattr__(self, name: str) -> Any:
            """Called only while a method's slot is empty, before the first use: compiling fills
            every slot. (Stubs made at construction cost seven closures per pattern, ~1,500 at
            import.)"""
            if name not in _METHODS:
                raise AttributeError(name)
            return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"Regex({self.source!r}, {self.flags})"

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compiled = compile_pattern(self.source, self.flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.source
