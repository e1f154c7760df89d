"""Text from a model, a log, a file or a check, made safe for a terminal.

A terminal acts on what it prints: escape sequences move the cursor and erase lines (an added
line of a patch can vanish from view), OSC sequences set the title or the clipboard, `\\r` and
backspace overwrite, bidi overrides reorder what a reviewer reads. And Rich reads `[...]` as
markup and `:name:` as emoji. Everything printed that did not come from this program goes
through `visible` (or `shown`, for Rich) so a reviewer sees exactly the characters that are
there; a patch holding such characters is flagged, and never applied or published unless
the user passes --allow-control-chars after reading it.
"""

from __future__ import annotations

import re

from rich.text import Text

from remediate.diffs import git_lines

# C0 controls but tab and newline, DEL, C1 (8-bit CSI/OSC), the Unicode line breaks, and the
# bidi embedding/override/isolate marks. `\r` directly before `\n` (a CRLF line end) is harmless.
_UNSAFE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape (`\\x1b`, `\\r`,
    `\\u202e`); tabs, newlines and CRLF line ends are kept."""
    return _UNSAFE.sub(_escape, text)


def shown(text: str, style: str = "") -> Text:
    """`visible(text)` as a Rich Text: never parsed for markup or emoji."""
    return Text(visible(text), style=style)


def has_control_characters(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def control_character_lines(patch: str) -> list[str]:
    """The lines of a patch (as git splits them) that hold a character `visible` would escape,
    shown escaped: what the report flags and what blocks --apply / --publish."""
    return [visible(line) for line in git_lines(patch) if has_control_characters(line.removesuffix("\r"))]


def control_character_summary(patch: str) -> str | None:
    """One line for the report, or None when the patch is clean."""
    lines = control_character_lines(patch)
    if not lines:
        return None
    return f"{len(lines)} patch line(s) hold control characters; first: {lines[0][:160]}"
