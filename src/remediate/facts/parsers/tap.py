"""TAP (Test Anything Protocol) producers and Perl's Test::Harness: `prove`, `make test` of a Perl
distribution, `node --test`, tape, bats and any runner printing `not ok N - name`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from remediate.facts.parsers.base import Findings, Parser
from remediate.facts.view import View
from remediate.models import Category

_NOT_OK = re.compile(r"^\s*not ok \d+(?: -)? ?(.*?)\s*$")
_DIRECTIVE = re.compile(r"#\s*(?:TODO|SKIP)\b", re.IGNORECASE)
# Test::More's diagnostics on stderr: "#   Failed test 'name'" then "#   at t/x.t line 6."
_MORE_FAILED = re.compile(r"^\s*#\s+Failed test (?:'(.*)'|in (\S+) at line (\d+)\.?)$")
_MORE_AT = re.compile(r"^\s*#\s+at (\S+) line (\d+)\.$")
_MORE_SUMMARY = re.compile(r"^\s*# Looks like (?:you failed (\d+) tests? of \d+|your test exited with \d+.*)")
# Test::Harness: "t/basic.t .. " then the file's verdict, possibly on the same line.
_HARNESS = re.compile(r"^(\S+\.t) \.{2,} ?(.*)$")
_HARNESS_BAD = re.compile(r"^(?:Dubious, test returned|Failed \d+/\d+ subtests|No subtests run)")
_HARNESS_RESULT = re.compile(r"^(?:Result: FAIL|Failed \d+/\d+ test programs)")
_HARNESS_FILE = re.compile(r"^(\S+\.t)\s+\(Wstat: .*Failed: (\d+)\)$")
# YAML diagnostics after `not ok` (node --test, tap 13/14): the message and where the test is.
_YAML_ERROR = re.compile(r"^\s+error: (.*)$")
_YAML_LOCATION = re.compile(r"^\s+location: '([^':]+):(\d+)(?::\d+)?'$")
_NODE_FAIL = re.compile(r"^# fail (\d+)$")


@dataclass
class _Open:
    """The last failing test seen, whose diagnostics may follow."""

    line: int
    test_id: str
    in_yaml: bool = False
    message_next: bool = False


def parse(view: View) -> Findings:
    found = Findings(tool="tap")
    current: _Open | None = None
    harness_file: tuple[int, str] | None = None
    for line in view.lines:
        text = line.text
        if not text:
            continue
        if current is not None and _diagnostic(found, current, line.no, text):
            continue
        if "not ok" in text:
            m = _NOT_OK.match(text)
            if m and not _DIRECTIVE.search(m.group(1)):
                test_id = _named(m.group(1), harness_file)
                found.test(line.no, test_id, file=harness_file[1] if harness_file else None)
                current = _Open(line.no, test_id)
                continue
        if text.lstrip().startswith("#"):
            current = _more(found, line.no, text, current) or current
            continue
        if ".t " in text:
            m = _HARNESS.match(text)
            if m:
                harness_file = (line.no, m.group(1))
                verdict = m.group(2).strip()
                if verdict and not verdict.startswith(("ok", "skipped")) and not verdict[0].isdigit():
                    found.test(line.no, m.group(1), file=m.group(1), message=verdict)
                continue
        _harness_verdict(found, line.no, text, harness_file)
    return found


def _named(name: str, harness_file: tuple[int, str] | None) -> str:
    name = name.strip() or "(unnamed test)"
    return f"{harness_file[1]}: {name}" if harness_file else name


def _diagnostic(found: Findings, current: _Open, no: int, text: str) -> bool:
    """YAML block lines after a `not ok`; True when the line was one."""
    stripped = text.strip()
    if not current.in_yaml:
        if stripped == "---" and no - current.line <= 2:
            current.in_yaml = True
            return True
        return False
    if stripped == "...":
        current.in_yaml = False
        return True
    if current.message_next:
        current.message_next = False
        found.mark(no, 8.0)
        found.test(current.line, current.test_id, message=stripped)
        return True
    m = _YAML_ERROR.match(text)
    if m:
        value = m.group(1).strip().strip("'\"")
        if value in ("|-", "|", ">-", ">"):
            current.message_next = True
        else:
            found.mark(no, 8.0)
            found.test(current.line, current.test_id, message=value)
        return True
    m = _YAML_LOCATION.match(text)
    if m:
        found.mark(no, 7.0)
        found.error(current.line, current.test_id, file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
    return True


def _more(found: Findings, no: int, text: str, current: _Open | None) -> _Open | None:
    """Test::More's `#` diagnostics and node's `# fail N`; a new _Open when a failure is named."""
    m = _MORE_FAILED.match(text)
    if m:
        found.mark(no, 8.0)
        if m.group(2):  # unnamed: "Failed test in t/x.t at line 6."
            name = f"{m.group(2)}: line {m.group(3)}"
            found.test(no, name, file=m.group(2))
            return _Open(no, name)
        return _Open(no, m.group(1))  # the test is recorded with its file from the next "at" line
    m = _MORE_AT.match(text)
    if m and current is not None:
        found.mark(no, 8.0)
        test_id = current.test_id if current.test_id.startswith(m.group(1)) else f"{m.group(1)}: {current.test_id}"
        found.test(current.line, test_id, file=m.group(1))
        found.error(no, current.test_id, file=m.group(1), at=int(m.group(2)), code="test")
        return _Open(current.line, test_id)
    if current is not None and no - current.line <= 6 and re.match(r"^\s*#\s+(?:got|expected|\w+):", text):
        found.mark(no, 7.0)
        found.test(current.line, current.test_id, message=text.lstrip("# \t"))
        return None
    m = _MORE_SUMMARY.match(text)
    if m:
        found.mark(no, 8.0)
        found.summary_failures = max(found.summary_failures, int(m.group(1) or 1))
        return None
    m = _NODE_FAIL.match(text.strip())
    if m and int(m.group(1)):
        found.seen = True
        found.mark(no, 9.0)
        found.summary_failures = max(found.summary_failures, int(m.group(1)))
    return None


def _harness_verdict(found: Findings, no: int, text: str, harness_file: tuple[int, str] | None) -> None:
    if _HARNESS_BAD.match(text) and harness_file is not None and no - harness_file[0] <= 40:
        found.mark(harness_file[0], 8.0)
        found.mark(no, 8.0)
        name = harness_file[1]
        if not any(t.id.startswith(f"{name}: ") or t.id == name for t in found.tests):
            found.test(harness_file[0], name, file=name, message=text.strip())
    elif _HARNESS_RESULT.match(text):
        found.seen = True
        found.mark(no, 9.0)
    else:
        m = _HARNESS_FILE.match(text)
        if m:
            found.seen = True
            found.mark(no, 8.0)
            found.summary_failures += max(1, int(m.group(2)))


PARSER = Parser(tool="tap", category=Category.TEST, parse=parse)
