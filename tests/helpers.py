"""Builders for scripted Messages API responses and local sandboxes used across tests."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from remediate.models import Limits
from remediate.replay import Cassette, Expect, ExpectedToolResult, Interaction
from remediate.sandbox.base import Sandbox
from remediate.sandbox.factory import local_factory

TOOL_PATHS = [Path(sys.executable).parent]


def sandbox_factory(source: Path, limits: Limits | None = None) -> Callable[[], AbstractAsyncContextManager[Sandbox]]:
    return local_factory(source, limits=limits)


def message(i: int, content: list[dict[str, Any]], stop: str = "tool_use") -> dict[str, Any]:
    return {
        "id": f"msg_{i:02d}",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-5-5",
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": "estimate",
    }


def tool_use(i: int, name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"type": "tool_use", "id": f"toolu_{i:02d}", "name": name, "input": args}


def script(
    *steps: tuple[list[dict[str, Any]], Expect | None] | list[dict[str, Any]], stop_last: str = "tool_use"
) -> Cassette:
    """A cassette from a list of tool-use turns; each step may carry an expectation."""
    interactions = []
    for i, step in enumerate(steps, start=1):
        content, expect = step if isinstance(step, tuple) else (step, None)
        has_tool = any(block["type"] == "tool_use" for block in content)
        body = message(i, content, "tool_use" if has_tool else "end_turn")
        interactions.append(Interaction(expect=expect or Expect(), body=body))
    return Cassette(kind="scripted", interactions=interactions)


def expect_result(tool_id: str, *, is_error: bool | None = None, contains: tuple[str, ...] = ()) -> Expect:
    return Expect(tool_results=[ExpectedToolResult(tool_use_id=tool_id, is_error=is_error, contains=list(contains))])


def make_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
