"""Specialists by name, read from specialists.toml: each is a declarative definition (a table
validated as a `Specialist`); the loop is shared."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any

from remediate.agents.specialist import PrefixStep, Specialist
from remediate.tools import DEFAULT_PROTECTED

_DATA = "specialists.toml"


def load_specialists(text: str) -> dict[str, Specialist]:
    """The specialists a TOML document declares, in its order. A table is a `Specialist` but for
    three keys: its name is the table's, `tools` may name one of [tool_sets], and
    `protected_also` extends the default protected paths. Raises ValueError (a pydantic
    ValidationError for a bad field) on a malformed table."""
    data = tomllib.loads(text)
    tool_sets: dict[str, list[str]] = data.get("tool_sets", {})
    out: dict[str, Specialist] = {}
    for name, table in data.get("specialists", {}).items():
        fields: dict[str, Any] = {"name": name, **table}
        if isinstance(fields.get("tools"), str):
            if fields["tools"] not in tool_sets:
                raise ValueError(f"specialist {name!r}: no tool set {fields['tools']!r} in [tool_sets]")
            fields["tools"] = tool_sets[fields["tools"]]
        if "protected_also" in fields:
            fields["protected"] = (*fields.get("protected", DEFAULT_PROTECTED), *fields.pop("protected_also"))
        out[name] = Specialist.model_validate(fields)
    return out


SPECIALISTS: dict[str, Specialist] = load_specialists(files(__name__).joinpath(_DATA).read_text(encoding="utf-8"))

__all__ = ["SPECIALISTS", "PrefixStep", "Specialist", "load_specialists"]
