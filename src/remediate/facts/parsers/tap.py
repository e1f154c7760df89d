"""TAP (Test Anything Protocol) producers and Perl's Test::Harness: `prove`, `make test` of a Perl
distribution, `node --test`, tape, bats and any runner printing `not ok N - name`; also bats' own
`(in test file F, line N)` location and its pretty formatter (`✗ name` on a terminal)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import taken, verdict
from remediate.facts.testblocks import report_words, with_reports
from remediate.facts.view import View
from remediate.models import Category

_DIRECTIVE = Regex(r"#\s*(?:TODO|SKIP)\b", re.IGNORECASE)
_TIME = Regex(r"\s+# time=[\d.]+m?s$")  # node-tap's timing after a test's name: not part of it
# Testem's (`testem ci`, `ember test`) browser and timing before a test's name: `Chrome 75.0 - [12 ms] - name`
# (`[undefined ms] - Error` when a launcher failed): the run's, not the test's
_TESTEM = Regex(r"^(?:.*? - )?\[(?:\d+|undefined) ms\] - ")
# QUnit's own message for an assertion given none (`assert.equal(a, b)`): it says nothing the values do not
_NO_MESSAGE = frozenset({"failed", ""})
YAML_AFTER = 2  # lines after `not ok` in which its YAML block may open
DIAGNOSTIC_WITHIN = 6  # lines after a failure in which Test::More's got/expected come
HARNESS_WITHIN = 40  # lines after a Test::Harness file line in which its verdict comes
PRINTED_LINES = 40  # of the `#` lines a test file printed above its `# Subtest: FILE`, the first kept
# node --test's error for a test file that failed outside its tests (it died loading, or exited non-zero)
_FILE_FAILED = "test failed"
BATS_LOCATION_WITHIN = 3  # lines after a failed bats test (`not ok`, `✗`) in which its location comes
_BLOCK_SCALARS = ("|-", "|", ">-", ">")


@dataclass
class _Open:
    """The last failing test seen, whose diagnostics may follow."""

    line: int
    test_id: str
    in_yaml: bool = False
    message_next: bool = False
    said: dict[str, str] = field(default_factory=dict)  # QUnit's YAML fields: message, actual, expected, stack
    pending: str | None = None  # the field whose block scalar's first line comes next
    linted: bool = False  # ESLint's tap formatter: a file's lint problems, not a test (_lint_problem)
    at_line: int | None = None  # node-tap's `at:` mapping: its `line:`, before its `file:`


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="tap"))
    current: _Open | None = None
    harness_file: tuple[int, str] | None = None  # (line, file) of Test::Harness's current test file
    crossed: tuple[int, str] | None = None  # a `✗ name` line: a bats test if its location follows
    located: int = -9  # the line of the last bats location: the failed command follows it
    stream: bool = False  # after a `TAP version N` line: a producer's own stream (tape's headings count)
    heading: str | None = None  # tape's `# name` above its test's assertions (`not ok 2 should be equal`)
    detailed: set[str] = field(default_factory=set)  # Test::More's tests whose message is one `got:` line
    printed: list[str] = field(default_factory=list)  # node --test's `#` lines since the last test: a file's stderr
    before: dict[str, list[str]] = field(default_factory=dict)  # what a file printed above its `# Subtest: FILE`

    def yaml_may_open(self, no: int) -> bool:
        return self.current is not None and not self.current.in_yaml and no - self.current.line <= YAML_AFTER

    def in_yaml(self, _no: int) -> bool:
        return self.current is not None and self.current.in_yaml

    def yaml_message(self, _no: int) -> bool:
        return self.current is not None and self.current.in_yaml and self.current.message_next

    def field_value(self, _no: int) -> bool:
        """Whether the line is the first of a QUnit field's block scalar (`message: >`, the text below)."""
        return self.current is not None and self.current.in_yaml and self.current.pending is not None

    def tap(self, _no: int) -> bool:
        """Whether a TAP stream its producer began with `TAP version N` is being read."""
        return self.stream

    def failing(self, _no: int) -> bool:
        return self.current is not None

    def just_failed(self, no: int) -> bool:
        """Whether the line is the one right under a failing test's `not ok` (no YAML block opened)."""
        return self.current is not None and not self.current.in_yaml and no == self.current.line + 1

    def near_failure(self, no: int) -> bool:
        return self.current is not None and no - self.current.line <= DIAGNOSTIC_WITHIN


def _yaml_start(st: _State, _no: int, _m: re.Match[str]) -> None:
    assert st.current is not None
    st.current.in_yaml = True


def _yaml_end(st: _State, _no: int, _m: re.Match[str]) -> None:
    assert st.current is not None
    st.current.in_yaml = False
    _qunit_said(st, st.current)


# An error's own line (`TypeError: Cannot read properties of undefined`), first in QUnit's `stack:` of a test
# that died on it
_ERROR_LINE = Regex(r"^[\w.]*(?:Error|Exception)\b[^:]*: \S")


def _yaml_field(st: _State, _no: int, m: re.Match[str]) -> None:
    """A field of QUnit's YAML block (its CLI, Testem's TAP; `message: "failed"`, `actual: 4`, `message: >` over
    the text): kept until the block ends, where they make the test's message."""
    assert st.current is not None
    value = m.group(2).strip()
    if value in _BLOCK_SCALARS:
        st.current.pending = m.group(1)
    else:
        st.current.said.setdefault(m.group(1), value.strip('"'))


def _yaml_field_value(st: _State, _no: int, m: re.Match[str]) -> None:
    assert st.current is not None and st.current.pending is not None
    st.current.said.setdefault(st.current.pending, m.string.strip())
    st.current.pending = None


def _qunit_said(st: _State, current: _Open) -> None:
    """The failed assertion's message from QUnit's fields: the error a test died on (`Died on test #1 at ...`,
    its stack's first line the error), else the assertion's message (QUnit's `failed` when it was given none:
    left out) with the values it compared."""
    said, current.said = current.said, {}
    if current.linted:
        return
    message, stack = said.get("message", ""), said.get("stack", "")
    if _ERROR_LINE.compiled.match(stack) and (message.startswith("Died on test") or message in _NO_MESSAGE):
        text = stack
    else:
        values = (
            f"expected {said['expected']}, actual {said['actual']}" if {"expected", "actual"} <= said.keys() else ""
        )
        own = "" if message in _NO_MESSAGE else message
        text = f"{own} ({values})" if own and values else own or values
    if text:
        st.found.test(current.line, current.test_id, message=text)


def _failure_message(st: _State, no: int, message: str) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.found.test(st.current.line, st.current.test_id, message=message)


def _indented_message(st: _State, no: int, m: re.Match[str]) -> None:
    _failure_message(st, no, m.group(1).strip())


def _yaml_message(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.current.message_next = False
    _failure_message(st, no, m.string)


def _yaml_error(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    value = m.group(1).strip().strip("'\"")
    if value in _BLOCK_SCALARS:
        st.current.message_next = True
    else:
        _failure_message(st, no, value)


def _yaml_location(st: _State, no: int, m: re.Match[str]) -> None:
    """node --test's `location: 'FILE:L:C'`: where the test is written, so its file too."""
    assert st.current is not None
    st.found.mark(no, 7.0)
    st.found.test(st.current.line, st.current.test_id, file=m.group(1))
    st.found.error(st.current.line, st.current.test_id, file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)


def _lint_problem(st: _State, _no: int, _m: re.Match[str]) -> None:
    """ESLint's tap formatter (`eslint -f tap`): its `not ok N - FILE` is a file with lint problems, whose
    YAML block names each problem's `ruleId:` (parsers/javascript_eslintformats.py reads them as lint
    records), not a failing test: the test it opened is taken back. So for stylelint's (`--formatter tap`), whose
    problems are `- message: "TEXT (RULE)"` items."""
    assert st.current is not None
    test_id = st.current.test_id
    st.current.linted = True
    st.found.tests = [t for t in st.found.tests if t.id != test_id]
    st.found.test_lines.pop(test_id, None)


def _not_ok(st: _State, no: int, m: re.Match[str]) -> bool:
    if _DIRECTIVE.search(m.group(1)):
        return False
    if st.current is not None:
        _qunit_said(st, st.current)  # a block never closed by `...`
    st.printed = []
    name = _TESTEM.compiled.sub("", _TIME.compiled.sub("", m.group(1))).strip() or "(unnamed test)"
    if st.heading and not st.harness_file:  # tape: the test is its heading, the failed assertion says why
        st.found.test(no, st.heading, message=name)
        st.current = _Open(no, st.heading)
        return True
    test_id = f"{st.harness_file[1]}: {name}" if st.harness_file else name
    st.found.test(no, test_id, file=st.harness_file[1] if st.harness_file else None)
    st.current = _Open(no, test_id)
    return True


def _heading(st: _State, _no: int, m: re.Match[str]) -> bool:
    """tape's `# name` (flush left, one space): the test whose assertions follow. Not a count
    (`# fail 2`), node's `# Subtest:`, nor Test::More's diagnostics (`#   Failed test`, `# Looks like`)."""
    text = m.group(1)
    if text.startswith("Subtest:"):  # node --test opens its next test by name: no tape heading above it
        st.heading = None
        st.before[text.removeprefix("Subtest:").strip()], st.printed = st.printed, []
        return False
    if text.startswith(_NOT_HEADINGS) or _COUNT_COMMENT.compiled.match(text):
        return False
    st.heading = text
    return True


def _printed(st: _State, _no: int, m: re.Match[str]) -> bool:
    """A `#` line of a TAP stream at the top level: node --test forwards a test file's own stderr so, above
    the file's `# Subtest: FILE` (what the file printed as it died loading: Node's report of the error). Kept,
    and left to the rules below (a heading, a count)."""
    if len(st.printed) < PRINTED_LINES:
        st.printed.append(m.group(1) or "")
    return False


def _stream(st: _State, _no: int, _m: re.Match[str]) -> None:
    st.stream = True


def _yaml_at_line(st: _State, _no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.current.at_line = int(m.group(1))


def _yaml_at_file(st: _State, no: int, m: re.Match[str]) -> bool:
    """node-tap's `at:` mapping (`line: 3`, `column: 26`, `file: test/cart.js`): the failed
    assertion's place, as tape's one-line `at:` gives it."""
    assert st.current is not None
    if st.current.at_line is None:
        return False
    st.found.mark(no, 7.0)
    st.found.test(st.current.line, st.current.test_id, file=m.group(1))
    st.found.error(st.current.line, st.current.test_id, file=m.group(1), at=st.current.at_line, code="test", weight=7.0)
    st.current.at_line = None
    return True


def _yaml_at(st: _State, no: int, m: re.Match[str]) -> None:
    """tape's `at: Test.<anonymous> (test/cart.js:5:5)`: the failed assertion's place in the test."""
    assert st.current is not None
    st.found.mark(no, 7.0)
    st.found.test(st.current.line, st.current.test_id, file=m.group(1))
    st.found.error(st.current.line, st.current.test_id, file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)


def _more_failed(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.mark(no, 8.0)
    if m.group(2):  # unnamed: "Failed test in t/x.t at line 6."
        name = f"{m.group(2)}: line {m.group(3)}"
        st.found.test(no, name, file=m.group(2))
        st.current = _Open(no, name)
    else:  # the test is recorded with its file from the next "at" line
        st.current = _Open(no, m.group(1))


def _more_at(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    current, file = st.current, m.group(1)
    st.found.mark(no, 8.0)
    test_id = current.test_id if current.test_id.startswith(file) else f"{file}: {current.test_id}"
    st.found.test(current.line, test_id, file=file)
    st.found.error(no, current.test_id, file=file, at=int(m.group(2)), code="test")
    st.current = _Open(current.line, test_id)


def _more_detail(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 7.0)
    st.found.test(st.current.line, st.current.test_id, message=m.string.lstrip("# \t"))
    st.detailed.add(st.current.test_id)


def _counted(weight: float, *, seen: bool = False, least: int = 0) -> Callable[[_State, int, re.Match[str]], bool]:
    """The failures a summary counts (group 1; absent: `least`), the largest count kept."""

    def handle(st: _State, no: int, m: re.Match[str]) -> bool:
        count = int(m.group(1) or least)
        if not count:
            return False
        st.found.seen = st.found.seen or seen
        st.found.mark(no, weight)
        st.found.summary(no, count)
        return True

    return handle


def _bats_crossed(st: _State, no: int, m: re.Match[str]) -> None:
    st.crossed = (no, m.group(1).strip())


def _bats_location(st: _State, no: int, m: re.Match[str]) -> bool:
    """bats' `(in test file test/x.bats, line 6)` under a failed test (its TAP `not ok` or its
    pretty formatter's `✗`): where the failing command is; busted's TAP `# spec/x_spec.lua @ 5`:
    where the failed test is."""
    if st.current is not None and no - st.current.line <= BATS_LOCATION_WITHIN:
        first, name = st.current.line, st.current.test_id
    elif st.crossed is not None and no - st.crossed[0] <= BATS_LOCATION_WITHIN:
        first, name = st.crossed
        st.current = _Open(first, name)
    else:
        return False
    st.crossed, st.located = None, no
    st.found.tool = "busted" if m.group(1).endswith((".lua", ".moon")) else "bats"
    st.found.test(first, name, file=m.group(1))
    st.found.error(no, name, file=m.group(1), at=int(m.group(2)), code="test")
    return True


def _bats_command(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    _failure_message(st, no, m.group(1))


def _harness(st: _State, no: int, m: re.Match[str]) -> None:
    st.harness_file = (no, m.group(1))
    said = m.group(2).strip()
    if said and not said.startswith(("ok", "skipped")) and not said[0].isdigit():
        st.found.test(no, m.group(1), file=m.group(1), message=said)


def _harness_bad(st: _State, no: int, m: re.Match[str]) -> bool:
    if st.harness_file is None or no - st.harness_file[0] > HARNESS_WITHIN:
        return False
    first, name = st.harness_file
    st.found.mark(first, 8.0)
    st.found.mark(no, 8.0)
    if not any(t.id.startswith(f"{name}: ") or t.id == name for t in st.found.tests):
        st.found.test(first, name, file=name, message=m.string.strip())
    return True


def _harness_file(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 8.0)
    st.found.summary(no, max(1, int(m.group(2))))


_NOT_HEADINGS = ("Subtest:", "Looks like ", "Failed test", "(in test file ", "Failure message: ")
_COUNT_COMMENT = Regex(r"^(?:tests|pass|fail|ok|skip|todo|cancelled|duration_ms|suites) [\d.]+$")

_RULES = LineRules[_State](
    # YAML diagnostics after `not ok` (node --test, tap 13/14): the message and where the test is.
    # (These wait on a failing test: a gate on `---`, `...` or `#` would hold in nearly every log.)
    Rule(r"---$", _yaml_start, when=_State.yaml_may_open, stripped=True),
    Rule(r"\.\.\.$", _yaml_end, when=_State.in_yaml, stripped=True),
    Rule("", _yaml_message, when=_State.yaml_message, stripped=True),
    Rule(r"^\s+error: (.*)$", _yaml_error, has=("error: ",), when=_State.in_yaml, continues=True),
    Rule("", _yaml_field_value, when=_State.field_value, stripped=True),
    Rule(
        r"^\s+(message|actual|expected|stack): ?(.*)$",
        _yaml_field,
        has=("message:", "actual:", "expected:", "stack:"),
        when=_State.in_yaml,
        continues=True,
    ),
    Rule(
        r"^\s+location: '([^':]+):(\d+)(?::\d+)?'$",
        _yaml_location,
        has=("location: '",),
        when=_State.in_yaml,
        continues=True,
    ),
    Rule(
        r"^\s+at: (?:.*? \()?(\S+?\.[cm]?[jt]sx?):(\d+):\d+\)?$",
        _yaml_at,
        has=("at: ",),
        when=_State.in_yaml,
        continues=True,
    ),
    Rule(r"^\s+line: (\d+)$", _yaml_at_line, has=("line: ",), when=_State.in_yaml, continues=True),
    Rule(r"^\s+file: (\S+?\.[cm]?[jt]sx?)$", _yaml_at_file, has=("file: ",), when=_State.in_yaml, continues=True),
    Rule(r"^\s+ruleId: ", _lint_problem, has=("ruleId: ",), when=_State.in_yaml, continues=True),
    # stylelint's tap formatter: each problem a `- message: "TEXT (RULE)"` item under its rule's key
    Rule(
        r'^\s+- message: ".*\([@\w][\w/-]*\)"$',
        _lint_problem,
        has=("- message: ",),
        when=_State.in_yaml,
        continues=True,
    ),
    Rule("", taken, when=_State.in_yaml),
    Rule(r"^\s*not ok \d+(?: -)? ?(.*?)\s*$", _not_ok, has=("not ok",)),
    # Mocha's TAP reporter (1.x-6.x): the error's own line, two spaces in, right under `not ok`, then its stack
    Rule(r"^  (?!---|\.\.\.|#|at )(\S.*)$", _indented_message, when=_State.just_failed),
    # Test::More's diagnostics on stderr: "#   Failed test 'name'" then "#   at t/x.t line 6."
    Rule(r"^\s*#\s+Failed test (?:'(.*)'|in (\S+) at line (\d+)\.?)$", _more_failed, has=("Failed test ",)),
    Rule(r"^\s*#\s+at (\S+) line (\d+)\.$", _more_at, when=_State.failing),
    # (not node-tap's next `# Subtest: name`, which opens another test)
    Rule(r"^\s*#\s+(?!Subtest:)(?:got|expected|\w+):", _more_detail, when=_State.near_failure),
    Rule(
        r"^\s*# Looks like (?:you failed (\d+) tests? of \d+|your test exited with \d+.*)",
        _counted(8.0, least=1),
        has=("# Looks like ",),
    ),
    Rule(r"^# fail (\d+)$", _counted(9.0, seen=True), has=("# fail ",), stripped=True),
    # bats: the location of a failed test (TAP: `# (in test file F, line N)`; pretty: indented), its
    # command, and the pretty formatter's `✗ name` (after the progress it redrew: hence anywhere).
    Rule(
        r"^\s*(?:#\s*)?\(?in test file (\S+?), line (\d+)\)$",
        _bats_location,
        has=("in test file ",),
    ),
    # busted's TAP: `# spec/calc_spec.lua @ 5`, then `# Failure message: spec/calc_spec.lua:6: ...`
    Rule(
        r"^# (\S+?\.(?:lua|moon)) @ (\d+)$",
        _bats_location,
        has=(".lua @ ", ".moon @ "),
    ),
    Rule(
        r"^# Failure message: (.+)$",
        _bats_command,
        starts="# Failure message: ",
        when=lambda st, no: no == st.located + 1,
    ),
    Rule(
        r"^\s*(?:#\s*)?(`.+' failed(?: with status \d+)?)$",
        _bats_command,
        when=lambda st, no: no == st.located + 1 and st.current is not None,
    ),
    Rule(r"\u2717 (.+)$", _bats_crossed, has=("\u2717 ",), search=True),
    Rule(r"^TAP version \d+$", _stream, starts="TAP version ", continues=True),
    Rule(r"^#(?: (.*))?$", _printed, starts="#", when=_State.tap, continues=True),
    Rule(r"^# (\S.*)$", _heading, starts="# ", when=_State.tap, continues=True),
    Rule(r"\s*#", taken),  # a comment is no Test::Harness line (finds nothing: needs no gate)
    # Test::Harness: "t/basic.t .. " then the file's verdict, possibly on the same line.
    Rule(r"^(\S+\.t) \.{2,} ?(.*)$", _harness, has=(".t ",)),
    Rule(
        r"^(?:Dubious, test returned|Failed \d+/\d+ subtests|No subtests run)",
        _harness_bad,
        starts=("Dubious, test returned", "Failed ", "No subtests run"),
    ),
    Rule(r"^(?:Result: FAIL|Failed \d+/\d+ test programs)", verdict(9.0), starts=("Result: FAIL", "Failed ")),
    Rule(r"^(\S+\.t)\s+\(Wstat: .*Failed: (\d+)\)$", _harness_file, has=("(Wstat: ",)),
    continued=True,  # its rules without literals wait on state only its other rules set
)


def _reported(st: _State, view: View) -> Findings:
    """Each failing test with its own report's words (testblocks.with_reports): Test::More's diagnostics under
    `#   Failed test 'x'` (`got:`/`expected:` and whatever the test's `diag()` said: `connect to 127.0.0.1:9:
    Connection refused`), TAP's `#` lines under a `not ok`, where the rules above took one line or none; and a test
    file node --test says only `test failed` of, what the file printed above its `# Subtest: FILE`."""
    with_reports(st.found, view.lines, partial=frozenset(st.detailed))
    for k, test in enumerate(st.found.tests):
        if test.message == _FILE_FAILED and (said := report_words(st.before.get(test.id, ()))):
            st.found.tests[k] = test.model_copy(update={"message": said})
    return st.found


PARSER = Parser(tool="tap", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _State(), _reported))
