"""Failing tests no parser read, under a test runner's command: the lines of the failing step that give a
test's name beside the runner's verdict that it failed, read as the run's failing tests.

A runner no parser knows (or a version whose shape the parsers miss) still names each failing test in one
of a few shapes most runners share:
- the verdict, then the name: `--- FAIL: TestAdd (0.00s)` (Go), `FAIL: test_add (tests.test_calc.Calc)` and
  `ERROR: test_div (...)` (unittest, nose, nose2, testtools), `FAIL: tests/t1.sh` (Automake's test driver),
  `FAILED tests/a.py::test_x - AssertionError` (pytest's short summary), `[  FAILED  ] Calc.Adds (0 ms)`
  (GoogleTest, cmocka), `Failed Shop.CartTests.Adds [3 ms]` (dotnet test);
- the name, then the verdict: `test calc::adds ... FAILED` (cargo, nextest), `test_add (tests.Calc) ... FAIL`
  (unittest -v, nose -v, nose2 -v, LuaUnit -v), `tests/a.py::test_x FAILED [ 50%]` (pytest -v), `calc.CalcTest >
  adds FAILED` (Gradle's test logger), `[ERROR]
  com.acme.CalcTest.adds -- Time elapsed: 0.05 s <<< FAILURE!` (Surefire 3; 2's `adds(com.acme.CalcTest)  Time
  elapsed: 0.05 sec  <<< FAILURE!`), `1/2 Test #1: calc ....***Failed` (CTest), and the list CTest prints under
  `The following tests FAILED:` (`  2 - calc (Failed)`, `(SEGFAULT)`);
- TAP's `not ok 3 - name` (busted, bats, node --test, mocha's TAP reporter, prove -v), a directive's
  `# TODO`/`# SKIP` aside (no failure), and Test::More's diagnostic `#   Failed test 'name'` (prove without -v
  shows no TAP line, only this: ExtUtils::MakeMaker's `make test`).
A name is one token (a path, a dotted or `::` name) with at most a parenthesised place after it, except TAP's,
which is the rest of its line: words after a verdict (`ERROR: Could not find a version`, `FAIL: dead links
found!`) are a message, not a test. A test file is no test: Jest's and Vitest's `FAIL src/a.test.js`, pytest's
`ERROR tests/a.py` and unittest's `ERROR: a (unittest.loader._FailedTest)` name a file that may have failed to
load (a build's, a module's, a set-up's failure), which only the runner's report below tells.
The verdict says nothing of what broke; the command that failed says the step ran tests (facts.commands), so
these are read only when every tool the failing line and its wrapper run is a test runner (or a make target or
a project's script named for tests alone, tasks.named_test_task: `make test`, `make check`, `./run-tests.sh`,
which run a runner the log may not name), or where no part of the command names a tool or a task at all (a
script: `./ci/run.sh`) and the step's output holds a runner's own report (runnerreports.reported_runner); and only
when no parser read a record, a failing test or a summary there: they fill the gap of a runner no parser reads, never
overrule one that does (a traceback's record, read by the generic readers, is what the tests met).

Every pattern is anchored at the line's start and linear: bounded runs over simple classes, then literals.
"""

from __future__ import annotations

from remediate.facts.checkers import command_tool
from remediate.facts.lazyregex import Regex
from remediate.facts.meaning import timeout_banner
from remediate.facts.parsers.base import Findings
from remediate.facts.runnersections import JEST, NOT_LOADED, SUREFIRE_VERDICT
from remediate.facts.syntaxcheck import command_parts
from remediate.facts.tasks import check_task, named_test_task
from remediate.facts.testblocks import with_reports
from remediate.facts.view import View
from remediate.models import Category

# A test's name: a letter, `_`, `.` or `/` first (not a count: gtest's `[  FAILED  ] 1 test, listed below:`),
# no spaces, quotes or parentheses.
_NAME = r"(?P<name>[A-Za-z_./][^\s()'\"]{0,300})"
_WHERE = r"(?: ?\((?P<where>[^()]{1,300})\))?"  # unittest's `(module.Class)`, Go's `(0.00s)`, Surefire 2's `(Class)`
# pytest's node id (`tests/x.py::TestY::test_z[1]`), bounded as _NAME; parsers/pytest's `\S+\.py::\S+?` is the
# parser's own reading (any path, a `.py` file), this one the generic reader's, with the parsers left out.
_NODE_ID = r"[A-Za-z_./][^\s()'\":]{0,300}::[^\s'\"]{1,300}"
_SHAPES: tuple[Regex, ...] = (
    # `--- FAIL: name (0.00s)`, `FAIL: name (module.Class)`, `ERROR: name`
    Regex(r"^\s{0,12}(?:--- )?(?:FAIL|ERROR): " + _NAME + _WHERE + r"\s{0,4}$"),
    # `FAILED path::name - message` (pytest's short summary; `ERROR path::name` when a fixture failed)
    Regex(rf"^(?:FAILED|ERROR) (?P<name>{_NODE_ID})(?: - (?P<msg>\S.{{0,500}}))?$"),
    # pytest -v's line of a test that pytest-timeout's thread method stopped at its own limit, the process ending
    # there (`tests/a.py::test_x +++++ Timeout +++++`, meaning.timeout_banner): its message the limit's word, which
    # meaning.per_test_limit reads as the parser's (parsers/pytest), so a run without that parser loses no failure
    Regex(rf"^(?P<name>{_NODE_ID}) " + timeout_banner("(?P<msg>Timeout)") + "$"),
    # `[  FAILED  ] Suite.Name (12 ms)`
    Regex(r"^\[ {0,3}FAILED {0,3}\] " + _NAME + r"(?: \(\d{1,9} ms\)|, where .{0,300})?$"),
    # `  Failed Namespace.Class.Name [3 ms]`
    Regex(r"^\s{0,4}Failed " + _NAME + r" \[[<\d.]{1,12} ?m?s\]$"),
    # `test name ... FAILED`, `name (module.Class.name) ... FAIL`
    Regex(r"^(?:test )?" + _NAME + _WHERE + r" \.\.\. (?:FAILED|FAIL|ERROR)$"),
    # `path::name FAILED [ 50%]`; not a word in capitals alone, a build's verdict (Ant's, Phing's and Gradle 3's
    # closing `BUILD FAILED`, whatever failed: a compiler, a test task)
    Regex(r"^(?![A-Z]{1,40} )" + _NAME + r" (?:FAILED|ERROR)(?: {1,80}\[ {0,2}\d{1,3}%\])?$"),
    # Gradle's test logger (its `FAILED` event on the console): `calc.CalcTest > addsTwoNumbers FAILED`, a nested
    # class's name before the test's (`A > B > c FAILED`); the test's own name may hold spaces and parentheses (a
    # display name); not Gradle's task verdict `:test FAILED` (a task, no test)
    Regex(r"^(?P<name>[A-Za-z_$][\w.$]{0,300}(?: > [^>\n]{1,300}?){1,4}) FAILED$"),
    # `[ERROR] Class.name -- Time elapsed: 0.01 s <<< FAILURE!`, `name(Class)  Time elapsed: 0.01 sec  <<< FAILURE!`
    Regex(
        r"^(?:\[ERROR\] )?"
        + _NAME
        + _WHERE
        + r"(?: (?:--)? {0,3}Time elapsed: [\d.,]{1,12} s(?:ec)?)? {1,4}"
        + SUREFIRE_VERDICT
    ),
    # `1/2 Test #1: name ......***Failed  0.01 sec`
    Regex(r"^\s{0,6}\d{1,6}/\d{1,6} Test {1,4}#\d{1,6}: " + _NAME + r" \.{0,300}\s{0,4}\*{0,3}(?:Failed|Exception)\b"),
    # CTest's list under `The following tests FAILED:`: `\t  2 - name (Failed)`, `3 - name (SEGFAULT)`; a status
    # other than `Failed` is how the test ended (its message, as the CTest parser reads it: `Timeout` is the test's
    # own time limit, meaning/runs.PER_TEST_LIMIT), which a runner no parser knows must not lose
    Regex(
        r"^\s{1,12}\d{1,6} - "
        + _NAME
        + r" \((?:Failed|(?P<msg>SEGFAULT|Timeout|Child aborted|Subprocess aborted|Exception))\)$"
    ),
    # Test::More's (Test::Builder's) diagnostic of a named test that failed: `#   Failed test 'adds two'`
    Regex(r"^\s{0,12}# {1,4}Failed (?:\(TODO\) )?test '(?P<quoted>[^']{1,300})'$"),
)
# TAP's failing test point; its description (after an optional `-`) up to a directive (`# TODO`, `# SKIP`).
_TAP = Regex(r"^\s{0,12}not ok (?P<no>\d{1,7})\b(?P<rest>.{0,400})")
_NOT_LOADED = Regex(NOT_LOADED)  # a loader's stand-in in a verdict's place (runnersections.NOT_LOADED)
_NO_FAILURE = ("todo", "skip")
# How many failing tests are read.
MAX_TESTS = 200
# The lines that may hold a verdict (a cheap gate before the searches).
TRIGGERS = ("FAIL", "ERROR", "Failed", "not ok", "SEGFAULT)", "Timeout)", " Timeout +", "aborted)", "Exception)")


def failing_tests(view: View, span: tuple[int, int], tool: str) -> Findings:
    """The tests the lines of `span` (log lines, inclusive) name as failed, as a test run's failing tests, each
    with its own report's words as its message where the verdict's line gave none (testblocks.with_reports)."""
    found = Findings(tool=tool, category=Category.TEST)
    first, last = span
    lines = view.within(first, last)
    for line in lines:
        if len(found.tests) >= MAX_TESTS:
            break
        if any(t in line.text for t in TRIGGERS):
            _read(found, line.no, line.text)
    with_reports(found, lines)
    return found


def names_failing_test(text: str) -> bool:
    """The line names a test beside the runner's verdict that it failed (one of the shapes above)."""
    return failing_test_named(text) is not None


def failing_test_named(text: str) -> str | None:
    """The test the line names beside the runner's verdict that it failed (one of the shapes above), if any."""
    if not any(t in text for t in TRIGGERS):
        return None
    found = Findings(tool="", category=Category.TEST)
    _read(found, 0, text)
    return found.tests[0].id if found.tests else None


# A line a runner's own marker leads, naming a failing test with no verdict word beside it (failing_test_marked):
# Jest's report heading (runnersections.JEST: `  ● suite › test`); a failed test's line in a runner's tree, its
# duration after it: Jest's verbose `✕ adds (3 ms)`, node --test's `✖ adds (1.2ms)`, xcpretty's `✗ testAdds,
# XCTAssertEqual failed: ...`, Pester's `[-] adds 12ms` (5's `12ms (8ms|4ms)`); ScalaTest's `- adds *** FAILED ***`
# (under sbt's `[info] `); Mocha's numbered failure, in its tree (`    1) adds`) and over its report (`  1) suite`).
# Not a heading's list (node --test's `✖ failing tests:`: a name ends with no colon), nor `×`: Vitest's mark, but also
# what Biome's, turbo's and other miette-drawn diagnostics open their message with (`  × Unused variable`).
_MARKED: tuple[Regex, ...] = (
    JEST.head,
    Regex(
        r"^\s{0,12}(?:✕|✖|✗|\[-\]) (?P<name>\S.{0,300}?)"
        r"(?: \(\d[\d.]{0,9} ?m?s\)| \d[\d.]{0,9}m?s(?: \([\d.|ms]{1,40}\))?)?$"
    ),
    Regex(r"^(?:\[info\] )?\s{0,12}- (?P<name>\S.{0,300}?) \*{3} FAILED \*{3}(?: \(\d{1,9} \w{1,20}\))?$"),
    Regex(r"^\s{2,12}\d{1,5}\) (?P<name>\S.{0,300})$"),
)
_MARKERS = ("●", "✕", "✖", "✗", "[-]", "*** FAILED", ") ")  # a cheap gate before the searches


def failing_test_marked(text: str) -> str | None:
    """The failing test a runner's own marker leads the line with names (see _MARKED), its suite's names left out
    (Jest's heading names `suite › test`, its tree line `test`), if any. The excerpt's roll reads it: a run's failing
    tests are read from a verdict's line only (failing_test_named), these being no less a test's, but no record."""
    if not any(m in text for m in _MARKERS):
        return None
    for shape in _MARKED:
        if (m := shape.match(text.rstrip())) is not None and not m["name"].rstrip().endswith(":"):
            return str(m["name"]).rsplit(" › ", 1)[-1].strip()
    return None


def _read(found: Findings, no: int, text: str) -> None:
    """The test the line names as failed, if any (then a failing test of the run)."""
    if (m := _TAP.match(text)) is not None:
        _tap(found, no, m["no"], m["rest"])
        return
    for shape in _SHAPES:
        if (m := shape.match(text.rstrip())) is not None:
            groups = m.groupdict()
            where = groups.get("where")
            # unittest's `(module.Class)` says where the test is; Go's `(0.00s)` is its time
            if where and _NOT_LOADED.match(where):
                return  # unittest's or nose2's stand-in for a module that did not import
            if groups.get("quoted"):
                if "(TODO)" not in text:  # a TODO test's failure is expected
                    found.test(no, groups["quoted"])
                return
            name = f"{m['name']} ({where})" if where and not where[:1].isdigit() else m["name"]
            found.test(no, name, message=groups.get("msg"))
            return


def _tap(found: Findings, no: int, point: str, rest: str) -> None:
    """A TAP test point that failed, unless its directive says the failure is expected (`# TODO`) or skipped."""
    description, _, directive = rest.partition(" # ")
    if directive.strip().lower().startswith(_NO_FAILURE):
        return
    name = description.strip().removeprefix("- ").strip()
    found.test(no, name or f"test point {point}")


def runner_of(failed: str | None, ran: str | None) -> str | None:
    """The test runner the failing line runs (facts.commands), with what its wrapper ran: its name, when every
    tool either names is a test runner (`npm test` whose script runs `eslint . && mocha` may have failed on the
    linter, `cmake --build . && ctest` on the build). A task or a script named for tests alone (tasks.named_test_task:
    `make test`, `make check`, `./run-tests.sh`) runs one the log may not name. None when a part of another kind
    is named, or none is known."""
    named = [_tool_or_task(part) for command in (failed, ran) for part in command_parts(command or "")]
    known = [n for n in named if n is not None]
    if not known or any(kind is not Category.TEST for _, kind in known):
        return None
    return known[0][0]


def reported_or_named(view: View, span: tuple[int, int], failed: str | None, ran: str | None) -> str | None:
    """The test runner the failing line runs (runner_of), or, when no part of it or of what its wrapper ran
    names a tool or a task at all (a script: `./ci/run.sh`), the runner whose report the step's output holds
    (runnerreports.reported_runner): a command of another kind (`make all test`: make builds first) says the
    step may have failed on it."""
    if (runner := runner_of(failed, ran)) is not None:
        return runner
    if any(_names_a_tool(part) for command in (failed, ran) for part in command_parts(command or "")):
        return None
    from remediate.facts.runnerreports import reported_runner  # imported late: the note above extract_facts

    return reported_runner(view, span)


def _names_a_tool(part: str) -> bool:
    """The part runs a tool or a task the rules know, by itself or by its first word (`make all test`)."""
    first = next((word for word in part.split() if "=" not in word), "")
    return _tool_or_task(part) is not None or command_tool(first) is not None


def _tool_or_task(part: str) -> tuple[str, Category] | None:
    """The tool a part of a command runs (checkers.command_tool), else the test task or script it runs, or the
    check a task is named for (tasks.check_task: `script/lint && script/test` may have failed on the lint)."""
    if (tool := command_tool(part)) is not None:
        return tool
    if (task := named_test_task(part)) is not None:
        return task, Category.TEST
    return check_task(part)
