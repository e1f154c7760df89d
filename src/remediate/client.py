"""The one model client: the real AsyncAnthropic, talking to the API or to a cassette."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import anthropic
import httpx2
from opentelemetry.sdk.trace import TracerProvider

from remediate.facts.redact import Redactor
from remediate.replay import Cassette, CassettePlayer, CassetteRecorder

# The key sent when a cassette answers: not a secret, and never reaches a server.
OFFLINE_KEY = "offline-cassette-replay"


class ModelAccessError(Exception):
    """Neither a key nor a cassette: the run cannot talk to a model."""


@dataclass
class ModelAccess:
    api_key: str | None = None
    cassette: Path | None = None
    record: bool = False
    max_retries: int = 2
    timeout_s: float = 120.0

    def describe(self) -> str:
        if self.cassette and not self.record:
            return f"replay {self.cassette}"
        if self.record:
            return f"live, recording to {self.cassette}"
        return "live"


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
        player = CassettePlayer(Cassette.load(access.cassette))
        return ClientHandle(make(OFFLINE_KEY, player.transport()), player=player)
    if not access.api_key:
        raise ModelAccessError("no model access: set ANTHROPIC_API_KEY, or pass --cassette to replay a recorded run")
    return ClientHandle(make(access.api_key, None))
