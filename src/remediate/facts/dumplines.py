"""The lines of a tool that prints a stream in frames of its own, read as the stream they show (redact.Redactor's
`_dumps_read`): a hex dump's lines (`xxd`, `hexdump -C`, `od -A x -t x1z`, `curl --trace`: an offset, the bytes in hex,
the same bytes as text) and `curl --trace-ascii`'s (an offset, the data 64 bytes a line, a line end not shown). A
secret the frames cut in two (`...Bearer eyJhbGciOi` / `JIUzI1NiJ9...`) is one run of the stream, which the rules read
whole; each span they replace maps back to every piece of every line that shows it, the hex digits of its bytes too.
"""

from __future__ import annotations

from dataclasses import dataclass

from remediate.facts.lazyregex import Regex

# A CI's timestamp before a line (GitHub's, a timestamper's `[...]`), kept as printed.
_STAMP = r"(?:\[?\d{4}-\d\d-\d\d[Tt ][\d:.,]{5,20}(?:Z|[+-]\d\d:?\d\d)?\]?[^\S\n])?"
# A dump's line: its offset, then what follows it (the bytes in hex and as text, or the text alone).
_DUMP_LINE = Regex(rf"(?P<stamp>{_STAMP})(?P<offset>[0-9a-fA-F]{{4,16}})(?P<colon>:?)[^\S\n]{{1,2}}(?P<rest>.*)")
_HEX_GROUP = Regex(r"[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2}){0,7}")
MAX_LINE_BYTES = 32  # the most bytes a hex dump's line shows (`xxd -c 32`)
TRACE_LINE_BYTES = 64  # curl --trace-ascii's data a line
# What opens a dump's line: its offset's first digit (zero-padded: xxd's eight digits hold a letter first past 2.5 GB,
# curl's four past 40 KB, where a run breaks), a CI's timestamp. A line that opens with a word is none, cheaply.
_OPENINGS = frozenset("0123456789[")
MAX_DUMP_LINE = 256  # a dump's line at most (xxd -c 32's is 150 characters, a CI's timestamp before it): longer is none


@dataclass(frozen=True)
class Piece:
    """A dump line's share of the stream: where its bytes start in the stream, how many, and where each byte shows in
    the line (its text's character, and its hex digits where the line has them)."""

    line: int  # the line's index in the text's lines
    start: int  # its first byte's place in the stream
    text_at: int  # the column of its first byte's text
    count: int
    hex_at: tuple[tuple[int, int], ...] = ()  # each byte's hex digits' span in the line


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
    """`line` read as `curl --trace-ascii`'s data line (`0040: TEXT`, four hex digits and a colon): its offset, its
    piece and its bytes (as shown: a byte not printable is `.`)."""
    m = _DUMP_LINE.fullmatch(line)
    if m is None or len(m.group("offset")) != 4 or not m.group("colon") or len(m.group("rest")) > TRACE_LINE_BYTES:
        return None
    if line[m.end("colon") : m.start("rest")] != " ":
        return None
    text = m.group("rest")
    return int(m.group("offset"), 16), Piece(-1, 0, m.start("rest"), len(text)), text.encode("latin-1", "replace")


def dump_runs(lines: list[str]) -> list[tuple[list[Piece], str]]:
    """The runs of two or more lines of one dump in `lines`, each with the stream it shows (bytes as latin-1: a
    character a byte): hex_piece's lines, their offsets rising; trace_piece's, each at the offset after the last's
    bytes (the line wrapped: the stream goes on) or after them and a line end curl does not show (a line end in the
    stream)."""
    runs: list[tuple[list[Piece], str]] = []
    pieces: list[Piece] = []
    stream = ""
    kind, after = "", 0  # the open run's kind, and the offset after its last piece's bytes
    # only the lines a dump's may open so (_OPENINGS): a run breaks where one is skipped
    for k in [k for k, line in enumerate(lines) if line[:1] in _OPENINGS and len(line) <= MAX_DUMP_LINE]:
        read, this = _dump_line(lines[k])
        if read is not None and pieces and this == kind and k == pieces[-1].line + 1:
            gap = read[0] - after
            if (kind == "hex" and read[0] > after - pieces[-1].count) or (kind == "trace" and 0 <= gap <= 2):
                stream += "\n" if kind == "trace" and gap else ""
                pieces.append(_placed(read, k, len(stream)))
                stream += read[2].decode("latin-1")
                after = read[0] + read[1].count
                continue
        if len(pieces) > 1:
            runs.append((pieces, stream))
        pieces, stream, kind = [], "", this
        if read is not None:
            pieces, stream, after = [_placed(read, k, 0)], read[2].decode("latin-1"), read[0] + read[1].count
    if len(pieces) > 1:
        runs.append((pieces, stream))
    return runs


def _dump_line(line: str) -> tuple[tuple[int, Piece, bytes] | None, str]:
    """`line` read as a hex dump's line or else a trace's, and which."""
    if len(line) > MAX_DUMP_LINE or line[:1] not in _OPENINGS:
        return None, ""
    if (read := hex_piece(line)) is not None:
        return read, "hex"
    return ((read := trace_piece(line)), "trace" if read is not None else "")


def _placed(read: tuple[int, Piece, bytes], line: int, start: int) -> Piece:
    piece = read[1]
    return Piece(line, start, piece.text_at, piece.count, piece.hex_at)
