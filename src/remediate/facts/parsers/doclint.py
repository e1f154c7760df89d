"""Documentation linters: markdownlint (markdownlint-cli, markdownlint-cli2) and the common
`file.md:line[:column]: message` form of prose/markdown checkers (remark-lint's compact form,
mdl, write-good, alex, gomali...)."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

_DOC = r"(?P<file>\S+?\.(?:md|markdown|mdx|rst|adoc|asciidoc)):(?P<line>\d+)(?::(?P<col>\d+))?"
_EXTENSIONS = (".md", ".rst", ".adoc", ".asciidoc")  # .md also stands for .markdown and .mdx

_RULES = LineRules[Found](
    # markdownlint: "README.md:3:81 error MD013/line-length Line length [Expected: 80; Actual: 108]"
    Rule(
        rf"^{_DOC} (?:error |warning )?(?P<code>MD\d{{3}})(?:/[\w-]+)* (?P<msg>.+)$",
        record(tool="markdownlint"),
        has=_EXTENSIONS,
    ),
    Rule(rf"^{_DOC}:? ?(?:\[?(?:error|warning)\]? ?)?(?P<msg>[A-Z].{{3,}})$", record("doc"), has=_EXTENSIONS),
)

PARSER = Parser(tool="doc-lint", category=Category.LINT, parse=scan_with(_RULES, plain("doc-lint")))
