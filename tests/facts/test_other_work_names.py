"""A task or a script named after a tool or a check in words that say other work (facts/tasks.other_work: `make
mypy-report` renders mypy's report, `./scripts/eslint-config-gen.sh` writes ESLint's configuration, `make install-ruff`
installs it) says nothing ran the check: neither the facts' checker (checkers.command_tool, tasks.check_task) nor the
triage's command evidence (triage/commands) names the tool's kind. Real runs: tests/facts/data/README.md, "A tool's
name in a name that says other work" (make 4.3, npm 11.19, Node 20.20, mypy 1.19, pip 26)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkers import command_tool
from remediate.facts.extract import modules_reading
from remediate.facts.tasks import check_task
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

# (the command the CI ran, its sample, its exit status, the kind its name wrongly said)
OTHER_WORK = [
    ("make mypy-report", "make43_mypy_report_lxml_missing.txt", 2, Category.TYPE),
    ("make install-ruff", "make43_install_ruff_missing_version.txt", 2, Category.LINT),
    ("npm run eslint-config-gen", "npm11_eslint_config_gen_enoent.txt", 1, Category.LINT),
    ("./scripts/eslint-config-gen.sh", "sh_eslint_config_gen_enoent.txt", 1, Category.LINT),
    ("npm run prettier-update", "npm11_prettier_update_enoent.txt", 1, Category.FORMAT),
]
FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


@pytest.mark.parametrize(
    "part",
    [
        "make mypy-report",
        "make install-ruff",
        "npm run eslint-config-gen",
        "./scripts/eslint-config-gen.sh",
        "npm run prettier-update",
        "make lint-install",  # installs the linters
        "make setup-eslint",
        "make bump-black",
    ],
)
def test_a_tool_or_check_in_a_name_saying_other_work_names_no_checker(part: str) -> None:
    assert check_task(part) is None
    assert command_tool(part) is None


@pytest.mark.parametrize(
    ("part", "kind"),
    [
        ("make mypy", Category.TYPE),  # the tool's name alone, or with a check's words: as before
        ("make lint-ruff", Category.LINT),
        ("npm run lint:eslint", Category.LINT),
        ("make lint-docs", Category.LINT),  # `docs` says what is checked
        ("make fmt-check", Category.FORMAT),
    ],
)
def test_a_check_s_name_still_names_its_kind(part: str, kind: Category) -> None:
    found = check_task(part)
    assert found is not None and found[1] is kind


@pytest.mark.parametrize(("command", "sample", "code", "said"), OTHER_WORK)
@pytest.mark.parametrize("frame", FRAMES)
def test_other_work_s_failure_is_not_named_the_tool_s_kind(
    command: str, sample: str, code: int, said: Category, frame: Callable[..., bytes]
) -> None:
    log = frame(command, (DATA / sample).read_text(), code)
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        verdict = rule_verdict(facts)
        assert not any(s.kind == "command" and s.category is said for s in verdict.signals), verdict.reason
        assert not (verdict.decided and verdict.category is said), verdict.reason
