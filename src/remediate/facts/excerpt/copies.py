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

A stack printed again is a copy too, without a retry: Surefire prints each failing test's whole trace, and the tests
of one class (a parameterised test's rows, a helper's assertions) fail through the same 30 or 40 frames of JUnit's,
the JDK's reflection and the runner's; go's panics print each goroutine's frames, Python's chained tracebacks the
same calls. Where the excerpt shows a later trace, its lines that repeat, line for line, lines shown above (from
a frame on: telling.Telling.FRAME) are one pointer to them, TRACE_AGAIN, when MIN_TRACE or more; the first trace
is shown whole and the reader reads the second's own head (its test, its message) and where it joins the first.
A report longer than the budget then keeps more of its failures: Surefire's 14 parameterised rows' 613 lines kept
101 at 2,000 tokens, most of them the first trace's frames and the others' frames again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

from remediate.facts.excerpt.telling import Telling, telling
from remediate.facts.lazyregex import Regex
from remediate.facts.score import line_score
from remediate.facts.view import View

AGAIN = "[… line {no} again …]"


TRACE_AGAIN = "[… lines {start}-{end} again …]"  # a trace's lines that repeat lines shown above, line for line


MIN_TRACE = 3  # lines of a trace printed again folded to one pointer from this many


# A time stamp in a log file's name or a line (npm's `_logs/2026-12-03T17_42_40_503Z-debug-0.log`, an ISO time):
# the one part of a footer that differs between attempts.
_STAMP = Regex(r"\d{4}-\d\d-\d\dT\d\d[_:]\d\d[_:]\d\d(?:[_.:,]\d{1,9})?Z?")


# A tool's level tag in front of its line (`npm ERR! `, `npm error `, `yarn`'s `info `, `warning `, Maven's `[ERROR] `):
# the tool's stream, not the line's words.
_TAG = Regex(
    r"^(?:[a-z][\w.-]{0,20} )?(?:ERR!|error|warn|WARN|warning|notice|info|verbose)(?=\s)\s+"
    r"|^\[(?:ERROR|WARNING|INFO)\] +"
)


# Two words: a separator (`-----`, Maven's `[INFO] -----`) repeats everywhere and says nothing to point at.
_WORDS = Regex(r"[A-Za-z]{3}\W{1,20}[A-Za-z]{2}")


# An error's line that opens with its place (javac's `path:[8,16] msg` as Maven relays it, gcc's `path:3:5: error:`,
# tsc's `path(3,5): error`): a row of a list of errors, which a build may print again. Anchored, bounded: linear.
_PLACED = Regex(r"^[\w./\\@~+-]{1,300}\.[A-Za-z][\w-]{0,9}(?::\[?\d|\(\d)")


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


def trace_cost(first: int) -> int:
    """Characters a trace's copy costs shown as a pointer to lines from `first` (its end's digits as many more)."""
    return len(TRACE_AGAIN.format(start=first, end=first)) + 1


def alone(view: View, no: int) -> bool:
    """Whether line `no` is unlike its neighbours: a line beside an identical one is a run's (render.REPEATS)."""
    line = view.get(no)
    return line is not None and all(o is None or o.text != line.text for o in (view.get(no - 1), view.get(no + 1)))


@dataclass
class Traces:
    """What repeats reads of the lines taken before: each copy's origin, its run's first line, each key's first
    (see trace_key)."""

    origins: dict[int, int] = field(default_factory=dict)
    heads: dict[int, int] = field(default_factory=dict)
    firsts: dict[str, int] = field(default_factory=dict)

    def take(self, view: View, no: int, shown: AbstractSet[int], copy: bool = True) -> int | None:
        """Line `no`, the next in order (`copy`: unless it is shown otherwise): its origin (see repeats), recorded."""
        line = view.get(no)
        if line is None:
            return None
        origin = repeats(view, no, self, shown) if copy else None
        if origin is not None:
            self.origins[no] = origin
            self.heads[no] = self.heads[no - 1] if self.origins.get(no - 1) == origin - 1 else no
        self.firsts.setdefault(trace_key(line.text), no)
        return origin


def repeated_lines(view: View) -> frozenset[int]:
    """The lines whose trace_key the view shows more than once (only they may be a trace's copy or what it repeats),
    none when no line that starts a copy (see starts_copy) is printed twice: no trace is printed again, and the
    selector need not look for one."""
    if not any(n > 1 and opens_copy(text) for text, n in Counter(line.text for line in view.lines).items()):
        return frozenset()
    keys = [trace_key(line.text) for line in view.lines]
    seen = Counter(keys)
    return frozenset(line.no for line, key in zip(view.lines, keys, strict=True) if seen[key] > 1)


@lru_cache(maxsize=4096)
def opens_copy(text: str) -> Telling | None:
    """What a line that may start a copy of lines shown above tells (see repeats), once per text: a stack's frame, or
    an error's line that opens with its place (_PLACED), else None. The selector asks of each line of every block it
    costs, and a log's repeated lines are asked again and again. A placed error's line: Maven prints javac's list of
    errors again under `Failed to execute goal ... Compilation failure:`, no frame in it. Not any error's line: a
    Surefire row's message, the same as the row's above, is what the reader reads of the row, above its pointer."""
    told = telling(text)
    if told is Telling.FRAME or (told is Telling.ERROR and _PLACED.match(trace_key(text))):
        return told
    return None


def trace_key(text: str) -> str:
    """What a line of a trace or a report says, read for a copy: its tool's level tag (_TAG) and its indent aside.
    Maven's second list of javac's errors puts `[ERROR] ` before each line javac indented (`[ERROR]   symbol:   method
    cents()` for `  symbol:   method cents()`): the same lines, one pointer."""
    key = text.lstrip()
    return _TAG.sub("", key, count=1).lstrip() if key[:1] == "[" or key[:1].islower() else key


def repeats(view: View, no: int, taken: Traces, shown: AbstractSet[int]) -> int | None:
    """The earlier shown line that line `no` repeats as part of a trace printed again, None when it does not: the
    line after the one its predecessor repeats, when that one is shown and reads the same (see trace_key); else, when
    it may start a copy (see opens_copy), the first shown line that reads the same. Never a line of its own run (a
    recursion's frames repeat the lines just above: the pointer would stand for itself). A line of a run of identical
    lines (render.REPEATS: Java's stream pipelines print `ReferencePipeline$3$1.accept` three times over) only continues
    a copy line for line: one Surefire row's frames read as one pointer, not four around the runs they hold."""
    line = view.get(no)
    if line is None or not line.text.strip():
        return None
    before = taken.origins.get(no - 1)
    origin: int | None = None
    if before is not None and before + 1 < no and before + 1 in shown:
        after = view.get(before + 1)
        origin = before + 1 if after is not None and trace_key(after.text) == trace_key(line.text) else None
    if origin is None and alone(view, no):  # a run's line continues a copy, never starts one
        first = taken.firsts.get(trace_key(line.text))
        origin = first if first is not None and first < no and opens_copy(line.text) is not None else None
    if origin is not None and before == origin - 1 and origin >= taken.heads[no - 1]:
        return None
    return origin


def trace_copies(view: View, chosen: set[int], skip: Mapping[int, int]) -> dict[int, tuple[int, int, int]]:
    """Each run of MIN_TRACE or more chosen lines that repeat shown lines in order (see repeats), by its first line:
    its last line and the first and last lines it repeats. `skip`: lines shown otherwise (a retry's copies)."""
    origins = trace_origins(view, chosen, skip).origins
    out: dict[int, tuple[int, int, int]] = {}
    for no in sorted(origins):
        if origins.get(no - 1) == origins[no] - 1:
            continue  # inside a run: its head holds it
        end = no
        while origins.get(end + 1) == origins[end] + 1:
            end += 1
        end = _run_whole(view, no, end)
        if end - no + 1 >= MIN_TRACE:
            out[no] = (end, origins[no], origins[end])
    return out


def _run_whole(view: View, start: int, end: int) -> int:
    """The copy's last line `end`, moved above a run of identical lines it ends inside (its copy was shorter than the
    run): the run is then shown folded whole below the pointer, as the selector counts it."""
    while end >= start and (line := view.get(end)) is not None and (after := view.get(end + 1)) is not None:
        if after.text != line.text:
            break
        end -= 1
    return end


def continuations(view: View, chosen: set[int], skip: Mapping[int, int]) -> list[list[int]]:
    """For each trace copy among the chosen lines (see trace_copies), the lines below it not chosen that go on
    repeating, line for line, the shown lines below those it repeats: choosing them costs only the pointer's digits.
    Surefire's rows of one parameterised test at 2,000 tokens were shown as each row's heading, message and a first
    few frames (a widening costs each frame at its length): the rest of a row's 40 frames was left out though the
    pointer could stand for them too. Only a copy of MIN_TRACE lines or more once continued, never ending inside a
    run of identical lines (see _run_whole)."""
    taken = trace_origins(view, chosen, skip)
    out: list[list[int]] = []
    for no, origin in taken.origins.items():
        if taken.origins.get(no + 1) == origin + 1 or no + 1 in chosen:
            continue  # not the end of a copy, or nothing to continue into
        more = _continued(view, chosen, no, origin, taken.heads[no])
        end = _run_whole(view, taken.heads[no], no + len(more))
        if end > no and end - taken.heads[no] + 1 >= MIN_TRACE:
            out.append(list(range(no + 1, end + 1)))
    return out


def _continued(view: View, chosen: set[int], no: int, origin: int, head: int) -> list[int]:
    """The lines below `no` (a copy's last, repeating `origin`) that read as the shown lines below `origin`, up to a
    chosen line or a blank one; never into the copy's own lines (`head`: its first)."""
    out: list[int] = []
    n, o = no + 1, origin + 1
    while n not in chosen and o in chosen and o < head:
        line, first = view.get(n), view.get(o)
        if line is None or first is None or not line.text.strip() or trace_key(line.text) != trace_key(first.text):
            break
        out.append(n)
        n, o = n + 1, o + 1
    return out


def trace_origins(view: View, chosen: set[int], skip: Mapping[int, int]) -> Traces:
    """Each chosen line that repeats a shown line as part of a trace printed again (see repeats), with that line."""
    taken = Traces()
    for no in sorted(chosen):
        taken.take(view, no, chosen, copy=no not in skip)
    return taken
