"""TypeScript (tsc), ESLint, and JavaScript test runners (Jest, Vitest). Mocha and Prettier have their own files."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_TSC = re.compile(
    r"^(?:##\[error\])?(\S+?\.(?:ts|tsx|mts|cts|js|jsx|vue))(?:\((\d+),(\d+)\)|:(\d+):(\d+)) ?[:-] ?"
    r"error (TS\d+): (.+)$"
)
_TSC_FOUND = re.compile(r"^Found (\d+) errors?(?: in (?:\d+ files|the same file|\S+))?")

_ESLINT_FILE = re.compile(r"^(/\S+|[A-Za-z]:\\\S+|\S+/\S+)\.(?:[cm]?[jt]sx?|vue|svelte|astro|json|md)$")
_ESLINT_ROW = re.compile(r"^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(@?[\w/-]+))?$")
_ESLINT_SUMMARY = re.compile(r"^[✖×] (\d+) problems? \((\d+) errors?, (\d+) warnings?\)")
_ESLINT_COMPACT = re.compile(r"^(\S+?): line (\d+), col (\d+), (Error|Warning) - (.+?)(?: \(([\w@/-]+)\))?$")

_JEST_FAIL = re.compile(r"^\s*FAIL\s+(\S+\.(?:[cm]?[jt]sx?))(?: \([\d.]+ ?m?s\))?$")
_JEST_BULLET = re.compile(r"^\s*● (.+)$")
_JEST_CROSS = re.compile(r"^\s*[✕×✗] (.+?)(?: \(\d+ ?m?s\))?$")
_JEST_SUMMARY = re.compile(r"^(Tests|Test Suites|Test Files|Snapshots):\s+(?:(\d+) failed)")
_VITEST_FAIL = re.compile(r"^\s*(?:FAIL|×)\s+(\S+\.(?:[cm]?[jt]sx?)) (?:>|›) (.+)$")
_JS_ERROR = re.compile(r"^\s*((?:\w+)?(?:Error|AssertionError)(?: \[\w+\])?): (.+)$|^\s*(expect\(.+\)\.\w+\(.*\))")
_AT = re.compile(r"^\s*at .*?\(?((?:/|\.\.?/|[\w@-]+/)[^():]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)\)?$")


def parse_tsc(view: View) -> Findings:
    found = Findings(tool="tsc")
    for line in view.lines:
        text = line.text
        if " error TS" in text:
            m = _TSC.match(text)
            if m:
                at = m.group(2) or m.group(4)
                col = m.group(3) or m.group(5)
                found.error(line.no, m.group(7), file=m.group(1), at=int(at), column=int(col), code=m.group(6))
                continue
        if text.startswith("Found ") and found.errors:
            m = _TSC_FOUND.match(text)
            if m:
                found.mark(line.no, 9.0)
                found.summary_failures = int(m.group(1))
    return found


def parse_eslint(view: View) -> Findings:
    found = Findings(tool="eslint")
    current: str | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text[0] not in " \t":
            m = _ESLINT_FILE.match(text)
            current = text if m else None
            if m:
                found.mark(line.no, 5.0)
                continue
            m = _ESLINT_SUMMARY.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                found.summary_failures = int(m.group(2))
                continue
            m = _ESLINT_COMPACT.match(text)
            if m and m.group(4) == "Error":
                found.error(
                    line.no, m.group(5), file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=m.group(6)
                )
                continue
            continue
        if current is not None:
            m = _ESLINT_ROW.match(text)
            if m:
                if m.group(3) == "error":
                    found.error(
                        line.no, m.group(4), file=current, at=int(m.group(1)), column=int(m.group(2)), code=m.group(5)
                    )
                else:
                    found.mark(line.no, 3.0)
    return found


def parse_js_tests(view: View) -> Findings:
    found = Findings(tool="jest")
    suite: str | None = None
    bullet: tuple[int, str] | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        stripped = text.strip()
        if "FAIL" in text:
            m = _JEST_FAIL.match(text)
            if m:
                suite = m.group(1)
                found.seen = True
                found.mark(line.no, 9.0)
                continue
            m = _VITEST_FAIL.match(text)
            if m:
                found.tool = "vitest"
                found.test(line.no, f"{m.group(1)} > {m.group(2)}", file=m.group(1))
                continue
        if stripped.startswith("●"):
            m = _JEST_BULLET.match(text)
            if m and not m.group(1).startswith("Console"):
                name = m.group(1).strip()
                found.test(line.no, f"{suite} › {name}" if suite else name, file=suite)
                bullet = (line.no, name)
                continue
        if stripped[:1] in "✕×✗":
            m = _JEST_CROSS.match(text)
            if m:
                found.mark(line.no, 7.0)
                continue
        if ":" in text and ("Tests" in text or "Test Suites" in text or "Test Files" in text or "Snapshots" in text):
            m = _JEST_SUMMARY.match(stripped)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                if m.group(1) in ("Tests", "Test Files"):
                    found.summary_failures = max(found.summary_failures, int(m.group(2)))
                continue
        if bullet is not None and line.no - bullet[0] <= 40:
            m = _JS_ERROR.match(text)
            if m:
                found.mark(line.no, 8.0)
                message = stripped
                found.test(bullet[0], f"{suite} › {bullet[1]}" if suite else bullet[1], message=message)
                continue
            m = _AT.match(text)
            if m and "node_modules" not in text:
                found.mark(line.no, 7.0)
                found.error(
                    line.no,
                    f"{bullet[1]}",
                    file=m.group(1),
                    at=int(m.group(2)),
                    column=int(m.group(3)),
                    code="test",
                    weight=7.0,
                )
                bullet = None
    return found


TSC = Parser(tool="tsc", category=Category.TYPE, parse=parse_tsc)
ESLINT = Parser(tool="eslint", category=Category.LINT, parse=parse_eslint)
JS_TESTS = Parser(tool="jest", category=Category.TEST, parse=parse_js_tests)
