"""TypeScript (tsc), ESLint (and stylelint, whose default formatter is ESLint's stylish form with `✖`/`⚠`
for the level; standard and JSHint), and JavaScript test runners (Jest, Vitest). Mocha and Prettier have
their own files."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import (
    MAX_MESSAGE,
    Findings,
    Found,
    LineRules,
    Parser,
    Regex,
    Rule,
    clip,
    plain,
    scan_with,
    state,
)
from remediate.facts.parsers.handlers import (
    after_errors,
    evidence,
    failures_counted,
    heading,
    record,
    row,
    seen,
    summary,
    verdict,
)
from remediate.facts.view import View
from remediate.models import Category

# tsc refusing its own configuration before it checks a file: a diagnostic at a tsconfig file (`tsconfig.json(1,35):
# error TS5023: Unknown compiler option 'x'.`, TS5025's `Did you mean`, TS6046's `Argument for '--target' option must
# be: ...`), or one that names no file: an option's (TS5xxx: `error TS5023: Unknown compiler option '--x'.` on the
# command line, TS5057's tsconfig not found) or TS18003's `No inputs were found in config file` (its `include`
# matches nothing). A configuration record: no type in the code is wrong (tests/facts/data/tsc59_*). The pieces are
# the generic reader's too (tsc_config_error), which reads tsc's rows with this module left out.
TSCONFIG_FILE = r"(?:\S*/)?tsconfig[\w.-]*\.json"
TSC_CONFIG_CODE = r"TS(?:5\d{3}|18003)"
_TSC_CONFIG_AT = (
    rf"^(?:##\[error\])? {{0,8}}(?P<file>{TSCONFIG_FILE})(?:\((?P<line>\d+),(?P<col>\d+)\)|:(?P<line2>\d+):"
    r"(?P<col2>\d+)) ?[:-] ?error (?P<code>TS\d+): (?P<msg>.+)$"
)
_TSC_CONFIG_ALONE = rf"^(?:##\[error\])?error (?P<code>{TSC_CONFIG_CODE}): (?P<msg>.+)$"
_TSCONFIG_FILE, _TSC_CONFIG_CODE = Regex(TSCONFIG_FILE), Regex(TSC_CONFIG_CODE)


def tsc_config_error(code: str, file: str | None) -> bool:
    """Whether tsc's diagnostic of this code at this file refuses tsc's own configuration (see above): it lies in a
    tsconfig file, or its code is an option's or `No inputs were found`."""
    return bool(file and _TSCONFIG_FILE.fullmatch(file)) or _TSC_CONFIG_CODE.fullmatch(code) is not None


def _tsc_config(st: Found, no: int, m: re.Match[str]) -> None:
    g = m.groupdict()
    line, col = g.get("line") or g.get("line2"), g.get("col") or g.get("col2")
    at, column = (int(line), int(col)) if line and col else (None, None)
    st.found.error(no, m["msg"], file=g.get("file"), at=at, column=column, code=m["code"], category=Category.CONFIG)


_TSC = LineRules[Found](
    Rule(_TSC_CONFIG_AT, _tsc_config, has=(" error TS",)),
    Rule(_TSC_CONFIG_ALONE, _tsc_config, has=("error TS5", "error TS18003")),
    Rule(
        # Angular CLI 2-7 (`ng build`) prints tsc's line behind webpack's `ERROR in `; Mocha 10 the first of ts-node's
        # diagnostics behind its ` Exception during run: ` (`mocha -r ts-node/register`)
        r"^(?:##\[error\])? {0,8}(?:ERROR in |Exception during run: )?(?P<file>\S+?\.(?:ts|tsx|mts|cts|js|jsx|vue))"
        r"(?:\((?P<line>\d+),(?P<col>\d+)\)|:(?P<line2>\d+):(?P<col2>\d+)) ?[:-] ?error (?P<code>TS\d+): (?P<msg>.+)$",
        record(),
        has=(" error TS",),
    ),
    Rule(
        r"^Found (?P<failed>\d+) errors?(?: in (?:\d+ files|the same file|\S+))?",
        summary(9.0),
        starts="Found ",
        when=after_errors,
    ),
)


_CROSS, _WARN = "\u2716", "\u26a0"  # stylelint's error and warning marks
# `.[cm]?[jt]sx?`, each spelled out: a line's `ts` or `js` alone is in most logs (`tests`, `results`).
_JS_EXTENSIONS = tuple(f".{kind}{lang}s{x}" for kind in ("", "c", "m") for lang in "jt" for x in ("", "x"))
_HEADING_EXTENSIONS = (*_JS_EXTENSIONS, ".vue", ".svelte", ".astro", ".json", ".md", ".css", ".scss", ".sass", ".less")


@state
class _Eslint:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="eslint"))
    file: str | None = None  # the file heading the rows that follow (stylish format)
    # the command of a standard-engine linter's banner (standard, semistandard, ts-standard...): its rows
    # may name no rule (standard <= 7, the others without --verbose); and the banner's line, marked once a row shows
    standard: str | None = None
    banner: int | None = None
    # ESLint's warning rows (line, file, match): failures only if ESLint says there were too many
    warned: list[tuple[int, str, re.Match[str]]] = field(default_factory=list)
    # the configuration files ESLint or JSHint refused (`Cannot read config file: FILE`, said twice by ESLint 2-4)
    refused: set[str] = field(default_factory=set)

    def in_file(self, _no: int) -> bool:
        return self.file is not None


# ESLint lints whatever extensions it is given (`--ext .es6`, plugins for .html, .gjs...): a path
# alone on its line is a heading too, though only the rows below it show that it is one.
_ANY_HEADING = Regex(r"(?:/|[A-Za-z]:\\|[^\s/]+/)\S*\.\w{1,10}$")


def _top_level(st: _Eslint, _no: int, m: re.Match[str]) -> bool:
    """Any other unindented line ends the file's rows (a path alone begins the next file's); some
    say more."""
    text = m.string
    st.file = text if " " not in text and _ANY_HEADING.match(text) else None
    return st.file is not None


_stylish_row = row({"error": None, _CROSS: "stylelint"})
_RULE_IN_PARENS = Regex(r"\s\([\w-]+\)$")


def _eslint_row(st: _Eslint, no: int, m: re.Match[str]) -> bool:
    """A stylish row; ESLint prints the rule in a column of its own, yamllint's rows (same layout)
    end in the rule in parentheses."""
    if m["code"] is None and _RULE_IN_PARENS.search(m["msg"]):
        return False
    if m["level"] == "warning" and st.file is not None:
        st.warned.append((no, st.file, m))
    return _stylish_row(st, no, m)


# A config `extends` names that is no package but a name inside one ESLint has: its own (`eslint:recommended`) or an
# installed plugin's (`plugin:import/recommended`). ESLint says it could not find it as it says of a shared config
# not installed (`eslint-config-x`), but no package is missing: the name in the configuration is wrong.
_NAMED_WITHIN = ("eslint:", "plugin:")

# ESLint's words for a config or plugin it could not load, which _setup's rule and triage.patterns' runner config and
# runner plugin read (pattern pieces): the CLI's (`ESLint couldn't find the config "x" to extend from.`) and the Node
# API's (`Error: Failed to load config "x" to extend from.`). ESLINT_EXTENDS takes the name's pattern as `{name}`.
ESLINT_NOT_FOUND, ESLINT_NOT_LOADED, EXTEND_FROM = (
    "ESLint couldn't find the",
    "Error: Failed to load",
    r" to extend from\.",
)
ESLINT_EXTENDS = f'(?:{ESLINT_NOT_FOUND}|{ESLINT_NOT_LOADED}) config "{{name}}"{EXTEND_FROM}'


def _setup(st: _Eslint, no: int, m: re.Match[str]) -> None:
    """ESLint could not load a plugin or a shared config the project's configuration names: a package
    not installed (ESLint 5 on: `ESLint couldn't find the plugin "eslint-plugin-x".`; ESLint 4: Node's
    `Cannot find module 'eslint-config-x'` with `Referenced from: .eslintrc`; ESLint 6-8's Node API, which
    leaves the CLI's wording to its caller: `Error: Failed to load config "x" to extend from.`). What the
    user changes decides: the project's dependencies for a package, the configuration for a name within
    ESLint or a plugin (_NAMED_WITHIN). Nothing was linted."""
    what = m["what"] or ("config" if m["name3"] or "eslint-config" in m["name2"] else "plugin")
    named = m["name"] or m["name3"] or ""
    category = Category.CONFIG if what == "config" and named.startswith(_NAMED_WITHIN) else Category.DEPENDENCY
    st.found.error(no, m.string.strip(), code=f"missing-{what}", category=category)


# ESLint 9's words for no flat configuration found (a pattern piece, triage.patterns' runner config reads it too)
ESLINT_NO_FLAT_CONFIG = r"ESLint couldn't find an eslint\.config\."


def _flat_config(st: _Eslint, no: int, m: re.Match[str]) -> None:
    """ESLint 9's flat configuration: none found (`ESLint couldn't find an eslint.config.(js|mjs|cjs)
    file.`: the project still has only an .eslintrc, the configuration to migrate), or a package it
    imports not installed (Node's `Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x' imported from
    .../eslint.config.js`). Nothing was linted."""
    if m["pkg"]:
        st.found.error(no, m.string.strip(), code="missing-plugin", category=Category.DEPENDENCY)
    else:
        st.found.error(no, m.string.strip(), code="missing-config-file", category=Category.CONFIG)


# ESLint refusing a rule's options in its configuration, before it lints a file (`Oops! Something went wrong! :(`):
# ESLint 8's `Error: .eslintrc.json:` over a tab-indented `Configuration for rule "no-unused-vars" is invalid:` and
# the schema's reason below it; ESLint 9's flat config `Error: Key "rules": Key "no-unused-vars":` over the same
# reason (tests/facts/data/eslint*_rule_options_invalid.txt). The project's configuration is what is wrong.
RULE_OPTIONS = "rule-options"
# Their words (pattern pieces, triage.patterns' runner config reads them too): ESLINT_RULE_INVALID takes the rule's
# pattern as `{rule}` (it holds no other regular expression's character, so it is the message's words as well).
ESLINT_RULE_INVALID, ESLINT_FLAT_RULE = (
    'Configuration for rule "{rule}" is invalid',
    '(?:Type)?Error: Key "rules": Key "',
)
_RULE_INVALID = ESLINT_RULE_INVALID.format(rule='(?P<rule>[^"]+)')
_CONFIG_NAMED = Regex(r"^(?:Error: )?(?P<file>\S+):$")  # ESLint 2-4 say it plain first


def _rule_options(st: _Eslint, no: int, m: re.Match[str]) -> None:
    reason = m["rest"] or next((line.text.strip() for line in st.view.after(no, 1)), "")
    above = st.view.get(no - 1)
    named = _CONFIG_NAMED.match(above.text) if above is not None else None
    said = ESLINT_RULE_INVALID.format(rule=m["rule"] or m["rule2"])
    message = f"{said}: {reason}" if reason else said
    file = named["file"] if named is not None else None
    st.found.error(no, message, file=file, code=RULE_OPTIONS, tool="eslint", category=Category.CONFIG)


# ESLint 2-8 refusing its own configuration file that does not parse: `Cannot read config file: FILE` (ESLint
# 2-4 print it plain and again behind `SyntaxError: `/`YAMLException: `; ESLint 6-8 once, the YAML one behind
# `YAMLException: `), the parser's reason on the next line (`Error: Unexpected token } in JSON at position 50`,
# `Error: bad indentation of a mapping entry at line 3, column 4:`); JSHint 2: `ERROR: Can't parse config file:
# FILE`, then `Error:SyntaxError: ...`. Nothing was linted. A config record that votes, in either format: the tool
# refused its own configuration, as with a rule's options (RULE_OPTIONS); what the user changes is the .eslintrc,
# no source file. (It did not vote from d38ea4c to round 39: no dev log holds one, held-out labels differ.)
CONFIG_FILE = "config-file"
# Their words (pattern pieces, triage.patterns' runner config reads them too): what may stand before the refusal, and
# the refusals themselves (each with the space after it, as the rule's literals look for them).
CONFIG_REFUSED_BEFORE = r"(?:(?:SyntaxError|YAMLException): |ERROR: )?"
CONFIG_REFUSALS = ("Cannot read config file: ", "Can't parse config file: ")
_REFUSAL = "|".join(said.rstrip() for said in CONFIG_REFUSALS)


def _config_refused(st: _Eslint, no: int, m: re.Match[str]) -> None:
    file = m["file"]
    if file in st.refused:
        return
    st.refused.add(file)
    reason = next((line.text.strip() for line in st.view.after(no, 1)), "")
    reason = reason.removeprefix("Error:").strip()
    message = f"{m['said']} {file}" + (f": {reason}" if reason else "")
    tool = "jshint" if m["said"].startswith("Can't") else "eslint"
    st.found.error(no, message, file=file, code=CONFIG_FILE, tool=tool, category=Category.CONFIG)


def _too_many_warnings(st: _Eslint, no: int, _m: re.Match[str]) -> None:
    """`--max-warnings N` and more warnings than N: ESLint exits 1, its warnings are the failure."""
    st.found.mark(no, 8.0)
    for at_no, file, m in st.warned:
        at, column = int(m["line"]), int(m["col"])
        st.found.error(at_no, m["msg"], file=file, at=at, column=column, code=m["code"])
    st.warned = []


def _jshint_stylish(st: _Eslint, no: int, m: re.Match[str]) -> None:
    """A jshint-stylish row: JSHint fails the run on each finding, warnings (`W`) and errors alike."""
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=m["code"], tool="jshint")


def _standard_banner(st: _Eslint, no: int, m: re.Match[str]) -> None:
    """standard-engine prints `CMD: TAGLINE (HOMEPAGE)` before its rows whenever it found a problem, for
    standard and every linter built on it alike (`semistandard: Semicolons For All! (https://...)`): the
    banner is marked only when a row follows it, since many lines look like it."""
    st.standard, st.banner = m["cmd"], no


def _standard(st: _Eslint, no: int, m: re.Match[str]) -> None:
    if st.banner is not None:
        st.found.mark(st.banner, 6.0)
        st.banner = None
    if m["code"] == "warning":
        st.found.mark(no, 3.0)
    else:
        record(tool=st.standard or "standard")(st, no, m)


_ESLINT = LineRules[_Eslint](
    # A heading is a path whose start is fixed (a root, a drive, or a first segment and its slash): two
    # free `\S+` around a slash were quadratic on a line of many slashes. Or a stylesheet's name alone:
    # stylelint prints paths relative to where it ran (`app.css`); ESLint's are absolute, and a bare
    # `README.md` heads vfile-reporter's rows (unified.py), which look alike.
    Rule(
        r"^(?:(?:/|[A-Za-z]:\\|[^\s/]+/)\S+\.(?:[cm]?[jt]sx?|vue|svelte|astro|json|md|css|scss|sass|less)|"
        r"[\w.-]+\.(?:css|scss|sass|less))$",
        heading,
        ends=_HEADING_EXTENSIONS,
    ),
    Rule(r"[^ \t]", _top_level),  # rows are indented
    Rule(r"^[✖×] \d+ problems? \((?P<failed>\d+) errors?, \d+ warnings?\)", summary(9.0), starts=("✖", "×")),
    Rule(
        rf"^{ESLINT_NOT_FOUND} (?P<what>plugin|config) \"(?P<name>[^\"]+)\"|"
        r"^Cannot find module '(?P<name2>(?:@[\w.-]+/)?eslint-(?:plugin|config)-?[^']*)'$(?P<what2>)|"
        rf"^{ESLINT_NOT_LOADED} config \"(?P<name3>[^\"]+)\"{EXTEND_FROM}$",
        _setup,
        starts=(f"{ESLINT_NOT_FOUND} ", "Cannot find module 'eslint-", "Cannot find module '@", "Error: Failed"),
    ),
    Rule(r"^ESLint found too many warnings \(maximum: \d+\)\.$", _too_many_warnings, starts="ESLint found too many "),
    Rule(
        rf"^{CONFIG_REFUSED_BEFORE}(?P<said>{_REFUSAL}) (?P<file>\S+)$",
        _config_refused,
        has=CONFIG_REFUSALS,
    ),
    Rule(
        rf"^{ESLINT_NO_FLAT_CONFIG}|^Error \[ERR_MODULE_NOT_FOUND\]: Cannot find package "
        r"'(?P<pkg>[^']+)' imported from \S*eslint\.config\.[cm]?[jt]s$",
        _flat_config,
        starts=("ESLint couldn't find an eslint.config.", "Error [ERR_MODULE_NOT_FOUND]: "),
    ),
    Rule(
        rf'^\s*(?:{_RULE_INVALID}:?|{ESLINT_FLAT_RULE}(?P<rule2>[^"]+)":) ?(?P<rest>.*)$',
        _rule_options,
        has=(ESLINT_RULE_INVALID.partition("{")[0], ESLINT_FLAT_RULE.removeprefix("(?:Type)?")),
    ),
    # JSHint's default reporter: "src/bad.js: line 1, col 10, Missing semicolon." (`(W033)` with --verbose)
    Rule(
        r"^(?P<file>\S+?\.[cm]?jsx?): line (?P<line>\d+), col (?P<col>\d+), (?!Error - |Warning - )"
        r"(?P<msg>.+?)(?: \((?P<code>[EWI]\d{3})\))?$",
        record("jshint", tool="jshint"),
        has=(": line ",),
    ),
    # standard (ESLint underneath) opens with its banner, `standard: Use JavaScript Standard Style (URL)`; a
    # linter built on standard-engine with its own (`semistandard: Semicolons For All! (URL)`); standard 7 goes
    # on after the URL (`... (http://standardjs.com) Try \`standard --fix\` ...`)
    Rule(r"^(?P<cmd>[a-z][\w-]*): [^()]+ \(https?://[^\s()]+\)", _standard_banner, has=(" (http",)),
    # standard (ESLint underneath): "  /path/src/bad.js:1:5: 'a' is assigned ... (no-unused-vars)"; a
    # rule that only warns ends `(warning)` and fails nothing.
    Rule(
        r"^  (?P<file>\S+?\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \((?P<code>@?[\w/-]+)\)$",
        _standard,
        ends=")",
        has=tuple(f"{extension}:" for extension in _JS_EXTENSIONS),
        when=lambda st, _no: st.file is None,
    ),
    # standard 7 and before name no rule: "  /path/src/bad.js:1:5: 'a' is defined but never used" (a row
    # naming one is the rule above's); under standard's banner only
    Rule(
        r"^  (?P<file>\S+?\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)(?P<code>)$",
        _standard,
        has=tuple(f"{extension}:" for extension in _JS_EXTENSIONS),
        when=lambda st, _no: st.standard is not None and st.file is None,
        continues=True,
    ),
    # stylelint's `unix` formatter: "src/app.css:3:3: Unknown property "colr" (property-no-unknown) [error]"
    Rule(
        r"^(?P<file>\S+?\.(?:css|scss|sass|less)):(?P<line>\d+):(?P<col>\d+): "
        r"(?P<msg>.+) \((?P<code>[\w@/-]+)\) \[error\]$",
        record(tool="stylelint"),
        ends="[error]",
    ),
    Rule(
        r"^(?P<file>\S+?): line (?P<line>\d+), col (?P<col>\d+), Error - (?P<msg>.+?)(?: \((?P<code>[\w@/-]+)\))?$",
        record(),
        has=(", Error - ",),
    ),
    # ESLint's `unix` formatter (built in before ESLint 9): "src/app.js:3:15: Missing semicolon. [Error/semi]"
    # (a parse error has no rule: `[Error]`); a `[Warning/...]` row fails nothing.
    Rule(
        r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \[Error(?:/(?P<code>[\w@/-]+))?\]$",
        record(),
        has=(" [Error",),
    ),
    # The message ends in a non-space: a lazy message before `\s{2,}` rescanned a run of spaces from
    # each of its positions (quadratic on a long run). A row carries on its file's heading, and its words
    # (`error`, `warning`) are in nearly every log: they do not open the table, the heading and the
    # `✖ N problems` summary under the rows do (a log with neither shows no stylish report). textlint, whose default
    # formatter is this one, marks a row its --fix can fix with `✓ ` before the level (`  3:57  ✓ error  Incorrect
    # term: ...  terminology`).
    Rule(
        r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?:\u2713 )?(?P<level>error|warning|\u2716|\u26a0)\s+(?P<msg>.*?\S)"
        r"(?:\s{2,}(?P<code>@?[\w/-]+))?\s*$",
        _eslint_row,
        has=("error", "warning", _CROSS, _WARN),
        when=_Eslint.in_file,
        continues=True,
    ),
    # jshint-stylish (JSHint's most used reporter, also under gulp-jshint and grunt-contrib-jshint) under the
    # file's heading: "  line 3  col 15  Missing semicolon." (`(W033)` last with --verbose).
    Rule(
        r"^  line (?P<line>\d+)\s+col (?P<col>\d+)\s+(?P<msg>.*?\S)(?:\s+\((?P<code>[EWI]\d{3})\))?\s*$",
        _jshint_stylish,
        starts="  line ",
        when=_Eslint.in_file,
        continues=True,
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


BULLET_WITHIN = 40  # lines after a failing test's bullet that may hold its error and location


@state
class _JsTests:
    found: Findings = field(default_factory=lambda: Findings(tool="jest"))
    suite: str | None = None  # the test file of the last `FAIL path` line
    bullet: tuple[int, str] | None = None  # (line, name) of the failing test whose error may follow
    failed: tuple[int, str] | None = None  # (line, id) of the last bullet's test, kept past its location
    cause: str | None = None  # that test's id after its `Cause:` heading, until the cause's line is read
    loading: str | None = None  # a vitest suite that failed to load (`FAIL  FILE [ FILE ]`), until the next one
    thrown: tuple[int, str] | None = None  # (line, `FILE:LINE`) of Node's header over an error under a bullet

    def near_loading(self, no: int) -> bool:
        return self.loading is not None and self.near_bullet(no)

    def near_bullet(self, no: int) -> bool:
        return self.bullet is not None and no - self.bullet[0] <= BULLET_WITHIN

    def near_failed(self, no: int) -> bool:
        return self.failed is not None and no - self.failed[0] <= BULLET_WITHIN


def _jest_fail(st: _JsTests, no: int, m: re.Match[str]) -> None:
    st.suite = m.group(1)
    verdict(9.0)(st, no, m)


def _vitest_fail(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """`FAIL  FILE > SUITE > TEST`: its error and its `❯ FILE:L:C` places follow (as under a jest bullet)."""
    st.found.tool = "vitest"
    test_id = f"{m.group(1)} > {m.group(2)}"
    st.found.test(no, test_id, file=m.group(1))
    st.suite, st.bullet, st.loading = None, (no, test_id), None


def _vitest_suite(st: _JsTests, no: int, m: re.Match[str]) -> bool:
    """`FAIL  FILE [ FILE ]` under `Failed Suites`: the file failed before its tests ran (an import
    that does not resolve, an error at its top level); the file stands for its tests."""
    if m.group(1) != m.group(2):
        return False
    st.found.tool = "vitest"
    st.found.test(no, m.group(1), file=m.group(1))
    st.suite, st.bullet, st.loading = None, (no, m.group(1)), m.group(1)
    return True


def _loading_said(st: _JsTests, no: int, more: str) -> None:
    """Joins to the message of the suite that failed to load what its report says next about the error."""
    for i, test in enumerate(st.found.tests):
        if test.id == st.loading and test.message and more not in test.message:
            st.found.tests[i] = test.model_copy(update={"message": clip(f"{test.message} {more}")})
    st.found.mark(no, 7.0)


def _loading_message(st: _JsTests) -> str | None:
    """The message of the suite that failed to load, as its report said it so far."""
    return next((t.message for t in st.found.tests if t.id == st.loading), None)


def _transform_error(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """esbuild's error under a suite that failed to load (`Error: Transform failed with 1 error:`, then
    `/abs/src/cart.ts:2:44: ERROR: Unexpected ";"`): the second line belongs to the error's message, and says
    which file did not transform (one under node_modules is the runner's configuration, not the project's code)."""
    _loading_said(st, no, m.string.strip())


# What Vite 8's Oxc transform says under `Transform failed with 1 error:` (Vitest 4): its error's kind in brackets
# (`[PARSE_ERROR] Expected a semicolon ...`), then its frame's place (`    ╭─[ test/cart.test.ts:10:5 ]`).
OXC_PARSE_ERROR = "[PARSE_ERROR] "


def _oxc_error(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """Oxc's error under a suite whose transform failed (`[PARSE_ERROR] Expected a semicolon ...` two lines below
    `Error: Transform failed with 1 error:`): the error's own words, joined to its message as esbuild's are."""
    if "Transform failed with " in (_loading_message(st) or ""):
        _loading_said(st, no, m.string.strip())


def _oxc_place(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """The place of Oxc's parse error, from the project's root, in its frame's head (`╭─[ test/cart.test.ts:10:5 ]`):
    the code's syntax, a record at its place (as Vite 6-7's `At file:`, `_parse_failure_place`)."""
    said = _loading_message(st) or ""
    if OXC_PARSE_ERROR in said:
        message = said[said.index(OXC_PARSE_ERROR) + len(OXC_PARSE_ERROR) :]
        st.found.error(no, message, file=m["file"], at=int(m["line"]), column=int(m["col"]), code="SyntaxError")


def _parser_frame(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """Rollup's parser at the top of the stack of a suite that failed to load (Vite 5's SSR transform parses
    each module the tests import with Rollup's `parseAst`; Vitest 1-2 print its error bare, `Error: Expression
    expected`): the frame says the error is a parse failure of a module the tests load, as Vite 6 and later say
    in the message itself (`RollupError: Parse failure: Expression expected`)."""
    said = _loading_message(st) or ""
    if "Parse failure: " not in said and "(at " not in said:  # the top frame only
        _loading_said(st, no, f"(at {m.string.strip().removeprefix('❯ ')})")


def _parse_failure_place(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """Vite 6-7's place of that parse failure, from the project's root (`At file: /src/cart.js:2:44`): the
    code's syntax, a record at its place (as Babel's under Jest, `_parse_error`)."""
    said = (_loading_message(st) or "Parse failure").removeprefix("RollupError: ")
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, said, file=m["file"], at=at, column=column, code="SyntaxError")


# jest-validate's reports on Jest's own configuration (`● Validation Error:`, `● Validation Warning:`,
# `● Deprecation Warning:`) wear the failing test's bullet but name no test: the runner's
# configuration, read before any test ran (triage's runner-config pattern reads the error).
# JEST_VALIDATION_ERROR is a pattern piece: triage.patterns' runner config reads `● Validation Error:` as the runner's.
JEST_VALIDATION_ERROR = "Validation Error"
_JEST_VALIDATE = ("Console", JEST_VALIDATION_ERROR, "Validation Warning", "Deprecation Warning")


def _jest_bullet(st: _JsTests, no: int, m: re.Match[str]) -> bool:
    if m.group(1).startswith(_JEST_VALIDATE):
        return False
    name = m.group(1).strip()
    test_id = f"{st.suite} › {name}" if st.suite else name
    st.found.test(no, test_id, file=st.suite)
    st.bullet, st.failed, st.cause, st.loading = (no, name), (no, test_id), None, None
    return True


def _jest_cause(st: _JsTests, no: int, _m: re.Match[str]) -> None:
    """Jest (29.4 and later) prints an error's `cause` under its stack: `Cause:`, then the cause's message."""
    assert st.failed is not None
    st.cause = st.failed[1]
    st.found.mark(no, 7.0)


def _jest_cause_line(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """The cause's first line joins its test's message: `TypeError: fetch failed` says what failed, the
    cause (`connect ECONNREFUSED 127.0.0.1:5432`) what the test met."""
    for i, test in enumerate(st.found.tests):
        if test.id == st.cause:
            said = f"{test.message} (cause: {m.group(1)})" if test.message else m.group(1)
            st.found.tests[i] = test.model_copy(update={"message": clip(said)})
    st.found.mark(no, 7.0)
    st.cause = None


def _jest_summary(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """`Tests: 1 failed, 2 passed, 3 total` (vitest: `Test Files  1 failed | ...`) counts failing
    tests; `Test Suites:` and `Snapshots:` lines with a failure are only failure evidence."""
    if m.group(1) in ("Tests", "Test Files"):
        failures_counted(st.found, no, int(m.group(2)), 9.0)
    elif int(m.group(2)):
        verdict(9.0)(st, no, m)
    else:
        st.found.seen = True


def _js_error(st: _JsTests, no: int, m: re.Match[str]) -> None:
    assert st.bullet is not None
    st.found.mark(no, 8.0)
    first, name = st.bullet
    said = m.string.strip().removeprefix(": ")  # jest-jasmine2's error with no name: its message alone
    if said.startswith("SyntaxError: ") and st.thrown and no - st.thrown[0] <= THROWN_WITHIN:
        said = f"{said} ({st.thrown[1]})"  # V8's own parse error names its file only in the header above it
    st.found.test(first, f"{st.suite} › {name}" if st.suite else name, message=said)


THROWN_WITHIN = 6  # lines from Node's `FILE:LINE` header to its error (the source line and the caret between)


def _thrown_at(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """Node's header over an error it raised compiling a file Jest loads untransformed (`/abs/node_modules/
    lodash-es/lodash.js:10`, then the source line, the caret and `SyntaxError: Unexpected token 'export'`)."""
    st.thrown = (no, m.group(1))


def _js_at(st: _JsTests, no: int, m: re.Match[str]) -> bool:
    if "node_modules" in m.string:
        return False
    assert st.bullet is not None
    st.found.mark(no, 7.0)
    at, column = int(m.group(2)), int(m.group(3))
    st.found.error(no, st.bullet[1], file=m.group(1), at=at, column=column, code="test", weight=7.0)
    st.bullet = None
    return True


def _waited(st: _JsTests, _no: int, m: re.Match[str]) -> None:
    """A frame of @testing-library/dom's waitFor under a failing test's report (`findBy*` and `waitFor` reject with
    the callback's last error, `Unable to find an element ...` or an `expect` that never held, or `Timed out in
    waitFor.`): the test gave up waiting for a condition at the wait's own time limit (meaning.wait_limit), which
    its message says by the frame's place (`(at node_modules/@testing-library/dom/dist/wait-for.js:163:27)`)."""
    assert st.failed is not None
    place = f"at {m.group(1)}"
    for i, test in enumerate(st.found.tests):
        if test.id == st.failed[1] and "wait-for.js:" not in (test.message or ""):
            said = f"{clip(test.message, MAX_MESSAGE - len(place) - 3)} ({place})" if test.message else place
            st.found.tests[i] = test.model_copy(update={"message": said})


def _parse_error(st: _JsTests, no: int, m: re.Match[str]) -> bool:
    """Babel's report, under Jest's `Test suite failed to run`, that a file of the project does not parse
    (`SyntaxError: /abs/src/cart.js: Unexpected token (2:44)`): the code's syntax, as Node's own SyntaxError
    is when a file is loaded, so a record at its place. A file under node_modules is Jest's configuration
    (what it transforms), not the code's: read as the test's message only."""
    if "/node_modules/" in m["file"] or "\\node_modules\\" in m["file"]:
        return False
    _js_error(st, no, m)
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, f"SyntaxError: {m['msg']}", file=m["file"], at=at, column=column, code="SyntaxError")
    return True


def _nothing_to_run(st: _JsTests, no: int, m: re.Match[str]) -> None:
    """Jest's `No tests found, exiting with code 1`, vitest's `No test files found, exiting with code 1`: the
    runner's configuration (its testMatch / include patterns, roots, the paths it was given) selects no test
    file, so no test ran and none failed: a configuration failure, the runner's, not a failing test."""
    tool = "vitest" if m["files"] else "jest"
    st.found.error(no, m.string.strip(), code="no-tests", category=Category.CONFIG, tool=tool, weight=9.0)


_JS_TEST_RULES = LineRules[_JsTests](
    Rule(r"^No test(?:s|(?P<files> files)) found, exiting with code [1-9]\d*$", _nothing_to_run, starts="No test"),
    Rule(r"^\s*FAIL\s+(\S+\.(?:[cm]?[jt]sx?))(?: \([\d.]+ ?m?s\))?$", _jest_fail, has=("FAIL",)),
    # vitest's places under a failed test: ` ❯ test/cart.test.js:6:49`, ` ❯ discount src/cart.js:6:23`
    Rule(
        r"^\s*❯ (?:\S+ )?((?:\.\.?/|[\w@-]+/)?[^\s():]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)$",
        _js_at,
        has=("❯ ",),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    # ts-jest's `● Test suite failed to run` over the TypeScript diagnostics that kept the file from compiling;
    # Node's file errors without an error class (`ENOENT: no such file or directory, open '...'`) and the
    # resolver's `Cannot find module '../config/keys.json' from 'test/keys.test.js'`
    Rule(
        r"^\s*(?:(?:\S+:\d+:\d+ - )?error TS\d{4}: .+|E[A-Z]{3,12}: [a-z].*|Cannot find module '[^']+' from '[^']+')$",
        _js_error,
        has=("error TS", ": ", "Cannot find module"),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    Rule(
        r"^\s+((?:/|[A-Za-z]:\\)\S+\.[cm]?[jt]sx?:\d+)$",
        _thrown_at,
        has=(".js:", ".cjs:", ".mjs:", ".ts:", ".jsx:", ".tsx:"),
        when=_JsTests.near_bullet,
    ),
    Rule(
        r"^\s*SyntaxError: (?P<file>(?:/|[A-Za-z]:\\)[^:]+\.(?:[cm]?[jt]sx?|vue)): "
        r"(?P<msg>.+) \((?P<line>\d+):(?P<col>\d+)\)$",
        _parse_error,
        has=("SyntaxError: ",),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    Rule(r"^\s*(?:FAIL|×)\s+(\S+\.(?:[cm]?[jt]sx?)) (?:>|›) (.+)$", _vitest_fail, has=("FAIL",)),
    Rule(r"^\s*FAIL\s+(\S+\.(?:[cm]?[jt]sx?)) \[ (\S+) \]$", _vitest_suite, has=("FAIL",)),
    Rule(
        r"^(?:/|[A-Za-z]:\\)[^:\n]+\.(?:[cm]?[jt]sx?|vue|svelte):\d+:\d+: ERROR: .+$",
        _transform_error,
        has=(": ERROR: ",),
        when=_JsTests.near_loading,
        continues=True,
    ),
    Rule(r"^\[[A-Z][A-Z_]{2,40}\] \S.*$", _oxc_error, starts="[", when=_JsTests.near_loading, continues=True),
    Rule(
        r"^\s{0,8}╭─\[ (?P<file>[^\s:]+\.(?:[cm]?[jt]sx?|vue|svelte)):(?P<line>\d+):(?P<col>\d+) \]$",
        _oxc_place,
        has=("╭─[ ",),
        when=_JsTests.near_loading,
    ),
    Rule(
        r"^\s*❯ (?:getRollupError|convertProgram|parseAst(?:Async)?) \S*\brollup/dist/\S+:\d+:\d+$",
        _parser_frame,
        has=("❯ ",),
        when=_JsTests.near_loading,
        continues=True,
    ),
    Rule(
        r"^At file: /?(?P<file>[^:\s]+\.(?:[cm]?[jt]sx?|vue|svelte)):(?P<line>\d+):(?P<col>\d+)$",
        _parse_failure_place,
        starts="At file: ",
        when=_JsTests.near_loading,
    ),
    Rule(r"^\s*● (.+)$", _jest_bullet, has=("●",)),
    Rule(r"^\s+Cause:$", _jest_cause, ends="Cause:", when=_JsTests.near_failed),
    Rule(r"^\s+(\S.*)$", _jest_cause_line, when=lambda st, _no: st.cause is not None),
    Rule(r"^\s*[✕×✗] (.+?)(?: \(\d+ ?m?s\))?$", evidence(7.0), has=("✕", "×", "✗")),
    Rule(
        r"^(Tests|Test Suites|Test Files|Snapshots):\s+(?:(\d+) failed)",
        _jest_summary,
        has=("Tests:", "Test Suites:", "Test Files:", "Snapshots:"),
        stripped=True,
    ),
    # A Node system error jest prints by its message alone, `<syscall> <CODE> <detail>` (`connect ECONNREFUSED
    # 127.0.0.1:5432`, `getaddrinfo ENOTFOUND db`): what the test met, where no `Error:` line follows.
    Rule(
        r"^\s+(?:connect|getaddrinfo|read|write|open|spawn|listen|mkdir) E[A-Z]{3,}\b.*$",
        _js_error,
        has=(" E",),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    # jest-circus's report of a test that threw no Error (`thrown: "Exceeded timeout of 5000 ms for a test.`, its own
    # limit among them), jest-jasmine2's (Jest 26 and before) of an error with no name, its own limit's (`: Timeout -
    # Async callback was not invoked within the 5000 ms timeout specified by jest.setTimeout.`), and of a suite whose
    # worker process a signal ended (`A jest worker process (pid=N) was terminated by another process: signal=SIGKILL`:
    # the OOM killer, or a kill from outside), and testing-library's waitFor whose callback never threw (`Timed out in
    # waitFor.`: an error printed by its message alone)
    Rule(
        r"^\s*(?:thrown: .+|: \S.+|A jest worker process \(pid=\d+\) was terminated by .+|Timed out in waitFor\.)$",
        _js_error,
        has=("thrown: ", ": ", "A jest worker process", "Timed out in waitFor."),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    # (an error with no message printed by its name alone, `AggregateError:`: Node's when each address of a name
    # refused the connection, as axios 0.27 passes it on; the test's report then says nothing of what it met)
    Rule(
        r"^\s*((?:\w+)?(?:Error|AssertionError)(?: \[\w+\])?): (.+)$|^\s*(expect\(.+\)\.\w+\(.*\))|"
        r"^\s*\w*Error(?: \[\w+\])?:$",
        _js_error,
        has=("Error", "expect("),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    # testing-library's wait under the failing test's error (its frames come below the test's own: `_waited`)
    Rule(
        r"^\s*at .*?\(?(\S*[/\\]@testing-library[/\\]dom[/\\]dist[/\\]wait-for\.js:\d+:\d+)\)?$",
        _waited,
        has=("wait-for.js:",),
        when=_JsTests.near_failed,
        continues=True,
    ),
    Rule(
        r"^\s*at .*?\(?((?:/|\.\.?[/\\]|[A-Za-z]:\\|[\w@-]+[/\\])[^():]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)\)?$",
        _js_at,
        has=("at ",),
        when=_JsTests.near_bullet,
        continues=True,
    ),
    continued=True,  # a cause's line is read only after its `Cause:` heading
)


TSC = Parser(tool="tsc", category=Category.TYPE, parse=scan_with(_TSC, plain("tsc")))
ESLINT = Parser(tool="eslint", category=Category.LINT, parse=scan_with(_ESLINT, lambda view: _Eslint(view)))
JS_TESTS = Parser(tool="jest", category=Category.TEST, parse=scan_with(_JS_TEST_RULES, lambda _view: _JsTests()))


# svelte-check (3 and 4): after `Loading svelte-check in workspace: DIR`, each finding's place alone on its
# line (`/abs/src/App.svelte:2:7`), then `Error: MESSAGE (ts)` (its source: ts, js, svelte, css) and the
# source around it; `Warning: ...` fails nothing (without --fail-on-warnings). `svelte-check found 1 error
# and 0 warnings in 1 file`. Its `--output machine` form: `TIME ERROR "src/App.svelte" 2:7 "MESSAGE"`.
_SVELTE_PLACE = Regex(r"^(?P<file>\S+\.(?:svelte|[cm]?[jt]sx?)):(?P<line>\d+):(?P<col>\d+)$")
_SVELTE_KIND = {"ts": Category.TYPE, "js": Category.TYPE, "svelte": Category.BUILD, "css": Category.LINT}


def _svelte_finding(st: Found, no: int, m: re.Match[str]) -> bool:
    above = st.view.get(no - 1)
    place = _SVELTE_PLACE.match(above.text) if above is not None else None
    if place is None:
        return False
    if m["level"] == "Warning":
        st.found.mark(no, 3.0)
        return True
    source = m["src"] or "ts"
    at, column = int(place["line"]), int(place["col"])
    kind = _SVELTE_KIND.get(source, Category.UNKNOWN)
    st.found.error(no, m["msg"], file=place["file"], at=at, column=column, code=source, category=kind)
    return True


def _svelte_machine(st: Found, no: int, m: re.Match[str]) -> None:
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=m["file"], at=at, column=column, category=Category.TYPE)


_SVELTE = LineRules[Found](
    Rule(
        r"^(?P<level>Error|Warning): (?P<msg>.+?)(?: \((?P<src>ts|js|svelte|css)\))?$",
        _svelte_finding,
        starts=("Error: ", "Warning: "),
        when=lambda st, _no: st.found.seen,
        continues=True,
    ),
    Rule(r"^Loading svelte-check in workspace: ", seen, starts="Loading svelte-check "),
    Rule(r"^svelte-check found (?P<failed>\d+) errors? and \d+ warnings?", summary(9.0), starts="svelte-check found "),
    Rule(
        r'^\d+ ERROR "(?P<file>[^"]+)" (?P<line>\d+):(?P<col>\d+) "(?P<msg>.*)"$',
        _svelte_machine,
        has=(' ERROR "',),
    ),
)

SVELTE_CHECK = Parser(tool="svelte-check", category=Category.TYPE, parse=scan_with(_SVELTE, plain("svelte-check")))
