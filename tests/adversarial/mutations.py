"""Hostile logs made from real ones: each mutation takes a real sample's bytes (tests/facts/data) and a seeded random
source and returns what a broken, cut, re-encoded or malicious log could hold in its place. Shared by the property
test (tests/adversarial/test_mutated_samples.py) and bench/mutated_samples.py, which runs many more seeds."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]

_C0 = [bytes([c]) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)]  # every C0 control but \t, \n, \r
_C1 = [chr(c).encode() for c in range(0x80, 0xA0)] + [bytes([c]) for c in (0x85, 0x9B, 0x9D)]  # encoded and raw
# What decodes (errors=replace) to U+FFFD or to a character a line splitter may break on: an encoded lone surrogate,
# bytes no UTF-8 starts with, a cut sequence, a BOM, the line and paragraph separators, NEL, a form feed.
_ODD = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xef\xbb\xbf"]
_ODD += ["\u2028".encode(), "\u2029".encode(), "\x85".encode(), b"\x0c", b"\x1b[", b"\x1b]8;;", b"\x1b[999999999999C"]

_NUMBER = re.compile(rb"(?<=[:(\[ ,=\"])\d{1,9}(?=[:),\] \"])")
_JSON_FIELD = re.compile(rb'("[\w$-]+": ?)("(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)')
_XML_ATTRIBUTE = re.compile(rb'( [\w:-]+=")([^"\n]*)(")')
# What a field of a JSON or XML report may hold that its reader does not expect.
_WRONG_JSON = [b'"12"', b"true", b"false", b"null", b"[1, 2]", b'{"a": 1}', b"[]", b"{}", b"-1", b"0", b"1.5e999"]
_WRONG_JSON += [b"99999999999999999999", b'"x\\ud800y"', b'"\\u0000"', b'"C:\\Users"', b"1e-400", b"-0"]
_WRONG_XML = [b"x", b"-1", b"0", b"99999999999999999999", b"1e999", b"NaN", b"&lol9;", b"&#0;", b"&#xD800;", b""]
_BIG = [b"0", b"-1", b"-0", b"99999999999999999999", b"9" * 300, b"00000000000000000001", b"\xd9\xa3", b"\xef\xbc\x91"]
_ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, b"".join(b"&lol%d;" % (i - 1) if i > 1 else b"&lol;" for _ in range(10)))
        for i in range(1, 10)
    )
    + b"]>\n"
)


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _at(rng: random.Random, lines: list[bytes]) -> int:
    return rng.randrange(len(lines))


def truncate(raw: bytes, rng: random.Random) -> bytes:
    """Cut anywhere: at a line's end, or inside a line (a multi-byte character, a JSON string, an escape)."""
    cut = rng.randrange(len(raw) + 1)
    if rng.random() < 0.5:
        cut = raw.rfind(b"\n", 0, cut) + 1
    return raw[:cut]


def duplicate(raw: bytes, rng: random.Random) -> bytes:
    """A run of lines printed again (a retried step, a flushed buffer), up to 50 times."""
    lines = _lines(raw)
    start = _at(rng, lines)
    run = lines[start : start + rng.randint(1, 40)]
    lines[start:start] = run * rng.randint(1, 50)
    return b"\n".join(lines)


def shuffle(raw: bytes, rng: random.Random) -> bytes:
    """Lines out of order (interleaved parallel jobs): a window shuffled, or the whole log."""
    lines = _lines(raw)
    start = _at(rng, lines) if rng.random() < 0.7 else 0
    end = start + rng.randint(2, 60) if start else len(lines)
    window = lines[start:end]
    rng.shuffle(window)
    lines[start:end] = window
    return b"\n".join(lines)


def flip_bytes(raw: bytes, rng: random.Random) -> bytes:
    """A few bits flipped anywhere (a corrupt download, a cut multi-byte character)."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def _insert(raw: bytes, rng: random.Random, pieces: list[bytes], count: int) -> bytes:
    data = bytearray(raw)
    for _ in range(count):
        at = rng.randrange(len(data) + 1)
        data[at:at] = rng.choice(pieces)
    return bytes(data)


def controls(raw: bytes, rng: random.Random) -> bytes:
    """C0 and C1 controls and NUL anywhere, encoded and raw."""
    return _insert(raw, rng, _C0 + _C1, rng.randint(1, 200))


def odd_encodings(raw: bytes, rng: random.Random) -> bytes:
    """Lone surrogates (U+FFFD once decoded with errors=replace), cut sequences, BOMs, line separators a splitter may
    break on, unterminated escape sequences."""
    return _insert(raw, rng, _ODD, rng.randint(1, 100))


def cr_line_ends(raw: bytes, rng: random.Random) -> bytes:
    """Every line ended by a CR alone (an old Mac's, a progress bar's), or by CRLF, or by a mix."""
    choice = rng.choice([b"\r", b"\r\n", b"\n\r", b"mix"])
    if choice != b"mix":
        return raw.replace(b"\n", choice)
    return b"".join(line + rng.choice([b"\r", b"\n", b"\r\n"]) for line in _lines(raw))


def huge_line(raw: bytes, rng: random.Random) -> bytes:
    """A 1 MB line: one of the log's lines repeated without its end, or a run of one of its bytes."""
    lines = _lines(raw)
    at = _at(rng, lines)
    unit = lines[at] or b"x"
    if rng.random() < 0.5:
        unit = unit[rng.randrange(len(unit)) :][:1] or b" "
    lines.insert(at, (unit * (1_000_000 // len(unit) + 1))[:1_000_000])
    return b"\n".join(lines)


def deep_nesting(raw: bytes, rng: random.Random) -> bytes:
    """JSON nested past any parser's depth, in a field's place or on a line of its own."""
    depth = rng.choice([100, 1_000, 100_000])
    opener = rng.choice([b"[", b'{"a":', b'{"Action":"output","Output":'])
    nested = opener * depth
    lines = _lines(raw)
    at = _at(rng, lines)
    if found := _JSON_FIELD.search(lines[at]):
        lines[at] = lines[at][: found.start(2)] + nested + lines[at][found.end(2) :]
    else:
        lines.insert(at, nested + b"1" + (b"]" if opener == b"[" else b"}") * depth)
    return b"\n".join(lines)


def numbers(raw: bytes, rng: random.Random) -> bytes:
    """A place's numbers (`:12:`, `(3,5)`, `line 7`) out of range: zero, negative, 20 digits, 300, other scripts'."""
    pick = rng.choice(_BIG)
    return _NUMBER.sub(lambda m: pick if rng.random() < 0.5 else m[0], raw)


def json_fields(raw: bytes, rng: random.Random) -> bytes:
    """A JSON-looking field's value of the wrong type: a string for a number, a list, an object, true, null."""
    return _JSON_FIELD.sub(lambda m: m[1] + rng.choice(_WRONG_JSON) if rng.random() < 0.5 else m[0], raw)


def xml_attributes(raw: bytes, rng: random.Random) -> bytes:
    """An XML report's attributes of the wrong kind (entities never declared, numbers out of range), behind an
    entity bomb's DOCTYPE (a reader that expands entities would use gigabytes). A log with no XML attribute: as is."""
    if not _XML_ATTRIBUTE.search(raw):
        return raw
    mutated = _XML_ATTRIBUTE.sub(lambda m: m[1] + rng.choice(_WRONG_XML) + m[3] if rng.random() < 0.5 else m[0], raw)
    at = mutated.find(b"<testsuite")
    at = at if at >= 0 else rng.randrange(len(mutated) + 1)
    return mutated[:at] + _ENTITY_BOMB + mutated[at:]


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "duplicate": duplicate,
    "shuffle": shuffle,
    "flip_bytes": flip_bytes,
    "controls": controls,
    "odd_encodings": odd_encodings,
    "cr_line_ends": cr_line_ends,
    "huge_line": huge_line,
    "deep_nesting": deep_nesting,
    "numbers": numbers,
    "json_fields": json_fields,
    "xml_attributes": xml_attributes,
}


def mutated(raw: bytes, name: str, seed: int) -> bytes:
    """The sample's bytes through one mutation, the same for the same seed."""
    return MUTATIONS[name](raw, random.Random(f"{name}:{seed}"))
