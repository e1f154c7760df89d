"""Perl::Critic (`perlcritic`) policy violations, in its default and `--verbose 8` formats."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

# "[file: ][[Policy] ]message at line 2, column 1.  [See page(s) 207 of PBP.  ](Severity: 5)"
_VIOLATION = re.compile(
    r"^(?:(\S+?\.(?:pl|pm|t|psgi|cgi)): )?(?:\[([\w:]+)\] )?(.+?) at line (\d+), column (\d+)\."
    r"\s+(?:See pages? [\d,]+ of PBP\.\s+)?\(Severity: (\d)\)$"
)


def parse(view: View) -> Findings:
    found = Findings(tool="perlcritic")
    for line in view.lines:
        text = line.text
        if "(Severity: " not in text:
            continue
        m = _VIOLATION.match(text.strip())
        if m:
            found.error(
                line.no,
                m.group(3),
                file=m.group(1),
                at=int(m.group(4)),
                column=int(m.group(5)),
                code=m.group(2) or f"severity {m.group(6)}",
            )
    return found


PARSER = Parser(tool="perlcritic", category=Category.LINT, parse=parse)
