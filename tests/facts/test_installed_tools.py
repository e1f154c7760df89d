"""An installer's arguments name packages, not a tool it runs: `pip install ruff`, `go install
.../golangci-lint@v1.55.2`, `brew install shellcheck` install a checker, so their failure is the install's (a package
or version the index lacks: dependency; an index out of reach: the infrastructure), never the checker's kind
(facts/commands: the dependency rule's installers, `_installed`). Real runs: tests/facts/data/README.md, "An
installer's arguments that name a checking tool" (Go 1.19.8, a local module proxy)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.facts.checkers import CHECKER_KINDS, checker_of
from remediate.facts.commands import command_rule, tool_named
from remediate.facts.extract import modules_reading
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing
from tests.facts.samples import DATA

GOLANGCI = "go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.55.2"
FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]


@pytest.mark.parametrize(
    "command",
    [
        "pip install ruff",
        "pip install mypy pylint",
        "python -m pip install -U black",
        "npm i -D eslint",
        "gem install rubocop",
        "apt-get install -y shellcheck",
        GOLANGCI,
        "go install honnef.co/go/tools/cmd/staticcheck@2023.1.6",
        "go install -v mvdan.cc/gofumpt@latest",
        "pipx install ruff",
        "uv tool install ruff",
        "yarn add -D eslint",
        "yarn global add eslint prettier",
        "pnpm add -D stylelint",
        "brew install shellcheck",
        "choco install shellcheck",
        "apk add --no-cache shellcheck",
        "composer require --dev phpstan/phpstan",
        "cargo install cargo-clippy-sarif",
        "rustup component add clippy rustfmt",
        "dnf install -y ShellCheck",
    ],
)
def test_an_installer_naming_a_checker_installs_it(command: str) -> None:
    rule = command_rule(command)
    assert rule is not None and rule[1] is Category.DEPENDENCY, rule
    named = tool_named(command)
    assert named is not None and named[1] is Category.DEPENDENCY
    assert checker_of(command, None) is None  # no checker's findings placed in files (facts.located)


@pytest.mark.parametrize(
    "command",
    [
        "go get -u golang.org/x/lint/golint",  # fetches and builds it (GOPATH's go get): no rule names it
        "stack install hlint",
        "Rscript -e 'install.packages(\"lintr\")'",
    ],
)
def test_a_builder_installing_a_checker_names_no_check(command: str) -> None:
    rule = command_rule(command)
    assert rule is None or rule[1] not in CHECKER_KINDS


@pytest.mark.parametrize(
    ("command", "tool", "kind"),
    [
        # the installed tool run in the next part is a run of it
        ("go get -u golang.org/x/lint/golint && golint ./...", "golint", Category.LINT),
        ("pip install black; black --check .", None, Category.DEPENDENCY),  # the dependency rule still comes first
        # a tool's installer named here comes last: the tool it installs then runs (a LogChunks dev job's phpstan)
        (
            "composer require --dev phpstan/phpstan-shim:^0.11 && vendor/bin/phpstan.phar analyse src",
            None,
            Category.TYPE,
        ),
        ("pipx install ruff && ruff check .", "ruff", Category.LINT),
        ("pipx run ruff check .", "ruff", Category.LINT),  # pipx and uv run it
        ("uv run mypy src", "mypy", Category.TYPE),
        ("npx eslint .", "eslint", Category.LINT),
        ("git add src && eslint src", "eslint", Category.LINT),  # git's add installs nothing
    ],
)
def test_a_tool_run_beside_an_install_is_still_named(command: str, tool: str | None, kind: Category) -> None:
    rule = command_rule(command)
    assert rule is not None and rule[1] is kind
    if tool is not None:
        assert tool_named(command) == (tool, kind)


@pytest.mark.parametrize("command", ["go install ./...", "cargo install --path ."])
def test_the_project_s_own_install_is_no_dependency_install(command: str) -> None:
    rule = command_rule(command)
    assert rule is None or rule[1] is not Category.DEPENDENCY


@pytest.mark.parametrize("frame", FRAMES)
def test_a_tool_s_version_the_proxy_lacks_is_a_dependency_failure(frame: Callable[..., bytes]) -> None:
    log = frame(GOLANGCI, (DATA / "go119_install_golangci_lint_404.txt").read_text())
    for facts in (extract_facts(log), extract_facts(log, leave_out=modules_reading(log))):
        verdict = rule_verdict(facts)
        assert verdict.decided and verdict.category is Category.DEPENDENCY, verdict.reason
        assert not any(s.category is Category.LINT for s in verdict.signals)


@pytest.mark.parametrize("frame", FRAMES)
def test_a_proxy_out_of_reach_is_not_the_linter_s(frame: Callable[..., bytes]) -> None:
    # before: the command's lint evidence (0.80) was the top guess over the refused connection
    log = frame(GOLANGCI, (DATA / "go119_install_golangci_lint_refused.txt").read_text())
    verdict = rule_verdict(extract_facts(log))
    assert not any(s.category is Category.LINT for s in verdict.signals), verdict.reason
    assert verdict.category is Category.INFRA and not verdict.decided, verdict.reason
