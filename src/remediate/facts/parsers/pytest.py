"""pytest: failures, errors, collection errors, the short summary and the final counts line."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_SESSION = re.compile(r"^=+ test session starts =+$|^platform \S+ -- Python \S+, pytest-")
_SUMMARY_ITEM = re.compile(r"^(FAILED|ERROR|XPASS\(strict\)) (\S+?)(?: - (.*))?$")
_VERBOSE_ITEM = re.compile(r"^(\S+\.py::\S+?)(?: \S+)? (FAILED|ERROR)(?:\s+\[\s*\d+%\])?$")
_SECTION = re.compile(r"^_{3,} (.+?) _{3,}$")
_E_LINE = re.compile(r"^E {2,}(.*)$")
_LOCATION = re.compile(r"^(\S+?\.py):(\d+):(?: (\w+(?:\.\w+)*))?$")
_FINAL = re.compile(
    r"^=+ (?=.*\b(?:\d+ (?:failed|passed|errors?|skipped|xfailed|deselected|warnings?)|no tests ran)\b)(.+?) =+$"
)
_QUIET_FINAL = re.compile(r"^(?=.*\b(?:failed|errors?)\b)(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s(?: \([\d:]+\))?$")
_INTERRUPTED = re.compile(r"^!+ (Interrupted: .+?) !+$")
_COUNT = re.compile(r"(\d+) (failed|errors?)\b")


def parse(view: View) -> Findings:
    found = Findings(tool="pytest")
    section: str | None = None
    e_message: str | None = None  # the first `E` line of the current failure section
    for line in view.lines:
        text = line.text
        if not text:
            continue
        head = text[0]
        if head == "=" or head == "p":
            if _SESSION.match(text):
                found.seen = True
                found.mark(line.no, 2.0)
                continue
            m = _FINAL.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0 if "failed" in text or "error" in text else 3.0)
                found.summary_failures = max(found.summary_failures, _failures(m.group(1)))
                section = None
                continue
        if head == "_":
            m = _SECTION.match(text)
            if m:
                section, e_message = m.group(1), None
                found.mark(line.no, 6.0)
                continue
        if head == "E":
            m = _E_LINE.match(text)
            if m and section is not None:
                found.mark(line.no, 7.0)
                if e_message is None:
                    e_message = m.group(1).strip()
                continue
        if head in "FEX":
            m = _SUMMARY_ITEM.match(text)
            if m and ("::" in m.group(2) or m.group(2).endswith(".py")):
                _kind, test_id, message = m.groups()
                found.seen = True
                if "::" in test_id:
                    found.test(line.no, test_id, file=test_id.split("::")[0], message=message)
                else:  # an ERROR on a module: a collection error
                    found.error(line.no, message or "error collecting test module", file=test_id)
                found.mark(line.no, 9.0)
                continue
        if head == "!":
            m = _INTERRUPTED.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 8.0)
                continue
        if "::" in text and (text.endswith("]") or text.endswith("FAILED") or text.endswith("ERROR")):
            m = _VERBOSE_ITEM.match(text)
            if m:
                found.test(line.no, m.group(1), file=m.group(1).split("::")[0])
                continue
        if section is not None and ".py:" in text:
            m = _LOCATION.match(text)
            if m:
                exc = m.group(3)
                if exc is None:  # an intermediate frame of the failure
                    found.mark(line.no, 5.0)
                    continue
                message = e_message or exc
                name = _section_test(section)
                found.error(line.no, f"{name}: {message}", file=m.group(1), at=int(m.group(2)), code=exc, weight=7.0)
                continue
        if text[:1].isdigit() and " in " in text:
            m = _QUIET_FINAL.match(text)
            if m and found.seen:
                found.mark(line.no, 9.0)
                found.summary_failures = max(found.summary_failures, _failures(m.group(1)))
    return found


def _failures(summary: str) -> int:
    return sum(int(n) for n, _ in _COUNT.findall(summary))


def _section_test(section: str) -> str:
    for prefix in ("ERROR at setup of ", "ERROR at teardown of ", "ERROR collecting "):
        if section.startswith(prefix):
            return section[len(prefix) :]
    return section


PARSER = Parser(tool="pytest", category=Category.TEST, parse=parse)
