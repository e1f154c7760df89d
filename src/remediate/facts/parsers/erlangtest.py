"""Erlang's test runners: Common Test (`ct_run`'s console, as erlang.mk's `make ct` prints it, and
rebar3 ct's `%%% SUITE ==> case: FAILED`) and EUnit (its own report, plain and verbose, and rebar3
eunit's RSpec-like `Failures:` list). Compile errors before a run are erlc's (beam.py)."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary, verdict
from remediate.facts.view import View
from remediate.models import Category

STACK_WITHIN = 40  # lines after a failure in which its stack trace names the project's frame
# A stack frame's place in an Erlang term: {file,"/path/test/x_SUITE.erl"}, then {line,5} (same or next line)
_FRAME_FILE = Regex(r'\{file,\s*"(?P<file>[^"]*/[^"/]+\.erl)"\}')
_FRAME_LINE = Regex(r"\{line,\s*(?P<line>\d+)\}")
# EUnit's frames (and a crash report's): "in call from calc:divide/2 (src/calc.erl, line 4)"
_NEXT_REPORT = Regex(r"%%% |\s*\d+\) ")  # rebar3 ct's next header, rebar3 eunit's next item
_EUNIT_FRAME = Regex(r"^in (?:function|call from) (?P<fun>\S+) \((?P<file>[^(),]+\.erl), line (?P<line>\d+)\)$")


@state
class _Runner:
    view: View
    found: Findings
    block: bool = False  # inside ct_run's `- - - -` failure block
    place: tuple[str, int | None] | None = None  # `Module:Function failed [on line N]` of that block
    named: bool = False  # the last failure block named the suite function that failed
    reason: str | None = None  # else its reason, for the numbered case line that follows
    case: tuple[int, str, str] | None = None  # suite.log's last `=case Suite:Function`: (line, suite, function)
    reports: list[int] = field(default_factory=list)  # lines of OTP's `=ERROR REPORT====` / `=CRASH REPORT====`
    skips: set[str] = field(default_factory=set)  # the auto-skips' missing requirements read so far

    def in_case(self, _no: int) -> bool:
        return self.case is not None

    def in_block(self, _no: int) -> bool:
        return self.block


def _project_frame(view: View, no: int) -> tuple[str | None, int | None]:
    """The first stack frame below a failure that names a file by its path (the project's: OTP's
    own frames name a bare `test_server.erl`); the failure's report ends at a blank line or the
    next one's header."""
    for line in view.after(no, STACK_WITHIN):
        text = line.text
        if not text.strip() or _NEXT_REPORT.match(text):
            break
        following = view.text(line.no + 1).strip()
        if text.endswith("{file,"):  # a long path is printed on the line below
            text, following = text + following, view.text(line.no + 2)
        found = _FRAME_FILE.search(text)
        if found is None:
            continue
        at = _FRAME_LINE.search(text, found.end()) or _FRAME_LINE.search(following)
        return found["file"], int(at["line"]) if at else None
    return None, None


_OPENS, _CLOSES = "{[(", "}])"


def _leading_term(text: str) -> str:
    """The first whole Erlang term of `text`: `{badmatch,5}` of `{badmatch,5}, [{cart_SUITE,totals,1,...`."""
    depth, quoted = 0, False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in _OPENS:
            depth += 1
        elif char in _CLOSES:
            depth -= 1
            if depth <= 0:
                return text[: i + 1].strip()
        elif char == "," and depth == 0:  # an atom or a number
            return text[:i].strip()
    return text.strip()


# an exception's `{Reason, Stacktrace}` whose reason is an atom: `{badarith,[{erlang,'div',[1,0],...`
_ATOM_BESIDE_STACK = Regex(r"^\{(?P<atom>[a-z][\w@]*|'[^']+'),\s*\[\{[\w@.']+,\s*[\w@.']+,\s*(?:\d+|\[)")


def _failure_reason(term: str) -> str:
    """A failed case's reason: the first element of an exception's `{Reason, Stacktrace}`, else the term."""
    raised = _ATOM_BESIDE_STACK.match(term)
    if raised is not None:
        return raised["atom"]
    return _leading_term(term[1:] if term.startswith("{{") else term)


# -- Common Test ---------------------------------------------------------------------------------


_CLOSING_RULE = Regex(r"^(?:- ){39}-$")  # ct_run's rule above and below a failure's block


def _separator(st: _Runner, _no: int, _m: re.Match[str]) -> None:
    st.block = not st.block
    st.place = None


def _place(st: _Runner, no: int, m: re.Match[str]) -> None:
    st.place = (f"{m['mod']}:{m['fun']}", int(m["line"]) if m["line"] else None)
    st.found.mark(no, 8.0)


def _reason(st: _Runner, no: int, m: re.Match[str]) -> bool:
    if st.place is None:
        return False
    where, at = st.place
    module = where.split(":", 1)[0]
    # A suite's own function failed (ct requires suites to be named *_SUITE): its file and the test.
    # Elsewhere (erlang:'div', test_server:ts_tc for ct:fail) the console does not name the case.
    own = module.endswith("_SUITE")
    # the reason whole: a term too wide for a line (`{test_case_failed,{...}}` of ct:fail) goes on indented lines
    reason, last = _term_lines(st.view, no, m["reason"], framed=True)
    message = f"{where}: {reason}"
    st.found.error(no, message, file=f"{module}.erl" if own else None, at=at if own else None, code="test")
    for line in range(no + 1, last + 1):
        st.found.mark(line, 7.0)
    if own:
        st.found.test(no, where, file=f"{module}.erl", message=reason)
    st.place, st.named, st.reason = None, own, None if own else message
    return True


def _detected(st: _Runner, no: int, m: re.Match[str]) -> None:
    """`Error detected: {'EXIT',{session_closed,[...]}}`: Common Test knows no place of the failure (a process linked
    to the case exited, the case was killed), so only what ended it (`Error in suite detected:`: the suite's own
    error); the numbered case line that follows names the case."""
    reason, last = _term_lines(st.view, no, m["reason"], framed=True)
    message = f"{m['what']}: {reason}"
    st.found.error(no, message, code="test")
    for line in range(no + 1, last + 1):
        st.found.mark(line, 7.0)
    st.place, st.named, st.reason = None, False, message


def _case_failed(st: _Runner, no: int, m: re.Match[str]) -> None:
    if m["mod"]:  # a configuration function: init_per_suite, end_per_group...
        # or Common Test's own `{ct_framework,error_in_suite}` (a suite's groups/0 or all/0 is wrong): no file of ours
        own = m["mod"].endswith("_SUITE")
        st.found.test(no, f"{m['mod']}:{m['fun']}", file=f"{m['mod']}.erl" if own else None, message=st.reason)
    elif not st.named:  # the block above named no suite function: the case is known by its number only
        st.found.test(no, f"{m['label']} test case {m['n']}", message=st.reason)
    st.named, st.reason = False, None
    st.found.mark(no, 9.0)


def _complete(st: _Runner, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.summary(no, int(m["failed"]))
    st.found.mark(no, 9.0 if m["failed"] != "0" else 2.0)


def _rebar_failed(st: _Runner, no: int, m: re.Match[str]) -> None:
    test_id = f"{m['suite']}:{m['case']}"
    following = st.view.text(no + 1)
    shown = following.startswith(f"%%% {m['suite']} ==> ")
    reason = _failure_reason(_term_lines(st.view, no + 1, following.split("==> ", 1)[1].strip())[0]) if shown else ""
    # the record where the stack says it failed (the suite, or the project's code it called)
    file, at = _project_frame(st.view, no + 1)
    suite_file = file if file is not None and file.endswith(f"/{m['suite']}.erl") else None
    st.found.test(no, test_id, file=suite_file, message=reason or None)
    st.found.error(no, f"{test_id}: {reason}" if reason else test_id, file=file, at=at, code="test")
    st.found.mark(no + 1, 8.0)


# -- Common Test's auto-skips: a case that did not run because something it needs failed, which makes ct_run (and
# rebar3 ct) exit 1 with `0 failed` (unless `-exit_status ignore_config`). rebar3 says which skips are automatic
# (`{tc_auto_skip, Reason}`, a user's `{skip, ...}` is `{tc_user_skip, ...}`), suite.log too (`auto_skipped: Reason`,
# a user's `skipped: ...`); ct_run's console prints `*** SKIPPED ... ***` for both alike, so it is not read.

# the failure a skip names: a case's init_per_testcase crashed (the configuration functions of a suite or a group
# have failure lines of their own, read above), or a `require`d config variable the run lacks
_SKIPPED_BY = Regex(
    r"^\{(?:failed,\s*\{(?P<mod>[\w@]+),\s*init_per_testcase,\s*(?P<reason>.+)\}|(?P<require>require_failed\w*),.+)\}$"
)


def _auto_skipped(st: _Runner, no: int, test_id: str, term: str) -> bool:
    """A case Common Test skipped for `term` (the Reason of its auto-skip): a failing test when `term` is a failure
    of the case's own (_SKIPPED_BY); the cases skipped for the same missing requirement as one before are not.
    Whether it was one."""
    m = _SKIPPED_BY.match(term)
    if m is None:
        return False
    if m["require"] is not None:
        if (same := re.sub(r"\s+", "", term)) in st.skips:
            return False
        st.skips.add(same)
        reason = f"auto-skipped: {term}"
    else:
        reason = f"init_per_testcase: {_failure_reason(m['reason'])}"
    file, at = f"{test_id.split(':', 1)[0]}.erl", None
    for frame in _PLACED_FRAME.finditer(term):  # the suite's own frame (init_per_testcase's line)
        if frame["file"].rsplit("/", 1)[-1] == file:
            file, at = frame["file"], int(frame["line"])
            break
    st.found.test(no, test_id, file=file, message=reason)
    st.found.error(no, f"{test_id}: {reason}", file=file, at=at, code="test")
    return True


def _rebar_skipped(st: _Runner, no: int, m: re.Match[str]) -> None:
    """`%%% cart_SUITE ==> pays_by_card: SKIPPED`, its Reason on the line below (`%%% cart_SUITE ==> {tc_auto_skip,`
    and the term's indented lines)."""
    following = st.view.text(no + 1)
    lead = f"%%% {m['suite']} ==> {{tc_auto_skip,"
    if not following.startswith(lead):
        return
    term, last = _term_lines(st.view, no + 1, following.split("==> ", 1)[1].strip())
    reason = term.removeprefix("{tc_auto_skip,").strip()[:-1].strip()
    if not _auto_skipped(st, no, f"{m['suite']}:{m['case']}", reason):
        return  # a skip for a failure read where it happened (init_per_group's own FAILED), or for none of the case's
    for line in range(no + 1, last + 1):
        st.found.mark(line, 7.0)


def _log_auto_skipped(st: _Runner, no: int, m: re.Match[str]) -> None:
    """suite.log's `=result auto_skipped: {failed,` (the term goes on over indented lines) under its `=case`."""
    assert st.case is not None
    term, _ = _term_lines(st.view, no, m["term"])
    _auto_skipped(st, no, f"{st.case[1]}:{st.case[2]}", term)
    st.case = None


# -- OTP's error and crash reports (logger's default handler, error_logger) printed inside a test run ----------

MAX_REPORTS = 5  # crash reports read beside a run's failures: the first ones, a crashing process is often repeated


def _report(st: _Runner, no: int, _m: re.Match[str]) -> None:
    if len(st.reports) < MAX_REPORTS:
        st.reports.append(no)


def _report_body(view: View, no: int) -> tuple[str, int, tuple[str, int] | None]:
    """A report's lines (not indented: it ends at a blank line) joined, its last line, and the first frame of the
    project's that proc_lib's crash report names as `in call from m:f/3 (src/m.erl, line 13)`."""
    body, last, called = "", no, None
    for line in view.after(no, REASON_LINES):
        text = line.text.strip()
        if not text:
            break
        body, last = f"{body} {text}", line.no
        frame = _EUNIT_FRAME.match(text)
        if called is None and frame is not None and "/" in frame["file"]:  # OTP's own frames name no folder
            called = (frame["file"], int(frame["line"]))
    return body, last, called


def _finish(st: _Runner, view: View) -> Findings:
    """A crash report is read beside a failing test only: alone it is often noise (a process a passing test
    killed, a connection closed at the end of a suite). Beside one it may say why: shown, not a vote."""
    if not st.found.tests:
        return st.found
    for no in st.reports:
        body, last, called = _report_body(view, no)
        file, at = _project_frame(view, no)
        if file is None and called is not None:
            file, at = called
        kind = view.text(no).strip("= ").split(" REPORT", 1)[0].lower()
        st.found.error(no, f"{kind} report:{body}", file=file, at=at, code=f"{kind}-report", weight=6.0, votes=False)
        for shown in range(no + 1, last + 1):
            st.found.mark(shown, 5.0)
    return st.found


# -- Common Test's suite.log (the run's text log, which CI jobs print after a failure) -------------

# a stack frame's place, its file bare (suite.log: "cart_SUITE.erl") or a path
_PLACED_FRAME = Regex(r'\{file,\s*"(?P<file>[^"]+\.erl)"\},\s*\{line,\s*(?P<line>\d+)\}')
REASON_LINES = 30  # lines of a term (`=result failed:`, the console's `Reason:`) read for its reason and frame


def _log_case(st: _Runner, no: int, m: re.Match[str]) -> None:
    st.case = (no, m["mod"], m["fun"])


def _term_lines(view: View, no: int, first: str, *, framed: bool = False) -> tuple[str, int]:
    """A term printed from line `no` (`first`, its text there) on: with the indented lines below it that
    continue it (up to suite.log's next `=` line, rebar3's blank line), and its last line. `framed`: the
    console block's reason, every line up to its closing rule, since ct:fail's message is printed as it is
    (`{test_case_failed,order has 3 lines` / `expected 2 lines}`: a format's `~n` starts a line unindented)."""
    lines, last = [first], no
    for line in view.after(no, REASON_LINES):
        if not line.text.strip() or _CLOSING_RULE.match(line.text) or not (framed or line.text.startswith(" ")):
            break
        lines.append(line.text.strip())
        last = line.no
    return " ".join(lines), last


def _log_failed(st: _Runner, no: int, m: re.Match[str]) -> None:
    """`=result failed: {{badmatch,5}, [{cart_SUITE,totals,1,[{file,"cart_SUITE.erl"},{line,15}]}|...]}, ...`
    (an exception: the reason, then its stack) or `failed: {no_database,econnrefused}, [{db_SUITE,init_per_group}]`
    (a `{fail, Reason}` returned): the case, or the configuration function, and where the suite raised it."""
    assert st.case is not None
    _, mod, fun = st.case
    term, _ = _term_lines(st.view, no, m["term"])
    reason = _failure_reason(term)
    file, at = f"{mod}.erl", None
    for frame in _PLACED_FRAME.finditer(term):
        if frame["file"].rsplit("/", 1)[-1] == file:
            file, at = frame["file"], int(frame["line"])
            break
    st.found.test(no, f"{mod}:{fun}", file=file, message=reason)
    st.found.error(no, f"{mod}:{fun}: {reason}", file=file, at=at, code="test")
    st.case = None


def _log_skipped(st: _Runner, no: int, m: re.Match[str]) -> None:
    """`=result auto_skipped: init_per_group failed`: the case did not run because its suite's or group's
    configuration function failed; that function is the failure (its own `=result failed:` came above, unless
    the log was cut)."""
    assert st.case is not None
    st.found.test(no, f"{st.case[1]}:{m['fun']}", file=f"{st.case[1]}.erl")
    st.found.mark(no, 4.0)
    st.case = None


_COMMON_TEST = LineRules[_Runner](
    Rule(_CLOSING_RULE, _separator, starts="- - - - "),
    Rule(
        r"^(?P<mod>[\w@.]+|'[^']+'):(?P<fun>[\w@.]+|'[^']+') failed(?: on line (?P<line>\d+))?$",
        _place,
        has=(" failed",),
        when=_Runner.in_block,
        continues=True,
    ),
    Rule(r"^Reason: (?P<reason>.+)$", _reason, starts="Reason: ", when=_Runner.in_block, continues=True),
    Rule(
        r"^(?P<what>Error (?:in suite )?detected): (?P<reason>.+)$",
        _detected,
        has=(" detected: ",),
        when=_Runner.in_block,
    ),
    Rule(
        r"^Testing (?P<label>\S+): \*\*\* FAILED (?:test case (?P<n>\d+) of \d+|\{(?P<mod>\w+),(?P<fun>\w+)\}) \*\*\*$",
        _case_failed,
        starts="Testing ",
        has=("*** FAILED ",),
    ),
    Rule(
        r"^Testing \S+: TEST COMPLETE, \d+ ok, (?P<failed>\d+) failed",
        _complete,
        starts="Testing ",
        has=("TEST COMPLETE",),
    ),
    # Common Test's suite.log: `=case          cart_SUITE:totals`, then its `=result` a few lines below
    Rule(r"^=case\s+(?P<mod>\w+):(?P<fun>\w+)$", _log_case, starts="=case "),
    Rule(r"^=result\s+failed: (?P<term>.+)$", _log_failed, starts="=result ", when=_Runner.in_case),
    Rule(
        r"^=result\s+auto_skipped: (?P<fun>init_per_suite|init_per_group) failed$",
        _log_skipped,
        starts="=result ",
        when=_Runner.in_case,
    ),
    Rule(r"^=result\s+auto_skipped: (?P<term>\{.+)$", _log_auto_skipped, starts="=result ", when=_Runner.in_case),
    Rule(r"^=(?:ERROR|CRASH) REPORT==== .+ ===$", _report, starts="=", has=(" REPORT==== ",)),
    # rebar3 ct
    Rule(r"^%%% (?P<suite>\w+) ==> (?P<case>[\w.@$-]+): FAILED$", _rebar_failed, starts="%%% ", ends="FAILED"),
    Rule(r"^%%% (?P<suite>\w+) ==> (?P<case>[\w.@$-]+): SKIPPED$", _rebar_skipped, starts="%%% ", ends="SKIPPED"),
    Rule(
        r"^Failed (?P<failed>\d+) tests?\. (?:Skipped \d+ \(\d+, \d+\) tests?\. )?Passed \d+ tests?\.",
        summary(9.0),
        starts="Failed ",
    ),
    Rule(r"^(?:===> )?Failures occurred running tests: \d+$", verdict(8.0), has=("Failures occurred running tests",)),
)


# -- EUnit ---------------------------------------------------------------------------------------


@state
class _EUnit:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="eunit"))
    current: tuple[int, str] | None = None  # (line, test id) of the failure being described
    placed: bool = False  # the current failure's record was made
    listing: bool = False  # rebar3 eunit's `Failures:` heading came: its numbered items follow

    def describing(self, no: int) -> bool:
        return self.current is not None and no - self.current[0] <= STACK_WITHIN

    def in_listing(self, _no: int) -> bool:
        return self.listing


def _eunit_failed(st: _EUnit, no: int, m: re.Match[str]) -> None:
    test_id = f"{m['mod']}:{m['name']}"
    st.current, st.placed = (no, test_id), False
    st.found.test(no, test_id)


def _eunit_frame(st: _EUnit, no: int, m: re.Match[str]) -> bool:
    """The record at the first frame outside EUnit (where it was raised); the test's file is the
    frame of the test module's own function."""
    assert st.current is not None
    line, test_id = st.current
    if m["fun"].startswith(test_id.split(":", 1)[0] + ":"):
        st.found.test(line, test_id, file=m["file"])
    if st.placed or m["file"].startswith("eunit_"):
        return False
    st.placed = True
    st.found.error(no, test_id, file=m["file"], at=int(m["line"]), code="test", weight=7.0)
    return True


def _eunit_raised(st: _EUnit, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.found.test(st.current[0], st.current[1], message=m.string.strip())
    if st.found.errors and st.found.errors[-1].message == st.current[1]:
        last = st.found.errors[-1]
        st.found.errors[-1] = last.model_copy(update={"message": f"{st.current[1]}: {m.string.strip()}"[:500]})
    st.current = None


_eunit_summary = summary(9.0)  # `Failed: N.  Skipped: N.  Passed: N.`, and rebar3 eunit's ExUnit-worded count


def _rebar_item(st: _EUnit, no: int, m: re.Match[str]) -> None:
    test_id = f"{m['mod']}:{m['fun']}/{m['arity']}"
    st.current, st.placed = (no, test_id), True
    following = st.view.text(no + 1).strip()
    message = following if following.startswith("Failure/Error: ") else None
    file, at = _project_frame(st.view, no)
    st.found.test(no, test_id, message=message)
    st.found.error(no, f"{test_id}: {message}" if message else test_id, file=file, at=at, code="test")
    if message:
        st.found.mark(no + 1, 8.0)


def _rebar_listing(st: _EUnit, _no: int, _m: re.Match[str]) -> bool:
    st.listing = True
    return False  # the line is still for the rules below


def _rebar_eunit_count(st: _EUnit, no: int, m: re.Match[str]) -> bool:
    if not st.found.tests:  # the same words as ExUnit's count: ours only after a rebar3 eunit failure
        return False
    _eunit_summary(st, no, m)
    return True


_EUNIT = LineRules[_EUnit](
    Rule(
        r"^\s*(?P<mod>\w+): (?P<name>.+?)\.\.\.\*(?:failed|timed out|skipped)\*$",
        _eunit_failed,
        ends=("*failed*", "*timed out*"),
    ),
    Rule(_EUNIT_FRAME, _eunit_frame, starts="in ", when=_EUnit.describing, continues=True),
    Rule(r"^\*\*(?:error|exit|throw):", _eunit_raised, starts="**", when=_EUnit.describing, continues=True),
    Rule(r"^\s*Failed: (?P<failed>\d+)\.\s+Skipped: \d+\.\s+Passed: \d+\.$", _eunit_summary, has=("Failed: ",)),
    Rule(r"^\s*All \d+ tests passed\.$|^\s*Test passed\.$", verdict(3.0), has=(" passed.",)),
    # rebar3 eunit: "Failures:", then "  1) calc_tests:add_test/0", then "     Failure/Error: ..." (its heading opens
    # this module for them: a line starting with two spaces is in nearly every log)
    Rule(r"^Failures:$", _rebar_listing, starts="Failures:"),
    Rule(r"^  \d+\) (?P<mod>\w+):(?P<fun>[\w'-]+)/(?P<arity>\d+)$", _rebar_item, when=_EUnit.in_listing),
    # (after a failure of its own: its handler waits on the tests the rules above found)
    Rule(r"^\d+ tests?, (?P<failed>\d+) failures?$", _rebar_eunit_count, has=(" failure",), continues=True),
    continued=True,  # its rules without literals wait on state only its other rules set
)


COMMON_TEST = Parser(
    tool="common_test",
    category=Category.TEST,
    parse=scan_with(_COMMON_TEST, lambda view: _Runner(view, Findings(tool="common_test")), _finish),
)
EUNIT = Parser(tool="eunit", category=Category.TEST, parse=scan_with(_EUNIT, lambda view: _EUnit(view)))
