"""remediate: fix failing CI jobs with narrow, budgeted LLM agents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Remediate"]

if TYPE_CHECKING:
    from remediate.main import Remediate


def __getattr__(name: str) -> Any:
    # Lazy: the CLI and core must import without loading the Dagger SDK's module machinery.
    if name == "Remediate":
        from remediate.main import Remediate

        return Remediate
    raise AttributeError(name)
