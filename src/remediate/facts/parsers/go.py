"""Go: build and vet errors, `go test` failures and panics, and the linters printing Go's
diagnostic form with their check in parentheses: staticcheck (`... (SA4006)`) and golangci-lint
(`... (errcheck)`).

`go vet` prints its findings in the compiler's form under the same `# pkg` header
(`./calc.go:15:2: self-assignment of name to name`), without the analyser's name: what tells one
from a compile error is its message, in the words of vet's analysers (`_VET`). Code that does not
type-check is the compiler's error, whoever printed it (vet's own `vet: ` prefix included).

gocheck (gopkg.in/check.v1) runs a suite's methods inside one `go test` test: each failed method is
`FAIL: cart_test.go:15: CartSuite.TestTotal` (`PANIC:` for a panic, `FIXTURE-PANIC:` for a set-up
method's) between rules of dashes, with its reasons on lines starting `... ` (`... obtained int =
5`, `... expected int = 6`, `... Panic: runtime error: ...`); the suite ends `OOPS: 1 passed, 1
FAILED, 1 PANICKED`."""

from __future__ import annotations

import re
from dataclasses import field
from itertools import groupby, takewhile

from remediate.facts.parsers.base import Findings, LineRules, Parser, Regex, Rule, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, taken, verdict
from remediate.facts.tasks import check_task
from remediate.facts.testblocks import own_reports, report_words
from remediate.facts.view import View
from remediate.models import Category

GINKGO_BLOCK = 8  # lines after a ginkgo [FAILED] marker that describe it (spec name, location, reason)
# The node types Ginkgo names in brackets in a failed spec's summary row (v1 and v2).
_GINKGO_NODES = (
    r"(?:It|Measure|(?:Just)?(?:Before|After)Each|(?:Synchronized)?(?:Before|After)Suite|(?:Before|After)All|"
    r"DeferCleanup[^\]]{0,40}|Report(?:Before|After)(?:Each|Suite))"
)
_LINTER = Regex(r"\((\w+)\)$")
_STATICCHECK = Regex(r"(?:SA|S|ST|QF)\d{4}|U1000")  # staticcheck's checks (also golangci-lint's staticcheck)
_COMPILER_LINTERS = ("compile", "typecheck")  # what a linter says when the code does not build
# The findings of `go vet`'s analysers, in their words from Go 1.10 to today (printf's older
# `arg x for printf verb %d of wrong type` and `possible formatting directive in Println call` too).
_VET = Regex(
    r"format %\S* (?:has arg|reads arg)|for printf verb|call has arguments but no formatting directive|"
    r"call has possible (?:Printf )?formatting directive|possible formatting directive in \w+ call|"
    r"call needs \d+ args? but has|arg list ends with redundant newline|has unknown verb|"
    r"^self-assignment of |passes lock by value|copies lock|^unreachable code$|"
    r"^struct field tag .* not compatible with reflect\.StructTag\.Get|composite literal uses unkeyed fields|"
    r"^the cancel function|^result of [\w.()*]+ call not used$|captured by func literal$|"
    r"should have signature |before checking for errors$|misuse of unbuffered os\.Signal channel|"
    r"^(?:suspect|redundant) (?:or|and): |^comparison of function \w+ [=!]= nil is always|"
    r"^direct assignment to atomic value$|from a non-test goroutine$|^impossible type assertion: |"
    r"yields a string of one rune|passes non-pointer|must be a non-nil pointer"
)
MAX_TEST_LINES = 5  # `file_test.go:N:` lines recorded per failing test


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="go"))
    build_errors: int = 0
    lint_errors: int = 0
    vet_errors: int = 0  # of lint_errors, go vet's analysers' (no linter named)
    build_failed: bool = False  # go test's `FAIL pkg [build failed]`: the test binary was not built
    gofmt_files: set[str] = field(default_factory=set)
    gofmt_ran: int | None = None  # the line naming a Go formatter: the bare file names below it are its list
    gofmt_named: bool = False  # that list has named a file
    gofmt_echoed: int = 0  # the last line of the echoes right below that line (a traced pipeline's: `+ tee`, `+ read`)
    unlisted: list[tuple[int, str]] = field(default_factory=list)  # bare `.go` lines below no formatter's line
    gofmt_listing: int = 0  # the line of a shell's xtrace of `gofmt -l` run in a command substitution
    gofmt_quoted: bool = False  # inside the quoted file list of the xtrace of the test that read it
    running: str | None = None  # the test whose output follows (`=== RUN`)
    failed: tuple[int, str] | None = None  # without -v, a test's lines follow its `--- FAIL` line
    below: int = -2  # the `--- FAIL` row's line, then its test's latest line right below it
    # test -> its `file_test.go:N: msg` lines; they become evidence only if the test fails
    # (passing tests print them too, through t.Log).
    outputs: dict[str, list[tuple[int, str, int, str]]] = field(default_factory=dict)
    package_line: int = 0  # the last `FAIL pkg` line: the records and tests after it are the next package's
    package_lines: list[int] = field(default_factory=list)  # every `FAIL pkg` line: where a package's output ends
    silent: list[str] = field(default_factory=list)  # tests whose `--- FAIL` row found no line of theirs above it
    compiled: int = 0  # the last line of the compiler's block: its `# pkg` header or its latest error
    ginkgo_said: dict[str, str] = field(default_factory=dict)  # a Ginkgo failure's place -> its reason's words


def _gofmt(st: _State, no: int, m: re.Match[str]) -> None:
    _gofmt_file(st, no, m.group(1))


# A bare `.go` path on a line is gofmt's list (`gofmt -l`, goimports', gofumpt's, `go fmt`'s) only below a line that
# names the formatter (its command echoed, its step's name, its script's words: `Files not gofmt'd:`), within a few
# lines and before another command's echo: `git diff --name-only`, `ls`, `find . -name '*.go'` and `git ls-files`
# print the same lines, and a test run failing below them is no formatter's finding.
GOFMT_PREAMBLE = 40  # lines a CI or a script may print between the formatter's line and its first file name
_ECHOES = ("$ ", "+ ", "> ", "Run ", "##[group]Run ", "[command]")  # how a CI or a shell echoes a command it runs


def _gofmt_command(st: _State, no: int, _m: re.Match[str]) -> bool:
    st.gofmt_ran = st.gofmt_echoed = no
    st.gofmt_named = False
    return False  # the line may be another rule's too (xtrace's `++ gofmt -l .`)


def _gofmt_listing_open(st: _State, _no: int) -> bool:
    return st.gofmt_ran is not None


def _gofmt_listed(st: _State, no: int, m: re.Match[str]) -> None:
    if st.gofmt_quoted or st.gofmt_ran is not None:
        _gofmt(st, no, m)
        st.gofmt_named = True
        return
    if not st.unlisted or st.unlisted[-1][0] != no - 1:
        st.unlisted = []
    st.unlisted.append((no, m.group(1)))


# make's verdict right below a bare list (a silent recipe, `@test -z "$$(gofmt -l . | tee /dev/stderr)"`, under a
# script whose name says nothing): the failed target's name is the step's, and a format task's (tasks.check_task:
# `fmt-check`, not `check`) makes the list the formatter's.
_MAKE_FAILED = Regex(
    r"^g?make(?:\[\d{1,3}\])?: \*\*\* \[(?:[^\]\s:]{1,300}:\d{1,7}: )?(?P<target>[^\]\s]{1,200})\] Error [1-9]"
)


def _make_failed(st: _State, no: int, m: re.Match[str]) -> bool:
    if st.unlisted and st.unlisted[-1][0] == no - 1:
        task = check_task(f"make {m['target']}")
        if task is not None and task[1] is Category.FORMAT:
            for at, file in st.unlisted:
                _gofmt_file(st, at, file)
    st.unlisted = []
    return False


def _gofmt_list_end(st: _State, no: int, m: re.Match[str]) -> bool:
    """A line that is no file name ends gofmt's list once it named one; before that, only the preamble's end or
    another command's echo does (a CI's own lines and the script's words come between), unless the echo is right
    below the formatter's line or its echoes (xtrace prints a pipeline's commands together before their output)."""
    assert st.gofmt_ran is not None
    echo = m.string.startswith(_ECHOES)
    if echo and not st.gofmt_named and no == st.gofmt_echoed + 1:
        st.gofmt_echoed = no
    elif st.gofmt_named or no - st.gofmt_ran > GOFMT_PREAMBLE or echo:
        st.gofmt_ran = None
    return False


def _gofmt_file(st: _State, no: int, file: str) -> None:
    if file not in st.gofmt_files:  # one record per file: `gofmt -d -l` names it in its list and its diff
        st.found.error(no, "gofmt would reformat this file", file=file, code="format", tool="gofmt")
        st.gofmt_files.add(file)


def _gofmt_diff(st: _State, no: int, m: re.Match[str]) -> None:
    _gofmt_file(st, no, m["file"])


# `test -z "$(gofmt -l .)"` (or `[ -z ... ]`) under `set -x`: gofmt's list is printed nowhere but in the shell's
# trace of the test, right below the trace of the command substitution (`++ gofmt -l .`): `+ test -z add.go`, or
# for more files one quoted value over several lines (`+ test -z 'add.go`, `cart.go'`; `[`'s ends `' ']'`). The
# lines between hold a bare name each (the plain `gofmt -l` rule's).
_GO_FILE = r"(?:\.[/\\])?((?:[\w.-]+[/\\])*[\w.-]+\.go)"


def _gofmt_listing(st: _State, no: int, _m: re.Match[str]) -> None:
    st.gofmt_listing = no


def _gofmt_tested(st: _State, no: int, m: re.Match[str]) -> None:
    _gofmt_file(st, no, m.group(2))
    st.gofmt_quoted = bool(m.group(1)) and not m.group(3)


def _gofmt_quote_closed(st: _State, no: int, m: re.Match[str]) -> None:
    _gofmt(st, no, m)
    st.gofmt_quoted = False


def _test_output(st: _State, no: int, m: re.Match[str]) -> None:
    # a failing test's lines below its `--- FAIL` row: without -v, or under -v right below the row of the test that
    # ran, or of one of its subtests (go before 1.14 buffered a test's t.Log and t.Error lines and printed them after
    # its row: testing.go's flushToParent); not a row of another test's, which a test printed (a report as fixture)
    if st.failed is not None and (st.running is None or (no == st.below + 1 and _ran(st.running, st.failed[1]))):
        st.below = no
        st.found.error(no, m.group(3), file=m.group(1), at=int(m.group(2)), code="test", weight=8.0)
        st.found.test(st.failed[0], st.failed[1], file=m.group(1), message=f"{m.group(1)}:{m.group(2)}: {m.group(3)}")
        return
    st.outputs.setdefault(st.running or "", []).append((no, m.group(1), int(m.group(2)), m.group(3)))


def _ran(running: str, failed: str) -> bool:
    """Whether the test whose row failed is the one `=== RUN` named last, or of its top-level test's tree (go before
    1.14 printed a parent's subtests' rows after every subtest had run: `TestA/one`'s after `=== RUN   TestA/two`)."""
    return running.split("/", 1)[0] == failed.split("/", 1)[0]


def _build(st: _State, no: int, m: re.Match[str]) -> bool:
    if m.string.startswith(("\t", " ")):
        return False
    _diagnostic(st, no, m.string, (m.group(1), int(m.group(2)), int(m.group(3))), m.group(4))
    return True


def _build_without_column(st: _State, no: int, m: re.Match[str]) -> bool:
    # Go before 1.10 printed the compiler's errors without a column (`./cart.go:8: undefined: x`). So do
    # programs' own log lines (the log package's Lshortfile flag), so this shape counts only inside the
    # compiler's block: under go build's or go test's `# pkg` header, or after another of its errors, with
    # nothing between but the messages' indented continuation lines.
    if m.string.startswith(("\t", " ")) or not _in_compiled_block(st, no):
        return False
    _diagnostic(st, no, m.string, (m.group(1), int(m.group(2)), None), m.group(3))
    return True


COMPILED_GAP = 8  # indented continuation lines an error of the compiler's block may span


def _in_compiled_block(st: _State, no: int) -> bool:
    if not st.compiled or no - st.compiled > COMPILED_GAP:
        return False
    return all(st.view.text(between).startswith(("\t", " ")) for between in range(st.compiled + 1, no))


def _header(st: _State, no: int, _m: re.Match[str]) -> None:
    st.found.mark(no, 5.0)
    st.compiled = no


def _diagnostic(st: _State, no: int, line: str, place: tuple[str, int, int | None], said: str) -> None:
    """A line in the compiler's form: a compile error, or a vet analyser's or a linter's finding."""
    st.compiled = no
    file, at, column = place
    linter = _LINTER.search(said)
    code = linter.group(1) if linter else "build"
    tool, message = None, said
    if linter and code not in _COMPILER_LINTERS:
        tool = "staticcheck" if _STATICCHECK.compiled.fullmatch(code) else "golangci-lint"
        message = message[: linter.start()].rstrip()
        st.lint_errors += 1
    elif not linter and not line.startswith("vet: ") and _VET.search(message):
        tool, code = "vet", "vet"
        st.lint_errors += 1
        st.vet_errors += 1
    else:
        st.build_errors += 1
    st.found.error(no, message, file=file, at=at, column=column, code=code, tool=tool)


def _failed_test(st: _State, no: int, m: re.Match[str]) -> None:
    name = m.group(1)
    said = st.outputs.get(name) or st.outputs.get("", [])
    st.failed = (no, name)
    st.below = no
    for at_no, file, at, message in said[:MAX_TEST_LINES]:
        st.found.error(at_no, message, file=file, at=at, code="test", weight=8.0)
    first = said[0] if said else None
    if not said and st.running in (None, name):
        st.silent.append(name)
    said_first = f"{first[1]}:{first[2]}: {first[3]}" if first else None
    st.found.test(no, name, file=first[1] if first else None, message=said_first)


def _package_failed(st: _State, no: int, m: re.Match[str]) -> None:
    st.build_failed = st.build_failed or m.string.endswith("[build failed]")
    st.found.mark(no, 8.0)
    st.found.seen = True
    _in_package(st.found, m.group(1), st.package_line, no)
    st.package_line = no
    st.package_lines.append(no)


# A name ending as a source file of another language: jest's `FAIL src/cart.test.js (6.2s)` (Jest 24 to 26 print a
# slow file's time so) names the test file, the suite its `●` tests are in; gotestsum names a Go package or test.
_OTHER_SOURCE = Regex(r"\.(?:[cm]?[jt]sx?|coffee|py|rb|php)$")


def _gotestsum_failed(st: _State, no: int, m: re.Match[str]) -> bool:
    name = m.group(2) or m.group(4) or m.string
    if _OTHER_SOURCE.search(name):
        return False
    st.found.test(no, name)
    return True


def _in_package(found: Findings, package: str, after: int, before: int) -> None:
    """go test names a test's file by its base name (`calc_test.go`) and the package's import path
    (`example.com/shop/calc`) only after its tests, on `FAIL pkg`: the records and tests printed since the
    previous one are the package's, their file below its path (the repository's folder is that path's tail)."""
    lines: list[tuple[int | None, str | None]] = [(e.log_line, e.file) for e in found.errors]
    lines += [(found.test_lines.get(t.id), t.file) for t in found.tests]
    for line, file in lines:
        if line is not None and after < line < before and file and "/" not in file:
            found.places[line] = (f"{package}/{file}",)


def _ginkgo_failed(st: _State, no: int, _m: re.Match[str]) -> None:
    st.found.mark(no, 9.0)
    for nxt in st.view.after(no, GINKGO_BLOCK):
        if nxt.text.startswith("---"):
            break
        st.found.mark(nxt.no, 7.0)
    block = [line.text for line in takewhile(lambda x: not x.text.startswith("---"), st.view.after(no, GINKGO_REPORT))]
    place, said = _ginkgo_reason(block)
    if place and said:
        st.ginkgo_said.setdefault(place, said)


GINKGO_REPORT = 40  # lines of a Ginkgo failure block read for its reason (v1's nested containers, v2's timeline)
# A failure's place: alone on its line (v1's under its reason, or in a panic's) or v2's `In [It] at: PLACE @ time`,
# as the summary's row of the same spec names it on the line below (`[Fail] Cart [It] adds`, `/abs/cart_test.go:15`).
_GINKGO_PLACE = Regex(r"^\s*(?:In \[[^\]]{1,40}\] at: )?(\S+\.go:\d+)(?: @ .*)?$")
# v2's reason opens `[FAILED] ` (`[PANICKED] `, `[TIMEDOUT] `), not a timeline's `[FAILED] in [It] - PLACE @ time`.
_GINKGO_REASON = Regex(r"^\s*\[(?:FAILED|PANICKED|TIMEDOUT)\] (?!in \[)")


def _ginkgo_reason(block: list[str]) -> tuple[str | None, str]:
    """A Ginkgo failure block's place and its reason's words: v2's paragraph that opens `[FAILED] ` (a timeline may
    come before it), else v1's paragraph below the spec's names and places (`Timed out after 1.001s.`, `Expected`
    ..., a panic's `Test Panicked` over its value), its place the paragraph's own or the first one alone below it."""
    paragraphs = [list(lines) for blank, lines in groupby(block, key=lambda t: not t.strip()) if not blank][1:]
    reason = next((p for p in paragraphs if _GINKGO_REASON.match(p[0])), paragraphs[0] if paragraphs else [])
    below = paragraphs[paragraphs.index(reason) :] if reason else []
    places = [m.group(1) for p in below for t in p if (m := _GINKGO_PLACE.match(t))]
    said = [t for t in reason if not _GINKGO_PLACE.match(t)]
    return (places[0] if places else None), report_words(said)


def _ginkgo_row(st: _State, no: int, m: re.Match[str]) -> None:
    """A failed spec's row in Ginkgo's summary, its message its block's reason at the place the row names below."""
    place = next((p.group(1) for line in st.view.after(no, 1) if (p := _GINKGO_PLACE.match(line.text))), None)
    st.found.test(no, m.group(1).strip(), message=st.ginkgo_said.get(place) if place else None)


PANIC_FRAMES = 60  # lines of a panic's goroutine dump read for the first frame in the project's code
_FRAME = Regex(r"^\t(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$")
# Frames of the Go toolchain and of downloaded modules: the panic did not start in the project there.
_NOT_PROJECT = Regex(r"/src/(?:runtime|testing|reflect|sync|internal|os|fmt)/|/pkg/mod/|^/_/|<autogenerated>")


def _panic(st: _State, no: int, m: re.Match[str]) -> None:
    """A panic, placed at the first frame of its goroutine dump outside Go's own packages."""
    file, at = None, None
    for nxt in st.view.after(no, PANIC_FRAMES):
        if (frame := _FRAME.match(nxt.text)) and not _NOT_PROJECT.search(frame.group(1).replace("\\", "/")):
            file, at = frame.group(1), int(frame.group(2))
            st.found.mark(nxt.no, 8.0)
            break
    st.found.error(no, f"panic: {m.group(1)}", file=file, at=at, code="panic", weight=9.0)


def _gocheck_failed(st: _State, no: int, m: re.Match[str]) -> None:
    """A gocheck method's failure: its reasons are the `... ` lines of its block."""
    said: list[str] = []
    for line in st.view.after(no, GOCHECK_BLOCK):
        if line.text.startswith(("-----", "OOPS: ", "OK: ")) or _GOCHECK_HEADER.compiled.match(line.text):
            break
        if line.text.startswith("... ") and len(said) < GOCHECK_REASONS:
            said.append(line.text[4:].strip())
            st.found.mark(line.no, 8.0)
    message = " ".join(said) or None
    st.found.test(no, m["name"], file=m["file"], message=message)
    st.found.error(no, message or m["name"], file=m["file"], at=int(m["line"]), code="test", weight=7.0)


def _gocheck_count(st: _State, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, sum(int(n) for n in _GOCHECK_COUNTS.compiled.findall(m.string)), 9.0)


GOCHECK_BLOCK = 40  # lines of a gocheck failure's block (its reasons, the panic's stack)
GOCHECK_REASONS = 3  # `... ` lines kept as the message
_GOCHECK_HEADER = Regex(r"^(?:FAIL|PANIC|FIXTURE-PANIC|MISS): (?P<file>\S+\.go):(?P<line>\d+): (?P<name>[\w.]+)$")
_GOCHECK_COUNTS = Regex(r"(\d+) (?:FAILED|PANICKED|FIXTURE-PANICKED|MISSED)\b")


def _run(st: _State, _no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.running = m.group(1)


_RULES = LineRules[_State](
    # `gofmt -l` prints each file it would reformat on a line of its own (below its command: _gofmt_command).
    # Paths may use `\` (Go on a Windows runner prints `calc\calc.go`, `.\main.go`).
    Rule(r"^(?:\.[/\\])?((?:[\w.-]+[/\\])*[\w.-]+\.go)$", _gofmt_listed, ends=".go"),
    # `gofmt -d`'s header over its diff of a file (Go 1.19: `diff cart.go.orig cart.go`): its own mark, whatever ran it
    Rule(
        r"^diff (?:-u )?(?P<file>(?:[\w.-]+[/\\])*[\w.-]+\.go)\.orig (?P=file)$",
        _gofmt_diff,
        starts="diff ",
        ends=".go",
        continues=True,  # its line ends `.go`, the bare list's literal
    ),
    Rule(
        _MAKE_FAILED,
        _make_failed,
        starts=("make", "gmake"),
        has=("*** [",),
        when=lambda st, _no: bool(st.unlisted),
        continues=True,
    ),
    Rule("", _gofmt_list_end, when=_gofmt_listing_open),
    Rule(
        r"\b(?:gofmt|goimports|gofumpt|go\s+fmt)\b",
        _gofmt_command,
        has=("gofmt", "goimports", "gofumpt", "go fmt"),
        search=True,
        continues=True,  # it opens a list only the bare names' literal shows
    ),
    Rule(r"^\++ gofmt (?:-\w+ )*-l\b", _gofmt_listing, starts=("++ gofmt ", "+++ gofmt ")),
    Rule(
        rf"^\++ (?:test|'\['|\[) -z (')?{_GO_FILE}(')?(?: '?\]'?)?$",
        _gofmt_tested,
        when=lambda st, no: st.gofmt_listing == no - 1,
        starts="+",
        continues=True,
    ),
    Rule(
        rf"^{_GO_FILE}'(?: '\]')?$",
        _gofmt_quote_closed,
        when=lambda st, _no: st.gofmt_quoted,
        ends=("'", "']'"),
        continues=True,
    ),
    Rule(r"^\s+([\w./\\-]+_test\.go):(\d+): (.+)$", _test_output, has=(".go:",)),
    Rule(
        r"^(?:##\[error\]|vet: )?((?:\.\.?[/\\]|/|[A-Za-z]:\\)?[\w./\\-]+\.go):(\d+):(\d+): (.+)$",
        _build,
        has=(".go:",),
    ),
    Rule(r"^((?:\.\.?[/\\]|/|[A-Za-z]:\\)?[\w./\\-]+\.go):(\d+): (.+)$", _build_without_column, has=(".go:",)),
    # (`FAIL` anywhere in a line is in many logs: each rule's own prefix or words)
    Rule(r"^\s*--- FAIL: (\S+) \(([\d.]+)s\)$", _failed_test, has=("--- FAIL: ",)),
    Rule(r"^FAIL\s+(\S+)\s+(?:[\d.]+s|\[build failed\]|\[setup failed\])$", _package_failed, starts="FAIL"),
    Rule(
        r"^=== FAIL: (\S+) (\S+)(?: \(([\d.]+)s\))?$|^(?:✖|FAIL) +(\S+) \(([\d.]+)s\)",
        _gotestsum_failed,
        starts=("=== FAIL: ", "✖", "FAIL"),
    ),
    # Ginkgo (BDD framework for Go): failure blocks, the summary and the suite verdict. A block opens
    # `• [FAILED] [1.004 seconds]` (v2) or `• Failure [0.000 seconds]`, `•! Panic [...]` (v1).
    Rule(
        r"^\s*(?:•\s*)?\[(?:FAILED|PANICKED|TIMEDOUT)\](?: \[[\d.]+ seconds\])?\s*(.*)$|"
        r"^•!? (?:Failure|Panic|Timeout)\b.* \[[\d.]+ seconds\]$",
        _ginkgo_failed,
        has=("[F", "[P", "[T", " seconds]"),
    ),
    Rule(
        # A summary row names the spec by its containers and its node in brackets: `[FAIL] Cart [It]
        # applies the discount` (v2), `[Fail] Cart [It] ...`, `[Panic!] ...` (v1). Other tools' `[FAIL] x`
        # rows (Criterion's, Alcotest's, a shell script's) name no Ginkgo node and are not Go tests.
        r"^\s*\[(?:FAIL|Fail|PANICKED!?|Panic!|TIMEDOUT|Timeout(?:\.{3})?|INTERRUPTED)\] "
        r"(\S(?:[^\[]|\[(?!" + _GINKGO_NODES + r"\]))*\[" + _GINKGO_NODES + r"\].*)$",
        _ginkgo_row,
        has=("[F", "[P", "[T", "[I"),
    ),
    Rule(
        r"^Summarizing \d+ Failures?:$|^Ran \d+ of \d+ Specs? in |^FAIL! -- \d+ Passed",
        verdict(9.0),
        starts=("Summarizing ", "Ran ", "FAIL! -- "),
    ),
    Rule(_GOCHECK_HEADER, _gocheck_failed, starts=("FAIL: ", "PANIC: ", "FIXTURE-PANIC: ", "MISS: "), has=(".go:",)),
    Rule(r"^OOPS: \d+ passed, ", _gocheck_count, starts="OOPS: "),
    Rule(r"^=== (?:RUN|CONT|PAUSE) +(\S+)$", _run, starts="=== "),
    Rule("", taken, starts="=== "),  # other `=== ` lines: nothing more here
    Rule(r"^panic: (.+)$", _panic, starts="panic: "),
    # go build's and go test's header over a package's compile errors (go test's names the test binary too)
    Rule(r"^# ([\w./-]+)(?: \[[\w./-]+\.test\])?$", _header, starts="# "),
    continued=True,
)


def _finish(st: _State, view: View) -> Findings:
    found = st.found
    _said_nothing(found, [t for t in st.silent if not st.outputs.get(t)], st.package_lines, view)
    # `go test` runs vet's analysers before it builds a test binary (Go 1.10 on): a finding there fails the
    # package's build (`FAIL pkg [build failed]`), and the code must change for the tests to build at all,
    # as for a compile error (the build specialist's work: its description names go vet). `go vet` run on
    # its own is a linter the user ran: lint.
    vet_built = st.build_failed and st.lint_errors == st.vet_errors
    if (st.build_errors or (st.vet_errors and vet_built)) and not found.tests:
        found.category = Category.BUILD
    elif st.lint_errors and not found.tests:
        found.category = Category.LINT
    elif st.gofmt_files and not st.build_errors and not found.tests:
        found.category = Category.FORMAT
        found.tool = "gofmt"
    elif found.tests and st.build_failed:
        _compiled_apart(found)
    return found


def _said_nothing(found: Findings, rows: list[str], package_lines: list[int], view: View) -> None:
    """A test go reports failing with nothing of its own (`--- FAIL: TestTotal (0.00s)` alone: the test called
    t.Fail() or t.FailNow() without a word) failed on its own check, as far as go can tell: its message is go's word
    for it (`FAIL`), or the words its section holds where its `x_test.go:N:` line said nothing on that line (an error
    printed from the line below: Gomega's `Timed out after 0.301s.`, testify's `Error Trace:`), and its row a record,
    as a test that said why. Else a cause beside it (a package that does not
    build, another test's report naming what it met) reads as the run's only failure. `rows` are the tests whose
    `--- FAIL` row found no line of theirs above it (under -v, the test's own `=== RUN`) nor below it (go before 1.14
    printed a -v test's lines after its row). Not a test whose package's
    block (between go's `FAIL pkg` lines) holds a test's record, a panic or another failing test that said something:
    its subtests' reports (a parent's row says nothing of its own), what a suite's runner printed to stdout
    (gocheck's, Ginkgo's reports above `--- FAIL: Test`), a panic's."""
    silent = [t.id for t in found.tests if t.id in rows and not t.message]
    reported = [e.log_line for e in found.errors if e.code in ("test", "panic") and e.log_line is not None]
    reported += [n for test, n in found.test_lines.items() if test not in silent]
    said = own_reports(found, view.lines, silent)
    for test_id in silent:
        at = found.test_lines[test_id]
        start = max((n for n in package_lines if n < at), default=0)
        end = min((n for n in package_lines if n > at), default=None)
        if any(start < n and (end is None or n < end) for n in reported):
            continue
        found.test(at, test_id, message=said.get(test_id, "FAIL"))
        found.error(at, test_id, code="test", weight=7.0)


def _compiled_apart(found: Findings) -> None:
    """`go test ./...` goes on after a package that does not compile (`FAIL pkg [build failed]`) and runs the
    others, whose tests may fail too: that package's compile errors stay build records beside the failing
    tests (two failures, one for the build and one for the tests), not the test run's."""
    found.errors = [
        err.model_copy(update={"category": Category.BUILD}) if err.code == "build" and err.tool == "go" else err
        for err in found.errors
    ]


PARSER = Parser(tool="go", category=Category.TEST, parse=scan_with(_RULES, _State, _finish))
