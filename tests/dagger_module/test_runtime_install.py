"""The module installs the way Dagger v0.21.11's Python runtime installs it, and its main object loads.

Runs uv 0.10.3 against PyPI on a copy of the module with the SDK vendored at ./sdk (tests/dagger_module/runtime.py).
A control proves the test can fail: the pre-fix layout (dagger-io pinned, no uv.lock) is unsatisfiable.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.dagger_module.runtime import copy_module, replay_install, vendor_sdk

pytestmark = pytest.mark.slow

LOAD_MAIN_OBJECT = """
import json
from dagger.mod.cli import load_module
from dagger.mod._resolver import Function
module = load_module()
main = module.get_object("Remediate")
print(json.dumps(sorted(name for name in main.functions)))
"""


@pytest.fixture(scope="module")
def module_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    module_dir = copy_module(tmp_path_factory.mktemp("module"))
    vendor_sdk(module_dir)
    return module_dir


def runtime_env(venv: Path) -> dict[str, str]:
    # Set by WithSource from dagger.json's name: the entry point is remediate:Remediate.
    return os.environ | {
        "DAGGER_MODULE": "remediate",
        "DAGGER_MAIN_OBJECT": "Remediate",
        "DAGGER_DEFAULT_PYTHON_PACKAGE": "remediate",
        "VIRTUAL_ENV": str(venv),
    }


def test_the_runtime_installs_the_module_and_loads_its_main_object(module_copy: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = replay_install(module_copy, venv)
    assert done.returncode == 0, f"{done.args}\n{done.stdout}\n{done.stderr}"
    # dagger-io is the vendored copy (0.0.0), not a release from PyPI.
    version = subprocess.run(
        [venv / "bin" / "python", "-c", "import importlib.metadata as m; print(m.version('dagger-io'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert version == "0.0.0"
    # `uv sync --no-dev`: nothing of the dev group reaches the module container.
    dev_tool = subprocess.run([venv / "bin" / "python", "-c", "import pytest"], capture_output=True, check=False)
    assert dev_tool.returncode != 0
    # ... but the runtime's own dependencies do, those the facts import only when a source needs them too (PyYAML:
    # facts/manifests.py reads a pnpm-workspace.yaml with it).
    runtime = subprocess.run([venv / "bin" / "python", "-c", "import yaml"], capture_output=True, check=False)
    assert runtime.returncode == 0, runtime.stderr
    loaded = subprocess.run(
        [venv / "bin" / "python", "-c", LOAD_MAIN_OBJECT],
        capture_output=True, text=True, env=runtime_env(venv), cwd=tmp_path, check=False,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert "fix" in loaded.stdout and "facts" in loaded.stdout


def test_the_committed_lock_matches_pyproject(module_copy: Path, tmp_path: Path) -> None:
    from tests.dagger_module.runtime import uv_binary, uv_env

    done = subprocess.run(
        [uv_binary(), "lock", "--check"], cwd=module_copy, env=uv_env(tmp_path / "venv"),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_control_the_pinned_layout_without_a_lock_does_not_install(module_copy: Path, tmp_path: Path) -> None:
    # The layout before issue 10: dagger-io pinned to the release, no uv source for ./sdk, no uv.lock.
    reverted = tmp_path / "reverted"
    subprocess.run(["cp", "-a", str(module_copy), str(reverted)], check=True)
    (reverted / "uv.lock").unlink()
    pyproject = reverted / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace('    "dagger-io",\n', '    "dagger-io==0.21.11",\n', 1)
    text = text.replace('dagger-io = { path = "sdk", editable = true }\n', "", 1)
    assert "0.21.11" in text and 'path = "sdk"' not in text
    pyproject.write_text(text, encoding="utf-8")
    done = replay_install(reverted, tmp_path / "venv")
    assert done.returncode != 0
    assert "dagger-io==0.21.11" in done.stderr
