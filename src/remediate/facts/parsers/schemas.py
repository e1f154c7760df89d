"""Validators a CI job runs on the project's own config files (a workflow, pyproject.toml, a config file): the JSON
Schema validators check-jsonschema, ajv-cli and validate-pyproject, and taplo, TOML's linter and formatter. A file
that does not match its schema is a config failure: the file is edited, as when a YAML or TOML file does not parse
(parsers/config.py); pre-commit's check-jsonschema hook is config for the same reason (parsers/precommit.py).

check-jsonschema prints `Schema validation errors were encountered.`, then a row per error, `  FILE::$.PATH: MESSAGE`;
an error of `anyOf`/`oneOf` (`... is not valid under any of the given schemas`, `Underlying errors caused this.`) is
followed by the one that matches best, `  Best Match:` over `    $.PATH: MESSAGE`, which says what is wrong.
ajv-cli (`ajv validate -s SCHEMA -d DATA`) prints `FILE invalid`, then its errors as a JavaScript array of objects
(`instancePath: '/name'`, `keyword: 'type'`, `message: 'must be string'`), or under `--errors=text` one line of them
(`data/name must be string, data must NOT have additional properties`); `FILE valid` when it matches.
validate-pyproject prints `Invalid file: pyproject.toml`, then `[ERROR] MESSAGE` (and the exception's traceback: it
logs it with the message), or `Valid file: FILE`.
`taplo check` prints each invalid file's diagnostics in codespan's shape (`error: conflicting keys` over
`  ┌─ /path/Cargo.toml:3:1` and the source lines), then `ERROR taplo:lint_files: invalid file error=semantic errors
found path="..."`; `taplo fmt --check` one line a file, `ERROR taplo:format_files: the file is not properly formatted
path="..."`: a format failure, the file is reformatted."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record, verdict
from remediate.models import Category

ERRORS_WITHIN = 60  # lines after ajv's `FILE invalid` in which its errors' objects come
_DATA_FILE = r"\S+\.(?:json|json5|jsonc|ya?ml|toml)"


@state
class _Validation:
    found: Findings = field(default_factory=lambda: Findings(tool="check-jsonschema"))
    errors: bool = False  # under `Schema validation errors were encountered.`
    pending: tuple[int, str, str] | None = None  # (line, file, message) whose best match may follow
    best: bool = False  # the `Best Match:` line came: the next `$.PATH: MESSAGE` row says what is wrong


def _encountered(st: _Validation, no: int, _m: re.Match[str]) -> None:
    st.errors = True
    st.found.seen = True
    st.found.mark(no, 8.0)


def _row(st: _Validation, no: int, m: re.Match[str]) -> None:
    _flush(st)
    st.pending = (no, m["file"], f"{m['path']}: {m['msg']}")


def _best(st: _Validation, no: int, m: re.Match[str]) -> None:
    if st.best and st.pending is not None:
        first, file, _said = st.pending
        st.pending = (first, file, f"{m['path']}: {m['msg']}")
        st.found.mark(no, 8.0)
    st.best = False


def _flush(st: _Validation) -> None:
    if st.pending is not None:
        no, file, said = st.pending
        st.found.error(no, said, file=file, code="schema")
    st.pending, st.best = None, False


def _finish(st: _Validation, _view: object) -> Findings:
    _flush(st)
    return st.found


_CHECK_JSONSCHEMA = LineRules[_Validation](
    Rule(r"^Schema validation errors were encountered\.$", _encountered, starts="Schema validation errors were"),
    Rule(
        r"^  (?P<file>[^\s:]+)::(?P<path>\$\S*): (?P<msg>.+)$",
        _row,
        starts="  ",
        has=("::$",),
        when=lambda st, _no: st.errors,
        continues=True,
    ),
    Rule(r"^  Best Match:$", lambda st, _no, _m: setattr(st, "best", True), starts="  Best Match:"),
    Rule(
        r"^    (?P<path>\$\S*): (?P<msg>.+)$",
        _best,
        starts="    $",
        when=lambda st, _no: st.best,
        continues=True,
    ),
    Rule(r"^ok -- validation done$", verdict(5.0), starts="ok -- validation done"),
)
CHECK_JSONSCHEMA = Parser(
    tool="check-jsonschema",
    category=Category.CONFIG,
    parse=scan_with(_CHECK_JSONSCHEMA, lambda _view: _Validation(), _finish),
)


@state
class _Ajv:
    found: Findings = field(default_factory=lambda: Findings(tool="ajv"))
    invalid: tuple[int, str] | None = None  # the `FILE invalid` line whose errors follow
    path: str = ""  # the error object's instancePath
    keyword: str | None = None


def _invalid(st: _Ajv, no: int, m: re.Match[str]) -> None:
    st.invalid, st.path, st.keyword = (no, m["file"]), "", None
    st.found.seen = True
    st.found.mark(no, 8.0)


def _object_field(st: _Ajv, no: int, m: re.Match[str]) -> None:
    """One field of an error object: its instancePath and keyword come before its message."""
    assert st.invalid is not None
    name, value = m["name"], m["value"]
    if name == "instancePath":
        st.path = value
    elif name == "keyword":
        st.keyword = value
    else:
        st.found.error(no, f"{st.path or '/'} {value}", file=st.invalid[1], code=st.keyword or "schema")
        st.path, st.keyword = "", None


def _text_errors(st: _Ajv, no: int, m: re.Match[str]) -> None:
    assert st.invalid is not None
    st.found.error(no, m.group(0), file=st.invalid[1], code="schema")
    st.invalid = None


def _within(st: _Ajv, no: int) -> bool:
    return st.invalid is not None and no - st.invalid[0] <= ERRORS_WITHIN


_AJV = LineRules[_Ajv](
    Rule(rf"^(?P<file>{_DATA_FILE}) invalid$", _invalid, ends=" invalid"),
    Rule(rf"^{_DATA_FILE} valid$", verdict(5.0), ends=" valid"),
    Rule(
        r"^\s+(?P<name>instancePath|keyword|message): (?P<q>['\"])(?P<value>.*)(?P=q),?$",
        _object_field,
        has=("instancePath: ", "keyword: ", "message: "),
        when=_within,
        continues=True,
    ),
    Rule(r"^data\S* must .+$", _text_errors, starts="data", has=(" must ",), when=_within, continues=True),
)
AJV = Parser(tool="ajv", category=Category.CONFIG, parse=scan_with(_AJV, lambda _view: _Ajv()))


@state
class _Pyproject:
    found: Findings = field(default_factory=lambda: Findings(tool="validate-pyproject"))
    invalid: tuple[int, str] | None = None  # the `Invalid file: FILE` line whose `[ERROR]` follows


def _invalid_pyproject(st: _Pyproject, no: int, m: re.Match[str]) -> None:
    st.invalid = (no, m["file"])
    st.found.seen = True
    st.found.mark(no, 8.0)


def _pyproject_error(st: _Pyproject, no: int, m: re.Match[str]) -> None:
    assert st.invalid is not None
    st.found.error(no, m["msg"], file=st.invalid[1], code="schema")
    st.invalid = None


# `[ERROR]` is Python logging's level under validate-pyproject's own format: its message only after `Invalid file:`
_VALIDATE_PYPROJECT = LineRules[_Pyproject](
    Rule(r"^Invalid file: (?P<file>\S+\.toml)$", _invalid_pyproject, starts="Invalid file: "),
    Rule(r"^Valid file: \S+\.toml$", verdict(5.0), starts="Valid file: "),
    Rule(
        r"^\[ERROR\] (?P<msg>.+)$",
        _pyproject_error,
        starts="[ERROR] ",
        when=lambda st, no: st.invalid is not None and no - st.invalid[0] <= 2,
        continues=True,
    ),
)
VALIDATE_PYPROJECT = Parser(
    tool="validate-pyproject",
    category=Category.CONFIG,
    parse=scan_with(_VALIDATE_PYPROJECT, lambda _view: _Pyproject()),
)


@state
class _Taplo:
    found: Findings = field(default_factory=lambda: Findings(tool="taplo"))
    error: tuple[int, str] | None = None  # taplo's `error: MESSAGE` line, whose place the next line's `┌─` gives
    files: set[str] = field(default_factory=set)  # the files a record names


def _taplo_error(st: _Taplo, no: int, m: re.Match[str]) -> None:
    st.error = (no, m["msg"])


def _taplo_place(st: _Taplo, no: int, m: re.Match[str]) -> None:
    assert st.error is not None
    first, said = st.error
    st.error = None
    st.files.add(m["file"])
    st.found.error(first, said, file=m["file"], at=int(m["line"]), column=int(m["col"]), code="toml")
    st.found.mark(no, 8.0)


def _taplo_invalid(st: _Taplo, no: int, m: re.Match[str]) -> None:
    """taplo's closing line for a file: its own record only when no diagnostic above named the file."""
    if m["file"] in st.files:
        st.found.mark(no, 7.0)
    else:
        st.found.error(no, f"invalid file: {m['what']}", file=m["file"], code="toml")


# taplo logs through `tracing`: the level (INFO aligned by a space), the target, then the message and its fields
_TAPLO = LineRules[_Taplo](
    Rule(r"^\s*INFO taplo:lint_files", verdict(3.0), has=("INFO taplo:lint_files",)),
    Rule(r"^error: (?P<msg>.+)$", _taplo_error, starts="error: ", when=lambda st, _no: st.found.seen, continues=True),
    Rule(
        r"^\s+┌─ (?P<file>\S+?):(?P<line>\d+):(?P<col>\d+)$",
        _taplo_place,
        has=("┌─ ",),
        when=lambda st, no: st.error is not None and no - st.error[0] == 1,
        continues=True,
    ),
    Rule(
        r'^ERROR taplo:lint_files: invalid file error=(?P<what>.+) path="(?P<file>[^"]+)"$',
        _taplo_invalid,
        starts="ERROR taplo:lint_files: invalid file",
    ),
)
TAPLO = Parser(tool="taplo", category=Category.CONFIG, parse=scan_with(_TAPLO, lambda _view: _Taplo()))

_TAPLO_FMT = LineRules[Found](
    Rule(
        r'^ERROR taplo:format_files: the file is not properly formatted path="(?P<file>[^"]+)"$',
        record("taplo-fmt", message="the file is not properly formatted"),
        starts="ERROR taplo:format_files: ",
    ),
)
TAPLO_FMT = Parser(tool="taplo-fmt", category=Category.FORMAT, parse=scan_with(_TAPLO_FMT, plain("taplo-fmt")))
