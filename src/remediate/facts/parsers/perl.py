"""Perl::Critic (`perlcritic`) policy violations, in its default and `--verbose 8` formats, and as
Test::Perl::Critic reports them in a test's TAP diagnostics: `#   Failed test 'Test::Perl::Critic for
"lib/Shop/Cart.pm"'`, then the file's violations behind `#   `, which name no file: the test's name does."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import record
from remediate.models import Category


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="perlcritic"))
    file: str | None = None  # the file of the last Test::Perl::Critic test that failed


_violation = record("severity {severity}")


def _critic_test(st: _State, no: int, m: re.Match[str]) -> None:
    st.file = m["file"]
    st.found.mark(no, 7.0)


def _row(st: _State, no: int, m: re.Match[str]) -> None:
    if m["file"] is None and m["diag"] and st.file is not None:
        at, column = int(m["line"]), int(m["col"])
        st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=m["code"] or f"severity {m['severity']}")
    else:
        _violation(st, no, m)


_RULES = LineRules[_State](
    Rule(
        r"^#\s+Failed test 'Test::Perl::Critic for \"(?P<file>[^\"]+)\"'$",
        _critic_test,
        has=("Test::Perl::Critic for ",),
    ),
    # "[file: ][[Policy] ]message at line 2, column 1.  [See page(s) 207 of PBP.  ](Severity: 5)", behind TAP's
    # `#   ` under Test::Perl::Critic
    Rule(
        r"^(?P<diag>#\s+)?(?:(?P<file>\S+?\.(?:pl|pm|t|psgi|cgi)): )?(?:\[(?P<code>[\w:]+)\] )?(?P<msg>[^#\s].*?) "
        r"at line (?P<line>\d+), column (?P<col>\d+)\.\s+(?:See pages? [\d,]+ of PBP\.\s+)?"
        r"\(Severity: (?P<severity>\d)\)$",
        _row,
        has=("(Severity: ",),
        stripped=True,
    ),
)

PARSER = Parser(tool="perlcritic", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _State()))
