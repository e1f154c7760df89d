"""The excerpt's text: each block of chosen lines under its header, runs of identical lines and of
alike numbered frames folded to one line and a count, a line a retried command printed again and a trace's lines
printed again shown as a pointer (see copies), the token estimate; and reading an excerpt back to the log lines it
shows (numbered).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from remediate.facts.excerpt.clip import render_line
from remediate.facts.excerpt.copies import AGAIN, TRACE_AGAIN, copies, trace_copies
from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.models import LineRange

HEADER = "── log lines {start}-{end} ──"


# A run of identical lines (a retry loop, a message repeated per item) is shown once with its count.
REPEATS = "[… the line above repeats {count} more times …]"


# A run of numbered stack frames alike but for their number (a recursion in a sanitizer's, gdb's
# or a native backtrace: `#7 0x55d in visit tree.c:22`) is shown once with its count the same way.
FRAMES = "[… {count} more frames like the one above …]"


_SHOWN = Regex(r"^── log lines (\d{1,12})-\d{1,12} ──$")  # HEADER


_FOLD = Regex(  # REPEATS, FRAMES
    r"^\[… (?:the line above repeats (\d{1,12}) more times|(\d{1,12}) more frames like the one above) …\]$"
)


_TRACE = Regex(r"^\[… lines (\d{1,12})-(\d{1,12}) again …\]$")  # copies.TRACE_AGAIN


def numbered(text: str) -> Iterator[tuple[int | None, str]]:
    """An excerpt's lines (as render_excerpt writes them) with the log line each shows, None for a block's header;
    a folded run's count (REPEATS, FRAMES) stands for the run's lines after its first, numbered as its last, a
    trace's lines printed again (copies.TRACE_AGAIN) for as many lines as it names, numbered as its last."""
    shows: int | None = None  # the log line the excerpt's next line shows
    for line in text.split("\n"):
        header = _SHOWN.match(line)
        if header or shows is None:
            shows = int(header.group(1)) if header else None
            yield None, line
            continue
        folded = _FOLD.match(line)
        again = _TRACE.match(line) if folded is None else None
        if again is not None:
            shows += max(1, int(again.group(2)) - int(again.group(1)) + 1)
        else:
            shows += int(folded.group(1) or folded.group(2)) if folded else 1
        yield shows - 1, line


REPEATS_COST = max(len(REPEATS), len(FRAMES)) + 1  # the placeholders' 7 characters stand in for the count


_FRAME_NO = Regex(r"^(\s{0,20})#\d{1,6}(?= )")


MIN_RUN = 3  # identical consecutive lines folded from this many


HEADER_COST = len(HEADER) + 1  # the placeholders' 12 characters stand in for the numbers


def estimate_tokens(text: str) -> int:
    """Token estimate: characters / 4, rounded up (the budget is enforced on this estimate)."""
    return (len(text) + 3) // 4


@dataclass
class Excerpt:
    text: str = ""
    ranges: list[LineRange] = field(default_factory=list)
    tokens: int = 0


def run_key(text: str) -> str:
    """What makes lines alike for folding: the text, without a numbered frame's number."""
    return _FRAME_NO.sub(r"\1#", text, count=1) if "#" in text[:28] else text


def identical_runs(view: View) -> dict[int, tuple[int, int]]:
    """For every line in a run of MIN_RUN or more identical consecutive non-blank lines (or
    numbered frames alike but for their number, see run_key), the run's first and last line."""
    runs: dict[int, tuple[int, int]] = {}
    start = prev = None
    text = ""
    for line in [*view.lines, None]:
        key = run_key(line.text) if line is not None else ""
        if line is not None and prev is not None and line.no == prev + 1 and key == text and text.strip():
            prev = line.no
            continue
        if start is not None and prev is not None and prev - start + 1 >= MIN_RUN:
            runs.update(dict.fromkeys(range(start, prev + 1), (start, prev)))
        if line is not None:
            start = prev = line.no
            text = key
    return runs


def render_excerpt(view: View, chosen: set[int], retried: Sequence[int] = ()) -> Excerpt:
    """`retried`: the lines that say a command is run again (copies.retries), after which a line printed again
    is a pointer to the one shown."""
    ranges: list[LineRange] = []
    parts: list[str] = []
    for start, end, block in _runs(view, chosen, retried):
        ranges.append(LineRange(start=start, end=end))
        parts.append(HEADER.format(start=start, end=end))
        parts.extend(_folded(block))
    text = "\n".join(parts)
    return Excerpt(text=text, ranges=ranges, tokens=estimate_tokens(text))


def _runs(view: View, chosen: set[int], retried: Sequence[int]) -> list[tuple[int, int, list[str]]]:
    """The chosen lines the view holds, as runs of consecutive lines: (first, last, the lines rendered)."""
    runs: list[tuple[int, int, list[str]]] = []
    again = copies(view, chosen, retried)  # a line a retried command printed again: a pointer to the one shown
    traces = trace_copies(view, chosen, again)  # a trace's lines printed again: one pointer to those shown
    inside = 0  # the last line of the trace copy being passed over
    for no in sorted(chosen):
        line = view.get(no)
        if line is None:
            continue
        if runs and no == runs[-1][1] + 1:
            start, _, block = runs[-1]
            runs[-1] = (start, no, block)
        else:
            block = []
            runs.append((no, no, block))
        if no <= inside:
            continue
        if no in traces:
            inside, first, last = traces[no]
            block.append(TRACE_AGAIN.format(start=first, end=last))
        else:
            block.append(AGAIN.format(no=again[no]) if no in again else render_line(line.text))
    return runs


def _folded(block: list[str]) -> list[str]:
    """A block's lines with each run of MIN_RUN or more identical non-blank lines (or numbered
    frames alike, see run_key) shown once, then how many more times it repeats."""
    out: list[str] = []
    keys = [run_key(text) if _TRACE.match(text) is None else f"\0{i}" for i, text in enumerate(block)]
    i = 0
    while i < len(block):
        j = i + 1
        while j < len(block) and keys[j] == keys[i]:
            j += 1
        out.append(block[i])
        if j - i >= MIN_RUN and block[i].strip():
            out.append((REPEATS if block[j - 1] == block[i] else FRAMES).format(count=j - i - 1))
        else:
            out.extend(block[i + 1 : j])
        i = j
    return out
