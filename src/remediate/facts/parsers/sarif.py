"""SARIF reports printed into the log (a CI step `cat`s the `.sarif` file it uploads): ESLint's SARIF formatter
(npm `@microsoft/eslint-formatter-sarif`), semgrep's `--sarif`, CodeQL. The format belongs to no one tool: a run names
its tool in `tool.driver.name`, and its records are that tool's.

Both forms are one reader of a result (`_record`): a record at its first location's file, line and column, at the level
the result names, else its rule's (`defaultConfiguration.level`, SARIF 3.27.10: semgrep's results name none, its rules
do), else SARIF's default, `warning`. `error` is an error, `warning` a warning, `note` and `none` below one. An empty
run (`"results": []`) is no record.

The indented form (ESLint's formatter's `JSON.stringify(log, null, 2)`, any log through `jq .`) is read a field at a
time, after a `"runs": [` line: each result object at its `"ruleId"` line by `indented_object`, each rule's level at
its `"defaultConfiguration"` line. A run may print its results before its tool (semgrep's keys are sorted), so a
run's results are recorded once it ended (the next run's `{` at the first one's indent, the next document, or the
log's end), its own tool and rules read: a log of several runs (scanners' reports merged before an upload) holds each
tool's results under its own driver.

A report printed on one line (semgrep's `--sarif`, any tool's `JSON.stringify(log)`) is read whole (View.whole keeps
one up to reader.WHOLE_LINE_BYTES; a shorter one is its line): each run's tool, rules and results at once."""

from __future__ import annotations

import re
from dataclasses import field
from typing import NamedTuple

from remediate.facts.parsers.base import JSON_STRING, Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.jsonreport import indented_object, json_document, json_number, json_text, whole_line
from remediate.facts.view import View
from remediate.models import Category, Severity

_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.NOTE, "none": Severity.NOTE}
_PLACE = "locations[].physicalLocation."


class _Result(NamedTuple):
    """One result's fields as printed (any of them of any type: a log is anyone's text), in either form."""

    line: int  # the log's line it was read at
    rule: object
    level: object
    said: object
    uri: object
    at: object
    column: object


@state
class _Sarif:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="sarif"))
    in_sarif: bool = False  # a `"runs": [` line was read: the indented fields below are a SARIF log's
    in_driver: bool = False  # a `"driver": {` opened, its `"name"` not yet read
    tool: str = "sarif"  # the indented document's tool, by its driver's name
    levels: dict[str, object] = field(default_factory=dict)  # the indented run's rules' levels, by rule id
    results: list[_Result] = field(default_factory=list)  # the indented run's results, recorded at its end
    run_indent: int | None = None  # the indent of the document's first run's `{`: each run opens at it


def _record(found: Findings, result: _Result, tool: str, levels: dict[str, object]) -> None:
    """The record of one result, either form's: its level, else its rule's, else SARIF's default."""
    rule = result.rule if isinstance(result.rule, str) else None
    level = result.level or (levels.get(rule) if rule else None) or "warning"
    severity = _LEVELS.get(level) if isinstance(level, str) else None
    if severity is None or not isinstance(result.said, str):
        return
    found.error(
        result.line,
        result.said,
        file=result.uri.removeprefix("file://") if isinstance(result.uri, str) else None,
        at=json_number(result.at),
        column=json_number(result.column),
        code=rule,
        tool=tool,
        severity=severity,
    )


def _document(st: _Sarif, _no: int, _m: re.Match[str]) -> None:
    """An indented document's `"runs": [`: the one before it, if any, has ended."""
    _end_document(st)
    st.in_sarif = True


def _end_document(st: _Sarif) -> None:
    _end_run(st)
    st.in_sarif, st.run_indent = False, None


def _run(st: _Sarif, _no: int, m: re.Match[str]) -> None:
    """A `{` alone in a document: the first one opens its first run, and another at its indent the next run."""
    indent = len(m["indent"])
    if st.run_indent is None:
        st.run_indent = indent
    elif indent == st.run_indent:
        _end_run(st)


def _end_run(st: _Sarif) -> None:
    for result in st.results:
        _record(st.found, result, st.tool, st.levels)
    st.results, st.levels, st.tool, st.in_driver = [], {}, "sarif", False


def _driver(st: _Sarif, _no: int, _m: re.Match[str]) -> None:
    st.in_driver = True


def _driver_name(st: _Sarif, _no: int, m: re.Match[str]) -> None:
    st.tool, st.in_driver = json_text(m["name"]).lower(), False


def _rule_level(st: _Sarif, no: int, _m: re.Match[str]) -> None:
    fields = indented_object(st.view, no)
    if isinstance(rule := fields.get("id"), str):
        st.levels.setdefault(rule, fields.get("defaultConfiguration.level"))


def _result(st: _Sarif, no: int, m: re.Match[str]) -> None:
    fields = indented_object(st.view, no)
    place = (fields.get(_PLACE + key) for key in ("artifactLocation.uri", "region.startLine", "region.startColumn"))
    st.results.append(_Result(no, json_text(m["rule"]), fields.get("level"), fields.get("message.text"), *place))


def _finish(st: _Sarif, _view: View) -> Findings:
    _end_document(st)
    return st.found


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
                if isinstance(result, dict):
                    _record(st.found, _parsed(no, result), tool.lower() if isinstance(tool, str) else "sarif", levels)
    return True


def _rule_levels(rules: object) -> dict[str, object]:
    """Each rule's own level (`defaultConfiguration.level`), by its id."""
    if not isinstance(rules, list):
        return {}
    return {
        rule["id"]: _field(rule, "defaultConfiguration", "level")
        for rule in rules
        if isinstance(rule, dict) and isinstance(rule.get("id"), str)
    }


def _parsed(no: int, result: dict[str, object]) -> _Result:
    places = result.get("locations")
    place = _field(places[0], "physicalLocation") if isinstance(places, list) and places else None
    region = _field(place, "region")
    return _Result(
        no,
        result.get("ruleId"),
        result.get("level"),
        _field(result, "message", "text"),
        _field(place, "artifactLocation", "uri"),
        _field(region, "startLine"),
        _field(region, "startColumn"),
    )


def _field(value: object, *keys: str) -> object:
    """value[k1][k2]... through objects only; None where one is missing or no object."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _in_sarif(st: _Sarif, _no: int) -> bool:
    return st.in_sarif


_RULES = LineRules[_Sarif](
    Rule(r'^\{"', _one_line, starts='{"', has=('"runs":',)),
    Rule(r'^\s*"runs": \[$', _document, has=('"runs": [',)),
    Rule(r"^(?P<indent>\s*)\{$", _run, ends="{", when=_in_sarif, continues=True),
    Rule(r'^\s*"driver": \{$', _driver, has=('"driver": {',), when=_in_sarif, continues=True),
    Rule(
        rf'^\s*"name": (?P<name>{JSON_STRING}),?$',
        _driver_name,
        has=('"name": ',),
        when=lambda st, _no: st.in_driver,
        continues=True,
    ),
    Rule(
        r'^\s*"defaultConfiguration": \{$',
        _rule_level,
        has=('"defaultConfiguration": {',),
        when=_in_sarif,
        continues=True,
    ),
    Rule(rf'^\s*"ruleId": (?P<rule>{JSON_STRING}),?$', _result, has=('"ruleId": ',), when=_in_sarif, continues=True),
)

PARSER = Parser(
    tool="sarif",
    category=Category.LINT,
    parse=scan_with(_RULES, lambda view: _Sarif(view), _finish),
    restates=True,
)
