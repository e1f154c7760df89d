"""The check a task runner's task or a project's script is named for (facts/tasks.py), and the findings located
reads under it when no tool is known (real runs: tests/facts/data/README.md, the wrapper_make_* and
wrapper_script_* rows)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkers import checker_of
from remediate.facts.extract import modules_reading
from remediate.facts.tasks import check_task, installing_task, named_test_task
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


@pytest.mark.parametrize(
    ("part", "task", "kind"),
    [
        ("make lint", "lint", Category.LINT),
        ("npx gulp lint --no-color", "lint", Category.LINT),
        ("invoke lint", "lint", Category.LINT),
        ("npm run lint:js", "lint:js", Category.LINT),
        ("lerna run lint --stream", "lint", Category.LINT),
        ("python -m nox -s lint", "lint", Category.LINT),
        ("tox -e flake8", "flake8", Category.LINT),  # a tool's name as the session's
        ("composer cs", "cs", Category.LINT),
        ("make -C docs/ lint", "lint", Category.LINT),  # a folder is no task
        ("make -C build lint", "lint", Category.LINT),  # -C's value is a folder, whatever its name
        ("script/lint", "lint", Category.LINT),
        ("./scripts/check-format.sh", "check-format", Category.FORMAT),
        ("just fmt-check", "fmt-check", Category.FORMAT),
        ("npm run typecheck", "typecheck", Category.TYPE),
        ("turbo run type-check", "type-check", Category.TYPE),
        # a script started by its interpreter, its options aside: the script's name, as `./ci/lint.sh`'s
        ("bash ci/lint.sh", "lint", Category.LINT),
        ("bash -eo pipefail ci/lint.sh", "lint", Category.LINT),
        ("bash -o pipefail ./ci/lint.sh", "lint", Category.LINT),  # -o's value is no script
        ("sh -e ./scripts/check-format.sh", "check-format", Category.FORMAT),
        ("node scripts/lint.js", "lint", Category.LINT),
        ("node --max-old-space-size=4096 scripts/lint.js", "lint", Category.LINT),
        ("python3 -u tools/check_format.py", "check_format", Category.FORMAT),
        ("ruby -Ilib script/lint.rb", "lint", Category.LINT),
        ("perl lint.pl", "lint", Category.LINT),  # a bare file: the interpreter's first word is its script
        ("FOO=1 /usr/bin/env bash ci/typecheck.sh", "typecheck", Category.TYPE),
        # the part's program found as every rule's match finds it (commands.program_at): past sudo, time, a loop's
        # keyword
        ("sudo make lint", "lint", Category.LINT),
        ("time make typecheck", "typecheck", Category.TYPE),
        ("do make -C $d fmt-check", "fmt-check", Category.FORMAT),
    ],
)
def test_a_task_named_for_a_check(part: str, task: str, kind: Category) -> None:
    assert check_task(part) == (task, kind)


@pytest.mark.parametrize(
    "part",
    [
        "make",
        "make test",
        "npm test",
        "tox -e py311",
        "make -C docs html",
        "gulp build lint",  # the build may be what failed
        "./configure",
        "bin/rails test",
        "eslint src",  # a tool, not a task (commands.py names it)
        "bash ci/run.sh",  # a script whose name says no kind
        "bash -c 'script/lint && script/test'",  # -c's quoted command line is no script's name
        "node -e 'require(\"./lint\")'",  # code, no script
        "perl -e 'lint()'",
        "python -m lint",  # a module, not a script file
        "python setup.py lint",  # setup.py's command is no script's name
    ],
)
def test_no_check_named(part: str) -> None:
    assert check_task(part) is None


def test_a_task_name_is_read_only_where_no_tool_is_known() -> None:
    assert checker_of("make lint", None) == ("make lint", Category.LINT)
    assert checker_of("tox -e lint", None) == ("tox -e lint", Category.LINT)  # tox's report unread
    assert checker_of("npm run lint", "gulp lint") == ("npm run lint", Category.LINT)  # gulp: no tool the rules know
    # what the wrapper ran names tools, of two kinds: either may be what failed
    assert checker_of("npm run lint", "tsc --noEmit && eslint .") is None
    assert checker_of("nox -s lint", "pytest tests") is None
    assert checker_of("script/lint && script/build --release", None) is None
    assert checker_of("make test", None) is None


@pytest.mark.parametrize(
    ("part", "kind"),
    [
        ("make fmt-check-ruff", None),  # ruff's formatter or its linter: the name does not say which
        ("make ruff-format", None),
        ("make lint-mypy", None),  # a type checker under a lint name
        ("make lint-ruff", Category.LINT),  # the words and the tool agree
        ("make typecheck-mypy", Category.TYPE),
        ("make check-ruff", Category.LINT),  # `check` says no kind: the tool's
    ],
)
def test_a_tool_named_in_a_task_says_its_kind_unless_the_words_say_another(part: str, kind: Category | None) -> None:
    found = check_task(part)
    assert (found[1] if found else None) is kind


def test_a_formatter_s_report_under_a_name_naming_its_tool_and_format_is_not_decided_lint() -> None:
    # ruff's formatter's rows under `make fmt-check-ruff`, behind an install's chatter, ruff's parser left out:
    # the task's name said ruff, its linter's kind, and the rules decided lint (samples proxy, noisy variant)
    noise = "\n".join(
        (DATA / "noise" / name).read_text()
        for name in ("setup_py_install_passed.txt", "npm6_install_peer_warnings.txt")
    )
    sample = (DATA / "make43_ruff017_format_check_silent.txt").read_text()
    log = framing.travis("make fmt-check-ruff", noise + "\n" + sample)
    verdict = rule_verdict(extract_facts(log, leave_out=frozenset({"ruff"})))
    assert not (verdict.decided and verdict.category is Category.LINT)


def _travis(command: str, sample: str) -> Facts:
    """The sample as the failing step of a Travis job, its own parser modules left out (a tool no parser knows)."""
    log = framing.travis(command, (DATA / sample).read_text())
    return extract_facts(log, leave_out=modules_reading(log))


@pytest.mark.parametrize(
    ("command", "sample", "kind", "file", "tool"),
    [
        # make echoes the recipe line it ran: its tool names the findings (checkers.echoed_checker)
        ("make typecheck", "wrapper_make_typecheck_mypy.txt", Category.TYPE, "pkg/cart.py", "mypy"),
        ("make format-check", "wrapper_make_format_check_ruff.txt", Category.FORMAT, "pkg/cart.py", "ruff format"),
        ("./scripts/lint.sh", "wrapper_script_lint_perlcritic.txt", Category.LINT, None, "./scripts/lint.sh"),
        ("make lint", "wrapper_make_lint_shellcheck_gcc.txt", Category.LINT, "deploy.sh", "shellcheck"),
    ],
)
def test_findings_under_a_task_named_for_a_check(
    command: str, sample: str, kind: Category, file: str | None, tool: str
) -> None:
    # before: make typecheck no signal, make format-check and the script keyword-only (0.36), all abstaining
    facts = _travis(command, sample)
    assert facts.errors and {e.category for e in facts.errors} == {kind}
    assert facts.errors[0].file == file and facts.errors[0].tool == tool
    verdict = rule_verdict(facts)
    assert verdict.category is kind and verdict.decided


def test_a_test_tasks_places_are_no_findings() -> None:
    # pytest's `tests/test_calc.py:7: AssertionError` under `make test`: no check named, nothing placed
    facts = _travis("make test", "pytest_failures.txt")
    assert facts.errors == []


@pytest.mark.parametrize(
    ("part", "task"),
    [
        ("make test", "make test"),
        ("make check", "make check"),  # GNU's target for the test suite (Automake, MakeMaker, PHP's phpize)
        ("NO_INTERACTION=1 make test", "NO_INTERACTION=1 make test"),  # the environment's settings first
        ("make -C build test", "make -C build test"),
        ("./run-tests.sh", "./run-tests.sh"),
        ("script/test", "script/test"),
        ("npm run test:unit", "npm run test:unit"),
        ("bash ci/test.sh", "bash ci/test.sh"),  # a script started by its interpreter
        ("sh -e ./scripts/run-tests.sh", "sh -e ./scripts/run-tests.sh"),
        ("node test/cart.test.js", "node test/cart.test.js"),
        ("php run-tests.php -q tests", "php run-tests.php -q tests"),
    ],
)
def test_a_task_named_for_tests(part: str, task: str) -> None:
    assert named_test_task(part) == task


@pytest.mark.parametrize(
    "part",
    [
        "make",
        "make all test",  # the build may be what failed
        "ci/run-build-and-tests.sh",
        "make test-docs",
        "make lint",
        "./bin/check",  # a script named `check` may run anything; only make's target is GNU's test suite
        "make install-test-deps",
        "pytest tests",  # a tool, not a task (commands.py names it)
        "bash ci/build-and-test.sh",  # the build may be what failed
        "bash -c 'make test'",
        "python -m unittest",  # a module, no script
        "python setup.py test",
    ],
)
def test_no_test_task_named(part: str) -> None:
    assert named_test_task(part) is None


@pytest.mark.parametrize(
    ("command", "sample", "kind"),
    [
        ("bash ci/lint.sh", "shellcheck09_bash_ci_lint.txt", Category.LINT),
        ("bash ci/test.sh", "go119_bash_ci_test.txt", Category.TEST),
        ("sh ./scripts/test.sh", "pytest9_sh_scripts_test.txt", Category.TEST),
    ],
)
def test_a_script_started_by_its_interpreter(command: str, sample: str, kind: Category) -> None:
    # real runs under the command, their parsers left out: ShellCheck's blocks were keyword-only and go test's
    # `--- FAIL:` no signal, each abstaining, as `bash x.sh` named no script
    facts = _travis(command, sample)
    if kind is Category.TEST:
        assert [t.id for t in facts.failing_tests][:1] in (["TestTotal"], ["tests/test_cart.py::test_total"])
    else:
        assert {e.category for e in facts.errors} == {kind}
        assert {e.file for e in facts.errors} == {"scripts/release.sh"} and facts.errors[0].tool == command
    verdict = rule_verdict(facts)
    assert verdict.category is kind and verdict.decided


def test_interpreted_words_are_read_in_linear_time() -> None:
    # hostile words for the interpreter's options and the script's name: each pattern is anchored and bounded
    import time

    start = time.process_time()
    for word in ("-" + "e" * 100_000, "--" + "x-" * 50_000 + "=" * 1000, "+" + "o" * 100_000, "'(" * 50_000):
        assert check_task(f"bash {word} ci/lint.sh") is None
        assert named_test_task(f"node {word} {word}") is None
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize(
    ("command", "task"),
    [
        ("make deps", "make deps"),
        ("npm run deps", "npm run deps"),
        ("./scripts/install-deps.sh", "./scripts/install-deps.sh"),
        ("bash ci/install_dependencies.sh", "bash ci/install_dependencies.sh"),
        ("make requirements", "make requirements"),
        ("cd web && make deps && npm ci", "make deps && npm ci"),  # an installer beside it installs too
    ],
)
def test_a_task_named_for_installing_dependencies(command: str, task: str) -> None:
    assert installing_task(command) == task


@pytest.mark.parametrize(
    "command",
    [
        "make depend",  # makedepend: a build's header dependencies
        "make install",  # the build's own files
        "./bootstrap",  # autotools' generator of configure
        "make lint-deps",  # a check of the dependencies: the check's
        "make deps test",  # the tests may be what failed
        "make deps && make",
        "npm ci",  # an installer alone: commands.py names it
    ],
)
def test_no_task_named_for_installing_dependencies(command: str) -> None:
    assert installing_task(command) is None


def test_a_test_task_installing_its_dependencies_is_no_test_run() -> None:
    assert named_test_task("make install-test-requirements") is None
    assert named_test_task("./ci/test-dependencies.sh") is None
