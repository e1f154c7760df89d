"""Reading a JSON report a tool printed into the log, for the parsers of the tools that print one.

A one-line document (ESLint's `-f json`, ShellCheck's `-f json1`, hadolint's `-f json`) or a JSON-lines stream (mypy's
`-O json`, ruff's `json-lines`) is read by its tool's pattern over the line, its strings matched by JSON_STRING and
read by `json_text`. A line longer than the reader keeps (MAX_LINE_BYTES) loses its middle, but one that opens a
JSON document is kept whole beside it up to reader.WHOLE_LINE_BYTES (View.whole): `whole_line` is what such a reader
reads, the line's whole text where the view kept it, else its line's.

An indented document (pylint's `--output-format=json`, ruff's `json`, mocha's `--reporter json`) has one field a line:
`indented_object` reads the object a field line is in, from its `{` down to its `}`, within a bounded reach either
way. That is worth its few lines: the fields a record needs are spread over a dozen lines, in an order each tool
keeps, and nested one level deep (ruff's `"location": {"row": 4}`, mocha's `"err": {"message": ...}`)."""

from __future__ import annotations

import json

from remediate.facts.parsers.base import JSON_STRING, Regex
from remediate.facts.reader import ELLIPSIS
from remediate.facts.view import Line, View

CUT = ELLIPSIS.decode()  # where the reader cut a line too long to keep (its middle is gone)

_LONE_SURROGATE = Regex("[\ud800-\udfff]")

OBJECT_REACH = 40  # lines of one object above the field line it is read from (its `{`)
# lines of one object below its `{`: the object's fields may follow a nested one of any length (ruff's `fix` lists
# one edit an 11 lines, and a fix quoting each annotation of a module has tens of them); the read stops at its `}`,
# or at a line outdented to its `{` (no field of it is there), so most objects cost their own lines
OBJECT_SPAN = 400

# One field of an indented object on its own line: a scalar, an empty `{}` / `[]`, or the `{` / `[` opening a nested
# one.
_FIELD = Regex(
    rf'^\s*"(?P<key>[\w$-]+)": '
    rf"(?:(?P<value>{JSON_STRING}|-?\d+(?:\.\d+)?|null|true|false|\{{\}}|\[\])|(?P<opens>[{{\[])),?$"
)


def whole_line(view: View, no: int, text: str) -> str:
    """The whole text of line `no` when it is a one-line JSON report the view kept whole (View.whole), else `text`
    (the line as every reader sees it)."""
    return view.whole.get(no, text)


def json_document(text: str) -> object:
    """What a one-line JSON document says (json.loads), None when it is none: cut short, no JSON, or nested past the
    parser's depth. A log is anyone's text."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return _mended(document) if "\\u" in text else document


def json_value(literal: str) -> object:
    """What a JSON literal a pattern matched says (a string, a number, null, true, false, `{}`, `[]`); a string that is
    no valid one (a line cut inside it, an escape JSON has not such as a Windows path's `C:\\Users`, a raw control
    character) as printed, without its quotes. A log is anyone's text: a field line that looks like JSON may not be."""
    try:
        value = json.loads(literal)
    except ValueError:
        return literal[1:-1] if literal[:1] == '"' else literal
    return _mended(value)


def _mended(value: object) -> object:
    """A JSON value with each lone surrogate in its strings (values, not keys) read as U+FFFD, as the log's undecodable
    bytes read: its escape (`"\\ud800"`) is valid JSON but a character no UTF-8 holds, so the facts' JSON could not be
    written. Objects and arrays are walked without recursion (a document may nest as deep as json.loads reads)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    todo: list[object] = [value]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                node[key] = _mended_item(item, todo)
        elif isinstance(node, list):
            node[:] = [_mended_item(item, todo) for item in node]
    return value


def _mended_item(item: object, todo: list[object]) -> object:
    """A string read mended; an object or array left to walk."""
    if isinstance(item, str):
        return _LONE_SURROGATE.sub("\ufffd", item)
    if isinstance(item, dict | list):
        todo.append(item)
    return item


def json_number(value: object) -> int | None:
    """A JSON integer a report's field holds (a line, a column), else None: `true` is no line, though Python's bool is
    an int (`"startLine": true` would read as line 1)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def json_text(literal: str) -> str:
    """What a JSON string literal (a JSON_STRING match) says, its escapes read; as printed if it is no valid one."""
    value = json_value(literal)
    return value if isinstance(value, str) else str(value)


def indented_object(view: View, no: int, reach: int = OBJECT_REACH) -> dict[str, object]:
    """The fields of the indented JSON object whose field is on line `no`: its own by their key, a nested object's
    as `outer.inner` (ruff's `location.row`), an array's under `outer[]`; the first of a key wins."""
    lines, i = view.lines, view.index.get(no, 0)
    depth = _indent(lines[i].text)
    first = next((j for j in range(i, max(i - reach, -1), -1) if _opens_object(lines[j], depth)), None)
    if first is None:
        return {}
    fields: dict[str, object] = {}
    path: list[str] = []
    outer = _indent(lines[first].text)
    for line in lines[first + 1 : first + 1 + max(OBJECT_SPAN, i - first + reach)]:
        text = line.text.strip()
        if _indent(line.text) <= outer and text[:1] not in ("}", "]"):
            break  # out of the object: it was cut (a line the reader shortened, a log's own line between)
        if text[:1] in ("}", "]"):
            if not path:
                break
            path.pop()
        elif text == "{":  # an object of an array: its fields go under the array's name
            path.append("")
        elif found := _FIELD.match(line.text):
            key = ".".join([*(p for p in path if p), found["key"]])
            if found["opens"]:
                path.append(key.rsplit(".", 1)[-1] + ("[]" if found["opens"] == "[" else ""))
            else:
                fields.setdefault(key, json_value(found["value"]))
    return fields


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _opens_object(line: Line, depth: int) -> bool:
    """The `{` alone on its line, outdented from the fields below it: where an object of an array starts."""
    return line.text.strip() == "{" and _indent(line.text) < depth
