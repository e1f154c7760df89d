"""The lines of a tool that prints a stream in frames of its own, read as the stream they show (redact.Redactor's
`_dumps_read`): a hex dump's lines (`xxd`, `hexdump -C`, `od -A x -t x1z`, `curl --trace`: an offset, the bytes in hex,
the same bytes as text), `curl --trace-ascii`'s (an offset, the data 64 bytes a line, a line end not shown) and a
character dump's (`od -c`, `hexdump -c`: an offset, each byte in a cell of four, escaped). A secret the frames cut in
two (`...Bearer eyJhbGciOi` / `JIUzI1NiJ9...`) is one run of the stream, which the rules read whole; each span they
replace maps back to every piece of every line that shows it, the hex digits of its bytes too. A `*` line (od's,
hexdump's, xxd's rows that repeat the row above, squeezed) goes on the run: the row it repeats is the stream's just
before the next line's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from remediate.facts.lazyregex import Regex

# A CI's timestamp before a line (GitHub's, a timestamper's `[...]`), kept as printed.
_STAMP = r"(?:\[?\d{4}-\d\d-\d\d[Tt ][\d:.,]{5,20}(?:Z|[+-]\d\d:?\d\d)?\]?[^\S\n])?"
# A dump's line: its offset, then what follows it (the bytes in hex and as text, or the text alone).
_DUMP_LINE = Regex(rf"(?P<stamp>{_STAMP})(?P<offset>[0-9a-fA-F]{{4,16}})(?P<colon>:?)[^\S\n]{{1,2}}(?P<rest>.*)")
_HEX_GROUP = Regex(r"[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2}){0,7}")
_CHAR_CELL = r"(?:   [!-~]|  \\[0abfnrtv]| [0-3][0-7]{2}|    )"  # od -c's: a byte as itself, a C escape, octal, a blank
# A character dump's line: its offset (od's seven octal digits, hexdump -c's seven hex, `od -A x`'s six), its cells (the
# fewest: blank cells at its end are its padding, or a byte no secret ends with).
_CHARS_LINE = Regex(rf"(?P<stamp>{_STAMP})(?P<offset>[0-9a-fA-F]{{6,8}})(?P<cells>{_CHAR_CELL}{{1,32}}?)[^\S\n]*")
_CHAR_ESCAPES = {"0": 0, "a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
_SQUEEZED = Regex(rf"{_STAMP}\*[^\S\n]*")  # the rows a dump squeezed: the row above repeated
# curl's trace of a chunk of data it read or sent (its lines' offsets from 0): the chunks of one way are one stream.
_CHUNK = Regex(rf"{_STAMP}(?P<way><= Recv|=> Send) data, \d+ bytes \(0x[0-9a-f]+\)")
MAX_LINE_BYTES = 32  # the most bytes a hex dump's line shows (`xxd -c 32`)
TRACE_LINE_BYTES = 64  # curl --trace-ascii's data a line
# What opens a dump's line: its offset's first digit (zero-padded: xxd's eight digits hold a letter first past 2.5 GB),
# a CI's timestamp. A line that opens with a word is none, cheaply. A line right below a run's may open with a letter
# too (curl's four digits hold one first past 40 KB: `a000: `), or be a `*` line or the head of curl's next chunk.
_OPENINGS = frozenset("0123456789[")
_FOLLOWING = _OPENINGS | frozenset("abcdefABCDEF*<=")
MAX_DUMP_LINE = 256  # a dump's line at most (xxd -c 32's is 150 characters, a CI's timestamp before it): longer is none


@dataclass(frozen=True)
class Piece:
    """A dump line's share of the stream: where its bytes start in the stream, how many, and where each byte shows in
    the line (its text's character, and its hex digits where the line has them)."""

    line: int  # the line's index in the text's lines
    start: int  # its first byte's place in the stream
    text_at: int  # the column of its first byte's text
    count: int
    # each byte's hex digits' span in the line (a character dump's: its cell's, where `text_at` is -1: no text column)
    hex_at: tuple[tuple[int, int], ...] = ()


def _shown(byte: int) -> str:
    """A byte as a dump's text column shows it: printable ASCII as itself, any other as `.`."""
    return chr(byte) if 0x20 <= byte < 0x7F else "."


def hex_piece(line: str) -> tuple[int, Piece, bytes] | None:
    """`line` read as a hex dump's (its offset, its piece, its bytes), or None: the bytes its hex shows must be what its
    text column shows, byte for byte (a `|...|` or `>...<` around it), so no other line reads as one."""
    m = _DUMP_LINE.fullmatch(line)
    if m is None:
        return None
    groups: list[tuple[int, int]] = []
    pos = m.start("rest")
    while len(groups) < MAX_LINE_BYTES and (g := _HEX_GROUP.match(line, pos)) is not None:
        groups.append(g.span())
        pos = g.end()
        if not line.startswith(" ", pos):
            break
        pos += 1 if not line.startswith("  ", pos) or line.startswith("   ", pos) else 2
    for k in range(len(groups), 0, -1):  # the text column may open with what reads as hex: fewer groups then
        read = _hex_read(line, groups[:k])
        if read is not None:
            return int(m.group("offset"), 16), Piece(-1, 0, read[0], len(read[1]), read[2]), read[1]
    return None


def _hex_read(line: str, groups: list[tuple[int, int]]) -> tuple[int, bytes, tuple[tuple[int, int], ...]] | None:
    """The text column's start, the bytes and each byte's hex span where `groups` are the line's hex and its text
    column (after a blank; a `|...|` or `>...<` around it) shows the same bytes; else None."""
    spans = tuple((a + 2 * k, a + 2 * k + 2) for a, b in groups for k in range((b - a) // 2))
    data = bytes.fromhex("".join(line[a:b] for a, b in spans))
    rest = groups[-1][1]
    column, shown = line[rest:], "".join(_shown(b) for b in data)
    body = column.strip(" ")
    if not column.startswith(" ") or not body:
        return None
    first = rest + len(column) - len(column.lstrip(" "))  # the column's first character that is no blank
    if body[0] + body[-1] in ("||", "><") and len(body) == len(shown) + 2:
        return (first + 1, data, spans) if body[1:-1] == shown else None
    at = first - (len(shown) - len(shown.lstrip(" ")))  # the text's own blanks before its first character
    return (at, data, spans) if at > rest and body == shown.strip(" ") else None


def trace_piece(line: str) -> tuple[int, Piece, bytes] | None:
    """`line` read as `curl --trace-ascii`'s data line (`0040: TEXT`, four hex digits or more and a colon: `%4.4zx`):
    its offset, its piece and its bytes (as shown: a byte not printable is `.`)."""
    m = _DUMP_LINE.fullmatch(line)
    if m is None or len(m.group("offset")) < 4 or not m.group("colon") or len(m.group("rest")) > TRACE_LINE_BYTES:
        return None
    if line[m.end("colon") : m.start("rest")] != " ":
        return None
    text = m.group("rest")
    return int(m.group("offset"), 16), Piece(-1, 0, m.start("rest"), len(text)), text.encode("latin-1", "replace")


def chars_piece(line: str) -> tuple[int, Piece, bytes] | None:
    """`line` read as a character dump's (`od -c`, `hexdump -c`): its offset, its piece (each byte's cell) and bytes."""
    m = _CHARS_LINE.fullmatch(line)
    if m is None:
        return None
    at, cells = m.start("cells"), m.group("cells")
    spans = tuple((at + k, at + k + 4) for k in range(0, len(cells), 4))
    data = bytes(_cell_byte(cells[k : k + 4]) for k in range(0, len(cells), 4))
    return int(m.group("offset"), 16), Piece(-1, 0, -1, len(data), spans), data


def _cell_byte(cell: str) -> int:
    body = cell.lstrip(" ")
    if len(body) == 3:
        return int(body, 8)
    if len(body) == 2:
        return _CHAR_ESCAPES[body[1]]
    return ord(body) if body else 0x20


@dataclass
class _Run:
    """A run of a dump's lines being read: its kind, its pieces, the stream they show, the offset after its last
    piece's bytes, its last line's index, and whether that line is a `*` (the row above repeated) or the head of curl's
    next chunk of the same way (its lines' offsets from 0)."""

    kind: str
    pieces: list[Piece] = field(default_factory=list)
    stream: str = ""
    after: int = 0
    last: int = -1
    squeezed: bool = False
    chunked: bool = False


def dump_runs(lines: list[str]) -> list[tuple[list[Piece], tuple[str, ...]]]:
    """The runs of two or more lines of one dump in `lines`, each with the readings of the stream it shows (bytes as
    latin-1: a character a byte; _readings): hex_piece's and chars_piece's lines, their offsets rising (a `*` line
    between two: _SQUEEZED); trace_piece's, each at the offset after the last's bytes (the line wrapped: the stream
    goes on) or after them and a line end curl does not show (a line end in the stream)."""
    runs: list[tuple[list[Piece], tuple[str, ...]]] = []
    run = _Run("")
    for k, line in enumerate(lines):
        follows = k == run.last + 1
        if line[:1] not in (_FOLLOWING if follows else _OPENINGS) or len(line) > MAX_DUMP_LINE:
            continue  # only the lines a dump's may open so: a run breaks where one is skipped
        if follows and run.kind in ("hex", "chars") and not run.squeezed and _SQUEEZED.fullmatch(line):
            run.squeezed, run.last = True, k
            continue
        if follows and line[:1] in "[<=" and _next_chunk(lines, run, line):
            run.chunked, run.last = True, k
            continue
        read, kind = _dump_line(line)
        if read is not None and follows and kind == run.kind and _goes_on(run, read[0]):
            _extended(run, read, k)
            continue
        if len(run.pieces) > 1:
            runs.append(_readings(run))
        run = _Run(kind)
        if read is not None:
            _extended(run, read, k)
    if len(run.pieces) > 1:
        runs.append(_readings(run))
    return runs


def _readings(run: _Run) -> tuple[list[Piece], tuple[str, ...]]:
    """A run's pieces and the readings of its stream, all of one length: as shown, and a trace's with each `.` read
    as a line end (--trace-ascii shows a byte not printable as `.`, a line feed alone too: `.DB_PASSWORD=` opens a
    line)."""
    if run.kind == "trace" and "." in run.stream:
        return run.pieces, (run.stream, run.stream.replace(".", "\n"))
    return run.pieces, (run.stream,)


def _goes_on(run: _Run, offset: int) -> bool:
    """Whether a line at `offset` goes on `run`: a trace's at the offset after its bytes (a line end between, unshown,
    or none); a dump's past the last line's offset, past its bytes too after a `*` line; at 0 after a chunk's head."""
    if run.chunked:
        return offset == 0
    if run.kind == "trace":
        return 0 <= offset - run.after <= 2
    return offset > run.after - (0 if run.squeezed else run.pieces[-1].count)


def _extended(run: _Run, read: tuple[int, Piece, bytes], line: int) -> None:
    """`run` with the line at index `line` read (`read`) after its pieces."""
    if run.kind == "trace" and run.pieces and read[0] > run.after:
        run.stream += "\n"
    if run.kind == "chars" and run.pieces:
        _padded(run)
    if run.squeezed:  # the row the `*` repeats is the stream's just before this line's
        row = run.pieces[-1]
        run.pieces.append(replace(row, start=len(run.stream)))
        run.stream += run.stream[row.start : row.start + row.count]
    piece = read[1]
    run.pieces.append(Piece(line, len(run.stream), piece.text_at, piece.count, piece.hex_at))
    run.stream += read[2].decode("latin-1")
    run.after, run.last, run.squeezed, run.chunked = read[0] + piece.count, line, False, False


def _next_chunk(lines: list[str], run: _Run, line: str) -> bool:
    """Whether `line` heads curl's next chunk of the data whose chunk `run` shows (the line above its first line heads
    that one, of the same way): the stream goes on in its lines."""
    if run.kind not in ("hex", "trace") or run.chunked or not run.pieces or run.pieces[0].line == 0:
        return False
    this, first = _CHUNK.fullmatch(line), _CHUNK.fullmatch(lines[run.pieces[0].line - 1])
    return this is not None and first is not None and this.group("way") == first.group("way")


def _padded(run: _Run) -> None:
    """A character dump's last line given back the blank cells at its end (its line's trailing blanks, cut): a line
    that another follows shows as many bytes as the run's first."""
    last, width = run.pieces[-1], run.pieces[0].count
    if last.count >= width or not last.hex_at:
        return
    end = last.hex_at[-1][1]
    cells = tuple((end + 4 * k, end + 4 * k + 4) for k in range(width - last.count))
    run.pieces[-1] = replace(last, count=width, hex_at=last.hex_at + cells)
    run.stream += " " * (width - last.count)
    run.after += width - last.count


def _dump_line(line: str) -> tuple[tuple[int, Piece, bytes] | None, str]:
    """`line` read as a hex dump's line, else a trace's, else a character dump's, and which."""
    if (read := hex_piece(line)) is not None:
        return read, "hex"
    if (read := trace_piece(line)) is not None:
        return read, "trace"
    return ((read := chars_piece(line)), "chars" if read is not None else "")


def in_a_run(line: str) -> bool:
    """Whether `line` may be a line of a dump's run (a dump's line, a `*` line, a chunk's head): a reader of lines in
    pieces reads the last lines of a piece that are, with the next piece (view._add_lines), so a run its edge cuts is
    one stream."""
    if len(line) > MAX_DUMP_LINE or line[:1] not in _FOLLOWING:
        return False
    if _SQUEEZED.fullmatch(line) is not None or _CHUNK.fullmatch(line) is not None:
        return True
    return _dump_line(line)[0] is not None


MIN_FOLD_WIDTH = 40  # a wrap narrower is no tool's (fold's 80, textwrap's 70, a runner's, Docker's 16 KB split)


def fold_runs(lines: list[str]) -> list[tuple[int, int]]:
    """The runs of two or more lines a wrap at a fixed width may have cut from one (`fold -w`, textwrap's
    break_long_words, a runner's wrap, Docker's 16 KB split of a long line), as their first and last lines' indexes:
    every line but the last exactly the run's width (MIN_FOLD_WIDTH or more), the last no wider, and no blank at either
    side of each edge (a wrap at a blank may have been the text's own line end). A dump's lines are its own run."""
    widths = [len(line) for line in lines]
    # the edges a wrap may have made, by their widths alone (one pass in C: most lines are none's)
    edges = [k for k, (w, below) in enumerate(itertools.pairwise(widths)) if w >= MIN_FOLD_WIDTH and 0 < below <= w]
    runs: list[tuple[int, int]] = []
    for k in edges:
        if lines[k][-1].isspace() or lines[k + 1][0].isspace():
            continue
        if runs and runs[-1][1] == k and widths[k] == widths[runs[-1][0]]:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return [
        (first, last) for first, last in runs if lines[first][:1] not in _OPENINGS or not _dump_line(lines[first])[0]
    ]


def fold_pieces(lines: list[str], first: int, last: int) -> list[Piece]:
    """A fold's run's lines (`first` to `last`) as pieces of the line they join to."""
    pieces, at = [], 0
    for k in range(first, last + 1):
        pieces.append(Piece(k, at, 0, len(lines[k])))
        at += len(lines[k])
    return pieces
