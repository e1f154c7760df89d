"""The BEAM languages: ExUnit test failures, Elixir / Erlang compiler errors (mix, erlc, rebar3), Dialyzer's
warnings, and an Elixir script's uncaught exception.

Dialyzer (the success-typing checker) prints its warnings in the compiler's form (`cart.erl:8:2: Invalid type
specification for function cart:price/1. ...`; before OTP 24 without the column) between `Proceeding with
analysis...` and `done (warnings were emitted)`; rebar3's `dialyzer` prints each file alone on its line, then
`Line 8 Column 2: message` rows, and closes with `===> Warnings occurred running dialyzer: N`. Its warnings are
type findings, and each fails the run (dialyzer exits 2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import evidence, record, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

DETAIL_WITHIN = 30  # lines after a failing test's header that may describe it
SUMMARY_AFTER = 2  # lines after `Finished in` in which ExUnit's count comes


@state
class _ExUnit:
    found: Findings = field(default_factory=lambda: Findings(tool="exunit"))
    current: tuple[int, str] | None = None  # (line, test id) of the failure being described
    finished: int = -9  # the line of ExUnit's `Finished in N seconds`, which its count follows

    def describing(self, no: int) -> bool:
        return self.current is not None and no - self.current[0] <= DETAIL_WITHIN

    def right_after(self, no: int) -> bool:
        return self.current is not None and no == self.current[0] + 1


def _item(st: _ExUnit, no: int, m: re.Match[str]) -> None:
    st.current = (no, f"{m.group(2)}: {m.group(1)}")
    st.found.test(no, st.current[1])


def _at(st: _ExUnit, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.found.error(no, st.current[1], file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
    st.found.tests[-1] = st.found.tests[-1].model_copy(update={"file": m.group(1)})


def _raised(st: _ExUnit, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.found.test(st.current[0], st.current[1], message=m.string.strip())


def _finished(st: _ExUnit, no: int, _m: re.Match[str]) -> None:
    st.finished = no


def _count(st: _ExUnit, no: int, m: re.Match[str]) -> bool:
    if m["failed"] != "0" and not st.found.tests:
        return False
    summary(9.0)(st, no, m)
    return True


_EXUNIT = LineRules[_ExUnit](
    Rule(
        r"^\s+\d+\) ((?:test|doctest|property) .+) \(([\w.]+)\)$",
        _item,
        has=(") test ", ") doctest ", ") property "),
    ),
    Rule(r"^\s+(\S+?\.exs?):(\d+)$", _at, has=(".ex",), when=_ExUnit.right_after, continues=True),
    Rule(r"^\s+\*\* \((\w+(?:\.\w+)*)\) (.*)$", _raised, has=("** (",), when=_ExUnit.describing, continues=True),
    Rule(
        r"^\s+(Assertion with .+ failed|Expected .+|.+ failed)$",
        _raised,
        has=("failed", "Expected "),
        when=_ExUnit.describing,
        continues=True,
    ),
    Rule(
        r"\s*(?:code|left|right):",
        evidence(7.0),
        has=("code:", "left:", "right:"),
        when=_ExUnit.describing,
        continues=True,
    ),
    Rule(r"^Finished in [\d.]+ seconds", _finished, starts="Finished in "),
    # `3 tests, 2 failures` alone is any runner's (bats prints it too): ExUnit's follows its time, and
    # a failing count follows ExUnit's own failures (rebar3 eunit prints the same two lines).
    Rule(
        r"^(?:\d+ (?:doctests?|propert(?:y|ies)|tests?), )*\d+ (?:tests?|failures?)?,? ?(?P<failed>\d+) failures?",
        _count,
        has=(" failure",),
        when=lambda st, no: no - st.finished <= SUMMARY_AFTER,
        continues=True,
    ),
)


_ERLANG = ("erl", "hrl", "xrl", "yrl")


@state
class _Compile:
    found: Findings = field(default_factory=lambda: Findings(tool="elixir"))
    dialyzer: bool = False  # inside Dialyzer's analysis (plain or rebar3's): its rows are type warnings
    file: str | None = None  # rebar3 dialyzer's file heading


def _erl_diagnostic(st: _Compile, no: int, m: re.Match[str]) -> bool:
    if m["msg"].startswith(("(", "in ")):
        return False
    column = int(m["col"]) if m["col"] else None
    if st.dialyzer:
        st.found.error(
            no,
            m["msg"],
            file=m["file"],
            at=int(m["line"]),
            column=column,
            code="dialyzer",
            tool="dialyzer",
            category=Category.TYPE,
        )
        return True
    tool = "erlc" if m["file"].endswith(_ERLANG) else "elixir"
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), column=column, code="compile", tool=tool)
    return True


def _dialyzer(on: bool) -> Callable[[_Compile, int, re.Match[str]], None]:
    def handle(st: _Compile, no: int, _m: re.Match[str]) -> None:
        st.dialyzer, st.file = on, None
        st.found.mark(no, 5.0)

    return handle


def _dialyzer_heading(st: _Compile, _no: int, m: re.Match[str]) -> None:
    st.file = m.group(1)


def _dialyzer_row(st: _Compile, no: int, m: re.Match[str]) -> None:
    """rebar3's row under its file: `Line 8 Column 2: message` (rebar3 before 3.14: `Line 8: message`)."""
    column = int(m["col"]) if m["col"] else None
    st.found.error(
        no,
        m["msg"],
        file=st.file,
        at=int(m["line"]),
        column=column,
        code="dialyzer",
        tool="dialyzer",
        category=Category.TYPE,
    )


def _dialyzer_summary(st: _Compile, no: int, m: re.Match[str]) -> None:
    st.found.summary(no, int(m.group(1)))
    st.found.mark(no, 8.0)
    st.dialyzer, st.file = False, None


_COMPILE = LineRules[_Compile](
    Rule(r"^\s*Proceeding with analysis\.\.\.$", _dialyzer(True), has=("Proceeding with analysis...",)),
    Rule(r"^===> Dialyzer starting", _dialyzer(True), starts="===> Dialyzer starting"),
    Rule(r"^done \((?:warnings were emitted|passed successfully)\)$", _dialyzer(False), starts="done ("),
    Rule(r"^===> Warnings occurred running dialyzer: (\d+)$", _dialyzer_summary, starts="===> Warnings occurred "),
    Rule(
        r"^(\S+?\.(?:erl|hrl|ex|exs))$",
        _dialyzer_heading,
        ends=(".erl", ".hrl", ".ex", ".exs"),
        when=lambda st, _no: st.dialyzer,
    ),
    Rule(
        r"^Line (?P<line>\d+)(?: Column (?P<col>\d+))?: (?P<msg>.+)$",
        _dialyzer_row,
        starts="Line ",
        when=lambda st, _no: st.dialyzer and st.file is not None,
    ),
    Rule(
        r"^\*\* \((?P<code>CompileError|SyntaxError|TokenMissingError|KeyError)\) (?:\(for doctest at\) )?"
        r"(?:(?P<file>\S+?):(?P<line>\d+)(?::\d+)?: )?(?P<msg>.+)$",
        record(),
        starts="** (",
    ),
    Rule(r"^== Compilation error in file \S+ ==$", verdict(8.0), starts="== Compilation error"),
    # erlc and rebar3: "src/x.erl:91: msg" or "src/x.erl:4:16: msg"; warnings are not the failure.
    Rule(
        r"^(?:\S+: )?(?P<file>\S+?\.(?:erl|hrl|ex|exs|xrl|yrl)):(?P<line>\d+)(?::(?P<col>\d+))?: "
        r"(?!Warning: |warning: )(?P<msg>.+)$",
        _erl_diagnostic,
        has=tuple(f".{extension}:" for extension in ("erl", "hrl", "ex", "exs", "xrl", "yrl")),
    ),
)

# An Elixir script's or task's uncaught exception (`elixir check.exs`, `mix run`): `** (RuntimeError)
# MESSAGE`, `** (throw) VALUE`, `** (exit) REASON`, then its stacktrace, indented, the project's frames
# as `FILE:LINE: Mod.fun/1`, a library's prefixed with its application (`(elixir 1.14.0) lib/enum.ex:...`).
# The compiler's own exceptions are COMPILE's; `** (Mix) ...` is Mix saying what it could not do.
FRAMES_WITHIN = 12
_RAISED = (
    r"^\*\* \((?!CompileError\)|SyntaxError\)|TokenMissingError\)|KeyError\)|Mix\))"
    r"(?P<code>[A-Z]\w*(?:\.[A-Z]\w*)*|throw|exit)\) (?P<msg>.+)$"
)
_FRAME = Regex(r"^\s+(?P<file>[^\s()]+?\.exs?):(?P<line>\d+): ")


def _uncaught(st: Found, no: int, m: re.Match[str]) -> None:
    """The exception at its first frame in the project's code. As Python's and Node's: no category
    of its own (it means what the script was doing), but for what its message says."""
    file, at = None, None
    for line in st.view.after(no, FRAMES_WITHIN):
        if not line.text.startswith((" ", "\t")):
            break
        if frame := _FRAME.compiled.match(line.text):
            file, at = frame["file"], int(frame["line"])
            break
    code = m["code"].rsplit(".", 1)[-1]
    st.found.error(no, f"{code}: {m['msg']}", file=file, at=at, code=code, weight=9.0)


_RUNTIME = LineRules[Found](Rule(_RAISED, _uncaught, starts="** ("))

EXUNIT = Parser(tool="exunit", category=Category.TEST, parse=scan_with(_EXUNIT, lambda _view: _ExUnit()))
COMPILE = Parser(tool="elixir", category=Category.BUILD, parse=scan_with(_COMPILE, lambda _view: _Compile()))
# Its records are elixir's (the program that raised); the parser's own name is unique in the registry.
RUNTIME = Parser(tool="elixir-runtime", category=Category.UNKNOWN, parse=scan_with(_RUNTIME, plain("elixir")))


# `mix compile --warnings-as-errors` (Elixir 1.14): each `warning: MESSAGE` is placed on a line below it
# (`  lib/shop.ex:3: Shop.total/1`), and the run ends `Compilation failed due to warnings while using the
# --warnings-as-errors option`. Under that verdict each warning printed before it is a failure at its place;
# without it warnings fail nothing.
WARNING_PLACE_WITHIN = 4
_WARNING_PLACE = Regex(r"^\s+(?P<file>\S+?\.exs?):(?P<line>\d+)(?::\d+)?(?:: .+)?$")


@state
class _AsErrors:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="mix --warnings-as-errors"))
    warnings: list[tuple[int, str, str, int]] = field(default_factory=list)  # (log line, message, file, line)


def _elixir_warning(st: _AsErrors, no: int, m: re.Match[str]) -> None:
    for below in st.view.after(no, WARNING_PLACE_WITHIN):
        if place := _WARNING_PLACE.match(below.text):
            st.warnings.append((no, m["msg"], place["file"], int(place["line"])))
            return


def _as_errors(st: _AsErrors, no: int, _m: re.Match[str]) -> None:
    for at, message, file, line in st.warnings:
        st.found.error(at, message, file=file, at=line, code="warnings-as-errors", tool="elixir")
    if not st.warnings:
        st.found.error(no, "Compilation failed due to warnings", code="warnings-as-errors", tool="elixir")
    st.warnings = []


_AS_ERRORS = LineRules[_AsErrors](
    Rule(r"^warning: (?P<msg>.+)$", _elixir_warning, starts="warning: ", continues=True),
    Rule(
        r"^Compilation failed due to warnings while using the --warnings-as-errors option$",
        _as_errors,
        starts="Compilation failed due to warnings",
    ),
)

WARNINGS_AS_ERRORS = Parser(
    tool="mix --warnings-as-errors", category=Category.BUILD, parse=scan_with(_AS_ERRORS, lambda view: _AsErrors(view))
)
