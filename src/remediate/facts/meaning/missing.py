"""A missing module, package, header or library in its tool's words (the table of wordings), whether it is
a third party's, and what its absence calls for (Missing.means: a dependency, the build's set-up, the run-time
environment).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, NamedTuple

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning.owner import (
    GO_MISSING,
    MODULE_SEPARATORS,
    PYTHON_SEPARATORS,
    below_linked,
    first_party,
    go_own,
    go_unplaced,
    header_is_own,
    imported_from_source,
    installed_code,
    ruby_frames,
)
from remediate.models import Category

# How a missing name is told apart from the project's own: by the namespace rule (module), by the place the
# log shows it among the project's files (header: not by its quotes alone), or not at all (a library the linker
# or the system lacks).
Kind = Literal["module", "header", "library"]


_DEP, _BUILD, _RUN = Category.DEPENDENCY, Category.BUILD, Category.INFRA


# Whether a compiler or a build's configuration said it (Missing.compiler), or an interpreter, a loader or
# a package manager.
_COMPILER, _OTHER = True, False


# Python's own wording of a missing module, whose name's parts are its packages' (owner.PYTHON_SEPARATORS).
_PYTHON_MISSING = ("No module named",)


# (literals every match holds, the pattern with a `name` group, kind, what the absence calls for, whether
# a compiler said it). The wording is each tool's own, as it prints it; the literals keep lines that hold
# none of them from running the pattern.
_MISSING: tuple[tuple[tuple[str, ...], Regex, Kind, Category, bool], ...] = (
    # Python ModuleNotFoundError; Python 2's ImportError names the module unquoted, as the message's end
    (
        _PYTHON_MISSING,
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
    # javac; Maven's goal failure repeats its rows in one message (`Compilation failure; PATH:[5,29] package x does
    # not exist`): the row's file, as the row's own record has it, says whose package it is (owner.first_party)
    (
        (" does not exist",),
        Regex(
            r"(?:(?P<importer>[^\s\[]{1,300}\.(?:java|kt|scala|groovy)):\[\d+,\d+\] )?"
            r"\bpackage (?P<name>[\w.]+) does not exist\b"
        ),
        "module",
        _DEP,
        _COMPILER,
    ),
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
    # Vite 5's (Vitest 1's) loader of a module a test file imports: `Failed to load url ../src/discount.js (resolved
    # id: ../src/discount.js) in /abs/tests/cart.test.js. Does the file exist?` (Vite 6 on: node's words, above)
    (("Failed to load url",), Regex(r"Failed to load url (?P<name>\S+) \(resolved id: "), "module", _DEP, _OTHER),
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
    # Parcel 2: `@parcel/core: Failed to resolve './x' from './src/main.js'`. Not urllib3's (2.x) NameResolutionError,
    # a host name that did not resolve (`Failed to resolve 'db' ([Errno -2] Name or service not known)`): the network's
    (
        ("resolve",),
        Regex(
            r"(?:Could not resolve(?: import)?|failed to resolve import|Failed to resolve) "
            r"""(?:"(?P<name>[^"]+)"|'(?P<name2>[^']+)'(?! \(\[Errno ))"""
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

# The file a compiler names at the start of its error line: gcc's and clang's `src/main.c:3:10: fatal error:`,
# MSVC's `src\\net.c(4): fatal error C1083:`.
_ERROR_FILE = Regex(r"^(?P<file>[^\s:()]+?\.\w+)(?::\d+|\(\d+\))")


def _includer(text: str) -> str | None:
    m = _ERROR_FILE.match(text.strip())
    return m["file"] if m else None


# How a module named by its path starts (relative, absolute or the home's).
_PATH_NAMES = ("./", "../", "/", "~/")


def _installed_path(name: str) -> bool:
    """A module named by its path into a package manager's installed code (node_modules, site-packages)."""
    return name.startswith(_PATH_NAMES) and installed_code(name)


class Missing(NamedTuple):
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
    # the project's own module, linked from the source, the name lies below (`@shop/rates` of `@shop/rates/lib/tariff`),
    # or the Python package whose own file in the source imported it (`acme` of `acme.util.tariff` from acme/cart.py)
    within: str = ""

    @property
    def own_file(self) -> bool:
        """A module named by its path (node's `require('./pricing')`, `'../lib/cart'`, an ES module's resolved
        `/abs/src/pricing.js`, `~/x`), or below one of the project's own modules its build links from the source
        (`within`: `@shop/rates/lib/tariff` of the npm workspace's `@shop/rates`): a file of the code where the code
        said it is, not a package any installation provides; a path into installed code (node_modules, vendor,
        site-packages) is not one."""
        if self.kind != "module":
            return False
        return bool(self.within) or (self.name.startswith(_PATH_NAMES) and not _installed_path(self.name))

    @property
    def what(self) -> str:
        """The reason printed in the rules' evidence."""
        if self.means is Category.BUILD:
            return f"a build step found {self.kind} {self.name!r} missing (the fix is in the build's set-up)"
        if self.means is Category.INFRA:
            return f"shared library {self.name!r} is missing where a program started (its run-time environment)"
        if self.member:
            return f"third-party {self.kind} {self.name!r} was found without the name {self.member!r}"
        return f"third-party {self.kind} {self.name!r} is missing"


def missing_of(
    text: str,
    follow: Iterable[str] = (),
    file: str | None = None,
    tree: Sequence[str] = (),
    linked: Sequence[str] = (),
) -> Missing | None:
    """The missing name `text` (an error message) reports, if any. `follow` are the lines the
    tool printed after it (gcc/clang show the `#include` line), `file` the erroring file, `tree`
    the project's files when known, `linked` the own modules its build links from the source
    (RepoFacts.linked_names, with --source: Missing.within)."""
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
        importer = groups.pop("importer", None)  # the file that names it, when the message shows it (javac's row)
        where = groups.pop("path", None) or file or importer  # the module's own file, when the tool shows it
        project = groups.pop("project", None)  # the build's own group (Maven's groupId)
        member = groups.pop("member", None) or ""  # what the module it found lacks
        if groups.get("probe") and not any(line.startswith(_CONFIGURE_STOPPED) for line in after):
            continue  # an optional feature autoconf did not find: configure went on
        name = next(v for v in groups.values() if v)
        if project is not None:
            own = name.split(":", 1)[0] == project
        elif kind == "header":
            own = header_is_own(name, after, tree, file or _includer(text))
        elif kind == "module":
            # a path into installed code (`/abs/node_modules/pkg/dist/postinstall.js`: a package's file it lacks) is
            # the installation's, not the project's
            own = not _installed_path(name) and first_party(name, where, [*tree, *ruby_frames(after)])
            own = own or go_own(name, text, where, tree)
        else:
            own = False
        if needles is _PYTHON_MISSING:  # the record's file is the frame that imported it (no found module's `path`)
            within = below_linked(name, linked, PYTHON_SEPARATORS) or imported_from_source(name, file)
        else:
            within = below_linked(name, linked, MODULE_SEPARATORS) if kind == "module" else ""
        own = own or bool(within)
        # go's own lookup of the main module's package is the build's (no installation puts it there): a compiler's
        compiler = compiler or (own and GO_MISSING.search(text) is not None) or go_unplaced(text, tree)
        return Missing(name, kind, not own, means, compiler, member, within)
    return None


def missing_in(text: str, tree: Sequence[str] = (), linked: Sequence[str] = ()) -> Iterator[Missing]:
    """Every missing name the lines of `text` report, each line read with the lines its tool
    printed after it (see `missing_of`)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if (missing := missing_of(line, lines[i + 1 : i + 1 + FOLLOW_LINES], None, tree, linked)) is not None:
            yield missing


# A command the shell did not find, in each shell's words (its status 127): bash's (`bash: line 1: ruff: command not
# found`, a script's `./ci/lint.sh: line 4: actionlint: command not found`, a path's `line 78: ./x.sh: No such file or
# directory`; pyenv's shim says it as bash does), zsh's (`zsh:1: command not found: x`), dash's and busybox ash's
# (`sh: 1: eslint: not found`, a script's `ci/install.sh: 3: pnpm: not found`, make's recipes and npm's scripts run
# under /bin/sh), env's for a shebang's interpreter (`/usr/bin/env: ‘python2’: No such file or directory`,
# older coreutils unquoted) and make's own for a recipe it ran without a shell (`make: golangci-lint: No such file or
# directory`, above `make: *** [Makefile:2: lint] Error 127`).
_COMMAND_MISSING = Regex(
    r"^(?:\S[^\n]*?: )?(?:line \d+: )?(?P<name>[^\s:'‘’]+): (?:command not found|No such file or directory)$|"
    r"^zsh:(?:\d+:)? command not found: (?P<zsh>\S+)$|"
    r"^\S+: (?:\d+: )?(?P<dash>[^\s:]+): not found$|"
    r"^(?:\S*/)?env: [‘'`]?(?P<env>[^\s’']+?)[’']?: No such file or directory$",
    re.MULTILINE,
)
# What says a command's status was 127 when the step's own status is its runner's: make's report of a recipe
# (`make: *** [Makefile:2: lint] Error 127`, make[1] in a sub-make), Yarn 1's of a script (`error Command failed with
# exit code 127.`), npm 5-6's, whose npm-lifecycle turns a script's 127 into `spawn ENOENT` (`npm ERR! syscall spawn`,
# `npm ERR! file sh`, `npm ERR! errno ENOENT`, then exits 1; npm 7 on print nothing and exit 127).
_STATUS_127 = Regex(
    r"^make(?:\[\d+\])?: \*\*\* \[[^\]\n]+\] Error 127$|^error Command failed with exit code 127\.$|"
    r"^npm ERR! spawn ENOENT$",
    re.MULTILINE,
)
# pnpm 8-10's report of a script's 127 (` ELIFECYCLE  Command failed.`, no status; any other status is `Command failed
# with exit code N.`): it says the same of a script a signal killed, so only beside a shell's words of a command it did
# not find.
_PNPM_NO_STATUS = Regex(r"^\s?ELIFECYCLE\s+Command failed\.$", re.MULTILINE)


# What a CI's image or its set-up steps provide, never a project's dependency to install: the package managers that
# install the dependencies, the language runtimes and compilers they run on, the system's tools. Not one a package
# manager may also install (cmake, ninja and meson from PyPI, rake from a Gemfile): those stay a manifest's question.
TOOLCHAIN_COMMANDS = frozenset(
    {
        *("npm", "npx", "pnpm", "pnpx", "yarn", "bun", "bunx", "deno", "node", "nodejs", "corepack"),
        *("pip", "pip3", "pipx", "uv", "uvx", "poetry", "pdm", "pipenv", "conda", "mamba", "micromamba"),
        *("python", "python2", "python3", "ruby", "gem", "bundle", "bundler", "php", "composer", "perl", "cpanm"),
        *("java", "javac", "mvn", "gradle", "sbt", "lein", "go", "cargo", "rustc", "rustup", "dotnet", "nuget"),
        *("mix", "elixir", "erl", "rebar3", "cabal", "ghc", "stack", "dart", "flutter", "swift", "pod"),
        *("gcc", "g++", "cc", "clang", "make", "docker", "podman", "git", "apt-get", "apt", "apk", "dnf", "yum"),
    }
)


def missing_commands(text: str) -> list[str]:
    """The commands the shells in `text` said they did not find (_COMMAND_MISSING), each once, as the shell named
    them (a bare name, or the path it was run by). Only where a status 127 says a command was not found: the
    words of a path (`No such file or directory`) are any program's too."""
    names = (m["name"] or m["zsh"] or m["dash"] or m["env"] for m in _COMMAND_MISSING.finditer(text))
    return list(dict.fromkeys(n for n in names if n))


def status_127(text: str) -> bool:
    """Whether `text` says a command's status was 127 where its runner reported its own (_STATUS_127, pnpm's
    _PNPM_NO_STATUS beside a shell's not-found words)."""
    if _STATUS_127.search(text) is not None:
        return True
    return _PNPM_NO_STATUS.search(text) is not None and _COMMAND_MISSING.search(text) is not None
