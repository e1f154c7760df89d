"""Git-style unified diffs: produce one file's entry, and list the paths a patch touches.

Pure functions over bytes and text; both sandbox backends use them. The output is meant
for `git apply`, so it follows git's conventions (a/ b/ prefixes, C-quoted odd names, a tab
after names with spaces, `\\ No newline at end of file`) rather than difflib's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Literal

from remediate.diffs import git_lines
from remediate.sandbox.base import PathRejected, SandboxError, normalize_relpath
from remediate.sandbox.walker import is_binary

CONTEXT_LINES = 3
# Line pairs a diff may compare (old lines x new lines of the changed region): about 0.5 s.
MAX_DIFF_CELLS = 4_000_000
NO_NEWLINE = "\\ No newline at end of file\n"
# Only regular files go through patches: symlinks (120000) could point out of the tree,
# gitlinks (160000) are submodules we cannot verify.
_FORBIDDEN_MODES = ("120000", "160000")

_C_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}
_C_UNESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
_HUNK_RE = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


# ---------------------------------------------------------------- producing diffs


def quote_path(path: str) -> str:
    """Quote a path the way git does: C escapes and octal bytes when it holds odd characters."""
    raw = path.encode("utf-8", "surrogateescape")
    if not any(b < 0x20 or b >= 0x7F or b in (34, 92) for b in raw):
        return path
    out = []
    for b in raw:
        if b in _C_ESCAPES:
            out.append(_C_ESCAPES[b])
        elif b < 0x20 or b >= 0x7F:
            out.append(f"\\{b:03o}")
        else:
            out.append(chr(b))
    return '"' + "".join(out) + '"'


def _name(prefix: str, path: str) -> str:
    return quote_path(prefix + path)


def _file_header(prefix: str, path: str) -> str:
    # git ends a ---/+++ name holding a space with a tab, so GNU patch does not cut it there.
    name = _name(prefix, path)
    return name + ("\t" if " " in name else "")


def _emit(sign: str, line: str) -> str:
    if line.endswith("\n"):
        return sign + line
    return sign + line + "\n" + NO_NEWLINE


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    # An empty range names the line before it (0 for the top of the file).
    return f"{start + 1 if length else start},{length}"


class _CoarseMatcher(SequenceMatcher[str]):
    """The common head and tail kept, everything between them one replaced block: a valid,
    linear diff for changes too large and dense to match line by line."""

    def __init__(self, old: list[str], new: list[str], head: int, tail: int) -> None:
        super().__init__(None, [], [])
        self._ops: list[tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]] = [
            ("equal", 0, head, 0, head),
            ("replace", head, len(old) - tail, head, len(new) - tail),
            ("equal", len(old) - tail, len(old), len(new) - tail, len(new)),
        ]

    def get_opcodes(self) -> list[tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]]:
        return [op for op in self._ops if op[1] != op[2] or op[3] != op[4]]


def _matcher(old: list[str], new: list[str]) -> SequenceMatcher[str]:
    """Line matching costs about len(old) * len(new) on dense changes (a 20k-line file with every
    other line changed took 41 s); past MAX_DIFF_CELLS the changed middle is one block."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    if (len(old) - head - tail) * (len(new) - head - tail) <= MAX_DIFF_CELLS:
        return SequenceMatcher(None, old, new)
    return _CoarseMatcher(old, new, head, tail)


def _hunks(old: list[str], new: list[str]) -> Iterator[str]:
    matcher = _matcher(old, new)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        yield f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n"
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                yield from (_emit(" ", line) for line in old[a1:a2])
                continue
            yield from (_emit("-", line) for line in old[a1:a2])
            yield from (_emit("+", line) for line in new[b1:b2])


def file_diff(path: str, old: bytes | None, new: bytes | None, old_mode: str = "100644") -> str:
    """One file's git-style diff entry; `None` means absent. Empty string if nothing changed."""
    if old == new:
        return ""
    a, b = _name("a/", path), _name("b/", path)
    head = f"diff --git {a} {b}\n"
    if old is None:
        head += "new file mode 100644\n"
    elif new is None:
        head += f"deleted file mode {old_mode}\n"
    if (old is not None and is_binary(old)) or (new is not None and is_binary(new)):
        left = "/dev/null" if old is None else a
        right = "/dev/null" if new is None else b
        return head + f"Binary files {left} and {right} differ\n"
    old_lines = git_lines(old.decode("utf-8"), keepends=True) if old is not None else []
    new_lines = git_lines(new.decode("utf-8"), keepends=True) if new is not None else []
    if not old_lines and not new_lines:
        return head  # an empty file created or deleted: git writes the header alone
    left = "/dev/null" if old is None else _file_header("a/", path)
    right = "/dev/null" if new is None else _file_header("b/", path)
    return head + f"--- {left}\n+++ {right}\n" + "".join(_hunks(old_lines, new_lines))


# ---------------------------------------------------------------- reading patches


def _unquote(text: str) -> tuple[str, str]:
    """Parse one C-quoted name at the start of `text`; return (name, rest after the quote)."""
    out = bytearray()
    i = 1
    while i < len(text):
        ch = text[i]
        if ch == '"':
            return out.decode("utf-8", "surrogateescape"), text[i + 1 :]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt in _C_UNESCAPES:
            out.append(_C_UNESCAPES[nxt])
            i += 2
        elif re.fullmatch(r"[0-3][0-7]{2}", text[i + 1 : i + 4]):
            out.append(int(text[i + 1 : i + 4], 8))
            i += 4
        else:
            raise SandboxError(f"bad escape in quoted patch path: {text!r}")
    raise SandboxError(f"unterminated quoted patch path: {text!r}")


def _strip_prefix(name: str) -> str:
    """What `git apply -p1` does to a name: drop the first component (a/, b/, or any)."""
    _, sep, rest = name.partition("/")
    if not sep or not rest:
        raise PathRejected(f"patch path has no a/ or b/ prefix to strip: {name!r}")
    return rest


def _header_name(value: str) -> str | None:
    """The name on a ---/+++ line, prefix stripped; None for /dev/null."""
    if value.startswith('"'):
        name, _ = _unquote(value)
    else:
        name = value.split("\t", 1)[0].rstrip(" ")
    return None if name == "/dev/null" else _strip_prefix(name)


def _git_header_names(rest: str) -> list[str]:
    """Names on a `diff --git` line. Unquoted names with spaces are only unambiguous when both
    sides are equal, which is how git itself splits them; otherwise later lines name the file."""
    if rest.startswith('"'):
        first, tail = _unquote(rest)
        tail = tail.lstrip(" ")
        second = _unquote(tail)[0] if tail.startswith('"') else tail
        return [_strip_prefix(first), _strip_prefix(second)]
    if rest.endswith('"') and ' "' in rest:
        first, _, quoted = rest.partition(' "')
        return [_strip_prefix(first), _strip_prefix(_unquote('"' + quoted)[0])]
    half = (len(rest) - 1) // 2
    first, second = rest[:half], rest[half + 1 :]
    if len(rest) % 2 == 1 and rest[half] == " " and _strip_prefix(first) == _strip_prefix(second):
        return [_strip_prefix(first)]
    return []


def _plain_name(value: str) -> str:
    return _unquote(value)[0] if value.startswith('"') else value


_NAME_LINES = ("rename from ", "rename to ", "copy from ", "copy to ")
_MODE_LINES = ("old mode ", "new mode ", "new file mode ", "deleted file mode ")


def _header_paths(line: str) -> list[str] | None:
    """Paths named by one header line, or None if the line names none."""
    if line.startswith("diff --git "):
        return _git_header_names(line[len("diff --git ") :])
    if line.startswith(("--- ", "+++ ")):
        name = _header_name(line[4:])
        return [] if name is None else [name]
    for start in _NAME_LINES:
        if line.startswith(start):
            return [_plain_name(line[len(start) :])]
    return None


def _check_header_line(line: str) -> None:
    if line.startswith(_MODE_LINES) and line.rsplit(" ", 1)[-1] in _FORBIDDEN_MODES:
        raise PathRejected(f"patches may not create symlinks or submodules: {line!r}")
    if line.startswith("GIT binary patch"):
        raise SandboxError("binary patches are not supported")


def patch_paths(patch: str) -> list[str]:
    """Every path a patch touches, normalised, in order. Raises PathRejected for a path that
    breaks the path rules or reaches into .git, SandboxError for a patch with no file in it.

    Hunk bodies are skipped by their line counts, so a removed line starting with `-- ` is
    not mistaken for a `---` header.
    """
    found: list[str] = []
    old_left = new_left = 0
    for line in git_lines(patch):
        if old_left > 0 or new_left > 0:
            sign = line[:1]
            old_left -= sign in (" ", "-", "")
            new_left -= sign in (" ", "+", "")
            continue
        match = _HUNK_RE.match(line)
        if match:
            old_left = int(match.group(2) or "1")
            new_left = int(match.group(4) or "1")
            continue
        _check_header_line(line)
        names = _header_paths(line)
        if names is not None:
            found.extend(checked_patch_path(n) for n in names)
    if not found:
        raise SandboxError("the patch names no files; expected a unified diff with ---/+++ headers")
    return list(dict.fromkeys(found))


def checked_patch_path(name: str) -> str:
    rel = normalize_relpath(name)
    if rel == "":
        raise PathRejected(f"patch path names the project root: {name!r}")
    if ".git" in rel.split("/"):
        raise PathRejected(f"patches may not touch .git: {name!r}")
    return rel
