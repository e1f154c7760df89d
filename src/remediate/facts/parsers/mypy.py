"""mypy and pyright (both Python type checkers)."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser, group_int
from remediate.facts.view import View
from remediate.models import Category

_MYPY = re.compile(r"^(\S+?\.pyi?):(\d+)(?::(\d+))?(?::\d+:\d+)?: (error|note): (.+?)(?:  \[([\w-]+)\])?$")
_MYPY_SUMMARY = re.compile(r"^Found (\d+) errors? in (\d+) files? \(checked (\d+) source files?\)$")
_MYPY_OK = re.compile(r"^Success: no issues found in \d+ source files?$")

_PYRIGHT = re.compile(r"^\s*(\S+?\.pyi?):(\d+):(\d+) - (error|warning): (.+?)(?: \((report\w+)\))?$")
_PYRIGHT_RULE = re.compile(r"\((report\w+)\)$")
_PYRIGHT_SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings?, (\d+) (?:informations?|notes?)\s*$")


def parse_mypy(view: View) -> Findings:
    found = Findings(tool="mypy")
    for line in view.lines:
        text = line.text
        if ": error: " in text or ": note: " in text:
            m = _MYPY.match(text)
            if m and m.group(4) == "error":
                found.error(
                    line.no,
                    m.group(5),
                    file=m.group(1),
                    at=int(m.group(2)),
                    column=group_int(m, 3),
                    code=m.group(6),
                )
            elif m:
                found.mark(line.no, 4.0)
            continue
        if text.startswith("Found ") and "checked" in text:
            m = _MYPY_SUMMARY.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                found.summary_failures = int(m.group(1))
            continue
        if text.startswith("Success: no issues") and _MYPY_OK.match(text):
            found.seen = True
    return found


def parse_pyright(view: View) -> Findings:
    found = Findings(tool="pyright")
    lines = view.lines
    for i, line in enumerate(lines):
        text = line.text
        if " - error: " in text or " - warning: " in text:
            m = _PYRIGHT.match(text)
            if not m:
                continue
            if m.group(4) == "warning":
                found.mark(line.no, 3.0)
                continue
            rule = m.group(6)
            message = m.group(5)
            # The rule name often closes the next (indented) detail line instead.
            j = i + 1
            while rule is None and j < len(lines) and j <= i + 6 and lines[j].no == line.no + (j - i):
                nxt = lines[j].text
                if " - error: " in nxt or not nxt.startswith((" ", "\t")):
                    break
                found.mark(lines[j].no, 6.0)
                r = _PYRIGHT_RULE.search(nxt)
                if r:
                    rule = r.group(1)
                j += 1
            found.error(line.no, message, file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=rule)
            continue
        if "error" in text and "warning" in text:
            m = _PYRIGHT_SUMMARY.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                found.summary_failures = int(m.group(1))
    return found


MYPY = Parser(tool="mypy", category=Category.TYPE, parse=parse_mypy)
PYRIGHT = Parser(tool="pyright", category=Category.TYPE, parse=parse_pyright)
