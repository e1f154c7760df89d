"""npm and pnpm scripts whose names join a check's words by `:` (`lint:format`, `test:lint`, `lint:fix`) read as those
joined by `-` or `_` (facts/tasks: a name's words split at `:_./-`): the check their words say, a name that says other
work (`eslint:report`) none, and what the script ran decides over the name. Real runs: tests/facts/data/README.md,
"Scripts whose names join a check's words by `:`" (npm 11.19, pnpm 9.15, ESLint 9.39, Prettier 3.10, clang-format
14)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.extract import modules_reading
from remediate.facts.tasks import check_task, other_work
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


@pytest.mark.parametrize(
    ("colon", "dash"),
    [
        ("pnpm lint:format", "pnpm lint-format"),
        ("npm run format:check", "npm run format_check"),
        ("yarn test:lint", "yarn test-lint"),
        ("npm run lint:fix", "npm run lint-fix"),
        ("pnpm run format:write", "pnpm run format-write"),
        ("npm run eslint:report", "npm run eslint-report"),
        ("pnpm prettier:update", "pnpm prettier-update"),
    ],
)
def test_a_colon_joins_a_name_s_words_as_a_dash_does(colon: str, dash: str) -> None:
    found, dashed = check_task(colon), check_task(dash)
    assert (found[1] if found else None) is (dashed[1] if dashed else None)
    assert other_work(colon) is other_work(dash)


@pytest.mark.parametrize(
    ("command", "sample", "kind"),
    [
        ("pnpm lint:format", "pnpm9_lint_format_prettier3_check.txt", Category.FORMAT),  # prettier ran: format
        ("pnpm test:lint", "pnpm9_test_lint_eslint9.txt", Category.LINT),
        ("pnpm lint:fix", "pnpm9_lint_fix_eslint9.txt", Category.LINT),
        ("npm run test:lint", "npm11_test_lint_eslint9.txt", Category.LINT),
        ("npm run -s test:lint", "npm11_s_test_lint_eslint9.txt", Category.LINT),
        ("npm run -s lint:format", "npm11_s_lint_format_clang_format14.txt", Category.FORMAT),
    ],
)
@pytest.mark.parametrize("frame", FRAMES)
def test_what_a_colon_named_script_ran_decides(
    command: str, sample: str, kind: Category, frame: Callable[..., bytes]
) -> None:
    log = frame(command, (DATA / sample).read_text())
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        verdict = rule_verdict(facts)
        assert verdict.decided and verdict.category is kind, verdict.reason
