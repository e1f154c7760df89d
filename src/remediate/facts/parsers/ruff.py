"""ruff check (full and concise output), ruff format --check, and flake8 / pycodestyle lines."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

# path:line:col: CODE [*] message   (ruff concise, flake8, pycodestyle)
_CONCISE = re.compile(r"^(\S+?\.pyi?|\S+?\.ipynb):(\d+):(\d+): ([A-Z]{1,4}\d{2,4}) (\[\*\] )?(.+)$")
# ruff full output: "F401 [*] `os` imported but unused" then " --> path:line:col"
_FULL_HEAD = re.compile(r"^([A-Z]{1,4}\d{2,4}|invalid-syntax|[a-z]+(?:-[a-z]+)+)(?: \[\*\])?:? (.+)$")
_ARROW = re.compile(r"^\s*--> (\S+?):(\d+):(\d+)$")
_FOUND = re.compile(r"^Found (\d+) errors?(?: \((\d+) fixed, (\d+) remaining\))?\.$")
_FIXABLE = re.compile(r"^\[\*\] \d+ fixable with the `--fix` option|^\[\*\] \d+ fixable with `--fix`")
_WOULD_REFORMAT = re.compile(r"^Would reformat: (\S+)$")
_UNFORMATTED = re.compile(r"^unformatted: File would be reformatted$")
_FORMAT_SUMMARY = re.compile(r"^(\d+) files? would be reformatted")


def parse(view: View) -> Findings:
    found = Findings(tool="ruff")
    concise: list[tuple[int, re.Match[str]]] = []
    ruff_style = False
    formatting = 0
    pending_head: tuple[int, str, str] | None = None
    pending_unformatted: int | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if ".py" in text and text[0] not in " \t":
            m = _CONCISE.match(text)
            if m:
                concise.append((line.no, m))
                if m.group(5):
                    ruff_style = True
                continue
        if "-->" in text:
            m = _ARROW.match(text)
            if m and pending_unformatted is not None:
                found.error(pending_unformatted, "file would be reformatted", file=m.group(1), code="format")
                found.mark(line.no, 8.0)
                formatting += 1
                pending_unformatted = None
                continue
            if m and pending_head is not None:
                head_line, code, message = pending_head
                found.error(head_line, message, file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=code)
                found.mark(line.no, 8.0)
                ruff_style = True
                pending_head = None
                continue
        pending_head = None
        if text.startswith("Found "):
            m = _FOUND.match(text)
            if m:
                ruff_style = True
                found.seen = True
                found.mark(line.no, 8.0)
                found.summary_failures = int(m.group(3) or m.group(1))
                continue
        if text.startswith("[*]") and _FIXABLE.match(text):
            ruff_style = True
            found.mark(line.no, 5.0)
            continue
        if text.startswith("Would reformat: "):
            m = _WOULD_REFORMAT.match(text)
            if m:
                found.error(line.no, "file would be reformatted", file=m.group(1), code="format")
                formatting += 1
                continue
        if text.startswith("unformatted: ") and _UNFORMATTED.match(text):
            pending_unformatted = line.no
            continue
        if "would be reformatted" in text:
            m = _FORMAT_SUMMARY.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                formatting += int(m.group(1))
                continue
        if text[0].isalpha() and (text[0].isupper() or "-" in text[:30]):
            m = _FULL_HEAD.match(text)
            if m:
                pending_head = (line.no, m.group(1), m.group(2))
    if concise:
        # `[*]` or ruff's "Found N errors." mark ruff; bare lines are flake8 / pycodestyle.
        tool = "ruff" if ruff_style or _mentions(view, "ruff") else "flake8"
        for no, m in concise:
            found.error(
                no, m.group(6), file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=m.group(4), tool=tool
            )
        if tool == "flake8":
            found.tool = "flake8"
    if (formatting and not found.errors) or (formatting and all(e.code == "format" for e in found.errors)):
        found.category = Category.FORMAT
    return found


def _mentions(view: View, word: str) -> bool:
    return any(word in line.text for line in view.lines[:2000])


PARSER = Parser(tool="ruff", category=Category.LINT, parse=parse)
