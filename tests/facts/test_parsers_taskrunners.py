"""gulp's and Grunt's verdicts on their real output made here (tests/facts/data/README.md says how):
the task that failed, what kind of work it is by its plugin's or its own name, a task the project
does not define; and grunt-contrib-jshint's own report of JSHint's findings."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers.taskrunners import task_kind
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.confidence import TASK_NAME
from tests.facts import framing
from tests.facts.samples import DATA, facts


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("lint", Category.LINT),
        ("lintOne", Category.LINT),
        ("lint:js", Category.LINT),
        ("gulp-eslint", Category.LINT),
        ("jshint:all", Category.LINT),
        ("grunt-contrib-jshint", Category.LINT),
        ("runTestsParallel", Category.TEST),
        ("runtests-parallel", Category.TEST),
        ("mochaTest:unit", Category.TEST),
        ("karma", Category.TEST),
        ("test", Category.TEST),
        ("webpack", Category.BUILD),
        ("gulp-sass", Category.BUILD),
        # a name that says two kinds, or none, says nothing
        ("lint-test", Category.UNKNOWN),
        ("build", Category.UNKNOWN),
        ("default", Category.UNKNOWN),
        ("exec:browserstack", Category.UNKNOWN),
        ("postTest", Category.TEST),
        ("latest", Category.UNKNOWN),
    ],
)
def test_a_task_name_gives_a_kind_only_when_its_words_name_one(name: str, kind: Category) -> None:
    assert task_kind(name) is kind


@pytest.mark.parametrize(
    ("sample", "task", "detail"),
    [
        ("gulp3_eslint.txt", "'lint' errored", "Failed with 7 errors"),
        ("gulp3_jshint_stylish.txt", "'jshint' errored", "JSHint failed for: src/app.js, src/util.js"),
        ("color/gulp4_series_plain.txt", "'lint' errored", "Failed with 6 errors"),
        ("color/gulp4_series_color.txt", "'lint' errored", "Failed with 6 errors"),
    ],
)
def test_gulp_records_the_task_that_failed_with_its_plugins_message(sample: str, task: str, detail: str) -> None:
    """The first `errored after` of a run is the task that failed (gulp 4's series then reports the
    `build` that ran it: not a second failure); its plugin (gulp-eslint, gulp-jshint) says it is a
    lint task, and the message gulp printed under it is kept."""
    f = facts(sample)
    gulp = [e for e in f.errors if e.tool == "gulp"]
    assert len(gulp) == 1, gulp
    assert gulp[0].message.startswith(task) and gulp[0].message.endswith(detail)
    assert (gulp[0].code, gulp[0].category) == ("task-failed", Category.LINT)
    assert f.category is Category.LINT


def test_gulp_reads_the_findings_of_the_linter_it_ran() -> None:
    """jshint-stylish under gulp-jshint: each finding with its file, line and column."""
    f = facts("gulp3_jshint_stylish.txt")
    rows = [(e.file, e.line, e.column, e.also_at) for e in f.errors if e.tool == "jshint"]
    assert rows == [
        ("src/app.js", 3, 15, []),
        ("src/app.js", 5, 22, []),
        ("src/app.js", 1, 5, []),
        ("src/util.js", 1, 10, ["src/util.js:2"]),  # the same message again in the file: grouped
        ("src/util.js", 2, 9, []),
    ]


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("gulp3_no_task.txt", "Task 'nosuch' is not in your gulpfile"),
        ("gulp4_no_task.txt", "Task never defined: nosuch"),
        ("grunt_no_task.txt", 'Task "tests" not found.'),
    ],
)
def test_a_task_the_project_does_not_define_is_the_ci_configuration(sample: str, message: str) -> None:
    f = facts(sample)
    assert [(e.message, e.code, e.category) for e in f.errors] == [(message, "unknown-task", Category.CONFIG)]
    assert f.category is Category.CONFIG


@pytest.mark.parametrize("sample", ["color/grunt_jshint_plain.txt", "color/grunt_jshint_color.txt"])
def test_grunt_contrib_jshint_findings_and_the_failed_task(sample: str) -> None:
    """Each finding at the source line above its caret, the column where the caret stands; then
    Grunt's `Warning: Task "jshint:all" failed.`, a lint task by its plugin (`(jshint)`)."""
    f = facts(sample)
    rows = [(e.file, e.line, e.column, e.message, e.also_at) for e in f.errors if e.tool == "jshint"]
    assert rows == [
        ("src/app.js", 3, 15, "Missing semicolon.", []),
        ("src/app.js", 5, 22, "'undefinedThing' is not defined.", []),
        ("src/app.js", 1, 5, "'unused' is defined but never used.", []),
        ("src/util.js", 1, 10, "Missing semicolon.", ["src/util.js:2"]),  # 2:33 grouped with it
        ("src/util.js", 2, 9, "Expected '===' and instead saw '=='.", []),
    ]
    grunt = [(e.message, e.code, e.category) for e in f.errors if e.tool == "grunt"]
    assert grunt == [('Task "jshint:all" failed.', "task-failed", Category.LINT)]
    assert f.category is Category.LINT
    assert "Aborted due to warnings." in f.excerpt


def test_grunt_names_the_failed_task_by_its_plugin() -> None:
    f = facts("grunt_eslint.txt")
    grunt = [(e.message, e.category) for e in f.errors if e.tool == "grunt"]
    assert grunt == [('Task "eslint:target" failed.', Category.LINT)]


def test_a_task_grunt_forced_past_failed_nothing() -> None:
    """`--force`: `Used --force, continuing.` (and `Done, but with warnings.`): that task's findings
    failed nothing; a later run's failed task is the failure."""
    forced = (DATA / "grunt_jshint_force.txt").read_bytes()
    failed = (DATA / "color/grunt_jshint_plain.txt").read_bytes()
    assert not extract_facts(forced).errors
    f = extract_facts(forced + failed)
    first = forced.count(b"\n")
    assert [(e.tool, e.file, e.line) for e in f.errors if e.log_line and e.log_line > first] == [
        (e.tool, e.file, e.line) for e in f.errors
    ]
    assert [e.tool for e in f.errors].count("jshint") == 5 and f.category is Category.LINT


def test_npm_names_the_script_that_failed_and_only_lint_s_name_gives_a_kind() -> None:
    """npm 6: `Failed at the shop@1.0.0 lint script.` - a project's own lint script (output no
    parser reads) is a lint failure by its name; under ESLint's rows the record agrees with them.
    `npm test` prints `Test failed.` instead, and a test script may run anything: no record."""
    custom = facts("npm6_custom_lint.txt")
    assert [(e.tool, e.message, e.code, e.category) for e in custom.errors] == [
        ("npm", "Failed at the shop@1.0.0 lint script.", "script-failed", Category.LINT)
    ]
    assert custom.category is Category.LINT
    eslint = facts("npm6_run_eslint.txt")
    assert [e.category for e in eslint.errors if e.tool == "npm"] == [Category.LINT]
    assert not [e for e in facts("npm6_custom_test.txt").errors if e.tool == "npm"]


@pytest.mark.parametrize("framed", [False, True])
def test_a_script_s_name_alone_weighs_as_the_command_that_ran_it(framed: bool) -> None:
    # npm 6's `Failed at the shop@1.0.0 lint script.` over output no parser reads names the script that ran, as
    # `npm run lint` does: the project's word, no tool's finding. It casts no parsed record's vote in the facts' class
    # (keywords alone: was lint 0.95 on the record) and its signal is a task's name (records:task-name), which counts
    # only once attested: not decided (was lint, decided at 0.88, on the script's name alone)
    text = (DATA / "npm6_custom_lint.txt").read_text()
    f = extract_facts(framing.github_actions("npm run lint", text)) if framed else facts("npm6_custom_lint.txt")
    assert f.category is Category.LINT and f.category_basis == "keywords", (f.category, f.category_basis)
    verdict = rule_verdict(f)
    assert not verdict.decided, verdict.reason
    assert [s.name for s in verdict.signals if s.kind == "records"] == [TASK_NAME], verdict.signals
    # beside ESLint's own rows, ESLint's records decide as before
    eslint = rule_verdict(facts("npm6_run_eslint.txt"))
    assert eslint.category is Category.LINT and eslint.decided, eslint.reason


@pytest.mark.parametrize(
    ("sample", "tool", "place"),
    [
        ("grunt_less_parse.txt", "less", ("less/buttons.less", 3, 3)),
        ("grunt_coffee_compile.txt", "coffee", ("coffee/square.coffee", 3, 1)),
        # gulp 4: gulp-less's `Message:` line, gulp-coffee's compiler line behind gulp's timestamp
        ("gulp4_less.txt", "less", ("less/buttons.less", 3, None)),
        ("gulp4_coffee.txt", "coffee", ("coffee/square.coffee", 3, 1)),
    ],
)
def test_a_plugins_report_behind_grunts_marks_is_read_as_its_tools(
    sample: str, tool: str, place: tuple[str, int, int | None]
) -> None:
    """grunt-contrib-less 1.x (less 1.7.5 inside) and grunt-contrib-coffee 2 report the compiler's error
    through grunt.log.error, each line behind `>> `: less's and CoffeeScript's parsers read it as the
    compiler's own, so the failed task has its cause."""
    f = facts(sample)
    assert f.category is Category.BUILD
    assert [(e.file, e.line, e.column) for e in f.errors if e.tool == tool] == [place]
    # bandit's `>> Issue: [B101:assert_used]` rows, in a log with no grunt task, keep their mark
    assert facts("bandit.txt").errors and "bandit" in facts("bandit.txt").tools


def test_a_grunt_warning_over_several_lines_is_one_failed_task() -> None:
    """grunt-contrib-uglify 4 puts the parser's message and place between `Warning: Uglification failed.`
    and ` Use --force to continue.`: one record of the build task, its lines joined."""
    f = facts("grunt_uglify_parse.txt")
    assert f.category is Category.BUILD
    assert [(e.tool, e.code, e.message) for e in f.errors] == [
        ("grunt", "task-failed", "Uglification failed. Name expected. Line 4 in js/cart.js")
    ]
