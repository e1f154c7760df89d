"""PHP's own test runner, run-tests.php: php-src's `make test` and every extension's (phpize's `make test`) run
`.phpt` files with it. Each test's result is a line `RESULT name [path.phpt] extra` (`FAIL`, `LEAK`, `LEAK&FAIL`,
`BORK` for a test file it cannot read; `PASS`, `SKIP`, `XFAIL` for the ones that did not fail), after the test's
diff of expected and actual output when `--show-diff` asks for it (between `========DIFF========` and
`========DONE========`); then its count (`Tests failed    :    2 ( 50.0%) ( 66.7%)`) and, when tests failed, a
`FAILED TEST SUMMARY` block listing each as `name [path.phpt]` (its `EXPECTED FAILED TEST SUMMARY` lists the XFAIL
ones: no failures). The format is the same from PHP 5 to 8 (show_result prints `$result $tested [$tested_file]`);
real samples: PHP 8.2's run-tests.php from Debian's php8.2-dev."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.handlers import summary
from remediate.models import Category

DIFF_KEPT = 4  # a failing test's first diff lines kept as its message (`001+ int(6)`, `001- int(5)`)


@state
class _RunTests:
    found: Findings = field(default_factory=lambda: Findings(tool="run-tests"))
    diff: list[str] | None = None  # inside a test's `========DIFF========` block: its lines so far
    shown: str | None = None  # the last diff shown, for the result line that follows it
    listing: bool = False  # inside `FAILED TEST SUMMARY`

    def in_diff(self, _no: int) -> bool:
        return self.diff is not None

    def listed(self, _no: int) -> bool:
        return self.listing


def _diff_start(st: _RunTests, no: int, _m: re.Match[str]) -> None:
    st.diff, st.shown = [], None
    st.found.mark(no, 6.0)


def _diff_line(st: _RunTests, _no: int, m: re.Match[str]) -> None:
    assert st.diff is not None
    if len(st.diff) < DIFF_KEPT:
        st.diff.append(m.string.strip())


def _diff_end(st: _RunTests, _no: int, _m: re.Match[str]) -> None:
    st.shown = " ".join(line for line in st.diff or [] if line) or None
    st.diff = None


def _failed(st: _RunTests, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"], file=m["file"], message=st.shown)
    st.shown = None


def _listing(st: _RunTests, no: int, _m: re.Match[str]) -> None:
    st.listing = True
    st.found.mark(no, 8.0)


def _listed(st: _RunTests, no: int, m: re.Match[str]) -> None:
    st.found.test(no, m["name"], file=m["file"])


def _listing_end(st: _RunTests, _no: int, _m: re.Match[str]) -> None:
    st.listing = False


# A test's name may hold brackets of its own (`Bug #7 (foo [bar])`): its file is the last bracketed `.phpt`.
_TEST = r"(?P<name>\S.*?) \[(?P<file>[^\[\]\s]+\.phpt)\]"
_RULES = LineRules[_RunTests](
    Rule(r"^=+DIFF=+$", _diff_start, starts="========DIFF"),
    Rule(r"^=+DONE=+$", _diff_end, starts="========DONE", when=_RunTests.in_diff, continues=True),
    Rule(r"^.*$", _diff_line, when=_RunTests.in_diff),
    Rule(rf"^(?:(?:LEAK|WARN)&){{0,2}}(?:FAIL|LEAK)\s+{_TEST}(?: .*)?$", _failed, has=(".phpt]",)),
    Rule(rf"^BORK\s+{_TEST}(?: .*)?$", _failed, starts="BORK", has=(".phpt]",)),
    Rule(r"^FAILED TEST SUMMARY$", _listing, starts="FAILED TEST SUMMARY"),
    Rule(rf"^{_TEST}\s*$", _listed, has=(".phpt]",), when=_RunTests.listed, continues=True),
    Rule(r"^=+$", _listing_end, starts="=====", when=_RunTests.listed, continues=True),
    Rule(r"^Tests failed\s+:\s+(?P<failed>\d+) \(", summary(9.0), starts="Tests failed "),
    continued=True,  # the diff's lines: only inside a block `========DIFF` opened
)

RUN_TESTS = Parser(tool="run-tests", category=Category.TEST, parse=scan_with(_RULES, lambda _view: _RunTests()))
