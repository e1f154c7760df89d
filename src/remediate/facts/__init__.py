"""Failure facts: typed, redacted, budgeted excerpts from any CI log.

    facts = extract_facts(Path("job.log"), source=Path("."), budget_tokens=2000, secrets=[...])

No model runs here. The log is streamed in bounded memory (scan.py), the lines around what looks
like failure evidence are read back, cleaned and redacted (view.py), the CI's structure and each
tool's errors are parsed (ci/, parsers/), and a failure excerpt that keeps original line numbers
is cut to the token budget (excerpt/).

The names below load on first use: a scan worker (`python -m remediate.facts.scan`, one per
part of a large log) imports this package first and needs none of the parsers behind them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediate.facts.excerpt import estimate_tokens
    from remediate.facts.extract import extract_facts, parse_budget
    from remediate.facts.reader import FactsInputError
    from remediate.facts.redact import PLACEHOLDER, Redactor

__all__ = ["PLACEHOLDER", "FactsInputError", "Redactor", "estimate_tokens", "extract_facts", "parse_budget"]

_HOMES = {
    "estimate_tokens": "excerpt",
    "extract_facts": "extract",
    "parse_budget": "extract",
    "FactsInputError": "reader",
    "PLACEHOLDER": "redact",
    "Redactor": "redact",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
