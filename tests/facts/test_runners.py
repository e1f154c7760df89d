"""Test runners and the wrappers that run them, in real tool output (tests/facts/data/README.md, "Test runners
and their wrappers"), wrapped as each CI runs them: what the wrapper says when the tests it ran failed is the
tests' verdict, not a failure of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.meaning import task_failure
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"
FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]


def _facts(frame: Callable[..., bytes], command: str, sample: str, code: int = 1) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text(), code))


@pytest.mark.parametrize("frame", FRAMES)
def test_a_cmake_script_saying_its_tests_failed_is_the_tests_verdict(frame: Callable[..., bytes]) -> None:
    # ninja runs a custom target whose `cmake -P` script ran unittest and then `message(FATAL_ERROR "functional
    # tests failed with error: 1")`: the CMake Error was a build record that outranked the failing tests
    facts = _facts(frame, "cd build && ninja functionaltest", "cmake_script_tests_failed.txt")
    cmake = [e for e in facts.errors if e.tool == "cmake"]
    assert [(e.category, e.code, e.message) for e in cmake] == [
        (Category.TEST, "tests-failed", "functional tests failed with error: 1")
    ]
    assert cmake[0].file and cmake[0].file.endswith("cmake/RunTests.cmake") and cmake[0].line == 4
    assert {t.id for t in facts.failing_tests} == {"test_shop.TotalTest.test_empty", "test_shop.TotalTest.test_two"}
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


@pytest.mark.parametrize("sample", ["cmake_could_not_find.txt", "cmake_find_package_config.txt"])
def test_a_cmake_error_about_the_build_stays_the_builds(sample: str) -> None:
    facts = extract_facts(framing.github_actions("cmake -S . -B build", (DATA / sample).read_text()))
    cmake = [e for e in facts.errors if e.tool == "cmake"]
    assert cmake and all(e.category is not Category.TEST and e.code != "tests-failed" for e in cmake)


@pytest.mark.parametrize(
    ("said", "means_tests"),
    [
        ("functional tests failed with error: 1", True),
        ("Tests failed", True),
        ("1 test(s) failed", True),
        ("unit tests have failed", True),
        # a test program the build could not make is the build's failure
        ("failed to build test_cart", False),
        ("Test executable failed to link", False),
        ("Could NOT find GIF (missing: GIF_LIBRARY GIF_INCLUDE_DIR)", False),
    ],
)
def test_which_cmake_messages_say_the_tests_failed(said: str, means_tests: bool) -> None:
    failure = task_failure("cmake", ["CMake Error", said])
    assert (failure is not None and failure.category is Category.TEST) is means_tests


# Mocha's TAP reporter: 3.5.3 prints the error's line right under `not ok`, 10.8.2 its message and then the error's
# line; a test's JSON.parse SyntaxError (the code under test's) was read as a config file's error and outvoted them
@pytest.mark.parametrize("sample", ["mocha3_tap.txt", "mocha10_tap.txt"])
@pytest.mark.parametrize("frame", FRAMES)
def test_mocha_tap_reports_each_failing_tests_error(sample: str, frame: Callable[..., bytes]) -> None:
    facts = _facts(frame, "npx mocha -R tap", sample)
    messages = {t.id: t.message or "" for t in facts.failing_tests}
    assert set(messages) == {"total is zero for no prices", "total adds two prices", "parsePrice rejects bad JSON"}
    assert "-1 == 0" in messages["total is zero for no prices"]
    assert "in JSON at position 1" in messages["parsePrice rejects bad JSON"]
    assert all(not e.votes for e in facts.errors if e.tool == "json")
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# Mocha's failure is placed at its stack's first frame of the project's: never Node's own (nodeerrors.node_library:
# Node 20's `node:fs:448:20`, Node 12-14's `internal/modules/cjs/loader.js:1137:30`, Node 8's `module.js:653:30`) nor
# an installed package's, under the spec reporter and the JSON reporter alike
@pytest.mark.parametrize("sample", ["mocha10_node20_internal_frames.txt", "mocha10_node20_internal_frames_json.txt"])
def test_mochas_failure_is_placed_at_the_projects_first_frame_below_nodes_own(sample: str) -> None:
    facts = extract_facts((DATA / sample).read_bytes())
    assert [(e.tool, e.file, e.line, e.column) for e in facts.errors] == [("mocha", "lib/rates.js", 4, 24)]
    assert [(t.id, t.file) for t in facts.failing_tests] == [("rates loads the German rates", "test/rates.test.js")]


@pytest.mark.parametrize("internal", ["internal/modules/cjs/loader.js:1137:30", "module.js:653:30"])
def test_mochas_json_stack_skips_older_nodes_own_frames(internal: str) -> None:
    # the JSON sample's stack with its first frame in an older Node's own module (no `node:` scheme before Node 16)
    text = (DATA / "mocha10_node20_internal_frames_json.txt").read_text()
    facts = extract_facts(
        text.replace("Object.readFileSync (node:fs:448:20)", f"Module._compile ({internal})").encode()
    )
    assert [(e.file, e.line) for e in facts.errors] == [("lib/rates.js", 4)]


# lerna's `--stream` puts the package's name in front of each line (`@acme/cart: `), concurrently the command's
# (`[test:unit] `): no runner's line starts where its parser looks, so no failing test was read
STREAMED = [
    ("lerna2_stream_mocha.txt", "lerna run test --stream"),
    ("lerna3_stream_mocha.txt", "lerna run test --stream"),
    ("concurrently3_mocha.txt", 'concurrently "npm:test:unit" "npm:test:api"'),
    ("concurrently4_mocha.txt", "npm run test:cc"),
    ("concurrently5_mocha.txt", 'concurrently "npm:test:unit" "npm:test:api"'),
]


@pytest.mark.parametrize(("sample", "command"), STREAMED)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_runner_of_several_commands_names_each_line_and_the_tests_under_it_are_read(
    sample: str, command: str, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    assert "mocha" in facts.tools
    messages = {t.id: t.message or "" for t in facts.failing_tests}
    assert set(messages) == {"total is zero for no prices", "total adds two prices", "parsePrice rejects bad JSON"}
    assert messages["total is zero for no prices"].startswith("AssertionError")
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_a_name_prefix_counts_only_where_lerna_declares_it() -> None:
    # the same lerna 3 output without npm's script headers (`@acme/cart: > @acme/cart@1.0.0 test`): `name: ` is a
    # shape many tools' own lines take (`Error: `, `warning: `), so nothing declares the prefix and none is taken off
    text = (DATA / "lerna3_stream_mocha.txt").read_text()
    kept = "\n".join(line for line in text.splitlines() if ": > " not in line)
    facts = extract_facts(framing.travis("lerna run test --stream", kept))
    assert "mocha" not in facts.tools and not facts.failing_tests


# Stack 2 building two of a project's packages puts each one's name in front of every line its build and tests
# printed (`cart-core> `, padded to the longest name: `cart-api > `): GHC's error and hspec's report were read by no
# parser (no signal; keywords only), as a one-package build's bare lines are
@pytest.mark.parametrize(
    ("sample", "command", "category", "tool"),
    [
        ("stack27_two_packages_ghc_error.txt", "stack build", Category.BUILD, "ghc"),
        ("stack27_two_packages_hspec.txt", "stack test", Category.TEST, "hspec"),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_stack_names_each_packages_lines_and_what_it_built_or_tested_is_read(
    sample: str, command: str, category: Category, tool: str, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    assert tool in facts.tools
    if category is Category.BUILD:
        ghc = [e for e in facts.errors if e.tool == "ghc"]
        assert ghc and all(e.file == "cart-core/src/Cart.hs" and e.line == 3 for e in ghc)
        assert ghc[0].message.startswith("Couldn't match expected type")
    else:
        assert [t.id for t in facts.failing_tests] == ["total sums two prices"]
    verdict = rule_verdict(facts)
    assert verdict.category is category and verdict.decided, verdict.reason


def test_a_name_and_angle_prefix_counts_only_where_stack_declares_it() -> None:
    # without stack's own step lines for the package (`cart-core> configure (lib)`, `build (lib)`,
    # `copy/register`), `name> ` is a prompt's shape (`mysql> `, `ghci> `): nothing is taken off
    text = (DATA / "stack27_two_packages_ghc_error.txt").read_text()
    steps = ("> configure (", "> build (", "> copy/register")
    kept = "\n".join(line for line in text.splitlines() if not any(step in line for step in steps))
    facts = extract_facts(framing.travis("stack build", kept))
    assert "ghc" not in facts.tools and not facts.errors


# PHPUnit 9.6 killed mid-run by a fatal error PHP cannot turn into an exception (a method declaration
# incompatible with its parent's, met when a test loads the file): the CLI's `PHP Fatal error:` line lands right
# after the progress dots (no newline), which no rule read; with display_errors on, the displayed copy follows
@pytest.mark.parametrize("sample", ["phpunit96_fatal_after_progress.txt", "phpunit96_fatal_displayed.txt"])
@pytest.mark.parametrize("frame", FRAMES)
def test_a_php_fatal_that_stops_phpunit_is_read_where_it_lands(sample: str, frame: Callable[..., bytes]) -> None:
    facts = _facts(frame, "vendor/bin/phpunit", sample, 255)
    php = [e for e in facts.errors if e.tool == "php"]
    assert php and all(e.file == "src/DiscountCart.php" and e.line == 6 for e in php)
    assert php[0].message.startswith("Declaration of DiscountCart::total(int $percent): float must be compatible")
    assert "PHP Fatal error:" in facts.excerpt


# Runners of the Travis years already read right, pinned on their real output (old versions' shapes): each run
# decides test with its failing tests, whichever CI frames it
_CART = {"total is zero for no prices", "total adds two prices", "parsePrice rejects bad JSON"}
READ_ALREADY = [
    ("jasmine28_standalone.txt", "npx jasmine", _CART),
    ("jasmine35_standalone.txt", "npx jasmine", _CART),
    ("jasmine_node116.txt", "jasmine-node spec", _CART),
    (
        "qunit29_cli.txt",
        "npx qunit",
        {"total > is zero for no prices", "total > adds two prices", "parsePrice > rejects bad JSON"},
    ),
    ("ava14.txt", "npx ava", _CART),
    ("ava24_verbose.txt", "npx ava --verbose", _CART),
    ("grunt104_mochatest.txt", "grunt test", _CART),
    (
        "setup_py_test_py27.txt",
        "python setup.py test",
        {
            "tests.test_cart.TotalTest.test_bad_json",
            "tests.test_cart.TotalTest.test_empty",
            "tests.test_cart.TotalTest.test_two",
        },
    ),
    (
        "cabal_setup_test_hspec.txt",
        "runhaskell Setup.hs test",
        {"Cart.total is zero for no prices", "Cart.total adds two prices", "Cart divides", "spec"},
    ),
]


@pytest.mark.parametrize(("sample", "command", "tests"), READ_ALREADY)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_travis_years_runner_is_read_with_its_failing_tests(
    sample: str, command: str, tests: set[str], frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    assert {t.id for t in facts.failing_tests} == tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# A file of the project that does not parse, met while Jest loads a suite (Babel's `SyntaxError: FILE: Unexpected
# token (2:44)` under `Test suite failed to run`): the code's syntax, as Node's own SyntaxError when Mocha loads it
# and ts-jest's TS1005 already were; it decided test (1.00)
@pytest.mark.parametrize("sample", ["jest24_babel_syntax_error.txt", "jest29_babel_syntax_error.txt"])
@pytest.mark.parametrize("frame", FRAMES)
def test_a_file_babel_cannot_parse_under_jest_is_the_builds(sample: str, frame: Callable[..., bytes]) -> None:
    facts = _facts(frame, "npm test", sample)
    records = [e for e in facts.errors if e.code == "SyntaxError"]
    assert [(e.file, e.line, e.column, e.message) for e in records] == [
        ("src/cart.js", 2, 44, "SyntaxError: Unexpected token")
    ]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.BUILD and verdict.decided, verdict.reason
    assert any(s.name == "pattern:tests-build" for s in verdict.signals), verdict.reason


def test_a_file_under_node_modules_jest_cannot_parse_is_no_build_record() -> None:
    # the same report for a dependency's file: what Jest transforms is its configuration, not the code's syntax
    text = (
        (DATA / "jest29_babel_syntax_error.txt")
        .read_text()
        .replace("jscart29/src/cart.js", "jscart29/node_modules/cartlib/cart.js")
    )
    facts = extract_facts(framing.travis("npm test", text))
    assert not [e for e in facts.errors if e.code == "SyntaxError"]
    verdict = rule_verdict(facts)
    assert not any(s.name == "pattern:tests-build" for s in verdict.signals), verdict.reason


# PHP's run-tests.php (php-src's and every extension's `make test`): a `FAIL name [path.phpt]` line per failing
# test and a FAILED TEST SUMMARY; no parser read them (keyword lines only: abstain)
PHPT = {"cart total of two prices": "tests/001_total.phpt", "cart rejects a bad price": "tests/003_fatal.phpt"}


@pytest.mark.parametrize(
    ("sample", "failing"),
    [
        ("phpt82_run_tests.txt", PHPT),
        ("phpt82_show_diff.txt", PHPT),
        (
            "phpize82_make_test.txt",
            {"cart_total() of two prices": "tests/001.phpt", "cart_total() of nothing": "tests/002.phpt"},
        ),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_php_run_tests_failing_phpt_files_are_failing_tests(
    sample: str, failing: dict[str, str], frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, "NO_INTERACTION=1 make test", sample, 2)
    assert {t.id: t.file for t in facts.failing_tests} == failing
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_php_run_tests_show_diff_gives_each_failing_test_its_diff() -> None:
    facts = _facts(framing.travis, "make test", "phpt82_show_diff.txt")
    messages = {t.id: t.message or "" for t in facts.failing_tests}
    assert messages["cart total of two prices"] == "001+ int(6) 001- int(5)"
    assert messages["cart rejects a bad price"].startswith("Fatal error: %s 002+ Stack trace:")


def test_php_run_tests_expected_failures_are_no_failing_tests() -> None:
    # an XFAIL test and its EXPECTED FAILED TEST SUMMARY, in a run that passed (`Tests failed    :    0`)
    facts = _facts(framing.travis, "make test", "phpt82_xfail_passed.txt", 0)
    assert not facts.failing_tests


# A test whose code under test meets JSON that does not parse (`json.loads("nope")`): unittest and its kin print the
# error as the test's (`json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)`), and the json rule
# read that line as a configuration file's (`Expecting value`): config 0.94, "more precisely than the failing tests"
@pytest.mark.parametrize(
    "sample",
    ["unittest311_json_decode.txt", "nose2_json_decode.txt", "green3_json_decode.txt", "trial22_json_decode.txt"],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_json_error_a_failing_test_raised_is_the_test_s_not_a_config_file_s(
    sample: str, frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, "python -m unittest -v", sample)
    assert {t.id for t in facts.failing_tests} == {
        "shop.test_cart.CartTest.test_empty",
        "shop.test_cart.CartTest.test_parse",
    }
    json = [e for e in facts.errors if e.tool == "json"]
    assert json and not any(e.votes for e in json)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# testthat 1 and 2 (2016-2020, what Travis-era R packages ran under `R CMD check`): `test-calc.R:3: failure: name` (its
# progress reporter), `── 2. Error: name (@test-calc.R#9)  ───` and the closing `1. Failure: name (@test-calc.R#3) `
# list; only testthat 3's shapes were read, so the failing tests went unnamed (R CMD check's own verdict decided)
@pytest.mark.parametrize(
    ("sample", "command", "messages"),
    [
        (
            "testthat2_progress.txt",
            "Rscript -e 'library(testthat); library(rcalc); test_dir(\"tests/testthat\", stop_on_failure = TRUE)'",
            {"adds two prices": "add(2, 3) not equal to 5.", "totals text": "prices must be numeric"},
        ),
        (
            "r_cmd_check_testthat1.txt",
            "R CMD check rcalc_0.1.0.tar.gz --no-manual",
            # testthat 1's header: `2. Error: totals text (@test-calc.R#9) -----`, its message below
            {"adds two prices": "", "totals text": "prices must be numeric"},
        ),
        (
            "r_cmd_check_testthat2.txt",
            "R CMD check rcalc_0.1.0.tar.gz --no-manual",
            # the first failure's header is above the 13 lines R CMD check shows: named by the closing list only
            {"adds two prices": "", "totals text": "prices must be numeric"},
        ),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_testthat2_names_each_failing_test_with_its_file(
    sample: str, command: str, messages: dict[str, str], frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    assert {t.id: (t.file, t.message or "") for t in facts.failing_tests} == {
        name: ("tests/testthat/test-calc.R", message) for name, message in messages.items()
    }
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# QUnit's TAP (its CLI, Testem's `testem ci` / `ember test`): the failed assertion's message is in YAML fields
# (`message`, `actual`, `expected`, a died test's `stack`), not `error:`; Testem puts the browser and the time
# before the name. Before: names with `Chrome 156.0 - [5 ms] - `, no message at all
QUNIT_SAID = [
    (
        "qunit29_cli.txt",
        "npx qunit",
        {
            "total > is zero for no prices": "expected 0, actual -1",
            "total > adds two prices": "expected 5, actual 4",
            "parsePrice > rejects bad JSON": "SyntaxError: Expected property name or '}' in JSON at position 1",
        },
    ),
    (
        "testem2_qunit_ci.txt",
        "testem ci",
        {
            "cart: total sums the prices": "counts each quantity (expected 10, actual 3)",
            "cart: average of one item": "TypeError: Cannot read properties of undefined (reading 'toFixed')",
        },
    ),
]


@pytest.mark.parametrize(("sample", "command", "said"), QUNIT_SAID)
@pytest.mark.parametrize("frame", FRAMES)
def test_qunit_tap_yaml_fields_are_the_failed_tests_message(
    sample: str, command: str, said: dict[str, str], frame: Callable[..., bytes]
) -> None:
    facts = _facts(frame, command, sample)
    assert {t.id: t.message for t in facts.failing_tests} == said
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# QuickCheck's `quickCheckAll` (`=== prop_x from FILE:LINE ===` over each property's result): a falsified or
# throwing property is a failed test at its place, the counterexample its message. Before: decided test on the
# `*** Failed!` summary alone, no property named. A bare `quickCheck` (2.11's `Falsifiable` wording) names none:
# still decided on the summary, no test invented
@pytest.mark.parametrize("frame", FRAMES)
def test_quickcheck_alls_failed_properties_are_failing_tests(frame: Callable[..., bytes]) -> None:
    facts = _facts(frame, "runhaskell -isrc test/Props.hs", "quickcheck214_all.txt")
    assert [(t.id, t.file, t.message) for t in facts.failing_tests] == [
        (
            "prop_splitKeepsAll",
            "test/Props.hs",
            "Falsified (after 5 tests and 1 shrink): Positive {getPositive = 2} NonNegative {getNonNegative = 1}",
        ),
        (
            "prop_perItemOfEmpty",
            "test/Props.hs",
            "Exception: 'divide by zero' (after 1 test): NonNegative {getNonNegative = 0}",
        ),
    ]
    assert [(e.file, e.line) for e in facts.errors if e.tool == "quickcheck"] == [
        ("test/Props.hs", 16),
        ("test/Props.hs", 19),
    ]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    plain = _facts(frame, "./dist/build/props/props", "quickcheck211_plain.txt")
    assert not plain.failing_tests
    verdict = rule_verdict(plain)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# grunt-contrib-qunit (`grunt qunit` over QUnit pages, the Travis years' jQuery-style projects): each failed
# assertion under grunt's `>> ` is a failing test with its message, values and place. Before: decided test on
# grunt's verdict (`3 tests completed with 2 failed`), no test named
@pytest.mark.parametrize("frame", FRAMES)
def test_grunt_contrib_qunits_failed_assertions_are_failing_tests(frame: Callable[..., bytes]) -> None:
    facts = _facts(frame, "grunt test", "grunt_contrib_qunit31.txt")
    assert [(t.id, t.file, t.message) for t in facts.failing_tests] == [
        ("cart - total sums the prices", "tests/cart-test.js", "counts each quantity (expected 10, actual 3)"),
        (
            "cart - average of one item",
            "tests/cart-test.js",
            "TypeError: Cannot read properties of undefined (reading 'toFixed')",
        ),
    ]
    placed = [(e.file, e.line) for e in facts.errors if e.tool == "grunt-contrib-qunit"]
    assert placed == [("tests/cart-test.js", 3), ("src/cart.js", 5)]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    # the same words without grunt's `>> ` are no grunt task's: `Message: ` alone is in many logs
    plain = (DATA / "grunt_contrib_qunit31.txt").read_text().replace(">> ", "")
    assert not [t for t in extract_facts(frame("grunt test", plain)).failing_tests if t.id.startswith("cart - ")]
