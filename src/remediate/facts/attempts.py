"""Attempts a retry wrapper ran again: what they printed did not decide the job.

Travis CI's `travis_retry` (travis-build's bash function, the same words from 2013 on) runs a command up to
three times and, after each failed attempt but the last, says `The command "CMD" failed. Retrying, N of 3.`
before running it again. The attempt it retried is superseded: when the next attempt passes, its failure
(a package index that reset the connection, a registry that timed out) did not fail the job; when every
attempt fails, the last one prints the failure again after the last `Retrying` line. So what a retried
attempt printed is no evidence: the facts stage reads the log without it, and the rules read
the text without it (the excerpt still shows it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from remediate.facts.excerpt import HEADER
from remediate.facts.parsers.base import literals_of
from remediate.facts.verdicts import RETRYING_WORDS, announces_retry
from remediate.facts.view import Line, View

# Where an attempt starts: the shell's echo of the command (travis_cmd's `$ CMD`), an excerpt's section
# header, or the wrapper's line announcing the attempt before it.
_SECTION = HEADER.split("{", 1)[0]


def _starts_attempt(text: str) -> bool:
    return text.startswith(("$ ", _SECTION)) or RETRYING_WORDS in text


def superseded(lines: Sequence[str]) -> list[tuple[int, int]]:
    """Each retried attempt as (index of the line before it, index of the wrapper's `Retrying` line after
    it): the lines strictly between, and the `Retrying` line itself, are the attempt's. An attempt whose
    start is not shown runs from the first line."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, text in enumerate(lines):
        if announces_retry(text):
            spans.append((start, i))
            start = i
        elif _starts_attempt(text):
            start = i
    return spans


def without_superseded(text: str) -> str:
    """`text` without the lines of the attempts a retry wrapper ran again (see superseded)."""
    if RETRYING_WORDS not in text:
        return text
    lines = text.split("\n")
    drop: set[int] = set()
    for start, end in superseded(lines):
        drop.update(range(start + 1, end + 1))
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def without_superseded_attempts(view: View) -> View:
    """The view with each retried attempt's lines emptied (see superseded), for the parsers and for what weighs
    their records and the lines' keywords; the excerpt shows the attempts. Emptied, not dropped, so every line
    keeps its number and place. Done before the parsers run, not to their findings: a parser that keeps one
    record per message (npm's table, markdown-link-check, rustfmt, javac's -Werror) anchors it on the first
    attempt's line, and dropping that left the last attempt with none."""
    if not literals_of(view).any_of((RETRYING_WORDS,)):
        return view
    spans = superseded([line.text for line in view.lines])
    if not spans:
        return view
    lines = list(view.lines)
    for start, end in spans:
        for i in range(start + 1, end + 1):
            lines[i] = Line(lines[i].no, "", b"")
    return replace(view, lines=lines)
