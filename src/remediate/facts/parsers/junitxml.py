"""JUnit XML reports printed into the log (a CI step `cat`s the report after a failed run): pytest's `--junitxml`,
jest-junit, Surefire's `TEST-*.xml`. The format belongs to no one tool, so its records are the report's own.

A `<testcase>` holding a `<failure>` or `<error>` is a failing test, named `classname.name` (the name alone where a
reporter gives both the same, as jest-junit does), its message the tag's `message` attribute, else the first line of
its body (jest-junit gives no attribute). pytest prints the whole report on few long lines (`</failure></testcase>
<testcase ...><failure ...>`), jest-junit and Surefire a tag a line, so the tags of a line are read in order. A
`<testsuite>`'s `failures` and `errors` are its run's count: a passing report's 0 is a summary that says it passed."""

from __future__ import annotations

import html
import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.models import Category

# One tag the report's reading needs: a test case (self-closed when it passed), its failure or error, its end.
_TAG = Regex(r"<(?P<tag>testcase|failure|error|/testcase)\b(?P<attrs>[^<>]*?)(?P<closed>/?)>(?P<body>[^<]*)")
_ATTR = Regex(r'\b(?P<key>classname|name|message|file)="(?P<value>[^"]*)"')
_SUITE = Regex(r'<testsuite\b(?=[^<>]*\bfailures="(?P<failures>\d+)")(?=[^<>]*\berrors="(?P<errors>\d+)")')


@state
class _Report:
    found: Findings = field(default_factory=lambda: Findings(tool="junit-xml"))
    case: dict[str, str] | None = None  # the attributes of the open test case that has not failed (yet)


def _attrs(text: str) -> dict[str, str]:
    return {m["key"]: html.unescape(m["value"]) for m in _ATTR.finditer(text)}


def _test_id(case: dict[str, str]) -> str:
    name, owner = case.get("name", ""), case.get("classname", "")
    return name if not owner or owner == name else f"{owner}.{name}"


def _tags(st: _Report, no: int, m: re.Match[str]) -> None:
    if suite := _SUITE.search(m.string):
        st.found.summary(no, int(suite["failures"]) + int(suite["errors"]))
    for tag in _TAG.finditer(m.string):
        if tag["tag"] == "testcase":
            st.case = None if tag["closed"] else _attrs(tag["attrs"])
        elif tag["tag"] == "/testcase":
            st.case = None
        elif st.case is not None:  # a failure or error of the open test case: it failed
            said = _attrs(tag["attrs"]).get("message") or html.unescape(tag["body"]).strip()
            message = " ".join(said.split("\n", 1)[0].split()) or tag["tag"]
            st.found.test(no, _test_id(st.case), file=st.case.get("file"), message=message)
            st.case = None


_RULES = LineRules[_Report](
    Rule(r"<(?:testsuite|testcase)\b", _tags, has=("<testsuite ", "<testcase "), search=True),
    Rule(
        r"<(?:failure|error|/testcase)\b",
        _tags,
        has=("<failure", "<error", "</testcase>"),
        search=True,
        when=lambda st, _no: st.case is not None,
        continues=True,  # only inside a test case a `<testcase ` line opened
    ),
)

PARSER = Parser(
    tool="junit-xml", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _Report()), restates=True
)
