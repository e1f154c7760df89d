"""Rows placed in files under a task's or a script's name alone (located.task_rows, meaning.task_failures.TASK_ROW):
real runs (tests/facts/data/README.md, "Round 49, lane precision"; wrapper_make_lint_unknown_tool from round 29). Yarn 1,
pnpm 9 and npm 11 print the script's command, not a linter's name, when the project's own `lint` script fails; make
echoes the recipe's `python tools/check_headers.py`. The located reader reads the script's `src/cart.js:1 trailing
whitespace` as rows of the task's kind: named lint, not decided, since only the script's name says they are a
linter's. A row bearing a checker's mark (ruff's `F401` under `./ci/lint.sh`) names its checker, and decides."""

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
