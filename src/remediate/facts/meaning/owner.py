"""Whose a name or a file is: the project's own or a third party's, by the namespace rule (first_party), a
header's place among the project's files (header_is_own), Go's import-path rules, Ruby's frames, the repository's
name under a runner's workspace (workspace_names), the packages go reports it built (go_packages), an installed
copy's folder (installed_code).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import PurePosixPath
from posixpath import commonpath

from remediate.facts.lazyregex import Regex
from remediate.facts.paths import repo_relative

_INCLUDE = Regex(r"#\s*(?:include|import)\s*(?P<open>[<\"])")


# Names whose first part is a host (Go import paths) or a reverse domain (Java packages): the
# project's own namespace is the first parts, not the first one.
_DOMAINS = frozenset({"com", "org", "net", "io", "edu", "gov", "dev", "co", "uk", "de", "fr", "nl", "ch", "me"})


# Where a project keeps others' code: a name found only there is still a dependency.
_VENDORED = frozenset(
    {"node_modules", "vendor", "third_party", "site-packages", "dist-packages", ".venv", "venv", "target", "deps"}
)


_SOURCE_SUFFIXES = (".pm", ".rb", ".py", ".h", ".hh", ".hpp", ".hxx", ".H", ".inc")


# Go's words for an import path no module provides, or that is not in the standard library (go build, go vet, go test
# in module mode; cmd/go/internal/modload: ImportMissingError).
# Go's words for an import path no module go.mod requires provides (not a checksum go.sum lacks: that module is
# required, a dependency's).
_UNPROVIDED = r"no required module provides package |cannot find module providing package "
GO_MISSING = Regex(
    _UNPROVIDED + r"|"
    r"missing go\.sum entry for module providing package |is not in (?:GOROOT|std)\b"
)


_GO_UNPROVIDED = Regex(_UNPROVIDED)
# A root of a Go module go_packages tells: a host (a dot in its first element) and at least one element below it.
_ROOT = r"[\w~-]+\.[\w.~-]+(?:/[\w.~-]+)+"
_GO_ROOT = Regex(_ROOT)
# The module cache or a vendor tree: where a dependency's own files import from.
_GO_OTHERS = Regex(r"(?:^|/)pkg/mod/|(?:^|/)vendor/")


def go_own(name: str, text: str, file: str | None, tree: Sequence[str] = ()) -> bool:
    """Whether the import path Go says nothing provides is the project's own package, by Go's own rules, from the
    log alone: a path whose first element has no dot is no host any module can be fetched from (the go command
    reserves those for the standard library), so one that is not in it is the main module's (`module shop`, a
    package `shop/internal/pricing` renamed or moved: `is not in GOROOT`, `is not in std` since Go 1.20); and an
    `internal` package may be imported only from within the tree rooted at its parent (the go command's internal
    rule), so one the project's own file imports (not a file in the module cache or a vendor tree) lies in the
    project's own module. So is a path under a root of the main module the log shows (go_packages: `example.com/
    shop/rates` beside the project's `example.com/shop/tax` and `example.com/shop/cart`) or go.mod names
    (`module example.com/shop`: RepoFacts.modules, from the source tree), whatever its shape. A
    fetchable path of another shape (`github.com/acme/util`) stays a third party's."""
    if GO_MISSING.search(text) is None:
        return False
    parts = name.split("/")
    if "." not in parts[0] or any(
        name.startswith(f"{root}/") or name == root for root in tree if _GO_ROOT.fullmatch(root)
    ):
        return True
    importer = file or text.split(":", 1)[0]
    return "internal" in parts[1:] and _GO_OTHERS.search(importer.replace("\\", "/")) is None


# Where a module's name ends and a name inside it starts: a path's `/` (npm, Go), Rust's `::`.
MODULE_SEPARATORS = ("/", "::")
# A Python module's name, below its package's (`acme.util.tariff`): only where Python names it, since npm's
# `lodash.merge` is no file of a workspace's package `lodash`.
PYTHON_SEPARATORS = (".",)


def below_linked(name: str, linked: Sequence[str], separators: Sequence[str] = MODULE_SEPARATORS) -> str:
    """The own module, of those the build links from the source (RepoFacts.linked_names), that a missing module's
    name lies strictly below, else "": a file of an npm workspace's package (`@shop/rates/lib/tariff` of
    `@shop/rates`), a package of a Go module (`example.com/shop/rates/tariff`), a Rust path into a workspace's crate
    (`shop_rates::tariff`), a Python module of a package the job imports from the source (`acme.util.tariff` of
    `acme`: `separators` PYTHON_SEPARATORS, the name Python's own). The module itself was found where the code looked
    (a workspace's link, a go.work's module, a path dependency, an editable install); what it lacks is the code's
    (moved, renamed, never committed). The module's own name missing (`@shop/rates`: not linked where the code ran)
    is not below it."""
    return next((m for m in linked if lies_below(name, m, separators)), "")


def lies_below(name: str, module: str, separators: Sequence[str] = MODULE_SEPARATORS) -> bool:
    """Whether `name` lies strictly below `module`: it starts with the module's name and one of `separators`."""
    return name.startswith(tuple(f"{module}{sep}" for sep in separators))


# Where a Python project keeps its packages, below the repository's root: at the root itself (a flat layout) or in
# src/ (a src layout).
_PYTHON_LAYOUTS: tuple[tuple[str, ...], ...] = ((), ("src",))


def imported_from_source(name: str, importer: str | None) -> str:
    """The project's own Python package that a missing module's name lies strictly below, when the file that
    imported it (the record's innermost frame: pytest's `acme/cart.py:1: in <module>`, a traceback's `File
    "/home/runner/work/acme/acme/acme/cart.py", line 1`) is a file of that package in the source, at the
    repository's root (a flat layout, imported without any install: `python -m pytest`, a root conftest.py, pytest's
    rootdir insertion) or in src/; else "". The importer ran from the source, so its package came from there and
    what the package lacks is the code's (moved, renamed, never committed), as below a package installed editable
    (below_linked). A frame in site-packages is an installed copy (`pip install .`), which may lack what the source
    holds: not known to be the code's, "". An absolute path outside a hosted runner's workspace tells no root."""
    if not importer:
        return ""
    relative = repo_relative(importer).replace("\\", "/")
    if relative.startswith("/") or installed_code(relative):
        return ""
    folders = PurePosixPath(relative).parts[:-1]
    for layout in _PYTHON_LAYOUTS:
        depth = len(layout)
        if folders[:depth] == layout and len(folders) > depth and lies_below(name, folders[depth], PYTHON_SEPARATORS):
            return folders[depth]
    return ""


def go_unplaced(text: str, tree: Sequence[str] = ()) -> bool:
    """Go says no module provides an import path and the log shows no package of the main module (go_packages):
    Go 1.19's go build, go vet and go test print only the error line for a load error (no `# PKG` header, no `ok`
    line above it: `tax/tax.go:3:8: no required module provides package example.com/shop/rates`), so whether the
    path is the project's own package (moved, renamed, never committed: the build's) or a module go.mod lacks
    (a dependency) the log cannot tell, as for a compiler's missing module (triage's COMPILED). With the source's
    go.mod (its tree lists it; RepoFacts.modules holds its module path) the main module is known whatever its
    shape: `module shop` (no host: go_own calls every path without one its own) provides no `github.com/...`."""
    if _GO_UNPROVIDED.search(text) is None or "go.mod" in tree:
        return False
    return not any(_GO_ROOT.fullmatch(root) for root in tree)


# Ruby shows the project's files that required a missing one relative to where it ran, below the error
# (RSpec's `# ./lib/cartkit.rb:1:in`, Ruby's `from ./lib/cartkit.rb:1:in`): files of the project's own tree,
# known without it (`require "cartkit/taxes"` from lib/cartkit.rb is the project's file, not a gem).
_RUBY_FRAME = Regex(r"(?:^|\s)\./((?:[\w-]+/)*[\w.-]+\.rb):\d+")


def ruby_frames(follow: Sequence[str]) -> list[str]:
    return [m.group(1) for line in follow if (m := _RUBY_FRAME.search(line))]


def header_is_own(name: str, follow: Iterable[str], tree: Sequence[str], includer: str | None = None) -> bool:
    """Whether a header the preprocessor did not find is the project's own, by what the log shows of it. A name
    relative to the including file (gcc's `fatal error: ../src/pricing.h: No such file or directory`) is: no
    package installs a header above or beside the file that includes it. So is one the source tree holds. Quotes
    alone are not: `#include "x.h"` searches the including file's directory first and then the same system and -I
    paths as `<x.h>`, and projects quote libraries' headers too (`#include "zstd.h"`, `"sqlite3.h"`): a bare quoted
    name, or one printed without its `#include` line (a record's message, MSVC's C1083), is the project's only when
    the log shows where it lives among the project's files (_beside_own), else not known to be: a missing native
    header, to install or to configure (triage's NATIVE), not decided either way. `<x.h>` is a library's unless the
    tree holds it."""
    if name.startswith(("./", "../")) or _in_tree(name, tree):
        return True
    for line in follow:
        if m := _INCLUDE.search(line):
            return m["open"] == '"' and _beside_own(name, includer)
    return _beside_own(name, includer)


def _beside_own(name: str, includer: str | None) -> bool:
    """The header's place among the project's files, as the file that includes it shows: that file's own header
    (`pricing.h` of `src/pricing.c`: a module's interface beside its implementation, `pricing_rates.h` a part of
    it), or a header whose folder is
    one of the including file's (`shop/pricing.h` from `src/shop/cart.c`). Not when the includer is others' code."""
    if not includer:
        return False
    path = PurePosixPath(includer.replace("\\", "/"))
    if _foreign(path.parts[:-1]) or installed_code(includer):
        return False
    header = PurePosixPath(name)
    if header.parent == PurePosixPath("."):
        return _of_module(header.stem, path.stem)
    return _contains(path.parts[:-1], list(header.parent.parts))


def _of_module(header: str, module: str) -> bool:
    """A header of the including module's own: its interface (`pricing.h` of `pricing.c`) or a part of it named
    after it (`tally_limits.h`, `cart-types.h` of `cart.c`), as a project names a module's pieces; a library's
    header is named after the library, not after the file that uses it."""
    return header == module or (len(module) > 1 and header.startswith((f"{module}_", f"{module}-")))


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
    if len(parts) > 1 and parts[0] in _DOMAINS:
        # com.acme (com.acme.util: acme's); a top-level domain alone says nobody's (org.junit is no org.* project's)
        return parts[:2]
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


# An absolute path of three or more parts, where a path can start (not inside a word or a URL's host).
_ABSOLUTE = Regex(r"(?<![\w.:/])(/[\w.@+-]{1,200}(?:/[\w.@+-]{1,200}){2,40})")


# Workspace folders a CI names for every project alike (CircleCI's, Azure's, Jenkins'): no project's name.
_GENERIC_WORKSPACES = frozenset({"project", "repo", "s", "build", "workspace", "src", "app"})


def workspace_names(lines: Iterable[str]) -> list[str]:
    """The repository's name, from the first path the lines show under a hosted runner's workspace
    (`/home/travis/build/acme/shopcart/tests/test_cart.py`: shopcart, and shopcart's module spelling), as
    a tree for `first_party`. Without the source tree this is what says that `No module named 'shopcart'`
    is the project's own package, not installed where its tests ran, rather than a third party's: the
    facts' records (classify.categorize) and the rules (triage) read it here alike."""
    for m in (m for line in lines for m in _ABSOLUTE.finditer(line)):
        path = m.group(1)
        inside = repo_relative(path)
        if inside == path:
            continue
        name = path[: len(path) - len(inside)].rstrip("/").rsplit("/", 1)[-1]
        if name.lower() in _GENERIC_WORKSPACES:
            return []
        return list(dict.fromkeys([name, name.replace("-", "_"), name.lower().replace("-", "_")]))
    return []


# The packages `go test` and `go build` name as the ones they built or tested, in their own report lines (cmd/go's
# test.go: `ok  \tPKG\t0.01s`, `FAIL\tPKG\t0.01s`, `FAIL\tPKG [build failed]`, `FAIL\tPKG [setup failed]` (a package
# that did not load, Go 1.20 on), `?   \tPKG\t[no test files]`; the `# PKG` header above a package's errors, when
# its first element is a host): the project's own packages, whose module root (_root) a missing import path
# sharing it is the project's own too (`# github.com/acme/shop/tests` over `no required module provides package
# github.com/acme/shop/tests/generated/api`: a generated package not generated).
_GO_REPORTED = Regex(
    r"^(?:(?:ok|FAIL)\s+(?P<pkg>[\w.~-]+(?:/[\w.~-]+)+)(?:\s+(?:\[(?:build|setup) failed\]|[\d.]+s|\(cached\))|\s*$)|"
    r"\?\s+(?P<pkg2>[\w.~-]+(?:/[\w.~-]+)+)\s+\[no test files\]|"
    rf"# (?P<pkg3>{_ROOT})(?: \[[^\]\n]+\])?\s*$)"
)


def go_packages(lines: Iterable[str]) -> list[str]:
    """The import paths go's own report lines name as the packages it built or tested (_GO_REPORTED), as a tree for
    `first_party`: a missing import path under one of their module roots is the project's own. Then the roots of
    the main module those lines tell (_go_roots), for `go_own`."""
    seen = list(lines)
    packages: dict[str, None] = {}
    for line in seen:
        if line.startswith(("ok", "FAIL", "?", "# ")) and (m := _GO_REPORTED.match(line)):
            packages[m["pkg"] or m["pkg2"] or m["pkg3"]] = None
    return [*packages, *_go_roots(list(packages), seen)]


# The crates cargo builds from a folder (`   Compiling shop v0.1.0 (/home/runner/work/x/x)`, `    Checking shop v0.1.0
# (C:\x)`, cargo's own lines): the workspace's packages, or path dependencies beside them. A crate from a registry
# names no folder (`Compiling serde v1.0.200`), one from git its URL (`(https://github.com/o/r#abc)`).
_CARGO_BUILT = Regex(
    r"^\s{0,12}(?:Compiling|Checking) (?P<crate>[\w-]{1,64}) v\S{1,64} \((?:/|[A-Za-z]:\\)[^()\n]{0,400}\)\s*$"
)


def cargo_crates(lines: Iterable[str]) -> list[str]:
    """The crates cargo's own lines say it built from a folder (_CARGO_BUILT), each as Rust spells it in a path
    (`my-shop` is `my_shop`), as a tree for `first_party`: `unresolved import `shop::pricing`` in a crate's tests is
    the crate's own module missing, not a third party's."""
    crates: dict[str, None] = {}
    for line in lines:
        if ("Compiling " in line or "Checking " in line) and (m := _CARGO_BUILT.match(line)):
            crates[m["crate"].replace("-", "_")] = None
    return list(crates)


# A file go names at the start of an error line, relative to where it ran (`tax/tax2_test.go:6:2: `).
_GO_FILE_AT = Regex(r"(?P<file>(?:[\w.~-]+/)*[\w.~-]+\.go):\d+(?::\d+)?: ")


def _go_roots(packages: list[str], lines: list[str]) -> list[str]:
    """The main module's root, or a folder below it, as go's report lines tell it (a package's import path is its
    module's path and its folder below the module's root): the longest common prefix of two or more packages
    `go test ./...` reported (all of the main module: its path is a prefix of each), when it is a host and a folder
    at least; and a `# PKG` header's package without the folder of the file its next line's error names
    (`# example.com/shop/tax` over `tax/tax2_test.go:6:2: ...`: example.com/shop)."""
    roots: list[str] = []
    if len(packages) > 1:
        roots.append(commonpath(packages))
    for header, below in pairwise(lines):
        if header.startswith("# ") and (m := _GO_REPORTED.match(header)) and (at := _GO_FILE_AT.match(below)):
            folder = at["file"].rpartition("/")[0]
            package = m["pkg3"] or ""
            if not folder:
                roots.append(package)
            elif package.endswith(f"/{folder}"):
                roots.append(package.removesuffix(f"/{folder}"))
    return [
        r
        for r in dict.fromkeys(roots)
        if _GO_ROOT.fullmatch(r) and r.count("/") >= _HOST_DEPTH.get(r[: r.find("/")], 1)
    ]


# Hosts whose every module path names an owner and a repository (cmd/go's vcsPaths: `github.com/owner/repo`): a
# prefix shorter than that is an owner's, shared by modules of two repositories (a go.work of both), no root.
_HOST_DEPTH = {"github.com": 2, "bitbucket.org": 2, "gitlab.com": 2}


# Where package managers install others' code for a build to use: npm's node_modules, pip's site-packages
# and its build folders, Bundler's and RubyGems' gems, Cargo's registry sources, Go's module cache.
_INSTALLED = Regex(
    r"(?:^|/)(?:node_modules|site-packages|dist-packages|gems|registry/src|pkg/mod)/|/pip-(?:install|build|req-build)-"
)


# The code of a compiler's or linker's error in the build of a package an installer fetched and built as it
# installed it (pip building a downloaded sdist's C extension): a third party's code, whose path the log does
# not give (pip 21 on never prints the build folder; the sdist's own path is not the project's).
FETCHED_BUILD = "fetched-build"


def installed_code(path: str | None, code: str | None = None) -> bool:
    """Whether a file is a package manager's installed copy of a third party's code (not the project's), or the
    record's code says it was read in such a package's build (FETCHED_BUILD)."""
    return code == FETCHED_BUILD or (bool(path) and _INSTALLED.search(path or "") is not None)
