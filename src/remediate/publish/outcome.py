"""The end of an attempt: CI (or a person) says how its published fix went.

`remediate outcome --branch remediate/<slug>-<key8> --result success|failure|closed|merged|cancelled`
is what the CI example's second workflow calls on `workflow_run` of the fix branch and on
`pull_request: closed`. It moves the attempt's row out of `pr_open` once (state.py) and sends one
notification: "already fixed" with the PR link and the time to recovery when CI passes, "did not
fix it" when it fails or the PR is closed unmerged. A merge alone ends nothing: the run on the
base after the merge reports success or failure like any other.
"""

from __future__ import annotations

import httpx
from pydantic import BaseModel, ConfigDict

from remediate.facts.redact import Redactor
from remediate.publish.message import slack_outcome
from remediate.publish.notify import post_slack
from remediate.state import CANCELLED, FAILED, SUCCEEDED, StateStore
from remediate.status import CIResult as CIResult  # re-exported: defined with the statuses

_OUTCOME = {
    CIResult.SUCCESS: SUCCEEDED,
    CIResult.FAILURE: FAILED,
    CIResult.CLOSED: FAILED,
    CIResult.CANCELLED: CANCELLED,
}


class OutcomeResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    branch: str
    recorded: bool  # this call moved the attempt
    status: str | None = None  # the attempt's status after the call; None: no attempt published there
    run_id: str | None = None
    pr_url: str | None = None
    recovery_s: float | None = None
    notified: bool = False
    message: str


def not_a_fix_branch(branch: str) -> str | None:
    """Why `branch` cannot carry a published fix (checked before the store is opened), or None."""
    if branch.startswith("remediate/"):
        return None
    return f"{branch!r} is not a remediate branch; nothing to record"


async def record_outcome(
    store: StateStore,
    branch: str,
    result: CIResult,
    *,
    webhook: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> OutcomeResult:
    if result == CIResult.MERGED:
        return OutcomeResult(branch=branch, recorded=False, message="merged: the next run on the base decides")
    change = await store.record_outcome(branch, _OUTCOME[result], f"CI reported {result.value}")
    if change is None:
        return OutcomeResult(branch=branch, recorded=False, message=f"no published attempt on {branch}")
    pub = change.publication
    base = {"branch": branch, "status": change.status, "run_id": pub.run_id, "pr_url": pub.pr_url}
    if not change.changed:
        return OutcomeResult(**base, recorded=False, message=f"already {change.status}: nothing to record")
    notified = False
    if webhook:
        redactor = Redactor([webhook])
        claim = await store.claim_effect(f"outcome:{pub.run_id}", "notify", pub.run_id)
        if claim.acted:
            text = slack_outcome(pub.pr_url, branch, change.status, change.recovery_s, redactor)
            notified = await post_slack(webhook, text, redactor, transport)
    took = f" after {change.recovery_s:.0f}s" if change.recovery_s is not None else ""
    return OutcomeResult(
        **base,
        recorded=True,
        recovery_s=change.recovery_s,
        notified=notified,
        message=f"attempt {pub.run_id} {change.status}{took}",
    )
