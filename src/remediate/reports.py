"""The report's last wall: redaction field by field, and the hash that ties the patch in the
report (and in fix.patch, and the one applied or published) to the patch that was verified.

Redacting the serialized JSON instead would let a rule match across the `\\n` escapes of one
string (merging patch lines) or across keys (a secret equal to `exit_code` renames a field and
the report no longer validates).
"""

from __future__ import annotations

import hashlib
from typing import Any

from remediate.facts.redact import Redactor
from remediate.facts.redactfields import redact_model
from remediate.models import ExitCode, FixReport, Status


def patch_digest(patch: str) -> str:
    """sha256 of the patch's UTF-8 bytes: what fix.patch holds and what `git apply` reads."""
    return hashlib.sha256(patch.encode("utf-8")).hexdigest()


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
