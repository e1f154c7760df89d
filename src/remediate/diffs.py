"""Reading git-style unified diffs: which files a patch touches and what lines it adds or removes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileChange:
    path: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    new_file: bool = False
    deleted: bool = False
    binary: bool = False


def _strip_prefix(name: str) -> str:
    name = name.strip().split("\t", 1)[0]
    if name.startswith(('"a/', '"b/')):
        name = name.strip('"')
    return name[2:] if name.startswith(("a/", "b/")) else name


def parse_patch(patch: str) -> list[FileChange]:
    changes: list[FileChange] = []
    current: FileChange | None = None
    for line in patch.splitlines():
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
