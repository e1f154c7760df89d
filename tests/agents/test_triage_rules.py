"""Triage rules: every fixture routes by rules alone (no model call offline), and the signals
behave on crafted facts: specific causes beat "tests failed", misparsed tools are corrected."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import anthropic
import pytest

from remediate.agents.context import error_lines, failing_test_lines
from remediate.evals.cases import Case, load_cases
from remediate.facts import extract_facts
from remediate.facts.classify import diff_bodies
from remediate.facts.parsers import all_parsers
from remediate.facts.view import View
from remediate.models import Category, ErrorRecord, Facts, FailingTest, RepoFacts, Summary
from remediate.triage import CALIBRATION, route_by_rules, rule_verdict, several, specialist_for, triage
from remediate.triage import verdict as verdict_module
from remediate.triage.agent import render_triage_facts
from remediate.triage.confidence import ATTESTED, DIRECT, TASK_NAME
from remediate.triage.verdict import IMAGE_BUILD, INFRA_ALONE, NATIVE, UNSURE_CONFIDENCE
from tests.conftest import FIXTURES
from tests.facts import framing

CASES = load_cases(FIXTURES)
SPECIALIST_OF = {
    Category.TEST: "tests",
    Category.LINT: "lint",
    Category.FORMAT: "lint",
    Category.TYPE: "types",
    Category.DEPENDENCY: "dependencies",
    Category.DOCKERFILE: "dockerfile",
    Category.SQL: "sql",
    Category.CONFIG: "config",
    Category.BUILD: "build",
}


def facts_of(case: Case) -> Facts:
    return extract_facts(case.log, source=case.source)


def test_every_fixture_category_has_a_specialist() -> None:
    categories = {case.spec.category for case in CASES}
    assert categories <= set(SPECIALIST_OF), categories - set(SPECIALIST_OF)
    for category, name in SPECIALIST_OF.items():
        specialist = specialist_for(category)
        assert specialist is not None and specialist.name == name
    for category in (Category.INFRA, Category.UNKNOWN):
        assert specialist_for(category) is None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_rules_route_every_fixture_without_a_model(case: Case) -> None:
    facts = facts_of(case)
    verdict = rule_verdict(facts, case.spec.check)
    assert verdict.category is case.spec.category, verdict.reason
    assert verdict.decided and verdict.confidence >= CALIBRATION.threshold, verdict.reason

    async def no_model() -> anthropic.AsyncAnthropic:
        raise AssertionError("the rules must decide: no model call for a fixture")

    result = await triage(facts, check=case.spec.check, open_client=no_model)
    assert result.decided_by == "rules" and result.route is not None
    assert result.route.specialist == SPECIALIST_OF[case.spec.category]
    assert result.route.decided_by == "rules" and result.usage.model_calls == 0
    route = route_by_rules(facts, case.spec.check)
    assert route is not None and route.specialist == result.route.specialist


def test_deptry_codes_beat_a_linter_misparse() -> None:
    # deptry's `file:line:col: DEP004 ...` has flake8's shape; the code family names the concern.
    log = (
        b"##[group]Run deptry .\ndeptry .\n##[endgroup]\nScanning 5 files...\n\n"
        b"src/a.py:3:8: DEP004 'x' imported but declared as a dev dependency\nFound 1 dependency issue.\n"
        b"##[error]Process completed with exit code 1.\n"
    )
    facts = extract_facts(log)
    assert facts.category is Category.DEPENDENCY and facts.category_basis == "failing-step-records"
    verdict = rule_verdict(facts)
    assert verdict.category is Category.DEPENDENCY and verdict.decided
    # Facts that still read it as lint contest the typed records: the best guess stays, the rules abstain.
    contested = Facts(
        category=Category.LINT,
        confidence=0.95,
        category_basis="failing-step-records",
        tools=["flake8"],
        errors=[
            ErrorRecord(
                tool="flake8",
                file="src/a.py",
                line=3,
                code="DEP004",
                message="'x' imported but dev",
                category=Category.DEPENDENCY,  # the code family's concern, as the facts stage sets it
            )
        ],
    )
    verdict = rule_verdict(contested)
    assert verdict.category is Category.DEPENDENCY and not verdict.decided
    assert "another category's evidence" in verdict.reason


def test_a_config_parse_error_inside_failing_tests_routes_to_config() -> None:
    facts = Facts(
        category=Category.TEST,
        confidence=0.95,
        failing_tests=[FailingTest(id="tests/test_s.py::test_load", message="ScannerError")],
        excerpt='yaml.scanner.ScannerError: while scanning for the next token\n  in "config/app.yaml", line 4',
    )
    verdict = rule_verdict(facts, "python -m pytest -q")
    assert verdict.category is Category.CONFIG and verdict.decided
    assert "more precisely than the failing tests" in verdict.reason


def test_missing_modules_are_dependencies_only_when_third_party() -> None:
    tree = ["src/", "src/shop/", "src/shop/cart.py"]
    third = Facts(excerpt="ModuleNotFoundError: No module named 'yaml'", repo=RepoFacts(tree=tree))
    own = Facts(excerpt="ModuleNotFoundError: No module named 'shop.carts'", repo=RepoFacts(tree=tree))
    assert rule_verdict(third).category is Category.DEPENDENCY
    assert rule_verdict(own).category is not Category.DEPENDENCY


def test_sql_backed_tests_need_sql_files_in_the_project() -> None:
    excerpt = "con = <duckdb.DuckDBPyConnection object>\nassert rows == expected"
    tests = [FailingTest(id="tests/test_r.py::test_rows")]
    with_sql = Facts(
        category=Category.TEST, confidence=0.95, failing_tests=tests, excerpt=excerpt, repo=RepoFacts(tree=["q.sql"])
    )
    without = Facts(category=Category.TEST, confidence=0.95, failing_tests=tests, excerpt=excerpt)
    assert rule_verdict(with_sql, "pytest").category is Category.SQL
    assert rule_verdict(without, "pytest").category is Category.TEST


@pytest.mark.parametrize(
    ("check", "category"),
    [
        ("ruff format --check .", Category.FORMAT),
        ("ruff check src", Category.LINT),
        ("mypy --strict src", Category.TYPE),
        ("hadolint Dockerfile", Category.DOCKERFILE),
        ("docker build -t x .", Category.DOCKERFILE),
        ("deptry .", Category.DEPENDENCY),
        ("dbt build --profiles-dir .", Category.SQL),
    ],
)
def test_the_check_command_alone_decides_clear_cases(check: str, category: Category) -> None:
    verdict = rule_verdict(Facts(failing_command=check), check)
    assert verdict.category is category and verdict.decided


def test_weak_or_conflicting_signals_leave_the_rules_undecided() -> None:
    assert not rule_verdict(Facts()).decided
    assert not rule_verdict(Facts(category=Category.LINT, confidence=0.6)).decided
    mixed = Facts(
        errors=[
            ErrorRecord(tool="mypy", file="a.py", line=1, code="arg-type", message="x", category=Category.TYPE),
            ErrorRecord(
                tool="hadolint", file="Dockerfile", line=2, code="DL3008", message="y", category=Category.DOCKERFILE
            ),
        ]
    )
    assert not rule_verdict(mixed).decided


def test_a_confident_category_without_a_specialist_is_not_routed() -> None:
    dead = ErrorRecord(
        tool="awesome_bot", message="404 https://example.com/gone", category=Category.UNKNOWN, no_specialist=True
    )
    facts = Facts(errors=[dead], category=Category.UNKNOWN, confidence=0.95, category_basis="failing-step-records")
    verdict = rule_verdict(facts)
    assert verdict.category is Category.UNKNOWN and verdict.decided, verdict.reason
    assert route_by_rules(facts) is None


def test_infra_is_not_decided_even_when_every_pattern_is_attested(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = Facts(
        category=Category.INFRA,
        confidence=0.95,
        category_basis="failing-step-records",
        failing_command="terraform apply",
        excerpt="Apply complete!\n##[error]The operation was canceled.",
    )
    # Were the runner's stop pattern attested (ATTESTED), its evidence would reach the threshold: the infrastructure
    # is still only named (INFRA_ALONE), and routes nowhere
    monkeypatch.setattr(verdict_module, "CALIBRATION", replace(CALIBRATION, attested=None))
    verdict = rule_verdict(facts)
    assert verdict.category is Category.INFRA and verdict.confidence >= CALIBRATION.threshold
    assert not verdict.decided and INFRA_ALONE in verdict.reason and route_by_rules(facts) is None


# A failure pattern that reports a consequence (the job stopped or cancelled, a dependency not
# resolved, a name not found, a server not reached) and that the dev half never showed deciding right in two repositories.
UNATTESTED = (
    "##[error]The operation was canceled.",
    "No output has been received in the last 10m0s, this potentially indicates a stalled build",
    "npm ERR! code ERESOLVE",
)


@pytest.mark.parametrize("excerpt", UNATTESTED)
def test_a_pattern_no_two_dev_repositories_attest_does_not_decide_alone(excerpt: str) -> None:
    facts = Facts(excerpt=excerpt)
    verdict = rule_verdict(facts)
    pattern = [s for s in verdict.signals if s.kind == "pattern"]
    assert pattern and all(s.name not in ATTESTED for s in pattern)
    assert verdict.category is pattern[0].category and not verdict.decided, verdict.reason
    assert verdict.evidence["pattern"] == 0.0  # it scores (the guess), it does not vouch
    # Every pattern counted (the calibration before round 10) decides on it alone; the infrastructure's only
    # reaches the threshold (it is named, never decided alone: INFRA_ALONE).
    counted = rule_verdict(facts, calibration=replace(CALIBRATION, attested=None))
    if counted.category is Category.INFRA:
        assert not counted.decided and INFRA_ALONE in counted.reason, counted.reason
    else:
        assert counted.decided, counted.reason


def test_a_pattern_naming_the_broken_thing_decides_alone() -> None:
    # A config file that does not parse names what to fix: DIRECT rules count without the dev half's word.
    facts = Facts(excerpt="yaml.scanner.ScannerError: while scanning for the next token in config/app.yaml")
    verdict = rule_verdict(facts)
    assert "pattern:config-parse" in DIRECT and verdict.category is Category.CONFIG and verdict.decided


def test_build_failures_route_to_the_build_specialist() -> None:
    error = ErrorRecord(tool="cargo", code="E0308", message="mismatched types", category=Category.BUILD)
    facts = Facts(
        category=Category.BUILD,
        confidence=0.95,
        category_basis="failing-step-records",
        failing_command="cargo build",
        errors=[error],
    )
    route = route_by_rules(facts)
    assert route is not None and route.specialist == "build"


def test_fixture_paths_exist() -> None:
    assert Path(FIXTURES).is_dir() and len(CASES) >= 17


# ------------------------------------------------------------------ calibrated confidence


def test_every_decision_names_its_evidence_and_a_confidence_from_it() -> None:
    # The facts' category comes from a linter's records: the records themselves are there too.
    finding = ErrorRecord(tool="ruff", code="F401", message="`os` imported but unused", category=Category.LINT)
    in_step = Facts(category=Category.LINT, confidence=0.9, category_basis="failing-step-records", errors=[finding])
    elsewhere = in_step.model_copy(update={"category_basis": "records"})
    keywords = in_step.model_copy(update={"category_basis": "keywords"})
    decided = rule_verdict(in_step)
    assert decided.decided and decided.evidence["step_records"] == 1.0
    assert "parsed records of this category in the failing step's output" in decided.reason
    # Records outside the failing step (an earlier step's warnings) and keyword lines are weaker:
    # they do not reach the threshold alone.
    for weaker in (elsewhere, keywords):
        verdict = rule_verdict(weaker)
        assert verdict.category is Category.LINT and not verdict.decided
        assert verdict.confidence < decided.confidence and "rules unsure (confidence" in verdict.reason


def test_a_rival_category_lowers_the_confidence() -> None:
    alone = Facts(category=Category.TYPE, confidence=0.9, category_basis="failing-step-records")
    rivalled = alone.model_copy(update={"failing_tests": [FailingTest(id="t::a")]})
    assert rule_verdict(rivalled).confidence < rule_verdict(alone).confidence


def test_a_category_the_same_specialist_fixes_is_no_rival() -> None:
    # ruff's lint finding and a formatter's finding: the lint specialist fixes both, so the formatter's
    # evidence does not make the route less sure; a type checker's would send the failure elsewhere.
    lint = ErrorRecord(tool="ruff", code="F401", message="`os` imported but unused", category=Category.LINT)
    alone = Facts(category=Category.LINT, confidence=0.9, category_basis="failing-step-records", errors=[lint])
    fmt = ErrorRecord(tool="ruff format", file="a.py", message="Would reformat: a.py", category=Category.FORMAT)
    typed = ErrorRecord(tool="mypy", file="a.py", line=1, code="arg-type", message="x", category=Category.TYPE)
    with_format = rule_verdict(alone.model_copy(update={"errors": [lint, fmt]}))
    assert with_format.category in (Category.LINT, Category.FORMAT) and with_format.scores[Category.FORMAT] > 0
    assert with_format.evidence["rival"] == 0.0 and with_format.confidence == rule_verdict(alone).confidence
    with_types = rule_verdict(alone.model_copy(update={"errors": [lint, typed]}))
    assert with_types.evidence["rival"] > 0 and with_types.confidence < rule_verdict(alone).confidence


def test_a_check_naming_its_tool_decides_unless_contested() -> None:
    assert rule_verdict(Facts(), "mypy --strict src").decided
    contested = Facts(category=Category.TEST, confidence=0.9, failing_tests=[FailingTest(id="t::a")])
    verdict = rule_verdict(contested, "mypy --strict src")
    assert not verdict.decided


def test_a_tie_between_categories_breaks_the_same_way_in_every_process() -> None:
    # Two typed records scoring alike (ruff format 0.9, mypy 0.9): the best category used to follow
    # a set's order, so it changed with the interpreter's string hash seed from run to run.
    script = (
        "from remediate.models import ErrorRecord, Facts; from remediate.triage import rule_verdict; "
        "errors = [ErrorRecord(tool='ruff', code='format', message='x', category='format'), "
        "ErrorRecord(tool='mypy', file='a.py', line=1, code='arg-type', message='y', category='type')]; "
        "print(rule_verdict(Facts(errors=errors)).category.value)"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert len(seen) == 1, seen


def github_step(command: str, output: str, code: int) -> bytes:
    lines = [f"##[group]Run {command}", command, "shell: /usr/bin/bash -e {0}", "##[endgroup]"]
    lines += [*output.splitlines(), f"##[error]Process completed with exit code {code}."]
    stamp = "2026-11-30T10:00:00.0000000Z "
    return "".join(stamp + line + "\n" for line in lines).encode()


DATA = Path(__file__).parent.parent / "facts" / "data"


@pytest.mark.parametrize(
    ("data", "command", "code"),
    [
        ("bash_command_not_found.txt", "yarnx install --frozen-lockfile", 127),
        ("bash_not_executable.txt", "./ci.sh", 126),
    ],
)
def test_a_shell_exit_status_of_126_or_127_is_the_ci_configuration(
    data: str, command: str, code: int, tmp_path: Path
) -> None:
    # POSIX: 127, no such command; 126, found but not executable. Real bash output in a GitHub step. The source is
    # read (its manifests name no `yarnx`): without it a bare name may be a dependency not installed
    # (tests/facts/test_missing_commands.py)
    facts = extract_facts(github_step(command, (DATA / data).read_text(), code), source=tmp_path)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.CONFIG and verdict.decided, verdict.reason
    assert f"exit code {code}" in verdict.reason
    # The same words with another status are weaker evidence: the rules abstain.
    other = rule_verdict(extract_facts(github_step(command, (DATA / data).read_text(), 1)))
    assert other.category is Category.CONFIG and not other.decided, other.reason


def test_a_program_missing_a_shared_library_is_its_environment_not_a_missing_command() -> None:
    # glibc's loader also exits 127; its own words name the missing library, missing where the
    # program runs (an environment's fault: infra), not a package to declare nor a command to install.
    output = (DATA / "ldso_missing_shared_library.txt").read_text()
    verdict = rule_verdict(extract_facts(github_step("./app", output, 127)))
    assert verdict.category is Category.INFRA, verdict.reason
    assert "'libfoo_shop.so' is missing where a program started" in verdict.reason
    assert "exit code 127" not in verdict.reason and Category.CONFIG not in verdict.scores


# A process stopped from outside: real output of commands killed here (bash 5.2, gcc, cargo, GNU timeout).
KILLED = [
    ("bash_killed_sigkill.txt", "timeout -s KILL 3 python3 grow.py", 137),
    ("bash_terminated_sigterm.txt", "python3 worker.py", 143),
    ("timeout_expired.txt", "timeout 2 sleep 10", 124),
    ("gcc_cc1_killed.txt", "make", 2),
    ("cargo_rustc_killed.txt", "cargo build --offline --release", 101),
]


@pytest.mark.parametrize(("data", "command", "code"), KILLED)
@pytest.mark.parametrize("ci", ["github_actions", "gitlab", "travis", "jenkins"])
def test_a_command_killed_by_a_signal_or_a_time_limit_is_infra(data: str, command: str, code: int, ci: str) -> None:
    # SIGKILL (the OOM killer, a limit), SIGTERM (a cancelled job), `timeout`'s limit: nothing in the
    # project's code to fix, whichever tool was running (a compiler, a test script).
    frame = getattr(framing, ci)
    verdict = rule_verdict(extract_facts(frame(command, (DATA / data).read_text(), code)))
    # a consequence whose cause may be the code (a test that hangs, a build that eats the memory): the
    # guess, not a decision alone (ATTESTED); either way no specialist runs on the rules' word
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
    assert route_by_rules(extract_facts(frame(command, (DATA / data).read_text(), code))) is None


def test_exit_124_is_a_time_limit_only_when_the_command_is_timeout() -> None:
    output = (DATA / "timeout_expired.txt").read_text()
    other = rule_verdict(extract_facts(framing.github_actions("./wait-for-server.sh", output, 124)))
    assert other.category is not Category.INFRA or not other.decided, other.reason


# The runners' own words when they stop a job (their documented messages), after real pytest output.
RUNNER_STOPS = [
    ("github_actions", "##[error]The operation was canceled."),
    (
        "github_actions",
        "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes.",
    ),
    ("gitlab", "ERROR: Job failed: execution took longer than 1h0m0s seconds"),
    (
        "travis",
        "No output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.",
    ),
    ("circleci", "Too long with no output (exceeded 10m0s): context deadline exceeded"),
]


@pytest.mark.parametrize(("ci", "stop"), RUNNER_STOPS)
def test_a_job_its_runner_stopped_is_infra(ci: str, stop: str) -> None:
    head = "\n".join((DATA / "pytest_verbose.txt").read_text().splitlines()[:8])
    log = _stopped(ci, head, stop)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason  # ATTESTED
    assert stop.removeprefix("##[error]")[:30] in verdict.reason


# Each CI's own failure line, which a stopped job shows in its place.
FAILURE_LINES = {
    "github_actions": "##[error]Process completed with exit code 1.",
    "gitlab": "ERROR: Job failed: exit code 1",
    "travis": 'The command "pytest -v" exited with 1.',
    "circleci": "Exited with code exit status 1",
}


def _stopped(ci: str, output: str, stop: str) -> bytes:
    """The runner's stop message where its job-failure line would be."""
    log: bytes = getattr(framing, ci)("pytest -v", output, 1)
    failure = FAILURE_LINES[ci].encode()
    assert failure in log
    return log.replace(failure, stop.encode())


def test_the_same_words_inside_a_failing_tests_message_stay_a_test_failure() -> None:
    # .NET's OperationCanceledException says "The operation was canceled." inside a test's output:
    # only the runner's line (alone on its line) stops a job.
    output = (
        (DATA / "pytest_failures.txt")
        .read_text()
        .replace("assert", "# System.OperationCanceledException: The operation was canceled.\n    assert", 1)
    )
    verdict = rule_verdict(extract_facts(framing.github_actions("pytest", output, 1)))
    assert verdict.category is Category.TEST, verdict.reason


@pytest.mark.parametrize("data", ["cargo_fmt_check_tests.txt", "ruff_format_diff_tests.txt", "gofmt_d_tests.txt"])
@pytest.mark.parametrize("ci", ["github_actions", "gitlab", "jenkins"])
def test_a_formatters_diff_of_test_files_is_a_format_failure(data: str, ci: str) -> None:
    # Real formatter diffs of test files: their code says `assert`, `test failed`, `t.Errorf` as the
    # project wrote it. Those are no tool's verdict; the formatter's records decide, under a step whose
    # command names no tool.
    facts = extract_facts(getattr(framing, ci)("./ci/check.sh", (DATA / data).read_text(), 1))
    assert facts.category is Category.FORMAT and facts.category_basis == "failing-step-records", facts.category
    verdict = rule_verdict(facts)
    assert verdict.category is Category.FORMAT and verdict.decided, verdict.reason
    route = route_by_rules(facts)
    assert route is not None and route.specialist == "lint"


def test_a_diff_is_only_its_body_the_lines_after_it_still_count() -> None:
    # A formatter's diff, then a test runner's output: only the diff's lines are set aside.
    diff = (DATA / "ruff_format_diff_tests.txt").read_text().splitlines()
    tests = (DATA / "pytest_quiet.txt").read_text().splitlines()
    lines = [*diff, *tests]
    view = View.of(lines)
    body = diff_bodies(view, list(range(1, len(lines) + 1)))
    asserts = [no for no, text in enumerate(diff, 1) if "assert" in text]
    assert asserts and set(asserts) <= body
    assert 1 not in body  # the `--- file` header line is the diff's name, not its body
    assert not body & set(range(len(diff), len(lines) + 1))  # ruff's verdict and pytest's lines are read


# (A test runner's records are its failing tests; the infrastructure's, like a record of no category, name no fix:
# the rules read them through what they mean, a checkout refused, a server out of reach: triage.exits, discounts.)
_NO_FIX = {Category.TEST, Category.UNKNOWN, Category.INFRA}


@pytest.mark.parametrize("category", sorted({p.category for p in all_parsers()} - _NO_FIX))
def test_every_parsers_records_are_seen_by_the_rules_by_their_category(category: Category) -> None:
    # The rules read a record's category, not its tool's name: a parser added tomorrow for a new
    # language's linter, type checker or compiler is seen without a list kept here.
    record = ErrorRecord(
        tool="a-tool-parsed-tomorrow", file="src/m.x", line=1, code="X1", message="m", category=category
    )
    verdict = rule_verdict(Facts(errors=[record]))
    assert verdict.category is category and any(s.kind == "records" for s in verdict.signals), verdict.reason
    assert not rule_verdict(Facts(errors=[record.model_copy(update={"category": Category.UNKNOWN})])).signals


def test_a_dependency_error_the_failing_tests_do_not_show_stays_below_them() -> None:
    # A step that tried an optional install (pip found no such version) and then ran pytest, whose
    # failures are assertions and a fixture's error: the tests ran, so the install is not their cause.
    data = Path(__file__).parents[1] / "facts" / "data"
    output = (data / "pip_not_found.txt").read_text() + (data / "pytest_failures.txt").read_text()
    for frame in (framing.github_actions, framing.gitlab, framing.travis):
        facts = extract_facts(frame("python -m pytest -q tests", output))
        verdict = rule_verdict(facts)
        assert verdict.category is Category.TEST and verdict.decided, verdict.reason
        dependency = [s for s in verdict.signals if s.category is Category.DEPENDENCY]
        assert dependency and all("does not explain" in s.reason for s in dependency)
    # The same pip error when the failing command installs packages is the failure.
    installs = rule_verdict(extract_facts(framing.github_actions("pip install gamma==1.0", output)))
    assert installs.category is Category.DEPENDENCY, installs.reason


def test_a_missing_module_a_failing_test_raised_is_the_dependency_failure() -> None:
    # Real pytest output: a test imports pendulum (not installed) in its body; the test's record and
    # message name it, so the missing package explains the failing test.
    output = (Path(__file__).parents[1] / "facts" / "data" / "pytest_test_imports_missing.txt").read_text()
    for frame in (framing.github_actions, framing.gitlab, framing.travis):
        verdict = rule_verdict(extract_facts(frame("python -m pytest -q tests", output)))
        assert verdict.category is Category.DEPENDENCY and verdict.decided, verdict.reason
        assert not any("does not explain" in s.reason for s in verdict.signals)


def test_a_missing_module_a_failing_test_file_requires_is_a_dependency_failure_beside_the_others() -> None:
    # Real Jest output: dates.test.js cannot run (`Cannot find module 'dayjs' from 'dates.test.js'`),
    # sum.test.js fails its expectation. The missing line names a failing test's file: the test needs it.
    output = (Path(__file__).parents[1] / "facts" / "data" / "jest_missing_module.txt").read_text()
    for frame in (framing.github_actions, framing.gitlab, framing.travis):
        facts = extract_facts(frame("npx jest --ci", output))
        verdict = rule_verdict(facts)
        assert verdict.category is Category.DEPENDENCY, verdict.reason
        assert several(facts) == [Category.DEPENDENCY, Category.TEST]


def _travis_steps(*steps: tuple[str, str]) -> bytes:
    """A Travis log running each (command, real output sample) as its own failing command."""
    lines: list[str] = []
    for i, (command, data) in enumerate(steps):
        lines += [f"travis_time:start:{i}\r\x1b[0K$ {command}", *(DATA / data).read_text().splitlines()]
        lines += [
            f"travis_time:end:{i}:start=1,finish=2,duration=1\r\x1b[0K",
            f'The command "{command}" exited with 1.',
        ]
    return "\n".join([*lines, "", "Done. Your build exited with 1."]).encode()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("flake8 .", "flake8.txt"), ("python -m pytest -q tests", "pytest_test_imports_missing.txt")),
        (("ruff check --output-format concise .", "ruff_check_concise.txt"), ("mypy src", "mypy.txt")),
    ],
)
def test_two_close_categories_from_different_steps_are_not_decided(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    # Two commands failed, each with its own tool's records, and their categories score alike: the
    # rules abstain rather than route one failure by a hair (the other's fix would go nowhere).
    facts = extract_facts(_travis_steps(first, second))
    assert sorted({e.step for e in facts.errors}, key=str) == [0, 1]
    verdict = rule_verdict(facts)
    assert not verdict.decided and verdict.margin < 0.1, verdict.reason
    assert "of another step: two failures" in verdict.reason
    # The same output in one command is one step: that rule says nothing there.
    both = "\n".join((DATA / data).read_text() for _, data in (first, second))
    one = rule_verdict(extract_facts(framing.travis(f"{first[0]} && {second[0]}", both)))
    assert "another step" not in one.reason


def test_failing_tests_carry_the_step_that_reported_them() -> None:
    facts = extract_facts(
        _travis_steps(("flake8 .", "flake8.txt"), ("python -m pytest -q tests", "pytest_failures.txt"))
    )
    assert facts.failing_tests and {t.step for t in facts.failing_tests} == {1}
    assert {e.step for e in facts.errors if e.tool == "flake8"} == {0}


def test_failing_tests_of_another_step_are_a_failure_of_their_own() -> None:
    # flake8 failed in one command, pytest's tests in the next: the linter's records do not explain
    # the tests (they name another step's cause), so the tests stay a competitor; in one command they do.
    apart = rule_verdict(
        extract_facts(_travis_steps(("flake8 .", "flake8.txt"), ("python -m pytest -q tests", "pytest_failures.txt")))
    )
    assert apart.category is Category.LINT and apart.evidence["rival"] == pytest.approx(0.6), apart.reason
    assert "more precisely than the failing tests" not in apart.reason
    both = "\n".join((DATA / d).read_text() for d in ("flake8.txt", "pytest_failures.txt"))
    one = rule_verdict(extract_facts(framing.travis("flake8 . && python -m pytest -q tests", both)))
    assert one.category is Category.LINT and one.evidence["rival"] == 0.0, one.reason


def test_close_failures_of_tests_and_records_in_different_steps_are_not_decided() -> None:
    # pytest's tests failed in one command, a later command's pip found no such version: two
    # failures scoring alike, from different steps; the rules say so rather than pick one.
    facts = extract_facts(
        _travis_steps(("python -m pytest -q tests", "pytest_failures.txt"), ("./ci/docs.sh", "pip_not_found.txt"))
    )
    verdict = rule_verdict(facts)
    assert not verdict.decided and verdict.margin < 0.1, verdict.reason
    assert "from records or failing tests of another step: two failures" in verdict.reason


def test_a_missing_name_in_a_step_where_no_test_failed_is_not_beside_the_tests() -> None:
    # A set-up command's pip found no such version, then pytest's tests failed in the next command:
    # the install is that step's own failure, weighed in full (in one command it stays below the tests).
    apart = rule_verdict(
        extract_facts(
            _travis_steps(("./ci/setup.sh", "pip_not_found.txt"), ("python -m pytest -q tests", "pytest_failures.txt"))
        )
    )
    records = [s for s in apart.signals if s.category is Category.DEPENDENCY and s.kind == "records"]
    assert records and not any(s.discounted for s in records), apart.reason
    assert apart.category is Category.DEPENDENCY, apart.reason
    both = "\n".join((DATA / d).read_text() for d in ("pip_not_found.txt", "pytest_failures.txt"))
    one = rule_verdict(extract_facts(framing.travis("./ci/setup.sh && python -m pytest -q tests", both)))
    assert one.category is Category.TEST and all(
        s.discounted for s in one.signals if s.category is Category.DEPENDENCY
    ), one.reason


NATIVE_SAMPLES = [
    ("make", "gcc_missing_system_header.txt"),
    ("make", "ld_missing_library.txt"),
    ("./configure", "pkgconfig_missing.txt"),
    ("./configure", "autoconf_missing_header.txt"),
    ("cmake -S . -B build", "cmake_could_not_find.txt"),
    ("cmake -S . -B build", "cmake_find_package_config.txt"),
    ("./bin/app", "ldso_missing_shared_library.txt"),
]


@pytest.mark.parametrize(("command", "data"), NATIVE_SAMPLES)
@pytest.mark.parametrize("ci", [framing.github_actions, framing.travis], ids=["github", "travis"])
def test_a_missing_native_name_alone_does_not_decide(command: str, data: str, ci: Any) -> None:
    # Real gcc, ld, pkg-config, autoconf, CMake and ld.so output: the log says a header or library is
    # absent, not whether to install a package or change the build's set-up. The rules say so and leave
    # the decision to the triage model or the fallback (their guess still leads it).
    verdict = rule_verdict(extract_facts(ci(command, (DATA / data).read_text())))
    assert not verdict.decided and verdict.confidence <= UNSURE_CONFIDENCE, verdict.reason
    assert NATIVE in verdict.reason and verdict.category in (Category.BUILD, Category.INFRA)


def test_a_missing_native_name_beside_another_build_error_still_decides() -> None:
    # The project's own header (one the log places among its files: the including source's own header, a
    # folder of the including file's), or a compile error of its own beside a missing system header: the code
    # is at fault, and the rules decide as before. A quoted name alone (`"config.h"`, not generated) is not
    # enough since 4fdb8e2: a library's header is quoted too (facts/meaning/owner.py).
    own_headers = ("gcc12_make_own_header_of_its_source.txt", "gcc12_make_own_header_in_its_folder.txt")
    for data in (*own_headers, "gcc_include_chain.txt"):
        own = rule_verdict(extract_facts(framing.github_actions("make", (DATA / data).read_text())))
        assert own.decided and NATIVE not in own.reason, own.reason
    both = "\n".join((DATA / d).read_text() for d in ("gcc_missing_system_header.txt", "gcc_absolute_repeated.txt"))
    verdict = rule_verdict(extract_facts(framing.github_actions("make", both)))
    assert verdict.category is Category.BUILD and verdict.decided and NATIVE not in verdict.reason, verdict.reason


def test_the_triage_model_sees_each_failures_step() -> None:
    # Two failures in two commands: the model reads which step printed each one, as the rules do; a
    # specialist's context (error_lines without steps) is unchanged, so recorded conversations stay valid.
    facts = extract_facts(
        _travis_steps(("flake8 .", "flake8.txt"), ("python -m pytest -q tests", "pytest_failures.txt"))
    )
    assert facts.step_titles == {0: "flake8 .", 1: "python -m pytest -q tests"}
    shown = render_triage_facts(facts, None, rule_verdict(facts)).splitlines()
    assert any(line.startswith("- flake8 [F401] (step 1: `flake8 .`) ") for line in shown)
    assert any("::test_add (step 2: `python -m pytest -q tests`): " in line for line in shown)
    assert not any("(step " in line for line in error_lines(facts, limit=40) + failing_test_lines(facts, limit=30))


def test_the_triage_model_sees_a_warnings_level() -> None:
    """hadolint's warnings (exit 0 under `--failure-threshold error`) beside a failing test run: the model reads
    each record's level; a specialist's context does not (recorded conversations stay valid)."""
    output = (DATA / "hadolint2151_warnings_passed.txt").read_text() + (DATA / "pytest8_long.txt").read_text()
    facts = extract_facts(framing.travis("./ci.sh", output))
    shown = render_triage_facts(facts, None, rule_verdict(facts)).splitlines()
    assert any(line.startswith("- hadolint [DL3013] (warning) ") for line in shown)
    assert not any("(warning)" in line for line in error_lines(facts, limit=40))
    assert not any(line.startswith("- pytest") and "(error)" in line for line in shown)


# An image build whose RUN step's command failed where a tool's own record or failing test says why: BuildKit (a pip
# install), real buildah 1.28 output (a test script exiting 2), a unittest run inside RUN (BuildKit's plain progress,
# its lines behind `#8 0.464 `, and the legacy builder). The Dockerfile only ran the command: what it ran is the cause.
RUN_SAID = [
    ("sample_docker_buildkit.txt", "docker build -t app ."),
    ("buildah_run_failed.txt", "buildah bud -t app ."),
    ("docker2010_buildkit_unittest_in_run.txt", "docker build -t app ."),
    ("docker2010_legacy_unittest_in_run.txt", "docker build -t app ."),
]


@pytest.mark.parametrize(("data", "command"), RUN_SAID)
@pytest.mark.parametrize("ci", ["github_actions", "travis"])
def test_a_failed_run_step_is_what_it_ran_not_the_dockerfile(data: str, command: str, ci: str) -> None:
    facts = extract_facts(getattr(framing, ci)(command, (DATA / data).read_text(), 1))
    assert facts.category is not Category.DOCKERFILE, facts.category
    assert all(not e.votes for e in facts.errors if e.category is Category.DOCKERFILE)  # shown, not evidence
    verdict = rule_verdict(facts)
    assert not (verdict.decided and verdict.category is Category.DOCKERFILE), verdict.reason


def test_a_failed_pip_install_in_a_run_step_is_the_dependency_guess() -> None:
    facts = extract_facts(
        framing.github_actions("docker build -t app .", (DATA / "sample_docker_buildkit.txt").read_text(), 1)
    )
    assert rule_verdict(facts).category is Category.DEPENDENCY


@pytest.mark.parametrize("data", ["docker2010_buildkit_unittest_in_run.txt", "docker2010_legacy_unittest_in_run.txt"])
def test_a_test_run_failing_inside_a_run_step_is_its_tests(data: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions("docker build -t app .", (DATA / data).read_text(), 1)))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


# A failed RUN step whose command printed no tool's record (a shell's `ls` finding no file, `npm: not found`, a
# copied file not executable): the image build's own failure is the guess, never decided alone (IMAGE_BUILD), and
# its records are said to be a RUN step's command failing.
RUN_ALONE = [
    ("sample_docker_legacy.txt", "docker build -t app ."),
    ("docker2010_buildkit_run_not_found.txt", "docker build -t app ."),
    ("docker2010_buildkit_run_failed.txt", "docker build -t app ."),
    ("docker2010_buildkit_multistage_run_failed.txt", "docker build -t app ."),
    ("docker2010_legacy_run_not_found.txt", "docker build -t app ."),
]


@pytest.mark.parametrize(("data", "command"), RUN_ALONE)
@pytest.mark.parametrize("ci", ["github_actions", "travis"])
def test_a_failed_run_step_alone_is_the_image_builds_guess(data: str, command: str, ci: str) -> None:
    verdict = rule_verdict(extract_facts(getattr(framing, ci)(command, (DATA / data).read_text(), 1)))
    assert verdict.category is Category.DOCKERFILE and not verdict.decided, verdict.reason
    assert IMAGE_BUILD in verdict.reason
    docker = [s for s in verdict.signals if s.category is Category.DOCKERFILE]
    assert docker and all(s.discounted and "a RUN step's command failed" in s.reason for s in docker)


# BuildKit 0.11 on words a RUN step's failure `process "..." did not complete successfully` (Docker 20.10's BuildKit
# 0.8, whose real samples are above, says `executor failed running [...]`): these lines are that wording's shape,
# not a sample (no newer BuildKit runs here). The step's output behind `#5 0.412 ` is read as run bare.
_NEWER_RUN = """#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 98B done
#1 DONE 0.0s

#5 [2/2] RUN {command}
#5 0.412 {output}
#5 ERROR: process "/bin/sh -c {command}" did not complete successfully: exit code: 1
------
 > [2/2] RUN {command}:
------
ERROR: failed to solve: process "/bin/sh -c {command}" did not complete successfully: exit code: 1"""


@pytest.mark.parametrize(
    ("command", "output", "category"),
    [
        ("ls /app/config.yml", "ls: /app/config.yml: No such file or directory", Category.DOCKERFILE),
        ("gcc -c main.c", "main.c:2:10: error: 'x' undeclared (first use in this function)", Category.BUILD),
    ],
)
def test_bake_and_newer_buildkit_words_for_a_failed_run_step(command: str, output: str, category: Category) -> None:
    log = _NEWER_RUN.format(command=command, output=output)
    verdict = rule_verdict(extract_facts(framing.github_actions("docker buildx bake", log, 1)))
    assert verdict.category is category, verdict.reason
    assert not (verdict.decided and category is Category.DOCKERFILE), verdict.reason


# The Dockerfile itself is wrong: an unknown instruction (real buildah 1.28), hadolint's rules.
DOCKERFILE_ITSELF = [
    ("buildah_unknown_instruction.txt", "buildah bud -t app ."),
    ("hadolint.txt", "hadolint Dockerfile"),
    ("docker2010_buildkit_unknown_instruction.txt", "docker build -t app ."),
]


@pytest.mark.parametrize(("data", "command"), DOCKERFILE_ITSELF)
def test_the_dockerfile_itself_wrong_is_the_dockerfile_route(data: str, command: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / data).read_text(), 1)))
    assert verdict.category is Category.DOCKERFILE and verdict.decided, verdict.reason
    assert IMAGE_BUILD not in verdict.reason


# An image build that did not find what its Dockerfile names: a COPY source missing from the context
# (BuildKit; real buildah 1.28: a file, a Maven build's target/*.jar not built, a dist/ that .dockerignore
# leaves out), a base image tag the registry does not have (real buildah 1.28 against a local registry
# 2.8). The Dockerfile may be right: the fix may be the build before it, .dockerignore, a tag, a registry.
IMAGE_BUILD_ONLY = [
    ("sample_docker_missing_file.txt", "docker build -t app ."),
    ("buildah_copy_missing.txt", "buildah bud -t app ."),
    ("buildah_copy_build_output.txt", "buildah bud -t app ."),
    ("buildah_copy_dockerignored.txt", "buildah bud -t app ."),
    ("buildah_base_image_tag_unknown.txt", "buildah bud -t app ."),
    ("docker2010_buildkit_copy_missing.txt", "docker build -t app ."),
    ("docker2010_buildkit_copy_dockerignored.txt", "docker build -t app ."),
]


@pytest.mark.parametrize(("data", "command"), IMAGE_BUILD_ONLY)
def test_an_image_build_that_did_not_find_what_its_dockerfile_names_does_not_decide(data: str, command: str) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / data).read_text(), 1)))
    assert verdict.category is Category.DOCKERFILE, verdict.reason  # still the guess
    assert not verdict.decided and verdict.confidence <= UNSURE_CONFIDENCE and IMAGE_BUILD in verdict.reason
    # the user's own check naming the image build is their word, as for any category (CHECK_CONFIDENCE)
    facts = extract_facts(framing.github_actions(command, (DATA / data).read_text(), 1))
    assert rule_verdict(facts, command).decided


def _installed_then_tested(command: str) -> Facts:
    # Real pip 23.2 (installing beta 2.0 beside alpha 1.0, which requires beta<2: its resolver's notice,
    # then `Successfully installed`, exit 0), then real pytest failures, in one CI step.
    output = (DATA / "pip_resolver_warning.txt").read_text() + (DATA / "pytest_failures.txt").read_text()
    return extract_facts(framing.github_actions(command, output, 1))


def test_pips_notice_after_an_install_it_finished_is_shown_not_voted() -> None:
    facts = _installed_then_tested("python -m pytest -q")
    notice = [e for e in facts.errors if e.tool == "pip"]
    assert notice and not any(e.votes for e in notice)
    assert facts.category is Category.TEST


@pytest.mark.parametrize("sep", [" && ", "; ", "\n"])
def test_the_commands_before_a_test_runner_that_reported_failures_ran_to_their_end(sep: str) -> None:
    # `pip install ... && pytest`: the tests ran, so the install finished; its tool says nothing of the failure.
    verdict = rule_verdict(_installed_then_tested(f"pip install -r requirements.txt{sep}python -m pytest -q"))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert not any(s.category is Category.DEPENDENCY and s.kind == "command" for s in verdict.signals)
    # With no failing test reported, the whole line is what may have failed.
    alone = rule_verdict(Facts(failing_command="pip install -r requirements.txt && python -m pytest -q"))
    assert alone.category is Category.DEPENDENCY


def test_an_image_build_that_could_not_reach_its_registry_is_no_dockerfile_failure() -> None:
    # Real buildah 1.28 pulling `FROM docker.io/library/alpine:3.19` with no network: the registry's
    # name does not resolve. The Dockerfile is right; the build command's evidence weighs down.
    log = framing.github_actions("buildah bud -t app .", (DATA / "buildah_base_image_unreachable.txt").read_text(), 1)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.INFRA, verdict.reason
    docker = [s for s in verdict.signals if s.category is Category.DOCKERFILE]
    assert docker and all(s.discounted and "could not be reached" in s.reason for s in docker)


def test_a_confident_failure_of_another_step_leaves_the_rules_undecided_whatever_the_margin() -> None:
    # Real flake8 findings in one command, real pytest failures in the next (Travis runs every `script:`
    # command): two failures, and the log does not say which one the fix is for. Lint scores well above
    # the tests (0.90 vs 0.60), yet picking it routes the tests' fix nowhere: the rules abstain.
    facts = extract_facts(
        _travis_steps(("flake8 .", "flake8.txt"), ("python -m pytest -q tests", "pytest_failures.txt"))
    )
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.margin >= 0.1, verdict.reason
    assert not verdict.decided and "test (0.60) failed too" in verdict.reason, verdict.reason
    # A lone lint step decides as before.
    alone = rule_verdict(extract_facts(framing.travis("flake8 .", (DATA / "flake8.txt").read_text())))
    assert alone.category is Category.LINT and alone.decided, alone.reason


def test_a_task_runners_verdict_that_names_only_the_task_decides_once_attested() -> None:
    # Real gulp 4.0.2: a task named lintOne runs a script that stops (the build it needs did not run):
    # `'lintOne' errored after`, `Error: Process exited with code: 2`. Only the task's name says lint.
    log = framing.travis("npx gulp lint", (DATA / "gulp4_task_name_only.txt").read_text())
    facts = extract_facts(log)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and not verdict.decided, verdict.reason
    assert TASK_NAME in {s.name for s in verdict.signals}
    assert rule_verdict(
        facts, calibration=replace(CALIBRATION, attested=None)
    ).decided  # attestation's, not the score's
    # ESLint's own findings under gulp (real gulp 3.9.1 + gulp-eslint) still decide.
    eslint = rule_verdict(extract_facts(framing.travis("npx gulp lint", (DATA / "gulp3_eslint.txt").read_text())))
    assert eslint.category is Category.LINT and eslint.decided, eslint.reason


@pytest.mark.parametrize(
    ("data", "command"),
    [
        ("pyflakes2.txt", "pyflakes pkg"),
        ("color/jshint_stylish_plain.txt", "npx jshint --reporter=node_modules/jshint-stylish src"),
        ("color/hlint_plain.txt", "hlint src"),
        ("color/rubocop_nocop_plain.txt", "rubocop --no-display-cop-names lib"),
        ("tslint_prose.txt", "npx tslint -t prose src/*.ts"),
    ],
)
def test_a_linters_findings_decide_whether_or_not_it_names_its_rules(data: str, command: str) -> None:
    # Real pyflakes, JSHint (jshint-stylish), HLint, RuboCop and TSLint output that names no rule per finding:
    # findings all the same (a linter's summary is a verdict, not a record). They were dropped, and the
    # lint category rested on the facts' classification alone (0.77, undecided).
    verdict = rule_verdict(extract_facts(framing.travis(command, (DATA / data).read_text())))
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    assert "records:lint" in {s.name for s in verdict.signals}


@pytest.mark.parametrize(
    ("data", "command"),
    [("slash115.txt", "slash run slashtests"), ("mocha17_spec.txt", "node node_modules/mocha/bin/_mocha -R spec")],
)
def test_a_runners_failing_summary_decides_where_no_parser_reads_its_tests(data: str, command: str) -> None:
    # Real slash 1.15 and mocha 1.7 output: no parser names their failing test; their closing lines (`= Session
    # ended. 1 successful, 0 skipped, 1 failed, ...`, `✖ 1 of 2 tests failed:`) are the runner's own count.
    facts = extract_facts(framing.travis(command, (DATA / data).read_text()))
    assert not facts.failing_tests
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert verdict.evidence["summary"] == 1.0
    without = rule_verdict(facts.model_copy(update={"summaries": []}))
    assert not without.decided


def _summary(category: Category, failed: int, text: str) -> Summary:
    return Summary(category=category, failed=failed, text=text, log_line=10, step=1)


def test_a_failing_summary_with_the_keywords_decides_its_kind() -> None:
    facts = Facts(category=Category.TEST, confidence=0.55, category_basis="keywords", failed_line="make check")
    failing = facts.model_copy(update={"summaries": [_summary(Category.TEST, 2, "3 examples, 2 failures")]})
    assert not rule_verdict(facts).decided
    verdict = rule_verdict(failing)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason


def test_a_test_summary_beside_a_failing_linters_does_not_decide_test() -> None:
    # `npm test` running eslint, then mocha: both count failures in the one step; the lint failed first.
    summaries = [
        _summary(Category.LINT, 3, "✖ 3 problems (3 errors, 0 warnings)"),
        _summary(Category.TEST, 1, "1 failing"),
    ]
    facts = Facts(category=Category.TEST, confidence=0.55, category_basis="keywords", failed_line="npm test")
    verdict = rule_verdict(facts.model_copy(update={"summaries": summaries}))
    assert not (verdict.category is Category.TEST and verdict.decided), verdict.reason
    test_summary = next(s for s in verdict.signals if s.kind == "summary" and s.category is Category.TEST)
    assert test_summary.discounted


def test_a_passing_test_summary_weighs_down_the_test_command() -> None:
    # Real `npm test` running `mocha && eslint lib` (mocha 5, eslint 4): `2 passing`, then ESLint's `✖ 3 problems`.
    facts = extract_facts(framing.travis("npm test", (DATA / "npm_mocha_then_eslint.txt").read_text()))
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason
    command = next(s for s in verdict.signals if s.kind == "command")
    assert command.category is Category.TEST and command.discounted
    shown = render_triage_facts(facts, None, verdict)  # the triage model reads both summaries
    assert "- test summary in the failing step says its run passed: 2 passing (2ms)" in shown
    assert "- lint summary in the failing step counts 3 failure(s): ✖ 3 problems (3 errors, 0 warnings)" in shown
    # a test command whose own summary passed and a linter's summary are all the log says: lint, not test
    bare = Facts(failed_line="npm test", summaries=[_summary(Category.TEST, 0, "2 passing (2ms)")])
    assert rule_verdict(bare.model_copy(update={"summaries": []})).category is Category.TEST
    assert all(s.discounted for s in rule_verdict(bare).signals if s.category is Category.TEST)


def test_a_linters_passing_summary_beside_failing_tests() -> None:
    # Real `rubocop lib && rspec` (RuboCop 1.39, RSpec 3.12) as Travis's default Ruby script runs them
    # (`bundle exec rake`, a command the rules do not know): `no offenses detected`, then a failing example.
    facts = extract_facts(framing.travis("bundle exec rake", (DATA / "rubocop_then_rspec.txt").read_text()))
    assert [(s.category, s.failed) for s in facts.summaries] == [(Category.LINT, 0), (Category.TEST, 1)]
    verdict = rule_verdict(facts)
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
    assert verdict.evidence["summary"] == 1.0 and Category.LINT not in verdict.scores
