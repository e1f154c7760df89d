"""The bounded tool loop over the Anthropic Messages API.

One model client (the real SDK), one toolbox, one budget. The loop owns the conversation;
the tools own enforcement; the guards decide when to stop. Every stop has a reason.
"""

from __future__ import annotations

import enum
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import anyio
from opentelemetry.trace import Status as SpanStatus
from opentelemetry.trace import StatusCode

from remediate.client import ApiFault, api_errors, fault_of
from remediate.guards import BudgetDimension, BudgetMeter, BudgetStop, ContextMeter, LoopDetector, LoopLimits, LoopStop
from remediate.models import Budget, GuardEvent, GuardKind, Usage
from remediate.pricing import price_of, usage_of
from remediate.progress import Event, ModelCalled, OnEvent, ToolCalled, target_of
from remediate.tools import FinishInput, Toolbox, ToolOutcome, canonical_args
from remediate.trace import TOOL_ARGUMENTS, TOOL_RESULT, cap, get_tracer

if TYPE_CHECKING:  # the SDK loads when a client is opened (client.py)
    import anthropic

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


@dataclass
class _Stop:
    """How a loop ends: one value, whatever ended it."""

    reason: StopReason
    detail: str
    finish: FinishInput | None = None
    budget: BudgetStop | None = None
    loop: LoopStop | None = None
    fault: ApiFault | None = None

    @classmethod
    def of_budget(cls, spent: BudgetStop) -> _Stop:
        return cls(StopReason.BUDGET, str(spent), budget=spent)

    @classmethod
    def of_loop(cls, seen: LoopStop) -> _Stop:
        return cls(StopReason.LOOP, seen.detail, loop=seen)


async def run_loop(
    client: anthropic.AsyncAnthropic,
    *,
    system_prompt: str,
    facts_text: str,
    task_text: str,
    toolbox: Toolbox,
    config: LoopConfig,
    on_event: OnEvent | None = None,
    run_meter: BudgetMeter | None = None,
) -> LoopResult:
    """The bounded loop. `run_meter` is the run-wide budget this specialist also spends."""
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
    loop = _Loop(client, toolbox, config, convo, BudgetMeter(config.budget, scope="specialist", parent=run_meter))
    loop.on_event = on_event
    return await loop.run()


class _Loop:
    """One specialist's conversation: request, answer the calls, until one `_Stop`."""

    def __init__(
        self,
        client: anthropic.AsyncAnthropic,
        toolbox: Toolbox,
        config: LoopConfig,
        convo: _Conversation,
        meter: BudgetMeter,
    ) -> None:
        self.client, self.toolbox, self.config, self.convo, self.meter = client, toolbox, config, convo, meter
        self.detector = LoopDetector.of(config.limits)
        self.events: list[GuardEvent] = []
        self.tools = toolbox.definitions()
        self.final_text = ""
        self.size = 0  # characters of the next request, measured before it is sent
        self.on_event: OnEvent | None = None
        self.tracer = get_tracer("remediate.loop")
        price, known = price_of(config.model)
        if not known:
            self.events.append(
                GuardEvent(kind=GuardKind.UNKNOWN_MODEL_PRICE, detail=f"{config.model}: billed at the highest price")
            )
        self.context = ContextMeter(config.context_window or price.context_window, config.context_fraction)

    def say(self, event: Event) -> None:
        if self.on_event is not None:
            self.on_event(event)

    async def run(self) -> LoopResult:
        while True:
            stop = self._before_request()
            if stop is None:
                answered = await self._request()
                if isinstance(answered, _Stop):
                    stop = answered
                else:
                    stop = self._read(answered) or await self._answer_calls(answered)
            if stop is not None:
                return self._result(stop)

    def _before_request(self) -> _Stop | None:
        """The budget, then the context: elide old results to fit, stop when even that cannot."""
        if spent := self.meter.exhausted_before_model_call():
            return _Stop.of_budget(spent)
        convo, context = self.convo, self.context
        size = convo.request_chars(self.tools)
        if size > context.budget_chars():
            n = convo.elide_old_results(context.budget_chars(), self.tools)
            size = convo.request_chars(self.tools)
            self.events.append(
                GuardEvent(
                    kind=GuardKind.CONTEXT_ELIDED,
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
                return _Stop.of_budget(over)
        self.size = size
        return None

    async def _request(self) -> anthropic.types.Message | _Stop:
        """One model call, bounded by the wall-time budget; the SDK's failures end the loop."""
        self.convo.place_cache_breakpoints()
        message: anthropic.types.Message | None = None
        with anyio.move_on_after(max(self.meter.remaining_seconds(), 0.0)):
            try:
                message = await self.client.messages.create(
                    model=self.config.model,
                    max_tokens=self.config.max_tokens,
                    system=cast(Any, self.convo.system),
                    tools=cast(Any, self.tools),
                    messages=cast(Any, self.convo.messages),
                )
            except api_errors() as exc:
                fault, detail = fault_of(exc)
                return _Stop(StopReason.API_ERROR, detail, fault=fault)
        if message is None:  # the wall-time budget ran out while waiting for the model
            late = self.meter.exhausted_time() or BudgetStop(
                self.meter.scope, BudgetDimension.SECONDS, "wall time: ran out during a model call"
            )
            return _Stop.of_budget(late)
        return message

    def _read(self, message: anthropic.types.Message) -> _Stop | None:
        """Account for the reply and keep it; a reply without calls ends the loop."""
        usage = usage_of(message, self.config.model)
        self.meter.record_model_call(usage)
        self.context.calibrate(self.size, usage.input_tokens + usage.cache_read_tokens + usage.cache_write_tokens)
        self.convo.messages.append({"role": "assistant", "content": _assistant_content(message)})
        texts = [block.text for block in message.content if block.type == "text"]
        if texts:
            self.final_text = "\n".join(texts)
        calls = [block for block in message.content if block.type == "tool_use"]
        spent = (self.meter.parent or self.meter).usage.usd  # the run's, when the loop runs under one
        self.say(ModelCalled(self.meter.usage.model_calls, str(message.stop_reason), len(calls), spent))
        if message.stop_reason == "refusal":
            return _Stop(StopReason.REFUSAL, "the model refused")
        if not calls:
            if message.stop_reason == "max_tokens":
                return _Stop(StopReason.MAX_TOKENS, f"the reply hit max_tokens ({self.config.max_tokens})")
            return _Stop(StopReason.END_TURN, "the model ended its turn without calling finish")
        return None

    async def _answer_calls(self, message: anthropic.types.Message) -> _Stop | None:
        """Answer every tool_use of the reply (even once stopping: the API needs each answered)."""
        results: list[dict[str, Any]] = []
        stop: _Stop | None = None
        for call in (block for block in message.content if block.type == "tool_use"):
            if stop is not None:
                results.append(_tool_result(call.id, "not run: stopping", is_error=True))
                continue
            if spent := self.meter.exhausted_before_tool_call():
                stop = _Stop.of_budget(spent)
                results.append(_tool_result(call.id, str(spent), is_error=True))
                continue
            block, stop = await self._answer(call)
            results.append(block)
        self.convo.messages.append({"role": "user", "content": results})
        return stop

    async def _answer(self, call: anthropic.types.ToolUseBlock) -> tuple[dict[str, Any], _Stop | None]:
        self.meter.record_tool_call()
        stop: _Stop | None = None
        # The same call on the same workspace content: ping-pong between two states repeats.
        args_key = f"{canonical_args(call.input)}@{self.toolbox.state.fingerprint()}"
        if seen := self.detector.see_call(call.name, args_key):
            stop = _Stop.of_loop(seen)
        outcome = await self._execute(call)
        self.say(ToolCalled(call.name, target_of(call.input), ok=not outcome.is_error))
        if outcome.is_error:
            kind = GuardKind.INVALID_TOOL_CALL if outcome.invalid else GuardKind.TOOL_ERROR
            self.events.append(GuardEvent(kind=kind, detail=f"{call.name}: {outcome.content[:300]}"))
        if stop is None and (seen := self.detector.see_result(outcome.is_error, outcome.content, outcome.invalid)):
            stop = _Stop.of_loop(seen)
        if outcome.finish is not None and stop is None:
            stop = _Stop(StopReason.FINISHED, "the model called finish", outcome.finish)
        return _tool_result(call.id, outcome.content, is_error=outcome.is_error), stop

    async def _execute(self, call: anthropic.types.ToolUseBlock) -> ToolOutcome:
        with self.tracer.start_as_current_span(f"execute_tool {call.name}") as span:
            started = time.monotonic()
            self.toolbox.deadline = started + max(self.meter.remaining_seconds(), 0.0)
            outcome = await self.toolbox.execute(call.name, call.input)
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
        return outcome

    def _result(self, stop: _Stop) -> LoopResult:
        detail = stop.detail
        if stop.budget is not None:
            self.events.append(GuardEvent(kind=stop.budget.kind, detail=str(stop.budget)))
            detail = str(stop.budget)
        if stop.loop is not None:
            self.events.append(GuardEvent(kind=stop.loop.event_kind, detail=stop.loop.detail))
        if stop.fault is not None:
            self.events.append(GuardEvent(kind=GuardKind.API_ERROR, detail=f"{stop.fault.value}: {detail[:300]}"))
        return LoopResult(
            stop.reason,
            detail,
            stop.finish,
            self.meter.usage,
            self.meter.tool_calls,
            self.events,
            self.final_text,
            budget_stop=stop.budget,
            loop_stop=stop.loop,
            api_fault=stop.fault,
            invalid_calls=self.detector.invalid_total,
        )


def _tool_result(call_id: str, content: str, *, is_error: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "tool_result", "tool_use_id": call_id, "content": content}
    if is_error:
        block["is_error"] = True
    return block
