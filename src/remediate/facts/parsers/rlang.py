"""R: testthat's reporters (progress, check, summary), `R CMD check` (and rcmdcheck's summary),
R's parse errors (`R CMD INSTALL`, `Rscript`) and lintr."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, record, verdict
from remediate.facts.view import View
from remediate.models import Category

TESTTHAT_DIR = "tests/testthat/"  # where testthat runs from (test_check, devtools::test, test_local)
MESSAGE_WITHIN = 3  # lines after a failure's header in which its message comes
DETAIL_WITHIN = 4  # lines after a check's ERROR/WARNING in which its first detail line comes
EXAMPLE_WITHIN = 80  # lines after `checking examples ... ERROR` in which R quotes the failing example and its error
_ASCII_RULE = Regex(r" -{3,}$")  # the rule after a header's name, drawn outside a UTF-8 locale


@state
class _Testthat:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="testthat"))


def _test_file(name: str) -> str:
    """testthat names a test file by its base name, relative to the directory it runs in."""
    return name if "/" in name or "\\" in name else TESTTHAT_DIR + name


def _failure(st: _Testthat, no: int, m: re.Match[str]) -> None:
    """`Failure ('test-calc.R:2'): name` (3.1, progress), `── Error ('test-calc.R:10'): name ───`
    (check reporter) or `── Failure (test-calc.R:2:3): name ──` (3.2): a failed expectation or an error.
    Outside a UTF-8 locale (LANG=C, R CMD check on many CI images) cli draws the rules with `-`."""
    name = _ASCII_RULE.sub("", m["name"].rstrip("─ ")).strip()
    file = _test_file(m["file"])
    message = None
    for nxt in st.view.after(no, MESSAGE_WITHIN):
        if nxt.text.strip():
            message = nxt.text.strip()
            st.found.mark(nxt.no, 8.0)
            break
    st.found.test(no, name, file=file, message=message)
    st.found.error(no, message or name, file=file, at=int(m["line"]), code=m["kind"].lower())


def _listed(st: _Testthat, no: int, m: re.Match[str]) -> None:
    """testthat 1 and 2's failures: a header drawn as a rule (2.x `── 1. Failure: name (@test-calc.R#3)  ───`,
    1.x `1. Failure: name (@test-calc.R#3) -----`) with its message below, or the closing list after the results
    (`1. Failure: name (@test-calc.R#3) `), which names the test only."""
    if m["rule"] or m["tail"]:
        _failure(st, no, m)
        return
    st.found.test(no, m["name"].strip(), file=_test_file(m["file"]))


def _results(st: _Testthat, no: int, m: re.Match[str]) -> bool:
    failed = int(m["failed"])
    if not failed:
        return False
    failures_counted(st.found, no, failed, 9.0)
    return True


_TESTTHAT = LineRules[_Testthat](
    Rule(
        r"^\s*(?:(?:──|--) )?(?P<kind>Failure|Error) "
        r"\('?(?P<file>[^'():\s]+\.[Rr]):(?P<line>\d+)(?::\d+)?'?\): (?P<name>.+)$",
        _failure,
        has=("Failure (", "Error ("),
    ),
    # testthat 1 and 2 (2016-2020): the progress reporter's `test-calc.R:3: failure: name`, the check and summary
    # reporters' `── 1. Failure: name (@test-calc.R#3)  ───` headers and their closing list without the rule
    Rule(
        r"^\s*(?P<file>[^\s:]+\.[Rr]):(?P<line>\d+): (?P<kind>failure|error): (?P<name>.+)$",
        _failure,
        has=(".R:", ".r:"),
    ),
    Rule(
        r"^\s*(?P<rule>── )?\d+\. (?P<kind>Failure|Error): (?P<name>.+?) \(@(?P<file>[^\s#()]+\.[Rr])#(?P<line>\d+)\)"
        r"(?P<tail> +[-─]{3})?",
        _listed,
        has=(". Failure: ", ". Error: "),
    ),
    Rule(r"^\s*OK: \d+ SKIPPED: \d+ (?:WARNINGS: \d+ )?FAILED: (?P<failed>\d+)", _results, has=("SKIPPED: ",)),
    Rule(r"^\s*\[ FAIL (?P<failed>\d+) \| WARN \d+ \| SKIP \d+ \| PASS \d+ \]", _results, has=("[ FAIL ",)),
    Rule(r"^Error: Test failures$", verdict(9.0), starts="Error: Test failures"),
    # the progress reporter's row of a context with failures: "✖ | 4       1 | calc [0.6s]"
    Rule(r"^[✖x] \| +\d+ ", verdict(6.0), starts=("✖ | ", "x | ")),
)


@state
class _Check:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="R CMD check"))
    checking: tuple[int, str] | None = None  # (line, what) of a check whose verdict is on a later line
    what: str | None = None  # the check the last `* checking ...` line names (its detail lines follow it)
    # (0 for an ERROR, 1 for a WARNING; index in _SEVERITY) of the most telling failed check: an ERROR is what
    # fails R CMD check (a WARNING fails only where it is made an error), so a WARNING names the category
    # only when no check ERRORed (a locale's WARNING in `checking R files for syntax errors` beside failed tests)
    worst: tuple[int, int] | None = None


# What a failed check means, most telling first: a package that cannot be installed or loaded does
# not build; missing packages are dependencies; tests and examples fail as tests; the rest (documentation,
# code problems, metadata) is the package's quality checks: lint.
_SEVERITY: tuple[tuple[tuple[str, ...], Category], ...] = (
    (("can be installed", "can be loaded", "syntax errors"), Category.BUILD),
    (("package dependencies", "unstated dependencies"), Category.DEPENDENCY),
    (("checking tests", "checking examples", "running examples", "tests in"), Category.TEST),
    ((), Category.LINT),
)


def _check_category(what: str) -> tuple[int, Category]:
    for i, (needles, category) in enumerate(_SEVERITY):
        if not needles or any(n in what for n in needles):
            return i, category
    raise AssertionError("the last row matches every check")


def _failed_example(st: _Check, no: int) -> str | None:
    """`checking examples ... ERROR` quotes the failing example from its `### Name: topic` to R's `Error in
    f(x) : why`: the example is a failing test named by its help topic, and its error says why."""
    topic = None
    for nxt in st.view.after(no, EXAMPLE_WITHIN):
        text = nxt.text.strip()  # rcmdcheck's summary indents the quote
        if nxt.text.startswith(("* ", "❯ ", "Status: ")):
            break
        if text.startswith("> ### Name: "):
            topic = text.removeprefix("> ### Name: ").strip()
        elif topic and text.startswith(("Error in ", "Error: ")):
            if text.endswith(":"):  # R puts a long call's message on the next line
                text = f"{text} {st.view.text(nxt.no + 1).strip()}"
            st.found.test(nxt.no, f"example {topic}", message=text)
            st.found.mark(nxt.no, 9.0)
            return f"example {topic}: {text}"
    return None


# `Running the tests in ‘tests/test-all.R’ failed.`, then R's copy of the script's output: its tail or all of it
_TESTS_FAILED = Regex(r"^Running the tests in .+ failed\.$")
_TESTS_OUTPUT = Regex(r"^(?:Last \d+ lines of output|Complete output):$")
TESTS_OUTPUT_LINES = 40  # lines of that copy read (R keeps 13 by default: _R_CHECK_TESTS_NLINES_)
TESTS_SAID = 8  # the copy's last lines the record keeps, up to TESTS_SAID_CHARS: the runner's report, R's `Error:`
TESTS_SAID_CHARS = 400
_DRAWN = Regex(r"[═─]+|[=-]{3,}")  # a runner's rules (`══ Failed tests ══`, `----- FAILED[data]:`): no words


def _tests_output(view: View, no: int) -> str | None:
    """What a failed test script printed, from R CMD check's copy of its output below line `no` (indented two
    spaces): the lines after R's echo of the script's last command (`> test_check("pkg")`, `+ }`), up to R's
    `Execution halted`. Whatever ran the tests (testthat of any version, tinytest, RUnit, stopifnot) says why
    there, in words no parser need know."""
    said: list[str] = []
    for nxt in view.after(no, TESTS_OUTPUT_LINES):
        if nxt.no == no + 1 and _TESTS_OUTPUT.match(nxt.text):
            continue
        if nxt.no == no + 1 or (nxt.text and not nxt.text.startswith("  ")):
            break
        text = nxt.text.strip()
        if text.startswith(("> ", "+ ")) or text in (">", "+"):
            said = []  # the script's own lines, echoed: what it printed comes after the last of them
        elif text != "Execution halted" and (words := _DRAWN.sub("", text).strip()):
            said.append(words)
    kept: list[str] = []
    for text in reversed(said[-TESTS_SAID:]):  # from the end, where the runner says what failed and R halts
        if kept and sum(map(len, kept)) + len(text) > TESTS_SAID_CHARS:
            break
        kept.insert(0, text)
    return " ".join(kept) or None


def _failed_check(st: _Check, no: int, what: str, level: str) -> None:
    detail = _failed_example(st, no) if what == "examples" and level == "ERROR" else None
    for nxt in st.view.after(no, DETAIL_WITHIN if detail is None else 0):
        text = nxt.text.strip()
        if text.startswith(("* ", "❯ ", "Status: ")):
            break
        if text and text != "See below...":
            said = _tests_output(st.view, nxt.no) if _TESTS_FAILED.match(text) else None
            detail = f"{text} {said}" if said else text
            st.found.mark(nxt.no, 8.0)
            break
    index, category = _check_category(f"checking {what}")
    rank = (0 if level == "ERROR" else 1, index)
    if st.worst is None or rank < st.worst:
        st.worst, st.found.category = rank, category
    message = f"checking {what} ... {level}" + (f": {detail}" if detail else "")
    st.found.error(no, message, code=level, weight=9.0 if level == "ERROR" else 8.0)


def _check_line(st: _Check, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.checking, st.what = None, m["what"]
    if m["level"] in ("ERROR", "WARNING"):
        _failed_check(st, no, m["what"], m["level"])
    elif not m["level"]:
        st.checking = (no, m["what"])


def _late_level(st: _Check, no: int, m: re.Match[str]) -> None:
    """`* checking tests ...` then the tests it runs, then ` ERROR` alone on a line."""
    assert st.checking is not None
    _failed_check(st, no, st.checking[1], m.group(1))
    st.checking = None


def _rd_problem(st: _Check, no: int, m: re.Match[str]) -> None:
    """A help page's problem under `checking Rd files ... WARNING`: `checkRd: (7) total.Rd:17-19: Only 2 columns
    allowed in this table` (its level: -3 to 7), `prepare_Rd: ./man/total.Rd:12: unknown macro '\\foo'`; the pages are
    the package's man/ (checkRd names a page by its base name), a range's first line its place."""
    file = m["file"].removeprefix("./")
    at = int(m["line"])
    st.found.error(no, m["msg"], file=file if "/" in file else f"man/{file}", at=at or None, code=m["tool"], weight=7.0)


def _status(st: _Check, no: int, m: re.Match[str]) -> bool:
    if not m["errors"] and not m["warnings"]:
        return False
    st.found.seen = True
    st.found.mark(no, 9.0)
    st.found.summary(no, int(m["errors"] or 0) + int(m["warnings"] or 0))
    return True


_TIMING = r"(?:\[\d+[sm](?:/\d+[sm])?\] )?"  # a check's times, when R CMD check shows them: `[1s/16s] `

_CHECK = LineRules[_Check](
    # R CMD check: "* checking for missing documentation entries ... WARNING"; rcmdcheck repeats the
    # failed ones under "❯ checking tests ...".
    # With timings (`--timings`, `--as-cran`'s _R_CHECK_TIMINGS_=10) the check's CPU and elapsed time come before its
    # verdict: `* checking Rd files ... [0s/0s] WARNING`, ` [1s/16s] ERROR` below the tests it ran (`[2m/3m]`; `[4s]`
    # on Windows).
    Rule(
        r"^[*❯] (?:checking|running) (?P<what>.+?) \.\.\.(?: ?"
        + _TIMING
        + r"(?P<level>OK|NOTE|WARNING|ERROR|NONE|SKIPPED))?",
        _check_line,
        starts=("* checking ", "❯ checking ", "* running "),
    ),
    Rule(
        r"^\s*" + _TIMING + r"(ERROR|WARNING)$",
        _late_level,
        ends=("ERROR", "WARNING"),
        when=lambda st, _no: bool(st.checking),
    ),
    Rule(
        r"^(?P<tool>checkRd|prepare_Rd): (?:\(-?\d\) )?(?P<file>\S+\.Rd):(?P<line>\d+)(?:-\d+)?: (?P<msg>.+)$",
        _rd_problem,
        starts=("checkRd: ", "prepare_Rd: "),
        when=lambda st, _no: st.what == "Rd files",
    ),
    Rule(
        r"^Status: (?:(?P<errors>\d+) ERRORs?)?(?:, )?(?:(?P<warnings>\d+) WARNINGs?)?(?:, )?(?:\d+ NOTEs?)?$",
        _status,
        starts="Status: ",
    ),
    Rule(r"^Error: R CMD check found (?:ERROR|WARNING|NOTE)s$", verdict(9.0), starts="Error: R CMD check found "),
)


def _parse_error(st: Found, no: int, m: re.Match[str]) -> None:
    """R's parser: `Error in parse(...) :` then `FILE:LINE:COL: unexpected X` on the next line."""
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), column=int(m["col"]) or None, code="parse")


def _unavailable(st: Found, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m["msg"], code="dependency-not-available", category=Category.DEPENDENCY)


_R_ERRORS = LineRules[Found](
    Rule(
        r"^\s*(?P<file>\S+?\.[Rr]):(?P<line>\d+):(?P<col>\d+): (?P<msg>unexpected .+|unmatched .+|"
        r"invalid multibyte .+|unexpected end of input)$",
        _parse_error,
        has=(": unexpected ", ": unmatched ", ": invalid multibyte "),
    ),
    # R CMD INSTALL (and install.packages, which runs it) refusing a package whose Depends/Imports/LinkingTo are not
    # installed: `ERROR: dependency ‘cartbase’ is not available for package ‘cartr’` (`dependencies ‘a’, ‘b’
    # are`). The package's declared dependencies are missing from the library: the dependency specialist's.
    Rule(
        r"^ERROR: (?P<msg>dependenc(?:y|ies) [‘'].{1,500}[’'] (?:is|are) not available for package [‘'][^’'\s]+[’'])$",
        _unavailable,
        starts="ERROR: dependenc",
    ),
    # R CMD INSTALL giving up on the package's R code
    Rule(
        r"^ERROR: (?:unable to collate and parse R files|lazy loading failed|loading failed)",
        verdict(9.0),
        starts="ERROR: ",
    ),
)

# lintr: "R/calc.R:1:19: style: [commas_linter] Commas should always have a space after."
_LINTR = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.(?:[Rr]|[Rr]md|qmd)):(?P<line>\d+):(?P<col>\d+): (?:style|warning|error): "
        r"\[(?P<code>\w+)\] (?P<msg>.+)$",
        record(),
        has=(": style: [", ": warning: [", ": error: ["),
    ),
)


TESTTHAT = Parser(tool="testthat", category=Category.TEST, parse=scan_with(_TESTTHAT, lambda view: _Testthat(view)))
R_CMD_CHECK = Parser(tool="R CMD check", category=Category.LINT, parse=scan_with(_CHECK, lambda view: _Check(view)))
R_PARSE = Parser(tool="R", category=Category.BUILD, parse=scan_with(_R_ERRORS, plain("R")))
LINTR = Parser(tool="lintr", category=Category.LINT, parse=scan_with(_LINTR, plain("lintr")))
