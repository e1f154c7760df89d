"""Lua: busted's terminal reports (plain and utf: `Failure -> spec/x_spec.lua @ 5`, the test's name,
then its message) and luacheck's warnings. busted's TAP output is read by the TAP parser.

LuaUnit's text output lists its failures after the run under `Failed tests:` and `Tests with
errors:` (each over a rule of dashes): `1) TestCart.testTotal`, the error with its place
(`test/test_cart.lua:6: expected: 6, actual: 5`), then a `stack traceback:` whose frame `in ...
'TestCart.testTotal'` is the test's own; the run ends `Ran 3 tests in 0.000 seconds, 1 success, 1
failure, 1 error`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import after_tests, evidence, failures_counted, record, summary
from remediate.facts.view import View
from remediate.models import Category

_WHERE = Regex(r"^(\S+?\.lua):(\d+): ")  # a Lua error's own location, in front of its message


@state
class _Busted:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="busted"))
    run: int | None = None  # the line of the last `[ RUN      ]` (gtest output handler)
    recorded: set[str] = field(default_factory=set)  # tests whose error is recorded


def _failure(st: _Busted, no: int, m: re.Match[str]) -> bool:
    """`Failure -> spec/calc_spec.lua @ 5` (or `Error →`): the test's name and message follow."""
    following = [line for line in st.view.after(no, 2)]
    if len(following) < 2 or not following[0].text.strip():
        return False
    name, message = following[0].text.strip(), following[1].text.strip()
    spec, at = m.group(2), int(m.group(3))
    st.found.test(no, name, file=spec, message=message)
    st.found.mark(following[1].no, 8.0)
    where = _WHERE.match(message)
    if where:  # the line the assertion or error names is more precise than the test's own
        file, at, message = where.group(1), int(where.group(2)), message[where.end() :]
    else:
        file = spec
    st.found.error(no, message or name, file=file, at=at, code=m.group(1).lower())
    return True


# busted's gtest output handler (`busted -o gtest`, and runners built on it such as neovim's):
# `[  FAILED  ] spec/x_spec.lua @ 5: name (0.2 ms)` after the test's message, or in the closing list
# (where some runners print the message below it). Not GoogleTest's `Suite.Name` rows.
_GTEST_ROW = r"^\[  (?P<level>FAILED|ERROR)  ? ?\] (?P<file>\S+?\.(?:lua|moon)) @ (?P<line>\d+): (?P<name>.+?)"


def _gtest_run(st: _Busted, no: int, _m: re.Match[str]) -> None:
    st.run = no


def _gtest_row(st: _Busted, no: int, m: re.Match[str]) -> None:
    """A failed or errored test: its message is the line after its RUN line (the row carries its
    time), else the line below the row in the closing list, when one is there."""
    name, spec = m["name"], m["file"]
    if m["ms"] is not None and st.run is not None:
        said, st.run = st.view.get(st.run + 1), None
    else:
        following = st.view.get(no + 1)
        said = following if following is not None and not following.text.startswith("[") else None
    message = said.text.strip() if said is not None and said.no != no else ""
    st.found.test(no, name, file=spec, message=message or None)
    if name in st.recorded or not message:
        return
    st.recorded.add(name)
    st.found.mark(said.no if said is not None else no, 8.0)
    where = _WHERE.match(message)
    file, at = (where.group(1), int(where.group(2))) if where else (spec, int(m["line"]))
    st.found.error(
        no,
        message[where.end() :] if where else message,
        file=file,
        at=at,
        code="failure" if m["level"] == "FAILED" else "error",
    )


def _gtest_count(st: _Busted, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.summary(no, int(m["n"]))
    st.found.mark(no, 9.0)


_BUSTED = LineRules[_Busted](
    Rule(r"^\[ RUN      \] \S+?\.(?:lua|moon) @ \d+: ", _gtest_run, starts="[ RUN  "),
    Rule(_GTEST_ROW + r"(?: \((?P<ms>[\d.]+) ms\))?$", _gtest_row, starts=("[  FAILED  ] ", "[  ERROR   ] ")),
    Rule(
        r"^\[  (?:FAILED  |ERROR   )\] (?P<n>\d+) (?:tests?|errors?), listed below:$",
        _gtest_count,
        starts=("[  FAILED  ] ", "[  ERROR   ] "),
        when=after_tests,
    ),
    Rule(r"^(Failure|Error) (?:->|→) (\S+?\.(?:lua|moon)) @ (\d+)$", _failure, starts=("Failure ", "Error ")),
    Rule(
        r"^\d+ successe?s? / (?P<failed>\d+) failures? / (?P<errors>\d+) errors? / \d+ pending",
        summary(9.0),
        has=(" pending",),
    ),
)


def _total(st: Found, no: int, m: re.Match[str]) -> bool:
    if m["failed"] == "0" and m["errors"] == "0":
        return False
    summary(9.0)(st, no, m)
    return True


# luacheck colours a name in bold where its plain output quotes it ('unused'): the quotes are put
# back from the line's raw bytes, only when the raw line without its escapes ends in the message as
# the record has it (cleaned and redacted), so nothing the redaction took out comes back.
_BOLD = Regex("\x1b\\[1m([^\x1b]{1,200})\x1b\\[0m")
_ESCAPE = Regex("\x1b\\[[0-9;]*m")
_OPEN, _CLOSE = "\x00", "\x01"  # where a bold name was, while the escapes are taken out
_luacheck_record = record("luacheck")


def _quoted_names(raw: bytes, message: str) -> str:
    marked = _ESCAPE.sub("", _BOLD.sub(f"{_OPEN}\\1{_CLOSE}", raw.decode("utf-8", "replace"))).rstrip()
    if not marked.replace(_OPEN, "").replace(_CLOSE, "").endswith(message):
        return message
    kept, i = 0, len(marked)
    while kept < len(message) and i > 0:  # back from the end over the message's characters
        i -= 1
        kept += marked[i] not in (_OPEN, _CLOSE)
    while i > 0 and marked[i - 1] == _OPEN:
        i -= 1
    return marked[i:].replace(_OPEN, "'").replace(_CLOSE, "'")


def _luacheck(st: Found, no: int, m: re.Match[str]) -> None:
    _luacheck_record(st, no, m)
    line = st.view.get(no)
    if line is None or b"\x1b[1m" not in line.raw or not st.found.errors or st.found.errors[-1].log_line != no:
        return
    last = st.found.errors[-1]
    st.found.errors[-1] = last.model_copy(update={"message": _quoted_names(line.raw, last.message)})


# luacheck: "    src/bad.lua:1:7: (W211) unused variable 'unused'" (the code with --codes), a range with --ranges
_LUACHECK = LineRules[Found](
    Rule(
        r"^\s*(?P<file>\S+?\.(?:lua|rockspec|luacheckrc)):(?P<line>\d+):(?P<col>\d+)(?:-\d+)?: "
        r"(?:\((?P<code>[WE]\d{3})\) )?(?P<msg>.+)$",
        _luacheck,
        has=(".lua:", ".rockspec:", ".luacheckrc:"),
    ),
    Rule(r"^Checking \S+ +(?:\d+ warnings?|\d+ errors?|Syntax error)", evidence(5.0), starts="Checking "),
    Rule(
        r"^Total: (?P<failed>\d+) warnings? / (?P<errors>\d+) errors? in \d+ files?$",
        _total,
        starts="Total: ",
    ),
)

LUAUNIT_WITHIN = 12  # lines under a LuaUnit failure in which its message and the test's frame come
_LUAUNIT_FRAME = Regex(r"^\t(?P<file>\S+?\.lua):(?P<line>\d+): in \w+ '(?P<function>[^']+)'$")


@state
class _LuaUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="luaunit"))
    listing: bool = False  # under `Failed tests:` or `Tests with errors:`


def _luaunit_heading(st: _LuaUnit, no: int, _m: re.Match[str]) -> bool:
    if not st.view.text(no + 1).startswith("-----"):
        return False
    st.listing = True
    return True


def _luaunit_failure(st: _LuaUnit, no: int, m: re.Match[str]) -> None:
    """A listed failure: its message under it, its file the frame in the test's own function."""
    name, message, own = m["name"], None, None
    for line in st.view.after(no, LUAUNIT_WITHIN):
        if _LUAUNIT_ITEM.compiled.match(line.text):
            break
        if message is None and line.text.strip():
            message = line.text.strip()
            st.found.mark(line.no, 8.0)
        frame = _LUAUNIT_FRAME.compiled.match(line.text)
        if frame and frame["function"].endswith(name.rpartition(".")[2]):
            own = frame
    st.found.test(no, name, file=own["file"] if own else None, message=message)
    where = _WHERE.compiled.match(message or "")
    if where:
        st.found.error(no, message or name, file=where.group(1), at=int(where.group(2)), code="test", weight=7.0)


_LUAUNIT_ITEM = Regex(r"^(?P<number>\d+)\) (?P<name>[\w.:]+)$")
_LUAUNIT = LineRules[_LuaUnit](
    Rule(r"^(?:Failed tests|Tests with errors):$", _luaunit_heading, starts=("Failed tests:", "Tests with errors:")),
    Rule(_LUAUNIT_ITEM, _luaunit_failure, starts=tuple("123456789"), when=lambda st, _no: st.listing, continues=True),
    Rule(
        r"^Ran \d+ tests in [\d.]+ seconds, \d+ success(?:es)?, (?P<failed>\d+) failures?"
        r"(?:, (?P<errors>\d+) errors?)?",
        summary(9.0),
        starts="Ran ",
        has=(" seconds, ",),
        continues=True,  # LuaUnit's once its headings opened the table (`Ran ` starts many runners' counts)
    ),
)

BUSTED = Parser(tool="busted", category=Category.TEST, parse=scan_with(_BUSTED, lambda view: _Busted(view)))
LUACHECK = Parser(tool="luacheck", category=Category.LINT, parse=scan_with(_LUACHECK, plain("luacheck")))
LUAUNIT = Parser(tool="luaunit", category=Category.TEST, parse=scan_with(_LUAUNIT, lambda view: _LuaUnit(view)))


@state
class _StyLua:
    found: Findings = field(default_factory=lambda: Findings(tool="stylua"))
    listing: bool = False  # below `--output-format=summary`'s `! Checking formatting...`: the files it would change


def _stylua_listing(st: _StyLua, no: int, _m: re.Match[str]) -> None:
    st.found.seen, st.listing = True, True
    st.found.mark(no, 5.0)


def _stylua_listed(st: _StyLua, no: int, m: re.Match[str]) -> None:
    st.found.error(no, f"{m['file']} is not formatted", file=m["file"], code="format")


def _stylua_verdict(st: _StyLua, no: int, m: re.Match[str]) -> None:
    st.listing = False
    failures_counted(st.found, no, int(m["count"]), 9.0)


_STYLUA_FILE = r"(?P<file>\S+?\.luau?)"
# StyLua's --check (0.x to 2.x): its diff's head per file (`Diff in ./src/queue.lua:`; no line, unlike rustfmt's), or
# with `--output-format=summary` the files under `! Checking formatting...` and `✕ Code style issues found in 2 files
# above.` (prettier's words, StyLua's mark and `above`)
_STYLUA = LineRules[_StyLua](
    Rule(rf"^Diff in {_STYLUA_FILE}:$", _stylua_listed, starts="Diff in "),
    Rule(r"^! Checking formatting\.\.\.$", _stylua_listing, starts="! Checking formatting"),
    Rule(rf"^{_STYLUA_FILE}$", _stylua_listed, ends=(".lua", ".luau"), when=lambda st, _no: st.listing, continues=True),
    Rule(
        r"^✕ Code style issues found in (?P<count>\d+) files? above\.$",
        _stylua_verdict,
        starts="✕ Code style issues found in ",
    ),
)
STYLUA = Parser(tool="stylua", category=Category.FORMAT, parse=scan_with(_STYLUA, lambda _view: _StyLua()))
