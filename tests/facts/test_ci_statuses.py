"""facts/ci's step statuses on GitHub Actions and GitLab (Facts.steps): the steps the runner shows passing because
it went on to the next one, the failing one, and the steps run whatever the job's returned (GitHub's post steps,
GitLab's after_script); near misses a tool's own output makes (a `::group::Run` or `::error::` of its own, a
command that prints a marker's words)."""

from __future__ import annotations

import time
from pathlib import Path

from remediate.facts import extract_facts
from remediate.facts.ci.gitlab import gitlab_section
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"


def _out(name: str) -> str:
    return (DATA / name).read_text()


def _statuses(facts: Facts) -> list[tuple[str, int | None, bool]]:
    return [(s.command, s.exit_code, s.after_failure) for s in facts.steps]


def test_github_a_step_the_next_one_follows_passed() -> None:
    log = framing.github_steps(
        [("flake8 pkg || true", _out("flake8.txt"), 0), ("mypy --strict pkg", _out("mypy.txt"), 1)]
    )
    facts = extract_facts(log)
    assert _statuses(facts) == [
        ("actions/checkout@v4", 0, False),
        ("flake8 pkg || true", 0, False),
        ("mypy --strict pkg", 1, False),
        ("Post job cleanup.", None, True),
        ("Cleaning up orphan processes", None, True),
    ]
    assert facts.failing_step == "Run mypy --strict pkg" and facts.exit_code == 1
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason
    assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason


def test_github_the_last_step_without_an_exit_line_shows_no_status() -> None:
    # mypy failed; flake8 ran after it (`if: always()`) and printed no exit line: passed or not, the log does not say
    log = framing.github_steps([("mypy --strict pkg", _out("mypy.txt"), 1), ("flake8 pkg", _out("flake8.txt"), 0)])
    facts = extract_facts(log)
    assert [(c, code) for c, code, after in _statuses(facts) if not after] == [
        ("actions/checkout@v4", 0),
        ("mypy --strict pkg", 1),
    ]


def test_github_a_later_failing_step_is_the_jobs_failure() -> None:
    # flake8 ran with continue-on-error (its exit line is printed all the same), then pytest failed the job
    log = framing.github_steps(
        [("flake8 pkg", _out("flake8.txt"), 1), ("python -m pytest -q tests", _out("pytest_failures.txt"), 1)]
    )
    facts = extract_facts(log)
    assert (
        facts.failing_step == "Run python -m pytest -q tests" and facts.failing_command == "python -m pytest -q tests"
    )
    assert [(c, code) for c, code, after in _statuses(facts) if not after][1:] == [
        ("flake8 pkg", 1),  # failed all the same: not a passing step's output
        ("python -m pytest -q tests", 1),
    ]
    assert "F401 'os' imported but unused" in facts.excerpt  # every failing step's output is shown
    assert "FAILED" in facts.excerpt


def test_github_a_tools_error_annotation_leaves_its_step_without_status() -> None:
    # `::error::` written by a step that went on: the runner writes `##[error]MSG`; the step may have failed (an
    # action's own error) or not, so nothing is said of it; the failing step's exit line still counts
    output = "::error file=pkg/calc.py,line=1::F401 'os' imported but unused\nchecked 3 files"
    log = framing.github_steps([("./ci/lint.sh || true", output, 0), ("mypy --strict pkg", _out("mypy.txt"), 1)])
    facts = extract_facts(log)
    assert [(c, code) for c, code, after in _statuses(facts) if not after] == [
        ("actions/checkout@v4", 0),
        ("mypy --strict pkg", 1),
    ]


def test_github_a_tools_own_run_group_is_no_step_boundary() -> None:
    # A script's `::group::Run unit tests` becomes `##[group]Run unit tests` in the log, like a step's header:
    # the step that printed it did not pass because a "Run" header followed
    output = "collected 3 items\n::group::Run unit tests\n" + _out("pytest_failures.txt") + "::endgroup::"
    log = framing.github_steps(
        [("pip install -e .", "Successfully installed shop-1.0", 0), ("./ci/test.sh", output, 1)]
    )
    facts = extract_facts(log)
    assert [(c, code) for c, code, after in _statuses(facts) if not after] == [
        ("actions/checkout@v4", 0),
        ("pip install -e .", 0),
        ("./ci/test.sh", 1),
        ("unit tests", 1),  # its output is the failing step's
    ]


def test_github_a_step_printing_post_job_cleanup_is_no_post_step() -> None:
    log = framing.github_steps(
        [("echo Post job cleanup.", "Post job cleanup.", 0), ("mypy --strict pkg", _out("mypy.txt"), 1)]
    )
    facts = extract_facts(log)
    assert [(c, code, after) for c, code, after in _statuses(facts)][1:3] == [
        ("echo Post job cleanup.", 0, False),
        ("mypy --strict pkg", 1, False),
    ]


def test_gitlab_a_command_the_next_echo_follows_passed() -> None:
    log = framing.gitlab_commands(
        [
            ("pip install -r requirements.txt", "\n".join(framing.NOISE[:5])),
            ("flake8 pkg || true", _out("flake8.txt")),
            ("mypy --strict pkg", _out("mypy.txt")),
        ],
        after=[("cat pip.log", _out("pip_not_found.txt"))],
    )
    facts = extract_facts(log)
    assert _statuses(facts) == [
        ("pip install -r requirements.txt", 0, False),
        ("flake8 pkg || true", 0, False),
        ("mypy --strict pkg", 1, False),
        ("cat pip.log", None, True),
    ]
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason
    assert not any(s.category in (Category.LINT, Category.DEPENDENCY) for s in verdict.signals), verdict.reason


def test_gitlab_a_wrappers_own_echo_shares_its_commands_status() -> None:
    # Yarn echoes the script it runs as `$ eslint lib`, without the runner's colour
    output = "yarn run v1.22.19\n$ eslint lib\n" + _out("eslint.txt")
    log = framing.gitlab_commands([("yarn install", "Done in 3.1s."), ("yarn lint", output)])
    assert _statuses(extract_facts(log)) == [
        ("yarn install", 0, False),
        ("yarn lint", 1, False),
        ("eslint lib", 1, False),
    ]


def test_gitlab_a_command_printing_a_stages_words_changes_no_stage() -> None:
    log = framing.gitlab_commands(
        [("echo Running after_script", "Running after_script"), ("mypy --strict pkg", _out("mypy.txt"))]
    )
    assert _statuses(extract_facts(log)) == [("echo Running after_script", 0, False), ("mypy --strict pkg", 1, False)]


def test_gitlab_a_job_failed_without_an_exit_code_gives_its_last_command_none() -> None:
    log = framing.gitlab_commands(
        [("pip install -e .", "Successfully installed shop-1.0"), ("pytest", "collected 3 items")]
    )
    timed_out = log.replace(
        b"ERROR: Job failed: exit code 1", b"ERROR: Job failed: execution took longer than 1h0m0s seconds"
    )
    assert _statuses(extract_facts(timed_out)) == [("pip install -e .", 0, False)]


def test_gitlab_without_the_runners_colour_no_echo_shows_a_pass() -> None:
    # colours stripped: a tool's own `$ eslint lib` (Bun's, a script's `echo "$ $*"`: nothing around it says whose)
    # looks like the runner's echo, and read as one it made the failing `yarn lint` read as passed; no `$ cmd` is known
    # for the runner's there, so none shows the one before passed: the last echo still opens the output that failed
    # (it gets the job's code), the commands before it are unshown
    output = "$ eslint lib\n" + _out("eslint.txt")
    log = framing.gitlab_commands([("yarn install", "Done in 3.1s."), ("bun run lint", output)])
    plain = log.replace(b"\x1b[32;1m", b"")
    assert _statuses(extract_facts(log))[1] == ("bun run lint", 1, False)
    facts = extract_facts(plain)
    assert _statuses(facts) == [("yarn install", None, False), ("bun run lint", None, False), ("eslint lib", 1, False)]
    assert facts.failing_command is not None and "bun run lint" in facts.failing_command


def test_gitlab_without_the_runners_colour_yarns_echo_is_yarns() -> None:
    # Yarn opens its run with `yarn run v1.22.22` and echoes its script (and a nested run's, without a header) as
    # `$ cmd` until `Done in` or `info Visit ...`: those echoes are Yarn's, so the runner's `$ yarn test` before them
    # opened the output that failed (real output: wrapper_yarn1_test_lint_fails.txt)
    log = framing.gitlab_commands(
        [("yarn install", "Done in 3.1s."), ("yarn test", _out("wrapper_yarn1_test_lint_fails.txt"))]
    )
    facts = extract_facts(log.replace(b"\x1b[32;1m", b""))
    assert _statuses(facts) == [
        ("yarn install", None, False),
        ("yarn test", 1, False),
        ("yarn lint && node --test test/", 1, False),
        ("eslint src", 1, False),
    ]
    assert facts.failing_step == "yarn test" and facts.failing_command == "yarn install\nyarn test"
    assert facts.failed_line == "yarn test"


def test_gitlab_a_command_run_after_set_plus_e_shows_no_pass() -> None:
    # `set +e` in the script: the runner's shell goes on after a failing command, so the next echo proves nothing
    commands = [
        ("set +e", ""),
        ("mypy --strict pkg", _out("mypy.txt")),
        ("flake8 pkg", _out("flake8.txt")),
        ("set -e", ""),
        ("pytest -q", "3 passed in 0.02s"),
        ('test -z "$(git status --porcelain)"', ""),
    ]
    assert _statuses(extract_facts(framing.gitlab_commands(commands))) == [
        ("set +e", 0, False),
        ("pytest -q", 0, False),
        ('test -z "$(git status --porcelain)"', 1, False),
    ]


def test_the_section_marker_is_read_in_linear_time() -> None:
    for hostile in (b"section_start:" + b"9" * 50_000, b"section_end:1:" + b"a" * 50_000 + b"section_" * 5_000):
        started = time.perf_counter()
        list(gitlab_section().finditer(hostile))
        assert time.perf_counter() - started < 0.5


def test_github_the_excerpt_shows_the_jobs_failure_after_a_continued_one() -> None:
    # ruff's 324 findings in a continue-on-error step, then mypy failed the job: at a tight budget the excerpt
    # still holds the failing step's errors (it spent it all on ruff's step when the first failure was the job's)
    log = framing.github_steps(
        [("ruff check .", _out("ruff_concise_324_findings.txt"), 1), ("mypy --strict pkg", _out("mypy.txt"), 1)]
    )
    facts = extract_facts(log, budget_tokens=600)
    assert facts.failing_step == "Run mypy --strict pkg"
    assert 'Incompatible return value type (got "str", expected "int")' in facts.excerpt


def _colourless(commands: list[tuple[str, str]], leave_out: frozenset[str] = frozenset()) -> Facts:
    return extract_facts(framing.gitlab_commands(commands).replace(b"\x1b[32;1m", b""), leave_out=leave_out)


def test_gitlab_without_the_runners_colour_an_unshown_commands_report_never_stands_alone() -> None:
    # flake8's rows before the last echo: the shell most likely went on because it passed (`|| true`, a warning
    # run); the last command printed nothing a rule reads, so lint is not even the guess
    facts = _colourless([("flake8 pkg", _out("flake8.txt")), ("./deploy.sh", "deploying shop to staging")])
    assert [s.exit_code for s in facts.steps if not s.after_failure] == [None, 1]
    verdict = rule_verdict(facts)
    assert not verdict.decided and verdict.category is not Category.LINT, verdict.reason


def test_gitlab_without_the_runners_colour_an_unshown_test_run_is_not_the_failing_runs() -> None:
    # an earlier pytest run's isort failures (another run, before the failure) do not become the failing Common
    # Test run's own tests (read here as a tool no parser knows): its category stays test, not the formatter the
    # earlier run's reports name
    commands = [("python -m pytest --isort", _out("pytest7_isort.txt")), ("ct_run -suite t", _out("ct_run_suites.txt"))]
    verdict = rule_verdict(_colourless(commands, leave_out=frozenset({"erlangtest"})))
    assert verdict.category is Category.TEST, verdict.reason
