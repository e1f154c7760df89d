"""Every `dagger call` a user is shown (README, docs, CI workflows, the example) matches the functions
the module registers, as the SDK registers them against the engine's schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import graphql
import pytest

from tests.dagger_module.calls import check_call, dagger_calls
from tests.dagger_module.fake_engine import SCHEMA_PATH
from tests.dagger_module.harness import run

REPO = Path(__file__).resolve().parents[2]
SHOWN = ["README.md", "docs/dagger.md", "docs/ci.md", ".github/workflows/ci.yml", ".github/workflows/eval.yml"]


@pytest.fixture(scope="module")
def registered() -> dict[str, Any]:
    answer = run("register")
    assert answer["invalid"] == []
    result: dict[str, Any] = answer["result"]["registered"]
    return result


@pytest.fixture(scope="module")
def schema() -> graphql.GraphQLSchema:
    return graphql.build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))


def commands(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":  # fenced shell blocks only; prose abbreviates with "..."
        return dagger_calls("\n".join(re.findall(r"```(?:sh|bash|shell)\n(.*?)```", text, re.DOTALL)))
    return dagger_calls("\n".join(_shell_lines(path)))


@pytest.mark.parametrize("name", SHOWN)
def test_shown_commands_match_the_registered_functions(
    name: str, registered: dict[str, Any], schema: graphql.GraphQLSchema
) -> None:
    shown = commands(REPO / name)
    assert shown, f"no dagger call in {name}"
    for command in shown:
        check_call(command, registered, schema)


@pytest.mark.parametrize(
    "name", ["examples/github-actions/remediate.yml", "examples/gitlab-ci/remediate.gitlab-ci.yml"]
)
def test_the_examples_call_fix_and_end_on_a_string(
    name: str, registered: dict[str, Any], schema: graphql.GraphQLSchema
) -> None:
    path = REPO / name
    # GitHub: run: scripts and dagger-for-github's args; GitLab: its script lines as text.
    text = "\n".join(_shell_lines(path)) if "github" in name else path.read_text(encoding="utf-8")
    shown = dagger_calls(text)
    assert shown, f"no dagger call in {name}"
    for command in shown:
        chain = check_call(command, registered, schema)
        assert chain[0] == "Remediate.fix", chain
        # Ending on a Changeset would ask "Apply changes?" and fail in an unattended job.
        last_type, last = chain[-1].split(".")
        assert registered[last_type][last]["returns"].strip("!") in ("String", "Int"), chain


def test_the_checker_rejects_what_the_module_does_not_have(
    registered: dict[str, Any], schema: graphql.GraphQLSchema
) -> None:
    for wrong in (
        "dagger call fix --source . --log ci.log --no-such-flag x report",
        "dagger call fix --log ci.log report",  # --source is required
        "dagger call fix --source . --log ci.log no-such-function",
        "dagger call fix --source . --log ci.log changes export",  # export needs --path
    ):
        with pytest.raises(ValueError):
            check_call(wrong, registered, schema)


def test_every_workflow_pins_the_same_dagger_for_github() -> None:
    pins = set()
    for path in [*REPO.glob(".github/workflows/*.yml"), *REPO.glob("examples/**/*.yml")]:
        pins |= set(re.findall(r"dagger/dagger-for-github@([^\s#]+)", path.read_text()))
    assert len(pins) == 1, pins
    assert re.fullmatch(r"[0-9a-f]{40}", pins.pop())  # a commit, as the examples pin it
    assert all("${{" not in line for line in _shell_lines())


def _shell_lines(*paths: Path) -> list[str]:
    """Lines of run: scripts and dagger-for-github args in workflows (default: this repository's)."""
    yaml = pytest.importorskip("yaml")
    lines = []
    for path in paths or tuple(REPO.glob(".github/workflows/*.yml")):
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job["steps"]:
                lines += str(step.get("run", "")).splitlines()
                given = step.get("with", {})
                if str(step.get("uses", "")).startswith("dagger/dagger-for-github@") and given.get("verb") == "call":
                    lines.append("dagger call " + " ".join(str(given.get("args", "")).split()))
    return lines
