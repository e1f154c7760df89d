"""The shell each CI runs a step's script with (facts.ci.scripts.CI_SHELLS, or the one its log shows), and what its
errexit and pipefail make of the script: `a; b` without errexit fails on b alone, `a | b` without pipefail on b alone,
the parts before forgiven (xtrace.list_status; triage.discounts.forgiven_parts). Real runs: tests/facts/data/README.md,
"A pipeline's members and the shell each CI runs a script with" and "A wrapper's script that forgives a part"."""

from __future__ import annotations

import pytest

from remediate.facts import extract_facts
from remediate.facts.ci.jenkins import step_shell
from remediate.facts.xtrace import ShellOptions, list_status, options_after, shell_options
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import ciframing, framing
from tests.facts.samples import DATA

PIPED = "python -m pytest -p no:cacheprovider tests | tee report.txt\n./scripts/check_docs.sh"
NO_PIPEFAIL = (DATA / "pytest92_tee_then_docs_script_no_pipefail.txt").read_text()
PIPEFAIL = (DATA / "pytest92_tee_pipefail.txt").read_text()
# ESLint's report then the docs script's line (bash without errexit), and ESLint's report alone (`sh -e`)
NO_ERREXIT = (DATA / "bash52_no_errexit_eslint_then_docs_script.txt").read_text()
ERREXIT = (DATA / "dash_errexit_eslint_then_docs_script.txt").read_text()
LINT_THEN_DOCS = "eslint src; ./scripts/check_docs.sh"


def _not_test(log: bytes) -> None:
    """pytest's failure, set aside by the pipeline, decides nothing: its records are discounted."""
    verdict = rule_verdict(extract_facts(log))
    assert not (verdict.decided and verdict.category is Category.TEST), verdict.reason
    tests = [s for s in verdict.signals if s.category is Category.TEST and s.kind in ("tests", "summary")]
    assert tests and all(s.discounted for s in tests)


def _decides(log: bytes, category: Category) -> None:
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is category, verdict.reason


def test_github_s_default_shell_has_no_pipefail() -> None:
    # `bash -e {0}`: the pipeline's status is tee's, so the docs script failed the step
    log = framing.github_script(PIPED, NO_PIPEFAIL)
    assert shell_options(extract_facts(log).failing_shell) == ShellOptions(errexit=True, pipefail=False)
    _not_test(log)


def test_github_s_bash_shell_has_pipefail() -> None:
    # `shell: bash`: pytest's failure is the pipeline's, and errexit stopped the step there (the control)
    log = framing.github_script(PIPED, PIPEFAIL, shell="/usr/bin/bash --noprofile --norc -e -o pipefail {0}")
    assert shell_options(extract_facts(log).failing_shell) == ShellOptions(errexit=True, pipefail=True)
    _decides(log, Category.TEST)


def test_a_script_that_turns_pipefail_on_keeps_the_pipeline_s_failure() -> None:
    log = framing.github_script("set -o pipefail\n" + PIPED.split("\n")[0], PIPEFAIL)
    _decides(log, Category.TEST)


def test_buildkite_runs_the_command_with_bash_e_without_pipefail() -> None:
    # buildkite/agent's default shell `/bin/bash -e -c`, the command's lines one script
    log = ciframing.buildkite_command(PIPED, [(NO_PIPEFAIL, 1)])
    assert extract_facts(log).failing_shell == "/bin/bash -e -c"
    _not_test(log)


def test_circleci_s_shebang_has_pipefail() -> None:
    log = ciframing.circleci_job([(PIPED.split("\n")[0], PIPEFAIL, 1)])
    assert shell_options(extract_facts(log).failing_shell) == ShellOptions(errexit=True, pipefail=True)
    _decides(log, Category.TEST)


DOCS_THEN_LINT = (DATA / "bash52_docs_script_then_eslint.txt").read_text()
# A shell without errexit: ESLint's failure set aside, the docs script's line (the last) failed the script. Travis
# evals each line without it (travis-build's travis_cmd); Azure's CmdLine task runs `bash --noprofile --norc FILE`; a
# GitLab job's script after its `set +e`.
NO_ERREXIT_LOGS = {
    "travis": (framing.travis(LINT_THEN_DOCS, NO_ERREXIT), "bash"),
    "azure": (
        ciframing.azure_job([("Lint", (LINT_THEN_DOCS.replace("; ", "\n"), NO_ERREXIT, 1))]),
        "/usr/bin/bash --noprofile --norc",
    ),
    "gitlab": (framing.gitlab_commands([("set +e", ""), (LINT_THEN_DOCS, NO_ERREXIT)]), "bash -o pipefail"),
}


@pytest.mark.parametrize("ci", sorted(NO_ERREXIT_LOGS))
def test_without_errexit_a_list_before_the_last_is_forgiven(ci: str) -> None:
    log, shell = NO_ERREXIT_LOGS[ci]
    facts = extract_facts(log)
    assert facts.failing_shell == shell
    verdict = rule_verdict(facts)
    assert not verdict.decided, verdict.reason
    lint = [s for s in verdict.signals if s.category is Category.LINT and s.kind == "records"]
    assert lint and all(s.discounted for s in lint)


@pytest.mark.parametrize("ci", ["travis", "azure"])
def test_without_errexit_the_last_list_decides(ci: str) -> None:
    # the control: ESLint ran last, its status is the script's
    command = "./scripts/check_docs.sh; eslint src"
    if ci == "travis":
        log = framing.travis(command, DOCS_THEN_LINT)
    else:
        log = ciframing.azure_job([("Lint", (command.replace("; ", "\n"), DOCS_THEN_LINT, 1))])
    _decides(log, Category.LINT)


def test_azure_on_windows_runs_cmd() -> None:
    bash = b"[command]/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/1b2c3d4e-aaaa-bbbb-cccc-0123456789ab.sh"
    cmd = b'[command]"C:\\Windows\\system32\\cmd.exe" /D /E:ON /V:OFF /S /C "CALL "D:\\a\\_temp\\1b2c3d4e.cmd""'
    log = ciframing.azure_job([("Lint", ("eslint src\n./scripts/check_docs.sh", NO_ERREXIT, 1))]).replace(bash, cmd)
    facts = extract_facts(log)
    assert facts.failing_shell == '"C:\\Windows\\system32\\cmd.exe"'
    assert shell_options(facts.failing_shell) == ShellOptions()  # cmd.exe's lists are not bash's: none forgiven


def test_gitlab_s_script_runs_with_errexit_and_pipefail() -> None:
    log = framing.gitlab_commands([(LINT_THEN_DOCS, ERREXIT)])
    assert extract_facts(log).failing_shell == "bash -eo pipefail"
    _decides(log, Category.LINT)


def test_a_travis_line_after_set_e_runs_with_errexit() -> None:
    # travis-build runs every line in one bash: after `$ set -e` a failing command stops the build script (no `The
    # command ... exited` line, the log ends); after `$ set +o errexit` the lines run without it again
    make = (DATA / "make43_eslint_then_docs_script.txt").read_text().split("\n", 1)[1]
    cut = framing.travis_commands([("set -e", "", 0), ("make check-seq", make, 0)])
    assert extract_facts(cut.removesuffix(b"Done. Your build exited with 1.\n")).failing_shell == "bash -e"
    off = framing.travis_commands([("set -o errexit", "", 0), ("set +o errexit", "", 0), ("make check-seq", make, 2)])
    assert extract_facts(off).failing_shell == "bash"


@pytest.mark.parametrize(
    ("log", "shell"),
    [
        (framing.jenkins("make check-seq", "make: *** [Makefile:5: check-seq] Error 1\n"), "sh -xe"),
        (
            ciframing.jenkins_freestyle([[("make check-seq", "make: *** [Makefile:5: check-seq] Error 1\n", 2)]]),
            "/bin/sh -xe",
        ),
        (
            ciframing.jenkins_freestyle(
                [[("make check-seq", "make: *** [Makefile:5: check-seq] Error 1\n", 2)]], windows=True
            ),
            "cmd",
        ),
    ],
)
def test_jenkins_shell_steps_say_their_shell(log: bytes, shell: str) -> None:
    # durable-task's `sh -xe` for a Pipeline `sh` step, the freestyle step's own line, cmd.exe for a batch step
    assert extract_facts(log).failing_shell == shell


@pytest.mark.parametrize(
    ("line", "shell"),
    [
        # a script's shebang (`#!/bin/bash -xe -o pipefail`) runs it with its words (hudson.tasks.Shell)
        ("[shop] $ /bin/bash -xe -o pipefail /tmp/jenkins1234.sh", "/bin/bash -xe -o pipefail"),
        ("[shop] $ /bin/sh -xe /tmp/jenkins1234.sh", "/bin/sh -xe"),
        # a shell step's line cut before its script: its shell unread, never cmd.exe
        ("[shop] $ /bin/sh -xe", None),
        ("[shop] $ cmd /c call C:\\WINDOWS\\TEMP\\jenkins1234.bat", "cmd"),
    ],
)
def test_a_freestyle_step_s_line_says_its_shell(line: str, shell: str | None) -> None:
    assert step_shell(line) == shell


def test_a_freestyle_shebang_s_pipefail_forgives_no_member() -> None:
    # `#!/bin/bash -xe -o pipefail`: pytest's status fails `pytest | tee`, so its failing tests decide
    log = ciframing.jenkins_freestyle([[("python -m pytest tests | tee report.txt", PIPEFAIL, 1)]])
    shebang = log.replace(b"$ /bin/sh -xe ", b"$ /bin/bash -xe -o pipefail ")
    assert extract_facts(shebang).failing_shell == "/bin/bash -xe -o pipefail"
    _decides(shebang, Category.TEST)


@pytest.mark.parametrize(
    ("shell", "options"),
    [
        ("/usr/bin/bash -e {0}", ShellOptions(True, False)),
        ("/usr/bin/bash --noprofile --norc -eo pipefail {0}", ShellOptions(True, True)),
        ("/usr/bin/bash --noprofile --norc -e -o pipefail {0}", ShellOptions(True, True)),
        ("bash {0}", ShellOptions(False, False)),
        ("/bin/bash -e -c", ShellOptions(True, False)),
        ("pwsh -command \". '{0}'\"", ShellOptions()),
    ],
)
def test_a_shell_s_options(shell: str, options: ShellOptions) -> None:
    assert shell_options(shell) == options


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        ("set -euo pipefail", ShellOptions(False, False), ShellOptions(True, True)),
        ("set -e -o pipefail", ShellOptions(False, False), ShellOptions(True, True)),
        ("set +o pipefail", ShellOptions(True, True), ShellOptions(True, False)),
        ("set +e", ShellOptions(), ShellOptions(False, None)),
        ("set -x", ShellOptions(True, False), ShellOptions(True, False)),
    ],
)
def test_set_changes_the_options(command: str, before: ShellOptions, after: ShellOptions) -> None:
    assert options_after(command, before) == after


@pytest.mark.parametrize(
    ("command", "pipefail", "failable", "forgiven"),
    [
        ("pytest | tee log", False, ["tee log"], ["pytest"]),
        ("pytest |& tee log && ./ci.sh", False, ["tee log", "./ci.sh"], ["pytest"]),
        ("pytest | tee log", True, ["pytest | tee log"], []),
        ("pytest | tee log", None, ["pytest | tee log"], []),
        ("set -o pipefail; pytest | tee log", False, ["set -o pipefail", "pytest | tee log"], []),
        ("pytest | tee log; exit ${PIPESTATUS[0]}", False, ["pytest | tee log", "exit ${PIPESTATUS[0]}"], []),
        ("echo $(git log | head -1) | grep x", False, ["echo $(git log | head -1) | grep x"], []),  # a `|` nested
        ("ruff check . '|' x | tee log", False, ["tee log"], ["ruff check . '|' x"]),  # a quoted `|` is a word's
    ],
)
def test_list_status_reads_a_pipeline_without_pipefail(
    command: str, pipefail: bool | None, failable: list[str], forgiven: list[str]
) -> None:
    read = list_status(command, errexit=True, pipefail=pipefail)
    assert [part for _, part in read.failable] == failable
    assert read.forgiven == forgiven


@pytest.mark.parametrize(
    ("line", "shell"),
    [
        # a shebang with no `-x` (hudson.tasks.Shell.buildCommandLine runs the script with its words): the step is
        # still a shell step, its shell the shebang's (env's program for `#!/usr/bin/env bash`)
        ("[shop] $ /bin/bash -e /var/lib/jenkins/workspace/shop@tmp/jenkins5550.sh", "/bin/bash -e"),
        ("[shop] $ /usr/bin/env bash /tmp/jenkins1234.sh", "bash"),
        ("[shop] $ /bin/bash /tmp/hudson1234.sh", "/bin/bash"),
        ("[shop] $ /usr/bin/python3 /tmp/jenkins1234.sh", "/usr/bin/python3"),
    ],
)
def test_a_freestyle_shebang_without_xtrace_opens_a_shell_step(line: str, shell: str) -> None:
    assert step_shell(line) == shell


@pytest.mark.parametrize("shebang", ["/bin/bash -e", "/usr/bin/env bash"])
def test_a_step_that_traces_nothing_shows_no_command_not_the_step_before_s(shebang: str) -> None:
    # the second build step's script (`#!/bin/bash -e`) prints no `+` line: its output is no output of the first
    # step's last command (`mypy src`, which passed), and no command of it is known
    passed = (DATA / "mypy1191_no_issues.txt").read_text()
    failed = (DATA / "bash52_shebang_e_release_check.txt").read_text()
    steps = [[("mypy src", passed, 0)], [("python3 scripts/release_check.py", failed, 1)]]
    facts = extract_facts(ciframing.jenkins_freestyle(steps, shebangs=[None, shebang]))
    assert (facts.failing_step, facts.failing_command) == ("shell (no command shown)", None)
    assert rule_verdict(facts).category is not Category.TYPE
