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
import anyio
from opentelemetry.trace import Status as SpanStatus
from opentelemetry.trace import StatusCode

from remediate.client import API_ERRORS, ApiFault, fault_of
from remediate.guards import BudgetDimension, BudgetMeter, BudgetStop, ContextMeter, LoopDetector, LoopLimits, LoopStop
from remediate.models import Budget, GuardEvent, Usage
from remediate.pricing import price_of, usage_of
from remediate.tools import FinishInput, Toolbox, canonical_args
from remediate.trace import TOOL_ARGUMENTS, TOOL_RESULT, cap, get_tracer

CACHE = {"type": "ephemeral"}
ELIDED = "[elided to fit the context budget: {n} characters of an older tool result; call the tool again if needed]"
ELIDED_INPUT = "[elided to fit the context budget: {n} characters]"
# Inputs of older tool calls (a whole file sent to write_file) above this size may be elided too.
_LARGE_INPUT_CHARS = 2000


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
    context_window: int | None = None  # None: the model's window from the price table
    limits: LoopLimits = field(default_factory=LoopLimits)


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
    budget_stop: BudgetStop | None = None
    loop_stop: LoopStop | None = None
    api_fault: ApiFault | None = None
    invalid_calls: int = 0


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
        """Replace the oldest tool results (then the oldest large tool inputs) with a marker,
        oldest first, until the request fits. Never touches the system prompt, the facts and
        task (first message), the newest turn's results or the call they answer."""
        size = self.request_chars(tools)
        elided = 0
        for block in self._elidable():
            if size <= budget_chars:
                break
            if block.get("type") == "tool_result":
                text = block["content"]
                block["content"] = ELIDED.format(n=len(text))
                size -= len(json.dumps(text)) - len(json.dumps(block["content"]))
            else:
                before = len(json.dumps(block["input"]))
                block["input"] = {"elided": ELIDED_INPUT.format(n=before)}
                size -= before - len(json.dumps(block["input"]))
            elided += 1
        return elided

    def _elidable(self) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        inputs: list[dict[str, Any]] = []
        for message in self.messages[1:-2]:
            content = message["content"]
            if not isinstance(content, list):
                continue
            for block in content:
                kind = block.get("type")
                if kind == "tool_result" and isinstance(block.get("content"), str):
                    if not block["content"].startswith("[elided"):
                        results.append(block)
                elif kind == "tool_use" and len(json.dumps(block.get("input"))) > _LARGE_INPUT_CHARS:
                    inputs.append(block)
        return results + inputs


def _assistant_content(message: anthropic.types.Message) -> list[dict[str, Any]]:
    # Send back exactly what the model produced (thinking blocks included), minus SDK-only fields;
    # except a tool input that is not a JSON object (malformed arguments), which the API would
    # refuse to take back: it becomes {} and the call is answered with an is_error result.
    blocks = [block.model_dump(mode="json", exclude_none=True) for block in message.content]
    for block in blocks:
        if block.get("type") == "tool_use" and not isinstance(block.get("input"), dict):
            block["input"] = {}
    return blocks


async def run_loop(
    client: anthropic.AsyncAnthropic,
    *,
    system_prompt: str,
    facts_text: str,
    task_text: str,
    toolbox: Toolbox,
    config: LoopConfig,
    on_event: Callable[[str], None] | None = None,
    run_meter: BudgetMeter | None = None,
) -> LoopResult:
    """The bounded loop. `run_meter` is the run-wide budget this specialist also spends."""
    tracer = get_tracer("remediate.loop")
    meter = BudgetMeter(config.budget, scope="specialist", parent=run_meter)
    detector = LoopDetector.of(config.limits)
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
    context = ContextMeter(config.context_window or price.context_window, config.context_fraction)
    final_text = ""

    def result(
        stop: StopReason,
        detail: str,
        finish: FinishInput | None = None,
        *,
        budget: BudgetStop | None = None,
        loop: LoopStop | None = None,
        fault: ApiFault | None = None,
    ) -> LoopResult:
        if budget is not None:
            events.append(GuardEvent(kind=budget.kind, detail=str(budget)))
            detail = str(budget)
        if loop is not None:
            events.append(GuardEvent(kind=loop.event_kind, detail=loop.detail))
        if fault is not None:
            events.append(GuardEvent(kind="api_error", detail=f"{fault.value}: {detail[:300]}"))
        return LoopResult(
            stop,
            detail,
            finish,
            meter.usage,
            meter.tool_calls,
            events,
            final_text,
            convo.messages,
            budget_stop=budget,
            loop_stop=loop,
            api_fault=fault,
            invalid_calls=detector.invalid_total,
        )

    def say(text: str) -> None:
        if on_event is not None:
            on_event(text)

    while True:
        if spent := meter.exhausted_before_model_call():
            return result(StopReason.BUDGET, str(spent), budget=spent)
        size = convo.request_chars(tools)
        if size > context.budget_chars():
            n = convo.elide_old_results(context.budget_chars(), tools)
            size = convo.request_chars(tools)
            events.append(
                GuardEvent(
                    kind="context_elided",
                    detail=f"{n} old tool results/inputs elided; ~{context.estimate(size)} of "
                    f"{context.budget_tokens} tokens",
                )
            )
            if size > context.window_chars():
                over = BudgetStop(
                    "specialist",
                    BudgetDimension.CONTEXT,
                    f"context: ~{context.estimate(size)} tokens after elision, over the "
                    f"{context.window_tokens}-token window",
                )
                return result(StopReason.BUDGET, str(over), budget=over)
        convo.place_cache_breakpoints()
        message: anthropic.types.Message | None = None
        with anyio.move_on_after(max(meter.remaining_seconds(), 0.0)):
            try:
                message = await client.messages.create(
                    model=config.model,
                    max_tokens=config.max_tokens,
                    system=cast(Any, convo.system),
                    tools=cast(Any, tools),
                    messages=cast(Any, convo.messages),
                )
            except API_ERRORS as exc:
                fault, detail = fault_of(exc)
                return result(StopReason.API_ERROR, detail, fault=fault)
        if message is None:  # the wall-time budget ran out while waiting for the model
            late = meter.exhausted_time() or BudgetStop(
                meter.scope, BudgetDimension.SECONDS, "wall time: ran out during a model call"
            )
            return result(StopReason.BUDGET, str(late), budget=late)
        usage = usage_of(message, config.model)
        meter.record_model_call(usage)
        context.calibrate(size, usage.input_tokens + usage.cache_read_tokens + usage.cache_write_tokens)
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
        budget_stop: BudgetStop | None = None
        loop_stop: LoopStop | None = None
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
            if spent := meter.exhausted_before_tool_call():
                stop, budget_stop = (StopReason.BUDGET, str(spent), None), spent
                results.append({"type": "tool_result", "tool_use_id": call.id, "content": str(spent), "is_error": True})
                continue
            meter.record_tool_call()
            # The same call on the same workspace content: ping-pong between two states repeats.
            args_key = f"{canonical_args(call.input)}@{toolbox.state.fingerprint()}"
            if seen := detector.see_call(call.name, args_key):
                stop, loop_stop = (StopReason.LOOP, seen.detail, None), seen
            with tracer.start_as_current_span(f"execute_tool {call.name}") as span:
                started = time.monotonic()
                toolbox.deadline = started + max(meter.remaining_seconds(), 0.0)
                outcome = await toolbox.execute(call.name, call.input)
                span.set_attributes(
                    {
                        "gen_ai.operation.name": "execute_tool",
                        "gen_ai.tool.name": call.name,
                        "gen_ai.tool.call.id": call.id,
                        "gen_ai.tool.type": "function",
                        # Content: kept in the local run record, dropped from OTLP export (trace.py).
                        TOOL_ARGUMENTS: cap(json.dumps(call.input, ensure_ascii=False, default=str)),
                        TOOL_RESULT: cap(outcome.content),
                        "remediate.tool.is_error": outcome.is_error,
                        "remediate.tool.invalid": outcome.invalid,
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
            if outcome.is_error:
                kind = "invalid_tool_call" if outcome.invalid else "tool_error"
                events.append(GuardEvent(kind=kind, detail=f"{call.name}: {outcome.content[:300]}"))
            if stop is None and (seen := detector.see_result(outcome.is_error, outcome.content, outcome.invalid)):
                stop, loop_stop = (StopReason.LOOP, seen.detail, None), seen
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
            return result(*stop, budget=budget_stop, loop=loop_stop)
