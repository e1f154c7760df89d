"""Independent failure blocks (remediate.facts.blocks): what `--budget-tokens auto` counts before
it spends more than its base. Real tool output from tests/facts/data, framed as CI logs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.blocks import NEAR_LINES, Site, failure_sites, independent_blocks, relays
from remediate.facts.ci import detect
from remediate.facts.classify import categorize
from remediate.facts.excerpt import one_report
from remediate.facts.groups import ErrorGroups
from remediate.facts.parsers import parser_view, parsers_for
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from tests.facts import framing

DATA = Path(__file__).parent / "data"
NOISE = "\n".join(f"Downloading package-{i}.tar.gz ({i} kB)" for i in range(NEAR_LINES + 10))


def read(name: str) -> str:
    return (DATA / name).read_text()


def blocks_of(log: bytes) -> int:
    """The log's independent failure blocks, from the facts stage's own steps."""
    with LogSource(log) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor())
    st = detect(view, scanned)
    plain = parser_view(view)
    results, _ = categorize([(p, p.parse(plain)) for p in parsers_for(plain)], view, sorted(n for n, _ in st.steps))
    groups = ErrorGroups(t for _, found in results for t in found.tests)
    return independent_blocks(failure_sites(results, groups.key, plain.tasks), st.regions, one_report(plain))


def test_two_failing_steps_are_two_blocks() -> None:
    log = framing.travis_commands(
        [
            ("ruff check --output-format concise shop", read("ruff_check_undefined_concise.txt"), 1),
            ("pytest -p no:cacheprovider tests/test_calc.py", read("pytest_failures.txt"), 1),
        ]
    )
    assert blocks_of(log) == 2


def test_a_failing_step_repeating_an_earlier_steps_errors_adds_nothing() -> None:
    # Two script commands break on the same compile errors (both build the same sources).
    gcc = read("gcc_make_undeclared_repeated.txt")
    assert blocks_of(framing.travis_commands([("make xref", gcc, 2), ("make test", gcc, 2)])) == 1
    pytest_out = read("pytest_failures.txt")
    assert blocks_of(framing.travis_commands([("make xref", gcc, 2), ("pytest", pytest_out, 1)])) == 2


def test_a_step_that_passed_between_failing_ones_adds_nothing() -> None:
    log = framing.travis_commands(
        [
            ("mypy --strict shop", read("mypy_name_undefined.txt"), 1),
            ("pip install -r requirements.txt", NOISE, 0),
            ("make -k", read("gcc_make_undeclared_repeated.txt"), 2),
        ]
    )
    assert blocks_of(log) == 2


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("npm6_run_eslint.txt", "npm run lint"),  # ESLint's report, then npm's `Failed at the ... lint script`
        ("gradle_test.txt", "gradle test"),  # the failing tests, then `There were failing tests`
        ("maven_surefire_failures.txt", "mvn -B test"),  # Surefire's failures, then `There are test failures`
        ("gcc_make_undeclared_repeated.txt", "make -k"),  # gcc's errors in two files, then make's
        ("pytest_long_traceback.txt", "pytest --tb=long"),  # three tests failing on one error
        # one test's report: ConnectionRefusedError, then 80 lines below the URLError raised while
        # handling it (`During handling of the above exception`), one failure
        ("pytest_connection_refused.txt", "pytest -q test_api.py"),
        ("ctest_verbose.txt", "ctest -V"),  # GoogleTest's failure behind `1: `, then CTest's own summary
    ],
)
def test_one_tools_failure_and_its_wrappers_report_are_one_block(name: str, command: str) -> None:
    assert blocks_of(framing.github_actions(command, read(name))) == 1


def test_a_wrappers_report_far_below_the_failure_adds_nothing() -> None:
    # Gradle's report of the failed task printed after a long tail of other output.
    out = read("gradle_test.txt").replace("FAILURE: Build failed", NOISE + "\nFAILURE: Build failed")
    assert blocks_of(framing.github_actions("gradle test", out)) == 1


def test_an_exception_raised_while_handling_another_is_one_block_however_deep() -> None:
    # Real Python 3.11: a JSONDecodeError, then `During handling of the above exception` and a
    # 30-frame traceback ending in the RuntimeError raised while handling it, 98 lines below.
    log = framing.github_actions("python load_config.py", read("python_chained_deep.txt"))
    assert blocks_of(log) == 1
    two = log.replace(b"During handling of the above exception, another exception occurred:", b"")
    assert blocks_of(two) == 2  # without the chain: two tracebacks, two failures


def test_two_failures_of_one_tool_in_separate_reports_are_two_blocks() -> None:
    # Real webpack 4 output: Babel's syntax error in one module, then 60 lines below a module
    # that cannot be resolved (a package not installed): two failures to fix.
    assert blocks_of(framing.github_actions("webpack", read("webpack4_babel.txt"))) == 2


def test_two_tools_failures_apart_in_one_step_are_two_blocks_and_adjacent_ones_one() -> None:
    apart = read("mypy_name_undefined.txt") + NOISE + "\n" + read("pytest_failures.txt")
    assert blocks_of(framing.github_actions("mypy shop; pytest", apart)) == 2
    adjacent = read("mypy_name_undefined.txt") + read("pytest_failures.txt")
    assert blocks_of(framing.github_actions("mypy shop; pytest", adjacent)) == 1


@pytest.mark.parametrize(
    ("name", "blocks"),
    [
        ("turbo_two_packages_fail.txt", 2),  # packages api and web each fail a test, lines interleaved
        ("turbo_parallel_test.txt", 1),  # web fails, api passes: its lines around web's are no failure
    ],
)
def test_each_failing_task_of_a_task_runner_is_a_block(name: str, blocks: int) -> None:
    assert blocks_of(framing.github_actions("npx turbo run test --continue", read(name))) == blocks


def test_a_summary_repeating_failures_told_above_adds_nothing() -> None:
    # The same run's report printed again far below (a re-run, a summary): no new error group.
    twice = read("pytest_failures.txt") + NOISE + "\n" + read("pytest_failures.txt")
    assert blocks_of(framing.github_actions("pytest", twice)) == 1


def test_sites_outside_the_failing_steps_do_not_count() -> None:
    # A cleanup step after the job failed, whose tool reports errors, is no failure of the job.
    log = framing.travis_commands(
        [("pytest -p no:cacheprovider tests/test_calc.py", read("pytest_failures.txt"), 1)]
    ).replace(b"Done. Your build exited with 1.", ("$ mypy --strict shop\n" + read("mypy_name_undefined.txt")).encode())
    assert blocks_of(log) == 1


def test_independent_blocks_on_sites() -> None:
    a, b = ("pytest", "AssertionError assert # == #"), ("mypy", "name-defined Name # is not defined")
    assert independent_blocks([]) == 1
    assert independent_blocks([Site(10, 1, a), Site(10 + NEAR_LINES + 1, 1, b)]) == 2
    assert independent_blocks([Site(10, 1, a), Site(12, 2, b)]) == 2  # another step
    assert independent_blocks([Site(10, 1, a), Site(500, 1, a)]) == 1  # the same group again
    assert independent_blocks([Site(10, 1, a), Site(500, 1, None)]) == 1  # a relay
    assert independent_blocks([Site(10, 1, a)], regions=[(1, 20), (30, 40)]) == 2  # a step with no record
    assert independent_blocks([Site(10, 1, a), Site(35, 2, a)], regions=[(1, 20), (30, 40)]) == 1  # told again
    assert independent_blocks([Site(10, 1, a, "web:test:"), Site(11, 1, b, "api:test:")]) == 2  # two tasks
    assert independent_blocks([Site(10, 1, a, "web:test:"), Site(11, 1, b, "web:test:")]) == 1
    assert independent_blocks([Site(10, 1, a, "web:test:"), Site(20, 1, b)]) == 1  # the runner's own line
    c = ("pytest", "URLError URLError: #")
    far = [Site(10, 1, a), Site(10 + NEAR_LINES + 30, 1, c)]
    assert independent_blocks(far) == 2
    assert independent_blocks(far, one_report=lambda x, y: (x, y) == (10, 10 + NEAR_LINES + 30)) == 1
    assert independent_blocks([Site(10, 1, a), Site(90, 1, b)], one_report=lambda x, y: True) == 2  # two tools


@pytest.mark.parametrize(
    ("message", "relayed"),
    [
        ("Failed at the shop@1.0.0 lint script.", True),
        ("'runTestsParallel' errored: Error: Process exited with code: 11", True),
        ("Execution failed for task ':test'. > There were failing tests. See the report at: x", True),
        ("returned non-zero exit status 2", True),
        ("build script of jemalloc-sys v0.3.0 failed", False),
        ("ImportError: No module named 'cv2'", False),
        ("CMake Error", False),
    ],
)
def test_what_relays_a_failure(message: str, relayed: bool) -> None:
    assert relays(message) is relayed


def test_auto_spends_more_only_on_several_blocks() -> None:
    # A real report longer than 2,000 tokens (nine parametrised failures): a short one printed six times was long
    # only until a stack printed again became a pointer to the first (excerpt.copies.TRACE_AGAIN).
    pytest_out = read("pytest9_parametrize_9_failed.txt")
    two = framing.travis_commands(
        [("mypy --strict shop", read("mypy_name_undefined.txt"), 1), ("pytest", pytest_out, 1)]
    )
    both = extract_facts(two, budget_tokens="auto")
    assert both.failure_blocks == 2 and 2000 < both.excerpt_tokens <= 3000
    one = framing.travis_commands([("pytest", pytest_out, 1)])
    assert extract_facts(one, budget_tokens=3000).excerpt_tokens > 2000  # it would use more
    alone = extract_facts(one, budget_tokens="auto")
    assert alone.failure_blocks == 1 and alone.excerpt_tokens <= 2000


@pytest.mark.parametrize("frame", [framing.travis, framing.github_actions])
@pytest.mark.parametrize("sample", ["minitest_bundler_in_passing_run.txt", "pytest_pip_in_passing_run.txt"])
def test_a_tools_errors_printed_inside_a_test_run_that_passed_are_no_second_block(
    frame: Callable[[str, str], bytes], sample: str
) -> None:
    # A test ran Bundler (pip) in a subprocess and checked that it fails: its errors sit between the run's
    # opening (`# Running:`, `test session starts`) and a summary counting no failure, far above the
    # job's real failure. They counted as a second block under auto (rails' dev log 517100249 too).
    log = frame("./ci.sh", read(sample))
    assert blocks_of(log) == 2  # what the sites alone say
    f = extract_facts(log, budget_tokens="auto")
    assert f.failure_blocks == 1
    assert {e.category.value for e in f.errors if e.tool in ("bundler", "pip")} == {"dependency"}  # still shown


def test_a_linters_errors_above_a_passing_test_run_stay_a_block_of_their_own() -> None:
    # flake8's records, then a pytest run that passed, then mypy's: flake8 printed them before the run opened.
    passing = read("pytest_pip_in_passing_run.txt").split("\ntests/test_installer.py")[0] + "\n"
    passing += "============================== 61 passed in 0.29s ==============================\n"
    log = framing.github_actions("./ci.sh", read("flake8.txt") + passing + NOISE + "\n" + read("mypy.txt"))
    assert extract_facts(log, budget_tokens="auto").failure_blocks == 2
