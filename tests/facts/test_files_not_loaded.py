"""A vitest or Jest run whose test files never loaded (an import that does not resolve, a syntax error): `Test Files
1 failed (1)` / `Test Suites: 1 failed` over `Tests  no tests` / `Tests: 0 total` counts no failing test, and what
stopped the files is the failure (build); a file that loaded and failed an assertion is the control (test). Real
runs: tests/facts/data/README.md's vitest{1,3,4}_* and jest{29,30}_* rows, in a GitHub Actions job; node --test's ES
module files that never linked (nodetest20_*esm_export*, control nodetest20_spec_esm_named_export_commonjs), and files
that do not parse (nodetest20_*syntax_error, control nodetest20_require_loaded_assertion)."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.models import Category, Facts, Summary
from remediate.triage import rule_verdict
from remediate.triage.agent import _summary_lines
from remediate.triage.beneath import UNREAD_TESTS
from remediate.triage.gather import _summary_signals
from tests.facts import framing
from tests.facts.samples import DATA, facts

_RUNS = [f"vitest{v}" for v in (1, 3, 4)] + [f"jest{v}" for v in (29, 30)]
_KINDS = [("not_loaded_missing", Category.BUILD), ("not_loaded_syntax", Category.BUILD), ("assertion", Category.TEST)]


def _log(sample: str) -> bytes:
    command = "npx vitest run" if sample.startswith("vitest") else "npx jest --ci"
    return framing.github_actions(command, (DATA / sample).read_text())


@pytest.mark.parametrize("run", _RUNS)
@pytest.mark.parametrize(("kind", "category"), _KINDS)
def test_files_that_never_loaded_are_what_stopped_them_and_an_assertion_is_a_test(
    run: str, kind: str, category: Category
) -> None:
    verdict = rule_verdict(extract_facts(_log(f"{run}_{kind}.txt")))
    assert (verdict.category, verdict.decided) == (category, True), verdict.reason


@pytest.mark.parametrize("sample", ["vitest1_not_loaded_missing.txt", "vitest4_not_loaded_syntax.txt"])
def test_with_the_runners_parser_left_out_the_files_not_loaded_still_decide_build(sample: str) -> None:
    # read as a runner nobody wrote a parser for: Vite's own words under the summary's count decide
    log = _log(sample)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert (verdict.category, verdict.decided) == (Category.BUILD, True), verdict.reason
    assert "the test files a summary counts never loaded, and the log shows" in verdict.reason


# node --test (Node 20.20.2) on ES module test files: (sample, decided, category). A file whose import names an export
# its own module (a relative path) lacks never loaded: the build's, as Python's `cannot import name` is; the same
# words of a package (`'pricekit'`) are its installed version's API (not decided), and beside another file's failed
# assertion they are two failures
_ESM_LINKS = [
    ("nodetest20_esm_export_missing.txt", True, Category.BUILD),
    ("nodetest20_esm_export_missing_package.txt", False, Category.BUILD),
    ("nodetest20_esm_export_missing_beside_failure.txt", False, None),
    # the spec reporter prints the report bare above `✖ FILE` (read through nodetest's search for its head, an ES
    # module's `file:///` URL); a CommonJS package's `Named export 'round' not found` is its API too
    ("nodetest20_spec_esm_export_missing.txt", True, Category.BUILD),
    ("nodetest20_spec_esm_named_export_commonjs.txt", False, Category.BUILD),
]


@pytest.mark.parametrize(("sample", "decided", "category"), _ESM_LINKS)
def test_a_node_test_file_importing_a_name_its_own_module_lacks_is_the_build(
    sample: str, decided: bool, category: Category | None
) -> None:
    # was: build 0.80 beside test 0.80 from the file's own failure, not decided
    log = framing.github_actions("npm test", (DATA / sample).read_text())
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided is decided, verdict.reason
    assert category is None or verdict.category is category, verdict.reason


# node --test (Node 20.20.2) on a CommonJS test file that died loading: the failing "test" is the file (`not ok 1 -
# /abs/test/cart.test.js`, `error: 'test failed'`), its report Node's own (`/abs/src/cart.js:2` ... `SyntaxError: missing
# ) after argument list`), forwarded as `#` lines (TAP) or printed bare above `✖ FILE` (spec). A file the tests load does
# not parse, whether one they require or the test file itself: the build's, as Jest's, Vitest's and mocha's syntax
# errors are (was: build 0.80 beside test 0.80, not decided), an ES module's too, its report headed by its URL
# (`file:///abs/src/cart.mjs:2`). The control's file loads and its assertion fails: test
_NODE_LOADS = [
    ("nodetest20_require_syntax_error.txt", Category.BUILD),
    ("nodetest20_spec_require_syntax_error.txt", Category.BUILD),
    ("nodetest20_esm_syntax_error.txt", Category.BUILD),
    ("nodetest20_spec_esm_syntax_error.txt", Category.BUILD),
    ("nodetest20_test_file_syntax_error.txt", Category.BUILD),
    ("nodetest20_require_loaded_assertion.txt", Category.TEST),
]


@pytest.mark.parametrize(("sample", "category"), _NODE_LOADS)
def test_a_node_test_file_that_does_not_parse_as_it_loads_is_the_build(sample: str, category: Category) -> None:
    log = framing.github_actions("npm test", (DATA / sample).read_text())
    verdict = rule_verdict(extract_facts(log))
    assert (verdict.category, verdict.decided) == (category, True), verdict.reason


# (sample, the summary counting test files, failing tests it counts, files that never loaded): the files' count over
# the run's count of tests (`Tests  no tests`, `Tests: 0 total`, `Tests  1 passed (1)`, `Tests: 2 passed, 2 total`)
_COUNTED = [
    ("vitest3_not_loaded_syntax.txt", "Test Files 1 failed (1)", 0, 1),
    ("jest29_not_loaded_missing.txt", "Test Suites: 1 failed, 1 total", 0, 1),
    ("vitest1_parse_failure.txt", "Test Files 1 failed | 1 passed (2)", 0, 1),
    ("tsjest29_type_error.txt", "Test Suites: 1 failed, 2 passed, 3 total", 0, 1),
    # controls: a file whose test failed an assertion, and two files beside a failing test (which failed is not said)
    ("vitest3_assertion.txt", "Test Files 1 failed (1)", 1, 0),
    ("jest30_assertion.txt", "Test Suites: 1 failed, 1 total", 1, 0),
    ("vitest3_parse_failure_and_failing_test.txt", "Test Files 2 failed (2)", 2, 0),
    # a suite whose Jest worker was SIGKILLed mid-run (`A jest worker process (pid=N) was terminated by another
    # process`) over `Tests: 1 passed`: it loaded, a kill stopped it (meaning.runs.killed), so a failure counted
    ("jest29_worker_killed.txt", "Test Suites: 1 failed, 1 passed, 2 total", 1, 0),
]


@pytest.mark.parametrize(("sample", "text", "failed", "not_loaded"), _COUNTED)
def test_a_summary_counts_test_files_that_never_loaded_apart_from_failing_tests(
    sample: str, text: str, failed: int, not_loaded: int
) -> None:
    summary = next(s for s in facts(sample).summaries if s.text == text)
    assert (summary.failed, summary.files_not_loaded, summary.failing) == (failed, not_loaded, True)
    # the JSON names the field only where files never loaded: every other run's facts read as before
    assert ("files_not_loaded" in summary.model_dump_json()) is bool(not_loaded)


@pytest.mark.parametrize(
    ("sample", "category"),
    [
        # esbuild's transform error beside a summary counting a file that never loaded: no failing test's report
        # may be that error (before: unsure, unread_tests), so the build decides
        ("vitest3_ts_transform_failed.txt", Category.BUILD),
        # ts-jest's type error in a suite that never loaded, beside two that passed: still the types
        ("tsjest29_type_error.txt", Category.TYPE),
    ],
)
def test_with_the_runners_parser_left_out_files_that_never_loaded_count_no_failing_test(
    sample: str, category: Category
) -> None:
    log = _log(sample)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert (verdict.category, verdict.decided) == (category, True), verdict.reason
    assert UNREAD_TESTS not in verdict.reason
    # the summary still says the test run failed, in its own words
    summary = next(s for s in verdict.signals if s.kind == "summary" and s.category is Category.TEST)
    assert "summary counts 1 test file(s) that never loaded" in summary.reason, summary.reason


@pytest.mark.parametrize(
    ("failed", "not_loaded", "counted", "said"),
    [
        (2, 0, "2 failure(s)", "counts 2 failure(s)"),
        (0, 1, "1 test file(s) that never loaded", "counts 1 test file(s) that never loaded"),
        (0, 0, "", "says its run passed"),
    ],
)
def test_the_rules_and_the_triage_prompt_word_a_summarys_counts_alike(
    failed: int, not_loaded: int, counted: str, said: str
) -> None:
    # one wording (Summary.counted) for gather's summary signal and the triage agent's summary lines
    summary = Summary(category=Category.TEST, failed=failed, files_not_loaded=not_loaded, text="x", log_line=1)
    assert summary.counted == counted
    assert _summary_lines(Facts(summaries=[summary]))[0].startswith(f"- test summary in the failing step {said}: ")
    signals = _summary_signals(Facts(summaries=[summary]))
    assert [s.reason for s in signals] == ([f"its test summary counts {counted} (`x`)"] if counted else [])
