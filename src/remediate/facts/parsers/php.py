"""PHP: PHPUnit's failure list, and the static analysers PHPStan (table format) and Psalm."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_UNIT_HEADER = re.compile(r"^There (?:was|were) \d+ (error|failure|risky test|warning)s?:$")
_UNIT_ITEM = re.compile(r"^\d+\) ((?:[\w\\]+)::\w+)(?: with data set .+)?$")
_UNIT_AT = re.compile(r"^(\S+?\.php):(\d+)$")
_UNIT_SUMMARY = re.compile(r"^Tests: \d+, Assertions: \d+(?:, (?:Errors|Failures): \d+)+")
_UNIT_COUNT = re.compile(r"(?:Errors|Failures): (\d+)")

_STAN_FILE = re.compile(r"^\s*Line\s+(\S+?\.php)\s*$")
_STAN_ROW = re.compile(r"^\s+(\d+)\s{2,}(\S.*?)\s*$")
_STAN_MORE = re.compile(r"^\s{4,}(\S.*?)\s*$")
_STAN_RULE = re.compile(r"^\s*-{3,}\s+-{3,}\s*$")
_STAN_SUMMARY = re.compile(r"^\s*\[ERROR\] Found (\d+) errors?\s*$")
_PSALM = re.compile(r"^ERROR: (\w+) - (\S+?\.php):(\d+):(\d+) - (.+)$")


def parse_phpunit(view: View) -> Findings:
    found = Findings(tool="phpunit")
    listing = False
    current: tuple[int, str] | None = None
    for line in view.lines:
        text = line.text.rstrip()
        if not text:
            continue
        if _UNIT_HEADER.match(text):
            listing = True
            found.mark(line.no, 8.0)
            continue
        m = _UNIT_ITEM.match(text) if listing else None
        if m:
            current = (line.no, m.group(1))
            found.test(line.no, m.group(1))
            continue
        if current is not None and line.no - current[0] <= 30:
            if line.no == current[0] + 1:
                found.mark(line.no, 8.0)
                found.test(current[0], current[1], message=text)
                continue
            m = _UNIT_AT.match(text)
            if m and "/vendor/" not in m.group(1):
                found.error(line.no, current[1], file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
                current = None
                continue
        if text in ("FAILURES!", "ERRORS!") or _UNIT_SUMMARY.match(text):
            found.seen = True
            found.mark(line.no, 9.0)
            found.summary_failures = max(found.summary_failures, sum(int(n) for n in _UNIT_COUNT.findall(text)))
    return found


def parse_analysers(view: View) -> Findings:
    found = Findings(tool="phpstan")
    file: str | None = None
    last: int | None = None  # index of the last table row's record: its message may wrap
    for line in view.lines:
        text = line.text
        if not text:
            continue
        m = _STAN_FILE.match(text)
        if m:
            file, last = m.group(1), None
            continue
        if file is not None:
            if _STAN_RULE.match(text) or not text.strip():
                last = None if _STAN_RULE.match(text) else last
                continue
            if (m := _STAN_ROW.match(text)) is not None:
                found.error(line.no, m.group(2), file=file, at=int(m.group(1)), code="phpstan")
                last = len(found.errors) - 1
                continue
            if last is not None and (m := _STAN_MORE.match(text)) and last < len(found.errors):
                err = found.errors[last]
                found.errors[last] = err.model_copy(update={"message": f"{err.message} {m.group(1)}"})
                found.mark(line.no, 8.0)
                continue
            file = None
        if (m := _STAN_SUMMARY.match(text)) is not None:
            found.seen = True
            found.mark(line.no, 9.0)
            found.summary_failures = int(m.group(1))
        elif text.startswith("ERROR: ") and (m := _PSALM.match(text)):
            found.error(
                line.no,
                m.group(5),
                file=m.group(2),
                at=int(m.group(3)),
                column=int(m.group(4)),
                code=m.group(1),
                tool="psalm",
            )
    return found


PHPUNIT = Parser(tool="phpunit", category=Category.TEST, parse=parse_phpunit)
PHPSTAN = Parser(tool="phpstan", category=Category.TYPE, parse=parse_analysers)
