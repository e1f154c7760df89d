"""unittest (and runners that print its format, e.g. Django's test runner)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_HEADER = re.compile(r"^(FAIL|ERROR|UNEXPECTED SUCCESS): (\w+) \(([\w.]+)\)(?:\n|$)")
_VERBOSE = re.compile(r"^(\w+) \(([\w.]+)\)(?: \.\.\.|\n).*?\b(FAIL|ERROR)$")
_RAN = re.compile(r"^Ran (\d+) tests? in [\d.]+s$")
_VERDICT = re.compile(r"^FAILED \(((?:failures|errors|skipped|expected failures|unexpected successes)=\d+.*)\)$")
_COUNT = re.compile(r"(?:failures|errors)=(\d+)")
_EXCEPTION = re.compile(r"^(\w+(?:\.\w+)*(?:Error|Exception|Failure)):? ?(.*)$")


def parse(view: View) -> Findings:
    found = Findings(tool="unittest")
    pending: tuple[int, str] | None = None  # (line, test id) waiting for its exception line
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.startswith(("FAIL: ", "ERROR: ", "UNEXPECTED SUCCESS: ")):
            m = _HEADER.match(text)
            if m:
                test_id = f"{m.group(3)}.{m.group(2)}" if not m.group(3).endswith(m.group(2)) else m.group(3)
                found.test(line.no, test_id)
                pending = (line.no, test_id)
                continue
        if text.endswith(("FAIL", "ERROR")) and " ... " in text:
            m = _VERBOSE.match(text)
            if m:
                test_id = m.group(2) if m.group(2).endswith(m.group(1)) else f"{m.group(2)}.{m.group(1)}"
                found.test(line.no, test_id)
                continue
        if text.startswith("Ran "):
            if _RAN.match(text):
                found.seen = True
                found.mark(line.no, 4.0)
            continue
        if text.startswith("FAILED ("):
            m = _VERDICT.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                found.summary_failures = sum(int(n) for n in _COUNT.findall(m.group(1)))
            continue
        if pending is not None and not text[0].isspace():
            m = _EXCEPTION.match(text)
            if m:
                header_line, test_id = pending
                found.mark(line.no, 8.0)
                found.test(header_line, test_id, message=text)
                pending = None
    return found


PARSER = Parser(tool="unittest", category=Category.TEST, parse=parse)
