"""JavaScript bundlers and transpilers: webpack's errors (webpack 1 to 5), browserify's missing modules
and Babel's syntax errors (the CLI's, and babel-loader's inside webpack). Each is a build failure: the
bundle was not made.

webpack opens each error with `ERROR in MODULE` (webpack 5 adds the place: `ERROR in ./src/index.js
2:0-32`), then says what went wrong on the lines below: `Module not found: Error: Can't resolve
'./x' in '/dir'` (facts.meaning tells a missing package from a missing file of the project), `Module
build failed (from LOADER):` and the loader's error on the next line (webpack 2-3: on the same line,
`Module build failed: SyntaxError: ...`), or `Module parse failed: Unexpected token (1:0)`. ts-loader
reports TypeScript's errors as `[tsl] ERROR in FILE(L,C)` with `TS2322: message` on the next line;
fork-ts-checker-webpack-plugin as `ERROR in FILE(L,C):` (v4, after a bare `ERROR in FILE`) or `ERROR
in FILE:L:C` (v5 on), TypeScript's code and message on the next line too.
webpack 5 ends with `webpack 5.x compiled with N errors in T ms`. Angular CLI's AOT build (`ng build
--prod`) reports a template's type errors as `ERROR in src/app/app.component.html(21,4): : Property
'x' does not exist on type 'AppComponent'.` (its TypeScript errors are tsc's line behind `ERROR in `:
javascript.py reads them).

Babel names the file, the message and the place on one line: `SyntaxError: src/math.js: Unexpected
token (3:0)` (Babel 6 relative, Babel 7 absolute, webpack 2-3 through babel-loader without the file),
then a code frame."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

MESSAGE_WITHIN = 3  # lines under `ERROR in` in which webpack says what went wrong
# webpack's and Babel's places count columns from 0 (their parsers'); a record's column counts from 1,
# as the compilers' and linters' do: each is read with `+ 1`.

_BUILD_FAILED = Regex(r"^Module build failed(?: \(from [^)]*\))?:\s*(?P<msg>.*)$")
_PARSE_FAILED = Regex(r"^Module parse failed: (?P<msg>.+?)(?: \((?P<line>\d+):(?P<col>\d+)\))?$")
_NOT_FOUND = Regex(r"^Module not found: (?P<msg>.+)$")
# Babel's `SyntaxError: FILE: MESSAGE (L:C)` (the file absent under webpack 2-3's babel-loader)
_BABEL = r"(?P<cls>\w*Error): (?:(?P<file>[^\s:]+\.\w+): )?(?P<msg>.+?) \((?P<line>\d+):(?P<col>\d+)\)$"
_BABEL_LINE = Regex("^" + _BABEL)
_TS_CODE = Regex(r"^\s*(?P<code>TS\d+): (?P<msg>.+)$")


def _error_in(st: Found, no: int, m: re.Match[str]) -> None:
    """`ERROR in MODULE [L:C-C]`, and what went wrong on the lines below it."""
    st.found.mark(no, 6.0)
    at = int(m["line"]) if m["line"] else None
    column = int(m["col"]) + 1 if m["col"] else None
    for below in st.view.after(no, MESSAGE_WITHIN):
        text = below.text.strip()
        if text.startswith("[tsl] ") or _own_babel_line(text):
            return  # ts-loader's and Babel's own lines say where: their rules record them
        if (failed := _BUILD_FAILED.match(text)) is not None:
            _build_failed(st, below.no, failed, m["file"])
            return
        if (parse := _PARSE_FAILED.match(text)) is not None:
            at, column = (int(parse["line"]), int(parse["col"]) + 1) if parse["line"] else (at, column)
            st.found.error(below.no, text, file=m["file"], at=at, column=column, code="module-parse-failed")
            return
        if (missing := _NOT_FOUND.match(text)) is not None:
            st.found.error(below.no, missing["msg"], file=m["file"], at=at, column=column, code="module-not-found")
            return


def _build_failed(st: Found, no: int, m: re.Match[str], module: str) -> None:
    """`Module build failed (from LOADER):`: the loader's error is on this line (webpack 2-3) or the next."""
    message = m["msg"].strip()
    if not message:
        message = next((line.text.strip() for line in st.view.after(no, 1)), "")
        if _own_babel_line(message):
            return  # Babel's own line: its rule records it
        no += 1
    if babel := _BABEL_LINE.match(message):  # webpack 2-3: Babel's error without its file
        file = babel["file"] or module
        at, column = int(babel["line"]), int(babel["col"]) + 1
        st.found.error(no, message, file=file, at=at, column=column, code=babel["cls"])
    elif message:
        st.found.error(no, message, file=module, code="module-build-failed")


def _own_babel_line(text: str) -> bool:
    """Babel's error naming its file: the Babel rule's line."""
    return (m := _BABEL_LINE.match(text)) is not None and m["file"] is not None


def _babel(st: Found, no: int, m: re.Match[str]) -> None:
    """Babel's syntax error: the file, the message and the place on one line."""
    at, column = int(m["line"]), int(m["col"]) + 1
    st.found.error(no, m.string.strip(), file=m["file"], at=at, column=column, code=m["cls"], tool="babel")


def _template(st: Found, no: int, m: re.Match[str]) -> None:
    """Angular's template type checker: a type error, as tsc's own are."""
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=m["file"], at=at, column=column, tool="angular", category=Category.TYPE)


def _ts_loader(st: Found, no: int, m: re.Match[str]) -> bool:
    """ts-loader's `[tsl] ERROR in FILE(L,C)` and fork-ts-checker's `ERROR in FILE(L,C):` / `ERROR in
    FILE:L:C`: TypeScript's code and message on the next line (fork-ts-checker's only with one)."""
    below = next(iter(st.view.after(no, 1)), None)
    code = _TS_CODE.match(below.text) if below is not None else None
    if code is None and not m.string.startswith("[tsl] "):
        return False  # webpack's own `ERROR in MODULE L:C` (the next rule)
    message = code["msg"] if code else ""
    ts = code["code"] if code else None
    g = m.groupdict()
    at, column = int(g["line"] or g["line2"]), int(g["col"] or g["col2"])  # `(L,C)` or `:L:C`
    # TypeScript's checker (TS2xxx and up) finds a type error; classify.py makes TS1xxx (syntax) a build's
    st.found.error(no, message, file=m["file"], at=at, column=column, code=ts, tool="tsc", category=Category.TYPE)
    return True


# The bundler's or transpiler's own configuration refused before a file is built: webpack-cli's `[webpack-cli] Invalid
# configuration object. Webpack has been initialized using a configuration object that does not match the API schema.`
# over its first reason (` - configuration.output has an unknown property 'filname'. ...`), Babel 7's `ConfigError:
# Unknown option: .presetz. Check out https://babeljs.io/docs/...` (a .babelrc or babel.config key it does not know).
# Configuration records (tests/facts/data/webpack5_config_invalid.txt, babel7_config_unknown_option.txt).
CONFIG_INVALID, UNKNOWN_OPTION = "config-invalid", "unknown-option"


def _webpack_config(st: Found, no: int, _m: re.Match[str]) -> None:
    below = next(iter(st.view.after(no, 1)), None)
    reason = below.text.strip().removeprefix("- ") if below is not None and below.text.startswith(" - ") else ""
    message = "Invalid configuration object" + (f": {reason}" if reason else "")
    st.found.error(no, message, code=CONFIG_INVALID, category=Category.CONFIG)


_RULES = LineRules[Found](
    Rule(
        r"^ERROR in (?P<file>\S+?\.(?:html|ts))\((?P<line>\d+),(?P<col>\d+)\): : (?P<msg>.+)$",
        _template,
        starts="ERROR in ",
        has=("): : ",),
    ),
    Rule(
        r"^ERROR in (?P<file>\S+?\.[cm]?tsx?)(?:\((?P<line>\d+),(?P<col>\d+)\):?|:(?P<line2>\d+):(?P<col2>\d+))$",
        _ts_loader,
        starts="ERROR in ",
    ),
    Rule(
        r"^ERROR in (?P<file>[^\s(]+?)(?: (?P<line>\d+):(?P<col>\d+)(?:-\d+(?::\d+)?)?)?$",
        _error_in,
        starts="ERROR in ",
    ),
    Rule(
        r"^\[tsl\] ERROR in (?P<file>.+?)\((?P<line>\d+),(?P<col>\d+)\)(?P<line2>)(?P<col2>)$",
        _ts_loader,
        starts="[tsl] ERROR in ",
    ),
    # Babel's own (the CLI, or babel-loader's line under `Module build failed (from ...):`); a file is
    # what tells it from any other `SyntaxError: ... (1:2)`
    Rule(
        r"^(?P<cls>SyntaxError): (?P<file>[^\s:]+\.\w+): (?P<msg>.+?) \((?P<line>\d+):(?P<col>\d+)\)$",
        _babel,
        starts="SyntaxError: ",
    ),
    Rule(
        r"^(?:\[webpack-cli\] )?(?:Error: )?Invalid configuration object\. Webpack has been initiali[sz]ed using a "
        r"configuration object that does not match the API schema\.$",
        _webpack_config,
        has=("Invalid configuration object. Webpack has been initiali",),
    ),
    Rule(
        r"^(?:(?:Config)?Error: )?(?P<msg>Unknown option: \S+?)\.? Check out https://babeljs\.io/",
        lambda st, no, m: st.found.error(no, m["msg"], code=UNKNOWN_OPTION, tool="babel", category=Category.CONFIG),
        has=(" Check out https://babeljs.io/",),
    ),
    # browserify (13: `Error: Cannot find module 'lodash' from '/dir'`; 16: `Error: Can't walk dependency
    # graph: Cannot find module './carts' from '/dir/src/main.js'`): facts.meaning tells a missing package from
    # a missing file of the project, as for webpack's `Can't resolve`
    Rule(
        r"^Error: (?:Can't walk dependency graph: )?(?P<msg>Cannot find module '[^']+' from '[^']+')$",
        record("module-not-found", tool="browserify"),
        starts=("Error: Cannot find module '", "Error: Can't walk dependency graph: "),
    ),
    Rule(
        r"^webpack [\d.]+ compiled with (?P<errors>\d+) errors?",
        summary(8.0),
        starts="webpack ",
        has=(" compiled with ",),
    ),
)

WEBPACK = Parser(tool="webpack", category=Category.BUILD, parse=scan_with(_RULES, plain("webpack")))


# Vite's production build (`vite build`, Vite 5-7 over Rollup 4), after `error during build:`:
# - an import of the project's own that does not resolve: `Could not resolve "./pricing.js" from "web/main.js"`;
# - a package that is not installed: `[vite]: Rollup failed to resolve import "lodash-es" from "/abs/web/main.js".`
#   (facts.meaning tells the two apart, as for webpack's `Can't resolve`);
# - a plugin's error with its place: `[vite:build-html] web/main.js (3:7): Unexpected token ...`;
# - esbuild's transform of a TypeScript file: `[vite:esbuild] Transform failed with 1 error:` over
#   `/abs/web/main.ts:3:0: ERROR: Expected ")" but found "console"`.
_VITE = LineRules[Found](
    Rule(
        r"^(?:\[vite\]: Rollup failed to resolve import|Could not resolve) "
        r'(?P<msg>"[^"]+") from "(?P<file>[^"]+)"\.?$',
        record("unresolved-import", message="Could not resolve import {msg}"),
        starts=("[vite]: Rollup failed to resolve import ", "Could not resolve "),
    ),
    Rule(
        r"^\[(?P<code>[\w:-]+)\] (?P<file>[^\s()]+\.\w+) \((?P<line>\d+):(?P<col>\d+)\): (?P<msg>.+)$",
        record(),
        starts="[",
        has=("): ",),
    ),
    Rule(
        r"^(?P<file>[^\s:]+\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+): ERROR: (?P<msg>.+)$",
        record("esbuild"),
        has=(": ERROR: ",),
    ),
    Rule(r"^error during build:$", verdict(8.0), starts="error during build:"),
)

VITE = Parser(tool="vite", category=Category.BUILD, parse=scan_with(_VITE, plain("vite")))


# Next.js's build (`next build`, Next 13-15) after `Failed to compile.`: the module alone on its line
# (`./app/page.tsx`, with the place when TypeScript's check failed: `./app/page.tsx:2:9`), then what went
# wrong on the next: `Type error: Type 'string' is not assignable to type 'number'.` (its type check), or
# webpack's `Module not found: Can't resolve '../lib/pricing'` (facts.meaning tells a package from a file).
_NEXT_MODULE = Regex(r"^(?P<file>\./[^\s:]+\.(?:[cm]?[jt]sx?|mdx|css|scss))(?::(?P<line>\d+):(?P<col>\d+))?$")


def _next_error(st: Found, no: int, m: re.Match[str]) -> bool:
    above = st.view.get(no - 1)
    module = _NEXT_MODULE.match(above.text) if above is not None else None
    if module is None:
        return False  # webpack's own `ERROR in ...` over it: its parser reads that
    at, column = (int(module["line"]), int(module["col"])) if module["line"] else (None, None)
    typed = bool(m["type"])
    st.found.error(
        no,
        m["msg"],
        file=module["file"],
        at=at,
        column=column,
        code="type-error" if typed else "module-not-found",
        category=Category.TYPE if typed else Category.UNKNOWN,
    )
    return True


_NEXT = LineRules[Found](
    Rule(
        r"^(?:(?P<type>Type error)|Module not found): (?P<msg>.+)$",
        _next_error,
        starts=("Type error: ", "Module not found: "),
    ),
)

NEXT = Parser(tool="next", category=Category.BUILD, parse=scan_with(_NEXT, plain("next")))


# esbuild's own CLI (`esbuild src/main.js --bundle`): 0.14 on opens each error with `✘ [ERROR] MESSAGE`
# (`X [ERROR]` where the terminal has no Unicode) and names the place on the first line below it after a
# blank one (`    src/main.js:2:20:`; an error of the command line has none); 0.8 to 0.13 print one line,
# ` > src/main.js:2:20: error: MESSAGE`. A missing import is `Could not resolve "./x"` (facts.meaning tells a
# file of the project from a package). Under Vite its errors take Vite's shape (_VITE above).
ESBUILD_PLACE_WITHIN = 2
_ESBUILD_PLACE = Regex(r"^\s+(?P<file>[^\s:]+\.\w+):(?P<line>\d+):(?P<col>\d+):$")


def _esbuild(st: Found, no: int, m: re.Match[str]) -> None:
    for below in st.view.after(no, ESBUILD_PLACE_WITHIN):
        if place := _ESBUILD_PLACE.match(below.text):
            at, column = int(place["line"]), int(place["col"]) + 1  # esbuild counts columns from 0
            st.found.error(no, m["msg"], file=place["file"], at=at, column=column, tool="esbuild")
            return
    st.found.error(no, m["msg"], tool="esbuild")


def _esbuild_old(st: Found, no: int, m: re.Match[str]) -> None:
    at, column = int(m["line"]), int(m["col"]) + 1
    st.found.error(no, m["msg"], file=m["file"], at=at, column=column, tool="esbuild")


_ESBUILD = LineRules[Found](
    Rule(r"^(?:✘|X) \[ERROR\] (?P<msg>.+)$", _esbuild, starts=("✘ [ERROR] ", "X [ERROR] ")),
    Rule(
        r"^ > (?P<file>[^\s:]+\.\w+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$",
        _esbuild_old,
        starts=" > ",
        has=(": error: ",),
    ),
)

ESBUILD = Parser(tool="esbuild", category=Category.BUILD, parse=scan_with(_ESBUILD, plain("esbuild")))


# Rollup's CLI (1 to 4) opens its error with `[!] Error: MESSAGE` (3 on: `RollupError: `; a plugin's:
# `[!] (plugin commonjs) SyntaxError: ...`) and names the module and place on one of the next lines
# (`src/cart.js (1:36)`, under a link to its documentation from 3 on). Its warnings open with `(!) `.
# A missing module is `Could not resolve './x' from src/main.js` (1-2) or `Could not resolve "./x" from
# "src/main.js"` (3 on): a bare package name Rollup leaves unresolved with a warning, not an error.
ROLLUP_PLACE_WITHIN = 3
_ROLLUP_PLACE = Regex(r"^(?P<file>[^\s:()]+\.\w+) \((?P<line>\d+):(?P<col>\d+)\)$")
_ROLLUP_IMPORTER = Regex(r"^Could not resolve \S+ from \"?(?P<file>[^\s\"]+\.\w+)\"?$")


def _rollup(st: Found, no: int, m: re.Match[str]) -> None:
    code = f"plugin {m['plugin']}" if m["plugin"] else None
    for below in st.view.after(no, ROLLUP_PLACE_WITHIN):
        if place := _ROLLUP_PLACE.match(below.text):
            at, column = int(place["line"]), int(place["col"]) + 1  # Rollup counts columns from 0
            st.found.error(no, m["msg"], file=place["file"], at=at, column=column, code=code, tool="rollup")
            return
    importer = _ROLLUP_IMPORTER.search(m["msg"])  # a module that does not resolve: no place, its importer
    st.found.error(no, m["msg"], file=importer["file"] if importer else None, code=code, tool="rollup")


_ROLLUP = LineRules[Found](
    Rule(
        r"^\[!\] (?:\(plugin (?P<plugin>[^)]+)\) )?\w*Error: (?P<msg>.+)$",
        _rollup,
        starts="[!] ",
    ),
)

ROLLUP = Parser(tool="rollup", category=Category.BUILD, parse=scan_with(_ROLLUP, plain("rollup")))


# Parcel 2 (`parcel build`): `🚨 Build failed.`, then each diagnostic as `@parcel/PLUGIN: message` with its place
# on the first line below it after a blank one (`  /abs/src/main.js:2:21`) over a code frame. A diagnostic without
# a place after the first is a hint about it (`@parcel/resolver-default: Cannot load file './x' in './src'.`).
PARCEL_PLACE_WITHIN = 2
_PARCEL_PLACE = Regex(r"^\s+(?P<file>[^\s:]+\.\w+):(?P<line>\d+):(?P<col>\d+)$")


@state
class _Parcel:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="parcel"))
    failed: bool = False  # `Build failed.` was seen: `@parcel/` lines below are its diagnostics
    said: int = 0  # diagnostics recorded since


def _parcel_failed(st: _Parcel, no: int, _m: re.Match[str]) -> None:
    st.failed, st.said = True, 0
    st.found.seen = True
    st.found.mark(no, 8.0)


def _parcel_diagnostic(st: _Parcel, no: int, m: re.Match[str]) -> None:
    for below in st.view.after(no, PARCEL_PLACE_WITHIN):
        if place := _PARCEL_PLACE.match(below.text):
            at, column = int(place["line"]), int(place["col"])
            st.found.error(no, m["msg"], file=place["file"], at=at, column=column, code=m["plugin"])
            st.said += 1
            return
    if not st.said:
        st.found.error(no, m["msg"], code=m["plugin"])
        st.said += 1


_PARCEL = LineRules[_Parcel](
    Rule(r"^(?:🚨 )?Build failed\.$", _parcel_failed, ends="Build failed."),
    Rule(
        r"^(?P<plugin>@parcel/[\w-]+): (?P<msg>.+)$",
        _parcel_diagnostic,
        starts="@parcel/",
        when=lambda st, _no: st.failed,
        continues=True,
    ),
)

PARCEL = Parser(tool="parcel", category=Category.BUILD, parse=scan_with(_PARCEL, lambda view: _Parcel(view)))
