"""TypeScript (tsc), ESLint, and JavaScript test runners (Jest, Vitest). Mocha and Prettier have their own files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, evidence, verdict
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


BULLET_WITHIN = 40  # lines after a failing test's bullet that may hold its error and location


@dataclass
class _JsTests:
    found: Findings = field(default_factory=lambda: Findings(tool="jest"))
    suite: str | None = None  # the test file of the last `FAIL path` line
    bullet: tuple[int, str] | None = None  # (line, name) of the failing test whose error may follow

    def near_bullet(self, no: int) -> bool:
        return self.bullet is not None and no - self.bullet[0] <= BULLET_WITHIN


def _jest_fail(st: _JsTests, no: int, m: re.Match[str]) -> None:
    st.suite = m.group(1)
    verdict(9.0)(st, no, m)


def _vitest_fail(st: _JsTests, no: int, m: re.Match[str]) -> None:
    st.found.tool = "vitest"
    st.found.test(no, f"{m.group(1)} > {m.group(2)}", file=m.group(1))


def _jest_bullet(st: _JsTests, no: int, m: re.Match[str]) -> bool:
    if m.group(1).startswith("Console"):
        return False
    name = m.group(1).strip()
    st.found.test(no, f"{st.suite} › {name}" if st.suite else name, file=st.suite)
    st.bullet = (no, name)
    return True


def _jest_summary(st: _JsTests, no: int, m: re.Match[str]) -> None:
    verdict(9.0)(st, no, m)
    if m.group(1) in ("Tests", "Test Files"):
        st.found.summary_failures = max(st.found.summary_failures, int(m.group(2)))


def _js_error(st: _JsTests, no: int, m: re.Match[str]) -> None:
    assert st.bullet is not None
    st.found.mark(no, 8.0)
    first, name = st.bullet
    st.found.test(first, f"{st.suite} › {name}" if st.suite else name, message=m.string.strip())


def _js_at(st: _JsTests, no: int, m: re.Match[str]) -> bool:
    if "node_modules" in m.string:
        return False
    assert st.bullet is not None
    st.found.mark(no, 7.0)
    at, column = int(m.group(2)), int(m.group(3))
    st.found.error(no, st.bullet[1], file=m.group(1), at=at, column=column, code="test", weight=7.0)
    st.bullet = None
    return True


_JS_TEST_RULES = LineRules[_JsTests](
    Rule(_JEST_FAIL, _jest_fail, has=("FAIL",)),
    Rule(_VITEST_FAIL, _vitest_fail, has=("FAIL",)),
    Rule(_JEST_BULLET, _jest_bullet, has=("●",)),
    Rule(_JEST_CROSS, evidence(7.0), has=("✕", "×", "✗")),
    Rule(_JEST_SUMMARY, _jest_summary, has=("Tests:", "Test Suites:", "Test Files:", "Snapshots:"), stripped=True),
    Rule(_JS_ERROR, _js_error, has=("Error", "expect("), when=_JsTests.near_bullet),
    Rule(_AT, _js_at, has=("at ",), when=_JsTests.near_bullet),
)


def parse_js_tests(view: View) -> Findings:
    st = _JsTests()
    _JS_TEST_RULES.run(st, view.lines)
    return st.found


TSC = Parser(tool="tsc", category=Category.TYPE, parse=parse_tsc)
ESLINT = Parser(tool="eslint", category=Category.LINT, parse=parse_eslint)
JS_TESTS = Parser(tool="jest", category=Category.TEST, parse=parse_js_tests)
