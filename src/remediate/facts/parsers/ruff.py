"""ruff check (full and concise output), ruff format --check, and flake8 / pycodestyle lines (their default form
and `--format=pylint`).

`ruff check --output-format=json-lines` prints a finding a line, its keys sorted:
`{"cell":null,"code":"F401","end_location":{...},"filename":"/abs/shop/cart.py","fix":{...}|null,
"location":{"column":8,"row":1},"message":"...","name":...`; `--output-format=json` the same objects in an indented
array, a field a line (`    "code": "F401",`), read from the object's `{` to its `}` (parsers/jsonreport.py)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted
from remediate.facts.parsers.jsonreport import indented_object, json_number, json_text
from remediate.facts.parsers.rust import ARROW_PLACE
from remediate.facts.view import View
from remediate.models import Category


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="ruff"))
    concise: list[tuple[int, re.Match[str]]] = field(default_factory=list)  # recorded once the tool is known
    ruff_style: bool = False  # `[*]` or "Found N errors." seen: concise lines are ruff's, not flake8's
    formatting: int = 0  # files the formatter would change
    pending_head: tuple[int, str, str] | None = None  # a full-output header waiting for its `-->`
    pending_unformatted: int | None = None  # `unformatted:` waiting for its `-->`
    diffed: list[tuple[int, str]] = field(default_factory=list)  # `ruff format --diff`: the files it shows
    checked: int = -2  # Biome's `Checked N files in 4ms.`, the line over its own `Found N errors.`


def _concise(st: _State, no: int, m: re.Match[str]) -> None:
    st.concise.append((no, m))
    st.ruff_style = st.ruff_style or bool(m.group(5))


def _pylint_format(st: _State, no: int, m: re.Match[str]) -> None:
    """flake8's and pycodestyle's `--format=pylint`: `shop/cart.py:6: [E225] missing whitespace around operator`
    (no column; the form CIs pick for a violations report). ruff prints no such form."""
    st.found.error(no, m.group(4), file=m.group(1), at=int(m.group(2)), code=m.group(3), tool="flake8")
    st.found.tool = "flake8"


def _unformatted_at(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.pending_unformatted is not None
    st.found.error(st.pending_unformatted, "file would be reformatted", file=m.group(1), code="format")
    st.found.mark(no, 8.0)
    st.formatting += 1
    st.pending_unformatted = None


def _head_at(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.pending_head is not None
    head_line, code, message = st.pending_head
    st.found.error(head_line, message, file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=code)
    st.found.mark(no, 8.0)
    st.ruff_style = True
    st.pending_head = None


def _not_at(st: _State, _no: int, _m: re.Match[str]) -> bool:
    st.pending_head = None  # a header's `-->` comes on the next line or not at all
    return False


def _found(st: _State, no: int, m: re.Match[str]) -> bool:
    """`Found 3 errors.`, or with --fix `Found 3 errors (3 fixed, 0 remaining).`: what remains counts.
    Biome words its count the same, but under its `Checked N files in ...` line: not ruff's."""
    if st.checked == no - 1:
        return False
    st.ruff_style = True
    failures_counted(st.found, no, int(m.group(3) or m.group(1)), 8.0)
    return True


def _checked(st: _State, no: int, _m: re.Match[str]) -> None:
    st.checked = no


def _fixable(st: _State, no: int, _m: re.Match[str]) -> None:
    st.ruff_style = True
    st.found.mark(no, 5.0)


def _would_reformat(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.error(no, "file would be reformatted", file=m.group(1), code="format")
    st.formatting += 1


def _diffed(st: _State, no: int, m: re.Match[str]) -> None:
    st.diffed.append((no, m.group(1)))


def _format_summary(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 9.0)
    st.formatting += int(m.group(1))


def _full_head(st: _State, no: int, m: re.Match[str]) -> bool:
    text = m.string
    if not (text[0].isupper() or "-" in text[:30]):
        return False
    st.pending_head = (no, m.group(1), m.group(2))
    return True


def _set_unformatted(st: _State, no: int, _m: re.Match[str]) -> None:
    st.pending_unformatted = no


# ruff refusing its own configuration before it checks a file (`ruff failed`, exit 2): `  Cause: Failed to parse
# /w/pyproject.toml`, then the TOML parser's place (`  Cause: TOML parse error at line 2, column 15`), a frame and
# why (`invalid type: string "long", expected i64`): a configuration record at that place
# (tests/facts/data/ruff017_config_unparsable.txt).
CONFIG_PARSE = "config-parse"


def _config_unparsed(st: _State, no: int, m: re.Match[str]) -> None:
    file = m["file"]
    st.found.error(no, f"Failed to parse {file}", file=file, code=CONFIG_PARSE, category=Category.CONFIG)


def _config_place(st: _State, _no: int, m: re.Match[str]) -> None:
    """The TOML parser's place below `Failed to parse FILE`: the record's line and column."""
    last = st.found.errors[-1]
    place = f"TOML parse error at line {m['line']}, column {m['col']}"
    update = {"line": int(m["line"]), "column": int(m["col"]), "message": f"{last.message}: {place}"}
    st.found.errors[-1] = last.model_copy(update=update)


# The finding's own place and message in a json-lines finding: the fix's edits have places too, none followed by
# the message.
_JSON_PLACE = Regex(
    rf'"location":\{{"column":(?P<col>\d+),"row":(?P<line>\d+)\}},"message":(?P<msg>{JSON_STRING}),"name":'
)


def _json_line(st: _State, no: int, m: re.Match[str]) -> None:
    if place := _JSON_PLACE.search(m.string):
        code = json_text(m["code"]) if m["code"] != "null" else None
        at, column, said = int(place["line"]), int(place["col"]), json_text(place["msg"])
        st.found.error(no, said, file=json_text(m["file"]), at=at, column=column, code=code)


def _json_object(st: _State, no: int, m: re.Match[str]) -> None:
    """A finding of the indented json report, at its code's line: its fields from its `{` to its `}`."""
    fields = indented_object(st.view, no)
    file, said = fields.get("filename"), fields.get("message")
    at, column = json_number(fields.get("location.row")), json_number(fields.get("location.column"))
    if isinstance(file, str) and at is not None and isinstance(said, str) and "noqa_row" in fields:
        code = json_text(m["code"]) if m["code"] != "null" else None
        st.found.error(no, said, file=file, at=at, column=column, code=code)


# ruff full output: "F401 [*] `os` imported but unused" then " --> path:line:col"; the concise
# form (also flake8's and pycodestyle's): "path:line:col: CODE [*] message".
_FOUND_N = tuple(f"Found {digit}" for digit in "0123456789")  # `Found ` alone starts many tools' lines
_RULES = LineRules[_State](
    Rule(
        rf'^\{{(?:"cell":(?:null|\d+),)?"code":(?P<code>"[^"]*"|null),"end_location":\{{"column":\d+,"row":\d+\}},'
        rf'"filename":(?P<file>{JSON_STRING}),"fix":',
        _json_line,
        starts=('{"cell":', '{"code":'),
    ),
    Rule(r'^ {4}"code": (?P<code>"[A-Z]+\d+"|null),$', _json_object, has=('    "code": ',)),
    # (pylama 8 leaves out the colon after the column: "path:line:col CODE message [linter]"; deptry's DEPnnn rows
    # in this form are pyreports.DEPTRY's)
    Rule(
        r"^(\S+?\.pyi?|\S+?\.ipynb):(\d+):(\d+):? (?!DEP\d{3} )([A-Z]{1,4}\d{2,4}) (\[\*\] )?(.+)$",
        _concise,
        has=(".py:", ".pyi:", ".ipynb:"),  # not `.py` alone, in nearly every Python project's log
    ),
    Rule(r"^(\S+?\.pyi?):(\d+): \[([A-Z]{1,4}\d{2,4})\] (.+)$", _pylint_format, has=(".py:",)),
    Rule(
        ARROW_PLACE,
        _unformatted_at,
        has=("-->",),
        when=lambda st, _no: st.pending_unformatted is not None,
        continues=True,
    ),
    Rule(ARROW_PLACE, _head_at, has=("-->",), when=lambda st, _no: st.pending_head is not None),
    Rule("", _not_at, when=lambda st, _no: st.pending_head is not None),
    Rule(r"^\s*Cause: Failed to parse (?P<file>\S+\.toml)$", _config_unparsed, has=("Cause: Failed to parse ",)),
    Rule(
        r"^\s*Cause: TOML parse error at line (?P<line>\d+), column (?P<col>\d+)$",
        _config_place,
        has=("Cause: TOML parse error at line ",),
        when=lambda st, _no: bool(st.found.errors) and st.found.errors[-1].code == CONFIG_PARSE,
    ),
    Rule(r"^Checked \d+ files? in ", _checked, starts="Checked ", continues=True),
    Rule(r"^Found (\d+) errors?(?: \((\d+) fixed, (\d+) remaining\))?\.$", _found, starts=_FOUND_N),
    Rule(r"^\[\*\] \d+ fixable with the `--fix` option|^\[\*\] \d+ fixable with `--fix`", _fixable, starts="[*]"),
    Rule(r"^Would reformat: (\S+)$", _would_reformat, starts="Would reformat: "),
    Rule(r"^unformatted: File would be reformatted$", _set_unformatted, starts="unformatted: "),
    # (a diff's files are records only when the formatter said it would change files: the rules above)
    Rule(r"^\+\+\+ (\S+\.(?:pyi?|ipynb))$", _diffed, starts="+++ ", continues=True),
    # black's summary goes on "..., N files would be left unchanged." (with a full stop): not ruff's.
    Rule(
        r"^(\d+) files? would be reformatted(?!.*would be left unchanged|.*\.$)",
        _format_summary,
        has=("would be reformatted",),
    ),
    Rule(r"^([A-Z]{1,4}\d{2,4}|invalid-syntax|[a-z]+(?:-[a-z]+)+)(?: \[\*\])?:? (.+)$", _full_head),
    # A full-output header alone finds nothing: its record waits on the `-->` line, which opens the table.
    continued=True,
)


def _finish(st: _State, view: View) -> Findings:
    found = st.found
    if st.concise:
        # `[*]` or ruff's "Found N errors." mark ruff; bare lines are flake8 / pycodestyle.
        tool = "ruff" if st.ruff_style or _mentions(view, "ruff") else "flake8"
        for no, m in st.concise:
            at, column = int(m.group(2)), int(m.group(3))
            found.error(no, m.group(6), file=m.group(1), at=at, column=column, code=m.group(4), tool=tool)
        if tool == "flake8":
            found.tool = "flake8"
    if st.formatting and not any(e.code == "format" for e in found.errors):
        for no, file in st.diffed:  # `--diff` names the files only in its diff headers
            found.error(no, "file would be reformatted", file=file, code="format")
    if (st.formatting and not found.errors) or (st.formatting and all(e.code == "format" for e in found.errors)):
        found.category = Category.FORMAT
    return found


def _mentions(view: View, word: str) -> bool:
    return any(word in line.text for line in view.lines[:2000])


PARSER = Parser(tool="ruff", category=Category.LINT, parse=scan_with(_RULES, lambda view: _State(view), _finish))
