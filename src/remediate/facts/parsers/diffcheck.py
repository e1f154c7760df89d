"""A check that fails by showing a diff of the work tree: `git diff --exit-code` after a
formatter or a generator, "please apply the changes below" scripts. Only a diff that ends the
failing step counts (the step's failure follows it within a few lines, or the log ends): a diff
printed on the way (a review tool, a changelog) is not the failure."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Gated, LineRules, Parser, Regex, Rule, state
from remediate.facts.view import View
from remediate.models import Category

_CONTENT = (
    "index ",
    "--- ",
    "+++ ",
    "@@",
    "+",
    "-",
    " ",
    "\\ No newline",
    "new file mode",
    "deleted file mode",
    "similarity index",
    "rename from",
    "rename to",
    "old mode",
    "new mode",
    "Binary files",
)
_FAILED = Regex(
    r"exited with [1-9]|Process completed with exit code [1-9]|ERROR: Job failed|\*\*\* \[.*\] Error \d+|"
    r"error Command failed|exit status [1-9]|returned (?:a )?non-zero|exit code:? [1-9]|script returned exit code"
)
_AFTER = 4  # non-empty lines after the diff that may still belong to the failure
_MARKED = 300  # diff lines marked as evidence per block


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="git-diff"))
    files: list[tuple[int, str]] = field(default_factory=list)  # (header line, path) of the current block
    last: int = 0  # last line of the current diff block
    after: int = 0  # non-empty lines since the block ended

    def in_diff(self, _no: int) -> bool:
        return bool(self.files) and self.after == 0

    def past_diff(self, _no: int) -> bool:
        return bool(self.files)


def _header(st: _State, no: int, m: re.Match[str]) -> None:
    if st.files and st.after:  # a new block after unrelated lines: the earlier one did not end the step
        st.files = []
    st.files.append((no, m.group(1)))
    st.last, st.after = no, 0


def _content(st: _State, no: int, _m: re.Match[str]) -> None:
    st.last = no


def _after(st: _State, _no: int, m: re.Match[str]) -> None:
    st.after += 1
    if _FAILED.search(m.string):
        _record(st.found, st.view, st.files, st.last)
        st.files = []
    elif st.after >= _AFTER:
        st.files = []


_RULES = LineRules[_State](
    Rule(r"^diff --git a/\S+ b/(\S+)$", _header, starts="diff --git "),
    Rule("", _content, starts=_CONTENT, when=_State.in_diff),
    Rule("", _after, when=_State.past_diff),
)


def parse(view: View) -> Findings:
    st = _State(view)
    for line in view.lines:
        if line.text:
            _RULES.apply(st, line.no, line.text)
        elif st.in_diff(line.no):  # a blank line inside a diff is an unchanged empty line
            st.last = line.no
    if st.files:  # the log ends with the diff
        _record(st.found, view, st.files, st.last)
    return st.found


def _record(found: Findings, view: View, files: list[tuple[int, str]], last: int) -> None:
    for no, path in files:
        found.error(no, f"the check's diff changes {path}", file=path, code="diff")
    start = files[0][0]
    for no in range(start, min(last, start + _MARKED) + 1):
        found.mark(no, 6.0)


# Every record follows a `diff --git` header (the rest waits on one): a log without one is not read.
PARSER = Parser(tool="git-diff", category=Category.FORMAT, parse=Gated(("\ndiff --git ",), "git-diff", parse))
