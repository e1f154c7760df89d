"""The report's last wall: redaction field by field, and the hash that ties the patch in the
report (and in fix.patch, and the one applied or published) to the patch that was verified.

Redacting the serialized JSON instead would let a rule match across the `\\n` escapes of one
string (merging patch lines) or across keys (a secret equal to `exit_code` renames a field and
the report no longer validates).
"""

from __future__ import annotations

import enum
import hashlib
from typing import Any, TypeVar

from pydantic import BaseModel

from remediate.facts.redact import Redactor
from remediate.models import ExitCode, FixReport, Status

M = TypeVar("M", bound=BaseModel)


def patch_digest(patch: str) -> str:
    """sha256 of the patch's UTF-8 bytes: what fix.patch holds and what `git apply` reads."""
    return hashlib.sha256(patch.encode("utf-8")).hexdigest()


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


def redact_report(report: FixReport, redactor: Redactor) -> FixReport:
    """Every field redacted; the patch kept byte for byte (it was redacted before verification,
    and redaction is idempotent). Should the last pass still change it, the shipped patch would
    not be the verified one: the run is then not fixed (fail closed)."""
    clean = redact_model(report, redactor, keep=frozenset({"patch"}))
    patch = redactor.redact(report.patch)
    update: dict[str, Any] = {"patch_sha256": patch_digest(patch) if patch else None}
    if patch != report.patch:
        update["patch"] = patch
        if report.status == Status.FIXED:
            message = "not verified: the last redaction pass changed the patch, so it is not the verified patch"
            update |= {"status": Status.NOT_FIXED, "message": message, "exit_code": int(ExitCode.NOT_FIXED)}
    return clean.model_copy(update=update)
