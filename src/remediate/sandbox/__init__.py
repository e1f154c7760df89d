"""Sandboxes: where checks and edits happen. Nothing here knows about models."""

from remediate.sandbox.base import (
    PathRejected,
    Sandbox,
    SandboxError,
    SandboxUnavailable,
    normalize_relpath,
)

__all__ = ["PathRejected", "Sandbox", "SandboxError", "SandboxUnavailable", "normalize_relpath"]
