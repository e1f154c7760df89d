"""The kind of record a parser named on each log line: the excerpt owes a later record of the same kind room for its
line before it takes a block whole (excerpt.siblings), and nothing to a line only alike in its first word.
"""

from __future__ import annotations

from collections.abc import Iterable

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import Findings, Parser

# A code's family: its words before a number or a sub-rule (tsc's `TS2345` and `TS2304`, ruff's `E501`, Biome's
# `lint/suspicious/noDoubleEquals` and `lint/style/useConst`), the records one report lists alike.
_FAMILY = Regex(r"^[^\d/]*")


def record_kinds(results: Iterable[tuple[Parser, Findings]]) -> dict[int, str]:
    """Each line a parser names an error record or a failing test on, and its kind: the parser's tool, with the
    record's severity and code family, or its failing tests; the first parser's where two name the same line."""
    kinds: dict[int, str] = {}
    for _parser, found in results:
        for e in found.errors:
            if e.log_line is not None and e.votes:
                family = _FAMILY.match(e.code or "")
                kinds.setdefault(e.log_line, f"{found.tool} {e.severity} {family.group() if family else ''}")
        for no in found.test_lines.values():
            kinds.setdefault(no, f"{found.tool} tests")
    return kinds
