"""Rake's own failures (`rake aborted!` and the reason on the next line). What Rake cannot find to
run (no Rakefile, a task it does not know) is the CI configuration's mistake; any other reason
(a command a task ran, a load error, a raise in a task) is only marked: the tool that failed
inside says more, and its own parser reads it."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.meaning import task_failure
from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

REASON_WITHIN = 3  # lines after `rake aborted!` in which its reason comes (a blank line may come first)
# "/path/Rakefile:3:in `block in <top (required)>'": the task's own place
_TASK_FRAME = Regex(r"^(?P<file>\S*(?:[Rr]akefile(?:\.rb)?|\.rake)):(?P<line>\d+):in ")


@state
class _Rake:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="rake"))


def _aborted(st: _Rake, no: int, _m: re.Match[str]) -> None:
    """`rake aborted!`, and its reason on the first non-empty line below."""
    st.found.seen = True
    st.found.mark(no, 8.0)
    reason = next((line for line in st.view.after(no, REASON_WITHIN) if line.text.strip()), None)
    if reason is None:
        return
    message = reason.text.strip()
    st.found.mark(reason.no, 9.0)
    if failure := task_failure("rake", [message]):  # no Rakefile, a task Rake does not know (facts.meaning)
        st.found.error(reason.no, message, code=failure.code, category=failure.category)
        return
    if any(_TASK_FRAME.match(line.text) for line in st.view.after(reason.no, 1)):
        st.found.mark(reason.no + 1, 7.0)  # the task's own place


_RULES = LineRules[_Rake](Rule(r"^rake aborted!$", _aborted, starts="rake aborted!"))

PARSER = Parser(tool="rake", category=Category.CONFIG, parse=scan_with(_RULES, lambda view: _Rake(view)))
