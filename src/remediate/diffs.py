"""Reading git-style unified diffs: which files a patch touches and what lines it adds or removes;
and the Markdown fence a patch, a log excerpt or a file is shown in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BACKTICKS = re.compile(r"`+")


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run in `text`: the text cannot close it."""
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def fenced(text: str, info: str = "") -> list[str]:
    """`text` as the lines of a fenced block it cannot close: a log or a file is someone else's text,
    and a ``` in it would otherwise end the block early and read as the prompt's own words."""
    fence = fence_for(text)
    return [fence + info, text, fence]


@dataclass
class FileChange:
    path: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    new_file: bool = False
    deleted: bool = False
    binary: bool = False

    def added_code(self) -> list[str]:
        """What rules over added lines must scan: each line, and each piece of it another reader
        (Python's universal newlines, an editor) may take for a line of its own."""
        return [piece for line in self.added for piece in code_pieces(line)]


def code_pieces(line: str) -> list[str]:
    """`line` itself, plus its pieces when it holds a character some tool treats as a line break."""
    pieces = line.splitlines()
    return [line] if len(pieces) <= 1 else [line, *pieces]


def git_lines(text: str, *, keepends: bool = False) -> list[str]:
    """Lines as git (and every patch consumer) sees them: split on "\\n" only. `str.splitlines()`
    also breaks at \\f \\v \\r \\x1c-\\x1e \\x85 \\u2028 \\u2029, which git, Python's tokenizer and
    most linters treat as ordinary characters, so code after one would hide from a reader."""
    parts = text.split("\n")
    last = parts.pop()
    lines = [p + "\n" for p in parts] if keepends else parts
    if last:
        lines.append(last)
    return lines


def _strip_prefix(name: str) -> str:
    name = name.strip().split("\t", 1)[0]
    if name.startswith(('"a/', '"b/')):
        name = name.strip('"')
    return name[2:] if name.startswith(("a/", "b/")) else name


def parse_patch(patch: str) -> list[FileChange]:
    changes: list[FileChange] = []
    current: FileChange | None = None
    for line in git_lines(patch):
        if line.startswith("diff --git "):
            parts = line[len("diff --git ") :].split(" b/", 1)
            path = parts[1] if len(parts) == 2 else _strip_prefix(parts[0])
            current = FileChange(path=path)
            changes.append(current)
        elif current is None:
            continue
        elif line.startswith("new file mode"):
            current.new_file = True
        elif line.startswith("deleted file mode"):
            current.deleted = True
        elif line.startswith("Binary files") or line.startswith("GIT binary patch"):
            current.binary = True
        elif line.startswith("--- ") or line.startswith("+++ "):
            name = line[4:]
            if name.strip() != "/dev/null" and line.startswith("+++ "):
                current.path = _strip_prefix(name)
        elif line.startswith("+"):
            current.added.append(line[1:])
        elif line.startswith("-"):
            current.removed.append(line[1:])
    return changes


def changed_paths(patch: str) -> list[str]:
    return [change.path for change in parse_patch(patch)]
