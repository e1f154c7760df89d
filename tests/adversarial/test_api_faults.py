"""Model API faults at the transport: the SDK's own retries are honoured (retry-after
included), then the run ends with a typed fault, never an exception or a hang."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import anthropic
import httpx2
import pytest

from remediate.client import ApiFault
from remediate.loop import LoopConfig, LoopResult, StopReason, run_loop
from remediate.sandbox.local import open_local_sandbox
from remediate.tools import CheckCommand, Toolbox, ToolName
from tests.adversarial.harness import MODEL
from tests.conftest import needs_bwrap
from tests.helpers import TOOL_PATHS, make_project, message, tool_use

pytestmark = needs_bwrap
RETRIES = 2

Handler = Callable[[httpx2.Request], httpx2.Response]


def error(status: int, kind: str, headers: dict[str, str] | None = None) -> httpx2.Response:
    return httpx2.Response(status, json={"type": "error", "error": {"type": kind, "message": kind}}, headers=headers)


class Faulty:
    """Answers each request with the next fault; afterwards with a `finish` tool call."""

    def __init__(self, *faults: Callable[[], httpx2.Response]) -> None:
        self.faults = list(faults)
        self.times: list[float] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.times.append(time.monotonic())
        if self.faults:
            return self.faults.pop(0)()
        finish = tool_use(1, "finish", {"root_cause": "r", "summary": "s", "fixed": False})
        body = message(1, [finish])
        body["usage"] = {"input_tokens": 10, "output_tokens": 5}
        return httpx2.Response(200, json=body)


async def run(tmp_path: Path, handler: Faulty) -> LoopResult:
    client = anthropic.AsyncAnthropic(
        api_key="offline",
        http_client=anthropic.DefaultAsyncHttpxClient(transport=httpx2.MockTransport(handler)),
        max_retries=RETRIES,
        timeout=5.0,
    )
    project = make_project(tmp_path / "p", {"a.py": "x = 1\n"})
    async with open_local_sandbox(project, tool_paths=TOOL_PATHS) as sb:
        box = Toolbox(sandbox=sb, check=CheckCommand(argv=["true"]), names=tuple(ToolName))
        return await run_loop(
            client, system_prompt="s", facts_text="f", task_text="t", toolbox=box, config=LoopConfig(model=MODEL)
        )


def fast(status: int, kind: str) -> Callable[[], httpx2.Response]:
    return lambda: error(status, kind, {"retry-after-ms": "20"})


def raising(exc: type[Exception]) -> Callable[[], httpx2.Response]:
    def fail() -> httpx2.Response:
        raise exc("injected fault")

    return fail


async def test_429_retry_after_is_honoured_then_the_run_goes_on(tmp_path: Path) -> None:
    handler = Faulty(lambda: error(429, "rate_limit_error", {"retry-after": "1"}))
    result = await run(tmp_path, handler)
    assert result.stop == StopReason.FINISHED and len(handler.times) == 2
    assert handler.times[1] - handler.times[0] >= 0.9, "the SDK waited as retry-after said"


@pytest.mark.parametrize(
    ("fault", "kind", "words"),
    [
        (fast(429, "rate_limit_error"), ApiFault.RATE_LIMITED, "429"),
        (fast(529, "overloaded_error"), ApiFault.OVERLOADED, "529"),
        (fast(500, "api_error"), ApiFault.SERVER_ERROR, "500"),
        (raising(httpx2.RemoteProtocolError), ApiFault.CONNECTION, "unreachable"),
        (raising(httpx2.ConnectError), ApiFault.CONNECTION, "unreachable"),
        (raising(httpx2.ReadTimeout), ApiFault.TIMEOUT, "timed out"),
    ],
    ids=["429", "529", "500", "dropped", "refused", "timeout"],
)
async def test_persistent_faults_end_with_a_typed_status_after_the_retries(
    tmp_path: Path, fault: Callable[[], httpx2.Response], kind: ApiFault, words: str
) -> None:
    handler = Faulty(*[fault] * (RETRIES + 5))
    started = time.monotonic()
    result = await run(tmp_path, handler)
    assert result.stop == StopReason.API_ERROR and result.api_fault == kind
    assert words in result.detail
    assert len(handler.times) == RETRIES + 1, "every retry the SDK is configured for, and no more"
    assert [e.kind for e in result.events] == ["api_error"]
    assert time.monotonic() - started < 15


async def test_a_non_retryable_rejection_is_not_retried(tmp_path: Path) -> None:
    handler = Faulty(*[lambda: error(400, "invalid_request_error")] * 3)
    result = await run(tmp_path, handler)
    assert result.api_fault == ApiFault.REJECTED and len(handler.times) == 1
