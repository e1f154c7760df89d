"""The run's one model client, opened on first use and shared by triage and the specialists (so one cassette
holds both), and closed once the model is no longer asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio

from remediate.client import ModelAccessError, open_client
from remediate.pipeline.context import Run

if TYPE_CHECKING:
    import anthropic


async def model_client(run: Run) -> anthropic.AsyncAnthropic:
    """The run's one model client (triage and specialist share it, and so share one cassette)."""
    backend = run.backend
    if run.client is None:
        provider = run.deps.tracer.provider if run.deps.tracer else None
        run.client = open_client(backend.access, backend.redactor, provider)
        run.client_opened = run.client
    return run.client.client


async def triage_client(run: Run) -> anthropic.AsyncAnthropic:
    if spent := run.meter.exhausted_before_model_call():
        raise ModelAccessError(f"the run budget is spent ({spent})")
    return await model_client(run)


async def close_client(run: Run) -> None:
    if run.client is not None:
        handle, run.client = run.client, None
        with anyio.CancelScope(shield=True):  # also when a signal cancelled the run
            await handle.aclose(run.model or run.spec.triage_model)
