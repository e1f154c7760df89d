"""What selects and configures tests and linters, judged by meaning rather than by file name.

Whole files (pytest.ini, tox.ini, noxfile.py, conftest.py anywhere, Makefile, ruff.toml, mypy.ini,
other languages' test files and folders) are protected paths. `pyproject.toml`, `package.json` and
`setup.cfg` also carry things a fix may change (dependencies, metadata), so for them only the
test and lint sections are protected: the file before and after the patch is parsed, and any
change inside those sections is reported, however the hunks are arranged.
"""

from __future__ import annotations

import configparser
import json
import tomllib
from collections.abc import Callable
from typing import Any

# Paths whose whole content selects or configures tests and lint (added to DEFAULT_PROTECTED).
TEST_CONFIG_PATHS: tuple[str, ...] = (
    "**/tests/**",
    "**/test/**",
    "**/__tests__/**",
    "**/__snapshots__/**",
    "**/testdata/**",
    "spec/**",
    "**/spec/**",
    "*_test.go",
    "*.test.js",
    "*.test.jsx",
    "*.test.ts",
    "*.test.tsx",
    "*.test.mjs",
    "*.test.cjs",
    "*.spec.js",
    "*.spec.jsx",
    "*.spec.ts",
    "*.spec.tsx",
    "*_spec.rb",
    "pytest.ini",
    "tox.ini",
    "noxfile.py",
    "Makefile",
    "GNUmakefile",
    "makefile",
    "ruff.toml",
    ".ruff.toml",
    "mypy.ini",
    ".mypy.ini",
    ".flake8",
    ".pylintrc",
    "pylintrc",
    ".coveragerc",
    ".eslintrc*",
    "eslint.config.*",
    "jest.config.*",
    "vitest.config.*",
    ".mocharc*",
    "karma.conf.*",
    "pyrightconfig.json",
    ".golangci.*",
    "clippy.toml",
)

# pyproject.toml: [tool.<name>] tables of test runners, linters, type checkers and task runners.
_PYPROJECT_TOOLS = (
    "pytest",
    "ruff",
    "mypy",
    "pyright",
    "coverage",
    "tox",
    "nox",
    "black",
    "isort",
    "pylint",
    "flake8",
    "bandit",
    "hatch",
    "poe",
    "pdm",
    "unittest",
    "ward",
    "nose2",
    "basedpyright",
    "pytype",
    "codespell",
)
# package.json: scripts and the test / lint tools' own keys.
_PACKAGE_KEYS = ("scripts", "jest", "mocha", "ava", "vitest", "c8", "nyc", "eslintConfig", "eslintIgnore", "tap")
# setup.cfg sections: [tool:pytest], [mypy], [mypy-*], [flake8], [coverage:*], [isort], [pylint.*]...
_SETUP_CFG_PREFIXES = ("tool:pytest", "pytest", "mypy", "flake8", "pycodestyle", "coverage:", "isort", "pylint", "tox")


def _pyproject(text: str) -> dict[str, Any]:
    tool = tomllib.loads(text).get("tool", {})
    return {name: tool.get(name) for name in _PYPROJECT_TOOLS if isinstance(tool, dict)}


def _package_json(text: str) -> dict[str, Any]:
    data = json.loads(text)
    return {key: data.get(key) for key in _PACKAGE_KEYS} if isinstance(data, dict) else {}


def _setup_cfg(text: str) -> dict[str, Any]:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.read_string(text)
    return {s: dict(parser.items(s)) for s in parser.sections() if s.lower().startswith(_SETUP_CFG_PREFIXES)}


_READERS: dict[str, Callable[[str], dict[str, Any]]] = {
    "pyproject.toml": _pyproject,
    "package.json": _package_json,
    "setup.cfg": _setup_cfg,
}


def has_test_sections(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in _READERS


def test_config_changes(path: str, old: str | None, new: str | None) -> list[str]:
    """The test/lint sections of `path` that differ between `old` and `new` (None: absent).
    A file that does not parse on either side counts as changed everywhere (fail closed)."""
    reader = _READERS.get(path.rsplit("/", 1)[-1])
    if reader is None or old == new:
        return []
    try:
        before = reader(old) if old is not None else {}
        after = reader(new) if new is not None else {}
    except (ValueError, configparser.Error, tomllib.TOMLDecodeError) as exc:
        return [f"{path}: does not parse ({type(exc).__name__}), so its test and lint settings cannot be checked"]
    keys = sorted(set(before) | set(after))
    return [f"{path}: changes its {key} settings" for key in keys if before.get(key) != after.get(key)]
