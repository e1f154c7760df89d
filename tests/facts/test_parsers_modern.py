"""Today's tools as CI runs them (real output made here, tests/facts/data/README.md says how): Biome,
oxlint, node 20's test runner in TAP, and the GitHub runner's own handling of a step's output (workflow
commands consumed, problem-matcher lines rewritten `##[error]LINE`), each read as the bare output is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.parsers import taskprefix
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA, facts, framed_test

# (sample, the command a CI runs, the workspace its paths are under, a record's repo path, its category)
FRAMED = [
    ("biome2_lint.txt", "npx biome lint src2 src", None, "src2/bad.js", Category.LINT),
    ("color/oxlint_plain.txt", "npx oxlint -D no-unused-vars -D no-undef src", None, "src/cart.js", Category.LINT),
    ("eslint9_flat.txt", "npx eslint src", "/home/runner/work/mweb/mweb/", "src/cart.js", Category.LINT),
    ("color/cspell_plain.txt", "npx cspell README.md", None, "README.md", Category.LINT),
    ("color/bun_test_plain.txt", "bun test", "/home/runner/work/mbun/mbun/", "test/cart.test.js", Category.TEST),
    ("color/deno_test_plain.txt", "deno test", "/home/runner/work/mdeno/mdeno/", "test/cart_test.ts", Category.TEST),
    ("color/deno_lint_plain.txt", "deno lint", "/home/runner/work/mdeno/mdeno/", "src/cart.ts", Category.LINT),
    ("deno_check.txt", "deno check src/bad.ts", "/home/runner/work/mdeno/mdeno/", "src/bad.ts", Category.TYPE),
    ("deno_fmt.txt", "deno fmt --check", "/home/runner/work/mdeno/mdeno/", "src/fmt.ts", Category.FORMAT),
    ("color/svelte_check_plain.txt", "npx svelte-check", "/home/runner/work/msv/msv/", "src/App.svelte", Category.TYPE),
    ("color/ty_check_plain.txt", "ty check shop", None, "shop/cart.py", Category.TYPE),
]

test_each_tool_reads_the_same_inside_a_ci_log = framed_test(FRAMED)


def _records(f: Facts) -> list[tuple[object, ...]]:
    return [(e.tool, e.file, e.line, e.column, e.code) for e in f.errors]


# ------------------------------------------------------------------ Biome


def test_biome_ci_records_its_errors_not_its_warning_and_is_no_ruff() -> None:
    f = facts("color/biome_ci_plain.txt")  # a noUnusedVariables warning, two files to format
    assert f.tools == ["biome"] and f.category is Category.FORMAT
    assert _records(f) == [
        ("biome", "src/cart.cjs", None, None, "format"),
        ("biome", "src/cart.js", None, None, "format"),
    ]
    assert f.errors[0].message == "File content differs from formatting output"


def test_biome_check_places_lint_parse_and_import_order_errors() -> None:
    f = facts("biome2_check.txt")  # Biome 2.6
    assert f.tools == ["biome"]
    assert ("biome", "src2/bad.js", 5, 1, "parse") in _records(f)
    assert ("biome", "src2/bad.js", 4, 20, "lint/correctness/noEmptyPattern") in _records(f)
    assert ("biome", "src2/imp.js", 1, 1, "assist/source/organizeImports") in _records(f)
    assert not [e for e in f.errors if e.file == "src/cart.js" and e.line == 11]  # the warning


def test_biome_1_reads_as_biome_2() -> None:
    f = facts("biome1_ci.txt")  # Biome 1.9: `organizeImports`, no position for it
    assert ("biome", "src2/imp.js", None, None, "organizeImports") in _records(f)
    assert ("biome", "src2/bad.js", 4, 20, "lint/correctness/noEmptyPattern") in _records(f)


def test_biome_ci_decides_by_its_records_which_kind_of_check_failed() -> None:
    # `biome ci` / `biome check` lint and format alike: the command alone says neither.
    f = extract_facts(framing.github_actions("npx biome ci src", (DATA / "color/biome_ci_plain.txt").read_text()))
    verdict = rule_verdict(f, "npx biome ci src")
    assert verdict.category is Category.FORMAT and not [s for s in verdict.signals if s.kind == "check"]


def test_biomes_github_annotations_are_biomes_records_titled_by_their_category() -> None:
    # `biome ci --reporter=github` (Biome 2.6.8; GITHUB_ACTIONS set prints the same): each diagnostic one
    # `::error title=CATEGORY,...` annotation; the title is no tool (it was filed under a tool `format`)
    f = facts("biome2_ci_github_reporter.txt")
    assert f.tools == ["biome"]
    assert [(*r, e.category) for r, e in zip(_records(f), f.errors, strict=True)] == [
        ("biome", "src/app.js", 2, 7, "lint/suspicious/noDoubleEquals", Category.LINT),
        ("biome", "src/app.js", 4, 1, "assist/source/organizeImports", Category.FORMAT),
        ("biome", "src/app.js", 1, 2, "format", Category.FORMAT),
    ]


def test_ruff_still_counts_its_own_found_line() -> None:
    f = facts("ruff_check_full.txt")
    assert "ruff" in f.tools and "biome" not in f.tools


# ------------------------------------------------------------------ oxlint


@pytest.mark.parametrize("sample", ["color/oxlint_plain.txt", "oxlint016.txt"])
def test_oxlint_places_each_error_under_its_rule(sample: str) -> None:
    f = facts(sample)
    assert f.tools == ["oxlint"] and f.category is Category.LINT
    assert sorted(_records(f)) == [
        ("oxlint", "src/cart.cjs", 10, 1, "eslint(no-undef)"),
        ("oxlint", "src/cart.js", 11, 9, "eslint(no-unused-vars)"),
        ("oxlint", "src/cart.js", 12, 10, "eslint(no-undef)"),
    ]
    assert "'itemName' is not defined." in [e.message for e in f.errors]


def test_an_oxlint_warning_is_no_record() -> None:
    # oxlint 1.95's default run on the same files: one warning, exit 0.
    warned = (
        (DATA / "color/oxlint_plain.txt")
        .read_text()
        .replace("  x eslint(no-unused-vars)", "  ! eslint(no-unused-vars)")
    )
    f = extract_facts(warned.encode())
    assert ("src/cart.js", 11) not in [(e.file, e.line) for e in f.errors] and len(f.errors) == 2


# ------------------------------------------------------------------ node --test


def test_node_test_tap_names_each_test_s_file_from_its_location() -> None:
    f = facts("node20_test_tap.txt")  # node 20's default reporter off a terminal
    files = {t.id: t.file for t in f.failing_tests}
    assert files["sums prices"] == files["rejects big rates"] == "ntest/cart.test.cjs"


# ------------------------------------------------------------------ the GitHub runner


def test_the_runner_turns_annotations_into_error_lines_with_unstamped_continuations() -> None:
    entries = framing.runner_entries((DATA / "jest30_github_reporter.txt").read_text())
    errors = [e for e in entries if e.startswith("##[error]")]
    assert errors[0].startswith("##[error]expect(received).toBe(expected)") and "\nReceived: 3" in errors[0]
    assert "##[group]Errors thrown in jtest/cart.test.cjs" in entries and "##[endgroup]" in entries
    assert not [e for e in entries if e.startswith("::")]
    raw = framing.github_runner("npx jest --ci", (DATA / "jest30_github_reporter.txt").read_text())
    assert b"\nReceived: 3\n" in raw  # the message's later lines carry no time stamp


@pytest.mark.parametrize(
    ("sample", "command", "shown"),
    [
        ("jest30_github_reporter.txt", "npx jest --ci", "Received: 3"),
        ("vitest_github_actions.txt", "npx vitest run vtest", "expected 3 to be 4"),
    ],
)
def test_a_runner_s_annotated_test_report_reads_as_the_report(sample: str, command: str, shown: str) -> None:
    output = (DATA / sample).read_text()
    bare = "\n".join(line for line in output.splitlines() if not line.startswith("::"))
    f = extract_facts(framing.github_runner(command, output))
    want = extract_facts(bare.encode())
    assert f.category is Category.TEST and f.failed_line == command
    assert sorted((t.id, t.file) for t in f.failing_tests) == sorted((t.id, t.file) for t in want.failing_tests)
    assert shown in f.excerpt


@pytest.mark.parametrize(
    ("sample", "command", "matcher", "tagged"),
    [
        ("eslint9_flat.txt", "npx eslint src", "eslint-stylish", "##[error]  12:10  error  'itemName' is not defined"),
        ("tsc.txt", "npx tsc -p .", "tsc", "##[error]src/app.ts("),
        ("go_build.txt", "go build ./...", "go", "##[error]calc/calc.go:"),
    ],
)
def test_a_line_a_problem_matcher_took_reads_as_the_tool_s_own(
    sample: str, command: str, matcher: str, tagged: str
) -> None:
    output = (DATA / sample).read_text()
    raw = framing.github_runner(command, output, (matcher,))
    assert tagged in raw.decode()
    f = extract_facts(raw)
    assert _records(f) == _records(extract_facts(output.encode()))
    assert f.failed_line == command and f.errors


# ------------------------------------------------------------------ lockfiles out of date


@pytest.mark.parametrize(
    ("sample", "command", "tool", "shown"),
    [
        ("npm11_ci_out_of_sync.txt", "npm ci", "npm", "Missing: right@1.0.0 from lock file"),
        ("pnpm9_outdated_lockfile.txt", "pnpm install --frozen-lockfile", "pnpm", "ERR_PNPM_OUTDATED_LOCKFILE"),
        ("yarn4_immutable_github.txt", "yarn install --immutable", "yarn", "The lockfile would have been modified"),
        ("uv010_sync_locked.txt", "uv sync --locked", "uv", "needs to be updated, but `--locked` was provided"),
        (
            "bun14_install_frozen.txt",
            "bun install --frozen-lockfile",
            "bun",
            "lockfile had changes, but lockfile is frozen",
        ),
        ("pip26_hash_mismatch.txt", "pip install -r requirements.txt", "pip", "DO NOT MATCH THE HASHES"),
        ("pip26_hash_missing.txt", "pip install -r requirements.txt", "pip", "Hashes are required in --require-hashes"),
        ("pip26_hash_unpinned.txt", "pip install -r requirements.txt", "pip", "must have their versions pinned"),
    ],
)
def test_a_lockfile_the_manifest_outgrew_is_a_dependency_failure(
    sample: str, command: str, tool: str, shown: str
) -> None:
    output = (DATA / sample).read_text()
    for raw in (output.encode(), framing.github_runner(command, output)):
        f = extract_facts(raw)
        assert tool in f.tools and shown in f.excerpt
        verdict = rule_verdict(f, command)
        assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


# ------------------------------------------------------------------ type checkers and JUnit under CI


def test_basedpyright_under_github_actions_keeps_its_rule() -> None:
    # Under GITHUB_ACTIONS basedpyright prints each finding at the margin, indents its detail lines
    # with no-break spaces, and adds annotations (which the runner consumes).
    output = (DATA / "basedpyright_github.txt").read_text()
    f = extract_facts(framing.github_runner("basedpyright shop", output))
    assert _records(f) == [("pyright", "shop/cart.py", 6, 12, "reportReturnType")]
    assert f.category is Category.TYPE and rule_verdict(f, "basedpyright shop").decided


def test_junit_platform_console_names_each_failed_invocation_and_its_file() -> None:
    f = facts("color/junit5_console_plain.txt")  # JUnit Platform 1.9.1 (Debian junit5)
    assert sorted((t.id, t.file) for t in f.failing_tests) == [
        ("CartTest.discounts[1]", "CartTest.java"),
        ("CartTest.discounts[2]", "CartTest.java"),
        ("CartTest.rejectsBigRates", "CartTest.java"),
        ("CartTest.sumsPrices", "CartTest.java"),
    ]
    messages = {t.id: t.message for t in f.failing_tests}
    assert messages["CartTest.rejectsBigRates"] == "java.lang.IllegalArgumentException: rate above 100: 150"
    # the record stays where it was thrown, in the code under test
    assert ("Cart.java", 11) in [(e.file, e.line) for e in f.errors]


def test_a_surefire_failure_names_the_test_s_file_from_its_own_frame() -> None:
    assert [(t.id, t.file) for t in facts("junit4.txt").failing_tests] == [
        ("com.example.AppTest.twiceDoubles", "AppTest.java")
    ]


def test_vitest_places_each_failure_and_keeps_its_error() -> None:
    f = facts("vitest.txt")
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("vtest/cart.test.js", 4, 52, "vtest/cart.test.js > cart > total sums"),
        ("vtest/cart.test.js", 5, 31, "vtest/cart.test.js > cart > throws"),
    ]
    assert [t.message for t in f.failing_tests] == [
        "AssertionError: expected 3 to be 4 // Object.is equality",
        "TypeError: Cannot read properties of null (reading 'x')",
    ]


def test_vitest_places_a_throw_in_the_code_under_test_where_it_was_thrown() -> None:
    f = facts("color/vitest3_plain.txt")  # vitest 3.2: ` ❯ discount src/cart.js:6:23` over ` ❯ test/cart.test.js:9:20`
    assert [(e.file, e.line) for e in f.errors] == [("test/cart.test.js", 6), ("src/cart.js", 6)]
    assert {t.file for t in f.failing_tests} == {"test/cart.test.js"}


@pytest.mark.parametrize(
    ("sample", "tool"), [("npm_jest30_no_tests.txt", "jest"), ("npm_vitest3_no_test_files.txt", "vitest")]
)
def test_a_test_runner_that_finds_no_test_to_run_is_a_config_failure(sample: str, tool: str) -> None:
    # `npm test` with Jest 30 / vitest 3 and no test file: their patterns select nothing, no test ran or failed
    f = facts(sample)
    assert [(e.tool, e.code, e.category) for e in f.errors] == [(tool, "no-tests", Category.CONFIG)]
    assert not f.failing_tests and f.category is Category.CONFIG
    verdict = rule_verdict(extract_facts(framing.github_actions("npm test", (DATA / sample).read_text())), "npm test")
    assert (verdict.category, verdict.decided) == (Category.CONFIG, True)


def test_a_test_runner_told_to_pass_with_no_tests_reports_no_failure() -> None:
    f = facts("vitest3_pass_with_no_tests.txt")  # `vitest run --passWithNoTests`: `... exiting with code 0`
    assert not f.errors and not f.failing_tests


# ------------------------------------------------------------------ cargo test


def test_cargo_test_names_a_test_s_file_when_the_run_shows_it() -> None:
    f = facts("cargo_test_integration.txt")  # cargo 1.95, --no-fail-fast: unit tests, then tests/api.rs
    assert sorted((t.id, t.file) for t in f.failing_tests) == [
        ("cart::tests::counts", None),  # src/cart.rs or src/cart/mod.rs: not printed
        ("tests::panics", "src/lib.rs"),
        ("tests::sums", "src/lib.rs"),
        ("total_of_three", "tests/api.rs"),
    ]
    assert ("tests/api.rs", 5) in [(e.file, e.line) for e in f.errors]


def _tree(root: Path, files: list[str]) -> Path:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")
    return root


def test_a_unit_test_s_module_is_its_file_in_the_source_tree(tmp_path: Path) -> None:
    # cargo 1.95 `cargo test`: `cart::tests::sums_prices` and `shop::discount::tests::halves` under `Running
    # unittests src/lib.rs`; their files are not printed, their modules' files are in the tree (--source)
    assert [t.file for t in facts("cargo_test_modules.txt").failing_tests] == [None, None]
    source = _tree(tmp_path, ["Cargo.toml", "src/lib.rs", "src/cart.rs", "src/shop/mod.rs", "src/shop/discount.rs"])
    f = extract_facts(DATA / "cargo_test_modules.txt", source=source)
    assert [(t.id, t.file) for t in f.failing_tests] == [
        ("cart::tests::sums_prices", "src/cart.rs"),
        ("shop::discount::tests::halves", "src/shop/discount.rs"),
    ]
    moved = _tree(tmp_path / "b", ["src/lib.rs", "src/cart/mod.rs", "src/shop/discount/tests.rs"])
    f = extract_facts(DATA / "cargo_test_modules.txt", source=moved)
    assert [t.file for t in f.failing_tests] == ["src/cart/mod.rs", "src/shop/discount/tests.rs"]


def test_a_go_test_file_s_base_name_is_its_package_s_file_in_the_source_tree(tmp_path: Path) -> None:
    # go 1.19 `go test ./...` in module example.com/mgo: both packages' failing tests are in `util_test.go`,
    # and only `FAIL example.com/mgo/calc` after each package's tests says which package
    source = _tree(tmp_path, ["go.mod", "calc/calc.go", "calc/util_test.go", "money/money.go", "money/util_test.go"])
    for f, files in [
        (facts("go_test_two_packages.txt"), ["util_test.go", "util_test.go"]),  # without --source: as printed
        (extract_facts(DATA / "go_test_two_packages.txt", source=source), ["calc/util_test.go", "money/util_test.go"]),
    ]:
        assert [t.file for t in f.failing_tests] == files
        assert [e.file for e in f.errors] == files


# ------------------------------------------------------------------ pytest's traceback styles


def _places(f: Facts) -> list[tuple[object, ...]]:
    return [(e.file, e.line, e.code, e.repeats) for e in f.errors]


def test_pytest_short_tracebacks_place_each_failure_as_long_ones_do() -> None:
    long, short = facts("pytest8_long.txt"), facts("pytest8_tb_short.txt")  # pytest 8.4, the same five failures
    assert (
        _places(short)
        == _places(long)
        == [
            ("tests/test_cart.py", 6, "AssertionError", 1),  # with test_param[2]'s line 19
            ("shop/cart.py", 11, "ValueError", 1),  # raised in the code under test, twice
            ("tests/test_unit.py", 7, "AssertionError", 0),
        ]
    )
    assert [e.message for e in short.errors] == [e.message for e in long.errors]


def test_pytest_line_tracebacks_place_failures_in_the_project_only() -> None:
    f = facts(
        "pytest8_tb_line.txt"
    )  # `/home/runner/.../tests/test_cart.py:6: assert 4.0 == 5`; unittest's in the stdlib
    assert _places(f) == [("tests/test_cart.py", 6, "AssertionError", 1), ("shop/cart.py", 11, "ValueError", 0)]
    assert len(f.failing_tests) == 5


def test_pytest_auto_tracebacks_keep_the_long_frame_s_place() -> None:
    # --tb=auto prints the middle frames short (`sessions.py:20: in request`), then `_ _ _` and the
    # long last frame, whose own location line places the failure: not the short frame above it.
    assert [(e.file, e.line, e.code) for e in facts("pytest_auto_frames.txt").errors] == [
        ("adapters.py", 15, "ConnectionError")
    ]
    short4 = facts("pytest4_tb_short.txt")  # pytest 4's --tb=short
    assert [(e.file, e.line, e.code) for e in short4.errors] == [
        ("tests/test_cart.py", 25, "OSError"),
        ("tests/test_cart.py", 7, "AssertionError"),
        ("cart/__init__.py", 6, "ZeroDivisionError"),
    ]


def test_a_vitest_suite_that_failed_to_load_is_a_failed_test_at_its_import() -> None:
    f = facts("color/vitest3_failed_suite_plain.txt")  # `FAIL  vt2/pricing.test.js [ vt2/pricing.test.js ]`
    suite = next(t for t in f.failing_tests if t.id == "vt2/pricing.test.js")
    assert suite.file == "vt2/pricing.test.js" and (suite.message or "").startswith("Error: Cannot find module")
    assert ("vt2/pricing.test.js", 2) in [(e.file, e.line) for e in f.errors]
    assert not [e for e in f.errors if "node_modules" in (e.file or "")]  # vite's own frame below it


# ------------------------------------------------------------------ Python's exception groups


def test_an_exception_group_s_tracebacks_are_read_inside_their_frame() -> None:
    f = facts("color/py313_exception_group_plain.txt")  # Python 3.13: `  | ` before every line of a sub-traceback
    assert [(e.file, e.line, e.code, e.repeats) for e in f.errors] == [
        ("run_cart.py", 15, "ExceptionGroup", 0),
        ("shop/cart.py", 11, "ValueError", 1),  # both sub-exceptions, raised in the same place
    ]


def test_pytest_shows_a_task_group_s_error_where_it_was_raised() -> None:
    f = facts("pytest8_exception_group.txt")  # asyncio.TaskGroup under pytest 8.4 (Python 3.11)
    assert ("shop/cart.py", 11, "ValueError") in [(e.file, e.line, e.code) for e in f.errors]
    assert [t.id for t in f.failing_tests] == ["tg/test_group.py::test_prices_concurrently"]


# ------------------------------------------------------------------ monorepo runners


def test_a_pnpm_package_s_relative_paths_are_joined_to_its_folder() -> None:
    # `pnpm -r test`: node prints `test at test/cart.test.js:3:1` from packages/web, pnpm puts
    # `packages/web test: ` in front.
    f = facts("pnpm9_recursive_test.txt")
    assert [(t.id, t.file) for t in f.failing_tests] == [("sums prices", "packages/web/test/cart.test.js")]
    assert [(e.file, e.line) for e in f.errors] == [("packages/web/test/cart.test.js", 3)]


@pytest.mark.parametrize(
    ("prefix", "folder"),
    [("packages/web test:", "packages/web"), ("apps/site/ build:", "apps/site"), ("web:test:", None), ("[web]:", None)],
)
def test_only_pnpm_s_prefix_names_a_folder(prefix: str, folder: str | None) -> None:
    assert taskprefix.package_dir(prefix) == folder


def test_cspell_names_each_unknown_word_and_its_place() -> None:
    f = facts("color/cspell_plain.txt")  # cspell 9 (npm): `README.md:7:5 - Unknown word (wrod) fix: (word)`
    assert [(e.tool, e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("cspell", "README.md", 7, 5, "Unknown word (wrod) fix: (word)"),
        ("cspell", "README.md", 7, 13, "Unknown word (mispeled)"),
    ]


# ------------------------------------------------------------------ bun test


@pytest.mark.parametrize("sample", ["color/bun_test_plain.txt", "bun_test_github.txt"])
def test_bun_test_names_each_failed_test_its_error_and_place(sample: str) -> None:
    # Bun 1.4: the error before its `(fail) cart > sums prices [0.30ms]`; under GitHub Actions each
    # file is a `::group::` of its own and the failures are annotated too.
    output = (DATA / sample).read_text()
    f = extract_facts(framing.github_runner("bun test", output))
    assert f.tools == ["bun"] and f.category is Category.TEST
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("cart > sums prices", "test/cart.test.js", "expect(received).toBe(expected)"),
        ("cart > rejects big rates", "test/cart.test.js", "RangeError: rate above one: 1.5"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/cart.test.js", 6), ("src/cart.js", 6)]


# ------------------------------------------------------------------ Deno


def test_deno_test_names_each_failure_where_it_is_declared_and_places_it_where_it_threw() -> None:
    f = facts("color/deno_test_plain.txt")  # Deno 2.9: `total sums => ./test/cart_test.ts:7:6` under ` ERRORS `
    assert [(t.id, t.file, t.message) for t in f.failing_tests] == [
        ("total sums", "test/cart_test.ts", "Error: expected 3, got 2"),
        ("discount rejects big rates", "test/cart_test.ts", "RangeError: rate above one: 1.5"),
    ]
    assert [(e.file, e.line) for e in f.errors] == [("test/cart_test.ts", 4), ("src/cart.ts", 6)]


def test_deno_s_lint_type_and_format_findings_are_their_kinds() -> None:
    lint, check, fmt = facts("deno_lint_eqeqeq.txt"), facts("deno_check.txt"), facts("deno_fmt.txt")
    assert [(e.file, e.line, e.code) for e in lint.errors] == [
        ("src/eq.ts", 2, "eqeqeq"),
        ("src/cart.ts", 7, "no-unused-vars"),
    ]
    assert lint.tools == ["deno"]  # its rustc-like `error[eqeqeq]:` is no cargo error
    assert [(e.file, e.line, e.code) for e in check.errors] == [
        ("src/bad.ts", 1, "TS2322")
    ] and check.category is Category.TYPE
    assert [(e.file, e.code) for e in fmt.errors] == [("src/fmt.ts", "format")] and fmt.category is Category.FORMAT


def test_rustc_s_coded_errors_stay_cargo_s() -> None:
    # rustc's `error[E0308]:` has Deno's lint shape too; its codes are not Deno's rule names
    f = facts("cargo_build.txt")
    assert "deno" not in f.tools and {e.tool for e in f.errors if e.code and e.code.startswith("E0")} == {"cargo"}


# ------------------------------------------------------------------ vite build


@pytest.mark.parametrize(
    ("sample", "record", "category"),
    [
        ("vite7_build_unresolved.txt", ("web/main.js", None, "unresolved-import"), Category.BUILD),
        ("vite7_build_package.txt", ("web/main.js", None, "unresolved-import"), Category.DEPENDENCY),
        ("vite7_build_syntax.txt", ("web/main.js", 3, "vite:build-html"), Category.BUILD),
        ("vite7_build_ts_syntax.txt", ("web/main.ts", 3, "esbuild"), Category.BUILD),
    ],
)
def test_vite_build_errors_are_placed_and_a_missing_package_is_a_dependency(
    sample: str, record: tuple[str, int | None, str], category: Category
) -> None:
    output = (DATA / sample).read_text()
    f = extract_facts(framing.github_runner("npx vite build web", output))
    assert f.tools == ["vite"] and f.category is category
    assert [(e.file, e.line, e.code) for e in f.errors] == [record]


@pytest.mark.parametrize(
    ("sample", "record", "category"),
    [
        ("next15_build_type.txt", ("app/page.tsx", 2, "type-error"), Category.TYPE),
        ("next15_build_module.txt", ("app/page.tsx", None, "module-not-found"), Category.BUILD),
    ],
)
def test_next_build_s_type_and_module_errors(
    sample: str, record: tuple[str, int | None, str], category: Category
) -> None:
    f = extract_facts(framing.github_runner("npm run build", (DATA / sample).read_text()))
    assert [(e.file, e.line, e.code) for e in f.errors] == [record] and f.category is category


# ------------------------------------------------------------------ ESLint 9's flat configuration


def test_eslint_9_without_a_flat_config_or_with_a_plugin_missing_lints_nothing() -> None:
    none = facts("eslint9_no_flat_config.txt")  # only an .eslintrc.json: `ESLint couldn't find an eslint.config...`
    assert [(e.code, e.category) for e in none.errors] == [("missing-config-file", Category.CONFIG)]
    plugin = extract_facts(framing.github_runner("npx eslint src", (DATA / "eslint9_missing_plugin.txt").read_text()))
    assert [(e.code, e.category) for e in plugin.errors] == [("missing-plugin", Category.DEPENDENCY)]
    verdict = rule_verdict(plugin, "npx eslint src")
    assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason


def test_ts_jest_s_type_error_is_placed_in_the_suite_that_failed_to_run() -> None:
    # ts-jest 29 under Jest 30 prints tsc's pretty line indented under `● Test suite failed to run`
    f = facts("jest30_tsjest_type.txt")
    assert [(e.tool, e.file, e.line, e.code) for e in f.errors] == [("tsc", "test/cart.test.ts", 4, "TS2322")]
    assert [t.file for t in f.failing_tests] == ["test/cart.test.ts"]


@pytest.mark.parametrize(
    ("sample", "command"),
    [
        ("cargo_build.txt", "cargo build"),
        ("color/cargo_build_color.txt", "cargo build --color always"),
        ("cargo_clippy_lints.txt", "cargo clippy -- -D warnings"),
        ("cargo_fmt_check_tests.txt", "cargo fmt --check"),
    ],
)
def test_rust_lines_the_rust_toolchain_action_s_matchers_took_read_as_cargo_s(sample: str, command: str) -> None:
    # actions-rust-lang/setup-rust-toolchain's matchers: `##[error] --> src/lib.rs:6:9` under a
    # diagnostic, `##[warning]Diff in src/lib.rs:4:`
    output = (DATA / sample).read_text()
    raw = framing.github_runner(command, output, ("clippy", "rustfmt"))
    assert re.search(rb"##\[error\] *--> ", raw) or b"##[warning]Diff in" in raw  # the matchers took lines
    f = extract_facts(raw)
    assert _records(f) == _records(extract_facts(output.encode())) and f.errors


def test_an_annotation_printed_inside_pytest_s_progress_line_stays_text_and_changes_nothing() -> None:
    # pytest-github-actions-annotate-failures 0.4 writes `::error file=...` after pytest's progress
    # (`tests/test_cart.py ::error ...`): the runner takes only a line that starts with `::` as a command.
    output = (DATA / "pytest8_annotate_failures.txt").read_text()
    assert "tests/test_cart.py ::error file=" in "\n".join(framing.runner_entries(output))
    f = extract_facts(framing.github_runner("python -m pytest tests", output))
    plain = facts("pytest8_long.txt")
    assert [(e.file, e.line, e.code) for e in f.errors] == [(e.file, e.line, e.code) for e in plain.errors]
    assert [t.id for t in f.failing_tests] == [t.id for t in plain.failing_tests]


def test_svelte_check_places_each_error_in_both_outputs() -> None:
    human, machine = facts("color/svelte_check_plain.txt"), facts("svelte_check_machine.txt")  # svelte-check 4
    assert [(e.file, e.line, e.column, e.code) for e in human.errors] == [("src/App.svelte", 2, 7, "ts")]
    assert [(e.file, e.line, e.column) for e in machine.errors] == [("src/App.svelte", 2, 7)]
    assert human.category is machine.category is Category.TYPE


@pytest.mark.parametrize("sample", ["color/ty_check_plain.txt", "ty_check_concise.txt"])
def test_ty_s_diagnostics_are_type_errors_of_ty_not_deno_s(sample: str) -> None:
    f = facts(sample)  # ty 0.0.108: `error[invalid-explicit-return]: ...` over ` --> shop/cart.py:6:12`
    assert f.tools == ["ty"] and f.category is Category.TYPE
    assert [(e.tool, e.file, e.line, e.column, e.code) for e in f.errors] == [
        ("ty", "shop/cart.py", 6, 12, "invalid-explicit-return")
    ]


def test_sqlfluff_rows_are_placed_under_their_file() -> None:
    f = extract_facts(
        framing.github_runner("sqlfluff lint --dialect duckdb models", (DATA / "sqlfluff4_lint.txt").read_text())
    )
    assert f.tools == ["sqlfluff"] and f.category is Category.SQL
    assert ("models/orders.sql", 1, 10, "LT01") in [(e.file, e.line, e.column, e.code) for e in f.errors]
    assert {e.file for e in f.errors} == {"models/orders.sql"}


def test_sqlfluff_s_unparsable_section_is_a_record_and_wrapped_messages_are_whole() -> None:
    """sqlfluff right-aligns the PRS code (`|  PRS |`): a section that does not parse is a record like a rule's; a
    message wrapped under `                       | ...` goes on in the record's. A run that passes has none."""
    f = facts("sqlfluff45_parse_error.txt")
    assert [(e.file, e.line, e.code) for e in f.errors if e.code == "PRS"] == [("models/orders.sql", 5, "PRS")]
    assert sorted(e.message for e in f.errors)[0] == (
        "Line 5, Position 14: Found unparsable section: '>'. Expected: Nothing here. Found <CodeSegment: ([L:  5, P: "
        "14]) '>'>"
    )
    assert "Select targets should be on a new line unless there is only one select target. [layout.select_targets]" in [
        e.message for e in f.errors
    ]
    assert f.category is Category.SQL and not facts("sqlfluff45_pass.txt").errors


def test_shfmt_s_diff_names_the_script_it_would_reformat() -> None:
    f = extract_facts(framing.github_runner("shfmt -d scripts/run.sh", (DATA / "shfmt3_diff.txt").read_text()))
    assert [(e.tool, e.file, e.code) for e in f.errors] == [("shfmt", "scripts/run.sh", "format")]
    assert f.category is Category.FORMAT
    assert facts("gofmt_d_tests.txt").tools == ["gofmt"]  # gofmt -d's `.orig` headers stay gofmt's


@pytest.mark.parametrize("sample", ["typos152.txt", "typos152_brief.txt", "typos116.txt"])
def test_typos_places_each_misspelling(sample: str) -> None:
    # typos 1.52: "error: `Teh` should be `The`" over "  ╭▸ README.md:7:1"; brief on one line; 1.16 drew
    # rustc's ` --> README.md:7:1`, which is no cargo error
    f = facts(sample)
    assert f.tools == ["typos"] and f.category is Category.LINT
    assert [(e.file, e.line, e.column, e.message) for e in f.errors] == [
        ("README.md", 7, 1, "`Teh` should be `The`"),
        ("README.md", 7, 5, "`wrod` should be `word`"),
    ]
