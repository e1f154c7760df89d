"""Python formatters in check mode: black (`would reformat FILE`, `error: cannot format FILE: ...`,
its `N files would be reformatted, M files would be left unchanged.` summary) and isort
(`ERROR: FILE Imports are incorrectly sorted and/or formatted.`; isort 4, before 2020: `... Imports are
incorrectly sorted.`). A file either would change
(a format failure) or could not be parsed (black names the syntax error). yapf's and autopep8's `--diff`
(a CI's check with yapf's exit 1, autopep8's `--exit-code`) name each file in their diff's own header:
yapf `+++ FILE\t(reformatted)` (0.2x to 0.40 alike), autopep8 `+++ fixed/FILE`. yamlfix, a YAML formatter from
PyPI, under `--check`: `[+] Would fix FILE` per file it would rewrite, then `[+] Checked 2 files: 0 fixed, 2 left
unchanged` (exit 1; `[+]` is its log's mark, coloured in a terminal and out of one alike)."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record, summary, verdict
from remediate.models import Category

_BLACK = LineRules[Found](
    Rule(r"^would reformat (?P<file>\S.*)$", record("format", message="file would be reformatted"), starts="would "),
    Rule(r"^error: cannot format (?P<file>[^:]+): (?P<msg>.+)$", record("syntax"), starts="error: cannot format "),
    Rule(
        r"^(?:(?P<failed>\d+) files? would be reformatted|\d+ files? would fail to reformat)"
        r"(?:, \d+ files? would (?:be left unchanged|fail to reformat))*\.$",
        summary(9.0),
        has=(" would ",),
    ),
    Rule(r"^Oh no! ", verdict(8.0), starts="Oh no! "),
)

_ISORT = LineRules[Found](
    Rule(
        r"^ERROR: (?P<file>\S.*?) Imports are incorrectly sorted(?P<how>(?: and/or formatted)?)\.$",
        record("isort", message="imports are incorrectly sorted{how}"),
        starts="ERROR: ",
    ),
)

_DIFFS = LineRules[Found](
    Rule(
        r"^\+\+\+ (?P<file>\S.*?)\t\(reformatted\)$",
        record("format", message="file would be reformatted"),
        ends="\t(reformatted)",
    ),
    Rule(
        r"^\+\+\+ fixed/(?P<file>\S.*)$",
        record("format", tool="autopep8", message="file would be reformatted"),
        starts="+++ fixed/",
    ),
)

_YAMLFIX = LineRules[Found](
    Rule(
        r"^(?:\[\+\] )?Would fix (?P<file>\S+?\.ya?ml)$",
        record("format", message="file would be reformatted"),
        has=("Would fix ",),
    ),
)

BLACK = Parser(tool="black", category=Category.FORMAT, parse=scan_with(_BLACK, plain("black")))
ISORT = Parser(tool="isort", category=Category.FORMAT, parse=scan_with(_ISORT, plain("isort")))
YAPF = Parser(tool="yapf", category=Category.FORMAT, parse=scan_with(_DIFFS, plain("yapf")))
YAMLFIX = Parser(tool="yamlfix", category=Category.FORMAT, parse=scan_with(_YAMLFIX, plain("yamlfix")))
