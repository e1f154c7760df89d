"""TestNG's own console (its command line with `-verbose 2`, and Ant's `<testng>` task, which puts
`[testng] ` before each line): a failed test method is `FAILED: totalAddsPrices` with its exception
on the next line (`java.lang.AssertionError: expected [6] but found [5]`) and, from the command line,
its stack below; each test and the suite end with their counts, `Tests run: 3, Failures: 2, Skips: 0`
and `Total tests run: 3, Failures: 2, Skips: 0`. Under Maven or Gradle, TestNG's failures are
reported in their words (jvm.py)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.parsers.jvm import LIBRARY_FRAMES
from remediate.facts.view import View
from remediate.models import Category

STACK_WITHIN = 40  # lines under a failed method's exception in which its own frame comes
_PREFIX = r"^(?:\s*\[testng\] )?"
_EXCEPTION = Regex(_PREFIX + r"(?P<exc>(?:[a-z]\w*\.)+[A-Z][\w$]*(?:: .*)?)$")
_FRAME = Regex(_PREFIX + r"\s+at (?P<cls>[\w.$]+)\.(?P<method>[\w$]+)\((?P<file>[\w$-]+\.java):(?P<line>\d+)\)$")


@state
class _TestNG:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="testng"))


def _frames(view: View, no: int) -> list[re.Match[str]]:
    """The stack under an exception line, outside TestNG's, the JDK's and the build tools' code."""
    frames: list[re.Match[str]] = []
    for line in view.after(no, STACK_WITHIN):
        frame = _FRAME.compiled.match(line.text)
        if frame is None:
            break
        if not frame["cls"].startswith((*LIBRARY_FRAMES, "org.testng")):
            frames.append(frame)
    return frames


def _failed(st: _TestNG, no: int, m: re.Match[str]) -> bool:
    """`FAILED: method`: TestNG's only with an exception's class on the next line (ninja's
    `FAILED: target` is followed by a command)."""
    exception = _EXCEPTION.compiled.match(st.view.text(no + 1))
    if exception is None:
        return False
    st.found.mark(no + 1, 8.0)
    frames = _frames(st.view, no + 1)
    own = next((f for f in frames if f["method"] == m["name"]), None)
    test = f"{own['cls']}.{m['name']}" if own else m["name"]
    st.found.test(no, test, file=own["file"] if own else None, message=exception["exc"])
    if frames:
        first = frames[0]
        st.found.error(no, exception["exc"], file=first["file"], at=int(first["line"]), code="test", weight=7.0)
    return True


_RULES = LineRules[_TestNG](
    # (ninja prints `FAILED: ` too: the table opens on TestNG's counts)
    Rule(_PREFIX + r"FAILED: (?P<name>[\w$]+)(?:\(.*\))?$", _failed, has=("FAILED: ",), continues=True),
    Rule(
        _PREFIX + r"\s*(?:Total tests|Tests) run: \d+, Failures: (?P<failed>\d+), Skips: \d+$",
        summary(9.0),
        has=(", Skips: ",),
    ),
)

PARSER = Parser(tool="testng", category=Category.TEST, parse=scan_with(_RULES, lambda view: _TestNG(view)))
