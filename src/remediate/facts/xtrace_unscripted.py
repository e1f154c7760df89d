"""The commands a shell traced (`+ cmd`) where the log shows no script to check them against: a Jenkins `sh` step's
(`sh -xe`), a project's script under its own `set -x` (`$ ./ci/run.sh`, git's ci/run-build-and-tests.sh); a `+ ` line
of a diff or of a package manager's list told apart by where it stands and what it names."""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.view import View
from remediate.facts.xtrace import DiffLines, Trace

# A trace under the default PS4 (Jenkins' `sh -xe`, a project's script under `set -x`): `+ cmd`, a nested one (a
# command substitution's) `++ cmd`. The shell prints the command's first word right after PS4's space: `+    b()` (a
# diff's added line, indented) is none.
_TRACE = Regex(r"^(?P<depth>\++) (?P<cmd>\S.*)$")
_BORDER = Regex(r"^[-+=|: ]+$")  # a table's border or a rule: `+-----+-----+`, `-----`, `|---|---|`
# difflib's ndiff (unittest's assertEqual of multi-line strings and lists) marks a changed line's characters on a
# `? ` line after it: `- total 8`, `?       ^`, `+ total 7`, a blank line after it where the line had no newline (a
# list's repr). The run of the diff's lines goes on across them.
_NDIFF_HINT = Regex(r"^\? [ ^+\-]{0,2000}$")
# An assertion's diff names its sides on a legend line before it: node's assert `+ actual - expected` (its diff at the
# line's start when node prints the error itself or mocha prints its message: `+ 'total 3'` before `- 'total 4'`,
# the added side first), Jest's expect `- Expected  - 1` / `+ Received  + 1` (each side's count of changed lines),
# then a blank line and the diff's lines: `+ `, `- `, two spaces for a line both sides hold, node's `...` for lines it
# skipped and its `^` under the first difference.
_LEGEND = Regex(r"^(?:\+ actual - expected|- Expected(?: {1,3}- \d{1,9})?|\+ Received(?: {1,3}\+ \d{1,9})?)$")
_DIFF_BODY = ("+ ", "- ", "  ", "...")
# What a package manager lists as added, behind a `+ ` as a trace is: npm 6's `+ mocha@5.2.0` rows under its
# warnings, pnpm's `+ express 4.18.2`.
_ADDED = Regex(r"^@?[\w./-]{1,200}(?:@| )v?\d+(?:\.\d+)+\S*$")


class _AssertionDiff:
    """Where an assertion's diff runs, read line by line: from its legend (_LEGEND) through the blank line after it
    and the lines shaped as the diff's, to the first line of another shape (the error's stack, `}`, a blank line)."""

    def __init__(self) -> None:
        self._state = 0  # 0: outside; 1: on the legend (a blank line may follow); 2: in the diff's lines

    def holds(self, text: str) -> bool:
        """Whether `text`, the next line, is the legend's or its diff's."""
        if text.startswith(("+ ", "- ")) and _LEGEND.match(text):
            self._state = 1
        elif self._state == 1 and not text:
            pass
        elif self._state and (text.startswith(_DIFF_BODY) or text in ("+", "-")):
            self._state = 2
        else:
            self._state = 0
        return self._state > 0


class UnscriptedTraces:
    """The commands a shell traced at its script's own level, read line by line, where the log shows no script to check
    a `+ cmd` against (a Jenkins `sh` step, a project's `./ci/run.sh` under its own `set -x`; a GitHub step's traces
    must name its script's programs), so a diff's added line is told by where it stands: in a unified diff
    (xtrace.DiffLines, as in a GitHub step's traces: after a header line, in the lines a hunk's `@@` counts), or
    among the lines of a diff without a header (an assertion's `- Expected` / `+ Received`, `- 4` / `+ 3` in Jest's
    and Vitest's reports, unittest's `- old` / `+ new` and ndiff's `? ` marks between): right after a line that
    starts with `-` or `+` and is no trace, nor a table's border or rule (one right before `+ cmd` hid that step),
    and standing for one of that run's lines: as many words as it. A list's `- item` (git's `--format='- %s'`, a
    YAML list, a changelog) stands for no command after it: `+ python -m pytest` is a step. An assertion's diff
    after its legend (_AssertionDiff: node's `+ actual - expected`, Jest's `+ Received`) is output, whichever side
    comes first and however many words its lines hold. A package manager's list of what it added (_ADDED: npm 6's
    `+ mocha@5.2.0`) is output too, though it shapes the run of diff-like lines as a trace does.
    """

    def __init__(self) -> None:
        self._diff = DiffLines()
        self._assertion = _AssertionDiff()
        self._run: set[int] = set()  # the word counts of the run of diff-like lines just before
        self._hinted = False  # the line before was ndiff's marks

    def command(self, text: str) -> str | None:
        """The command traced on line `text` at the script's own level, if any."""
        m = _TRACE.match(text)
        inside = self._diff.holds(text, m is not None)
        inside = self._assertion.holds(text) or inside
        words = len(text.split()) - 1  # the sign is a word of its own in `- item` and `+ cmd`
        trace = m is not None and not inside and words not in self._run
        hint = text.startswith("? ") and _NDIFF_HINT.match(text) is not None
        if not hint and not (self._hinted and not text):  # ndiff's marks keep the run going
            diff_like = not inside and not trace and text.startswith(("-", "+")) and not _BORDER.match(text)
            self._run = self._run | {words} if diff_like else set()
        self._hinted = hint
        command = m["cmd"].strip() if m is not None and trace and len(m["depth"]) == 1 else None
        return None if command is None or _ADDED.match(command) else command


def script_traces(view: View, first: int, end: int) -> list[Trace]:
    """The commands a script traced at its own level between lines `first` and `end` (both left out), read without
    the script's text (UnscriptedTraces); each starting at the nested traces just before it (`++ mypy --version`,
    a command substitution's, before `+ echo "mypy $(mypy --version)"`)."""
    found: list[Trace] = []
    traces = UnscriptedTraces()
    nested: int | None = None
    for line in view.after(first, max(0, end - first - 1)):
        command = traces.command(line.text)
        if command is not None:
            found.append(Trace(nested if nested is not None else line.no, line.no, command))
        is_nested = command is None and line.text.startswith("++") and _TRACE.match(line.text) is not None
        nested = (nested if nested is not None else line.no) if is_nested else None
    return found
