"""Go: build and vet errors, `go test` failures and panics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule
from remediate.facts.parsers.handlers import evidence, taken, verdict
from remediate.facts.view import View
from remediate.models import Category

GINKGO_BLOCK = 8  # lines after a ginkgo [FAILED] marker that describe it (spec name, location, reason)
_LINTER = Regex(r"\((\w+)\)$")
MAX_TEST_LINES = 5  # `file_test.go:N:` lines recorded per failing test


@dataclass
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="go"))
    build_errors: int = 0
    gofmt_files: int = 0
    running: str | None = None  # the test whose output follows (`=== RUN`)
    failed: tuple[int, str] | None = None  # without -v, a test's lines follow its `--- FAIL` line
    # test -> its `file_test.go:N: msg` lines; they become evidence only if the test fails
    # (passing tests print them too, through t.Log).
    outputs: dict[str, list[tuple[int, str, int, str]]] = field(default_factory=dict)


def _gofmt(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.error(no, "gofmt would reformat this file", file=m.group(1), code="format", tool="gofmt")
    st.gofmt_files += 1


def _test_output(st: _State, no: int, m: re.Match[str]) -> None:
    if st.running is None and st.failed is not None:
        st.found.error(no, m.group(3), file=m.group(1), at=int(m.group(2)), code="test", weight=8.0)
        st.found.test(st.failed[0], st.failed[1], message=f"{m.group(1)}:{m.group(2)}: {m.group(3)}")
        return
    st.outputs.setdefault(st.running or "", []).append((no, m.group(1), int(m.group(2)), m.group(3)))


def _build(st: _State, no: int, m: re.Match[str]) -> bool:
    if m.string.startswith(("\t", " ")):
        return False
    linter = _LINTER.search(m.group(4))
    code = linter.group(1) if linter else "build"
    st.found.error(no, m.group(4), file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=code)
    st.build_errors += 1
    return True


def _failed_test(st: _State, no: int, m: re.Match[str]) -> None:
    name = m.group(1)
    said = st.outputs.get(name) or st.outputs.get("", [])
    st.failed = (no, name)
    for at_no, file, at, message in said[:MAX_TEST_LINES]:
        st.found.error(at_no, message, file=file, at=at, code="test", weight=8.0)
    first = said[0] if said else None
    said_first = f"{first[1]}:{first[2]}: {first[3]}" if first else None
    st.found.test(no, name, file=first[1] if first else None, message=said_first)


def _ginkgo_failed(st: _State, no: int, _m: re.Match[str]) -> None:
    st.found.mark(no, 9.0)
    for nxt in st.view.after(no, GINKGO_BLOCK):
        if nxt.text.startswith("---"):
            break
        st.found.mark(nxt.no, 7.0)


def _run(st: _State, _no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.running = m.group(1)


_RULES = LineRules[_State](
    # `gofmt -l` prints each file it would reformat on a line of its own.
    Rule(r"^(?:\./)?((?:[\w.-]+/)*[\w.-]+\.go)$", _gofmt, ends=".go"),
    Rule(r"^\s+([\w./-]+_test\.go):(\d+): (.+)$", _test_output, has=(".go:",)),
    Rule(r"^(?:##\[error\]|vet: )?((?:\./|\.\./|/)?[\w./-]+\.go):(\d+):(\d+): (.+)$", _build, has=(".go:",)),
    Rule(r"^\s*--- FAIL: (\S+) \(([\d.]+)s\)$", _failed_test, has=("FAIL",)),
    Rule(r"^FAIL\s+(\S+)\s+(?:[\d.]+s|\[build failed\]|\[setup failed\])$", verdict(8.0), has=("FAIL",)),
    Rule(
        r"^=== FAIL: (\S+) (\S+)(?: \(([\d.]+)s\))?$|^(?:✖|FAIL) +(\S+) \(([\d.]+)s\)",
        lambda st, no, m: st.found.test(no, m.group(2) or m.group(4) or m.string),
        has=("FAIL",),
    ),
    # Ginkgo (BDD framework for Go): failure blocks, the summary and the suite verdict.
    Rule(
        r"^\s*(?:•\s*)?\[(?:FAILED|PANICKED|TIMEDOUT)\](?: \[[\d.]+ seconds\])?\s*(.*)$",
        _ginkgo_failed,
        has=("[F", "[P", "[T"),
    ),
    Rule(
        r"^\s*\[(?:FAIL|PANICKED|TIMEDOUT)\] (.+)$",
        lambda st, no, m: st.found.test(no, m.group(1).strip()),
        has=("[F", "[P", "[T"),
    ),
    Rule(
        r"^Summarizing \d+ Failures?:$|^Ran \d+ of \d+ Specs? in |^FAIL! -- \d+ Passed",
        verdict(9.0),
        starts=("Summarizing ", "Ran ", "FAIL! -- "),
    ),
    Rule(r"^=== (?:RUN|CONT|PAUSE) +(\S+)$", _run, starts="=== "),
    Rule("", taken, starts="=== "),  # other `=== ` lines: nothing more here
    Rule(
        r"^panic: (.+)$",
        lambda st, no, m: st.found.error(no, f"panic: {m.group(1)}", code="panic", weight=9.0),
        starts="panic: ",
    ),
    Rule(r"^# ([\w./-]+)$", evidence(5.0), starts="# "),
)


def parse(view: View) -> Findings:
    st = _State(view)
    _RULES.run(st, view.lines)
    found = st.found
    if st.build_errors and not found.tests:
        found.category = Category.BUILD
    elif st.gofmt_files and not st.build_errors and not found.tests:
        found.category = Category.FORMAT
        found.tool = "gofmt"
    return found


PARSER = Parser(tool="go", category=Category.TEST, parse=parse)
