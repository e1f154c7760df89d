"""Rust: rustc/cargo/clippy diagnostics and `cargo test` failures.

A warning the build denies (`-D warnings` in RUSTFLAGS, `#![deny(warnings)]` in the crate) fails the build as
gcc's `-Werror` and erlc's `warnings_as_errors` do (the dev half labels erlc's compile_build; the build specialist
fixes the code and rejects `#[allow]`): rustc's own lints denied are build records that name their lint
(`unused_variables`). Clippy's lints (`clippy::ptr_arg`) are the linter's findings, lint; so are rustc's lints
denied in a step that runs Clippy, which reports them beside its own (facts/denied.py).

`cargo build --message-format=json` (and clippy's, test's) prints each diagnostic as a JSON line,
`{"reason":"compiler-message",...,"message":{"rendered":"error[E0308]: mismatched types\n --> src/lib.rs:7:25\n...`;
`rustc --error-format=json` the diagnostic object alone, `{"$message_type":"diagnostic",...,"rendered":"..."}`, its
human form last. That rendered text is what rustc prints without the flag: its lines are read as rustc's own are, at
the JSON line's number."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.meaning import CRASH_SIGNALS
from remediate.facts.parsers.base import JSON_STRING, Findings, Gated, LineRules, Parser, Regex, Rule, state
from remediate.facts.parsers.handlers import verdict
from remediate.facts.parsers.jsonreport import json_text
from remediate.facts.view import View
from remediate.models import Category

_SKIP = ("aborting due to", "could not compile", "test failed, to rerun", "build failed")
PANIC_MESSAGE_LINES = 3  # lines after `thread '...' panicked at` that may hold its message
LINT_NOTE_WITHIN = 30  # lines between an error's header and the note naming the lint it is


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="cargo"))
    pending: tuple[int, str | None, str] | None = None  # an error header waiting for its `-->`
    panic_for: tuple[int, str] | None = None  # (line, test) of a panic whose message may follow
    compile_errors: int = 0
    lints: int = 0  # errors that are Clippy's lints denied (`-D warnings`, `#[deny]`), not the compiler rejecting code
    fmt_files: set[str] = field(default_factory=set)
    running: tuple[str, bool] | None = None  # the test binary's source (`Running tests/api.rs`), unit tests or not
    documenting: bool = False  # `cargo doc` failed (`error: could not document`): its errors are rustdoc's
    section: str | None = None  # the failing test whose output follows (`---- tests::vat stdout ----`)
    uncompiled: set[str] = field(default_factory=set)  # doc-tests rustdoc could not compile: a build's failure
    # a test binary cargo saw fail (`error: test failed, to rerun pass `--lib``): (line, its rerun target, the test
    # it was running when libtest had printed its name, one thread's `test x ... ` without a result)
    binary_failed: tuple[int, str, str | None] | None = None
    # the running binary's allocator refused memory (`memory allocation of N bytes failed`, then it aborts): its
    # SIGABRT is the memory's limit (meaning.out_of_memory), no crash of the code
    allocation_failed: bool = False


def _fmt_diff(st: _State, no: int, m: re.Match[str]) -> None:
    if m.group(1) not in st.fmt_files:  # one record per file: rustfmt rewrites it whole
        st.fmt_files.add(m.group(1))
        at = int(m.group(2) or m.group(3))
        st.found.error(no, "rustfmt would reformat this file", file=m.group(1), at=at, code="format", tool="rustfmt")
    st.found.mark(no, 8.0)


def _diagnostic(st: _State, no: int, m: re.Match[str]) -> bool:
    if any(s in m.string for s in _SKIP):
        return False
    if m.group(2) and m.group(2)[:1] != "E" and "::" not in m.group(2):
        return False  # `error[eqeqeq]: ...`: Deno's linter, which draws its findings as rustc does
    if m.group(1) == "error":
        st.pending = (no, m.group(2), m.group(3))
        st.found.mark(no, 9.0)
    else:
        st.found.mark(no, 2.0)
        st.pending = None
    return True


def _could_not_document(st: _State, no: int, _m: re.Match[str]) -> None:
    st.documenting = True
    st.found.mark(no, 9.0)


def _rustdoc_lints(st: _State) -> None:
    """`cargo doc`'s errors that are no compiler error (no `E0425` code): rustdoc's lints the build denied (`-D
    warnings` implies `-D rustdoc::broken-intra-doc-links`: `unresolved link to `Checkout``), the documentation's to
    fix, as a docs linter's findings are; its note names the lint on the first error only."""
    for i, err in enumerate(st.found.errors):
        if err.tool == "cargo" and (err.code is None or err.code.startswith("rustdoc::")):
            code = err.code or "rustdoc"
            st.found.errors[i] = err.model_copy(update={"tool": "rustdoc", "category": Category.LINT, "code": code})
            st.compile_errors -= 1
            st.lints += 1


def _arrow(st: _State, no: int, m: re.Match[str]) -> bool:
    assert st.pending is not None
    if not m.group(1).endswith((".rs", ".toml")):  # another tool drawing rustc's shape: typos' README.md, ty's .py
        st.pending = None
        return False
    first, code, message = st.pending
    st.found.error(first, message, file=m.group(1), at=int(m.group(2)), column=int(m.group(3)), code=code)
    st.found.mark(no, 9.0)
    st.compile_errors += 1
    st.pending = None
    return True


def _short(st: _State, no: int, m: re.Match[str]) -> None:
    """rustc's short form (`cargo build --message-format=short`, `rustc --error-format=short`): the place first,
    then the diagnostic on one line, no `-->` below it and no note naming a denied lint. Only an error with rustc's
    code is the compiler's for sure: without one it may be a lint the build denies, or in a Clippy step Clippy's own
    (the short form names neither), so it is shown, not recorded."""
    if m["level"] == "warning" or m["code"] is None:
        st.found.mark(no, 2.0 if m["level"] == "warning" else 9.0)
        return
    file, at, column = m["file"], int(m["line"]), int(m["col"])
    st.found.error(no, m["msg"], file=file, at=at, column=column, code=m["code"])
    st.found.mark(no, 9.0)
    st.compile_errors += 1


def _denied_lint(st: _State, no: int, m: re.Match[str]) -> None:
    """`= note: `-D clippy::ptr-arg` implied by `-D warnings`` (or `#[deny(unused_variables)]` implied by
    `#[deny(warnings)]`) under an error: the error is a lint the build denies; it names the lint the error line
    does not. Clippy's is the linter's finding; rustc's own stays the build's failure."""
    err = st.found.errors[-1] if st.found.errors else None
    if err is None or err.code is not None or no - (err.log_line or 0) > LINT_NOTE_WITHIN:
        return
    st.found.errors[-1] = err.model_copy(update={"code": m.group(1).replace("-", "_")})
    if m.group(1).startswith("clippy::"):
        st.found.errors[-1] = st.found.errors[-1].model_copy(update={"tool": "clippy", "category": Category.LINT})
        st.compile_errors -= 1
        st.lints += 1


def _panic(st: _State, no: int, m: re.Match[str]) -> None:
    """`thread 'NAME' panicked at FILE:L:C:`. libtest names a test's thread after the test; a doc-test is a program
    of its own whose thread is `main`, and a thread the test spawned has its own name: the output's section
    (`---- src/lib.rs - cart::total (line 5) stdout ----`) names the test the panic failed. A merged doc-test
    panics in rustdoc's temporary bundle (`/tmp/rustdoctestX/doctest_bundle_2024.rs`), no file of the
    repository: the place is the doc-test's own (its file and the line its example starts on)."""
    st.found.mark(no, 9.0)
    test = st.section or m.group(1)
    st.panic_for = (no, test)
    message = m.group(5) or "panicked"
    file, at = m.group(2), int(m.group(3))
    if "/rustdoctest" in file and (doc := _DOC_TEST.match(test)) is not None:
        file, at = doc["file"], int(doc["line"])
    st.found.error(no, message, file=file, at=at, column=int(m.group(4)), code="panic")


def _panic_message(st: _State, no: int, m: re.Match[str]) -> bool:
    if m.string.startswith(("note:", "stack")):
        return False
    assert st.panic_for is not None
    first, test = st.panic_for
    message = m.string.strip()
    st.found.mark(no, 8.0)
    st.found.test(first, test, message=message)
    err = st.found.errors[-1] if st.found.errors else None
    if err is not None and err.log_line == first and err.message == "panicked":
        st.found.errors[-1] = err.model_copy(update={"message": message})
    st.panic_for = None
    return True


def _running(st: _State, _no: int, m: re.Match[str]) -> None:
    st.running = (m["src"], bool(m["unit"]))
    st.allocation_failed = False


def _allocation_failed(st: _State, _no: int, _m: re.Match[str]) -> bool:
    st.allocation_failed = True
    return False


# rustdoc's name of a doc-test: the file, the item documented and the line its example starts on, a mode after it
# in the result line (`test src/lib.rs - cart::split (line 15) - should panic ... FAILED`) and not elsewhere.
_DOC_TEST = Regex(r"(?P<file>\S+\.rs) - (?:\S+ )?\(line (?P<line>\d+)\)")


def _failed_doc_test(st: _State, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"], file=m["file"])


def _section(st: _State, _no: int, m: re.Match[str]) -> None:
    st.section = m.group(1)


def _uncompiled(st: _State, _no: int, _m: re.Match[str]) -> None:
    if st.section is not None:
        st.uncompiled.add(st.section)


def _mode_failed(st: _State, no: int, m: re.Match[str]) -> None:
    """A test that did what its mode says it must not, under its section: `note: test did not panic as expected` (a
    `#[should_panic]` test or doc-test), rustdoc's `Test compiled successfully, but it's marked `compile_fail`.` (the
    example was to fail to compile: the crate built, the test failed). The test's failure, in libtest's words."""
    if st.section is not None:
        st.found.test(no, st.section, message=m.string.strip().removeprefix("note: "))


def _sections_end(st: _State, _no: int, _m: re.Match[str]) -> bool:
    st.section = None
    return False


def _failed_test(st: _State, no: int, m: re.Match[str]) -> None:
    _test_failed(st, no, m.group(1))


def _test_failed(st: _State, no: int, test: str, message: str | None = None) -> None:
    """`test NAME ... FAILED`: an integration test is in the file its binary was built from
    (`Running tests/api.rs`); a unit test only when its module is the crate root's `tests`
    (`tests::sums` under `Running unittests src/lib.rs`): a deeper module's file is not printed."""
    file = None
    if st.running is not None:
        source, unit = st.running
        if not unit or (test.count("::") == 1 and test.startswith("tests::")):
            file = source
    st.found.test(no, test, file=file, message=message)
    if file is None and st.running is not None and st.running[1]:
        st.found.places[st.found.test_lines.get(test, no)] = module_files(st.running[0], test)


def module_files(root: str, test: str) -> tuple[str, ...]:
    """Where a unit test's module may be, nearest first: `cart::tests::sums` under the crate root
    `src/lib.rs` is in `src/cart/tests.rs` or `src/cart/tests/mod.rs`, or inline in `src/cart.rs` or
    `src/cart/mod.rs` (its `mod tests`), and so on up to the root."""
    folder = root.rsplit("/", 1)[0] if "/" in root else ""
    modules = test.split("::")[:-1]
    out: list[str] = []
    for end in range(len(modules), 0, -1):
        path = "/".join(filter(None, (folder, *modules[:end])))
        out += [f"{path}.rs", f"{path}/mod.rs"]
    return tuple(out)


def _result(st: _State, no: int, m: re.Match[str]) -> None:
    """`test result: FAILED. P passed; F failed`. Where rustdoc could not compile each of the F doc-tests, the count
    is no test run's: facts/summaries._uncompiled_counts tells that for this tool and any other."""
    verdict(9.0)(st, no, m)
    st.found.summary(no, int(m.group(2)))


def _binary_failed(st: _State, no: int, m: re.Match[str]) -> bool:
    st.binary_failed = (no, m["target"], m["test"])
    return False  # the line stays the diagnostics' (which skip it)


def _binary_crashed(st: _State, no: int, m: re.Match[str]) -> None:
    """Cargo's cause of a test binary's failure, a signal its own code raised (meaning.CRASH_SIGNALS): the test it
    ran crashed, the test's failure as a crashed pytest run's is. libtest prints a test's name as it ends (many
    threads), so the running test is named only when one thread printed it; else the binary's tests, by its source
    (`Running unittests src/lib.rs`) or cargo's target, are the failing test."""
    line, target, test = st.binary_failed or (no, "", None)
    st.binary_failed = None
    if st.allocation_failed and m["signal"].startswith("SIGABRT"):
        return
    source = st.running[0] if st.running is not None else None
    message = f"the test binary crashed ({m['signal']})"
    if test is not None:
        _test_failed(st, line, test, message)
    else:
        st.found.test(line, source or f"cargo test {target}", file=source, message=message)
    st.found.mark(no, 9.0)


def _nextest(st: _State, no: int, m: re.Match[str]) -> bool:
    st.found.test(no, m.group(1))
    return False  # the line still ends a pending error header below


# A JSON diagnostic's human form: first in cargo's message object, last in rustc's (its children's are null).
_RENDERED = Regex(rf'"message":\{{"rendered":(?P<cargo>{JSON_STRING})|,"rendered":(?P<rustc>{JSON_STRING})\}}$')
_JSON_DIAGNOSTIC = ('{"reason":"compiler-message",', '{"$message_type":"diagnostic",')


def _json_diagnostic(st: _State, no: int, m: re.Match[str]) -> None:
    if (rendered := _RENDERED.search(m.string)) is None:
        return
    st.found.mark(no, 2.0)
    for text in json_text(rendered["cargo"] or rendered["rustc"]).splitlines():
        _read(st, no, text)
    _unplaced(st)


_DIAGNOSTIC = ("error:", "error[", "warning:", "warning[")  # `error`/`warning` alone start many words
# rustc's place under a diagnostic's head (`  --> src/lib.rs:3:5`), ruff's full output's too (a pattern piece)
ARROW_PLACE = r"^\s*--> (\S+?):(\d+):(\d+)$"
_RULES = LineRules[_State](
    Rule(r'^\{"(?:reason":"compiler-message|\$message_type":"diagnostic)",', _json_diagnostic, starts=_JSON_DIAGNOSTIC),
    # `cargo fmt --check` / `rustfmt --check`: one header per file and hunk it would change.
    Rule(r"^Diff in (\S+?\.rs)(?: at line (\d+)|:(\d+)):?$", _fmt_diff, starts="Diff in "),
    Rule(r"^error: could not compile `([\w-]+)`", verdict(9.0), starts="error: could not compile "),
    Rule(r"^error: could not document `([\w-]+)`", _could_not_document, starts="error: could not document "),
    Rule(r"^(error|warning)(?:\[(E\d{4}|[\w:]+)\])?: (.+)$", _diagnostic, starts=_DIAGNOSTIC),
    Rule(ARROW_PLACE, _arrow, has=("-->",), when=lambda st, _no: st.pending is not None),
    Rule(
        r"^(?P<file>[^\s:]+?\.rs):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning)(?:\[(?P<code>E\d{4})\])?: "
        r"(?P<msg>.+)$",
        _short,
        has=(".rs:",),
    ),
    Rule(
        r"^\s*= note: `(?:-D |#\[deny\()([\w:-]+)\)?` "
        r"(?:implied by `(?:-D warnings|#\[deny\(warnings\)\])`|on by default)",
        _denied_lint,
        has=("= note: `",),
    ),
    Rule(r"^\s+Running (?P<unit>unittests )?(?P<src>\S+\.rs) \(", _running, has=("Running ",), continues=True),
    # (a `#[should_panic]` test's line names its mode after it: `test tests::x - should panic ... FAILED`)
    Rule(r"^test (\S+)(?: - [a-z ]+)? \.\.\. FAILED$", _failed_test, starts="test ", ends="FAILED"),
    Rule(
        r"^test (?P<name>(?P<file>\S+\.rs) - (?:\S+ )?\(line \d+\))(?: - [\w ]+)? \.\.\. FAILED$",
        _failed_doc_test,
        starts="test ",
        ends="FAILED",
    ),
    Rule(r"^---- (.+) stdout ----$", _section, starts="---- ", ends=" stdout ----", continues=True),
    Rule(r"^Couldn't compile the test\.$", _uncompiled, starts="Couldn't compile the test", continues=True),
    Rule(
        r"^(?:note: test did not panic as expected\b|Test (?:compiled|executable) succe\w+, but it's marked `\w+`)",
        _mode_failed,
        starts=("note: test did not panic", "Test compiled succ", "Test executable succ"),
        continues=True,
    ),
    Rule(r"^memory allocation of \d+ bytes failed$", _allocation_failed, starts="memory allocation of "),
    Rule(
        r"^(?:test (?P<test>\S+)(?: - [a-z ]+)? \.\.\. )?error: test failed, to rerun pass `(?P<target>[^`]{1,300})`$",
        _binary_failed,
        has=("error: test failed, to rerun pass ",),
    ),
    Rule(
        rf"^\s*process didn't exit successfully: `.*` \(signal: \d+, (?P<signal>(?:{'|'.join(CRASH_SIGNALS)})[^)]*)\)$",
        _binary_crashed,
        has=("process didn't exit successfully: ",),
        when=lambda st, no: st.binary_failed is not None and no <= st.binary_failed[0] + 3,
    ),
    Rule(r"^(?:failures:|test result: )", _sections_end, starts=("failures:", "test result: "), continues=True),
    Rule(r"^thread '([^']+)'(?: \(\d+\))? panicked at (\S+?):(\d+):(\d+):?(?: (.+))?$", _panic, starts="thread '"),
    Rule(
        "",
        _panic_message,
        when=lambda st, no: st.panic_for is not None and no <= st.panic_for[0] + PANIC_MESSAGE_LINES,
    ),
    Rule(r"^test result: FAILED\. (\d+) passed; (\d+) failed", _result, starts="test result: FAILED"),
    Rule(
        r"^\s*(?:FAIL|SIGSEGV|SIGABRT|SIGKILL|ABORT|TIMEOUT|LEAK-FAIL) +\[\s*[\d.]+m?s\] +(?:\(\s*\d+/\d+\) +)?"
        r"(?:\S+ +)?(\S+)$",
        _nextest,
        has=("s]",),
    ),
)


def _read(st: _State, no: int, text: str) -> None:
    """One line of rustc's output: an error header waiting for its `-->` is recorded without it when another
    line comes first."""
    if text and not _RULES.apply(st, no, text):
        _unplaced(st)


def _unplaced(st: _State) -> None:
    if st.pending is None:
        return
    no, code, message = st.pending
    if code and code.startswith("E"):  # rustc error codes: a compiler error without a location
        st.found.error(no, message, code=code)
    st.pending = None


def parse(view: View) -> Findings:
    st = _State()
    for line in view.lines:
        _read(st, line.no, line.text)
    if st.documenting:
        _rustdoc_lints(st)
    found = st.found
    # A doc-test rustdoc could not compile ran nothing: its compiler errors are the failure, as a crate's are.
    found.tests = [t for t in found.tests if t.id not in st.uncompiled]
    if st.lints and not st.compile_errors and not found.tests:
        found.category = Category.LINT
        linters = [tool for tool in ("clippy", "rustdoc") if any(e.tool == tool for e in found.errors)]
        found.tool = linters[0] if linters else found.tool
    elif st.compile_errors and not found.tests:
        found.category = Category.BUILD
    elif st.fmt_files and not found.tests:
        found.category = Category.FORMAT
        found.tool = "rustfmt"
    return found


# What each finding needs (the rest waits on a diagnostic or a panic): a log holding none is not read.
_NEEDED = (
    *(f"\n{p}" for p in _JSON_DIAGNOSTIC),
    "\nDiff in ",
    *(f"\n{p}" for p in _DIAGNOSTIC),
    " ... FAILED\n",
    "\nthread '",
    "\ntest result: FAILED",
    "s] ",
    "error: test failed, to rerun pass ",  # a crashed test binary (`test x ... error: ...` with one thread)
)
PARSER = Parser(tool="cargo", category=Category.TEST, parse=Gated(_NEEDED, "cargo", parse))
