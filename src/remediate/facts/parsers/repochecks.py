"""Checks CI runs over a repository's own files and package rather than its code.

- publint (0.3; `npx publint`): what a package would publish, read from package.json (`Running publint v0.3.25
  for NAME...`, then `Errors:`, `Warnings:` and `Suggestions:` each over numbered rows: `1. pkg.main is
  ./dist/index.cjs but the file does not exist.`). It exits 1 on an error row only (on a warning too with
  --strict, which prints it under `Errors:`): a record of package.json each, at the level of its heading.
- lockfile-lint (4.x-5.x): a lockfile entry resolved from a host, scheme or protocol the job does not allow
  (`detected invalid host(s) for package: left-pad@1.3.0-<sha>`, its `    expected:` / `    actual:` below,
  `✖ Error: security issues detected!` at the end): where the dependencies come from, a dependency record each.
- sort-package-json --check (1.x to 3.x): the package.json files whose keys are out of its order, one path a row,
  counted below (`2 files were not sorted.`; 1.x: `2 of 3 matched files are not sorted.`): format records.
- ls-lint (1.x and 2.x): a file or directory whose name breaks the project's naming rules (`src/utils/formatDate.ts
  failed for `.ts` rules: kebabcase`; 1.x puts log's time in front and no extension): lint records.
- dotenv-linter (wemake-services' Python tool, 0.x; not the Rust dotenv-linter, whose rows are `.env:2
  LowercaseKey: ...`): `.env:2 101 Found incorrect name: debug`, a file, its line (0: the whole file) and a
  numbered violation; lint records.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import (
    Findings,
    HasFindings,
    LineRules,
    Parser,
    Rule,
    level_of,
    plain,
    scan_with,
    state,
)
from remediate.facts.parsers.handlers import failures_counted, record, seen, verdict
from remediate.models import Category


@state
class _Publint:
    found: Findings = field(default_factory=lambda: Findings(tool="publint"))
    running: bool = False  # below its `Running publint ...` line
    level: str | None = None  # the heading (`Errors`, `Warnings`, `Suggestions`) the numbered rows are under


def _publint_running(st: _Publint, _no: int, _m: re.Match[str]) -> None:
    st.found.seen = True
    st.running, st.level = True, None


def _publint_heading(st: _Publint, no: int, m: re.Match[str]) -> None:
    st.level = m["level"]
    st.found.mark(no, 6.0)


def _publint_row(st: _Publint, no: int, m: re.Match[str]) -> None:
    assert st.level is not None
    severity = level_of(None if st.level == "Errors" else st.level.rstrip("s"))
    st.found.error(no, m["msg"], file="package.json", severity=severity)


def _publint_done(st: _Publint, _no: int, _m: re.Match[str]) -> bool:
    st.level = None
    return False


_PUBLINT = LineRules[_Publint](
    Rule(r"^Running publint v\S+ for .+\.\.\.$", _publint_running, starts="Running publint v"),
    Rule(
        r"^(?P<level>Errors|Warnings|Suggestions):$",
        _publint_heading,
        starts=("Errors:", "Warnings:", "Suggestions:"),
        when=lambda st, _no: st.running,
        continues=True,
    ),
    Rule(r"^\d{1,4}\. (?P<msg>\S.*)$", _publint_row, when=lambda st, _no: st.level is not None),
    Rule(r"", _publint_done, when=lambda st, _no: st.level is not None),
    continued=True,
)

PUBLINT = Parser(tool="publint", category=Category.LINT, parse=scan_with(_PUBLINT, lambda _view: _Publint()))

EXPECTED_LINES = 2  # lockfile-lint's `expected:` and `actual:` lines below its finding


def _below_finding(found: Findings, no: int) -> bool:
    at = found.errors[-1].log_line if found.errors else None
    return at is not None and 0 < no - at <= EXPECTED_LINES


_LOCKFILE_LINT = LineRules[HasFindings](
    Rule(
        r"^detected (?P<msg>(?P<code>invalid [\w ()]+?|resolved URL) for package(?: with a different name)?: \S+)$",
        record(),
        starts="detected ",
        has=(" for package",),
    ),
    Rule(r"^\s+(?:expected|actual): ", verdict(7.0), when=lambda st, no: _below_finding(st.found, no)),
    Rule(r"^\s*✖ Error: security issues detected!", verdict(8.0), has=("Error: security issues detected!",)),
    Rule(r"^\s*✔ No issues detected", seen, has=("✔ No issues detected",)),
    continued=True,
)

LOCKFILE_LINT = Parser(
    tool="lockfile-lint", category=Category.DEPENDENCY, parse=scan_with(_LOCKFILE_LINT, plain("lockfile-lint"))
)


@state
class _SortPackageJson:
    found: Findings = field(default_factory=lambda: Findings(tool="sort-package-json"))
    rows: list[tuple[int, str]] = field(default_factory=list)  # (line, path) of the paths listed so far


def _sort_row(st: _SortPackageJson, no: int, m: re.Match[str]) -> None:
    st.rows.append((no, m["file"]))


def _sort_verdict(st: _SortPackageJson, no: int, m: re.Match[str]) -> None:
    """Its count of the files out of order: the paths just above are those files (--check lists nothing else)."""
    failures_counted(st.found, no, int(m["count"]), 8.0)
    for line, path in st.rows:
        st.found.error(line, f"{path} is not sorted", file=path)
    st.rows = []


def _sort_rows_end(st: _SortPackageJson, _no: int, _m: re.Match[str]) -> bool:
    st.rows = []
    return False


_SORT_PACKAGE_JSON = LineRules[_SortPackageJson](
    Rule(r"^(?P<file>\S*package\.json)$", _sort_row, ends="package.json"),
    Rule(r"^Found \d+ files?\.$", seen, starts="Found ", when=lambda st, _no: bool(st.rows), continues=True),
    Rule(
        r"^(?P<count>\d+) (?:files? (?:was|were)|of \d+ matched files? (?:is|are)) not sorted\.$",
        _sort_verdict,
        ends=" not sorted.",
    ),
    Rule(r"", _sort_rows_end, when=lambda st, _no: bool(st.rows)),
    continued=True,
)

SORT_PACKAGE_JSON = Parser(
    tool="sort-package-json",
    category=Category.FORMAT,
    parse=scan_with(_SORT_PACKAGE_JSON, lambda _view: _SortPackageJson()),
)

# ls-lint 2.x: `path failed for `.ext` rules: kebabcase`; 1.x: Go log's `2024/01/02 15:04:05 ` before it, no extension
_LS_LINT = LineRules[HasFindings](
    Rule(
        r"^(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?(?P<msg>(?P<file>\S(?:.*?\S)?) failed for (?:`[^`]+` )?rules: "
        r"(?P<code>.+))$",
        record(),
        has=(" failed for `", " failed for rules: "),
    ),
)

LS_LINT = Parser(tool="ls-lint", category=Category.LINT, parse=scan_with(_LS_LINT, plain("ls-lint")))

# A dotenv file by its name (`.env`, `.env.test`, `config/prod.env`); its violations' numbers are three digits
_DOTENV_LINTER = LineRules[HasFindings](
    Rule(
        r"^(?P<file>(?:\S*/)?(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env)):(?P<line>\d+) (?P<code>\d{3}) "
        r"(?P<msg>(?:Found|Unable to) .+)$",
        record(),
        has=(" Found ", " Unable to correctly parse"),
    ),
)


def _dotenv_place(found: Findings) -> Findings:
    """Line 0 is the file as a whole (it could not be parsed): no line."""
    found.errors = [e.model_copy(update={"line": None}) if e.line == 0 else e for e in found.errors]
    return found


DOTENV_LINTER = Parser(
    tool="dotenv-linter",
    category=Category.LINT,
    parse=scan_with(_DOTENV_LINTER, plain("dotenv-linter"), lambda st, _view: _dotenv_place(st.found)),
)
