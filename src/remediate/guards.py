"""Walls that stop a run: budgets, loop detection and the context budget.

Each check answers "stop, and why" (a typed stop) or None. Nothing here talks to a model
or a sandbox; the loop and the pipeline ask before every model call and every tool call.
The circuit breaker lives in `breaker.py`, the attempt store and idempotency in `state.py`.
"""

from __future__ import annotations

import enum
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from remediate.models import Budget, GuardKind, Usage


class BudgetDimension(enum.StrEnum):
    TOOL_CALLS = "tool_calls"
    MODEL_CALLS = "model_calls"
    INPUT_TOKENS = "input_tokens"
    OUTPUT_TOKENS = "output_tokens"
    USD = "usd"
    SECONDS = "seconds"
    CONTEXT = "context"


@dataclass(frozen=True)
class BudgetStop:
    """Which budget ran out: the scope ("run" or "specialist") and the dimension."""

    scope: str
    dimension: BudgetDimension
    detail: str

    @property
    def kind(self) -> GuardKind:
        """The guard event kind, e.g. `budget_tool_calls`."""
        return GuardKind(f"budget_{self.dimension.value}")

    def __str__(self) -> str:
        return f"{self.scope} {self.detail}"


@dataclass
class BudgetMeter:
    """Counts spend against a budget, and against its parent's (the run's) at the same time.

    Checked before every model call and every tool call; a spend is recorded in every meter
    up the chain, so a run budget spans triage and specialist calls alike.
    """

    budget: Budget
    scope: str = "specialist"
    parent: BudgetMeter | None = None
    usage: Usage = field(default_factory=Usage)
    tool_calls: int = 0
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining_seconds(self) -> float:
        """Seconds left before the tightest wall-time budget in the chain runs out."""
        left = self.budget.seconds - self.elapsed()
        return left if self.parent is None else min(left, self.parent.remaining_seconds())

    def record_model_call(self, usage: Usage) -> None:
        self.usage.add(usage)
        if self.parent is not None:
            self.parent.record_model_call(usage)

    def record_tool_call(self) -> None:
        self.tool_calls += 1
        if self.parent is not None:
            self.parent.record_tool_call()

    def exhausted_before_model_call(self) -> BudgetStop | None:
        b, u = self.budget, self.usage
        stop: BudgetStop | None = None
        if u.model_calls >= b.model_calls:
            stop = self._stop(BudgetDimension.MODEL_CALLS, f"model calls: {u.model_calls} of {b.model_calls} used")
        elif u.input_tokens + u.cache_read_tokens + u.cache_write_tokens >= b.input_tokens:
            stop = self._stop(BudgetDimension.INPUT_TOKENS, f"input tokens: {b.input_tokens} spent")
        elif u.output_tokens >= b.output_tokens:
            stop = self._stop(BudgetDimension.OUTPUT_TOKENS, f"output tokens: {b.output_tokens} spent")
        elif u.usd >= b.usd:
            stop = self._stop(BudgetDimension.USD, f"dollars: ${u.usd:.4f} of ${b.usd:.2f} spent")
        else:
            stop = self._time()
        if stop is None and self.parent is not None:
            return self.parent.exhausted_before_model_call()
        return stop

    def exhausted_before_tool_call(self) -> BudgetStop | None:
        stop: BudgetStop | None = None
        if self.tool_calls >= self.budget.tool_calls:
            detail = f"tool calls: {self.tool_calls} of {self.budget.tool_calls} used"
            stop = self._stop(BudgetDimension.TOOL_CALLS, detail)
        else:
            stop = self._time()
        if stop is None and self.parent is not None:
            return self.parent.exhausted_before_tool_call()
        return stop

    def exhausted_time(self) -> BudgetStop | None:
        """Only the wall clock (between stages that spend no model or tool call)."""
        stop = self._time()
        if stop is None and self.parent is not None:
            return self.parent.exhausted_time()
        return stop

    def _time(self) -> BudgetStop | None:
        if self.elapsed() >= self.budget.seconds:
            detail = f"wall time: {self.elapsed():.0f}s of {self.budget.seconds:.0f}s"
            return self._stop(BudgetDimension.SECONDS, detail)
        return None

    def _stop(self, dimension: BudgetDimension, detail: str) -> BudgetStop:
        return BudgetStop(self.scope, dimension, detail)


# ---------------------------------------------------------------- loops


class LoopLimits(BaseModel):
    """Thresholds of loop detection (configurable per run)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    same_call: int = Field(default=3, ge=2, description="the same tool + arguments on the same workspace")
    same_error: int = Field(default=3, ge=2, description="the same tool error text")
    invalid_streak: int = Field(default=5, ge=1, description="unknown tools / invalid arguments in a row")


class LoopKind(enum.StrEnum):
    SAME_CALL = "same_call"
    SAME_ERROR = "same_error"
    INVALID_STREAK = "invalid_streak"


@dataclass(frozen=True)
class LoopStop:
    kind: LoopKind
    detail: str

    @property
    def event_kind(self) -> GuardKind:
        return GuardKind(f"loop_{self.kind.value}")

    def __str__(self) -> str:
        return self.detail


# What changes between otherwise identical errors: durations and memory addresses.
_VOLATILE = re.compile(r"0x[0-9a-fA-F]{4,}|\b\d+(?:\.\d+)?\s?(?:ms|s)\b")


def error_key(content: str) -> str:
    """What makes two tool errors "the same": their text with volatile numbers masked."""
    return _VOLATILE.sub("#", content[:500])


@dataclass
class LoopDetector:
    """The same call N times, the same error N times, or N invalid calls in a row end the run.

    A call is keyed by its arguments *and* the state of the workspace (see the loop), so
    `run_check` after a real edit is progress, while ping-pong between two states is not.
    """

    same_call_limit: int = 3
    same_error_limit: int = 3
    invalid_streak_limit: int = 5
    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    invalid_streak: int = 0
    invalid_total: int = 0

    @classmethod
    def of(cls, limits: LoopLimits) -> LoopDetector:
        return cls(limits.same_call, limits.same_error, limits.invalid_streak)

    def see_call(self, name: str, args: str) -> LoopStop | None:
        key = (name, args)
        self.calls[key] += 1
        if self.calls[key] >= self.same_call_limit:
            return LoopStop(LoopKind.SAME_CALL, f"{name} called {self.calls[key]} times with the same arguments")
        return None

    def see_result(self, is_error: bool, content: str, invalid: bool) -> LoopStop | None:
        self.invalid_streak = self.invalid_streak + 1 if invalid else 0
        self.invalid_total += invalid
        if self.invalid_streak >= self.invalid_streak_limit:
            return LoopStop(LoopKind.INVALID_STREAK, f"{self.invalid_streak} invalid tool calls in a row")
        if not is_error:
            return None
        key = error_key(content)
        self.errors[key] += 1
        if self.errors[key] >= self.same_error_limit:
            return LoopStop(LoopKind.SAME_ERROR, f"the same tool error {self.errors[key]} times: {content[:120]}")
        return None


# ---------------------------------------------------------------- context


@dataclass
class ContextMeter:
    """Estimates a request's input tokens from its size, calibrated on the API's own counts.

    Before any answer it assumes 3 characters per token (conservative for JSON and code);
    after each answer it uses the ratio the last request actually had.
    """

    window_tokens: int
    fraction: float = 0.6
    chars_per_token: float = 3.0

    @property
    def budget_tokens(self) -> int:
        return int(self.window_tokens * self.fraction)

    def budget_chars(self) -> int:
        return int(self.budget_tokens * self.chars_per_token)

    def window_chars(self) -> int:
        return int(self.window_tokens * self.chars_per_token)

    def estimate(self, chars: int) -> int:
        return int(chars / self.chars_per_token)

    def calibrate(self, request_chars: int, input_tokens: int) -> None:
        if input_tokens > 0 and request_chars > 0:
            # Never assume more than 4 characters per token: an optimistic ratio overflows.
            self.chars_per_token = min(4.0, max(1.0, request_chars / input_tokens))
