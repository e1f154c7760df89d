"""Semgrep's text report (`semgrep scan`, `semgrep --config RULES`; semgrep 1.x, what a CI log shows without a
format flag). Under the boxed `N Code Findings` heading each file's path stands alone, indented four spaces; below
it each rule that matched: its severity's arrows and id (`❯❯❱ no-bare-except`: ❯❯❱ error, ❯❱ warning, ❱ info),
`❰❰ Blocking ❱❱`, the rule's message (wrapped, indented ten spaces; a `Details: URL` line after it), then the
matched code as numbered rows (`  5┆ try:`), its first row the finding's line. Another match of the same rule in the
same file follows a `⋮┆----` row. An autofix shows as `▶▶┆ Autofix ▶ ...` above the code. The run ends
`Ran 4 rules on 3 files: 5 findings.`

With `--error` semgrep exits 1 on any finding (each is `Blocking`), whatever its rule's severity; without it, it
exits 0 and fails nothing (the job's failing step says which). Its findings are lint: the code, or the rule, is
changed to pass."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted
from remediate.models import Category, Severity

_LEVELS = {"❯❯❱": Severity.ERROR, "❯❱": Severity.WARNING, "❱": Severity.NOTE}


@state
class _Semgrep:
    found: Findings = field(default_factory=lambda: Findings(tool="semgrep"))
    findings: bool = False  # under the `N Code Findings` heading
    file: str | None = None
    rule: str | None = None
    level: Severity = Severity.ERROR
    message: list[str] = field(default_factory=list)
    next_match: bool = False  # the next code row is a match's first


def _heading(st: _Semgrep, no: int, _m: re.Match[str]) -> None:
    st.findings = True
    st.found.seen = True
    st.found.mark(no, 6.0)


def _file(st: _Semgrep, _no: int, m: re.Match[str]) -> None:
    st.file, st.rule = m["file"], None


def _rule(st: _Semgrep, no: int, m: re.Match[str]) -> None:
    st.rule, st.level, st.message, st.next_match = m["rule"], _LEVELS[m["arrows"]], [], True
    st.found.mark(no, 7.0)


def _message(st: _Semgrep, _no: int, m: re.Match[str]) -> bool:
    """A line of the rule's message, above its first code row; `❰❰ Blocking ❱❱` and the `Details:` link are not."""
    if not st.next_match:
        return False
    if not m["text"].startswith(("Details: ", "❰❰ ")):
        st.message.append(m["text"])
    return True


def _code(st: _Semgrep, no: int, m: re.Match[str]) -> None:
    """A matched code row: the first after the rule (or after a `⋮` row) is where the finding is."""
    if st.next_match:
        st.next_match = False
        said = " ".join(st.message) or (st.rule or "")
        st.found.error(no, said, file=st.file, at=int(m["line"]), code=st.rule, severity=st.level)


def _another(st: _Semgrep, _no: int, _m: re.Match[str]) -> None:
    st.next_match = True


def _ran(st: _Semgrep, no: int, m: re.Match[str]) -> None:
    st.findings = False
    failures_counted(st.found, no, int(m["count"]), 8.0)


def _in_findings(st: _Semgrep, _no: int) -> bool:
    return st.findings


def _under_rule(st: _Semgrep, _no: int) -> bool:
    return st.findings and st.rule is not None


_RULES = LineRules[_Semgrep](
    Rule(r"^│ \d+ Code Findings? │$", _heading, starts="│ ", ends=(" Code Finding │", " Code Findings │")),
    Rule(r"^ {2,6}(?P<arrows>❯❯❱|❯❱|❱) (?P<rule>\S+)$", _rule, has=("❱ ",), when=_in_findings, continues=True),
    Rule(r"^ +(?P<line>\d+)┆", _code, has=("┆",), when=_under_rule, continues=True),
    Rule(r"^ +⋮┆-+$", _another, has=("⋮┆",), when=_under_rule, continues=True),
    Rule(r"^ {10}(?P<text>\S.*)$", _message, starts=" " * 10, when=_under_rule, continues=True),
    Rule(r"^ {4}(?P<file>[^\s┆│]+)$", _file, starts="    ", when=_in_findings, continues=True),
    Rule(
        r"^Ran \d+ rules? on \d+ files?: (?P<count>\d+) findings?\.$",
        _ran,
        starts="Ran ",
        ends=(" finding.", " findings."),
    ),
)
PARSER = Parser(tool="semgrep", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _Semgrep()))
