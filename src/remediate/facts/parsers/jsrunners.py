"""JavaScript test runners with reports of their own: Jasmine (`Failures:`, `1) suite spec`, its
`Message:` and `Stack:`; jasmine-node's Jasmine 1.3 the same indented, with `Stacktrace:`), AVA
(`✘ [fail]: title`, then each failure's title, `file:line` and error; before 3.0 `✖ title`, `N tests
failed`, then the same details with an absolute `file:line` and a bare stack) and Playwright Test
(list, line and dot reporters: `1) e2e/x.spec.ts:5:3 › suite › title ───`, its error and the frame
of the failed line). Their TAP output is read by the TAP parser."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.meaning.runs import ASSERTION_TIMED_OUT
from remediate.facts.parsers.base import (
    MAX_MESSAGE,
    Findings,
    LineRules,
    Parser,
    Regex,
    Rule,
    clip,
    scan_with,
    state,
)
from remediate.facts.parsers.handlers import after_tests, summary
from remediate.facts.parsers.nodeerrors import V8_FRAME
from remediate.facts.view import View
from remediate.models import Category

SPEC_WITHIN = 12  # lines after a Jasmine failure's number in which its message and first stack frame come
DETAIL_WITHIN = 25  # lines after an AVA failure's location in which its error comes
_FRAME = Regex(V8_FRAME.format(place=r"((?:/|[A-Za-z]:\\|\.{0,2}[\w@-]*/)[^():\s]*\.[cm]?[jt]sx?):(\d+):(\d+)"))
_ERROR = Regex(r"^\s*((?:\w+)?(?:Error|Exception)(?: \[\w+\])?: .+)$")
_AVA_CODE = Regex(r"^\s+\d+: ")  # a line of the source excerpt AVA prints under a failure's location
_AVA_PLACE = Regex(r"^\s+\S+\.[cm]?[jt]sx?:\d+$")  # a failure's location line
# AVA before 3.0 prints an error's stack without `at`: `Object.parse (lib/cart.js:8:15)`, `test/cart.js:13:8`.
_AVA_OBJECT = Regex(r"^(\w*(?:Error|Exception)) \{$")  # an error object as AVA before 3.0 shows it
_AVA_OBJECT_MESSAGE = Regex(r"^message: '(.*)',$")
_AVA_FRAME = Regex(r"^\s+(?:\S.*? \()?((?:[\w@.-]+/)*[\w@.-]+\.[cm]?[jt]sx?):\d+:\d+\)?$")
RUNNER_FRAMES = ("node_modules", "<Jasmine>", "node:internal")
_DIGITS = tuple("0123456789")


def own_frames(view: View, first: int, limit: int) -> list[tuple[int, str, int, int]]:
    """The stack frames from line `first` on that are the project's: (log line, file, line, column),
    up to the first frame of the runner or of a dependency. The first is where the error was raised,
    the last the test's own code."""
    frames: list[tuple[int, str, int, int]] = []
    for line in view.after(first - 1, limit):
        if any(r in line.text for r in RUNNER_FRAMES):  # the runner's frames above the test's are skipped
            if frames:
                break
            continue
        frame = _FRAME.compiled.match(line.text)
        if frame:
            frames.append((line.no, frame.group(1), int(frame.group(2)), int(frame.group(3))))
        elif frames:
            break
    return frames


@state
class _Jasmine:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="jasmine"))
    failures: bool = False  # inside the `Failures:` section


def _failures(st: _Jasmine, _no: int, _m: re.Match[str]) -> None:
    st.failures = True


def _spec(st: _Jasmine, no: int, m: re.Match[str]) -> bool:
    """`1) cart sums prices` followed by `  Message:`: a failed spec, its message and its stack
    (jasmine-node, Jasmine 1.3, indents the item and says `Stacktrace:`)."""
    following = list(st.view.after(no, SPEC_WITHIN))
    if not following or following[0].text.strip() != "Message:":
        return False
    name, message, stack = m.group(1).strip(), None, None
    for line in following[1:]:
        text = line.text.strip()
        if text in ("Stack:", "Stacktrace:"):  # Jasmine 2+, Jasmine 1.3
            stack = line.no + 1
            break
        if message is None and text:
            message = text
            st.found.mark(line.no, 8.0)
    frames = own_frames(st.view, stack, SPEC_WITHIN) if stack else []
    st.found.test(no, name, file=frames[-1][1] if frames else None, message=message)
    if frames:
        _, file, at, column = frames[0]
        st.found.error(no, message or name, file=file, at=at, column=column, code="test")
    return True


_JASMINE = LineRules[_Jasmine](
    Rule(r"^Failures:$", _failures, starts="Failures:"),
    Rule(r"^\s*\d+\) (.+)$", _spec, has=(") ",), when=lambda st, _no: st.failures, continues=True),
    Rule(r"^\d+ specs?, (?P<failed>\d+) failures?", summary(9.0), has=(" spec, ", " specs, ")),
    # jasmine-node (Jasmine 1.3): `3 tests, 3 assertions, 2 failures, 0 skipped`, after its `Failures:`
    Rule(
        r"^\d+ tests?, \d+ assertions?, (?P<failed>\d+) failures?, \d+ skipped$",
        summary(9.0),
        ends=" skipped",
        when=lambda st, _no: st.failures,
        continues=True,
    ),
)


MAX_FAILED = 200  # `✘ [fail]:` titles kept to recognise the failures' details


@state
class _Ava:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="ava"))
    failed: list[str] = field(default_factory=list)  # the `✘ [fail]: ` lines' text (title, maybe a reason)
    crossed: list[tuple[int, str]] = field(default_factory=list)  # before AVA 3: `✖ title` lines (line, text)
    details: bool = False  # past the `─` rule: each failure's title, location and error follow
    current: tuple[int, str] | None = None  # (line, title) of the failure being detailed, until placed

    def placing(self, no: int) -> bool:
        return self.current is not None and no - self.current[0] <= DETAIL_WITHIN


def _fail(st: _Ava, no: int, m: re.Match[str]) -> None:
    _fail_title(st, no, m.group(1).strip())


def _fail_title(st: _Ava, no: int, title: str) -> None:
    if len(st.failed) < MAX_FAILED:
        st.failed.append(title)
    st.found.seen = True
    st.found.mark(no, 8.0)


def _rule(st: _Ava, _no: int, _m: re.Match[str]) -> None:
    st.details = bool(st.failed)


def _crossed(st: _Ava, no: int, m: re.Match[str]) -> None:
    if len(st.crossed) < MAX_FAILED:
        st.crossed.append((no, m.group(1).strip()))


def _count(st: _Ava, no: int, m: re.Match[str]) -> None:
    """`N tests failed`: AVA 3+ prints it last; before 3.0 it confirms the `✖ title` lines above were
    AVA's failed tests, and their details follow it."""
    _COUNTED(st, no, m)
    if st.crossed and not st.failed:
        for line, title in st.crossed:
            _fail_title(st, line, title)
    st.details = st.details or bool(st.failed)


_COUNTED = summary(9.0)


def _title(st: _Ava, no: int, m: re.Match[str]) -> bool:
    title = m.group(1).strip()
    if not any(f == title or f.startswith(title + " ") for f in st.failed):
        return False
    st.current = (no, title)
    st.found.test(no, title)
    return True


def _uncaught(st: _Ava, no: int, m: re.Match[str]) -> None:
    st.current = (no, m.string.strip())
    st.found.test(no, st.current[1], file=m.group(1))


def _error_after(st: _Ava, no: int) -> str | None:
    """The error a failure's details show: an `XError: message` line (before AVA 3, an error object:
    `SyntaxError {` and its `message: '...'`), else the first line that is not the source excerpt
    (`Difference (- actual, + expected):`). The next failure's title ends them (before AVA 3 no `─` does)."""
    first, shown, said = None, None, None
    for line in st.view.after(no, DETAIL_WITHIN):
        text = line.text.strip()
        if not text or _AVA_CODE.compiled.match(line.text) or _AVA_PLACE.compiled.match(line.text):
            continue
        if text.startswith("›") or text == "─" or text.startswith("at ") or text in st.failed:
            break
        if error := _ERROR.compiled.match(line.text):
            st.found.mark(line.no, 8.0)
            return error.group(1)
        if shown and not said and (message := _AVA_OBJECT_MESSAGE.compiled.match(text)):
            st.found.mark(line.no, 8.0)
            said = f"{shown}: {_unquoted(message.group(1))}"
        shown = shown_object.group(1) if (shown_object := _AVA_OBJECT.compiled.match(text)) else None
        first = first or text
    return said or first


def _unquoted(text: str) -> str:
    """A string as AVA's error object printed it, single-quoted: its escaped quotes back."""
    return text.replace("\\'", "'")


def _placed(st: _Ava, no: int, place: tuple[str, int, int | None], test_file: str) -> None:
    assert st.current is not None
    first, title = st.current
    message = _error_after(st, first)
    st.found.test(first, title, file=test_file, message=message)
    st.found.error(no, message or title, file=place[0], at=place[1], column=place[2], code="test")
    st.current = None


def _location(st: _Ava, no: int, m: re.Match[str]) -> None:
    """`  test/cart.test.js:4` under a failure's title: where its assertion is (or, for an error
    thrown in the code under test, where it was thrown: the test's file is then the stack's last)."""
    _placed(st, no, (m.group(1), int(m.group(2)), None), _bare_stack_end(st, no) or m.group(1))


def _bare_stack_end(st: _Ava, no: int) -> str | None:
    """The file of the last frame of a stack AVA before 3.0 printed without `at` below a failure's
    location: the test's own frame."""
    last = None
    for line in st.view.after(no, DETAIL_WITHIN):
        if line.text.strip() in st.failed or line.text.strip() == "\u2500":
            break
        if frame := _AVA_FRAME.compiled.match(line.text):
            last = frame.group(1)
    return last


def _frame(st: _Ava, no: int, _m: re.Match[str]) -> bool:
    """An error thrown in a test has no location line: its stack places it (where it was raised;
    the test's file is the last of the project's frames)."""
    frames = own_frames(st.view, no, DETAIL_WITHIN)
    if not frames:
        return False
    _, file, at, column = frames[0]
    _placed(st, no, (file, at, column), frames[-1][1])
    return True


_AVA = LineRules[_Ava](
    Rule(r"^\s*\u2718 \[fail\]: (.+)$", _fail, has=("\u2718 [fail]: ",)),
    # AVA before 3.0, verbose (its reporter on CI): `✖ title` (and the reason an error gives); opens
    # nothing alone (ESLint's `✖ 3 problems`): its `N tests failed` follows
    Rule(r"^\s*\u2716 (.+)$", _crossed, has=("\u2716 ",), continues=True),
    Rule(r"^\s*\u2500$", _rule, ends="\u2500", continues=True),  # details follow `✘ [fail]:` lines only
    Rule(r"^\s*Uncaught exception in (\S+)$", _uncaught, has=("Uncaught exception in ",)),
    Rule(
        r"^\s+(/?(?:[\w@.-]+/)*[\w@.-]+\.[cm]?[jt]sx?):(\d+)$",
        _location,
        ends=_DIGITS,
        when=_Ava.placing,
        continues=True,
    ),
    Rule(_FRAME, _frame, has=("at ",), when=_Ava.placing, continues=True),
    Rule(r"^  (\S.*)$", _title, when=lambda st, _no: st.details),
    Rule(r"^\s*(?P<failed>\d+) tests? failed$", _count, ends=(" test failed", " tests failed")),
    continued=True,  # its rules without literals wait on state only its other rules set
)

PLAYWRIGHT_DETAIL = 40  # lines after a Playwright failure's header in which its error and frame come


@state
class _Playwright:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="playwright"))
    flaky: set[tuple[str, str]] = field(default_factory=set)  # (file, title) of tests that passed on a retry


def _pw_failure(st: _Playwright, no: int, m: re.Match[str]) -> None:
    title = m.group(4).rstrip("\u2500 ").strip()
    file, at, column = m.group(1), int(m.group(2)), int(m.group(3))
    message, waited = None, None
    for line in st.view.after(no, PLAYWRIGHT_DETAIL):
        if _PW_HEADER.compiled.match(line.text):
            break
        if message is None and (error := _ERROR.compiled.match(line.text)):
            message = error.group(1)
            st.found.mark(line.no, 8.0)
        elif message is not None and waited is None and (timed_out := ASSERTION_TIMED_OUT.match(line.text)):
            # an assertion that retried until its own timeout (meaning.runs.ASSERTION_TIMED_OUT): a wait's words
            waited = " ".join(timed_out.group(1).split())
            message = f"{clip(message, MAX_MESSAGE - len(waited) - 3)} ({waited})"
        frame = _FRAME.compiled.match(line.text)
        if frame and "node_modules" not in frame.group(1):
            file, at, column = frame.group(1), int(frame.group(2)), int(frame.group(3))
            st.found.mark(line.no, 7.0)
            break
    st.found.test(no, title, file=m.group(1), message=message)
    st.found.error(no, message or title, file=file, at=at, column=column, code="test")


# "  1) e2e/cart.spec.ts:5:3 › cart › sums prices ────" (a project first: "1) [chromium] › e2e/...")
_PW_HEADER = Regex(r"^\s*\d+\) (?:\[[\w .-]+\] \u203a )?(\S+?\.[cm]?[jt]sx?):(\d+):(\d+) \u203a (.+)$")


# A test listed under a closing count: "    e2e/cart.spec.ts:5:3 › cart › sums prices ────"
_PW_LISTED = Regex(r"^\s+(?:\[[\w .-]+\] \u203a )?(\S+?\.[cm]?[jt]sx?):\d+:\d+ \u203a (.+)$")


def _pw_flaky(st: _Playwright, no: int, m: re.Match[str]) -> None:
    """`  1 flaky` and the tests listed under it: each failed, then passed on a retry (`retries`); its `N) ...`
    report above is the failed attempt's, and it is no failing test of the run (_pw_finish)."""
    st.found.mark(no, 7.0)
    for line in st.view.after(no, int(m["flaky"])):
        if listed := _PW_LISTED.match(line.text):
            st.flaky.add((listed[1], listed[2].rstrip("\u2500 ").strip()))
            st.found.mark(line.no, 7.0)


def _pw_finish(st: _Playwright, _view: View) -> Findings:
    found = st.found
    if st.flaky:  # passed on a retry: not the run's failing tests, nor records of their failure
        gone = {found.test_lines.get(t.id) for t in found.tests if (t.file, t.id) in st.flaky}
        found.tests = [t for t in found.tests if (t.file, t.id) not in st.flaky]
        found.errors = [e for e in found.errors if e.log_line not in gone]
    return found


_PLAYWRIGHT = LineRules[_Playwright](
    Rule(_PW_HEADER, _pw_failure, has=(" \u203a ",)),
    Rule(r"^\s*(?P<flaky>\d+) flaky$", _pw_flaky, ends=" flaky", when=after_tests),
    # (`  2 failed` alone is tap-dot's and others' too: Playwright's once its own failures were read)
    Rule(
        r"^\s*(?P<failed>\d+) failed$",
        summary(9.0),
        ends=tuple(f"{digit} failed" for digit in _DIGITS),
        when=after_tests,
        continues=True,
    ),
)

JASMINE = Parser(tool="jasmine", category=Category.TEST, parse=scan_with(_JASMINE, lambda view: _Jasmine(view)))
AVA = Parser(tool="ava", category=Category.TEST, parse=scan_with(_AVA, lambda view: _Ava(view)))
PLAYWRIGHT = Parser(
    tool="playwright", category=Category.TEST, parse=scan_with(_PLAYWRIGHT, lambda view: _Playwright(view), _pw_finish)
)
