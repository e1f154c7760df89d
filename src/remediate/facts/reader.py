"""Reading a CI log: bounded-memory block streaming, random access by byte offset, and line cleaning.

Line numbers everywhere are 1-based and count `\\n`-separated lines of the ORIGINAL bytes, so a
range in the excerpt points at the same lines a human sees with `sed -n` on the raw log.
"""

from __future__ import annotations

import itertools
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from remediate.errors import MAX_STREAM_BYTES, STREAM_TOO_LONG, BadInput
from remediate.facts.lazyregex import Regex
from remediate.facts.redact import AUTH_SCHEMES, COMMAND_REACH, Redactor, redact_text
from remediate.facts.terminal import (
    column_one_as_return,
    decode,
    is_only_sequences,
    moves_to_column_one,
    strip_terminal,
)
from remediate.filestat import Says, stat_named

BLOCK_SIZE = 4 << 20  # bytes read per block while streaming
MAX_LINE_BYTES = 4 << 10  # a cleaned line never keeps more than this many raw bytes
# A line that opens a JSON document (a tool's one-line report: SARIF, ESLint's `-f json`) is read whole up to this
# size, beside its cleaned line (View.whole): a report's findings are spread over all of it, its middle among them.
WHOLE_LINE_BYTES = 1 << 20
WHOLE_READ_BYTES = 2 << 20  # bytes of such lines one read_lines call keeps whole, all lines together (memory bound)
# An object's `{"` or an array of objects' `[{` first, after a CI's timestamp (GitHub's `2024-05-01T10:00:00.12Z `):
# how a one-line report opens (not `[INFO]`, `[Pipeline]`: a long line of those is cut as before)
_OPENS_JSON = re.compile(rb'(?:\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d[.,\d]*(?:Z|[+-]\d\d:?\d\d)?\]? ?)?(?:\{"|\[\{)')


def opens_json(raw: bytes) -> bool:
    """Whether a raw line opens a JSON document (its first byte, after a CI's timestamp): a one-line report's."""
    return _OPENS_JSON.match(raw, 0, 64) is not None


class FactsInputError(BadInput):
    """The log cannot be read (missing, a directory, unreadable). The message is user-readable."""


_LOG_SAYS = Says(
    missing="log file not found: {path}",
    unreadable="cannot read log file {path}: {reason}",
    directory="log path is a directory, not a file: {path}",
)


class LogSource:
    """A log held as a file (streamed, never read whole) or as small in-memory bytes."""

    def __init__(self, log: Path | bytes) -> None:
        self._data: bytes | None = None
        self._file: BinaryIO | None = None
        self._spool: BinaryIO | None = None
        self.path: Path | None = None  # set for regular files (which other processes may reopen)
        if isinstance(log, bytes | bytearray | memoryview):
            self._data = bytes(log)
            self.size = len(self._data)
            self.name = "<bytes>"
            return
        path = Path(log)
        self.name = str(path)
        st = stat_named(path, self.name, _LOG_SAYS, FactsInputError)
        try:
            handle: BinaryIO = path.open("rb")
        except OSError as exc:
            raise FactsInputError(_LOG_SAYS.unreadable.format(path=path, reason=exc.strerror or exc)) from None
        if stat.S_ISREG(st.st_mode):
            self._file = handle
            self.size = st.st_size
            self.path = path
            return
        # A pipe or character device cannot seek: copy it to a temporary file first (streamed, bounded).
        with handle:
            spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
            try:
                _spool_bounded(handle, spool, path)
            except OSError as exc:
                spool.close()
                raise FactsInputError(f"cannot read log file {path}: {exc.strerror or exc}") from None
            except FactsInputError:
                spool.close()
                raise
        self._spool = spool
        self._file = spool
        self.size = spool.tell()

    # ------------------------------------------------------------------ context manager

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> LogSource:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ access

    def read(self, offset: int, size: int) -> bytes:
        """Up to `size` bytes starting at `offset` (clipped to the log)."""
        offset = max(0, offset)
        size = max(0, min(size, self.size - offset))
        if size == 0:
            return b""
        if self._data is not None:
            return self._data[offset : offset + size]
        assert self._file is not None
        try:
            self._file.seek(offset)
            return self._file.read(size)
        except OSError as exc:
            raise FactsInputError(f"cannot read log file {self.name}: {exc.strerror or exc}") from None

    def blocks(
        self, start: int = 0, end: int | None = None, block_size: int | None = None
    ) -> Iterator[tuple[int, bytes]]:
        """(offset, data) pieces covering bytes [start, end) in order. A piece ends just after a
        `\\n` unless it is the last one, or a single line is longer than `block_size` (then cut)."""
        limit = self.size if end is None else min(end, self.size)
        block_size = block_size or BLOCK_SIZE
        offset = start
        carry = b""
        while offset + len(carry) < limit:
            chunk = self.read(offset + len(carry), min(block_size, limit - offset - len(carry)))
            if not chunk:
                break
            buf = carry + chunk if carry else chunk
            cut = buf.rfind(b"\n") + 1
            if cut == 0:
                if len(buf) < block_size and offset + len(buf) < limit:
                    carry = buf
                    continue
                cut = len(buf)  # a giant line: hand it over in pieces
            yield offset, buf[:cut]
            offset += cut
            carry = buf[cut:]
        if carry:
            yield offset, carry

    def lines_from(self, offset: int, max_lines: int, chunk: int = 1 << 20) -> list[bytes]:
        """Up to `max_lines` raw lines (without `\\n`) starting at the line that begins at `offset`.
        Reading is chunked; a line longer than MAX_LINE_BYTES keeps its head and tail only."""
        return self.read_lines(offset, max_lines, chunk)[0]

    def read_lines(self, offset: int, max_lines: int, chunk: int = 1 << 20) -> tuple[list[bytes], int]:
        """`lines_from`, and the offset just after the last line returned (where to go on)."""
        out: list[bytes] = []
        line = _LineBuffer()
        pos = offset
        end = offset
        while len(out) < max_lines and pos < self.size:
            data = self.read(pos, chunk)
            start = 0
            while len(out) < max_lines:
                nl = data.find(b"\n", start)
                if nl < 0:
                    line.add(data[start:])
                    start = len(data)
                    break
                line.add(data[start:nl])
                out.append(line.take())
                start = nl + 1
                end = pos + start
            pos += len(data)
        if line.size and len(out) < max_lines:
            out.append(line.take())
            end = self.size
        return out, end

    def lines_before(self, offset: int, max_lines: int, max_bytes: int = 256 << 10) -> list[bytes]:
        """Up to `max_lines` raw lines that end just before `offset` (which starts a line)."""
        if offset <= 0 or max_lines <= 0:
            return []
        start = max(0, offset - max_bytes)
        data = self.read(start, offset - start)
        if data.endswith(b"\n"):
            data = data[:-1]
        parts = data.split(b"\n")
        if start > 0:
            parts = parts[1:]  # the first piece may be a partial line
        return parts[-max_lines:]


def _spool_bounded(source: BinaryIO, spool: BinaryIO, path: Path) -> None:
    """Copy a stream into the spool, refusing it past MAX_STREAM_BYTES (an endless device or pipe)."""
    copied = 0
    while block := source.read(min(BLOCK_SIZE, MAX_STREAM_BYTES + 1 - copied)):
        copied += len(block)
        if copied > MAX_STREAM_BYTES:
            raise FactsInputError(STREAM_TOO_LONG.format(name=path))
        spool.write(block)


class _LineBuffer:
    """Accumulates one line's pieces, keeping only head and tail of a giant line; a line that opens a JSON document
    whole, up to WHOLE_LINE_BYTES (the view keeps its text apart: View.whole). Whether it does is asked once, when
    the line outgrows the head: a short line costs nothing more."""

    def __init__(self) -> None:
        self.head = b""
        self.tail = b""
        self.size = 0
        self.whole: bytearray | None = None  # the line so far, while it opens JSON and fits WHOLE_LINE_BYTES
        self.says_secret = False  # whether the bytes after the head said `"Secret"` (_says_secret)
        self.room = WHOLE_READ_BYTES  # what lines kept whole may still take, this buffer's lines together

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if len(self.head) < MAX_LINE_BYTES:
            room = MAX_LINE_BYTES - len(self.head)
            self.head += piece[:room]
            piece = piece[room:]
            if piece and opens_json(self.head):
                self.whole = bytearray(self.head)
        if piece:
            self.says_secret = self.says_secret or _says_secret(self.tail or self.head, piece)
            self.tail = (self.tail + piece)[-MAX_LINE_BYTES:]
            if self.whole is not None and self.size <= min(WHOLE_LINE_BYTES, self.room):
                self.whole += piece
            else:
                self.whole = None

    def take(self) -> bytes:
        if self.whole is not None:
            raw = bytes(self.whole)
            self.room -= len(raw)
        elif self.size == len(self.head) + len(self.tail):
            raw = _cap(self.head + self.tail)
        else:  # bytes were dropped between head and tail
            head = _cut_secret_head(self.head) if self.says_secret else self.head
            raw = _safe_head(head, MAX_LINE_BYTES // 2) + ELLIPSIS + _kept_tail(self.tail, MAX_LINE_BYTES // 4)
        self.head, self.tail, self.size, self.whole, self.says_secret = b"", b"", 0, None, False
        return raw


_SECRET_KIND = b'"Secret"'


def _says_secret(before: bytes, piece: bytes) -> bool:
    """Whether `piece`, or the bytes where it joins `before`, says `"Secret"` (an object's kind): one search a piece."""
    joint = len(_SECRET_KIND) - 1
    return _SECRET_KIND in piece or _SECRET_KIND in before[-joint:] + piece[:joint]


def _cut_secret_head(head: bytes) -> bytes:
    """The head of a line longer than WHOLE_LINE_BYTES (or one not read whole: its JSON after a prefix, `[deploy] {...`)
    whose dropped part or tail says `"Secret"`: the data values of the JSON objects it leaves open redacted
    (Redactor.cut_secret_data), before the cut drops the kind that would have said they are a Secret's (`kubectl get
    secret -o json | jq -c .` of a Secret over 1 MiB: its keys sorted, data before kind)."""
    text = head.decode("utf-8", "surrogateescape")
    return Redactor().cut_secret_data(text).encode("utf-8", "surrogateescape")


ELLIPSIS = b" [...] "
# A token ends at one of these; cutting a line only there keeps a secret from being split into a
# fragment too short for the redactor to recognise.
_FIRST_DELIMITER = re.compile(rb"[\s\"'`,;=:&?()<>\[\]{}|]")


def _safe_head(data: bytes, n: int) -> bytes:
    if len(data) <= n:
        return data
    piece = data[:n]
    m = _FIRST_DELIMITER.search(piece[::-1])  # the last delimiter, found from the end
    return piece[: len(piece) - m.start()] if m else b""


# A kept tail must not open on a value whose key the cut dropped (`...password=` | `hunter2`, `Authorization:` |
# `Bearer abc`, `"token": "abc"`): the redaction, which reads the line after the cut, would not know it is one.
_KEY_SEPARATORS = b":=>"
_SCHEMES = frozenset(scheme.encode() for scheme in AUTH_SCHEMES)
_QUOTES_AND_BLANKS = b" \t\"'`"


def _opens_on_value(data: bytes, at: int) -> bool:
    """Whether a tail opening at the delimiter `data[at]` may open on a value: the delimiter is a key's separator, or
    what is before it (the cut part too) ends in one or in an auth scheme's word, or what follows opens with one."""
    before = data[max(0, at - 64) : at].rstrip(_QUOTES_AND_BLANKS)
    after = data[at + 1 : at + 64].lstrip(_QUOTES_AND_BLANKS)
    return (
        data[at] in _KEY_SEPARATORS
        or before[-1:] in (b":", b"=", b">")
        or after[:1] in (b":", b"=")
        or before[before.rfind(b" ") + 1 :].lower() in _SCHEMES
    )


def _safe_tail(data: bytes, n: int) -> bytes:
    if len(data) <= n:
        return data
    start = len(data) - n
    for m in _FIRST_DELIMITER.finditer(data, start):
        if not _opens_on_value(data, m.start()):
            return data[m.start() :]
    return b""


def shorten(raw: bytes, n: int) -> bytes:
    """At most about `n` bytes of a line: its head and tail, cut between tokens."""
    raw = _secrets_read_whole(raw)
    return _safe_head(raw, n * 2 // 3) + ELLIPSIS + _kept_tail(raw, n // 3)


def _cap(raw: bytes) -> bytes:
    """A line longer than MAX_LINE_BYTES keeps its head and tail, cut between tokens."""
    if len(raw) <= MAX_LINE_BYTES:
        return raw
    raw = _secrets_read_whole(raw)
    return _safe_head(raw, MAX_LINE_BYTES // 2) + ELLIPSIS + _kept_tail(raw, MAX_LINE_BYTES // 4)


def _secrets_read_whole(raw: bytes) -> bytes:
    """A line about to be cut (a one-line JSON document is read whole up to WHOLE_LINE_BYTES) with the data values of
    the Kubernetes Secrets it prints redacted first: the cut may drop an object's kind, which says its data is a
    Secret's (`kubectl get secret -o json | jq -c .`: the keys sorted, data first, then kind, then a metadata as long
    as the data, its last-applied-configuration annotation holding them again). One pass of the object reader:
    linear."""
    if b'"Secret' not in raw:
        return raw
    text = raw.decode("utf-8", "surrogateescape")
    return Redactor().secret_objects(text).encode("utf-8", "surrogateescape")


_CONTEXT_BYTES = COMMAND_REACH + 1024  # more than the rules look back from a value to what makes it one


def _kept_tail(data: bytes, n: int) -> bytes:
    """About the last `n` bytes of a long line, its values redacted before the cut: the cut must not decide what is a
    secret. A value is one by its context (`curl ... -u ci:PASS`, `--token VALUE`), which the cut may drop; the kept
    part is redacted with the _CONTEXT_BYTES before it. Long lines only pay this."""
    context = data[-(n + _CONTEXT_BYTES) :].decode("utf-8", "surrogateescape")
    return _safe_tail(redact_text(context).encode("utf-8", "surrogateescape"), n)


# ---------------------------------------------------------------------- cleaning

# GitHub Actions / GitLab runner timestamps, and `gh run view --log` "job<TAB>step<TAB>" prefixes.
_GH_PREFIX = Regex(r"^[^\t\n]{1,200}\t[^\t\n]{1,200}\t(?=\d{4}-\d\d-\d\dT)")
_TIMESTAMP = Regex(
    r"^\ufeff?(?:\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?"
    r"(?: \d\d[OE]\+?)? ?"
    r"|\[?\d\d:\d\d:\d\d(?:[.,]\d+)?\]?(?:  +|\t| (?=\S)))"  # time-only prefixes (dbt, Jenkins timestamper)
)
# TeamCity's downloaded build log (facts/ci/teamcity.py): the time and the line's status (`[12:00:00]W: `), then a
# nested line's indentation and its block's name (`\t [Step 2/3] `, `\t\t [docker] `); the log's tree as copied from
# its page has no status (`[12:00:00][Step 2/3] npm test`, `[12:00:00]Step 2/3: Test (Command Line)`).
_TEAMCITY = Regex(
    r"^\[\d\d:\d\d:\d\d\](?:[ iWEF]:(?:[\t ]+\[[^\]\n]{1,200}\] ?| )?"
    r"|\[Step \d{1,3}/\d{1,3}\] |(?=Step \d{1,3}/\d{1,3}: ))"
)
# `drone exec`'s (and `woodpecker-cli exec`'s) prefix of each line a step wrote: the step's name, the line's number
# in it and the seconds since it began (`[test:L3:10s] `: harness/drone-cli#51, after cncd/pipeline's rpc/line.go).
# Their servers' step logs show the lines bare (`+ go test ./...`, then its output: harness/drone-cli#39), as
# Bitbucket Pipelines' do: a plain shell's log.
_DRONE_EXEC = Regex(r"^\[[\w.-]{1,100}:L\d{1,7}:\d{1,7}s\] ")
_CONTROL = Regex(r"[\x00-\x08\x0b-\x1f\x7f]")
_RAW_ESCAPE = Regex(r"[\x1b\x80-\x9f]")
# Google Cloud Build's prefix of each line a step wrote (`Step #0 - "test": `, `Step #0: ` for a step with no id):
# facts/ci/cloudbuild.py.
_CLOUDBUILD_STEP = Regex(r'^Step #\d{1,4}(?: - "[^"\n]{0,200}")?: ')
_GITLAB_SECTION = Regex(r"section_(?:start|end):\d+:[A-Za-z0-9_\-.]+(?:\[[^\]]*\])?")


strip_ansi = strip_terminal  # the name other modules import


_JUNK = Regex(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\ufffd]")  # not ESC, CR: escape codes are text


def _is_binary(text: str) -> bool:
    if len(text) < 16 or _JUNK.search(text) is None:  # most lines hold no junk: no list of it is made for them
        return False
    return len(_JUNK.findall(text)) * 4 > len(text)


def clean_line(raw: bytes, *, whole: bool = False) -> str:
    """What a human would read on this line: no colours, no timestamp, no progress-bar frames.

    `\\r` progress output, and a line redrawn after a cursor move to column 1, keep only the last
    frame (plus earlier frames that say "error"); CRLF endings are dropped, invalid UTF-8 becomes
    U+FFFD, and binary junk becomes a short marker. A line longer than MAX_LINE_BYTES keeps its head and tail, unless
    it is read `whole` (a one-line JSON report: View.whole).
    """
    text = decode(raw if whole else _cap(raw))
    if _is_binary(text):
        return f"[binary data, {len(raw)} bytes]"
    text = column_one_as_return(text)
    if text.find("\r", 0, len(text) - 1) >= 0:
        text = _kept_frames(text.split("\r"))
    elif text[-1:] == "\r":  # a CRLF ending alone (most lines of a Windows-made log): no frames to choose from
        # The frames' way would strip the sequences twice (is the line only sequences? then strip them) to
        # end where this does: a line of sequences alone strips to blanks, which the rstrip below drops.
        text = text[:-1]
    if not whole or _RAW_ESCAPE.search(text):  # a JSON document escapes its sequences (`\u001b`): a raw one is rare
        text = strip_terminal(text)
    if text[:1] == "\ufeff":
        text = text[1:]
    if "\t" in text[:402]:
        text = _GH_PREFIX.sub("", text, count=1)
    if text[:1] in "[0123456789":
        text = _unstamped(text)
    if text[:1] == "[" and ":L" in text[:110]:
        text = _DRONE_EXEC.sub("", text, count=1)
    if text[:6] == "Step #":
        text = _CLOUDBUILD_STEP.sub("", text, count=1)
    if "section_" in text:
        text = _GITLAB_SECTION.sub("", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text.rstrip()


# What clean_line may change inside a line, not only cut at its ends: a byte other than printable ASCII (a control, a
# redraw's `\r`, a sequence's ESC or C1, the tab of GitHub's prefix, a character it may read as junk), a sequence
# whose ESC a CI lost (`^[[36m`, `[36m`, `(B[m`, `[0K`: terminal._SEQUENCES), GitLab's section marker (_GITLAB_SECTION).
_CHANGED_INSIDE = re.compile(rb"[^ -~]|\^\[|\[[\d;]*[mK]|section_")


def holding_clean(raw: bytes) -> str:
    """A text that holds clean_line(raw), at less cost: a line clean_line would only cut at its ends (a CI's time
    prefix, a CRLF ending, trailing blanks) is its text as it stands; any other line is cleaned. A screen that looks
    for a key within a line finds in it whatever clean_line's text shows (view._unread_around)."""
    body = raw[:-1] if raw[-1:] == b"\r" else raw
    if len(raw) > MAX_LINE_BYTES or _CHANGED_INSIDE.search(body):
        return clean_line(raw)
    return body.decode("ascii")


def _kept_frames(frames: list[str]) -> str:
    """A redrawn line's text: its last frame with something printable, after the earlier such frames that say "error"
    (a progress bar's hundred frames: only those that can be kept are stripped to tell whether they hold text)."""
    last = len(frames) - 1
    while last >= 0 and is_only_sequences(frames[last]):
        last -= 1
    if last < 0:
        return ""
    said = [f for f in frames[:last] if ("rror" in f or "FAIL" in f) and not is_only_sequences(f)]
    return " ".join([*said, frames[last]])


def _unstamped(text: str) -> str:
    """The line without the CI's prefix of its time (TeamCity's with its status and block, else a timestamp), and
    without a tool's own stamp behind it (dbt's `10:19:14  `)."""
    teamcity = _TEAMCITY.match(text) if text[9:10] == "]" else None
    if teamcity is not None:
        text, stamps = text[teamcity.end() :], 1
    else:
        text, stamps = _TIMESTAMP.subn("", text, count=1)
    if stamps and text[:1] in "[0123456789":
        text = _TIMESTAMP.sub("", text, count=1)
    return text


def spliced_frames(raw: bytes) -> tuple[str, list[int]] | None:
    """A line of frames (clean_line keeps the last): the frames' text joined without the redraws, and where in it each
    frame after the first starts; None for a line of one frame. A redraw is a `\\r` or a cursor move to column 1
    (`ESC[G`, `ESC[1G`: column_one_as_return), as clean_line reads it; a pty's redraw can cut a value in two
    (`ghp_12…\\r…89`): joined, the value is whole again for the redactor (view._learn_split)."""
    if raw.find(b"\r", 0, len(raw) - 1) < 0 and not moves_to_column_one(raw):
        return None
    text = column_one_as_return(decode(_cap(raw)))
    frames = [strip_terminal(f) for f in text.rstrip("\r").split("\r") if not is_only_sequences(f)]
    if len(frames) < 2:
        return None
    return "".join(frames), list(itertools.accumulate(len(f) for f in frames[:-1]))


def gh_step_prefix(raw: bytes) -> str | None:
    """The step name from a `gh run view --log` line ("job<TAB>step<TAB>timestamp ...")."""
    text = decode(raw[:420])
    m = _GH_PREFIX.match(text)
    if not m:
        return None
    return m.group(0).split("\t")[1].strip() or None
