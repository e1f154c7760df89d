"""Deno's own checks, and ty's (Astral's Python type checker), which draws its diagnostics as Deno's
linter does (rustc's shape: `error[invalid-assignment]: message` over ` --> shop/cart.py:6:12`; its
concise form `shop/cart.py:6:12: error[code] message`). A `.py` place tells ty's from Deno's.

Deno (Deno 2.x; it colours its output even when piped, NO_COLOR turns that off):

- `deno test`: under ` ERRORS `, each failed test `NAME => ./test/cart_test.ts:7:6` (where the test is
  declared), then `error: Error: expected 3, got 2`, the source with a caret and `at ... (file:///PATH:L:C)`
  frames; ` FAILURES ` repeats the names; `FAILED | 0 passed | 2 failed (11ms)`.
- `deno lint`: `error[no-unused-vars]: message` over ` --> /PATH:L:C` (rustc's shape), `Found 1 problem`.
- `deno check` (and the type check before `deno test`): `TS2322 [ERROR]: message`, the source, a caret,
  `    at file:///PATH:L:C`, then `error: Type checking failed.`
- `deno fmt --check`: `from /PATH:` over a diff per file, `error: Found 1 not formatted file in 4 files`.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.view import View
from remediate.models import Category

PLACE_WITHIN = 12  # lines from a failure's header to the frame or arrow that places it


@state
class _Deno:
    found: Findings = field(default_factory=lambda: Findings(tool="deno"))
    errors_section: bool = False  # under ` ERRORS `, before ` FAILURES `
    test: tuple[int, str, str] | None = None  # (line, name, declared in) of the failed test being read
    pending: tuple[int, str, str] | None = None  # (line, code, message) of a lint or type error to place
    place_taken: bool = False  # the current test's first project frame is recorded
    formatting: bool = False  # `deno fmt --check`'s verdict seen


def _section(st: _Deno, _no: int, m: re.Match[str]) -> None:
    st.errors_section = m["name"] == "ERRORS"
    st.test = None


def _test_header(st: _Deno, no: int, m: re.Match[str]) -> bool:
    if not st.errors_section:
        return False
    st.test, st.place_taken = (no, m["name"], m["file"]), False
    st.found.test(no, m["name"], file=m["file"])
    return True


def _test_error(st: _Deno, no: int, m: re.Match[str]) -> None:
    assert st.test is not None
    first, name, _file = st.test
    st.found.test(first, name, message=m["msg"])
    st.found.mark(no, 8.0)


def _frame(st: _Deno, no: int, m: re.Match[str]) -> bool:
    if st.pending is not None:
        first, code, message = st.pending
        at, column = int(m["line"]), int(m["col"])
        if m["path"].endswith((".py", ".pyi")):  # ty, Astral's Python type checker, draws them alike
            st.found.error(
                first, message, file=m["path"], at=at, column=column, code=code, tool="ty", category=Category.TYPE
            )
        else:
            kind = Category.TYPE if code.startswith("TS") else Category.LINT
            st.found.error(first, message, file=m["path"], at=at, column=column, code=code, category=kind)
        st.pending = None
        return True
    if st.test is None or st.place_taken or "/node_modules/" in m["path"] or no - st.test[0] > PLACE_WITHIN:
        return False
    first, name, _file = st.test
    st.found.error(first, name, file=m["path"], at=int(m["line"]), column=int(m["col"]), code="test", weight=7.0)
    st.found.mark(no, 7.0)
    st.place_taken = True
    return True


def _ty_concise(st: _Deno, no: int, m: re.Match[str]) -> None:
    at, column = int(m["line"]), int(m["col"])
    st.found.error(
        no, m["msg"], file=m["file"], at=at, column=column, code=m["code"], tool="ty", category=Category.TYPE
    )


def _diagnostic(st: _Deno, no: int, m: re.Match[str]) -> None:
    st.pending = (no, m["code"], m["msg"])
    st.found.mark(no, 9.0)


def _not_formatted(st: _Deno, no: int, m: re.Match[str]) -> None:
    st.found.mark(no, 9.0)
    st.formatting = True


def _fmt_file(st: _Deno, no: int, m: re.Match[str]) -> None:
    st.found.error(no, "deno fmt would reformat this file", file=m["path"], code="format")


def _finish(st: _Deno, _view: View) -> Findings:
    found = st.found
    if found.errors and all(e.code == "format" for e in found.errors):
        found.category = Category.FORMAT
    return found


_PLACE = r"(?:file://)?(?P<path>/[^\s():]+):(?P<line>\d+):(?P<col>\d+)"
# Deno's frame (`at fn (file:///x.ts:1:2)`) beside its lint's `--> ` place: not nodeerrors' V8_FRAME, whose name may
# hold parentheses (`.*? \(`); Deno's name holds none (`[^()]* \(`), so the two read different lines.
_RULES = LineRules[_Deno](
    Rule(r"^ (?P<name>ERRORS|FAILURES) ?$", _section, starts=(" ERRORS", " FAILURES")),
    Rule(r"^(?P<name>.+) => (?P<file>\S+\.[cm]?[jt]sx?):\d+:\d+$", _test_header, has=(" => ",)),
    Rule(
        r"^error: (?P<msg>.+)$",
        _test_error,
        starts="error: ",
        when=lambda st, _no: st.test is not None,
        continues=True,
    ),
    Rule(r"^(?P<code>TS\d+) \[ERROR\]: (?P<msg>.+)$", _diagnostic, has=(" [ERROR]: ",)),
    Rule(r"^error\[(?P<code>[a-z][a-z0-9-]*)\]: (?P<msg>.+)$", _diagnostic, starts="error["),  # rustc's are E0308
    Rule(rf"^\s+(?:at (?:[^()]* \()?|--> ){_PLACE}\)?$", _frame, has=("at ", "--> "), continues=True),
    # ty's place is relative to the project: ` --> shop/cart.py:6:12`
    Rule(
        r"^\s*--> (?P<path>[^\s:]+\.pyi?):(?P<line>\d+):(?P<col>\d+)$",
        _frame,
        has=("--> ",),
        when=lambda st, _no: st.pending is not None,
        continues=True,
    ),
    # ty's concise output: `shop/cart.py:6:12: error[invalid-explicit-return] Return type does not match ...`
    Rule(
        r"^(?P<file>[^\s:]+\.pyi?):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[a-z][a-z0-9-]*)\] (?P<msg>.+)$",
        _ty_concise,
        has=(": error[",),
    ),
    Rule(
        r"^from (?P<path>/\S+\.(?:[cm]?[jt]sx?|jsonc?|md|css|html|ya?ml)):$",
        _fmt_file,
        starts="from ",
        ends=":",
        continues=True,
    ),
    Rule(r"^error: Found \d+ not formatted files? in \d+ files?$", _not_formatted, starts="error: Found "),
    Rule(r"^FAILED \| \d+ passed \| (?P<failed>\d+) failed", summary(9.0), starts="FAILED | "),
)

PARSER = Parser(tool="deno", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _Deno(), _finish))
