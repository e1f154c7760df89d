"""Error groups: records that say the same thing about different values are one group.

A compiler or linter reports one message per identifier, file or address (`'os' imported but
unused`, `undefined reference to `foo'`, `Ref "/docs/a" not found`): the messages differ only
in a quoted value, a number, an address or a path. Shown one by one, they fill the excerpt and
the report with repetitions; shown as one group (the first instance whole, how many more, where
and a few of their values) they leave room for the failures that differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from remediate.facts.lazyregex import Regex
from remediate.facts.score import NUMBERS_AND_HASHES, SHAPE_CHARS, shape
from remediate.models import ErrorRecord, FailingTest

# What varies between instances of one message, each alternative bounded and each class disjoint
# from what follows it (linear): a URL whole (scheme, host, port and path: `http://db:5432/x` and
# `https://db/x` name one service), a quoted value (', ", `, gcc's `x' and typographic quotes), a
# path (name characters around at least one / or \, tried only where a name starts: a long word is
# not rescanned from each of its characters), a UUID, a duration with its unit (`2000ms`, `2s`), then
# a line's own (score.py).
_URL = r"\b[a-zA-Z][\w+.-]{0,20}://[^\s'\"`<>()\[\]]{0,500}"
_QUOTED = (
    r"'[^'\n]{0,200}'|\"[^\"\n]{0,200}\"|`[^`'\n]{0,200}[`']|\u2018[^\u2019\n]{0,200}\u2019|"
    r"\u201c[^\u201d\n]{0,200}\u201d"
)
_PATH = r"(?<![\w.@+~:-])[\w.@+~:-]{0,200}(?:[/\\][\w.@+~-]{0,200}){1,40}"
_UUID = r"\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b"
_DURATION = r"\b\d{1,12}(?:\.\d{1,12})?(?:ms|us|µs|ns|s|sec|min|m|h)\b"
_VOLATILE = Regex(rf"{_URL}|{_QUOTED}|{_PATH}|{_UUID}|{_DURATION}|{NUMBERS_AND_HASHES}")

# A protocol's TLS variant named in a word (urllib3's `HTTPSConnectionPool` beside `HTTPConnectionPool`, a
# client's `wss` beside `ws`): one service reached over both is one failure, not two.
_SECURE_SCHEME = Regex(r"(?<![A-Za-z])(HTTP|[Hh]ttp|WS|[Ww]s)[Ss](?![a-z])")


def message_shape(message: str) -> str:
    """The message with its URLs, quoted values, paths, addresses, hashes, UUIDs, durations and
    numbers blanked, and a protocol's TLS variant read as the protocol: two messages of one shape say
    the same thing about different values."""
    return _VOLATILE.sub("#", _SECURE_SCHEME.sub(r"\1", message.strip()))[:SHAPE_CHARS]


GroupKey = tuple[str, str, str, str]  # (tool, code, category, message shape)
MAX_ALSO_AT = 20
MANY_FILES = 20  # one message in more places than this is one record across files
MAX_EXAMPLES = 3
EXAMPLE_CHARS = 200


class ErrorGroups:
    """The error records of one log grouped by what they say: one group per tool, code, category
    and message shape (`key`). A record that names its failing test first (`test_x:
    ConnectionError: ...`) groups by what follows it: the same error raised by many tests is one
    group. A group is shown as its first instance, whole, with how many more there are, where a
    few of them are and a few of their messages that differ from it (the other names or values).
    Each file is a place to fix, told on its own, unless one message is in more than MANY_FILES
    files (a broken link checked in every page): then the places are what the record lists. In a
    file, a shape with at most MAX_EXAMPLES + 1 instances is no repetition worth folding (as many
    records say as much in as many lines): only messages that differ in numbers alone (`exact`)
    are folded there."""

    def __init__(self, tests: Iterable[FailingTest] = ()) -> None:
        self.names = _test_names(tests)
        self.members: dict[GroupKey, list[ErrorRecord]] = {}
        self.seen: set[tuple[str | None, int | None, str | None, str]] = set()

    def key(self, err: ErrorRecord) -> GroupKey:
        """The record's error group: what it says, wherever it says it. Its category (set by
        classify.categorize from what the message names) is part of it: `Cannot find module
        'lodash'` (a dependency) and `Cannot find module './cart.js'` (the project's own code)
        have one shape but are two failures."""
        return (err.tool, err.code or "", err.category.value, message_shape(self.without_test(err.message)))

    def without_test(self, message: str) -> str:
        """The message without the failing test's name it starts with, if it does."""
        head, sep, rest = message.partition(": ")
        return rest if sep and rest and head in self.names else message

    def add(self, errors: Iterable[ErrorRecord]) -> None:
        """The records, each once (parsers reading the same line report it alike)."""
        for err in errors:
            seen = (err.file, err.line, err.code, err.message)
            if seen not in self.seen:
                self.seen.add(seen)
                self.members.setdefault(self.key(err), []).append(err)

    def exact(self, err: ErrorRecord) -> str:
        """The record's message with only its numbers and hashes blanked."""
        return shape(self.without_test(err.message))

    def records(self, rank: Callable[[ErrorRecord], tuple[int, ...]]) -> list[ErrorRecord]:
        """One record per group, most important (lowest `rank`) first; in each group the
        instance ranked first is the one shown whole."""
        grouped: list[ErrorRecord] = []
        for members in self.members.values():
            if len(members) > MANY_FILES:
                grouped.append(_group(sorted(members, key=rank)))
                continue
            files: dict[str | None, list[ErrorRecord]] = {}
            for err in members:
                files.setdefault(err.file, []).append(err)
            for in_file in files.values():
                grouped += self._in_file(in_file, rank)
        return sorted(grouped, key=rank)

    def _in_file(self, members: list[ErrorRecord], rank: Callable[[ErrorRecord], tuple[int, ...]]) -> list[ErrorRecord]:
        """One error group's records in one file, folded (see the class)."""
        if len(members) > MAX_EXAMPLES + 1:
            return [_group(sorted(members, key=rank))]
        exact: dict[str, list[ErrorRecord]] = {}
        for err in members:
            exact.setdefault(self.exact(err), []).append(err)
        return [_group(sorted(same, key=rank)) for same in exact.values()]


def _group(errors: list[ErrorRecord]) -> ErrorRecord:
    """The first instance, whole, with how many more there are, where a few of them are and a
    few of their messages that differ from its own."""
    first, rest = errors[0], errors[1:]
    if not rest:
        return first
    places = [f"{e.file}:{e.line}" if e.line is not None else e.file for e in rest if e.file]
    examples = [_clip(e.message) for e in rest if e.message != first.message]
    return first.model_copy(
        update={
            "repeats": len(rest),
            "also_at": list(dict.fromkeys(places))[:MAX_ALSO_AT],
            "examples": list(dict.fromkeys(examples))[:MAX_EXAMPLES],
        }
    )


def _clip(text: str) -> str:
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _test_names(tests: Iterable[FailingTest]) -> set[str]:
    """The names a failing test may go by in a record: its id, its last part, its parts after
    the file joined by dots (pytest's `file.py::Class::test` is `Class.test` in its section)."""
    names: set[str] = set()
    for test in tests:
        parts = test.id.split("::")
        names.update({test.id, parts[-1], ".".join(parts[1:])} - {""})
    return names
