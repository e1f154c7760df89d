"""Redaction field by field: every string of a model (nested too) redacted on its own, so no rule matches across two
fields or across the escapes of a serialized string. The one walk the facts' last wall (extract._walled) and the
report's (reports.redact_report) share."""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from pydantic import BaseModel

from remediate.facts.redact import Redactor

M = TypeVar("M", bound=BaseModel)


def redact_value(value: Any, redactor: Redactor) -> Any:
    """Every string inside `value` redacted on its own; enums, numbers and dates untouched."""
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, BaseModel):
        return redact_model(value, redactor)
    if isinstance(value, list | tuple):
        return type(value)(redact_value(v, redactor) for v in value)
    if isinstance(value, dict):
        return {redact_value(k, redactor): redact_value(v, redactor) for k, v in value.items()}
    return value


def redact_model(model: M, redactor: Redactor, *, keep: frozenset[str] = frozenset()) -> M:
    """A copy of `model` with every string field (nested too) redacted, except the fields in `keep`."""
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name in keep:
            continue
        old = getattr(model, name)
        new = redact_value(old, redactor)
        if new is not old:
            update[name] = new
    return model.model_copy(update=update)
