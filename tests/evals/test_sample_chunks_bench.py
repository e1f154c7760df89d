"""bench/sample_chunks.py: which lines of a real sample are its labelled report."""

from __future__ import annotations

import re
from pathlib import Path

from bench.logs import ceiling
from bench.sample_chunks import OVER, blocks, label_tokens, plain_job, report_lines

DATA = Path(__file__).parents[1] / "facts" / "data"


def _labelled(sample: str) -> list[str]:
    output = (DATA / sample).read_text().rstrip("\n").split("\n")
    return [output[i] for i in report_lines(output) if output[i].strip()]


def test_a_runs_passing_results_are_not_labelled_only_its_failures_lines() -> None:
    # pytest-xdist -v: the workers print other tests' PASSED lines after the failing one's progress
    # line, before the FAILURES section; labelled from the first error to the last verdict, the chunk
    # held every one of them (26 lines of which 11 were another test's).
    labelled = _labelled("pytest_xdist_verbose.txt")
    assert not any("PASSED" in line or line.startswith("test_pass.py::") for line in labelled), labelled
    assert labelled[0] == "[gw0] [ 57%] FAILED test_fail.py::test_total "
    assert "E       assert 7 == 6" in labelled
    assert labelled[-1].startswith("========================= 1 failed, 25 passed")


def test_go_tests_other_packages_and_cargo_tests_passing_threads_are_not_labelled() -> None:
    go = _labelled("gotest119_v_p4_one_failed.txt")
    assert go == [
        "    orders_test.go:59: Add(2, 2) = 4, want 5",
        "--- FAIL: TestCase7 (0.01s)",
        "FAIL",
        "FAIL\texample.com/shop/orders\t0.216s",
        "FAIL",
    ]
    cargo = _labelled("cargo195_test_threads8_two_failed.txt")
    assert not any(line.endswith(" ... ok") for line in cargo)
    assert "test tests::entry_case_29 ... FAILED" in cargo
    assert "assertion `left == right` failed: balance after entry 13" in cargo
    assert cargo[-1] == "error: test failed, to rerun pass `--lib`"


def test_a_report_without_passing_results_is_labelled_from_its_first_error_to_its_last_telling_line() -> None:
    output = [
        "collecting ...",
        "Traceback (most recent call last):",
        '  File "a.py", line 1, in <module>',
        "",
        "ValueError: x",
    ]
    assert report_lines(output) == [1, 2, 3, 4]
    assert report_lines(["building", "done"]) == [0, 1]  # nothing tells: the whole output


def test_a_sanitizers_shadow_map_is_not_labelled_its_report_is() -> None:
    # The excerpt leaves each shadow map and legend out on purpose (excerpt_marks.shadow_map_rows): labelled, ctest's
    # two ASan reports counted their 31 lines each as lines the excerpt lost.
    labelled = _labelled("ctest_asan.txt")
    assert not any(line.startswith(("Shadow byte", "  0x", "=>0x", "  Addressable:")) for line in labelled)
    assert "0x602000000014 is located 0 bytes to the right of 4-byte region [0x602000000010,0x602000000014)" in labelled
    assert any(line.startswith("SUMMARY: AddressSanitizer: heap-use-after-free") for line in labelled)
    assert "==725==ABORTING" in labelled and labelled[-1] == "Errors while running CTest"


def test_a_task_runner_s_report_is_labelled_as_the_same_tool_s_report_run_bare() -> None:
    # turbo's `web:lint: ` / `web:test: ` off (parsers.bare_texts), the labels are the bare run's lines: ESLint's
    # rows (their location first: telling) and node's failing test's frames, none of `api`'s passing lines; then
    # npm's own lines on the script's failure, which the bare run does not print.
    for runner, bare in (
        ("turbo2_mono_lint.txt", "eslint9_mono_web.txt"),
        ("turbo2_mono_test.txt", "node20_test_mono_web.txt"),
    ):
        prefixed = [line.split(": ", 1)[1] for line in _labelled(runner) if line.startswith("web:")]
        assert not any(line.startswith("api:") for line in _labelled(runner))
        alone = _labelled(bare)
        same = [re.sub(r"[\d.]+ms", "", line) for line in prefixed if line.strip()][: len(alone)]
        assert same == [re.sub(r"[\d.]+ms", "", line) for line in alone]
    # Yarn Berry's `[web]: ` on node's frames (four labelled lines of thirty when read with the prefix)
    assert any(line.startswith("[web]:       at TestContext") for line in _labelled("yarn4_foreach_v_mono_test.txt"))


def test_a_failing_tests_heading_starts_its_label_after_a_passing_result_in_the_tree_above() -> None:
    # Jest prints its run's tree (`✕ sums prices`, `✓ passes`) above the report: the passing row split the
    # report, and the part after it was labelled from its first error or frame, which left out the failing
    # test's heading, its assertion, Expected/Received and the source (jest29_long_diff.txt's diff, 237 lines).
    for sample, heading, said in (
        ("jest30_github_reporter.txt", "  ● cart › sums prices", "    Expected: 4"),
        ("jest29_long_diff.txt", "  ● catalog lists every item in stock", "    - Expected  - 17"),
        ("yarn1_jest_test_timeout.txt", "  ● restock finishes", '    thrown: "Exceeded timeout of 5000 ms for a test.'),
    ):
        labelled = _labelled(sample)
        assert heading in labelled and said in labelled
        assert not any("✓" in line for line in labelled)


def test_mochas_numbered_heading_over_a_failure_is_labelled_with_it() -> None:
    # mocha's `  1) total` over `       is zero for no prices:` names the failing test its error reports on.
    labelled = _labelled("mocha10_test_timeout.txt")
    assert labelled[:2] == ["  1) stock", "       waits for stock:"]


def test_a_linters_rows_are_labelled_with_its_count() -> None:
    # Ruff's concise rows tell no error by their words: only `Found 40 errors.` was labelled, so no change to which
    # rows an excerpt keeps could show in the proxy. A checker's finding (located.checked) is its report's error.
    labelled = _labelled("ruff_e711_40_one_rule.txt")
    assert len(labelled) == 41
    assert labelled[0] == "shop/orders_00.py:5:25: E711 Comparison to `None` should be `cond is None`"
    assert labelled[-1] == "Found 40 errors."
    stylish = _labelled("eslint8_eqeqeq_40_one_rule.txt")  # a path alone over its rows
    assert sum(line.endswith("  eqeqeq") for line in stylish) == 40


def test_a_report_over_the_budget_is_its_own_stratum_with_its_ceiling_in_blocks_split_by_text() -> None:
    # maven_surefire_parameterized_14_failed.txt's report: 613 labelled lines, more than 2,000 tokens. The
    # ceiling pays one header per block of labelled lines that only blank lines split, not one per line (which
    # left it no room at all: 0.00 beside the excerpt's 0.16).
    output = (DATA / "maven_surefire_parameterized_14_failed.txt").read_text().rstrip("\n").split("\n")
    job = plain_job("maven_surefire_parameterized_14_failed.txt", "mvn -B test", output)
    assert label_tokens(job) > OVER
    assert 1 <= blocks(job) < len(job.chunk) // 10
    lines = [line.encode() for line in job.lines]
    cov, hit = ceiling(lines, [[(n, n) for n in job.chunk]], 2000, headers=blocks(job))
    assert 0.1 < cov < 1.0 and not hit
    assert ceiling(lines, [[(n, n) for n in job.chunk]], 100_000, headers=blocks(job)) == (1.0, True)
