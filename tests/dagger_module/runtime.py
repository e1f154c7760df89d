"""Replays what Dagger v0.21.11's Python runtime does to install this module, without an engine.

The runtime (dagger/dagger, sdk/python/runtime/main.go, branch backport-0.21):

- copies the engine's Python SDK source to ./sdk of the module, its pyproject version 0.0.0;
- with uv.lock: `uv lock` (WithUpdates) then `uv sync --no-dev` into UV_PROJECT_ENVIRONMENT;
- without it: `uv pip install -e ./sdk -e .` then `uv pip check`;
- then imports the main object through `dagger.mod.cli` (DAGGER_MODULE, DAGGER_MAIN_OBJECT,
  DAGGER_DEFAULT_PYTHON_PACKAGE).

The SDK copy is built here from the dagger-io sdist of the engine's release on PyPI. The sdist has
no `codegen/` directory (the engine's copy has it), so its uv workspace tables, which only serve the
SDK's own development, are dropped; the package itself (name, version, dependencies, build backend,
sources) is the engine's.

`python -m tests.dagger_module.runtime lock` regenerates uv.lock the same way (sdk/ is git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

SDK_VERSION = "0.21.11"  # dagger.json engineVersion
UV_VERSION = "0.10.3"  # sdk/python/runtime/images/uv/Dockerfile of the engine
REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "remediate-tests"
# Only what the SDK's own development needs: a workspace member that the sdist does not ship.
_SDK_DEV_TABLES = {"dependency-groups", "tool.uv.sources", "tool.uv.workspace"}
_HEADER = re.compile(r"^\[([^\]]+)\]\s*$")


def uv_binary() -> Path:
    """uv from the dev environment (pinned in pyproject's dev group to the runtime's version)."""
    uv = Path(sys.executable).parent / "uv"
    found = uv if uv.exists() else shutil.which("uv")
    if found is None:
        raise RuntimeError(f"uv {UV_VERSION} is not installed (dev dependency group)")
    version = subprocess.run([str(found), "--version"], capture_output=True, text=True, check=True).stdout
    if version.split()[1] != UV_VERSION:
        raise RuntimeError(f"uv {UV_VERSION} expected (the runtime's), found {version.strip()}")
    return Path(found)


def sdk_sdist() -> Path:
    """The dagger-io sdist of the engine's release, downloaded once from PyPI by pip."""
    target = CACHE / f"dagger_io-{SDK_VERSION}.tar.gz"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", "dagger-io",
             f"dagger-io=={SDK_VERSION}", "-d", str(CACHE)],
            check=True,
        )  # fmt: skip
    return target


def vendor_sdk(module_dir: Path) -> Path:
    """Put the SDK at module_dir/sdk as the engine does: its source, version 0.0.0."""
    dest = module_dir / "sdk"
    shutil.rmtree(dest, ignore_errors=True)
    with tarfile.open(sdk_sdist()) as archive:
        archive.extractall(module_dir / ".sdk-unpack", filter="data")
    (module_dir / ".sdk-unpack" / f"dagger_io-{SDK_VERSION}").rename(dest)
    shutil.rmtree(module_dir / ".sdk-unpack")
    pyproject = dest / "pyproject.toml"
    kept, skipping = [], False
    for line in pyproject.read_text(encoding="utf-8").splitlines(keepends=True):
        if header := _HEADER.match(line):
            skipping = header.group(1) in _SDK_DEV_TABLES
        if not skipping:
            kept.append(line)
    text, count = re.subn(r'(?m)^version = "[^"]+"$', 'version = "0.0.0"', "".join(kept))
    if count != 1:
        raise RuntimeError("the SDK's pyproject.toml has no single version line")
    pyproject.write_text(text, encoding="utf-8")
    return dest


def copy_module(dest: Path, repo: Path = REPO) -> Path:
    """The module's source as the engine receives it: the repository's tracked files (working copy)."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = repo / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def uv_env(venv: Path) -> dict[str, str]:
    """The runtime container's uv settings (WithBase, WithInstall), with our venv and Python."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    env |= {
        "UV_SYSTEM_PYTHON": "1",
        "UV_LINK_MODE": "copy",
        "UV_NATIVE_TLS": "1",
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_COMPILE_BYTECODE": "1",
        # The runtime picks python:<requires-python minimum>-slim; here, this interpreter.
        "UV_PYTHON": sys.executable if "venv" not in sys.prefix else _base_python(),
        "UV_PYTHON_DOWNLOADS": "never",
    }
    return env


def _base_python() -> str:
    return str(Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}")


def install_steps(module_dir: Path, venv: Path) -> list[list[str]]:
    """The commands WithUpdates + WithInstall run, for the module's layout."""
    uv = str(uv_binary())
    if (module_dir / "uv.lock").exists():
        return [[uv, "lock"], [uv, "sync", "--no-dev"]]
    python = str(venv / "bin" / "python")
    return [
        [uv, "venv", "-q", str(venv)],
        [uv, "pip", "install", "--python", python, "-e", "./sdk", "-e", "."],
        [uv, "pip", "check", "--python", python],
    ]


def replay_install(module_dir: Path, venv: Path) -> subprocess.CompletedProcess[str]:
    """Run the runtime's install steps; the first failing step's result, or the last one's."""
    env = uv_env(venv)
    done: subprocess.CompletedProcess[str] | None = None
    for argv in install_steps(module_dir, venv):
        done = subprocess.run(argv, cwd=module_dir, env=env, capture_output=True, text=True, timeout=900, check=False)
        if done.returncode != 0:
            return done
    assert done is not None
    return done


def main(argv: list[str]) -> int:
    if argv != ["lock"]:
        print("usage: python -m tests.dagger_module.runtime lock", file=sys.stderr)
        return 2
    vendor_sdk(REPO)
    env = uv_env(REPO / ".venv-uv-lock")
    return subprocess.run([str(uv_binary()), "lock"], cwd=REPO, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
