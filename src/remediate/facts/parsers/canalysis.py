"""C and C++ static analysers: cppcheck and clang-tidy.

Both print the compiler's diagnostic shape (`FILE:LINE:COL: error: MESSAGE`), and what tells them
from a compiler is the name of the check at the end: cppcheck's identifier (`[uninitvar]`,
`[arrayIndexOutOfBounds]`), clang-tidy's check names (`[bugprone-use-after-move]`, with
`,-warnings-as-errors` when the build denies it). An `error` from either is a finding about code
that compiles, not a build failure; clang-tidy's `[clang-diagnostic-error]` is the compiler's own
error seen through clang-tidy, and stays the compiler parser's. cppcheck's `--template=cppcheck1`
form, `[FILE:LINE]: (SEVERITY) MESSAGE`, has no identifier.
"""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import record, seen, verdict
from remediate.facts.view import View
from remediate.models import Category

_C_SOURCE = r"c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|ipp|inl|tpp|C|H|m|mm"
# A path runs to the first `:` (a drive's `D:\` aside), so the pattern never backtracks into it.
_PATH = rf"(?:[A-Za-z]:\\)?[^\s:][^:]*?\.(?:{_C_SOURCE})"
_SEVERITY = r"error|warning|style|performance|portability"
# clang-tidy's check groups (clang-diagnostic-* is the compiler speaking through it).
_TIDY_GROUPS = (
    r"abseil|altera|android|boost|bugprone|cert|clang-analyzer|concurrency|cppcoreguidelines|darwin|fuchsia|google|"
    r"hicpp|linuxkernel|llvm|llvmlibc|misc|modernize|mpi|objc|openmp|performance|portability|readability|zircon"
)
_TIDY_CHECK = rf"(?:{_TIDY_GROUPS})-[\w.-]+"
_CPPCHECK_ID = r"[a-z][A-Za-z0-9_]*"
# The end of an analyser's finding: the compiler parser leaves such lines to the analysers.
ANALYSER_CHECK = Regex(rf"\[(?:{_TIDY_CHECK}(?:,[\w.-]+)*|{_CPPCHECK_ID})\]$")


def is_analyser_finding(message: str) -> bool:
    """Whether a compiler-shaped diagnostic's message ends with an analyser's check name."""
    return message.endswith("]") and ANALYSER_CHECK.search(message) is not None


_CPPCHECK = LineRules[Found](
    Rule(r"^Checking \S.* \.\.\.$", seen, starts="Checking "),
    Rule(
        rf"^(?P<file>{_PATH}):(?P<line>\d+):(?P<col>\d+): (?:{_SEVERITY}): (?P<msg>.+) \[(?P<code>{_CPPCHECK_ID})\]$",
        record(),
        has=tuple(f": {severity}: " for severity in _SEVERITY.split("|")),  # (`]` ends lines in nearly every log)
        ends="]",
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
    Rule("", _compiler_error, ends=" [clang-diagnostic-error]", has=(": error: ",)),
)


def _tidy_finish(st: _Tidy, _view: View) -> Findings:
    """A clang-tidy run fails on its errors (checks denied by `-warnings-as-errors`, or code that
    does not compile); its warnings are the failure only when nothing else is (a wrapper failing on
    any finding), so beside an error they are left out of the records."""
    if st.warnings and (st.failed or len(st.warnings) < len(st.found.errors)):
        warned = set(st.warnings)
        st.found.errors = [e for i, e in enumerate(st.found.errors) if i not in warned]
    return st.found


CPPCHECK = Parser(tool="cppcheck", category=Category.LINT, parse=scan_with(_CPPCHECK, plain("cppcheck")))
CLANG_TIDY = Parser(
    tool="clang-tidy", category=Category.LINT, parse=scan_with(_CLANG_TIDY, lambda _view: _Tidy(), _tidy_finish)
)
