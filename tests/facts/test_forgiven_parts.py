"""A part of a failing line whose failure the line forgave (`mypy pkg || true; ./scripts/check_docs.sh`, `|| :`,
`|| echo ...`, a part run under `set +e` before another) printed its findings in the failing step all the same: they
decide nothing (triage.discounts.forgiven_parts). The part that failed decides by its own evidence, or, printing
nothing a reader knows, the rules are not sure; never the forgiven tool's kind. Real runs: tests/facts/data/README.md,
"A forgiven part beside the part that failed" (mypy 2.4, flake8 7.5, ruff 0.17, ESLint 9.39, Black 26.10, pytest 9.2,
npm 11.19).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.wrappers import target_recipe
from remediate.facts.xtrace import list_status, shell_options
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

# (command, sample): the forgiven part's findings, then a docs script no reader knows (or one that prints nothing)
FORGIVEN_THEN_UNREAD = [
    ("mypy pkg || true; ./scripts/check_docs.sh", "mypy24_or_true_then_docs_script.txt"),
    ("mypy pkg || :; ./scripts/check_docs.sh", "mypy24_or_colon_then_docs_script.txt"),
    ('mypy pkg || echo "mypy is advisory"; ./scripts/check_docs.sh', "mypy24_or_echo_then_docs_script.txt"),
    ("set +e; mypy pkg; set -e; ./scripts/check_docs.sh", "mypy24_set_plus_e_then_docs_script.txt"),
    ("mypy pkg || true; ./scripts/check_links.sh", "mypy24_or_true_then_silent_script.txt"),
    ("flake8 pkg || true; ./scripts/check_docs.sh", "flake8_75_or_true_then_docs_script.txt"),
    ("ruff check pkg || true; ./scripts/check_docs.sh", "ruff017_or_true_then_docs_script.txt"),
    ("eslint src || true; ./scripts/check_docs.sh", "eslint9_or_true_then_docs_script.txt"),
    ("black --check pkg || true; ./scripts/check_docs.sh", "black26_or_true_then_docs_script.txt"),
]


def _log(command: str, sample: str, block: bool) -> bytes:
    # one line under Travis, or a GitHub `run:` block under `bash -e` (untraced), a list a line
    output = (DATA / sample).read_text()
    return framing.github_script(command.replace("; ", "\n"), output) if block else framing.travis(command, output)


@pytest.mark.parametrize(("command", "sample"), FORGIVEN_THEN_UNREAD)
@pytest.mark.parametrize("block", [False, True])
def test_a_forgiven_part_s_findings_decide_nothing(command: str, sample: str, block: bool) -> None:
    log = _log(command, sample, block)
    verdict = rule_verdict(extract_facts(log))
    assert not verdict.decided, verdict.reason
    # with the forgiven tool's parser left out (a tool no parser reads: the generic readers read its rows) too
    left = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert not left.decided, left.reason


@pytest.mark.parametrize(
    ("command", "sample", "kind"),
    [
        ("mypy pkg || true; flake8 pkg", "mypy24_or_true_then_flake8.txt", Category.LINT),
        (
            "ruff check pkg || true; python -m pytest -q -p no:cacheprovider tests",
            "ruff017_or_true_then_pytest9.txt",
            Category.TEST,
        ),
    ],
)
@pytest.mark.parametrize("block", [False, True])
def test_the_part_that_failed_decides_by_its_own_evidence(
    command: str, sample: str, kind: Category, block: bool
) -> None:
    # mypy's type error beside flake8's rows read as two checkers failing (not sure); ruff's F401 beside pytest's
    # failing test decided lint
    verdict = rule_verdict(extract_facts(_log(command, sample, block)))
    assert verdict.decided and verdict.category is kind, verdict.reason


def test_a_forgiven_linter_before_a_type_checker_never_decides_lint() -> None:
    # flake8's three rows outnumber mypy's one: the facts' own class is lint, so the rules stay unsure of type
    log = _log("flake8 pkg || true; mypy pkg", "flake8_75_or_true_then_mypy24.txt", block=False)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is Category.TYPE
    lint = [s for s in verdict.signals if s.category is Category.LINT]
    assert lint and all(s.discounted and "forgave its lint part" in s.reason for s in lint)


def test_a_step_the_job_went_on_after_decides_nothing_alone() -> None:
    # continue-on-error: GitHub prints the step's exit line and runs the next, whose docs script fails; mypy's rows
    # lie in a step before the job's failure (facts/ci/github.gha_primary)
    mypy, docs = (DATA / "mypy24_or_true_then_docs_script.txt").read_text().splitlines(keepends=True)[1:]
    head = (DATA / "mypy24_or_true_then_docs_script.txt").read_text().splitlines(keepends=True)[0]
    log = framing.github_steps([("mypy pkg", head + mypy, 1), ("./scripts/check_docs.sh", docs, 1)])
    assert not rule_verdict(extract_facts(log)).decided


@pytest.mark.parametrize(
    ("command", "errexit", "failable", "forgiven"),
    [
        ("mypy pkg || true; ./scripts/check_docs.sh", None, ["./scripts/check_docs.sh"], ["mypy pkg"]),
        ("set +e\nmypy pkg\nset -e\n./ci.sh", None, ["set -e", "./ci.sh"], ["set +e", "mypy pkg"]),
        ("set +e\nmypy pkg", None, ["mypy pkg"], ["set +e"]),  # the last part's status is the block's
        ("set +e\npytest\nrc=$?\nexit $rc", None, ["set +e", "pytest", "rc=$?", "exit $rc"], []),  # handed on
        ("npm test || travis_terminate 1", None, ["npm test"], []),  # Travis' stop hands the failure on
        ("mypy pkg || exit $?", None, ["mypy pkg"], []),
        ("eslint . ; node --test", False, ["node --test"], ["eslint ."]),  # npm's `sh -c`: errexit off
        ("eslint . ; node --test", None, ["eslint .", "node --test"], []),  # errexit may be on
        ("npm ci || npm install", False, ["npm install"], []),
        # a compound's `;` is its grammar: the `then` branch's status is the `if`'s (LogChunks dev, a Travis line)
        ("if [[ $P == 1 ]]; then mypy pkg; fi", False, ["if [[ $P == 1 ]]", "then mypy pkg", "fi"], []),
    ],
)
def test_list_status_reads_the_line_as_bash_runs_it(
    command: str, errexit: bool | None, failable: list[str], forgiven: list[str]
) -> None:
    read = list_status(command, errexit)
    assert ([p for _, p in read.failable], read.forgiven) == (failable, forgiven)


def test_a_wrapper_s_script_is_read_by_the_same_reading_of_or() -> None:
    # npm ran `npm ci || npm install`: `npm ci` failed (no lockfile), so `npm install` ran, and its ETARGET is the
    # script's status (wrappers._parts read what precedes `||` before)
    log = framing.travis("npm run setup", (DATA / "npm11_run_ci_or_install_etarget.txt").read_text())
    facts = extract_facts(log)
    assert facts.ran_command == "npm install --no-audit --no-fund"
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.DEPENDENCY, verdict.reason


# (command, sample): what a wrapper ran (its `sh -c`, errexit off) forgave ESLint's part before a docs script no reader
# knows: npm echoes the script, and ran_command carries the forgiven part (`eslint src || true; ...`)
WRAPPED_FORGIVEN = [
    ("npm run check", "npm11_eslint_or_true_then_docs_script.txt"),
    ("npm run check-seq", "npm11_eslint_then_docs_script.txt"),  # `eslint src; ./scripts/check_docs.sh`
    ("yarn run check", "yarn1_eslint_or_true_then_docs_script.txt"),  # its `$ cmd` echo opens a step in Travis' log
]


# (command, sample): a script that ran a nested script by name and forgave it (`npm run lint || true; npm run
# docs-check`, `;` under `sh -c` too), at two and three levels: what the nested script ran (`eslint src`) is the
# forgiven part, whichever wrapper echoed it (npm's and pnpm's headers name it, Yarn 1's `$ eslint src` does not)
NESTED_FORGIVEN = [
    ("npm run check", "npm11_nested_lint_or_true_then_docs_script.txt"),
    ("npm run check-seq", "npm11_nested_lint_then_docs_script.txt"),
    ("npm run ci", "npm11_three_levels_lint_or_true_then_docs_script.txt"),  # `ci` runs `npm run check`
    ("yarn run check", "yarn1_nested_lint_or_true_then_docs_script.txt"),
    ("pnpm run check", "pnpm10_nested_lint_or_true_then_docs_script.txt"),
    ("pnpm run ci", "pnpm10_three_levels_lint_or_true_then_docs_script.txt"),
]


@pytest.mark.parametrize(("command", "sample"), WRAPPED_FORGIVEN + NESTED_FORGIVEN)
@pytest.mark.parametrize("block", [False, True])
def test_a_part_a_wrapper_s_script_forgave_decides_nothing(command: str, sample: str, block: bool) -> None:
    log = _log(command, sample, block)
    facts = extract_facts(log)
    assert facts.ran_command == "eslint src || true; ./scripts/check_docs.sh"
    verdict = rule_verdict(facts)
    assert not verdict.decided, verdict.reason
    assert not rule_verdict(extract_facts(log, leave_out=modules_reading(log))).decided


@pytest.mark.parametrize("block", [False, True])
def test_the_part_a_wrapper_s_script_ran_after_a_forgiven_one_decides(block: bool) -> None:
    # the control: `./scripts/check_docs.sh || true; eslint src` failed on ESLint's findings
    facts = extract_facts(_log("npm run docs-then-lint", "npm11_docs_script_or_true_then_eslint.txt", block))
    assert facts.ran_command == "./scripts/check_docs.sh || true; eslint src"
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.LINT, verdict.reason


# The Makefile the make43_* samples ran (tests/facts/data/README.md): make runs each recipe line under `sh -c`.
MAKEFILE = ".PHONY: check check-seq\ncheck:\n\teslint src || true; ./scripts/check_docs.sh\n"
MAKEFILE += "check-seq:\n\teslint src; ./scripts/check_docs.sh\n"


@pytest.mark.parametrize(
    ("target", "sample"),
    [("check", "make43_eslint_or_true_then_docs_script.txt"), ("check-seq", "make43_eslint_then_docs_script.txt")],
)
def test_a_part_a_make_recipe_forgave_decides_nothing(tmp_path: Path, target: str, sample: str) -> None:
    (tmp_path / "Makefile").write_text(MAKEFILE)
    facts = extract_facts(framing.travis(f"make {target}", (DATA / sample).read_text()), source=tmp_path)
    assert facts.ran_command == "eslint src || true; ./scripts/check_docs.sh"
    verdict = rule_verdict(facts)
    assert not verdict.decided, verdict.reason


@pytest.mark.parametrize("block", [False, True])
def test_a_status_stored_and_never_read_forgives_its_part(block: bool) -> None:
    # `eslint src || RESULT=$?`: the assignment's status (0) is the list's; nothing after it reads RESULT
    command = "eslint src || RESULT=$?; ./scripts/check_docs.sh"
    verdict = rule_verdict(extract_facts(_log(command, "eslint9_or_result_capture_then_docs_script.txt", block)))
    assert not verdict.decided, verdict.reason
    lint = [s for s in verdict.signals if s.category is Category.LINT and s.kind == "records"]
    assert lint and all(s.discounted for s in lint)


@pytest.mark.parametrize(
    ("command", "failable", "forgiven"),
    [
        ("make test || RESULT=$?", [], ["make test"]),  # LogChunks dev: Travis' line exits 0
        ("make test || RESULT=$?\n./ci.sh\nexit $RESULT", ["make test", "./ci.sh", "exit $RESULT"], []),
        ("pytest || status=1; flake8 || status=1; [ $status -eq 0 ]", ["pytest", "flake8", "[ $status -eq 0 ]"], []),
        ('mypy pkg || FAILED=1; echo "failed: $FAILED"; ./ci.sh', ['echo "failed: $FAILED"', "./ci.sh"], ["mypy pkg"]),
        ("pytest || { echo failed; rc=1; }\ntest ${rc} = 0", ["pytest", "test ${rc} = 0"], []),
        ('tox || export FAILED="yes please"', [], ["tox"]),
        ("npm test || npm_failed=1 npm run report", ["npm_failed=1 npm run report"], []),  # a command after it runs
    ],
)
def test_a_status_stored_after_or_is_handed_on_only_when_read(
    command: str, failable: list[str], forgiven: list[str]
) -> None:
    read = list_status(command)
    assert ([p for _, p in read.failable], read.forgiven) == (failable, forgiven)


# GitHub's shells (docs.github.com, jobs.<job_id>.steps[*].shell): the default `bash -e {0}`, `shell: sh` as `sh -e {0}`,
# a custom `bash {0}` without errexit, where a failing line does not stop the block and only its last line's status is
# the step's
@pytest.mark.parametrize("shell", ["/usr/bin/bash {0}", "sh {0}"])
def test_a_block_its_shell_ran_without_errexit_fails_on_its_last_list(shell: str) -> None:
    output = (DATA / "bash52_no_errexit_eslint_then_docs_script.txt").read_text()
    log = framing.github_script("eslint src\n./scripts/check_docs.sh", output, shell=shell)
    verdict = rule_verdict(extract_facts(log))
    assert not verdict.decided, verdict.reason
    lint = [s for s in verdict.signals if s.category is Category.LINT and s.kind == "records"]
    assert lint and all(s.discounted for s in lint)


@pytest.mark.parametrize("shell", ["/usr/bin/sh -e {0}", "/usr/bin/bash -e {0}"])
def test_a_block_its_shell_ran_with_errexit_stopped_at_the_part_that_failed(shell: str) -> None:
    output = (DATA / "dash_errexit_eslint_then_docs_script.txt").read_text()
    log = framing.github_script("eslint src\n./scripts/check_docs.sh", output, shell=shell)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.decided and verdict.category is Category.LINT, verdict.reason


@pytest.mark.parametrize(
    ("shell", "errexit"),
    [
        ("/usr/bin/bash -e {0}", True),
        ("/usr/bin/bash --noprofile --norc -eo pipefail {0}", True),
        ("sh -e {0}", True),
        ("/usr/bin/bash {0}", False),
        ("bash --login {0}", False),
        ("pwsh -command \". '{0}'\"", None),  # no POSIX shell: its lists are not bash's
        ("python {0}", None),
        (None, None),
    ],
)
def test_a_step_s_shell_says_whether_errexit_is_on(shell: str | None, errexit: bool | None) -> None:
    assert shell_options(shell).errexit is errexit


@pytest.mark.parametrize(
    ("command", "sample"),
    [
        ("npm run docs-then-lint", "npm11_nested_docs_script_or_true_then_lint.txt"),
        ("yarn run docs-then-lint", "yarn1_nested_docs_script_or_true_then_lint.txt"),
    ],
)
@pytest.mark.parametrize("block", [False, True])
def test_the_nested_script_run_after_a_forgiven_one_decides(command: str, sample: str, block: bool) -> None:
    # the control: `npm run docs-check || true; npm run lint` failed on ESLint's findings
    facts = extract_facts(_log(command, sample, block))
    assert facts.ran_command == "./scripts/check_docs.sh || true; eslint src"
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.LINT, verdict.reason


# The Makefile the make43_submake_* samples ran (tests/facts/data/README.md): each recipe line runs a sub-make.
SUB_MAKEFILE = ".PHONY: lint docs-check check check-seq docs-then-lint\nlint:\n\teslint src\n"
SUB_MAKEFILE += "docs-check:\n\t./scripts/check_docs.sh\ncheck:\n\t$(MAKE) lint || true; $(MAKE) docs-check\n"
SUB_MAKEFILE += (
    "check-seq:\n\t$(MAKE) lint; $(MAKE) docs-check\ndocs-then-lint:\n\t$(MAKE) docs-check || true; $(MAKE) lint\n"
)


@pytest.mark.parametrize(
    ("target", "sample", "ran", "decided"),
    [
        ("check", "make43_submake_lint_or_true_then_docs_script.txt", "eslint src || true; $(MAKE) docs-check", False),
        (
            "docs-then-lint",
            "make43_submake_docs_script_or_true_then_lint.txt",
            "./scripts/check_docs.sh || true; $(MAKE) lint",
            True,
        ),
    ],
)
def test_a_sub_make_a_recipe_forgave_is_read_as_its_target_s_recipe(
    tmp_path: Path, target: str, sample: str, ran: str, decided: bool
) -> None:
    # the sub-make's verdict (`make[1]: *** [Makefile:3: lint] Error 1`) names the recipe line its target ran
    (tmp_path / "Makefile").write_text(SUB_MAKEFILE)
    facts = extract_facts(framing.travis(f"make {target}", (DATA / sample).read_text()), source=tmp_path)
    assert facts.ran_command == ran
    verdict = rule_verdict(facts)
    assert verdict.decided is decided, verdict.reason
    assert not decided or verdict.category is Category.LINT


def test_a_sub_make_s_line_counts_only_under_its_own_target() -> None:
    # a sub-make run in another folder (`cd docs && $(MAKE) lint`) names its own Makefile's line 5: here that line is
    # docs-check's recipe, no `lint` rule above it
    assert target_recipe(SUB_MAKEFILE, 3, "lint") == "eslint src"
    assert target_recipe(SUB_MAKEFILE, 5, "lint") is None
    assert target_recipe(SUB_MAKEFILE, 1, "lint") is None


# (wrapper line, sample): tox and nox run a command without a shell, so `flake8 pkg || true` in tox.ini's `commands` (or
# nox's `session.run("flake8", "pkg", "||", "true")`) hands `||` and `true` to flake8 as paths (its E902 rows), and the
# failure stops the session before the docs script. Each echoes and reports the command shell-quoted (`'||'`): a word,
# not an operator, so nothing is forgiven and flake8's findings decide.
RUN_WITHOUT_A_SHELL = [
    ("tox -e lint", "tox4_flake8_or_true_as_arguments.txt", "flake8 pkg '||' true"),
    (
        "tox -e lint",
        "tox3_flake8_or_true_as_arguments.txt",
        "/home/runner/work/shop/shop/.tox/lint/bin/flake8 pkg '||' true",
    ),
    ("nox -s lint", "nox_flake8_or_true_as_arguments.txt", "flake8 pkg '||' true"),
]


@pytest.mark.parametrize(("command", "sample", "ran"), RUN_WITHOUT_A_SHELL)
@pytest.mark.parametrize("block", [False, True])
def test_an_or_a_session_runner_passed_as_an_argument_forgives_nothing(
    command: str, sample: str, ran: str, block: bool
) -> None:
    facts = extract_facts(_log(command, sample, block))
    assert facts.ran_command == ran
    assert list_status(ran, errexit=False).forgiven == []
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.LINT, verdict.reason


@pytest.mark.parametrize("frame", [framing.github_actions, framing.gitlab])
def test_a_pipe_in_a_wrapper_s_script_forgives_its_first_member(frame: Callable[[str, str], bytes]) -> None:
    # npm runs `eslint src | tee reports/lint.txt` with `sh -c` (no pipefail: xtrace.SCRIPT_SHELL), whatever the
    # step's shell: ESLint's status was lost, tee's failure (its directory missing) failed the script. ESLint's
    # findings show but are not what failed the job: not lint, decided
    output = (DATA / "npm11_eslint_tee_missing_dir.txt").read_text()
    verdict = rule_verdict(extract_facts(frame("npm run lint", output)))
    assert not (verdict.decided and verdict.category is Category.LINT), verdict.reason
