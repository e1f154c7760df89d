"""Documentation and data-file linters: markdownlint (markdownlint-cli old and new, markdownlint-cli2), the common
`file.md:line[:column]: message` form of prose/markdown checkers (remark-lint's compact form,
mdl, write-good, alex, gomali...), and yamllint (its standard and parsable formats)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import FindingsHandler, heading, record, row
from remediate.models import Category

_DOC = r"(?P<file>\S+?\.(?:md|markdown|mdx|rst|adoc|asciidoc)):(?P<line>\d+)(?::(?P<col>\d+))?"
_EXTENSIONS = (".md", ".rst", ".adoc", ".asciidoc")  # .md also stands for .markdown and .mdx
PATH_WITHIN = 200  # a path whose first dot comes later is not a document's


def _document(recorded: FindingsHandler) -> Callable[[Found, int, re.Match[str]], bool]:
    """The record, for a line whose path starts early enough."""

    def handle(st: Found, no: int, m: re.Match[str]) -> bool:
        if "." not in m.string[:PATH_WITHIN]:
            return False
        recorded(st, no, m)
        return True

    return handle


_RULES = LineRules[Found](
    # markdownlint: "README.md:3:81 error MD013/line-length Line length [Expected: 80; Actual: 108]"
    Rule(
        rf"^{_DOC} (?:error |warning )?(?P<code>MD\d{{3}})(?:/[\w-]+)* (?P<msg>.+)$",
        _document(record(tool="markdownlint")),
        has=_EXTENSIONS,
    ),
    # markdownlint-cli before 0.16: "guide/intro.md: 4: MD031/blanks-around-fences Fenced code blocks ..."
    Rule(
        r"^(?P<file>\S+?\.(?:md|markdown|mdx)): (?P<line>\d+): (?P<code>MD\d{3})(?:/[\w-]+)* (?P<msg>.+)$",
        _document(record(tool="markdownlint")),
        has=(": MD",),
    ),
    Rule(
        rf"^{_DOC}:? ?(?:\[?(?:error|warning)\]? ?)?(?P<msg>[A-Z].{{3,}})$", _document(record("doc")), has=_EXTENSIONS
    ),
)

PARSER = Parser(tool="doc-lint", category=Category.LINT, parse=scan_with(_RULES, plain("doc-lint")))


@dataclass
class _Yamllint:
    found: Findings = field(default_factory=lambda: Findings(tool="yamllint"))
    file: str | None = None  # the file heading the rows that follow (standard format)


def _yaml_parsable(st: _Yamllint, no: int, m: re.Match[str]) -> None:
    if m["level"] == "error":
        st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), column=int(m["col"]), code=m["code"])


_YAMLLINT = LineRules[_Yamllint](
    # "./config.yaml" then "  2:1       error    duplication of key "key" in mapping  (key-duplicates)"
    Rule(r"^(?P<file>\S+\.ya?ml)$", heading, ends=(".yml", ".yaml")),
    Rule(
        r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<level>error|warning)\s+(?P<msg>.*?\S)\s+\((?P<code>[\w-]+)\)$",
        row({"error": None}),
        ends=")",
    ),
    Rule(
        r"^(?P<file>\S+?\.ya?ml):(?P<line>\d+):(?P<col>\d+): \[(?P<level>error|warning)\] "
        r"(?P<msg>.+) \((?P<code>[\w-]+)\)$",
        _yaml_parsable,
        has=(": [error] ", ": [warning] "),
    ),
)

YAMLLINT = Parser(tool="yamllint", category=Category.LINT, parse=scan_with(_YAMLLINT, lambda _view: _Yamllint()))
