"""extract_facts end to end: CI framings, budgets, redaction of every field, bad input, repo facts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remediate.facts import FactsInputError, estimate_tokens, extract_facts, parsers
from remediate.facts.ci import detect
from remediate.facts.excerpt import HEADER, REPEATS, render_line
from remediate.facts.extract import modules_reading
from remediate.facts.reader import LogSource, clean_line
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from remediate.models import Category, Facts
from tests.facts import framing

DATA = Path(__file__).parent / "data"
PYTEST = (DATA / "pytest_failures.txt").read_text()
TOKEN = "ghp_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"
_BLOCK = re.compile(r"^── log lines (\d+)-(\d+) ──$")
_REPEATS = re.compile("^" + re.escape(REPEATS).replace(re.escape("{count}"), r"(\d+)") + "$")


def excerpt_blocks(facts: Facts) -> list[tuple[int, int, list[str]]]:
    """(start, end, lines) for each block of the excerpt, parsed back from its text (a folded run
    of identical lines unfolded)."""
    blocks: list[tuple[int, int, list[str]]] = []
    for line in facts.excerpt.split("\n"):
        m = _BLOCK.match(line)
        repeats = _REPEATS.match(line)
        if m:
            blocks.append((int(m.group(1)), int(m.group(2)), []))
        elif repeats:
            blocks[-1][2].extend([blocks[-1][2][-1]] * int(repeats.group(1)))
        else:
            blocks[-1][2].append(line)
    return blocks


def assert_excerpt_matches_log(facts: Facts, raw: bytes) -> None:
    """Every excerpt block shows exactly the (cleaned) original lines its header names."""
    lines = raw.split(b"\n")
    blocks = excerpt_blocks(facts)
    assert [(s, e) for s, e, _ in blocks] == [(r.start, r.end) for r in facts.excerpt_lines]
    for start, end, shown in blocks:
        assert len(shown) == end - start + 1
        for no, text in zip(range(start, end + 1), shown, strict=True):
            original = clean_line(lines[no - 1])
            assert text in (original, render_line(original)), (no, text)


# ---------------------------------------------------------------------- CI framings


def test_github_actions() -> None:
    raw = framing.github_actions("pytest -q", PYTEST)
    f = extract_facts(raw)
    assert f.category is Category.TEST and "pytest" in f.tools
    assert f.failing_step == "Run pytest -q"
    assert f.failing_command == "pytest -q"
    assert f.exit_code == 1
    assert "Complete job name: test (3.12)" in f.excerpt
    assert "##[error]Process completed with exit code 1." in f.excerpt
    assert "FAILED tests/test_calc.py::test_add - assert -1 == 5" in f.excerpt
    assert "2026-05-01T" not in f.excerpt and "\x1b" not in f.excerpt and "[36;1m" not in f.excerpt
    assert f.log_lines == raw.count(b"\n") and f.log_bytes == len(raw)
    assert_excerpt_matches_log(f, raw)


def test_gitlab() -> None:
    raw = framing.gitlab("pytest -q", PYTEST)
    f = extract_facts(raw)
    assert f.category is Category.TEST
    # The block is every command of the job script (the check that reproduces it); the last failed.
    assert f.failing_command == "pip install -r requirements.txt\npytest -q" and f.exit_code == 1
    assert f.failed_line == "pytest -q"
    assert "ERROR: Job failed: exit code 1" in f.excerpt
    assert "section_start" not in f.excerpt
    assert_excerpt_matches_log(f, raw)


def test_jenkins() -> None:
    raw = framing.jenkins("ruff check .", (DATA / "ruff_check_concise.txt").read_text(), exit_code=1)
    f = extract_facts(raw)
    assert f.category is Category.LINT and f.exit_code == 1
    assert f.errors[0].code == "F401"
    assert "ERROR: script returned exit code 1" in f.excerpt
    assert_excerpt_matches_log(f, raw)


def test_travis() -> None:
    raw = framing.travis("mypy --strict pkg", (DATA / "mypy.txt").read_text())
    f = extract_facts(raw)
    assert f.category is Category.TYPE
    assert f.failing_command == "mypy --strict pkg" and f.exit_code == 1
    assert 'The command "mypy --strict pkg" exited with 1.' in f.excerpt
    assert_excerpt_matches_log(f, raw)


def test_travis_quotes_a_multi_line_command_over_several_lines() -> None:
    # Travis echoes a multi-line command as written and quotes it the same way when it fails:
    # `The command "mypy --strict \` ... `" exited with 2.`. That is the job's failure, not the
    # cleanup step after it (Travis runs `after_failure`/artifacts steps before `Done.`); a
    # multi-line command that exited 0 is no failure.
    passed = 'if [ -n "$CI" ]; then\n  echo ci\nfi'
    command = "mypy --strict \\\n    pkg"
    log = framing.travis(command, (DATA / "mypy.txt").read_text(), exit_code=2).decode().split("\n")
    done = log.index("Done. Your build exited with 1.")
    ok = [f"$ {passed}", "ci", f'\x1b[32;1mThe command "{passed}" exited with 0.\x1b[0m']
    after = ["$ artifacts upload", "uploading 3 artifacts", "failed to upload: 403 Forbidden", ""]
    raw = "\n".join([*log[:3], *ok, *log[3:done], *after, *log[done:]]).encode()
    f = extract_facts(raw)
    assert f.failing_command == command and f.failing_step == "mypy --strict \\" and f.exit_code == 2
    assert f.category is Category.TYPE and ": error: " in f.excerpt
    assert_excerpt_matches_log(f, raw)


def test_a_travis_quote_that_never_closes_ends_at_the_next_one() -> None:
    # A quote is read up to the next `The command "` at most: each line is read for one quote
    # (linear in the log), and a later command's own report is never taken for the close of an
    # earlier, unclosed one (a log cut mid-quote, a tool printing `The command "`).
    log = framing.travis("mypy --strict pkg", (DATA / "mypy.txt").read_text()).decode().split("\n")
    failed = next(i for i, t in enumerate(log) if "The command " in t)
    raw = "\n".join([*log[:failed], 'The command "echo \\', "  cut here", *log[failed:]]).encode()
    with LogSource(raw) as src:
        st = detect(build_view(src, scan(src), Redactor()), scan(src))
    assert [(f.command, f.exit_code) for f in st.failures if f.job_level] == [("mypy --strict pkg", 1)]


def test_travis_reports_on_its_machine_are_setup_not_evidence() -> None:
    # Travis opens every job with folds describing the machine (the image's tools, sudo's
    # configuration); lines there that mention errors or time-outs are not the job's failure.
    system_info = [
        "travis_fold:start:system_info\r\x1b[0K\x1b[33;1mBuild system information\x1b[0m",
        "Build language: python",
        *(f"tool-{i} version {i}.0" for i in range(30)),
        "Defaults\tenv_reset, timestamp_timeout=0",
        "# Options that make error messages more useful and show a warning on timeout",
        "Defaults\tlecture=never, passwd_timeout=1",
        "travis_fold:end:system_info\r\x1b[0K",
    ]
    log = framing.travis("mypy --strict pkg", (DATA / "mypy.txt").read_text()).decode().split("\n")
    raw = "\n".join([*log[:3], *system_info, *log[3:]]).encode()
    f = extract_facts(raw, budget_tokens=300)
    assert "error messages more useful" not in f.excerpt and "timestamp_timeout" not in f.excerpt
    assert 'The command "mypy --strict pkg" exited with 1.' in f.excerpt and ": error: " in f.excerpt
    with LogSource(raw) as src:
        view = build_view(src, scan(src), Redactor())
        st = detect(view, scan(src))
    assert st.setup_ranges[:2] == [(1, 3), (4, 4 + len(system_info) - 1)]


def test_only_githubs_run_group_is_the_runners_echo() -> None:
    # GitHub's runner echoes a `run:` step's script, shell and env in a `##[group]Run ...` group before its output:
    # setup, weighted down. Azure reads `##[group]` as a logging command the job's own script prints (documented
    # among Azure Pipelines' formatting commands): a group a script opens there holds the step's output.
    output = ["##[group]Run integration tests", "tests/test_api.py::test_get FAILED", "##[endgroup]"]
    with LogSource(framing.azure("./ci/integration.sh", "\n".join(output))) as src:
        st = detect(build_view(src, scan(src), Redactor()), scan(src))
    assert st.ci == "azure" and st.setup_ranges == []
    with LogSource(framing.github_actions("./ci/integration.sh", "all good")) as src:
        st = detect(build_view(src, scan(src), Redactor()), scan(src))
    assert st.ci == "github-actions" and st.setup_ranges


def test_failure_buried_in_a_long_log_keeps_its_line_numbers() -> None:
    noise = "\n".join(f"test_{i} PASSED" for i in range(20_000))
    raw = framing.github_actions("pytest", noise + "\n" + PYTEST + "\n" + noise[:2000])
    f = extract_facts(raw, budget_tokens=1000)
    assert f.excerpt_tokens <= 1000
    assert "ZeroDivisionError: division by zero" in f.excerpt
    assert_excerpt_matches_log(f, raw)
    err = next(e for e in f.errors if e.code == "ZeroDivisionError")
    assert err.log_line is not None
    assert clean_line(raw.split(b"\n")[err.log_line - 1]) == "pkg/calc.py:9: ZeroDivisionError"


# ---------------------------------------------------------------------- budgets


@pytest.mark.parametrize("budget", [50, 120, 400, 2000, 8000])
def test_budget_is_respected(budget: int) -> None:
    raw = framing.github_actions("pytest", PYTEST * 40)
    f = extract_facts(raw, budget_tokens=budget)
    assert f.excerpt_tokens == estimate_tokens(f.excerpt) <= budget
    assert f.excerpt  # even 50 tokens show something


@settings(max_examples=25, deadline=None)
@given(
    budget=st.integers(min_value=50, max_value=3000),
    body=st.lists(st.sampled_from([*PYTEST.split("\n"), "", "x" * 900, "error: e", "ok"]), max_size=400),
)
def test_budget_property(budget: int, body: list[str]) -> None:
    raw = framing.travis("make test", "\n".join(body))
    f = extract_facts(raw, budget_tokens=budget)
    assert f.excerpt_tokens <= budget
    assert_excerpt_matches_log(f, raw)


def test_estimate_tokens() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd") == 1
    assert estimate_tokens("abcde") == 2


def test_budget_below_minimum_is_bad_input() -> None:
    with pytest.raises(FactsInputError, match="budget_tokens"):
        extract_facts(b"x\n", budget_tokens=10)


# ---------------------------------------------------------------------- odd inputs


def test_empty_log() -> None:
    f = extract_facts(b"")
    assert f.log_bytes == 0 and f.log_lines == 0 and f.excerpt == "" and f.category is Category.UNKNOWN


def test_an_empty_log_with_a_source_reads_the_source_all_the_same(tmp_path: Path) -> None:
    # the log says nothing; the project's facts (its tree, its manifests) are what a fixer starts from
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "calc.py").write_text("x = 1\n")
    (tmp_path / "requirements.txt").write_text("requests==2.32.3\n")
    f = extract_facts(b"", source=tmp_path)
    assert f.log_bytes == 0 and f.category is Category.UNKNOWN
    assert f.repo is not None and f.repo == extract_facts(b"x\n", source=tmp_path).repo
    assert "pkg/calc.py" in f.repo.tree


def test_empty_file(tmp_path: Path) -> None:
    log = tmp_path / "empty.log"
    log.write_bytes(b"")
    assert extract_facts(log).log_bytes == 0


def test_missing_log_and_missing_source(tmp_path: Path) -> None:
    with pytest.raises(FactsInputError, match="not found"):
        extract_facts(tmp_path / "missing.log")
    with pytest.raises(FactsInputError, match="directory"):
        extract_facts(tmp_path)
    with pytest.raises(FactsInputError, match="source directory"):
        extract_facts(b"x\n", source=tmp_path / "nope")


def test_binary_junk_and_invalid_utf8() -> None:
    junk = bytes(b for b in range(256) if b != 10) * 50
    raw = b"start\n" + junk + b"\n\xff\xfe error: broken \xc3\x28 thing\n" + junk + b"\nFAILED x\n"
    f = extract_facts(raw)
    assert f.log_lines == 5 and f.log_bytes == len(raw)
    assert "error: broken" in f.excerpt
    assert "\x00" not in f.excerpt


def test_no_newline_at_end_and_single_line() -> None:
    f = extract_facts(b"error: only line")
    assert f.log_lines == 1 and [(r.start, r.end) for r in f.excerpt_lines] == [(1, 1)]


def test_path_and_bytes_give_the_same_facts(tmp_path: Path) -> None:
    raw = framing.github_actions("pytest", PYTEST)
    log = tmp_path / "job.log"
    log.write_bytes(raw)
    assert extract_facts(log) == extract_facts(raw)


def test_a_log_of_only_noise_has_an_excerpt_and_unknown_category() -> None:
    raw = "\n".join(f"step {i} done" for i in range(3000)).encode()
    f = extract_facts(raw, budget_tokens=300)
    assert f.category is Category.UNKNOWN and f.confidence == 0.0
    assert f.excerpt_lines[-1].end == 3000  # the end of the log is shown


# ---------------------------------------------------------------------- redaction everywhere


def test_secrets_are_redacted_in_every_field() -> None:
    secret = "Sup3r-S3cret-Value"
    output = PYTEST.replace("assert -1 == 5", f"assert {secret!r} == {TOKEN!r}")
    raw = framing.github_actions(f"pytest --token {TOKEN} --pw {secret}", output)
    f = extract_facts(raw, secrets=[secret])
    dumped = f.model_dump_json()
    assert TOKEN not in dumped and secret not in dumped
    assert f.redactions["github_token"] >= 1 and f.redactions["caller_secret"] >= 1
    assert "[REDACTED:github_token]" in (f.failing_command or "")
    assert any("[REDACTED:" in (t.message or "") for t in f.failing_tests)


def test_multiline_private_key_in_log() -> None:
    key = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n" * 5
    raw = ("error: deploy failed, key was:\n" + key + "-----END OPENSSH PRIVATE KEY-----\nexit code 1\n").encode()
    f = extract_facts(raw)
    assert "b3BlbnNzaC1" not in f.excerpt and f.redactions["pem_private_key"] == 1
    assert f.log_lines == 9


# ---------------------------------------------------------------------- repo facts


def test_repo_facts_map_ci_paths_to_the_repo(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "calc.py").write_text("x = 1\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_calc.py").write_text("")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "junk.js").write_text("")
    ci_output = PYTEST.replace("pkg/calc.py:9:", "/home/runner/work/shop/shop/pkg/calc.py:9:")
    f = extract_facts(framing.github_actions("pytest", ci_output), source=tmp_path)
    assert f.repo is not None
    assert "pkg/calc.py" in f.repo.files_named and "tests/test_calc.py" in f.repo.files_named
    assert any(e.file == "pkg/calc.py" and e.line == 9 for e in f.errors)
    assert "pkg/" in f.repo.tree and "pkg/calc.py" in f.repo.tree
    assert not any(p.startswith("node_modules") for p in f.repo.tree)


def test_repo_facts_never_follow_symlinks_out_of_the_source(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("")
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside, repo / "linked")
    os.symlink(outside / "secret.py", repo / "leak.py")
    log = b"linked/secret.py:3: error: boom\nleak.py:1: error: boom\n../outside/secret.py:2: error: x\n"
    f = extract_facts(log, source=repo)
    assert f.repo is not None
    assert f.repo.files_named == []
    assert "linked/" not in "".join(f.repo.tree) or all("secret" not in p for p in f.repo.tree)


def test_tree_is_truncated_to_a_budget(tmp_path: Path) -> None:
    for i in range(400):
        (tmp_path / f"f{i:03d}.txt").write_text("")
    f = extract_facts(b"error: x\n", source=tmp_path)
    assert f.repo is not None and f.repo.truncated and len(f.repo.tree) <= 300


def test_header_format_is_what_the_tests_parse() -> None:
    assert HEADER.format(start=1, end=2) == "── log lines 1-2 ──"


def test_every_failing_travis_command_is_a_region() -> None:
    first = framing.travis("make lint", (DATA / "flake8.txt").read_text())
    second = framing.travis("make test", PYTEST)
    noise = "\n".join(f"cleanup step {i}" for i in range(300)).encode() + b"\n"
    raw = first + noise + second
    f = extract_facts(raw, budget_tokens=1500)
    assert f.failing_command == "make lint"  # the first failure is the job's
    assert "F401" in f.excerpt and "ZeroDivisionError: division by zero" in f.excerpt
    assert_excerpt_matches_log(f, raw)


def test_jenkins_shell_trace_names_the_failing_command() -> None:
    raw = framing.jenkins("python -m pytest -q", PYTEST)
    f = extract_facts(raw)
    assert f.failing_command == "python -m pytest -q" and f.exit_code == 1


def test_a_failure_block_stops_at_the_passing_verdicts_after_it() -> None:
    # Go's verbose summary: a failing subtest among passing ones at the same indentation; the
    # failure's block is its own lines, not the passing subtests listed after it.
    names = [f"Section_{i:02d}" for i in range(60)]
    body = [f"=== RUN   TestAlpha/{n}" for n in names]
    body += ["--- FAIL: TestAlpha (0.02s)"]
    body += [f"    --- PASS: TestAlpha/{n} (0.00s)" for n in names[:20]]
    body += ["    --- FAIL: TestAlpha/GraphQL (0.00s)"]
    body += ["        repo_test.go:131: expected 'gqlgen' but actual is 'graphql-go'"]
    body += [f"    --- PASS: TestAlpha/{n} (0.00s)" for n in names[20:]]
    body += [f"=== RUN   TestLinks/{n}" for n in names] + [f"--- PASS: TestLinks/{n} (0.00s)" for n in names]
    body += ["FAIL", "FAIL\texample.com/awesome\t0.081s", "FAIL"]
    f = extract_facts(framing.github_actions("go test -v ./...", "\n".join(body) + "\n"), budget_tokens=600)
    block = next(lines for _, _, lines in excerpt_blocks(f) if any("--- FAIL: TestAlpha/GraphQL" in x for x in lines))
    assert any("expected 'gqlgen'" in x for x in block)
    after = block[next(i for i, x in enumerate(block) if "expected 'gqlgen'" in x) + 1 :]
    # Spare budget widens every block a little; the block itself ends at the failure's own lines.
    assert sum("--- PASS" in x for x in after) <= 5, block


def test_a_run_of_identical_lines_is_shown_once_with_its_count() -> None:
    # A job waiting for a database that never comes up: the same refusal 40 times, then the
    # check's traceback. The run costs one line and a count, so the traceback fits beside it.
    output = (DATA / "retry_connection_refused.txt").read_text()
    raw = framing.github_actions("sh wait_db.sh", output)
    f = extract_facts(raw, budget_tokens=400)
    assert REPEATS.format(count=39) in f.excerpt
    assert f.excerpt.count("ConnectionRefusedError: [Errno 111] Connection refused") == 2
    assert "Traceback (most recent call last):" in f.excerpt and "sock.connect(sa)" in f.excerpt
    assert f.excerpt_tokens <= 400
    assert_excerpt_matches_log(f, raw)


def test_one_error_raised_by_several_tests_is_one_record_shown_head_and_tail() -> None:
    # pytest names the test in each record; three tests failing on the same ConnectionError in
    # the same library line are one error. Its first instance is longer than the room left for
    # it: it keeps its head (which test, its own failing line) and its tail (the error).
    raw = framing.github_actions("python -m pytest --tb=long", (DATA / "pytest_long_traceback.txt").read_text())
    f = extract_facts(raw, budget_tokens=700)
    assert len(f.errors) == 1 and f.errors[0].repeats == 2
    assert f.errors[0].message.startswith("test_unknown_virtual_host: ConnectionError: HTTPConnectionPool")
    first = next(lines for _, _, lines in excerpt_blocks(f) if any("_ test_unknown_virtual_host _" in x for x in lines))
    assert any('>       r = fetch("nginx-proxy")' in x for x in first)
    assert "E       ConnectionError: HTTPConnectionPool(port=80): Max retries exceeded" in f.excerpt
    assert_excerpt_matches_log(f, raw)


def test_phpunit_tests_raising_one_error_are_one_record_that_says_what_it_raised() -> None:
    # Real PHPUnit 9.6 output: three tests call a method on the same null property. The record
    # says which test and what it raised; the three are one group seen in three places.
    raw = framing.github_actions("vendor/bin/phpunit tests", (DATA / "phpunit_same_error.txt").read_text())
    f = extract_facts(raw)
    errors = [e for e in f.errors if e.tool == "phpunit"]
    assert [(e.message, e.repeats) for e in errors] == [
        ("StoreTest::testGet: Error: Call to a member function fetch() on null", 2),
        ("StoreTest::testSum: Failed asserting that 2 is identical to 3.", 0),
    ]
    assert {t.id for t in f.failing_tests} == {
        "StoreTest::testGet",
        "StoreTest::testGetMissing",
        "StoreTest::testGetTwice",
        "StoreTest::testSum",
    }


@pytest.mark.parametrize("budget", [250, 300])
def test_the_output_before_the_failure_stops_at_a_run_that_passed(budget: int) -> None:
    # Real PHPUnit 9.6 runs, one per test file: the failing suite first, then eight that pass
    # (`OK (n tests, n assertions)`), then the step fails. The passing suites above the failure
    # are not its context: the budget goes to the failing suite's report.
    raw = framing.travis("bash run.sh", (DATA / "phpunit_suites.txt").read_text())
    f = extract_facts(raw, budget_tokens=budget)
    for needle in (
        "StoreTest::testSum",
        "Failed asserting that 2 is identical to 3.",
        "Error: Call to a member function",
    ):
        assert needle in f.excerpt, needle
    assert f.excerpt.count("Running tests/Z") <= 1
    assert_excerpt_matches_log(f, raw)


def test_only_a_failing_tests_name_is_dropped_from_a_records_grouping_key() -> None:
    from remediate.facts.groups import ErrorGroups, _test_names
    from remediate.models import FailingTest

    names = _test_names([FailingTest(id="tests/test_a.py::TestPool::test_get[1]")])
    assert names == {"tests/test_a.py::TestPool::test_get[1]", "test_get[1]", "TestPool.test_get[1]"}
    groups = ErrorGroups([FailingTest(id="tests/test_a.py::TestPool::test_get[1]")])
    assert groups.without_test("TestPool.test_get[1]: KeyError: 'x'") == "KeyError: 'x'"
    assert (
        groups.without_test("pkg/mod.py: error: Name 'x' is not defined")
        == "pkg/mod.py: error: Name 'x' is not defined"
    )


def test_a_run_of_identical_lines_weighs_once_in_the_category() -> None:
    """A retry loop prints one message many times; the excerpt shows it once with its count, and
    the classifier counts it once: 40 copies of a network error do not outvote the one line that
    says what failed."""
    head = "$ pip install -r requirements.txt\nCollecting shopkit==9.9\n"
    why = "ERROR: Could not find a version that satisfies the requirement shopkit==9.9\n"
    retry = "WARNING: Retrying after connection broken: Connection refused\n"
    once = extract_facts((head + retry + why + "Error: Process completed with exit code 1.\n").encode())
    many = extract_facts((head + retry * 40 + why + "Error: Process completed with exit code 1.\n").encode())
    assert (many.category, many.confidence) == (once.category, once.confidence)


def test_with_every_parser_left_out_the_excerpt_still_holds_the_failure() -> None:
    """extract_facts(leave_out=...) measures the excerpt for a tool no parser knows (bench/logs.py
    --without-parsers): no parser's records, the log's own lines still pick the failure. What the facts stage
    reads of any runner stays: the failing tests pytest's short summary names under its command
    (facts/failingtests.py), without pytest's own reports."""
    log = framing.github_actions("pytest", (DATA / "pytest_failures.txt").read_text())
    full = extract_facts(log)
    bare = extract_facts(log, leave_out=parsers.modules_named("all"))
    assert full.tools and full.failing_tests
    assert bare.tools == ["pytest"] and not bare.errors
    assert {t.id for t in bare.failing_tests} == {t.id for t in full.failing_tests}
    assert "E       assert -1 == 5" in bare.excerpt and "RuntimeError: fixture exploded" in bare.excerpt
    assert bare.failing_command == full.failing_command and bare.exit_code == full.exit_code


def test_the_modules_reading_a_log_are_those_whose_parsers_found_its_tools() -> None:
    """extract.modules_reading names the parser modules that read records, failing tests or a summary in
    the log (bench/triage.py --proxy leaves them out): by module, so a module filing its records under
    another tool's name (doclint's docutils reports of rstcheck) is named too; not the GENERIC_READERS."""
    pytest_log = framing.github_actions("pytest", PYTEST)
    assert modules_reading(pytest_log) == {"pytest"}
    rst = framing.github_actions("rstcheck README.rst", (DATA / "rstcheck.txt").read_text())
    assert {e.tool for e in extract_facts(rst).errors} == {"docutils"} and modules_reading(rst) == {"doclint"}
    bare = extract_facts(pytest_log, leave_out=modules_reading(pytest_log))
    assert not bare.errors and bare.tools == ["pytest"]  # the tests its short summary names (facts/failingtests.py)
    assert modules_reading(framing.github_actions("make", "make: *** [all] Error 2")) == frozenset()
    # the readers of a runtime's own reports stay: a new tool's traceback is read as well (python's record here)
    imports = framing.travis("pytest -q tests", (DATA / "pytest_test_imports_missing.txt").read_text())
    assert "python" in {e.tool for e in extract_facts(imports).errors} and "python" in parsers.GENERIC_READERS
    assert modules_reading(imports) == {"pytest"}
    assert modules_reading(b"") == frozenset()
