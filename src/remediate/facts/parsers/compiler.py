"""C/C++/Objective-C/Swift/Fortran compiler and linker diagnostics, make's and ninja's verdict lines, CMake's
and Meson's errors; and compilers whose diagnostics take shapes of their own: OCaml's (and dune's,
ReasonML's), D's (dmd, ldc2, gdc's D front end), gfortran's, Nim's, CoffeeScript's, Cython's, UglifyJS's and
Ruby's and Lua's syntax errors, Clojure's, Android aapt's resource errors, Free Pascal's, groovyc's."""

from __future__ import annotations

import re
from collections.abc import Callable

from remediate.facts.meaning import signalled, task_failure
from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.canalysis import Announcing, cppcheck_announced, is_analyser_finding
from remediate.facts.parsers.dotnet import without_project
from remediate.facts.parsers.handlers import record, verdict
from remediate.facts.parsers.swiftlint import is_violation
from remediate.facts.parsers.xctest import is_failure
from remediate.facts.summaries import MAKE_SAYS
from remediate.models import Category

_SOURCE = r"c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|swift|f|f90|cu|S|s|zig|d|nim|ml|cs|fs|vb"  # GHC's .hs: haskell.py
_LINK = record("link", tool="linker")
_DIAGNOSTIC = record()


# CppUTest reports a failed test in the compiler's shape (`tests/CartTest.cpp:6: error: Failure in
# TEST(Cart, Total)`): a test's failure, read by cunit.py.
CPPUTEST_FAILURE = "Failure in TEST("


_XCPRETTY_ERROR = record("error")


def _diagnostic(st: Announcing, no: int, m: re.Match[str]) -> bool:
    if _not_the_compilers(m["msg"]) or (m["col"] is None and cppcheck_announced(st, no, m["file"])):
        return False
    _DIAGNOSTIC(st, no, m)
    return True


def _driver_error(st: Announcing, no: int, m: re.Match[str]) -> bool:
    if signalled(m.group()) is not None:
        return False
    _DIAGNOSTIC(st, no, m)
    return True


def _xcpretty_error(st: Found, no: int, m: re.Match[str]) -> bool:
    if is_violation(m["msg"]):  # SwiftLint run as a build phase
        return False
    _XCPRETTY_ERROR(st, no, m)
    return True


def _not_the_compilers(message: str) -> bool:
    """An analyser's finding, a CppUTest or XCTest failure or a SwiftLint violation in the compiler's shape."""
    return (
        is_analyser_finding(message)
        or message.startswith(CPPUTEST_FAILURE)
        or is_violation(message)
        or is_failure(message)
    )


def _msvc(st: Found, no: int, m: re.Match[str]) -> None:
    """cl.exe's or link.exe's error; under MSBuild (CMake's default generator on Windows) without
    the ` [D:\\a\\...\\app.vcxproj]` it appends."""
    g = m.groupdict()
    line, col = g.get("line"), g.get("col")
    st.found.error(
        no,
        without_project(m["msg"]),
        file=g.get("file"),
        at=int(line) if line else None,
        column=int(col) if col else None,
        code=m["code"],
        tool="msvc",
    )


# The linkers' lines (GNU ld, gold, lld, ld64, gcc's collect2 verdict, Apple's `Undefined symbols`): one reading for
# this parser's records and for the rules that read a log without it (triage.beneath.link_beside_tests). Its needles
# are whole words: a bare word ending in `ld` is in every log.
LINKER = Regex(
    r"(?P<msg>undefined reference to .+|(?:^|[\s/])(?:ld|ld\.lld|ld\.gold|ld64\.lld|ld64|lld): (?:error: )?.+|"
    r"collect2: error: ld returned \d+ exit status|Undefined symbols for architecture \S+)",
    needles="ld: |ld.gold: |ld64: |ld64.lld: |ld returned |undefined reference to |Undefined symbols for ",
)


def link_failed(line: str) -> re.Match[str] | None:
    """The linker's words on the line when they say it failed (an error, a symbol not defined), not a warning."""
    m = LINKER.search(line)
    return m if m and ("error" in line or "undefined" in line.lower()) else None


def _linker(st: Found, no: int, m: re.Match[str]) -> bool:
    if not link_failed(m.string):
        return False
    _LINK(st, no, m)
    return True


CMAKE_MESSAGE_WITHIN = 6  # the indented lines under `CMake Error at FILE:N (message):` that may carry its text


def _cmake(st: Found, no: int, m: re.Match[str]) -> None:
    """CMake's error; when its text (the header's tail, or the two-space indented lines CMake prints under
    it) says the tests a script ran failed, the record is that verdict (meaning.task_failure), not the build's."""
    message = (m.group("msg") or "CMake Error").strip() or "CMake Error"
    said = [message]
    for line in st.view.after(no, CMAKE_MESSAGE_WITHIN):
        if not line.text.strip():  # CMake sets a path or a list apart by blank lines inside one message
            continue
        if not line.text.startswith("  "):
            break
        said.append(line.text.strip())
    file, at = m.group("file"), int(m["line"]) if m["line"] else None
    if failure := task_failure("cmake", said):
        text = " ".join(said[1:]) if message == "CMake Error" and len(said) > 1 else message
        st.found.error(no, text, file=file, at=at, code=failure.code, tool="cmake", category=failure.category)
        return
    if message == "CMake Error" and len(said) > 1:  # the header names only the command: its text is below
        message = " ".join(said[1:])
    st.found.error(no, message, file=file, at=at, code="cmake", tool="cmake")


# GNU make's own errors about the build's rules, not a recipe's: a makefile it cannot read (`Makefile:4: ***
# missing separator (did you mean TAB instead of 8 spaces?).  Stop.`: a recipe indented with spaces), in make's
# own words only, so a makefile's `$(error ...)` (its own check of anything: a tool, a variable, a version) is
# not read; and a prerequisite no rule makes and no file provides (`make[1]: *** No rule to make target 'tax.o',
# needed by 'cart'.  Stop.`: a source deleted or renamed, a rule missing; make 3.81 opens its quotes with a
# backtick). Without `needed by` it is a target the CI asked for (meaning.missing_task). A prerequisite under
# /usr or /opt is a system header that a dependency file names: the machine's, not the build's rules.
_MAKEFILE_ERROR = (
    r"^(?P<file>[^\s:]+):(?P<line>\d+): \*\*\* (?P<msg>(?:missing separator|recipe commences before first target|"
    r"commands commence before first target|missing rule before (?:recipe|commands)|missing target pattern|"
    r"multiple target patterns|target pattern contains no '%'|mixed implicit and (?:normal|static pattern) rules|"
    r"invalid syntax in conditional|missing 'endif'|extraneous '(?:endif|else|endef)'|only one 'else' per conditional|"
    r"missing 'endef'|empty variable name|unterminated (?:variable reference|call to function)|"
    r"Recursive variable '[^'\s]{1,200}' references itself|"
    r"prerequisites cannot be defined in (?:recipes|command scripts))"
    r"[^*]{0,200})\.  Stop\.$"
)
_MAKE_NO_RULE = (
    MAKE_SAYS + r"(?P<msg>No rule to make target [`'‘](?P<name>[^'’`\s]{1,300})['’], "
    r"needed by [`'‘][^'’`\s]{1,300}['’])\.  Stop\.$"
)
_MAKE_STOP = ".  Stop."  # make's own errors end so, two spaces and all
# SCons's words for the same (2.5 and 4.4 alike): `scons: *** [missing.o] Source `missing.c' not found, needed by
# target `missing.o'.`; a target the CI asked for is meaning.missing_task's, as make's.
_SCONS_NOT_FOUND = (
    r"^scons: \*\*\* \[[^\]\s]{1,300}\] (?P<msg>Source `(?P<name>[^'`\s]{1,300})' not found, "
    r"needed by target `[^'`\s]{1,300}')\.$"
)


def _prerequisite(code: str, tool: str) -> Callable[[Found, int, re.Match[str]], bool]:
    """A handler for a build tool's missing prerequisite: its record, unless the file is the machine's."""
    made = record(code, tool=tool)

    def handle(st: Found, no: int, m: re.Match[str]) -> bool:
        if m["name"].startswith(("/usr/", "/opt/")):
            return False
        made(st, no, m)
        return True

    return handle


_RULES = LineRules[Announcing](
    Rule(
        rf"^(?P<file>\S+?\.(?:{_SOURCE})):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<code>fatal error|error): (?P<msg>.+)$",
        _diagnostic,
        has=(": error: ", ": fatal error: "),
    ),
    # xcpretty, which iOS and macOS builds pipe xcodebuild's output through, prints the compiler's error
    # behind its error mark and without the `error:` word: `❌  /abs/ObjCart/ACCart.m:9:18: use of undeclared
    # identifier 'itemz'` (`[x] ` with --no-utf; a warning has its own mark, `⚠️ `). Only an absolute path
    # (xcpretty takes no other for a compiler's line): the mark alone is other tools' too.
    Rule(
        rf"^(?:❌ |\[x\]) (?P<file>/\S+?\.(?:{_SOURCE})):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>\S.*)$",
        _xcpretty_error,
        starts=("❌ ", "[x] "),
    ),
    Rule(
        r"^\s*(?P<file>\S+?\.(?:c|cc|cpp|cxx|h|hh|hpp|hxx|inl))\((?P<line>\d+)(?:,(?P<col>\d+))?\): (?:fatal )?error "
        r"(?P<code>[A-Z]+\d+): (?P<msg>.+)$",
        _msvc,
        has=("): error ", "): fatal error "),
    ),
    # link.exe: `main.obj : error LNK2019: unresolved external symbol ...`, `LINK : fatal error LNK1181: ...`.
    Rule(
        r"^\s*(?:\S+?\.(?:obj|lib|exe|dll)|LINK) : (?:fatal )?error (?P<code>LNK\d{4}): (?P<msg>.+)$",
        _msvc,
        has=("error LNK",),
    ),
    Rule(LINKER, _linker, has=LINKER.needles, search=True),
    Rule(_MAKEFILE_ERROR, record("makefile", tool="make"), has=(_MAKE_STOP,)),
    Rule(_MAKE_NO_RULE, _prerequisite("no-rule", "make"), has=(_MAKE_STOP,)),
    Rule(_SCONS_NOT_FOUND, _prerequisite("no-source", "scons"), has=("scons: *** [",)),
    Rule(
        r"^(?:g?make(?:\[\d+\])?|ninja): \*\*\* (.+?)(?: Error (\d+))?$|^ninja: build stopped: (.+)$",
        verdict(8.0),
        has=("make: *** ", "]: *** ", "ninja: *** ", "ninja: build stopped: "),  # `make[2]: *** `
    ),
    Rule(r"^CMake Error(?: at (?P<file>\S+?):(?P<line>\d+))?(?: \(.+\))?:?(?P<msg>.*)$", _cmake, starts="CMake Error"),
    # The compiler driver's or its front end's own error, about no place in a source: a source file that is
    # not there (`cc1: fatal error: missing.c: No such file or directory`), an option it does not know
    # (`gcc: error: unrecognized command-line option '-mfoo'`); cross and versioned names too
    # (`x86_64-linux-gnu-gcc: error: ...`, `g++-12: error: ...`). Not the driver's report of a pass a signal from
    # outside ended (`Killed signal terminated program cc1`, `Terminated ...`: meaning.signalled): no error of the
    # build's
    Rule(
        r"^(?:[\w.+-]+-)?(?P<tool>gcc|g\+\+|cc|c\+\+|cc1|cc1plus|cc1obj|clang|clang\+\+|gfortran|f951)(?:-[\d.]+)?: "
        r"(?P<code>fatal error|error): (?P<msg>.+)$",
        _driver_error,
        has=(": error: ", ": fatal error: "),
    ),
)

PARSER = Parser(
    tool="compiler",
    category=Category.BUILD,
    parse=scan_with(_RULES, lambda view: Announcing(Findings(tool="compiler"), view)),
)

# Meson: `meson.build:2:0: ERROR: Dependency "yaml-0.1" not found, tried pkgconfig and cmake` (a library
# the build's set-up lacks: see remediate.facts.meaning, which files it as the build's) or the build
# file's own error.
_MESON = LineRules[Found](
    Rule(
        r"^(?P<file>(?:\S+/)?meson\.build|\S+/meson_options\.txt|meson_options\.txt):(?P<line>\d+):(?P<col>\d+): "
        r"ERROR: (?P<msg>.+)$",
        record("meson"),
        has=(": ERROR: ",),
    ),
)


MESON = Parser(tool="meson", category=Category.BUILD, parse=scan_with(_MESON, plain("meson")))


# OCaml: `File "main.ml", line 2, characters 30-35:` (`lines 2-4`), then (4.08 on) the source lines and
# carets, then `Error: message` (or a warning made an error: `Error (warning 32 [unused-value-...]): ...`).
# A Python traceback's `File "x.py", line 3, in f` names no characters.
OCAML_ERROR_WITHIN = 8  # lines under the place in which its `Error` comes
_OCAML_ERROR = Regex(r"^Error(?: \(warning \d+(?: \[[\w-]+\])?\))?: (?P<msg>.+)$")


def _ocaml(st: Found, no: int, m: re.Match[str]) -> None:
    """The place, and the error below it (a warning's place is not an error: nothing recorded)."""
    for below in st.view.after(no, OCAML_ERROR_WITHIN):
        if below.text.startswith('File "'):
            return
        if error := _OCAML_ERROR.match(below.text):
            at, column = int(m["line"]), int(m["col"]) + 1  # OCaml counts characters from 0
            message = " ".join([error["msg"], *_indented_below(st, below.no)])
            st.found.error(below.no, message, file=m["file"], at=at, column=column, tool="ocaml")
            return


def _indented_below(st: Found, no: int) -> list[str]:
    """The words OCaml wraps onto indented lines under its `Error: ` line (`expected of type` / `         string`)."""
    words: list[str] = []
    for line in st.view.after(no, OCAML_ERROR_WITHIN):
        if not line.text[:1].isspace() or not line.text.strip():
            break
        words.append(line.text.strip())
    return words


# Cython: `Error compiling Cython file:`, the source between dashed rules with a caret, then
# `pkg/m.pyx:2:17: Expected an identifier or literal` (0.29 and 3.x alike; its warnings start `warning: `).
CYTHON_PLACE_WITHIN = 16  # lines under the heading in which the place comes
_CYTHON_PLACE = Regex(r"^(?P<file>\S+?\.(?:pyx|pxd|pxi)):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def _cython(st: Found, no: int, _m: re.Match[str]) -> None:
    for below in st.view.after(no, CYTHON_PLACE_WITHIN):
        if place := _CYTHON_PLACE.match(below.text):
            at, column = int(place["line"]), int(place["col"])
            st.found.error(below.no, place["msg"], file=place["file"], at=at, column=column, tool="cython")
            return


# UglifyJS 2 and 3: `Parse error at src/app.js:2,7`, the source line and a caret, then the error
# (2: `SyntaxError: Unexpected token: punc (,)`, 3: `ERROR: Name expected`) and Node's stack.
UGLIFY_ERROR_WITHIN = 4
_UGLIFY_ERROR = Regex(r"^(?:SyntaxError|ERROR): (?P<msg>.+)$")


def _uglify(st: Found, no: int, m: re.Match[str]) -> None:
    message = "Parse error"
    for below in st.view.after(no, UGLIFY_ERROR_WITHIN):
        if error := _UGLIFY_ERROR.match(below.text):
            message = error["msg"]
            break
    at, column = int(m["line"]), int(m["col"]) + 1  # UglifyJS counts columns from 0
    st.found.error(no, message, file=m["file"], at=at, column=column, tool="uglify-js")


# gfortran (5 on): `src/cart.f90:4:13:` alone, then the source line and a marker under it, then `Error: message`
# (`Fatal Error: Cannot open module file 'x.mod' ...`; a warning's place is followed by `Warning: ` instead).
FORTRAN_ERROR_WITHIN = 6  # lines under the place in which its `Error` comes
_FORTRAN_ERROR = Regex(r"^(?:Fatal )?Error: (?P<msg>.+)$")
_FORTRAN = r"f|for|ftn|f77|f90|f95|f03|f08|F|FOR|F90|F95|F03|F08"
# The place's own literal, `.f90:`: `.f` alone is in most logs' words, and the gate made every such log load the module.
_FORTRAN_PLACES = tuple(f".{extension}:" for extension in _FORTRAN.split("|"))


def _fortran(st: Found, no: int, m: re.Match[str]) -> None:
    """The place, and the error below it (a warning's place is not an error: nothing recorded)."""
    for below in st.view.after(no, FORTRAN_ERROR_WITHIN):
        if below.text.endswith(":") and below.text.startswith(m["file"]):
            return  # the next place: this one was a warning's
        if error := _FORTRAN_ERROR.match(below.text):
            at, column = int(m["line"]), int(m["col"])
            st.found.error(below.no, error["msg"], file=m["file"], at=at, column=column, tool="gfortran")
            return


# Clojure 1.10 on (`clojure`, `lein compile`/`lein test` loading the code): `Syntax error compiling at
# (shop/cart.clj:4:13).` (`reading source`, `macroexpanding clojure.core/let`), the message on the next line.
# Lua's parser (5.1 to 5.4, luac -p): `cart.lua:4: unexpected symbol near 'end'`, behind the interpreter's name
# (`lua5.3: `, `luac: `), or on the line under `error loading module 'cart' from file './cart.lua':` when `require`
# loads a module that does not parse. A runtime error has the same `FILE:LINE: ` front, so only the parser's
# own words count (every one of its messages ends ` near TOKEN`).
_LUA_SYNTAX = (
    r"(?P<msg>(?:unexpected symbol|'[^']{1,20}' expected(?: \(to close '\w+' at line \d+\))?|<\w+> expected|"
    r"unfinished (?:long )?(?:string|comment)|malformed number|invalid escape sequence|syntax error) "
    r"near (?:'.*'|<\w+>))$"
)
_LUA_SYNTAX_LINE = Regex(rf"^\s*(?P<file>\S+?\.lua):(?P<line>\d+): {_LUA_SYNTAX}")


def _lua_module(st: Found, no: int, _m: re.Match[str]) -> None:
    below = next(iter(st.view.after(no, 1)), None)
    if below is not None and (m := _LUA_SYNTAX_LINE.match(below.text)):
        st.found.error(below.no, m["msg"], file=m["file"], at=int(m["line"]), tool="lua")


# groovyc (and Gradle's compileGroovy, which prints the same under `startup failed:`): `src/Cart.groovy: 9: unexpected
# token: } @ line 9, column 5.`; a long message has its ` @ line 8, column 16.` on the next line
_GROOVY_AT = Regex(r"^\s*@ line \d+, column (?P<col>\d+)\.$")


def _groovy(st: Found, no: int, m: re.Match[str]) -> None:
    column = m["col"]
    below = next(iter(st.view.after(no, 1)), None)
    if column is None and below is not None and (at := _GROOVY_AT.match(below.text)):
        column = at["col"]
    line, col = int(m["line"]), int(column) if column else None
    st.found.error(no, m["msg"].strip(), file=m["file"], at=line, column=col, tool="groovyc")


def _clojure(st: Found, no: int, m: re.Match[str]) -> None:
    below = next(iter(st.view.after(no, 1)), None)
    message = below.text.strip() if below is not None and below.text.strip() else m.string.strip()
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, message, file=m["file"], at=at, column=column, tool="clojure")


_LANGUAGES = LineRules[Found](
    Rule(
        r"^File \"(?P<file>[^\"]+\.(?:ml|mli|mll|mly|re|rei))\", lines? (?P<line>\d+)(?:-\d+)?, "
        r"characters (?P<col>\d+)-\d+:$",
        _ocaml,
        has=(", characters ",),  # (`File "` starts every Python traceback's frames)
    ),
    # dmd / ldc2 / gdc: `source/app.d(3): Error: ...` (dmd 2.08x on: `source/app.d(3,5): Error: ...`)
    Rule(
        r"^(?P<file>\S+?\.di?)\((?P<line>\d+)(?:,(?P<col>\d+))?\): Error: (?P<msg>.+)$",
        record(tool="d"),
        has=("): Error: ",),
    ),
    # nim: `/path/app.nim(1, 14) Error: type mismatch: ...`
    Rule(
        r"^(?P<file>\S+?\.nims?)\((?P<line>\d+), (?P<col>\d+)\) Error: (?P<msg>.+)$",
        record(tool="nim"),
        has=(") Error: ",),
    ),
    # Free Pascal (fpc 2-3): `shop.pas(12,11) Error: Identifier not found "Cuont"`, a unit it cannot find
    # `report.pas(3,16) Fatal: Can't find unit ShopTotals used by Report`; not its count, `shop.pas(14) Fatal: There
    # were 2 errors compiling module, stopping` (the errors are above it)
    Rule(
        r"^(?P<file>\S+?\.(?:pas|pp|lpr|dpr|inc))\((?P<line>\d+)(?:,(?P<col>\d+))?\) (?:Error|Fatal): "
        r"(?!There were \d+ errors? compiling module)(?P<msg>.+)$",
        record(tool="fpc"),
        has=(") Error: ", ") Fatal: "),
    ),
    Rule(
        r"^(?P<file>\S+?\.(?:groovy|gvy|gy|gradle)): (?P<line>\d+): (?P<msg>.+?)"
        r"(?: @ line \d+, column (?P<col>\d+)\.)?$",
        _groovy,
        has=(".groovy: ", ".gradle: ", ".gvy: ", ".gy: "),
    ),
    # CoffeeScript 1 and 2 (`coffee -c`, and its grunt/gulp plugins): `src/app.coffee:3:1: error: unexpected
    # indentation`, then the source line and carets
    Rule(
        r"^(?P<file>\S+?\.(?:coffee|litcoffee)):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$",
        record(tool="coffee"),
        has=(": error: ",),
    ),
    Rule(rf"^(?P<file>\S+?\.(?:{_FORTRAN})):(?P<line>\d+):(?P<col>\d+):$", _fortran, ends=":", has=_FORTRAN_PLACES),
    # Android's aapt (the Android Gradle plugin's resource step, `processDebugResources`): an app's resource or
    # manifest it cannot compile, `res/values/strings.xml:4: error: Error: No resource found that matches ...`
    Rule(
        r"^(?P<file>(?:\S*/)?res/\S+?\.xml|(?:\S*/)?AndroidManifest\.xml):(?P<line>\d+): error: (?P<msg>.+)$",
        record(tool="aapt"),
        has=(".xml:",),
    ),
    Rule(
        r"^Syntax error (?:compiling|reading source|macroexpanding)(?: \S+)? at "
        r"\((?P<file>[^\s():]+\.clj[cs]?):(?P<line>\d+):(?P<col>\d+)\)\.$",
        _clojure,
        starts="Syntax error ",
    ),
    Rule(r"^Error compiling Cython file:$", _cython, starts="Error compiling Cython file:"),
    # Ruby's parser (`ruby -c`, or any file Ruby loads): `lib/cart.rb:4: syntax error, unexpected `end'`. A file
    # that `require` (or `load`) loads and that does not parse is an uncaught SyntaxError: the frame that loaded
    # it first, the class last (`.../kernel_require.rb:85:in `require': /abs/lib/cart.rb:4: syntax error,
    # unexpected `end' (SyntaxError)`), as `rake test`, minitest or a Rakefile's own require print it.
    Rule(
        r"^(?:\S+?:\d+:in `[^'\s]+': )?(?P<file>\S+?\.(?:rb|rake|gemspec|ru)):(?P<line>\d+): "
        r"(?P<msg>syntax error, .+?)(?: \(SyntaxError\))?$",
        record(tool="ruby"),
        has=(": syntax error, ",),
    ),
    Rule(r"^Parse error at (?P<file>\S+?\.[cm]?js):(?P<line>\d+),(?P<col>\d+)$", _uglify, starts="Parse error at "),
    Rule(
        r"^(?:\S+: )?error loading module '[^']+' from file '[^']+':$",
        _lua_module,
        has=("error loading module '",),
    ),
    Rule(
        rf"^(?:lua|luac|luajit)(?:[\d.]+)?: (?P<file>\S+?\.lua):(?P<line>\d+): {_LUA_SYNTAX}",
        record(tool="lua"),
        starts=("lua", "luac", "luajit"),
        has=(".lua:",),
    ),
)
LANGUAGES = Parser(tool="compilers", category=Category.BUILD, parse=scan_with(_LANGUAGES, plain("compilers")))
