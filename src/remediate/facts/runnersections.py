"""Where a test runner's section for one test starts and ends: each runner's shape, named once.

A runner sets one test's lines apart under a heading and ends them at a line of its own: go test -v's `=== RUN
TestX` up to the next `=== `/`--- ` line, GoogleTest's `[ RUN      ] Suite.Name` up to its `[       OK ]`, cargo's
`---- name stdout ----`, pytest's `____ test_x ____` up to the next heading or `====` rule, its `---- Captured stdout
call ----` up to the next rule, luvit's tap.lua's `# Starting Test: name` up to its TAP line, Surefire's `Running
shop.CartTest` up to the class's `Tests run:`, Gradle's `shop.CartTest > total STANDARD_OUT` over its indented lines,
Jest's `  ● suite › test`, unittest's `FAIL: test_x (mod.Class)` under
its `=====` rule. Four readings use them, each a group of shapes below:
- facts/testblocks.py: a failing test's report in the section its name heads (NAMED);
- facts/capturedoutput.py: what a test printed, a block its runner sets apart (PRINTED);
- facts/meaning/sections.py: a failing test's section, for the hosts its frames name (FAILING);
- facts/passingoutput.py: a line over a test's output, what is above it another test's (OUTPUT).
facts/excerpt/blocks.py reads nose's captured output's end rule (NOSE_CAPTURED): a block goes on to it over blank lines.
This module imports nothing of the facts package but lazyregex, so facts/meaning may read it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from remediate.facts.lazyregex import Regex

# How many lines a test's section may hold: testblocks reads no further, a printed block longer than this is nobody's
# (its end may be far from its start), and neither is a passing test's output (passingoutput)
SECTION_LINES = 200
# How far meaning/sections reads a failing test's section for its frames: pytest's long traceback of a chained urllib
# error takes about 180 lines, and the frames it reads are printed whole (testblocks keeps only pytest's `E` lines)
FRAMES_LINES = 400


@dataclass(frozen=True, slots=True)
class SectionShape:
    """One runner's section for one test: the line that heads it (its `name` group the test's name where the runner
    names it there, None where that heading names no test), the lines that end it (the next section's heading among
    them), and how its lines are read."""

    runner: str
    head: Regex
    end: Regex
    # Only the unindented lines are what the test printed (go test -v: the indented ones, `    x_test.go:12: got 3`,
    # are its t.Errorf report), so such a printed block opens only at an unindented heading
    unindented: bool = False
    # The mark of the only lines that are the test's report, the mark left out (pytest's `E   `: the rest is the
    # test's source, printed above whatever it met); "" where every line is
    report_mark: str = ""
    # A heading's quick tests, read before its regex on every line of a log, each set where a group's reader reads it
    # (NAMED's: testblocks, PRINTED's: capturedoutput): the characters its line may open with (go's `\s{0,8}` indent
    # read as spaces and tabs only, as testblocks read it), and a text every heading holds
    opens: tuple[str, ...] = ()
    holds: str = ""
    # A pattern piece (OUTPUT's: passingoutput searches for any of them) of a line that says whose output follows it,
    # its name not read: the heading, and where the runner prints more such lines or pads it, those too (see each)
    output_head: str = ""


# go test -v's lines that name the test whose lines follow: `=== RUN` and `=== CONT` head its section; `=== PAUSE`
# (a t.Parallel test set aside) and `=== NAME` (go 1.20+: the output switches to that test) are go's too and end a
# section, but they head no section of their own. Each says whose output is below it (passingoutput): at any indent,
# whatever follows the word
_GO_HEADS = "RUN|CONT"
_GO_SWITCHES = "PAUSE|NAME"
GO = SectionShape(
    "go test -v",
    Regex(rf"^\s{{0,8}}=== (?:{_GO_HEADS}) +(?P<name>\S+)$"),
    Regex(r"^\s{0,8}(?:=== |--- )"),
    unindented=True,
    opens=("=", " ", "\t"),
    holds="=== ",
    output_head=rf"^\s*=== (?:{_GO_HEADS}|{_GO_SWITCHES})\s",
)
# GoogleTest's `[ RUN      ] Suite.Name` (over its output, at any indent, whatever follows it: passingoutput)
_GTEST_RUN = r"\[ RUN {6}\] "
GTEST = SectionShape(
    "GoogleTest",
    Regex(rf"^{_GTEST_RUN}(?P<name>\S+)$"),
    Regex(r"^\[ {0,3}(?:OK|FAILED|RUN) {0,6}\]"),
    opens=("[",),
    output_head=rf"^\s*{_GTEST_RUN}",
)
CARGO = SectionShape(
    "cargo test",
    Regex(r"^---- (?P<name>\S+) stdout ----$"),
    Regex(r"^(?:---- \S+ stdout ----|failures:|test result:)"),
    opens=("-",),
)
# pytest's heading (`____ ERROR at setup of test_x ____` too), up to the next one or the `==== short test summary
# info ====` rule
PYTEST = SectionShape(
    "pytest",
    Regex(r"^_{3,} (?P<name>\S.{0,300}?) _{3,}$"),
    Regex(r"^(?:_{3,} |={3,})"),
    report_mark="E",
    opens=("_",),
)
# pytest's captured output of a test's stage, up to the next section's rule
PYTEST_CAPTURED = SectionShape(
    "pytest",
    Regex(r"^-{3,} Captured (?:stdout|stderr|log) (?:setup|call|teardown) -{3,}$"),
    Regex(r"^(?:-{3,}|_{3,}|={3,}) "),
    holds="Captured ",
)
# nose's captured output of a failing test (its capture plugin), the last part of the test's report, under its
# traceback between two rules of its own: `-------------------- >> begin captured stdout << ---------------------` up to
# `--------------------- >> end captured stdout << ----------------------` (logcapture's: `logging`). What the test
# printed ends with its own newline, and a subprocess's output it printed with one more: blank lines above the end.
NOSE_CAPTURED = SectionShape(
    "nose",
    Regex(r"^-{3,} >> begin captured (?:stdout|logging) << -{3,}$"),
    Regex(r"^-{3,} >> end captured (?:stdout|logging) << -{3,}$"),
    holds=">> begin captured ",
)
# luvit's tap.lua: `# Starting Test: name` over the test's output, up to its `ok N name` / `not ok N name`
LUVIT = SectionShape(
    "luvit",
    Regex(r"^# Starting Test: (?P<name>\S.{0,300})$"),
    Regex(r"^(?:not )?ok \d|^# Starting Test: "),
    opens=("#",),
)
# Surefire's test class: its printed lines up to the class's `Tests run: ...` (its report and its failures' exceptions
# follow that line); over the class's output its trailing whitespace is allowed (passingoutput)
_SUREFIRE_RUNNING = r"^(?:\[INFO\] )?Running "
_SUREFIRE_CLASS = r"[\w$]+(?:\.[\w$]+)+"
SUREFIRE = SectionShape(
    "Surefire",
    Regex(rf"{_SUREFIRE_RUNNING}(?P<name>{_SUREFIRE_CLASS})$"),
    Regex(r"^(?:\[\w+\] )?Tests run: \d"),
    holds="Running ",
    output_head=rf"{_SUREFIRE_RUNNING}{_SUREFIRE_CLASS}\s*$",
)
# Surefire's verdict on one test of the class, its line's end (`[ERROR] shop.CartTest.adds -- Time elapsed: 0.01 s <<<
# FAILURE!`, Surefire 2's `adds(shop.CartTest)  Time elapsed: 0.01 sec  <<< ERROR!`): its report follows it unindented.
# A piece of a pattern: each reader puts its own capture groups before it (testblocks, failingtests, parsers/jvm)
SUREFIRE_VERDICT = r"<<< (?:FAILURE|ERROR)!$"
# Gradle's event over what a test wrote (`testLogging { showStandardStreams = true }`: `shop.CartTest > total
# STANDARD_OUT`, `STANDARD_ERROR`), the lines indented by four below it, up to the next unindented line (the next
# event, the JVM's own warnings) or the blank line Gradle prints before its next event; over the test's output its
# trailing whitespace is allowed (passingoutput). GRADLE_TEST: the test an event names, its class ` > ` its name (a
# piece of a pattern: passingoutput reads every event with it)
GRADLE_TEST = r"[\w.$]{1,300} > .{1,500}"
_GRADLE_STREAM = r" STANDARD_(?:OUT|ERROR)"
GRADLE = SectionShape(
    "Gradle",
    Regex(rf"^(?P<name>{GRADLE_TEST}){_GRADLE_STREAM}$"),
    Regex(r"^(?:\S|\s*$)"),
    holds=" STANDARD_",
    output_head=rf"^{GRADLE_TEST}{_GRADLE_STREAM}\s*$",
)
# Jest's failing test (not `  ● Console`, the tests' console output), up to the totals or the next test file's verdict
JEST = SectionShape(
    "Jest",
    Regex(r"^\s{0,4}● (?!Console$)(?P<name>\S.{0,300})$"),
    Regex(r"^Test Suites: |^(?:PASS|FAIL) \S"),
)
# unittest's (nose's) verdict over its traceback: a failing test's `ERROR: test_x (mod.Class.test_x)` (also FAIL:,
# Python <3.11's `(mod.Class)`, a subTest's ` (i=1)`), or unittest.loader's on a module it could not import, which
# names no test (`ERROR: tests.test_cart (unittest.loader._FailedTest.tests.test_cart)`, Python 2.7's
# `(unittest.loader.ModuleImportFailure)`: `name` None); under its `=====` rule, up to the next or `Ran 3 tests in 0.1s`
# The pieces of the verdict's test name and its place, `module.Class` (parsers/unittest reads them with its own groups)
UNITTEST_NAME = r"\w{1,200}"
# A loader's stand-in for a test module that did not import, in a verdict's place: unittest's `unittest.loader.
# _FailedTest` (2.7: `unittest.loader.ModuleImportFailure`), nose2's `nose2.loader.ModuleImportFailure` (0.16 prints
# `ERROR: tests.test_cart (nose2.loader.ModuleImportFailure.tests.test_cart)`): no test ran, the import failed
NOT_LOADED = r"(?:unittest|nose2)\.loader\.(?:_FailedTest|ModuleImportFailure)"
UNITTEST_PLACE = r"[\w.]{1,300}"
UNITTEST = SectionShape(
    "unittest",
    Regex(
        rf"^(?:ERROR|FAIL): (?:(?P<name>{UNITTEST_NAME})|[^\s()]{{1,300}}) \({UNITTEST_PLACE}\)(?: \(.{{1,200}}\))?$"
    ),
    Regex(r"^={3,}|^Ran \d+ tests? in "),
)

NAMED = (GO, GTEST, CARGO, PYTEST, LUVIT)  # a section a failing test's name heads (testblocks)
PRINTED = (PYTEST_CAPTURED, GO, SUREFIRE, GRADLE)  # a block of what a test printed (capturedoutput)
FAILING = (PYTEST, JEST, UNITTEST)  # a failing test's section, its frames in it (meaning/sections)
OUTPUT = (GO, GTEST, SUREFIRE, GRADLE)  # a heading over a test's output (passingoutput)


def heading(shapes: Iterable[SectionShape], text: str) -> tuple[SectionShape, re.Match[str]] | None:
    """The first of `shapes` whose heading `text` is, with the heading's match; None when it heads none."""
    for shape in shapes:
        if (m := shape.head.match(text)) is not None:
            return shape, m
    return None


def ends(shapes: Iterable[SectionShape], text: str) -> bool:
    """Whether `text` ends a section of any of `shapes`."""
    return any(shape.end.match(text) for shape in shapes)
