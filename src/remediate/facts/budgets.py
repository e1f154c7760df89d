"""Size budgets no parser read: a build output's size over the limit the project set on it, read as a check no
specialist fixes (the README's "a size budget": neither a bug nor a linter's rule, the project's own trade-off).

Size checkers say it in a few shapes, whatever their name:
- a file's row with its size over its limit, `FAIL ./dist/app.js: 29.98KB > maxSize 10KB (gzip)` (bundlesize
  0.17-0.18) and `FAIL ./dist/app.js: 3.08KB > 1KB (gzip)` (bundlewatch 0.4);
- the limit exceeded by an amount, `Package size limit has exceeded by 934 B` (size-limit 0.x to 11.x), `Size limit
  has exceeded by 3.11 kB`;
- webpack's performance hints made errors (`performance.hints: "error"`), `ERROR in asset size limit: The
  following asset(s) exceed the recommended size limit (244 KiB).` and `ERROR in entrypoint size limit: ...`.
Read only where no parser read a record, a failing test or a summary in the failing step (a size checker no parser
knows): they fill a gap, never overrule. A warning (webpack's `WARNING in asset size limit`) is no failure.

Every pattern is anchored and linear: bounded runs over simple classes, then literals.
"""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.parsers.base import Findings
from remediate.facts.view import View
from remediate.models import Category

_SIZE = r"\d{1,9}(?:\.\d{1,4})? ?[kKMG]?i?B"
_SHAPES: tuple[Regex, ...] = (
    Regex(r"^\s{0,4}FAIL\s{1,4}(?P<file>\S{1,300}): (?P<msg>" + _SIZE + r" > (?:maxSize )?" + _SIZE + r")"),
    Regex(r"^\s{0,8}(?P<msg>(?:[A-Z][a-z]{1,20} )?[Ss]ize limit has exceeded by " + _SIZE + r")"),
    Regex(r"^\s{0,4}ERROR in (?P<msg>(?:asset|entrypoint) size limit: .{1,300})$"),
)
_TRIGGERS = ("FAIL", "exceeded by", "size limit")
MAX_RECORDS = 50
# The records' tool: no tool's name, the kind of check.
TOOL = "size budget"


def over_budget(view: View, span: tuple[int, int]) -> Findings:
    """The files or outputs the lines of `span` (log lines, inclusive) say are over their size budget."""
    found = Findings(tool=TOOL, category=Category.UNKNOWN)
    first, last = span
    for line in view.within(first, last):
        if len(found.errors) < MAX_RECORDS and any(t in line.text for t in _TRIGGERS):
            _read(found, line.no, line.text)
    return found


def _read(found: Findings, no: int, text: str) -> None:
    for shape in _SHAPES:
        if (m := shape.match(text)) is not None:
            file = m.groupdict().get("file")
            message = f"{file} is over its size budget: {m['msg']}" if file else m["msg"].strip()
            found.error(no, message, file=file, code="size-budget")
            return
