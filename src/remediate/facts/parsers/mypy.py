"""mypy and pyright (both Python type checkers), and pytype's errors, which take mypy's form with the function
they are in and the code after one space (`cart.py:2:1: error: in total: bad return type [bad-return-type]`).

mypy's `-O json` (1.11 and later) prints each error or note as a JSON line, its keys in one order:
`{"file": "shop/cart.py", "line": 6, "column": 17, "end_line": 6, "end_column": 18, "message": "...", "hint": null,
"code": "assignment", "severity": "error"}`, and no summary. pyright's `--outputjson` prints one indented document:
`"generalDiagnostics"`, each `{"file": ABS, "severity": "error", "message": ..., "range": {"start": {"line": 5,
"character": 17}, ...}, "rule": "reportAssignmentType"}` (its line and character from 0), then `"summary"`."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import JSON_STRING, Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record, seen, summary
from remediate.facts.parsers.jsonreport import indented_object, json_number, json_text
from remediate.facts.parsers.pytest import CONFIG_OPTION, PATH_MISSING
from remediate.models import Category

_WHERE = r"(?P<file>\S+?\.pyi?):(?P<line>\d+)"
WRAPPED_LINES = 4  # lines `mypy --pretty` may wrap one message over
_ERROR_CODE = Regex(r"  \[([\w-]+)\]$")
_NEXT_RECORD = Regex(r"^\S+?\.pyi?:\d+")
_ERROR = record()


def _mypy_error(st: Found, no: int, m: re.Match[str]) -> None:
    """An error line; under `--pretty`, mypy wraps a long message at the terminal's width onto
    unindented lines, the error code closing the last one (the source line below is indented)."""
    if m.group("code") is not None:
        _ERROR(st, no, m)
        return
    message, code = m.group("msg"), None
    wrapped = message
    for nxt in st.view.after(no, WRAPPED_LINES):
        text = nxt.text
        if not text or text[0].isspace() or _NEXT_RECORD.match(text):
            break
        wrapped += " " + text
        if closing := _ERROR_CODE.search(wrapped):  # without a code at the end it was no wrapping
            message, code = wrapped[: closing.start()], closing.group(1)
            for line in range(no + 1, nxt.no + 1):
                st.found.mark(line, 8.0)
            break
    column = int(m.group("col")) if m.group("col") else None
    st.found.error(no, message, file=m.group("file"), at=int(m.group("line")), column=column, code=code)


_PYTYPE = record(tool="pytype")

# mypy refusing its own configuration, which stops it before it checks a file (exit 2): its `exclude` that is no
# regular expression (`error: The exclude ([ is an invalid regular expression, because: ...`), its
# `python_executable` that does not run (`mypy: Invalid python executable '/x/python': ...`). Configuration records
# with pytest's code for an option's value (tests/facts/data/mypy241_*). Not its `mypy.ini: [mypy]: x: Not a
# boolean` lines: mypy warns, goes on and checks the files with its defaults, so they are nobody's failure.
# Their words, and those of a path mypy was given that is not there (2.x, 0.9x), are pattern pieces: triage.patterns'
# runner config reads them too. Each takes the pattern of what it names as `{pattern}` or `{file}`.
EXCLUDE_INVALID = "error: The exclude {pattern} is an invalid regular expression, because: "
INVALID_EXECUTABLE = "mypy: Invalid python executable '"
# Why mypy could not read a path it was given that is no file there: not there, a file where the path needs a
# folder (`src/shop/cart.py/pricing.py`), a symbolic link that never ends in a file; the path is wrong, as above. Not
# `Permission denied`: the file is there, and the runner's user (a container's, a cache restored by another) is what
# cannot read it, which neither the path nor the tool's configuration says (mypy241_files_entry_permission_denied.txt:
# unread).
PATH_UNREADABLE = "(?:No such file or directory|Not a directory|Too many levels of symbolic links)"
CANNOT_READ_FILE = f": error: Cannot read file: {PATH_UNREADABLE}$"
CANT_READ_FILE = f"mypy: can't read file '{{file}}': {PATH_UNREADABLE}$"


def _config_refused(st: Found, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m.group(0), code=CONFIG_OPTION, category=Category.CONFIG)


_FILE2 = "(?P<file2>[^']+)"
# mypy's count of what it found (`Found 2 errors in 1 file (checked 3 source files)`), a pattern piece: the generic
# readers of a checker's last line (checkerreports, triage.reports) read it too. It takes its numbers' patterns.
FOUND = r"Found {failed} errors? in {count} files? \(checked {count} source files?\)"


def _path_missing(st: Found, no: int, m: re.Match[str]) -> None:
    """A file or folder mypy was given that is not there, or no file (pytest.PATH_MISSING, PATH_UNREADABLE)."""
    file = m["file"] or m["file2"]
    st.found.error(no, m.group(0), file=file, code=PATH_MISSING, category=Category.CONFIG)


def _json_error(st: Found, no: int, m: re.Match[str]) -> None:
    """An `-O json` line: an error is a record, a note (said under the error it explains) only evidence."""
    if m["level"] != "error":
        st.found.mark(no, 4.0)
        return
    code = json_text(m["code"]) if m["code"] != "null" else None
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, json_text(m["msg"]), file=json_text(m["file"]), at=at, column=column, code=code)


_MYPY = LineRules[Found](
    Rule(
        rf'^\{{"file": (?P<file>{JSON_STRING}), "line": (?P<line>-?\d+), "column": (?P<col>-?\d+), '
        rf'"end_line": -?\d+, "end_column": -?\d+, "message": (?P<msg>{JSON_STRING}), "hint": (?:{JSON_STRING}|null), '
        rf'"code": (?P<code>{JSON_STRING}|null), "severity": "(?P<level>\w+)"\}}$',
        _json_error,
        starts='{"file": "',
    ),
    Rule(
        rf"^{_WHERE}:(?P<col>\d+): error: (?P<msg>in [^\s:]+: .+?) \[(?P<code>[a-z]+(?:-[a-z]+)*)\]$",
        _PYTYPE,
        has=(": error: in ",),
    ),
    Rule(
        rf"^{_WHERE}(?::(?P<col>\d+))?(?::\d+:\d+)?: error: (?P<msg>.+?)(?:  \[(?P<code>[\w-]+)\])?$",
        _mypy_error,
        has=(": error: ",),
    ),
    Rule(rf"^{_WHERE}(?::\d+)?(?::\d+:\d+)?: note: .", evidence(4.0), has=(": note: ",)),
    Rule(
        rf"^{EXCLUDE_INVALID.format(pattern='.+')}.+$|^{INVALID_EXECUTABLE}.+$",
        _config_refused,
        has=(EXCLUDE_INVALID.partition("}")[2], INVALID_EXECUTABLE),  # the pieces' words after what they name
    ),
    Rule(
        rf"^(?P<file>\S+){CANNOT_READ_FILE}|^{CANT_READ_FILE.format(file=_FILE2)}",
        _path_missing,
        has=(CANNOT_READ_FILE.removesuffix(f"{PATH_UNREADABLE}$"), CANT_READ_FILE.partition("{")[0]),
    ),
    Rule(
        "^" + FOUND.format(failed=r"(?P<failed>\d+)", count=r"\d+") + "$", summary(9.0), starts=FOUND.partition("{")[0]
    ),
    Rule(r"^Success: no issues found in \d+ source files?$", seen, starts="Success: no issues"),
)

_PYRIGHT_RULE = Regex(r"\((report\w+)\)$")
DETAIL_LINES = 6  # indented lines after a pyright error that may name its rule


def _pyright_error(st: Found, no: int, m: re.Match[str]) -> None:
    rule = m.group("code")
    if rule is None:  # the rule name often closes the next (indented) detail line instead
        for nxt in st.view.after(no, DETAIL_LINES):
            if " - error: " in nxt.text or not nxt.text.startswith((" ", "\t", "\xa0")):
                break
            st.found.mark(nxt.no, 6.0)
            if r := _PYRIGHT_RULE.search(nxt.text):
                rule = r.group(1)
                break
    column = int(m.group("col"))
    st.found.error(no, m.group("msg"), file=m.group("file"), at=int(m.group("line")), column=column, code=rule)


def _pyright_json(st: Found, no: int, m: re.Match[str]) -> None:
    """A diagnostic of `--outputjson`, at its severity's line: an error is a record at its 1-based place."""
    if m["level"] != "error":
        st.found.mark(no, 3.0 if m["level"] == "warning" else 1.0)
        return
    fields = indented_object(st.view, no)
    file, said, rule = (fields.get(k) for k in ("file", "message", "rule"))
    line, char = json_number(fields.get("range.start.line")), json_number(fields.get("range.start.character"))
    if isinstance(file, str) and isinstance(said, str) and line is not None:
        column = char + 1 if char is not None else None
        code = rule if isinstance(rule, str) else None
        st.found.error(no, said.splitlines()[0] if said else said, file=file, at=line + 1, column=column, code=code)


_PYRIGHT = LineRules[Found](
    Rule(r'^ {12}"severity": "(?P<level>error|warning|information)",$', _pyright_json, has=('"severity": "',)),
    Rule(
        rf"^\s*{_WHERE}:(?P<col>\d+) - error: (?P<msg>.+?)(?: \((?P<code>report\w+)\))?$",
        _pyright_error,
        has=(" - error: ",),
    ),
    Rule(rf"^\s*{_WHERE}:\d+ - warning: .", evidence(3.0), has=(" - warning: ",)),
    Rule(
        r"^(?P<failed>\d+) errors?, \d+ warnings?, \d+ (?:informations?|notes?)\s*$",
        summary(9.0),
        has=("warning, ", "warnings, "),
    ),
)

MYPY = Parser(tool="mypy", category=Category.TYPE, parse=scan_with(_MYPY, plain("mypy")))
PYRIGHT = Parser(tool="pyright", category=Category.TYPE, parse=scan_with(_PYRIGHT, plain("pyright")))
