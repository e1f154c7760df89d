"""PHP: PHPUnit's failure list and its --testdox report, the static analysers PHPStan (table format)
and Psalm, and PHP_CodeSniffer's (phpcs) full and emacs reports."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Regex, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import failures_counted, record, summary, verdict
from remediate.facts.view import View
from remediate.models import Category

_UNIT_COUNT = Regex(r"(?:Errors|Failures): (\d+)")
TRACE_WITHIN = 30  # lines after a failing test in which its `file.php:N` comes


@state
class _Unit:
    found: Findings = field(default_factory=lambda: Findings(tool="phpunit"))
    listing: bool = False  # after "There were N failures:": numbered items are failing tests
    current: tuple[int, str] | None = None  # (line, test id) being described
    message: str | None = None  # what the test being described raised or asserted
    placed: bool = False  # the test being described has its record (its trace's first project frame)

    def listed(self, _no: int) -> bool:
        return self.listing

    def after_test(self, no: int) -> bool:
        return self.current is not None and no == self.current[0] + 1

    def describing(self, no: int) -> bool:
        return self.current is not None and no - self.current[0] <= TRACE_WITHIN


def _list_header(st: _Unit, no: int, m: re.Match[str]) -> None:
    """`There were 2 failures:` lists failing tests. Risky tests and warnings fail the run only under
    `failOnRisky`/`failOnWarning` (by default PHPUnit says `OK, but incomplete, skipped, or risky
    tests!` or `WARNINGS!` and exits 0): their lists are shown, their tests are not failing ones."""
    st.listing = m.group(1) in ("error", "failure")
    st.found.mark(no, 8.0 if st.listing else 4.0)


def _item(st: _Unit, no: int, m: re.Match[str]) -> None:
    st.current = (no, m.group(1))
    st.message, st.placed = None, False
    st.found.test(no, m.group(1))


def _message(st: _Unit, no: int, m: re.Match[str]) -> None:
    assert st.current is not None
    st.found.mark(no, 8.0)
    st.message = m.string
    st.found.test(st.current[0], st.current[1], message=m.string)


def _at(st: _Unit, no: int, m: re.Match[str]) -> bool:
    """A frame of a failing test's trace: the first of the project's is where it failed (the record);
    the one in the file named after the test's class (`CalcTest::testAdd`: `.../CalcTest.php`, as
    PSR-4 autoloading names it) is the test's file."""
    assert st.current is not None
    if "/vendor/" in m.group(1):
        return False
    if m.group(1).endswith(f"/{_short_class(st.current[1])}.php"):
        st.found.test(st.current[0], st.current[1], file=m.group(1))
    if st.placed:
        return True
    st.placed = True
    # The record says which test and what it raised: one error raised by many tests is then
    # one group (extract drops the leading test name to group), each test a place it was seen.
    message = f"{st.current[1]}: {st.message}" if st.message else st.current[1]
    st.found.error(no, message, file=m.group(1), at=int(m.group(2)), code="test", weight=7.0)
    return True


def _short_class(test_id: str) -> str:
    """`Composer\\Test\\CartTest::testTotal` -> `CartTest`."""
    return test_id.partition("::")[0].rpartition("\\")[2]


def _unit_count(st: _Unit, no: int, m: re.Match[str]) -> None:
    failures_counted(st.found, no, sum(int(n) for n in _UNIT_COUNT.findall(m.string)), 9.0)


_PHPUNIT = LineRules[_Unit](
    Rule(
        r"^There (?:was|were) \d+ (error|failure|risky test|warning)s?:$",
        _list_header,
        starts=("There was ", "There were "),
    ),
    Rule(r"^\d+\) ((?:[\w\\]+)::\w+)(?: with data set .+)?$", _item, when=_Unit.listed),
    Rule("", _message, when=_Unit.after_test),
    Rule(r"^(\S+?\.php):(\d+)$", _at, has=(".php:",), when=_Unit.describing),
    Rule(r"^(?:FAILURES!|ERRORS!)$", verdict(9.0), starts=("FAILURES!", "ERRORS!")),
    Rule(r"^Tests: \d+, Assertions: \d+(?:, (?:Errors|Failures): \d+)+", _unit_count, starts="Tests: "),
    continued=True,  # its rules without literals wait on state only its other rules set
)


@state
class _Analysers:
    found: Findings = field(default_factory=lambda: Findings(tool="phpstan"))
    file: str | None = None  # the file of the PHPStan table being read
    last: int | None = None  # index of the last table row's record: its message may wrap

    def in_table(self, _no: int) -> bool:
        return self.file is not None

    def wrapping(self, _no: int) -> bool:
        return self.file is not None and self.last is not None and self.last < len(self.found.errors)


def _table(st: _Analysers, _no: int, m: re.Match[str]) -> None:
    st.file, st.last = m.group(1), None


def _rule_line(st: _Analysers, _no: int, _m: re.Match[str]) -> None:
    st.last = None


def _row(st: _Analysers, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m.group(2), file=st.file, at=int(m.group(1)), code="phpstan")
    st.last = len(st.found.errors) - 1


def _wraps_onto(found: Findings, index: int | None, no: int, text: str) -> None:
    """A report that wraps its messages (PHPStan's table, phpcs' full report): the record's message
    goes on, on line `no`."""
    assert index is not None
    err = found.errors[index]
    found.errors[index] = err.model_copy(update={"message": f"{err.message} {text}"})
    found.mark(no, 8.0)


def _wrapped(st: _Analysers, no: int, m: re.Match[str]) -> None:
    _wraps_onto(st.found, st.last, no, m.group(1))


def _table_end(st: _Analysers, _no: int, _m: re.Match[str]) -> bool:
    st.file = None
    return False  # the line may still be the summary


_ANALYSERS = LineRules[_Analysers](
    # (`Line` is in nearly every log, `.php` within a line in most PHP projects' logs; a view's lines end
    # in no space)
    Rule(r"^\s*Line\s+(\S+?\.php)\s*$", _table, ends=".php"),
    Rule(r"^\s*-{3,}\s+-{3,}\s*$", _rule_line, when=_Analysers.in_table),
    Rule(r"^\s+(\d+)\s{2,}(\S.*?)\s*$", _row, when=_Analysers.in_table),
    Rule(r"^\s{4,}(\S.*?)\s*$", _wrapped, when=_Analysers.wrapping),
    Rule("", _table_end, when=_Analysers.in_table),
    Rule(r"^\s*\[ERROR\] Found (?P<failed>\d+) errors?\s*$", summary(9.0), has=("[ERROR] Found ",)),
    Rule(
        r"^ERROR: (?P<code>\w+) - (?P<file>\S+?\.php):(?P<line>\d+):(?P<col>\d+) - (?P<msg>.+)$",
        record(tool="psalm"),
        starts="ERROR: ",
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


# PHPUnit's --testdox (7 to 9): a class's name made words (`Cart`), its tests' rows, ` ✔ Empty is
# minus one` or ` ✘ Total adds prices` with the failure boxed below by `│` (its message, then the
# places, where it was raised first and the test's own line last); the rows of the failures again
# under `Summary of non-successful tests:`, then PHPUnit's counts (read above).
TESTDOX_WITHIN = 20  # lines of a failed test's box


@state
class _Testdox:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="phpunit"))


def _testdox_class(view: View, no: int) -> str | None:
    for back in range(no - 1, max(0, no - TESTDOX_WITHIN * 10), -1):
        text = view.text(back)
        if text and not text[0].isspace():
            return text.strip()
    return None


def _testdox_failed(st: _Testdox, no: int, m: re.Match[str]) -> bool:
    """` ✘ Total adds prices` over its `│` box: the box's first words and its places."""
    if not st.view.text(no + 1).lstrip().startswith(_BOX):
        return False
    said, places = None, []
    for line in st.view.after(no, TESTDOX_WITHIN):
        if not line.text.lstrip().startswith(_BOX):
            break
        text = line.text.strip()[1:].strip()
        if place := _TESTDOX_PLACE.compiled.match(text):
            places.append((place["file"], int(place["line"])))
        elif text and said is None:
            said = text
            st.found.mark(line.no, 8.0)
    cls = _testdox_class(st.view, no)
    test = f"{cls}: {m['name']}" if cls else m["name"]
    st.found.test(no, test, file=places[-1][0] if places else None, message=said)
    if places:
        st.found.error(no, said or test, file=places[0][0], at=places[0][1], code="test", weight=7.0)
    return True


_BOX = ("│", "├", "┐", "╵", "┴", "└")  # the box's left side: all `│` without colour, drawn with corners with it
_TESTDOX_PLACE = Regex(r"^(?P<file>\S+\.php):(?P<line>\d+)$")
_TESTDOX = LineRules[_Testdox](Rule(r"^ ✘ (?P<name>\S.*)$", _testdox_failed, starts=" ✘ "))
TESTDOX = Parser(tool="phpunit-testdox", category=Category.TEST, parse=scan_with(_TESTDOX, lambda view: _Testdox(view)))

PHPUNIT = Parser(tool="phpunit", category=Category.TEST, parse=scan_with(_PHPUNIT, lambda _view: _Unit()))
PHPSTAN = Parser(tool="phpstan", category=Category.TYPE, parse=scan_with(_ANALYSERS, lambda _view: _Analysers()))


_SNIFF = Regex(r" ?\(([A-Z]\w*(?:\.\w+){3})\)$")  # phpcs -s: the sniff closing the message


@state
class _Phpcs:
    found: Findings = field(default_factory=lambda: Findings(tool="phpcs"))
    file: str | None = None  # the `FILE:` of the report being read
    last: int | None = None  # index of the last row's record: its message may go on below

    def in_report(self, _no: int) -> bool:
        return self.file is not None

    def continuing(self, _no: int) -> bool:
        return self.last is not None


def _sniffed(st: _Phpcs) -> None:
    """The last record's message, with the sniff that closes it (`-s`) moved to its code."""
    assert st.last is not None
    err = st.found.errors[st.last]
    sniff = _SNIFF.search(err.message)
    if sniff:
        st.found.errors[st.last] = err.model_copy(
            update={"message": err.message[: sniff.start()], "code": sniff.group(1)}
        )


def _phpcs_file(st: _Phpcs, no: int, m: re.Match[str]) -> None:
    st.file, st.last = m.group(1), None
    st.found.mark(no, 6.0)


def _phpcs_row(st: _Phpcs, no: int, m: re.Match[str]) -> None:
    if st.last is not None:
        _sniffed(st)
    st.last = None
    if m.group(2) != "ERROR":
        st.found.mark(no, 3.0)
        return
    st.found.error(no, m.group(3), file=st.file, at=int(m.group(1)), code="phpcs")
    st.last = len(st.found.errors) - 1


def _phpcs_more(st: _Phpcs, no: int, m: re.Match[str]) -> None:
    _wraps_onto(st.found, st.last, no, m.group(1))


def _phpcs_end(st: _Phpcs, _no: int, _m: re.Match[str]) -> bool:
    if st.last is not None:
        _sniffed(st)
    st.last = None
    return False


_PHPCS = LineRules[_Phpcs](
    Rule(r"^FILE: (\S.*\.(?:php|inc|phtml|js|css))$", _phpcs_file, starts="FILE: "),
    # " 2 | ERROR | [x] Opening brace of a class must be on the line after" (`[x]`: phpcbf fixes it)
    Rule(
        r"^\s*(\d+) \| (ERROR|WARNING) \| (?:\[[ x]\] )?(.+)$",
        _phpcs_row,
        has=(" | ERROR | ", " | WARNING | "),
        when=_Phpcs.in_report,
    ),
    Rule(r"^\s+\|\s+\|\s+(\S.*)$", _phpcs_more, when=_Phpcs.continuing),
    Rule("", _phpcs_end, when=_Phpcs.continuing),
    Rule(r"^FOUND (?P<failed>\d+) ERRORS? (?:AND \d+ WARNINGS? )?AFFECTING", summary(9.0), starts="FOUND "),
    # --report=emacs: "/path/php/Cart.php:2:1: error - Class name "cart" is not in PascalCase format"
    Rule(
        r"^(?P<file>\S+?\.(?:php|inc|phtml)):(?P<line>\d+):(?P<col>\d+): error - "
        r"(?P<msg>.+?)(?: \((?P<code>[A-Z]\w*(?:\.\w+){3})\))?$",
        record("phpcs"),
        has=(": error - ",),
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)

PHPCS = Parser(tool="phpcs", category=Category.LINT, parse=scan_with(_PHPCS, lambda _view: _Phpcs()))


# PHPMD 2.x's text report: `/path/src/Cart.php:3  UnusedFormalParameter  Avoid unused parameters such as
# '$unused'.` (the rule padded into a column); PHPMD exits 2 on any violation.
_PHPMD = LineRules[Found](
    Rule(
        r"^(?P<file>\S+?\.php):(?P<line>\d+) {2,}(?P<code>[A-Z][A-Za-z]+) +(?P<msg>\S.*)$",
        record(),
        has=(".php:",),
    ),
)
PHPMD = Parser(tool="phpmd", category=Category.LINT, parse=scan_with(_PHPMD, plain("phpmd")))
