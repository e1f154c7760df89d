"""What an error message means beyond the tool that printed it: a missing dependency, a build
set-up that lacks a library, an environment that lacks one at run time, an index out of reach.

Every language's compiler, linker, loader or interpreter says in its own words that a package,
module, header, library or crate it was told to use is not there (javac "package X does not
exist", gcc "X.h: No such file or directory", rustc "can't find crate for `x`", tsc/node "Cannot
find module 'x'", perl "Can't locate X.pm in @INC (you may need to install the X module)", ...).
When the missing name belongs to a third party, the fix is to install or declare it: a
dependency failure, whichever tool's output it sits in. When it is the project's own (a relative
import, `crate::`, a quoted `#include`, the erroring file's own namespace, a path in the source
tree), the code is wrong and the record keeps its tool's category.

Where the name went missing says which fix it calls for (`Missing.means`). A package manager's or
an interpreter's missing package, module or crate is a dependency failure: declare or install it.
A header, a library to link, a pkg-config package, a CMake find_package or an autoconf check that
fails while the project is built is the build's set-up (the -dev package the CI image lacks, a
find module, a path): CI datasets label it a build failure, and the fix is in the build set-up, not
in a manifest of dependencies. A shared library the dynamic loader cannot find when a program starts
is the environment the program runs in (infra). A package manager that could not reach its index
(refused, unresolved, reset or timed-out connections, a server's 5xx, a rate limit) is infra too,
whatever it then says about the package (`unreachable`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Literal

from remediate.facts.lazyregex import Regex
from remediate.facts.paths import repo_relative
from remediate.models import Category

# How a missing name is told apart from the project's own: by the namespace rule (module), by the
# #include's quotes (header), or not at all (a library the linker or the system lacks).
Kind = Literal["module", "header", "library"]

_DEP, _BUILD, _RUN = Category.DEPENDENCY, Category.BUILD, Category.INFRA
# Whether a compiler or a build's configuration said it (Missing.compiler), or an interpreter, a loader or
# a package manager.
_COMPILER, _OTHER = True, False
# (literals every match holds, the pattern with a `name` group, kind, what the absence calls for, whether
# a compiler said it). The wording is each tool's own, as it prints it; the literals keep lines that hold
# none of them from running the pattern.
_MISSING: tuple[tuple[tuple[str, ...], Regex, Kind, Category, bool], ...] = (
    # Python ModuleNotFoundError; Python 2's ImportError names the module unquoted, as the message's end
    (
        ("No module named",),
        Regex(r"No module named (?:'(?P<name>[\w.]+)'|(?P<name2>[\w.]+)\s*$)"),
        "module",
        _DEP,
        _OTHER,
    ),
    # pkg_resources: a distribution a console script requires, or one the code asks for by name (a package's
    # own `get_distribution(__name__)` when it is not installed: the project's own, told by its frame's path)
    (
        ("distribution was not found",),
        Regex(r"The '(?P<name>[A-Za-z0-9][\w.-]*)[^']*' distribution was not found"),
        "module",
        _DEP,
        _OTHER,
    ),
    (
        ("cannot import name",),
        # Python's ImportError names the module it searched and, since 3.8, that module's file
        Regex(r"cannot import name '(?P<member>\w+)' from '(?P<name>[\w.]+)'(?: \((?P<path>[^)]+)\))?"),
        "module",
        _DEP,
        _OTHER,
    ),
    ((" does not exist",), Regex(r"\bpackage (?P<name>[\w.]+) does not exist\b"), "module", _DEP, _COMPILER),  # javac
    (
        ("package",),
        Regex(  # go build / go vet / go test in GOPATH mode: the packages it searched for
            r"cannot find package \"(?P<name>[^\"\s]+)\"|package (?P<name2>[\w.-]+/\S+) is not in (?:GOROOT|std)"
        ),
        "module",
        _DEP,
        _COMPILER,
    ),
    (
        ("module provid",),
        Regex(  # go in module mode: go.mod requires no module that provides it (`to add it: go get ...`), or
            # go.sum has no checksum of the module go.mod says does (Go 1.16 on: `to add: go get ...`)
            r"no required module provides package (?P<name>[^\s;:]+)|"
            r"cannot find module providing package (?P<name2>[^\s;:]+)|"
            r"missing go\.sum entry for module providing package (?P<name3>[^\s;:]+)"
        ),
        "module",
        _DEP,
        _OTHER,
    ),
    (
        ("crate", "unresolved import"),
        Regex(  # rustc E0463 / E0432 / E0433 (the "crate" wordings across versions)
            r"can't find crate for `(?P<name>\w+)`|unresolved import `(?P<name2>[\w:]+)`|"
            r"(?:use of undeclared crate or module|cannot find module or crate|"
            r"use of unresolved module or unlinked crate) `(?P<name3>\w+)`"
        ),
        "module",
        _DEP,
        _COMPILER,
    ),
    (
        ("Cannot find",),
        Regex(  # tsc: TS2307 (its wording since 4.x, or the code before the old one), TS2688
            r"Cannot find module '(?P<name>[^']+)' or its corresponding type declarations|"
            r"TS2307: Cannot find module '(?P<name2>[^']+)'|Cannot find type definition file for '(?P<name3>[^']+)'"
        ),
        "module",
        _DEP,
        _COMPILER,
    ),
    (
        ("Cannot find",),
        Regex(r"Cannot find (?:module|package) '(?P<name>[^']+)'"),  # node's CommonJS and ES module loaders
        "module",
        _DEP,
        _OTHER,
    ),
    # Grunt loading a plugin: `>> Local Npm module "grunt-contrib-jshint" not found. Is it installed?`
    (("Local Npm module",), Regex(r'Local Npm module "(?P<name>[^"]+)" not found\.'), "module", _DEP, _OTHER),
    # ruby LoadError
    (("cannot load such file",), Regex(r"cannot load such file -- (?P<name>\S+)"), "module", _DEP, _OTHER),
    (("in @INC",), Regex(r"Can't locate (?P<name>\S+?)\.pm in @INC"), "module", _DEP, _OTHER),  # perl
    # GHC
    ((" module ",), Regex(r"Could not (?:find|load) module [‘'`](?P<name>[\w.]+)[’'`]"), "module", _DEP, _COMPILER),
    (("no such module",), Regex(r"\bno such module '(?P<name>[\w.]+)'"), "module", _DEP, _COMPILER),  # swiftc
    # R
    (("there is no package",), Regex(r"there is no package called [‘'](?P<name>[\w.]+)[’']"), "module", _DEP, _OTHER),
    (("' not found:",), Regex(r"\bmodule '(?P<name>[\w.]+)' not found:"), "module", _DEP, _OTHER),  # Lua require
    # webpack's resolver, at build time against the installed packages (as tsc's TS2307)
    (("Can't resolve",), Regex(r"Can't resolve '(?P<name>[^']+)' in '"), "module", _DEP, _COMPILER),
    # Vite's (Rollup's) and esbuild's: `Could not resolve "./x.js" from "src/main.js"`, `Rollup failed to
    # resolve import "lodash-es" from ...`; Rollup 1-2 quote the name once: `Could not resolve './x' from src/main.js`;
    # Parcel 2: `@parcel/core: Failed to resolve './x' from './src/main.js'`
    (
        ("resolve",),
        Regex(
            r"(?:Could not resolve(?: import)?|failed to resolve import|Failed to resolve) "
            r"""(?:"(?P<name>[^"]+)"|'(?P<name2>[^']+)')"""
        ),
        "module",
        _DEP,
        _COMPILER,
    ),
    (
        ("No such file", "file not found", "Cannot open include file"),
        Regex(  # gcc / clang: a header the preprocessor cannot find
            # a name starts where a path can (not inside one): one try per path, linear in the line
            r"(?<![\w./+-])(?P<name>[\w./+-]{1,300}\.(?:h|hh|hpp|hxx|H|inc)): No such file or directory|"
            r"'(?P<name2>[\w./+-]{1,300}\.(?:h|hh|hpp|hxx|H|inc))' file not found|"
            r"Cannot open include file: '(?P<name3>[\w./\\+-]+)'"  # MSVC C1083
        ),
        "header",
        _BUILD,
        _COMPILER,
    ),
    (
        ("-l", "No package", "pkg-config", "Could NOT find", "By not providing", "checking for ", 'Dependency "'),
        # ld / lld / ld64, pkg-config, CMake's find_package, Meson's dependency(), an autoconf check that
        # stopped configure (its `checking for X... no` right above `configure: error:`)
        Regex(
            r"cannot find -l(?P<name>[\w.+-]+)|library not found for -l(?P<name2>[\w.+-]+)|"
            r"\bDependency \"(?P<name8>[\w.+-]+)\" not found|"
            r"No package '(?P<name3>[\w.+-]+)' found|Package (?P<name4>[\w.+-]+) was not found in the pkg-config|"
            r"Could NOT find (?P<name5>[\w.+-]+)|By not providing \"Find(?P<name6>[\w.+-]+)\.cmake\"|"
            r"^checking for (?P<probe>\S.{0,200}?)\.\.\. no$"
        ),
        "library",
        _BUILD,
        _COMPILER,
    ),
    (
        ("possibly undefined macro",),
        # autoconf: a macro of a package's .m4 that aclocal did not find (`AM_PATH_GTK_3_0`: the -dev package,
        # `AX_...`: autoconf-archive, `PKG_...`: pkg-config), or a typo in configure.ac
        Regex(r"error: possibly undefined macro: (?P<name>\w+)"),
        "library",
        _BUILD,
        _COMPILER,
    ),
    (
        ("' not found",),
        # TeX: `! LaTeX Error: File `nosuchpackage.sty' not found.`: a package the TeX installation lacks,
        # or a class or style of the project's the build does not find
        Regex(r"LaTeX Error: File `(?P<name>[\w./-]+\.(?:sty|cls))' not found"),
        "library",
        _BUILD,
        _COMPILER,
    ),
    (
        ("shared libraries",),
        Regex(r"error while loading shared libraries: (?P<name>[\w.+-]+): cannot open shared object file"),  # ld.so
        "library",
        _RUN,
        _OTHER,
    ),
    (
        ("Could not resolve dependencies for project",),
        # Maven: the artifact it could not resolve, and the project that needed it (`project` group): an
        # artifact of the project's own groupId is a module of the same build (a sibling not built or
        # installed first: `-pl` without `-am`), not a third party's
        Regex(
            r"Could not resolve dependencies for project (?P<project>[\w.-]+):[\w.-]+:\S*: .{0,400}?"
            r"(?:artifact|could not be resolved:|Failure to find) (?P<name>[\w.-]+:[\w.-]+)"
        ),
        "module",
        _DEP,
        _OTHER,
    ),
    (
        ("vendor/autoload",),
        Regex(r"Failed opening required '(?P<name>\S*vendor/autoload\.php)'"),
        "library",
        _DEP,
        _OTHER,
    ),  # composer install not run
)
# Every needle in one alternation: most lines hold none, and one search per line costs far less than
# a Python loop over the table (classify asks about every line of the log's view).
_ANY_NEEDLE = Regex("|".join(re.escape(n) for needles, *_ in _MISSING for n in needles))
# Lines a tool prints after its error line that say more about it (gcc/clang's `#include` line,
# autoconf's error after the check that failed).
FOLLOW_LINES = 2
_CONFIGURE_STOPPED = "configure: error:"
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
    """A name the tool says is missing, whether it is a third party's, and what its absence calls
    for when it is (`means`: a dependency, the build's set-up, the run-time environment)."""

    name: str
    kind: Kind
    third_party: bool
    means: Category = Category.DEPENDENCY
    # a compiler or the build's configuration looked it up (javac, go, rustc, tsc, gcc, ld, CMake), against
    # the paths the build gives it: an undeclared dependency and the build's set-up (a class or module
    # path, a sibling module not built first, GOPATH) are both its possible fixes
    compiler: bool = False
    # the name the module lacks when the module itself was found (Python's `cannot import name 'x' from 'm'`)
    member: str = ""

    @property
    def what(self) -> str:
        """The reason printed in the rules' evidence."""
        if self.means is Category.BUILD:
            return f"a build step found {self.kind} {self.name!r} missing (the fix is in the build's set-up)"
        if self.means is Category.INFRA:
            return f"shared library {self.name!r} is missing where a program started (its run-time environment)"
        return f"third-party {self.kind} {self.name!r} is missing"


def missing_of(
    text: str, follow: Iterable[str] = (), file: str | None = None, tree: Sequence[str] = ()
) -> Missing | None:
    """The missing name `text` (an error message) reports, if any. `follow` are the lines the
    tool printed after it (gcc/clang show the `#include` line), `file` the erroring file, `tree`
    the project's files when known."""
    if _ANY_NEEDLE.search(text) is None:
        return None
    after = list(follow)
    for needles, pattern, kind, means, compiler in _MISSING:
        if not any(n in text for n in needles):
            continue
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        where = groups.pop("path", None) or file  # the module's own file, when the tool shows it
        project = groups.pop("project", None)  # the build's own group (Maven's groupId)
        member = groups.pop("member", None) or ""  # what the module it found lacks
        if groups.get("probe") and not any(line.startswith(_CONFIGURE_STOPPED) for line in after):
            continue  # an optional feature autoconf did not find: configure went on
        name = next(v for v in groups.values() if v)
        if project is not None:
            own = name.split(":", 1)[0] == project
        elif kind == "header":
            own = _header_is_own(name, after, tree)
        elif kind == "module":
            own = first_party(name, where, [*tree, *_ruby_frames(after)]) or _go_own(name, text, where)
        else:
            own = False
        # go's own lookup of the main module's package is the build's (no installation puts it there): a compiler's
        compiler = compiler or (own and _GO_MISSING.search(text) is not None)
        return Missing(name, kind, not own, means, compiler, member)
    return None


# Go's words for an import path no module provides, or that is not in the standard library (go build, go vet, go test
# in module mode; cmd/go/internal/modload: ImportMissingError).
_GO_MISSING = Regex(
    r"no required module provides package |cannot find module providing package |"
    r"missing go\.sum entry for module providing package |is not in (?:GOROOT|std)\b"
)
# The module cache or a vendor tree: where a dependency's own files import from.
_GO_OTHERS = Regex(r"(?:^|/)pkg/mod/|(?:^|/)vendor/")


def _go_own(name: str, text: str, file: str | None) -> bool:
    """Whether the import path Go says nothing provides is the project's own package, by Go's own rules, from the
    log alone: a path whose first element has no dot is no host any module can be fetched from (the go command
    reserves those for the standard library), so one that is not in it is the main module's (`module shop`, a
    package `shop/internal/pricing` renamed or moved: `is not in GOROOT`, `is not in std` since Go 1.20); and an
    `internal` package may be imported only from within the tree rooted at its parent (the go command's internal
    rule), so one the project's own file imports (not a file in the module cache or a vendor tree) lies in the
    project's own module. A fetchable path of another shape (`github.com/acme/util`) stays a third party's."""
    if _GO_MISSING.search(text) is None:
        return False
    parts = name.split("/")
    if "." not in parts[0]:
        return True
    importer = file or text.split(":", 1)[0]
    return "internal" in parts[1:] and _GO_OTHERS.search(importer.replace("\\", "/")) is None


# Ruby shows the project's files that required a missing one relative to where it ran, below the error
# (RSpec's `# ./lib/cartkit.rb:1:in`, Ruby's `from ./lib/cartkit.rb:1:in`): files of the project's own tree,
# known without it (`require "cartkit/taxes"` from lib/cartkit.rb is the project's file, not a gem).
_RUBY_FRAME = Regex(r"(?:^|\s)\./((?:[\w-]+/)*[\w.-]+\.rb):\d+")


def _ruby_frames(follow: Sequence[str]) -> list[str]:
    return [m.group(1) for line in follow if (m := _RUBY_FRAME.search(line))]


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
# its first element is a host): the project's own packages, whose module root (meaning._root) a missing import path
# sharing it is the project's own too (`# github.com/acme/shop/tests` over `no required module provides package
# github.com/acme/shop/tests/generated/api`: a generated package not generated).
_GO_REPORTED = Regex(
    r"^(?:(?:ok|FAIL)\s+(?P<pkg>[\w.~-]+(?:/[\w.~-]+)+)(?:\s+(?:\[(?:build|setup) failed\]|[\d.]+s|\(cached\))|\s*$)|"
    r"\?\s+(?P<pkg2>[\w.~-]+(?:/[\w.~-]+)+)\s+\[no test files\]|"
    r"# (?P<pkg3>[\w~-]+\.[\w.~-]+(?:/[\w.~-]+)+)(?: \[[^\]\n]+\])?\s*$)"
)


def go_packages(lines: Iterable[str]) -> list[str]:
    """The import paths go's own report lines name as the packages it built or tested (_GO_REPORTED), as a tree for
    `first_party`: a missing import path under one of their module roots is the project's own."""
    found = (line for line in lines if line.startswith(("ok", "FAIL", "?", "# ")))
    return list(dict.fromkeys(m["pkg"] or m["pkg2"] or m["pkg3"] for line in found if (m := _GO_REPORTED.match(line))))


# A client that could not reach its server, in the words of the package managers and their HTTP
# stacks (pip/urllib3, npm/yarn, cargo/curl, go, Maven/Gradle and the JVM's) and of the servers' own statuses:
# refused, reset or timed-out connections, a name that does not resolve (apt's `Could not resolve 'host'`), a 5xx,
# a rate limit.
_UNREACHABLE = Regex(
    r"Connection (?:refused|reset|timed out)|connection (?:refused|reset by peer|timed out)|"
    r"Failed to establish a new connection|Name or service not known|Temporary failure in name resolution|"
    r"\bno such host\b|"  # Go's resolver (go, terraform, docker, helm): `dial tcp: lookup x on y:53: no such host`
    # apt: `Could not resolve 'host'` (no such name), `Temporary failure resolving 'host'` (no resolver answered)
    r"Could not resolve host|(?:Could not resolve|Temporary failure resolving) '[\w.-]+'|"
    r"\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)\b|"
    r"\bcode E(?:429|50[0234])\b|"
    r"\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)|"
    r"\b429 Too Many Requests|[Rr]ate limit (?:exceeded|reached)|Read timed out|\bi/o timeout\b|TLS handshake timeout|"
    r"spurious network error|Network is unreachable|No route to host|Could not transfer artifact|"
    # the JVM's HTTP stacks under Gradle and Maven: a fetch that failed, an unknown host, a TLS failure
    r"Could not (?:GET|HEAD|PUT) '|UnknownHostException|[Cc]onnect timed out|Received status code (?:5\d\d|429)|"
    # a connect that got no answer in time: Mojo::UserAgent's `Connect timeout`, requests' and urllib3's
    # ConnectTimeout(Error) (the class names their reports and pytest's records carry)
    r"\bConnect ?[Tt]imeout(?:Error)?\b|"
    # Go's net/http client that got no answer in time (go, docker, terraform, helm: `context deadline exceeded
    # (Client.Timeout exceeded while awaiting headers)`)
    r"\bClient\.Timeout exceeded\b|"
    r"Remote host (?:terminated|closed)|SSL handshake|PKIX path building failed|"
    # libcurl's words (curl, git over https, cargo, R, composer): a refused or timed-out connect, a
    # transfer that stalled; Emacs url.el's `Could not create connection to HOST:PORT`
    r"Failed to connect to \S+ port \d+|Couldn't connect to server|Timeout was reached|"
    r"Operation timed out after \d+|Operation too slow\.|Could not create connection to \S+:\d+|"
    # libcurl's failed transfer when the server answered a 5xx or a rate limit (`curl -f`'s `curl: (22) The requested
    # URL returned error: 503`, git over http(s)'s `fatal: unable to access 'URL': The requested URL returned error:
    # 502`; curl before 7.75 adds the reason, `503 Service Unavailable`); not a 404 or a 403 (a wrong URL, a token)
    r"The requested URL returned error: (?:5\d\d|429)\b|"
    # urllib3's retries used up on a server's 5xx (pip 10-19 on an index that answers 503: `RetryError: ... Max
    # retries exceeded with url: /simple/x/ (Caused by ResponseError('too many 503 error responses',))`)
    r"\btoo many (?:5\d\d|429) error responses\b|"
    # a server that closed the connection without answering: Node's http client (`Error: socket hang up`), Python's
    # http.client under requests/urllib3 (`RemoteDisconnected('Remote end closed connection without response')`),
    # curl's `(52) Empty reply from server`
    r"\bsocket hang up\b|Remote end closed connection without response|Empty reply from server|"
    # a server's, a gateway's or a proxy's refusal to serve as an HTTP client raises it: Python's urllib
    # (`urllib.error.HTTPError: HTTP Error 503: Service Unavailable`), axios (`AxiosError: Request failed with status
    # code 502`); a gateway, a service down or a rate limit, not a 500 (a handler of the code under test may fail)
    r"\bHTTP Error (?:50[234]|429): |\bRequest failed with status code (?:50[234]|429)\b|"
    # libpq's hint under a connection it could not make (psycopg, psql, pg_dump, Rails' PG::ConnectionBad):
    # `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory` (no
    # server on this machine) or `... failed: Connection refused`, then `Is the server running locally and accepting
    # connections on that socket?` (`... on that host and accepting TCP/IP connections?`)
    r"\bIs the server running (?:locally|on that host) and accepting\b|"
    # Python's asyncio, whose connect names no errno's words (`ConnectionRefusedError: [Errno 111] Connect call failed
    # ('127.0.0.1', 9)`: asyncio.open_connection, asyncpg, aiohttp beneath), and aiohttp's ClientConnectorError
    # (`Cannot connect to host 127.0.0.1:9 ssl:default [...]`)
    r"\bConnect call failed \(|\bCannot connect to host \S+ ssl:|"
    r"\bconnection to server on socket \"[^\"\n]{1,300}\" failed: No such file or directory\b|"
    # PostgreSQL's JDBC driver, whose message names no errno's words (the refusal is in its cause, below Surefire's
    # one-line report): `PSQLException: Connection to localhost:5432 refused. Check that the hostname and port are
    # correct and that the postmaster is accepting TCP/IP connections.`
    r"\bConnection to \S{1,300} refused\. Check that the hostname and port\b|"
    # Ruby's Net::HTTP (Faraday, HTTParty, RestClient beneath) that got no connection or no answer in time, its class
    # over RSpec's or Minitest's report of it (`Net::ReadTimeout with #<Socket:(closed)>`, `Net::OpenTimeout: Failed to
    # open TCP connection to HOST:PORT (execution expired)`), as requests' `Read timed out` and ConnectTimeout: the
    # class as an exception is printed, before its message (not a spec expecting it: `expected Net::ReadTimeout but
    # nothing was raised`)
    r"\bNet::(?:Open|Read)Timeout:|\bNet::ReadTimeout with #<|"
    # a certificate that did not verify, in Node's codes (npm's `npm ERR! code CERT_HAS_EXPIRED`, `request to URL
    # failed, reason: self-signed certificate in certificate chain`: a proxy's, an expired root's) and GnuTLS's words
    # (Debian's and Ubuntu's git over https: `server certificate verification failed. CAfile: ...`)
    r"\b(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b|"
    r"server certificate verification failed\. CAfile|"
    # Bundler's fetcher that could not get the source's index (`Could not fetch specs from URL due to underlying
    # error <too many connection resets (URL)>`, `<bad response Service Unavailable 503 (URL)>`, its message wrapped
    # to the terminal's width)
    r"\btoo\s+many\s+connection\s+resets\b|\bbad\s+response\s+[A-Za-z ]{1,40}\s(?:5\d\d|429)\b|"
    # Bundler's `Could not reach host index.rubygems.org. Check your network connection and try again.`;
    # LuaRocks' warning that it could not fetch the server's manifest (it then finds no rock at all)
    r"Could not reach host \S+\. Check your network|Failed searching manifest: Failed downloading|"
    # requests' HTTPError for a server's 5xx or a rate limit (`503 Server Error: Service Unavailable for url`);
    # a certificate that did not verify (OpenSSL's `CERTIFICATE_VERIFY_FAILED`, curl's `SSL certificate problem`,
    # GnuTLS wget's `The certificate of 'host' is not trusted`)
    r"\b(?:429 Client|50[0234] Server) Error: |\bcertificate verify failed\b|SSL certificate problem: |"
    r"The certificate of \S+ is not trusted|"
    # a container registry's rate limit, by the distribution spec's error code as Docker and containers/image
    # (podman, buildah, skopeo) print it: `toomanyrequests: You have reached your pull rate limit`
    r"\btoomanyrequests\b|"
    # cargo's registry client answered a 5xx or a rate limit (`failed to get successful HTTP response from
    # `URL` (host), got 503`)
    r"failed to get successful HTTP response from .{1,300}, got (?:5\d\d|429)\b|"
    # Chromium's network errors, as browser tests print them (Playwright's `page.goto: net::ERR_CONNECTION_REFUSED
    # at http://localhost:3000/`, `net::ERR_NAME_NOT_RESOLVED`): refused, reset, timed out, unresolved, a certificate
    r"\bnet::ERR_(?:CONNECTION_\w+|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|ADDRESS_UNREACHABLE|"
    r"INTERNET_DISCONNECTED|TIMED_OUT|CERT_\w+|SSL_PROTOCOL_ERROR)\b|"
    # a database server that is up but not yet, or no longer, accepting connections (PostgreSQL's FATAL); a
    # MySQL or MariaDB client that reached none (`ERROR 2002 (HY000): Can't connect to server on '127.0.0.1'`,
    # MySQL's `Can't connect to MySQL server on`, `... to local MySQL server through socket`)
    r"the database system is (?:starting up|shutting down|in recovery mode)|"
    r"Can't connect to (?:local )?(?:MySQL )?server (?:on|through) ",
    # strings one of which each match holds: a log that shows none compiles no pattern (lazyregex; proved by
    # tests/facts/test_lazyregex.py, which names the words a new alternative needs one for)
    needles=(
        "onnect|ECONN|code E|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UNREACH|response|net::ERR_|imeout|imed out|"
        "Gateway|no such host|handshake|socket hang up|toomanyrequests|Could not |No route to host|CERT|"
        "UNABLE_TO_VERIFY|ate limit|Service Unavailable|Operation t|certificate|UnknownHost|"
        "Received status code|Too Many Requests|etwork|Remote host|Empty reply|PKIX|"
        "Name or service not known|Temporary failure|the database system is |Failed searching manifest|"
        "Server Error|Client Error|returned error|HTTP Error |status code |Is the server running|"
        "connection to server on socket"
    ),
)


def _words(pattern: Regex, text: str) -> str | None:
    """What `pattern` matched first in `text`: the words a reader below quotes as its evidence."""
    m = pattern.search(text)
    return m.group(0) if m else None


def unreachable(text: str) -> str | None:
    """The words saying a client could not reach its server (a package index, a registry, a proxy),
    if `text` holds them."""
    return _words(_UNREACHABLE, text)


# A machine that ran out of room for what a job wrote or started, in the C library's words (`[Errno 28] No
# space left on device`, npm's `no space left on device`, `Cannot allocate memory`), Node's codes (ENOSPC,
# ENOMEM), the disk quota's, and GCC's when its compiler ran out (`cc1: out of memory allocating N bytes`,
# older `virtual memory exhausted`): the runner's disk or memory, not the code that was writing, starting or
# being compiled. Not `MemoryError` nor a heap limit (`JavaScript heap out of memory`, `OutOfMemoryError`):
# a program's own allocations reach those first.
_EXHAUSTED = Regex(
    r"[Nn]o space left on device|\bENOSPC\b|Disk quota exceeded|Cannot allocate memory|\bENOMEM\b|"
    r"\bout of memory allocating \d+ bytes|virtual memory exhausted"
)


def exhausted(text: str) -> str | None:
    """The words saying the machine ran out of disk or memory, if `text` holds them."""
    return _words(_EXHAUSTED, text)


# A test's process that a signal from outside ended, in the words of the runner that started it: Jest's worker (`A
# jest worker process (pid=N) was terminated by another process: signal=SIGKILL`): the kernel's OOM killer, a
# container's memory limit, a job's time limit. A signal the process raised itself (SIGSEGV, SIGABRT: a crash in
# the code or a native module) is not read here, nor a worker whose end names no signal (pytest-xdist's `node
# down: Not properly terminated` follows a segfault as well as a kill).
_KILLED = Regex(r"\bterminated by another process: signal=SIG(?:KILL|TERM)\b")


def killed(text: str) -> str | None:
    """The words saying a test's process was ended by a signal from outside, if `text` holds them."""
    return _words(_KILLED, text)


# A process that ran out of the memory it may use, in its runtime's own words as it ends: Node's V8 (`FATAL ERROR:
# Reached heap limit Allocation failed - JavaScript heap out of memory`, every version's wording ends so), the
# JVM's `java.lang.OutOfMemoryError` (javac's `The system is out of resources.` above it), Gradle's daemon
# (`Expiring Daemon because JVM heap space is exhausted`) and its cause line under `What went wrong:` when a task's
# code met the daemon's heap (`> Java heap space`, `> GC overhead limit exceeded`: the error's message alone),
# Python's `MemoryError` as a traceback's or pytest's last line (`E       MemoryError`), Go's runtime (`fatal
# error: out of memory`, `fatal error: runtime: out of memory` when the OS refuses it more), C++'s uncaught
# std::bad_alloc (libstdc++: `terminate called after throwing an instance of 'std::bad_alloc'`, `  what():
# std::bad_alloc`) and Rust's allocation failure (`memory allocation of N bytes failed`). The heap's limit, the
# container's or the code's own appetite (a leak, an endless loop): which of them the log cannot tell, so these
# name the run's resources and decide nothing (not meaning.exhausted, whose machine-wide words discount the tool
# that failed on them). A test that expects the error names it elsewhere on its line (`pytest.raises(MemoryError)`,
# `EXPECT_THROW(..., std::bad_alloc)`).
_OUT_OF_MEMORY = Regex(
    r"\bJavaScript heap out of memory\b|\bjava\.lang\.OutOfMemoryError\b|"
    r"\bExpiring Daemon because JVM heap space is exhausted\b|^> (?:Java heap space|GC overhead limit exceeded)$|"
    r"^(?:E +)?MemoryError(?:: |$)|"
    r"^fatal error: (?:runtime: )?out of memory$|\binstance of 'std::bad_alloc'|\bwhat\(\): +std::bad_alloc$|"
    r"^memory allocation of \d+ bytes failed$",
    re.MULTILINE,
)


def out_of_memory(text: str) -> str | None:
    """The words saying a process ran out of the memory it may use (a heap limit, an allocation refused), if
    `text` holds them."""
    return _words(_OUT_OF_MEMORY, text)


# A test runner's own limit for its whole run, reached: Go's test binary's alarm (`go test -timeout`, 10 minutes by
# default: `panic: test timed out after 10m0s`), pytest-timeout's `--session-timeout` (`!!! session-timeout: 2.0 sec
# exceeded !!!`), Surefire's `forkedProcessTimeoutInSeconds` (`There was a timeout in the fork`), and Karma's limits on
# the browser that runs the tests (browserNoActivityTimeout: Karma 1's `Disconnected, because no message in 30000
# ms.`, Karma 6's `Disconnected (0 times) , because no message in 3000 ms.`; captureTimeout: `ChromeHeadless has not
# captured in 2000 ms, killing.`, `have not` before Karma 4). What ran too long may be the code (a deadlock, an
# endless loop) or the runner (a slow machine, a browser that did not start); the run as a whole was stopped, no
# test's own check failed. A test's own limit (pytest-timeout's per-test `Failed: Timeout >1.0s`, Jest's `Exceeded
# timeout of 5000 ms for a test`, Mocha's `Timeout of 2000ms exceeded`) is PER_TEST_LIMIT's, read in that test's report.
RUN_LIMIT = Regex(
    r"^panic: test timed out after \w+|\bsession-timeout: [\d.]+ sec exceeded\b|There was a timeout in the fork\b|"
    r"\bDisconnected(?: \(\d+ times\))? ?, because no message in \d+ ms\b|"
    r"\bha(?:s|ve) not captured in \d+ ms, killing\b",
    re.MULTILINE,
)


def run_limit(text: str) -> str | None:
    """The words saying a test runner stopped its whole run at its time limit, if `text` holds them."""
    return _words(RUN_LIMIT, text)


# A test that ended at its own time limit, in its runner's words for that test: Jest's (27+: `Exceeded timeout of 5000
# ms for a test.`, `... for a hook.`), Mocha's `Timeout of 2000ms exceeded.`, pytest-timeout's (`Failed: Timeout
# (>1.0s) from pytest-timeout.`, 1.x's `Failed: Timeout >1.0s`), node:test's and ExUnit's `test timed out after
# 1000ms` (`** (ExUnit.TimeoutError) test timed out after 60000ms`), JUnit 4's `TestTimedOutException: test timed out
# after 100 milliseconds`, JUnit 5's @Timeout (`TimeoutException: waitsForStock() timed out after 1 second`),
# Playwright's `Test timeout of 30000ms exceeded.`, Vitest's `Test timed out in 5000ms.` / `Hook timed out in`,
# Jasmine's (Karma's) `Timeout - Async function did not complete within 5000ms`, and CTest's `***Timeout` (its
# parser's message `Timeout`). What ran too long may be the code (a deadlock, a promise never settled) or the machine
# (a slow runner, a service that answers late): the test's own check did not fail. Not an assertion's timeout
# (Playwright's `Timed out 5000ms waiting for expect(locator)...` is the assertion's own failure), nor a helper's own
# wait (Vim's `WaitFor() timed out after 5000 msec`: the test's condition never held).
PER_TEST_LIMIT = Regex(
    r"\bExceeded timeout of \d+ ms for a (?:test|hook)\b|\bTimeout of \d+ms exceeded\b|"
    r"\bFailed: Timeout (?:\(>|>)[\d.]+s\b|\btest timed out after \d+ ?m?s\b|"
    r"\bTestTimedOutException: test timed out after \d+ \w+|\bTimeoutException: \w+\(\) timed out after \d+ \w+|"
    r"\bTest timeout of \d+ms exceeded\b|\b(?:Test|Hook) timed out in \d+ms\b|"
    r"\bTimeout - Async (?:function did not complete|callback was not invoked) within \d+ ?ms\b|^(?:\*{3})?Timeout$",
    re.MULTILINE,
)


def per_test_limit(text: str) -> str | None:
    """The words saying a test ended at its own time limit (PER_TEST_LIMIT), if `text` holds them."""
    return _words(PER_TEST_LIMIT, text)


# A test runner's verdict that its run failed on flaky tests alone: tests that failed and then passed when rerun,
# which the project counts as failures (Surefire's `failOnFlakeCount`: `There is 1 flake and failOnFlakeCount is
# set to 1.`). No test fails when run again: what failed is the run's luck (timing, a service, the machine).
FLAKES_FAIL = Regex(r"\bThere (?:is|are) \d+ flakes? and failOnFlakeCount is set to \d+")
# pytest-rerunfailures' `--fail-on-flaky` exits 7 under the passing run's own summary, which counts its reruns and
# nothing failed (`3 passed, 1 rerun in 0.04s`: pytest's order puts `failed` and `errors` before `rerun`). The same
# words close a run that passed: they say the run failed on its flakes only in a step known to have failed.
RERUN_PASSED = Regex(
    r"(?<== )(?:\d+ (?:passed|skipped|deselected|xfailed|xpassed|warnings?), )*\d+ rerun in \d[\d.]*s\b"
)


def flakes_fail(text: str, *, step_failed: bool = False) -> str | None:
    """The words saying a run failed on tests that passed when rerun, if `text` holds them; with `step_failed` (the
    text is a step's the CI says failed), a passing run's summary counting its reruns too (RERUN_PASSED)."""
    return _words(FLAKES_FAIL, text) or (_words(RERUN_PASSED, text) if step_failed else None)


# Where package managers install others' code for a build to use: npm's node_modules, pip's site-packages
# and its build folders, Bundler's and RubyGems' gems, Cargo's registry sources, Go's module cache.
_INSTALLED = Regex(
    r"(?:^|/)(?:node_modules|site-packages|dist-packages|gems|registry/src|pkg/mod)/|/pip-(?:install|build|req-build)-"
)


def installed_code(path: str | None) -> bool:
    """Whether a file is a package manager's installed copy of a third party's code (not the project's)."""
    return bool(path) and _INSTALLED.search(path or "") is not None


# An image build whose RUN instruction's command exited non-zero, in each builder's words: BuildKit's
# `process "/bin/sh -c CMD" did not complete successfully: exit code: N` (BuildKit before 0.11:
# `executor failed running [/bin/sh -c CMD]`), the legacy builder's `The command '/bin/sh -c CMD' returned
# a non-zero code: N`, buildah's and podman's `building at STEP "RUN CMD": exit status N` (podman 4:
# `...: while running runtime: exit status N`), kaniko's `failed to execute command: waiting for process
# to exit: exit status N`. The Dockerfile only ran the command: what failed is what it ran (its tests,
# its build, its dependency install), said in the lines above.
_RUN_FAILED = Regex(
    r"process \"[^\"]{0,500}\" did not complete successfully: exit code: \d+|executor failed running \[|"
    r"The command '[^']{0,500}' returned a non-zero code: \d+|"
    r"building at STEP \"RUN [^\"]{0,500}\": (?:exit status \d+|while running runtime)|"
    r"failed to execute command: waiting for process to exit: exit status \d+"
)


def run_failed(text: str) -> str | None:
    """The words saying an image build's RUN command failed (not the Dockerfile itself), if `text` holds them."""
    return _words(_RUN_FAILED, text)


# A package manager's notice about an install that went on: pip (20.3 and later) installing into an
# environment whose other packages then conflict prints `ERROR: pip's dependency resolver does not
# currently take into account all the packages that are installed` with the conflicts, yet says
# `Successfully installed ...` and exits 0 (pip before 20.3: `pip's legacy dependency resolver does not
# consider dependency conflicts`). Whatever failed the job came after it.
_WENT_ON = Regex(
    r"pip's dependency resolver does not currently take into account all the packages that are installed|"
    r"pip's legacy dependency resolver does not consider dependency conflicts"
)


def went_on(text: str) -> bool:
    """Whether `text` is a tool's notice about work it then finished (see _WENT_ON), not a failure."""
    return _WENT_ON.search(text) is not None


# A resolver saying the requirements themselves cannot be met together (a version conflict, a lock
# file out of date): a dependency failure even when a retry on the way met the network.
_CONFLICT = Regex(
    r"ResolutionImpossible|conflicting dependencies|version solving failed|\bERESOLVE\b|No solution found|"
    r"failed to select a version|[Ll]ock ?file .{0,60}(?:needs to be updated|out of date|would have been modified)|"
    r"changed significantly since poetry\.lock"
)


def conflict(text: str) -> bool:
    """Whether `text` says the requirements conflict (not merely that a package was not found)."""
    return _CONFLICT.search(text) is not None


# A package index that answered about the package: pip listing the versions it found (`from versions:
# 1.0, 1.1`; `none` is what an unreachable index leaves), npm's and yarn's registry saying the package or
# version does not exist, cargo's index naming no such package, Maven finding no such artifact, Bower's
# registry no such package (its code is ENOTFOUND, Node's word for a name that does not resolve) or tag. A mirror
# refused on the way (a retry, an extra index) did not decide it: the requirement names what is not there.
_ANSWERED = Regex(
    r"\(from versions: (?!none\))[^)\s]|\bcode E(?:404|TARGET)\b|No matching version found for \S|"
    r"404 Not Found - GET https?://|Couldn't find any versions for \"|no matching package named `|"
    r"Could not find artifact \S+:\S+|ENOTFOUND Package \S+ not found|ENORESTARGET No tag found"
)


def answered(text: str) -> bool:
    """Whether `text` shows a package index answering that the requirement is not there (see _ANSWERED)."""
    return _ANSWERED.search(text) is not None


@dataclass(frozen=True)
class MissingTask:
    """A task, script, target, environment or session the CI asked a runner for that the project
    does not define: the CI's configuration names it (a renamed script, a workflow not updated)."""

    runner: str
    name: str

    @property
    def what(self) -> str:
        return f"the CI asked {self.runner} for {self.name!r}, which the project does not define"


# (literals every match holds, the runner's own wording with a `name` group, runner). Each wording
# is the runner's as it prints it (tests/facts/data/README.md). make's top-level `make: ***` only:
# `needed by 'x'` is a missing prerequisite file, and a sub-make's (`make[1]:`) is the Makefile's own.
_MISSING_TASK: tuple[tuple[tuple[str, ...], Regex, str], ...] = (
    (
        ("No rule to make target",),
        Regex(r"^g?make: \*\*\* No rule to make target [`'‘](?P<name>[^'’`]+)['’]\.\s+Stop\."),
        "make",
    ),
    (("Missing script",), Regex(r"Missing script: \"?(?P<name>[^\"\s]+)\"?"), "npm/pnpm"),
    (("not found.",), Regex(r"^error Command \"(?P<name>[^\"]+)\" not found\."), "yarn"),
    (("Don't know how to build task",), Regex(r"Don't know how to build task '(?P<name>[^']+)'"), "rake"),
    (("not found in",), Regex(r"(?:Task|Project) '(?P<name>[^']+)' not found in (?:root )?project"), "gradle"),
    (("Sessions not found",), Regex(r"Sessions not found: (?P<name>.+)$"), "nox"),
    (("does not contain recipe",), Regex(r"justfile does not contain recipe [`'](?P<name>[^`']+)[`']"), "just"),
    (("does not exist",), Regex(r"^task: Task \"(?P<name>[^\"]+)\" does not exist"), "task"),
    (("could not be found",), Regex(r"^\*\* \(Mix\) The task \"(?P<name>[^\"]+)\" could not be found"), "mix"),
    (("no such command",), Regex(r"^error: no such command: `(?P<name>[^`]+)`"), "cargo"),
    (("does not exist in the project",), Regex(r"^Target \"(?P<name>[^\"]+)\" does not exist in the project"), "ant"),
    (("Unknown lifecycle phase",), Regex(r"Unknown lifecycle phase \"(?P<name>[^\"]+)\""), "maven"),
    (("Task never defined:",), Regex(r"Task never defined: (?P<name>\S+)"), "gulp"),  # gulp 4
    (("is not in your gulpfile",), Regex(r"Task '(?P<name>[^']+)' is not in your gulpfile"), "gulp"),  # gulp 3
    (("not found.",), Regex(r"^(?:Warning: )?Task \"(?P<name>[^\"]+)\" not found\."), "grunt"),
    # SCons 2.5-4.4: `scons: *** Do not know how to make File target `cartx' (/abs/cartx).  Stop.`
    (
        ("Do not know how to make",),
        Regex(r"^scons: \*\*\* Do not know how to make \w+ target `(?P<name>[^'`]+)'"),
        "scons",
    ),
    # tox names the environments on the lines after its error
    (("environments not found",), Regex(r"provided environments not found in configuration file:?(?P<name>)$"), "tox"),
)
_ANY_TASK_NEEDLE = Regex("|".join(re.escape(n) for needles, _, _ in _MISSING_TASK for n in needles))


def missing_task(text: str, follow: Sequence[str] = (), unloaded: Collection[str] = ()) -> MissingTask | None:
    """The task the CI asked for that the project does not define, if `text` (one line, with the
    lines its runner printed after it in `follow`) says so. A Grunt task of a plugin Grunt could not
    load (`unloaded`, see unloaded_grunt_tasks) is defined: its plugin is missing, not the task."""
    if _ANY_TASK_NEEDLE.search(text) is None:
        return None
    for needles, pattern, runner in _MISSING_TASK:
        if any(n in text for n in needles) and (m := pattern.search(text)):
            name = m["name"].strip() or (follow[0].strip() if follow else "")
            if runner == "grunt" and name.partition(":")[0] in unloaded:
                return None
            return MissingTask(runner, name or "?")
    return None


@dataclass(frozen=True)
class MissingBuildFile:
    """A build tool the CI ran where the file it reads its tasks from is absent (no Rakefile, no Makefile, no
    Cargo.toml): the CI's configuration ran it in the wrong directory, or the project never had that file."""

    runner: str
    file: str

    @property
    def what(self) -> str:
        return f"the CI ran {self.runner} where there is no {self.file}"


# (literal every match holds, the tool's own wording, tool, its build file). Each wording is the tool's as it
# prints it in a directory without its build file (tests/facts/data/README.md). A top-level make's only: a
# sub-make's (`make[1]:`) was started by the project's Makefile. npm names the package.json it could not read
# (npm 7+'s `Could not read package.json`); a dependency's (`node_modules/x/package.json`) is the install's.
_NO_BUILD_FILE: tuple[tuple[str, Regex, str, str], ...] = (
    ("No Rakefile found", Regex(r"^No Rakefile found\b"), "rake", "Rakefile"),
    (
        "no makefile found",
        Regex(r"^g?make: \*\*\* No targets specified and no makefile found\."),
        "make",
        "Makefile",
    ),
    ("Cargo.toml", Regex(r"^error: could not find `Cargo\.toml` in `"), "cargo", "Cargo.toml"),
    ("go.mod file not found", Regex(r"^go: go\.mod file not found in current directory or any parent"), "go", "go.mod"),
    (
        "does not contain main module",
        Regex(r"^pattern \S{1,300}: directory prefix \S{1,300} does not contain main module\b"),
        "go",
        "go.mod",
    ),
    (
        "Could not read package.json",
        Regex(r"^npm (?:ERR!|error) enoent Could not read package\.json: (?!.{0,300}node_modules/)"),
        "npm",
        "package.json",
    ),
    ("there is no POM", Regex(r"^\[ERROR\] .{0,100}there is no POM in this directory\b"), "maven", "pom.xml"),
)


def missing_build_file(text: str) -> MissingBuildFile | None:
    """The build file a build tool says is absent where the CI ran it, if the line `text` says so."""
    for needle, pattern, runner, file in _NO_BUILD_FILE:
        if needle in text and pattern.search(text):
            return MissingBuildFile(runner, file)
    return None


# Grunt could not load a plugin the Gruntfile names; the plugin registers the task named after it
# (grunt-contrib-jshint and grunt-jshint register `jshint`), which Grunt then says it did not find.
_GRUNT_UNLOADED = Regex(r'Local Npm module "(?:grunt-contrib-|grunt-)?(?P<task>[^"]+)" not found\. Is it installed\?')


def unloaded_grunt_tasks(lines: Iterable[str]) -> frozenset[str]:
    """The tasks of the plugins Grunt said it could not load (`Local Npm module "x" not found`)."""
    return frozenset(m["task"] for line in lines if "Local Npm module" in line and (m := _GRUNT_UNLOADED.search(line)))


@dataclass(frozen=True)
class TaskFailure:
    """What a build tool's own failure report says failed: the kind of work (tests, compilation, a
    linter or formatter, dependency rules, the build file, a task the project does not define) and
    the record's code."""

    category: Category
    code: str


# Build tools report that a task (Gradle), a plugin's goal (Maven), a target (Ant) or a task (Rake)
# failed, in their own words: (tool, what the row reads, pattern, category, code). "said" rows read
# what the tool says went wrong (Gradle's `* What went wrong:` and its causes, the reason under Ant's
# `BUILD FAILED` or `rake aborted!`, the message of Maven's `Failed to execute goal`): first match
# wins, before any "task" row, which reads the failed task's name (Gradle) or the goal's plugin
# (Maven's artifactId) when the words say nothing more. Each row is the tool's wording as it prints
# it (tests/facts/data/README.md); a failure none of them names (an `Exec` task's command, a
# `<fail message>`) has no meaning here: the tool that ran inside says why.
_TASK_FAILURES: tuple[tuple[str, Literal["said", "task"], Regex, Category, str], ...] = (
    (
        "gradle",
        "said",
        Regex(r"^(?:Task|Project) '[^']+' is ambiguous in|does not contain a Gradle build"),
        Category.CONFIG,
        "unknown-task",
    ),
    (
        "gradle",
        "said",
        Regex(
            r"^Could not resolve all (?:files|dependencies|artifacts|task dependencies) for configuration|"
            r"^Could not (?:resolve|find) [\w.-]+:[\w.-]+|^Plugin \[id: '[^']+'(?:, version: '[^']+')?\] was not found"
        ),
        Category.DEPENDENCY,
        "unresolved-dependency",
    ),
    (
        "gradle",
        "said",
        Regex(
            r"^A problem occurred (?:evaluating|configuring) (?:root )?project|^Could not compile (?:build|settings|"
            r"script|initialization script) file|^Could not find method \S+ for arguments|"
            r"^Could not (?:get|set) unknown property|^Could not find property|^Plugin with id '[^']+' not found"
        ),
        Category.CONFIG,
        "build-script",
    ),
    (
        "gradle",
        "said",
        Regex(r"^There were failing tests|^There were \d+ failing tests"),
        Category.TEST,
        "tests-failed",
    ),
    ("gradle", "said", Regex(r"^Compilation (?:failed|error)"), Category.BUILD, "compilation-failed"),
    (
        "gradle",
        "said",
        Regex(r"^(?:Checkstyle|PMD|FindBugs|SpotBugs|CodeNarc|JDepend) (?:rule violations were found|reported)"),
        Category.LINT,
        "rule-violations",
    ),
    ("gradle", "said", Regex(r"^The following files had format violations"), Category.FORMAT, "format-violations"),
    ("gradle", "task", Regex(r"^(?:compile|kapt|ksp)\w*$"), Category.BUILD, "task-failed"),
    (
        "gradle",
        "task",
        Regex(r"^(?:checkstyle|pmd|findbugs|spotbugs|codenarc|ktlint|detekt|lint)\w*$", re.IGNORECASE),
        Category.LINT,
        "task-failed",
    ),
    (
        "gradle",
        "task",
        Regex(r"^spotless\w*Check$|^ktlintFormatCheck$|^\w*[Ff]ormat\w*Check$"),
        Category.FORMAT,
        "task-failed",
    ),
    ("gradle", "task", Regex(r"^(?:\w*[Tt]est\w*|check)$"), Category.TEST, "task-failed"),
    # Maven: a plugin (or its own dependencies) Maven could not resolve is said before the plugin's kind
    (
        "maven",
        "said",
        Regex(
            r"could not be resolved|Could not resolve dependencies|Could not find artifact|"
            r"has not been downloaded from it before|Failed to read artifact descriptor"
        ),
        Category.DEPENDENCY,
        "unresolved-dependency",
    ),
    # the enforcer's rules about the JDK or Maven running the build: the CI's toolchain, not a dependency
    ("maven", "said", Regex(r"Require(?:Java|Maven)Version failed|\bRequireOS\b"), Category.CONFIG, "toolchain-rule"),
    # the whole run's time limit, or tests that passed only when rerun: the run's, not a test's failure
    ("maven", "said", RUN_LIMIT, Category.INFRA, "run-timeout"),
    ("maven", "said", FLAKES_FAIL, Category.INFRA, "tests-flaky"),
    ("maven", "said", Regex(r"There are test failures"), Category.TEST, "tests-failed"),
    ("maven", "said", Regex(r"^Compilation failure"), Category.BUILD, "compilation-failed"),
    ("maven", "task", Regex(r"^maven-(?:surefire|failsafe)-plugin$"), Category.TEST, "tests-failed"),
    (
        "maven",
        "task",
        Regex(r"^maven-compiler-plugin$|^(?:scala|kotlin)-maven-plugin$"),
        Category.BUILD,
        "compilation-failed",
    ),
    (
        "maven",
        "task",
        Regex(r"^(?:maven-checkstyle|maven-pmd|spotbugs-maven|findbugs-maven)-plugin$"),
        Category.LINT,
        "rule-violations",
    ),
    (
        "maven",
        "task",
        Regex(r"^(?:spotless-maven|fmt-maven|prettier-maven)-plugin$"),
        Category.FORMAT,
        "format-violations",
    ),
    ("maven", "task", Regex(r"^maven-(?:enforcer|dependency)-plugin$"), Category.DEPENDENCY, "dependency-rules"),
    ("ant", "said", Regex(r"^Compile failed"), Category.BUILD, "compilation-failed"),
    ("ant", "said", Regex(r"^Test \S+ failed"), Category.TEST, "tests-failed"),
    (
        "ant",
        "said",
        Regex(r"^Problem: failed to create task or type|^Cannot find \S+ imported from|^Unexpected element "),
        Category.CONFIG,
        "build-file",
    ),
    ("rake", "said", Regex(r"^No Rakefile found\b"), Category.CONFIG, "no-rakefile"),
    # a CMake script (`cmake -P`, a custom target's test driver) stopping because the tests it ran failed
    # (`functional tests failed with error: 1`): the run's verdict on its tests, whose own report is above it.
    # Not a test program that failed to build or link (`failed to build test_x`): that is the build's.
    (
        "cmake",
        "said",
        Regex(r"(?i)^(?!.*\b(?:build|compil|link)).*?\btests?(?:\(s\))? (?:\w+ )?fail(?:ed|ures?)\b"),
        Category.TEST,
        "tests-failed",
    ),
)


def task_failure(tool: str, said: Sequence[str] = (), task: str | None = None) -> TaskFailure | None:
    """What a build tool's failure report means: a task the CI asked for that the project does not
    define (`missing_task`, whichever tool), else the first of the tool's rows the words it said
    (`said`: its message, then its causes) match, else the row the failed task's or plugin's name
    (`task`) matches; None when the tool does not say."""
    if any(missing_task(line) for line in said):
        return TaskFailure(Category.CONFIG, "unknown-task")
    rows = [row for row in _TASK_FAILURES if row[0] == tool]
    for _, reads, pattern, category, code in rows:
        if reads == "said" and any(pattern.search(line) for line in said):
            return TaskFailure(category, code)
    for _, reads, pattern, category, code in rows:
        if reads == "task" and task and pattern.search(task):
            return TaskFailure(category, code)
    return None
