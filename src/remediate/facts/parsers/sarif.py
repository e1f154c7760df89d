"""SARIF reports printed into the log (a CI step `cat`s the `.sarif` file it uploads): ESLint's SARIF formatter
(npm `@microsoft/eslint-formatter-sarif`), semgrep's `--sarif`, CodeQL. The format belongs to no one tool: a run names
its tool in `tool.driver.name`, and its records are that tool's.

The indented form is read (the formatter's `JSON.stringify(log, null, 2)`): each result object, read at its `"ruleId"`
line by `indented_object`, is a record at its first location's file, line and column. SARIF's levels are the tool's:
`error` an error, `warning` (also a result without a level, SARIF's default) a warning, `note` and `none` below one.
An empty run (`"results": []`) is no record.

A report printed on one line (semgrep's `--sarif`, any tool's `JSON.stringify(log)`) is read whole (View.whole keeps
one up to reader.WHOLE_LINE_BYTES; a shorter one is its line): each run's results, the same fields."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.jsonreport import indented_object, json_document, json_number, json_text, whole_line
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


def _one_line(st: _Sarif, no: int, m: re.Match[str]) -> bool:
    """A SARIF log on one line: each run's results, its tool by its driver's name. Any field of the wrong type is
    none (a log is anyone's text)."""
    log = json_document(whole_line(st.view, no, m.string))
    runs = log.get("runs") if isinstance(log, dict) else None
    if not isinstance(runs, list):
        return False
    for run in runs:
        if isinstance(run, dict) and isinstance(results := run.get("results"), list):
            tool = _field(run, "tool", "driver", "name")
            levels = _rule_levels(_field(run, "tool", "driver", "rules"))
            for result in results:
                _one_result(st, no, result, tool.lower() if isinstance(tool, str) else "sarif", levels)
    return True


def _rule_levels(rules: object) -> dict[str, object]:
    """Each rule's own level (`defaultConfiguration.level`): a result that names none has its rule's (SARIF 3.27.10;
    semgrep's results name none, its rules do: ERROR is `error`), else SARIF's default, warning."""
    if not isinstance(rules, list):
        return {}
    return {
        rule["id"]: _field(rule, "defaultConfiguration", "level")
        for rule in rules
        if isinstance(rule, dict) and isinstance(rule.get("id"), str)
    }


def _one_result(st: _Sarif, no: int, result: object, tool: str, levels: dict[str, object]) -> None:
    if not isinstance(result, dict):
        return
    said, rule = _field(result, "message", "text"), result.get("ruleId")
    level = result.get("level") or (levels.get(rule) if isinstance(rule, str) else None) or "warning"
    severity = _LEVELS.get(level) if isinstance(level, str) else None
    if severity is None or not isinstance(said, str):
        return
    places = result.get("locations")
    place = _field(places[0], "physicalLocation") if isinstance(places, list) and places else None
    uri, region = _field(place, "artifactLocation", "uri"), _field(place, "region")
    st.found.error(
        no,
        said,
        file=uri.removeprefix("file://") if isinstance(uri, str) else None,
        at=json_number(_field(region, "startLine")),
        column=json_number(_field(region, "startColumn")),
        code=rule if isinstance(rule, str) else None,
        tool=tool,
        severity=severity,
    )


def _field(value: object, *keys: str) -> object:
    """value[k1][k2]... through objects only; None where one is missing or no object."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


_RULES = LineRules[_Sarif](
    Rule(r'^\{"', _one_line, starts='{"', has=('"runs":',)),
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
