"""ESLint's other built-in formatters (`eslint -f NAME`), those a CI picks for a readable or an IDE-like
report, as ESLint 2 to 8 print them (ESLint 8 moved `codeframe` and `table` out of its core, ESLint 9
`visualstudio`; the packages that took them over print the same): stylish, compact and unix are read
by the ESLint parser (parsers/javascript.py).

- codeframe: `error: MESSAGE (RULE) at FILE:LINE:COL:`, the source around it, then
  `N errors and M warnings found.`; a parse error names no rule.
- visualstudio: `FILE(LINE,COL): error RULE : MESSAGE` (a space before the colon, unlike tsc's and the
  .NET compilers' `error TS2322:`), then `N problems`.
- table: the file alone on its line, then `║ LINE │ COL │ error │ MESSAGE │ RULE ║` rows under a header
  row; a long message wraps onto rows with empty cells, which add nothing.
- tap: `not ok N - FILE` per file with problems, then a YAML block (`---` to `...`): the first problem's
  `message:` (quoted, or folded over the lines below `>-`), `severity:`, `data:` with `line:`, `column:`,
  `ruleId:` (`''` for a parse error), the others under `messages:` as `- message:` items of the same
  shape. A file is no test: these are lint records (tap.py leaves such a block alone). stylelint's `--formatter
  tap` (17, real sample) prints the same `not ok N - FILE` and YAML block, its problems grouped under each rule's
  key (`  property-no-unknown:`), each a `- message: "TEXT (RULE)"` item with `severity:`, `line:`, `column:`
  (then `endLine:`, `endColumn:`): stylelint's records, made at `column:`.
- create-react-app's (react-dev-utils' formatter, `react-scripts build`): `Failed to compile.`, the file
  (`./src/index.js`), then `  Line 4:16:  MESSAGE  RULE` rows (CRA 2: `  Line 4:  ...`, no column). With
  `CI=true` CRA fails on warnings too ("Treating warnings as errors"): every row under `Failed to compile.`
  is a failure; under `Compiled with warnings.` none is.
- json and json-with-metadata: the whole report on one line, an array of file objects (`{"results":[...]`, then
  `"metadata"`, in the second): `"filePath"` (absolute), then its `"messages"`, each `{"ruleId":...,"severity":2,
  "message":...,"line":..,"column":..` (`"fatal":true` before the severity of a parse error, whose rule is `null`),
  then `"suppressedMessages"` (an `eslint-disable`d problem, no failure), the counts, and the file's `"source"`.

A `warning` fails nothing (it is only shown); ESLint exits 1 on an error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import after_errors, summary
from remediate.facts.parsers.jsonreport import CUT, json_text, whole_line
from remediate.facts.view import View
from remediate.models import Category

_JS_EXTENSIONS = tuple(f".{kind}{lang}s{x}" for kind in ("", "c", "m") for lang in "jt" for x in ("", "x"))
_HEADING_EXTENSIONS = (*_JS_EXTENSIONS, ".vue", ".svelte", ".json", ".md", ".es6", ".html")


@dataclass
class _TapProblem:
    """One problem of ESLint's tap formatter, its fields as they come (the record is made at `ruleId:`)."""

    file: str
    message: str = ""
    folded: bool = False  # the message's lines follow (`message: >-`)
    severity: str = ""
    line: int | None = None
    column: int | None = None
    rule: str = ""  # stylelint's: the rule key its problems are grouped under (ESLint's name theirs in `ruleId:`)


# ESLint's own keys in a tap block that hold its fields, not a stylelint rule's problems
_ESLINT_TAP_KEYS = frozenset({"data", "messages"})
_STYLESHEETS = (".css", ".scss", ".sass", ".less", ".pcss", ".sss", ".styl")


@state
class _Formats:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="eslint"))
    file: str | None = None  # the table formatter's file heading
    cra: bool = False  # create-react-app's `Failed to compile.` came last (its rows below fail the build)
    tap: _TapProblem | None = None  # the tap formatter's problem being read, in its file's YAML block


def _finding(st: _Formats, no: int, m: re.Match[str], file: str | None) -> None:
    if m["level"] == "warning":
        st.found.mark(no, 3.0)
        return
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=file, at=at, column=column, code=m["code"] or None)


def _located(st: _Formats, no: int, m: re.Match[str]) -> None:
    """A codeframe or visualstudio finding: the line says its file."""
    _finding(st, no, m, m["file"])


def _heading(st: _Formats, _no: int, m: re.Match[str]) -> None:
    st.file = m.string


def _table_row(st: _Formats, no: int, m: re.Match[str]) -> bool:
    if st.file is None:
        return False
    _finding(st, no, m, st.file)
    return True


_COLUMNS = Regex(r"\s{2,}")


def _cra_verdict(st: _Formats, no: int, m: re.Match[str]) -> None:
    st.cra, st.file = m.string == "Failed to compile.", None
    st.found.mark(no, 6.0)


def _cra_file(st: _Formats, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _cra_row(st: _Formats, no: int, m: re.Match[str]) -> bool:
    if not st.cra or st.file is None:
        return False
    columns = _COLUMNS.split(m["rest"].strip())
    rule = columns[-1] if len(columns) > 1 else None
    message = " ".join(columns[:-1]) if rule else columns[0]
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, message, file=st.file, at=int(m["line"]), column=column, code=rule)
    return True


def _tap_file(st: _Formats, _no: int, m: re.Match[str]) -> None:
    st.tap = _TapProblem(m["file"])


def _in_tap(st: _Formats, _no: int) -> bool:
    return st.tap is not None


def _yaml_scalar(value: str) -> str:
    """A one-line YAML scalar as js-yaml writes it: plain, single-quoted (`''` is a quote) or double-quoted."""
    if len(value) > 1 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) > 1 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value


def _tap_message(st: _Formats, _no: int, m: re.Match[str]) -> None:
    assert st.tap is not None
    value = m["value"].strip()
    st.tap = _TapProblem(st.tap.file, folded=value in (">-", ">", "|-", "|"), rule=st.tap.rule)
    st.tap.message = "" if st.tap.folded else _yaml_scalar(value)


def _tap_field(st: _Formats, no: int, m: re.Match[str]) -> None:
    assert st.tap is not None
    st.tap.folded = False
    key, value = m["key"], m["value"].strip()
    if key == "severity":
        st.tap.severity = value
    elif key in ("line", "column") and value.isdigit():
        setattr(st.tap, key, int(value))
    if key == "column" and st.tap.rule:
        _stylelint_problem(st, no, st.tap)


def _stylelint_rule(st: _Formats, _no: int, m: re.Match[str]) -> bool:
    """stylelint's rule key, whose problems follow as `- message:` items."""
    assert st.tap is not None
    if m["rule"] in _ESLINT_TAP_KEYS:
        return False
    st.tap = _TapProblem(st.tap.file, rule=m["rule"])
    return True


def _stylelint_problem(st: _Formats, no: int, problem: _TapProblem) -> None:
    """One of stylelint's problems, its `column:` read last: an error is a record, a warning fails nothing."""
    if problem.severity == "error" and problem.message:
        at, column = problem.line, problem.column
        st.found.error(
            no, problem.message, file=problem.file, at=at, column=column, code=problem.rule, tool="stylelint"
        )
    else:
        st.found.mark(no, 3.0)
    st.tap = _TapProblem(problem.file, rule=problem.rule)


def _tap_folded(st: _Formats, _no: int, m: re.Match[str]) -> bool:
    if st.tap is None or not st.tap.folded:
        return False
    st.tap.message = f"{st.tap.message} {m.string.strip()}".strip()
    return True


def _tap_rule(st: _Formats, no: int, m: re.Match[str]) -> None:
    assert st.tap is not None
    problem, rule = st.tap, _yaml_scalar(m["value"].strip())
    if problem.severity == "error" and problem.message:
        code = rule if rule and rule != "null" else None
        st.found.error(no, problem.message, file=problem.file, at=problem.line, column=problem.column, code=code)
    else:
        st.found.mark(no, 3.0)
    st.tap = _TapProblem(problem.file)


def _tap_end(st: _Formats, _no: int, _m: re.Match[str]) -> None:
    st.tap = None


# What the json formatter's line holds, in order: a file, where its suppressed problems start, a problem; and where
# the reader cut a line too long to keep whole (the problems after it are of a file whose path was cut).
_JSON_PART = Regex(
    rf'"filePath":(?P<file>{JSON_STRING})|"suppressedMessages":\[(?P<suppressed>)|(?P<cut>{re.escape(CUT)})'
    rf'|\{{"ruleId":(?P<code>{JSON_STRING}|null),(?:"fatal":true,)?"severity":(?P<severity>[12]),'
    rf'"message":(?P<msg>{JSON_STRING}),"line":(?P<line>\d+),"column":(?P<col>\d+)'
)


def _json_report(st: _Formats, no: int, m: re.Match[str]) -> None:
    """The json formatter's report: each error of a file is a record (a warning fails nothing, as in stylish)."""
    st.found.mark(no, 3.0)
    file: str | None = None
    for part in _JSON_PART.finditer(whole_line(st.view, no, m.string)):
        if part["file"]:
            file = json_text(part["file"])
        elif part["suppressed"] is not None or part["cut"]:
            file = None  # what follows until the next file was disabled in the source, or is of a file unknown
        elif file is not None and part["severity"] == "2":
            code = json_text(part["code"]) if part["code"] != "null" else None
            at, column = int(part["line"]), int(part["col"])
            st.found.error(no, json_text(part["msg"]), file=file, at=at, column=column, code=code)


_RULES = LineRules[_Formats](
    Rule(r'^(?:\{"results":)?\[\{"filePath":"', _json_report, starts=('[{"filePath":"', '{"results":[{"filePath":"')),
    # codeframe. The message is lazy up to ` at `, the rest a path without spaces: one try per ` at `.
    Rule(
        r"^(?P<level>error|warning): (?P<msg>.+?)(?: \((?P<code>@?[\w/-]+)\))? at "
        r"(?P<file>\S+):(?P<line>\d+):(?P<col>\d+):$",
        _located,
        starts=("error: ", "warning: "),
        ends=":",
    ),
    Rule(r"^(?P<errors>\d+) errors? and \d+ warnings? found\.$", summary(8.0), ends=" found."),
    # visualstudio: the rule (none for a parse error: `error : Parsing error: ...`), then ` : `
    Rule(
        r"^(?P<file>\S+?)\((?P<line>\d+),(?P<col>\d+)\): "
        r"(?P<level>error|warning) (?:(?P<code>[\w@/-]+) )?: (?P<msg>.+)$",
        _located,
        has=("): error ", "): warning "),
    ),
    # table: the heading (a path alone) is read only in a view that has the table's rows
    Rule(r"^\S+$", _heading, ends=_HEADING_EXTENSIONS, continues=True),
    Rule(
        r"^║ (?P<line>\d+) +│ (?P<col>\d+) +│ (?P<level>error|warning) +│ (?P<msg>[^│]*[^│ ]) +│ (?P<code>[^│ ]*) *║$",
        _table_row,
        starts="║ ",
    ),
    # (not `Compiled ` alone: a tool's version banner in 133 of the 248 dev logs, `Compiled with gcc ...`)
    Rule(
        r"^(?:Failed to compile|Compiled with warnings|Compiled successfully!?)\.?$",
        _cra_verdict,
        starts=("Failed to compile", "Compiled with warnings", "Compiled successfully"),
    ),
    Rule(r"^\./(?P<file>\S+)$", _cra_file, starts="./", when=lambda st, _no: st.cra, continues=True),
    Rule(r"^  Line (?P<line>\d+)(?::(?P<col>\d+))?:  (?P<rest>\S.*)$", _cra_row, starts="  Line ", continues=True),
    Rule(r"^║ (?P<errors>\d+) Errors? +║$", summary(8.0), starts="║ ", when=after_errors),
    # tap: a file's YAML block (its keys read only inside one)
    Rule(r"^not ok \d+ - (?P<file>\S+)$", _tap_file, starts="not ok ", ends=(*_HEADING_EXTENSIONS, *_STYLESHEETS)),
    Rule(r"^  (?P<rule>[@\w][\w/-]*):$", _stylelint_rule, ends=":", when=_in_tap, continues=True),
    Rule(r"^\s+(?:- )?message: (?P<value>.*)$", _tap_message, has=("message: ",), when=_in_tap, continues=True),
    Rule(r"^\s+(?P<key>severity|line|column): (?P<value>.*)$", _tap_field, has=(": ",), when=_in_tap, continues=True),
    Rule(r"^\s+ruleId: (?P<value>.*)$", _tap_rule, has=("ruleId: ",), when=_in_tap, continues=True),
    Rule(r"^\s+\.\.\.$", _tap_end, ends="...", when=_in_tap, continues=True),
    Rule(r"^\s+\S", _tap_folded, when=_in_tap, continues=True),
    continued=True,  # the folded message's lines wait on a tap block, which `not ok N - FILE` opens
)

PARSER = Parser(tool="eslint-formats", category=Category.LINT, parse=scan_with(_RULES, lambda view: _Formats(view)))
