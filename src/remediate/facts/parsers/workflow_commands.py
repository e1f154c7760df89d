"""GitHub's workflow commands for annotations, as tools print them for GitHub Actions (ruff
`--output-format github`, golangci-lint `github-actions`, pytest and eslint annotation plugins):
`::error file=F,line=L,col=C,title=T::MESSAGE`. GitHub's runner turns them into `##[error]MESSAGE`
in its own log (the location goes to the annotation only: see `unannotated`); elsewhere, or with
command echo on, the command itself is what the log shows.

The message and property values are percent-escaped (`%0A` newline, `%25`, `%2C`, `%3A`): the
record keeps the message's first line. A tool's title names it (`ruff (F401)`: tool ruff, rule
F401); untitled annotations are filed under `annotation`, but for RuboCop's (`--format github`), whose
message starts with its cop (`Lint/UselessAssignment: ...`), and Biome's (`--reporter=github`, or
GITHUB_ACTIONS set), titled by the diagnostic's category alone (`lint/suspicious/noDoubleEquals`,
`format`, `assist/source/organizeImports`): Biome's records, the category their code. A test runner's annotation (vitest
reports one per failed test when GITHUB_ACTIONS is set, titled `file > suite > test`) is a failed
test. An annotation with neither a title nor a file (`::error::MESSAGE`) places nothing: it is how any
action or script says why its step failed (@actions/core's `setFailed`, an `echo` in a workflow), no finding of a
linter's, so it is shown and does not vote (a parser that knows the message reads what it means)."""

from __future__ import annotations

import re
from dataclasses import replace

from remediate.facts.parsers import biome
from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.view import Line, View
from remediate.models import Category

_PROPERTY = Regex(r"(\w+)=([^,]*)")
_TITLE = Regex(r"^([\w.@/-]+)(?: \(([^()]+)\))?$")
_ESCAPES = {"%0A": "\n", "%0D": "\r", "%3A": ":", "%2C": ",", "%25": "%"}
_ESCAPED = Regex("%0A|%0D|%3A|%2C|%25")
_COP = Regex(r"^([A-Z]\w*(?:/[A-Z]\w*)+): ")  # RuboCop's untitled message: `Dept/Cop: message`
_LOCATION = Regex(r"^\S+?:\d+(?::\d+)?:? ")  # a message that starts by repeating the location
ANNOTATION_PREFIXES = ("##[error]", "##[warning]", "##[notice]")
_TEST_PATH = (" > ", " \u203a ", "::")  # how vitest, jest and pytest join a test's file, suites and name


def _unescape(text: str) -> str:
    return _ESCAPED.compiled.sub(lambda m: _ESCAPES[m.group(0)], text) if "%" in text else text


def _annotation(st: Found, no: int, m: re.Match[str]) -> None:
    props = {k: _unescape(v) for k, v in _PROPERTY.findall(m.group("props") or "")}
    message = _unescape(m.group("msg")).split("\n", 1)[0].strip()
    tool, code = "annotation", None
    heading = props.get("title", "").strip()
    title = _TITLE.match(heading)
    if biome.CATEGORY.fullmatch(heading):
        tool, code = "biome", heading
    elif title:
        tool, code = title.group(1).lower(), title.group(2) or title.group(1)
    elif not heading and (cop := _COP.match(message)):
        tool, code, message = "rubocop", cop.group(1), message[cop.end() :]
    if m.group("level") != "error":
        st.found.mark(no, 4.0)
        return
    if any(sep in heading for sep in _TEST_PATH):  # a test runner's annotation: its title is the test
        st.found.test(no, heading, file=props.get("file") or None, message=message)
        return
    line, col = props.get("line", ""), props.get("col") or props.get("column", "")
    if line and (where := _LOCATION.match(message)):
        message = message[where.end() :]
        message = message[len(code) + 1 :] if code and message.startswith(code + " ") else message
    st.found.error(
        no,
        message,
        file=props.get("file") or None,
        at=int(line) if line.isdigit() else None,
        column=int(col) if col.isdigit() else None,
        code=code,
        tool=tool,
        category=Category.FORMAT if tool == "biome" and code in biome.FORMATTING else Category.UNKNOWN,
        votes=bool(props.get("file") or heading or tool != "annotation"),
    )


_RULES = LineRules[Found](
    Rule(
        r"^::(?P<level>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<msg>.*)$",
        _annotation,
        starts=("::error", "::warning", "::notice"),
    ),
)


def unannotated(view: View) -> View:
    """The view the tool parsers read: a line GitHub's runner turned into an annotation
    (`##[error]src/a.py:3:1: F401 ...`) shows the tool's own text again, so the parser of the
    tool that printed it reads it. The runner's own lines (`##[error]Process completed ...`) are
    no tool's, so no parser takes them either way."""
    if not any(line.text.startswith(ANNOTATION_PREFIXES) for line in view.lines):
        return view
    lines = [
        Line(line.no, line.text.split("]", 1)[1], line.raw) if line.text.startswith(ANNOTATION_PREFIXES) else line
        for line in view.lines
    ]
    return replace(view, lines=lines)  # each line at its place: the index, and the lines' tasks, hold


PARSER = Parser(tool="annotation", category=Category.LINT, parse=scan_with(_RULES, plain("annotation")))
