"""A package's native build that failed as pip installed it, read where pip's parser (parsers.deps) is left out: a pip
version or a wrapper no parser knows, the samples proxy's mode.

pip shows each build's output indented under its header; the compiler's errors there are the build's failure, not the
project's dependencies'. Whose code failed is what pip says of the package it built (facts.pipsources, the reading pip's
parser makes too): the project's own package's errors are the project's build (file and line, as parsers.deps reads
them); a fetched one's are installed code (FETCHED_BUILD, whole, no file: remediate.triage's INSTALLED_CODE).

Each pattern is anchored at a line's start or matched after a substring test: linear.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import Findings
from remediate.facts.parsers.deps import (
    CYTHON_PLACES,
    INDENTED_CYTHON,
    INDENTED_DIAGNOSTIC,
    INDENTED_LINK_MISSING,
    PIP_BUILDING,
    PIP_PREPARING,
    fetched_build_error,
    own_build_error,
)
from remediate.facts.pipsources import PipSources

# A compiler's error or the linker's missing library in an installer's indented build output (parsers.deps reads the
# same lines when pip's parser runs).
_COMPILER_ERROR = Regex(INDENTED_DIAGNOSTIC)
_CYTHON_ERROR = Regex(INDENTED_CYTHON)
_LINK_MISSING = Regex(INDENTED_LINK_MISSING)
_BUILDING = Regex(PIP_BUILDING)
_PREPARING = Regex(PIP_PREPARING)
# How many of the build's error lines are kept (a build may fail on hundreds).
MAX_ERRORS = 20


def build_errors(found: Findings, lines: list[tuple[int, str]]) -> bool:
    """Records in `found` of the compiler's errors in the build output among `lines` (number, text): the own
    package's as the project's build, a fetched one's as installed code (the module's note). Whether pip's verdicts
    on those builds are then no dependency failure: an error was read, or every package pip built is the project's
    own (its build failed, however it says so). The caller reads this only where pip says a build failed: a build
    that failed only to be installed by setup.py (`Failed building wheel for`, then `Running setup.py install`) is no
    such failure."""
    owns, all_own = _ownership(lines)
    read = 0
    for no, text in lines:
        if read >= MAX_ERRORS:
            break
        read += _read_error(found, no, text, owns(no))
    return read > 0 or all_own


def _read_error(found: Findings, no: int, text: str, own: bool) -> int:
    """A record of the line when it is a compiler's error (the own package's: file and line) or ld's missing library
    (a fetched package's only, as parsers.deps reads them); how many (0 or 1). The words are looked for first, so
    most lines of a long build's output cost one substring search."""
    m = _COMPILER_ERROR.search(text) if "error: " in text else None
    if m is None and any(place in text for place in CYTHON_PLACES):
        m = _CYTHON_ERROR.search(text)
    if m is not None:
        if own:
            own_build_error(found, no, m)
        else:
            fetched_build_error(found, no, text)
        return 1
    if not own and "cannot find -l" in text and _LINK_MISSING.search(text) is not None:
        fetched_build_error(found, no, text)
        return 1
    return 0


def _ownership(lines: list[tuple[int, str]]) -> tuple[Callable[[int], bool], bool]:
    """Whether a line is in the build output of the project's own package, and whether every package pip built is
    its own (facts.pipsources)."""
    sources = PipSources()
    starts: list[int] = []  # the lines where pip names the package it builds next
    own: list[bool] = []  # whether that package is the project's own
    for no, text in lines:
        sources.read(text)
        if ("Building wheel for " in text or "Running setup.py " in text) and (m := _BUILDING.match(text)):
            starts.append(no)
            own.append(sources.build(m["name"]))
        elif "metadata (" in text and _PREPARING.match(text) and (name := sources.prepare()) is not None:
            starts.append(no)  # a backend that builds to prepare the metadata (facts.pipsources)
            own.append(sources.built[name])

    def owns(no: int) -> bool:
        at = bisect_left(starts, no)  # the builds named before the line
        return at > 0 and own[at - 1]

    return owns, bool(sources.built) and all(sources.built.values())
