"""Syntax errors in YAML, TOML and JSON files (and GitHub Actions workflow files)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

# PyYAML / ruamel: the exception line, then `in "<file>", line N, column M` marks.
_YAML_EXC = re.compile(
    r"^(?:[\w.]*\.)?(ScannerError|ParserError|ComposerError|ConstructorError|ReaderError|YAMLError|"
    r"DuplicateKeyError|YAMLException)(?:: (.*))?$"
)
_YAML_MARK = re.compile(r'^\s*in "([^"]+)", line (\d+), column (\d+)$')
_YAMLLINT = re.compile(r"^\s*(\d+):(\d+)\s+error\s+(syntax error: .+?)(?:\s+\((\w+)\))?$")
_TOML = re.compile(
    r"^(?:[\w.]*\.)?(TOMLDecodeError|TomlDecodeError|TOMLKitError|ParseError): "
    r"(.+?) \((?:at )?line (\d+), column (\d+)\)?.*$"
)
_JSON_PY = re.compile(
    r"^(?:[\w.]*JSONDecodeError: )?(Expecting .+|Extra data|Invalid control character .+|Unterminated string .+): "
    r"line (\d+) column (\d+) \(char \d+\)$"
)
_JSON_JS = re.compile(
    r"^SyntaxError: (?:(.+?): )?(Unexpected (?:token|end of JSON input|non-whitespace).*|"
    r"Expected .+ in JSON at position \d+.*|.+ is not valid JSON.*)$"
)
_GHA_WORKFLOW = re.compile(r"^(?:##\[error\])?(?:Invalid workflow file|The workflow is not valid)[:.]? ?(.*)$")
_FILE_HINT = re.compile(r"([\w./-]+\.(?:ya?ml|toml|json))\b")


def parse(view: View) -> Findings:
    found = Findings(tool="config")
    pending: tuple[int, str, str] | None = None  # yaml exception waiting for its file mark
    last_file: str | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        stripped = text.strip()
        hint = _FILE_HINT.search(text) if (".y" in text or ".toml" in text or ".json" in text) else None
        if hint:
            last_file = hint.group(1)
        m = _YAML_EXC.match(stripped)
        if m and ("yaml" in text.lower() or "Error" in m.group(1)):
            pending = (line.no, m.group(1), m.group(2) or "")
            found.mark(line.no, 9.0)
            continue
        if pending is not None and stripped.startswith('in "'):
            m = _YAML_MARK.match(text)
            if m:
                first, exc, message = pending
                found.error(
                    first,
                    f"{exc}: {message}".strip(": "),
                    file=m.group(1),
                    at=int(m.group(2)),
                    column=int(m.group(3)),
                    code="yaml",
                    tool="yaml",
                )
                found.mark(line.no, 8.0)
                pending = None
                continue
        if pending is not None and stripped and not stripped.startswith("in ") and line.no > pending[0] + 4:
            first, exc, message = pending
            found.error(first, f"{exc}: {message}".strip(": "), file=last_file, code="yaml", tool="yaml")
            pending = None
        if "error" in text and "syntax error" in text:
            m = _YAMLLINT.match(text)
            if m:
                found.error(
                    line.no,
                    m.group(3),
                    file=last_file,
                    at=int(m.group(1)),
                    column=int(m.group(2)),
                    code="yaml",
                    tool="yamllint",
                )
                continue
        if "line" in text:
            m = _TOML.search(stripped)
            if m:
                found.error(
                    line.no,
                    f"{m.group(1)}: {m.group(2)}",
                    file=last_file,
                    at=int(m.group(3)),
                    column=int(m.group(4)),
                    code="toml",
                    tool="toml",
                )
                continue
            m = _JSON_PY.search(stripped)
            if m:
                found.error(
                    line.no,
                    m.group(1),
                    file=last_file,
                    at=int(m.group(2)),
                    column=int(m.group(3)),
                    code="json",
                    tool="json",
                )
                continue
        if "JSON" in text or "json" in text:
            m = _JSON_JS.match(stripped)
            if m:
                found.error(line.no, stripped, file=last_file, code="json", tool="json")
                continue
        if "workflow" in text:
            m = _GHA_WORKFLOW.match(stripped)
            if m:
                found.error(line.no, stripped, file=last_file, code="workflow", tool="github-actions")
    if pending is not None:
        first, exc, message = pending
        found.error(first, f"{exc}: {message}".strip(": "), file=last_file, code="yaml", tool="yaml")
    return found


PARSER = Parser(tool="config", category=Category.CONFIG, parse=parse)
