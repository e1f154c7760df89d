"""A log is anyone's text: a line shaped like a JSON report's field may hold what JSON has not (a Windows path's
`C:\\Users` escape, a raw tab). Every reader of a JSON report's strings reads such a field as printed, never raising
(a traceback from `remediate facts` would lose the run's facts). The samples are real reports
(tests/facts/data/README.md); only their messages are changed here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Facts
from tests.facts.samples import DATA

_MESSAGE = re.compile(r'("(?:message|msg|text)": ?")')
_NOT_JSON = "C:\\Users\\ci\tdir "  # `\U` and `\c` are no JSON escapes; the tab is a raw control character

# One sample per reader of a JSON report's strings: the indented object (pylint, ruff, pyright, mocha, SARIF), the
# one-line report (ESLint, hadolint) and node-sass's fields.
SAMPLES = (
    "pylint415_json.txt",
    "ruff0176_json.txt",
    "pyright1414_json.txt",
    "mocha1082_json.txt",
    "eslint9395_sarif.txt",
    "eslint9395_json.txt",
    "hadolint2151_json.txt",
    "nodesass9_invalid_css.txt",
)


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_field_json_cannot_read_is_read_as_printed(sample: str, tmp_path: Path) -> None:
    text = (DATA / sample).read_text()
    spliced = _MESSAGE.sub(lambda m: m[1] + _NOT_JSON, text)
    assert spliced != text
    log = tmp_path / sample
    log.write_text(spliced)
    before, after = extract_facts(DATA / sample), extract_facts(log)
    assert len(after.errors) == len(before.errors) > 0
    assert any("C:\\Users\\ci" in text for text in _strings(after.model_dump())), after.errors


def _strings(value: object) -> Iterator[str]:
    """Every string the facts hold (records' and failing tests' messages among them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


_LINE = re.compile(r'("(?:line|row|startLine|column|startColumn|character)": )\d+')


@pytest.mark.parametrize(
    "sample", ["pylint415_json.txt", "ruff0176_json.txt", "pyright1414_json.txt", "eslint9395_sarif.txt"]
)
def test_a_boolean_is_no_line_number(sample: str, tmp_path: Path) -> None:
    # Python's bool is an int: `"startLine": true` read as one would place every record at line 1, column 1
    text = (DATA / sample).read_text()
    spliced = _LINE.sub(lambda m: m[1] + "true", text)
    assert spliced != text
    log = tmp_path / sample
    log.write_text(spliced)
    after = extract_facts(log)
    assert not [e for e in after.errors if e.line == 1 or e.column == 1], after.errors


# and the one-line SARIF log, read as a whole document (json_document; a field JSON cannot read makes it none, so it
# is not among SAMPLES above)
@pytest.mark.parametrize("sample", [*SAMPLES, "semgrep1187_sarif.txt"])
def test_a_lone_surrogate_escape_is_read_as_a_replacement_character(sample: str, tmp_path: Path) -> None:
    # `"\ud800"` is valid JSON that reads as a character no UTF-8 holds: the facts could not be written as JSON
    # (`remediate facts --json`, the run's report); it reads as U+FFFD, as an undecodable byte of the log does.
    text = (DATA / sample).read_text()
    log = tmp_path / sample
    log.write_text(_MESSAGE.sub(lambda m: m[1] + "\\ud800 ", text))
    facts = extract_facts(log)
    assert Facts.model_validate_json(facts.model_dump_json()) == facts
    assert any("\ufffd" in text for text in _strings(facts.model_dump())), facts.errors
