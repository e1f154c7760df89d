"""A list's and a table's rows: what rows of one list share (row_key), a row's column edges and
whether two rows are one table's layout, a table's rule.
"""

from __future__ import annotations

import re

from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import Regex
from remediate.facts.score import shape
from remediate.facts.verdicts import passing_verdict

ROW_KEY_CHARS = 12  # characters of a line's shape that rows of one list share


ROW_INDENT = 2  # a list's rows are indented at most this (ESLint's `  3:8  error`, awesome_bot's `  01. [L0410]`)


def row_key(text: str) -> str:
    """What rows of one list share: the start of their shape (`pkg/mod#.py:`, `##. [L####] ###`);
    empty for a line too short to tell, indented deeper than a list's rows are (a source
    listing's lines inside a report share shapes too), or a passing verdict."""
    if indent_of(text) > ROW_INDENT or passing_verdict(text):
        return ""
    key = shape(text)[:ROW_KEY_CHARS]
    return key if len(key) == ROW_KEY_CHARS else ""


# A table's column rule: `|` between cells (istanbul's `  cart.js  |   62.5 |`, a Markdown table), or a
# cell's right edge in a table aligned with spaces (coverage.py's `shop/cart.py   8   3   62%`).
_CELL_EDGE = Regex(r"\|| ?\S(?= {2}| ?$)")


COLUMNS_MIN = 3  # column edges a row needs to read as a table's


# how far one row's column edge may stand from another's: pytest-benchmark aligns a ratio's `(` and
# lets `(1.0)` end one short of `(1.01)`
COLUMN_SLACK = 2


def column_edges(text: str) -> tuple[int, ...]:
    """Where a table row's columns are, past its first cell: the offsets of its `|` rules when it has
    some, else of its cells' right edges (numbers are right-aligned); empty for a line with fewer than
    COLUMNS_MIN. A table's rows share these even where their first cells (file names) share no start."""
    rest = text.rstrip()
    first = indent_of(rest)
    first += len(re.split(r"[ |]", rest[first:], maxsplit=1)[0])
    pipes = tuple(i for i, ch in enumerate(rest) if ch == "|" and i >= first)
    if pipes:
        return pipes if len(pipes) >= COLUMNS_MIN else ()
    edges = tuple(m.end() for m in _CELL_EDGE.finditer(rest, first))
    return edges if len(edges) >= COLUMNS_MIN else ()


def same_layout(one: tuple[int, ...], other: tuple[int, ...]) -> bool:
    """Two rows' column edges (see column_edges) are one table's: as many, each within COLUMN_SLACK."""
    return len(one) == len(other) and all(abs(a - b) <= COLUMN_SLACK for a, b in zip(one, other, strict=True))


RULE = Regex(r"^[-=+|\s]{3,}$")  # a table's rule: `----|----`, `=====`, `+---+`


def table_row(text: str, key: str, columns: tuple[int, ...]) -> bool:
    """Whether `text` is a row of the table whose rows share `key` (see row_key) or `columns` (see
    column_edges), or one of its rules; the report's last line above the table is none (TAP's
    `# duration_ms 160.4`, a runner's `Ran all test suites.`): taken for a row, the window passed
    over it and it was not shown."""
    if RULE.match(text):
        return True
    return bool((key and row_key(text) == key) or (columns and same_layout(column_edges(text), columns)))
