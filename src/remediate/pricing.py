"""Dollar cost of model usage. Prices in USD per million tokens, from Anthropic's pricing page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the CLI reads the defaults below at start (`--help` stays fast)
    import anthropic

    from remediate.models import Usage


@dataclass(frozen=True)
class Price:
    input: float
    output: float
    cache_write: float  # 5-minute cache writes
    cache_read: float
    context_window: int = 200_000


# Checked against platform.claude.com/docs/en/about-claude/pricing (2026-11). Keep in sync there.
PRICES: dict[str, Price] = {
    "claude-fable-5-2": Price(input=10, output=50, cache_write=12.5, cache_read=0.25, context_window=1_000_000),
    "claude-fable-5-1": Price(input=10, output=50, cache_write=12.5, cache_read=0.25, context_window=1_000_000),
    "claude-opus-5-5": Price(input=4, output=20, cache_write=5, cache_read=0.20, context_window=1_000_000),
    "claude-opus-5": Price(input=5, output=25, cache_write=6.25, cache_read=0.50, context_window=1_000_000),
    "claude-sonnet-5-5": Price(input=2, output=10, cache_write=2.5, cache_read=0.10, context_window=1_000_000),
    "claude-sonnet-5": Price(input=2, output=10, cache_write=2.5, cache_read=0.20, context_window=1_000_000),
    "claude-haiku-5-5": Price(input=0.10, output=0.50, cache_write=0.125, cache_read=0.01, context_window=1_000_000),
    "claude-opus-4-8": Price(input=5, output=25, cache_write=6.25, cache_read=0.50),
    "claude-opus-4-7": Price(input=5, output=25, cache_write=6.25, cache_read=0.50),
    "claude-opus-4-6": Price(input=5, output=25, cache_write=6.25, cache_read=0.50),
    "claude-opus-4-5": Price(input=5, output=25, cache_write=6.25, cache_read=0.50),
    "claude-sonnet-4-6": Price(input=3, output=15, cache_write=3.75, cache_read=0.30),
    "claude-sonnet-4-5": Price(input=3, output=15, cache_write=3.75, cache_read=0.30),
    "claude-haiku-4-5": Price(input=1, output=5, cache_write=1.25, cache_read=0.10),
}

DEFAULT_MODEL = "claude-sonnet-5-5"
DEFAULT_TRIAGE_MODEL = "claude-haiku-5-5"

# An unknown model is billed at the most expensive known price: budgets must fail closed.
_FALLBACK = max(PRICES.values(), key=lambda p: p.output)


def price_of(model: str) -> tuple[Price, bool]:
    """The price for `model` (dated ids like claude-haiku-4-5-20251001 map to their family) and whether it is known."""
    if model in PRICES:
        return PRICES[model], True
    for name, price in PRICES.items():
        if model.startswith(name + "-"):
            return price, True
    return _FALLBACK, False


def cost_usd(model: str, usage: Usage) -> float:
    price, _ = price_of(model)
    return (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_write_tokens * price.cache_write
        + usage.cache_read_tokens * price.cache_read
    ) / 1_000_000


def usage_of(message: anthropic.types.Message, model: str) -> Usage:
    """One model call's usage, priced."""
    from remediate.models import Usage

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
