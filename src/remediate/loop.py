"""The bounded tool loop over the Anthropic Messages API.

One model client (the real SDK), one toolbox, one budget. The loop owns the conversation;
the tools own enforcement; the guards decide when to stop. Every stop has a reason.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import anthropic
from opentelemetry.trace import Status as SpanStatus
from opentelemetry.trace import StatusCode

from remediate.guards import BudgetMeter, LoopDetector
from remediate.models import Budget, GuardEvent, Usage
from remediate.pricing import cost_usd, price_of
from remediate.tools import FinishInput, Toolbox, ToolName, canonical_args
from remediate.trace import get_tracer

CACHE = {"type": "ephemeral"}
ELIDED = "[elided to fit the context budget: {n} characters of an older tool result; call the tool again if needed]"


class StopReason(enum.StrEnum):
    FINISHED = "finished"
    END_TURN = "end_turn"
    BUDGET = "budget"
    LOOP = "loop"
    MAX_TOKENS = "max_tokens"
    REFUSAL = "refusal"
    API_ERROR = "api_error"


@dataclass(frozen=True)
class LoopConfig:
    model: str
    budget: Budget = field(default_factory=Budget)
    max_tokens: int = 8192
    context_fraction: float = 0.6
    same_call_limit: int = 3
    same_error_limit: int = 3
    invalid_streak_limit: int = 5


@dataclass
class LoopResult:
    stop: StopReason
    detail: str
    finish: FinishInput | None
    usage: Usage
    tool_calls: int
    events: list[GuardEvent]
    final_text: str = ""
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Conversation:
    system: list[dict[str, Any]]
    messages: list[dict[str, Any]]

    def request_chars(self, tools: list[dict[str, Any]]) -> int:
        return len(json.dumps(self.system)) + len(json.dumps(tools)) + len(json.dumps(self.messages))

    def place_cache_breakpoints(self) -> None:
        """Stable prefix (tools+system, then facts) is cached; plus a moving breakpoint on the
        newest turn so each call reuses the previous one's prefix. At most 4 breakpoints."""
        for i, message in enumerate(self.messages):
            content = message["content"]
            if not isinstance(content, list):
                continue
            for j, block in enumerate(content):
                is_facts = i == 0 and j == 0
                if not is_facts:
                    block.pop("cache_control", None)
        last = self.messages[-1]["content"]
        if len(self.messages) > 1 and isinstance(last, list) and last:
            last[-1]["cache_control"] = CACHE

    def elide_old_results(self, budget_chars: int, tools: list[dict[str, Any]]) -> int:
        """Replace the oldest tool results with a marker until the request fits. Never touches
        the system prompt, the facts (first message) or the newest turn's results."""
        elided = 0
        for message in self.messages[1:-1]:
            if self.request_chars(tools) <= budget_chars:
                break
            if message["role"] != "user" or not isinstance(message["content"], list):
                continue
            for block in message["content"]:
                if block.get("type") != "tool_result":
                    continue
                text = block.get("content", "")
                if isinstance(text, str) and not text.startswith("[elided"):
                    block["content"] = ELIDED.format(n=len(text))
                    elided += 1
        return elided


def _usage_of(message: anthropic.types.Message, model: str) -> Usage:
    u = message.usage
    usage = Usage(
        model_calls=1,
        input_tokens=u.input_tokens,
        output_tokens=u.output_tokens,
        cache_read_tokens=u.cache_read_input_tokens or 0,
        cache_write_tokens=u.cache_creation_input_tokens or 0,
    )
    usage.usd = cost_usd(model, usage)
    return usage


def _assistant_content(message: anthropic.types.Message) -> list[dict[str, Any]]:
    # Send back exactly what the model produced (thinking blocks included), minus SDK-only fields.
    return [block.model_dump(mode="json", exclude_none=True) for block in message.content]


async def run_loop(
    client: anthropic.AsyncAnthropic,
    *,
    system_prompt: str,
    facts_text: str,
    task_text: str,
    toolbox: Toolbox,
    config: LoopConfig,
    on_event: Callable[[str], None] | None = None,
) -> LoopResult:
    tracer = get_tracer("remediate.loop")
    meter = BudgetMeter(config.budget)
    detector = LoopDetector(config.same_call_limit, config.same_error_limit, config.invalid_streak_limit)
    events: list[GuardEvent] = []
    tools = toolbox.definitions()
    convo = _Conversation(
        system=[{"type": "text", "text": system_prompt, "cache_control": CACHE}],
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": facts_text, "cache_control": CACHE},
                    {"type": "text", "text": task_text},
                ],
            }
        ],
    )
    price, known = price_of(config.model)
    if not known:
        events.append(GuardEvent(kind="unknown_model_price", detail=f"{config.model}: billed at the highest price"))
    context_chars = int(price.context_window * config.context_fraction * 4)
    workspace_version = 0
    final_text = ""

    def result(stop: StopReason, detail: str, finish: FinishInput | None = None) -> LoopResult:
        if stop in (StopReason.BUDGET, StopReason.LOOP):
            events.append(GuardEvent(kind=stop.value, detail=detail))
        return LoopResult(stop, detail, finish, meter.usage, meter.tool_calls, events, final_text, convo.messages)

    def say(text: str) -> None:
        if on_event is not None:
            on_event(text)

    while True:
        if reason := meter.exhausted_before_model_call():
            return result(StopReason.BUDGET, reason)
        if convo.request_chars(tools) > context_chars:
            n = convo.elide_old_results(context_chars, tools)
            events.append(GuardEvent(kind="context_elided", detail=f"{n} old tool results elided"))
        convo.place_cache_breakpoints()
        try:
            message = await client.messages.create(
                model=config.model,
                max_tokens=config.max_tokens,
                system=cast(Any, convo.system),
                tools=cast(Any, tools),
                messages=cast(Any, convo.messages),
            )
        except anthropic.APIStatusError as exc:
            return result(StopReason.API_ERROR, f"model API answered {exc.status_code}: {exc.message}")
        except anthropic.APIConnectionError as exc:
            return result(StopReason.API_ERROR, f"model API unreachable: {exc.message}")
        usage = _usage_of(message, config.model)
        meter.usage.add(usage)
        convo.messages.append({"role": "assistant", "content": _assistant_content(message)})
        texts = [block.text for block in message.content if block.type == "text"]
        if texts:
            final_text = "\n".join(texts)
        calls = [block for block in message.content if block.type == "tool_use"]
        say(f"model call {meter.usage.model_calls}: {message.stop_reason}, {len(calls)} tool call(s)")

        if message.stop_reason == "refusal":
            return result(StopReason.REFUSAL, "the model refused")
        if not calls:
            if message.stop_reason == "max_tokens":
                return result(StopReason.MAX_TOKENS, f"the reply hit max_tokens ({config.max_tokens})")
            return result(StopReason.END_TURN, "the model ended its turn without calling finish")

        results: list[dict[str, Any]] = []
        stop: tuple[StopReason, str, FinishInput | None] | None = None
        for call in calls:
            if stop is not None:
                # Every tool_use must be answered, even when the run is already stopping.
                results.append(
                    {
                        "type": "tool_result",
                        "tool_use_id": call.id,
                        "content": "not run: stopping",
                        "is_error": True,
                    }
                )
                continue
            if reason := meter.exhausted_before_tool_call():
                stop = (StopReason.BUDGET, reason, None)
                results.append({"type": "tool_result", "tool_use_id": call.id, "content": reason, "is_error": True})
                continue
            meter.tool_calls += 1
            args_key = f"{canonical_args(call.input)}@{workspace_version}"
            if reason := detector.see_call(call.name, args_key):
                stop = (StopReason.LOOP, reason, None)
            with tracer.start_as_current_span(f"execute_tool {call.name}") as span:
                started = time.monotonic()
                outcome = await toolbox.execute(call.name, call.input)
                span.set_attributes(
                    {
                        "gen_ai.operation.name": "execute_tool",
                        "gen_ai.tool.name": call.name,
                        "gen_ai.tool.call.id": call.id,
                        "remediate.tool.is_error": outcome.is_error,
                        "remediate.tool.truncated": outcome.truncated,
                        "remediate.tool.redactions": outcome.redactions,
                        "remediate.tool.duration_s": round(time.monotonic() - started, 4),
                    }
                )
                if outcome.exit_code is not None:
                    span.set_attribute("remediate.exit_code", outcome.exit_code)
                if outcome.is_error:
                    span.set_status(SpanStatus(StatusCode.ERROR, "tool error"))
            say(f"  {call.name}: {'error' if outcome.is_error else 'ok'}")
            if not outcome.is_error and call.name in (ToolName.EDIT_FILE, ToolName.WRITE_FILE):
                workspace_version += 1
            invalid = outcome.is_error and (
                outcome.content.startswith("unknown tool") or outcome.content.startswith("invalid input")
            )
            if outcome.is_error:
                events.append(GuardEvent(kind="tool_error", detail=f"{call.name}: {outcome.content[:300]}"))
            if stop is None and (reason := detector.see_result(outcome.is_error, outcome.content, invalid)):
                stop = (StopReason.LOOP, reason, None)
            block: dict[str, Any] = {
                "type": "tool_result",
                "tool_use_id": call.id,
                "content": outcome.content,
            }
            if outcome.is_error:
                block["is_error"] = True
            results.append(block)
            if outcome.finish is not None and stop is None:
                stop = (StopReason.FINISHED, "the model called finish", outcome.finish)
        convo.messages.append({"role": "user", "content": results})
        if stop is not None:
            return result(*stop)
