"""How far a log line is indented: the one reading the parsers, the test blocks and the excerpt share.

It imports nothing from the facts package, so any of them may use it (testblocks cannot import the excerpt
package: excerpt_marks -> failingtests -> testblocks would be a cycle).
"""

from __future__ import annotations


def indent_of(text: str) -> int:
    """The count of whitespace characters that open `text` (all of them for a blank line). A tab counts as one, as
    a space does: a line's indent is only compared with lines of the same tool's output, which indents with one
    of the two, so no tab stop needs guessing."""
    return len(text) - len(text.lstrip())
