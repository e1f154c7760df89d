"""GitLab merge requests (placeholder until the python-gitlab forge lands)."""

from __future__ import annotations

import httpx

from remediate.facts.redact import Redactor
from remediate.publish.config import PublishConfig
from remediate.publish.forge import Forge, ForgeError


async def gitlab_forge(
    cfg: PublishConfig, token: str, redactor: Redactor, transport: httpx.AsyncBaseTransport | None
) -> Forge:
    raise ForgeError(0, "publishing to GitLab is not implemented yet")
