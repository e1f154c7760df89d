"""TeamCity's service messages' escapes (jetbrains.com/help/teamcity/service-messages.html#Escaped+Values): a message
(`##teamcity[NAME ATTR='VALUE' ...]`) writes each value with `|` before a quote (`|'`), a bar (`||`), a bracket (`|[`,
`|]`), a newline as `|n`, a carriage return as `|r` and any code point as `|0x00e9`. The one table the messages'
reader (parsers/teamcity) and the redactor's decoded reading (redact.decoded_line) share."""

from __future__ import annotations

import re

from remediate.facts.lazyregex import Regex

OPENS = "##teamcity["
ESCAPE = Regex(r"\|(0x[0-9a-fA-F]{4}|.)")
ESCAPED = {"'": "'", "n": "\n", "r": "\r", "|": "|", "[": "[", "]": "]"}


def unescape(value: str) -> str:
    return ESCAPE.sub(unescaped, value)


def unescaped(m: re.Match[str]) -> str:
    """The character an escape (ESCAPE's match) stands for; an unknown one's character itself."""
    code = m[1]
    if len(code) == 6:
        return chr(int(code[2:], 16))
    return ESCAPED.get(code, code)
