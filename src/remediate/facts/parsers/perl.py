"""Perl::Critic (`perlcritic`) policy violations, in its default and `--verbose 8` formats, and as
Test::Perl::Critic reports them in a test's TAP diagnostics: `#   Failed test 'Test::Perl::Critic for
"lib/Shop/Cart.pm"'`, then the file's violations behind `#   `, which name no file: the test's name does.

Perl's compile errors: a file that does not compile prints its errors as `MSG at FILE line N[, near "..."]`
and then says compilation failed (`Compilation failed in require at t/cart.t line 3.`, `BEGIN
failed--compilation aborted at ...`, `Execution of FILE aborted due to compilation errors.`, perl -c's `FILE
had compilation errors.`). A runtime `die` prints the same `at FILE line N` shape, so only the lines right above
such a verdict are compile errors; a module not installed (`Can't locate X.pm in @INC`) is facts.meaning's."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record
from remediate.models import Category


@state
class _State:
    found: Findings = field(default_factory=lambda: Findings(tool="perlcritic"))
    file: str | None = None  # the file of the last Test::Perl::Critic test that failed


_violation = record("severity {severity}")


def _critic_test(st: _State, no: int, m: re.Match[str]) -> None:
    st.file = m["file"]
    st.found.mark(no, 7.0)


def _row(st: _State, no: int, m: re.Match[str]) -> None:
    if m["file"] is None and m["diag"] and st.file is not None:
        at, column = int(m["line"]), int(m["col"])
        st.found.error(no, m["msg"], file=st.file, at=at, column=column, code=m["code"] or f"severity {m['severity']}")
    else:
        _violation(st, no, m)


_RULES = LineRules[_State](
    Rule(
        r"^#\s+Failed test 'Test::Perl::Critic for \"(?P<file>[^\"]+)\"'$",
        _critic_test,
        has=("Test::Perl::Critic for ",),
    ),
    # "[file: ][[Policy] ]message at line 2, column 1.  [See page(s) 207 of PBP.  ](Severity: 5)", behind TAP's
    # `#   ` under Test::Perl::Critic
    Rule(
        r"^(?P<diag>#\s+)?(?:(?P<file>\S+?\.(?:pl|pm|t|psgi|cgi)): )?(?:\[(?P<code>[\w:]+)\] )?(?P<msg>[^#\s].*?) "
        r"at line (?P<line>\d+), column (?P<col>\d+)\.\s+(?:See pages? [\d,]+ of PBP\.\s+)?"
        r"\(Severity: (?P<severity>\d)\)$",
        _row,
        has=("(Severity: ",),
        stripped=True,
    ),
)

PARSER = Parser(tool="perlcritic", category=Category.LINT, parse=scan_with(_RULES, lambda _view: _State()))


COMPILE_ERRORS_WITHIN = 20  # lines above a compilation-failed verdict that may hold the errors it sums up
_COMPILE_ERROR = Regex(r"^(?P<msg>\S.*?) at (?P<file>\S+?\.(?:pm|pl|PL|t|psgi|cgi)) line (?P<line>\d+)(?:[.,]|$)")
_COMPILE_VERDICT = (
    "Compilation failed in require",
    "BEGIN failed--compilation aborted",
    "Execution of ",
    "Can't locate ",  # a module not installed: no compile error of the project's
)


def _compile_failed(st: Found, no: int, _m: re.Match[str]) -> None:
    """Perl's compile errors are the `at FILE line N` lines above its verdict, up to an earlier verdict."""
    st.found.mark(no, 8.0)
    errors: list[tuple[int, re.Match[str]]] = []
    for above in range(no - 1, max(0, no - COMPILE_ERRORS_WITHIN) - 1, -1):
        line = st.view.get(above)
        if line is None:
            continue
        if line.text.startswith(_COMPILE_VERDICT) or line.text.endswith(" had compilation errors."):
            break
        if m := _COMPILE_ERROR.match(line.text):
            errors.append((above, m))
    for above, m in reversed(errors):
        at = int(m["line"])
        st.found.error(above, m["msg"], file=m["file"], at=at, code="compile", tool="perl", category=Category.BUILD)


_COMPILE = LineRules[Found](
    Rule(
        r"^(?:Compilation failed in require|BEGIN failed--compilation aborted) at \S+ line \d+\.$|"
        r"^Execution of \S+ aborted due to compilation errors\.$|^\S+ had compilation errors\.$",
        _compile_failed,
        has=("Compilation failed in require at ", "BEGIN failed--compilation aborted at ", " compilation errors."),
    ),
)
# As python.py's reader of tracebacks: perl's own messages mean what its caller was doing (a test file dying,
# a script's `die`), so the parser has no category; the compile errors it reads say theirs.
COMPILE = Parser(tool="perl", category=Category.UNKNOWN, parse=scan_with(_COMPILE, plain("perl")))
