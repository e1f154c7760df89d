"""Ruby test runners: RSpec and Minitest (also Rails' `bin/rails test` reporter)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_RSPEC_ITEM = re.compile(r"^\s*\d+\) (\S.*)$")
_RSPEC_FAILURE = re.compile(r"^\s*Failure/Error: ")
_RSPEC_AT = re.compile(r"^\s*# (\S+?\.rb):(\d+):in ")
_RSPEC_RERUN = re.compile(r"^rspec (\S+?\.rb)(?::(\d+)|\[[\d:]+\]) # (.+)$")
_RSPEC_SUMMARY = re.compile(
    r"^\d+ examples?, (\d+) failures?(?:, \d+ pending)?(?:, (\d+) errors? occurred outside of examples)?$"
)
_RSPEC_LOAD = re.compile(r"^An error occurred while loading (\S+?)\.?$")
_RUBY_EXCEPTION = re.compile(r"^\s*((?:[A-Z]\w*::)*[A-Z]\w*(?:Error|Exception)):$")
_RUBY_SYNTAX = re.compile(r"^\s*(\S+?\.rb):(\d+): (syntax error.*)$")

_MINI_HEADER = re.compile(r"^\s*(?:\d+\) )?(Failure|Error):$")
_MINI_TEST = re.compile(r"^([A-Z][\w:]*#\w+)(?: \[(\S+?\.rb):(\d+)\])?:$")
_MINI_SUMMARY = re.compile(r"^\d+ (?:runs|tests), \d+ assertions, (\d+) failures, (\d+) errors(?:, \d+ skips)?$")
_RAILS_RERUN = re.compile(r"^(?:bin/rails|rails) test (\S+?\.rb):(\d+)$")


@dataclass
class _Example:
    line: int
    test_id: str
    failure: bool = False  # a Failure/Error line was seen: the message follows


def parse_rspec(view: View) -> Findings:
    found = Findings(tool="rspec")
    current: _Example | None = None
    exception: str | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if current is not None and _rspec_detail(found, current, line.no, text):
            continue
        m = _RSPEC_ITEM.match(text)
        if m and _rspec_item_follows(view, line.no):
            current = _Example(line.no, m.group(1).strip())
            found.test(line.no, current.test_id)
            continue
        if text.startswith("rspec "):
            m = _RSPEC_RERUN.match(text)
            if m:
                found.mark(line.no, 8.0)
                found.test(line.no, m.group(3), file=m.group(1))
            continue
        if exception is None and (m := _RSPEC_LOAD.match(text)):
            found.error(line.no, text, file=m.group(1), code="load")
            exception = ""
            continue
        if exception is not None and (m := _RUBY_EXCEPTION.match(text)):
            exception = m.group(1)
            found.mark(line.no, 8.0)
            continue
        if exception and (m := _RUBY_SYNTAX.match(text)):
            found.error(line.no, m.group(3), file=m.group(1), at=int(m.group(2)), code=exception)
            continue
        m = _RSPEC_SUMMARY.match(text)
        if m:
            found.seen = True
            found.mark(line.no, 9.0)
            found.summary_failures = int(m.group(1)) + int(m.group(2) or 0)
    return found


def _rspec_item_follows(view: View, no: int) -> bool:
    """A numbered item is an RSpec example only when a Failure/Error line follows closely."""
    return any(_RSPEC_FAILURE.match(view.text(n)) for n in range(no + 1, min(no + 4, view.total_lines + 1)))


def _rspec_detail(found: Findings, current: _Example, no: int, text: str) -> bool:
    if no - current.line > 40:
        return False
    if _RSPEC_FAILURE.match(text):
        found.mark(no, 8.0)
        current.failure = True
        return True
    m = _RSPEC_AT.match(text)
    if m:
        if "/gems/" not in m.group(1) and "/vendor/" not in m.group(1):
            found.error(no, current.test_id, file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
            current.failure = False
        return True
    if current.failure and text.strip():
        found.mark(no, 7.0)
        found.test(current.line, current.test_id, message=text.strip())
        return True
    return False


def parse_minitest(view: View) -> Findings:
    found = Findings(tool="minitest")
    pending: tuple[int, str] | None = None  # (header line, Failure|Error)
    current: tuple[int, str] | None = None  # (test line, test id): its message follows
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.endswith(":") and (m := _MINI_HEADER.match(text)):
            pending = (line.no, m.group(1))
            continue
        if pending is not None and line.no - pending[0] <= 2 and (m := _MINI_TEST.match(text)):
            found.mark(pending[0], 8.0)
            found.test(line.no, m.group(1), file=m.group(2))
            if m.group(2):
                found.error(line.no, m.group(1), file=m.group(2), at=int(m.group(3)), code="test", weight=7.0)
            current, pending = (line.no, m.group(1)), None
            continue
        if current is not None and line.no == current[0] + 1:
            found.mark(line.no, 8.0)
            found.test(current[0], current[1], message=text.strip())
            current = None
            continue
        m = _MINI_SUMMARY.match(text)
        if m:
            found.seen = True
            found.mark(line.no, 9.0)
            found.summary_failures = int(m.group(1)) + int(m.group(2))
            continue
        m = _RAILS_RERUN.match(text)
        if m:
            found.seen = True
            found.mark(line.no, 8.0)
    return found


RSPEC = Parser(tool="rspec", category=Category.TEST, parse=parse_rspec)
MINITEST = Parser(tool="minitest", category=Category.TEST, parse=parse_minitest)
