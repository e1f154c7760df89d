"""A test run whose code does not build, in real output of today's runners (tests/facts/data/README.md, "A test run
whose code does not build"), framed as GitHub Actions (with its runner's rewriting and the setup actions' problem
matchers), Travis and GitLab print it: when every failing suite failed because a module the tests load does not
parse, the build is the failure (as Jest's `Test suite failed to run` over Babel's SyntaxError is); when other
tests fail on their own beside it, there are two failures and the rules do not decide."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA


def _runner(command: str, output: str, code: int = 1) -> bytes:
    return framing.github_runner(command, output, framing.SETUP_MATCHERS, code)


FRAMES: list[Callable[..., bytes]] = [framing.github_actions, _runner, framing.travis, framing.gitlab]


def _framed(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


# (sample, what the rules' reason quotes). Before: the Rollup parse failures decided test (0.998: a failing test,
# its summary, the command); esbuild's transform errors abstained (build 0.80 against the failing suite's test 0.80).
PARSE_FAILURES = [
    ("vitest1_parse_failure.txt", "at getRollupError"),
    ("vitest2_parse_failure.txt", "at getRollupError"),
    ("vitest3_parse_failure.txt", "RollupError: Parse failure"),
    ("vitest1_ts_transform_failed.txt", "Transform failed with 1 error"),
    ("vitest3_ts_transform_failed.txt", "Transform failed with 1 error"),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "words"), PARSE_FAILURES)
def test_a_vitest_suite_that_failed_to_load_on_a_parse_error_is_the_build(
    frame: Callable[..., bytes], sample: str, words: str
) -> None:
    f = _framed(frame, "npm test", sample)
    assert [t.id for t in f.failing_tests] == ["test/cart.test.js"]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    assert "a file the tests load does not parse" in verdict.reason and words in verdict.reason


@pytest.mark.parametrize(
    ("sample", "category", "decided"),
    [
        # Vite 5's bare error, its parser left out: Vitest's frame line `❯ getRollupError node_modules/rollup/dist/...`
        # is read as printed (before: decided test, its summary and command alone)
        ("vitest1_parse_failure.txt", Category.BUILD, True),
        ("vitest2_parse_failure.txt", Category.BUILD, True),
        # beside a test failing on its own assertion: two failures, as the full rules read it (before: decided test)
        ("vitest1_parse_failure_and_failing_test.txt", Category.TEST, False),
        # the control: an assertion alone stays the tests'
        ("vitest1_assertion.txt", Category.TEST, True),
    ],
)
def test_rollups_frame_line_names_the_parse_failure_where_no_parser_read_it(
    sample: str, category: Category, decided: bool
) -> None:
    log = framing.travis("npm test", (DATA / sample).read_text(), 1)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert (verdict.category, verdict.decided) == (category, decided), verdict.reason
    assert ("❯ getRollupError" in verdict.reason) is (category is Category.BUILD), verdict.reason


def test_vite_6_and_later_place_the_parse_failure_in_the_project() -> None:
    f = extract_facts(DATA / "vitest3_parse_failure.txt")
    built = [e for e in f.errors if e.category is Category.BUILD]
    assert [(e.file, e.line, e.column, e.message) for e in built] == [
        ("src/cart.js", 2, 44, "Parse failure: Expression expected")
    ]


def test_an_esbuild_error_joins_the_message_of_the_suite_it_kept_from_loading() -> None:
    f = extract_facts(DATA / "vitest1_ts_transform_failed.txt")
    assert [t.message for t in f.failing_tests] == [
        'Error: Transform failed with 1 error: /home/runner/work/vt1shop/vt1shop/src/cart.ts:2:44: ERROR: Unexpected ";"'
    ]


def test_a_transform_error_in_a_file_under_node_modules_names_no_build_failure() -> None:
    # What the runner is configured to transform (a dependency it inlines) is its configuration, not the code:
    # the same report with the file moved under node_modules names no cause beneath the test.
    text = (DATA / "vitest1_ts_transform_failed.txt").read_text()
    moved = text.replace("/vt1shop/src/cart.ts", "/vt1shop/node_modules/cart/src/cart.ts")
    verdict = rule_verdict(extract_facts(_runner("npm test", moved)))
    assert not any(s.name == "pattern:tests-build" for s in verdict.signals), verdict.reason


# (sample, command): a module that does not build beside a test failing on its own assertion. Before: each
# decided test (vitest 0.998, go test 0.961).
TWO_FAILURES = [
    ("vitest1_parse_failure_and_failing_test.txt", "npm test"),
    ("vitest3_parse_failure_and_failing_test.txt", "npm test"),
    ("go119_test_build_failed_and_test_failed.txt", "go test ./..."),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command"), TWO_FAILURES)
def test_code_that_does_not_build_beside_a_failing_test_is_two_failures(
    frame: Callable[..., bytes], sample: str, command: str
) -> None:
    verdict = rule_verdict(_framed(frame, command, sample))
    assert not verdict.decided, verdict.reason
    assert {Category.BUILD, Category.TEST} <= set(verdict.scores) or "two failures" in verdict.reason, verdict.reason


def test_go_test_keeps_the_compile_errors_of_a_package_that_did_not_build_beside_failing_tests() -> None:
    f = extract_facts(DATA / "go119_test_build_failed_and_test_failed.txt")
    assert [t.id for t in f.failing_tests] == ["TestTotal"]
    assert [(e.file, e.category) for e in f.errors if e.code == "build"] == [("money/money.go", Category.BUILD)]
    # a package whose tests fail, with nothing failing to build: the runner's records stay the tests'
    alone = extract_facts(DATA / "go_test.txt")
    assert alone.errors and all(e.category is Category.TEST for e in alone.errors)


def test_node_test_names_a_test_file_that_failed_to_load_and_reads_its_syntax_error() -> None:
    # node --test's TAP forwards the file's stderr as comments; the last of them (`# Node.js v20.20.2`) was taken
    # for a tape heading, naming the failing test after Node's version.
    f = extract_facts(DATA / "node20_test_tap_syntax_error.txt")
    assert [t.id for t in f.failing_tests] == ["/home/runner/work/nodeshop/nodeshop/test/cart.test.js"]
    syntax = [e for e in f.errors if e.code == "SyntaxError"]
    assert [(e.tool, e.file, e.line, e.category) for e in syntax] == [("node", "src/cart.js", 2, Category.BUILD)]


@pytest.mark.parametrize("frame", FRAMES)
def test_a_node_test_file_whose_code_does_not_parse_is_decided_the_build(frame: Callable[..., bytes]) -> None:
    # Decided test (0.998), then build 0.80 = test 0.80, not sure. The file's report is Node's own SyntaxError with its
    # file's head (`/abs/src/cart.js:2`): a file the tests load does not parse, as Jest's, Vitest's and mocha's are
    verdict = rule_verdict(_framed(frame, "npm test", "node20_test_tap_syntax_error.txt"))
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_node_test_file_whose_code_throws_at_load_stays_a_test_failure(frame: Callable[..., bytes]) -> None:
    verdict = rule_verdict(_framed(frame, "npm test", "node20_test_tap_typeerror_at_load.txt"))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# (sample, the suite's message): Jest loaded a file untransformed, as CommonJS
UNTRANSFORMED = [
    (
        "jest29_esm_dependency_untransformed.txt",
        "SyntaxError: Unexpected token 'export' (/home/runner/work/jesm/jesm/node_modules/lodash-es/lodash.js:10)",
    ),
    (
        "jest29_esm_own_untransformed.txt",
        "SyntaxError: Cannot use import statement outside a module (/home/runner/work/jesm2/jesm2/test/cart.test.js:1)",
    ),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "message"), UNTRANSFORMED)
def test_a_file_jest_loads_untransformed_names_the_runners_set_up_without_deciding(
    frame: Callable[..., bytes], sample: str, message: str
) -> None:
    # Before: decided test (0.998). The suite never ran: an ES module Jest runs as CommonJS (a dependency's, outside
    # its transformIgnorePatterns, or the project's own test file without a transform for it). Not the tests; which
    # fix (the runner's configuration, the package chosen), the log does not say.
    f = _framed(frame, "npm test", sample)
    assert [t.message for t in f.failing_tests] == [message]
    verdict = rule_verdict(f)
    assert verdict.category is Category.CONFIG and not verdict.decided, verdict.reason
    assert "untransformed" in verdict.reason


def test_mocha_s_exception_during_run_keeps_ts_nodes_first_diagnostic() -> None:
    # The first diagnostic came behind Mocha's ` Exception during run: ` and was not read (the second was).
    f = extract_facts(_runner("npm test", (DATA / "mocha10_tsnode_type_error.txt").read_text()))
    assert [(e.code, e.file, e.line) for e in f.errors if e.tool == "tsc"] == [
        ("TS2339", "src/cart.ts", 4),
        ("TS2322", "src/cart.ts", 8),
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.TYPE and verdict.decided, verdict.reason


# (sample, the command the CI ran, its exit status, the category): real runs whose tests never ran because the code
# did not compile or load first, made here for runners the samples above do not cover. LogChunks' dev half holds no
# such run (no `ERROR collecting`, `[build failed]`, `could not compile`, ts-node TSError, javac error); where it has
# no convention, the failure is the build's when the code did not compile (a type error: the type checker's).
NEVER_RAN = [
    ("mocha8_tsnode8_type_error.txt", "npx mocha -r ts-node/register 'test/**/*.test.ts'", 1, Category.TYPE),
    ("mocha8_tsnode8_syntax_error.txt", "npx mocha -r ts-node/register 'test/**/*.test.ts'", 1, Category.BUILD),
    ("npm10_pretest_tsc_type_error.txt", "npm test", 2, Category.TYPE),
    ("ant110_javac_before_junit.txt", "ant test", 1, Category.BUILD),
    (
        "cmake325_build_error_before_ctest.txt",
        "cmake --build build && cd build && ctest --output-on-failure",
        2,
        Category.BUILD,
    ),
    ("pytest9_collect_own_import_name.txt", "python -m pytest -p no:cacheprovider tests", 2, Category.BUILD),
]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command", "code", "category"), NEVER_RAN)
def test_tests_that_never_ran_because_the_code_did_not_compile_are_the_builds(
    frame: Callable[..., bytes], sample: str, command: str, code: int, category: Category
) -> None:
    verdict = rule_verdict(_framed(frame, command, sample, code))
    assert verdict.category is category and verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_vitest_4_s_oxc_transform_error_is_the_build(frame: Callable[..., bytes]) -> None:
    # Vite 8's Oxc says `[PARSE_ERROR] ...` two lines below `Transform failed with 1 error:` and places it in its
    # frame's head (`╭─[ test/cart.test.ts:10:5 ]`). Before: the suite's message was the first line alone and the
    # rules decided test (a failing test, its summary, the command).
    f = _framed(frame, "npm test", "vitest4_transform_failed.txt")
    assert [t.message for t in f.failing_tests] == [
        "Error: Transform failed with 1 error: [PARSE_ERROR] Expected a semicolon or an implicit semicolon after a "
        "statement, but found none"
    ]
    assert [(e.file, e.line, e.column, e.category) for e in f.errors if e.code == "SyntaxError"] == [
        ("test/cart.test.ts", 10, 5, Category.BUILD)
    ]
    verdict = rule_verdict(f)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    assert "a file the tests load does not parse" in verdict.reason


def test_vitest_4_s_transform_error_read_by_no_parser_is_no_test_failure() -> None:
    # The runner's parser left out, its summary counts a failed file (`Test Files  1 failed`) and no failed test:
    # `Transform failed with 1 error:` is the build tool's word that the code did not compile (before: decided test).
    log = framing.travis("npx vitest run", (DATA / "vitest4_transform_failed.txt").read_text())
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not (verdict.decided and verdict.category is Category.TEST), verdict.reason
    assert verdict.scores.get(Category.BUILD), verdict.reason
    # under node_modules it is the runner's set-up, not the code: esbuild and Oxc name the file below their words
    moved = (DATA / "vitest4_transform_failed.txt").read_text().replace("╭─[ test/", "╭─[ node_modules/cart/test/")
    log = framing.travis("npx vitest run", moved)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not verdict.scores.get(Category.BUILD), verdict.reason


def test_suites_that_failed_to_run_on_one_own_file_missing_are_the_build() -> None:
    # Jest ran tsc's emitted copy (dist/, its `./money` not there) beside the source under ts-jest (TS2307 for the same
    # `./money`): no test ran, and both suites name one cause, a file of the code not there. First decided test (1.00)
    # on the count, then two kinds (build, type), undecided; since TS2307 for a path is the build's (round 37), one.
    verdict = rule_verdict(
        _framed(framing.github_actions, "npx jest --ci", "jest29_tsjest_dist_and_source_module_missing.txt")
    )
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    assert "./money" in verdict.reason


def test_a_ctest_test_whose_program_was_not_built_is_the_build() -> None:
    # `Unable to find executable: .../cart_test` over its `***Not Run` row: no test ran, its target did not link.
    # Before: decided test (1.00) on the row and the summary. Beside a test whose program failed, two failures.
    unbuilt = rule_verdict(
        _framed(framing.github_actions, "ctest --output-on-failure", "ctest325_not_run_unbuilt.txt", 8)
    )
    assert unbuilt.category is Category.BUILD and unbuilt.decided, unbuilt.reason
    assert "the test's program was not built" in unbuilt.reason, unbuilt.reason
    beside = _framed(framing.github_actions, "ctest --output-on-failure", "ctest325_not_run_beside_failed.txt", 8)
    assert [(t.id, t.message[:7] if t.message else None) for t in beside.failing_tests] == [
        ("money_test", "Failed"),
        ("cart_test", "Not Run"),
    ]
    assert not rule_verdict(beside).decided


@pytest.mark.parametrize(
    ("sample", "category"),
    [
        # tsc's error in the test file (`const sum: string = total(...)`), reported as the test's failure
        ("vitest3_typecheck_type_error.txt", Category.TYPE),
        # the control: expect-type's assertion (`expectTypeOf(...).toEqualTypeOf<string>()`) is the type test's check
        ("vitest3_typecheck_expecttypeof_failed.txt", Category.TEST),
    ],
)
def test_vitest_s_type_check_names_a_type_error_apart_from_a_type_test_failing(sample: str, category: Category) -> None:
    # `vitest run --typecheck` reports every type error of a test file as `TypeCheckError: ...` under a failing test:
    # the plain type error was decided test (1.00), as ts-jest's TS2322 is the types'
    verdict = rule_verdict(_framed(framing.github_actions, "npx vitest run --typecheck", sample))
    assert verdict.category is category and verdict.decided, verdict.reason
