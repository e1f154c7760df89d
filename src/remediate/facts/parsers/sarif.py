"""SARIF reports printed into the log (a CI step `cat`s the `.sarif` file it uploads): ESLint's SARIF formatter
(npm `@microsoft/eslint-formatter-sarif`), semgrep's `--sarif`, CodeQL. The format belongs to no one tool: a run names
its tool in `tool.driver.name`, and its records are that tool's.

The indented form is read (the formatter's `JSON.stringify(log, null, 2)`): each result object, read at its `"ruleId"`
line by `indented_object`, is a record at its first location's file, line and column. SARIF's levels are the tool's:
`error` an error, `warning` (also a result without a level, SARIF's default) a warning, `note` and `none` below one.
An empty run (`"results": []`) is no record."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.jsonreport import indented_object, json_number, json_text
from remediate.facts.view import View
from remediate.models import Category, Severity

_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.NOTE, "none": Severity.NOTE}
_PLACE = "locations[].physicalLocation."


@state
class _Sarif:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="sarif"))
    in_driver: bool = False  # a `"driver": {` opened, its `"name"` not yet read
    tool: str = "sarif"  # the run's tool, by its driver's name


def _driver(st: _Sarif, _no: int, _m: re.Match[str]) -> None:
    st.in_driver = True


def _driver_name(st: _Sarif, _no: int, m: re.Match[str]) -> None:
    st.tool, st.in_driver = json_text(m["name"]).lower(), False


def _result(st: _Sarif, no: int, m: re.Match[str]) -> None:
    fields = indented_object(st.view, no)
    level = fields.get("level", "warning")
    uri, said = fields.get(_PLACE + "artifactLocation.uri"), fields.get("message.text")
    at, column = fields.get(_PLACE + "region.startLine"), fields.get(_PLACE + "region.startColumn")
    severity = _LEVELS.get(level) if isinstance(level, str) else None
    if severity is None or not isinstance(said, str):
        return
    file = uri.removeprefix("file://") if isinstance(uri, str) else None
    st.found.error(
        no,
        said,
        file=file,
        at=json_number(at),
        column=json_number(column),
        code=json_text(m["rule"]),
        tool=st.tool,
        severity=severity,
    )


_RULES = LineRules[_Sarif](
    Rule(r'^\s*"driver": \{$', _driver, has=('"driver": {',)),
    Rule(
        rf'^\s*"name": (?P<name>{JSON_STRING}),?$',
        _driver_name,
        has=('"name": ',),
        when=lambda st, _no: st.in_driver,
        continues=True,
    ),
    Rule(
        rf'^\s*"ruleId": (?P<rule>{JSON_STRING}),?$',
        _result,
        has=('"ruleId": ',),
        when=lambda st, _no: st.tool != "sarif",
        continues=True,  # a result of a run whose driver was read
    ),
)

PARSER = Parser(tool="sarif", category=Category.LINT, parse=scan_with(_RULES, lambda view: _Sarif(view)), restates=True)
