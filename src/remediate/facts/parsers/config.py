"""Syntax errors in YAML, TOML and JSON files that a program reading them raised (and GitHub Actions workflow files);
jsonlint's findings (a linter's, lint records); Maven's model errors in a
pom.xml (`[ERROR] 'dependencies.dependency.version' for junit:junit:jar is missing. @ line 8, column 17`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

_FILE_HINT = Regex(r"([\w./\\-]+\.(?:ya?ml|toml|json))\b")
# npm's own notices name its files without reading them for a later tool (npm 5-6's `npm notice created a
# lockfile as package-lock.json. You should commit this file.` on every install without one)
_NOT_READING = ("npm notice ", "npm WARN ")
YAML_MARK_WITHIN = 4  # lines after a YAML exception in which its `in "<file>"` mark may come
# jsonlint's one finding: the file it checked does not parse (yamllint's rule of that name), a linter's
# finding, not a loader's failure (the `json` code is classify's config)
SYNTAX = "syntax"
JSONLINT_REASON_WITHIN = 4  # lines after jsonlint's `Parse error on line N:` (the excerpt, the caret) to its reason


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="config"))
    pending: tuple[int, str, str] | None = None  # yaml exception waiting for its file mark
    last_file: str | None = None  # the last config file name the log mentioned
    jsonlint: tuple[int, str] | None = None  # jsonlint's `Parse error on line N:` (log line, N) before its reason

    def yaml_error(self, file: str | None, at: int | None = None, column: int | None = None) -> None:
        assert self.pending is not None
        first, exc, message = self.pending
        self.found.error(
            first, f"{exc}: {message}".strip(": "), file=file, at=at, column=column, code="yaml", tool="yaml"
        )
        self.pending = None

    def config_error(
        self, no: int, message: str, code: str, tool: str, at: str | None = None, column: str | None = None
    ) -> None:
        at_no, col = (int(at), int(column)) if at is not None and column is not None else (None, None)
        self.found.error(no, message, file=self.last_file, at=at_no, column=col, code=code, tool=tool)


# ESLint's refusal of its own configuration file (`YAMLException: Cannot read config file: .eslintrc.yml`): the
# ESLint parser's record (javascript.CONFIG_FILE); not a YAML loader's failure here
_ESLINT_REFUSAL = "Cannot read config file: "


def _yaml_exception(st: _State, no: int, m: re.Match[str]) -> bool:
    if "yaml" not in m.string.lower() and "Error" not in m.group(1):
        return False
    if (m.group(2) or "").startswith(_ESLINT_REFUSAL):
        return False
    st.pending = (no, m.group(1), m.group(2) or "")
    st.found.mark(no, 9.0)
    return True


def _yaml_mark(st: _State, no: int, m: re.Match[str]) -> None:
    st.yaml_error(m.group(1), int(m.group(2)), int(m.group(3)))
    st.found.mark(no, 8.0)


def _jsonlint_where(st: _State, no: int, m: re.Match[str]) -> None:
    """jsonlint (npm): `Error: Parse error on line 2:`, the text and a caret, then why."""
    st.jsonlint = (no, m.group(1))
    st.found.mark(no, 8.0)


def _jsonlint_why(st: _State, no: int, m: re.Match[str]) -> bool:
    """`Expecting 'STRING', got '}'`: the record, at the line jsonlint named."""
    if st.jsonlint is None or no > st.jsonlint[0] + JSONLINT_REASON_WITHIN:
        return False
    first, at = st.jsonlint
    message = f"Parse error on line {at}: {m.string.strip()}"
    # a linter's finding on the file it was asked to check (doclint's yamllint note), not a loader's failure
    st.found.error(first, message, file=st.last_file, at=int(at), code=SYNTAX, tool="jsonlint", category=Category.LINT)
    st.jsonlint = None
    return True


def _file_named(st: _State, _no: int, m: re.Match[str]) -> bool:
    """The last config file the log named, for a later error that names none; the line goes on to the rules."""
    if not m.string.startswith(_NOT_READING):
        st.last_file = m.group(1)
    return False


def _json_syntax(st: _State, no: int, m: re.Match[str]) -> bool:
    """Node's JSON.parse error: its line names JSON (`in JSON at position`, `end of JSON input`) or the
    file (`package.json: Unexpected token`); another `SyntaxError: Unexpected token` is the program's own."""
    if "JSON" not in m.string and "json" not in m.string:
        return False
    st.config_error(no, m.string, "json", "json")
    return True


def _stale_yaml(st: _State, no: int, m: re.Match[str]) -> bool:
    """A YAML exception whose file mark never came: recorded with the last file named."""
    assert st.pending is not None
    if m.string and not m.string.startswith("in ") and no > st.pending[0] + YAML_MARK_WITHIN:
        st.yaml_error(st.last_file)
    return False


_YAML_ERRORS: tuple[str, ...] = ("ScannerError", "ParserError", "ComposerError", "ConstructorError", "ReaderError")
_YAML_ERRORS += ("YAMLError", "DuplicateKeyError", "YAMLException")

# Each rule's literal is one its pattern needs (`Error`, `line` and `json` alone are in nearly every log),
# so a log holding none is not read, nor its module imported.
_RULES = LineRules[_State](
    Rule(_FILE_HINT, _file_named, has=(".y", ".toml", ".json"), search=True, continues=True),
    # PyYAML / ruamel: the exception line, then `in "<file>", line N, column M` marks.
    Rule(
        rf"^(?:[\w.]*\.)?({'|'.join(_YAML_ERRORS)})(?:: (.*))?$",
        _yaml_exception,
        has=_YAML_ERRORS,
        stripped=True,
    ),
    Rule(
        r'^\s*in "([^"]+)", line (\d+), column (\d+)$',
        _yaml_mark,
        has=('in "',),
        when=lambda st, _no: st.pending is not None,
        continues=True,
    ),
    Rule("", _stale_yaml, when=lambda st, _no: st.pending is not None, stripped=True),
    Rule(
        r"^(?:[\w.]*\.)?(TOMLDecodeError|TomlDecodeError|TOMLKitError|ParseError): "
        r"(.+?) \((?:at )?line (\d+), column (\d+)\)?.*$",
        lambda st, no, m: st.config_error(no, f"{m.group(1)}: {m.group(2)}", "toml", "toml", m.group(3), m.group(4)),
        has=("DecodeError: ", "TOMLKitError: ", "ParseError: "),
        search=True,
        stripped=True,
    ),
    Rule(
        r"^(?:[\w.]*JSONDecodeError: )?(Expecting .+|Extra data|Invalid control character .+|Unterminated string .+): "
        r"line (\d+) column (\d+) \(char \d+\)$",
        lambda st, no, m: st.config_error(no, m.group(1), "json", "json", m.group(2), m.group(3)),
        has=(" (char ",),
        search=True,
        stripped=True,
    ),
    Rule(
        r"^SyntaxError: (?:(.+?): )?(Unexpected (?:token|end of JSON input|non-whitespace).*|"
        r"Expected .+ in JSON at position \d+.*|.+ is not valid JSON.*)$",
        _json_syntax,
        has=("SyntaxError: ",),
        stripped=True,
    ),
    Rule(r"^Error: Parse error on line (\d+):$", _jsonlint_where, starts="Error: Parse error on line "),
    Rule(
        r"^Expecting .+, got .+$",
        _jsonlint_why,
        starts="Expecting ",
        when=lambda st, _no: st.jsonlint is not None,
        continues=True,
    ),
    Rule(
        r"^(?:##\[error\])?(?:Invalid workflow file|The workflow is not valid)[:.]? ?(.*)$",
        lambda st, no, m: st.config_error(no, m.string, "workflow", "github-actions"),
        has=("Invalid workflow file", "The workflow is not valid"),
        stripped=True,
    ),
    continued=True,  # its rule without literals waits on a YAML exception, which a rule with literals reads
)


def _finish(st: _State, _view: View) -> Findings:
    if st.pending is not None:
        st.yaml_error(st.last_file)
    return st.found


PARSER = Parser(tool="config", category=Category.CONFIG, parse=scan_with(_RULES, lambda _view: _State(), _finish))


# Maven 3 before it builds anything: a pom.xml element missing or invalid, at its line and column (printed
# twice: under `Some problems were encountered while processing the POMs:` and under the project's name);
# the same words behind `[WARNING]` fail nothing
def _pom(st: Found, no: int, m: re.Match[str]) -> None:
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file="pom.xml", at=at, column=column, code="pom", tool="maven")


# Maven 3's pom.xml that is not well-formed XML: `[FATAL] Non-parseable POM /w/pom.xml: end tag name </dependencie>
# must match start tag name <dependencies> from line 6 (position: ...) @ line 12, column 17` (printed again under
# `The project (/w/pom.xml) has 1 error`), before it builds anything (tests/facts/data/maven387_pom_not_parseable.txt)
def _pom_unparsable(st: Found, no: int, m: re.Match[str]) -> None:
    at, column = int(m["line"]), int(m["col"])
    message = f"Non-parseable POM: {m['msg']}"
    st.found.error(no, message, file=m["file"], at=at, column=column, code="pom-syntax", tool="maven")


_POM = LineRules[Found](
    Rule(
        r"^\[(?:FATAL|ERROR)\] +Non-parseable POM (?P<file>\S+?pom\.xml): (?P<msg>.+?)(?: \(position: .*?\))?"
        r" +@ line (?P<line>\d+), column (?P<col>\d+)",
        _pom_unparsable,
        has=("Non-parseable POM ",),
    ),
    Rule(
        r"^\[ERROR\] +(?P<msg>'[\w.]+' for \S+ (?:is missing|must be one of|must be unique|"
        r"must be a valid version)[^@]*?)\.? @ line (?P<line>\d+), column (?P<col>\d+)",
        _pom,
        starts=("[ERROR] ",),
        has=(" @ line ",),
    ),
)
MAVEN_POM = Parser(tool="maven-pom", category=Category.CONFIG, parse=scan_with(_POM, plain("maven-pom")))
