"""A factory of fresh local sandboxes over one source: what the pipeline's stages open."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from remediate.models import Limits
from remediate.sandbox.base import Sandbox
from remediate.sandbox.local import open_local_sandbox


def default_tool_paths() -> list[Path]:
    # The interpreter running remediate brings the check tools (pytest, ruff, mypy, dbt...).
    return [Path(sys.executable).parent]


def local_factory(
    source: Path, *, limits: Limits | None = None, unsafe_no_sandbox: bool = False
) -> Callable[[], AbstractAsyncContextManager[Sandbox]]:
    tools = default_tool_paths()

    @asynccontextmanager
    async def factory() -> AsyncIterator[Sandbox]:
        async with open_local_sandbox(
            source, unsafe_no_sandbox=unsafe_no_sandbox, tool_paths=tools, limits=limits
        ) as sandbox:
            yield sandbox

    return factory
