"""A line a retried command printed again: shown once, each later attempt's copy as a pointer to it.

A retried command prints its footer once per attempt: npm's `A complete log of this run can be found in:` and
the log's path (a timestamp in its name), yarn's `info Visit https://yarnpkg.com/en/docs/cli/install for
documentation about this command.`. Under travis_retry or a script's retry loop each copy sat beside its
attempt's error and took its full length again (npm 11's footer is 100 characters: four attempts, 400). A
copy is shown as AGAIN, which keeps its place and number in the block (numbered reads it as the one line it
stands for), and costs the pointer's length (see Selector.line_cost). Only a line that carries no failure's
words once a tool's level tag is off (`npm ERR! `, `npm error `, yarn's `info `): an error printed again is a
report's copy, which excerpt_marks.echo_lines weighs. A line next to an identical one is a run (render.REPEATS).
Only a copy with a retry's words between it and the line shown (travis_retry's `failed. Retrying, 2 of 3.`, a
script's `Retrying in 1 seconds...`): a pytest report's long traceback prints a function's source lines again in
each frame, and pointers there left its frames unreadable.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from remediate.facts.lazyregex import Regex
from remediate.facts.score import line_score
from remediate.facts.view import View

AGAIN = "[… line {no} again …]"


# A time stamp in a log file's name or a line (npm's `_logs/2026-12-03T17_42_40_503Z-debug-0.log`, an ISO time):
# the one part of a footer that differs between attempts.
_STAMP = Regex(r"\d{4}-\d\d-\d\dT\d\d[_:]\d\d[_:]\d\d(?:[_.:,]\d{1,9})?Z?")


# A tool's level tag in front of its line (`npm ERR! `, `npm error `, `yarn`'s `info `, `warning `): the tool's
# stream, not the line's words.
_TAG = Regex(r"^(?:[a-z][\w.-]{0,20} )?(?:ERR!|error|warn|WARN|warning|notice|info|verbose)(?=\s)\s+")


# Two words: a separator (`-----`, Maven's `[INFO] -----`) repeats everywhere and says nothing to point at.
_WORDS = Regex(r"[A-Za-z]{3}\W{1,20}[A-Za-z]{2}")


_RETRY = Regex(r"\b[Rr]etrying\b")  # a wrapper runs the command again: what it prints next is another attempt's


def retries(view: View) -> list[int]:
    """The lines that say a command is run again (see _RETRY), in order."""
    return [line.no for line in view.lines if "etrying" in line.text and _RETRY.search(line.text)]


def retried_between(retried: Sequence[int], first: int, no: int) -> bool:
    """Whether a line of `retried` (see retries) lies between lines `first` and `no`."""
    i = bisect_right(retried, first)
    return i < len(retried) and retried[i] < no


def copy_key(text: str) -> str | None:
    """What makes a line a copy of another (its text, time stamps blanked), None for a line that is never folded:
    one with a failure's words (line_score, a tool's level tag aside) or none at all, or shorter than a pointer."""
    if len(text) <= len(AGAIN) + 8 or _WORDS.search(text) is None:
        return None
    if line_score(_TAG.sub("", text, count=1)) > 0.0:
        return None
    return _STAMP.sub("#", text) if "T" in text else text


def foldable(view: View, no: int) -> str | None:
    """The line's copy_key, unless a neighbour is identical to it (a run: see render.identical_runs)."""
    line = view.get(no)
    if line is None:
        return None
    for other in (view.get(no - 1), view.get(no + 1)):
        if other is not None and other.text == line.text:
            return None
    return copy_key(line.text)


def again_cost(first: int) -> int:
    """Characters a copy costs shown as a pointer to line `first`, its newline included."""
    return len(AGAIN.format(no=first)) + 1


def copies(view: View, chosen: set[int], retried: Sequence[int]) -> dict[int, int]:
    """Each chosen line that is a copy (see foldable) of the first chosen line of its key with a retry (`retried`:
    see retries) between them, with that line's number."""
    first: dict[str, int] = {}
    out: dict[int, int] = {}
    for no in sorted(chosen):
        key = foldable(view, no)
        if key is None:
            continue
        if key in first:
            if retried_between(retried, first[key], no):
                out[no] = first[key]
        else:
            first[key] = no
    return out
