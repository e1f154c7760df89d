"""Fresh local sandboxes over one source: what the pipeline's stages open.

Decided once per run, not per sandbox: what the work copy holds (workcopy.select), where the
check's tools come from (environment.py) and, with `--setup`, the environment the setup
command prepared (setup.py). Each sandbox then only copies the selected files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio

from remediate.models import CheckEnvironment, ExecResult, Limits
from remediate.sandbox.base import SandboxError
from remediate.sandbox.environment import PROJECT_VENVS, ToolPath, caller_tools, first_python
from remediate.sandbox.jail import SYSTEM_PATH, Mount
from remediate.sandbox.local import Layout, LocalSandbox, mount_point, open_local_sandbox
from remediate.sandbox.setup import SetupEnv, prepare_setup_env, run_setup
from remediate.sandbox.workcopy import Selection, WorkCopyError, select


def default_tool_paths() -> list[Path]:
    """remediate's own interpreter: the bundled fixtures' checks use its tool group (pytest, ruff, dbt...)."""
    return [Path(sys.executable).parent]


class LocalSandboxes:
    """Opens sandboxes over `source` (call it), runs `--setup` once (`prepare`), says what the
    check runs with (`environment`) and removes what the run created (`aclose`)."""

    def __init__(
        self,
        source: Path,
        *,
        limits: Limits | None = None,
        unsafe_no_sandbox: bool = False,
        extra_tools: Sequence[Path] = (),
        environ: Mapping[str, str] | None = None,
        setup: str | None = None,
    ) -> None:
        self.source = Path(os.path.abspath(source))
        self._limits = limits
        self._unsafe = unsafe_no_sandbox
        self._tools: ToolPath = caller_tools(self.source, os.environ if environ is None else environ, extra_tools)
        self._setup = setup
        self._setup_env: SetupEnv | None = None
        self._selection: Selection | None = None

    # ------------------------------------------------------------ once per run

    async def prepare(self) -> ExecResult | None:
        """Select the work copy; run --setup when given (with network). Returns the setup's run."""
        try:
            self._selection = await anyio.to_thread.run_sync(select, self.source)
        except WorkCopyError as exc:
            raise SandboxError(str(exc)) from exc
        if self._setup is None:
            return None
        python = first_python(self._tools.dirs)
        self._setup_env = await anyio.to_thread.run_sync(prepare_setup_env, python)
        async with self._open(network=True) as sandbox:
            return await run_setup(sandbox, self._setup, self._setup_env, self._selection, self._limits)

    async def aclose(self) -> None:
        if self._setup_env is not None:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self._setup_env.remove)

    # ------------------------------------------------------------ per sandbox

    def __call__(self) -> AbstractAsyncContextManager[LocalSandbox]:
        return self._open(network=False)

    @asynccontextmanager
    async def _open(self, *, network: bool) -> AsyncIterator[LocalSandbox]:
        async with open_local_sandbox(
            self.source,
            unsafe_no_sandbox=self._unsafe,
            tool_paths=self._dirs(),
            env=self._env(),
            limits=self._limits,
            layout=self._layout(network),
        ) as sandbox:
            yield sandbox

    def _dirs(self) -> list[Path]:
        first = [self._setup_env.bin] if self._setup_env is not None else []
        return [*first, *self._tools.dirs]

    def _env(self) -> dict[str, str]:
        env = dict(self._tools.env)
        if self._setup_env is not None:
            env["VIRTUAL_ENV"] = str(self._setup_env.venv)
        return env

    def _layout(self, network: bool) -> Layout:
        mounts: tuple[Mount, ...] = ()
        selection = self._selection
        if self._setup_env is not None:
            workdir = mount_point(self.source)
            # Writable only while the setup runs; the checks see what it left, read-only.
            mounts = (Mount(self._setup_env.root, str(self._setup_env.root), writable=network),)
            mounts += tuple(Mount(host, f"{workdir}/{rel}") for rel, host in self._setup_env.env_dirs.items())
            if selection is not None:
                # The setup recreates dependency dirs (npm ci) but may run with the project's venv.
                kept = tuple(
                    d
                    for d in selection.env_dirs
                    if (not network or d.rsplit("/", 1)[-1] in PROJECT_VENVS) and d not in self._setup_env.env_dirs
                )
                selection = Selection(how=selection.how, files=selection.files, env_dirs=kept)
        return Layout(selection=selection, mounts=mounts, network=network)

    # ------------------------------------------------------------ the report

    def environment(self) -> CheckEnvironment:
        dirs = self._dirs()
        path = [str(d) for d in dict.fromkeys([*dirs, *map(Path, SYSTEM_PATH)])]
        selection = self._selection
        venv = self._tools.project_venv
        bound = list(selection.env_dirs) if selection is not None else []
        if self._setup_env is not None:
            bound = sorted({*bound, *self._setup_env.env_dirs})
        return CheckEnvironment(
            path=path,
            python=first_python([*dirs, *map(Path, SYSTEM_PATH)]),
            virtual_env=self._env().get("VIRTUAL_ENV"),
            project_venv=str(venv) if venv is not None else None,
            setup=self._setup,
            work_copy=str(self.source) if not self._unsafe else "(a temporary copy: --unsafe-no-sandbox)",
            selected_by=selection.how if selection is not None else "",
            files=len(selection.files) if selection is not None else 0,
            bound_read_only=bound,
        )


def local_factory(
    source: Path,
    *,
    limits: Limits | None = None,
    unsafe_no_sandbox: bool = False,
    setup: str | None = None,
    extra_tool_paths: Sequence[Path] = (),
) -> LocalSandboxes:
    """Sandboxes for the bundled fixtures and tests: the project's own venv, then remediate's interpreter
    (its tool group) and a fixture's own toolchain (evals/toolchains.py), then the system; never the
    caller's PATH, so fixture runs are the same everywhere."""
    return LocalSandboxes(
        source,
        limits=limits,
        unsafe_no_sandbox=unsafe_no_sandbox,
        extra_tools=[*default_tool_paths(), *extra_tool_paths],
        environ={},
        setup=setup,
    )
