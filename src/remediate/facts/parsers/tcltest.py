"""Tcl's tcltest (`tclsh tests/all.tcl`, a test file run alone): a failed test opens with `==== NAME DESCRIPTION
FAILED` and closes with `==== NAME FAILED`; between, `==== Contents of test case:` (its body) and tcltest's
`---- ` lines saying why (`---- Result was:` and `---- Result should have been (exact matching):`, each over its
value; `---- Test generated error; Return code was: 1`, `---- errorInfo: MESSAGE` over the Tcl stack). Each file
(and all.tcl) closes with its tab-separated count, `all.tcl:  Total 4  Passed 1  Skipped 0  Failed 3`.
tcltest 2.5's runAllTests returns 1 when a test failed (all.tcl's `exit [runAllTests]`); a bare `runAllTests`
exits 0 whatever failed."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.view import View
from remediate.models import Category

MAX_SAID = 12  # lines of a failed test's `---- ` account kept for its message


@state
class _TclTest:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="tcltest"))
    failing: tuple[int, str] | None = None  # (line, name) of the failed test whose account is printing
    said: list[str] = field(default_factory=list)


def _opened(st: _TclTest, no: int, m: re.Match[str]) -> None:
    st.failing, st.said = (no, m["name"]), []


def _account(st: _TclTest, no: int, m: re.Match[str]) -> None:
    """A `---- ` line (with the value below when it ends in a colon: `Result was:`): what tcltest says of it."""
    said = m.string.removeprefix("---- ").strip()
    if said.endswith(":"):
        said = f"{said} {st.view.text(no + 1).strip()}"
    if len(st.said) < MAX_SAID:
        st.said.append(said)


def _closed(st: _TclTest, no: int, m: re.Match[str]) -> bool:
    if st.failing is None or st.failing[1] != m["name"]:
        return False
    line, name = st.failing
    st.found.mark(no, 7.0)
    st.found.test(line, name, message=" ".join(st.said) or None)
    st.failing = None
    return True


def _count(st: _TclTest, no: int, m: re.Match[str]) -> None:
    failed = int(m["failed"])
    st.found.seen = True
    st.found.summary(no, failed)
    if failed:
        st.found.mark(no, 9.0)


_RULES = LineRules[_TclTest](
    Rule(r"^==== (?P<name>\S+) FAILED$", _closed, starts="==== ", ends=" FAILED"),
    Rule(r"^==== (?P<name>\S+) \S.* FAILED$", _opened, starts="==== ", ends=" FAILED"),
    Rule(r"^---- \S.*$", _account, starts="---- ", when=lambda st, _no: st.failing is not None),
    Rule(r"^\S+:\s+Total\s+\d+\s+Passed\s+\d+\s+Skipped\s+\d+\s+Failed\s+(?P<failed>\d+)$", _count, has=("Total",)),
)

PARSER = Parser(tool="tcltest", category=Category.TEST, parse=scan_with(_RULES, lambda view: _TclTest(view)))
