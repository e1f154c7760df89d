"""What a wrapper ran (facts/wrappers.py), read from real npm, pnpm, Yarn 1, tox, nox, Composer and Rake
output (tests/facts/data/README.md, "What a wrapper ran"), and what the triage rules make of it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from remediate.agents.context import command_lines
from remediate.facts import extract_facts
from remediate.facts.wrappers import make_recipe_place, ran_command, recipe_command, script_run
from remediate.models import Category, Facts, Summary
from remediate.triage import rule_verdict, signals_of
from tests.facts import framing
from tests.facts.samples import DATA, facts, facts_view

TOX_FLAKE8 = "/tmp/commands-gen/py/.tox/lint/bin/flake8 src"
GEMS = "/usr/share/rubygems-integration/all/gems"
RSPEC = (
    f"/usr/bin/ruby3.1 -I{GEMS}/rspec-support-3.12.0/lib:{GEMS}/rspec-core-3.12.0/lib {GEMS}/rspec-core-3.12.0/exe/rspec "
    "--pattern spec/\\*\\*\\{,/\\*/\\*\\*\\}/\\*_spec.rb -I lib"
)


@pytest.mark.parametrize(
    ("sample", "ran"),
    [
        # reports naming the command: npm 6 (innermost first), tox 2/3/4, nox, Composer, Rake
        ("wrapper_npm6_test_lint_fails.txt", "eslint src"),
        ("wrapper_npm3_run_lint.txt", "eslint src"),
        ("wrapper_tox2_lint.txt", TOX_FLAKE8),
        ("wrapper_tox3_lint.txt", TOX_FLAKE8),
        ("wrapper_tox4_lint.txt", "flake8 src"),
        ("wrapper_tox4_verbose_lint.txt", "flake8 src"),  # -v: the passing commands' `exit 0` reports too
        ("wrapper_nox_lint.txt", "flake8 src"),
        ("wrapper_composer_lint.txt", "phpcs --standard=PSR12 src"),
        ("wrapper_rake_lint.txt", "flake8 src"),
        ("wrapper_pnpm9_recursive_lint.txt", "eslint src --max-warnings 0"),
        ("wrapper_rake_rspec.txt", RSPEC),
        ("wrapper_rake_testtask.txt", None),  # Rake 13's TestTask: `Command failed with status (1)`, no command
        # a workspace's script: npm 9+ reports its command, npm 7 and 8 its name (its header has the command)
        ("wrapper_npm11_workspaces_lint.txt", "eslint src --max-warnings 0"),
        ("wrapper_npm8_workspaces_lint.txt", "eslint src --max-warnings 0"),
        # a dependency's install script: npm 7-8 tell its shell `sh -c -- node-gyp rebuild`, npm 10 `sh -c node-gyp rebuild`
        ("npm8_node_gyp_addon_error.txt", "node-gyp rebuild"),
        ("npm10_node_gyp_addon_error.txt", "node-gyp rebuild"),
        # npm 6's header of `lint` (with its folder) and no report for it: lint passed, the rest failed
        ("wrapper_npm6_test_tests_fail.txt", "node --test test/"),
        # Yarn 1, pnpm and Bun count failed levels: two, the inner script; one, the outer one past the inner
        ("wrapper_yarn1_test_lint_fails.txt", "eslint src"),
        ("wrapper_yarn1_test_tests_fail.txt", "node --test test/"),
        ("wrapper_pnpm9_test_lint_fails.txt", "eslint src"),
        ("wrapper_pnpm9_test_tests_fail.txt", "node --test test/"),
        ("wrapper_bun_test_lint_fails.txt", "eslint src"),
        ("wrapper_bun_test_tests_fail.txt", "node --test test/"),
        # two Yarn runs, the first `Done`: the failing run's script
        ("wrapper_yarn1_two_runs_second_fails.txt", "node --test test/"),
        # npm 7+ says nothing of which failed: the last script started, then the rest of the one around it
        ("wrapper_npm11_test_lint_fails.txt", "eslint src && node --test test/"),
        ("wrapper_npm11_test_tests_fail.txt", "eslint src && node --test test/"),
        # npm 10's `eslint lib; mocha`: a script runs without `set -e`, the status is mocha's (ESLint's part forgiven)
        ("npm_eslint_then_mocha.txt", "eslint lib || true; mocha"),
        ("npm_mocha_then_eslint.txt", "mocha && eslint lib"),
        # make's and just's echoes look like any output line; invoke prints nothing of the command
        ("wrapper_make_lint.txt", None),
        ("wrapper_invoke_lint.txt", None),
    ],
)
def test_what_the_wrapper_ran_is_read_from_its_own_words(sample: str, ran: str | None) -> None:
    assert facts(sample).ran_command == ran
    line = "bun run test" if "_bun_" in sample else "npm test"  # Bun's echoes count after their launch
    framed = extract_facts(framing.travis(line, (DATA / sample).read_text()))
    assert framed.ran_command == ran


def test_yarn_echoes_are_not_a_ci_s_steps_in_one_command_s_output() -> None:
    """Bare output: Yarn's `$ eslint src` would start a step of its own and cut the `yarn run` line off."""
    lines = (DATA / "wrapper_yarn1_test_lint_fails.txt").read_text().splitlines()
    assert ran_command(lines) == "eslint src"
    assert ran_command(lines[2:]) is None  # without `yarn run v1...`, a `$` line is no Yarn echo


@pytest.mark.parametrize(
    ("part", "name"),
    [("npm run lint", "lint"), ("yarn lint", "lint"), ("npm test", "test"), ("pnpm run-script a:b", "a:b")],
)
def test_a_part_that_runs_a_script_by_name(part: str, name: str) -> None:
    assert script_run(part) == name
    assert script_run(f"{part} --fix") is None  # arguments: not a bare run of the script


def _commands(f: Facts) -> list[tuple[str, Category, bool]]:
    return [(s.name, s.category, s.discounted) for s in signals_of(f) if s.kind == "command"]


@pytest.mark.parametrize(
    ("sample", "line"),
    [
        ("wrapper_tox2_lint.txt", "tox -e lint"),
        ("wrapper_tox4_lint.txt", "tox -e lint"),
        ("wrapper_nox_lint.txt", "nox -s lint"),
        ("wrapper_npm6_test_lint_fails.txt", "npm test"),
        ("wrapper_npm10_pretest_htmlhint.txt", "npm test"),
    ],
)
def test_the_tool_that_ran_is_the_command_evidence_not_the_wrappers_name(sample: str, line: str) -> None:
    """`tox -e lint` and `npm test` name a test runner; what they ran was flake8, ESLint: the wrapper's name
    weighs less and does not vouch, the linter's command counts."""
    f = extract_facts(framing.travis(line, (DATA / sample).read_text()))
    assert _commands(f) == [("command:test", Category.TEST, True), ("command:ran-lint", Category.LINT, False)]
    verdict = rule_verdict(f)
    assert verdict.category is Category.LINT and verdict.evidence["command"] == 1.0


def test_parts_of_two_kinds_are_told_apart_by_failing_tests_or_a_failing_summary() -> None:
    """npm 11 says neither which part failed: ESLint's failing summary picks lint; failing tests pick
    the runner's part (the wrapper's `npm test` then agrees)."""
    lint = extract_facts(framing.travis("npm test", (DATA / "wrapper_npm11_test_lint_fails.txt").read_text()))
    assert ("command:ran-lint", Category.LINT, False) in _commands(lint)
    tests = extract_facts(framing.travis("npm test", (DATA / "wrapper_npm11_test_tests_fail.txt").read_text()))
    assert tests.failing_tests
    assert _commands(tests) == [("command:test", Category.TEST, False), ("command:ran-test", Category.TEST, False)]
    # `mocha && eslint lib` (npm 10): mocha's summary says it passed, ESLint's counts failures
    after = extract_facts(framing.travis("npm test", (DATA / "npm_mocha_then_eslint.txt").read_text()))
    assert _commands(after) == [("command:test", Category.TEST, True), ("command:ran-lint", Category.LINT, False)]


def _ran(command: str, summaries: list[Summary] | None = None) -> list[tuple[str, Category, bool]]:
    return _commands(Facts(failed_line="yarn test", ran_command=command, summaries=summaries or []))


@pytest.mark.parametrize(
    "line",
    [
        "./node_modules/.bin/jsonlint -q data/prices.json",
        "csslint css/",
        "htmlhint site",
        "sass-lint -v -q",
        "lesshint src/",
        "pycodestyle shop",
        "pep8 --max-line-length=100 shop",
        "pylama shop",
        "puppet-lint manifests",
        "hlint src",
        "vint plugin/",
        "perlcritic --exclude InputOutput::ProhibitInteractiveTest mysqltuner.pl",
        "golint ./...",
        "node_modules/.bin/xo",
        "semistandard src/*.js",
        "mdl README.md",
        "remark . --frail",
        "rst-lint README.rst",
        "python setup.py check -r -s",
        "./node_modules/.bin/pug-lint views",
        "jslint src/*.js",
    ],
)
def test_a_failing_line_that_names_a_linter_is_the_linter_s_command(line: str) -> None:
    """CI steps (and the scripts `npm test` ran) of the Travis years call these linters by name."""
    assert _commands(Facts(failed_line=line)) == [("command:lint", Category.LINT, False)]


@pytest.mark.parametrize("line", ["autopep8 --in-place shop/a.py", "npm run remark", "xo-cli build", "mdl-lib"])
def test_a_name_that_only_contains_a_linter_s_is_not_it(line: str) -> None:
    assert not [name for name, category, _ in _commands(Facts(failed_line=line)) if category is Category.LINT]


def test_a_part_no_rule_knows_or_a_script_s_name_gives_no_tool() -> None:
    """`gulp && size-limit`: either may have failed and neither is a known tool; `npm test && cd ..`
    names a script, not a tool; two kinds with no summary to pick one: none either."""
    assert _ran("gulp && size-limit") == []
    assert _ran("npm test && cd ../") == []
    assert _ran("eslint src && node --test test/") == []
    failed = Summary(category=Category.LINT, failed=1, text="✖ 1 problem (1 error, 0 warnings)", log_line=12)
    assert _ran("eslint src && node --test test/", [failed]) == [("command:ran-lint", Category.LINT, False)]
    assert _ran("cd web && eslint src") == [("command:ran-lint", Category.LINT, False)]


def test_the_specialists_and_the_human_view_see_what_the_wrapper_ran() -> None:
    f = extract_facts(framing.travis("tox -e lint", (DATA / "wrapper_tox4_lint.txt").read_text()))
    assert command_lines(f, None)[-1] == "- what that line's wrapper ran (its own report or echo): `flake8 src`"
    view = facts_view(DATA / "wrapper_nox_lint.txt")
    assert "wrapper ran" in view and "flake8 src" in view


def test_bun_s_echoes_count_only_after_the_line_that_launched_its_failing_script() -> None:
    """Bun's `$ cmd` echoes have no header: in GitLab's log each `$` line starts a step, so the failing
    step would start at `$ eslint src` (which passed) and the script around it would be lost: none read."""
    output = (DATA / "wrapper_bun_test_tests_fail.txt").read_text()
    assert extract_facts(framing.github_actions("bun run test", output)).ran_command == "node --test test/"
    assert extract_facts(framing.gitlab("bun run test", output)).ran_command is None


# The Makefile that made wrapper_make_lint.txt (tests/facts/data/README.md).
MAKEFILE = ".PHONY: lint test\nlint:\n\tflake8 --version\n\tflake8 src\ntest: lint\n\tpytest -q tests\n"


def test_with_the_project_s_files_make_s_recipe_command_is_read_at_the_line_make_names(tmp_path: Path) -> None:
    """`make: *** [Makefile:4: lint] Error 1`: line 4 of the project's Makefile is `flake8 src`; without
    the project's files nothing tells make's echo of it from flake8's output."""
    (tmp_path / "Makefile").write_text(MAKEFILE)
    output = (DATA / "wrapper_make_lint.txt").read_text()
    assert extract_facts(DATA / "wrapper_make_lint.txt").ran_command is None
    f = extract_facts(framing.travis("make lint", output), source=tmp_path)
    assert f.ran_command == "flake8 src"
    assert ("command:ran-lint", Category.LINT, False) in _commands(f)


def test_a_recipe_command_is_its_makefile_line_without_make_s_prefixes() -> None:
    makefile = "lint:\n\t@flake8 \\\n\t  src tests\n\t-rm -f out\nall: lint\n"
    assert recipe_command(makefile, 2) == "flake8 src tests"
    assert recipe_command(makefile, 4) == "rm -f out"
    assert recipe_command(makefile, 5) is None and recipe_command(makefile, 9) is None  # no recipe line there
    # a line before the first is none, though Python's negative index would read the Makefile's last rows
    assert recipe_command("lint:\n\tflake8 src\n", 0) is None and recipe_command(makefile, -1) is None
    # a sub-make's verdict (`make[1]: *** [Makefile:2: all]`) names its own folder's Makefile: the top-level
    # one is read, the recipe that ran the sub-make (`make -C lib/build`, line 3)
    recursive = (DATA / "make_recursive_out_of_tree.txt").read_text().splitlines()
    assert make_recipe_place(recursive) == ("Makefile", 3)
    assert make_recipe_place((DATA / "wrapper_make_lint.txt").read_text().splitlines()) == ("Makefile", 4)


@pytest.mark.parametrize("ci", ["jenkins", "circleci", "azure", "github_actions"])
def test_a_wrapper_s_dollar_echo_is_no_step_where_the_ci_never_echoes_so(ci: str) -> None:
    """Jenkins (`+ cmd`), CircleCI, Azure and GitHub Actions never echo a command as `$ cmd`: Yarn's `$ eslint
    src` (which passed) is not the failing step, `yarn test` is, and what it ran is read in its output."""
    output = (DATA / "wrapper_yarn1_test_tests_fail.txt").read_text()
    f = extract_facts(getattr(framing, ci)("yarn test", output))
    assert (f.failed_line, f.ran_command) == ("yarn test", "node --test test/")


@pytest.mark.parametrize(
    "line",
    [
        "vendor/bin/phpstan analyse src --level=7",
        "./vendor/bin/psalm --show-info=false",
        "flow check",
        "node_modules/.bin/flow",
        "npx flow status",
    ],
)
def test_a_failing_line_that_names_a_type_checker_is_its_command(line: str) -> None:
    """PHPStan, Psalm and Flow, whose findings the parsers read as type errors, named by a CI step."""
    assert _commands(Facts(failed_line=line)) == [("command:type", Category.TYPE, False)]


@pytest.mark.parametrize(
    "line",
    ["npm run workflow", "tensorflow/test.sh", "flow-typed install", "git flow init", "git flow feature start x"],
)
def test_a_name_that_only_contains_flow_is_not_it(line: str) -> None:
    assert not [name for name, category, _ in _commands(Facts(failed_line=line)) if category is Category.TYPE]


def test_flow_s_real_check_without_its_parser_is_the_type_checker_s_command() -> None:
    """Real `flow check` (flow-bin 0.57.3) with the flow parser left out (a tool no parser reads): the failing
    line still names the type checker, and the generic reader reads its finding as one (facts.located: its place
    alone, the message after the caret)."""
    log = framing.travis("flow check", (DATA / "flow057_check.txt").read_text())
    bare = extract_facts(log, leave_out=frozenset({"flow"}))
    assert [(e.file, e.line, e.category) for e in bare.errors] == [("src/cart.js", 5, Category.TYPE)]
    assert ("command:type", Category.TYPE, False) in _commands(bare)


# A project's script under `set -x` (tests/facts/data/README.md, "A project's script under `set -x`"): the
# failing line names no tool, the shell's trace of the last command it ran does.
@pytest.mark.parametrize(
    ("sample", "script", "ran"),
    [
        ("shx_bash_mypy.txt", "./ci/run.sh", "mypy --strict --no-incremental pkg"),  # `+ echo`, `++ dirname` aside
        ("shx_dash_shellcheck.txt", "sh .ci/steps.sh", "shellcheck scripts/clean.sh"),  # `+ test -d` aside
    ],
)
def test_a_script_s_xtrace_says_what_it_ran_last(sample: str, script: str, ran: str) -> None:
    output = (DATA / sample).read_text()
    assert extract_facts(framing.travis(script, output), deadline_s=None).ran_command == ran
    # a line naming a tool is read for itself, not for the trace in its output
    assert extract_facts(framing.travis("mypy pkg", output), deadline_s=None).ran_command is None


def test_mypy_run_by_a_traced_script_is_a_type_check_without_its_parser() -> None:
    log = framing.travis("./ci/run.sh", (DATA / "shx_bash_mypy.txt").read_text())
    untraced = framing.travis("./ci/run.sh", "\n".join(DATA.joinpath("shx_bash_mypy.txt").read_text().splitlines()[6:]))
    left = rule_verdict(extract_facts(log, deadline_s=None, leave_out=frozenset({"mypy"})))
    assert (left.category, left.decided) == (Category.TYPE, True)
    assert not rule_verdict(extract_facts(untraced, deadline_s=None, leave_out=frozenset({"mypy"}))).decided


@pytest.mark.parametrize(
    ("lines", "ran"),
    [
        (["+ flake8 src", "src/a.py:1:1: F401 'os' imported but unused", "+ exit 1"], "flake8 src"),
        (["+ status=1", "+ [ 1 -eq 0 ]", "+ cd src", "+ printf done"], None),  # the shell's own words
        (["+ ./ci/run.sh", "+x = 1", "+  indented = 2", "++ date"], None),  # its own trace, a diff's lines, nested
        (["+ mypy pkg", "+ mocha@5.2.0", "+ @babel/core@7.0.0"], "mypy pkg"),  # npm 6's rows of packages it added
        (["--- a/x.py", "+++ b/x.py", "@@ -1 +1 @@", "-import os,sys", "+import os"], None),
    ],
)
def test_only_a_trace_of_what_the_script_ran_is_read(lines: list[str], ran: str | None) -> None:
    assert ran_command(lines, failed="./ci/run.sh") == ran
    assert ran_command(lines, failed="pytest") is None  # a tool a rule names: its own output


def test_a_hostile_trace_line_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    assert (
        ran_command(["+ " + "a +" * 200_000, "+ " + " " * 400_000 + "x"] * 3, failed="./ci/run.sh") is None
    )  # a line past the bound is not read
    assert time.perf_counter() - started < 1.0
