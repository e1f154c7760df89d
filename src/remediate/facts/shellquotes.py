"""Where a shell command line's own operators stand, its quoted words aside.

bash's manual (3.1.2 Quoting): inside single quotes no character is special; inside double quotes a backslash
escapes `"`, `\\`, `$` and a backquote; outside quotes a backslash escapes the next character; `$'...'` (ANSI-C
quoting) lets a backslash escape its `'`. So `;`, `&&`, `||` and `|` inside quotes are a word's characters, not
the command's: `python -c "import shop; shop.run()"` and `Rscript -e 'install(); test()'` are one command, as bash
ran them and as its xtrace prints them (`+ python -c 'import shop; shop.run()'`). Splitting such a line at every
`;` makes fragments (`shop.run()"`) that read as commands of their own.
"""

from __future__ import annotations

import re

from remediate.facts.lazyregex import Regex

MAX_QUOTED = 20_000  # characters of a command read for its quotes; the rest is taken as written
MASK = "_"  # what stands for a quoted character: a word's character, no operator's


def unquoted(command: str) -> str:
    """`command` with each character inside quotes, and each one a backslash escapes, replaced by MASK: as long as
    the command, so a match on it is at the same place in the command. A quote that never closes is a character of
    its own (a traced line cut short keeps its operators), and so is every later quote of its kind (none closes
    after it either: the line is read once)."""
    head, tail = command[:MAX_QUOTED], command[MAX_QUOTED:]
    if "'" not in head and '"' not in head and "\\" not in head:
        return command
    out: list[str] = []
    unclosed: set[str] = set()
    k = 0
    while k < len(head):
        end = k + 1 if head[k] in unclosed else _quoted_end(head, k)
        if end == k + 1 and head[k] in "'\"":
            unclosed.add(head[k])
        out.append(head[k] if end == k + 1 else _masked(head[k:end]))
        k = end
    return "".join(out) + tail


def _masked(span: str) -> str:
    """A quoted span with its quotes kept and its characters masked; an escape with its backslash kept."""
    if span[0] == "\\":
        return "\\" + MASK * (len(span) - 1)
    return span[0] + MASK * (len(span) - 2) + span[-1]


def _quoted_end(text: str, k: int) -> int:
    """The index after the quoted span (or escaped character) opening at `k`; k + 1 when none opens there."""
    c = text[k]
    if c == "\\":
        return min(k + 2, len(text))
    if c == "'" and not (k > 0 and text[k - 1] == "$"):  # `$'...'` escapes its quote: read below
        close = text.find("'", k + 1)
        return close + 1 if close != -1 else k + 1
    if c not in "'\"":
        return k + 1
    i = k + 1
    while i < len(text) and text[i] != c:
        i += 2 if text[i] == "\\" else 1
    return i + 1 if i < len(text) else k + 1


def split_unquoted(pattern: re.Pattern[str] | Regex, command: str) -> list[str]:
    """`command` split where `pattern` matches outside its quotes (re.split without groups)."""
    return [part for part, _ in unquoted_parts(pattern, command)]


def unquoted_parts(pattern: re.Pattern[str] | Regex, command: str, masked: str | None = None) -> list[tuple[str, str]]:
    """split_unquoted's parts, each with its text as unquoted masks it (at the same places). `masked`: the command's
    own, when a part split before is split again (its quotes were read with the whole line's: read once)."""
    masked = unquoted(command) if masked is None else masked
    parts: list[tuple[str, str]] = []
    last = 0
    for m in pattern.finditer(masked):
        parts.append((command[last : m.start()], masked[last : m.start()]))
        last = m.end()
    parts.append((command[last:], masked[last:]))
    return parts


# What a list's operators and a group's brackets are, outside quotes (`${VAR}` and `$(...)` open and close too).
_LIST_TOKENS = Regex(r"&&|\|\||;|\n|[(){}]")


def list_parts(command: str) -> list[tuple[str, str]]:
    """A command line's commands at its top level, each with the operator before it (`` for the first, `&&`, `||`,
    `;` or a line end, `\\n`), a group in brackets kept whole in its part (`cmd || (echo hint; exit 1)`: two parts,
    `cmd` and `(echo hint; exit 1)`). Empty parts left out; where a bracket never closes, brackets are characters."""
    return _list_parts(command, brackets=True)


def _list_parts(command: str, brackets: bool) -> list[tuple[str, str]]:
    masked = unquoted(command)
    found: list[tuple[str, str]] = []
    depth, last, op = 0, 0, ""
    for m in _LIST_TOKENS.finditer(masked):
        found_op = m.group()
        if found_op in ("(", ")", "{", "}"):
            depth = max(depth + (1 if found_op in "({" else -1), 0) if brackets else 0
        elif depth == 0:
            if part := command[last : m.start()].strip():
                found.append((op, part))
            last, op = m.end(), found_op
    if depth:
        return _list_parts(command, brackets=False)
    if part := command[last:].strip():
        found.append((op, part))
    return found
