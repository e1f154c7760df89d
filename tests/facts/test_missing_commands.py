"""A command the shell did not find (status 127): a tool the CI's image lacks (config), or a command the project's
dependencies install, not installed (dependency); the source's manifests tell which, and without them the rules
name both and do not decide (real shells' output, tests/facts/data/README.md, round 46)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.manifests import dependency_commands
from remediate.facts.meaning import TOOLCHAIN_COMMANDS, missing_commands, status_127
from remediate.models import Category
from remediate.triage import rule_verdict
from remediate.triage.exits import COMMAND_UNPLACED
from remediate.triage.gather import signals_of
from tests.facts import framing
from tests.facts.samples import DATA

# (sample, the command the CI ran, its exit status, the command the shell did not find)
MISSING = [
    ("bash52_script_command_not_found.txt", "./ci/lint.sh", 127, "actionlint"),
    ("bash52_c_command_not_found.txt", "ruff check .", 127, "ruff"),
    ("dash_script_command_not_found.txt", "sh ci/install.sh", 127, "pnpm"),
    ("env_shebang_interpreter_not_found.txt", "./bin/release", 127, "python2"),
    ("make43_recipe_command_not_found.txt", "make lint", 2, "golangci-lint"),  # make's own status, its Error 127
    ("make43_shell_recipe_command_not_found.txt", "make lint", 2, "golangci-lint"),
    ("npm11_script_bin_not_found.txt", "npm run lint", 127, "eslint"),
    ("yarn1_script_bin_not_found.txt", "yarn run lint", 1, "eslint"),  # Yarn's `exit code 127` under a status of 1
    # npm 6 reports the 127 as `spawn ENOENT` under its own status, with `Failed at the shopcart@1.0.0 lint script.`, a
    # record named by the script (discounts.not_run: it says which script ran, not what failed); pnpm 9 as a bare
    # `ELIFECYCLE  Command failed.`
    ("npm6_script_bin_not_found.txt", "npm run lint", 1, "eslint"),
    ("pnpm9_script_bin_not_found.txt", "pnpm run lint", 1, "eslint"),
]


@pytest.mark.parametrize(("sample", "command", "code", "name"), MISSING)
def test_each_shells_words_name_the_command_it_did_not_find(sample: str, command: str, code: int, name: str) -> None:
    assert missing_commands((DATA / sample).read_text()) == [name]
    # a runner that reports its own status says the command's 127 in its words (make's, Yarn's, npm 6's)
    assert status_127((DATA / sample).read_text()) is (code != 127)


@pytest.mark.parametrize(("sample", "command", "code", "name"), MISSING)
def test_a_command_no_manifest_names_is_the_ci_images_and_decides_config(
    sample: str, command: str, code: int, name: str, tmp_path: Path
) -> None:
    log = framing.github_actions(command, (DATA / sample).read_text(), code)
    verdict = rule_verdict(extract_facts(log, source=tmp_path), command)
    assert (verdict.category, verdict.decided) == (Category.CONFIG, True), verdict.reason


@pytest.mark.parametrize(("sample", "command", "code", "name"), [m for m in MISSING if m[3] in TOOLCHAIN_COMMANDS])
def test_a_package_manager_or_a_runtime_not_found_is_the_images_without_the_source(
    sample: str, command: str, code: int, name: str
) -> None:
    # pnpm installs the dependencies, python2 runs the script: neither can be a dependency not installed yet
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / sample).read_text(), code)), command)
    assert (verdict.category, verdict.decided) == (Category.CONFIG, True), verdict.reason


def test_a_package_manager_a_manifest_names_is_still_the_images(tmp_path: Path) -> None:
    # `"devDependencies": {"pnpm": ...}` (corepack's pin) installs nothing before pnpm itself is on the PATH
    log = framing.github_actions("sh ci/install.sh", (DATA / "dash_script_command_not_found.txt").read_text(), 127)
    verdict = rule_verdict(extract_facts(log, source=_npm_project(tmp_path, {"pnpm": "^9"})), "sh ci/install.sh")
    assert (verdict.category, verdict.decided) == (Category.CONFIG, True), verdict.reason


@pytest.mark.parametrize(("sample", "command", "code", "name"), [m for m in MISSING if m[3] not in TOOLCHAIN_COMMANDS])
def test_without_the_source_a_bare_name_may_be_either_and_is_not_decided(
    sample: str, command: str, code: int, name: str
) -> None:
    verdict = rule_verdict(extract_facts(framing.github_actions(command, (DATA / sample).read_text(), code)), command)
    assert not verdict.decided and COMMAND_UNPLACED in verdict.reason, verdict.reason
    assert {Category.CONFIG, Category.DEPENDENCY} <= set(verdict.scores)


def _npm_project(root: Path, dev: dict[str, str]) -> Path:
    (root / "package.json").write_text(json.dumps({"name": "shopcart", "devDependencies": dev}))
    return root


def test_an_npm_scripts_command_its_dev_dependencies_name_is_a_dependency_not_installed(tmp_path: Path) -> None:
    # `npm run lint` = `eslint src`, eslint a devDependency never installed: the linter never ran, so no lint
    # either (the check's `eslint` named lint before, tying with it)
    log = framing.github_actions("npm run lint", (DATA / "npm11_script_bin_not_found.txt").read_text(), 127)
    verdict = rule_verdict(extract_facts(log, source=_npm_project(tmp_path, {"eslint": "^9.14.0"})), "npm run lint")
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason
    assert "`eslint`" in verdict.reason


def test_a_bin_named_otherwise_than_its_package_is_told_by_npms_lockfile(tmp_path: Path) -> None:
    # typescript's bin is `tsc`: without the lockfile the name is no dependency's and config is decided (wrong)
    package = {"name": "shopcart", "scripts": {"build": "tsc -p ."}, "devDependencies": {"typescript": "^5.6.3"}}
    (tmp_path / "package.json").write_text(json.dumps(package))
    log = framing.github_actions("npm run build", (DATA / "npm11_script_tsc_not_found.txt").read_text(), 127)
    assert rule_verdict(extract_facts(log, source=tmp_path), "npm run build").category is Category.CONFIG
    (tmp_path / "package-lock.json").write_text((DATA / "npm11_lock_typescript.json").read_text())
    assert "tsc" in dependency_commands(tmp_path) and "tsserver" in dependency_commands(tmp_path)
    verdict = rule_verdict(extract_facts(log, source=tmp_path), "npm run build")
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason
    assert "`tsc`" in verdict.reason


def test_a_dependencys_own_dependencies_bins_are_not_the_projects(tmp_path: Path) -> None:
    lock = {"lockfileVersion": 3, "packages": {"": {}, "node_modules/semver": {"bin": {"semver": "bin/semver"}}}}
    (tmp_path / "package.json").write_text(json.dumps({"devDependencies": {"typescript": "5"}}))
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    assert dependency_commands(tmp_path) == ["typescript"]


def test_a_python_dev_groups_command_is_a_dependency_not_installed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n\n[dependency-groups]\ndev = ["ruff>=0.6"]\n')
    log = framing.github_actions("ruff check .", (DATA / "bash52_c_command_not_found.txt").read_text(), 127)
    verdict = rule_verdict(extract_facts(log, source=tmp_path), "ruff check .")
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


def test_a_command_run_from_node_modules_bin_is_a_dependency_not_installed_without_the_source() -> None:
    output = (DATA / "dash_node_modules_bin_not_found.txt").read_text()
    assert missing_commands(output) == ["./node_modules/.bin/eslint"]
    verdict = rule_verdict(extract_facts(framing.github_actions("./node_modules/.bin/eslint src", output, 127)))
    assert verdict.category is Category.DEPENDENCY, verdict.reason


def test_the_manifests_commands_their_dependencies_and_own_scripts(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "shop"\ndependencies = ["Requests>=2", 7]\n[project.scripts]\nshopcart = "shop.cli:main"\n'
        '[project.optional-dependencies]\ntest = ["pytest[testing] ; python_version > \\"3.8\\""]\n'
        '[tool.poetry.group.lint.dependencies]\nblack = "^24"\npython = "^3.11"\n'
    )
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "requirements-dev.txt").write_text("# tools\n-r requirements.txt\nmypy==1.11\n")
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"@biomejs/biome": "1"}, "devDependencies": []}))
    assert sorted(dependency_commands(tmp_path)) == ["biome", "black", "mypy", "pytest", "requests", "shopcart"]


@pytest.mark.parametrize(
    "package", ["[]", '{"devDependencies": "eslint"}', "\u0000\u00ff", '{"dependencies": {"": 1}}']
)
def test_manifests_of_any_shape_name_no_command_and_never_crash(package: str, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(package)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\ndependencies = "ruff"\n[dependency-groups]\ndev = [{include-group = "x"}]\n'
    )
    assert dependency_commands(tmp_path) == []


@pytest.mark.parametrize(
    ("lockfile", "sample", "installed"),
    [
        ("yarn.lock", "yarn1_lock_typescript.lock", "typescript"),  # Yarn 1 copies the package into node_modules
        ("pnpm-lock.yaml", "pnpm9_lock_typescript.yaml", ".pnpm/typescript@5.6.3/node_modules/typescript"),  # a link
    ],
)
def test_a_bin_named_otherwise_is_told_by_the_installed_package_where_the_lockfile_names_none(
    tmp_path: Path, lockfile: str, sample: str, installed: str
) -> None:
    package = {"name": "shopcart", "scripts": {"build": "tsc -p ."}, "devDependencies": {"typescript": "5.6.3"}}
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / lockfile).write_text((DATA / sample).read_text())
    log = framing.github_actions("npm run build", (DATA / "npm11_script_tsc_not_found.txt").read_text(), 127)
    assert "tsc" not in dependency_commands(tmp_path)  # the lockfile alone (pnpm's `hasBin: true`) names no bin
    assert rule_verdict(extract_facts(log, source=tmp_path), "npm run build").category is Category.CONFIG
    (tmp_path / "node_modules" / installed).mkdir(parents=True)
    (tmp_path / "node_modules" / installed / "package.json").write_text(
        (DATA / "typescript563_package.json").read_text()
    )
    if installed != "typescript":
        (tmp_path / "node_modules" / "typescript").symlink_to(installed)
    assert {"tsc", "tsserver"} <= set(dependency_commands(tmp_path))
    verdict = rule_verdict(extract_facts(log, source=tmp_path), "npm run build")
    assert (verdict.category, verdict.decided) == (Category.DEPENDENCY, True), verdict.reason


def test_an_installed_package_outside_the_source_is_not_read(tmp_path: Path) -> None:
    source, elsewhere = tmp_path / "shop", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "package.json").write_text((DATA / "typescript563_package.json").read_text())
    (source / "node_modules").mkdir(parents=True)
    (source / "node_modules" / "typescript").symlink_to(elsewhere)
    (source / "package.json").write_text(json.dumps({"devDependencies": {"typescript": "5", "../../elsewhere": "1"}}))
    assert "tsc" not in dependency_commands(source)


def test_a_check_whose_own_output_shows_ran_and_keeps_its_evidence() -> None:
    # ESLint's findings, then a later command of the same step the shell did not find (`eslint src; ruff check .`):
    # the linter ran and printed its own records, which stay; only what merely names a check is weighed down
    output = (DATA / "eslint.txt").read_text() + (DATA / "bash52_c_command_not_found.txt").read_text()
    signals = signals_of(extract_facts(framing.github_actions("npx eslint src; ruff check .", output, 127)))
    lint = [s for s in signals if s.category is Category.LINT]
    assert {s.kind for s in lint} >= {"records", "command", "facts"}
    assert not any(s.discounted for s in lint)


def test_a_check_that_never_ran_is_named_by_what_ran_it_not_decided_by_it() -> None:
    # npm 6's record of the script by its name, the wrapper's command and the facts' class from them: each says
    # which check was to run, none what failed; each weighs less than the missing command's evidence
    log = framing.github_actions("npm run lint", (DATA / "npm6_script_bin_not_found.txt").read_text(), 1)
    signals = signals_of(extract_facts(log))
    lint = [s for s in signals if s.category is Category.LINT]
    assert {s.kind for s in lint} == {"records", "command", "facts"}
    assert all(s.discounted and "never ran" in s.reason for s in lint)
    assert max(s.weight for s in lint) < min(s.weight for s in signals if s.category is Category.CONFIG)
