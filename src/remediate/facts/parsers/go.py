"""Go: build and vet errors, `go test` failures and panics."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_BUILD = re.compile(r"^(?:##\[error\]|vet: )?((?:\./|\.\./|/)?[\w./-]+\.go):(\d+):(\d+): (.+)$")
_TEST_LINE = re.compile(r"^\s+([\w./-]+_test\.go):(\d+): (.+)$")
_FAIL_TEST = re.compile(r"^\s*--- FAIL: (\S+) \(([\d.]+)s\)$")
_RUN = re.compile(r"^=== (?:RUN|CONT|PAUSE) +(\S+)$")
_FAIL_PKG = re.compile(r"^FAIL\s+(\S+)\s+(?:[\d.]+s|\[build failed\]|\[setup failed\])$")
_GOTESTSUM_FAIL = re.compile(r"^=== FAIL: (\S+) (\S+)(?: \(([\d.]+)s\))?$|^(?:✖|FAIL) +(\S+) \(([\d.]+)s\)")
_PANIC = re.compile(r"^panic: (.+)$")
# Ginkgo (BDD framework for Go): failure blocks, the summary and the suite verdict.
_GINKGO_FAILED = re.compile(r"^\s*(?:•\s*)?\[(?:FAILED|PANICKED|TIMEDOUT)\](?: \[[\d.]+ seconds\])?\s*(.*)$")
_GINKGO_SUMMARY = re.compile(r"^Summarizing \d+ Failures?:$|^Ran \d+ of \d+ Specs? in |^FAIL! -- \d+ Passed")
_GINKGO_FAIL_ITEM = re.compile(r"^\s*\[(?:FAIL|PANICKED|TIMEDOUT)\] (.+)$")
GINKGO_BLOCK = 8  # lines after a ginkgo [FAILED] marker that describe it (spec name, location, reason)
_PACKAGE_HEADER = re.compile(r"^# ([\w./-]+)$")
_LINTER = re.compile(r"\((\w+)\)$")
# `gofmt -l` prints each file it would reformat on a line of its own.
_GOFMT_FILE = re.compile(r"^(?:\./)?((?:[\w.-]+/)*[\w.-]+\.go)$")
MAX_TEST_LINES = 5  # `file_test.go:N:` lines recorded per failing test


def parse(view: View) -> Findings:
    found = Findings(tool="go")
    build_errors = 0
    running: str | None = None  # the test whose output follows (`=== RUN`)
    failed: tuple[int, str] | None = None  # without -v, a test's lines follow its `--- FAIL` line
    # test -> its `file_test.go:N: msg` lines; they become evidence only if the test fails
    # (passing tests print them too, through t.Log).
    outputs: dict[str, list[tuple[int, str, int, str]]] = {}
    gofmt_files = 0
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.endswith(".go") and (m := _GOFMT_FILE.match(text)):
            found.error(line.no, "gofmt would reformat this file", file=m.group(1), code="format", tool="gofmt")
            gofmt_files += 1
            continue
        if ".go:" in text:
            m = _TEST_LINE.match(text)
            if m and running is None and failed is not None:
                found.error(line.no, m.group(3), file=m.group(1), at=int(m.group(2)), code="test", weight=8.0)
                found.test(failed[0], failed[1], message=f"{m.group(1)}:{m.group(2)}: {m.group(3)}")
                continue
            if m:
                outputs.setdefault(running or "", []).append((line.no, m.group(1), int(m.group(2)), m.group(3)))
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
                said = outputs.get(name) or outputs.get("", [])
                failed = (line.no, name)
                for no, file, at, message in said[:MAX_TEST_LINES]:
                    found.error(no, message, file=file, at=at, code="test", weight=8.0)
                first = said[0] if said else None
                found.test(
                    line.no,
                    name,
                    file=first[1] if first else None,
                    message=f"{first[1]}:{first[2]}: {first[3]}" if first else None,
                )
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
        if "[F" in text or "[P" in text or "[T" in text:
            m = _GINKGO_FAILED.match(text)
            if m:
                found.mark(line.no, 9.0)
                for nxt in view.after(line.no, GINKGO_BLOCK):
                    if nxt.text.startswith("---"):
                        break
                    found.mark(nxt.no, 7.0)
                continue
            m = _GINKGO_FAIL_ITEM.match(text)
            if m:
                found.test(line.no, m.group(1).strip())
                continue
        if _GINKGO_SUMMARY.match(text):
            found.seen = True
            found.mark(line.no, 9.0)
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
    elif gofmt_files and not build_errors and not found.tests:
        found.category = Category.FORMAT
        found.tool = "gofmt"
    return found


PARSER = Parser(tool="go", category=Category.TEST, parse=parse)
