"""The BEAM languages: ExUnit test failures, and Elixir / Erlang compiler errors (mix, erlc, rebar3)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser, group_int
from remediate.facts.view import View
from remediate.models import Category

_EXUNIT_ITEM = re.compile(r"^\s+\d+\) ((?:test|doctest|property) .+) \(([\w.]+)\)$")
_EXUNIT_AT = re.compile(r"^\s+(\S+?\.exs?):(\d+)$")
_EXUNIT_RAISE = re.compile(r"^\s+\*\* \((\w+(?:\.\w+)*)\) (.*)$")
_EXUNIT_ASSERT = re.compile(r"^\s+(Assertion with .+ failed|Expected .+|.+ failed)$")
_EXUNIT_SUMMARY = re.compile(
    r"^(?:\d+ (?:doctests?|propert(?:y|ies)|tests?), )*\d+ (?:tests?|failures?)?,? ?(\d+) failures?"
)

_COMPILE_RAISE = re.compile(
    r"^\*\* \((CompileError|SyntaxError|TokenMissingError|KeyError)\) (?:\(for doctest at\) )?"
    r"(?:(\S+?):(\d+)(?::\d+)?: )?(.+)$"
)
_COMPILE_FILE = re.compile(r"^== Compilation error in file (\S+) ==$")
# erlc and rebar3: "src/x.erl:91: msg" or "src/x.erl:4:16: msg"; warnings are not the failure.
_ERL_DIAG = re.compile(r"^(?:\S+: )?(\S+?\.(?:erl|hrl|ex|exs|xrl|yrl)):(\d+)(?::(\d+))?: (?!Warning: |warning: )(.+)$")


def parse_exunit(view: View) -> Findings:
    found = Findings(tool="exunit")
    current: tuple[int, str] | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        m = _EXUNIT_ITEM.match(text)
        if m:
            current = (line.no, f"{m.group(2)}: {m.group(1)}")
            found.test(line.no, current[1])
            continue
        if current is not None and line.no - current[0] <= 30 and _exunit_detail(found, current, line.no, text):
            continue
        if " failure" in text and (m := _EXUNIT_SUMMARY.match(text)):
            found.seen = True
            found.mark(line.no, 9.0)
            found.summary_failures = int(m.group(1))
    return found


def _exunit_detail(found: Findings, current: tuple[int, str], no: int, text: str) -> bool:
    if no == current[0] + 1 and (m := _EXUNIT_AT.match(text)):
        found.mark(no, 8.0)
        found.error(no, current[1], file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
        found.tests[-1] = found.tests[-1].model_copy(update={"file": m.group(1)})
        return True
    m = _EXUNIT_RAISE.match(text) or _EXUNIT_ASSERT.match(text)
    if m:
        found.mark(no, 8.0)
        found.test(current[0], current[1], message=text.strip())
        return True
    if text.lstrip().startswith(("code:", "left:", "right:")):
        found.mark(no, 7.0)
        return True
    return False


def parse_compile(view: View) -> Findings:
    found = Findings(tool="elixir")
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.startswith("** ("):
            m = _COMPILE_RAISE.match(text)
            if m:
                found.error(
                    line.no,
                    m.group(4),
                    file=m.group(2),
                    at=group_int(m, 3),
                    code=m.group(1),
                )
            continue
        if text.startswith("== Compilation error"):
            if _COMPILE_FILE.match(text):
                found.seen = True
                found.mark(line.no, 8.0)
            continue
        if ".erl:" in text or ".hrl:" in text or ".ex:" in text or ".exs:" in text or "rl:" in text:
            m = _ERL_DIAG.match(text)
            if m and not m.group(4).startswith(("(", "in ")):
                found.error(
                    line.no,
                    m.group(4),
                    file=m.group(1),
                    at=int(m.group(2)),
                    column=group_int(m, 3),
                    code="compile",
                    tool="erlc" if m.group(1).endswith(("erl", "hrl", "xrl", "yrl")) else "elixir",
                )
    return found


EXUNIT = Parser(tool="exunit", category=Category.TEST, parse=parse_exunit)
COMPILE = Parser(tool="elixir", category=Category.BUILD, parse=parse_compile)
