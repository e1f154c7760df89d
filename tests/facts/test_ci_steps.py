"""facts/ci's step statuses and Facts.steps: the steps whose exit status the CI reported, or that it ran once
the job had failed; and triage reading a failure as the failing steps' alone, through one failing view
(triage/failing.py): evidence only in a step the CI reported passing neither competes nor vouches; evidence only
in a step run after the failure (after_failure's printed logs) vouches for what the failing steps show, or stands
when they show nothing, but never competes."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci import detect
from remediate.facts.ci.failures import TRAVIS_EXIT
from remediate.facts.excerpt import FRAMES, HEADER, REPEATS, numbered
from remediate.facts.extract import modules_reading
from remediate.facts.reader import LogSource
from remediate.facts.redact import Redactor
from remediate.facts.scan import scan
from remediate.facts.view import build_view
from remediate.models import Category, CiStep
from remediate.triage import failing, rule_verdict
from remediate.triage.signal import Signal
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _out(name: str) -> str:
    return (DATA / name).read_text()


def test_travis_reports_how_every_script_command_exited() -> None:
    log = framing.travis_commands(
        [("flake8 pkg tests || true", _out("flake8.txt"), 0), ("mypy --strict pkg", _out("mypy.txt"), 1)],
        say_passed=True,
    )
    facts = extract_facts(log)
    assert [s.model_copy(update={"lines": None}) for s in facts.steps] == [
        CiStep(step=0, command="flake8 pkg tests || true", exit_code=0),
        CiStep(step=1, command="mypy --strict pkg", exit_code=1),
    ]
    first, second = (s.lines for s in facts.steps)
    assert first and second and first.end == second.start - 1  # a step's lines run to the next one's start
    assert {e.step for e in facts.errors if e.tool == "flake8"} == {0}  # the same numbering as the records'
    assert {e.step for e in facts.errors if e.tool == "mypy"} == {1}


def test_a_step_without_a_report_has_no_status_and_is_not_listed() -> None:
    # travis_commands says nothing of a passing command unless asked: the log does not show its status
    log = framing.travis_commands(
        [("flake8 pkg tests || true", _out("flake8.txt"), 0), ("mypy pkg", _out("mypy.txt"), 1)]
    )
    steps = extract_facts(log).steps
    assert [(s.step, s.command, s.exit_code) for s in steps] == [(1, "mypy pkg", 1)]


def test_after_failure_and_after_script_steps_ran_once_the_job_had_failed() -> None:
    log = framing.travis_after(
        "python -m pytest -q tests",
        _out("pytest_failures.txt"),
        [
            ("after_failure", "cat pip.log", _out("pip_not_found.txt")),
            ("after_script.1", "flake8 pkg", _out("flake8.txt")),
        ],
    )
    steps = extract_facts(log).steps
    assert [(s.command, s.exit_code, s.after_failure) for s in steps] == [
        ("python -m pytest -q tests", 1, False),
        ("cat pip.log", None, True),
        ("flake8 pkg", None, True),
    ]


def test_structure_tells_after_failure_from_after_script() -> None:
    # after_failure runs because the script failed (the job's own reaction: a suite's log cat'ed),
    # after_script whatever it returned (a coverage upload): the excerpt seeds the first apart.
    log = framing.travis_after(
        "make check",
        _out("automake_check_one_failing.txt"),
        [
            ("after_failure", "cat test-suite.log", _out("automake_test_suite_log.txt")),
            ("after_script.1", "coveralls", _out("coveralls_no_network.txt")),
            ("after_script.2", "cat config.log", "ok"),
        ],
    )
    with LogSource(log) as src:
        scanned = scan(src)
        view = build_view(src, scanned, Redactor())
    st = detect(view, scanned)
    texts = {no: view.text(no) for no in range(1, view.total_lines + 1) if view.get(no) is not None}
    assert [stage for stage, _, _ in st.after_stages] == ["after_failure", "after_script", "after_script"]
    (_, a, b), (_, c, d), (_, e, f) = st.after_stages
    assert texts[a] == "$ cat test-suite.log" and b < c and texts[c] == "$ coveralls" and d < e
    assert any("tests/test_mul.c:5: assertion failed" in texts.get(no, "") for no in range(a, b + 1))
    assert not any("coveralls" in texts.get(no, "") for no in range(a, b + 1))
    assert texts[f] == "travis_fold:end:after_script.2" and texts[f + 1].startswith("Done. Your build exited with")
    assert [s.after_failure for s in extract_facts(log).steps] == [False, True, True, True]


def test_a_wrappers_own_echo_inside_a_command_shares_its_status() -> None:
    # Yarn echoes the script it runs as `$ eslint lib`: a step start inside the Travis command's output
    output = "yarn run v1.22.19\n$ eslint lib\n" + _out("eslint.txt")
    log = framing.travis_commands(
        [("yarn lint || true", output, 0), ("mypy pkg", _out("mypy.txt"), 1)], say_passed=True
    )
    steps = extract_facts(log).steps
    assert [(s.command, s.exit_code) for s in steps] == [("yarn lint || true", 0), ("eslint lib", 0), ("mypy pkg", 1)]


def test_a_linters_records_in_a_passing_step_neither_compete_nor_vouch() -> None:
    failing = ("mypy --strict pkg", _out("mypy.txt"), 1)
    passing = ("flake8 pkg tests || true", _out("flake8.txt"), 0)
    for steps in ([passing, failing], [failing, passing]):
        verdict = rule_verdict(extract_facts(framing.travis_commands(steps, say_passed=True)))
        assert verdict.decided and verdict.category is Category.TYPE, verdict.reason
        assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason
    # both failed: two failures from different steps, as before (flake8 without `|| true`: a forgiven part cannot
    # fail its command, and a forgiven part's findings decide nothing: triage/discounts.forgiven_parts)
    linted = ("flake8 pkg tests", passing[1], 1)
    both = rule_verdict(extract_facts(framing.travis_commands([linted, failing], say_passed=True)))
    assert not both.decided and "two failures" in both.reason, both.reason


def test_a_passing_steps_evidence_does_not_vouch_for_the_failing_steps_kind() -> None:
    # The lint records lie in the command that exited 0; the failing command printed nothing telling
    log = framing.travis_commands(
        [("flake8 pkg tests || true", _out("flake8.txt"), 0), ("./ci/run.sh", "Done.\n", 1)], say_passed=True
    )
    verdict = rule_verdict(extract_facts(log))
    assert not any(s.kind == "records" for s in verdict.signals), verdict.reason
    assert not (verdict.decided and verdict.category is Category.LINT), verdict.reason


def test_after_failures_output_is_no_second_failure() -> None:
    # pytest's tests failed; after_failure printed an old pip log with its resolver's error
    log = framing.travis_after(
        "python -m pytest -q tests",
        _out("pytest_failures.txt"),
        [("after_failure", "cat pip.log", _out("pip_not_found.txt"))],
    )
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.TEST and "two failures" not in verdict.reason, verdict.reason
    assert not any(s.category is Category.DEPENDENCY and s.kind == "records" for s in verdict.signals)


def test_the_status_line_is_read_in_linear_time() -> None:
    for hostile in ('The command "' + '"' * 20_000, 'The command "' + '" exited with ' * 5_000 + "x"):
        started = time.perf_counter()
        TRAVIS_EXIT.match(hostile)
        assert time.perf_counter() - started < 0.5
    hostile_excerpt = HEADER.format(start=1, end=2) + "\n" + "[… " + "9" * 20_000 + " more frames like the one above"
    started = time.perf_counter()
    assert [no for no, _ in numbered(hostile_excerpt)] == [None, 1]
    assert time.perf_counter() - started < 0.5


def test_a_failure_pattern_in_a_passing_step_names_no_cause() -> None:
    # `cargo lint || true` asked cargo for a command it lacks and exited 0; go's tests failed in the next step
    log = framing.travis_commands(
        [("cargo lint || true", _out("cargo_no_such_command.txt"), 0), ("go test ./...", _out("go_test_json.txt"), 1)],
        say_passed=True,
    )
    facts = extract_facts(log)
    assert "no such command" in facts.excerpt  # shown: the excerpt is what the agent reads
    verdict = rule_verdict(facts)
    assert not any(s.category is Category.CONFIG for s in verdict.signals), verdict.reason
    assert verdict.category is Category.TEST, verdict.reason


def test_an_excerpts_lines_are_numbered_as_the_log_shows_them() -> None:
    text = "\n".join(
        [
            HEADER.format(start=5, end=7),
            "a",
            "b",
            HEADER.format(start=20, end=32),
            "x",
            REPEATS.format(count=10),
            "y",
            FRAMES.format(count=1),
        ]
    )
    assert [no for no, _ in numbered(text)] == [None, 5, 6, None, 20, 30, 31, 32]
    log = framing.travis_commands([("pytest -q test_fail.py", _out("pytest_quiet_fail.txt"), 1)])
    facts = extract_facts(log)
    shown = [no for no, _ in numbered(facts.excerpt) if no is not None]
    ranges = [(r.start, r.end) for r in facts.excerpt_lines]
    assert shown and all(any(a <= no <= b for a, b in ranges) for no in shown)


def test_travis_setup_folds_before_the_script_passed() -> None:
    # Travis says nothing of a set-up command that exited 0; pip exits 0 after its resolver's ERROR notice
    log = framing.travis_setup(
        [
            ("before_install", "pip install -U pip", "Successfully installed pip-23.2.1"),
            ("install.1", "pip install beta==2.0", _out("pip_resolver_warning.txt")),
            ("install.2", "pip install -e .", _out("noise/setup_py_install_passed.txt")),
        ],
        "python -m pytest -q tests",
        _out("pytest_failures.txt"),
    )
    facts = extract_facts(log)
    assert [(s.command, s.exit_code, s.after_failure) for s in facts.steps] == [
        ("pip install -U pip", 0, False),
        ("pip install beta==2.0", 0, False),
        ("pip install -e .", 0, False),
        ("python -m pytest -q tests", 1, False),
    ]
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason
    assert not any(s.category is Category.DEPENDENCY for s in verdict.signals), verdict.reason


def test_a_failed_or_unfinished_setup_fold_did_not_pass() -> None:
    failed = extract_facts(framing.travis_install("pip install -r requirements.txt", _out("pip_not_found.txt")))
    assert [(s.command, s.exit_code) for s in failed.steps] == [("pip install -r requirements.txt", 1)]
    # a language's own set-up folds (`install.rebar`, `install_chrome`) are not the project's set-up stages, and a
    # fold the log ends in (a job stopped while installing) closed on no later step
    log = framing.travis_setup(
        [("install.rebar", "mix local.rebar --force", "* creating rebar3"), ("install_chrome", "sh chrome.sh", "ok")],
        "mix test",
        _out("pytest_failures.txt"),
    )
    assert [s.command for s in extract_facts(log).steps] == ["mix test"]
    cut = framing.travis_setup([("install", "npm ci", "added 3 packages")], "npm test", "x").split(b"travis_time:end")[
        0
    ]
    assert extract_facts(cut).steps == []


def test_a_passing_steps_failing_tests_name_no_cause_of_the_jobs_failure() -> None:
    # rspec's failing tests all say a settings file is missing, but `rspec ... || true` passed; go's tests failed the
    # job (its parser left out, as for a runner no parser reads: only its summary and command tell)
    rspec = ("rspec spec/shop_spec.rb || true", _out("rspec312_config_file_missing.txt"), 0)
    go = ("go test ./...", _out("go_test_panic.txt"), 1)
    for log in (framing.travis_commands([rspec, go], say_passed=True), framing.github_steps([rspec, go])):
        verdict = rule_verdict(extract_facts(log, leave_out=frozenset({"go"})))
        assert verdict.category is Category.TEST, verdict.reason
        assert not any(s.category is Category.CONFIG for s in verdict.signals), verdict.reason


AFTER_WHY = "(printed after the failure, as the failing steps show it)"


def _vouching(signals: tuple[Signal, ...]) -> list[Signal]:
    """The signals whose evidence only a step run after the failure printed (gather._in_failed_steps)."""
    return [s for s in signals if s.reason.endswith(AFTER_WHY)]


def test_after_failures_copy_of_the_failing_output_vouches_for_its_kind() -> None:
    # mypy's report went to a file that after_failure prints: its records vouch for the failing step's type errors,
    # counted as that step's (no "two failures" between the step and its own log)
    log = framing.travis_after(
        "mypy --strict pkg > mypy.log", "", [("after_failure", "cat mypy.log", _out("mypy.txt"))]
    )
    facts = extract_facts(log)
    failing = {s.step for s in facts.steps if s.exit_code}
    verdict = rule_verdict(facts)
    vouching = _vouching(verdict.signals)
    assert vouching and {s.category for s in vouching} == {Category.TYPE}, verdict.reason
    assert all(s.steps == failing for s in vouching)
    # the calibration weighs records outside the failing step as it finds them right: named, its own call
    assert verdict.category is Category.TYPE and "two failures" not in verdict.reason, verdict.reason


def test_after_failures_output_is_the_only_evidence_there_is() -> None:
    # the failing script printed nothing telling; after_failure printed its test log: that is what failed
    log = framing.travis_after(
        "./ci/run.sh", "Done.\n", [("after_failure", "cat pytest.log", _out("pytest_failures.txt"))]
    )
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.TEST, verdict.reason
    assert _vouching(verdict.signals), verdict.reason


def test_after_failures_output_of_another_kind_never_competes() -> None:
    # the failing step is a linter's or a type checker's; a test log after_failure prints is no second failure
    for command, output, category in (
        ("flake8 pkg", "flake8.txt", Category.LINT),
        ("mypy --strict pkg", "mypy.txt", Category.TYPE),
    ):
        log = framing.travis_after(
            command, _out(output), [("after_failure", "cat pytest.log", _out("pytest_failures.txt"))]
        )
        verdict = rule_verdict(extract_facts(log))
        assert verdict.decided and verdict.category is category, verdict.reason
        assert not any(s.category is Category.TEST for s in verdict.signals), verdict.reason
    # the failing step's tests lead; a linter's log printed after them neither competes nor wins
    log = framing.travis_after(
        "python -m pytest -q tests",
        _out("pytest_failures.txt"),
        [("after_failure", "cat flake8.log", _out("flake8.txt"))],
    )
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason
    assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason


def test_an_after_script_coverage_upload_that_failed_is_no_cause() -> None:
    # coveralls could not reach its server in after_script: the tests' failure stays the job's, the network unnamed
    log = framing.travis_after(
        "python -m pytest -q tests",
        _out("pytest_failures.txt"),
        [("after_script", "coveralls", _out("coveralls_no_network.txt"))],
    )
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is Category.TEST, verdict.reason
    assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason


def test_the_failing_view_is_read_once_per_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    # the excerpt is split by step once (excerpt.numbered), whatever the number of rules reading the failing view
    calls: list[str] = []

    def counted(text: str) -> Iterator[tuple[int | None, str]]:
        calls.append(text)
        return numbered(text)

    monkeypatch.setattr(failing, "numbered", counted)
    log = framing.travis_commands(
        [("cargo lint || true", _out("cargo_no_such_command.txt"), 0), ("go test ./...", _out("go_test_json.txt"), 1)],
        say_passed=True,
    )
    rule_verdict(extract_facts(log))
    assert len(calls) == 1


def test_a_classification_resting_on_a_passing_steps_records_is_no_evidence() -> None:
    # unittest's runner read by no parser: its summary counts one failure, a style test's (pycodestyle's findings).
    # Before it, `grunt test || true` printed QUnit's failing tests: the facts' own classification (test, from records
    # elsewhere in the log) rested on them alone, and raised the confidence in test until it decided (wrong); with and
    # without that step the verdict is the same
    command = "python -m unittest discover -s t2 -t ."
    own = framing.travis_commands([(command, _out("unittest_pycodestyle_test.txt"), 1)])
    log = framing.travis_commands(
        [
            ("grunt test || true", _out("grunt_contrib_qunit31.txt"), 0),
            (command, _out("unittest_pycodestyle_test.txt"), 1),
        ],
        say_passed=True,
    )
    left_out = modules_reading(own)
    alone, beside = (rule_verdict(extract_facts(x, leave_out=left_out)) for x in (own, log))
    assert extract_facts(log, leave_out=left_out).category is Category.TEST
    # the style test's own report decides its linter (reports.shown_cause; before, the rules abstained on it)
    assert beside.category is Category.LINT, beside.reason
    assert "parsed records" not in beside.reason, beside.reason
    assert beside.decided is alone.decided and beside.category is alone.category, (alone.reason, beside.reason)


def test_a_passing_steps_stop_or_time_limit_names_no_cause() -> None:
    # `go test || true` printed its run's time limit and `bash -e term.sh || true` its SIGTERM; flake8 failed after
    # them: the exit-status readers read the failing steps' lines, as the failure patterns do
    for passing, sample in (
        ("go test -timeout 2s ./... || true", "gotest119_run_timeout.txt"),
        ("bash -e term.sh || true", "bash_terminated_sigterm.txt"),
    ):
        log = framing.travis_commands(
            [(passing, _out(sample), 0), ("flake8 pkg", _out("flake8.txt"), 1)], say_passed=True
        )
        verdict = rule_verdict(extract_facts(log))
        assert not any(s.category is Category.INFRA for s in verdict.signals), verdict.reason
        assert verdict.decided and verdict.category is Category.LINT, verdict.reason
    # the same time limit in the failing step still names it
    log = framing.travis_commands([("go test -timeout 2s ./...", _out("gotest119_run_timeout.txt"), 1)])
    assert any(s.name == "pattern:run-timeout" for s in rule_verdict(extract_facts(log)).signals)


def test_a_passing_steps_records_do_not_vote_for_the_facts_category() -> None:
    # go's failing tests printed by `go test ./... || true`, which exited 0; the failing step printed nothing a
    # parser or a keyword reads: the facts know no category rather than the passing step's
    go = ("go test ./... || true", _out("go_test_panic.txt"), 0)
    failing = ("./ci/deploy.sh", "Uploading build 1.2.3\nDone.\n", 1)
    for log in (framing.travis_commands([go, failing], say_passed=True), framing.github_steps([go, failing])):
        facts = extract_facts(log)
        assert facts.failing_tests and facts.category is not Category.TEST, facts.category
    # reported with no status (Travis shows none of a passing command unless asked): they vote as before
    assert extract_facts(framing.travis_commands([go, failing])).category is Category.TEST


def test_a_passing_step_beside_the_failing_one_changes_no_verdict() -> None:
    # each failing step's tool as one no parser reads (its modules left out), alone and beside a passing step that
    # printed another tool's failures: a passing step's failing tests neither vouch for `test` nor keep the rules
    # from abstaining on a summary that only counts failures (beneath.unread_tests), nor break the facts' tie
    pairs = [
        (
            ("grunt test", "grunt104_mochatest.txt"),
            ("go test -v ./... || true", "go119_test_yaml_config_unparsable.txt"),
        ),
        (
            ("python -m pytest --pep8 shop tests --flake8", "pytest7_pycodestyle.txt"),
            ("phpunit tests || true", "phpunit_same_error.txt"),
        ),
    ]
    for (command, sample), (rival, printed) in pairs:
        alone = framing.travis(command, _out(sample))
        left_out = modules_reading(alone)
        expected = rule_verdict(extract_facts(alone, leave_out=left_out))
        beside = framing.travis_commands([(rival, _out(printed), 0), (command, _out(sample), 1)], say_passed=True)
        verdict = rule_verdict(extract_facts(beside, leave_out=left_out))
        assert (verdict.decided, verdict.category) == (expected.decided, expected.category), verdict.reason


@pytest.mark.parametrize("page", [False, True])
def test_a_tool_s_indented_dollar_line_is_no_runner_step(page: bool) -> None:
    """A runner echoes its commands at the line's start (`$ cmd`); a `  $ ./configure` inside a command's output (an
    autoconf config.log cat by the job, a tool's hint `  $ bundle install`) is that output's, not a step, on the
    page (colours stripped, as copied from GitLab's job page) and in the raw log alike."""
    config_log = (DATA / "autoconf_config_log.txt").read_text(errors="replace")
    assert "\n  $ ./configure" in config_log
    log = framing.gitlab("cat config.log && exit 1", config_log)
    if page:
        log = re.sub(rb"\x1b\[[0-9;]*[A-Za-z]|section_(?:start|end):[^\r]*\r", b"", log)
    commands = [s.command for s in extract_facts(log).steps]
    assert commands[-1] == "cat config.log && exit 1", commands
    assert not any(c.startswith(("./configure", "./config.status")) for c in commands), commands
