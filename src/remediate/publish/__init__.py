"""Publish a verified fix as a scoped branch and pull request, idempotently (see core.py)."""

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
