"""What an error message means beyond the tool that printed it: a missing dependency.

Every language's compiler, linker, loader or interpreter says in its own words that a package,
module, header, library or crate it was told to use is not there (javac "package X does not
exist", gcc "X.h: No such file or directory", rustc "can't find crate for `x`", tsc/node "Cannot
find module 'x'", perl "Can't locate X.pm in @INC (you may need to install the X module)", ...).
When the missing name belongs to a third party, the fix is to install or declare it: a
dependency failure, whichever tool's output it sits in. When it is the project's own (a relative
import, `crate::`, a quoted `#include`, the erroring file's own namespace, a path in the source
tree), the code is wrong and the record keeps its tool's category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Literal

from remediate.facts.parsers.base import Regex

# How a missing name is told apart from the project's own: by the namespace rule (module), by the
# #include's quotes (header), or not at all (a library the linker or the system lacks).
Kind = Literal["module", "header", "library"]

# (literals every match holds, the pattern with a `name` group, kind). The wording is each tool's
# own, as it prints it; the literals keep lines that hold none of them from running the pattern.
_MISSING: tuple[tuple[tuple[str, ...], Regex, Kind], ...] = (
    (("No module named",), Regex(r"No module named '(?P<name>[\w.]+)'"), "module"),  # Python ModuleNotFoundError
    (
        ("cannot import name",),
        # Python's ImportError names the module it searched and, since 3.8, that module's file
        Regex(r"cannot import name '\w+' from '(?P<name>[\w.]+)'(?: \((?P<path>[^)]+)\))?"),
        "module",
    ),
    ((" does not exist",), Regex(r"\bpackage (?P<name>[\w.]+) does not exist\b"), "module"),  # javac
    (
        ("package",),
        Regex(  # go build / go vet / go test, GOPATH and module modes
            r"cannot find package \"(?P<name>[^\"\s]+)\"|no required module provides package (?P<name2>[^\s;:]+)|"
            r"cannot find module providing package (?P<name3>[^\s;:]+)|"
            r"package (?P<name4>[\w.-]+/\S+) is not in (?:GOROOT|std)"
        ),
        "module",
    ),
    (
        ("crate", "unresolved import"),
        Regex(  # rustc E0463 / E0432 / E0433 (the "crate" wordings across versions)
            r"can't find crate for `(?P<name>\w+)`|unresolved import `(?P<name2>[\w:]+)`|"
            r"(?:use of undeclared crate or module|cannot find module or crate|"
            r"use of unresolved module or unlinked crate) `(?P<name3>\w+)`"
        ),
        "module",
    ),
    (
        ("Cannot find",),
        Regex(  # tsc TS2307/TS2688, node's CommonJS and ES module loaders
            r"Cannot find (?:module|package) '(?P<name>[^']+)'|Cannot find type definition file for '(?P<name2>[^']+)'"
        ),
        "module",
    ),
    (("cannot load such file",), Regex(r"cannot load such file -- (?P<name>\S+)"), "module"),  # ruby LoadError
    (("in @INC",), Regex(r"Can't locate (?P<name>\S+?)\.pm in @INC"), "module"),  # perl
    ((" module ",), Regex(r"Could not (?:find|load) module [‘'`](?P<name>[\w.]+)[’'`]"), "module"),  # GHC
    (("no such module",), Regex(r"\bno such module '(?P<name>[\w.]+)'"), "module"),  # swiftc
    (("there is no package",), Regex(r"there is no package called [‘'](?P<name>[\w.]+)[’']"), "module"),  # R
    (("' not found:",), Regex(r"\bmodule '(?P<name>[\w.]+)' not found:"), "module"),  # Lua require
    (
        ("No such file", "file not found", "Cannot open include file"),
        Regex(  # gcc / clang: a header the preprocessor cannot find
            # a name starts where a path can (not inside one): one try per path, linear in the line
            r"(?<![\w./+-])(?P<name>[\w./+-]{1,300}\.(?:h|hh|hpp|hxx|H|inc)): No such file or directory|"
            r"'(?P<name2>[\w./+-]{1,300}\.(?:h|hh|hpp|hxx|H|inc))' file not found|"
            r"Cannot open include file: '(?P<name3>[\w./\\+-]+)'"  # MSVC C1083
        ),
        "header",
    ),
    (
        ("-l", "No package", "pkg-config", "Could NOT find", "By not providing", "shared libraries"),
        Regex(  # ld / lld / ld64, the dynamic loader (ld.so), pkg-config, CMake's find_package
            r"cannot find -l(?P<name>[\w.+-]+)|library not found for -l(?P<name2>[\w.+-]+)|"
            r"error while loading shared libraries: (?P<name7>[\w.+-]+): cannot open shared object file|"
            r"No package '(?P<name3>[\w.+-]+)' found|Package (?P<name4>[\w.+-]+) was not found in the pkg-config|"
            r"Could NOT find (?P<name5>[\w.+-]+)|By not providing \"Find(?P<name6>[\w.+-]+)\.cmake\""
        ),
        "library",
    ),
    (
        ("vendor/autoload",),
        Regex(r"Failed opening required '(?P<name>\S*vendor/autoload\.php)'"),
        "library",
    ),  # composer install not run
)
# Every needle in one alternation: most lines hold none, and one search per line costs far less than
# a Python loop over the table (classify asks about every line of the log's view).
_ANY_NEEDLE = Regex("|".join(re.escape(n) for needles, _, _ in _MISSING for n in needles))
# Lines a tool prints after its error line that say more about it (gcc/clang's `#include` line).
FOLLOW_LINES = 2
_INCLUDE = Regex(r"#\s*(?:include|import)\s*(?P<open>[<\"])")
# Names whose first part is a host (Go import paths) or a reverse domain (Java packages): the
# project's own namespace is the first parts, not the first one.
_DOMAINS = frozenset({"com", "org", "net", "io", "edu", "gov", "dev", "co", "uk", "de", "fr", "nl", "ch", "me"})
# Where a project keeps others' code: a name found only there is still a dependency.
_VENDORED = frozenset(
    {"node_modules", "vendor", "third_party", "site-packages", "dist-packages", ".venv", "venv", "target", "deps"}
)
_SOURCE_SUFFIXES = (".pm", ".rb", ".py", ".h", ".hh", ".hpp", ".hxx", ".H", ".inc")


@dataclass(frozen=True)
class Missing:
    """A name the tool says is missing, and whether it is a third party's (a dependency)."""

    name: str
    kind: Kind
    third_party: bool


def missing_of(
    text: str, follow: Iterable[str] = (), file: str | None = None, tree: Sequence[str] = ()
) -> Missing | None:
    """The missing name `text` (an error message) reports, if any. `follow` are the lines the
    tool printed after it (gcc/clang show the `#include` line), `file` the erroring file, `tree`
    the project's files when known."""
    if _ANY_NEEDLE.search(text) is None:
        return None
    for needles, pattern, kind in _MISSING:
        if not any(n in text for n in needles):
            continue
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        where = groups.pop("path", None) or file  # the module's own file, when the tool shows it
        name = next(v for v in groups.values() if v)
        if kind == "header":
            own = _header_is_own(name, follow, tree)
        elif kind == "module":
            own = first_party(name, where, tree)
        else:
            own = False
        return Missing(name, kind, not own)
    return None


def missing_in(text: str, tree: Sequence[str] = ()) -> Iterator[Missing]:
    """Every missing name the lines of `text` report, each line read with the lines its tool
    printed after it (see `missing_of`)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if (missing := missing_of(line, lines[i + 1 : i + 1 + FOLLOW_LINES], None, tree)) is not None:
            yield missing


def _header_is_own(name: str, follow: Iterable[str], tree: Sequence[str]) -> bool:
    # `#include "x.h"` searches the including file's directory first: the project's own header;
    # `<x.h>` searches the system and -I paths: a library's. Without the line, a bare name is
    # more often the project's (config.h, a generated header) than a path like openssl/ssl.h.
    for line in follow:
        if m := _INCLUDE.search(line):
            return m["open"] == '"' or _in_tree(name, tree)
    return "/" not in name or _in_tree(name, tree)


def _in_tree(name: str, tree: Sequence[str]) -> bool:
    return any(path.endswith("/" + name) or path == name for path in _own(tree))


def _own(tree: Sequence[str]) -> Iterable[str]:
    return (p.rstrip("/") for p in tree if not _VENDORED.intersection(PurePosixPath(p).parts))


def _parts(name: str) -> list[str]:
    for suffix in _SOURCE_SUFFIXES:
        name = name.removesuffix(suffix)
    separator = "/" if "/" in name else "::" if "::" in name else "."
    return [p for p in name.split(separator) if p]


def _root(parts: list[str]) -> list[str]:
    """The part of a module name that says whose it is."""
    if len(parts) > 2 and "." in parts[0]:
        return parts[:3]  # github.com/owner/repo
    if len(parts) > 2 and parts[0] in _DOMAINS:
        return parts[:2]  # com.acme
    return parts[:1]


def first_party(name: str, file: str | None = None, tree: Sequence[str] = ()) -> bool:
    """Whether a module name is the project's own: relative (`./x`, `/abs`, `crate::x`), or its
    root namespace is a directory of the erroring file's path or a directory or module of the tree."""
    if name.startswith((".", "/", "~", "@/", "crate::", "self::", "super::")):
        return True
    parts = _parts(name)
    if not parts:
        return False
    root = _root(parts)
    folders = PurePosixPath(file.replace("\\", "/")).parts[:-1] if file else ()
    if _contains(folders, root) and not _foreign(folders):
        return True
    # A Go import path below its module's root names a folder from the repository's root.
    below = "/".join(parts[len(root) :]) if len(root) == 3 else None
    for path in _own(tree):
        pure = PurePosixPath(path)
        if _contains((*pure.parts[:-1], pure.stem), root) or path == below:
            return True
    return False


def _foreign(folders: Sequence[str]) -> bool:
    """Others' code: a vendored or installed package, or the interpreter's own library (lib/python3.x)."""
    if _VENDORED.intersection(folders):
        return True
    return any(a == "lib" and b.startswith("python") for a, b in pairwise(folders))


def _contains(haystack: Sequence[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))
