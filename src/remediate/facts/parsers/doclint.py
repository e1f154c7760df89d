"""Documentation linters: markdownlint (markdownlint-cli, markdownlint-cli2) and the common
`file.md:line[:column]: message` form of prose/markdown checkers (remark-lint's compact form,
mdl, write-good, alex, gomali...)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser, group_int
from remediate.facts.view import View
from remediate.models import Category

_DOC = r"\S+?\.(?:md|markdown|mdx|rst|adoc|asciidoc)"
# markdownlint: "README.md:3:81 error MD013/line-length Line length [Expected: 80; Actual: 108]"
_MARKDOWNLINT = re.compile(rf"^({_DOC}):(\d+)(?::(\d+))? (?:error |warning )?(MD\d{{3}})(?:/[\w-]+)* (.+)$")
_GENERIC = re.compile(rf"^({_DOC}):(\d+)(?::(\d+))?:? ?(?:\[?(?:error|warning)\]? ?)?([A-Z].{{3,}})$")


def parse(view: View) -> Findings:
    found = Findings(tool="doc-lint")
    for line in view.lines:
        text = line.text
        if not text or "." not in text[:200]:
            continue
        m = _MARKDOWNLINT.match(text)
        if m:
            found.error(
                line.no,
                m.group(5),
                file=m.group(1),
                at=int(m.group(2)),
                column=group_int(m, 3),
                code=m.group(4),
                tool="markdownlint",
            )
            continue
        m = _GENERIC.match(text)
        if m:
            found.error(
                line.no,
                m.group(4),
                file=m.group(1),
                at=int(m.group(2)),
                column=group_int(m, 3),
                code="doc",
            )
    return found


PARSER = Parser(tool="doc-lint", category=Category.LINT, parse=parse)
