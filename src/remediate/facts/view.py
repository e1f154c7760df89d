"""Second pass: read, clean and redact the parts of the log around the first pass's hits.

The view is a bounded set of line intervals (head, tail, windows around hits and step headers),
each read by byte offset from the source. Everything after this step (CI structure, parsers,
excerpt) works on the view only, so its cost does not depend on the log's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise
from typing import TYPE_CHECKING, NamedTuple

from remediate.facts.dumplines import in_a_run
from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import Regex
from remediate.facts.reader import (
    MAX_LINE_BYTES,
    LogSource,
    clean_line,
    holding_clean,
    opens_json,
    shorten,
    spliced_frames,
)
from remediate.facts.redact import AcrossLinesScreen, Redactor, open_secret_data, opens_across_lines, united
from remediate.facts.scan import Hit, ScanResult
from remediate.facts.testevents import event_output

if TYPE_CHECKING:
    from remediate.facts.passingoutput import LineVerdicts

HEAD_LINES = 80
TAIL_LINES = 300
MAX_VIEW_LINES = 40_000
MAX_VIEW_BYTES = 8 << 20
VIEW_TEXT_BUDGET = 8_000_000  # characters of view text after which lines are kept short
PIECE_LINES = 2_000  # lines read, cleaned and redacted at a time
# A piece's last lines a dump's run may hold, read again with the next piece (_add_lines): a secret a dump cuts across
# the edge (xxd's 16 bytes a line: a private key's 1.7 KB is about 110 lines).
CARRIED_LINES = 128
# Lines above a run of the view read for the header of a value its lines print (_unread_around): a certificate's or a
# key's body under `password: |` is tens of lines.
ABOVE_LINES = 200
ABOVE_BYTES = 32 << 10
# A run that opens deeper in a body than ABOVE_LINES reach (a Secret's data of thousands of keys, a block scalar's
# certificate chain) has its header further up: read up to it through the body's lines (_header_far_above), at most
# HEADER_WALK_BYTES per run and HEADER_WALK_BUDGET per view (a pretty-printed JSON document is indented throughout).
HEADER_WALK_BYTES = 1 << 20
HEADER_WALK_BUDGET = 8 << 20
BELOW_LINES = 16  # lines after a body's end read with it: the keys kubectl prints after a Secret's data, its kind first
TIGHT_LINE_BYTES = 512
SCRIPT_WINDOW = 60  # lines read after each of the last SCRIPT_STEPS step headers
SCRIPT_STEPS = 40
RAW_KEPT = 512  # raw bytes kept per view line (enough for the `gh run view` prefix)
WHOLE_VIEW_CHARS = 2 << 20  # characters of one-line JSON reports a view keeps whole (View.whole), all lines together
# Window around a hit, by hit weight: (lines before, lines after).
WINDOWS = {0: (2, 6), 1: (4, 12), 2: (12, 30), 3: (20, 40), 4: (40, 12)}


class Line(NamedTuple):
    no: int
    text: str  # cleaned and redacted
    raw: bytes  # the first original bytes; needed for the `gh run view` step prefix


@dataclass
class View:
    """The lines read, by position, with an index by line number. A reading of the same lines (the parsers' view,
    a retried attempt's lines emptied) is `dataclasses.replace(view, lines=..., [tasks=...])`: each new line at its
    old one's place, so the index holds; the tasks are the view's unless given."""

    lines: list[Line] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)  # line number -> position in `lines`
    total_lines: int = 0
    # A task runner's prefix (turbo's `web:test:`, pnpm's, yarn's, ctest -V's `1:`) by line number,
    # for lines that carried one: set on the parsers' view, which reads the lines without it; and
    # a Jenkins parallel branch's `[NAME]`, read off every line when the view is built (_unbranched).
    tasks: dict[int, str] = field(default_factory=dict)
    # A line that holds a one-line JSON report longer than a line keeps (reader.WHOLE_LINE_BYTES): its whole text,
    # cleaned and redacted, by line number, for the readers of such reports (jsonreport.whole_line); its line's
    # text is cut as any long line's, so no other reader pays for its length.
    whole: dict[int, str] = field(default_factory=dict)
    # What each text among its lines says of a test or a run, read once when first asked (passingoutput.verdicts_of):
    # a new reading of the view (`replace`) starts its own.
    verdicts: dict[str, LineVerdicts] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, lines: Iterable[Line | str], total_lines: int | None = None) -> View:
        """A view that holds `lines`, its index set: a Line as it is, a text as line k of its output (k counting
        from 1, its raw bytes the text's own). `total_lines`: the output's length (the last line's number unless
        given)."""
        held = [line if isinstance(line, Line) else Line(k, line, line.encode()) for k, line in enumerate(lines, 1)]
        total = total_lines if total_lines is not None else (held[-1].no if held else 0)
        return cls(lines=held, index=positions(held), total_lines=total)

    def get(self, no: int) -> Line | None:
        i = self.index.get(no)
        return self.lines[i] if i is not None else None

    def text(self, no: int) -> str:
        line = self.get(no)
        return line.text if line is not None else ""

    def within(self, first: int, last: int) -> list[Line]:
        """The view's lines numbered `first` to `last` (inclusive), in order: a span's lines (a step's output) found
        by bisection, since the lines are held in line order (each reading keeps each line at its place)."""
        return self.lines[bisect_left(self.lines, first, key=_number) : bisect_right(self.lines, last, key=_number)]

    def after(self, no: int, count: int) -> Iterator[Line]:
        """Up to `count` consecutive lines following line `no` (stops at a gap in the view)."""
        i = self.index.get(no)
        if i is None:
            return
        for j in range(i + 1, min(len(self.lines), i + 1 + count)):
            line = self.lines[j]
            if line.no != no + (j - i):
                return
            yield line


def _number(line: Line) -> int:
    return line.no


def positions(lines: Sequence[Line]) -> dict[int, int]:
    """A view's index: each line's number -> its position in `lines`."""
    return {line.no: i for i, line in enumerate(lines)}


class _Interval(NamedTuple):
    start: int
    end: int
    anchor_line: int
    anchor_offset: int


def build_view(source: LogSource, scanned: ScanResult, redactor: Redactor) -> View:
    total = scanned.lines
    view = View(total_lines=total)
    if total == 0:
        return view
    tail_first, tail_offset = _tail_anchor(source, scanned)
    if total <= MAX_VIEW_LINES and source.size <= MAX_VIEW_BYTES:
        intervals = [_Interval(1, total, 1, 0)]  # small enough: read it all
    else:
        intervals = _around_hits(scanned, total, tail_first, tail_offset)
    _learn_declared(source, scanned, redactor)
    used, learned, starts = 0, redactor.learned, dict[int, int]()
    for interval in _merge(intervals):
        used = _read_interval(source, interval, view, redactor, used, starts)
    if redactor.learned != learned:  # the log declared a value secret (add-mask): the lines read before it too
        _redacted_again(view, redactor)
    _values_across_pieces(view, redactor, source, starts)
    _unbranched(view)
    view.index = positions(view.lines)
    return view


# Jenkins' Pipeline before workflow-job 2.26 (and a log written the same way since) puts a parallel branch's name in
# front of each line the branch printed (WorkflowRun.copyLogs: LogLinePrefixOutputFilter writes `"[" + name + "] "`
# before the line) and of each of its step lines (logNodeMessage: `[Pipeline] [name] sh`, the branch's opening
# `[Pipeline] [name] { (Branch: name)`); the parallel step's own lines (`[Pipeline] parallel`, `Failed in branch
# name`) carry none. `[x] ` opens lines of other kinds too (Maven's `[INFO] `, the workspace's `[shop] Running shell
# script`): a name counts only where the log opens or fails a branch of that name.
_PIPELINE = "[Pipeline] "
_BRANCH_OPENED = Regex(r"^\[Pipeline\] \[(.{1,200}?)\] \{ \(Branch: \1\)$")
_BRANCH_FAILED = "Failed in branch "


def failed_branches(view: View) -> list[tuple[int, str]]:
    """Each `Failed in branch NAME` line of the log's parallel steps (the Pipeline's own, never prefixed): (line,
    NAME), in line order."""
    return [
        (line.no, line.text.removeprefix(_BRANCH_FAILED).strip())
        for line in view.lines
        if line.text.startswith(_BRANCH_FAILED)
    ]


def branch_label(name: str) -> str:
    """How `view.tasks` names a Jenkins parallel branch's lines: `[NAME]`, as the log prefixed them."""
    return f"[{name}]"


def _unbranched(view: View) -> None:
    """The view's lines without a Jenkins parallel branch's prefix, each such line's branch in `view.tasks` as
    `[name]`: the parsers, the steps and the excerpt read the line as the branch's tool or step printed it."""
    names = {
        m.group(1)
        for line in view.lines
        if line.text.startswith("[Pipeline] [") and (m := _BRANCH_OPENED.match(line.text))
    }
    names |= {name for _, name in failed_branches(view)}
    names.discard("")
    if not names:
        return
    for i, line in enumerate(view.lines):
        text = line.text
        pipeline = _PIPELINE if text.startswith(_PIPELINE + "[") else ""
        name = _branch_of(text[len(pipeline) :], names)
        if name is not None:
            view.lines[i] = Line(line.no, pipeline + text[len(pipeline) + len(name) + 3 :], line.raw)
            view.tasks[line.no] = branch_label(name)


def _branch_of(text: str, names: set[str]) -> str | None:
    """The branch whose `[name] ` opens `text` (None: no known branch's)."""
    if not text.startswith("["):
        return None
    if text.endswith("]") and text[1:-1] in names:  # an empty line the branch printed: its prefix alone, stripped
        return text[1:-1]
    end = text.find("] ", 1, 204)
    while end > 0:  # a name may hold `] ` itself: each closing in turn
        if text[1:end] in names:
            return text[1:end]
        end = text.find("] ", end + 1, 204)
    return None


def _around_hits(scanned: ScanResult, total: int, tail_first: int, tail_offset: int) -> list[_Interval]:
    """Head, tail, step headers, then windows around hits (strongest and latest first) until the
    view holds MAX_VIEW_LINES lines. A bitmap of covered lines keeps the count exact."""
    covered = bytearray(total + 2)
    used = 0
    intervals: list[_Interval] = []

    def add(start: int, end: int, anchor: Hit | None, anchor_line: int = 0, anchor_offset: int = 0) -> None:
        nonlocal used
        start, end = max(1, start), min(total, end)
        if anchor is not None:
            anchor_line, anchor_offset = anchor.line, anchor.offset
        new = covered.count(0, start, end + 1)
        if new == 0:
            return
        covered[start : end + 1] = b"\x01" * (end - start + 1)
        used += new
        intervals.append(_Interval(start, end, anchor_line, anchor_offset))

    add(1, HEAD_LINES, None, 1, 0)
    add(tail_first, total, None, tail_first, tail_offset)
    for k, marker in enumerate(reversed(scanned.markers[-400:])):
        # The latest step headers carry their whole script (the failing command block).
        add(marker.line, marker.line + (SCRIPT_WINDOW if k < SCRIPT_STEPS else 3), marker)
    for hit in sorted(scanned.hits, key=lambda h: (h.weight, h.line), reverse=True):
        if used >= MAX_VIEW_LINES:
            break
        before, after = WINDOWS[min(hit.weight, 4)]
        add(hit.line - before, hit.line + after, hit)
    return intervals


def _tail_anchor(source: LogSource, scanned: ScanResult) -> tuple[int, int]:
    """(first line, its offset) of the last TAIL_LINES lines."""
    lines = source.lines_before(source.size, TAIL_LINES)
    if not lines:  # the last line alone is longer than the read window
        return scanned.lines, scanned.last_line_offset
    ends_with_newline = source.read(source.size - 1, 1) == b"\n"
    offset = source.size - sum(len(raw) + 1 for raw in lines) + (0 if ends_with_newline else 1)
    return scanned.lines - len(lines) + 1, offset


def _merge(intervals: list[_Interval]) -> list[_Interval]:
    merged: list[_Interval] = []
    for iv in sorted(intervals):
        if merged and iv.start <= merged[-1].end + 1:
            last = merged[-1]
            if iv.end > last.end:
                # Keep the anchor closest to the interval start: it is read from there.
                merged[-1] = last._replace(end=iv.end)
            continue
        merged.append(iv)
    return merged


def _read_interval(
    source: LogSource, iv: _Interval, view: View, redactor: Redactor, used: int, starts: dict[int, int]
) -> int:
    """Read, clean and redact one interval into the view, PIECE_LINES lines at a time; returns
    the characters of view text so far. Past VIEW_TEXT_BUDGET, lines are cut short, so memory
    and time stay bounded however long the lines are. `starts` learns the offsets of the interval's first line and of
    the line after its last."""
    before = source.lines_before(iv.anchor_offset, iv.anchor_line - iv.start)
    first = iv.anchor_line - len(before)
    starts.setdefault(first, iv.anchor_offset - sum(len(raw) + 1 for raw in before))
    if before:
        used = _add_lines(view, redactor, first, before, used)
    no, offset = iv.anchor_line, iv.anchor_offset
    while no <= iv.end and offset < source.size:
        raws, offset = source.read_lines(offset, min(PIECE_LINES, iv.end - no + 1))
        if not raws:
            break
        used = _add_lines(view, redactor, no, raws, used)
        no += len(raws)
    starts.setdefault(no, offset)  # the line after the interval's: where a read below it starts
    return used


def _learn_declared(source: LogSource, scanned: ScanResult, redactor: Redactor) -> None:
    """The values the log declares secret (scan.DECLARATIONS), learnt before any line is read: a declaration outside
    the view (line 10 of a 200 MB log) masks a value the view's lines print. The lines are read for this only."""
    for offset in scanned.declarations:
        raws, _end = source.read_lines(offset, 1)
        if raws:
            redactor.learn_masked(clean_line(raws[0]))


def _add_lines(view: View, redactor: Redactor, first: int, raws: list[bytes], used: int) -> int:
    if used > VIEW_TEXT_BUDGET:
        raws = [raw if len(raw) <= TIGHT_LINE_BYTES else shorten(raw, TIGHT_LINE_BYTES) for raw in raws]
    if view.lines and view.lines[-1].no >= first:
        # Overlaps what an earlier interval read (anchors far apart): skip the overlap.
        skip = view.lines[-1].no - first + 1
        raws, first = raws[skip:], first + skip
    _learn_split(redactor, raws)
    cleaned = [_cleaned(raw) for raw in raws]
    redactor.learn_masked(joined := "\n".join(cleaned))
    above, counted = _carried(view, first), redactor.counts.copy()
    redacted = redactor.redact("\n".join([*above, joined]) if above else joined).split("\n")
    if above:
        _counted_once(redactor, above, counted)
    if len(redacted) != len(above) + len(cleaned):  # cannot happen (rules keep newlines); stay safe anyway
        redacted = [*above, *(redactor.redact(text) for text in cleaned)]
    _reunited(view, above, redacted[: len(above)])
    redacted = redacted[len(above) :]
    view.lines.extend(
        Line(first + k, text, raw[:RAW_KEPT]) for k, (text, raw) in enumerate(zip(redacted, raws, strict=True))
    )
    return _add_whole(view, redactor, first, raws, used + sum(len(text) for text in redacted))


def _cleaned(raw: bytes) -> str:
    """A raw line as the view reads it: a test event's output, else the line cleaned."""
    return clean_line(raw) if (output := event_output(raw)) is None else output


def _carried(view: View, first: int) -> list[str]:
    """The cleaned texts of the view's last lines, right above line `first`, that may be a dump's run's (dumplines.
    in_a_run), whole in the raw bytes kept (a dump's line is short): read again with the piece from `first`."""
    texts: list[str] = []
    for line in reversed(view.lines[-CARRIED_LINES:]):
        if line.no != first - 1 - len(texts) or len(line.raw) >= RAW_KEPT:
            break
        if not in_a_run(text := _cleaned(line.raw)):
            break
        texts.append(text)
    return texts[::-1]


def _counted_once(redactor: Redactor, above: list[str], counted: Counter[str]) -> None:
    """The redactor's counts with the carried lines' (`above`) earlier reading taken back (what they hold read alone;
    `counted`: the counts before the piece's reading): the reading with the next piece counts their values again, a
    value the edge cut whole."""
    probe = redactor.probe()
    probe.redact("\n".join(above))
    redactor.counts = (counted - probe.counts) + (redactor.counts - counted)


def _reunited(view: View, above: list[str], redacted: list[str]) -> None:
    """The view's last lines (cleaned: `above`) with what their reading with the next piece (`redacted`) replaced
    replaced too."""
    at = len(view.lines) - len(above)
    for k, (plain, again) in enumerate(zip(above, redacted, strict=True)):
        line = view.lines[at + k]
        view.lines[at + k] = line._replace(text=united(plain, line.text, again))


def _learn_split(redactor: Redactor, raws: list[bytes]) -> None:
    """The parts of each value a line's redraws cut (reader.spliced_frames), learnt: the frame clean_line keeps shows a
    part no rule knows alone, nor is it a value the run knows whole. The frames joined are read by the redactor's probe
    (its values and rules, counting apart), so the run's counts stay those of the lines as shown."""
    for raw in raws:
        spliced = spliced_frames(raw)
        if spliced is None:
            continue
        probe = redactor.probe()
        text, starts = spliced
        probe.redact(text)
        if probe.found:
            redactor.learn(part for value in dict.fromkeys(probe.found) for part in _cut(text, value, starts))


def _cut(text: str, value: str, starts: list[int]) -> Iterator[str]:
    """The parts of each of `value`'s occurrences in `text` that a frame start falls inside, split there."""
    at = text.find(value)
    while at >= 0:
        cuts = [s for s in starts if at < s < at + len(value)]
        if cuts:
            yield from (text[a:b] for a, b in pairwise([at, *cuts, at + len(value)]))
        at = text.find(value, at + 1)


def _redacted_again(view: View, redactor: Redactor) -> None:
    """Every line of the view, and every report kept whole, redacted again with what the redactor learned since."""
    view.lines = [line._replace(text=redactor.redact(line.text)) for line in view.lines]
    view.whole = {no: redactor.redact(text) for no, text in view.whole.items()}


def _values_across_pieces(view: View, redactor: Redactor, source: LogSource, starts: dict[int, int]) -> None:
    """A Kubernetes Secret printed across the edge of two pieces read apart (PIECE_LINES, an interval's anchor), its
    data in one and its kind in the other, or a YAML block scalar, its header in one and its body in the other: each
    piece's redaction saw half of the object. Each run of consecutive lines is read once more, whole, by the
    redactor's readers of values over lines (Redactor.values_across_lines), after the lines above it that the view
    did not read and below it (_unread_around: a run that opens inside a body, its header outside every interval, or
    ends inside one, its end and a Secret's kind after it). The run's text is screened once (AcrossLinesScreen): a
    run no screen passes, with or without the lines around it, is left as it is, as the readers would leave it."""
    start, walk, held = 0, [HEADER_WALK_BUDGET], _Held()
    for end in range(1, len(view.lines) + 1):
        if end < len(view.lines) and view.lines[end].no == view.lines[end - 1].no + 1:
            continue
        run, start = view.lines[start:end], end
        text = "\n".join(line.text for line in run)
        screen = AcrossLinesScreen(text)
        offsets = starts.get(run[0].no), starts.get(run[-1].no + 1)
        above, below = _unread_around(source, offsets, (text, screen), walk, held)
        if not above and not below and not opens_across_lines(screen):
            continue
        joined = "\n".join([*above, text, *below]) if above or below else text
        if (read := redactor.values_across_lines(joined)) != joined:
            texts = read.split("\n")[len(above) : len(above) + len(run)]
            if len(texts) == len(run):  # always (the reader keeps lines); stay safe anyway
                view.lines[end - len(run) : end] = [line._replace(text=t) for line, t in zip(run, texts, strict=True)]


def _unread_around(
    source: LogSource,
    offsets: tuple[int | None, int | None],
    screened: tuple[str, AcrossLinesScreen],
    walk: list[int],
    held: _Held,
) -> tuple[list[str], list[str]]:
    """The lines just above and just below a run of the view (`run`: its text, `screen` its screen; `offsets`: where
    its first line and the line after its last start), cleaned, where they and the run may open a value the run's
    lines print (a block scalar's header, a Secret's data above its kind: Redactor.may_open_values_across_lines,
    asked of the parts apart: opens_across_lines, so the run's text is screened once); read for redaction only,
    never shown. Where the run opens inside a body longer than ABOVE_LINES, the body's header and the lines above it
    are read too (_header_far_above); where the run ends inside a body, the body's end and the lines after it
    (_body_end_below: kubectl prints a Secret's `kind` after its data). `walk`: the bytes the view may still read
    through a body for that; `held`: the lines read around the run before (_Held)."""
    first, after = offsets
    run, screen = screened
    raws = source.lines_before(first, ABOVE_LINES, ABOVE_BYTES) if first else []
    column = next((depth for line in run.split("\n", 8) if (depth := _depth(line)) is not None), 0)
    far = _header_far_above(source, (first or 0) - sum(len(raw) + 1 for raw in raws), raws, column, walk)
    # The body's lines between the header and `raws` are left out: each is deeper than the header, so none ends a
    # value the header opens, and a body's reader redacts line by line (a block scalar's line, a Secret's entry).
    below = _body_end_below(source, after, _column_below(run, column), walk) if after else []
    if not far and not raws and not below:
        return [], []
    # Screened first on text that holds each line's cleaned text (reader.holding_clean), cleaning only lines a
    # terminal sequence or a redraw may change inside: what the screen finds in the cleaned lines it finds there too.
    if not opens_across_lines(*(AcrossLinesScreen(text) for text in held.texts([*far, *raws], below)), screen):
        return [], []
    above, below_text = [clean_line(raw) for raw in [*far, *raws]], [clean_line(raw) for raw in below]
    if not opens_across_lines(AcrossLinesScreen("\n".join(above)), screen, AcrossLinesScreen("\n".join(below_text))):
        return [], []
    return above, below_text


class _Held:
    """The lines read around a view's runs as the screen reads them (reader.holding_clean), each run's kept for the
    next's: a run less than ABOVE_LINES below the one before reads that run's lines and the lines above both again,
    which are cleaned once (a line's holding text is its bytes' alone)."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: dict[bytes, str] = {}

    def texts(self, *parts: list[bytes]) -> list[str]:
        """Each part's lines' holding texts joined by newlines."""
        last, now = self._last, {}
        for raw in chain(*parts):
            if raw not in now:
                now[raw] = last[raw] if raw in last else holding_clean(raw)
        self._last = now
        return ["\n".join(now[raw] for raw in part) for part in parts]


def _header_far_above(source: LogSource, top: int, raws: list[bytes], column: int, walk: list[int]) -> list[bytes]:
    """Where a run whose first line is indented to `column` and every line of `raws` (the lines above it, from offset
    `top`) are indented deeper than some line above them, as a long body's lines are below its header: that line (the
    first up from `top` indented less than `column`) and up to ABOVE_LINES lines above it. Nothing where `raws` hold
    such a line (the header, if any, is in them), the run is not indented, or the walk goes past its bytes
    (HEADER_WALK_BYTES, and `walk[0]`, the view's budget, which it spends)."""
    if column == 0 or top <= 0 or any((depth := _raw_depth(raw)) is not None and depth < column for raw in raws):
        return []
    spent = 0
    while top > 0 and spent < HEADER_WALK_BYTES and walk[0] > 0:
        chunk = source.lines_before(top, PIECE_LINES, ABOVE_BYTES)
        if not chunk:  # a line longer than the read: no body's
            return []
        size = sum(len(raw) + 1 for raw in chunk)
        spent, walk[0] = spent + size, walk[0] - size
        for k in range(len(chunk) - 1, -1, -1):
            if (depth := _raw_depth(chunk[k])) is not None and depth < column:
                header_end = top - size + sum(len(raw) + 1 for raw in chunk[: k + 1])
                return source.lines_before(header_end, ABOVE_LINES + 1, ABOVE_BYTES)
        top -= size
    return []


def _column_below(run: str, column: int) -> int:
    """The indentation of the body a run ends inside (0: none known): where every line of the run is indented as deep
    as its first (`column`), as a long body's lines are, that; else the entries of a Secret's data block the run opens
    and leaves open (redact.open_secret_data: a window that opens above a Secret and ends in its data)."""
    if column and not any((depth := _depth(line)) is not None and depth < column for line in run.split("\n")):
        return column
    return open_secret_data(run) or 0


def _body_end_below(source: LogSource, after: int, column: int, walk: list[int]) -> list[bytes]:
    """Where a run ends inside a body indented to `column` (_column_below): the first line below it (from offset
    `after`) indented less, the body's end, and BELOW_LINES after it; nothing where `column` is 0 or the walk goes
    past its bytes (as above). The body's lines between are left out, as above the run: a line after them may say
    what they are (a Secret's kind)."""
    if column == 0:
        return []
    spent = 0
    while after < source.size and spent < HEADER_WALK_BYTES and walk[0] > 0:
        chunk, end = source.read_lines(after, PIECE_LINES)
        if not chunk:
            return []
        spent, walk[0] = spent + end - after, walk[0] - (end - after)
        for k, raw in enumerate(chunk):
            if (depth := _raw_depth(raw)) is not None and depth < column:
                tail, _ = source.read_lines(after + sum(len(r) + 1 for r in chunk[:k]), BELOW_LINES + 1)
                return tail
        after = end
    return []


def _depth(text: str) -> int | None:
    """A cleaned line's indentation (None: a blank line, which a body may hold)."""
    return indent_of(text) if text.strip() else None


def _raw_depth(raw: bytes) -> int | None:
    """A raw line's indentation as clean_line's text has it: a line that opens with a blank read as it stands (a
    body's line), any other cleaned first (a CI's time prefix before its blanks)."""
    if raw[:1] == b" ":
        body = raw.lstrip(b" ")
        return len(raw) - len(body) if body.strip() else None
    return _depth(clean_line(raw))


def _add_whole(view: View, redactor: Redactor, first: int, raws: list[bytes], used: int) -> int:
    """Keep the whole text of each line that is a one-line JSON report longer than a line keeps (View.whole), while
    the view's budget for them lasts."""
    kept = sum(len(text) for text in view.whole.values())
    for k, raw in enumerate(raws):
        if len(raw) <= MAX_LINE_BYTES or kept + len(raw) > WHOLE_VIEW_CHARS or not opens_json(raw):
            continue
        if event_output(raw) is None:  # a test event's line is its output (`go test -json`), not a report
            view.whole[first + k] = text = redactor.redact(clean_line(raw, whole=True))
            kept, used = kept + len(text), used + len(text)
    return used
