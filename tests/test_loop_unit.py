"""Loop unit tests with a FunctionModel-style double: a Python function answers each request
(no transport, no cassette), so a test states a policy of the model and reads what the loop did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import anthropic
import pytest

from remediate.loop import LoopConfig, StopReason, run_loop
from remediate.models import Budget
from remediate.sandbox.local import open_local_sandbox
from remediate.tools import CheckCommand, Toolbox, ToolName
from tests.helpers import TOOL_PATHS, make_project

Reply = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class FunctionModel:
    """Stands in for `AsyncAnthropic`: `messages.create` calls `reply(messages)` for the content."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.requests: list[dict[str, Any]] = []
        self.messages = self

    async def create(self, **request: Any) -> anthropic.types.Message:
        self.requests.append(request)
        content = self.reply(request["messages"])
        stop = "tool_use" if any(b["type"] == "tool_use" for b in content) else "end_turn"
        return anthropic.types.Message.model_validate(
            {
                "id": f"msg_{len(self.requests)}",
                "type": "message",
                "role": "assistant",
                "model": request["model"],
                "content": content,
                "stop_reason": stop,
                "usage": {"input_tokens": 100, "output_tokens": 10},
            }
        )


def call(i: int, name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"type": "tool_use", "id": f"toolu_{i}", "name": name, "input": args}


async def loop(tmp_path: Path, reply: Reply, budget: Budget | None = None) -> tuple[Any, FunctionModel]:
    project = make_project(tmp_path / "p", {"app.py": "X = 1\n"})
    model = FunctionModel(reply)
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS, unsafe_no_sandbox=True) as sb:
        box = Toolbox(sandbox=sb, check=CheckCommand(argv=["true"]), names=tuple(ToolName))
        result = await run_loop(
            cast(anthropic.AsyncAnthropic, model),
            system_prompt="S",
            facts_text="F",
            task_text="T",
            toolbox=box,
            config=LoopConfig(model="claude-sonnet-5-5", budget=budget or Budget()),
        )
    return result, model


async def test_finish_ends_the_loop_with_the_models_root_cause(tmp_path: Path) -> None:
    finish = {"root_cause": "X", "summary": "s", "fixed": True}
    result, model = await loop(tmp_path, lambda messages: [call(1, "finish", finish)])
    assert result.stop == StopReason.FINISHED and result.finish is not None and result.finish.root_cause == "X"
    assert len(model.requests) == 1 and result.tool_calls == 1


async def test_every_call_is_answered_even_when_the_budget_stops_the_turn(tmp_path: Path) -> None:
    turn = [call(1, "read_file", {"path": "app.py"}), call(2, "read_file", {"path": "app.py"})]
    result, model = await loop(tmp_path, lambda messages: turn, Budget(tool_calls=1))
    assert result.stop == StopReason.BUDGET and result.budget_stop is not None
    assert result.budget_stop.kind == "budget_tool_calls" and len(model.requests) == 1


async def test_a_reply_without_calls_ends_the_turn(tmp_path: Path) -> None:
    result, _ = await loop(tmp_path, lambda messages: [{"type": "text", "text": "done?"}])
    assert result.stop == StopReason.END_TURN and result.final_text == "done?"


@pytest.mark.parametrize("same", [3])
async def test_the_same_call_on_the_same_workspace_is_a_loop(tmp_path: Path, same: int) -> None:
    result, model = await loop(tmp_path, lambda messages: [call(len(messages), "read_file", {"path": "app.py"})])
    assert result.stop == StopReason.LOOP and result.loop_stop is not None and len(model.requests) == same
