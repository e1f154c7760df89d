"""Ruby's test-unit (2.x and 3.x, the gem Ruby bundles): each fault between `====` rules,
`Failure: test_total(TestCart)` or `Error: test_x(TestCart): ZeroDivisionError: divided by 0`, then the
backtrace (`test/test_cart.rb:6:in 'test_total'`), the source around the failed line and the
assertion's message; the run ends with `5 tests, 4 assertions, 3 failures, 1 errors, 0 pendings, ...`."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.facts.parsers.ruby import RUBY_FRAME_AT
from remediate.facts.view import View
from remediate.models import Category

FAULT_WITHIN = 40  # lines under a fault's header in which its backtrace and message come
MESSAGE_LINES = 3  # an assertion's message spans lines (`<6> expected but was` / `<5>`): the first few
# ruby's frame place; its `where` any character (the test's name ends it), not minitest's `where` without a quote
_FRAME = Regex(RUBY_FRAME_AT + r"(?P<where>.+)'$")
_SOURCE = Regex(r"^\s*(?:=>\s*)?\d+:")  # the source lines test-unit shows around the failed one
_RULE = "=" * 20  # the start of the rule closing a fault


@state
class _TestUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="test-unit"))


def _fault(st: _TestUnit, no: int, m: re.Match[str]) -> None:
    """A failed or erroring test: its file is that of the frame in the test's own method (a block
    test's is the last frame shown: test-unit hides its own), its message the header's or the lines
    below that are neither a frame nor the source."""
    name = f"{m['name']}({m['cls']})"
    frames: list[re.Match[str]] = []
    said: list[str] = []
    for line in st.view.after(no, FAULT_WITHIN):
        if line.text.startswith(_RULE):
            break
        if frame := _FRAME.compiled.match(line.text):
            frames.append(frame)
        elif line.text.strip() and not _SOURCE.compiled.match(line.text) and len(said) < MESSAGE_LINES:
            said.append(line.text.strip())
            st.found.mark(line.no, 8.0)
    message = m["msg"] or " ".join(said) or None
    own = next((f for f in frames if f["where"].endswith(m["name"])), frames[-1] if frames else None)
    st.found.test(no, name, file=own["file"] if own else None, message=message)
    if own:
        st.found.error(no, message or name, file=own["file"], at=int(own["line"]), code="test", weight=7.0)


_RULES = LineRules[_TestUnit](
    # An `Error: ` line alone is any tool's: a fault counts only in a view holding test-unit's summary.
    Rule(
        r"^(?:Failure|Error): (?P<name>.+?)\((?P<cls>[A-Z][\w:]*)\)(?::(?: (?P<msg>.+))?)?$",
        _fault,
        starts=("Failure: ", "Error: "),
        continues=True,
    ),
    Rule(
        r"^\d+ tests, \d+ assertions, (?P<failed>\d+) failures, (?P<errors>\d+) errors, \d+ pendings, ",
        summary(9.0),
        has=(" pendings, ",),
    ),
)

PARSER = Parser(tool="test-unit", category=Category.TEST, parse=scan_with(_RULES, lambda view: _TestUnit(view)))
