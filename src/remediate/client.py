"""The one model client: the real AsyncAnthropic, talking to the API or to a cassette.

The SDK is imported when a client is opened (or an SDK error is read), not when a run starts:
a run that ends before any model call (a different failure, a deterministic fix, bad input)
never pays for importing it (seconds on a loaded machine)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from remediate.errors import BadInput
from remediate.facts.redact import Redactor

if TYPE_CHECKING:
    import anthropic
    import httpx2
    from opentelemetry.sdk.trace import TracerProvider

    from remediate.replay import CassettePlayer, CassetteRecorder

# The key sent when a cassette answers: not a secret, and never reaches a server.
OFFLINE_KEY = "offline-cassette-replay"


class ModelAccessError(BadInput):
    """Neither a key nor a cassette: the run cannot talk to a model."""


class ApiFault(enum.StrEnum):
    """Why the model API could not answer (after the SDK's own retries)."""

    RATE_LIMITED = "rate_limited"  # 429
    OVERLOADED = "overloaded"  # 529
    SERVER_ERROR = "server_error"  # other 5xx
    REJECTED = "rejected"  # other 4xx: the request itself was refused
    TIMEOUT = "timeout"
    CONNECTION = "connection"  # refused, reset, dropped


def api_errors() -> tuple[type[anthropic.APIStatusError], type[anthropic.APIConnectionError]]:
    """What the SDK raises when the API cannot answer (after its retries): every caller catches these."""
    import anthropic

    return anthropic.APIStatusError, anthropic.APIConnectionError


def fault_of(exc: anthropic.APIError) -> tuple[ApiFault, str]:
    """The one reading of an SDK failure: its kind and a one-line description."""
    import anthropic

    if isinstance(exc, anthropic.APITimeoutError):
        return ApiFault.TIMEOUT, "model API timed out (after the client's retries)"
    if isinstance(exc, anthropic.APIConnectionError):
        return ApiFault.CONNECTION, f"model API unreachable (after the client's retries): {exc.message}"
    assert isinstance(exc, anthropic.APIStatusError)
    code = exc.status_code
    if code == 429:
        fault = ApiFault.RATE_LIMITED
    elif code == 529:
        fault = ApiFault.OVERLOADED
    elif code >= 500:
        fault = ApiFault.SERVER_ERROR
    else:
        fault = ApiFault.REJECTED
    return fault, f"model API answered {code} ({fault.value}): {exc.message}"


@dataclass
class ModelAccess:
    api_key: str | None = None
    cassette: Path | None = None
    record: bool = False
    max_retries: int = 2
    timeout_s: float = 120.0


@dataclass
class ClientHandle:
    client: anthropic.AsyncAnthropic
    player: CassettePlayer | None = None
    recorder: CassetteRecorder | None = None

    async def aclose(self, model: str | None) -> None:
        if self.recorder is not None:
            self.recorder.save(model)
        await self.client.close()


def open_client(access: ModelAccess, redactor: Redactor, provider: TracerProvider | None) -> ClientHandle:
    import anthropic

    from remediate.replay import Cassette, CassettePlayer, CassetteRecorder

    otel: anthropic.OpenTelemetryClientOption = None if provider is None else {"tracer_provider": provider}

    def make(api_key: str, transport: httpx2.AsyncBaseTransport | None) -> anthropic.AsyncAnthropic:
        http = None if transport is None else anthropic.DefaultAsyncHttpxClient(transport=transport)
        return anthropic.AsyncAnthropic(
            api_key=api_key,
            http_client=http,
            max_retries=access.max_retries,
            timeout=access.timeout_s,
            open_telemetry=otel,
        )

    if access.record:
        if not access.api_key or access.cassette is None:
            raise ModelAccessError("--record needs ANTHROPIC_API_KEY and a cassette path to write")
        recorder = CassetteRecorder(access.cassette, redactor=redactor)
        return ClientHandle(make(access.api_key, recorder.transport()), recorder=recorder)
    if access.cassette is not None:
        try:
            cassette = Cassette.load(access.cassette)
        except (OSError, ValueError) as exc:
            raise ModelAccessError(str(exc)) from exc
        player = CassettePlayer(cassette)
        return ClientHandle(make(OFFLINE_KEY, player.transport()), player=player)
    if not access.api_key:
        raise ModelAccessError("no model access: set ANTHROPIC_API_KEY, or pass --cassette to replay a recorded run")
    return ClientHandle(make(access.api_key, None))
