"""`--setup CMD`: what a CI job does before its check (`pip install -e .`, `npm ci`), once per run.

The setup command runs in its own sandbox, like a check but WITH network, on its own work copy
(mounted at the source's path, as every copy is). What it installs must outlive that sandbox
and reach every check, read-only:

- Python: a virtualenv in a per-run directory, layered over the check's interpreter (a `.pth`
  makes that interpreter's site-packages visible under the new venv's own), first on PATH with
  `VIRTUAL_ENV` set. `pip install` then installs into it; an editable install records the
  source's path, which is where every work copy is mounted.
- Everything else: the environment directories the setup created or changed in its work copy
  (`node_modules`, `.venv`, `venv`) are moved into the per-run directory and bound read-only at
  their place in every check's sandbox.

Changes the setup makes to the project's own files are not carried over: the checks and the
patch start from the source. The per-run directory is deleted at the end of the run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from remediate.models import ExecResult, Limits
from remediate.sandbox.base import SandboxError
from remediate.sandbox.cleanup import ENV_KIND, HeldDir, held_dir
from remediate.sandbox.local import LocalSandbox
from remediate.sandbox.workcopy import ENV_DIRS, Selection

SETUP_MIN_TIMEOUT_S = 900.0
_HOST_TIMEOUT_S = 120.0
_SITE_DIRS = "import json, site, sys; print(json.dumps([p for p in sys.path if p.endswith(('-packages',))]))"


@dataclass
class SetupEnv:
    """The per-run directory the setup fills: a virtualenv, and the env dirs it produced."""

    held: HeldDir
    env_dirs: dict[str, Path] = field(default_factory=dict)  # relative path in the project -> host dir

    @property
    def root(self) -> Path:
        return self.held.path

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def remove(self) -> None:
        self.held.remove()


def _host_run(command: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=_HOST_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxError(f"cannot prepare the --setup environment ({' '.join(command[:3])}): {exc}") from exc


def prepare_setup_env(python: str | None) -> SetupEnv:
    """A fresh per-run directory with a virtualenv layered over `python` (the check's interpreter)."""
    env = SetupEnv(held=held_dir(ENV_KIND))
    env.root.chmod(0o755)  # the checks run as other (unprivileged) uids and read it
    if python is None:
        return env  # no Python on the check's PATH: the env dirs still carry over
    try:
        made = _host_run([python, "-m", "venv", "--without-pip", str(env.venv)])
        if made.returncode != 0:
            raise SandboxError(f"cannot create the --setup virtualenv with {python}: {made.stderr.strip()[-500:]}")
        base = _host_run([python, "-c", _SITE_DIRS])
        inner = _host_run([str(env.bin / "python"), "-c", _SITE_DIRS])
        if base.returncode == 0 and inner.returncode == 0:
            inner_site = Path(json.loads(inner.stdout)[-1])
            layered = [p for p in json.loads(base.stdout) if p not in json.loads(inner.stdout)]
            (inner_site / "_remediate_base.pth").write_text("".join(f"{p}\n" for p in layered), encoding="utf-8")
        if _host_run([str(env.bin / "python"), "-c", "import pip"]).returncode != 0:
            pip = _host_run([str(env.bin / "python"), "-m", "ensurepip", "--default-pip"])
            if pip.returncode != 0:
                raise SandboxError(f"cannot install pip into the --setup virtualenv: {pip.stderr.strip()[-500:]}")
        _pip_scripts(env)
    except BaseException:
        env.remove()
        raise
    return env


def _pip_scripts(env: SetupEnv) -> None:
    """`pip` on PATH must install into this venv, not into whatever `pip` comes later on PATH."""
    for name in ("pip", "pip3"):
        script = env.bin / name
        if not script.exists():
            script.write_text(f'#!/bin/sh\nexec "{env.bin / "python"}" -m pip "$@"\n', encoding="utf-8")
            script.chmod(0o755)


async def run_setup(
    sandbox: LocalSandbox, command: str, env: SetupEnv, selection: Selection | None, limits: Limits | None
) -> ExecResult:
    """Run the setup command once (network on); keep the env dirs it produced for the checks."""
    await sandbox.hand_over(env.root)
    base = limits or Limits()
    setup_limits = base.model_copy(update={"timeout_s": max(base.timeout_s, SETUP_MIN_TIMEOUT_S)})
    result = await sandbox.run(["/bin/sh", "-c", command], setup_limits)
    if result.ok:
        before = set(selection.env_dirs) if selection is not None else set()
        for rel in _produced_env_dirs(sandbox.root, before):
            target = env.root / "tree" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(sandbox.root / rel), target)
            env.env_dirs[rel] = target
    return result


def _produced_env_dirs(work: Path, already_bound: set[str]) -> list[str]:
    """Env dirs that are real directories in the setup's work copy (a bound one is an empty mount point)."""
    found = []
    for dirpath, dirnames, _ in os.walk(work):
        rel_dir = Path(dirpath).relative_to(work).as_posix()
        for name in list(dirnames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if name in ENV_DIRS or name == ".git":
                dirnames.remove(name)
                path = work / rel
                if name != ".git" and not path.is_symlink() and rel not in already_bound and any(path.iterdir()):
                    found.append(rel)
    return sorted(found)
