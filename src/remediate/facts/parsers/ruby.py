"""Ruby: the test runners RSpec and Minitest (also Rails' `bin/rails test` reporter), and RuboCop."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, literals_of, scan_with, state
from remediate.facts.parsers.handlers import record, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

_RSPEC_FAILURE = Regex(r"^\s*Failure/Error: ")
_ERLANG_FUNCTION = Regex(r"\w+:[\w'-]+/\d+$")
EXAMPLE_WITHIN = 40  # lines after an example's number that may describe it
FAILURE_FOLLOWS = 3  # lines after a numbered item in which an example's Failure/Error comes


@dataclass
class _Example:
    line: int
    test_id: str
    failure: bool = False  # a Failure/Error line was seen: the message follows
    # an error's class on a line of its own (`Psych::SyntaxError:`, `KeyError:`): its message is the next line
    head: str | None = None
    said: bool = False  # its message was given


@state
class _RSpec:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="rspec"))
    current: _Example | None = None
    exception: str | None = None  # after "An error occurred while loading": the exception's name
    exception_line: int = 0  # the line of that name (its message is the line below)
    # RSpec's own lines were seen (Failure/Error, its rerun list, `(files took N seconds to load)`): its
    # `N examples, M failures` summary is worded exactly as hspec's (Haskell), which prints none of them.
    spoke: bool = False
    # A numbered item is an example only when a Failure/Error line follows it: without one in the
    # view, no item is (a gate on `N) ` would hold in nearly every log).
    failures: bool = field(init=False)

    def __post_init__(self) -> None:
        self.failures = literals_of(self.view).any_of(("Failure/Error: ",))

    def may_fail(self, _no: int) -> bool:
        return self.failures

    def own_summary(self, _no: int) -> bool:
        return self.spoke

    def describing(self, no: int) -> bool:
        return self.current is not None and no - self.current.line <= EXAMPLE_WITHIN

    def in_failure(self, no: int) -> bool:
        return self.describing(no) and self.current is not None and self.current.failure

    def loading(self, _no: int) -> bool:
        return self.exception is None

    def load_failed(self, _no: int) -> bool:
        return self.exception is not None

    def load_exception(self, _no: int) -> bool:
        return bool(self.exception)

    def exception_message(self, no: int) -> bool:
        return bool(self.exception) and no == self.exception_line + 1


def _failure(st: _RSpec, no: int, _m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.current.failure = True
    st.spoke = True


def _at(st: _RSpec, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    if st.current.head is not None and not st.current.said:  # an error's class whose message is empty
        st.found.test(st.current.line, st.current.test_id, message=st.current.head)
        st.current.said = True
    if "/gems/" not in m.group(1) and "/vendor/" not in m.group(1):
        st.found.error(no, st.current.test_id, file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
        st.current.failure = False


def _message(st: _RSpec, no: int, m: re.Match[str]) -> None:
    """The example's message: its first line, or an error's class with the line below it (RSpec prints
    `KeyError:` over `key not found: "DATABASE_URL"`: the class alone does not say what failed)."""
    ex = st.current
    assert ex is not None
    st.found.mark(no, 7.0)
    if ex.said:
        return
    if ex.head is None and _ERROR_CLASS.compiled.match(m.string):
        ex.head = m.string
        return
    ex.said = True
    st.found.test(ex.line, ex.test_id, message=f"{ex.head} {m.string}" if ex.head else m.string)


def _item(st: _RSpec, no: int, m: re.Match[str]) -> bool:
    """A numbered item is an RSpec example only when a Failure/Error line follows closely (and it
    is not an Erlang function, `mod:fun/0`: rebar3 eunit prints RSpec's layout, erlangtest.py's)."""
    if _ERLANG_FUNCTION.match(m.group(1)):
        return False
    last = min(no + FAILURE_FOLLOWS + 1, st.view.total_lines + 1)
    if not any(_RSPEC_FAILURE.match(st.view.text(n)) for n in range(no + 1, last)):
        return False
    st.current = _Example(no, m.group(1).strip())
    st.found.test(no, st.current.test_id)
    return True


def _rerun(st: _RSpec, no: int, m: re.Match[str]) -> None:
    st.spoke = True
    st.found.mark(no, 8.0)
    st.found.test(no, m.group(3), file=m.group(1))


def _load_error(st: _RSpec, no: int, m: re.Match[str]) -> None:
    st.spoke = True
    st.found.error(no, m.string, file=m.group(1), code="load")
    st.exception = ""


def _timing(st: _RSpec, _no: int, _m: re.Match[str]) -> None:
    st.spoke = True


def _exception(st: _RSpec, no: int, m: re.Match[str]) -> None:
    st.exception, st.exception_line = m.group(1), no
    st.found.mark(no, 8.0)


def _exception_message(st: _RSpec, no: int, m: re.Match[str]) -> None:
    """The message under the exception that stopped a spec file loading (`LoadError:` over `cannot load
    such file -- cartbase`): what it means (a gem not installed, a file of the project's own) is the
    record's, as a Ruby LoadError's anywhere."""
    st.found.error(no, f"{st.exception}: {m.group(1)}", code=st.exception)


def _syntax(st: _RSpec, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m.group(3), file=m.group(1), at=int(m.group(2)), code=st.exception)


_ERROR_CLASS = Regex(r"^(?:[A-Z]\w*::)*[A-Z]\w*:$")
_RSPEC = LineRules[_RSpec](
    Rule(_RSPEC_FAILURE, _failure, has=("Failure/Error: ",), when=_RSpec.describing),
    Rule(r"^\s*# (\S+?\.rb):(\d+):in ", _at, has=(".rb:",), when=_RSpec.describing),
    Rule("", _message, when=_RSpec.in_failure, stripped=True),
    Rule(r"^\s*\d+\) (\S.*)$", _item, when=_RSpec.may_fail),
    Rule(r"^rspec (\S+?\.rb)(?::(\d+)|\[[\d:]+\]) # (.+)$", _rerun, starts="rspec "),
    # RSpec 3.12 adds ` - Did you mean?` (over the other spec files) when several were to load
    Rule(
        r"^An error occurred while loading (\S+?)\.?(?: - Did you mean\?)?$",
        _load_error,
        starts="An error occurred",
        when=_RSpec.loading,
    ),
    Rule(
        r"^\s*((?:[A-Z]\w*::)*[A-Z]\w*(?:Error|Exception)):$",
        _exception,
        when=_RSpec.load_failed,
    ),
    Rule(r"^\s*(\S+?\.rb):(\d+): (syntax error.*)$", _syntax, when=_RSpec.load_exception),
    Rule(r"^\s+(\S.*)$", _exception_message, when=_RSpec.exception_message),
    Rule(
        r"^Finished in \S+ \w+ \(files took ",
        _timing,
        starts="Finished in ",
    ),
    Rule(
        r"^\d+ examples?, (?P<failed>\d+) failures?(?:, \d+ pending)?"
        r"(?:, (?P<errors>\d+) errors? occurred outside of examples)?$",
        summary(9.0),
        when=_RSpec.own_summary,
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


@state
class _Minitest:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="minitest"))
    pending: tuple[int, str] | None = None  # (header line, Failure|Error)
    current: tuple[int, str] | None = None  # (test line, test id): its message follows
    cls: str | None = None  # minitest-reporters' spec reporter: the class its rows are under

    def after_header(self, no: int) -> bool:
        return self.pending is not None and no - self.pending[0] <= 2

    def after_test(self, no: int) -> bool:
        return self.current is not None and no == self.current[0] + 1


def _header(st: _Minitest, no: int, m: re.Match[str]) -> None:
    st.pending = (no, m.group(1))


def _test(st: _Minitest, no: int, m: re.Match[str]) -> None:
    assert st.pending is not None
    st.found.mark(st.pending[0], 8.0)
    st.found.test(no, m.group(1), file=m.group(2))
    if m.group(2):
        st.found.error(no, m.group(1), file=m.group(2), at=int(m.group(3)), code="test", weight=7.0)
    st.current, st.pending = (no, m.group(1)), None


def _test_message(st: _Minitest, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.found.test(st.current[0], st.current[1], message=m.string)
    st.current = None


def _reported(st: _Minitest, no: int, test: str, method: str) -> None:
    """A minitest-reporters row: its message (`Minitest::Assertion:  Expected: 6`, the error's) and
    the place in the test's own method (`test/test_cart.rb:8:in `test_total'`) on the lines below."""
    message, place = None, None
    for line in st.view.after(no, REPORTED_WITHIN):
        text = line.text.strip()
        if message is None and text and not text.startswith(f"{method}#"):
            message = " ".join(_REPORTER_KIND.compiled.sub("", text).split())
            st.found.mark(line.no, 8.0)
        elif (frame := _RUBY_FRAME.compiled.match(text)) and frame["where"] == method:
            place = (frame["file"], int(frame["line"]))
            break
    st.found.test(no, test, file=place[0] if place else None, message=message)
    if place:
        st.found.error(no, message or test, file=place[0], at=place[1], code="test", weight=7.0)


def _spec_class(st: _Minitest, _no: int, m: re.Match[str]) -> None:
    st.cls = m["cls"]


def _spec_row(st: _Minitest, no: int, m: re.Match[str]) -> bool:
    if st.cls is None:
        return False
    _reported(st, no, f"{st.cls}#{m['name']}", m["name"])
    return True


def _progress_row(st: _Minitest, no: int, m: re.Match[str]) -> None:
    _reported(st, no, f"{m['cls']}#{m['name']}", m["name"])


REPORTED_WITHIN = 12  # lines under a minitest-reporters row in which its message and place come
_REPORTER_KIND = Regex(r"^Minitest::(?:Assertion|UnexpectedError):\s*")
# A Ruby backtrace's frame, `file.rb:12:in 'Cart#total'` (3.4; before: `in \`total'`): RUBY_FRAME_AT is its place,
# which test-unit's frames read too. Its `where` here holds no quote: minitest compares it with the test's method whole.
RUBY_FRAME_AT = r"^(?P<file>\S+?\.rb):(?P<line>\d+):in [`']"
_RUBY_FRAME = Regex(RUBY_FRAME_AT + r"(?P<where>[^']+)'$")
_MINITEST = LineRules[_Minitest](
    Rule(r"^\s*(?:\d+\) )?(Failure|Error):$", _header, ends=("Failure:", "Error:")),
    # Rails' `test "db:create works"` names its method `test_db:create_works`: any character but a space;
    # minitest-reporters' default reporter writes no colon after the place
    Rule(r"^([A-Z][\w:]*#\S+?)(?: \[(\S+?\.rb):(\d+)\])?:?$", _test, when=_Minitest.after_header),
    Rule(r"^(?P<cls>[A-Z][\w:]*)$", _spec_class, when=lambda st, _no: st.pending is None),
    Rule(r"^  (?P<name>test\S*) +(?:FAIL|ERROR) \([\d.]+s\)$", _spec_row, ends="s)", has=(" FAIL (", " ERROR (")),
    Rule(
        r"(?:FAIL|ERROR)\[\"(?P<name>[^\"]+)\", (?P<cls>[A-Z][\w:]*), ",
        _progress_row,
        has=('FAIL["', 'ERROR["'),
        search=True,
    ),
    Rule("", _test_message, when=_Minitest.after_test, stripped=True),
    Rule(
        r"^\d+ (?:runs|tests), \d+ assertions, (?P<failed>\d+) failures, (?P<errors>\d+) errors(?:, \d+ skips)?$",
        summary(9.0),
        has=(" assertions, ",),
    ),
    Rule(r"^(?:bin/rails|rails) test (\S+?\.rb):(\d+)$", verdict(8.0), starts=("bin/rails test ", "rails test ")),
    continued=True,  # its rules without literals wait on state only its other rules set
)


RSPEC = Parser(tool="rspec", category=Category.TEST, parse=scan_with(_RSPEC, _RSpec))
MINITEST = Parser(tool="minitest", category=Category.TEST, parse=scan_with(_MINITEST, lambda view: _Minitest(view)))


# RuboCop's offenses: `lib/cart.rb:7:5: W: [Correctable] Lint/UselessAssignment: message` (clang and
# emacs formats; emacs prints absolute paths), and its `simple` format's `W:  7:  5: Lint/...: message`
# rows under an `== lib/cart.rb ==` heading. Severities: Convention, Warning, Error, Fatal, Refactor, Info.
# RuboCop before 0.52 (and `--no-display-cop-names`) leaves the cop's name out: `C: Redundant return detected.`
_COP = r"(?:\[(?:Correctable|Corrected|Todo)\] )?(?:(?P<code>[A-Z]\w*(?:/[A-Z]\w*)+): )?(?P<msg>.+)$"
_RUBY_FILE = r"\S+?\.(?:rb|rake|gemspec|ru|jbuilder|podspec|thor)|\S*(?:Gemfile|Rakefile|Guardfile|Podfile|Vagrantfile)"


@state
class _RuboCop:
    found: Findings = field(default_factory=lambda: Findings(tool="rubocop"))
    file: str | None = None  # the `simple` format's current file


def _simple_heading(st: _RuboCop, no: int, m: re.Match[str]) -> None:
    st.file = m.group(1)
    st.found.mark(no, 5.0)


def _simple_row(st: _RuboCop, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m["msg"], file=st.file, at=int(m["line"]), column=int(m["col"]), code=m["code"])


_RUBOCOP = LineRules[_RuboCop](
    Rule(
        rf"^(?P<file>{_RUBY_FILE}):(?P<line>\d+):(?P<col>\d+): [CWEFRI]: {_COP}",
        record(),
        has=(": C: ", ": W: ", ": E: ", ": F: ", ": R: ", ": I: "),
    ),
    Rule(rf"^== ({_RUBY_FILE}) ==$", _simple_heading, starts="== ", ends=" =="),
    Rule(
        rf"^[CWEFRI]: +(?P<line>\d+): +(?P<col>\d+): {_COP}",
        _simple_row,
        starts=("C: ", "W: ", "E: ", "F: ", "R: ", "I: "),
        when=lambda st, _no: st.file is not None,
    ),
    Rule(r"^\d+ files? inspected, (?P<failed>\d+) offenses? detected", summary(9.0), has=(" inspected, ",)),
)

RUBOCOP = Parser(tool="rubocop", category=Category.LINT, parse=scan_with(_RUBOCOP, lambda _view: _RuboCop()))
