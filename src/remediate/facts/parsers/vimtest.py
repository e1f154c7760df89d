"""Vim's own test harness (`src/testdir/runtest.vim` and `summarize.vim`, run by `make test` in Vim
and in Neovim's old tests): each test file's results begin `From test_x.vim:`, a failed test is
`Found errors in Test_x():` with its errors on the lines below (`... line 3: Expected 4 but got 5`,
`Caught exception in Test_x(): ...`; a flaky test's `Run N, ...:` before each), the file ends
`N FAILED:`; the report repeats the failures tab-indented under `Failures:` after `FAILED: N Tests`
and ends `TEST FAILURE`. When the report is in the log, its failures are the ones kept: it is the
run's last word, one block for the excerpt, where the messages are scattered through the run.

Vader (vader.vim, the plugins' test framework: `vim -Nu vimrc -c 'Vader! test/*'`): each suite opens
`  Starting Vader: /path/test/x.vader`, each case's block is a row `    (1/3) [EXECUTE] title` and a
failure a second row of the same case, `    (1/3) [EXECUTE] (X) 5 should be equal to 6`; each suite
and the run end `Success/Total: 1/3` (the run's with `(assertions: 1/2)`)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

ERROR_WITHIN = 3  # lines from `Found errors in` to its first error (past a flaky test's `Run N, ...:`)
# Where an error was raised, as Vim names it: `...function RunTheTest[52]..Test_x line 1: MESSAGE`.
_RAISED = Regex(r" line \d+: ")
_RUN = Regex(r"^\s*Run \d+(?:, .*)?:$")


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="vim"))
    file: str | None = None  # the `From test_x.vim:` the failures below belong to
    # (line, test, file, message, its line, whether in the report) of each `Found errors in`
    failures: list[tuple[int, str, str | None, str | None, int | None, bool]] = field(default_factory=list)


def _from(st: _State, _no: int, m: re.Match[str]) -> None:
    st.file = m["file"]


def _failed(st: _State, no: int, m: re.Match[str]) -> None:
    message, at = None, None
    for line in st.view.after(no, ERROR_WITHIN):
        text = line.text.strip()
        if _RUN.compiled.match(text):
            continue
        if text.startswith(("Found errors in ", "From ")):
            break
        message, at = _error(text), line.no
        break
    st.found.seen = True
    st.failures.append((no, m["name"], st.file, message, at, m.string.startswith("\t")))


def _finish(st: _State, _view: View) -> Findings:
    """The report's failures if it was printed, else the run's messages'."""
    report = any(failure[5] for failure in st.failures)
    for no, name, file, message, at, in_report in st.failures:
        if in_report is report:
            st.found.test(no, name, file=file, message=message)
            if at is not None:
                st.found.mark(at, 8.0)
    return st.found


# The frame of the test helpers' wait for an assertion to hold (shared.vim's WaitForAssert, copied into plugins' test
# suites): its assertion's error is its last try at the wait's time limit (meaning.wait_limit), not the test's own.
_WAITED = Regex(r"(?<=\.\.)WaitForAssert\[\d+\]\.\.")


def _error(text: str) -> str:
    """The error without Vim's call stack: `Expected 4 but got 5`, `Caught exception: boom`; from the wait's frame
    when WaitForAssert raised it (`WaitForAssert[2]..<SNR>5_WaitForCommon[11]..<lambda>1 line 1: Expected ...`)."""
    if text.startswith("Caught exception in "):
        said = text.partition("): ")[2].partition(" @ ")[0]
        return f"Caught exception: {said}" if said else text
    if waited := _WAITED.compiled.search(text):
        return text[waited.start() :]
    raised = _RAISED.compiled.search(text)
    return text[raised.end() :] if raised else text


_RULES = LineRules[_State](
    Rule(r"^\s*From (?P<file>\S+\.vim):$", _from, ends=".vim:"),
    Rule(r"^\s*Found errors in (?P<name>Test_\w+)\(\):$", _failed, has=("Found errors in Test_",)),
    Rule(r"^(?P<failed>\d+) FAILED:$", summary(7.0), ends=" FAILED:"),
    # The report's count is counted, not marked: its failures just below are, and a mark of its own
    # drew a small excerpt's budget away from them (to the run's earlier messages of the same tests).
    Rule(r"^\s*FAILED: +(?P<failed>\d+) Tests$", summary(0.0), has=("FAILED: ",), ends=" Tests"),
    Rule(r"^TEST FAILURE$", verdict(8.0), starts="TEST FAILURE"),
)


@state
class _Vader:
    found: Findings = field(default_factory=lambda: Findings(tool="vader"))
    suite: str | None = None  # the `.vader` file being run
    titles: dict[str, str] = field(default_factory=dict)  # case number -> its title, in this suite


def _vader_suite(st: _Vader, _no: int, m: re.Match[str]) -> None:
    st.suite, st.titles = m["file"], {}


def _vader_row(st: _Vader, no: int, m: re.Match[str]) -> None:
    """A case's row: its title, or (after `(X) `) its failure, named by the title seen before."""
    case, said = m["case"], m["said"]
    if not said.startswith("(X) "):
        st.titles.setdefault(case, said)
        return
    message = said.removeprefix("(X) ")
    test = st.titles.get(case, message)
    st.found.test(no, test, file=st.suite, message=message)


def _vader_count(st: _Vader, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, int(m["total"]) - int(m["ok"]), 9.0)


_VADER = LineRules[_Vader](
    Rule(r"^\s*Starting Vader: (?P<file>\S+\.vader)$", _vader_suite, has=("Starting Vader: ",), ends=".vader"),
    Rule(r"^\s*\((?P<case>\d+)/\d+\) \[[A-Z ]+\] (?P<said>.+)$", _vader_row, has=(") [",), continues=True),
    Rule(r"^\s*Success/Total: (?P<ok>\d+)/(?P<total>\d+)", _vader_count, has=("Success/Total: ",)),
)

PARSER = Parser(tool="vim", category=Category.TEST, parse=scan_with(_RULES, lambda view: _State(view), _finish))
VADER = Parser(tool="vader", category=Category.TEST, parse=scan_with(_VADER, lambda _view: _Vader()))
