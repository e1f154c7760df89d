"""A tool's name where the tool did not run: a file's stem (`tee pytest.log`, `--junitxml=pytest.xml`), an option's
value (`--cov=mypy`), a directory's name among the arguments (`pylint src mypy/`), an operand
of a program that runs none (`echo "running mypy"`, `mkdir -p jest-results`, `curl .../golangci-lint/.../install.sh`)
says nothing of which tool failed (facts/commands: _run_there, the one reading of every rule's match)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.commands import build_tool, command_rule, task_words
from remediate.models import Category
from remediate.triage import rule_verdict
from tests.facts import framing

DATA = Path(__file__).parent / "data"
GOLANGCI_SCRIPT = "curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh"
# curl 7.88.1's own line for `curl -sSfL` of a URL its server answers 404 (run here against a local http.server)
CURL_404 = "curl: (22) The requested URL returned error: 404\n"


def _kind(command: str) -> Category | None:
    rule = command_rule(command)
    return rule[1] if rule else None


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("tee pytest.log", None),
        ("cat eslint-report.json", None),
        ("mkdir -p jest-results", None),
        ('echo "running mypy"', None),
        ("printf '%s\\n' 'pylint found nothing'", None),
        ("cp tox.ini build/", None),
        ("./scripts/check.sh > mypy.log", None),
        (f"{GOLANGCI_SCRIPT} | sh -s -- -b $(go env GOPATH)/bin v1.55.2", None),
        ("if [ -f pytest.ini ]", None),
        # the part's program is another tool: its option's value, a file or a directory it reads names none
        ("python -m pytest --cov=mypy tests", Category.TEST),
        ("pytest --junitxml=reports/flake8.xml tests", Category.TEST),
        ("pylint src/ black/", Category.LINT),
        # a program's own file, path or version, a launcher's or an interpreter's argument, code a shell runs
        ("node node_modules/jest/bin/jest.js --ci", Category.TEST),
        ("./node_modules/.bin/eslint src", Category.LINT),
        ("java -jar checkstyle-8.29-all.jar -c checks.xml src", Category.LINT),
        ("php vendor/bin/phpstan.phar analyse", Category.TYPE),
        ("pytest-3 tests", Category.TEST),
        ("clang-format-14 --dry-run --Werror src/a.c", Category.FORMAT),
        ("npx prettier@3.0.0 --check .", Category.FORMAT),
        ('bash -c "flake8 ."', Category.LINT),
        ("tox -e mypy", Category.TYPE),
        ("sudo -E CI=1 pytest", Category.TEST),
        ("( cd pkg && pytest )", Category.TEST),
        ("pytest tests 2>&1 | tee pytest.log", Category.TEST),
        ("mypy --config-file mypy.ini src", Category.TYPE),
        ("chmod +x gradlew && ./gradlew test", Category.TEST),  # chmod's operand names none; the next part runs it
        ('[ -z "$(gofmt -l .)" ]', Category.FORMAT),  # a substitution's program runs, whatever its word's
        ('echo "$(mypy src | tail -1)"', Category.TYPE),
        ("Rscript tests/testthat.R", Category.TEST),  # an R script's extension is a program's
        ("cd app;\rstandard", Category.LINT),  # a carriage return (a Windows script's line end) before the name
    ],
)
def test_a_tool_counts_as_run_where_it_runs(command: str, kind: Category | None) -> None:
    assert _kind(command) is kind


def test_a_directory_named_after_a_build_tool_builds_nothing() -> None:
    assert build_tool("cd cmake-build") is None
    assert build_tool("cmake ..") == "cmake"


def test_an_install_script_s_url_is_no_linter_s_run() -> None:
    # `curl .../install.sh | sh` failed on curl's 404 under GitLab's pipefail: no linter ran, nothing says lint
    log = framing.gitlab(f"{GOLANGCI_SCRIPT} | sh -s -- -b /usr/local/bin v1.55.2", CURL_404)
    verdict = rule_verdict(extract_facts(log))
    assert verdict.category is not Category.LINT, verdict.reason


def test_a_coverage_option_naming_a_checker_leaves_the_runner() -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions("python -m pytest --cov=mypy tests", "")))
    assert verdict.category is Category.TEST, verdict.reason


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        # an option's value given as the next word, each runner's own (facts.commands._VALUED)
        ("go build -o bin/golint ./cmd/golint", None),  # an output's path, then the package built
        ("go install ./cmd/golint", None),
        ("./gradlew build -x checkstyleMain", None),  # a task left out
        ("mvn -pl flake8-tools verify", None),
        ("pnpm --filter eslint-plugin-acme test", None),
        ("yarn workspace eslint-plugin-acme test", None),  # a subcommand's package name
        ("cargo build -p ruff", None),
        ("docker run --name pytest-box img ./run.sh", None),
        ("make -C flake8-plugin", None),
        # a setting before or after a program
        ("make lint LINTER=ruff", None),
        ("env TOOL=mypy make check", None),
        ('make docs SPHINXOPTS="-W" LINT="pylint', None),
        # the value of an option is what runs, or the option is a flag: as before
        ("Rscript -e 'devtools::test()'", Category.TEST),
        ("docker run img pytest", Category.TEST),
        ("docker run -t img pytest", Category.TEST),
        ("tox -e mypy", Category.TYPE),
        ("find . -name '*.py' -exec pylint {} +", Category.LINT),
        ("java -jar vnu.jar --skip-non-html dist", Category.LINT),
        ("python setup.py check -m -s", Category.LINT),
        ("npx eslint .", Category.LINT),
        ("poetry run mypy src", Category.TYPE),
        ("xargs -t pylint", Category.LINT),  # xargs' -t is a flag: its command follows
        ("go run ./cmd/golint ./...", Category.LINT),  # go run runs its package
        ("cargo run -p ruff -- check .", Category.LINT),
        ("go vet ./...", Category.LINT),
        ("CI=1 PYTHONPATH=src pytest", Category.TEST),
        # a word a substitution opens is one word: the part's program (not go's operand), or an operand of echo's
        ("$(go env GOPATH)/bin/golangci-lint run ./...", Category.LINT),
        ("echo $(go env GOPATH)/bin/golangci-lint", None),
    ],
)
def test_an_option_s_value_or_a_setting_names_no_run(command: str, kind: Category | None) -> None:
    assert _kind(command) is kind


def test_a_task_an_option_leaves_out_is_no_task() -> None:
    # Gradle's `-x` takes a task to leave out (docs.gradle.org's command-line interface): the build only builds
    assert build_tool("./gradlew build -x checkstyleMain") == "gradle"
    assert task_words("gradlew", ["build", "-x", "test", "--info"]) == ["build"]
    assert task_words("make", ["-C", "docs", "html"]) == ["html"]


def test_a_program_built_named_after_a_linter_is_no_lint_evidence() -> None:
    # go 1.19's own output for `go build -o bin/golint ./cmd/golint` failing to compile: a build, no linter ran
    output = (DATA / "go119_build_cmd_named_golint.txt").read_text()
    verdict = rule_verdict(extract_facts(framing.github_actions("go build -o bin/golint ./cmd/golint", output)))
    assert verdict.category is Category.BUILD, verdict.reason
    assert Category.LINT not in verdict.scores, verdict.reason
