"""JVM builds: Maven, Gradle, sbt; javac/scalac/kotlinc/groovyc diagnostics; JUnit/Surefire and ScalaTest test
failures."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from remediate.facts.lazyregex import Regex
from remediate.facts.located import JAVADOC_RAN  # javadoc's progress lines, as located knows them
from remediate.facts.meaning import task_failure
from remediate.facts.parsers.base import Findings, LineRules, Parser, Rule, scan_with, state
from remediate.facts.parsers.canalysis import is_analyser_finding
from remediate.facts.parsers.handlers import failures_counted, record, summary, taken, verdict
from remediate.facts.parsers.jvm_gradle import what_went_wrong
from remediate.facts.runnersections import SUREFIRE_VERDICT
from remediate.facts.view import View
from remediate.models import Category

LIBRARY_FRAMES = ("org.junit", "java.", "jdk.", "sun.", "org.gradle", "org.apache.maven")
_MAVEN_PREFIXES = ("[ERROR]", "[INFO] BUILD", "[WARN")
TEST_TRACE_WITHIN = 30  # lines after a failing test in which its exception and frames may come

_Handler = Callable[["_State", int, re.Match[str]], bool | None]


@state
class _State:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="maven"))
    gradle: bool = False
    maven: bool = False
    compile_errors: int = 0
    failing_test: tuple[int, str] | None = None  # (log line, test id) whose trace may follow
    placed: bool = False  # the failing test's record is made (at its trace's first project frame)
    sbt: bool = False
    scalatest: bool = False
    flaky: set[str] = field(default_factory=set)  # tests Surefire reran until they passed (_flakes)
    numbered: bool = False  # JUnit's text runner announced its numbered list (`There were 2 failures:`)
    javadoc: bool = False  # the JDK's javadoc is running (_javadoc): its doclint errors take javac's shape

    def in_numbered_list(self, _no: int) -> bool:
        return self.numbered

    def near_failing_test(self, no: int) -> bool:
        return self.failing_test is not None and no - self.failing_test[0] <= TEST_TRACE_WITHIN


def _compiler(tool: str) -> _Handler:
    """A javac/kotlinc/maven compile error (groups file, line, col, msg)."""
    recorded = record("compile", tool=tool)

    def handle(st: _State, no: int, m: re.Match[str]) -> None:
        recorded(st, no, m)
        st.compile_errors += 1

    return handle


_COMPILERS = {"java": "javac", "scala": "scalac", "groovy": "groovyc", "kt": "kotlinc", "kts": "kotlinc"}


_BY_LANGUAGE = {ext: _compiler(tool) for ext, tool in _COMPILERS.items()}


def _by_extension(st: _State, no: int, m: re.Match[str]) -> bool | None:
    """A compile error, named after the compiler of its file's language; javadoc's in javadoc's run. An analyser's
    row in the compiler's shape (clang-format's on a Java file: its check's name ends it) is the analyser's."""
    if is_analyser_finding(m["msg"]):
        return False
    st.sbt = st.sbt or m.string.startswith("[error] ")
    if m.re.groupindex.get("task") and m["task"]:  # Gradle 4's task name, the first error glued on
        st.javadoc = _JAVADOC_TASK.compiled.search(m["task"]) is not None
    if st.javadoc and m["ext"] == "java":
        file, line = m["file"], int(m["line"])
        st.found.error(no, m["msg"], file=file, at=line, code="doclint", tool="javadoc", category=Category.LINT)
    else:
        _BY_LANGUAGE[m["ext"]](st, no, m)
    return None


# The JDK's javadoc with doclint on (its default since JDK 8; `-Xdoclint`, `-Werror`) reports a doc comment's
# problems in javac's shape (`Cart.java:10: error: @param name not found`, `reference not found`, `element not
# closed: b`): the documentation's, fixed in the comment as a docs linter's finding is, not a compile error. Its run
# shows in its own progress lines, or as the Gradle task that runs it (`:javadoc`, `> Task :app:javadoc`).
_JAVADOC_TASK = Regex(r"(?i):\w*javadoc$")


def _javadoc(st: _State, _no: int, _m: re.Match[str]) -> None:
    st.javadoc = True


def _javadoc_done(st: _State, _no: int, _m: re.Match[str]) -> None:
    """javadoc's closing count (`3 errors`): a compiler's errors after it are no longer its."""
    st.javadoc = False


def _gradle_task(st: _State, _no: int, m: re.Match[str]) -> bool:
    """Gradle 5's task header: the task that runs now, javadoc or another."""
    st.javadoc = _JAVADOC_TASK.compiled.search(m["task"]) is not None
    return False  # `> Task :x FAILED` is still for the rules below


def _sbt(st: _State, no: int, m: re.Match[str]) -> None:
    st.sbt = True
    verdict(8.0)(st, no, m)


def _scalatest_failed(st: _State, no: int, m: re.Match[str]) -> None:
    st.scalatest = True
    st.failing_test = (no, m["name"])
    st.found.test(no, m["name"])


def _scalatest_reason(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.failing_test is not None
    st.found.test(st.failing_test[0], st.failing_test[1], file=m["file"], message=m["msg"])
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), code="test", weight=8.0)
    st.failing_test = None


def _failing(test_id: str, *, gradle: bool = False) -> _Handler:
    """A failing test whose exception and frames may follow (`test_id` formats the groups)."""

    def handle(st: _State, no: int, m: re.Match[str]) -> None:
        st.gradle = st.gradle or gradle
        st.failing_test, st.placed = (no, test_id.format_map({k: v or "" for k, v in m.groupdict().items()})), False
        st.found.test(no, st.failing_test[1])

    return handle


_NUMBERED = _failing("{cls}.{method}")


def _numbered_list(st: _State, _no: int, _m: re.Match[str]) -> bool:
    st.numbered = True
    return False  # the line is still for the rules below


def _numbered(st: _State, no: int, m: re.Match[str]) -> None:
    """JUnit's numbered failure; JUnit 3's carries its exception on the same line."""
    _NUMBERED(st, no, m)
    if m["exc"]:
        assert st.failing_test is not None
        st.found.test(no, st.failing_test[1], message=m["exc"])


def _gradle(weight: float) -> _Handler:
    shown = verdict(weight)

    def handle(st: _State, no: int, m: re.Match[str]) -> None:
        shown(st, no, m)
        st.gradle = True

    return handle


def _maven_line(st: _State, _no: int, _m: re.Match[str]) -> bool:
    st.maven = True
    return False  # the line is still for the rules below


GOAL_WITHIN = 6  # `[ERROR]` lines under `Failed to execute goal` that may carry its message (the enforcer's rules)


def _goal_failed(st: _State, no: int, m: re.Match[str]) -> None:
    """Maven's verdict on a failed goal (or a phase it does not know), a record when its words or the
    goal's plugin say what kind of failure it is (meaning.task_failure), else only shown."""
    st.found.seen = True
    st.found.mark(no, 9.0)
    groups = m.groupdict()
    said = [groups["msg"].strip()] if groups.get("msg") else [] if "plugin" in groups else [m.string[8:]]
    for line in st.view.after(no, GOAL_WITHIN):
        text = line.text.removeprefix("[ERROR]").strip()
        if not line.text.startswith("[ERROR]") or not text or text.startswith("->"):
            break
        said.append(text)
    failure = task_failure("maven", said, groups.get("plugin"))
    if failure is not None:
        message = "; ".join(said[:3]) or m.group(0)
        st.found.error(no, message, code=failure.code, tool="maven", weight=9.0, category=failure.category)


def _surefire_row(st: _State, no: int, m: re.Match[str]) -> bool:
    if not m.group(1)[0].isalpha() or m.group(4).startswith(("Failed", "->")):
        return False
    if "." not in m.group(1):
        return _short_row(st, no, f"{m.group(1)}.{m.group(2)}", m.group(4))
    st.found.test(no, f"{m.group(1)}.{m.group(2)}", message=m.group(4))
    return True


def _short_row(st: _State, no: int, short: str, message: str) -> bool:
    """Surefire 3's Results row names the test by its simple class (`SettingsTest.readsTheCurrency:10 » Scanner
    mapping values are not allowed here`): the message of the failing test its `<<< ERROR!` line named in full,
    when that one printed none it could read (an exception whose message has no class before it)."""
    test = next((t for t in st.found.tests if t.id.endswith(f".{short}")), None)
    if test is None or not message.startswith("» "):
        return False
    st.found.mark(no, 8.0)
    st.found.test(no, test.id, message=message.removeprefix("» "))
    return True


def _tests_run(st: _State, no: int, m: re.Match[str]) -> None:
    if m.group(2) != "0" or m.group(3) != "0":
        failures_counted(st.found, no, int(m.group(2)) + int(m.group(3)), 8.0)


def _what_went_wrong(st: _State, no: int, _m: re.Match[str]) -> None:
    """Gradle's failure block: a record when Gradle says what kind of failure it is, else only shown
    (an `Exec` task's non-zero exit: the tool it ran says why)."""
    st.gradle = True
    st.found.mark(no, 8.0)
    failure = what_went_wrong(st.view, no)
    if failure is None:
        return
    for line in range(no + 2, failure.end + 1):
        st.found.mark(line, 7.0)
    if failure.code is None:
        st.found.mark(no + 1, 9.0)
        return
    st.found.error(
        no + 1,
        failure.message,
        file=failure.file,
        at=failure.line,
        code=failure.code,
        tool="gradle",
        weight=9.0,
        category=failure.category,
    )


def _test_short(st: _State, no: int, m: re.Match[str]) -> None:
    """Gradle's short exception form under a failing test: `java.lang.AssertionError at CalcTest.java:10`."""
    assert st.failing_test is not None
    st.found.test(st.failing_test[0], st.failing_test[1], message=m["exc"])
    st.found.error(no, st.failing_test[1], file=m["file"], at=int(m["line"]), code="test", weight=7.0)
    st.failing_test = None


def _test_exception(st: _State, no: int, m: re.Match[str]) -> None:
    assert st.failing_test is not None
    st.found.mark(no, 8.0)
    st.found.test(st.failing_test[0], st.failing_test[1], message=m.group(0).strip().removeprefix("=> "))


def _test_frame(st: _State, no: int, m: re.Match[str]) -> bool:
    """The trace's first project frame places the failure; the test class's own frame (the same
    one, or one further down when the project's code under test threw) names the test's file."""
    assert st.failing_test is not None
    if m.group(1).startswith(LIBRARY_FRAMES):
        return False
    first, test_id = st.failing_test
    st.found.mark(no, 7.0)
    if not st.placed:
        st.found.error(no, test_id, file=m.group(3), at=int(m.group(4)), code="test", weight=7.0)
        st.placed = True
    test_class = test_id.rpartition(".")[0]
    if test_class and (m.group(1) == test_class or m.group(1).endswith("." + test_class)):
        st.found.test(first, test_id, file=m.group(3))
        st.failing_test = None
    return True


FLAKES_WITHIN = 300  # lines of Surefire's Flakes section read after its header


_FLAKY_TEST = Regex(r"^\[WARNING\] ([\w.$]+\.\w+)$")


_FLAKE_RUN = Regex(r"^\[(?:ERROR|INFO|WARNING)\]\s+(?:Run \d+: .*)?$")


def _flakes(st: _State, no: int, _m: re.Match[str]) -> None:
    """Surefire's Flakes section (`rerunFailingTestsCount`): each test it names failed, then passed when rerun
    (`Run 1: StockTest.syncs:23 Socket Connection reset`, `Run 2: PASS`). Its `<<< ERROR!` line and trace above are
    the failed attempt's; it is no failing test of the run (_finish leaves it out)."""
    st.found.seen = True
    st.found.mark(no, 7.0)
    for line in st.view.after(no, FLAKES_WITHIN):
        if m := _FLAKY_TEST.match(line.text):
            st.flaky.add(m[1])
            st.found.mark(line.no, 7.0)
        elif not _FLAKE_RUN.match(line.text):
            break


_SURE_FAIL = r"Time elapsed: .* " + SUREFIRE_VERDICT
# the prefix of Ant's junit task's lines (a pattern piece: jvm_ant reads them)
ANT_JUNIT = r"^\s*\[junit(?:launcher)?\] "
_RULES = LineRules[_State](
    Rule(ANT_JUNIT, taken, has=("[junit] ", "[junitlauncher] ")),  # Ant's junit task: jvm_ant.py
    Rule("", _maven_line, starts=_MAVEN_PREFIXES),
    Rule(
        r"^\[ERROR\] (?P<file>\S+\.(?:java|kt|scala|groovy)):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.+)$",
        _compiler("maven"),
        starts=_MAVEN_PREFIXES,
    ),
    Rule(
        r"^\[ERROR\] Failed to execute goal [\w.-]+:(?P<plugin>[\w.-]+):[^:\s]+:[\w.-]+ (?:\([\w.-]+\) )?"
        r"on project \S+:(?: (?P<msg>.*?))?(?: -> \[Help \d+\])?$",
        _goal_failed,
        starts=_MAVEN_PREFIXES,
    ),
    Rule(r"^\[ERROR\] Unknown lifecycle phase \"", _goal_failed, starts=_MAVEN_PREFIXES),
    Rule(r"^\[(?:INFO|ERROR)\] BUILD FAILURE$", verdict(7.0), starts=_MAVEN_PREFIXES),
    Rule(r"^\[WARNING\] Flakes: ?$", _flakes, starts=_MAVEN_PREFIXES),
    Rule(
        rf"^\[ERROR\] (?P<cls>[\w.$]+)\.(?P<method>\w+)(?: --|\s) +{_SURE_FAIL}",
        _failing("{cls}.{method}"),
        starts=_MAVEN_PREFIXES,
    ),
    Rule(
        rf"^(?:\[ERROR\] )?(?P<method>\w+)\((?P<cls>[\w.$]+)\)\s+{_SURE_FAIL}",
        _failing("{cls}.{method}"),
        starts=_MAVEN_PREFIXES,
    ),
    Rule(
        r"^\[ERROR\]\s+(?:Run \d+: )?([\w.$]+)[.#](\w+)(?::(\d+))?(?:»\w+)? (.+)$",
        _surefire_row,
        starts=_MAVEN_PREFIXES,
    ),
    # (JUnit 3's text runner puts two spaces after each comma)
    Rule(r"Tests run: (\d+), +Failures: (\d+), +Errors: (\d+)", _tests_run, has=("Tests run:",), search=True),
    Rule("", taken, has=("Tests run:",)),  # a summary the pattern does not read: nothing more here
    Rule(
        r"^(?:Loading source files for package |Constructing Javadoc information\.\.\.$|Standard Doclet version )",
        _javadoc,
        starts=("Loading source files for package ", *JAVADOC_RAN),
    ),
    Rule(r"^> Task (?P<task>(?::[\w-]+)+)", _gradle_task, starts="> Task :"),
    Rule(
        r"^\d+ (?:errors?|warnings?)$",
        _javadoc_done,
        ends=(" error", " errors", " warning", " warnings"),
        when=lambda st, _no: st.javadoc,
        continues=True,
    ),
    # javac, scalac 2 and groovyc (`FILE:LINE: error: MSG`), kotlinc (`FILE:LINE:COL: error: MSG`).
    Rule(
        # Gradle 4's plain console puts a compiler's first line right after the task's name (`:compileJava/src/...`)
        r"^(?P<task>(?::[\w-]+)+(?=/))?(?P<file>\S+\.(?P<ext>java|scala|groovy|kt|kts)):(?P<line>\d+)"
        r"(?::(?P<col>\d+))?: error: (?P<msg>.+)$",
        _by_extension,
        has=(": error: ",),
    ),
    # sbt (Zinc's reporter): `[error] FILE:LINE:COL: MSG`; its `[warn]` lines are not the failure.
    Rule(
        r"^\[error\] (?P<file>\S+\.(?P<ext>scala|java)):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$",
        _by_extension,
        starts="[error] ",
    ),
    # Scala 3 (`scalac`, or under sbt): `-- [E007] Type Mismatch Error: FILE:LINE:COL ------`.
    Rule(
        r"^(?:\[error\] )?-- (?:\[E\d+\] )?(?P<msg>[\w ]{0,60}Error): (?P<file>\S+\.(?P<ext>scala)):(?P<line>\d+):"
        r"(?P<col>\d+)(?: -*)?$",
        _by_extension,
        has=(".scala:",),
    ),
    Rule(
        r"^\[error\] \((?:[\w-]+ / )*(?:compileIncremental|test|testOnly)\) .+$|^\[error\] Failed tests:$",
        _sbt,
        starts="[error] ",
    ),
    # ScalaTest's reporter: `- NAME *** FAILED ***`, its reason below (`3 did not equal 5 (CartSpec.scala:8)`).
    Rule(r"^(?:\[info\] )?- (?P<name>.+?) \*\*\* FAILED \*\*\*$", _scalatest_failed, ends="*** FAILED ***"),
    Rule(
        r"^(?:\[info\] )?  (?P<msg>.+) \((?P<file>[\w$.-]+\.scala):(?P<line>\d+)\)$",
        _scalatest_reason,
        has=(".scala:",),
        when=_State.near_failing_test,
    ),
    Rule(
        r"^e: (?:file://)?(?P<file>\S+\.kts?)(?::(?P<line>\d+):(?P<col>\d+)|: \((?P<line2>\d+), (?P<col2>\d+)\):) "
        r"(?P<msg>.+)$",
        _compiler("kotlinc"),
        starts="e: ",
    ),
    Rule(r"^> Task \S+ FAILED$", _gradle(9.0), has=("> Task ",)),
    Rule(r"^(?::[\w.-]+)+ FAILED$", _gradle(9.0), ends=" FAILED"),  # Gradle before 5
    Rule(
        r"^(?P<total>\d+) tests? completed, (?P<failed>\d+) failed(?:, \d+ skipped)?$",
        summary(8.0),
        has=(" tests completed, ", " test completed, "),
    ),
    Rule(r"^\* What went wrong", _what_went_wrong, has=("* What went wrong",)),
    Rule(
        r"^(?:Gradle Test Executor \d+ > )?(?P<cls>[\w.$]+) > (?P<method>.+?) FAILED$",
        _failing("{cls}.{method}", gradle=True),
        ends="FAILED",
    ),
    Rule(
        r"^(?:FAILURE: Build failed with an exception\.|BUILD FAILED in .+)$",
        _gradle(8.0),
        starts=("FAILURE: Build failed", "BUILD FAILED in "),
    ),
    # JUnit 4's numbered failures: `1) method(Class)`; JUnit 3's text runner glues the exception on:
    # `1) testTotal(shop.CartTest)junit.framework.AssertionFailedError: expected:<6> but was:<5>`. Both text
    # runners announce the list first (`There was 1 failure:`, `There were 2 errors:`): a line starting with a
    # digit alone is in nearly every log, so the list's announcement is what opens this module for it.
    Rule(r"^There (?:was|were) \d+ (?:failure|error)s?:$", _numbered_list, starts="There w"),
    Rule(
        r"^\d{1,4}\) (?P<method>\w+)\((?P<cls>[\w.$]+)\)(?P<exc>(?:[a-z]\w*\.)+[A-Z][\w$]*(?:: .*)?)?$",
        _numbered,
        when=_State.in_numbered_list,
    ),
    # The JUnit Platform console launcher's "Failures (N):" list: `  JUnit Jupiter:ClassTest:method()`.
    Rule(
        # A parameterized or dynamic test's invocation follows its method: `:[1] 10`.
        r"^\s+JUnit (?:Jupiter|Vintage):(?P<cls>[\w.$]+):(?P<method>\w+)\([^()]*\)(?::(?P<inv>\[\d+\]) .*)?$",
        _failing("{cls}.{method}{inv}"),
        starts="  JUnit ",
    ),
    Rule(
        r"^\s+(?P<exc>(?:[a-z]\w*\.)+[A-Z][\w$]*) at (?P<file>[\w$-]+\.(?:java|kt|groovy|scala)):(?P<line>\d+)$",
        _test_short,
        when=_State.near_failing_test,  # ` at ` is in nearly every log: only near a failing test
    ),
    # the exception's class alone when it has no message (JUnit's `fail()`, `throw new AssertionError()`: the test's
    # own check failed, saying nothing more)
    Rule(
        r"^\s*(?:=> )?((?:[a-z]\w*\.)+[A-Z]\w*(?:Error|Exception|Failure|Failed\w*))(?:: ?(.*))?$",
        _test_exception,
        when=_State.near_failing_test,
    ),
    # Stack frames: `at pkg.Class.method(File.java:N)`, or without `at` as the console launcher prints them.
    Rule(
        r"^\s*(?:at )?(?:[\w.]+/)*([\w.$]+)\.(\w+)\((\w+\.(?:java|kt|scala|groovy)):(\d+)\)$",
        _test_frame,
        when=_State.near_failing_test,
    ),
    continued=True,  # its rules without literals wait on state only its other rules set
)


def _finish(st: _State, _view: View) -> Findings:
    found = st.found
    if st.flaky:  # passed when rerun: not the run's failing tests, nor records of their failure
        found.tests = [t for t in found.tests if t.id not in st.flaky]
        found.errors = [e for e in found.errors if not (e.code == "test" and e.message in st.flaky)]
    if st.gradle:
        found.tool = "gradle"
    elif st.scalatest or st.sbt:
        found.tool = "scalatest" if st.scalatest else "sbt"
    elif not st.maven:
        found.tool = "junit" if found.tests else "javac"
    if found.tool != "maven":
        found.errors = [e.model_copy(update={"tool": found.tool}) if e.tool == "maven" else e for e in found.errors]
    if st.compile_errors and not found.tests:
        found.category = Category.BUILD
    elif any(e.tool == "javadoc" for e in found.errors) and not found.tests:
        found.category = Category.LINT
    return found


PARSER = Parser(tool="maven", category=Category.TEST, parse=scan_with(_RULES, _State, _finish))


# javac with `-Werror` (`-Xlint:all -Werror`, Maven's `<failOnWarning>`, Gradle's `options.compilerArgs`; under Ant
# behind `[javac] `): its warnings fail the build, and the only `error:` is `error: warnings found and -Werror
# specified` below them. Each warning printed since the last such verdict is then a failure at its place; none
# are recorded without the verdict. kotlinc prints the verdict first: the verdict, and the warnings after it.
# scalac 2.11/2.12's `-Xfatal-warnings` says `error: No warnings can be incurred under -Xfatal-warnings.`
@state
class _Werror:
    found: Findings = field(default_factory=lambda: Findings(tool="javac"))
    warnings: list[tuple[int, str, int, str]] = field(default_factory=list)  # (log line, file, line, message)
    following: bool = False  # a verdict came with no warning above it (kotlinc): the warnings after it are its
    seen: set[tuple[str, int, str]] = field(default_factory=set)


def _werror_record(st: _Werror, no: int, file: str, line: int, message: str) -> None:
    if (file, line, message) not in st.seen:  # javac warns once per use: one record per place and message
        st.seen.add((file, line, message))
        st.found.error(no, message, file=file, at=line, code="werror", tool=_tool(file))


def _tool(file: str) -> str:
    return _COMPILERS.get(file.rpartition(".")[2], "javac")


def _javac_warning(st: _Werror, no: int, m: re.Match[str]) -> None:
    if st.following:
        _werror_record(st, no, m["file"], int(m["line"]), m["msg"])
    else:
        st.warnings.append((no, m["file"], int(m["line"]), m["msg"]))


def _werror(st: _Werror, no: int, _m: re.Match[str]) -> None:
    for at, file, line, message in st.warnings:
        _werror_record(st, at, file, line, message)
    if not st.warnings:
        st.found.error(no, "warnings found and -Werror specified", code="werror")
    st.following, st.warnings = not st.warnings, []


_WERROR = LineRules[_Werror](
    Rule(
        r"^(?:\s*\[javac\] )?(?P<file>\S+\.(?:java|kt|kts|scala)):(?P<line>\d+)(?::\d+)?: warning: (?P<msg>.+)$",
        _javac_warning,
        has=(": warning: ",),
        continues=True,
    ),
    Rule(
        r"^(?:\s*\[javac\] )?error: (?:warnings found and -Werror specified|"
        r"No warnings can be incurred under -Xfatal-warnings\.)$",
        _werror,
        has=("error: warnings found and -Werror specified", "error: No warnings can be incurred under -Xfatal"),
    ),
)

WERROR = Parser(tool="javac", category=Category.BUILD, parse=scan_with(_WERROR, lambda _view: _Werror()))
