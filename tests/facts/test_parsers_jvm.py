"""JVM build and check tools on their real output made here (tests/facts/data/README.md says how):
Gradle's own failure block and what it means, Ant's, Checkstyle's plain report; each also wrapped in a
GitHub Actions and a GitLab log, where it gives the same records with repository paths and the
triage rules see the tool."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers.jvm_gradle import what_went_wrong
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import CIS, DATA, facts, framed_test
from tests.facts.test_excerpt_blocks import view_of

WORKSPACE = "/home/runner/work/jvmapp/jvmapp/"
# (sample, the command a CI runs, the workspace its paths are under, a record's repo path, its category)
FRAMED = [
    ("gradle_test.txt", "./gradlew test", WORKSPACE, "CalcTest.java", Category.TEST),
    (
        "gradle_continue_check.txt",
        "./gradlew --continue checkstyleMain",
        WORKSPACE,
        "src/main/java/calc/Calc.java",
        Category.LINT,
    ),
    (
        "checkstyle_plain.txt",
        "checkstyle -c checks.xml src",
        WORKSPACE,
        "src/test/java/calc/CalcTest.java",
        Category.LINT,
    ),
]


test_each_tool_reads_the_same_inside_a_ci_log = framed_test(FRAMED)


@pytest.mark.parametrize("ci", sorted(CIS))
@pytest.mark.parametrize("sample", ["gradle_compile.txt", "gradle_build_script.txt"])
def test_a_build_or_its_script_failing_reads_the_same_inside_a_ci_log(ci: str, sample: str) -> None:
    """No command says what `./gradlew build` checks: the records alone do, with repository paths."""
    wrap, root = CIS[ci]
    output = (DATA / sample).read_text().replace(WORKSPACE, root)
    f, bare = extract_facts(wrap("./gradlew build", output)), facts(sample)
    assert [(e.tool, e.file, e.line, e.code, e.category) for e in f.errors] == [
        (e.tool, e.file, e.line, e.code, e.category) for e in bare.errors
    ]
    assert f.category is bare.category and rule_verdict(f, "./gradlew build").category is bare.category
    assert {e.file for e in f.errors} <= {"src/main/java/calc/Calc.java", "build.gradle", None}


# ------------------------------------------------------------------ Gradle


@pytest.mark.parametrize(
    ("sample", "category", "code", "says"),
    [
        ("gradle_test.txt", Category.TEST, "tests-failed", "> There were failing tests."),
        ("gradle_compile.txt", Category.BUILD, "compilation-failed", "> Compilation failed;"),
        ("gradle_no_task.txt", Category.CONFIG, "unknown-task", "Task 'lint' not found in root project 'gapp'."),
        ("gradle_build_script.txt", Category.CONFIG, "build-script", "> Could not find method testImplemntation()"),
        ("gradle_dependency_not_found.txt", Category.DEPENDENCY, "unresolved-dependency", "guava:33.9.1-jre."),
        ("gradle_repository_unreachable.txt", Category.INFRA, "repository-unreachable", "Name or service not known"),
    ],
)
def test_what_went_wrong_says_the_kind_of_gradle_failure(sample: str, category: Category, code: str, says: str) -> None:
    """One record for the block, its message the first line and each `> ` cause, its category from
    what Gradle says (a repository it could not reach is the network's, not the dependency's)."""
    f = facts(sample)
    [record] = [e for e in f.errors if e.tool == "gradle" and e.code != "test"]
    assert (record.category, record.code) == (category, code) and says in record.message
    assert f.category is category


def test_a_build_script_error_is_placed_at_the_scripts_line() -> None:
    record = facts("gradle_build_script.txt").errors[0]
    assert (record.file, record.line) == ("build.gradle", 6)


def test_gradle_tests_in_the_short_exception_form_name_the_exception_and_the_place() -> None:
    f = facts("gradle_test.txt")
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("calc.CalcTest.addsTwoNumbers", "java.lang.AssertionError"),
        ("calc.CalcTest.dividesByZero", "java.lang.ArithmeticException"),
    ]
    assert [(e.file, e.line) for e in f.errors if e.code == "test"] == [("CalcTest.java", 10), ("CalcTest.java", 15)]
    assert "3 tests completed, 2 failed" in f.excerpt


def test_a_compiler_error_printed_right_after_the_task_name_keeps_its_path() -> None:
    """Gradle 4's plain console writes `:compileJava/home/.../Calc.java:5: error: ...` on one line."""
    [javac] = [e for e in facts("gradle_compile.txt").errors if e.tool == "javac"]
    assert (javac.file, javac.line, javac.message) == ("src/main/java/calc/Calc.java", 5, "cannot find symbol")


def test_every_failure_of_a_continued_build_is_read() -> None:
    f = facts("gradle_continue_check.txt")
    blocks = [(e.code, e.category) for e in f.errors if e.tool == "gradle" and e.code != "test"]
    assert blocks == [
        ("rule-violations", Category.LINT),
        ("rule-violations", Category.LINT),
        ("tests-failed", Category.TEST),
    ]
    assert {e.code for e in f.errors if e.tool == "checkstyle"} == {
        "MissingJavadocMethod",
        "FinalParameters",
        "MagicNumber",
    }
    assert len(f.failing_tests) == 2


@pytest.mark.parametrize(
    ("what", "category"),
    [
        (
            ["Execution failed for task ':app:compileDebugKotlin'.", "> Compilation error. See log for more details"],
            Category.BUILD,
        ),
        (["Execution failed for task ':lib:checkstyleMain'."], Category.LINT),
        (
            ["Execution failed for task ':spotlessJavaCheck'.", "> The following files had format violations:"],
            Category.FORMAT,
        ),
        (["Execution failed for task ':core:integrationTest'."], Category.TEST),
        (
            ["Plugin [id: 'org.example.nope', version: '1.0'] was not found in any of the following sources:"],
            Category.DEPENDENCY,
        ),
        (
            [
                "Could not resolve all files for configuration ':app:runtimeClasspath'.",
                "   > Received status code 502 from server: Bad Gateway",
            ],
            Category.INFRA,
        ),
    ],
)
def test_a_tasks_name_or_cause_says_what_kind_of_work_failed(what: list[str], category: Category) -> None:
    """Forms of newer Gradle versions and plugins, as their messages read (the blocks are built here
    from those messages: only Gradle 4.4 runs on this machine)."""
    failure = what_went_wrong(view_of("\n".join(["* What went wrong:", *what, "", "* Try:"])), 1)
    assert failure is not None and failure.category is category


def test_a_failure_gradle_does_not_explain_is_shown_not_recorded() -> None:
    """An Exec task's command exiting non-zero: the tool it ran says why (its own parser reads it)."""
    text = (
        "FAILURE: Build failed with an exception.\n\n* What went wrong:\nExecution failed for task ':generate'.\n"
        "> Process 'command 'node'' finished with non-zero exit value 1\n\n* Try:\nRun with --stacktrace\n\n"
        "BUILD FAILED in 2s\n"
    )
    f = extract_facts(text.encode())
    assert f.tools == ["gradle"] and not f.errors
    assert "finished with non-zero exit value 1" in f.excerpt


# ------------------------------------------------------------------ Checkstyle


def test_checkstyle_errors_are_lint_records_with_their_check() -> None:
    f = facts("checkstyle_plain.txt")
    assert f.category is Category.LINT and f.tools == ["checkstyle"]
    first = f.errors[0]
    assert (first.file, first.line, first.column, first.code, first.message) == (
        "src/main/java/calc/Calc.java",
        4,
        5,
        "MissingJavadocMethod",
        "Missing a Javadoc comment.",
    )
    assert "Checkstyle ends with 10 errors." in f.excerpt


def test_checkstyle_warnings_fail_nothing() -> None:
    f = facts("checkstyle_warn.txt")
    assert f.tools == ["checkstyle"] and not f.errors and f.category is Category.UNKNOWN


# ------------------------------------------------------------------ Ant


def test_ants_junit_task_names_each_failed_case_its_exception_and_its_frame() -> None:
    f = facts("ant_junit.txt")
    assert f.category is Category.TEST and f.tools == ["ant"]
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("calc.CalcTest.addsTwoNumbers", "junit.framework.AssertionFailedError: expected:<5> but was:<4>"),
        ("calc.CalcTest.dividesByZero", "java.lang.ArithmeticException: / by zero"),
    ]
    assert [(e.file, e.line, e.code) for e in f.errors] == [
        ("CalcTest.java", 10, "test"),
        ("Calc.java", 9, "test"),
        ("build.xml", 17, "tests-failed"),
    ]


@pytest.mark.parametrize(
    ("sample", "category", "code"),
    [
        ("ant_no_target.txt", Category.CONFIG, "unknown-task"),
        ("ant_javac.txt", Category.BUILD, "compilation-failed"),
    ],
)
def test_ants_build_failed_reason_says_the_kind_of_failure(sample: str, category: Category, code: str) -> None:
    f = facts(sample)
    [record] = [e for e in f.errors if e.tool == "ant"]
    assert (record.category, record.code) == (category, code) and f.category is category


def test_javac_behind_ants_task_prefix_is_a_build_record() -> None:
    [javac] = [e for e in facts("ant_javac.txt").errors if e.tool == "javac"]
    assert (javac.file, javac.line, javac.message) == ("src/calc/Calc.java", 5, "cannot find symbol")


def test_a_message_the_build_file_wrote_itself_is_only_shown() -> None:
    """`<fail message="Some tests failed">` says nothing Ant knows: the junit task's summary line names
    the failed suite."""
    f = facts("ant_junit_summary.txt")
    assert [t.id for t in f.failing_tests] == ["calc.CalcTest"] and not f.errors
    assert "build.xml:24: Some tests failed" in f.excerpt


@pytest.mark.parametrize(
    ("name", "tests", "files"),
    [
        (
            "testng6_verbose2.txt",
            ["shop.CartTest.averageOfEmpty", "shop.CartTest.totalAddsPrices"],
            ["CartTest.java", "CartTest.java"],
        ),
        ("ant_testng.txt", ["averageOfEmpty", "totalAddsPrices"], [None, None]),  # Ant's task shows no stack
    ],
)
def test_testng_failed_methods_with_their_exception(name: str, tests: list[str], files: list[str | None]) -> None:
    """TestNG's `FAILED: method` with its exception below; the method's class and file from its own
    frame when the stack is shown, the error placed at the first frame of the project's."""
    f = facts(name)
    assert "testng" in f.tools and f.category is Category.TEST
    assert [t.id for t in f.failing_tests] == tests and [t.file for t in f.failing_tests] == files
    assert [t.message for t in f.failing_tests] == [
        "java.lang.ArithmeticException: / by zero",
        "java.lang.AssertionError: expected [6] but found [5]",
    ]
    verdict = rule_verdict(f, "ant test")
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason


def test_ninja_s_failed_target_is_no_testng_method() -> None:
    log = b"[2/3] Building C object x.o\nFAILED: cart\n/usr/bin/cc -o cart cart.o\nninja: build stopped\n"
    assert "testng" not in extract_facts(log).tools


def test_junit3_text_runner_glues_the_exception_to_the_test() -> None:
    """JUnit 3.8's `junit.textui.TestRunner`: `1) testX(Class)Exception: message`, and its count
    with two spaces after each comma."""
    f = facts("junit3_textui.txt")
    assert [(t.id, t.message) for t in f.failing_tests] == [
        ("shop.CartTest.testAverageOfEmpty", "java.lang.ArithmeticException: / by zero"),
        ("shop.CartTest.testTotalAddsPrices", "junit.framework.AssertionFailedError: expected:<6> but was:<5>"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("Cart.java", 4), ("CartTest.java", 4)]
    assert rule_verdict(f, "java junit.textui.TestRunner shop.CartTest").decided


def test_javac_werror_makes_each_warning_above_its_verdict_a_build_error() -> None:
    """`javac -Xlint:all -Werror`: the warnings fail the build, the only `error:` is `error: warnings found and
    -Werror specified` (it gave no signal before); one record per place and message (javac repeats a raw type)."""
    f = facts("javac17_werror.txt")
    assert [(e.tool, e.file, e.line, e.code) for e in f.errors] == [
        ("javac", "src/com/acme/Cart.java", 4, "werror"),
        ("javac", "src/com/acme/Cart.java", 4, "werror"),
        ("javac", "src/com/acme/Cart.java", 4, "werror"),
        ("javac", "src/com/acme/Cart.java", 6, "werror"),
    ]
    assert f.errors[3].message == "[deprecation] Date(int,int,int) in Date has been deprecated"
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    without = extract_facts(
        (DATA / "javac17_werror.txt").read_text().replace("error: warnings found", "note: x").encode()
    )
    assert without.errors == []  # warnings alone fail nothing


def test_werror_under_ant_and_kotlinc() -> None:
    """Ant prints javac's lines behind `[javac] ` (its own `Compile failed` record stays); kotlinc prints the
    verdict first and its warnings after it: the verdict and each warning are records."""
    ant = facts("ant_javac_werror.txt")
    assert [(e.tool, e.line) for e in ant.errors if e.code == "werror"] == [("javac", 4)] * 3 + [("javac", 6)]
    assert any(e.tool == "ant" for e in ant.errors)
    kotlin = facts("kotlinc_werror.txt")
    assert [(e.file, e.line, e.message) for e in kotlin.errors] == [
        (None, None, "warnings found and -Werror specified"),
        ("W.kt", 1, "variable 'unused' is never used"),
    ]
    for f in (ant, kotlin):
        verdict = rule_verdict(f)
        assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


def test_scalac_fatal_warnings_makes_each_warning_a_build_error() -> None:
    """scalac 2.11's `-Xfatal-warnings`: `error: No warnings can be incurred under -Xfatal-warnings.` under them."""
    f = facts("scalac211_fatal_warnings.txt")
    assert [(e.tool, e.file, e.line, e.message) for e in f.errors] == [
        ("scalac", "Cart.scala", 2, "match may not be exhaustive."),
        ("scalac", "Cart.scala", 4, "method old in object Cart is deprecated: old"),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason


@pytest.mark.parametrize(
    ("sample", "said"),
    [
        ("checkstyle836_config_unknown_module.txt", "cannot initialize module TreeWalker - cannot initialize module"),
        ("checkstyle836_config_unparsable.txt", "unable to parse configuration stream - Document root element"),
        ("checkstyle836_config_property_unset.txt", "unable to parse configuration stream"),
    ],
)
@pytest.mark.parametrize("command", ["checkstyle -c config/checkstyle.xml src/Cart.java", "./ci/check.sh"])
def test_checkstyle_s_own_configuration_failing_is_config_and_no_lint_finding(
    sample: str, said: str, command: str
) -> None:
    """Its configuration did not load: it checked nothing, and its `Checkstyle ends with 1 errors.` counts that, no
    finding. Decided lint before round 46 (its summary a lint failure's); abstained in round 46 (the linter's command
    against the config record); its own words are a linter refusing its configuration (patterns' runner-config), so
    the command that names the linter weighs less and config decides."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text(), 254))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [("checkstyle", "config", Category.CONFIG)]
    assert f.errors[0].message.startswith(said)
    assert not [s for s in f.summaries if s.category is Category.LINT]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.CONFIG, True), verdict.reason


@pytest.mark.parametrize(
    ("sample", "command", "tool"),
    [
        ("gradle441_checkstyle_config_unknown_module.txt", "./gradlew check", "gradle"),
        ("ant110_checkstyle_config_unknown_module.txt", "ant checkstyle", "ant"),
    ],
)
def test_checkstyle_s_configuration_failing_under_its_build_tool_task_is_config(
    sample: str, command: str, tool: str
) -> None:
    """Gradle's checkstyle task and Ant's say only `Unable to create Root Module: config {...}` (the cause under
    --stacktrace): the configuration did not load, not a finding. Gradle's was read by the task's name
    (`:checkstyleMain`) as a lint record and decided lint before."""
    f = extract_facts(framing.github_actions(command, (DATA / sample).read_text()))
    assert [(e.tool, e.code, e.category) for e in f.errors] == [(tool, "checker-config", Category.CONFIG)]
    verdict = rule_verdict(f)
    assert (verdict.category, verdict.decided) == (Category.CONFIG, True), verdict.reason
