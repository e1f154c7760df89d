"""Issue 16.4: test selection and configuration are protected by meaning. Whole files that only
configure tests or lint are protected paths; in pyproject.toml, package.json and setup.cfg only
the test and lint sections are (a dependency fix stays possible), judged on the parsed file
before and after, at the tool and again at verification; verification re-checks `writable`."""

from __future__ import annotations

from pathlib import Path

import pytest

from remediate.facts.redact import Redactor
from remediate.models import Limits
from remediate.tools import CheckCommand, PathPolicy, Toolbox, ToolName
from remediate.verify import verify_patch
from tests.conftest import needs_bwrap
from tests.helpers import make_project, sandbox_factory

NEWLY_PROTECTED = [
    "pytest.ini",
    "tox.ini",
    "noxfile.py",
    "src/conftest.py",
    "Makefile",
    "ruff.toml",
    "mypy.ini",
    "pkg/thing_test.go",
    "web/app.test.js",
    "web/__tests__/app.js",
    "web/__snapshots__/app.snap",
    "pkg/testdata/input.txt",
    "spec/app_spec.rb",
    "packages/core/tests/test_core.py",
    "jest.config.js",
    ".flake8",
]


@pytest.mark.parametrize("path", NEWLY_PROTECTED)
def test_test_and_lint_configuration_files_are_protected(path: str) -> None:
    assert PathPolicy().is_protected(path) is not None, path


PYPROJECT = '[project]\nname = "x"\ndependencies = ["requests"]\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
PACKAGE = '{"name": "x", "dependencies": {"a": "1"}, "scripts": {"test": "jest"}}\n'
SETUP_CFG = "[metadata]\nname = x\n\n[tool:pytest]\ntestpaths = tests\n"

EDITS = [
    (
        "pyproject.toml",
        PYPROJECT,
        'testpaths = ["tests"]\n',
        'testpaths = ["tests"]\naddopts = "--deselect tests/t.py"\n',
    ),
    ("pyproject.toml", PYPROJECT, "[project]\n", '[tool.pytest.ini_options]\naddopts = "-k not_x"\n\n[project]\n'),
    ("pyproject.toml", PYPROJECT, "", '\n[tool.ruff.lint]\nignore = ["F401"]\n'),
    ("package.json", PACKAGE, '"test": "jest"', '"test": "jest --testPathIgnorePatterns=app"'),
    ("package.json", PACKAGE, '"name": "x",', '"name": "x", "jest": {"testPathIgnorePatterns": ["app"]},'),
    ("setup.cfg", SETUP_CFG, "testpaths = tests\n", "testpaths = tests\naddopts = --deselect t.py\n"),
    ("setup.cfg", SETUP_CFG, "", "\n[mypy]\nignore_errors = True\n"),
]


def _edited(text: str, old: str, new: str) -> str:
    return text + new if not old else text.replace(old, new, 1)


async def _tool(tmp_path: Path, path: str, text: str, new_text: str) -> tuple[bool, str]:
    project = make_project(tmp_path / "p", {path: text})
    async with sandbox_factory(project)() as sandbox:
        box = Toolbox(sandbox=sandbox, check=CheckCommand(argv=["true"]), names=tuple(ToolName))
        outcome = await box.execute("write_file", {"path": path, "content": new_text})
    return outcome.is_error, outcome.content


@needs_bwrap
@pytest.mark.parametrize(("path", "text", "old", "new"), EDITS, ids=[f"{e[0]}-{i}" for i, e in enumerate(EDITS)])
async def test_test_sections_are_read_only_at_the_tool(
    tmp_path: Path, path: str, text: str, old: str, new: str
) -> None:
    is_error, content = await _tool(tmp_path, path, text, _edited(text, old, new))
    assert is_error and "test" in content, content


@needs_bwrap
@pytest.mark.parametrize(
    ("path", "text", "old", "new"),
    [
        ("pyproject.toml", PYPROJECT, '["requests"]', '["requests", "pyyaml"]'),
        ("package.json", PACKAGE, '"a": "1"', '"a": "1", "b": "2"'),
        ("setup.cfg", SETUP_CFG, "name = x\n", "name = x\nversion = 2\n"),
    ],
)
async def test_other_sections_stay_writable(tmp_path: Path, path: str, text: str, old: str, new: str) -> None:
    is_error, content = await _tool(tmp_path, path, text, _edited(text, old, new))
    assert not is_error, content


def _patch(path: str, old_line: str, new_lines: list[str]) -> str:
    added = "".join(f"+{line}\n" for line in new_lines)
    return (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1 +1,{len(new_lines)} @@\n-{old_line}\n{added}"
    )


@needs_bwrap
async def test_verification_rejects_a_patch_that_changes_test_selection(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"pyproject.toml": "[tool.pytest.ini_options]\n"})
    patch = _patch("pyproject.toml", "[tool.pytest.ini_options]", ["[tool.pytest.ini_options]", 'addopts = "-k x"'])
    check = CheckCommand(argv=["true"], limits=Limits(timeout_s=30))
    result = await verify_patch(sandbox_factory(project), patch, check, PathPolicy(), Redactor(), passes_required=1)
    assert not result.passed and "pytest" in result.reason, result.reason


@needs_bwrap
async def test_verification_rechecks_the_writable_list(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"notes.txt": "a\n", "a.py": "x = 1\n"})
    patch = _patch("notes.txt", "a", ["b"])
    check = CheckCommand(argv=["true"], limits=Limits(timeout_s=30))
    policy = PathPolicy(writable=("*.py",))
    result = await verify_patch(sandbox_factory(project), patch, check, policy, Redactor(), passes_required=1)
    assert not result.passed and "notes.txt" in result.reason, result.reason
