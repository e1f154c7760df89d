"""Where a check's tools come from: the caller's environment, the way a CI runner provides them.

A CI job runs its check with the runner's PATH: the Python it set up (or the virtualenv it
activated), the tools it installed. remediate does the same, never with its own interpreter:

1. the `--setup` environment when there is one (a virtualenv layered over the interpreter
   below, filled once per run by the setup command; see `setup.py`);
2. the project's own virtualenv (`<source>/.venv` or `<source>/venv`) when no virtualenv is
   activated: read-only, at its own path, as `uv run` / `poetry run` would use it;
3. the caller's PATH, in its order (an activated virtualenv comes first there).

Each directory is bound read-only inside the jail at its own path (with its install prefix and
the interpreter its symlinks point to); the work copy is mounted at the source's own absolute
path, so an editable install, a `.pth` file or a shebang naming the project resolves to the
copy. What was chosen is shown in the report (`CheckEnvironment`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_VENVS = (".venv", "venv")


@dataclass(frozen=True)
class ToolPath:
    """The directories put on PATH (in order) and the variables that go with them."""

    dirs: tuple[Path, ...]
    env: Mapping[str, str]
    project_venv: Path | None


def project_venv(source: Path) -> Path | None:
    for name in PROJECT_VENVS:
        venv = source / name
        if (venv / "pyvenv.cfg").is_file() and (venv / "bin").is_dir():
            return venv
    return None


def _path_entries(environ: Mapping[str, str]) -> list[Path]:
    """The caller's PATH: absolute, existing directories, first spelling of each kept."""
    found: list[Path] = []
    for raw in environ.get("PATH", "").split(os.pathsep):
        if not raw or not os.path.isabs(raw) or raw == "/":
            continue  # a relative entry means nothing in another working directory
        path = Path(raw)
        if path.is_dir() and path not in found:
            found.append(path)
    return found


def caller_tools(source: Path, environ: Mapping[str, str], extra: Sequence[Path] = ()) -> ToolPath:
    """PATH for the checks of `source` from the caller's `environ` (see the module docstring);
    `extra` dirs come after the project's venv and before the caller's PATH."""
    venv = project_venv(source)
    active = environ.get("VIRTUAL_ENV")
    dirs: list[Path] = []
    env: dict[str, str] = {}
    if active and Path(active, "bin").is_dir():
        env["VIRTUAL_ENV"] = active
    elif venv is not None:
        dirs.append(venv / "bin")
        env["VIRTUAL_ENV"] = str(venv)
    dirs += [p for p in extra if p not in dirs]
    dirs += [p for p in _path_entries(environ) if p not in dirs]
    return ToolPath(dirs=tuple(dirs), env=env, project_venv=venv)


def first_python(dirs: Sequence[Path]) -> str | None:
    for d in dirs:
        for name in ("python3", "python"):
            candidate = d / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None
