"""What a build tool's own failure report says failed (TaskFailure): the kind of work and the record's
code, from Gradle's, Maven's, Ant's, Rake's and CMake's words or the failed task's or plugin's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning.runs import FLAKES_FAIL, RUN_LIMIT
from remediate.facts.meaning.tasks import NO_RAKEFILE, missing_task
from remediate.models import Category


class TaskFailure(NamedTuple):
    """What a build tool's own failure report says failed: the kind of work (tests, compilation, a
    linter or formatter, dependency rules, the build file, a task the project does not define) and
    the record's code."""

    category: Category
    code: str


# The code of a record that only a checker plugin's task name explains (Gradle's `Execution failed for task
# ':app:spotlessJavaCheck'.` over an exit status): unlike TASK_FAILED (a name the project chose), the plugin's name
# says which check failed, and the record vouches for its kind.
CHECKER_TASK = "checker-task"


# The codes of records whose category is only the name of the script or task that failed (NAMED_CODES): gulp's,
# Grunt's and Gradle's TASK_FAILED (`'lintOne' errored after`, `Task "x" failed`, `Execution failed for task
# ':lintOne'.`: the project's task name, which triage's records:task-name counts only once attested), npm's
# SCRIPT_FAILED (`Failed at the shop@1.0.0 lint script.`; parsers/taskrunners), and TASK_ROW: a row placed in a file
# that the located reader read under a task or a script named for a check (`yarn lint`, `pnpm lint`, `make lint`)
# when nothing else names the checker that printed it (its command, what the step shows it ran, its own report)
# and the row bears no checker's mark (a rule's code or name, a linter's own shape): the project's own script
# (`src/cart.js:1 trailing whitespace`) is a check by its name alone. Each says which script ran, not what went
# wrong in it (classify's votes, triage's Signal.named).
TASK_FAILED = "task-failed"
SCRIPT_FAILED = "script-failed"
TASK_ROW = "task-row"
NAMED_CODES = frozenset({TASK_FAILED, SCRIPT_FAILED, TASK_ROW})
# Of those, the records whose category is the script's name and nothing more, as the command that ran it: no vote in
# the facts' classification (a task's TASK_FAILED message may hold its plugin's own words: Grunt's).
NAME_ONLY_CODES = frozenset({SCRIPT_FAILED, TASK_ROW})


# Checkstyle's words for a configuration it could not load (8.36): a module that is no check (`cannot initialize
# module`), a file that does not parse or a property not set (`unable to parse configuration stream`), and its Gradle
# and Ant tasks' (Gradle 4.4.1, Ant 1.10: `Unable to create Root Module: config {FILE}, classpath {...}.`, the cause
# only under --stacktrace). It checked nothing: the configuration's failure (parsers/jvm_checkstyle reads them too).
CHECKSTYLE_UNLOADED = (
    r"(?:cannot initialize module|unable to parse configuration stream|Unable to create Root Module)\b"
)
CHECKER_CONFIG = Regex(rf"^{CHECKSTYLE_UNLOADED}")


# Build tools report that a task (Gradle), a plugin's goal (Maven), a target (Ant) or a task (Rake)
# failed, in their own words: (tool, what the row reads, pattern, category, code). "said" rows read
# what the tool says went wrong (Gradle's `* What went wrong:` and its causes, the reason under Ant's
# `BUILD FAILED` or `rake aborted!`, the message of Maven's `Failed to execute goal`): first match
# wins, before any "task" row, which reads the failed task's name (Gradle) or the goal's plugin
# (Maven's artifactId) when the words say nothing more. Each row is the tool's wording as it prints
# it (tests/facts/data/README.md); a failure none of them names (an `Exec` task's command, a
# `<fail message>`) has no meaning here: the tool that ran inside says why.
_TASK_FAILURES: tuple[tuple[str, Literal["said", "task"], Regex, Category, str], ...] = (
    (
        "gradle",
        "said",
        Regex(r"^(?:Task|Project) '[^']+' is ambiguous in|does not contain a Gradle build"),
        Category.CONFIG,
        "unknown-task",
    ),
    (
        "gradle",
        "said",
        Regex(
            r"^Could not resolve all (?:files|dependencies|artifacts|task dependencies) for configuration|"
            r"^Could not (?:resolve|find) [\w.-]+:[\w.-]+|^Plugin \[id: '[^']+'(?:, version: '[^']+')?\] was not found"
        ),
        Category.DEPENDENCY,
        "unresolved-dependency",
    ),
    (
        "gradle",
        "said",
        Regex(
            r"^A problem occurred (?:evaluating|configuring) (?:root )?project|^Could not compile (?:build|settings|"
            r"script|initialization script) file|^Could not find method \S+ for arguments|"
            r"^Could not (?:get|set) unknown property|^Could not find property|^Plugin with id '[^']+' not found"
        ),
        Category.CONFIG,
        "build-script",
    ),
    (
        "gradle",
        "said",
        Regex(r"^There were failing tests|^There were \d+ failing tests"),
        Category.TEST,
        "tests-failed",
    ),
    ("gradle", "said", Regex(r"^Compilation (?:failed|error)"), Category.BUILD, "compilation-failed"),
    # Checkstyle's task that could not load its configuration (a module that is no check, a file that does not parse,
    # a property not set) checked nothing: the configuration's failure, before the checker plugin's task row
    ("gradle", "said", CHECKER_CONFIG, Category.CONFIG, "checker-config"),
    (
        "gradle",
        "said",
        Regex(r"^(?:Checkstyle|PMD|FindBugs|SpotBugs|CodeNarc|JDepend) (?:rule violations were found|reported)"),
        Category.LINT,
        "rule-violations",
    ),
    ("gradle", "said", Regex(r"^The following files had format violations"), Category.FORMAT, "format-violations"),
    # the javadoc task's doclint errors (parsers/jvm.py): the documentation's, as a docs linter's
    ("gradle", "said", Regex(r"^Javadoc generation failed"), Category.LINT, "javadoc-failed"),
    ("gradle", "task", Regex(r"^(?:compile|kapt|ksp)\w*$"), Category.BUILD, TASK_FAILED),
    # A checker plugin's own task (the plugin names it, not the project; code CHECKER_TASK): its failure is the
    # check's verdict on the code, what it met on the way (a dependency, a build script) said by the rows above.
    # Format: Spotless (`spotlessCheck`, `spotlessJavaCheck`), Spring Java Format (`checkFormat`, `checkFormatMain`),
    # ktfmt (`ktfmtCheck`, `ktfmtCheckMain`), google-java-format's plugin (`verifyGoogleJavaFormat`).
    (
        "gradle",
        "task",
        Regex(r"^spotless\w*Check$|^checkFormat(?:[A-Z]\w*)?$|^ktfmtCheck\w*$|^verifyGoogleJavaFormat$"),
        Category.FORMAT,
        CHECKER_TASK,
    ),
    # Lint: Gradle's code-quality plugins by source set (`checkstyleMain`, `pmdTest`, `spotbugsMain`, `findbugsMain`),
    # ktlint-gradle (`ktlintCheck`, `ktlintMainSourceSetCheck`), detekt (`detekt`, `detektMain`), Android lint
    # (`lint`, `lintDebug`, `lintVitalRelease`: a build type ends the variant; `lintOne` is the project's), the
    # dependency-analysis plugin's advice on the build's declared dependencies (`projectHealth`, `buildHealth`), the
    # binary-compatibility validator's public API against its committed dump (`apiCheck`, `jvmApiCheck`).
    (
        "gradle",
        "task",
        Regex(
            r"^(?:checkstyle|pmd|spotbugs|findbugs|codenarc)[A-Z]\w*$|^ktlint\w*Check$|^detekt(?:[A-Z]\w*)?$|"
            r"^lint$|^lint(?:Vital)?\w*(?:Debug|Release)$|^(?:project|build)Health$|^(?:[a-z]\w*Api|api)Check$"
        ),
        Category.LINT,
        CHECKER_TASK,
    ),
    (
        "gradle",
        "task",
        Regex(r"^(?:checkstyle|pmd|findbugs|spotbugs|codenarc|ktlint|detekt|lint)\w*$|^\w*javadoc$", re.IGNORECASE),
        Category.LINT,
        TASK_FAILED,
    ),
    (
        "gradle",
        "task",
        Regex(r"^ktlintFormatCheck$|^\w*[Ff]ormat\w*Check$"),
        Category.FORMAT,
        TASK_FAILED,
    ),
    ("gradle", "task", Regex(r"^(?:\w*[Tt]est\w*|check)$"), Category.TEST, TASK_FAILED),
    # Maven: a plugin (or its own dependencies) Maven could not resolve is said before the plugin's kind
    (
        "maven",
        "said",
        Regex(
            r"could not be resolved|Could not resolve dependencies|Could not find artifact|"
            r"has not been downloaded from it before|Failed to read artifact descriptor"
        ),
        Category.DEPENDENCY,
        "unresolved-dependency",
    ),
    # the enforcer's rules about the JDK or Maven running the build: the CI's toolchain, not a dependency
    ("maven", "said", Regex(r"Require(?:Java|Maven)Version failed|\bRequireOS\b"), Category.CONFIG, "toolchain-rule"),
    # the whole run's time limit, or tests that passed only when rerun: the run's, not a test's failure
    ("maven", "said", RUN_LIMIT, Category.INFRA, "run-timeout"),
    ("maven", "said", FLAKES_FAIL, Category.INFRA, "tests-flaky"),
    ("maven", "said", Regex(r"There are test failures"), Category.TEST, "tests-failed"),
    ("maven", "said", Regex(r"^Compilation failure"), Category.BUILD, "compilation-failed"),
    ("maven", "task", Regex(r"^maven-(?:surefire|failsafe)-plugin$"), Category.TEST, "tests-failed"),
    (
        "maven",
        "task",
        Regex(r"^maven-compiler-plugin$|^(?:scala|kotlin)-maven-plugin$"),
        Category.BUILD,
        "compilation-failed",
    ),
    (
        "maven",
        "task",
        Regex(r"^(?:maven-checkstyle|maven-pmd|spotbugs-maven|findbugs-maven)-plugin$"),
        Category.LINT,
        "rule-violations",
    ),
    (
        "maven",
        "task",
        Regex(r"^(?:spotless-maven|fmt-maven|prettier-maven)-plugin$"),
        Category.FORMAT,
        "format-violations",
    ),
    ("maven", "task", Regex(r"^maven-(?:enforcer|dependency)-plugin$"), Category.DEPENDENCY, "dependency-rules"),
    ("ant", "said", Regex(r"^Compile failed"), Category.BUILD, "compilation-failed"),
    ("ant", "said", CHECKER_CONFIG, Category.CONFIG, "checker-config"),
    ("ant", "said", Regex(r"^Test \S+ failed"), Category.TEST, "tests-failed"),
    (
        "ant",
        "said",
        Regex(r"^Problem: failed to create task or type|^Cannot find \S+ imported from|^Unexpected element "),
        Category.CONFIG,
        "build-file",
    ),
    ("rake", "said", Regex(NO_RAKEFILE), Category.CONFIG, "no-rakefile"),
    # a CMake script (`cmake -P`, a custom target's test driver) stopping because the tests it ran failed
    # (`functional tests failed with error: 1`): the run's verdict on its tests, whose own report is above it.
    # Not a test program that failed to build or link (`failed to build test_x`): that is the build's.
    (
        "cmake",
        "said",
        Regex(r"(?i)^(?!.*\b(?:build|compil|link)).*?\btests?(?:\(s\))? (?:\w+ )?fail(?:ed|ures?)\b"),
        Category.TEST,
        "tests-failed",
    ),
)


def task_failure(tool: str, said: Sequence[str] = (), task: str | None = None) -> TaskFailure | None:
    """What a build tool's failure report means: a task the CI asked for that the project does not
    define (`missing_task`, whichever tool), else the first of the tool's rows the words it said
    (`said`: its message, then its causes) match, else the row the failed task's or plugin's name
    (`task`) matches; None when the tool does not say."""
    if any(missing_task(line) for line in said):
        return TaskFailure(Category.CONFIG, "unknown-task")
    rows = [row for row in _TASK_FAILURES if row[0] == tool]
    for _, reads, pattern, category, code in rows:
        if reads == "said" and any(pattern.search(line) for line in said):
            return TaskFailure(category, code)
    for _, reads, pattern, category, code in rows:
        if reads == "task" and task and pattern.search(task):
            return TaskFailure(category, code)
    return None
