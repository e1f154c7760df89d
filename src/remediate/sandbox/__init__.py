"""Sandboxes: where checks and edits happen. Nothing here knows about models."""

from remediate.sandbox.base import (
    PathRejected,
    Sandbox,
    SandboxError,
    SandboxUnavailable,
    normalize_relpath,
)
from remediate.sandbox.local import LocalSandbox, open_local_sandbox

__all__ = [
    "LocalSandbox",
    "PathRejected",
    "Sandbox",
    "SandboxError",
    "SandboxUnavailable",
    "normalize_relpath",
    "open_local_sandbox",
]
