"""Go: build and vet errors, `go test` failures and panics."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_BUILD = re.compile(r"^(?:##\[error\])?((?:\./|\.\./|/)?[\w./-]+\.go):(\d+):(\d+): (.+)$")
_TEST_LINE = re.compile(r"^\s+([\w./-]+_test\.go):(\d+): (.+)$")
_FAIL_TEST = re.compile(r"^\s*--- FAIL: (\S+) \(([\d.]+)s\)$")
_RUN = re.compile(r"^=== (?:RUN|CONT|PAUSE) +(\S+)$")
_FAIL_PKG = re.compile(r"^FAIL\s+(\S+)\s+(?:[\d.]+s|\[build failed\]|\[setup failed\])$")
_GOTESTSUM_FAIL = re.compile(r"^=== FAIL: (\S+) (\S+)(?: \(([\d.]+)s\))?$|^(?:✖|FAIL) +(\S+) \(([\d.]+)s\)")
_PANIC = re.compile(r"^panic: (.+)$")
_PACKAGE_HEADER = re.compile(r"^# ([\w./-]+)$")
_LINTER = re.compile(r"\((\w+)\)$")


def parse(view: View) -> Findings:
    found = Findings(tool="go")
    build_errors = 0
    running: str | None = None  # the test whose output follows (`=== RUN`)
    messages: dict[str, str] = {}  # test -> its first t.Error/t.Fatal message
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if ".go:" in text:
            m = _TEST_LINE.match(text)
            if m:
                found.mark(line.no, 8.0)
                if running is not None:
                    messages.setdefault(running, f"{m.group(1)}:{m.group(2)}: {m.group(3)}")
                found.error(line.no, m.group(3), file=m.group(1), at=int(m.group(2)), code="test", weight=8.0)
                continue
            m = _BUILD.match(text)
            if m and not text.startswith(("\t", " ")):
                linter = _LINTER.search(m.group(4))
                found.error(
                    line.no,
                    m.group(4),
                    file=m.group(1),
                    at=int(m.group(2)),
                    column=int(m.group(3)),
                    code=linter.group(1) if linter else "build",
                )
                build_errors += 1
                continue
        if "FAIL" in text:
            m = _FAIL_TEST.match(text)
            if m:
                name = m.group(1)
                message = messages.get(name)
                file = message.split(":", 1)[0] if message else None
                found.test(line.no, name, file=file, message=message)
                continue
            m = _FAIL_PKG.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 8.0)
                continue
            m = _GOTESTSUM_FAIL.match(text)
            if m:
                found.test(line.no, m.group(2) or m.group(4) or text)
                continue
        if text.startswith("=== "):
            m = _RUN.match(text)
            if m:
                found.seen = True
                running = m.group(1)
            continue
        if text.startswith("panic: "):
            m = _PANIC.match(text)
            if m:
                found.error(line.no, f"panic: {m.group(1)}", code="panic", weight=9.0)
                continue
        if text.startswith("# ") and _PACKAGE_HEADER.match(text):
            found.mark(line.no, 5.0)
    if build_errors and not found.tests:
        found.category = Category.BUILD
    return found


PARSER = Parser(tool="go", category=Category.TEST, parse=parse)
