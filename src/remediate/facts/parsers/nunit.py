"""NUnit 2's console runner (`nunit-console`, under mono on Linux CI): `Tests run: 3, Errors: 1,
Failures: 1, Inconclusive: 0, ...`, then `Errors and Failures:` listing each failed test,
`1) Test Error : Shop.Tests.CartTests.AverageOfEmptyCart`, its message (`System.DivideByZeroException :
...`, or `Expected: 6` / `But was:  5`) and its stack (mono: `at NS.Class.Method () [0x0000d] in
/path/CartTests.cs:17`; .NET Framework: `at NS.Class.Method() in C:\\path\\CartTests.cs:line 17`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.view import View
from remediate.models import Category

ITEM_WITHIN = 40  # lines under a failed test's heading in which its message and stack come
MESSAGE_LINES = 2  # `Expected: 6` / `But was:  5`
_FRAME = Regex(
    r"^\s*at (?P<method>[\w.`<>+]+) ?\([^)]*\)(?: \[0x[0-9a-f]+\])? "
    r"in (?P<file>(?:[A-Za-z]:)?[^:]+\.(?:cs|vb|fs)):(?:line )?(?P<line>\d+)$"
)
_ITEM = Regex(r"^\d+\) ")


@state
class _NUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="nunit"))
    listing: bool = False  # under `Errors and Failures:`


def _listing(st: _NUnit, _no: int, _m: re.Match[str]) -> None:
    st.listing = True


def _failed(st: _NUnit, no: int, m: re.Match[str]) -> None:
    """A failed test: its message is the lines below up to its stack; the record is at the stack's
    first frame with a source file (where it failed), the test's file that of its own method's frame."""
    name = m["name"]
    said: list[str] = []
    frames: list[re.Match[str]] = []
    for line in st.view.after(no, ITEM_WITHIN):
        if _ITEM.compiled.match(line.text):
            break
        if frame := _FRAME.compiled.match(line.text):
            frames.append(frame)
        elif (
            not frames and len(said) < MESSAGE_LINES and line.text.strip() and not line.text.lstrip().startswith("at ")
        ):
            said.append(line.text.strip())
            st.found.mark(line.no, 8.0)
    own = next((f for f in frames if f["method"] == name), None)
    message = " ".join(said) or None
    st.found.test(no, name, file=own["file"] if own else None, message=message)
    if frames:
        first = frames[0]
        st.found.error(no, message or name, file=first["file"], at=int(first["line"]), code="test")


_RULES = LineRules[_NUnit](
    Rule(
        r"^Tests run: \d+, Errors: (?P<errors>\d+), Failures: (?P<failed>\d+), Inconclusive: ",
        summary(9.0),
        has=(", Inconclusive: ",),
    ),
    Rule(r"^Errors and Failures:$", _listing, starts="Errors and Failures:"),
    Rule(
        r"^\d+\) (?:Test |SetUp |TearDown )?(?:Error|Failure) : (?P<name>\S+)$",
        _failed,
        has=(" : ",),
        when=lambda st, _no: st.listing,
        continues=True,
    ),
)

NUNIT = Parser(tool="nunit", category=Category.TEST, parse=scan_with(_RULES, lambda view: _NUnit(view)))
