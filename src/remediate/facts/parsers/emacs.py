"""Emacs Lisp errors in batch runs (`emacs --batch -l init.el`, a package's CI): the debugger's
`Debugger entered--Lisp error: (error "Package ‘magit’ is unavailable")` (Emacs 28 prints it in
batch whenever an error is not caught; older ones under `debug-on-error`, some with only the
backtrace's first frame, `  signal(error ("..."))`).

package.el's own words say a package could not be installed (a dependency failure): a package no
archive has, a version no archive has, an Emacs newer than the running one (`emacs-25.1` is
unavailable). Any other Lisp error is left to the excerpt's scoring: what a program's error means
is its caller's to say, and a record without a category would only move the excerpt."""

from __future__ import annotations

import re
from dataclasses import field
from itertools import takewhile

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record, summary
from remediate.facts.view import View
from remediate.models import Category

CONDITION_LINES = 12  # lines of a failed ERT test's condition read for its message
MAX_PENDING = 500  # ERT rows kept until its count confirms them

_PACKAGE = Regex(r"^Package [‘`'][^’'`]+[’'] is unavailable|^No version of \S+ >= \S+ is available")
_ENTERED = "Debugger entered--Lisp error: "


def _signal(st: Found, no: int, m: re.Match[str]) -> bool:
    """The backtrace's `signal(...)` frame: the error, unless the debugger's own line above said it."""
    if any(st.view.text(no - k).startswith(_ENTERED) for k in (1, 2)):
        return False
    _lisp_error(st, no, m)
    return True


def _lisp_error(st: Found, no: int, m: re.Match[str]) -> None:
    words = _strings(m["data"])
    message = ": ".join(words) if words else f"{m['type']} {m['data']}".strip()
    if _PACKAGE.compiled.match(message):
        st.found.error(no, message, code="package-unavailable", category=Category.DEPENDENCY, weight=9.0)


def _strings(data: str) -> list[str]:
    """The Lisp strings in an error's data, unescaped, in one pass (a pattern retried from every
    quote of a string that never closes would be quadratic)."""
    out: list[str] = []
    chars: list[str] = []
    inside = escaped = False
    for ch in data:
        if not inside:
            inside = ch == '"'
        elif escaped:
            chars.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            out.append("".join(chars))
            chars.clear()
            inside = False
        else:
            chars.append(ch)
    return out


_RULES = LineRules[Found](
    Rule(rf"^{_ENTERED}\((?P<type>[\w-]+) ?(?P<data>.*)\)$", _lisp_error, starts=_ENTERED),
    Rule(r"^  signal\((?P<type>[\w-]+) \((?P<data>.*)\)\)$", _signal, starts="  signal("),
)

PARSER = Parser(tool="emacs", category=Category.UNKNOWN, parse=scan_with(_RULES, plain("emacs")))


# package-lint (`emacs --batch -f package-lint-batch-and-exit FILE.el`, MELPA's checks of a package's headers,
# names and dependencies): `shop-cart.el:8:0: error: "shop-total" doesn't start with package's prefix
# "shop-cart".`; it exits 1 on an error, a `warning:` row fails nothing.
_package_lint_error = record("package-lint")


def _package_lint(st: Found, no: int, m: re.Match[str]) -> None:
    if m["level"] == "error":
        _package_lint_error(st, no, m)
    else:
        st.found.mark(no, 3.0)


_PACKAGE_LINT = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.el):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning): (?P<msg>.+)$",
        _package_lint,
        has=(".el:",),
    ),
)

PACKAGE_LINT = Parser(
    tool="package-lint", category=Category.LINT, parse=scan_with(_PACKAGE_LINT, plain("package-lint"))
)


# ---------------------------------------------------------------------- the byte-compiler
# `emacs --batch -f batch-byte-compile x.el` (what a package's `make compile` or `cask build` runs) heads each
# function's diagnostics `In NAME:` and prints `x.el:4:25: Error: Unused lexical variable `unused'` (Emacs 24-26:
# no space after the place's colon), the message's rest on indented lines below. An `Error:` fails the compile,
# the compiler's own or a warning `byte-compile-error-on-warn` denies: the build's failure, as gcc's `-Werror`.
# A `Warning:` fails nothing (a dependency's compiled in passing, most often): shown only.
BYTE_COMPILE_LINES = 2  # indented lines below a diagnostic that continue its message


def _byte_compile(st: Found, no: int, m: re.Match[str]) -> None:
    if m["level"] != "Error":
        st.found.mark(no, 2.0)
        return
    below = takewhile(lambda line: line.text.startswith("    "), st.view.after(no, BYTE_COMPILE_LINES))
    message = " ".join([m["msg"], *(line.text.strip() for line in below)])
    st.found.error(no, message, file=m["file"], at=int(m["line"]), column=int(m["col"]), code="byte-compile")


_BYTE_COMPILE = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.el):(?P<line>\d+):(?P<col>\d+): ?(?P<level>Error|Warning): (?P<msg>.+)$",
        _byte_compile,
        has=(":Error: ", ": Error: ", ":Warning: ", ": Warning: "),
    ),
)

BYTE_COMPILE = Parser(
    tool="byte-compile", category=Category.BUILD, parse=scan_with(_BYTE_COMPILE, plain("byte-compile"))
)


# ---------------------------------------------------------------------- ERT
# ERT in batch (`emacs -batch ... -f ert-run-tests-batch-and-exit`, what `make test` of an Emacs
# package runs): per failed test its backtrace, `Test NAME condition:` with the condition on the
# indented lines below (`(ert-test-failed ((should (= ...)) :form (= 5 6) :value nil))`,
# `(arith-error)`), then its row, `   FAILED  1/3  NAME` (Emacs 28 adds `(0.0001 sec)`; before 25 no
# `1/3`); the run ends `Ran 3 tests, 1 results as expected, 2 unexpected (...)` and lists the
# unexpected results again, `   FAILED  NAME`.


@state
class _Ert:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="ert"))
    conditions: dict[str, str] = field(default_factory=dict)  # test name -> its condition's words
    pending: list[tuple[int, str]] = field(default_factory=list)  # FAILED rows before ERT's count
    counted: bool = False  # ERT's count was seen: its rows are ERT's


def _ert_condition(st: _Ert, no: int, m: re.Match[str]) -> None:
    said: list[str] = []
    for line in st.view.after(no, CONDITION_LINES):
        if not line.text.startswith(("    ", "\t")):  # pretty-printed, 4 columns in and more (tabs for 8)
            break
        said.append(line.text.strip())
        st.found.mark(line.no, 8.0)
    st.conditions[m["name"]] = " ".join(said)


def _ert_failed(st: _Ert, no: int, m: re.Match[str]) -> None:
    """A `FAILED` row: a failed test once ERT's count confirms the rows are its own."""
    if st.counted:
        st.found.test(no, m["name"], message=st.conditions.get(m["name"]) or None)
    elif len(st.pending) < MAX_PENDING:
        st.pending.append((no, m["name"]))


def _ert_count(st: _Ert, no: int, m: re.Match[str]) -> None:
    st.counted = True
    _COUNTED(st, no, m)
    for line, name in st.pending:
        st.found.test(line, name, message=st.conditions.get(name) or None)
    st.pending.clear()


_COUNTED = summary(9.0)


_ERT = LineRules[_Ert](
    Rule(r"^Test (?P<name>\S+) condition:$", _ert_condition, ends=" condition:", continues=True),
    Rule(
        r"^   FAILED  (?:\d+/\d+  )?(?P<name>\S+)(?: \([\d.]+ sec\))?$",
        _ert_failed,
        starts="   FAILED  ",
        continues=True,
    ),
    Rule(
        r"^Ran \d+ tests?, \d+ results? as expected, (?P<failed>\d+) unexpected",
        _ert_count,
        has=(" as expected, ",),
    ),
)

ERT = Parser(tool="ert", category=Category.TEST, parse=scan_with(_ERT, lambda view: _Ert(view)))


# ---------------------------------------------------------------------- buttercup
# buttercup (`buttercup -L . tests`, `cask exec buttercup`): the specs as they run (a failed one's
# message after its title), then per failed spec a section under a rule of 40 `=`: the spec's full
# description, its backtrace and `FAILED: MESSAGE` (`error: (arith-error)` for a signal); the run
# ends `Ran 3 specs, 2 failed, in 66.13ms.` The sections count only once that line confirms them.


@state
class _Buttercup:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="buttercup"))
    specs: list[tuple[int, str, str | None]] = field(default_factory=list)  # (line, spec, message)


def _buttercup_section(st: _Buttercup, no: int, _m: re.Match[str]) -> None:
    title = st.view.text(no + 1).strip()
    if not title or len(st.specs) >= MAX_PENDING:
        return
    st.specs.append((no + 1, title, None))


def _buttercup_reason(st: _Buttercup, no: int, m: re.Match[str]) -> None:
    if not st.specs or st.specs[-1][2] is not None:
        return
    line, title, _ = st.specs[-1]
    st.specs[-1] = (line, title, m["msg"])
    st.found.mark(no, 8.0)


def _buttercup_count(st: _Buttercup, no: int, m: re.Match[str]) -> None:
    _COUNTED(st, no, m)
    for line, title, message in st.specs:
        st.found.test(line, title, message=message)
    st.specs.clear()


_BUTTERCUP = LineRules[_Buttercup](
    Rule(r"^={40}$", _buttercup_section, starts="=" * 40, continues=True),
    Rule(r"^(?:FAILED|error): (?P<msg>.+)$", _buttercup_reason, starts=("FAILED: ", "error: "), continues=True),
    Rule(r"^Ran \d+ specs?, (?P<failed>\d+) failed", _buttercup_count, has=(" specs, ", " spec, ")),
)

BUTTERCUP = Parser(tool="buttercup", category=Category.TEST, parse=scan_with(_BUTTERCUP, lambda view: _Buttercup(view)))
