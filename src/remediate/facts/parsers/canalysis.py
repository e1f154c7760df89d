"""C and C++ static analysers and formatters: cppcheck, clang-tidy, cpplint and `clang-format
--dry-run`.

Both print the compiler's diagnostic shape (`FILE:LINE:COL: error: MESSAGE`), and what tells them
from a compiler is the name of the check at the end: cppcheck's identifier (`[uninitvar]`,
`[arrayIndexOutOfBounds]`), clang-tidy's check names (`[bugprone-use-after-move]`, with
`,-warnings-as-errors` when the build denies it). An `error` from either is a finding about code
that compiles, not a build failure; clang-tidy's `[clang-diagnostic-error]` is the compiler's own
error seen through clang-tidy, and stays the compiler parser's. cppcheck's `--template=cppcheck1`
form, `[FILE:LINE]: (SEVERITY) MESSAGE`, has no identifier; nor has its 1.x `--template=gcc` form, `FILE:LINE:
SEVERITY: MESSAGE`, which is read as cppcheck's right below its `Checking FILE ...` line (`cppcheck_announced`: the
compiler parser leaves it then; with `-q`, no such line, a step that runs cppcheck alone says it: facts/analysers.py).

`clang-format --dry-run -Werror` (clang-format 10 and later) also speaks the compiler's shape, one
`FILE:L:C: error: code should be clang-formatted [-Wclang-format-violations]` per place it would
change: a format failure (without `-Werror` they are warnings and the run passes), of the C family's
files and of the other languages it formats (Java, JavaScript, protobuf, C#: the compilers' parsers leave
them). cpplint (Google's style checker, `cpplint.py` of old) prints `FILE:LINE:  MESSAGE  [category/check]
[CONFIDENCE]`, line 0 for a finding about the whole file, and `Total errors found: N`; it fails on any finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import after_errors, record, seen, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

_C_SOURCE = r"c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|ipp|inl|tpp|C|H|m|mm"
# A path runs to the first `:` (a drive's `D:\` aside), so the pattern never backtracks into it.
_PATH = rf"(?:[A-Za-z]:\\)?[^\s:][^:]*?\.(?:{_C_SOURCE})"
# clang-format formats more than C: Java, JavaScript and TypeScript, protobuf, C# (its --style languages)
_FORMATTED_PATH = rf"(?:[A-Za-z]:\\)?[^\s:][^:]*?\.(?:{_C_SOURCE}|java|js|mjs|cjs|jsx|ts|tsx|proto|cs|json)"
_SEVERITY = r"error|warning|style|performance|portability"
# clang-tidy's check groups (clang-diagnostic-* is the compiler speaking through it).
_TIDY_GROUPS = (
    r"abseil|altera|android|boost|bugprone|cert|clang-analyzer|concurrency|cppcoreguidelines|darwin|fuchsia|google|"
    r"hicpp|linuxkernel|llvm|llvmlibc|misc|modernize|mpi|objc|openmp|performance|portability|readability|zircon"
)
_TIDY_CHECK = rf"(?:{_TIDY_GROUPS})-[\w.-]+"
_CPPCHECK_ID = r"[a-z][A-Za-z0-9_]*"
_FORMAT_FLAG = "[-Wclang-format-violations]"
# The end of an analyser's finding: the compiler parser leaves such lines to the analysers.
ANALYSER_CHECK = Regex(rf"\[(?:{_TIDY_CHECK}(?:,[\w.-]+)*|{_CPPCHECK_ID}|-Wclang-format-violations)\]$")


# How clang-tidy ends the compiler's own error, relayed when the code does not compile (`error: use of undeclared
# identifier 'y' [clang-diagnostic-error]`): the build's failure, which no check of the analyser found.
COMPILER_RELAYED = " [clang-diagnostic-error]"


def is_analyser_finding(message: str) -> bool:
    """Whether a compiler-shaped diagnostic's message ends with an analyser's check name."""
    return message.endswith("]") and ANALYSER_CHECK.search(message) is not None


# At most this many of a file's findings below cppcheck's progress line for it (`Checking src/util.c ...`).
CHECKING_WITHIN = 200


@dataclass
class Announcing(Found):
    """A parser's state that remembers, line by line, whether cppcheck announced the file a line names."""

    announced: dict[int, bool] = field(default_factory=dict)


def cppcheck_announced(st: Announcing, no: int, file: str) -> bool:
    """Whether line `no` is one of the findings about a file right below cppcheck's progress line for it: a
    finding in the compiler's shape with no check name after it (cppcheck 1.x's `--template=gcc`, `{file}:{line}:
    {severity}: {message}`, run by `make` or a script) is then cppcheck's, not the compiler's. Each line is looked
    at once (`announced` keeps the answers), so a long run of such lines costs its length."""
    prefix, chain, answer = f"{file}:", [no], False
    back = no - 1
    while back > 0 and len(chain) <= CHECKING_WITHIN:
        if back in st.announced:
            answer = st.announced[back]
            break
        text = st.view.text(back)
        if not text.startswith(prefix):
            answer = text == f"Checking {file} ..."
            break
        chain.append(back)
        back -= 1
    st.announced.update(dict.fromkeys(chain, answer))
    return answer


_GCC_TEMPLATE = record("cppcheck")


def _gcc_template(st: Announcing, no: int, m: re.Match[str]) -> bool:
    if not cppcheck_announced(st, no, m["file"]):
        return False
    _GCC_TEMPLATE(st, no, m)
    return True


_CPPCHECK = LineRules[Announcing](
    Rule(r"^Checking \S.* \.\.\.$", seen, starts="Checking "),
    Rule(
        rf"^(?P<file>{_PATH}):(?P<line>\d+):(?P<col>\d+): (?:{_SEVERITY}): (?P<msg>.+) \[(?P<code>{_CPPCHECK_ID})\]$",
        record(),
        has=tuple(f": {severity}: " for severity in _SEVERITY.split("|")),  # (`]` ends lines in nearly every log)
        ends="]",
    ),
    # cppcheck 1.x's `--template=gcc`: no column, no check name (only right after its `Checking FILE ...`)
    Rule(
        rf"^(?P<file>{_PATH}):(?P<line>\d+): (?:{_SEVERITY}): (?P<msg>.+)$",
        _gcc_template,
        has=tuple(f": {severity}: " for severity in _SEVERITY.split("|")),
    ),
    # `--template=cppcheck1`; a finding along a path lists its places, the last one the finding's.
    Rule(
        rf"^(?:\[[^\]]+\] -> )*\[(?P<file>{_PATH}):(?P<line>\d+)\]: \((?:{_SEVERITY})\) (?P<msg>.+)$",
        record("cppcheck"),
        has=("]: (",),
    ),
)


@state
class _Tidy:
    found: Findings = field(default_factory=lambda: Findings(tool="clang-tidy"))
    warnings: list[int] = field(default_factory=list)  # positions in found.errors of warning-level findings
    failed: bool = False  # an error clang-tidy does not own (the compiler's) made the run fail


_FINDING = record()


def _tidy_finding(st: _Tidy, no: int, m: re.Match[str]) -> None:
    if m["level"] == "warning":
        st.warnings.append(len(st.found.errors))
    _FINDING(st, no, m)


def _compiler_error(st: _Tidy, no: int, m: re.Match[str]) -> None:
    st.failed = True
    verdict(6.0)(st, no, m)


_CLANG_TIDY = LineRules[_Tidy](
    Rule(
        rf"^(?P<file>{_PATH}):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning): (?P<msg>.+) "
        rf"\[(?P<code>{_TIDY_CHECK})(?:,[\w.-]+)*\]$",
        _tidy_finding,
        has=(": error: ", ": warning: "),
        ends="]",
    ),
    Rule(r"^\d+ warnings? treated as errors$", verdict(8.0), ends="treated as errors"),
    Rule(r"^Error while processing \S.*\.$", verdict(6.0), starts="Error while processing "),
    Rule(r"^Found compiler error(?:s|\(s\))\.$", _compiler_error, starts="Found compiler error"),
    Rule("", _compiler_error, ends=COMPILER_RELAYED, has=(": error: ",)),
)


def _format_violation(st: Found, no: int, m: re.Match[str]) -> None:
    """An `error` fails the run (`-Werror`); a `warning` only shows where clang-format would change the code."""
    if m["level"] == "warning":
        st.found.mark(no, 3.0)
    else:
        _FINDING(st, no, m)


_CLANG_FORMAT = LineRules[Found](
    Rule(
        rf"^(?P<file>{_FORMATTED_PATH}):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning): (?P<msg>code should be "
        rf"clang-formatted) \[(?P<code>-Wclang-format-violations)\]$",
        _format_violation,
        ends=_FORMAT_FLAG,
    ),
)


def _cpplint(st: Found, no: int, m: re.Match[str]) -> None:
    """A cpplint finding; line 0 is the whole file's (a missing copyright line, a header guard)."""
    line = int(m["line"]) or None
    st.found.error(no, m["msg"], file=m["file"], at=line, code=m["code"])


_CPPLINT = LineRules[Found](
    Rule(
        rf"^(?P<file>{_PATH}):(?P<line>\d+):  (?P<msg>.+?)  \[(?P<code>[\w+-]+/[\w+-]+)\] \[[1-5]\]$",
        _cpplint,
        ends=tuple(f"] [{confidence}]" for confidence in range(1, 6)),
    ),
    Rule(
        r"^Total errors found: (?P<errors>\d+)$",
        summary(8.0),
        starts="Total errors found: ",
        when=after_errors,  # after its findings: it carries on what they began
        continues=True,
    ),
)


def _tidy_finish(st: _Tidy, _view: View) -> Findings:
    """A clang-tidy run fails on its errors (checks denied by `-warnings-as-errors`, or code that
    does not compile); its warnings are the failure only when nothing else is (a wrapper failing on
    any finding), so beside an error they are left out of the records."""
    if st.warnings and (st.failed or len(st.warnings) < len(st.found.errors)):
        warned = set(st.warnings)
        st.found.errors = [e for i, e in enumerate(st.found.errors) if i not in warned]
    return st.found


CPPCHECK = Parser(
    tool="cppcheck",
    category=Category.LINT,
    parse=scan_with(_CPPCHECK, lambda view: Announcing(Findings(tool="cppcheck"), view)),
)
CLANG_TIDY = Parser(
    tool="clang-tidy", category=Category.LINT, parse=scan_with(_CLANG_TIDY, lambda _view: _Tidy(), _tidy_finish)
)
CLANG_FORMAT = Parser(
    tool="clang-format", category=Category.FORMAT, parse=scan_with(_CLANG_FORMAT, plain("clang-format"))
)
CPPLINT = Parser(tool="cpplint", category=Category.LINT, parse=scan_with(_CPPLINT, plain("cpplint")))
