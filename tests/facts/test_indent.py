"""The one reading of a log line's indent (remediate.facts.indent)."""

from __future__ import annotations

import pytest

from remediate.facts.indent import indent_of


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("FAIL src/cart.test.js", 0),
        ("  ● cart › totals", 2),
        ("    expect(received).toBe(expected)", 4),
        ("\tcart_test.go:12: got 3, want 4", 1),  # a tab counts as one, as a space does
        ("\t  at Object.<anonymous> (cart.test.js:5:3)", 3),
        ("   ", 3),  # a blank line: all of it
        ("", 0),
        ("total  ", 0),  # trailing spaces are no indent
    ],
)
def test_indent_counts_the_whitespace_that_opens_a_line(text: str, width: int) -> None:
    assert indent_of(text) == width
