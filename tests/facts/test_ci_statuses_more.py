"""facts/ci's step statuses (Facts.steps) on Jenkins pipelines, Azure Pipelines, Buildkite, CircleCI and GitLab's log
as its job page shows it: the steps the CI shows passing, the failing one (whose block is Facts.failing_command) and
the steps run whatever the job returned (Jenkins' post blocks, Azure's tasks after a failure and post-job tasks,
Buildkite's post-command hooks, CircleCI's `when: on_fail` steps). Every job runs a passing `flake8 || true` that
printed findings and a post step that printed pip's error: neither may compete with the failing mypy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict
from tests.facts import ciframing, framing

DATA = Path(__file__).parent / "data"


def _out(name: str) -> str:
    return (DATA / name).read_text()


def _statuses(facts: Facts) -> list[tuple[str, int | None, bool]]:
    return [(s.command, s.exit_code, s.after_failure) for s in facts.steps]


INSTALL = ("pip install -e .", "Successfully installed shop-1.0", 0)
LINT = ("flake8 pkg || true", _out("flake8.txt"), 0)
TYPES = ("mypy --strict pkg", _out("mypy.txt"), 1)
PIP_LOG = ("cat pip.log", _out("pip_not_found.txt"))


def _jenkins() -> bytes:
    stages = [("Install", [INSTALL]), ("Lint", [LINT]), ("Types", [TYPES]), ("Deploy", [("./deploy.sh", "", 0)])]
    return ciframing.jenkins_pipeline(stages, post=[PIP_LOG])


def _jenkins_freestyle() -> bytes:
    return ciframing.jenkins_freestyle([[INSTALL, ("flake8 pkg", LINT[1], 0), ("true", "", 0)], [TYPES]])


def _jenkins_parallel() -> bytes:
    return ciframing.jenkins_parallel(
        [("Install", [INSTALL])], [("Types", [TYPES]), ("Lint", [LINT, ("pip check", "No broken requirements.", 0)])]
    )


def _jenkins_windows() -> bytes:
    # one `bat` step runs flake8, mypy and `exit /b %ERRORLEVEL%`: cmd.exe goes on after flake8's findings
    check = "".join(
        [LINT[1], *(line + "\n" for line in ciframing.bat_echo("mypy --strict pkg")), TYPES[1]]
        + [line + "\n" for line in ciframing.bat_echo("exit /b %ERRORLEVEL%")]
    )
    stages = [("Install", [INSTALL]), ("Check", [("flake8 pkg", check, 1)])]
    return ciframing.jenkins_pipeline(stages, post=[("type pip.log", PIP_LOG[1])], windows=True)


def _azure() -> bytes:
    # each task's display name its command (`displayName: mypy --strict pkg`)
    return ciframing.azure_job([(s[0], s) for s in (INSTALL, LINT, TYPES)], after=[(PIP_LOG[0], *PIP_LOG)])


def _buildkite() -> bytes:
    return ciframing.buildkite_job([INSTALL, LINT, TYPES], post=[PIP_LOG])


def _buildkite_plain() -> bytes:
    return ciframing.buildkite_job([INSTALL, LINT, TYPES], post=[PIP_LOG], grey=False)


def _circleci() -> bytes:
    return ciframing.circleci_job([INSTALL, LINT, TYPES], on_fail=[PIP_LOG])


def _gitlab_page() -> bytes:
    return ciframing.gitlab_page([INSTALL[:2], LINT[:2], TYPES[:2]], after=[PIP_LOG])


# The jobs as stored (tests/facts/data/ci, README "CI framings"), each with the framing that writes it.
JOBS: dict[str, Callable[[], bytes]] = {
    "jenkins_pipeline_post.txt": _jenkins,
    "azure_failed_condition.txt": _azure,
    "buildkite_post_command_hook.txt": _buildkite,
    "buildkite_downloaded_plain.txt": _buildkite_plain,
    "circleci_on_fail.txt": _circleci,
    "gitlab_job_page.txt": _gitlab_page,
}


STORED = {
    **JOBS,
    "jenkins_freestyle_shell_steps.txt": _jenkins_freestyle,
    "jenkins_parallel_branches.txt": _jenkins_parallel,
    "jenkins_windows_bat.txt": _jenkins_windows,
}


@pytest.mark.parametrize("sample", sorted(STORED))
def test_the_stored_job_is_its_framings(sample: str) -> None:
    assert (DATA / "ci" / sample).read_bytes() == STORED[sample]()


# Logs whose colours were stripped: the runner's `$ cmd` echo looks like a tool's own, so no command's order shows
# it passed (facts/ci/statuses.runners_echoes); the last echo opens the failing output and the commands before it
# are unshown (facts/ci/statuses.phase_codes), vouching for it, never competing; the steps run whatever the job
# returned are still read.
PLAIN = frozenset({"buildkite_downloaded_plain.txt", "gitlab_job_page.txt"})


@pytest.mark.parametrize("sample", sorted(JOBS))
def test_the_passing_steps_output_competes_with_no_failure(sample: str) -> None:
    facts = extract_facts((DATA / "ci" / sample).read_bytes())
    statuses = _statuses(facts)
    assert [c for c, _, after in statuses if after and c == "cat pip.log"] == ["cat pip.log"], statuses
    assert facts.exit_code == 1
    assert facts.failed_line == "mypy --strict pkg" or facts.failing_command == "mypy --strict pkg"
    verdict = rule_verdict(facts)
    if sample in PLAIN:
        shown = [(c, code) for c, code, after in statuses if not after and c in (INSTALL[0], LINT[0], TYPES[0])]
        assert shown == [(INSTALL[0], None), (LINT[0], None), (TYPES[0], 1)], statuses
    if sample not in PLAIN:
        assert ("flake8 pkg || true", 0, False) in statuses, statuses
        assert (INSTALL[0], 0, False) in statuses, statuses
    assert [c for c, code, after in statuses if code and not after] == ["mypy --strict pkg"], statuses
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason
    assert not any(s.category in (Category.LINT, Category.DEPENDENCY) for s in verdict.signals), verdict.reason


def test_jenkins_a_stage_after_the_failure_and_the_post_block() -> None:
    facts = extract_facts(_jenkins())
    assert _statuses(facts) == [
        ("pip install -e .", 0, False),
        ("flake8 pkg || true", 0, False),
        ("mypy --strict pkg", 1, False),
        ("cat pip.log", None, True),  # the skipped Deploy stage ran nothing
    ]
    assert facts.failing_step == "mypy --strict pkg" and facts.failing_command == "mypy --strict pkg"
    assert 'Stage "Deploy" skipped' not in facts.excerpt or "error: Incompatible" in facts.excerpt


def test_jenkins_a_sh_step_s_commands_before_the_failing_one_passed() -> None:
    # one `sh` step of three commands (`sh -xe`): the script stopped at the failing one, its block is the check
    stages = [("Check", [("pip install -e .", "Successfully installed shop-1.0", 0), LINT, TYPES])]
    log = ciframing.jenkins_pipeline(stages).replace(b"[Pipeline] sh\n+ flake8", b"+ flake8")
    log = log.replace(b"[Pipeline] sh\n+ mypy", b"+ mypy")
    facts = extract_facts(log)
    assert _statuses(facts) == [
        ("pip install -e .", 0, False),
        ("flake8 pkg || true", 0, False),
        ("mypy --strict pkg", 1, False),
    ]
    assert facts.failing_command == "pip install -e .\nflake8 pkg || true\nmypy --strict pkg"
    assert facts.failed_line == "mypy --strict pkg"


def test_jenkins_a_step_in_catch_error_failed_and_the_pipeline_went_on() -> None:
    # catchError prints the step's failure where it happened and runs the next stage; the job fails at the end
    stages = [("Lint", [("flake8 pkg", _out("flake8.txt"), 0)]), ("Types", [TYPES])]
    log = ciframing.jenkins_pipeline(stages)
    log = log.replace(
        b"[Pipeline] }\n[Pipeline] // stage\n[Pipeline] stage\n[Pipeline] { (Types)",
        b"ERROR: script returned exit code 1\n[Pipeline] }\n[Pipeline] // stage\n[Pipeline] stage\n[Pipeline] { (Types)",
        1,
    )
    facts = extract_facts(log)
    assert [(c, code) for c, code, _ in _statuses(facts)] == [("flake8 pkg", 1), ("mypy --strict pkg", 1)]


def test_azure_a_powershell_task_s_code_and_the_post_job_tasks() -> None:
    log = _azure().replace(b"##[error]Bash exited with code '1'.", b"##[error]PowerShell exited with code '2'.")
    facts = extract_facts(log)
    assert [(c, code, after) for c, code, after in _statuses(facts)] == [
        ("Initialize job", 0, False),
        ("Checkout shop@main to s", 0, False),
        ("pip install -e .", 0, False),
        ("flake8 pkg || true", 0, False),
        ("mypy --strict pkg", 2, False),
        ("cat pip.log", 0, True),  # ran under `condition: failed()`
        ("Post-job: Checkout shop@main to s", 0, True),
        ("Finalize Job", 0, True),
    ]
    assert facts.failing_step == "mypy --strict pkg" and facts.failing_command == "mypy --strict pkg"


def test_azure_a_task_that_failed_without_a_code_has_no_status() -> None:
    log = _azure().replace(b"##[error]Bash exited with code '1'.", b"##[error]Error: Npm failed with return code: 1")
    statuses = _statuses(extract_facts(log))
    assert "mypy --strict pkg" not in [c for c, _, _ in statuses] and ("cat pip.log", 0, True) in statuses


def test_buildkite_a_tools_own_prompt_shares_the_agents_status() -> None:
    # Yarn echoes the script it runs as `$ eslint lib`, without the agent's grey `$`
    output = "yarn run v1.22.19\n$ eslint lib\n" + _out("eslint.txt")
    facts = extract_facts(ciframing.buildkite_job([("yarn install", "Done in 3.1s.", 0), ("yarn lint", output, 1)]))
    assert [(c, code) for c, code, after in _statuses(facts) if not after][2:] == [
        ("yarn install", 0),
        ("yarn lint", 1),
        ("eslint lib", 1),
    ]


@pytest.mark.parametrize("grey", [True, False])
def test_buildkite_the_agent_prompts_the_whole_command_once(grey: bool) -> None:
    # buildkite/agent's defaultCommandPhase: one prompt for the step's command, behind its signal trap, the command's
    # later lines unprefixed; Yarn's `$ eslint lib` inside is a tool's echo, colours stripped or not
    command = "yarn install --frozen-lockfile && \\\n  yarn lint"
    output = "yarn run v1.22.19\n$ eslint lib\n" + _out("eslint.txt")
    facts = extract_facts(ciframing.buildkite_command(command, [("Done in 3.1s.", 0), (output, 1)], grey=grey))
    assert [(c, code) for c, code, after in _statuses(facts) if not after] == [
        ("cd /var/lib/buildkite-agent/builds/agent-1/org/shop", 0),
        ("git clone -v -- https://github.com/org/shop.git .", 0),
        ("yarn install --frozen-lockfile && \\", 1),
        ("eslint lib", 1),
    ]
    assert facts.failing_step == "yarn install --frozen-lockfile && \\" and facts.failing_command == command
    assert facts.failed_line is None  # `bash -e` stopped at one of them, and the log does not say which


def test_buildkite_a_command_block_s_compound_command_is_kept_whole() -> None:
    command = "for pkg in core web; do\n  mypy --strict $pkg\ndone"
    facts = extract_facts(ciframing.buildkite_command(command, [(_out("mypy.txt"), 1)], grey=False))
    assert facts.failing_command == command and facts.exit_code == 1
    assert "trap" not in (facts.failing_step or "")


def test_buildkite_a_script_s_own_groups_are_its_output() -> None:
    output = "--- :python: Lint\n" + _out("flake8.txt") + "+++ :python: Types\n" + _out("mypy.txt")
    facts = extract_facts(ciframing.buildkite_job([INSTALL, ("./ci/check.sh", output, 1)]))
    assert [(c, code) for c, code, _ in _statuses(facts)][2:] == [("pip install -e .", 0), ("./ci/check.sh", 1)]


def test_circleci_a_single_step_s_log_has_its_failure_alone() -> None:
    facts = extract_facts(ciframing.circleci_job([TYPES]))
    assert _statuses(facts) == [("mypy --strict pkg", 1, False)]


def test_gitlab_a_job_that_uploaded_a_passing_jobs_artifacts_gives_no_code() -> None:
    # the script passed, something after it failed the job: its last command's status is not the job's code
    upload = (
        b"section_start:1714557651:upload_artifacts_on_success\r\x1b[0K\x1b[0K\x1b[36;1mUploading artifacts for "
        b"successful job\x1b[0;m\r\nsection_end:1714557652:upload_artifacts_on_success\r\x1b[0K\r\n"
    )
    log = framing.gitlab_commands([INSTALL[:2], ("pytest -q", "3 passed in 0.02s")])
    log = log.replace(b"section_start:1714557656:cleanup", upload + b"section_start:1714557656:cleanup")
    assert _statuses(extract_facts(log)) == [("pip install -e .", 0, False)]


def test_jenkins_a_raw_build_log_s_console_notes_hide_no_step() -> None:
    # the build's log file and its progressive text keep the notes Jenkins conceals before each Pipeline line
    note = b"\x1b[8mha:////4H+H6gi+RzqRXgbuxDkiDNvJYq3pMCu17+YXxGOB+mHbAAAAlx+LCAAAAAAAAP9b85aBtbiIQTGjNKU=\x1b[0m"
    log = _jenkins().replace(b"\n[Pipeline]", b"\n" + note + b"[Pipeline]")
    assert note in log
    assert _statuses(extract_facts(log)) == _statuses(extract_facts(_jenkins()))


def test_jenkins_an_added_line_after_a_diff_s_context_is_no_trace() -> None:
    # `git diff --exit-code` in the failing step: its `+    y = 2` follows a context line, as a trace would
    diff = _out("git239_diff_indented_addition.txt")
    log = ciframing.jenkins_pipeline([("Lint", [LINT]), ("Generated", [("git diff --exit-code", diff, 1)])])
    facts = extract_facts(log)
    assert _statuses(facts) == [("flake8 pkg || true", 0, False), ("git diff --exit-code", 1, False)]
    assert facts.failing_command == "git diff --exit-code"


def test_jenkins_freestyle_the_failing_build_step_s_block_is_the_check() -> None:
    # `Build step 'Execute shell' marked build as failure` names the step's kind, not its command, and no code
    facts = extract_facts((DATA / "ci" / "jenkins_freestyle_shell_steps.txt").read_bytes())
    assert _statuses(facts) == [("pip install -e .", 0, False), ("flake8 pkg", 0, False), ("true", 0, False)]
    assert facts.failing_command == "mypy --strict pkg" and facts.failing_step == "mypy --strict pkg"
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason
    assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason


def _traced(*steps: tuple[str, str]) -> str:
    """What a `sh` step prints after its first command's trace: each further command traced `+ cmd`, then its output."""
    return "".join(f"+ {command}\n{output}" for command, output in steps)


def test_jenkins_a_child_script_s_traces_show_no_command_passed() -> None:
    # `./ci/check.sh` runs with its own `set -x` and no `-e`: its `+ flake8 pkg` looks like the step's next trace,
    # but the script was still running (and flake8 may have failed: without `-e` the script went on)
    child = _traced(("flake8 pkg", _out("flake8.txt")), ("mypy --strict pkg", _out("mypy.txt")))
    facts = extract_facts(
        ciframing.jenkins_pipeline([("Install", [INSTALL]), ("Check", [("./ci/check.sh", child, 1)])])
    )
    assert _statuses(facts) == [("pip install -e .", 0, False), ("mypy --strict pkg", 1, False)]
    assert facts.failed_line == "mypy --strict pkg"


@pytest.mark.parametrize("script", ["./ci/check", "bash -x ci/check.sh"])
def test_jenkins_a_shell_that_went_on_after_a_failure_shows_no_command_passed(script: str) -> None:
    # the child script traces `+ make` and goes on after make said it failed (no `-e`): `./ci/check`, named for no
    # shell, looked like a command the next trace showed passed, and make's failing lint like one that passed
    child = _traced(("make", _out("make43_flake8_default_target.txt")), ("mypy --strict pkg", _out("mypy.txt")))
    facts = extract_facts(ciframing.jenkins_pipeline([("Install", [INSTALL]), ("Check", [(script, child, 1)])]))
    assert _statuses(facts) == [("pip install -e .", 0, False), ("mypy --strict pkg", 1, False)]
    assert facts.failed_line == "mypy --strict pkg"


def test_jenkins_a_tool_s_failure_before_the_failing_command_alone_changes_nothing() -> None:
    # make failed and the step's `sh -xe` stopped there: no trace after it, the commands before it passed
    stages = [("Check", [INSTALL, ("make", _out("make43_flake8_default_target.txt"), 1)])]
    facts = extract_facts(ciframing.jenkins_pipeline(stages).replace(b"[Pipeline] sh\n+ make", b"+ make"))
    assert _statuses(facts) == [("pip install -e .", 0, False), ("make", 1, False)]


def test_jenkins_a_step_run_after_set_plus_e_shows_no_pass() -> None:
    # `set +e` in the `sh` step: the shell went on after flake8's findings, so mypy's trace does not show it passed
    traced = _traced(("flake8 pkg", _out("flake8.txt")), ("mypy --strict pkg", _out("mypy.txt")))
    facts = extract_facts(ciframing.jenkins_pipeline([("Check", [("set +e", traced, 1)])]))
    assert _statuses(facts) == [("set +e", 0, False), ("mypy --strict pkg", 1, False)]


def test_buildkite_a_command_run_after_set_plus_e_shows_no_pass() -> None:
    facts = extract_facts(ciframing.buildkite_job([("set +e", "", 0), ("flake8 pkg", LINT[1], 0), TYPES]))
    assert [(c, code) for c, code, _ in _statuses(facts)][2:] == [("set +e", 0), ("mypy --strict pkg", 1)]


def test_jenkins_parallel_branches_interleave_so_no_trace_shows_another_passed() -> None:
    # mypy's trace is followed by the Lint branch's `+ pip check`: the log does not say which branch traced what
    facts = extract_facts((DATA / "ci" / "jenkins_parallel_branches.txt").read_bytes())
    assert _statuses(facts) == [("pip install -e .", 0, False)]
    # the last trace before the failure is the Lint branch's `pip check`: the Pipeline names the failed branch alone
    assert (facts.failing_step, facts.failing_command, facts.failed_line) == ("Types", None, None)
    assert 'Incompatible return value type (got "str", expected "int")' in facts.excerpt
    verdict = rule_verdict(facts)
    assert not verdict.decided or verdict.category is Category.TYPE, verdict.reason


def test_jenkins_parallel_branches_that_all_passed_before_the_next_stage_passed() -> None:
    branches = [("Lint", [LINT]), ("Deps", [("pip check", "No broken requirements.", 0)])]
    log = ciframing.jenkins_parallel([("Install", [INSTALL])], branches, then=[("Types", [TYPES])])
    assert _statuses(extract_facts(log)) == [
        ("pip install -e .", 0, False),
        ("flake8 pkg || true", 0, False),
        ("pip check", 0, False),
        ("mypy --strict pkg", 1, False),
    ]


def test_jenkins_a_bat_step_s_code_is_its_last_command_s() -> None:
    # cmd.exe echoes each command; a batch script goes on after a failing one, so no echo shows the one before
    # passed, and the `exit /b %ERRORLEVEL%` that passed mypy's code on leaves mypy the line that failed
    facts = extract_facts((DATA / "ci" / "jenkins_windows_bat.txt").read_bytes())
    assert _statuses(facts) == [
        ("pip install -e .", 0, False),
        ("exit /b %ERRORLEVEL%", 1, False),
        ("type pip.log", None, True),
    ]
    assert facts.failing_command == "flake8 pkg\nmypy --strict pkg\nexit /b %ERRORLEVEL%"
    assert facts.failed_line == "mypy --strict pkg"
    verdict = rule_verdict(facts)
    assert not verdict.decided or verdict.category is Category.TYPE, verdict.reason


@pytest.mark.parametrize("windows", [True, False])
def test_jenkins_a_shell_step_that_echoes_no_command_has_a_boundary_and_a_status(windows: bool) -> None:
    # `@echo off` (bat) or a shebang without `-x` (sh): no step shows a command, each still starts on its own line
    stages = [("Install", [INSTALL]), ("Lint", [LINT]), ("Types", [TYPES])]
    facts = extract_facts(ciframing.jenkins_pipeline(stages, windows=windows, silent=True))
    kind = "bat" if windows else "sh"
    assert _statuses(facts) == [(f"{kind} (no command shown)", code, False) for code in (0, 0, 1)]
    assert facts.failing_step == "Types" and facts.failing_command is None and facts.failed_line is None
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason
    assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason


@pytest.mark.parametrize("windows", [True, False])
def test_jenkins_the_failing_step_echoes_no_command_after_steps_that_did(windows: bool) -> None:
    # read otherwise, flake8's trace (or echo) before was the failing step, its command the check, mypy's errors its
    # output and flake8's findings a failure of its own
    stages = [("Install", [INSTALL]), ("Lint", [LINT]), ("Types", [TYPES])]
    log = ciframing.jenkins_pipeline(stages, windows=windows)
    echoed = b"\nC:\\Jenkins\\workspace\\shop>mypy --strict pkg \n" if windows else b"+ mypy --strict pkg\n"
    kind = b"bat" if windows else b"sh"
    assert echoed in log
    facts = extract_facts(log.replace(b"[Pipeline] " + kind + b"\n" + echoed, b"[Pipeline] " + kind + b"\n"))
    assert [(c, code) for c, code, _ in _statuses(facts)] == [
        ("pip install -e .", 0),
        ("flake8 pkg || true", 0),
        (f"{kind.decode()} (no command shown)", 1),
    ]
    assert facts.failing_step == "Types" and facts.failing_command is None
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.TYPE, verdict.reason


def test_jenkins_freestyle_a_batch_build_step_s_commands() -> None:
    # "Execute Windows batch command": the BatchFile builder's `cmd /c call ...bat` line opens the step's echoes
    steps = [[INSTALL], [("flake8 pkg", LINT[1], 1), TYPES]]
    facts = extract_facts(ciframing.jenkins_freestyle(steps, windows=True))
    assert _statuses(facts) == [("pip install -e .", 0, False)]  # the failing step's code is not shown
    assert facts.failing_command == "flake8 pkg\nmypy --strict pkg" and facts.failed_line == "mypy --strict pkg"
