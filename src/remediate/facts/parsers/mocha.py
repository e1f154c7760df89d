"""Mocha's spec reporter (also Karma/Mocha and mocha-based harnesses): the "N failing" list, whose
titles span one line per suite level and end with ":", then the error and its stack."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_FAILING = re.compile(r"^\s*(\d+) failing$")
_ITEM = re.compile(r"^(\s*)(\d+)\) ?(.*)$")
_ERROR = re.compile(r"^\s*((?:\w+\.)*\w*(?:Error|Exception)\b.*|Error: .+|expected .+)$")
_AT = re.compile(r"^\s*at .*?\(?((?:/|\.\.?/|[\w@-]+/)?[^\s():]+\.(?:[cm]?[jt]sx?|coffee)):(\d+):(\d+)\)?$")


@dataclass
class _Item:
    line: int
    indent: int
    parts: list[str] = field(default_factory=list)
    title_done: bool = False
    test_id: str = ""
    message: bool = False


def parse(view: View) -> Findings:
    found = Findings(tool="mocha")
    listing = False  # after "N failing": numbered items are failures, not the progress tree
    item: _Item | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        m = _FAILING.match(text)
        if m:
            listing = True
            found.seen = True
            found.mark(line.no, 9.0)
            found.summary_failures = int(m.group(1))
            continue
        if not listing:
            continue
        m = _ITEM.match(text)
        if m:
            item = _Item(line.no, len(m.group(1)), [m.group(3).strip()] if m.group(3).strip() else [])
            found.mark(line.no, 8.0)
            _title_line(found, item, m.group(3))
            continue
        if item is not None:
            item = _detail(found, item, line.no, text)
    return found


def _title_line(found: Findings, item: _Item, part: str) -> None:
    if part.rstrip().endswith(":"):
        item.parts[-1] = item.parts[-1].rstrip(":")
        item.title_done = True
        item.test_id = " ".join(p for p in item.parts if p)
        found.test(item.line, item.test_id)


def _detail(found: Findings, item: _Item, no: int, text: str) -> _Item | None:
    if no - item.line > 60:
        return None
    stripped = text.strip()
    if not item.title_done:
        if stripped:
            item.parts.append(stripped)
            found.mark(no, 7.0)
            _title_line(found, item, stripped)
        return item
    if not item.message and (m := _ERROR.match(text)):
        item.message = True
        found.mark(no, 8.0)
        found.test(item.line, item.test_id, message=m.group(1))
        return item
    m = _AT.match(text)
    if m and "node_modules" not in text and not m.group(1).startswith("internal/"):
        found.mark(no, 7.0)
        found.error(
            no, item.test_id, file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code="test", weight=7.0
        )
        return None
    return item


PARSER = Parser(tool="mocha", category=Category.TEST, parse=parse)
