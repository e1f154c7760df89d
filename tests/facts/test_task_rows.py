"""Rows placed in files under a task's or a script's name alone (located.task_rows, meaning.task_failures.TASK_ROW):
real runs (tests/facts/data/README.md, "Round 49, lane precision"; wrapper_make_lint_unknown_tool from round 29). Yarn 1,
pnpm 9 and npm 11 print the script's command, not a linter's name, when the project's own `lint` script fails; make
echoes the recipe's `python tools/check_headers.py`. The located reader reads the script's `src/cart.js:1 trailing
whitespace` as rows of the task's kind: named lint, not decided, since only the script's name says they are a
linter's. A row bearing a checker's mark (ruff's `F401` under `./ci/lint.sh`) names its checker, and decides; so does
a formatter's list of files under a format task's name ("Round 51, lane precision"), but not where the step says the
shell found no command it ran."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.meaning.task_failures import TASK_ROW
from remediate.models import Category
from remediate.triage import fallback, rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.github_actions, framing.gitlab, framing.travis]

# (the command the CI ran, the sample, the rows the script printed)
OWN_ROWS = [
    ("yarn lint", "yarn1_lint_script_own_rows.txt", 2),
    ("pnpm lint", "pnpm9_lint_script_own_rows.txt", 2),
    ("npm run lint", "npm11_lint_script_own_rows.txt", 2),
    ("make lint", "wrapper_make_lint_unknown_tool.txt", 3),
]


@pytest.mark.parametrize(("command", "sample", "rows"), OWN_ROWS)
@pytest.mark.parametrize("frame", FRAMES)
def test_a_script_s_own_rows_under_its_check_s_name_are_named_not_decided(
    command: str, sample: str, rows: int, frame: Callable[..., bytes]
) -> None:
    log = frame(command, (DATA / sample).read_text(), 1)
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        placed = [e for e in facts.errors if e.file]
        assert sum(1 + e.repeats for e in placed) == rows and all(
            e.code == TASK_ROW and e.category is Category.LINT for e in placed
        )
        verdict = rule_verdict(facts)
        assert verdict.category is Category.LINT and not verdict.decided, verdict.reason
        # the lint specialist still runs: the script's name is the best guess
        assert fallback(facts, verdict, "unsure").category is Category.LINT


@pytest.mark.parametrize("frame", FRAMES)
def test_a_row_bearing_a_checker_s_code_under_a_script_s_name_decides(frame: Callable[..., bytes]) -> None:
    # `./ci/lint.sh` running `ruff check -q`: no summary, no trace of the command; the row's `F401` names a checker
    log = frame("./ci/lint.sh", (DATA / "ruff017_quiet_lint_script.txt").read_text(), 1)
    facts = extract_facts(log, leave_out=modules_reading(log))
    assert [e.code for e in facts.errors] == ["F401"], facts.errors
    verdict = rule_verdict(facts)
    assert verdict.category is Category.LINT and verdict.decided, verdict.reason


# A formatter's list of the files it would change under a format task's or script's name alone (real runs,
# tests/facts/data/README.md, "Round 51, lane precision"): make's silent recipes and `npm run -s` print no command, so
# only the name says what ran; a path a line is a formatter's own shape there (prettier -l, gofmt -l, rustfmt --check
# -l, `git diff --name-only` after gofmt -w), and it decides format. (the command, the sample, its exit, the files)
LISTED = [
    ("make format-check", "make43_prettier3_l_silent.txt", 2, ["src/cart.js"]),
    ("make fmt-check", "make43_gofmt119_l_silent.txt", 2, ["cart.go"]),
    (
        "make fmt-check-rs",
        "make43_rustfmt19_check_l_silent.txt",
        2,
        ["rs/src/main.rs"],
    ),
    ("make fmt-diff", "make43_gofmt119_diff_name_only.txt", 2, ["cart.go"]),
    ("npm run -s format:check", "npm11_s_format_check_prettier3_l.txt", 1, ["src/cart.js"]),
    ("npm run -s fmt:go", "npm11_s_fmt_go_gofmt119_l.txt", 1, ["cart.go"]),
    (
        "npm run -s fmt:rs",
        "npm11_s_fmt_rs_rustfmt19_check_l.txt",
        1,
        ["rs/src/main.rs"],
    ),
]


@pytest.mark.parametrize(("command", "sample", "code", "files"), LISTED)
@pytest.mark.parametrize("frame", [framing.gitlab, framing.travis])
def test_a_list_of_files_under_a_format_task_s_name_decides_format(
    command: str, sample: str, code: int, files: list[str], frame: Callable[..., bytes]
) -> None:
    log = frame(command, (DATA / sample).read_text(), code)
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        assert [e.file for e in facts.errors if e.file] == files and all(e.code != TASK_ROW for e in facts.errors)
        verdict = rule_verdict(facts)
        assert verdict.category is Category.FORMAT and verdict.decided, verdict.reason


# (the command, the sample, its exit): the same lists under a name that says no check (`make check`, `npm run -s
# check`) are read as nothing; under a format task's name, a list printed in a step that failed on a command the shell
# did not find (`ls src` before a prettier not installed) is no formatter's: named by the task, never decided format
NOT_FORMATTERS = [
    ("make check", "make43_prettier3_l_silent.txt", 2),
    ("npm run -s check", "npm11_s_format_check_prettier3_l.txt", 1),
    ("make format-check-ls", "make43_ls_then_missing_prettier.txt", 2),
    ("./scripts/check-format.sh", "sh_ls_then_prettier_not_found.txt", 127),
]


@pytest.mark.parametrize(("command", "sample", "code"), NOT_FORMATTERS)
@pytest.mark.parametrize("frame", [framing.gitlab, framing.travis])
def test_a_list_of_files_decides_no_format_under_another_name_or_beside_a_command_not_found(
    command: str, sample: str, code: int, frame: Callable[..., bytes]
) -> None:
    log = frame(command, (DATA / sample).read_text(), code)
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        assert all(e.code == TASK_ROW for e in facts.errors if e.category is Category.FORMAT), facts.errors
        verdict = rule_verdict(facts)
        assert not verdict.decided, verdict.reason


def test_a_listing_beside_failing_tests_is_no_format_check_s() -> None:
    # `make check` printing `git diff --name-only`'s files, then `go test` failing: the tests decide where no parser
    # reads go's report (the go parser reads a bare `.go` line as gofmt's list and abstains)
    log = framing.travis("make check", (DATA / "make43_check_diff_name_only_go_test.txt").read_text(), 2)
    verdict = rule_verdict(extract_facts(log, leave_out=modules_reading(log)))
    assert verdict.category is Category.TEST and verdict.decided, verdict.reason
