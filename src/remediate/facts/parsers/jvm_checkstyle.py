"""Checkstyle's plain report, as its CLI prints it (`[ERROR] /path/File.java:4:5: message [Check]`)
and as Gradle's and Ant's checkstyle tasks pass it on (`[ant:checkstyle] [ERROR] ...`,
`[checkstyle] [ERROR] ...`; Gradle 4's plain console puts the first right after the task's
name). An ERROR fails the run; a WARN (a check configured at warning severity) does not."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import HasFindings, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import evidence, summary
from remediate.models import Category

_ROW = (
    r"^(?:(?::[\w-]+)+)?\s*(?:\[(?:ant:)?checkstyle\] )?\[(?P<level>ERROR|WARN)\] "
    r"(?P<file>\S+?\.\w+):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+?)(?: \[(?P<code>\w+)\])?$"
)


def _row(st: HasFindings, no: int, m: re.Match[str]) -> bool:
    if m["code"] is None and "checkstyle]" not in m.string:  # the CLI names the check; another tool's row
        return False
    if m["level"] == "WARN":
        st.found.seen = True
        st.found.mark(no, 3.0)
        return True
    column = int(m["col"]) if m["col"] else None
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), column=column, code=m["code"])
    return True


_RULES = LineRules[HasFindings](
    Rule(_ROW, _row, has=("[ERROR] ", "[WARN] ")),
    Rule(
        r"^(?:\s*\[checkstyle\] )?Checkstyle ends with (?P<errors>\d+) errors?\.$",
        summary(8.0),
        has=("Checkstyle ends",),
    ),
    Rule(r"^Starting audit\.\.\.$|^Audit done\.$", evidence(2.0), ends=("audit...", "Audit done.")),
)

PARSER = Parser(tool="checkstyle", category=Category.LINT, parse=scan_with(_RULES, plain("checkstyle")))
