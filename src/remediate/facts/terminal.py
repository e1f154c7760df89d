"""Terminal control sequences out of text: one ECMA-48 routine for every place that reads tool output.

Covered (7-bit and 8-bit forms): CSI (`ESC [` / U+009B: colours, cursor moves, erase, DEC private
modes), control strings OSC/DCS/SOS/PM/APC (`ESC ] P X ^ _` / U+009D U+0090 U+0098 U+009E U+009F,
ended by ST `ESC \\` / U+009C, or BEL for OSC: titles, OSC 8 hyperlinks keep their visible text),
nF escapes (`ESC ( B` charset designation from curses' sgr0, `ESC # 8`), Fp/Fe/Fs two-byte escapes
(`ESC =`, `ESC >`, `ESC 7`, `ESC M`, `ESC c`), the remaining C1 controls, and a lone ESC. An
unterminated control string runs to the end of the text given (callers pass one line).

Also removed, because CI web UIs and log downloads lose the ESC byte: SGR written out literally
(`^[[36m`), SGR whose ESC was dropped (`[36;1m`, `(B[m`), and GitLab's erase-line `[0K` (not a bracketed word
that starts with K: collect2's `[Killed]`). A move to column 1 is a carriage return (`column_one_as_return`): the
line is redrawn from its start.

Every alternative is linear: bounded repetitions over disjoint classes, no nested quantifiers.
"""

from __future__ import annotations

import codecs
import re

from remediate.facts.lazyregex import Regex

_SEQUENCES = Regex(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                       # CSI (final byte may be cut off)
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                 # control string: OSC DCS SOS PM APC
        [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?               #   its body, up to BEL or ST
  | \x1b[ -/]+[0-~]?                                        # nF: ESC ( B, ESC # 8, ESC % G
  | \x1b[0-~]?                                              # Fp/Fe/Fs: ESC = ESC > ESC 7 ESC c; lone ESC
  | [\x80-\x9f]                                             # other C1 controls
  | \^\[\[[0-?]{0,32}[ -/]{0,4}[@-~]                        # escapes written out literally: ^[[36m
  | \(B\[m                                                  # curses sgr0 whose ESC bytes were lost
  | \[(?:\d{1,3};){0,15}\d{1,3}m                            # SGR whose ESC byte was lost: [36;1m
  | \[0K|\[K(?!\w{0,40}\])                                   # GitLab's erase-line, ESC lost; not a word: [Killed]
    """,
    re.VERBOSE,
)
# Characters that can start a sequence; text without any of them is returned untouched (fast path).
_STARTS = Regex(r"[\x1b\x80-\x9f^\[(]")
# A cursor move to column 1 (CHA: `ESC [ G`, `ESC [ 1 G`; 0 counts as 1): what follows is written
# over the line from its start, as after a carriage return. bats' pretty formatter redraws each
# test's line this way; read as a plain sequence, the old and new text would run together.
_TO_COLUMN_ONE = Regex(r"(?:\x1b\[|\x9b)[01]?G")
_TO_COLUMN_ONE_BYTES = re.compile(rb"(?:\x1b\[|\xc2\x9b)[01]?G")  # the same in a line's UTF-8 bytes


# The control sequences a line starts with (before its first printable character), and in them a
# cursor move up (CUU `ESC [ n A`, CPL `ESC [ n F`; n absent or 0 counts as 1) or, anywhere in the
# line, back down (CUD `ESC [ n B`, CNL `ESC [ n E`). Bounded repetitions: linear.
_LEADING = re.compile(rb"(?:\x1b\[[0-?]{0,16}[ -/]{0,4}[@-~]|\r){1,64}")
_UP = re.compile(rb"\x1b\[(\d{0,4})[AF]")
_DOWN = re.compile(rb"\x1b\[\d{0,4}[BE]")
MAX_LINES_UP = 200  # a move further up than a terminal shows is taken as this


def lines_up(raw: bytes) -> int:
    """How many lines above this one a terminal shows overwritten by it: the cursor moves up by
    the sequences the line starts with, and what follows is written over those lines (log-update's
    `ESC[2K ESC[1A ESC[2K ... ESC[G` before each frame of a task list, Listr, lint-staged; a
    progress bar's `ESC[1A ESC[0K`). 0 when the line later moves back down: an update in place of a
    line above (docker pull's `ESC[1A ESC[2K \r layer: Pulling ESC[1B`), which leaves the lines
    between as they were."""
    if raw[:1] not in (b"\x1b", b"\r"):
        return 0
    lead = _LEADING.match(raw)
    if lead is None:
        return 0
    up = sum(max(1, int(m.group(1) or 1)) for m in _UP.finditer(lead.group(0)))
    if not up or _DOWN.search(raw, lead.end()):
        return 0
    return min(up, MAX_LINES_UP)


def _c1_or_replacement(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: a stray byte 0x80-0x9F is an 8-bit C1 control (kept as its code
    point, so `strip_terminal` removes it with its sequence); any other invalid byte is U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(b) if 0x80 <= b <= 0x9F else "\ufffd" for b in bad), exc.end


DECODE_ERRORS = "remediate-c1"
codecs.register_error(DECODE_ERRORS, _c1_or_replacement)


def decode(raw: bytes) -> str:
    """UTF-8 text of `raw`; invalid bytes become U+FFFD, except 8-bit C1 controls (see above)."""
    return raw.decode("utf-8", errors=DECODE_ERRORS)


# Text a terminal conceals (SGR 8) up to the reset that ends it: never shown. Jenkins hides each console note
# this way (`ESC[8mha:////<base64>ESC[0m` before `[Pipeline] sh`, inside `Started by user ...`), and a raw
# build log or its progressive text keeps them. A conceal with no reset in the line is left to _SEQUENCES.
_CONCEALED = Regex(r"\x1b\[8m[^\x1b]{0,65536}\x1b\[(?:0|28)?m")


def strip_terminal(text: str) -> str:
    """`text` as a terminal would show its printable content: every control sequence removed, and what it
    conceals."""
    if not _STARTS.search(text):
        return text
    if "\x1b[8m" in text:
        text = _CONCEALED.sub("", text)
    return _SEQUENCES.sub("", text)


def column_one_as_return(text: str) -> str:
    """`text` with every cursor move to column 1 written as the carriage return it acts as."""
    if "G" not in text or ("\x1b" not in text and "\x9b" not in text):
        return text
    return _TO_COLUMN_ONE.sub("\r", text)


def moves_to_column_one(raw: bytes) -> bool:
    """Whether a line's bytes hold a cursor move to column 1 (a redraw, as column_one_as_return reads it)."""
    return b"G" in raw and _TO_COLUMN_ONE_BYTES.search(raw) is not None


def is_only_sequences(text: str) -> bool:
    """True when nothing printable is left once the sequences are gone (a bare colour reset)."""
    return not strip_terminal(text).strip()
