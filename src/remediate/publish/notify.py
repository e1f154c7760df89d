"""Optional Slack incoming-webhook message: the PR link and the one-line root cause, redacted.

Off unless `.remediate.toml` has `[notify.slack] enabled = true` and a webhook URL is given
(`REMEDIATE_SLACK_WEBHOOK`). The webhook URL is a secret: it is redacted wherever it could show.
A failed notification never fails the publish; it is reported as `notified: false`.
"""

from __future__ import annotations

import logging

import httpx

from remediate.facts.redact import Redactor

log = logging.getLogger(__name__)


async def post_slack(
    webhook: str, text: str, redactor: Redactor, transport: httpx.AsyncBaseTransport | None = None
) -> bool:
    if not webhook.startswith("https://"):
        log.warning("slack notification skipped: the webhook must be an https URL")
        return False
    try:
        async with httpx.AsyncClient(transport=transport, timeout=15.0, trust_env=transport is None) as client:
            resp = await client.post(webhook, json={"text": redactor.redact(text)})
    except httpx.HTTPError as exc:
        log.warning("slack notification failed: %s", type(exc).__name__)
        return False
    if resp.status_code >= 400:
        log.warning("slack notification failed: HTTP %s", resp.status_code)
        return False
    return True
