"""Walls that stop a run: budgets and loop detection. Each answers "stop, and why" or None."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from remediate.models import Budget, Usage


@dataclass
class BudgetMeter:
    """Counts spend against a budget. Checked before every model call and every tool call."""

    budget: Budget
    usage: Usage = field(default_factory=Usage)
    tool_calls: int = 0
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def exhausted_before_model_call(self) -> str | None:
        b, u = self.budget, self.usage
        if u.model_calls >= b.model_calls:
            return f"model calls: {u.model_calls} of {b.model_calls} used"
        if u.input_tokens + u.cache_read_tokens + u.cache_write_tokens >= b.input_tokens:
            return f"input tokens: {b.input_tokens} spent"
        if u.output_tokens >= b.output_tokens:
            return f"output tokens: {b.output_tokens} spent"
        if u.usd >= b.usd:
            return f"dollars: ${u.usd:.4f} of ${b.usd:.2f} spent"
        return self._time()

    def exhausted_before_tool_call(self) -> str | None:
        if self.tool_calls >= self.budget.tool_calls:
            return f"tool calls: {self.tool_calls} of {self.budget.tool_calls} used"
        return self._time()

    def _time(self) -> str | None:
        if self.elapsed() >= self.budget.seconds:
            return f"wall time: {self.elapsed():.0f}s of {self.budget.seconds:.0f}s"
        return None


@dataclass
class LoopDetector:
    """The same call N times, the same error N times, or N invalid calls in a row end the run."""

    same_call_limit: int = 3
    same_error_limit: int = 3
    invalid_streak_limit: int = 5
    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    invalid_streak: int = 0

    def see_call(self, name: str, args: str) -> str | None:
        key = (name, args)
        self.calls[key] += 1
        if self.calls[key] >= self.same_call_limit:
            return f"{name} called {self.calls[key]} times with the same arguments"
        return None

    def see_result(self, is_error: bool, content: str, invalid: bool) -> str | None:
        self.invalid_streak = self.invalid_streak + 1 if invalid else 0
        if self.invalid_streak >= self.invalid_streak_limit:
            return f"{self.invalid_streak} invalid tool calls in a row"
        if not is_error:
            return None
        key = content[:500]
        self.errors[key] += 1
        if self.errors[key] >= self.same_error_limit:
            return f"the same tool error {self.errors[key]} times: {key[:120]}"
        return None
