"""Lua: busted's terminal reports (plain and utf: `Failure -> spec/x_spec.lua @ 5`, the test's name,
then its message) and luacheck's warnings. busted's TAP output is read by the TAP parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record, summary
from remediate.facts.view import View
from remediate.models import Category

_WHERE = Regex(r"^(\S+?\.lua):(\d+): ")  # a Lua error's own location, in front of its message


@dataclass
class _Busted:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="busted"))


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


_BUSTED = LineRules[_Busted](
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


# luacheck: "    src/bad.lua:1:7: (W211) unused variable 'unused'" (the code with --codes), a range with --ranges
_LUACHECK = LineRules[Found](
    Rule(
        r"^\s*(?P<file>\S+?\.(?:lua|rockspec|luacheckrc)):(?P<line>\d+):(?P<col>\d+)(?:-\d+)?: "
        r"(?:\((?P<code>[WE]\d{3})\) )?(?P<msg>.+)$",
        record("luacheck"),
        has=(".lua:", ".rockspec:", ".luacheckrc:"),
    ),
    Rule(r"^Checking \S+ +(?:\d+ warnings?|\d+ errors?|Syntax error)", evidence(5.0), starts="Checking "),
    Rule(
        r"^Total: (?P<failed>\d+) warnings? / (?P<errors>\d+) errors? in \d+ files?$",
        _total,
        starts="Total: ",
    ),
)

BUSTED = Parser(tool="busted", category=Category.TEST, parse=scan_with(_BUSTED, lambda view: _Busted(view)))
LUACHECK = Parser(tool="luacheck", category=Category.LINT, parse=scan_with(_LUACHECK, plain("luacheck")))
