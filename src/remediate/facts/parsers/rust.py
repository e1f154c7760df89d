"""Rust: rustc/cargo/clippy diagnostics and `cargo test` failures."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_DIAG = re.compile(r"^(error|warning)(?:\[(E\d{4}|[\w:]+)\])?: (.+)$")
_ARROW = re.compile(r"^\s*--> (\S+?):(\d+):(\d+)$")
_TEST = re.compile(r"^test (\S+) \.\.\. FAILED$")
_PANIC = re.compile(r"^thread '([^']+)'(?: \(\d+\))? panicked at (\S+?):(\d+):(\d+):?(?: (.+))?$")
_RESULT = re.compile(r"^test result: FAILED\. (\d+) passed; (\d+) failed")
_COULD_NOT = re.compile(r"^error: could not compile `([\w-]+)`")
_NEXTEST = re.compile(
    r"^\s*(?:FAIL|SIGSEGV|SIGABRT|SIGKILL|ABORT|TIMEOUT|LEAK-FAIL) +\[\s*[\d.]+m?s\] +(?:\(\s*\d+/\d+\) +)?"
    r"(?:\S+ +)?(\S+)$"  # "[(3/4)] binary test::path": the id as libtest prints it
)
# `cargo fmt --check` / `rustfmt --check`: one header per file and hunk it would change.
_FMT_DIFF = re.compile(r"^Diff in (\S+?\.rs)(?: at line (\d+)|:(\d+)):?$")
_SKIP = ("aborting due to", "could not compile", "test failed, to rerun", "build failed")


def parse(view: View) -> Findings:
    found = Findings(tool="cargo")
    pending: tuple[int, str | None, str] | None = None
    panic_for: tuple[int, str] | None = None
    compile_errors = 0
    fmt_files: set[str] = set()
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if text.startswith("Diff in ") and (m := _FMT_DIFF.match(text)):
            if m.group(1) not in fmt_files:  # one record per file: rustfmt rewrites it whole
                fmt_files.add(m.group(1))
                at = int(m.group(2) or m.group(3))
                found.error(line.no, "rustfmt would reformat this file", file=m.group(1), at=at, code="format")
            found.mark(line.no, 8.0)
            continue
        if text.startswith(("error", "warning")):
            m = _COULD_NOT.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                continue
            m = _DIAG.match(text)
            if m and not any(s in text for s in _SKIP):
                if m.group(1) == "error":
                    pending = (line.no, m.group(2), m.group(3))
                    found.mark(line.no, 9.0)
                else:
                    found.mark(line.no, 2.0)
                    pending = None
                continue
        if pending is not None and "-->" in text:
            m = _ARROW.match(text)
            if m:
                no, code, message = pending
                found.error(no, message, file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=code)
                found.mark(line.no, 9.0)
                compile_errors += 1
                pending = None
                continue
        if text.startswith("test ") and text.endswith("FAILED"):
            m = _TEST.match(text)
            if m:
                found.test(line.no, m.group(1))
                continue
        if text.startswith("thread '"):
            m = _PANIC.match(text)
            if m:
                found.mark(line.no, 9.0)
                panic_for = (line.no, m.group(1))
                found.error(
                    line.no,
                    m.group(5) or "panicked",
                    file=m.group(2),
                    at=int(m.group(3)),
                    column=int(m.group(4)),
                    code="panic",
                )
                continue
        if panic_for is not None and line.no <= panic_for[0] + 3 and not text.startswith(("note:", "stack")):
            found.mark(line.no, 8.0)
            found.test(panic_for[0], panic_for[1], message=text.strip())
            err = found.errors[-1] if found.errors else None
            if err is not None and err.log_line == panic_for[0] and err.message == "panicked":
                found.errors[-1] = err.model_copy(update={"message": text.strip()})
            panic_for = None
            continue
        if text.startswith("test result: FAILED"):
            m = _RESULT.match(text)
            if m:
                found.seen = True
                found.mark(line.no, 9.0)
                found.summary_failures += int(m.group(2))
                continue
        if "[" in text and "s]" in text:
            m = _NEXTEST.match(text)
            if m:
                found.test(line.no, m.group(1))
        if pending is not None:
            no, code, message = pending
            if code and code.startswith("E"):  # rustc error codes: a compiler error without a location
                found.error(no, message, code=code)
            pending = None
    if compile_errors and not found.tests:
        found.category = Category.BUILD
    elif fmt_files and not found.tests:
        found.category = Category.FORMAT
        found.tool = "rustfmt"
    return found


PARSER = Parser(tool="cargo", category=Category.TEST, parse=parse)
