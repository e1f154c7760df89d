"""Publish a verified fix as a scoped branch and pull request, idempotently (see core.py).

The names below load on first use: `remediate --help` imports remediate.publish.cli, and this
package must not pull pydantic models or the forge clients (githubkit...) in with it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediate.publish.config import (
        AppCredentials,
        AutoMerge,
        ConfigError,
        ProjectConfig,
        PublishConfig,
        PublishResult,
        PublishStatus,
    )
    from remediate.publish.core import publish_fix

_WHERE = {
    "AppCredentials": "config",
    "AutoMerge": "config",
    "ConfigError": "config",
    "ProjectConfig": "config",
    "PublishConfig": "config",
    "PublishResult": "config",
    "PublishStatus": "config",
    "publish_fix": "core",
}

__all__ = [
    "AppCredentials",
    "AutoMerge",
    "ConfigError",
    "ProjectConfig",
    "PublishConfig",
    "PublishResult",
    "PublishStatus",
    "publish_fix",
]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"remediate.publish.{module}"), name)
