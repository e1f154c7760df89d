"""Perl::Critic (`perlcritic`) policy violations, in its default and `--verbose 8` formats."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

_RULES = LineRules[Found](
    # "[file: ][[Policy] ]message at line 2, column 1.  [See page(s) 207 of PBP.  ](Severity: 5)"
    Rule(
        r"^(?:(?P<file>\S+?\.(?:pl|pm|t|psgi|cgi)): )?(?:\[(?P<code>[\w:]+)\] )?(?P<msg>.+?) "
        r"at line (?P<line>\d+), column (?P<col>\d+)\.\s+(?:See pages? [\d,]+ of PBP\.\s+)?"
        r"\(Severity: (?P<severity>\d)\)$",
        record("severity {severity}"),
        has=("(Severity: ",),
        stripped=True,
    ),
)

PARSER = Parser(tool="perlcritic", category=Category.LINT, parse=scan_with(_RULES, plain("perlcritic")))
